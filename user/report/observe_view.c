// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Observe mode's text output (see observe_view.h). */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/names.h"
#include "common/record.h"
#include "common/text.h"
#include "common/util.h"
#include "report/format.h"
#include "report/observe_view.h"
#include "report/tui.h"

#define ULL(x) ((unsigned long long)(x))

/* An interval's counts of a row: the kernel's partial counter told apart
 * by syscall (common/record.h), the sends' partial calls and recvmmsg's
 * short returns. */
struct row_counts {
	struct mmsg_task_totals t;	/* t.partial: the sends' only */
	uint64_t shorts;
	uint64_t dropped;		/* the tasks' datagrams the kernel dropped */
	bool drops_counted;
};

/* an active task of the interval: what its order looks at, its rows */
struct view_task {
	struct task_figures fig;
	struct row_counts sum;		/* all syscalls, for the others' row */
	size_t row, nrows;		/* in all[] */
};

struct observe_view {
	struct observe_view_config cfg;
	char recent[TUI_RECENT_EVENTS][TUI_EVENT_BYTES];	/* newest first */
	enum task_sort sort;		/* --sort, then what the key s chose */
	uint64_t lost_total;
	/* the interval (frozen while paused): every active task and its rows */
	double t, seconds, lost_s;
	size_t seen;
	struct view_task *tasks;
	size_t ntasks, tasks_cap;
	struct tui_task_row *all;
	size_t nall, all_cap;
	/* in the sort key's order: the first --top tasks' rows, the rest added up */
	struct tui_task_row *rows;
	size_t nrows;
	struct tui_task_row other;
	size_t others;
	bool oom;			/* rows left out for want of memory */
	/* the full-screen view (cfg.tui) */
	struct tui *tui;
	bool have_frame, paused, help;
	char *hint;			/* shown in the view; on stderr when it closes */
};

static void redraw(struct observe_view *v);

static void open_tui(struct observe_view *v)
{
	char err[256];

	v->tui = tui__open(err, sizeof(err));
	if (!v->tui) {
		warn("warning: no full-screen view (%s): a table per interval instead\n", err);
		v->cfg.tui = false;
		return;
	}
	redraw(v);
}

struct observe_view *observe_view__new(const struct observe_view_config *cfg)
{
	struct observe_view *v = calloc(1, sizeof(*v));

	if (!v)
		return NULL;
	v->cfg = *cfg;
	v->sort = cfg->sort;
	if (cfg->tui)
		open_tui(v);
	return v;
}

void observe_view__end_live(struct observe_view *v)
{
	if (!v->tui)
		return;
	tui__close(v->tui);
	v->tui = NULL;
	/* the screen it was on is gone */
	if (v->hint)
		warn("%s\n", v->hint);
}

void observe_view__free(struct observe_view *v)
{
	if (!v)
		return;
	observe_view__end_live(v);
	free(v->hint);
	free(v->tasks);
	free(v->all);
	free(v->rows);
	free(v);
}

bool observe_view__live(const struct observe_view *v)
{
	return v->tui != NULL;
}

enum task_sort observe_view__sort(const struct observe_view *v)
{
	return v->sort;
}

static const char *comm_of(const char *comm, char *buf)
{
	if (!comm[0])
		return "?";
	return text__escape(comm, MMSG_COMM_LEN, buf, TEXT_ESC_LEN(MMSG_COMM_LEN));
}

static bool task_active(const struct procstats_task *t)
{
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		if (t->sc[sc].delta.calls)
			return true;
	return false;
}

/* room for n more elements of size in *p (capacity *cap, used): false when out of memory */
static bool reserve(void **p, size_t *cap, size_t used, size_t n, size_t size)
{
	size_t want = used + n, c = *cap ? *cap : 64;
	void *q;

	if (want <= *cap)
		return true;
	while (c < want)
		c *= 2;
	q = realloc(*p, c * size);
	if (!q)
		return false;
	*p = q;
	*cap = c;
	return true;
}

static void set_rates(struct tui_task_row *r, const struct row_counts *c, double seconds)
{
	const struct mmsg_task_totals *d = &c->t;

	r->calls_s = d->calls / seconds;
	r->msgs_s = d->msgs / seconds;
	r->mb_s = d->bytes / seconds / 1e6;
	r->errors_s = d->errors / seconds;
	r->partial_s = d->partial / seconds;
	r->short_s = c->shorts / seconds;
	r->msgs_per_call = d->calls ? (double)d->msgs / d->calls : 0;
	r->fill_pct = d->slots ? 100.0 * d->msgs / d->slots : 0;
}

static void add_counts(struct row_counts *sum, const struct row_counts *c)
{
	sum->t.calls += c->t.calls;
	sum->t.msgs += c->t.msgs;
	sum->t.bytes += c->t.bytes;
	sum->t.errors += c->t.errors;
	sum->t.partial += c->t.partial;
	sum->t.slots += c->t.slots;
	sum->shorts += c->shorts;
	sum->dropped += c->dropped;
	sum->drops_counted |= c->drops_counted;
}

/* DROP/s: a figure of the process, on its first row */
static void set_dropped(struct tui_task_row *r, bool counted, uint64_t dropped, double seconds)
{
	if (counted)
		snprintf(r->dropped_s, sizeof(r->dropped_s), "%.0f", dropped / seconds);
	else
		snprintf(r->dropped_s, sizeof(r->dropped_s), "-");
}

/* a task's rows (one per syscall with calls in the interval) into all[] */
static bool keep_task(struct observe_view *v, const struct procstats_task *t, double seconds)
{
	struct view_task *vt;

	if (!reserve((void **)&v->tasks, &v->tasks_cap, v->ntasks, 1, sizeof(*v->tasks)) ||
	    !reserve((void **)&v->all, &v->all_cap, v->nall, MMSG_SYS_COUNT, sizeof(*v->all)))
		return false;
	vt = &v->tasks[v->ntasks++];
	memset(vt, 0, sizeof(*vt));
	task_order__figures(t, true, &vt->fig);
	vt->row = v->nall;
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct procstats_syscall *s = &t->sc[sc];
		struct tui_task_row *r;

		if (!s->delta.calls)
			continue;
		r = &v->all[v->nall++];
		memset(r, 0, sizeof(*r));
		if (v->cfg.per_thread)
			snprintf(r->id, sizeof(r->id), "%u/%u", t->pid, t->tid);
		else
			snprintf(r->id, sizeof(r->id), "%u", t->pid);
		comm_of(t->comm, r->comm);
		if (!t->comm[0])
			snprintf(r->comm, sizeof(r->comm), "?");
		/* PART/s: the sends' partial calls; SHORT/s: recvmmsg's short returns */
		struct row_counts d = {
			.t = s->delta, .shorts = record__short(sc, s->delta.partial),
		};

		d.t.partial = record__partial(sc, s->delta.partial);
		r->syscall = names__syscall(sc);
		r->first = !vt->nrows++;
		set_rates(r, &d, seconds);
		if (r->first)
			set_dropped(r, t->drops_counted, t->dropped, seconds);
		format__us(r->p50, sizeof(r->p50), s->interval_pct.valid, s->interval_pct.p50);
		format__us(r->p99, sizeof(r->p99), s->interval_pct.valid, s->interval_pct.p99);
		add_counts(&vt->sum, &d);
	}
	vt->sum.dropped = t->dropped;
	vt->sum.drops_counted = t->drops_counted;
	return true;
}

static int by_key(const void *pa, const void *pb, void *arg)
{
	const struct view_task *a = pa, *b = pb;

	return task_order__compare(&a->fig, &b->fig, *(const enum task_sort *)arg);
}

/* the tasks in the sort key's order; the first --top tasks' rows, the rest
 * added up in one row */
static void order_rows(struct observe_view *v)
{
	struct row_counts sum = { 0 };
	size_t listed = v->cfg.top && v->cfg.top < v->ntasks ? v->cfg.top : v->ntasks;

	if (v->ntasks > 1)
		qsort_r(v->tasks, v->ntasks, sizeof(*v->tasks), by_key, &v->sort);
	v->nrows = 0;
	for (size_t i = 0; i < listed; i++) {
		memcpy(v->rows + v->nrows, v->all + v->tasks[i].row,
		       v->tasks[i].nrows * sizeof(*v->rows));
		v->nrows += v->tasks[i].nrows;
	}
	for (size_t i = listed; i < v->ntasks; i++)
		add_counts(&sum, &v->tasks[i].sum);
	v->others = v->ntasks - listed;
	memset(&v->other, 0, sizeof(v->other));
	snprintf(v->other.id, sizeof(v->other.id), "others");
	snprintf(v->other.comm, sizeof(v->other.comm), "(%zu more)", v->others);
	v->other.syscall = "all";
	v->other.first = true;
	set_rates(&v->other, &sum, v->seconds);
	set_dropped(&v->other, sum.drops_counted, sum.dropped, v->seconds);
	snprintf(v->other.p50, sizeof(v->other.p50), "-");
	snprintf(v->other.p99, sizeof(v->other.p99), "-");
}

/* the interval's active tasks, kept for the display */
static void keep_interval(struct observe_view *v, double t, double seconds,
			  struct procstats_task *const *tasks, size_t n, double lost_s)
{
	size_t rows_cap = v->all_cap;

	v->t = t;
	v->seconds = seconds;
	v->lost_s = lost_s;
	v->seen = n;
	v->ntasks = v->nall = 0;
	v->oom = false;
	for (size_t i = 0; i < n; i++) {
		if (!task_active(tasks[i]))
			continue;
		/* out of memory: fewer rows; the summary lists all */
		if (!keep_task(v, tasks[i], seconds)) {
			v->oom = true;
			break;
		}
	}
	if (v->all_cap != rows_cap || !v->rows) {
		struct tui_task_row *r = realloc(v->rows, (v->all_cap + 1) * sizeof(*r));

		if (!r) {
			v->oom = true;
			v->ntasks = v->nall = 0;
		} else {
			v->rows = r;
		}
	}
	order_rows(v);
}

static void print_row(FILE *f, const struct tui_task_row *r)
{
	fprintf(f, "%8s %-16s %-8s %10.0f %10.0f %8.2f %6.1f %9.3f %9s %9s %6.0f %6.0f %7.0f",
		r->first ? r->id : "", r->first ? r->comm : "", r->syscall, r->calls_s, r->msgs_s,
		r->msgs_per_call, r->fill_pct, r->mb_s, r->p50, r->p99, r->errors_s, r->partial_s,
		r->short_s);
	/* DROP/s is the process's: on its first row */
	if (r->first)
		fprintf(f, " %6s", r->dropped_s);
	putc('\n', f);
}

/* the line format: a block per interval, every figure a rate per second */
static void print_block(struct observe_view *v)
{
	FILE *f = v->cfg.out;

	fprintf(f, "\nmmsgtrace observe  %s  t=%.1fs\n", v->cfg.title, v->t);
	fprintf(f, "%zu %s active of %zu seen   lost events/s %.0f%s   sort %s", v->ntasks,
		v->cfg.per_thread ? "threads" : "processes", v->seen, v->lost_s,
		v->lost_s > 0 ? " (percentiles sampled)" : "", task_order__name(v->sort));
	if (v->cfg.top)
		fprintf(f, "   top %u", v->cfg.top);
	putc('\n', f);
	fprintf(f, "%8s %-16s %-8s %10s %10s %8s %6s %9s %9s %9s %6s %6s %7s %6s\n", "PID", "COMM",
		"SYSCALL", "CALLS/s", "MSGS/s", "MSG/CALL", "FILL%", "MB/s", "P50_us", "P99_us", "ERR/s",
		"PART/s", "SHORT/s", "DROP/s");
	for (size_t i = 0; i < v->nrows; i++)
		print_row(f, &v->rows[i]);
	if (v->others)
		print_row(f, &v->other);
	if (v->oom)
		fprintf(f, "  (out of memory: not every process is listed; the summary lists all)\n");
}

static void redraw(struct observe_view *v)
{
	struct tui_observe_frame f = {
		.title = v->cfg.title, .t = v->t, .per_thread = v->cfg.per_thread,
		.paused = v->paused, .help = v->help, .active = v->ntasks, .seen = v->seen,
		.lost_s = v->lost_s, .lost_total = v->lost_total, .sort = task_order__name(v->sort),
		.top = v->cfg.top, .rows = v->rows, .nrows = v->nrows, .others = v->others,
		.other = v->other, .recent = v->recent, .hint = v->hint,
	};
	struct tui_screen *screen = tui__screen(v->tui);

	if (v->have_frame)
		tui_layout__observe(&f, screen);
	else
		tui_layout__waiting(v->cfg.title, true, screen);
	tui__draw(v->tui);
}

bool observe_view__interval(struct observe_view *v, double t, double seconds,
			struct procstats_task *const *tasks, size_t n, uint64_t lost)
{
	FILE *f = v->cfg.out;
	double lost_s = seconds > 0 ? lost / seconds : 0;

	if (seconds <= 0)
		seconds = 1;
	v->lost_total += lost;
	/* paused: the screen keeps the interval it shows */
	if (v->tui && v->paused)
		return true;
	keep_interval(v, t, seconds, tasks, n, lost_s);
	if (v->tui) {
		v->have_frame = true;
		redraw(v);
		return true;
	}
	print_block(v);
	return fflush(f) == 0 && !ferror(f);
}

bool observe_view__keys(struct observe_view *v)
{
	if (!v->tui)
		return false;
	for (;;) {
		switch (tui__key(v->tui)) {
		case TUI_KEY_NONE:
			return false;
		case TUI_KEY_QUIT:
			return true;
		case TUI_KEY_PAUSE:
			v->paused = !v->paused;
			break;
		case TUI_KEY_HELP:
			v->help = !v->help;
			break;
		case TUI_KEY_SORT:
			/* the interval on the screen, in the next key's order */
			v->sort = task_order__next(v->sort);
			order_rows(v);
			break;
		case TUI_KEY_RESIZE:
			break;
		default:
			v->help = false;
			break;
		}
		redraw(v);
	}
}

void observe_view__hint(struct observe_view *v, const char *line)
{
	if (!v->tui) {
		warn("%s\n", line);
		return;
	}
	free(v->hint);
	/* out of memory: nothing on the screen, nothing lost but the hint */
	v->hint = strdup(line);
	redraw(v);
}

void observe_view__task_event(struct observe_view *v, double t, const struct mmsg_task_record *rec)
{
	char comm[TEXT_ESC_LEN(MMSG_COMM_LEN)], line[TUI_EVENT_BYTES];

	if (rec->event == MMSG_TASK_FORK)
		snprintf(line, sizeof(line), "%.3fs: %u (%s) forked %u: watching it too", t, rec->pid,
			 comm_of(rec->comm, comm), rec->child);
	else
		snprintf(line, sizeof(line), "%.3fs: %u (%s) exited", t, rec->pid,
			 comm_of(rec->comm, comm));
	if (!v->tui) {
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

/* after a receive's latencies: whether they include time blocked waiting
 * for data ("" for the sends) */
static const char *blocking_note(const struct procstats_syscall *s, unsigned sc, char *buf,
				 size_t len)
{
	if (!record__is_recv(sc))
		return "";
	switch (procstats__blocking(s, sc)) {
	case PROCSTATS_BLOCKING_SOME:
		snprintf(buf, len, "  (includes time blocked waiting: %llu of %llu recorded calls "
			 "could block, without MSG_DONTWAIT on a socket without O_NONBLOCK)",
			 ULL(s->could_block_records), ULL(s->records));
		break;
	case PROCSTATS_BLOCKING_UNKNOWN:
		if (s->records)
			snprintf(buf, len, "  (may include time blocked waiting: could not tell "
				 "whether the socket was O_NONBLOCK for %llu of %llu recorded calls)",
				 ULL(s->block_unknown_records), ULL(s->records));
		else
			snprintf(buf, len, "  (may include time blocked waiting: no call recorded "
				 "to tell)");
		break;
	default:
		snprintf(buf, len, "  (no time blocked: MSG_DONTWAIT or an O_NONBLOCK socket on "
			 "every call)");
		break;
	}
	return buf;
}

void observe_view__process(struct observe_view *v, const struct procstats_task *t, bool histograms,
			   const struct batching_process *process, const struct batching_fd *batching,
			   size_t nbatching, const struct observe_summary *s,
			   const struct drop_counts *drops)
{
	FILE *f = v->cfg.out;
	char comm[TEXT_ESC_LEN(MMSG_COMM_LEN)];

	if (v->cfg.per_thread)
		fprintf(f, "\nthread %u/%u (%s)%s\n", t->pid, t->tid, comm_of(t->comm, comm),
			t->exited ? ", exited" : "");
	else
		fprintf(f, "\nprocess %u (%s)%s\n", t->pid, comm_of(t->comm, comm),
			t->exited ? ", exited" : "");
	fprintf(f, "  %-8s %10s %10s %12s %7s %7s %7s %8s %6s %9s %9s\n", "syscall", "calls", "msgs",
		"bytes", "errors", "partial", "short", "msg/call", "fill%", "p50_us", "p99_us");
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct procstats_syscall *ss = &t->sc[sc];
		const struct mmsg_task_totals *c = &ss->total;
		struct stats_percentiles p;
		char p50[16], p99[16], note[200];

		if (!c->calls)
			continue;
		latency_store__percentiles(&ss->run_latency, &p);
		format__us(p50, sizeof(p50), p.valid, p.p50);
		format__us(p99, sizeof(p99), p.valid, p.p99);
		fprintf(f, "  %-8s %10llu %10llu %12llu %7llu %7llu %7llu %8.2f %6.1f %9s %9s%s\n",
			names__syscall(sc), ULL(c->calls), ULL(c->msgs), ULL(c->bytes),
			ULL(c->errors), ULL(record__partial(sc, c->partial)),
			ULL(record__short(sc, c->partial)), (double)c->msgs / c->calls,
			c->slots ? 100.0 * c->msgs / c->slots : 0, p50, p99,
			blocking_note(ss, sc, note, sizeof(note)));
	}
	print_errnos(f, t);
	if (drops && drops->counted)
		format__drops(f, "  drops of its datagrams  ", drops, "its");
	for (unsigned sc = 0; histograms && sc < MMSG_SYS_COUNT; sc++) {
		char title[64];

		if (!t->sc[sc].records)
			continue;
		snprintf(title, sizeof(title), "  %s latency (ns)", names__syscall(sc));
		format__hist(f, title, &t->sc[sc].latency_hist);
	}
	print_batching(f, process, batching, nbatching, t, s);
}

void observe_view__others(struct observe_view *v, struct procstats_task *const *tasks, size_t n)
{
	struct mmsg_task_totals sum = { 0 };
	uint64_t shorts = 0;

	if (!n)
		return;
	for (size_t i = 0; i < n; i++) {
		for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
			const struct mmsg_task_totals *c = &tasks[i]->sc[sc].total;

			sum.calls += c->calls;
			sum.msgs += c->msgs;
			sum.bytes += c->bytes;
			sum.errors += c->errors;
			sum.partial += record__partial(sc, c->partial);
			shorts += record__short(sc, c->partial);
		}
	}
	fprintf(v->cfg.out, "\n%zu more %s past --top %u, added up: calls %llu, msgs %llu, "
		"bytes %llu, errors %llu, partial %llu, short %llu\n", n,
		v->cfg.per_thread ? "threads" : "processes", v->cfg.top, ULL(sum.calls),
		ULL(sum.msgs), ULL(sum.bytes), ULL(sum.errors), ULL(sum.partial), ULL(shorts));
}

void observe_view__summary(struct observe_view *v, const struct observe_summary *s)
{
	FILE *f = v->cfg.out;
	const struct mmsg_totals *a = &s->all;

	fprintf(f, "\nsummary: %.3f s, select %s, attach %s, %zu %s; totals from the kernel's "
		   "counters (%s)\n", s->seconds, s->select, s->attach, s->tasks,
		v->cfg.per_thread ? "threads" : "processes",
		observe_summary__incomplete(s) ? "INCOMPLETE: see below" : "exact");
	fprintf(f, "  %-8s %10s %10s %12s %7s %7s %7s\n", "syscall", "calls", "msgs", "bytes",
		"errors", "partial", "short");
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct mmsg_totals *c = &s->sc[sc];

		if (!(s->syscall_mask & (1u << sc)))
			continue;
		fprintf(f, "  %-8s %10llu %10llu %12llu %7llu %7llu %7llu\n", names__syscall(sc),
			ULL(c->calls), ULL(c->msgs), ULL(c->bytes), ULL(c->errors),
			ULL(record__partial(sc, c->partial)), ULL(record__short(sc, c->partial)));
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
	if (s->drops.counted) {
		format__drops(f, "  dropped datagrams of the watched processes: ", &s->drops, "their");
		format__drops_unattributed(f, &s->drops);
	} else
		fprintf(f, "  dropped datagrams: not counted (--no-drops, or the counter could not "
			   "load)\n");
	format__consumer(f, s->consumer_cpu_s, s->consumer_wall_s);
	format__self_cost(f, s->self_cost, s->seconds);
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
