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

#include "observe/observe.h"

/* Usage errors about what to watch: a -p/-t id that does not exist, a
 * thread given to -p, a --cgroup that is not a cgroup v2 directory (opened
 * into *cgroup_fd). Returns 0, or EXIT_USAGE with the reason in err. */
int selection__check(const struct observe_config *cfg, int *cgroup_fd, char *err, size_t errlen);

/* A -p target is a process, a -t target a thread: is it still alive? */
bool selection__alive(const struct observe_config *cfg, uint32_t id);

/* "pid 1234,5678, attach raw", "comm dig, attach tp", ... */
void selection__describe(const struct observe_config *cfg, char *buf, size_t len);

#endif /* MMSGTRACE_OBSERVE_SELECTION_H */
