/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Clocks: CLOCK_MONOTONIC (the time base of the BPF records, whose
 * bpf_ktime_get_ns() reads the same clock), this thread's CPU time,
 * timespec arithmetic, and the interval timer both run loops use.
 */
#ifndef MMSGTRACE_COMMON_CLOCK_H
#define MMSGTRACE_COMMON_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define NS_PER_S 1000000000ULL

static inline uint64_t clock__ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* CLOCK_MONOTONIC in ns */
static inline uint64_t clock__now_ns(void)
{
	return clock__ns(CLOCK_MONOTONIC);
}

/* CLOCK_MONOTONIC in seconds */
static inline double clock__now_s(void)
{
	return clock__now_ns() / 1e9;
}

/* CPU time of the calling thread in ns (0 when it cannot be read) */
static inline uint64_t clock__thread_cpu_ns(void)
{
	return clock__ns(CLOCK_THREAD_CPUTIME_ID);
}

static inline void clock__ts_add_ns(struct timespec *ts, uint64_t ns)
{
	ts->tv_sec += ns / NS_PER_S;
	ts->tv_nsec += ns % NS_PER_S;
	if (ts->tv_nsec >= (long)NS_PER_S) {
		ts->tv_sec++;
		ts->tv_nsec -= NS_PER_S;
	}
}

/*
 * An interval timer for a run loop that polls: how long the next poll may
 * sleep (never past the end of the interval, never longer than max_wait_ms),
 * and whether an interval has ended. Intervals are due every step_ns from
 * the start; after a stall the next one is a full step after now.
 */
struct interval_timer {
	uint64_t start_ns, last_ns, next_ns, step_ns;
};

static inline void interval_timer__start(struct interval_timer *it, uint64_t now_ns,
					 uint64_t step_ns)
{
	it->start_ns = it->last_ns = now_ns;
	it->step_ns = step_ns;
	it->next_ns = now_ns + step_ns;
}

/* milliseconds the next poll may wait, 0 .. max_wait_ms */
static inline int interval_timer__wait_ms(const struct interval_timer *it, uint64_t now_ns,
					  int max_wait_ms)
{
	uint64_t ms = it->next_ns > now_ns ? (it->next_ns - now_ns) / 1000000 : 0;

	return ms > (uint64_t)max_wait_ms ? max_wait_ms : (int)ms;
}

/* True when an interval ended at now_ns: *seconds is its length, and the
 * next one starts. */
static inline bool interval_timer__due(struct interval_timer *it, uint64_t now_ns, double *seconds)
{
	if (now_ns < it->next_ns)
		return false;
	*seconds = (now_ns - it->last_ns) / 1e9;
	it->last_ns = now_ns;
	it->next_ns += it->step_ns;
	if (it->next_ns < now_ns)
		it->next_ns = now_ns + it->step_ns;
	return true;
}

#endif /* MMSGTRACE_COMMON_CLOCK_H */
