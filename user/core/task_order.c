// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The order of observe mode's processes (see task_order.h). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "core/task_order.h"

static const char *const names[TASK_SORT_COUNT] = {
	[TASK_SORT_CALLS] = "calls",
	[TASK_SORT_MSGS] = "msgs",
	[TASK_SORT_BYTES] = "bytes",
	[TASK_SORT_ERRORS] = "errors",
};

int task_order__parse(const char *name, enum task_sort *out)
{
	for (int k = 0; k < TASK_SORT_COUNT; k++) {
		if (!strcmp(name, names[k])) {
			*out = k;
			return 0;
		}
	}
	return -1;
}

const char *task_order__name(enum task_sort key)
{
	return key < TASK_SORT_COUNT ? names[key] : "?";
}

const char *task_order__names(void)
{
	return "calls, msgs, bytes or errors";
}

enum task_sort task_order__next(enum task_sort key)
{
	return (key + 1) % TASK_SORT_COUNT;
}

uint64_t task_order__value(const struct procstats_task *t, enum task_sort key, bool interval)
{
	uint64_t v = 0;

	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct mmsg_task_totals *c = interval ? &t->sc[sc].delta : &t->sc[sc].total;

		switch (key) {
		case TASK_SORT_CALLS:
			v += c->calls;
			break;
		case TASK_SORT_BYTES:
			v += c->bytes;
			break;
		case TASK_SORT_ERRORS:
			v += c->errors;
			break;
		default:
			v += c->msgs;
			break;
		}
	}
	return v;
}

void task_order__figures(const struct procstats_task *t, bool interval, struct task_figures *out)
{
	out->pid = t->pid;
	out->tid = t->tid;
	for (int k = 0; k < TASK_SORT_COUNT; k++)
		out->value[k] = task_order__value(t, k, interval);
}

static int larger_first(uint64_t a, uint64_t b)
{
	return a == b ? 0 : a > b ? -1 : 1;
}

int task_order__compare(const struct task_figures *a, const struct task_figures *b,
			enum task_sort key)
{
	int c = larger_first(a->value[key], b->value[key]);

	if (!c)
		c = larger_first(a->value[TASK_SORT_MSGS], b->value[TASK_SORT_MSGS]);
	if (!c && a->pid != b->pid)
		c = a->pid < b->pid ? -1 : 1;
	if (!c)
		c = (a->tid > b->tid) - (a->tid < b->tid);
	return c;
}

struct order {
	enum task_sort key;
	bool interval;
};

static int compare(const void *pa, const void *pb, void *arg)
{
	const struct order *o = arg;
	struct task_figures a, b;

	task_order__figures(*(struct procstats_task *const *)pa, o->interval, &a);
	task_order__figures(*(struct procstats_task *const *)pb, o->interval, &b);
	return task_order__compare(&a, &b, o->key);
}

void task_order__sort(struct procstats_task **tasks, size_t n, enum task_sort key, bool interval)
{
	struct order o = { .key = key, .interval = interval };

	if (n > 1)
		qsort_r(tasks, n, sizeof(*tasks), compare, &o);
}
