// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* CSV encoders (see csv.h). */
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "common/names.h"
#include "common/text.h"
#include "report/csv.h"
#include "report/format.h"

#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD in UTF-8 */
#define ULL(x) ((unsigned long long)(x))

void csv__field(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	bool quote = false;

	for (size_t i = 0; i < len; i++)
		if (p[i] == ',' || p[i] == '"' || p[i] == '\r' || p[i] == '\n')
			quote = true;
	if (quote)
		putc('"', f);
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		uint32_t cp;
		size_t seq;

		if (c >= 0x80) {
			seq = text__utf8_len(p + i, len - i, &cp);
			if (seq && cp >= 0xa0)
				fwrite(p + i, 1, seq, f);
			else
				fputs(REPLACEMENT, f);	/* a C1 control or invalid UTF-8 */
			i += seq ? seq : 1;
			continue;
		}
		if (c == '"')
			fputs("\"\"", f);
		else if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f)
			fputs(REPLACEMENT, f);
		else
			putc(c, f);
		i++;
	}
	if (quote)
		putc('"', f);
}

/* ,x with 3 decimals (as JSON has it), or , when it has no value */
static void num(FILE *f, double x)
{
	putc(',', f);
	if (isfinite(x))
		format__decimal(f, x, 3);
}

static void u64(FILE *f, uint64_t x)
{
	fprintf(f, ",%" PRIu64, x);
}

static void empty(FILE *f, int n)
{
	while (n-- > 0)
		putc(',', f);
}

static void boolean(FILE *f, bool b)
{
	fputs(b ? ",true" : ",false", f);
}

/* ,p50,p90,p99,max,exact of valid percentiles (an interval has only p50
 * and p99), else empty fields */
static void percentiles(FILE *f, const struct stats_percentiles *p, bool full)
{
	if (!p->valid) {
		empty(f, 5);
		return;
	}
	fprintf(f, ",%" PRIu64, p->p50);
	if (full)
		fprintf(f, ",%" PRIu64, p->p90);
	else
		putc(',', f);
	fprintf(f, ",%" PRIu64, p->p99);
	if (full) {
		fprintf(f, ",%" PRIu64, p->max);
		boolean(f, p->exact);
	} else {
		empty(f, 2);
	}
}

/* ------------------------------------------------------------------------ */
/* drive mode                                                               */

void csv__drive_header(FILE *f)
{
	fputs("type,t,seconds,calls,msgs,bytes,errors,partial,lost_events,calls_per_s,msgs_per_s,"
	      "mb_per_s,msgs_per_call,fill_pct,ns_per_msg,p50_ns,p90_ns,p99_ns,max_ns,"
	      "latency_exact,records,datagrams,hidden_errors,driver_calls,driver_msgs,"
	      "driver_bytes,driver_errors,match,consumer_cpu_s,dropped\n", f);
}

void csv__drive_interval(FILE *f, double t, const struct stats_interval *iv)
{
	const struct stats_counts *d = &iv->delta;

	fputs("interval", f);
	num(f, t);
	num(f, iv->seconds);
	u64(f, d->calls);
	u64(f, d->msgs);
	u64(f, d->bytes);
	u64(f, d->errors);
	u64(f, d->partial);
	u64(f, d->lost_events);
	num(f, iv->calls_per_s);
	num(f, iv->msgs_per_s);
	num(f, iv->mb_per_s);
	num(f, iv->msgs_per_call);
	num(f, iv->fill_pct);
	num(f, iv->have_latency ? iv->ns_per_msg : NAN);
	percentiles(f, &iv->latency, false);
	/* the run-wide columns stay empty */
	empty(f, 9);
	if (iv->have_drops)
		u64(f, d->dropped);
	else
		empty(f, 1);
	putc('\n', f);
}

void csv__drive_summary(FILE *f, const struct summary *s)
{
	struct summary_figures fig;

	summary__figures(s, &fig);
	fputs("summary,", f);	/* t: the summary is of the whole run */
	num(f, s->seconds);
	u64(f, fig.calls);
	u64(f, fig.msgs);
	u64(f, fig.bytes);
	u64(f, fig.errors);
	u64(f, fig.partial);
	/* untraced: nothing recorded, nothing lost (as the JSON says) */
	u64(f, s->traced ? s->kernel.lost_events : 0);
	num(f, fig.calls_per_s);
	num(f, fig.msgs_per_s);
	num(f, fig.mb_per_s);
	num(f, fig.msgs_per_call);
	num(f, fig.fill_pct);
	num(f, fig.ns_per_msg);
	percentiles(f, s->traced ? &s->latency : &(struct stats_percentiles){ 0 }, true);
	u64(f, s->traced ? s->records : 0);
	if (s->have_driver)
		u64(f, s->driver.datagrams);
	else
		empty(f, 1);
	if (s->hidden.counted)
		u64(f, s->hidden.messages);
	else
		empty(f, 1);
	if (s->have_driver) {
		u64(f, s->driver.calls);
		u64(f, s->driver.msgs);
		u64(f, s->driver.bytes);
		u64(f, s->driver.errors);
	} else {
		empty(f, 4);
	}
	if (s->have_driver && s->traced)
		boolean(f, s->match);
	else
		empty(f, 1);
	putc(',', f);
	format__decimal(f, s->consumer_cpu_s, 6);
	/* the driver's datagrams the kernel dropped (JSON drops.from_its_sockets) */
	if (s->drops.counted)
		u64(f, s->drops.from_its_sockets);
	else
		empty(f, 1);
	putc('\n', f);
}

/* ------------------------------------------------------------------------ */
/* observe mode                                                             */

void csv__observe_header(FILE *f)
{
	fputs("type,t,seconds,pid,tid,comm,child,syscall,calls,msgs,bytes,errors,partial,short,"
	      "msgs_per_s,msgs_per_call,fill_pct,p50_ns,p90_ns,p99_ns,max_ns,latency_exact,"
	      "records,lost_events,exited\n", f);
}

/* type,t,seconds,pid,tid,comm,child */
static void task_columns(FILE *f, const char *type, double t, double seconds, uint32_t pid,
			 uint32_t tid, bool per_thread, const char *comm)
{
	fputs(type, f);
	num(f, t);
	num(f, seconds);
	fprintf(f, ",%u,", pid);
	if (per_thread)
		fprintf(f, "%u", tid);
	putc(',', f);
	csv__field(f, comm, strnlen(comm, MMSG_COMM_LEN));
	putc(',', f);
}

/* ,syscall,calls,msgs,bytes,errors,partial,short: partial and short are the
 * kernel's partial counter told apart by syscall (common/record.h) */
static void counts(FILE *f, unsigned sc, uint64_t calls, uint64_t msgs, uint64_t bytes,
		   uint64_t errors, uint64_t partial, uint64_t shorts)
{
	fprintf(f, ",%s", sc < MMSG_SYS_COUNT ? names__syscall(sc) : "all");
	u64(f, calls);
	u64(f, msgs);
	u64(f, bytes);
	u64(f, errors);
	u64(f, partial);
	u64(f, shorts);
}

void csv__observe_interval(FILE *f, double t, double seconds, struct procstats_task *const *tasks,
			   size_t n, bool per_thread)
{
	for (size_t i = 0; i < n; i++) {
		const struct procstats_task *task = tasks[i];

		for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
			const struct mmsg_task_totals *d = &task->sc[sc].delta;

			if (!d->calls)
				continue;
			task_columns(f, "interval", t, seconds, task->pid, task->tid, per_thread,
				     task->comm);
			counts(f, sc, d->calls, d->msgs, d->bytes, d->errors,
			       record__partial(sc, d->partial), record__short(sc, d->partial));
			num(f, seconds > 0 ? d->msgs / seconds : NAN);
			num(f, (double)d->msgs / d->calls);
			num(f, d->slots ? 100.0 * d->msgs / d->slots : NAN);
			percentiles(f, &task->sc[sc].interval_pct, false);
			empty(f, 3);	/* records, lost_events, exited: of the run */
			putc('\n', f);
		}
	}
}

void csv__task_event(FILE *f, double t, const struct mmsg_task_record *rec)
{
	bool fork = rec->event == MMSG_TASK_FORK;

	task_columns(f, fork ? "fork" : "exit", t, NAN, rec->pid, 0, false, rec->comm);
	if (fork)
		fprintf(f, "%u", rec->child);
	empty(f, 18);
	putc('\n', f);
}

void csv__process(FILE *f, const struct procstats_task *t, bool per_thread, double seconds)
{
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct procstats_syscall *s = &t->sc[sc];
		const struct mmsg_task_totals *c = &s->total;
		struct stats_percentiles p;

		if (!c->calls)
			continue;
		latency_store__percentiles(&s->run_latency, &p);
		task_columns(f, "process", NAN, seconds, t->pid, t->tid, per_thread, t->comm);
		counts(f, sc, c->calls, c->msgs, c->bytes, c->errors,
		       record__partial(sc, c->partial), record__short(sc, c->partial));
		num(f, seconds > 0 ? c->msgs / seconds : NAN);
		num(f, (double)c->msgs / c->calls);
		num(f, c->slots ? 100.0 * c->msgs / c->slots : NAN);
		percentiles(f, &p, true);
		u64(f, s->records);
		empty(f, 1);
		boolean(f, t->exited);
		putc('\n', f);
	}
}

/* a total row of one syscall (sc < MMSG_SYS_COUNT) or of all (records and
 * lost events are the run's: on that row only) */
static void total_row(FILE *f, const struct observe_summary *s, unsigned sc,
		      const struct mmsg_totals *c)
{
	bool all = sc >= MMSG_SYS_COUNT;

	fputs("total,", f);
	num(f, s->seconds);
	empty(f, 3);	/* pid, tid, comm, child */
	putc(',', f);
	counts(f, sc, c->calls, c->msgs, c->bytes, c->errors,
	       all ? observe_summary__partial(s) : record__partial(sc, c->partial),
	       all ? observe_summary__short(s) : record__short(sc, c->partial));
	num(f, s->seconds > 0 ? c->msgs / s->seconds : NAN);
	num(f, c->calls ? (double)c->msgs / c->calls : NAN);
	empty(f, 6);	/* fill and latency: per process */
	if (all) {
		u64(f, s->records);
		u64(f, c->lost_events);
	} else {
		empty(f, 2);
	}
	empty(f, 1);
	putc('\n', f);
}

void csv__observe_totals(FILE *f, const struct observe_summary *s)
{
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		if (s->syscall_mask & (1u << sc))
			total_row(f, s, sc, &s->sc[sc]);
	total_row(f, s, MMSG_SYS_COUNT, &s->all);
}
