/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The hint about targets that make none of the watched calls (-p, -t, -c,
 * --cgroup; not --all): when the targets have made no watched call since
 * the start for --hint-after seconds, the syscall census (core/tracer.h) is
 * attached for IDLE_WATCH_WINDOW_S and the busiest syscalls the targets made
 * in that window are named (report/idle_hint.h), once a run.
 *
 * No hint when a watched call was made by then (its return counted, or its
 * entry seen by the census), and none while no task matches (-c of a name
 * nobody has, an empty cgroup): the check is then made again --hint-after
 * seconds later, so a program that starts late gets its hint.
 */
#ifndef MMSGTRACE_OBSERVE_IDLE_WATCH_H
#define MMSGTRACE_OBSERVE_IDLE_WATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tracer.h"
#include "observe/observe.h"

#define IDLE_WATCH_WINDOW_S 1.0	/* the census window */

struct idle_watch;

/* Does this configuration give the hint (and so load the census)? */
bool idle_watch__wanted(const struct observe_config *cfg);

/* The watch from start_ns (CLOCK_MONOTONIC) on; NULL when the hint is not
 * wanted or out of memory. t and cfg must outlive it. */
struct idle_watch *idle_watch__new(const struct observe_config *cfg, struct tracer *t,
				   uint64_t start_ns);
/* How long the run loop may sleep: max_ms, or less when a check or the end
 * of the census window comes sooner. NULL is fine. */
int idle_watch__wait_ms(const struct idle_watch *w, uint64_t now_ns, int max_ms);
/* At every poll of the run loop: true once, when the hint is ready in buf
 * (one line, no newline). NULL is fine. */
bool idle_watch__tick(struct idle_watch *w, uint64_t now_ns, char *buf, size_t len);
void idle_watch__free(struct idle_watch *w);

#endif /* MMSGTRACE_OBSERVE_IDLE_WATCH_H */
