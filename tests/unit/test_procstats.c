// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Unit tests for user/procstats.c: tasks from records and from kernel totals,
 * folding threads into processes, interval deltas, rates and percentiles,
 * the sorted views, sums, exits, bad syscall indexes, index growth, and the
 * observe_summary helpers of procstats.h.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "core/procstats.h"

#define SENDMMSG MMSG_SYS_SENDMMSG
#define RECVMMSG MMSG_SYS_RECVMMSG
#define SENDTO MMSG_SYS_SENDTO
#define SENDMSG MMSG_SYS_SENDMSG

/* ------------------------------------------------------------------------ */
/* harness                                                                  */

static struct procstats *new_ps(bool per_thread)
{
	struct procstats *ps = procstats__new(per_thread);

	assert_non_null(ps);
	return ps;
}

/* a call record; comm NUL-padded from a C string */
static struct mmsg_call_record make_rec(uint32_t pid, uint32_t tid, unsigned syscall,
					uint64_t latency_ns, int32_t ret, const char *comm)
{
	struct mmsg_call_record r;

	memset(&r, 0, sizeof(r));
	r.type = MMSG_REC_CALL;
	r.pid = pid;
	r.tid = tid;
	r.syscall = syscall;
	r.latency_ns = latency_ns;
	r.ret = ret;
	r.vlen = 1;
	memcpy(r.comm, comm, strnlen(comm, MMSG_COMM_LEN));
	return r;
}

static void add(struct procstats *ps, uint32_t pid, uint32_t tid, unsigned syscall,
		uint64_t latency_ns, int32_t ret, const char *comm)
{
	struct mmsg_call_record r = make_rec(pid, tid, syscall, latency_ns, ret, comm);

	assert_int_equal(procstats__add_record(ps, &r), 0);
}

/* totals with every field derived from calls and msgs, so each is checkable */
static struct mmsg_task_totals make_totals(uint64_t calls, uint64_t msgs)
{
	return (struct mmsg_task_totals){
		.calls = calls, .msgs = msgs, .bytes = msgs * 100, .errors = calls / 10,
		.partial = calls / 20, .slots = calls * 64, .latency_ns = calls * 1000,
	};
}

static struct procstats_task *set(struct procstats *ps, uint32_t pid, uint32_t tid,
				  unsigned syscall, uint64_t calls, uint64_t msgs)
{
	struct mmsg_task_key key = { .pid = pid, .tid = tid, .syscall = syscall };
	struct mmsg_task_totals tot = make_totals(calls, msgs);
	struct procstats_task *t = procstats__set_totals(ps, &key, &tot);

	assert_non_null(t);
	return t;
}

static void assert_totals_equal(const struct mmsg_task_totals *a, const struct mmsg_task_totals *b)
{
	assert_int_equal(a->calls, b->calls);
	assert_int_equal(a->msgs, b->msgs);
	assert_int_equal(a->bytes, b->bytes);
	assert_int_equal(a->errors, b->errors);
	assert_int_equal(a->partial, b->partial);
	assert_int_equal(a->slots, b->slots);
	assert_int_equal(a->latency_ns, b->latency_ns);
}

static bool totals_zero(const struct mmsg_task_totals *t)
{
	static const struct mmsg_task_totals zero;

	return !memcmp(t, &zero, sizeof(zero));
}

static size_t ntasks(struct procstats *ps)
{
	struct procstats_task **tasks;

	return procstats__by_total(ps, &tasks);
}

/* the task (pid, tid), which must exist exactly once */
static struct procstats_task *lookup(struct procstats *ps, uint32_t pid, uint32_t tid)
{
	struct procstats_task **tasks, *found = NULL;
	size_t n = procstats__by_total(ps, &tasks);

	for (size_t i = 0; i < n; i++) {
		if (tasks[i]->pid != pid || tasks[i]->tid != tid)
			continue;
		if (found)
			fail_msg("task %u/%u listed twice", pid, tid);
		found = tasks[i];
	}
	if (!found)
		fail_msg("task %u/%u not found", pid, tid);
	return found;
}

/* ------------------------------------------------------------------------ */
/* records and totals                                                       */

static void test_empty(void **state)
{
	struct procstats *ps = new_ps(false);
	struct procstats_task **tasks = NULL;

	(void)state;
	assert_int_equal(procstats__interval(ps, 1.0, &tasks), 0);
	assert_int_equal(procstats__by_total(ps, &tasks), 0);
	procstats__mark_exited(ps, 1);		/* nothing to mark, no crash */
	procstats__free(ps);
	procstats__free(NULL);
}

static void test_add_record_creates_task(void **state)
{
	struct procstats *ps = new_ps(false);
	const struct procstats_syscall *s;
	struct procstats_task *t;
	struct stats_percentiles p;

	(void)state;
	add(ps, 42, 42, SENDTO, 1000, 64, "named");
	add(ps, 42, 42, SENDTO, 3000, -EAGAIN, "named");
	add(ps, 42, 42, SENDTO, 0, -ECONNREFUSED, "named");
	add(ps, 42, 42, SENDTO, 2000, -EAGAIN, "named");
	add(ps, 42, 42, SENDTO, 5000, -EMSGSIZE, "named");
	add(ps, 42, 42, SENDTO, 1500, -ECONNREFUSED, "named");
	add(ps, 42, 42, SENDMMSG, 700, 8, "named");

	assert_int_equal(ntasks(ps), 1);
	t = lookup(ps, 42, 0);
	assert_int_equal(t->pid, 42);
	assert_int_equal(t->tid, 0);
	assert_memory_equal(t->comm, "named\0\0\0\0\0\0\0\0\0\0\0", MMSG_COMM_LEN);
	assert_false(t->exited);

	s = &t->sc[SENDTO];
	assert_int_equal(s->records, 6);
	/* errnos in order of first appearance, each with its count */
	assert_int_equal(s->nerrnos, 3);
	assert_int_equal(s->errnos[0].err, EAGAIN);
	assert_int_equal(s->errnos[0].count, 2);
	assert_int_equal(s->errnos[1].err, ECONNREFUSED);
	assert_int_equal(s->errnos[1].count, 2);
	assert_int_equal(s->errnos[2].err, EMSGSIZE);
	assert_int_equal(s->errnos[2].count, 1);
	/* latency histogram, log2 slots of the six latencies */
	assert_int_equal(log2_hist__total(&s->latency_hist), 6);
	assert_int_equal(s->latency_hist.slot[0], 1);		/* 0 */
	assert_int_equal(s->latency_hist.slot[10], 1);		/* 1000 in [512, 1023] */
	assert_int_equal(s->latency_hist.slot[11], 2);		/* 1500, 2000 in [1024, 2047] */
	assert_int_equal(s->latency_hist.slot[12], 1);		/* 3000 in [2048, 4095] */
	assert_int_equal(s->latency_hist.slot[13], 1);		/* 5000 in [4096, 8191] */
	latency_store__percentiles(&s->run_latency, &p);
	assert_true(p.valid);
	assert_int_equal(p.count, 6);
	assert_int_equal(p.max, 5000);
	/* records do not touch the kernel's totals */
	assert_true(totals_zero(&s->total));

	/* the other syscall is kept apart; no errors there */
	s = &t->sc[SENDMMSG];
	assert_int_equal(s->records, 1);
	assert_int_equal(s->nerrnos, 0);
	assert_int_equal(s->latency_hist.slot[10], 1);	/* 700 in [512, 1023] */
	assert_int_equal(t->sc[RECVMMSG].records, 0);
	assert_int_equal(t->sc[SENDMSG].records, 0);
	procstats__free(ps);
}

/* as the kernel's errno table: restart codes are EINTR, large values share the last slot */
static void test_errno_folding(void **state)
{
	struct procstats *ps = new_ps(false);
	const struct procstats_syscall *s;

	(void)state;
	add(ps, 5, 5, SENDMMSG, 10, -512, "x");		/* ERESTARTSYS */
	add(ps, 5, 5, SENDMMSG, 10, -516, "x");		/* ERESTART_RESTARTBLOCK */
	add(ps, 5, 5, SENDMMSG, 10, -EINTR, "x");
	add(ps, 5, 5, SENDMMSG, 10, -1022, "x");
	add(ps, 5, 5, SENDMMSG, 10, -1023, "x");
	add(ps, 5, 5, SENDMMSG, 10, -4000, "x");
	add(ps, 5, 5, SENDMMSG, 10, INT32_MIN, "x");
	s = &lookup(ps, 5, 0)->sc[SENDMMSG];
	assert_int_equal(s->nerrnos, 3);
	assert_int_equal(s->errnos[0].err, EINTR);
	assert_int_equal(s->errnos[0].count, 3);
	assert_int_equal(s->errnos[1].err, 1022);
	assert_int_equal(s->errnos[1].count, 1);
	assert_int_equal(s->errnos[2].err, 1023);
	assert_int_equal(s->errnos[2].count, 3);
	procstats__free(ps);
}

static void test_comm_raw_bytes_latest_wins(void **state)
{
	struct procstats *ps = new_ps(false);
	struct mmsg_call_record r = make_rec(7, 7, SENDMSG, 10, 1, "");
	static const char hostile[MMSG_COMM_LEN] = "\x1b[31m\"x\n\xff" "abcdefg";
	struct procstats_task *t;

	(void)state;
	/* 16 bytes, no NUL: copied as raw bytes */
	memcpy(r.comm, hostile, MMSG_COMM_LEN);
	assert_int_equal(procstats__add_record(ps, &r), 0);
	t = lookup(ps, 7, 0);
	assert_memory_equal(t->comm, hostile, MMSG_COMM_LEN);
	/* a task renames itself (or execs): the latest name wins, fully replaced */
	add(ps, 7, 7, SENDMSG, 10, 1, "new");
	assert_memory_equal(t->comm, "new\0\0\0\0\0\0\0\0\0\0\0\0\0", MMSG_COMM_LEN);
	assert_int_equal(t->sc[SENDMSG].records, 2);
	procstats__free(ps);
}

/* a receive includes time blocked only when some call could block, as the
 * BPF side found at entry (info bits); where it could not tell, neither can we */
static void test_blocking(void **state)
{
	struct procstats *ps = new_ps(false);
	struct mmsg_call_record r = make_rec(3, 3, MMSG_SYS_RECVFROM, 10, 1, "rx");
	struct procstats_syscall *s;
	struct procstats_task *t;

	(void)state;
	/* MSG_DONTWAIT, or an O_NONBLOCK socket without it: no bit */
	r.info = 0;
	r.flags = MSG_DONTWAIT;
	assert_int_equal(procstats__add_record(ps, &r), 0);
	r.flags = 0;
	assert_int_equal(procstats__add_record(ps, &r), 0);
	t = lookup(ps, 3, 0);
	s = &t->sc[MMSG_SYS_RECVFROM];
	assert_int_equal(s->records, 2);
	assert_int_equal(s->could_block_records, 0);
	assert_int_equal(procstats__blocking(s, MMSG_SYS_RECVFROM), PROCSTATS_BLOCKING_NONE);
	/* the flags alone decide nothing: the BPF side read O_NONBLOCK */
	assert_int_equal(s->block_unknown_records, 0);
	/* one whose fd could not be read: cannot tell */
	r.info = MMSG_INFO_BLOCK_UNKNOWN;
	assert_int_equal(procstats__add_record(ps, &r), 0);
	assert_int_equal(s->block_unknown_records, 1);
	assert_int_equal(procstats__blocking(s, MMSG_SYS_RECVFROM), PROCSTATS_BLOCKING_UNKNOWN);
	/* one that could block: some did */
	r.info = MMSG_INFO_COULD_BLOCK;
	assert_int_equal(procstats__add_record(ps, &r), 0);
	assert_int_equal(s->could_block_records, 1);
	assert_int_equal(s->records, 4);
	assert_int_equal(procstats__blocking(s, MMSG_SYS_RECVFROM), PROCSTATS_BLOCKING_SOME);
	/* no record: nothing tells */
	assert_int_equal(procstats__blocking(&t->sc[RECVMMSG], RECVMMSG), PROCSTATS_BLOCKING_UNKNOWN);
	/* the sends never count as blocking here, whatever the bits say */
	r = make_rec(3, 3, SENDTO, 10, 1, "rx");
	r.info = MMSG_INFO_COULD_BLOCK;
	assert_int_equal(procstats__add_record(ps, &r), 0);
	assert_int_equal(procstats__blocking(&t->sc[SENDTO], SENDTO), PROCSTATS_BLOCKING_NONE);
	assert_int_equal(procstats__blocking(&t->sc[MMSG_SYS_WRITE], MMSG_SYS_WRITE),
			 PROCSTATS_BLOCKING_NONE);
	procstats__free(ps);
}

static void test_set_totals(void **state)
{
	struct procstats *ps = new_ps(false);
	struct mmsg_task_totals want;
	struct procstats_task *t, *t2;

	(void)state;
	t = set(ps, 100, 0, SENDMMSG, 10, 640);
	assert_int_equal(t->pid, 100);
	assert_int_equal(t->tid, 0);
	assert_int_equal(t->comm[0], '\0');	/* no record yet: no name */
	want = make_totals(10, 640);
	assert_totals_equal(&t->sc[SENDMMSG].total, &want);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		if (sc != SENDMMSG)
			assert_true(totals_zero(&t->sc[sc].total));
		assert_int_equal(t->sc[sc].records, 0);
	}

	/* a second syscall of the same task, then a newer snapshot of the first */
	t2 = set(ps, 100, 0, RECVMMSG, 3, 30);
	assert_ptr_equal(t2, t);
	t2 = set(ps, 100, 0, SENDMMSG, 25, 1600);
	assert_ptr_equal(t2, t);
	want = make_totals(25, 1600);
	assert_totals_equal(&t->sc[SENDMMSG].total, &want);
	want = make_totals(3, 30);
	assert_totals_equal(&t->sc[RECVMMSG].total, &want);
	assert_int_equal(procstats_task__msgs(t, false), 1630);
	assert_int_equal(ntasks(ps), 1);

	/* another pid is another task */
	t2 = set(ps, 101, 0, SENDMMSG, 1, 1);
	assert_ptr_not_equal(t2, t);
	assert_int_equal(ntasks(ps), 2);
	procstats__free(ps);
}

/* the same records and totals, per process and per thread */
static void test_per_thread_folding(void **state)
{
	static const struct {
		uint32_t pid, tid;
		unsigned sc;
		uint64_t calls, msgs;
	} feed[] = {
		{ 10, 10, SENDTO, 5, 5 },
		{ 10, 11, SENDTO, 7, 7 },
		{ 10, 12, SENDMMSG, 2, 128 },
		{ 20, 20, SENDTO, 1, 1 },
	};

	(void)state;
	for (int per_thread = 0; per_thread <= 1; per_thread++) {
		struct procstats *ps = new_ps(per_thread);
		struct procstats_task *t;

		for (size_t i = 0; i < sizeof(feed) / sizeof(feed[0]); i++) {
			/* kernel keys carry tid 0 per process; records always carry the tid */
			set(ps, feed[i].pid, per_thread ? feed[i].tid : 0, feed[i].sc, feed[i].calls,
			    feed[i].msgs);
			add(ps, feed[i].pid, feed[i].tid, feed[i].sc, 100, 1, "w");
		}
		if (!per_thread) {
			assert_int_equal(ntasks(ps), 2);
			t = lookup(ps, 10, 0);
			assert_int_equal(t->sc[SENDTO].records, 2);
			assert_int_equal(t->sc[SENDMMSG].records, 1);
			assert_int_equal(t->sc[SENDMMSG].total.msgs, 128);
			/* per process, the kernel has one key: the last snapshot stands */
			assert_int_equal(t->sc[SENDTO].total.calls, 7);
			t = lookup(ps, 20, 0);
			assert_int_equal(t->sc[SENDTO].records, 1);
		} else {
			assert_int_equal(ntasks(ps), 4);
			for (size_t i = 0; i < sizeof(feed) / sizeof(feed[0]); i++) {
				t = lookup(ps, feed[i].pid, feed[i].tid);
				assert_int_equal(t->sc[feed[i].sc].records, 1);
				assert_int_equal(t->sc[feed[i].sc].total.calls, feed[i].calls);
				assert_int_equal(t->sc[feed[i].sc].total.msgs, feed[i].msgs);
				assert_int_equal(procstats_task__msgs(t, false), feed[i].msgs);
			}
		}
		procstats__free(ps);
	}
}

/* a task first seen in the kernel's totals is the same task its records join */
static void test_record_after_totals_same_task(void **state)
{
	(void)state;
	for (int per_thread = 0; per_thread <= 1; per_thread++) {
		struct procstats *ps = new_ps(per_thread);
		struct procstats_task *t = set(ps, 300, per_thread ? 301 : 0, SENDMSG, 4, 4);

		add(ps, 300, 301, SENDMSG, 50, 1, "late");
		assert_int_equal(ntasks(ps), 1);
		assert_ptr_equal(lookup(ps, 300, per_thread ? 301 : 0), t);
		assert_string_equal(t->comm, "late");
		assert_int_equal(t->sc[SENDMSG].records, 1);
		assert_int_equal(t->sc[SENDMSG].total.calls, 4);
		/* and the other way round: totals for a task that only had records */
		add(ps, 400, 401, SENDTO, 50, 1, "first");
		t = lookup(ps, 400, per_thread ? 401 : 0);
		assert_ptr_equal(set(ps, 400, per_thread ? 401 : 0, SENDTO, 9, 9), t);
		assert_int_equal(ntasks(ps), 2);
		assert_int_equal(t->sc[SENDTO].total.calls, 9);
		assert_int_equal(t->sc[SENDTO].records, 1);
		procstats__free(ps);
	}
}

/* ------------------------------------------------------------------------ */
/* intervals                                                                */

static void test_interval_deltas(void **state)
{
	struct procstats *ps = new_ps(false);
	struct procstats_task **tasks, *t;
	struct mmsg_task_totals want, a, b;

	(void)state;
	t = set(ps, 5, 0, SENDMMSG, 10, 640);
	set(ps, 5, 0, SENDTO, 100, 100);

	/* first interval: everything since the start */
	assert_int_equal(procstats__interval(ps, 2.0, &tasks), 1);
	assert_ptr_equal(tasks[0], t);
	want = make_totals(10, 640);
	assert_totals_equal(&t->sc[SENDMMSG].delta, &want);
	want = make_totals(100, 100);
	assert_totals_equal(&t->sc[SENDTO].delta, &want);
	assert_true(totals_zero(&t->sc[RECVMMSG].delta));
	assert_int_equal(procstats_task__msgs(t, true), 740);
	assert_true(t->msgs_per_s == 370.0);	/* (640 + 100) / 2 s, all syscalls */

	/* second interval: the difference of the two snapshots, field by field */
	set(ps, 5, 0, SENDMMSG, 30, 2560);
	set(ps, 5, 0, SENDTO, 150, 150);
	set(ps, 5, 0, RECVMMSG, 4, 40);
	assert_int_equal(procstats__interval(ps, 0.5, &tasks), 1);
	a = make_totals(30, 2560);
	b = make_totals(10, 640);
	want = (struct mmsg_task_totals){
		.calls = a.calls - b.calls, .msgs = a.msgs - b.msgs, .bytes = a.bytes - b.bytes,
		.errors = a.errors - b.errors, .partial = a.partial - b.partial,
		.slots = a.slots - b.slots, .latency_ns = a.latency_ns - b.latency_ns,
	};
	assert_totals_equal(&t->sc[SENDMMSG].delta, &want);
	assert_int_equal(t->sc[SENDMMSG].delta.calls, 20);
	assert_int_equal(t->sc[SENDMMSG].delta.msgs, 1920);
	assert_int_equal(t->sc[SENDTO].delta.calls, 50);
	assert_int_equal(t->sc[SENDTO].delta.msgs, 50);
	assert_int_equal(t->sc[RECVMMSG].delta.msgs, 40);
	assert_int_equal(procstats_task__msgs(t, true), 1920 + 50 + 40);
	assert_true(t->msgs_per_s == 4020.0);	/* 2010 msgs / 0.5 s */
	/* totals stay cumulative */
	assert_int_equal(procstats_task__msgs(t, false), 2560 + 150 + 40);

	/* third interval without a new snapshot: nothing happened */
	assert_int_equal(procstats__interval(ps, 1.0, &tasks), 1);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		assert_true(totals_zero(&t->sc[sc].delta));
	assert_true(t->msgs_per_s == 0.0);

	/* a zero-length interval gives a rate of 0, not a division by zero */
	set(ps, 5, 0, SENDTO, 160, 160);
	procstats__interval(ps, 0.0, &tasks);
	assert_int_equal(t->sc[SENDTO].delta.msgs, 10);
	assert_true(t->msgs_per_s == 0.0);
	procstats__free(ps);
}

static void test_interval_percentiles(void **state)
{
	struct procstats *ps = new_ps(false);
	struct procstats_task **tasks, *t;
	const struct stats_percentiles *p;
	struct stats_percentiles run;

	(void)state;
	/* interval 1: 1000 .. 100000 ns */
	for (int i = 100; i >= 1; i--)
		add(ps, 9, 9, SENDMMSG, (uint64_t)i * 1000, 1, "p");
	procstats__interval(ps, 1.0, &tasks);
	t = tasks[0];
	p = &t->sc[SENDMMSG].interval_pct;
	assert_true(p->valid);
	assert_true(p->exact);
	assert_int_equal(p->count, 100);
	assert_int_equal(p->p50, 50000);
	assert_int_equal(p->p90, 90000);
	assert_int_equal(p->p99, 99000);
	assert_int_equal(p->max, 100000);
	assert_false(t->sc[SENDTO].interval_pct.valid);

	/* interval 2: only its own records (7, 8, 9 ns), not interval 1's */
	add(ps, 9, 9, SENDMMSG, 9, 1, "p");
	add(ps, 9, 9, SENDMMSG, 7, 1, "p");
	add(ps, 9, 9, SENDMMSG, 8, 1, "p");
	procstats__interval(ps, 1.0, &tasks);
	assert_int_equal(p->count, 3);
	assert_int_equal(p->p50, 8);
	assert_int_equal(p->p99, 9);
	assert_int_equal(p->max, 9);

	/* interval 3: no records, no percentiles */
	procstats__interval(ps, 1.0, &tasks);
	assert_false(p->valid);
	assert_int_equal(p->count, 0);

	/* the run's store kept every record */
	latency_store__percentiles(&t->sc[SENDMMSG].run_latency, &run);
	assert_true(run.valid);
	assert_int_equal(run.count, 103);
	assert_int_equal(run.max, 100000);
	assert_int_equal(t->sc[SENDMMSG].records, 103);
	procstats__free(ps);
}

static void test_interval_sort_order(void **state)
{
	/* delta msgs in the interval (total = before + delta) */
	static const struct {
		uint32_t pid, tid;
		uint64_t before, delta;
	} feed[] = {
		{ 1, 0, 0, 100 },	/* rate 100, total 100 */
		{ 2, 0, 0, 500 },	/* rate 500 */
		{ 3, 0, 900, 100 },	/* rate 100, total 1000: before pid 1 */
		{ 4, 0, 0, 100 },	/* rate 100, total 100: after pid 1 (pid) */
		{ 5, 0, 5000, 0 },	/* idle now, biggest total: rate 0 first of the idle */
		{ 6, 0, 0, 0 },		/* idle, nothing: last */
		{ 4, 2, 0, 100 },	/* per thread: same as 4/0 but tid 2 after tid 0 */
		{ 4, 1, 0, 100 },
	};
	static const struct { uint32_t pid, tid; } want[] = {
		{ 2, 0 }, { 3, 0 }, { 1, 0 }, { 4, 0 }, { 4, 1 }, { 4, 2 }, { 5, 0 }, { 6, 0 },
	};
	struct procstats *ps = new_ps(true);
	struct procstats_task **tasks;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(feed) / sizeof(feed[0]); i++)
		set(ps, feed[i].pid, feed[i].tid, SENDTO, feed[i].before, feed[i].before);
	procstats__interval(ps, 1.0, &tasks);
	for (size_t i = 0; i < sizeof(feed) / sizeof(feed[0]); i++)
		set(ps, feed[i].pid, feed[i].tid, SENDTO, feed[i].before + feed[i].delta,
		    feed[i].before + feed[i].delta);
	n = procstats__interval(ps, 1.0, &tasks);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++) {
		if (tasks[i]->pid != want[i].pid || tasks[i]->tid != want[i].tid)
			fail_msg("position %zu: got %u/%u, want %u/%u", i, tasks[i]->pid,
				 tasks[i]->tid, want[i].pid, want[i].tid);
	}
	assert_true(tasks[0]->msgs_per_s == 500.0);
	assert_true(tasks[6]->msgs_per_s == 0.0);
	procstats__free(ps);
}

static void test_by_total_order(void **state)
{
	static const struct { uint32_t pid; uint64_t sendto, sendmmsg; } feed[] = {
		{ 30, 10, 0 }, { 10, 5, 5 }, { 20, 0, 10 }, { 40, 1000, 1 }, { 50, 0, 0 },
	};
	/* 40: 1001; then 10, 20, 30 with 10 each (by pid); 50: 5 at the end */
	static const uint32_t want[] = { 40, 10, 20, 30, 50 };
	struct procstats *ps = new_ps(false);
	struct procstats_task **tasks;
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(feed) / sizeof(feed[0]); i++) {
		set(ps, feed[i].pid, 0, SENDTO, feed[i].sendto, feed[i].sendto);
		set(ps, feed[i].pid, 0, SENDMMSG, 1, feed[i].sendmmsg);
	}
	/* pid 50 is the only one busy in the last interval: first by rate ... */
	procstats__interval(ps, 1.0, &tasks);
	set(ps, 50, 0, SENDTO, 5, 5);
	procstats__interval(ps, 1.0, &tasks);
	assert_int_equal(tasks[0]->pid, 50);
	/* ... but last by total (5 < 10): rates do not change this order */
	n = procstats__by_total(ps, &tasks);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		if (tasks[i]->pid != want[i])
			fail_msg("position %zu: got pid %u, want %u", i, tasks[i]->pid, want[i]);
	procstats__free(ps);
}

static void test_mark_exited(void **state)
{
	struct procstats *ps = new_ps(true);
	struct procstats_task **tasks;
	size_t n;

	(void)state;
	add(ps, 10, 10, SENDTO, 1, 1, "a");
	add(ps, 10, 11, SENDTO, 1, 1, "a");
	add(ps, 10, 12, SENDTO, 1, 1, "a");
	add(ps, 11, 10, SENDTO, 1, 1, "b");	/* pid 11 (whose tid equals 10) stays */
	add(ps, 100, 100, SENDTO, 1, 1, "c");

	procstats__mark_exited(ps, 10);
	n = procstats__by_total(ps, &tasks);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(tasks[i]->exited, tasks[i]->pid == 10);
	/* an unknown pid changes nothing; marking twice is harmless */
	procstats__mark_exited(ps, 12345);
	procstats__mark_exited(ps, 10);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(tasks[i]->exited, tasks[i]->pid == 10);
	/* the rows stay, with their data */
	assert_int_equal(lookup(ps, 10, 11)->sc[SENDTO].records, 1);
	procstats__free(ps);
}

static void test_bad_syscall_index(void **state)
{
	static const unsigned bad[] = { MMSG_SYS_COUNT, MMSG_SYS_COUNT + 1, 1000, UINT32_MAX };
	struct procstats *ps = new_ps(false);
	struct procstats_task *t;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct mmsg_call_record r = make_rec(77, 77, bad[i], 100, -EAGAIN, "bad");
		struct mmsg_task_key key = { .pid = 88, .syscall = bad[i] };
		struct mmsg_task_totals tot = make_totals(5, 5);

		/* a record with a bad index is dropped whole: no task, no name */
		assert_int_equal(procstats__add_record(ps, &r), 0);
		assert_int_equal(ntasks(ps), 0);

		/* totals with a bad index make no task */
		t = procstats__set_totals(ps, &key, &tot);
		assert_null(t);
		assert_int_equal(ntasks(ps), 0);
		procstats__free(ps);
		ps = new_ps(false);
	}
	procstats__free(ps);
}

/* ------------------------------------------------------------------------ */
/* many tasks: the index grows and still finds every one                    */

#define MANY 5000

static void test_many_tasks(void **state)
{
	static struct procstats_task *first[MANY];

	(void)state;
	for (int per_thread = 0; per_thread <= 1; per_thread++) {
		struct procstats *ps = new_ps(per_thread);
		struct procstats_task **tasks;
		size_t n;

		/* per process: small pids and pids spread far apart (distinct: the
		 * spread ones are >= 8192); per thread: one pid, many tids */
		for (uint32_t i = 0; i < MANY; i++) {
			uint32_t pid = per_thread ? 4242 : (i % 2 ? i + 1 : (i + 1) << 13);
			uint32_t tid = per_thread ? i + 1 : 0;

			first[i] = set(ps, pid, tid, SENDTO, i + 1, 2 * (uint64_t)i + 1);
		}
		assert_int_equal(ntasks(ps), MANY);
		/* every task is found again (same object), with its own totals */
		for (uint32_t i = 0; i < MANY; i++) {
			uint32_t pid = per_thread ? 4242 : (i % 2 ? i + 1 : (i + 1) << 13);
			uint32_t tid = per_thread ? i + 1 : 0;
			struct procstats_task *t;

			assert_int_equal(first[i]->pid, pid);
			assert_int_equal(first[i]->tid, tid);
			assert_int_equal(first[i]->sc[SENDTO].total.calls, i + 1);
			assert_int_equal(first[i]->sc[SENDTO].total.msgs, 2 * (uint64_t)i + 1);
			t = set(ps, pid, tid, SENDMMSG, 1, 3 * (uint64_t)i);
			if (t != first[i])
				fail_msg("task %u/%u came back as another object", pid, tid);
			add(ps, pid, per_thread ? tid : 999, SENDTO, 10, 1, "m");
			assert_int_equal(first[i]->sc[SENDTO].records, 1);
		}
		assert_int_equal(ntasks(ps), MANY);
		/* the sorted views hold each task once, largest total first */
		n = procstats__interval(ps, 1.0, &tasks);
		assert_int_equal(n, MANY);
		assert_ptr_equal(tasks[0], first[MANY - 1]);
		assert_ptr_equal(tasks[MANY - 1], first[0]);
		for (size_t i = 1; i < n; i++)
			assert_true(tasks[i - 1]->msgs_per_s >= tasks[i]->msgs_per_s);
		procstats__free(ps);
	}
}

/* ------------------------------------------------------------------------ */
/* observe_summary helpers                                                  */

static void test_observe_summary_flags(void **state)
{
	/* one counter set at a time; exit_unmatched is outside the window, no loss */
	static const struct {
		const char *what;
		uint64_t lost_events, inflight_overflow, exit_unmatched, bytes_read_faults,
			task_overflow, targets_overflow, records_dropped;
		bool sampled, incomplete;
	} cases[] = {
		{ "nothing",           0, 0, 0, 0, 0, 0, 0, false, false },
		{ "lost_events",       3, 0, 0, 0, 0, 0, 0, true, false },
		{ "records_dropped",   0, 0, 0, 0, 0, 0, 1, true, false },
		{ "inflight_overflow", 0, 1, 0, 0, 0, 0, 0, false, true },
		{ "bytes_read_faults", 0, 0, 0, 2, 0, 0, 0, false, true },
		{ "task_overflow",     0, 0, 0, 0, 7, 0, 0, false, true },
		{ "exit_unmatched",    0, 0, 5, 0, 0, 0, 0, false, false },
		{ "targets_overflow",  0, 0, 0, 0, 0, 4, 0, false, true },
		{ "everything",        1, 1, 1, 1, 1, 1, 1, true, true },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct observe_summary s;

		memset(&s, 0, sizeof(s));
		/* calls, errors and the per-syscall slots never matter */
		s.all.calls = 1000;
		s.all.errors = 10;
		s.all.partial = 3;
		s.sc[SENDTO].lost_events = 99;
		s.records = 1000;
		s.all.lost_events = cases[i].lost_events;
		s.all.inflight_overflow = cases[i].inflight_overflow;
		s.all.exit_unmatched = cases[i].exit_unmatched;
		s.all.bytes_read_faults = cases[i].bytes_read_faults;
		s.all.task_overflow = cases[i].task_overflow;
		s.all.targets_overflow = cases[i].targets_overflow;
		s.records_dropped = cases[i].records_dropped;
		if (observe_summary__sampled(&s) != cases[i].sampled)
			fail_msg("%s: sampled %d, want %d", cases[i].what,
				 observe_summary__sampled(&s), cases[i].sampled);
		if (observe_summary__incomplete(&s) != cases[i].incomplete)
			fail_msg("%s: incomplete %d, want %d", cases[i].what,
				 observe_summary__incomplete(&s), cases[i].incomplete);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_add_record_creates_task),
		cmocka_unit_test(test_errno_folding),
		cmocka_unit_test(test_comm_raw_bytes_latest_wins),
		cmocka_unit_test(test_set_totals),
		cmocka_unit_test(test_per_thread_folding),
		cmocka_unit_test(test_record_after_totals_same_task),
		cmocka_unit_test(test_interval_deltas),
		cmocka_unit_test(test_interval_percentiles),
		cmocka_unit_test(test_interval_sort_order),
		cmocka_unit_test(test_by_total_order),
		cmocka_unit_test(test_mark_exited),
		cmocka_unit_test(test_bad_syscall_index),
		cmocka_unit_test(test_many_tasks),
		cmocka_unit_test(test_observe_summary_flags),
		cmocka_unit_test(test_blocking),
	};

	return cmocka_run_group_tests_name("procstats", tests, NULL, NULL);
}
