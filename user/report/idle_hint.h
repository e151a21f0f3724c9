/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Observe mode's hint about targets that make none of the watched calls, in
 * words: the syscalls they made instead in a census window (core/tracer.h:
 * every syscall the targets entered, by number), the busiest few with their
 * exact counts, and the --syscalls that would watch the ones mmsgtrace can.
 *
 *   pid 4242 (iperf3) made no watched call in 5.0 s; busiest syscalls in the
 *   next 1.0 s: write 41203, pselect6 2104, read 12; --syscalls write would
 *   watch write
 *
 * Pure: writes only to the buffer given.
 */
#ifndef MMSGTRACE_REPORT_IDLE_HINT_H
#define MMSGTRACE_REPORT_IDLE_HINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IDLE_HINT_BUSIEST 3	/* syscalls named with their counts */
#define IDLE_HINT_LEN 640	/* room for any hint */

struct idle_hint {
	const char *who;	/* "pid 4242 (iperf3)", "the tasks named 'dig'", ... */
	double idle_s;		/* no watched call in this long */
	double window_s;	/* the census window that followed */
	const uint64_t *counts;	/* MMSG_CENSUS_SLOTS, by syscall number */
	unsigned syscall_mask;	/* the watched syscalls, 1 << enum mmsg_syscall */
};

/* The census saw a watched syscall entered: the targets do make watched
 * calls (one may be waiting to return), so there is no hint to give. */
bool idle_hint__saw_watched(const uint64_t *counts, unsigned syscall_mask);

/* The hint as one line, without the program's name or a newline, cut to
 * len (always terminated). Returns buf. */
const char *idle_hint__text(const struct idle_hint *h, char *buf, size_t len);

#endif /* MMSGTRACE_REPORT_IDLE_HINT_H */
