/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Observe mode's Prometheus series: the watched tasks added up by process
 * name (comm), one series per name and syscall, with a bounded number of
 * names (--all can see thousands of processes). The first names seen get a
 * label of their own, busiest first; the names after the cap are added up
 * under PROM_OTHER_COMMS.
 *
 * A task counts under the label it got when it was first seen, for the
 * whole run, even if it renames itself or execs: a counter never moves from
 * one series to another, so none goes backwards.
 *
 * Pure: no I/O; unit-tested.
 */
#ifndef MMSGTRACE_REPORT_PROM_COMMS_H
#define MMSGTRACE_REPORT_PROM_COMMS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/procstats.h"
#include "report/prom.h"

#define PROM_COMM_LABELS_MAX 50	/* comm labels of their own (observe mode) */

struct prom_comms;

/* max_labels: names with a label of their own (0: PROM_COMM_LABELS_MAX) */
struct prom_comms *prom_comms__new(unsigned max_labels);
void prom_comms__free(struct prom_comms *pc);

/*
 * The series of the tasks given (busiest first, as procstats__by_total
 * sorts them): each (name, syscall) that has had a call, in the order the
 * names got their labels. Returns how many and points *series at them
 * (valid until the next call), or -ENOMEM.
 */
int prom_comms__collect(struct prom_comms *pc, struct procstats_task *const *tasks, size_t n,
			const struct prom_series **series);

/* Names counted under PROM_OTHER_COMMS so far. */
uint64_t prom_comms__dropped(const struct prom_comms *pc);
unsigned prom_comms__max(const struct prom_comms *pc);

/* true once, after the first name went past the cap: the caller says so */
bool prom_comms__take_notice(struct prom_comms *pc);

#endif /* MMSGTRACE_REPORT_PROM_COMMS_H */
