// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Text pieces both views print (see format.h). */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "common/names.h"
#include "core/selfcost.h"
#include "report/format.h"

#define HIST_BAR_WIDTH 40

void format__hist(FILE *f, const char *title, const struct log2_hist *h)
{
	uint64_t peak = 0;
	int first = -1, last = -1;

	for (int k = 0; k < STATS_HIST_SLOTS; k++) {
		if (!h->slot[k])
			continue;
		if (first < 0)
			first = k;
		last = k;
		if (h->slot[k] > peak)
			peak = h->slot[k];
	}
	fprintf(f, "\n%s\n", title);
	if (first < 0) {
		fprintf(f, "  (none)\n");
		return;
	}
	fprintf(f, "  %22s : %-10s %s\n", "low -> high", "count", "distribution");
	for (int k = first; k <= last; k++) {
		int bar = (int)(h->slot[k] * HIST_BAR_WIDTH / peak);
		char range[48];

		snprintf(range, sizeof(range), "%" PRIu64 " -> %" PRIu64, log2_hist__low(k),
			 log2_hist__high(k));
		fprintf(f, "  %22s : %-10" PRIu64 " |%-*.*s|\n", range, h->slot[k], HIST_BAR_WIDTH,
			bar, "****************************************");
	}
}

void format__consumer(FILE *f, double cpu_s, double wall_s)
{
	if (wall_s > 0)
		fprintf(f, "  consumer thread CPU: %.3f s (%.1f%% of one core over the run)\n", cpu_s,
			100.0 * cpu_s / wall_s);
	else
		fprintf(f, "  consumer thread CPU: %.3f s\n", cpu_s);
}

/* what a reason means, for the common ones; NULL for the others */
static const char *reason_words(const char *name)
{
	static const struct {
		const char *name, *words;
	} words[] = {
		{ "SOCKET_RCVBUFF", "receive buffer full" },
		{ "NO_SOCKET", "no socket on the port" },
		{ "PROTO_MEM", "UDP memory limit (udp_mem) reached" },
		{ "SOCKET_FILTER", "a socket filter refused it" },
		{ "UDP_CSUM", "bad UDP checksum" },
		{ "PKT_TOO_SMALL", "shorter than its header" },
		{ "NETFILTER_DROP", "netfilter dropped it" },
		{ "QDISC_DROP", "the device queue dropped it" },
		{ "SOCKET_CLOSE", "its socket was closed" },
		{ "NOT_SPECIFIED", "no reason given by the kernel" },
		{ "XFRM_POLICY", "an IPsec policy dropped it" },
		{ "IP_NOPROTO", "no handler for its protocol" },
		{ "SOCKET_BACKLOG", "socket backlog full" },
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(words[i].name, name))
			return words[i].words;
	return NULL;
}

void format__drop_reasons(char *buf, size_t len, const struct drop_counts *c)
{
	bool shown[MMSG_DROP_REASONS] = { false };
	size_t used = 0;

	buf[0] = '\0';
	for (;;) {
		unsigned best = MMSG_DROP_REASONS;
		const char *name, *words;
		int n;

		for (unsigned r = 0; r < MMSG_DROP_REASONS; r++)
			if (c->by_reason[r] && !shown[r] &&
			    (best == MMSG_DROP_REASONS || c->by_reason[r] > c->by_reason[best]))
				best = r;
		if (best == MMSG_DROP_REASONS)
			return;
		shown[best] = true;
		name = c->reason_names[best];
		words = reason_words(name);
		n = snprintf(buf + used, len - used, "%s%s%s%s%s %" PRIu64, used ? ", " : "",
			     words ? words : name, words ? " (" : "", words ? name : "",
			     words ? ")" : "", c->by_reason[best]);
		if (n < 0 || (size_t)n >= len - used) {
			buf[used] = '\0';	/* the last reason that fitted whole */
			return;
		}
		used += (size_t)n;
	}
}

void format__drops(FILE *f, const char *lead, const struct drop_counts *d, const char *whose)
{
	char reasons[1024];

	if (!d->total) {
		fprintf(f, "%snone\n", lead);
		return;
	}
	format__drop_reasons(reasons, sizeof(reasons), d);
	fprintf(f, "%s%" PRIu64 ": %" PRIu64 " addressed to %s sockets, %" PRIu64 " sent by %s; %s\n",
		lead, d->total, d->to_its_sockets, whose, d->from_its_sockets,
		!strcmp(whose, "its") ? "it" : "them", reasons);
}

void format__drops_unattributed(FILE *f, const struct drop_counts *d)
{
	if (d->counted && d->unattributed)
		fprintf(f, "                 not attributed: %" PRIu64 " drops on the machine (the drop "
			   "table was full, or a packet had no headers): some may be these\n",
			d->unattributed);
}

static void format__hook_cost(FILE *f, const struct self_cost *c);

void format__self_cost(FILE *f, const struct self_cost *c, double run_s)
{
	if (!c)
		return;
	if (!c->measured) {
		fprintf(f, "  tracing cost: not measured (no traced call in the %u window%s of BPF "
			   "statistics)\n", c->windows, c->windows == 1 ? "" : "s");
		return;
	}
	fprintf(f, "  tracing cost: %.0f ns per traced call in BPF (enter %.0f, exit %.0f), %.1f%% "
		   "of the traced calls' time", c->bpf_ns_per_traced_call, c->enter_ns, c->exit_ns,
		100.0 * c->share_of_call_time);
	if (!isnan(c->ns_per_other_syscall))
		fprintf(f, "; about %.0f other syscalls passed the filter, %.0f ns each",
			c->other_syscalls_per_s * run_s, c->ns_per_other_syscall);
	else if (c->other_syscalls)
		fprintf(f, "; %llu runs for calls of other tasks counted in",
			(unsigned long long)c->other_syscalls);
	fputc('\n', f);
	if (c->stats_already_on)
		fprintf(f, "                measured: the kernel's BPF statistics, which another "
			   "holder had on, over %.3f s\n", c->seconds_measured);
	else if (run_s > 0 && c->seconds_measured < run_s)
		fprintf(f, "                measured: the kernel's BPF statistics, on in %u window%s "
			   "(%.3f s, %.1f%% of the run; their own clock reads are not counted)\n",
			c->windows, c->windows == 1 ? "" : "s", c->seconds_measured,
			100.0 * c->seconds_measured / run_s);
	else	/* a run shorter than the first window */
		fprintf(f, "                measured: the kernel's BPF statistics, on for the whole "
			   "run (%.3f s; their own clock reads are not counted)\n", c->seconds_measured);
	format__hook_cost(f, c);
}

/* the per-message programs' line: "per message: sock_send_length 12 ns a
 * message sent (N runs); drop counter 80 ns a packet dropped (N runs)" */
static void format__hook_cost(FILE *f, const struct self_cost *c)
{
	if (!c->send_hook_on && !c->drop_counter_on)
		return;
	fputs("                per message:", f);
	if (c->send_hook_on) {
		if (c->send_hook_runs)
			fprintf(f, " sock_send_length %.0f ns a message sent (%" PRIu64 " runs)",
				c->send_hook_ns_per_run, c->send_hook_runs);
		else
			fputs(" sock_send_length: no message sent in the windows", f);
	}
	if (c->send_hook_on && c->drop_counter_on)
		fputc(';', f);
	if (c->drop_counter_on) {
		if (c->drop_counter_runs)
			fprintf(f, " drop counter %.0f ns a packet dropped (%" PRIu64 " runs)",
				c->drop_counter_ns_per_run, c->drop_counter_runs);
		else
			fputs(" drop counter: no packet dropped in the windows", f);
	}
	fputc('\n', f);
}

/* "ECONNREFUSED 5, EMSGSIZE 2" */
static void print_errno_list(FILE *f, const uint64_t *errnos)
{
	bool first = true;

	for (int e = 0; errnos && e < MMSG_ERRNO_SLOTS; e++) {
		const char *name = names__errno(e);

		if (!errnos[e])
			continue;
		fputs(first ? "" : ", ", f);
		first = false;
		if (name)
			fprintf(f, "%s %" PRIu64, name, errnos[e]);
		else
			fprintf(f, "E%d%s %" PRIu64, e, e == MMSG_ERRNO_SLOTS - 1 ? "+" : "", errnos[e]);
	}
}

void format__hidden(FILE *f, const char *lead, const char *cont, const struct hidden_errors *h,
		    uint64_t partial)
{
	if (!h->counted) {
		if (partial)
			fprintf(f, "%snot counted: a sendmmsg that meets a failing message returns the "
				   "ones sent before it\n%sand drops the error; --hidden-errors counts "
				   "those errors\n", lead, cont);
		return;
	}
	if (!h->messages) {
		fprintf(f, "%s0\n", lead);
		return;
	}
	fprintf(f, "%s%" PRIu64 " message%s failed inside batches: ", lead, h->messages,
		h->messages == 1 ? "" : "s");
	print_errno_list(f, h->errnos);
	fprintf(f, "\n%ssendmmsg did not report %s: it returned the messages sent before the one "
		   "that\n%sfailed and dropped the error (sendmmsg(2), ERRORS)\n", cont,
		h->messages == 1 ? "it" : "them", cont);
}

void format__us(char *buf, size_t len, bool valid, uint64_t ns)
{
	if (valid)
		snprintf(buf, len, "%.1f", ns / 1000.0);
	else
		snprintf(buf, len, "-");
}

void format__decimal(FILE *f, double x, int decimals)
{
	char buf[400];
	bool in_point = false;

	/* %f output is a sign, digits and one decimal point, which a locale may
	 * spell otherwise */
	snprintf(buf, sizeof(buf), "%.*f", decimals, x);
	for (const char *c = buf; *c; c++) {
		if ((*c >= '0' && *c <= '9') || *c == '-') {
			putc(*c, f);
			in_point = false;
		} else if (!in_point) {
			putc('.', f);
			in_point = true;
		}
	}
}
