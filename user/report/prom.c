// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The Prometheus text exposition (see prom.h). */
#include <inttypes.h>
#include <string.h>

#include "common/names.h"
#include "common/text.h"
#include "report/prom.h"

#define NS_PER_S UINT64_C(1000000000)

void prom__seconds(FILE *f, uint64_t ns)
{
	char frac[16];
	int len;

	fprintf(f, "%" PRIu64, ns / NS_PER_S);
	if (!(ns % NS_PER_S))
		return;
	/* integers only: exact, and no locale's decimal comma */
	len = snprintf(frac, sizeof(frac), "%09" PRIu64, ns % NS_PER_S);
	while (len > 0 && frac[len - 1] == '0')
		frac[--len] = '\0';
	fprintf(f, ".%s", frac);
}

void prom__label_value(FILE *f, const char *s, size_t len)
{
	char buf[TEXT_ESC_LEN(MMSG_COMM_LEN)];

	/* longer values (none here) are cut at a character boundary */
	text__escape(s, len, buf, sizeof(buf));
	putc('"', f);
	for (const char *c = buf; *c; c++) {
		if (*c == '\\' || *c == '"')
			putc('\\', f);
		if (*c == '\n')
			fputs("\\n", f);
		else
			putc(*c, f);
	}
	putc('"', f);
}

static void family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* {syscall="...",comm="..." and what follows (",le=..." or nothing) */
static void series_labels(FILE *f, const struct prom_series *s)
{
	fprintf(f, "{syscall=\"%s\",comm=", names__syscall(s->syscall));
	if (s->other)
		fputs("\"" PROM_OTHER_COMMS "\"", f);
	else
		prom__label_value(f, s->comm, MMSG_COMM_LEN);
}

static void counter(FILE *f, const struct prom_snapshot *snap, const char *name,
		    const char *help, size_t offset)
{
	family(f, name, "counter", help);
	for (size_t i = 0; i < snap->nseries; i++) {
		const struct prom_series *s = &snap->series[i];

		fputs(name, f);
		series_labels(f, s);
		fprintf(f, "} %" PRIu64 "\n", *(const uint64_t *)((const char *)s + offset));
	}
}

/* the errno label as the JSON summary spells its keys */
static void errno_label(FILE *f, int err)
{
	const char *name = names__errno(err);

	if (name)
		fputs(name, f);
	else if (err == MMSG_ERRNO_SLOTS - 1)
		fprintf(f, "E%d+", err);	/* larger values fold in here */
	else
		fprintf(f, "E%d", err);
}

static void errors(FILE *f, const struct prom_snapshot *snap)
{
	family(f, "mmsgtrace_errors_total", "counter",
	       "Calls that returned an error, by syscall and errno (all watched tasks: the "
	       "kernel counts errnos per syscall).");
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const uint64_t *e = snap->errnos[sc];

		for (int err = 0; e && err < MMSG_ERRNO_SLOTS; err++) {
			if (!e[err])
				continue;
			fprintf(f, "mmsgtrace_errors_total{syscall=\"%s\",errno=\"", names__syscall(sc));
			errno_label(f, err);
			fprintf(f, "\"} %" PRIu64 "\n", e[err]);
		}
	}
}

static void histogram(FILE *f, const struct prom_snapshot *snap)
{
	const char *name = "mmsgtrace_call_latency_seconds";

	family(f, name, "histogram",
	       "Time inside each call, from the per-call records (all calls unless "
	       "mmsgtrace_lost_events_total > 0); buckets are powers of two in ns.");
	for (size_t i = 0; i < snap->nseries; i++) {
		const struct prom_series *s = &snap->series[i];
		uint64_t below = 0;

		for (unsigned k = 0; k <= PROM_LATENCY_TOP_SLOT; k++) {
			below += s->latency.slot[k];
			fprintf(f, "%s_bucket", name);
			series_labels(f, s);
			fputs(",le=\"", f);
			prom__seconds(f, log2_hist__high(k));
			fprintf(f, "\"} %" PRIu64 "\n", below);
		}
		fprintf(f, "%s_bucket", name);
		series_labels(f, s);
		fprintf(f, ",le=\"+Inf\"} %" PRIu64 "\n", log2_hist__total(&s->latency));
		fprintf(f, "%s_sum", name);
		series_labels(f, s);
		fputs("} ", f);
		prom__seconds(f, s->latency_sum_ns);
		fprintf(f, "\n%s_count", name);
		series_labels(f, s);
		fprintf(f, "} %" PRIu64 "\n", log2_hist__total(&s->latency));
	}
}

void prom__write(FILE *f, const struct prom_snapshot *snap)
{
	if (snap->comm_cap && snap->comm_labels_dropped)
		fprintf(f, "# more than %u process names: %" PRIu64 " of them are counted under "
			"comm=\"" PROM_OTHER_COMMS "\"\n", snap->comm_labels_max,
			snap->comm_labels_dropped);
	counter(f, snap, "mmsgtrace_calls_total", "Completed calls, by syscall and process name.",
		offsetof(struct prom_series, calls));
	counter(f, snap, "mmsgtrace_messages_total",
		"Messages sent (or received, recvmmsg): what the calls returned.",
		offsetof(struct prom_series, msgs));
	counter(f, snap, "mmsgtrace_bytes_total", "Bytes of those messages (the sum of msg_len, or what sendto and sendmsg returned).",
		offsetof(struct prom_series, bytes));
	counter(f, snap, "mmsgtrace_partial_calls_total",
		"Calls that sent fewer messages (sendto, sendmsg: bytes) than asked.",
		offsetof(struct prom_series, partial));
	counter(f, snap, "mmsgtrace_short_returns_total",
		"recvmmsg calls that returned fewer messages than vlen (normal for a receive).",
		offsetof(struct prom_series, shorts));
	errors(f, snap);
	if (snap->drops) {
		family(f, "mmsgtrace_dropped_datagrams_total", "counter",
		       "Datagrams the kernel dropped (skb:kfree_skb) that were addressed to the "
		       "traced sockets or sent by them, by the kernel's drop reason.");
		for (unsigned r = 0; r < MMSG_DROP_REASONS; r++)
			if (snap->drops->by_reason[r])
				fprintf(f, "mmsgtrace_dropped_datagrams_total{reason=\"%s\"} %" PRIu64 "\n",
					snap->drops->reason_names[r], snap->drops->by_reason[r]);
	}
	if (snap->traced) {
		family(f, "mmsgtrace_lost_events_total", "counter",
		       "Per-call records the ring buffer could not take (the histogram misses them, "
		       "the counters do not).");
		fprintf(f, "mmsgtrace_lost_events_total %" PRIu64 "\n", snap->lost_events);
		histogram(f, snap);
	}
	if (snap->comm_cap) {
		family(f, "mmsgtrace_comm_labels_dropped", "gauge",
		       "Process names counted under comm=\"" PROM_OTHER_COMMS "\": past the cap on "
		       "comm labels.");
		fprintf(f, "mmsgtrace_comm_labels_dropped %" PRIu64 "\n", snap->comm_labels_dropped);
	}
}
