/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * `mmsgtrace learn`: the sendmmsg(2) man page, demonstrated live. A short
 * experiment per statement of the man page, made by this process with its
 * own sockets and traced; what the kernel saw is the evidence, and the
 * verdict ("confirmed", or what this kernel did instead) is computed from
 * it, never written in advance.
 */
#ifndef MMSGTRACE_TEACH_LEARN_H
#define MMSGTRACE_TEACH_LEARN_H

#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "core/tracer.h"
#include "report/output.h"

#define LEARN_LESSONS 7

struct learn_config {
	unsigned lesson;		/* 1 .. LEARN_LESSONS; 0 = all */
	bool list;			/* --list: name the lessons, run none */
	struct tracer_settings tracer;
	struct output_settings output;	/* --json, -o */
};

static inline void learn_config__defaults(struct learn_config *c)
{
	memset(c, 0, sizeof(*c));
	tracer_settings__defaults(&c->tracer);
	output_settings__defaults(&c->output);
}

/* Runs the lessons asked for. Returns the exit code: 0 (every verdict
 * "confirmed"), 1 a runtime failure or a lesson whose evidence differs. */
int learn__run(const struct learn_config *cfg, volatile sig_atomic_t *stop);

#endif /* MMSGTRACE_TEACH_LEARN_H */
