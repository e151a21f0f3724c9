/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the user asked the output to be (--interval, --json, --events, -o):
 * the same for both modes.
 */
#ifndef MMSGTRACE_REPORT_OUTPUT_H
#define MMSGTRACE_REPORT_OUTPUT_H

#include <stdbool.h>

#define OUTPUT_PATH_MAX 4096

struct output_settings {
	double interval_s;		/* a live line or table every interval */
	bool json;			/* JSON lines on stdout instead of text */
	bool csv;			/* CSV on stdout instead of text (not with json) */
	bool events;			/* one line (or JSON object) per call */
	bool no_tui;			/* --no-tui: the line format on a terminal too */
	char path[OUTPUT_PATH_MAX];	/* -o FILE: JSON lines also go here; "" = none */
	char prom_path[OUTPUT_PATH_MAX];	/* --prom-file PATH: Prometheus text; "" = none */
};

/* every second, text on stdout, no events, no file */
static inline void output_settings__defaults(struct output_settings *o)
{
	o->interval_s = 1.0;
	o->json = false;
	o->csv = false;
	o->events = false;
	o->no_tui = false;
	o->path[0] = '\0';
	o->prom_path[0] = '\0';
}

#endif /* MMSGTRACE_REPORT_OUTPUT_H */
