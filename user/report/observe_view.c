// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Observe mode's text output (see procview.h). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/names.h"
#include "common/record.h"
#include "common/text.h"
#include "report/format.h"
#include "report/observe_view.h"

#define TABLE_HEADER_LINES 3	/* title, status, column names */
#define RECENT_EVENTS 3		/* fork/exit lines kept on the TTY screen */
#define ULL(x) ((unsigned long long)(x))

struct observe_view {
	struct observe_view_config cfg;
	char recent[RECENT_EVENTS][128];	/* newest first */
};

struct observe_view *observe_view__new(const struct observe_view_config *cfg)
{
	struct observe_view *v = calloc(1, sizeof(*v));

	if (v)
		v->cfg = *cfg;
	return v;
}

void observe_view__free(struct observe_view *v)
{
	free(v);
}

static const char *comm_of(const char *comm, char *buf)
{
	if (!comm[0])
		return "?";
	return text__escape(comm, MMSG_COMM_LEN, buf, TEXT_ESC_LEN(MMSG_COMM_LEN));
}

static void print_columns(FILE *f)
{
	fprintf(f, "%8s %-16s %-8s %10s %10s %8s %6s %9s %9s %9s %6s %6s\n", "PID", "COMM", "SYSCALL",
		"CALLS/s", "MSGS/s", "MSG/CALL", "FILL%", "MB/s", "P50_us", "P99_us", "ERR", "PART");
}

/* one row per syscall with calls in the interval; returns rows printed */
static int print_task_rows(FILE *f, const struct procstats_task *t, double seconds, bool per_thread,
			   int max_rows)
{
	char comm[TEXT_ESC_LEN(MMSG_COMM_LEN)], id[32], p50[16], p99[16];
	int rows = 0;

	if (per_thread)
		snprintf(id, sizeof(id), "%u/%u", t->pid, t->tid);
	else
		snprintf(id, sizeof(id), "%u", t->pid);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT && rows < max_rows; sc++) {
		const struct procstats_syscall *s = &t->sc[sc];
		const struct mmsg_task_totals *d = &s->delta;

		if (!d->calls)
			continue;
		format__us(p50, sizeof(p50), s->interval_pct.valid, s->interval_pct.p50);
		format__us(p99, sizeof(p99), s->interval_pct.valid, s->interval_pct.p99);
		fprintf(f, "%8s %-16s %-8s %10.0f %10.0f %8.2f %6.1f %9.3f %9s %9s %6llu %6llu\n",
			rows ? "" : id, rows ? "" : comm_of(t->comm, comm), names__syscall(sc),
			d->calls / seconds, d->msgs / seconds, (double)d->msgs / d->calls,
			d->slots ? 100.0 * d->msgs / d->slots : 0, d->bytes / seconds / 1e6, p50, p99,
			ULL(d->errors), ULL(d->partial));
		rows++;
	}
	return rows;
}

static bool task_active(const struct procstats_task *t)
{
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		if (t->sc[sc].delta.calls)
			return true;
	return false;
}

bool observe_view__interval(struct observe_view *v, double t, double seconds,
			struct procstats_task *const *tasks, size_t n, uint64_t lost)
{
	FILE *f = v->cfg.out;
	size_t active = 0, shown = 0;
	int budget = 1 << 30;

	for (size_t i = 0; i < n; i++)
		active += task_active(tasks[i]);
	if (v->cfg.tty) {
		/* redraw from the top left, like top */
		fputs("\033[H\033[J", f);
		if (v->cfg.rows > 0)
			budget = v->cfg.rows - TABLE_HEADER_LINES - RECENT_EVENTS - 2;
		if (budget < 1)
			budget = 1;
	} else {
		putc('\n', f);
	}
	fprintf(f, "mmsgtrace observe  %s  t=%.1fs\n", v->cfg.title, t);
	fprintf(f, "%zu %s active of %zu seen   lost events %llu%s%s\n", active,
		v->cfg.per_thread ? "threads" : "processes", n, ULL(lost),
		lost ? " (percentiles sampled)" : "", v->cfg.tty ? "   Ctrl-C: summary" : "");
	print_columns(f);
	for (size_t i = 0; i < n && budget > 0; i++) {
		int rows;

		if (!task_active(tasks[i]))
			continue;
		rows = print_task_rows(f, tasks[i], seconds, v->cfg.per_thread, budget);
		budget -= rows;
		shown++;
	}
	if (shown < active)
		fprintf(f, "  ... %zu more (the summary lists all)\n", active - shown);
	if (v->cfg.tty) {
		for (int i = 0; i < RECENT_EVENTS; i++)
			if (v->recent[i][0])
				fprintf(f, "%s\n", v->recent[i]);
	}
	return fflush(f) == 0 && !ferror(f);
}

void observe_view__task_event(struct observe_view *v, double t, const struct mmsg_task_record *rec)
{
	char comm[TEXT_ESC_LEN(MMSG_COMM_LEN)], line[sizeof(v->recent[0])];

	if (rec->event == MMSG_TASK_FORK)
		snprintf(line, sizeof(line), "%.3fs: %u (%s) forked %u: watching it too", t, rec->pid,
			 comm_of(rec->comm, comm), rec->child);
	else
		snprintf(line, sizeof(line), "%.3fs: %u (%s) exited", t, rec->pid,
			 comm_of(rec->comm, comm));
	if (!v->cfg.tty) {
		fprintf(v->cfg.out, "# %s\n", line);
		return;
	}
	memmove(v->recent[1], v->recent[0], sizeof(v->recent) - sizeof(v->recent[0]));
	snprintf(v->recent[0], sizeof(v->recent[0]), "%s", line);
}

static void print_errnos(FILE *f, const struct procstats_task *t)
{
	bool any = false;

	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct procstats_syscall *s = &t->sc[sc];

		for (unsigned i = 0; i < s->nerrnos; i++) {
			const char *name = names__errno(s->errnos[i].err);

			fprintf(f, "%s%s ", any ? ", " : "  errors by errno: ", names__syscall(sc));
			if (name)
				fprintf(f, "%s", name);
			else
				fprintf(f, "E%d", s->errnos[i].err);
			fprintf(f, " %llu", ULL(s->errnos[i].count));
			any = true;
		}
	}
	if (any)
		putc('\n', f);
}

/* messages ÷ slots of the process's send calls, in percent (fill) */
static double send_fill_pct(const struct procstats_task *t)
{
	uint64_t msgs = 0, slots = 0;

	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		if (record__is_recv(sc))
			continue;
		msgs += t->sc[sc].total.msgs;
		slots += t->sc[sc].total.slots;
	}
	return slots ? 100.0 * (double)msgs / (double)slots : 0;
}

/* the verdict, in words, with the figures it rests on */
static void print_verdict(FILE *f, const struct batching_process *p, const struct procstats_task *t,
			  const struct observe_summary *s)
{
	char wait[16];

	format__us(wait, sizeof(wait), p->added_wait_ns.valid, p->added_wait_ns.p99);
	fprintf(f, "  batching verdict (ESTIMATE): ");
	switch (p->verdict) {
	case BATCHING_NOTHING_TO_BATCH:
		if (!p->calls)
			fprintf(f, "nothing to batch: no successful send\n");
		else
			fprintf(f, "nothing to batch: no two sends on one socket without a receive "
				   "between them came within --burst-gap (%.1f us) of each other\n",
				s->burst_gap_ns / 1000.0);
		break;
	case BATCHING_ALREADY_BATCHED:
		fprintf(f, "already batched: %.1f messages per call, %.0f%% fill; %.0f%% of the "
			   "messages went in calls that carried more than one\n", p->msgs_per_call,
			send_fill_pct(t),
			p->msgs ? 100.0 * (double)p->multi_msgs / (double)p->msgs : 0);
		break;
	case BATCHING_LITTLE_TO_GAIN:
		fprintf(f, "little to gain: the %llu calls one sendmmsg per burst would save cost "
			   "%.1f%% of send time\n", ULL(p->calls_saved), p->saved_pct_of_send_time);
		break;
	case BATCHING_WORTH_IT:
		fprintf(f, "worth it: %.1f%% of send time in %.0f calls/s that batching would save, "
			   "at a cost of %s us p99 added wait for the first message of a batch\n",
			p->saved_pct_of_send_time, p->saved_calls_per_s, wait);
		break;
	case BATCHING_UNKNOWN:
		fprintf(f, "unknown: recvmmsg, recvfrom and recvmsg are not all watched (--syscalls), "
			   "so which sends answer a receive cannot be told\n");
		break;
	}
}

static void print_batching(FILE *f, const struct batching_process *p, const struct batching_fd *b,
			   size_t n, const struct procstats_task *t, const struct observe_summary *s)
{
	print_verdict(f, p, t, s);
	if (!n)
		return;
	fprintf(f, "  batching report (ESTIMATE): sends on one socket less than %.1f us apart, with "
		   "no receive on it between them, form a burst one sendmmsg could carry;\n"
		   "  each call saved is valued at %.0f ns, the cost of an empty sendmmsg measured "
		   "at start (a lower bound)\n", s->burst_gap_ns / 1000.0, p->per_call_ns);
	for (size_t i = 0; i < n; i++) {
		const struct batching_fd *e = &b[i];
		char p50[16], p99[16];

		fprintf(f, "    fd %d: %llu send calls (", e->fd, ULL(e->calls));
		for (unsigned sc = 0, first = 1; sc < MMSG_SYS_COUNT; sc++) {
			if (!e->calls_by_syscall[sc])
				continue;
			fprintf(f, "%s%s %llu", first ? "" : ", ", names__syscall(sc),
				ULL(e->calls_by_syscall[sc]));
			first = 0;
		}
		fprintf(f, "), %llu msgs, %.2f msgs/call; %llu receives\n", ULL(e->msgs),
			e->msgs_per_call, ULL(e->receives));
		fprintf(f, "      %llu bursts (%llu ended by a receive): %.1f msgs each on average "
			   "(p50 %llu, p99 %llu, max %llu)\n",
			ULL(e->bursts), ULL(e->bursts_cut_by_receive), e->burst_msgs_mean,
			ULL(e->burst_msgs.p50), ULL(e->burst_msgs.p99), ULL(e->burst_msgs.max));
		fprintf(f, "      one sendmmsg per burst: %llu calls instead of %llu, %llu saved "
			   "(%.0f/s), about %.1f us of CPU per second (%.1f%% of the time spent "
			   "sending)\n",
			ULL(e->calls_if_batched), ULL(e->calls), ULL(e->calls_avoided), e->avoided_per_s,
			e->saved_ns_per_s / 1000.0, e->saved_pct_of_send_time);
		if (e->joined_bursts) {
			format__us(p50, sizeof(p50), e->added_wait_ns.valid, e->added_wait_ns.p50);
			format__us(p99, sizeof(p99), e->added_wait_ns.valid, e->added_wait_ns.p99);
			fprintf(f, "      the price: the first message of each of the %llu batches "
				   "would wait p50 %s us, p99 %s us for the rest\n",
				ULL(e->joined_bursts), p50, p99);
		}
		if (e->recvmmsg_calls)
			fprintf(f, "      recvmmsg: %llu calls, %llu returned more than one message; "
				   "the most at once %u of vlen %u\n", ULL(e->recvmmsg_calls),
				ULL(e->recvmmsg_multi), e->recvmmsg_ret_max, e->recvmmsg_vlen_max);
	}
}

void observe_view__process(struct observe_view *v, const struct procstats_task *t, bool histograms,
			   const struct batching_process *process, const struct batching_fd *batching,
			   size_t nbatching, const struct observe_summary *s)
{
	FILE *f = v->cfg.out;
	char comm[TEXT_ESC_LEN(MMSG_COMM_LEN)];

	if (v->cfg.per_thread)
		fprintf(f, "\nthread %u/%u (%s)%s\n", t->pid, t->tid, comm_of(t->comm, comm),
			t->exited ? ", exited" : "");
	else
		fprintf(f, "\nprocess %u (%s)%s\n", t->pid, comm_of(t->comm, comm),
			t->exited ? ", exited" : "");
	fprintf(f, "  %-8s %10s %10s %12s %7s %7s %8s %6s %9s %9s\n", "syscall", "calls", "msgs",
		"bytes", "errors", "partial", "msg/call", "fill%", "p50_us", "p99_us");
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct procstats_syscall *ss = &t->sc[sc];
		const struct mmsg_task_totals *c = &ss->total;
		struct stats_percentiles p;
		char p50[16], p99[16];

		if (!c->calls)
			continue;
		latency_store__percentiles(&ss->run_latency, &p);
		format__us(p50, sizeof(p50), p.valid, p.p50);
		format__us(p99, sizeof(p99), p.valid, p.p99);
		fprintf(f, "  %-8s %10llu %10llu %12llu %7llu %7llu %8.2f %6.1f %9s %9s%s\n",
			names__syscall(sc), ULL(c->calls), ULL(c->msgs), ULL(c->bytes),
			ULL(c->errors), ULL(c->partial), (double)c->msgs / c->calls,
			c->slots ? 100.0 * c->msgs / c->slots : 0, p50, p99,
			record__is_recv(sc) ? "  (includes time blocked waiting)" : "");
	}
	print_errnos(f, t);
	for (unsigned sc = 0; histograms && sc < MMSG_SYS_COUNT; sc++) {
		char title[64];

		if (!t->sc[sc].records)
			continue;
		snprintf(title, sizeof(title), "  %s latency (ns)", names__syscall(sc));
		format__hist(f, title, &t->sc[sc].latency_hist);
	}
	print_batching(f, process, batching, nbatching, t, s);
}

void observe_view__summary(struct observe_view *v, const struct observe_summary *s)
{
	FILE *f = v->cfg.out;
	const struct mmsg_totals *a = &s->all;

	fprintf(f, "\nsummary: %.3f s, select %s, attach %s, %zu %s; totals from the kernel's "
		   "counters (%s)\n", s->seconds, s->select, s->attach, s->tasks,
		v->cfg.per_thread ? "threads" : "processes",
		observe_summary__incomplete(s) ? "INCOMPLETE: see below" : "exact");
	fprintf(f, "  %-8s %10s %10s %12s %7s %7s\n", "syscall", "calls", "msgs", "bytes", "errors",
		"partial");
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct mmsg_totals *c = &s->sc[sc];

		if (!(s->syscall_mask & (1u << sc)))
			continue;
		fprintf(f, "  %-8s %10llu %10llu %12llu %7llu %7llu\n", names__syscall(sc),
			ULL(c->calls), ULL(c->msgs), ULL(c->bytes), ULL(c->errors), ULL(c->partial));
	}
	if (s->syscall_mask & (1u << MMSG_SYS_SENDMMSG))
		format__hidden(f, "  sendmmsg hidden errors: ", "    ", &s->hidden,
			       s->sc[MMSG_SYS_SENDMMSG].partial);
	fprintf(f, "  lost events %llu%s, records %llu\n", ULL(a->lost_events),
		observe_summary__sampled(s) ? " (latency percentiles, histograms, errno names per "
					      "process and the batching report are sampled)" : "",
		ULL(s->records));
	if (s->records_dropped)
		fprintf(f, "  records dropped in userspace (out of memory): %llu\n",
			ULL(s->records_dropped));
	format__consumer(f, s->consumer_cpu_s, s->consumer_wall_s);
	if (a->exit_unmatched)
		fprintf(f, "  calls already in progress when tracing began (not counted): %llu\n",
			ULL(a->exit_unmatched));
	if (observe_summary__incomplete(s))
		fprintf(f, "  INCOMPLETE: in-flight table overflow %llu, per-task table overflow %llu, "
			   "msg_len read faults %llu, forked children not followed (target set "
			   "full) %llu\n", ULL(a->inflight_overflow), ULL(a->task_overflow),
			ULL(a->bytes_read_faults), ULL(a->targets_overflow));
	fflush(f);
}
