/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * `mmsgtrace sweep`: the batching curve, measured on this machine and
 * explained. The driver runs, traced, at a series of points (the sendto and
 * sendmsg loops as the baseline, sendmmsg at each --vlen, UDP GSO where
 * asked); the kernel's totals and per-call records give each point's
 * figures; a fit of call time = fixed cost + cost per message says what
 * batching buys, and where it stops buying.
 */
#ifndef MMSGTRACE_TEACH_SWEEP_H
#define MMSGTRACE_TEACH_SWEEP_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "drive/drive.h"
#include "report/output.h"

#define SWEEP_MAX_VLENS 32
#define SWEEP_MAX_REPEAT 100
#define SWEEP_DEFAULT_PER_POINT_S 1.0
/* the arrays a single-message loop cycles through (it sends one per call) */
#define SWEEP_LOOP_VLEN 64

struct sweep_config {
	/* what every point sends: the driver's options (--size, --proto, --dest,
	 * --threads, --cpu, --flags, ...); vlen, send mode, gso and duration are
	 * the point's */
	struct drive_config drive;
	unsigned nvlens;
	uint32_t vlens[SWEEP_MAX_VLENS];	/* increasing, 1 .. 1024 */
	double per_point_s;		/* each run of a point */
	unsigned repeat;		/* runs per point, interleaved */
	uint32_t gso;			/* > 0: a GSO point at each vlen too */
	bool csv;			/* CSV on stdout */
	char plot_path[OUTPUT_PATH_MAX];	/* --plot FILE (.png or .svg); "" = none */
};

/* vlen 1, 2, 4, ..., 1024; one run of 1 s per point */
static inline void sweep_config__defaults(struct sweep_config *c)
{
	memset(c, 0, sizeof(*c));
	drive_config__defaults(&c->drive);
	for (uint32_t v = 1; v <= MMSG_UIO_MAXIOV; v *= 2)
		c->vlens[c->nvlens++] = v;
	c->per_point_s = SWEEP_DEFAULT_PER_POINT_S;
	c->repeat = 1;
}

/* Runs every point (until *stop), then reports. Returns the exit code: 0
 * (every point's totals match the driver's), 1 runtime failure or a
 * mismatch, 2 usage error found only now. */
int sweep__run(const struct sweep_config *cfg, volatile sig_atomic_t *stop);

#endif /* MMSGTRACE_TEACH_SWEEP_H */
