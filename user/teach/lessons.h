/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The lessons of `mmsgtrace learn` (lessons.c) and what their experiments
 * are given (learn.c): a tracer recording this process's calls into the
 * lesson, or, for lessons that run the driver, the settings to trace it.
 */
#ifndef MMSGTRACE_TEACH_LESSONS_H
#define MMSGTRACE_TEACH_LESSONS_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/tracer.h"
#include "report/lesson.h"

struct lab {
	struct tracer *tracer;		/* this process's sendmmsg/sendto/sendmsg calls,
					 * into lesson (NULL for a lesson that runs the driver) */
	struct lesson *lesson;
	const struct tracer_settings *settings;
	volatile sig_atomic_t *stop;
};

struct lesson_def {
	const char *statement;		/* in the tool's words */
	const char *section;		/* of sendmmsg(2) */
	bool runs_driver;		/* the lesson measures with the driver: no lab tracer */
	/* the experiment: fills lab->lesson (experiment, facts, verdict);
	 * 0, or 1 with err */
	int (*run)(struct lab *lab, char *err, size_t errlen);
};

/* lessons[0] is lesson 1 */
extern const struct lesson_def lessons[];
extern const size_t nlessons;

/* The lab's tracer: this process's sends, every record into lab->lesson at
 * once. 0, or 1 with err. */
int lab__open(struct lab *lab, char *err, size_t errlen);
/* Deliver the records of the calls made so far into the lesson. 0 or -errno. */
int lab__collect(struct lab *lab);
/* Stop and free the tracer (if any), drain its last records; returns ret,
 * or 1 with err when draining failed and ret was 0. */
int lab__close(struct lab *lab, int ret, char *err, size_t errlen);

#endif /* MMSGTRACE_TEACH_LESSONS_H */
