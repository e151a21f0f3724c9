/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The order of observe mode's processes (--sort KEY): by calls, messages,
 * bytes or errors, of the interval just closed (the live table) or of the
 * whole run (the summary), largest first; ties by messages, then pid, tid.
 *
 * Pure: unit-tested.
 */
#ifndef MMSGTRACE_CORE_TASK_ORDER_H
#define MMSGTRACE_CORE_TASK_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/procstats.h"

enum task_sort {
	TASK_SORT_CALLS,
	TASK_SORT_MSGS,			/* the default */
	TASK_SORT_BYTES,
	TASK_SORT_ERRORS,
	TASK_SORT_COUNT,
};

/* "calls", "msgs", "bytes", "errors": 0, or -1 for any other name */
int task_order__parse(const char *name, enum task_sort *out);
const char *task_order__name(enum task_sort key);
/* the names, for messages: "calls, msgs, bytes or errors" */
const char *task_order__names(void);
/* the key after key, for a key that cycles through them */
enum task_sort task_order__next(enum task_sort key);

/* A task's figure for key: all syscalls, the interval's delta or the total. */
uint64_t task_order__value(const struct procstats_task *t, enum task_sort key, bool interval);

/* What the order looks at, kept apart from the task (a view sorts again
 * after the tasks have moved on): its ids and its figure for each key. */
struct task_figures {
	uint32_t pid, tid;
	uint64_t value[TASK_SORT_COUNT];
};
void task_order__figures(const struct procstats_task *t, bool interval, struct task_figures *out);
/* < 0 when a comes before b by key (largest first; ties by messages, then
 * pid, tid), > 0 after, 0 the same task figures */
int task_order__compare(const struct task_figures *a, const struct task_figures *b,
			enum task_sort key);

/* tasks in place, largest first */
void task_order__sort(struct procstats_task **tasks, size_t n, enum task_sort key, bool interval);

#endif /* MMSGTRACE_CORE_TASK_ORDER_H */
