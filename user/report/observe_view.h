/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Observe mode's human-readable output: the live table of processes (the
 * full-screen view of tui.h on a terminal, a block per interval otherwise;
 * sorted by --sort, the first --top listed and the rest added up in one
 * row, every figure a rate per second), lines for
 * processes that fork or exit, and the summary per process with its
 * batching report. Task names come from other users' processes: they are
 * always printed escaped. (JSON is in output.h.)
 */
#ifndef MMSGTRACE_PROCVIEW_H
#define MMSGTRACE_PROCVIEW_H

#include <stdbool.h>
#include <stdio.h>

#include "core/batching.h"
#include "core/procstats.h"
#include "core/task_order.h"

struct observe_view_config {
	FILE *out;
	bool tui;			/* the full-screen view (out is a terminal) */
	bool per_thread;
	enum task_sort sort;		/* --sort (the key s changes it live) */
	unsigned top;			/* --top: tasks listed (0: all) */
	const char *title;		/* "pid 1234, attach raw"; kept: it must outlive the view */
};

struct observe_view;

struct observe_view *observe_view__new(const struct observe_view_config *cfg);
void observe_view__free(struct observe_view *v);

/* The live table after an interval of `seconds` ending at t (seconds since
 * the start); tasks as procstats__interval gives them, in any order (the
 * view keeps what it shows and orders it by its sort key); lost: lost
 * events in the interval. Returns false once the output cannot be written
 * (closed pipe). */
bool observe_view__interval(struct observe_view *v, double t, double seconds,
			struct procstats_task *const *tasks, size_t n, uint64_t lost);

/* The keys pressed since the last call (the full-screen view; s orders the
 * interval on the screen by the next key at once). True when one asks to
 * quit (q). */
bool observe_view__keys(struct observe_view *v);
/* The full-screen view is on (nothing else may write to the terminal). */
bool observe_view__live(const struct observe_view *v);
/* The full-screen view ends: the normal screen is back for the summary. */
void observe_view__end_live(struct observe_view *v);
/* The sort key now (--sort, or what the key s chose): the summary's order. */
enum task_sort observe_view__sort(const struct observe_view *v);

/* The hint about targets without watched calls (observe/idle_watch.h), one
 * line: on stderr; on the full-screen view a line of the view instead (stderr
 * would tear the screen), and on stderr once the view has closed. */
void observe_view__hint(struct observe_view *v, const char *line);

/* A watched process forked or exited. */
void observe_view__task_event(struct observe_view *v, double t, const struct mmsg_task_record *rec);

/* One process in the summary: totals, latency, errnos and its batching report. */
void observe_view__process(struct observe_view *v, const struct procstats_task *t, bool histograms,
			   const struct batching_process *process, const struct batching_fd *batching,
			   size_t nbatching, const struct observe_summary *s,
			   const struct drop_counts *drops);

/* The processes past --top in the summary, added up in one paragraph. */
void observe_view__others(struct observe_view *v, struct procstats_task *const *tasks, size_t n);

/* The run-wide totals, after the processes. */
void observe_view__summary(struct observe_view *v, const struct observe_summary *s);

#endif /* MMSGTRACE_PROCVIEW_H */
