/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What observe mode watches, checked against the machine before anything
 * is loaded (ids that exist, a cgroup v2 directory), whether a target still
 * lives, and the selection in words for the title.
 */
#ifndef MMSGTRACE_OBSERVE_SELECTION_H
#define MMSGTRACE_OBSERVE_SELECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/tracer.h"
#include "observe/observe.h"

/* Usage errors about what to watch: a -p/-t id that does not exist, a
 * thread given to -p, a --cgroup that is not a cgroup v2 directory (opened
 * into *cgroup_fd). Returns 0, or EXIT_USAGE with the reason in err. */
int selection__check(const struct observe_config *cfg, int *cgroup_fd, char *err, size_t errlen);

/* A -p target is a process, a -t target a thread: is it still alive? */
bool selection__alive(const struct observe_config *cfg, uint32_t id);

/* Does any task match the selection now? -p/-t: an id is left in the
 * tracer's target set; -c: a task has the name; --cgroup: the cgroup or one
 * below it has a process (true when that cannot be read); --all: true. */
bool selection__any_target(const struct observe_config *cfg, struct tracer *t);

/* The watched tasks in words, for a sentence: "pid 1234 (named)", "pids
 * 1234,5678", "tid 1240 (worker)", "the tasks named 'dig'", "the tasks of
 * cgroup /sys/fs/cgroup/x". Names are read from /proc now, escaped. */
void selection__who(const struct observe_config *cfg, char *buf, size_t len);

/* "pid 1234,5678, attach raw", "comm dig, attach tp", ... */
void selection__describe(const struct observe_config *cfg, char *buf, size_t len);

#endif /* MMSGTRACE_OBSERVE_SELECTION_H */
