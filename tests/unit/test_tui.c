// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Unit tests for the full-screen view's layout (report/tui_layout.c) and the
 * order of observe mode's processes (core/task_order.c): the columns that
 * fit a width, the sparkline of the last minute, every frame inside its
 * screen at 160x45, 80x24 and 40x10 (and narrower) with the figures and
 * their labels on it, and --sort's keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/task_order.h"
#include "report/tui_layout.h"

static struct tui_screen *new_screen(int width, int height)
{
	struct tui_screen *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->width = width;
	s->height = height;
	return s;
}

/* every line inside the screen, the screen full (the keys on its last line) */
static void assert_fits(const struct tui_screen *s)
{
	assert_true(s->n <= s->height);
	assert_int_equal(s->n, s->height < TUI_LINES_MAX ? s->height : TUI_LINES_MAX);
	for (int i = 0; i < s->n; i++) {
		if (tui_layout__width(s->line[i]) > s->width)
			fail_msg("line %d is %d columns on a screen of %d: '%s'", i,
				 tui_layout__width(s->line[i]), s->width, s->line[i]);
	}
}

/* the line that starts with prefix, or -1 */
static int find_start(const struct tui_screen *s, const char *prefix)
{
	for (int i = 0; i < s->n; i++)
		if (!strncmp(s->line[i], prefix, strlen(prefix)))
			return i;
	return -1;
}

/* the line holding needle, or -1 */
static int find(const struct tui_screen *s, const char *needle)
{
	for (int i = 0; i < s->n; i++)
		if (strstr(s->line[i], needle))
			return i;
	return -1;
}

static void test_fit_by_priority(void **state)
{
	const struct tui_column cols[] = {
		{ "a", 10, 3 }, { "b", 10, 1 }, { "c", 10, 2 }, { "d", 5, 4 },
	};
	bool shown[4];

	(void)state;
	/* all: 10+10+10+5 and three spaces */
	assert_int_equal(tui_layout__fit(cols, 4, 38, shown), 4);
	assert_true(shown[0] && shown[1] && shown[2] && shown[3]);
	/* one column short: the lowest priority goes */
	assert_int_equal(tui_layout__fit(cols, 4, 37, shown), 3);
	assert_true(shown[0] && shown[1] && shown[2] && !shown[3]);
	/* b and c (21), then d still fits where a does not */
	assert_int_equal(tui_layout__fit(cols, 4, 27, shown), 3);
	assert_true(!shown[0] && shown[1] && shown[2] && shown[3]);
	assert_int_equal(tui_layout__fit(cols, 4, 10, shown), 1);
	assert_true(shown[1] && !shown[0] && !shown[2] && !shown[3]);
	assert_int_equal(tui_layout__fit(cols, 4, 4, shown), 0);
}

static void test_width_counts_characters(void **state)
{
	(void)state;
	assert_int_equal(tui_layout__width(""), 0);
	assert_int_equal(tui_layout__width("msgs/s"), 6);
	assert_int_equal(tui_layout__width("▁▂█"), 3);
}

static void test_sparkline_levels(void **state)
{
	struct tui_trend *tr = calloc(1, sizeof(*tr));
	char out[256];

	(void)state;
	assert_non_null(tr);
	assert_true(tui_trend__sparkline(tr, 10, 40, true, out, sizeof(out)) < 0);
	assert_string_equal(out, "");
	for (int i = 0; i < 8; i++)
		tui_trend__add(tr, i + 1, i * 100.0 / 7);
	assert_true(tui_trend__sparkline(tr, 8, 40, true, out, sizeof(out)) == 100);
	assert_string_equal(out, "▁▂▃▄▅▆▇█");
	tui_trend__sparkline(tr, 8, 40, false, out, sizeof(out));
	assert_string_equal(out, "_.:-=+*#");
	/* a sample without a value is a gap */
	tui_trend__add(tr, 9, -1);
	tui_trend__add(tr, 10, 100);
	tui_trend__sparkline(tr, 10, 40, false, out, sizeof(out));
	assert_string_equal(out, "_.:-=+*# #");
	free(tr);
}

static void test_sparkline_window_and_groups(void **state)
{
	struct tui_trend *tr = calloc(1, sizeof(*tr));
	char out[256], big[2048];

	(void)state;
	assert_non_null(tr);
	/* 120 s of one sample a second: the minute before t=120 only */
	for (int i = 1; i <= 120; i++)
		tui_trend__add(tr, i, i <= 60 ? 1000 : 10);
	assert_true(tui_trend__sparkline(tr, 120, 100, false, out, sizeof(out)) == 10);
	assert_int_equal(strlen(out), 60);
	/* more samples than columns: 60 into 20 groups of 3 */
	tui_trend__sparkline(tr, 120, 20, false, out, sizeof(out));
	assert_int_equal(strlen(out), 20);
	/* a group shows its largest sample */
	tui_trend__add(tr, 121, 50);
	tui_trend__sparkline(tr, 121, 20, false, out, sizeof(out));
	assert_int_equal(out[19], '#');
	assert_int_equal(out[0], '.');
	/* the ring keeps its last TUI_TREND_SAMPLES */
	for (int i = 0; i < 2 * TUI_TREND_SAMPLES; i++)
		tui_trend__add(tr, 200 + i * 0.05, 7);
	assert_int_equal(tr->n, TUI_TREND_SAMPLES);
	assert_true(tui_trend__sparkline(tr, 200 + (2 * TUI_TREND_SAMPLES - 1) * 0.05, 1000, false,
					 big, sizeof(big)) == 7);
	assert_int_equal(strlen(big), TUI_TREND_SAMPLES);
	free(tr);
}

/* the issue's case: --interval 0.5 --flags oob, every call fails */
static void drive_frame(struct tui_drive_frame *f, struct tui_trend *msgs, struct tui_trend *p99)
{
	memset(f, 0, sizeof(*f));
	f->title = "vlen 64, 64 B udp4, flags oob, 1 thread, attach raw";
	f->t = 12.5;
	f->traced = true;
	f->utf8 = true;
	f->iv.seconds = 0.5;
	f->iv.delta.calls = 1533529;
	f->iv.delta.errors = 1533529;
	f->iv.delta.lost_events = 3;
	f->iv.calls_per_s = 3067058;
	f->iv.msgs_per_s = 0;
	f->iv.have_latency = true;
	f->iv.latency.valid = true;
	f->iv.latency.p50 = 1200;
	f->iv.latency.p99 = 2500;
	f->total.calls = 38000000;
	f->total.msgs = 0;
	f->total.errors = 38000000;
	f->total.lost_events = 3;
	for (int i = 1; i <= 25; i++) {
		tui_trend__add(msgs, i * 0.5, 1000.0 * i);
		tui_trend__add(p99, i * 0.5, 2.5);
	}
	f->msgs = msgs;
	f->p99 = p99;
}

static void test_drive_sizes(void **state)
{
	static const int sizes[][2] = { { 160, 45 }, { 80, 24 }, { 79, 24 }, { 40, 10 }, { 300, 150 } };
	struct tui_trend *msgs = calloc(1, sizeof(*msgs)), *p99 = calloc(1, sizeof(*p99));
	struct tui_drive_frame f;

	(void)state;
	assert_non_null(msgs);
	assert_non_null(p99);
	drive_frame(&f, msgs, p99);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct tui_screen *s = new_screen(sizes[i][0], sizes[i][1]);
		int rates;

		tui_layout__drive(&f, s);
		assert_fits(s);
		assert_non_null(strstr(s->line[0], "mmsgtrace  t=12.5s"));
		/* the errors are a rate, as the calls: all of them failed */
		rates = find(s, "errors/s");
		assert_true(rates >= 1);
		if (s->width >= 80) {
			/* the table: names on one line, figures under them */
			assert_non_null(strstr(s->line[1], "calls/s"));
			assert_non_null(strstr(s->line[1], "msgs/s"));
			assert_non_null(strstr(s->line[2], "3067058"));
			/* right-aligned: the figure ends where its name does */
			assert_int_equal(strstr(s->line[2], "3067058") - s->line[2],
					 strstr(s->line[1], "calls/s") - s->line[1]);
		} else {
			/* two lines of pairs */
			assert_non_null(strstr(s->line[1], "msgs/s 0"));
			assert_non_null(strstr(s->line[1], "calls/s 3067058"));
			assert_in_range(find(s, "errors/s 3067058"), 1, 2);
		}
		/* the state: lost events and the totals' */
		assert_true(find(s, "lost events 3") > rates);
		assert_true(find(s, "totals exact") > rates);
		assert_true(find(s, "total ") > rates);
		/* the trend, and the keys on the last line */
		assert_true(find_start(s, "msgs/s  ") > rates);
		assert_true(find_start(s, "p99_us  ") > rates);
		assert_true(find(s, "max 25000") >= 0);
		assert_non_null(strstr(s->line[s->n - 1], "q quit  p pause  ? help"));
		free(s);
	}
	free(msgs);
	free(p99);
}

/* 80 columns drop the least important columns, never msgs/s */
static void test_drive_columns_dropped(void **state)
{
	struct tui_trend *msgs = calloc(1, sizeof(*msgs)), *p99 = calloc(1, sizeof(*p99));
	struct tui_screen *wide = new_screen(160, 45), *s = new_screen(80, 24);
	struct tui_drive_frame f;

	(void)state;
	drive_frame(&f, msgs, p99);
	tui_layout__drive(&f, wide);
	tui_layout__drive(&f, s);
	assert_non_null(strstr(wide->line[1], "ns/msg"));
	assert_non_null(strstr(wide->line[1], "p50_us"));
	assert_null(strstr(s->line[1], "ns/msg"));
	assert_null(strstr(s->line[1], "p50_us"));
	assert_non_null(strstr(s->line[1], "p99_us"));
	assert_non_null(strstr(s->line[1], "lost/s"));
	free(wide);
	free(s);
	free(msgs);
	free(p99);
}

/* shorter than 10 lines: title, rates, state and keys stay */
static void test_drive_short_and_narrow(void **state)
{
	struct tui_trend *msgs = calloc(1, sizeof(*msgs)), *p99 = calloc(1, sizeof(*p99));
	struct tui_drive_frame f;
	struct tui_screen *s = new_screen(40, 5);

	(void)state;
	drive_frame(&f, msgs, p99);
	tui_layout__drive(&f, s);
	assert_fits(s);
	assert_int_equal(find(s, "mmsgtrace"), 0);
	assert_int_equal(find(s, "msgs/s 0"), 1);
	assert_int_equal(find(s, "lost events 3"), 3);
	assert_int_equal(find(s, "q quit"), 4);
	assert_int_equal(find(s, "max "), -1);
	free(s);
	/* narrower than anything planned: cut, never wider */
	for (int w = 1; w < 40; w++) {
		s = new_screen(w, 12);
		tui_layout__drive(&f, s);
		assert_fits(s);
		free(s);
	}
	/* not traced, paused, help */
	f.traced = false;
	f.paused = true;
	f.help = true;
	s = new_screen(80, 24);
	tui_layout__drive(&f, s);
	assert_fits(s);
	assert_non_null(strstr(s->line[0], "PAUSED"));
	assert_true(find(s, "not traced") > 0);
	assert_true(find(s, "p  pause the display") > find(s, "not traced"));
	assert_true(find(s, "trend  the last 60 s") > 0);
	assert_int_equal(find(s, "s  order by the next --sort key"), -1);
	free(s);
	free(msgs);
	free(p99);
}

static void obs_frame(struct tui_observe_frame *f, struct tui_task_row *rows, size_t n)
{
	memset(f, 0, sizeof(*f));
	f->title = "pid 100,200,300, attach raw";
	f->t = 3;
	f->active = n + 2;
	f->seen = n + 3;
	f->sort = "msgs";
	f->top = n;
	for (size_t i = 0; i < n; i++) {
		memset(&rows[i], 0, sizeof(rows[i]));
		snprintf(rows[i].id, sizeof(rows[i].id), "%zu", 100 * (i + 1));
		snprintf(rows[i].comm, sizeof(rows[i].comm), "sender-number-%zu", i);
		rows[i].syscall = "sendmmsg";
		rows[i].first = true;
		rows[i].msgs_s = 4000.0 / (i + 1);
		rows[i].calls_s = 1000.0 / (i + 1);
		snprintf(rows[i].p50, sizeof(rows[i].p50), "1.5");
		snprintf(rows[i].p99, sizeof(rows[i].p99), "9.5");
	}
	f->rows = rows;
	f->nrows = n;
	f->others = 2;
	memset(&f->other, 0, sizeof(f->other));
	snprintf(f->other.id, sizeof(f->other.id), "others");
	snprintf(f->other.comm, sizeof(f->other.comm), "(2 more)");
	f->other.syscall = "all";
	f->other.first = true;
	f->other.msgs_s = 77;
}

static void test_observe_sizes(void **state)
{
	static const int sizes[][2] = { { 160, 45 }, { 80, 24 }, { 40, 10 } };
	struct tui_task_row rows[3];
	struct tui_observe_frame f;

	(void)state;
	obs_frame(&f, rows, 3);
	for (size_t i = 0; i < 3; i++) {
		struct tui_screen *s = new_screen(sizes[i][0], sizes[i][1]);
		int header;

		tui_layout__observe(&f, s);
		assert_fits(s);
		assert_non_null(strstr(s->line[0], "mmsgtrace observe  t=3.0s"));
		assert_true(find(s, "lost events/s 0 (total 0)") >= 1);
		assert_true(find(s, "sort msgs") >= 1);
		header = find(s, "MSGS/s");
		assert_true(header >= 2);
		assert_non_null(strstr(s->line[header], "PID"));
		assert_non_null(strstr(s->line[header], "SYSCALL"));
		/* the rows in order, then the others' line */
		assert_non_null(strstr(s->line[header + 1], "100"));
		assert_non_null(strstr(s->line[header + 1], "4000"));
		assert_non_null(strstr(s->line[header + 2], "2000"));
		assert_non_null(strstr(s->line[header + 3], "1333"));
		assert_non_null(strstr(s->line[header + 4], "others"));
		assert_non_null(strstr(s->line[header + 4], "77"));
		assert_non_null(strstr(s->line[s->n - 1], "s sort"));
		free(s);
	}
}

/* DROP/s, the process's datagrams the kernel dropped: the last column where
 * there is room, its figure on the process's first row only; the first to go */
static void test_observe_drop_column(void **state)
{
	struct tui_task_row rows[2];
	struct tui_observe_frame f;
	struct tui_screen *s = new_screen(160, 20);
	int header;

	(void)state;
	obs_frame(&f, rows, 2);
	snprintf(rows[0].dropped_s, sizeof(rows[0].dropped_s), "4321");
	rows[1].first = false;	/* the same process's second syscall */
	rows[1].syscall = "recvmmsg";
	snprintf(rows[1].dropped_s, sizeof(rows[1].dropped_s), "999");
	tui_layout__observe(&f, s);
	assert_fits(s);
	header = find(s, "DROP/s");
	assert_true(header >= 2);
	assert_non_null(strstr(s->line[header], "SHORT/s DROP/s"));
	assert_non_null(strstr(s->line[header + 1], "       0   4321"));
	assert_null(strstr(s->line[header + 2], "999"));
	free(s);
	/* where SHORT/s still fits, DROP/s has gone */
	s = new_screen(125, 20);
	tui_layout__observe(&f, s);
	assert_true(find(s, "SHORT/s") >= 2);
	assert_true(find(s, "DROP/s") < 0);
	free(s);
}

/* SHORT/s (recvmmsg's short returns) beside PART/s (the sends' partial
 * calls) where there is room for every column; the first column to go */
static void test_observe_short_column(void **state)
{
	struct tui_task_row rows[2];
	struct tui_observe_frame f;
	struct tui_screen *s = new_screen(125, 20);
	int header;

	(void)state;
	obs_frame(&f, rows, 2);
	rows[0].partial_s = 7;
	rows[1].syscall = "recvmmsg";
	rows[1].short_s = 1234;
	tui_layout__observe(&f, s);
	assert_fits(s);
	header = find(s, "SHORT/s");
	assert_true(header >= 2);
	assert_non_null(strstr(s->line[header], "ERR/s  PART/s SHORT/s"));
	assert_non_null(strstr(s->line[header], "P50_us"));
	/* the last two figures of each row: PART/s, SHORT/s */
	assert_non_null(strstr(s->line[header + 1], " sendmmsg "));
	assert_non_null(strstr(s->line[header + 1], "       7       0"));
	assert_non_null(strstr(s->line[header + 2], " recvmmsg "));
	assert_non_null(strstr(s->line[header + 2], "       0    1234"));
	free(s);
	/* a column narrower: SHORT/s goes, P50_us stays */
	s = new_screen(124, 20);
	tui_layout__observe(&f, s);
	assert_fits(s);
	assert_int_equal(find(s, "SHORT/s"), -1);
	assert_true(find(s, "P50_us") >= 2);
	assert_true(find(s, "PART/s") >= 2);
	free(s);
}

/* the idle hint: under the state, an alert, on two lines cut at a space
 * when it is longer than the screen is wide; the table below it */
static void test_observe_hint(void **state)
{
	struct tui_task_row rows[1];
	struct tui_observe_frame f;
	struct tui_screen *s = new_screen(70, 24);
	const char *hint = "pid 42 (loop) made no watched call in 5.0 s; busiest syscalls in the "
			   "next 1.0 s: getppid 1000000, write 1000; mmsgtrace can watch none of them";
	int at;

	(void)state;
	obs_frame(&f, rows, 1);
	tui_layout__observe(&f, s);
	assert_int_equal(find(s, "made no watched call"), -1);
	f.hint = hint;
	tui_layout__observe(&f, s);
	assert_fits(s);
	at = find_start(s, "pid 42 (loop)");
	assert_int_equal(at, 2);
	assert_string_equal(s->line[at], "pid 42 (loop) made no watched call in 5.0 s; busiest syscalls "
					 "in the");
	assert_int_equal(s->attr[at], TUI_ALERT);
	/* the second line is the last: cut at the width */
	assert_string_equal(s->line[at + 1], "next 1.0 s: getppid 1000000, write 1000; mmsgtrace can "
					     "watch none of t");
	assert_int_equal(s->attr[at + 1], TUI_ALERT);
	assert_true(find(s, "MSGS/s") == at + 2);
	free(s);
	/* wide enough: one line */
	s = new_screen(160, 24);
	tui_layout__observe(&f, s);
	assert_string_equal(s->line[2], hint);
	assert_true(find(s, "MSGS/s") == 3);
	free(s);
}

/* more rows than lines: a "more" line, the others' line, the keys */
static void test_observe_rows_cut(void **state)
{
	struct tui_task_row rows[20];
	struct tui_observe_frame f;
	struct tui_screen *s = new_screen(40, 10);
	const char recent[TUI_RECENT_EVENTS][TUI_EVENT_BYTES] = { "1.000s: 300 (x) exited" };

	(void)state;
	obs_frame(&f, rows, 20);
	f.recent = recent;
	tui_layout__observe(&f, s);
	assert_fits(s);
	assert_true(find(s, "more rows (all in the summary)") > 0);
	assert_true(find(s, "others") > find(s, "more rows"));
	assert_int_equal(find(s, "exited"), -1);
	free(s);
	/* room: the recent events; the help over the lower half */
	s = new_screen(80, 40);
	tui_layout__observe(&f, s);
	assert_fits(s);
	assert_int_equal(find(s, "s  order by"), -1);
	f.help = true;
	tui_layout__observe(&f, s);
	assert_fits(s);
	assert_int_equal(find(s, "keys"), 20);
	assert_true(find(s, "  s  order by the next --sort key") > 20);
	assert_int_equal(find(s, "trend"), -1);
	assert_non_null(strstr(s->line[39], "q quit"));
	f.help = false;
	tui_layout__observe(&f, s);
	assert_int_equal(find(s, "more rows"), -1);
	assert_true(find(s, "300 (x) exited") > find(s, "others"));
	free(s);
}

/* before the first interval: no figure yet, so none is shown */
static void test_waiting(void **state)
{
	struct tui_screen *s = new_screen(40, 10);

	(void)state;
	tui_layout__waiting("pid 1, attach raw", true, s);
	assert_fits(s);
	assert_string_equal(s->line[0], "mmsgtrace observe  pid 1, attach raw");
	assert_true(find(s, "first interval") == 1);
	assert_string_equal(s->line[9], "q quit  p pause  s sort  ? help");
	assert_int_equal(find(s, "/s"), -1);
	tui_layout__waiting("vlen 64", false, s);
	assert_fits(s);
	assert_string_equal(s->line[9], "q quit  p pause  ? help");
	free(s);
}

static struct procstats_task *task(uint32_t pid, uint64_t calls, uint64_t msgs, uint64_t bytes,
				   uint64_t errors)
{
	struct procstats_task *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->pid = pid;
	/* split over two syscalls: the order adds them up */
	t->sc[MMSG_SYS_SENDMMSG].total = (struct mmsg_task_totals){
		.calls = calls / 2, .msgs = msgs / 2, .bytes = bytes / 2, .errors = errors / 2,
	};
	t->sc[MMSG_SYS_SENDTO].total = (struct mmsg_task_totals){
		.calls = calls - calls / 2, .msgs = msgs - msgs / 2, .bytes = bytes - bytes / 2,
		.errors = errors - errors / 2,
	};
	t->sc[MMSG_SYS_SENDMMSG].delta = (struct mmsg_task_totals){ .calls = 1, .msgs = pid };
	return t;
}

static void test_task_order(void **state)
{
	struct procstats_task *t[4] = {
		task(1, 10, 100, 5000, 0), task(2, 30, 30, 9000, 7),
		task(3, 20, 200, 100, 1), task(4, 20, 100, 100, 1),
	};
	enum task_sort k;

	(void)state;
	task_order__sort(t, 4, TASK_SORT_CALLS, false);
	/* 3 and 4 tie on calls: more messages first */
	assert_int_equal(t[0]->pid, 2);
	assert_int_equal(t[1]->pid, 3);
	assert_int_equal(t[2]->pid, 4);
	assert_int_equal(t[3]->pid, 1);
	task_order__sort(t, 4, TASK_SORT_MSGS, false);
	assert_int_equal(t[0]->pid, 3);
	/* 1 and 4 tie on messages: the lower pid first */
	assert_int_equal(t[1]->pid, 1);
	assert_int_equal(t[2]->pid, 4);
	assert_int_equal(t[3]->pid, 2);
	task_order__sort(t, 4, TASK_SORT_BYTES, false);
	assert_int_equal(t[0]->pid, 2);
	assert_int_equal(t[1]->pid, 1);
	task_order__sort(t, 4, TASK_SORT_ERRORS, false);
	assert_int_equal(t[0]->pid, 2);
	assert_int_equal(t[1]->pid, 3);
	assert_int_equal(t[2]->pid, 4);
	assert_int_equal(t[3]->pid, 1);
	/* the interval's figures, not the totals */
	task_order__sort(t, 4, TASK_SORT_MSGS, true);
	assert_int_equal(t[0]->pid, 4);
	assert_int_equal(t[3]->pid, 1);
	assert_int_equal(task_order__value(t[0], TASK_SORT_BYTES, false), 100);
	assert_int_equal(task_order__value(t[0], TASK_SORT_MSGS, true), 4);

	assert_int_equal(task_order__parse("bytes", &k), 0);
	assert_int_equal(k, TASK_SORT_BYTES);
	assert_int_equal(task_order__parse("msgs", &k), 0);
	assert_int_equal(k, TASK_SORT_MSGS);
	assert_int_equal(task_order__parse("Msgs", &k), -1);
	assert_int_equal(task_order__parse("", &k), -1);
	assert_int_equal(task_order__parse("messages", &k), -1);
	/* the key s: every key once, then back */
	k = TASK_SORT_MSGS;
	for (int i = 0; i < TASK_SORT_COUNT; i++)
		k = task_order__next(k);
	assert_int_equal(k, TASK_SORT_MSGS);
	assert_string_equal(task_order__name(task_order__next(TASK_SORT_ERRORS)), "calls");
	for (int i = 0; i < 4; i++)
		free(t[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fit_by_priority),
		cmocka_unit_test(test_width_counts_characters),
		cmocka_unit_test(test_sparkline_levels),
		cmocka_unit_test(test_sparkline_window_and_groups),
		cmocka_unit_test(test_drive_sizes),
		cmocka_unit_test(test_drive_columns_dropped),
		cmocka_unit_test(test_drive_short_and_narrow),
		cmocka_unit_test(test_observe_sizes),
		cmocka_unit_test(test_observe_short_column),
		cmocka_unit_test(test_observe_drop_column),
		cmocka_unit_test(test_observe_hint),
		cmocka_unit_test(test_observe_rows_cut),
		cmocka_unit_test(test_waiting),
		cmocka_unit_test(test_task_order),
	};

	return cmocka_run_group_tests_name("tui", tests, NULL, NULL);
}
