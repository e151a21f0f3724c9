/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * CSV output (--csv): a header line first, then rows that all have the
 * header's columns, the first ("type") saying which kind of row each is,
 * as the "type" of the JSON objects does. Fields are quoted per RFC 4180
 * when they hold a comma, a quote, CR or LF; numbers use '.' whatever the
 * locale; a figure without a value is an empty field. Pure: writes only to
 * the FILE given.
 *
 * Drive mode: "interval" rows, then one "summary" row.
 * Observe mode: "interval" rows (a task's syscall with calls in the
 * interval), "fork" and "exit" rows, then a "process" row per task and
 * syscall, a "total" row per watched syscall and a "total" row of them all
 * (syscall "all").
 */
#ifndef MMSGTRACE_REPORT_CSV_H
#define MMSGTRACE_REPORT_CSV_H

#include <stdio.h>

#include "core/procstats.h"
#include "core/stats.h"

/* One field (no separator) for arbitrary bytes s[0 .. len): quoted when it
 * must be. Control bytes other than TAB, CR and LF, DEL, C1 controls and
 * bytes of invalid UTF-8 are written as U+FFFD, so the result is text. */
void csv__field(FILE *f, const char *s, size_t len);

void csv__drive_header(FILE *f);
/* t: seconds since the start */
void csv__drive_interval(FILE *f, double t, const struct stats_interval *iv);
void csv__drive_summary(FILE *f, const struct summary *sum);

void csv__observe_header(FILE *f);
void csv__observe_interval(FILE *f, double t, double seconds, struct procstats_task *const *tasks,
			   size_t n, bool per_thread);
void csv__task_event(FILE *f, double t, const struct mmsg_task_record *rec);
void csv__process(FILE *f, const struct procstats_task *t, bool per_thread, double seconds);
void csv__observe_totals(FILE *f, const struct observe_summary *s);

#endif /* MMSGTRACE_REPORT_CSV_H */
