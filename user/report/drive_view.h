/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Human-readable output: the live view (a refreshing panel on a TTY, one
 * line per interval under a header otherwise) and the final summary.
 * With --json, stdout carries JSON lines instead (see output.h); -o FILE
 * gets JSON lines in either case.
 */
#ifndef MMSGTRACE_DISPLAY_H
#define MMSGTRACE_DISPLAY_H

#include <stdbool.h>
#include <stdio.h>

#include <linux/types.h>

#include "mmsgtrace.h"
#include "core/stats.h"

struct display_config {
	FILE *out;			/* stdout */
	bool tty;			/* out is a terminal: refreshing panel */
	bool json;			/* JSON lines on out instead of text */
	bool events;			/* --events: per-call lines, their own header */
	FILE *json_file;		/* also JSON lines here (NULL = none) */
	const char *title;		/* "vlen 64, 64 B udp4, raw" */
	uint64_t start_ns;		/* CLOCK_MONOTONIC at the start: event times count from here */
};

struct display;
struct drive_start;

struct display *display__new(const struct display_config *cfg);
/* The start line with --json and -o (the text header says the same). */
void display__start(struct display *d, const struct drive_start *s);
/* t: seconds since start; total: cumulative counters for the panel.
 * Returns false once the output can no longer be written (closed pipe). */
bool display__interval(struct display *d, double t, const struct stats_interval *iv,
		       const struct stats_counts *total);
void display__summary(struct display *d, const struct summary *sum);
void display__free(struct display *d);

/* One call record (with --events), as text or JSON like the rest of the output. */
void display__event(struct display *d, const struct mmsg_call_record *rec);

/* "consumer thread CPU: X s (Y% of one core over the run)", indented */
void display__print_consumer(FILE *f, double cpu_s, double wall_s);

/* A log2 histogram with bars, under a title line ("(none)" when empty). */
void display__print_hist(FILE *f, const char *title, const struct log2_hist *h);

#endif /* MMSGTRACE_DISPLAY_H */
