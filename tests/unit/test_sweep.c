// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Unit tests for user/report/sweep.c and the sweep's JSON (report/json.c),
 * and for a lesson's text and JSON (report/lesson.c): what the points say
 * (speed-ups, the knee, noise), the CSV columns, the sentences, and every
 * documented key.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "report/json.h"
#include "report/lesson.h"
#include "report/sweep.h"

/* points on the line t = fixed + per_msg * m: rate = 1e9 / (t / m) */
static size_t make_points(struct sweep_point *p, double fixed, double per_msg)
{
	static const unsigned vlens[] = { 1, 2, 4, 8, 16, 32, 64 };
	size_t n = 0;

	p[n++] = (struct sweep_point){ .mode = "sendto", .vlen = 1, .runs = 1, .calls = 1000,
				       .messages = 1000, .msgs_per_s = 1e9 / (fixed + per_msg),
				       .ns_per_call = fixed + per_msg, .have_latency = true,
				       .msgs_per_call = 1, .match = true };
	p[n++] = (struct sweep_point){ .mode = "sendmsg", .vlen = 1, .runs = 1, .calls = 1000,
				       .messages = 1000, .msgs_per_s = 0.9e9 / (fixed + per_msg),
				       .ns_per_call = fixed + per_msg, .have_latency = true,
				       .msgs_per_call = 1, .match = true };
	for (size_t i = 0; i < sizeof(vlens) / sizeof(vlens[0]); i++) {
		double t = fixed + per_msg * vlens[i];

		p[n++] = (struct sweep_point){
			.mode = "sendmmsg", .vlen = vlens[i], .runs = 1, .calls = 100,
			.messages = 100 * vlens[i], .msgs_per_s = 1e9 * vlens[i] / t,
			.ns_per_call = t, .ns_per_call_min = t, .ns_per_call_max = t,
			.msgs_per_call = vlens[i], .have_latency = true, .match = true,
		};
	}
	return n;
}

static void test_summary(void **state)
{
	struct sweep_point p[16];
	struct sweep_summary s;
	size_t n = make_points(p, 1000, 100);

	(void)state;
	sweep__summarize(p, n, 1, &s);
	assert_true(s.fit.valid && s.fit.good);
	assert_int_equal(s.fit_points, 7);
	assert_true(s.fit.fixed_ns > 999.999 && s.fit.fixed_ns < 1000.001);
	/* the best is vlen 64: 1e9 * 64 / 7400; 95% of it first reached at 32
	 * (32 / 4200 = 0.00762 vs 0.95 * 64 / 7400 = 0.00822: no), 64 only */
	assert_int_equal(s.best_vlen, 64);
	assert_int_equal(s.knee_vlen, 64);
	/* speed-ups against sendto, filled into the points */
	assert_true(p[0].speedup_vs_sendto == 1);
	assert_true(s.best_speedup > 9.51 && s.best_speedup < 9.52);	/* 1100 * 64 / 7400 */
	assert_true(s.knee_fixed_share > 0.135 && s.knee_fixed_share < 0.136);	/* 1000 / 7400 */
	assert_false(s.noisy);
	assert_true(s.all_match);
	/* a mismatch anywhere shows */
	p[3].match = false;
	sweep__summarize(p, n, 1, &s);
	assert_false(s.all_match);
}

static void test_noisy(void **state)
{
	struct sweep_point p[16];
	struct sweep_summary s;
	size_t n = make_points(p, 1000, 100);

	(void)state;
	for (size_t i = 0; i < n; i++)
		p[i].runs = 3;
	/* one point's runs 40% apart */
	p[4].ns_per_call_min = p[4].ns_per_call * 0.8;
	p[4].ns_per_call_max = p[4].ns_per_call * 1.2;
	sweep__summarize(p, n, 3, &s);
	assert_true(s.spread > 0.39 && s.spread < 0.41);
	assert_true(s.noisy);
}

/* what f wrote, as a string (freed by the caller) */
static char *capture(void (*fn)(FILE *, void *), void *arg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, arg);
	assert_int_equal(fclose(f), 0);
	return buf;
}

struct explain_arg {
	struct sweep_point *p;
	size_t n;
	struct sweep_summary *s;
};

static void explain(FILE *f, void *arg)
{
	struct explain_arg *a = arg;

	sweep__print_explanation(f, a->s);
}

static void test_explanation(void **state)
{
	struct sweep_point p[16];
	struct sweep_summary s;
	size_t n = make_points(p, 1000, 100);
	struct explain_arg a = { p, n, &s };
	char *text;

	(void)state;
	sweep__summarize(p, n, 1, &s);
	text = capture(explain, &a);
	assert_non_null(strstr(text, "fit: call time = 1000 ns + 100.0 ns x messages per call"));
	assert_non_null(strstr(text, "each call costs 1.00 us before its first message and 0.10 us"));
	assert_non_null(strstr(text, "at vlen 64 (the knee"));
	assert_non_null(strstr(text, "the fixed part is 14% of a call's time"));
	assert_null(strstr(text, "poor"));
	free(text);
	/* points off the line: no conclusion */
	p[2].ns_per_call *= 3;
	p[5].ns_per_call *= 0.3;
	sweep__summarize(p, n, 1, &s);
	assert_false(s.fit.good);
	text = capture(explain, &a);
	assert_non_null(strstr(text, "the fit is poor"));
	assert_null(strstr(text, "each call costs"));
	free(text);
	/* too few points: said so */
	sweep__summarize(p, 3, 1, &s);
	text = capture(explain, &(struct explain_arg){ p, 3, &s });
	assert_non_null(strstr(text, "no fit"));
	free(text);
	/* two points: a line through both, said to be no test of the model */
	n = make_points(p, 1000, 100);
	sweep__summarize(p, 4, 1, &s);
	assert_true(s.fit.good);
	text = capture(explain, &(struct explain_arg){ p, 4, &s });
	assert_non_null(strstr(text, "two points: the line through both, exact by construction"));
	free(text);
	/* a negative fixed cost: poor, and the text says why */
	n = make_points(p, -50, 100);
	sweep__summarize(p, n, 1, &s);
	assert_true(s.fit.valid);
	assert_false(s.fit.good);
	assert_true(s.fit.fixed_ns < -49.999 && s.fit.fixed_ns > -50.001);
	text = capture(explain, &(struct explain_arg){ p, n, &s });
	assert_non_null(strstr(text, "fit: call time = -50 ns + 100.0 ns"));
	assert_non_null(strstr(text, "it needs a negative fixed cost per call, which no call has"));
	assert_null(strstr(text, "each call costs"));
	assert_null(strstr(text, "two points"));
	free(text);
}

static void csv_all(FILE *f, void *arg)
{
	struct explain_arg *a = arg;

	sweep__print_csv_header(f);
	for (size_t i = 0; i < a->n; i++)
		sweep__print_csv_point(f, &a->p[i]);
	sweep__print_csv_fit(f, a->s);
}

static size_t fields(const char *line, size_t len)
{
	size_t n = 1;

	for (size_t i = 0; i < len; i++)
		n += line[i] == ',';
	return n;
}

static void test_csv(void **state)
{
	struct sweep_point p[16];
	struct sweep_summary s;
	size_t n = make_points(p, 1000, 100), rows = 0;
	char *text, *line;

	(void)state;
	p[2].have_latency = false;
	sweep__summarize(p, n, 1, &s);
	text = capture(csv_all, &(struct explain_arg){ p, n, &s });
	for (line = text; *line; rows++) {
		size_t len = strcspn(line, "\n");

		/* every row has every column */
		assert_int_equal(fields(line, len), 35);
		line += len + (line[len] == '\n');
	}
	assert_int_equal(rows, n + 2);
	assert_non_null(strstr(text, "\nfit,,"));
	free(text);
}

static struct json_object *parse(const char *s)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *o;

	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(tok, s, (int)strlen(s) - 1);	/* without the newline */
	assert_int_equal(json_tokener_get_error(tok), json_tokener_success);
	json_tokener_free(tok);
	assert_non_null(o);
	return o;
}

/* the object's keys are exactly keys, in order */
static void assert_keys(struct json_object *o, const char *const *keys)
{
	size_t i = 0;

	json_object_object_foreach(o, key, val) {
		(void)val;
		assert_non_null(keys[i]);
		assert_string_equal(key, keys[i]);
		i++;
	}
	assert_null(keys[i]);
}

static void point_json(FILE *f, void *arg)
{
	json__sweep_point(f, arg);
}

static void fit_json(FILE *f, void *arg)
{
	json__sweep_fit(f, arg);
}

static void test_json(void **state)
{
	static const char *const point_keys[] = {
		"type", "mode", "vlen", "runs", "calls", "messages", "bytes", "datagrams", "errors",
		"lost_events", "seconds", "calls_per_s", "msgs_per_s", "msgs_per_s_min",
		"msgs_per_s_max", "mb_per_s", "datagrams_per_s", "ns_per_call", "ns_per_call_min",
		"ns_per_call_max", "ns_per_msg", "msgs_per_call", "p50_ns", "p99_ns", "fill",
		"syscall_share", "match", "speedup_vs_sendto", NULL,
	};
	static const char *const fit_keys[] = {
		"type", "valid", "good", "fixed_ns", "per_msg_ns", "residual", "worst_error", "points",
		"knee_vlen", "knee_fixed_share", "best_vlen", "speedup_vs_sendto", "repeat", "spread",
		"noisy", "match", NULL,
	};
	struct sweep_point p[16];
	struct sweep_summary s;
	size_t n = make_points(p, 1000, 100);
	struct json_object *o, *v;
	char *text;

	(void)state;
	sweep__summarize(p, n, 1, &s);
	text = capture(point_json, &p[5]);
	o = parse(text);
	assert_keys(o, point_keys);
	assert_true(json_object_object_get_ex(o, "vlen", &v) && json_object_get_int(v) == 8);
	assert_true(json_object_object_get_ex(o, "match", &v) && json_object_get_boolean(v));
	json_object_put(o);
	free(text);
	text = capture(fit_json, &s);
	o = parse(text);
	assert_keys(o, fit_keys);
	assert_true(json_object_object_get_ex(o, "knee_vlen", &v) && json_object_get_int(v) == 64);
	json_object_put(o);
	free(text);
	/* no fit: null costs, never made-up numbers */
	sweep__summarize(p, 2, 1, &s);
	text = capture(fit_json, &s);
	o = parse(text);
	assert_true(json_object_object_get_ex(o, "fixed_ns", &v) && v == NULL);
	assert_true(json_object_object_get_ex(o, "valid", &v) && !json_object_get_boolean(v));
	json_object_put(o);
	free(text);
}

static void lesson_json(FILE *f, void *arg)
{
	lesson__print_json(f, arg);
}

static void lesson_text(FILE *f, void *arg)
{
	lesson__print_text(f, arg, 7);
}

static void test_lesson(void **state)
{
	static struct lesson l;
	struct json_object *o, *ev, *v;
	char *text;

	(void)state;
	l = (struct lesson){ .number = 5, .statement = "an \"error\"\nis hidden", .section = "ERRORS",
			     .confirmed = true };
	snprintf(l.experiment, sizeof(l.experiment), "vlen 4");
	snprintf(l.finding, sizeof(l.finding), "it was");
	l.calls[l.ncalls++] = (struct mmsg_call_record){ .type = MMSG_REC_CALL, .syscall = MMSG_SYS_SENDMMSG,
							 .vlen = 4, .ret = 2, .bytes = 128 };
	l.calls[l.ncalls++] = (struct mmsg_call_record){ .type = MMSG_REC_CALL, .syscall = MMSG_SYS_SENDMMSG,
							 .vlen = 2, .ret = -90 };
	lesson__uint(&l, "first_ret", "the call returned", 2);
	lesson__int(&l, "retry_ret", "the retry returned", -1);
	lesson__double(&l, "cost_ns", "cost", 12.5);
	lesson__bool(&l, "blocked", "it blocked", false);
	lesson__text(&l, "errno", "its errno", "EMSGSIZE");
	text = capture(lesson_json, &l);
	o = parse(text);
	assert_true(json_object_object_get_ex(o, "verdict", &v));
	assert_string_equal(json_object_get_string(v), "confirmed");
	assert_true(json_object_object_get_ex(o, "statement", &v));
	assert_string_equal(json_object_get_string(v), "an \"error\"\nis hidden");
	assert_true(json_object_object_get_ex(o, "evidence", &ev));
	assert_true(json_object_object_get_ex(ev, "calls", &v) && json_object_array_length(v) == 2);
	v = json_object_array_get_idx(v, 1);
	assert_true(json_object_object_get_ex(v, "errno", &v));
	assert_string_equal(json_object_get_string(v), "EMSGSIZE");
	assert_true(json_object_object_get_ex(ev, "messages", &v) && v == NULL);	/* no hook */
	assert_true(json_object_object_get_ex(ev, "retry_ret", &v) && json_object_get_int(v) == -1);
	assert_true(json_object_object_get_ex(ev, "cost_ns", &v) && json_object_get_double(v) == 12.5);
	assert_true(json_object_object_get_ex(ev, "blocked", &v) && !json_object_get_boolean(v));
	json_object_put(o);
	free(text);
	text = capture(lesson_text, &l);
	assert_non_null(strstr(text, "lesson 5 of 7 (sendmmsg(2), ERRORS)"));
	assert_non_null(strstr(text, "call 2: sendmmsg(fd 0, vlen 2) = -1 EMSGSIZE"));
	assert_non_null(strstr(text, "verdict: confirmed: it was"));
	free(text);
	l.confirmed = false;
	text = capture(lesson_json, &l);
	assert_non_null(strstr(text, "\"verdict\":\"differs\""));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_noisy),
		cmocka_unit_test(test_explanation),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_lesson),
	};

	return cmocka_run_group_tests_name("sweep", tests, NULL, NULL);
}
