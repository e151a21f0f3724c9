// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Observe mode's aggregation per process or thread (see procstats.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/record.h"
#include "core/procstats.h"

/* the kernel's internal restart codes (not in userspace headers) */
#define PROCSTATS_ERESTARTSYS 512
#define PROCSTATS_ERESTART_RESTARTBLOCK 516

/* interval samples kept exactly; a busy task's run store uses the default */
#define INTERVAL_EXACT_CAP ((size_t)1 << 20)

struct procstats {
	bool per_thread;
	struct procstats_task **tasks;	/* in order of appearance */
	size_t ntasks, cap;
	size_t *index;			/* open addressing: task number + 1, 0 = empty */
	size_t index_size;		/* power of two, at least twice ntasks */
	struct procstats_task **sorted;	/* scratch for the sorted views */
};

static size_t hash_id(uint32_t pid, uint32_t tid, size_t size)
{
	uint64_t h = ((uint64_t)pid << 32 | tid) * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 17) & (size - 1);
}

struct procstats *procstats__new(bool per_thread)
{
	struct procstats *ps = calloc(1, sizeof(*ps));

	if (ps)
		ps->per_thread = per_thread;
	return ps;
}

static void task_free(struct procstats_task *t)
{
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		latency_store__free(&t->sc[sc].interval_latency);
		latency_store__free(&t->sc[sc].run_latency);
		free(t->sc[sc].errnos);
	}
	free(t);
}

void procstats__free(struct procstats *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->ntasks; i++)
		task_free(ps->tasks[i]);
	free(ps->tasks);
	free(ps->index);
	free(ps->sorted);
	free(ps);
}

static int rehash(struct procstats *ps, size_t size)
{
	size_t *index = calloc(size, sizeof(*index));

	if (!index)
		return -ENOMEM;
	for (size_t i = 0; i < ps->ntasks; i++) {
		size_t h = hash_id(ps->tasks[i]->pid, ps->tasks[i]->tid, size);

		while (index[h])
			h = (h + 1) & (size - 1);
		index[h] = i + 1;
	}
	free(ps->index);
	ps->index = index;
	ps->index_size = size;
	return 0;
}

static struct procstats_task *find(const struct procstats *ps, uint32_t pid, uint32_t tid)
{
	if (!ps->index_size)
		return NULL;
	for (size_t h = hash_id(pid, tid, ps->index_size); ps->index[h];
	     h = (h + 1) & (ps->index_size - 1)) {
		struct procstats_task *t = ps->tasks[ps->index[h] - 1];

		if (t->pid == pid && t->tid == tid)
			return t;
	}
	return NULL;
}

static struct procstats_task *find_or_add(struct procstats *ps, uint32_t pid, uint32_t tid)
{
	struct procstats_task *t;

	if (!ps->per_thread)
		tid = 0;
	t = find(ps, pid, tid);
	if (t)
		return t;
	if (ps->ntasks == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 16;
		struct procstats_task **tasks = realloc(ps->tasks, cap * sizeof(*tasks));
		struct procstats_task **sorted;

		if (!tasks)
			return NULL;
		ps->tasks = tasks;
		sorted = realloc(ps->sorted, cap * sizeof(*sorted));
		if (!sorted)
			return NULL;
		ps->sorted = sorted;
		ps->cap = cap;
	}
	if ((ps->ntasks + 1) * 2 > ps->index_size &&
	    rehash(ps, ps->index_size ? ps->index_size * 2 : 32))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->pid = pid;
	t->tid = tid;
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		latency_store__init(&t->sc[sc].interval_latency, INTERVAL_EXACT_CAP);
		latency_store__init(&t->sc[sc].run_latency, 0);
	}
	ps->tasks[ps->ntasks++] = t;
	{
		size_t h = hash_id(pid, tid, ps->index_size);

		while (ps->index[h])
			h = (h + 1) & (ps->index_size - 1);
		ps->index[h] = ps->ntasks;
	}
	return t;
}

/* the errno of a failed call as the kernel's errno table counts it */
static int errno_slot(int32_t ret)
{
	int64_t err = -(int64_t)ret;

	/* restart codes reach the caller as EINTR when the call is not restarted */
	if (err >= PROCSTATS_ERESTARTSYS && err <= PROCSTATS_ERESTART_RESTARTBLOCK)
		return EINTR;
	return err < MMSG_ERRNO_SLOTS - 1 ? (int)err : MMSG_ERRNO_SLOTS - 1;
}

static int count_errno(struct procstats_syscall *s, int err)
{
	struct procstats_errno *grown;

	for (unsigned i = 0; i < s->nerrnos; i++) {
		if (s->errnos[i].err == err) {
			s->errnos[i].count++;
			return 0;
		}
	}
	grown = realloc(s->errnos, (s->nerrnos + 1) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	s->errnos = grown;
	s->errnos[s->nerrnos++] = (struct procstats_errno){ .err = err, .count = 1 };
	return 0;
}

enum procstats_blocking procstats__blocking(const struct procstats_syscall *s, unsigned syscall)
{
	if (!record__is_recv(syscall))
		return PROCSTATS_BLOCKING_NONE;
	if (s->could_block_records)
		return PROCSTATS_BLOCKING_SOME;
	if (s->block_unknown_records || !s->records)
		return PROCSTATS_BLOCKING_UNKNOWN;
	return PROCSTATS_BLOCKING_NONE;
}

int procstats__add_record(struct procstats *ps, const struct mmsg_call_record *rec)
{
	struct procstats_task *t;
	struct procstats_syscall *s;

	if (rec->syscall >= MMSG_SYS_COUNT)
		return 0;
	t = find_or_add(ps, rec->pid, rec->tid);
	if (!t)
		return -ENOMEM;
	/* the latest name wins: a task may rename itself or exec */
	memcpy(t->comm, rec->comm, MMSG_COMM_LEN);
	s = &t->sc[rec->syscall];
	s->records++;
	s->could_block_records += (rec->info & MMSG_INFO_COULD_BLOCK) != 0;
	s->block_unknown_records += (rec->info & MMSG_INFO_BLOCK_UNKNOWN) != 0;
	latency_store__add(&s->interval_latency, rec->latency_ns);
	latency_store__add(&s->run_latency, rec->latency_ns);
	log2_hist__add(&s->latency_hist, rec->latency_ns);
	s->latency_sum_ns += rec->latency_ns;
	return rec->ret < 0 ? count_errno(s, errno_slot(rec->ret)) : 0;
}

struct procstats_task *procstats__set_totals(struct procstats *ps, const struct mmsg_task_key *key,
					     const struct mmsg_task_totals *totals)
{
	struct procstats_task *t;

	if (key->syscall >= MMSG_SYS_COUNT)
		return NULL;
	t = find_or_add(ps, key->pid, key->tid);
	if (t)
		t->sc[key->syscall].total = *totals;
	return t;
}

void procstats__mark_exited(struct procstats *ps, uint32_t pid)
{
	for (size_t i = 0; i < ps->ntasks; i++)
		if (ps->tasks[i]->pid == pid)
			ps->tasks[i]->exited = true;
}

static void delta(const struct mmsg_task_totals *now, const struct mmsg_task_totals *then,
		  struct mmsg_task_totals *out)
{
	out->calls = now->calls - then->calls;
	out->msgs = now->msgs - then->msgs;
	out->bytes = now->bytes - then->bytes;
	out->errors = now->errors - then->errors;
	out->partial = now->partial - then->partial;
	out->slots = now->slots - then->slots;
	out->latency_ns = now->latency_ns - then->latency_ns;
}

uint64_t procstats_task__msgs(const struct procstats_task *t, bool interval)
{
	uint64_t msgs = 0;

	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		msgs += interval ? t->sc[sc].delta.msgs : t->sc[sc].total.msgs;
	return msgs;
}

static int tie_break(const struct procstats_task *a, const struct procstats_task *b)
{
	uint64_t ma = procstats_task__msgs(a, false), mb = procstats_task__msgs(b, false);

	if (ma != mb)
		return ma > mb ? -1 : 1;
	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	return (a->tid > b->tid) - (a->tid < b->tid);
}

static int by_rate(const void *pa, const void *pb)
{
	const struct procstats_task *a = *(struct procstats_task *const *)pa;
	const struct procstats_task *b = *(struct procstats_task *const *)pb;

	if (a->msgs_per_s != b->msgs_per_s)
		return a->msgs_per_s > b->msgs_per_s ? -1 : 1;
	return tie_break(a, b);
}

static int by_total(const void *pa, const void *pb)
{
	return tie_break(*(struct procstats_task *const *)pa, *(struct procstats_task *const *)pb);
}

size_t procstats__interval(struct procstats *ps, double seconds, struct procstats_task ***tasks)
{
	for (size_t i = 0; i < ps->ntasks; i++) {
		struct procstats_task *t = ps->tasks[i];

		for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
			struct procstats_syscall *s = &t->sc[sc];

			delta(&s->total, &s->last, &s->delta);
			s->last = s->total;
			latency_store__percentiles(&s->interval_latency, &s->interval_pct);
			latency_store__reset(&s->interval_latency);
		}
		t->msgs_per_s = seconds > 0 ? procstats_task__msgs(t, true) / seconds : 0;
		ps->sorted[i] = t;
	}
	if (ps->ntasks)
		qsort(ps->sorted, ps->ntasks, sizeof(*ps->sorted), by_rate);
	*tasks = ps->sorted;
	return ps->ntasks;
}

size_t procstats__by_total(struct procstats *ps, struct procstats_task ***tasks)
{
	if (ps->ntasks) {
		memcpy(ps->sorted, ps->tasks, ps->ntasks * sizeof(*ps->sorted));
		qsort(ps->sorted, ps->ntasks, sizeof(*ps->sorted), by_total);
	}
	*tasks = ps->sorted;
	return ps->ntasks;
}
