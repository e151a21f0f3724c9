// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libFuzzer target: percentiles (latency_store) and interval arithmetic
 * (stats__add_call / stats__interval).
 *
 * Input: the store's exact cap (1..64, so the switch to log-linear
 * estimates happens), then operations: add a value, reset, check; and on a
 * struct stats: a call record, an interval with fuzzed counter snapshots
 * (counters that go backwards too), a check of the run percentiles.
 *
 * A model keeps every value added since the last reset. Percentiles must
 * satisfy p50 <= p90 <= p99 <= max, count and max must be exact, the exact
 * flag must say whether all samples fit the cap, and the percentiles must
 * equal the nearest-rank values of the sorted samples when exact, and be
 * within 1/256 of them (the documented 0.4%) when estimated.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "core/stats.h"

#define MAX_VALUES 8192

struct model {
	uint64_t *v;
	size_t n;		/* values since the last reset */
	uint64_t max;
};

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/* nearest rank: ceil(n * permille / 1000), at least 1 */
static size_t rank(size_t n, unsigned permille)
{
	size_t r = (n * permille + 999) / 1000;

	return r ? r : 1;
}

/* got is the true value, or (estimated) within 1/256 of it */
static void check_close(uint64_t got, uint64_t want, bool exact)
{
	uint64_t diff = got > want ? got - want : want - got;

	if (exact)
		FUZZ_CHECK(got == want);
	else
		FUZZ_CHECK((unsigned __int128)diff * 256 <= want);
}

static void check_percentiles(const struct stats_percentiles *p, const struct model *m,
			      size_t exact_cap)
{
	uint64_t *sorted;

	if (!m->n) {
		FUZZ_CHECK(!p->valid && p->count == 0 && p->max == 0);
		return;
	}
	FUZZ_CHECK(p->valid);
	FUZZ_CHECK(p->count == m->n);
	FUZZ_CHECK(p->max == m->max);
	FUZZ_CHECK(p->p50 <= p->p90 && p->p90 <= p->p99 && p->p99 <= p->max);
	FUZZ_CHECK(p->exact == (m->n <= exact_cap));

	sorted = malloc(m->n * sizeof(*sorted));
	FUZZ_CHECK(sorted != NULL);
	memcpy(sorted, m->v, m->n * sizeof(*sorted));
	qsort(sorted, m->n, sizeof(*sorted), cmp_u64);
	FUZZ_CHECK(sorted[m->n - 1] == m->max);
	check_close(p->p50, sorted[rank(m->n, 500) - 1], p->exact);
	check_close(p->p90, sorted[rank(m->n, 900) - 1], p->exact);
	check_close(p->p99, sorted[rank(m->n, 990) - 1], p->exact);
	free(sorted);
}

static void model_add(struct model *m, uint64_t v)
{
	if (!m->n || v > m->max)
		m->max = v;
	m->v[m->n++] = v;
}

/* what stats__interval must report for one counter */
static uint64_t delta(uint64_t now, uint64_t last)
{
	return now >= last ? now - last : 0;
}

/* same expression as documented: n / seconds, 0 unless seconds > 0 */
static double per_second(uint64_t n, double seconds)
{
	return seconds > 0 ? (double)n / seconds : 0;
}

static bool same_double(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

struct stats_run {
	struct stats s;
	struct model interval;		/* latencies since the last interval */
	struct model run;		/* all latencies */
	uint64_t ok_calls;		/* records with ret >= 0 */
	struct stats_counts last;
	size_t run_cap;
};

static void stats_interval(struct fuzz_in *in, struct stats_run *r)
{
	struct stats_counts now;
	struct stats_interval out;
	double seconds = fuzz_double(in);
	bool have_latency = fuzz_u8(in) & 1;
	unsigned veff = r->s.vlen == 0 ? 1 : r->s.vlen < 1024 ? r->s.vlen : 1024;
	const uint64_t *n = (const uint64_t *)&now, *l = (const uint64_t *)&r->last;
	const uint64_t *d = (const uint64_t *)&out.delta;
	uint64_t v[sizeof(now) / sizeof(uint64_t)];

	/* each counter: small steps forward, sometimes anything */
	for (size_t i = 0; i < sizeof(now) / sizeof(uint64_t); i++) {
		uint8_t how = fuzz_u8(in);
		uint64_t last;

		memcpy(&last, (const char *)&r->last + i * sizeof(uint64_t), sizeof(last));
		v[i] = how & 1 ? fuzz_u64_shaped(in) : last + (how >> 1);
	}
	memcpy(&now, v, sizeof(now));

	stats__interval(&r->s, &now, seconds, have_latency, &out);
	FUZZ_CHECK(same_double(out.seconds, seconds));
	for (size_t i = 0; i < sizeof(now) / sizeof(uint64_t); i++)
		FUZZ_CHECK(d[i] == delta(n[i], l[i]));
	FUZZ_CHECK(same_double(out.calls_per_s, per_second(out.delta.calls, seconds)));
	FUZZ_CHECK(same_double(out.msgs_per_s, per_second(out.delta.msgs, seconds)));
	if (out.delta.calls) {
		FUZZ_CHECK(out.msgs_per_call == (double)out.delta.msgs / (double)out.delta.calls);
		FUZZ_CHECK(out.fill_pct == 100.0 * (double)out.delta.msgs /
					   ((double)out.delta.calls * veff));
	} else {
		FUZZ_CHECK(out.msgs_per_call == 0 && out.fill_pct == 0);
	}
	FUZZ_CHECK(out.have_latency == have_latency);
	if (have_latency)	/* the interval store is always exact here */
		check_percentiles(&out.latency, &r->interval, SIZE_MAX);
	else
		FUZZ_CHECK(!out.latency.valid);
	r->last = now;
	r->interval.n = 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t capb = fuzz_u8(&in);
	size_t exact_cap = 1 + capb % 64;
	struct latency_store ls;
	struct stats_percentiles p;
	struct model m = { 0 };
	struct stats_run r;
	unsigned adds = 0;

	memset(&r, 0, sizeof(r));
	m.v = malloc(MAX_VALUES * sizeof(*m.v));
	r.interval.v = malloc(MAX_VALUES * sizeof(*m.v));
	r.run.v = malloc(MAX_VALUES * sizeof(*m.v));
	FUZZ_CHECK(m.v && r.interval.v && r.run.v);
	FUZZ_CHECK(latency_store__init(&ls, exact_cap) == 0);
	r.run_cap = 1 + fuzz_u8(&in) % 64;
	FUZZ_CHECK(stats__init(&r.s, fuzz_u16(&in) % 2100, r.run_cap) == 0);

	while (in.left && adds < MAX_VALUES) {
		uint8_t op = fuzz_u8(&in);

		switch (op % 10) {
		case 0: case 1: case 2: case 3: case 4: {
			uint64_t v = fuzz_u64_shaped(&in);

			latency_store__add(&ls, v);
			model_add(&m, v);
			adds++;
			/* checking after each of the first values catches the
			 * switch to estimates as it happens */
			if (m.n <= exact_cap + 1) {
				latency_store__percentiles(&ls, &p);
				check_percentiles(&p, &m, exact_cap);
			}
			break;
		}
		case 5:
			latency_store__reset(&ls);
			m.n = 0;
			m.max = 0;
			break;
		case 6:
			latency_store__percentiles(&ls, &p);
			check_percentiles(&p, &m, exact_cap);
			break;
		case 7: {
			uint64_t lat = fuzz_u64_shaped(&in), bytes = fuzz_u64_shaped(&in);
			int32_t ret = (int32_t)fuzz_u32(&in);

			stats__add_call(&r.s, lat, ret, bytes);
			model_add(&r.interval, lat);
			model_add(&r.run, lat);
			r.ok_calls += ret >= 0;
			adds++;
			break;
		}
		case 8:
			stats_interval(&in, &r);
			break;
		default:
			stats__percentiles(&r.s, &p);
			check_percentiles(&p, &r.run, r.run_cap);
			FUZZ_CHECK(r.s.records == r.run.n);
			FUZZ_CHECK(log2_hist__total(&r.s.latency_hist) == r.run.n);
			FUZZ_CHECK(log2_hist__total(&r.s.msgs_hist) == r.ok_calls);
			FUZZ_CHECK(log2_hist__total(&r.s.bytes_hist) == r.ok_calls);
			break;
		}
	}
	latency_store__percentiles(&ls, &p);
	check_percentiles(&p, &m, exact_cap);

	stats__free(&r.s);
	latency_store__free(&ls);
	free(r.run.v);
	free(r.interval.v);
	free(m.v);
	return 0;
}
