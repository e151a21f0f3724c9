/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the full-screen live view shows, decided without a terminal: the
 * columns that fit a width (dropped by priority), the rows that fit a
 * height, the trend of the last minute as a sparkline, and the whole frame
 * of each mode as lines of text no wider than the screen. tui.c only puts
 * these lines on the screen, so the layout is unit-tested as it is.
 *
 * Every figure of the interval is a rate per second (the headers end in
 * /s); counts since the start are labelled "total".
 *
 * Pure: no I/O.
 */
#ifndef MMSGTRACE_REPORT_TUI_LAYOUT_H
#define MMSGTRACE_REPORT_TUI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/contract.h"
#include "common/text.h"
#include "core/stats.h"

#define TUI_LINES_MAX 200		/* taller screens show blank lines below */
#define TUI_LINE_BYTES 1024		/* UTF-8: a sparkline takes 3 bytes per column */
#define TUI_MIN_WIDTH 20		/* narrower: the lines are cut, nothing else changes */

/* how a line is drawn */
enum tui_attr {
	TUI_PLAIN,
	TUI_TITLE,			/* the first line */
	TUI_HEADER,			/* column names */
	TUI_ALERT,			/* lost events, incomplete totals, pause */
	TUI_HELP,			/* the help overlay */
};

/* One frame: at most height lines, each at most width columns. */
struct tui_screen {
	int width, height;
	int n;
	char line[TUI_LINES_MAX][TUI_LINE_BYTES];
	unsigned char attr[TUI_LINES_MAX];
};

/* The columns that fit in width (one space between them), the most
 * important first: priority 1 is kept longest. Sets shown[i]; returns how
 * many are shown. */
struct tui_column {
	const char *name;
	int width;
	int priority;
};
int tui_layout__fit(const struct tui_column *cols, int n, int width, bool *shown);

/* Columns of UTF-8 text (each character here is one column wide). */
int tui_layout__width(const char *s);

/* Samples of one figure with their times, for the trend of the last minute
 * (TUI_TREND_SAMPLES hold a minute at the shortest --interval, 0.1 s). */
#define TUI_TREND_SAMPLES 640
#define TUI_TREND_WINDOW_S 60.0
struct tui_trend {
	double t[TUI_TREND_SAMPLES];
	double v[TUI_TREND_SAMPLES];	/* < 0: no value in that interval */
	unsigned head, n;
};
void tui_trend__add(struct tui_trend *tr, double t, double v);
/*
 * The samples of the minute before now, oldest left, as at most width
 * characters into out: one per sample, or the largest of each of width
 * groups when there are more. Heights in 8 steps of the window's largest
 * value: the block characters ▁..█ with utf8, "_.:-=+*#" without; a sample
 * without value is a space. Returns the largest value, or -1 when the
 * window has none.
 */
double tui_trend__sparkline(const struct tui_trend *tr, double now, int width, bool utf8,
			    char *out, size_t outlen);

/* Before the first interval: the title, that the figures come after the
 * first interval, and the keys (observe: with s). */
void tui_layout__waiting(const char *title, bool observe, struct tui_screen *s);

struct tui_drive_frame {
	const char *title;		/* "vlen 64, 64 B udp4, ..." */
	double t;			/* seconds since the start */
	bool traced;			/* the kernel's counters (else the driver's) */
	bool paused, help, utf8;
	struct stats_interval iv;	/* the interval shown */
	struct stats_counts total;	/* since the start */
	const struct tui_trend *msgs;	/* msgs/s */
	const struct tui_trend *p99;	/* p99 latency, us */
};

/* Drive mode: the title; the interval's rates as a table (80 columns and
 * more) or as label-value pairs on two lines; the totals; lost events and
 * whether the totals are exact; the trend; the keys. Lines are dropped by
 * priority when the height is short, down to 40x10 with all of it. */
void tui_layout__drive(const struct tui_drive_frame *f, struct tui_screen *s);

/* One row of observe mode's table: a task's syscall in the interval. */
struct tui_task_row {
	char id[32];			/* "1234" or "1234/1240" */
	char comm[TEXT_ESC_LEN(MMSG_COMM_LEN)];	/* escaped */
	const char *syscall;
	bool first;			/* the task's first row: id and name shown */
	double calls_s, msgs_s, mb_s, errors_s;
	double partial_s;		/* the sends' partial calls */
	double short_s;			/* recvmmsg's returns of fewer messages than vlen */
	/* the process's datagrams the kernel dropped (first row only): "-" when
	 * not counted, "" on its other rows */
	char dropped_s[16];
	double msgs_per_call, fill_pct;
	char p50[16], p99[16];		/* us, or "-" */
};

#define TUI_RECENT_EVENTS 3		/* fork/exit lines kept on the screen */
#define TUI_EVENT_BYTES 128

struct tui_observe_frame {
	const char *title;		/* "pid 1234, attach raw" */
	double t;
	bool per_thread, paused, help;
	size_t active, seen;		/* tasks with calls in the interval, and ever */
	double lost_s;			/* lost events per second in the interval */
	uint64_t lost_total;
	const char *sort;		/* "msgs" */
	unsigned top;			/* --top (0: all) */
	const struct tui_task_row *rows;	/* sorted; the first --top tasks */
	size_t nrows;
	size_t others;			/* active tasks past --top, added up in other */
	struct tui_task_row other;
	const char (*recent)[TUI_EVENT_BYTES];	/* newest first, "" = none */
	const char *hint;		/* the idle hint, or NULL */
};

/* Observe mode: title, state (active tasks, lost events, sort key, top),
 * the idle hint (on at most two lines, cut at a space), the table with the
 * columns that fit, the others' line, recent fork/exit events, the keys. */
void tui_layout__observe(const struct tui_observe_frame *f, struct tui_screen *s);

#endif /* MMSGTRACE_REPORT_TUI_LAYOUT_H */
