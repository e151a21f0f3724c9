// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for user/batching.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/batching.h"

/*
 * Allocation failures on demand: this binary's malloc family forwards to
 * glibc's while allocs_left is not 0. Not with AddressSanitizer, which
 * brings its own allocator; under valgrind, which replaces these, a probe
 * finds they do not fail. The out-of-memory test is skipped in both cases.
 */
#if defined(__SANITIZE_ADDRESS__)
#define HAVE_ALLOC_FAILURES 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HAVE_ALLOC_FAILURES 0
#endif
#endif
#ifndef HAVE_ALLOC_FAILURES
#define HAVE_ALLOC_FAILURES 1
#endif

#if HAVE_ALLOC_FAILURES
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);

/* allocations that still succeed, the later ones fail; -1: no limit */
static long allocs_left = -1;

static bool alloc_allowed(void)
{
	if (allocs_left < 0)
		return true;
	if (allocs_left == 0)
		return false;
	allocs_left--;
	return true;
}

void *malloc(size_t size)
{
	return alloc_allowed() ? __libc_malloc(size) : NULL;
}

void *calloc(size_t n, size_t size)
{
	return alloc_allowed() ? __libc_calloc(n, size) : NULL;
}

void *realloc(void *p, size_t size)
{
	return alloc_allowed() ? __libc_realloc(p, size) : NULL;
}

void free(void *p)
{
	__libc_free(p);
}
#endif

#define SENDMMSG MMSG_SYS_SENDMMSG
#define SENDTO MMSG_SYS_SENDTO
#define SENDMSG MMSG_SYS_SENDMSG

static struct batching *new_batching(uint64_t gap_ns)
{
	struct batching *b = batching__new(gap_ns);

	assert_non_null(b);
	return b;
}

static void add_ok(struct batching *b, uint32_t pid, int32_t fd, unsigned syscall,
		   uint64_t enter_ns, uint64_t exit_ns, uint32_t msgs)
{
	assert_int_equal(batching__add(b, pid, fd, syscall, enter_ns, exit_ns, msgs, msgs ? msgs : 1),
			 0);
}

/*
 * n calls from t on: each lasts dur ns, the next one enters `space` ns after
 * the previous exit. Returns the last exit.
 */
static uint64_t add_run(struct batching *b, uint32_t pid, int32_t fd, unsigned syscall, uint64_t t,
			unsigned n, uint64_t dur, uint64_t space, uint32_t msgs)
{
	for (unsigned i = 0; i < n; i++) {
		if (i)
			t += space;
		add_ok(b, pid, fd, syscall, t, t + dur, msgs);
		t += dur;
	}
	return t;
}

/* the report of a pid with exactly one reported fd */
static void report_one(const struct batching *b, uint32_t pid, double seconds, double per_call_ns,
		       struct batching_fd *out)
{
	assert_int_equal(batching__report(b, pid, seconds, per_call_ns, out, 1), 1);
	assert_int_equal(out->pid, pid);
}

/* the report entry of fd, which must be there */
static void report_fd(const struct batching *b, uint32_t pid, int32_t fd, struct batching_fd *out)
{
	struct batching_fd all[16];
	size_t n = batching__report(b, pid, 1.0, 0, all, 16);

	assert_true(n <= 16);
	for (size_t i = 0; i < n; i++) {
		if (all[i].fd == fd) {
			*out = all[i];
			return;
		}
	}
	fail_msg("fd %d of pid %u not reported", fd, pid);
}

static void test_empty(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r = { .fd = -999 };

	(void)state;
	assert_int_equal(batching__report(b, 1, 1.0, 100, NULL, 0), 0);
	assert_int_equal(batching__report(b, 0, 1.0, 100, &r, 1), 0);
	assert_int_equal(r.fd, -999);
	batching__free(b);
	batching__free(NULL);
}

/* every call its own burst: nothing to save */
static void test_gaps_larger_than_gap_ns(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	add_run(b, 10, 3, SENDTO, 5000, 10, 100, 9900, 1);
	report_one(b, 10, 2.0, 500, &r);
	assert_int_equal(r.fd, 3);
	assert_int_equal(r.calls, 10);
	assert_int_equal(r.calls_by_syscall[SENDTO], 10);
	assert_int_equal(r.single_calls, 10);
	assert_int_equal(r.msgs, 10);
	assert_true(r.msgs_per_call == 1.0);
	assert_int_equal(r.bursts, 10);
	assert_true(r.burst_msgs_mean == 1.0);
	assert_int_equal(r.calls_if_batched, 10);
	assert_int_equal(r.calls_avoided, 0);
	assert_true(r.avoided_per_s == 0.0);
	assert_true(r.saved_ns_per_s == 0.0);
	assert_true(r.saved_pct_of_send_time == 0.0);
	assert_int_equal(r.send_time_ns, 1000);
	assert_true(r.burst_msgs.valid);
	assert_true(r.burst_msgs.exact);
	assert_int_equal(r.burst_msgs.count, 10);
	assert_int_equal(r.burst_msgs.p50, 1);
	assert_int_equal(r.burst_msgs.max, 1);
	batching__free(b);
}

/* back to back within the gap: one burst of N, one sendmmsg would do */
static void test_back_to_back_one_burst(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	add_run(b, 10, 3, SENDTO, 0, 100, 100, 50, 1);
	report_one(b, 10, 2.0, 300, &r);
	assert_int_equal(r.calls, 100);
	assert_int_equal(r.bursts, 1);
	assert_true(r.burst_msgs_mean == 100.0);
	assert_int_equal(r.burst_msgs.count, 1);
	assert_int_equal(r.burst_msgs.p50, 100);
	assert_int_equal(r.burst_msgs.max, 100);
	assert_int_equal(r.calls_if_batched, 1);
	assert_int_equal(r.calls_avoided, 99);
	assert_true(r.avoided_per_s == 49.5);
	assert_true(r.per_call_ns == 300.0);
	assert_true(r.saved_ns_per_s == 14850.0);
	assert_int_equal(r.send_time_ns, 10000);
	assert_true(r.saved_pct_of_send_time == 297.0);	/* 100 * 99 * 300 / 10000 */
	batching__free(b);
}

/* fd 3 sends back to back while fd 4's sparse sends fall in between */
static void test_two_fds_kept_apart(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r[3];

	(void)state;
	for (unsigned i = 0; i < 20; i++) {
		uint64_t t = (uint64_t)i * 200, t4 = (uint64_t)i * 5000 + 150;

		add_ok(b, 7, 3, SENDTO, t, t + 100, 1);
		if (i % 4 == 0)
			add_ok(b, 7, 4, SENDTO, t4, t4 + 30, 1);
	}
	assert_int_equal(batching__report(b, 7, 1.0, 0, r, 3), 2);
	assert_int_equal(r[0].fd, 3);
	assert_int_equal(r[0].calls, 20);
	assert_int_equal(r[0].bursts, 1);
	assert_int_equal(r[0].calls_avoided, 19);
	assert_int_equal(r[1].fd, 4);
	assert_int_equal(r[1].calls, 5);
	assert_int_equal(r[1].bursts, 5);
	assert_int_equal(r[1].calls_avoided, 0);
	batching__free(b);
}

/* the same fd number in three pids, interleaved in time */
static void test_two_pids_kept_apart(void **state)
{
	static const uint32_t never_seen[] = { 0, 99, 101, 150, 400, UINT32_MAX };
	struct batching *b = new_batching(1000);
	struct batching_fd r[2];

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		uint64_t t = (uint64_t)i * 300, t300 = (uint64_t)i * 100000;

		if (i < 3)
			add_ok(b, 100, 5, SENDTO, t, t + 100, 1);
		add_ok(b, 200, 5, SENDMSG, t + 10, t + 110, 1);
		if (i < 2)
			add_ok(b, 300, 5, SENDTO, t300, t300 + 10, 1);
	}
	/* each pid has its own fd 5, with only its own calls */
	assert_int_equal(batching__report(b, 100, 1.0, 0, r, 2), 1);
	assert_int_equal(r[0].pid, 100);
	assert_int_equal(r[0].fd, 5);
	assert_int_equal(r[0].calls, 3);
	assert_int_equal(r[0].calls_by_syscall[SENDTO], 3);
	assert_int_equal(r[0].calls_by_syscall[SENDMSG], 0);
	assert_int_equal(r[0].bursts, 1);
	assert_int_equal(r[0].calls_avoided, 2);
	assert_int_equal(batching__report(b, 200, 1.0, 0, r, 2), 1);
	assert_int_equal(r[0].pid, 200);
	assert_int_equal(r[0].fd, 5);
	assert_int_equal(r[0].calls, 4);
	assert_int_equal(r[0].calls_by_syscall[SENDMSG], 4);
	assert_int_equal(r[0].calls_by_syscall[SENDTO], 0);
	assert_int_equal(r[0].bursts, 1);
	assert_int_equal(r[0].calls_avoided, 3);
	assert_int_equal(batching__report(b, 300, 1.0, 0, r, 2), 1);
	assert_int_equal(r[0].pid, 300);
	assert_int_equal(r[0].fd, 5);
	assert_int_equal(r[0].calls, 2);
	assert_int_equal(r[0].bursts, 2);
	assert_int_equal(r[0].calls_avoided, 0);

	/* pids never seen (next to the real ones, and the extremes) have nothing */
	for (size_t i = 0; i < sizeof(never_seen) / sizeof(never_seen[0]); i++) {
		r[0].fd = -999;
		assert_int_equal(batching__report(b, never_seen[i], 1.0, 0, r, 2), 0);
		assert_int_equal(r[0].fd, -999);
	}
	batching__free(b);
}

/* an fd that batches well is not reported, until it makes one single-message call */
static void test_sendmmsg_only_not_reported(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;
	uint64_t t;

	(void)state;
	t = add_run(b, 9, 3, SENDMMSG, 0, 5, 100, 10, 64);
	assert_int_equal(batching__report(b, 9, 1.0, 100, &r, 1), 0);

	/* the five unreported calls were kept all along: they are in the counts now */
	add_ok(b, 9, 3, SENDMMSG, t + 10, t + 100, 1);
	report_one(b, 9, 1.0, 100, &r);
	assert_int_equal(r.calls, 6);
	assert_int_equal(r.calls_by_syscall[SENDMMSG], 6);
	assert_int_equal(r.calls_by_syscall[SENDTO], 0);
	assert_int_equal(r.single_calls, 1);
	assert_int_equal(r.msgs, 321);
	assert_true(r.msgs_per_call == 53.5);
	assert_int_equal(r.bursts, 1);
	assert_int_equal(r.calls_if_batched, 1);
	assert_int_equal(r.calls_avoided, 5);
	batching__free(b);
}

/* a sendmmsg carries at most 1024 messages: bursts above need ceil(n / 1024) calls */
static void test_large_bursts(void **state)
{
	static const struct {
		int32_t fd;
		unsigned calls;
		uint64_t batched;
	} cases[] = {
		{ 1, 1024, 1 }, { 2, 1025, 2 }, { 3, 2048, 2 }, { 4, 3000, 3 },
	};
	struct batching *b = new_batching(1000);
	struct batching_fd r;
	uint64_t t;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		add_run(b, 1, cases[i].fd, SENDTO, 0, cases[i].calls, 10, 10, 1);
		report_fd(b, 1, cases[i].fd, &r);
		assert_int_equal(r.bursts, 1);
		assert_int_equal(r.burst_msgs.max, cases[i].calls);
		assert_int_equal(r.calls_if_batched, cases[i].batched);
		assert_int_equal(r.calls_avoided, cases[i].calls - cases[i].batched);
	}
	/* one message and a full sendmmsg: 1025 messages need the two calls made */
	t = add_run(b, 1, 5, SENDTO, 0, 1, 10, 10, 1);
	add_ok(b, 1, 5, SENDMMSG, t + 10, t + 20, 1024);
	report_fd(b, 1, 5, &r);
	assert_int_equal(r.msgs, 1025);
	assert_int_equal(r.calls_if_batched, 2);
	assert_int_equal(r.calls_avoided, 0);
	batching__free(b);
}

/* a failure between two successes within the gap: ignored, the burst is as without it */
static void test_failed_call_within_burst(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	add_ok(b, 1, 3, SENDTO, 0, 100, 1);
	add_ok(b, 1, 3, SENDTO, 150, 200, 0);
	add_ok(b, 1, 3, SENDMMSG, 250, 260, 0);
	add_ok(b, 1, 3, SENDTO, 300, 400, 1);
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.calls, 2);
	assert_int_equal(r.calls_by_syscall[SENDTO], 2);
	assert_int_equal(r.calls_by_syscall[SENDMMSG], 0);
	assert_int_equal(r.single_calls, 2);
	assert_int_equal(r.msgs, 2);
	assert_true(r.msgs_per_call == 1.0);
	assert_int_equal(r.bursts, 1);
	assert_int_equal(r.burst_msgs.count, 1);
	assert_int_equal(r.burst_msgs.max, 2);
	assert_int_equal(r.calls_if_batched, 1);
	assert_int_equal(r.calls_avoided, 1);
	assert_int_equal(r.send_time_ns, 200);
	batching__free(b);
}

/* a failure neither extends the open burst nor opens one of its own */
static void test_failed_call_no_burst_end(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	/* a slow failure exiting late: the burst's end stays at 100, 1200 splits */
	add_ok(b, 1, 3, SENDTO, 0, 100, 1);
	add_ok(b, 1, 3, SENDTO, 150, 1000000, 0);
	add_ok(b, 1, 3, SENDTO, 1200, 1300, 1);
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.calls, 2);
	assert_int_equal(r.bursts, 2);
	assert_int_equal(r.burst_msgs.max, 1);
	assert_int_equal(r.calls_if_batched, 2);
	assert_int_equal(r.calls_avoided, 0);
	assert_int_equal(r.send_time_ns, 200);

	/* a failure past the gap: the next success is judged against the first, not it */
	add_ok(b, 2, 3, SENDTO, 0, 100, 1);
	add_ok(b, 2, 3, SENDTO, 5000, 5100, 0);
	add_ok(b, 2, 3, SENDTO, 5200, 5300, 1);	/* within gap_ns of the failure only */
	report_one(b, 2, 1.0, 0, &r);
	assert_int_equal(r.calls, 2);
	assert_int_equal(r.bursts, 2);
	assert_int_equal(r.burst_msgs.count, 2);
	assert_int_equal(r.burst_msgs.p50, 1);
	assert_int_equal(r.burst_msgs.max, 1);
	assert_int_equal(r.calls_avoided, 0);

	/* the same, arriving out of order: the late success still joins the first */
	add_ok(b, 3, 3, SENDTO, 0, 100, 1);
	add_ok(b, 3, 3, SENDTO, 5000, 5100, 0);
	add_ok(b, 3, 3, SENDTO, 600, 700, 1);	/* within gap_ns of the first success */
	report_one(b, 3, 1.0, 0, &r);
	assert_int_equal(r.calls, 2);
	assert_int_equal(r.bursts, 1);
	assert_int_equal(r.burst_msgs.max, 2);
	assert_int_equal(r.calls_avoided, 1);
	batching__free(b);
}

/* an fd with nothing but failures is never reported; its first success starts afresh */
static void test_failed_calls_only(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	add_run(b, 1, 4, SENDTO, 0, 5, 50, 10, 0);
	add_run(b, 1, 5, SENDMMSG, 0, 3, 50, 10, 0);
	assert_int_equal(batching__report(b, 1, 1.0, 0, NULL, 0), 0);

	/* enters 10 ns after the last failure: joins nothing, no earlier call counts */
	add_ok(b, 1, 4, SENDTO, 310, 400, 1);
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.fd, 4);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.msgs, 1);
	assert_int_equal(r.bursts, 1);
	assert_int_equal(r.calls_if_batched, 1);
	assert_int_equal(r.calls_avoided, 0);
	assert_int_equal(r.send_time_ns, 90);
	batching__free(b);
}

/* one success, then 999 failing sendto 1 us apart: nothing one sendmmsg would save */
static void test_failures_avoid_nothing(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	add_ok(b, 1, 3, SENDTO, 0, 100, 1);
	add_run(b, 1, 3, SENDTO, 1000, 999, 100, 900, 0);
	report_one(b, 1, 1.0, 300, &r);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.calls_by_syscall[SENDTO], 1);
	assert_int_equal(r.single_calls, 1);
	assert_int_equal(r.msgs, 1);
	assert_int_equal(r.bursts, 1);
	assert_int_equal(r.calls_if_batched, 1);
	assert_int_equal(r.calls_avoided, 0);
	assert_true(r.avoided_per_s == 0.0);
	assert_true(r.saved_ns_per_s == 0.0);
	assert_int_equal(r.send_time_ns, 100);
	assert_true(r.saved_pct_of_send_time == 0.0);
	batching__free(b);
}

/* records from other CPUs arrive late: entering before the burst's end joins it */
static void test_out_of_order_enter_joins(void **state)
{
	struct batching *b = new_batching(0);
	struct batching_fd r;

	(void)state;
	add_ok(b, 1, 3, SENDTO, 1000, 2000, 1);
	add_ok(b, 1, 3, SENDTO, 1500, 2100, 1);	/* enters before the previous exit */
	add_ok(b, 1, 3, SENDTO, 500, 600, 1);	/* wholly before: joins, end stays 2100 */
	add_ok(b, 1, 3, SENDTO, 2100, 2200, 1);	/* touches the end (2100, not 600) */
	add_ok(b, 1, 3, SENDTO, 2201, 2300, 1);	/* 1 ns after the end: new burst */
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.calls, 5);
	assert_int_equal(r.bursts, 2);
	assert_int_equal(r.burst_msgs.max, 4);
	assert_int_equal(r.calls_if_batched, 2);
	assert_int_equal(r.calls_avoided, 3);
	assert_int_equal(r.send_time_ns, 1000 + 600 + 100 + 100 + 99);
	batching__free(b);
}

static void test_gap_boundary(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	add_ok(b, 1, 3, SENDTO, 0, 100, 1);
	add_ok(b, 1, 3, SENDTO, 1100, 1200, 1);	/* exactly gap_ns after: joins */
	add_ok(b, 1, 3, SENDTO, 2201, 2300, 1);	/* gap_ns + 1 after: splits */
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.bursts, 2);
	assert_int_equal(r.burst_msgs.max, 2);
	assert_int_equal(r.burst_msgs.p50, 1);
	assert_int_equal(r.calls_avoided, 1);
	batching__free(b);

	/* gap_ns 0: only touching or overlapping calls join */
	b = new_batching(0);
	add_ok(b, 1, 3, SENDTO, 0, 100, 1);
	add_ok(b, 1, 3, SENDTO, 100, 150, 1);
	add_ok(b, 1, 3, SENDTO, 151, 200, 1);
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.bursts, 2);
	assert_int_equal(r.calls_avoided, 1);
	batching__free(b);
}

/* a gap so large that end + gap_ns would overflow: everything joins */
static void test_gap_huge(void **state)
{
	struct batching *b = new_batching(UINT64_MAX);
	struct batching_fd r;

	(void)state;
	add_ok(b, 1, 3, SENDTO, 0, 10, 1);
	add_ok(b, 1, 3, SENDTO, (uint64_t)1 << 62, ((uint64_t)1 << 62) + 10, 1);
	add_ok(b, 1, 3, SENDTO, UINT64_MAX - 100, UINT64_MAX - 50, 1);
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.bursts, 1);
	assert_int_equal(r.calls_avoided, 2);
	batching__free(b);
}

/* bursts 4, 1, 3, 2 and the open one, 10: it counts */
static void test_burst_percentiles(void **state)
{
	static const unsigned sizes[] = { 4, 1, 3, 2, 10 };
	struct batching *b = new_batching(1000);
	struct batching_fd r;
	uint64_t t = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		t = add_run(b, 1, 3, SENDTO, t + 100000, sizes[i], 100, 10, 1);
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.bursts, 5);
	assert_true(r.burst_msgs_mean == 4.0);
	assert_true(r.burst_msgs.valid);
	assert_true(r.burst_msgs.exact);
	assert_int_equal(r.burst_msgs.count, 5);
	assert_int_equal(r.burst_msgs.p50, 3);
	assert_int_equal(r.burst_msgs.p90, 10);
	assert_int_equal(r.burst_msgs.p99, 10);
	assert_int_equal(r.burst_msgs.max, 10);
	assert_int_equal(r.calls_if_batched, 5);
	assert_int_equal(r.calls_avoided, 15);
	batching__free(b);
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/* nearest rank on a sorted array: ceil(n * permille / 1000) */
static uint64_t ref_rank(const uint64_t *sorted, size_t n, unsigned permille)
{
	size_t rank = (n * permille + 999) / 1000;

	return sorted[(rank ? rank : 1) - 1];
}

/* more bursts than the module keeps in its small array: still exact */
static void test_burst_percentiles_many(void **state)
{
	enum { N = 5000 };
	struct batching *b = new_batching(1000);
	uint64_t *sizes = calloc(N, sizeof(*sizes));
	struct batching_fd r;

	(void)state;
	assert_non_null(sizes);
	for (size_t i = 0; i < N; i++) {
		/* one sendmmsg per burst, 1..97 messages in a scrambled order */
		sizes[i] = (i * 7919) % 97 + 1;
		add_ok(b, 1, 3, SENDMMSG, i * 100000, i * 100000 + 10, (uint32_t)sizes[i]);
	}
	report_one(b, 1, 1.0, 0, &r);
	qsort(sizes, N, sizeof(*sizes), cmp_u64);
	assert_int_equal(r.bursts, N);
	assert_true(r.burst_msgs.exact);
	assert_int_equal(r.burst_msgs.count, N);
	assert_int_equal(r.burst_msgs.p50, ref_rank(sizes, N, 500));
	assert_int_equal(r.burst_msgs.p90, ref_rank(sizes, N, 900));
	assert_int_equal(r.burst_msgs.p99, ref_rank(sizes, N, 990));
	assert_int_equal(r.burst_msgs.max, 97);
	free(sizes);
	batching__free(b);
}

/* past 1<<20 bursts the store estimates; the open burst is still in count and max */
static void test_burst_percentiles_estimated(void **state)
{
	const size_t n = ((size_t)1 << 20) + 9;
	struct batching *b = new_batching(0);
	struct batching_fd r;

	(void)state;
	for (size_t i = 0; i + 1 < n; i++)
		add_ok(b, 1, 3, SENDMMSG, i * 10, i * 10 + 1, (uint32_t)(i % 100) + 1);
	add_ok(b, 1, 3, SENDMMSG, n * 10, n * 10 + 1, 5000);
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.bursts, n);
	assert_true(r.burst_msgs.valid);
	assert_false(r.burst_msgs.exact);
	assert_int_equal(r.burst_msgs.count, n);
	assert_int_equal(r.burst_msgs.max, 5000);
	/* values below 128 have a bucket each: uniform 1..100 */
	assert_in_range(r.burst_msgs.p50, 50, 51);
	assert_in_range(r.burst_msgs.p99, 99, 100);
	batching__free(b);
}

/* reporting changes nothing: the open burst stays open */
static void test_report_leaves_state(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r1, r2;
	uint64_t t;

	(void)state;
	t = add_run(b, 1, 3, SENDTO, 0, 3, 100, 10, 1);
	report_one(b, 1, 1.0, 10, &r1);
	report_one(b, 1, 1.0, 10, &r2);
	assert_int_equal(r1.calls, r2.calls);
	assert_int_equal(r1.bursts, r2.bursts);
	assert_int_equal(r1.burst_msgs.count, r2.burst_msgs.count);
	assert_int_equal(r1.calls_avoided, r2.calls_avoided);
	assert_int_equal(r2.bursts, 1);

	add_ok(b, 1, 3, SENDTO, t + 10, t + 110, 1);
	report_one(b, 1, 1.0, 10, &r1);
	assert_int_equal(r1.calls, 4);
	assert_int_equal(r1.bursts, 1);
	assert_int_equal(r1.burst_msgs.count, 1);
	assert_int_equal(r1.burst_msgs.max, 4);
	assert_int_equal(r1.calls_avoided, 3);
	batching__free(b);
}

/* fds 10, 3, 7, 5, 8 avoiding 5, 0, 10, 10, 5 calls */
static struct batching *sort_fixture(void)
{
	static const struct {
		int32_t fd;
		unsigned avoided;
	} fds[] = {
		{ 10, 5 }, { 3, 0 }, { 7, 10 }, { 5, 10 }, { 8, 5 },
	};
	struct batching *b = new_batching(1000);

	for (size_t i = 0; i < sizeof(fds) / sizeof(fds[0]); i++)
		add_run(b, 42, fds[i].fd, SENDTO, 0, fds[i].avoided + 1, 100, 10, 1);
	/* another pid's fds stay out */
	add_run(b, 43, 1, SENDTO, 0, 50, 100, 10, 1);
	return b;
}

static void test_sort_order(void **state)
{
	static const int32_t order[] = { 5, 7, 8, 10, 3 };
	struct batching *b = sort_fixture();
	struct batching_fd r[8];

	(void)state;
	memset(r, 0, sizeof(r));
	r[5].fd = -999;
	assert_int_equal(batching__report(b, 42, 1.0, 0, r, 8), 5);
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(r[i].fd, order[i]);
		assert_int_equal(r[i].pid, 42);
		assert_int_equal(r[i].calls, r[i].calls_avoided + 1);
	}
	assert_int_equal(r[5].fd, -999);
	batching__free(b);
}

static void test_max_smaller_than_count(void **state)
{
	struct batching *b = sort_fixture();
	struct batching_fd r[5];

	(void)state;
	assert_int_equal(batching__report(b, 42, 1.0, 0, NULL, 0), 5);

	memset(r, 0, sizeof(r));
	r[2].fd = -999;
	assert_int_equal(batching__report(b, 42, 1.0, 0, r, 2), 5);
	assert_int_equal(r[0].fd, 5);
	assert_int_equal(r[0].calls, 11);
	assert_int_equal(r[0].calls_avoided, 10);
	assert_int_equal(r[1].fd, 7);
	assert_int_equal(r[1].calls, 11);
	assert_int_equal(r[2].fd, -999);

	memset(r, 0, sizeof(r));
	r[1].fd = -999;
	assert_int_equal(batching__report(b, 42, 1.0, 0, r, 1), 5);
	assert_int_equal(r[0].fd, 5);
	assert_int_equal(r[1].fd, -999);

	r[4].fd = -999;
	assert_int_equal(batching__report(b, 42, 1.0, 0, r, 4), 5);
	assert_int_equal(r[2].fd, 8);
	assert_int_equal(r[3].fd, 10);
	assert_int_equal(r[4].fd, -999);
	batching__free(b);
}

/* 100 pids x 100 fds, added in a scrambled order and interleaved: the table grows */
static void test_many_pairs(void **state)
{
	enum { PIDS = 100, FDS = 100, PAIRS = PIDS * FDS };
	struct batching *b = new_batching(1000);
	struct batching_fd *r = calloc(FDS + 1, sizeof(*r));
	uint64_t calls_added = 0, calls_reported = 0;

	(void)state;
	assert_non_null(r);
	/* round j: call j of every pair that makes more than j calls */
	for (unsigned j = 0; j < 7; j++) {
		for (unsigned i = 0; i < PAIRS; i++) {
			unsigned idx = (i * 7919) % PAIRS;	/* 7919 is prime: a permutation */
			uint32_t pid = 1000 + (idx % PIDS) * 3;
			int32_t fd = (int32_t)(idx / PIDS);
			uint64_t t = (uint64_t)j * 150;

			if (j < idx % 7 + 1) {
				add_ok(b, pid, fd, SENDTO, t, t + 100, 1);
				calls_added++;
			}
		}
	}
	for (unsigned p = 0; p < PIDS; p++) {
		uint32_t pid = 1000 + p * 3;
		bool seen[FDS] = { false };

		/* the pids between are not mixed up with their neighbours */
		assert_int_equal(batching__report(b, pid - 1, 1.0, 0, NULL, 0), 0);
		assert_int_equal(batching__report(b, pid + 1, 1.0, 0, NULL, 0), 0);
		assert_int_equal(batching__report(b, pid, 1.0, 0, r, FDS + 1), FDS);
		for (unsigned k = 0; k < FDS; k++) {
			unsigned idx;

			assert_int_equal(r[k].pid, pid);
			assert_in_range(r[k].fd, 0, FDS - 1);
			assert_false(seen[r[k].fd]);
			seen[r[k].fd] = true;
			idx = (unsigned)r[k].fd * PIDS + p;
			assert_int_equal(r[k].calls, idx % 7 + 1);
			calls_reported += r[k].calls;
			assert_int_equal(r[k].bursts, 1);
			assert_int_equal(r[k].calls_avoided, idx % 7);
			if (k)
				assert_true(r[k - 1].calls_avoided > r[k].calls_avoided ||
					    (r[k - 1].calls_avoided == r[k].calls_avoided &&
					     r[k - 1].fd < r[k].fd));
		}
	}
	/* every call is in the report of its own pid: none went to another */
	assert_int_equal(calls_reported, calls_added);
	free(r);
	batching__free(b);
}

static void test_saved_pct_of_send_time(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	/* 4 calls of 1000 ns back to back: 3 avoided at 500 ns of 4000 ns */
	add_run(b, 1, 3, SENDTO, 0, 4, 1000, 100, 1);
	report_one(b, 1, 2.0, 500, &r);
	assert_int_equal(r.send_time_ns, 4000);
	assert_int_equal(r.calls_avoided, 3);
	assert_true(r.saved_pct_of_send_time == 37.5);
	assert_true(r.saved_ns_per_s == 750.0);

	/* no measurable send time (and an exit before its enter adds none): 0 */
	add_ok(b, 2, 3, SENDTO, 100, 100, 1);
	add_ok(b, 2, 3, SENDTO, 100, 100, 1);
	add_ok(b, 2, 3, SENDTO, 200, 150, 1);
	report_one(b, 2, 2.0, 500, &r);
	assert_int_equal(r.send_time_ns, 0);
	assert_int_equal(r.calls_avoided, 2);
	assert_true(r.saved_pct_of_send_time == 0.0);
	batching__free(b);
}

/* seconds must be > 0 and per_call_ns >= 0: outside, rates are 0 and the counts stay */
static void test_bad_seconds_and_cost(void **state)
{
	static const double bad_seconds[] = { 0.0, -1.0, NAN };
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	add_run(b, 1, 3, SENDTO, 0, 3, 100, 10, 1);
	for (size_t i = 0; i < sizeof(bad_seconds) / sizeof(bad_seconds[0]); i++) {
		report_one(b, 1, bad_seconds[i], 100, &r);
		assert_int_equal(r.calls_avoided, 2);
		assert_true(r.avoided_per_s == 0.0);
		assert_true(r.saved_ns_per_s == 0.0);
		assert_true(r.per_call_ns == 100.0);
	}
	report_one(b, 1, 4.0, -5.0, &r);
	assert_true(r.avoided_per_s == 0.5);
	assert_true(r.per_call_ns == 0.0);
	assert_true(r.saved_ns_per_s == 0.0);
	assert_true(r.saved_pct_of_send_time == 0.0);
	report_one(b, 1, 4.0, NAN, &r);
	assert_true(r.per_call_ns == 0.0);
	assert_true(r.saved_ns_per_s == 0.0);
	report_one(b, 1, 4.0, 100, &r);
	assert_true(r.saved_ns_per_s == 50.0);
	assert_true(r.saved_pct_of_send_time == 200.0 / 3.0);
	batching__free(b);
}

static void test_rejects_unknown_syscall(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	assert_int_equal(batching__add(b, 1, 3, MMSG_SYS_COUNT, 0, 10, 1, 1), -EINVAL);
	assert_int_equal(batching__add(b, 1, 3, 99, 0, 10, 1, 1), -EINVAL);
	/* a failed one too: -EINVAL before being ignored */
	assert_int_equal(batching__add(b, 1, 3, 99, 0, 10, 0, 1), -EINVAL);
	assert_int_equal(batching__report(b, 1, 1.0, 0, &r, 1), 0);
	batching__free(b);
}

/* a receive with data ends the open burst: the next send may answer it */
static void test_receive_cuts_burst(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	add_ok(b, 1, 3, SENDTO, 0, 10, 1);
	add_ok(b, 1, 3, SENDTO, 20, 30, 1);
	add_ok(b, 1, 3, MMSG_SYS_RECVFROM, 35, 38, 1);
	/* within the gap, but after the receive */
	add_ok(b, 1, 3, SENDTO, 40, 50, 1);
	add_ok(b, 1, 3, SENDTO, 60, 70, 1);
	/* a receive on another fd cuts nothing here */
	add_ok(b, 1, 4, MMSG_SYS_RECVMSG, 75, 78, 1);
	add_ok(b, 1, 3, SENDTO, 80, 90, 1);
	/* a failed receive delivered nothing: no cut */
	add_ok(b, 1, 3, MMSG_SYS_RECVMSG, 92, 93, 0);
	add_ok(b, 1, 3, SENDTO, 95, 99, 1);
	report_fd(b, 1, 3, &r);
	assert_int_equal(r.calls, 6);
	assert_int_equal(r.bursts, 2);
	assert_int_equal(r.bursts_cut_by_receive, 1);
	assert_int_equal(r.receives, 1);
	assert_int_equal(r.calls_if_batched, 2);
	assert_int_equal(r.calls_avoided, 4);
	assert_int_equal(r.calls_by_syscall[MMSG_SYS_RECVFROM], 0);
	/* two receives in a row cut once */
	add_ok(b, 1, 3, MMSG_SYS_RECVFROM, 100, 101, 1);
	add_ok(b, 1, 3, MMSG_SYS_RECVMMSG, 102, 103, 2);
	report_fd(b, 1, 3, &r);
	assert_int_equal(r.bursts_cut_by_receive, 2);
	assert_int_equal(r.receives, 3);
	batching__free(b);
}

/* strict ping-pong: every send answers a receive, nothing to batch */
static void test_ping_pong(void **state)
{
	struct batching *b = new_batching(1000000);
	struct batching_process p;
	struct batching_fd r;

	(void)state;
	for (uint64_t t = 0; t < 100 * 100; t += 100) {
		add_ok(b, 7, 5, MMSG_SYS_RECVFROM, t, t + 10, 1);
		add_ok(b, 7, 5, SENDTO, t + 20, t + 30, 1);
	}
	report_one(b, 7, 1.0, 100, &r);
	assert_int_equal(r.calls, 100);
	assert_int_equal(r.bursts, 100);
	assert_int_equal(r.calls_avoided, 0);
	assert_int_equal(r.joined_bursts, 0);
	assert_false(r.added_wait_ns.valid);
	batching__process(b, 7, 1.0, 100, true, &p);
	assert_int_equal(p.verdict, BATCHING_NOTHING_TO_BATCH);
	assert_string_equal(batching__verdict_name(p.verdict), "nothing_to_batch");
	assert_int_equal(p.calls_saved, 0);
	assert_int_equal(p.time_saved_ns, 0);
	assert_false(p.added_wait_ns.valid);
	/* the same calls with the receives unwatched: the rule cannot be applied */
	batching__process(b, 7, 1.0, 100, false, &p);
	assert_int_equal(p.verdict, BATCHING_UNKNOWN);
	assert_string_equal(batching__verdict_name(p.verdict), "unknown");
	batching__free(b);
}

/* bursts of single sends: the saving, its price, and the verdict by cost */
static void test_burst_sender(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_process p;
	struct batching_fd r;

	(void)state;
	/* 10 bursts of 8 sends 100 ns apart (each 10 ns long), bursts 1 ms apart */
	for (uint64_t burst = 0; burst < 10; burst++)
		for (uint64_t k = 0; k < 8; k++)
			add_ok(b, 2, 9, SENDTO, burst * 1000000 + k * 100,
			       burst * 1000000 + k * 100 + 10, 1);
	report_one(b, 2, 2.0, 5, &r);
	assert_int_equal(r.bursts, 10);
	assert_int_equal(r.joined_bursts, 10);
	assert_int_equal(r.calls_avoided, 70);
	assert_int_equal(r.time_saved_ns, 350);
	assert_int_equal(r.send_time_ns, 800);
	/* the first message of each batch waits for the 8th: 700 ns */
	assert_true(r.added_wait_ns.valid);
	assert_true(r.added_wait_ns.exact);
	assert_int_equal(r.added_wait_ns.count, 10);
	assert_int_equal(r.added_wait_ns.p50, 700);
	assert_int_equal(r.added_wait_ns.p99, 700);
	/* 70 calls x 5 ns of 800 ns sending: 43.75%, worth it */
	batching__process(b, 2, 2.0, 5, true, &p);
	assert_int_equal(p.verdict, BATCHING_WORTH_IT);
	assert_string_equal(batching__verdict_name(p.verdict), "worth_it");
	assert_int_equal(p.calls_saved, 70);
	assert_int_equal(p.time_saved_ns, 350);
	assert_true(p.saved_pct_of_send_time == 43.75);
	assert_true(p.saved_calls_per_s == 35.0);
	assert_int_equal(p.added_wait_ns.p99, 700);
	assert_int_equal(p.added_wait_ns.count, 10);
	/* valued at 0.5 ns a call: 35 of 800 ns, 4.4%: little to gain */
	batching__process(b, 2, 2.0, 0.5, true, &p);
	assert_int_equal(p.verdict, BATCHING_LITTLE_TO_GAIN);
	assert_string_equal(batching__verdict_name(p.verdict), "little_to_gain");
	batching__free(b);
}

/* most messages already in multi-message calls: already batched */
static void test_already_batched(void **state)
{
	struct batching *b = new_batching(1000000);
	struct batching_process p;

	(void)state;
	for (uint64_t t = 0; t < 50; t++)
		add_ok(b, 3, 4, SENDMMSG, t * 100, t * 100 + 50, 64);
	add_ok(b, 3, 4, SENDTO, 10000, 10010, 1);
	batching__process(b, 3, 1.0, 100, true, &p);
	assert_int_equal(p.verdict, BATCHING_ALREADY_BATCHED);
	assert_string_equal(batching__verdict_name(p.verdict), "already_batched");
	assert_int_equal(p.msgs, 50 * 64 + 1);
	assert_int_equal(p.multi_msgs, 50 * 64);
	/* no send at all */
	batching__process(b, 99, 1.0, 100, true, &p);
	assert_int_equal(p.verdict, BATCHING_NOTHING_TO_BATCH);
	assert_int_equal(p.calls, 0);
	batching__free(b);
}

/* the process's added waits come from all its fds; the open bursts count */
static void test_process_waits(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_process p;

	(void)state;
	/* fd 3: one closed batch waiting 100 ns */
	add_ok(b, 1, 3, SENDTO, 0, 10, 1);
	add_ok(b, 1, 3, SENDTO, 100, 110, 1);
	add_ok(b, 1, 3, SENDTO, 100000, 100010, 1);
	/* fd 4: a closed one of 300, the open one of 500; another pid's is not counted */
	add_ok(b, 1, 4, SENDTO, 0, 10, 1);
	add_ok(b, 1, 4, SENDTO, 300, 310, 1);
	add_ok(b, 1, 4, SENDTO, 100000, 100010, 1);
	add_ok(b, 1, 4, SENDTO, 100500, 100510, 1);
	add_ok(b, 2, 4, SENDTO, 0, 10, 1);
	add_ok(b, 2, 4, SENDTO, 900, 910, 1);
	batching__process(b, 1, 1.0, 10, true, &p);
	assert_true(p.added_wait_ns.valid);
	assert_true(p.added_wait_ns.exact);
	assert_int_equal(p.added_wait_ns.count, 3);
	assert_int_equal(p.added_wait_ns.p50, 300);
	assert_int_equal(p.added_wait_ns.max, 500);
	assert_int_equal(p.calls_saved, 3);
	/* the report leaves the open bursts open: a later send still joins */
	add_ok(b, 1, 4, SENDTO, 100700, 100710, 1);
	batching__process(b, 1, 1.0, 10, true, &p);
	assert_int_equal(p.added_wait_ns.count, 3);
	assert_int_equal(p.added_wait_ns.max, 700);
	assert_int_equal(p.calls_saved, 4);
	batching__free(b);
}

/* recvmmsg's returns against its vlen, on an fd that only receives */
static void test_recvmmsg_returns(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	assert_int_equal(batching__add(b, 1, 6, MMSG_SYS_RECVMMSG, 0, 10, 1, 8), 0);
	assert_int_equal(batching__add(b, 1, 6, MMSG_SYS_RECVMMSG, 20, 30, 3, 8), 0);
	assert_int_equal(batching__add(b, 1, 6, MMSG_SYS_RECVMMSG, 40, 50, 2, 16), 0);
	/* EAGAIN: not counted */
	assert_int_equal(batching__add(b, 1, 6, MMSG_SYS_RECVMMSG, 60, 70, 0, 64), 0);
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.fd, 6);
	assert_int_equal(r.calls, 0);
	assert_int_equal(r.receives, 3);
	assert_int_equal(r.recvmmsg_calls, 3);
	assert_int_equal(r.recvmmsg_multi, 2);
	assert_int_equal(r.recvmmsg_ret_max, 3);
	assert_int_equal(r.recvmmsg_vlen_max, 16);
	batching__free(b);
}

static void test_calls_by_syscall(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd r;

	(void)state;
	add_ok(b, 1, 3, SENDTO, 0, 10, 1);
	add_ok(b, 1, 3, SENDMSG, 20, 30, 1);
	add_ok(b, 1, 3, SENDMMSG, 40, 50, 1);
	add_ok(b, 1, 3, SENDTO, 60, 70, 1);
	add_ok(b, 1, 3, SENDMMSG, 80, 90, 8);
	add_ok(b, 1, 3, SENDMSG, 100, 110, 1);
	add_ok(b, 1, 3, SENDMSG, 120, 130, 1);
	report_one(b, 1, 1.0, 0, &r);
	assert_int_equal(r.calls, 7);
	assert_int_equal(r.calls_by_syscall[SENDMMSG], 2);
	assert_int_equal(r.calls_by_syscall[MMSG_SYS_RECVMMSG], 0);
	assert_int_equal(r.calls_by_syscall[SENDTO], 2);
	assert_int_equal(r.calls_by_syscall[SENDMSG], 3);
	assert_int_equal(r.single_calls, 6);
	assert_int_equal(r.msgs, 14);
	assert_true(r.msgs_per_call == 2.0);
	assert_int_equal(r.calls_avoided, 6);
	batching__free(b);
}

#if HAVE_ALLOC_FAILURES
static int add_failing(struct batching *b, uint32_t pid, int32_t fd, uint64_t enter_ns,
		       uint32_t msgs)
{
	int err;

	allocs_left = 0;
	err = batching__add(b, pid, fd, SENDTO, enter_ns, enter_ns + 100, msgs, 1);
	allocs_left = -1;
	return err;
}

static bool alloc_failures_work(void)
{
	void *(*volatile alloc)(size_t) = malloc;	/* not folded by the compiler */
	void *p;

	allocs_left = 0;
	p = alloc(16);
	allocs_left = -1;
	free(p);
	return !p;
}

/* -ENOMEM leaves no trace: the call is not counted, the next is judged as if it never came */
static void test_out_of_memory(void **state)
{
	struct batching *b = new_batching(1000);
	struct batching_fd *r = calloc(1001, sizeof(*r));
	unsigned ok = 0, failed = 0;

	(void)state;
	assert_non_null(r);
	if (!alloc_failures_work()) {
		free(r);
		batching__free(b);
		skip();
	}
	/* batching__new: the object, then its table */
	for (long n = 0; n < 2; n++) {
		struct batching *none;

		allocs_left = n;
		none = batching__new(1000);
		allocs_left = -1;
		assert_null(none);
	}

	/* the first fd fits in the table batching__new made */
	assert_int_equal(add_failing(b, 1, 3, 0, 1), 0);

	/* joining the open burst allocates nothing */
	assert_int_equal(add_failing(b, 1, 3, 150, 1), 0);

	/* closing the burst needs room for its size */
	assert_int_equal(add_failing(b, 1, 3, 100000, 1), -ENOMEM);
	report_one(b, 1, 1.0, 0, r);
	assert_int_equal(r->calls, 2);
	assert_int_equal(r->bursts, 1);
	assert_int_equal(r->burst_msgs.max, 2);
	add_ok(b, 1, 3, SENDTO, 100000, 100100, 1);
	report_one(b, 1, 1.0, 0, r);
	assert_int_equal(r->calls, 3);
	assert_int_equal(r->bursts, 2);

	/* new fds until the table must grow */
	for (int32_t fd = 100; fd < 1100; fd++) {
		int err = add_failing(b, 1, fd, 0, 1);

		if (err == 0) {
			assert_int_equal(failed, 0);
			ok++;
		} else {
			assert_int_equal(err, -ENOMEM);
			failed++;
		}
	}
	assert_true(failed > 0);
	assert_int_equal(batching__report(b, 1, 1.0, 0, r, 1001), 1 + ok);
	/* a failed send on a new fd needs no room: it is ignored before that */
	assert_int_equal(add_failing(b, 1, 5000, 0, 0), 0);
	assert_int_equal(batching__report(b, 1, 1.0, 0, r, 1001), 1 + ok);
	for (int32_t fd = 100; fd < 1100; fd++)
		add_ok(b, 1, fd, SENDTO, 0, 100, 1);
	assert_int_equal(batching__report(b, 1, 1.0, 0, r, 1001), 1001);
	for (size_t i = 0; i < 1001; i++)
		assert_int_equal(r[i].calls, r[i].fd == 3 ? 3 : 1 + (r[i].fd < 100 + (int32_t)ok));

	/* a report without memory has its counts, only not the percentiles */
	allocs_left = 0;
	batching__report(b, 1, 1.0, 0, r, 1);
	allocs_left = -1;
	assert_int_equal(r->fd, 3);
	assert_int_equal(r->calls, 3);
	assert_int_equal(r->calls_avoided, 1);
	assert_false(r->burst_msgs.valid);
	free(r);
	batching__free(b);
}
#else
static void test_out_of_memory(void **state)
{
	(void)state;
	skip();
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_gaps_larger_than_gap_ns),
		cmocka_unit_test(test_back_to_back_one_burst),
		cmocka_unit_test(test_two_fds_kept_apart),
		cmocka_unit_test(test_two_pids_kept_apart),
		cmocka_unit_test(test_sendmmsg_only_not_reported),
		cmocka_unit_test(test_large_bursts),
		cmocka_unit_test(test_failed_call_within_burst),
		cmocka_unit_test(test_failed_call_no_burst_end),
		cmocka_unit_test(test_failed_calls_only),
		cmocka_unit_test(test_failures_avoid_nothing),
		cmocka_unit_test(test_out_of_order_enter_joins),
		cmocka_unit_test(test_gap_boundary),
		cmocka_unit_test(test_gap_huge),
		cmocka_unit_test(test_burst_percentiles),
		cmocka_unit_test(test_burst_percentiles_many),
		cmocka_unit_test(test_burst_percentiles_estimated),
		cmocka_unit_test(test_report_leaves_state),
		cmocka_unit_test(test_sort_order),
		cmocka_unit_test(test_max_smaller_than_count),
		cmocka_unit_test(test_many_pairs),
		cmocka_unit_test(test_saved_pct_of_send_time),
		cmocka_unit_test(test_bad_seconds_and_cost),
		cmocka_unit_test(test_rejects_unknown_syscall),
		cmocka_unit_test(test_receive_cuts_burst),
		cmocka_unit_test(test_ping_pong),
		cmocka_unit_test(test_burst_sender),
		cmocka_unit_test(test_already_batched),
		cmocka_unit_test(test_process_waits),
		cmocka_unit_test(test_recvmmsg_returns),
		cmocka_unit_test(test_calls_by_syscall),
		cmocka_unit_test(test_out_of_memory),
	};

	return cmocka_run_group_tests_name("batching", tests, NULL, NULL);
}
