/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Drive mode, the application: start the senders (driver) against a sink
 * or a destination, trace them, show each interval, and end with the
 * summary and the cross-check of the kernel's totals against the driver's.
 * plan (sink, driver, tracer) -> run (poll + intervals) -> summary.
 */
#ifndef MMSGTRACE_DRIVE_DRIVE_H
#define MMSGTRACE_DRIVE_DRIVE_H

#include <signal.h>
#include <stdbool.h>
#include <string.h>

#include "common/names.h"
#include "core/tracer.h"
#include "drive/driver.h"
#include "report/output.h"

#define DRIVE_DEST_MAX 256

struct drive_config {
	struct driver_config driver;
	char dest[DRIVE_DEST_MAX];	/* "" = the built-in sink */
	enum sink_kind sink;
	bool no_trace;			/* the driver alone: no BPF */
	bool allow_errors;		/* --allow-errors: sends the protocol refuses, on purpose */
	struct tracer_settings tracer;
	struct output_settings output;
};

/* The defaults: the driver's, a discarding sink, traced. */
static inline void drive_config__defaults(struct drive_config *c)
{
	memset(c, 0, sizeof(*c));
	driver_config__defaults(&c->driver);
	c->sink = SINK_DISCARD;
	tracer_settings__defaults(&c->tracer);
	output_settings__defaults(&c->output);
}

/* Runs until the driver is done or *stop is set. Returns the exit code: 0
 * (and, traced, the totals match), 1 runtime failure or a mismatch, 2 usage
 * error (found only now: a --cpu this machine lacks, a --dest that does not
 * resolve). */
int drive__run(const struct drive_config *cfg, volatile sig_atomic_t *stop);

/* What one quiet run measured (drive__measure). The summary's pointers
 * (histograms, errnos) point into this struct: do not copy it. */
struct drive_result {
	struct summary sum;		/* totals, the driver's counts, percentiles, cross-check */
	struct log2_hist latency_hist, msgs_hist, bytes_hist;
	uint64_t errnos[MMSG_ERRNO_SLOTS];
	uint64_t hidden_errnos[MMSG_ERRNO_SLOTS];	/* --hidden-errors */
};

/* One run of cfg with nothing printed and no -o file, for the commands that
 * run many (sweep). Returns 0 with *res filled, or 1 (2: a usage error the
 * machine shows, as drive__run) with the reason in err. */
int drive__measure(const struct drive_config *cfg, volatile sig_atomic_t *stop,
		   struct drive_result *res, char *err, size_t errlen);

#endif /* MMSGTRACE_DRIVE_DRIVE_H */
