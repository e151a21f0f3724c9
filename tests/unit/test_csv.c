// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for the CSV encoders (report/csv.c): RFC 4180 quoting of hostile
 * names, every row with the header's columns, figures as the JSON has them. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/csv.h"

#define MAX_ROWS 32
#define MAX_COLS 40
#define MAX_FIELD 128

/* a CSV text parsed per RFC 4180: rows of unquoted fields */
struct table {
	size_t rows;
	size_t cols[MAX_ROWS];
	char field[MAX_ROWS][MAX_COLS][MAX_FIELD];
};

/* Parse s strictly: a quote only opens a field, "" inside one is a quote,
 * a quoted field ends at a quote followed by a comma or a line end, every
 * row ends with LF. Fails the test on anything else. */
static void parse(const char *s, struct table *t)
{
	size_t r = 0, c = 0, len = 0;
	bool quoted = false, field_started = false;

	memset(t, 0, sizeof(*t));
	for (const char *p = s; *p; p++) {
		assert_true(r < MAX_ROWS && c < MAX_COLS && len < MAX_FIELD - 1);
		if (quoted) {
			if (*p == '"' && p[1] == '"') {
				t->field[r][c][len++] = '"';
				p++;
			} else if (*p == '"') {
				quoted = false;
				assert_true(p[1] == ',' || p[1] == '\n');
			} else {
				t->field[r][c][len++] = *p;
			}
			continue;
		}
		if (*p == '"') {
			assert_false(field_started);	/* a quote inside an unquoted field */
			quoted = field_started = true;
		} else if (*p == ',') {
			c++, len = 0, field_started = false;
		} else if (*p == '\n') {
			t->cols[r++] = c + 1;
			c = 0, len = 0, field_started = false;
		} else {
			assert_true(*p != '\r');
			t->field[r][c][len++] = *p;
			field_started = true;
		}
	}
	assert_false(quoted);
	assert_int_equal(c, 0);	/* the text ends with a whole row */
	assert_int_equal(len, 0);
	t->rows = r;
}

static void assert_rectangular(const struct table *t)
{
	assert_true(t->rows >= 2);
	for (size_t r = 1; r < t->rows; r++)
		assert_int_equal(t->cols[r], t->cols[0]);
}

/* the column named name in the header */
static size_t col(const struct table *t, const char *name)
{
	for (size_t c = 0; c < t->cols[0]; c++)
		if (!strcmp(t->field[0][c], name))
			return c;
	fail_msg("no column %s", name);
	return 0;
}

static char *field_text(const char *s, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	csv__field(f, s, len);
	assert_int_equal(fclose(f), 0);
	return buf;
}

#define ASSERT_FIELD(lit, expected)                                   \
	do {                                                          \
		char *out_ = field_text(lit, sizeof(lit) - 1);        \
		assert_string_equal(out_, expected);                  \
		free(out_);                                           \
	} while (0)

static void test_field_quoting(void **state)
{
	(void)state;
	ASSERT_FIELD("plain", "plain");
	ASSERT_FIELD("", "");
	ASSERT_FIELD("a,b", "\"a,b\"");
	ASSERT_FIELD("say \"hi\"", "\"say \"\"hi\"\"\"");
	ASSERT_FIELD("two\nlines", "\"two\nlines\"");
	ASSERT_FIELD("cr\rhere", "\"cr\rhere\"");
	ASSERT_FIELD("tab\there", "tab\there");
	/* valid UTF-8 stays; what is no text becomes U+FFFD */
	ASSERT_FIELD("caf\xc3\xa9", "caf\xc3\xa9");
	ASSERT_FIELD("esc\x1b[2J", "esc\xef\xbf\xbd[2J");
	ASSERT_FIELD("del\x7f", "del\xef\xbf\xbd");
	ASSERT_FIELD("c1\xc2\x9b", "c1\xef\xbf\xbd");
	ASSERT_FIELD("bad\xff\xfe", "bad\xef\xbf\xbd\xef\xbf\xbd");
	ASSERT_FIELD("cut\xe2\x82", "cut\xef\xbf\xbd\xef\xbf\xbd");
}

static char *capture(void (*fn)(FILE *f, void *ctx), void *ctx)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	fn(f, ctx);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void drive_rows(FILE *f, void *ctx)
{
	const struct summary *sum = ctx;
	struct stats_interval iv = {
		.seconds = 1.0,
		.delta = { .calls = 100, .msgs = 6400, .bytes = 409600, .partial = 1 },
		.calls_per_s = 100, .msgs_per_s = 6400, .mb_per_s = 0.4096,
		.msgs_per_call = 64, .fill_pct = 100, .have_latency = true, .ns_per_msg = 2500.5,
		.latency = { .valid = true, .p50 = 150000, .p99 = 210000 },
	};
	struct stats_interval quiet = { .seconds = 0.5 };

	csv__drive_header(f);
	csv__drive_interval(f, 1.0, &iv);
	csv__drive_interval(f, 1.5, &quiet);	/* no calls, no latency: empty fields */
	csv__drive_summary(f, sum);
}

static void test_drive_rows(void **state)
{
	static struct table t;
	struct summary sum = {
		.mode = "drive", .attach = "raw", .seconds = 2.0, .vlen = 64, .traced = true,
		.kernel = { .calls = 200, .msgs = 12800, .bytes = 819200, .errors = 2, .partial = 1,
			    .latency_ns = 32000000, .lost_events = 3 },
		.latency = { .valid = true, .exact = true, .p50 = 150000, .p90 = 200000,
			     .p99 = 210000, .max = 900000 },
		.records = 197,
		.have_driver = true,
		.driver = { .calls = 200, .msgs = 12800, .bytes = 819200, .errors = 2,
			    .datagrams = 12800 },
		.match = true,
		.consumer_cpu_s = 0.0125,
		.consumer_wall_s = 2.0,
	};
	char *out;

	(void)state;
	/* numbers use '.' whatever the locale (run.sh provides a de_DE one) */
	setlocale(LC_NUMERIC, "de_DE.UTF-8");
	out = capture(drive_rows, &sum);
	setlocale(LC_NUMERIC, "C");
	parse(out, &t);
	assert_rectangular(&t);
	assert_int_equal(t.rows, 4);
	assert_string_equal(t.field[0][0], "type");
	assert_string_equal(t.field[1][0], "interval");
	assert_string_equal(t.field[2][0], "interval");
	assert_string_equal(t.field[3][0], "summary");

	assert_string_equal(t.field[1][col(&t, "calls")], "100");
	assert_string_equal(t.field[1][col(&t, "ns_per_msg")], "2500.500");
	assert_string_equal(t.field[1][col(&t, "p50_ns")], "150000");
	assert_string_equal(t.field[1][col(&t, "p90_ns")], "");	/* intervals have p50, p99 */
	assert_string_equal(t.field[2][col(&t, "p99_ns")], "");
	assert_string_equal(t.field[2][col(&t, "ns_per_msg")], "");
	assert_string_equal(t.field[1][col(&t, "match")], "");	/* run-wide columns */

	/* the summary's figures, derived as the text and JSON derive them */
	assert_string_equal(t.field[3][col(&t, "t")], "");
	assert_string_equal(t.field[3][col(&t, "seconds")], "2.000");
	assert_string_equal(t.field[3][col(&t, "calls")], "200");
	assert_string_equal(t.field[3][col(&t, "msgs")], "12800");
	assert_string_equal(t.field[3][col(&t, "errors")], "2");
	assert_string_equal(t.field[3][col(&t, "lost_events")], "3");
	assert_string_equal(t.field[3][col(&t, "calls_per_s")], "100.000");
	assert_string_equal(t.field[3][col(&t, "msgs_per_s")], "6400.000");
	assert_string_equal(t.field[3][col(&t, "mb_per_s")], "0.410");
	assert_string_equal(t.field[3][col(&t, "msgs_per_call")], "64.000");
	assert_string_equal(t.field[3][col(&t, "fill_pct")], "100.000");
	assert_string_equal(t.field[3][col(&t, "ns_per_msg")], "2500.000");
	assert_string_equal(t.field[3][col(&t, "p90_ns")], "200000");
	assert_string_equal(t.field[3][col(&t, "max_ns")], "900000");
	assert_string_equal(t.field[3][col(&t, "latency_exact")], "true");
	assert_string_equal(t.field[3][col(&t, "records")], "197");
	assert_string_equal(t.field[3][col(&t, "datagrams")], "12800");
	assert_string_equal(t.field[3][col(&t, "hidden_errors")], "");	/* not counted */
	assert_string_equal(t.field[3][col(&t, "driver_calls")], "200");
	assert_string_equal(t.field[3][col(&t, "match")], "true");
	assert_string_equal(t.field[3][col(&t, "consumer_cpu_s")], "0.012500");
	free(out);

	/* untraced: the driver's counts, no kernel-only figure */
	sum.traced = false;
	sum.kernel = (struct stats_counts){ 0 };
	out = capture(drive_rows, &sum);
	parse(out, &t);
	assert_rectangular(&t);
	assert_string_equal(t.field[3][col(&t, "calls")], "200");
	assert_string_equal(t.field[3][col(&t, "lost_events")], "0");
	assert_string_equal(t.field[3][col(&t, "records")], "0");
	assert_string_equal(t.field[3][col(&t, "ns_per_msg")], "");
	assert_string_equal(t.field[3][col(&t, "p50_ns")], "");
	assert_string_equal(t.field[3][col(&t, "match")], "");
	free(out);
}

/* a task named to break a careless writer: comma, quote, newline */
#define HOSTILE "a,\"b\"\nc"

static void observe_rows(FILE *f, void *ctx)
{
	struct procstats_task *task = ctx;
	struct procstats_task *list[1] = { task };
	struct mmsg_task_record fork = {
		.type = MMSG_REC_TASK, .event = MMSG_TASK_FORK, .pid = 10, .child = 11,
		.comm = HOSTILE,
	};
	struct mmsg_task_record exit = fork;
	struct observe_summary sum = {
		.attach = "raw", .select = "all", .seconds = 2.0,
		.syscall_mask = (1u << MMSG_SYS_SENDMMSG) | (1u << MMSG_SYS_SENDTO),
		.records = 7,
	};

	exit.event = MMSG_TASK_EXIT;
	exit.child = 0;
	sum.sc[MMSG_SYS_SENDMMSG] = (struct mmsg_totals){ .calls = 4, .msgs = 32 };
	sum.sc[MMSG_SYS_SENDTO] = (struct mmsg_totals){ .calls = 3, .msgs = 3 };
	sum.all = (struct mmsg_totals){ .calls = 7, .msgs = 35, .lost_events = 1 };
	csv__observe_header(f);
	csv__observe_interval(f, 1.0, 1.0, list, 1, false);
	csv__task_event(f, 1.2, &fork);
	csv__task_event(f, 1.3, &exit);
	csv__process(f, task, false, 2.0);
	csv__observe_totals(f, &sum);
}

static void test_observe_rows(void **state)
{
	static struct table t;
	static struct procstats_task task;
	char *out;

	(void)state;
	memset(&task, 0, sizeof(task));
	task.pid = 10;
	memcpy(task.comm, HOSTILE, sizeof(HOSTILE));
	task.sc[MMSG_SYS_SENDMMSG].delta = (struct mmsg_task_totals){ .calls = 2, .msgs = 16, .slots = 16 };
	task.sc[MMSG_SYS_SENDMMSG].total = (struct mmsg_task_totals){ .calls = 4, .msgs = 32, .slots = 64 };
	task.sc[MMSG_SYS_SENDMMSG].interval_pct = (struct stats_percentiles){ .valid = true, .p50 = 5,
									      .p99 = 9 };
	task.sc[MMSG_SYS_SENDMMSG].records = 4;
	task.sc[MMSG_SYS_SENDTO].total = (struct mmsg_task_totals){ .calls = 3, .msgs = 3, .slots = 3 };
	task.exited = true;

	out = capture(observe_rows, &task);
	parse(out, &t);
	assert_rectangular(&t);
	/* header, 1 interval row, fork, exit, 2 process rows, 2 + 1 totals */
	assert_int_equal(t.rows, 9);
	assert_string_equal(t.field[1][0], "interval");
	assert_string_equal(t.field[1][col(&t, "comm")], HOSTILE);
	assert_string_equal(t.field[1][col(&t, "syscall")], "sendmmsg");
	assert_string_equal(t.field[1][col(&t, "msgs_per_s")], "16.000");
	assert_string_equal(t.field[1][col(&t, "p99_ns")], "9");
	assert_string_equal(t.field[2][0], "fork");
	assert_string_equal(t.field[2][col(&t, "child")], "11");
	assert_string_equal(t.field[2][col(&t, "comm")], HOSTILE);
	assert_string_equal(t.field[3][0], "exit");
	assert_string_equal(t.field[3][col(&t, "child")], "");
	assert_string_equal(t.field[4][0], "process");
	assert_string_equal(t.field[4][col(&t, "fill_pct")], "50.000");
	assert_string_equal(t.field[4][col(&t, "records")], "4");
	assert_string_equal(t.field[4][col(&t, "exited")], "true");
	assert_string_equal(t.field[5][col(&t, "syscall")], "sendto");
	assert_string_equal(t.field[6][0], "total");
	assert_string_equal(t.field[6][col(&t, "syscall")], "sendmmsg");
	assert_string_equal(t.field[6][col(&t, "calls")], "4");
	assert_string_equal(t.field[7][col(&t, "syscall")], "sendto");
	assert_string_equal(t.field[8][col(&t, "syscall")], "all");
	assert_string_equal(t.field[8][col(&t, "calls")], "7");
	assert_string_equal(t.field[8][col(&t, "lost_events")], "1");
	assert_string_equal(t.field[8][col(&t, "records")], "7");
	free(out);
}

/* the parser itself rejects what the writer must never produce */
static void test_parser_catches_bad_rows(void **state)
{
	static struct table t;

	(void)state;
	parse("a,b\n1,2\n", &t);
	assert_rectangular(&t);
	parse("a,b\n1,2,3\n", &t);
	assert_int_not_equal(t.cols[1], t.cols[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_quoting),
		cmocka_unit_test(test_drive_rows),
		cmocka_unit_test(test_observe_rows),
		cmocka_unit_test(test_parser_catches_bad_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
