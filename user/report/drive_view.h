/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Human-readable output: the live view (the full-screen view of tui.h on a
 * terminal, one line per interval under a header otherwise: every figure a
 * rate per second) and the final summary, on the normal screen.
 * With --json, stdout carries JSON lines instead (see output.h); -o FILE
 * gets JSON lines in either case.
 */
#ifndef MMSGTRACE_DISPLAY_H
#define MMSGTRACE_DISPLAY_H

#include <stdbool.h>
#include <stdio.h>

#include "common/contract.h"
#include "core/stats.h"

struct drive_view_config {
	FILE *out;			/* stdout */
	bool tui;			/* the full-screen view (out is a terminal) */
	bool traced;			/* the totals are the kernel's (else the driver's) */
	bool json;			/* JSON lines on out instead of text */
	bool csv;			/* CSV on out instead of text (csv.h) */
	bool events;			/* --events: per-call lines, their own header */
	FILE *json_file;		/* also JSON lines here (NULL = none) */
	const char *title;		/* "vlen 64, 64 B udp4, raw"; kept: it must outlive the view */
	uint64_t start_ns;		/* CLOCK_MONOTONIC at the start: event times count from here */
};

struct drive_view;
struct drive_start;

struct drive_view *drive_view__new(const struct drive_view_config *cfg);
/* The start line with --json and -o (the text header says the same). */
void drive_view__start(struct drive_view *d, const struct drive_start *s);
/* t: seconds since start; total: cumulative counters for the panel.
 * Returns false once the output can no longer be written (closed pipe). */
bool drive_view__interval(struct drive_view *d, double t, const struct stats_interval *iv,
		       const struct stats_counts *total);
/* The keys pressed since the last call (the full-screen view; redraws
 * after a resize, pause or help). True when one asks to quit (q). */
bool drive_view__keys(struct drive_view *d);
/* The full-screen view ends: the terminal's normal screen is back (before
 * the summary or an error message is printed). */
void drive_view__end_live(struct drive_view *d);
void drive_view__summary(struct drive_view *d, const struct summary *sum);
void drive_view__free(struct drive_view *d);

/* One call record (with --events), as text or JSON like the rest of the output. */
void drive_view__event(struct drive_view *d, const struct mmsg_call_record *rec);

#endif /* MMSGTRACE_DISPLAY_H */
