// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Observe mode's series by process name (see prom_comms.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/record.h"
#include "report/prom_comms.h"

#define OTHER (-1)		/* a task's label: PROM_OTHER_COMMS */

/* a task seen before, and the label it counts under */
struct pinned {
	uint32_t pid, tid;
	int label;		/* index into names, or OTHER */
	bool used;
};

struct prom_comms {
	unsigned max;
	char (*names)[MMSG_COMM_LEN];	/* the labelled names, in order */
	unsigned nnames;
	char (*dropped)[MMSG_COMM_LEN];	/* the names past the cap */
	size_t ndropped, dropped_cap;
	struct pinned *pins;		/* open addressing on (pid, tid) */
	size_t npins, pins_size;	/* pins_size: a power of two, > 2 * npins */
	struct prom_series *sums;	/* (max + 1) x MMSG_SYS_COUNT; the last row is OTHER */
	struct prom_series *out;	/* the series with calls, for the caller */
	bool notice;
};

struct prom_comms *prom_comms__new(unsigned max_labels)
{
	struct prom_comms *pc = calloc(1, sizeof(*pc));

	if (!pc)
		return NULL;
	pc->max = max_labels ? max_labels : PROM_COMM_LABELS_MAX;
	pc->names = calloc(pc->max, sizeof(*pc->names));
	pc->sums = calloc((size_t)(pc->max + 1) * MMSG_SYS_COUNT, sizeof(*pc->sums));
	pc->out = calloc((size_t)(pc->max + 1) * MMSG_SYS_COUNT, sizeof(*pc->out));
	if (!pc->names || !pc->sums || !pc->out) {
		prom_comms__free(pc);
		return NULL;
	}
	return pc;
}

void prom_comms__free(struct prom_comms *pc)
{
	if (!pc)
		return;
	free(pc->names);
	free(pc->dropped);
	free(pc->pins);
	free(pc->sums);
	free(pc->out);
	free(pc);
}

uint64_t prom_comms__dropped(const struct prom_comms *pc)
{
	return pc->ndropped;
}

unsigned prom_comms__max(const struct prom_comms *pc)
{
	return pc->max;
}

bool prom_comms__take_notice(struct prom_comms *pc)
{
	bool notice = pc->notice;

	pc->notice = false;
	return notice;
}

static size_t pin_hash(uint32_t pid, uint32_t tid, size_t size)
{
	uint64_t h = ((uint64_t)pid << 32 | tid) * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 17) & (size - 1);
}

static struct pinned *pin_slot(struct pinned *pins, size_t size, uint32_t pid, uint32_t tid)
{
	size_t h = pin_hash(pid, tid, size);

	while (pins[h].used && (pins[h].pid != pid || pins[h].tid != tid))
		h = (h + 1) & (size - 1);
	return &pins[h];
}

static int pins_grow(struct prom_comms *pc)
{
	size_t size = pc->pins_size ? pc->pins_size * 2 : 64;
	struct pinned *pins = calloc(size, sizeof(*pins));

	if (!pins)
		return -ENOMEM;
	for (size_t i = 0; i < pc->pins_size; i++)
		if (pc->pins[i].used)
			*pin_slot(pins, size, pc->pins[i].pid, pc->pins[i].tid) = pc->pins[i];
	free(pc->pins);
	pc->pins = pins;
	pc->pins_size = size;
	return 0;
}

static bool same_name(const char *a, const char *b)
{
	return memcmp(a, b, MMSG_COMM_LEN) == 0;
}

/* a name past the cap, counted once */
static int drop_name(struct prom_comms *pc, const char *comm)
{
	for (size_t i = 0; i < pc->ndropped; i++)
		if (same_name(pc->dropped[i], comm))
			return 0;
	if (pc->ndropped == pc->dropped_cap) {
		size_t cap = pc->dropped_cap ? pc->dropped_cap * 2 : 16;
		char (*grown)[MMSG_COMM_LEN] = realloc(pc->dropped, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		pc->dropped = grown;
		pc->dropped_cap = cap;
	}
	memcpy(pc->dropped[pc->ndropped++], comm, MMSG_COMM_LEN);
	if (pc->ndropped == 1)
		pc->notice = true;
	return 0;
}

/* the label of a task seen for the first time: its name's, a new one, or OTHER */
static int label_for(struct prom_comms *pc, const char *comm, int *label)
{
	char name[MMSG_COMM_LEN] = { 0 };

	/* what follows the first NUL is not part of the name */
	memcpy(name, comm, strnlen(comm, MMSG_COMM_LEN));
	for (unsigned i = 0; i < pc->nnames; i++) {
		if (same_name(pc->names[i], name)) {
			*label = (int)i;
			return 0;
		}
	}
	if (pc->nnames < pc->max) {
		memcpy(pc->names[pc->nnames], name, MMSG_COMM_LEN);
		*label = (int)pc->nnames++;
		return 0;
	}
	*label = OTHER;
	return drop_name(pc, name);
}

static int task_label(struct prom_comms *pc, const struct procstats_task *t, int *label)
{
	struct pinned *p;
	int ret;

	if ((pc->npins + 1) * 2 > pc->pins_size && (ret = pins_grow(pc)))
		return ret;
	p = pin_slot(pc->pins, pc->pins_size, t->pid, t->tid);
	if (!p->used) {
		ret = label_for(pc, t->comm, &p->label);
		if (ret)
			return ret;
		p->pid = t->pid;
		p->tid = t->tid;
		p->used = true;
		pc->npins++;
	}
	*label = p->label;
	return 0;
}

static void add_syscall(struct prom_series *s, unsigned syscall, const struct procstats_syscall *sc)
{
	s->calls += sc->total.calls;
	s->msgs += sc->total.msgs;
	s->bytes += sc->total.bytes;
	/* the kernel's partial counter: the sends' partial, recvmmsg's short */
	s->partial += record__partial(syscall, sc->total.partial);
	s->shorts += record__short(syscall, sc->total.partial);
	for (unsigned k = 0; k < STATS_HIST_SLOTS; k++)
		s->latency.slot[k] += sc->latency_hist.slot[k];
	s->latency_sum_ns += sc->latency_sum_ns;
}

int prom_comms__collect(struct prom_comms *pc, struct procstats_task *const *tasks, size_t n,
			const struct prom_series **series)
{
	size_t rows = (size_t)pc->max + 1, nout = 0;

	memset(pc->sums, 0, rows * MMSG_SYS_COUNT * sizeof(*pc->sums));
	for (size_t i = 0; i < n; i++) {
		int label, ret = task_label(pc, tasks[i], &label);
		size_t row = label == OTHER ? pc->max : (size_t)label;

		if (ret)
			return ret;
		for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
			add_syscall(&pc->sums[row * MMSG_SYS_COUNT + sc], sc, &tasks[i]->sc[sc]);
	}
	for (size_t row = 0; row < rows; row++) {
		for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
			struct prom_series *s = &pc->sums[row * MMSG_SYS_COUNT + sc];

			/* calls only grow: a series, once written, stays */
			if (!s->calls && !log2_hist__total(&s->latency))
				continue;
			s->syscall = sc;
			s->other = row == pc->max;
			if (!s->other)
				memcpy(s->comm, pc->names[row], MMSG_COMM_LEN);
			pc->out[nout++] = *s;
		}
	}
	*series = pc->out;
	return (int)nout;
}
