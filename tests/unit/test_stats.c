// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for user/stats.c */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/stats.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng_next(void)
{
	/* xorshift64*: deterministic, good enough for test data */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/* reference nearest rank on a sorted array: ceil(n * permille / 1000) */
static uint64_t ref_rank(const uint64_t *sorted, size_t n, unsigned permille)
{
	size_t rank = (n * permille + 999) / 1000;

	if (rank < 1)
		rank = 1;
	return sorted[rank - 1];
}

static unsigned slot_of(uint64_t v)
{
	struct log2_hist h;

	memset(&h, 0, sizeof(h));
	log2_hist__add(&h, v);
	for (unsigned k = 0; k < STATS_HIST_SLOTS; k++)
		if (h.slot[k])
			return k;
	return 999;
}

static void test_log2_slots(void **state)
{
	(void)state;
	assert_int_equal(slot_of(0), 0);
	assert_int_equal(slot_of(1), 1);
	assert_int_equal(slot_of(2), 2);
	assert_int_equal(slot_of(3), 2);
	assert_int_equal(slot_of(4), 3);
	assert_int_equal(slot_of(7), 3);
	assert_int_equal(slot_of(8), 4);
	assert_int_equal(slot_of(((uint64_t)1 << 63) - 1), 63);
	assert_int_equal(slot_of((uint64_t)1 << 63), 64);
	assert_int_equal(slot_of(UINT64_MAX), 64);
}

static void test_log2_bounds(void **state)
{
	(void)state;
	assert_int_equal(log2_hist__low(0), 0);
	assert_int_equal(log2_hist__high(0), 0);
	assert_int_equal(log2_hist__low(1), 1);
	assert_int_equal(log2_hist__high(1), 1);
	assert_int_equal(log2_hist__low(2), 2);
	assert_int_equal(log2_hist__high(2), 3);
	assert_int_equal(log2_hist__low(3), 4);
	assert_int_equal(log2_hist__high(3), 7);
	assert_true(log2_hist__low(64) == (uint64_t)1 << 63);
	assert_true(log2_hist__high(64) == UINT64_MAX);
	/* slots tile the whole range and every bound lands in its own slot */
	for (unsigned k = 1; k < STATS_HIST_SLOTS; k++) {
		assert_true(log2_hist__low(k) == log2_hist__high(k - 1) + 1);
		assert_int_equal(slot_of(log2_hist__low(k)), k);
		assert_int_equal(slot_of(log2_hist__high(k)), k);
	}
}

static void test_log2_total(void **state)
{
	struct log2_hist h;

	(void)state;
	memset(&h, 0, sizeof(h));
	assert_int_equal(log2_hist__total(&h), 0);
	log2_hist__add(&h, 0);
	log2_hist__add(&h, 5);
	log2_hist__add(&h, 5);
	log2_hist__add(&h, UINT64_MAX);
	assert_int_equal(log2_hist__total(&h), 4);
	assert_int_equal(h.slot[3], 2);
}

static void test_store_empty(void **state)
{
	struct latency_store ls;
	struct stats_percentiles p;

	(void)state;
	assert_int_equal(latency_store__init(&ls, 10), 0);
	latency_store__percentiles(&ls, &p);
	assert_false(p.valid);
	assert_int_equal(p.count, 0);
	latency_store__free(&ls);
}

static void test_store_default_cap(void **state)
{
	struct latency_store ls;

	(void)state;
	assert_int_equal(latency_store__init(&ls, 0), 0);
	assert_true(ls.exact_cap == (size_t)4 * 1024 * 1024);
	assert_false(ls.overflowed);
	latency_store__free(&ls);
}

static void test_store_exact_one(void **state)
{
	struct latency_store ls;
	struct stats_percentiles p;

	(void)state;
	assert_int_equal(latency_store__init(&ls, 10), 0);
	latency_store__add(&ls, 12345);
	latency_store__percentiles(&ls, &p);
	assert_true(p.valid);
	assert_true(p.exact);
	assert_int_equal(p.count, 1);
	assert_int_equal(p.p50, 12345);
	assert_int_equal(p.p90, 12345);
	assert_int_equal(p.p99, 12345);
	assert_int_equal(p.max, 12345);
	latency_store__free(&ls);
}

static void test_store_exact_hundred(void **state)
{
	struct latency_store ls;
	struct stats_percentiles p;
	uint64_t v[100];

	(void)state;
	for (unsigned i = 0; i < 100; i++)
		v[i] = i + 1;
	/* shuffled, so the selection has to do real work */
	for (unsigned i = 99; i > 0; i--) {
		unsigned j = (unsigned)(rng_next() % (i + 1));
		uint64_t t = v[i];

		v[i] = v[j];
		v[j] = t;
	}
	assert_int_equal(latency_store__init(&ls, 100), 0);
	for (unsigned i = 0; i < 100; i++)
		latency_store__add(&ls, v[i] * 1000);
	latency_store__percentiles(&ls, &p);
	assert_true(p.valid);
	assert_true(p.exact);
	assert_false(ls.overflowed);
	assert_int_equal(p.count, 100);
	assert_int_equal(p.p50, 50000);
	assert_int_equal(p.p90, 90000);
	assert_int_equal(p.p99, 99000);
	assert_int_equal(p.max, 100000);
	/* percentiles() must not reorder the stored samples */
	for (unsigned i = 0; i < 100; i++)
		assert_true(ls.samples[i] == v[i] * 1000);
	latency_store__free(&ls);
}

static void test_store_exact_small_n(void **state)
{
	struct latency_store ls;
	struct stats_percentiles p;

	(void)state;
	/* n = 3: ranks ceil(1.5)=2, ceil(2.7)=3, ceil(2.97)=3 */
	assert_int_equal(latency_store__init(&ls, 10), 0);
	latency_store__add(&ls, 30);
	latency_store__add(&ls, 10);
	latency_store__add(&ls, 20);
	latency_store__percentiles(&ls, &p);
	assert_int_equal(p.p50, 20);
	assert_int_equal(p.p90, 30);
	assert_int_equal(p.p99, 30);
	/* n = 2: ranks 1, 2, 2 */
	latency_store__reset(&ls);
	latency_store__add(&ls, 7);
	latency_store__add(&ls, 3);
	latency_store__percentiles(&ls, &p);
	assert_int_equal(p.p50, 3);
	assert_int_equal(p.p90, 7);
	assert_int_equal(p.p99, 7);
	latency_store__free(&ls);
}

/* the selection against a full sort, on data with and without duplicates */
static void test_store_exact_matches_sort(void **state)
{
	static const size_t sizes[] = { 1, 2, 10, 17, 999, 1000, 1001, 65537 };
	static const uint64_t moduli[] = { 3, 1000, UINT64_MAX };

	(void)state;
	for (size_t si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
		for (size_t mi = 0; mi < sizeof(moduli) / sizeof(moduli[0]); mi++) {
			size_t n = sizes[si];
			uint64_t *ref = malloc(n * sizeof(*ref));
			struct latency_store ls;
			struct stats_percentiles p;

			assert_non_null(ref);
			assert_int_equal(latency_store__init(&ls, n), 0);
			for (size_t i = 0; i < n; i++) {
				ref[i] = rng_next() % moduli[mi];
				latency_store__add(&ls, ref[i]);
			}
			qsort(ref, n, sizeof(*ref), cmp_u64);
			latency_store__percentiles(&ls, &p);
			assert_true(p.exact);
			assert_true(p.p50 == ref_rank(ref, n, 500));
			assert_true(p.p90 == ref_rank(ref, n, 900));
			assert_true(p.p99 == ref_rank(ref, n, 990));
			assert_true(p.max == ref[n - 1]);
			latency_store__free(&ls);
			free(ref);
		}
	}
}

/* sorted and reverse-sorted input are the classic quickselect traps */
static void test_store_exact_sorted_input(void **state)
{
	const size_t n = 200000;
	struct latency_store ls;
	struct stats_percentiles p;

	(void)state;
	assert_int_equal(latency_store__init(&ls, n), 0);
	for (size_t i = 0; i < n; i++)
		latency_store__add(&ls, i + 1);
	latency_store__percentiles(&ls, &p);
	assert_int_equal(p.p50, 100000);
	assert_int_equal(p.p90, 180000);
	assert_int_equal(p.p99, 198000);
	latency_store__reset(&ls);
	for (size_t i = 0; i < n; i++)
		latency_store__add(&ls, n - i);
	latency_store__percentiles(&ls, &p);
	assert_int_equal(p.p50, 100000);
	assert_int_equal(p.p90, 180000);
	assert_int_equal(p.p99, 198000);
	assert_int_equal(p.max, n);
	latency_store__free(&ls);
}

static void test_store_overflow_boundary(void **state)
{
	struct latency_store ls;
	struct stats_percentiles p;

	(void)state;
	assert_int_equal(latency_store__init(&ls, 5), 0);
	for (uint64_t v = 1; v <= 5; v++)
		latency_store__add(&ls, v);
	assert_false(ls.overflowed);
	assert_int_equal(ls.n, 5);
	latency_store__percentiles(&ls, &p);
	assert_true(p.exact);

	latency_store__add(&ls, 6);
	assert_true(ls.overflowed);
	assert_null(ls.samples);
	assert_int_equal(ls.n, 0);
	assert_int_equal(ls.count, 6);
	latency_store__percentiles(&ls, &p);
	assert_true(p.valid);
	assert_false(p.exact);
	assert_int_equal(p.count, 6);
	/* values below 128 have a bucket each, so the estimate is exact */
	assert_int_equal(p.p50, 3);
	assert_int_equal(p.p90, 6);
	assert_int_equal(p.p99, 6);
	assert_int_equal(p.max, 6);
	latency_store__free(&ls);
}

static double rel_err(uint64_t est, uint64_t exact)
{
	uint64_t diff = est > exact ? est - exact : exact - est;

	return (double)diff / (double)exact;
}

static void test_store_estimated_accuracy(void **state)
{
	const size_t n = 300000;
	uint64_t *ref = malloc(n * sizeof(*ref));
	struct latency_store ls;
	struct stats_percentiles p;

	(void)state;
	assert_non_null(ref);
	assert_int_equal(latency_store__init(&ls, 1000), 0);
	/* a random power of two from 2^0 to 2^62, uniform within it */
	for (size_t i = 0; i < n; i++) {
		unsigned e = (unsigned)(rng_next() % 63);

		ref[i] = (rng_next() | (uint64_t)1 << 63) >> (63 - e);
		latency_store__add(&ls, ref[i]);
	}
	assert_true(ls.overflowed);
	qsort(ref, n, sizeof(*ref), cmp_u64);
	latency_store__percentiles(&ls, &p);
	assert_true(p.valid);
	assert_false(p.exact);
	assert_true(p.count == n);
	assert_true(p.max == ref[n - 1]);
	assert_true(rel_err(p.p50, ref_rank(ref, n, 500)) <= 0.004);
	assert_true(rel_err(p.p90, ref_rank(ref, n, 900)) <= 0.004);
	assert_true(rel_err(p.p99, ref_rank(ref, n, 990)) <= 0.004);
	latency_store__free(&ls);
	free(ref);
}

/* every single value, at bucket edges across all exponents, within 0.4% */
static void test_store_estimated_bucket_edges(void **state)
{
	(void)state;
	for (unsigned e = 0; e < 64; e++) {
		uint64_t base = (uint64_t)1 << e;
		uint64_t probes[] = { base, base + 1, base + base / 3, base + base / 2 - 1,
				      base | (base - 1) };

		for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
			struct latency_store ls;
			struct stats_percentiles p;
			uint64_t v = probes[i];

			assert_int_equal(latency_store__init(&ls, 1), 0);
			latency_store__add(&ls, 0);
			latency_store__add(&ls, v);
			latency_store__add(&ls, v);
			latency_store__add(&ls, v);
			assert_true(ls.overflowed);
			latency_store__percentiles(&ls, &p);
			assert_false(p.exact);
			assert_true(p.max == v);
			assert_true(p.p50 <= v);
			if (v)
				assert_true(rel_err(p.p50, v) <= 0.004);
			if (v < 128)
				assert_true(p.p50 == v);
			latency_store__free(&ls);
		}
	}
}

static void test_store_reset(void **state)
{
	struct latency_store ls;
	struct stats_percentiles p;

	(void)state;
	assert_int_equal(latency_store__init(&ls, 3), 0);
	for (uint64_t v = 1000; v < 1010; v++)
		latency_store__add(&ls, v);
	assert_true(ls.overflowed);
	latency_store__reset(&ls);
	assert_false(ls.overflowed);
	assert_int_equal(ls.count, 0);
	assert_int_equal(ls.max, 0);
	assert_int_equal(ls.n, 0);
	latency_store__percentiles(&ls, &p);
	assert_false(p.valid);

	/* after a reset the store is exact again and old values are gone */
	latency_store__add(&ls, 5);
	latency_store__add(&ls, 9);
	latency_store__percentiles(&ls, &p);
	assert_true(p.valid);
	assert_true(p.exact);
	assert_int_equal(p.count, 2);
	assert_int_equal(p.p50, 5);
	assert_int_equal(p.max, 9);

	/* reset keeps the sample allocation */
	uint64_t *samples = ls.samples;
	size_t cap = ls.cap;

	latency_store__reset(&ls);
	assert_ptr_equal(ls.samples, samples);
	assert_int_equal(ls.cap, cap);
	latency_store__free(&ls);
}

static void test_stats_init_vlen(void **state)
{
	struct stats s;

	(void)state;
	assert_int_equal(stats__init(&s, 0, 0), 0);
	assert_int_equal(s.vlen, 0);
	assert_int_equal(s.vlen_effective, 1);
	stats__free(&s);
	assert_int_equal(stats__init(&s, 64, 0), 0);
	assert_int_equal(s.vlen_effective, 64);
	stats__free(&s);
	assert_int_equal(stats__init(&s, 1024, 0), 0);
	assert_int_equal(s.vlen_effective, 1024);
	stats__free(&s);
	assert_int_equal(stats__init(&s, 5000, 77), 0);
	assert_int_equal(s.vlen, 5000);
	assert_int_equal(s.vlen_effective, 1024);
	assert_int_equal(s.run_latency.exact_cap, 77);
	assert_true(s.interval_latency.exact_cap >= (size_t)16 * 1024 * 1024);
	stats__free(&s);
}

static void test_stats_add_call(void **state)
{
	struct stats s;

	(void)state;
	assert_int_equal(stats__init(&s, 8, 0), 0);
	stats__add_call(&s, 1000, 8, 4096);
	stats__add_call(&s, 3000, 0, 0);
	stats__add_call(&s, 500, -11, 12345);	/* failed: latency only */
	assert_int_equal(s.records, 3);
	assert_int_equal(log2_hist__total(&s.latency_hist), 3);
	assert_int_equal(log2_hist__total(&s.msgs_hist), 2);
	assert_int_equal(log2_hist__total(&s.bytes_hist), 2);
	assert_int_equal(s.msgs_hist.slot[4], 1);	/* 8 */
	assert_int_equal(s.msgs_hist.slot[0], 1);	/* 0 */
	assert_int_equal(s.bytes_hist.slot[13], 1);	/* 4096 */
	assert_int_equal(s.bytes_hist.slot[0], 1);
	assert_int_equal(s.latency_hist.slot[9], 1);	/* 500 */
	assert_int_equal(s.interval_latency.count, 3);
	assert_int_equal(s.run_latency.count, 3);

	struct stats_percentiles p;

	stats__percentiles(&s, &p);
	assert_true(p.valid);
	assert_true(p.exact);
	assert_int_equal(p.p50, 1000);
	assert_int_equal(p.max, 3000);
	stats__free(&s);
}

static void test_stats_interval_rates(void **state)
{
	struct stats s;
	struct stats_interval iv;
	struct stats_counts now = {
		.calls = 100, .msgs = 3200, .bytes = 2000000, .errors = 2, .partial = 1,
		.latency_ns = 64000, .lost_events = 3,
	};

	(void)state;
	assert_int_equal(stats__init(&s, 64, 0), 0);
	for (unsigned i = 1; i <= 100; i++)
		stats__add_call(&s, i * 10, 32, 20000);
	stats__interval(&s, &now, 2.0, true, &iv);
	assert_true(iv.seconds == 2.0);
	assert_int_equal(iv.delta.calls, 100);
	assert_int_equal(iv.delta.msgs, 3200);
	assert_int_equal(iv.delta.bytes, 2000000);
	assert_int_equal(iv.delta.errors, 2);
	assert_int_equal(iv.delta.partial, 1);
	assert_int_equal(iv.delta.lost_events, 3);
	assert_true(iv.calls_per_s == 50.0);
	assert_true(iv.msgs_per_s == 1600.0);
	assert_true(iv.mb_per_s == 1.0);
	assert_true(iv.msgs_per_call == 32.0);
	assert_true(iv.fill_pct == 50.0);
	assert_true(iv.have_latency);
	assert_true(iv.ns_per_msg == 20.0);
	assert_true(iv.latency.valid);
	assert_true(iv.latency.exact);
	assert_int_equal(iv.latency.p50, 500);
	assert_int_equal(iv.latency.p99, 990);
	/* the interval store was reset, the run store was not */
	assert_int_equal(s.interval_latency.count, 0);
	assert_int_equal(s.run_latency.count, 100);
	assert_int_equal(s.last.calls, 100);

	/* second interval: deltas from the previous snapshot, no records */
	now.calls = 110;
	now.msgs = 3840;
	now.latency_ns = 64000 + 6400;
	stats__interval(&s, &now, 0.5, true, &iv);
	assert_int_equal(iv.delta.calls, 10);
	assert_int_equal(iv.delta.msgs, 640);
	assert_int_equal(iv.delta.bytes, 0);
	assert_int_equal(iv.delta.errors, 0);
	assert_true(iv.calls_per_s == 20.0);
	assert_true(iv.msgs_per_call == 64.0);
	assert_true(iv.fill_pct == 100.0);
	assert_true(iv.ns_per_msg == 10.0);
	assert_false(iv.latency.valid);
	stats__free(&s);
}

static void test_stats_interval_fill_capped_vlen(void **state)
{
	struct stats s;
	struct stats_interval iv;
	struct stats_counts now = { .calls = 10, .msgs = 5120 };

	(void)state;
	/* vlen 4096 is capped by the kernel at 1024 messages per call */
	assert_int_equal(stats__init(&s, 4096, 0), 0);
	stats__interval(&s, &now, 1.0, false, &iv);
	assert_true(iv.fill_pct == 50.0);
	assert_false(iv.have_latency);
	assert_true(iv.ns_per_msg == 0.0);
	assert_false(iv.latency.valid);
	stats__free(&s);
}

static void test_stats_interval_zero(void **state)
{
	struct stats s;
	struct stats_interval iv;
	struct stats_counts now = { 0 };

	(void)state;
	assert_int_equal(stats__init(&s, 8, 0), 0);
	stats__interval(&s, &now, 1.0, true, &iv);
	assert_int_equal(iv.delta.calls, 0);
	assert_true(iv.calls_per_s == 0.0);
	assert_true(iv.msgs_per_call == 0.0);
	assert_true(iv.fill_pct == 0.0);
	assert_true(iv.ns_per_msg == 0.0);
	assert_false(iv.latency.valid);

	/* zero-length interval: counts, but no rates */
	now.calls = 5;
	now.msgs = 10;
	now.bytes = 1000;
	stats__interval(&s, &now, 0.0, true, &iv);
	assert_int_equal(iv.delta.calls, 5);
	assert_true(iv.calls_per_s == 0.0);
	assert_true(iv.msgs_per_s == 0.0);
	assert_true(iv.mb_per_s == 0.0);
	assert_true(iv.msgs_per_call == 2.0);
	now.calls = 6;
	stats__interval(&s, &now, -1.0, true, &iv);
	assert_int_equal(iv.delta.calls, 1);
	assert_true(iv.calls_per_s == 0.0);
	stats__free(&s);
}

static void test_stats_interval_backwards(void **state)
{
	struct stats s;
	struct stats_interval iv;
	struct stats_counts now = { .calls = 100, .msgs = 800, .bytes = 8000, .errors = 5,
				    .lost_events = 9, .bytes_read_faults = 2 };

	(void)state;
	assert_int_equal(stats__init(&s, 8, 0), 0);
	stats__interval(&s, &now, 1.0, false, &iv);
	now.calls = 50;		/* went backwards */
	now.msgs = 900;
	now.errors = 4;		/* went backwards */
	now.lost_events = 9;
	stats__interval(&s, &now, 1.0, false, &iv);
	assert_int_equal(iv.delta.calls, 0);
	assert_int_equal(iv.delta.msgs, 100);
	assert_int_equal(iv.delta.bytes, 0);
	assert_int_equal(iv.delta.errors, 0);
	assert_int_equal(iv.delta.lost_events, 0);
	assert_int_equal(iv.delta.bytes_read_faults, 0);
	assert_true(iv.msgs_per_call == 0.0);
	assert_true(iv.fill_pct == 0.0);
	/* the new snapshot is the baseline from here on */
	assert_int_equal(s.last.calls, 50);
	now.calls = 60;
	stats__interval(&s, &now, 1.0, false, &iv);
	assert_int_equal(iv.delta.calls, 10);
	stats__free(&s);
}

static void fill_summary(struct summary *sum)
{
	memset(sum, 0, sizeof(*sum));
	sum->traced = true;
	sum->have_driver = true;
	sum->kernel.calls = sum->driver.calls = 10;
	sum->kernel.msgs = sum->driver.msgs = 80;
	sum->kernel.bytes = sum->driver.bytes = 8000;
	sum->kernel.errors = sum->driver.errors = 1;
}

static void assert_all_match(const struct summary *sum)
{
	assert_true(sum->match);
	assert_true(sum->match_calls);
	assert_true(sum->match_msgs);
	assert_true(sum->match_bytes);
	assert_true(sum->match_errors);
}

static void test_cross_check(void **state)
{
	struct summary sum;

	(void)state;
	fill_summary(&sum);
	stats__cross_check(&sum);
	assert_all_match(&sum);

	/* nothing to compare */
	fill_summary(&sum);
	sum.have_driver = false;
	sum.kernel.calls = 999;
	stats__cross_check(&sum);
	assert_all_match(&sum);
	fill_summary(&sum);
	sum.traced = false;
	sum.driver.msgs = 1;
	stats__cross_check(&sum);
	assert_all_match(&sum);

	fill_summary(&sum);
	sum.kernel.calls++;
	stats__cross_check(&sum);
	assert_false(sum.match);
	assert_false(sum.match_calls);
	assert_true(sum.match_msgs && sum.match_bytes && sum.match_errors);

	fill_summary(&sum);
	sum.driver.msgs++;
	stats__cross_check(&sum);
	assert_false(sum.match);
	assert_false(sum.match_msgs);
	assert_true(sum.match_calls && sum.match_bytes && sum.match_errors);

	fill_summary(&sum);
	sum.kernel.bytes--;
	stats__cross_check(&sum);
	assert_false(sum.match);
	assert_false(sum.match_bytes);
	assert_true(sum.match_calls && sum.match_msgs && sum.match_errors);

	fill_summary(&sum);
	sum.kernel.errors = 0;
	stats__cross_check(&sum);
	assert_false(sum.match);
	assert_false(sum.match_errors);
	assert_true(sum.match_calls && sum.match_msgs && sum.match_bytes);

	/* losses that affect totals break the match even when counts agree */
	fill_summary(&sum);
	sum.kernel.inflight_overflow = 1;
	stats__cross_check(&sum);
	assert_false(sum.match);
	assert_true(sum.match_calls && sum.match_msgs && sum.match_bytes && sum.match_errors);

	fill_summary(&sum);
	sum.kernel.exit_unmatched = 1;
	stats__cross_check(&sum);
	assert_false(sum.match);

	fill_summary(&sum);
	sum.kernel.bytes_read_faults = 3;
	stats__cross_check(&sum);
	assert_false(sum.match);

	/* lost ring-buffer records only sample the distributions */
	fill_summary(&sum);
	sum.kernel.lost_events = 100;
	sum.kernel.partial = 7;	/* partial is not compared */
	stats__cross_check(&sum);
	assert_all_match(&sum);
	assert_true(summary__sampled(&sum));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_log2_slots),
		cmocka_unit_test(test_log2_bounds),
		cmocka_unit_test(test_log2_total),
		cmocka_unit_test(test_store_empty),
		cmocka_unit_test(test_store_default_cap),
		cmocka_unit_test(test_store_exact_one),
		cmocka_unit_test(test_store_exact_hundred),
		cmocka_unit_test(test_store_exact_small_n),
		cmocka_unit_test(test_store_exact_matches_sort),
		cmocka_unit_test(test_store_exact_sorted_input),
		cmocka_unit_test(test_store_overflow_boundary),
		cmocka_unit_test(test_store_estimated_accuracy),
		cmocka_unit_test(test_store_estimated_bucket_edges),
		cmocka_unit_test(test_store_reset),
		cmocka_unit_test(test_stats_init_vlen),
		cmocka_unit_test(test_stats_add_call),
		cmocka_unit_test(test_stats_interval_rates),
		cmocka_unit_test(test_stats_interval_fill_capped_vlen),
		cmocka_unit_test(test_stats_interval_zero),
		cmocka_unit_test(test_stats_interval_backwards),
		cmocka_unit_test(test_cross_check),
	};

	return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
