// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Unit tests for user/drive/pacer.h, the --rate schedule, on a clock of the
 * test's own: every call takes a set time, a sleep ends exactly when asked,
 * stalls happen where the test puts them. So the figures are exact, whatever
 * the machine is doing.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "drive/pacer.h"

#define START_NS 5000000000ULL	/* an arbitrary CLOCK_MONOTONIC start */
#define SECOND 1000000000ULL

/* A sender on the fake clock: each call takes call_ns; stall_ns is added
 * to the time after call number stall_at. */
struct sim {
	struct pacer p;
	uint64_t now, call_ns;
	uint64_t stall_at, stall_ns;
	uint64_t calls;		/* calls sent */
	uint64_t sleeps;	/* times the sender had to wait */
	uint64_t ahead;		/* calls sent before they were due */
	uint64_t burst, longest_burst;	/* calls in a row without a sleep */
};

static void sim_init(struct sim *s, uint64_t rate, unsigned per_call, unsigned threads,
		     uint64_t call_ns)
{
	*s = (struct sim){ .now = START_NS, .call_ns = call_ns, .stall_at = UINT64_MAX };
	assert_true(pacer__init(&s->p, rate, per_call, threads, START_NS));
}

/* the schedule's own promise: call k is due at start + floor(k * 10^9 * per_call * threads / rate) */
static uint64_t due_of(uint64_t k, uint64_t rate, unsigned per_call, unsigned threads)
{
	unsigned __int128 num = (unsigned __int128)k * SECOND * per_call * threads;

	return START_NS + (uint64_t)(num / rate);
}

/* send until the clock reaches end; check_due: every call went out when
 * it was due or later */
static void sim_run(struct sim *s, uint64_t end, uint64_t rate, unsigned per_call,
		    unsigned threads)
{
	while (s->now < end) {
		uint64_t due;

		/* the call goes out now */
		if (s->now < due_of(s->calls, rate, per_call, threads))
			s->ahead++;
		s->now += s->call_ns;
		s->calls++;
		if (s->calls == s->stall_at)
			s->now += s->stall_ns;
		due = pacer__next(&s->p, s->now);
		if (due > s->now) {
			s->now = due;	/* the sleep ends when asked */
			s->sleeps++;
			s->burst = 0;
		} else if (++s->burst > s->longest_burst) {
			s->longest_burst = s->burst;
		}
	}
}

/* nothing to pace: no rate, or more than 10^9 calls/s per thread */
static void test_init_unpaced(void **state)
{
	struct pacer p;

	(void)state;
	assert_false(pacer__init(&p, 0, 1, 1, START_NS));
	assert_false(pacer__init(&p, 2000000000ULL, 1, 1, START_NS));
	assert_true(pacer__init(&p, 1000000000ULL, 1, 1, START_NS));
	assert_int_equal(p.interval_ns, 1);
	/* the largest numerator: vlen 1024, 256 threads, 1 msg/s */
	assert_true(pacer__init(&p, 1, 1024, 256, START_NS));
	assert_true(p.interval_ns == 1000000000ULL * 1024 * 256);
	assert_int_equal(p.rem, 0);
	assert_true(p.next_ns == START_NS);
}

/* a fast sender sends exactly rate x seconds calls, each exactly when due */
static void test_exact_rate(void **state)
{
	static const uint64_t rates[] = { 1, 3, 7, 1000, 2000, 120000, 333333, 999999937 };

	(void)state;
	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		uint64_t rate = rates[i];
		struct sim s;

		/* calls take no time: the schedule alone decides */
		sim_init(&s, rate, 1, 1, 0);
		sim_run(&s, START_NS + SECOND, rate, 1, 1);
		assert_int_equal(s.ahead, 0);
		/* calls 0 .. rate-1 are due within the second; the run ends on
		 * the clock reaching the next one, due at the end of it */
		assert_true(s.calls == rate);
		assert_true(s.now == due_of(s.calls, rate, 1, 1));
		assert_true(s.now == START_NS + SECOND);
	}
}

/* the fraction of an interval is carried: over many calls the error stays
 * below one nanosecond */
static void test_fraction_carried(void **state)
{
	const uint64_t rate = 3;	/* 333333333.33 ns apart */
	struct pacer p;
	uint64_t due = 0;

	(void)state;
	assert_true(pacer__init(&p, rate, 1, 1, START_NS));
	for (uint64_t k = 1; k <= 3000; k++) {
		due = pacer__next(&p, START_NS);	/* always early: no stall logic */
		assert_true(due == due_of(k, rate, 1, 1));
	}
	assert_true(due == START_NS + 1000 * SECOND);
}

/* messages per call and threads: each thread's share of the rate */
static void test_share(void **state)
{
	struct sim s;

	(void)state;
	/* 1000 msgs/s, 64 per call, 4 threads: each thread one call per 256 ms */
	sim_init(&s, 1000, 64, 4, 1000);
	assert_true(s.p.interval_ns == 256000000ULL);
	sim_run(&s, START_NS + SECOND, 1000, 64, 4);
	assert_int_equal(s.ahead, 0);
	assert_int_equal(s.calls, 4);	/* at 0, 256, 512 and 768 ms */
}

/* a sender slower than the rate never sleeps, and is never ahead */
static void test_slow_sender(void **state)
{
	struct sim s;

	(void)state;
	/* asked for 1 M calls/s, each call takes 3 us */
	sim_init(&s, 1000000, 1, 1, 3000);
	sim_run(&s, START_NS + SECOND, 1000000, 1, 1);
	assert_int_equal(s.sleeps, 0);
	assert_int_equal(s.ahead, 0);
	assert_int_equal(s.calls, SECOND / 3000 + 1);
}

/* after a stall the catch-up burst is PACER_MAX_LAG_NS worth of calls, no
 * more; the rest of the stall is not made up */
static void test_stall(void **state)
{
	const uint64_t rate = 100000;	/* one call per 10 us */
	struct sim s;

	(void)state;
	sim_init(&s, rate, 1, 1, 0);
	s.stall_at = 1000;		/* 10 ms into the run */
	s.stall_ns = 500000000ULL;	/* half a second lost */
	sim_run(&s, START_NS + 2 * SECOND, rate, 1, 1);
	assert_int_equal(s.ahead, 0);
	/* the calls of 10 ms at 10 us each go out back to back, and the one due
	 * now; then the schedule holds again */
	assert_int_equal(s.longest_burst, PACER_MAX_LAG_NS / 10000 + 1);
	/* the stall began 10 us before call 1000 was due, and that call is made
	 * up: of the 0.5 s, all beyond the 10 ms and those 10 us is not sent */
	assert_int_equal(s.calls, 2 * rate - (500000000ULL - PACER_MAX_LAG_NS - 10000) / 10000);
}

/* a stall shorter than PACER_MAX_LAG_NS is made up in full */
static void test_short_stall(void **state)
{
	const uint64_t rate = 100000;
	struct sim s;

	(void)state;
	sim_init(&s, rate, 1, 1, 0);
	s.stall_at = 1000;
	s.stall_ns = 5000000ULL;	/* 5 ms */
	sim_run(&s, START_NS + SECOND, rate, 1, 1);
	assert_int_equal(s.ahead, 0);
	/* the calls due during the 5 ms go out back to back (the last of them
	 * due just as the stall ends), and the second holds every call */
	assert_int_equal(s.longest_burst, 5000000ULL / 10000);
	assert_int_equal(s.calls, rate);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_unpaced),
		cmocka_unit_test(test_exact_rate),
		cmocka_unit_test(test_fraction_carried),
		cmocka_unit_test(test_share),
		cmocka_unit_test(test_slow_sender),
		cmocka_unit_test(test_stall),
		cmocka_unit_test(test_short_stall),
	};

	return cmocka_run_group_tests_name("pacer", tests, NULL, NULL);
}
