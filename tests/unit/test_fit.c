// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for user/core/fit.c: the batching model's fit. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "core/fit.h"

#define NEAR(a, b) assert_true(fabs((double)(a) - (double)(b)) <= 1e-6 * fmax(1, fabs((double)(b))))

/* points on the line t = fixed + per_msg * m, at m = 1, 2, 4, ..., 1024 */
static size_t line(struct fit_point *p, double fixed, double per_msg)
{
	size_t n = 0;

	for (double m = 1; m <= 1024; m *= 2)
		p[n++] = (struct fit_point){ m, fixed + per_msg * m };
	return n;
}

/* exact points give back the exact costs */
static void test_exact(void **state)
{
	static const double cases[][2] = { { 1100, 450 }, { 300, 2100 }, { 5000, 1 }, { 0.5, 0.25 } };
	struct fit_point p[16];
	struct fit f;

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		size_t n = line(p, cases[c][0], cases[c][1]);

		fit__call_time(p, n, &f);
		assert_true(f.valid && f.good);
		NEAR(f.fixed_ns, cases[c][0]);
		NEAR(f.per_msg_ns, cases[c][1]);
		assert_true(f.residual < 1e-9 && f.worst_error < 1e-9);
		NEAR(fit__predict(&f, 64), cases[c][0] + 64 * cases[c][1]);
	}
	/* two points are enough */
	fit__call_time((struct fit_point[]){ { 1, 1550 }, { 64, 29900 } }, 2, &f);
	assert_true(f.good);
	NEAR(f.fixed_ns, 1100);
	NEAR(f.per_msg_ns, 450);
	/* the fixed share at m: 1100 / (1100 + 450 * 64) */
	NEAR(fit__fixed_share(&f, 64), 1100.0 / 29900.0);
}

/* relative weights: a 10% error at m = 1 weighs as much as one at m = 1024 */
static void test_relative(void **state)
{
	struct fit_point p[16];
	struct fit f;
	size_t n = line(p, 1000, 500);

	(void)state;
	/* the smallest point 10% high: an absolute fit would ignore it, the
	 * relative one moves the fixed cost to meet it part way */
	p[0].ns_per_call *= 1.1;
	fit__call_time(p, n, &f);
	assert_true(f.valid && f.good);
	assert_true(f.fixed_ns > 1000 && f.fixed_ns < 1150);
	assert_int_equal(f.worst_point, 0);
	assert_true(f.worst_error > 0 && f.worst_error < 0.1);
}

/* points the model does not describe: reported as a poor fit */
static void test_poor(void **state)
{
	struct fit_point p[16];
	struct fit f;
	size_t n = line(p, 1000, 500);

	(void)state;
	/* noise: every other point doubled */
	for (size_t i = 0; i < n; i += 2)
		p[i].ns_per_call *= 2;
	fit__call_time(p, n, &f);
	assert_true(f.valid);
	assert_false(f.good);
	assert_true(f.worst_error > FIT_GOOD_ERROR);
	assert_true(f.residual > 0.1);

	/* a cost per message that falls with m: the best line has a negative
	 * fixed cost, which no call has */
	n = 0;
	for (double m = 1; m <= 1024; m *= 2)
		p[n++] = (struct fit_point){ m, 1000 * sqrt(m) };
	fit__call_time(p, n, &f);
	assert_true(f.valid);
	assert_false(f.good);
}

/* too little to fit: invalid, never a made-up answer */
static void test_invalid(void **state)
{
	struct fit f;

	(void)state;
	fit__call_time(NULL, 0, &f);
	assert_false(f.valid || f.good);
	fit__call_time((struct fit_point[]){ { 1, 100 } }, 1, &f);
	assert_false(f.valid);
	/* every point at the same m */
	fit__call_time((struct fit_point[]){ { 8, 100 }, { 8, 120 }, { 8, 90 } }, 3, &f);
	assert_false(f.valid);
	/* a point without time, or without messages */
	fit__call_time((struct fit_point[]){ { 1, 0 }, { 8, 120 } }, 2, &f);
	assert_false(f.valid);
	fit__call_time((struct fit_point[]){ { 0, 10 }, { 8, 120 } }, 2, &f);
	assert_false(f.valid);
	fit__call_time((struct fit_point[]){ { 1, NAN }, { 8, 120 } }, 2, &f);
	assert_false(f.valid);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),
		cmocka_unit_test(test_relative),
		cmocka_unit_test(test_poor),
		cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests_name("fit", tests, NULL, NULL);
}
