/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * --rate: one sending thread's schedule. Call k is due at
 * start + floor(k * 10^9 * msgs_per_call * threads / rate) ns, whenever
 * call k-1 went out, so the long-run rate is exact; a call is never sent
 * before it is due.
 *
 * Behind schedule, the thread sends at once, without sleeping (a sleep
 * syscall on every call would cap the rate well below full speed). After a
 * longer stall (the thread descheduled, a send blocked) the schedule is
 * moved up to PACER_MAX_LAG_NS behind the present, and the time beyond it
 * is not made up: the catch-up burst after a stall is at most that much
 * worth of calls, sent at full speed.
 *
 * Pure: the caller reads the clock and sleeps; the unit tests drive it with
 * a clock of their own. Inline: it runs after every paced call.
 */
#ifndef MMSGTRACE_DRIVE_PACER_H
#define MMSGTRACE_DRIVE_PACER_H

#include <stdbool.h>
#include <stdint.h>

#define PACER_MAX_LAG_NS 10000000ULL	/* 10 ms */

struct pacer {
	/* the interval between calls: interval_ns + rem / rate ns, the
	 * fraction carried in acc */
	uint64_t interval_ns, rem, rate, acc;
	uint64_t next_ns;		/* when the next call is due (CLOCK_MONOTONIC) */
};

/*
 * A schedule of rate messages per second shared by threads threads, whose
 * calls carry msgs_per_call messages each, starting at start_ns (the first
 * call is due then). Returns false when there is nothing to pace: rate 0,
 * or a rate above 10^9 calls per second per thread (no limit).
 * 10^9 * 1024 * 256 fits in 64 bits.
 */
static inline bool pacer__init(struct pacer *p, uint64_t rate, unsigned msgs_per_call,
			       unsigned threads, uint64_t start_ns)
{
	const uint64_t num = 1000000000ULL * msgs_per_call * threads;

	*p = (struct pacer){ .rate = rate, .next_ns = start_ns };
	if (!rate)
		return false;
	p->interval_ns = num / rate;
	p->rem = num % rate;
	return p->interval_ns > 0;
}

/*
 * A call went out; now_ns is the time after it. Returns when the next call
 * is due: the caller sleeps until then when that is later than now_ns, and
 * sends at once otherwise.
 */
static inline uint64_t pacer__next(struct pacer *p, uint64_t now_ns)
{
	p->next_ns += p->interval_ns;
	p->acc += p->rem;
	if (p->acc >= p->rate) {
		p->acc -= p->rate;
		p->next_ns++;
	}
	/* far behind (a stall): catch up on PACER_MAX_LAG_NS of it at most */
	if (now_ns > p->next_ns + PACER_MAX_LAG_NS)
		p->next_ns = now_ns - PACER_MAX_LAG_NS;
	return p->next_ns;
}

#endif /* MMSGTRACE_DRIVE_PACER_H */
