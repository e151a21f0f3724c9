// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Aggregation: counters, distributions and percentiles (see stats.h). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"

#define LATENCY_DEFAULT_EXACT_CAP ((size_t)4 * 1024 * 1024)
#define LATENCY_INTERVAL_EXACT_CAP ((size_t)16 * 1024 * 1024)

/*
 * Log-linear buckets: values below 128 get one bucket each; above, every
 * power of two [2^e, 2^(e+1)) (e = 7..63) is split into 128 equal
 * sub-buckets, indexed by the 7 bits after the leading one.
 */
#define LL_SUB_BITS 7
#define LL_SUB (1u << LL_SUB_BITS)
#define LL_BUCKETS (LL_SUB + (64 - LL_SUB_BITS) * LL_SUB)

static unsigned log2_slot(uint64_t value)
{
	return value ? 64 - (unsigned)__builtin_clzll(value) : 0;
}

void log2_hist__add(struct log2_hist *h, uint64_t value)
{
	h->slot[log2_slot(value)]++;
}

uint64_t log2_hist__total(const struct log2_hist *h)
{
	uint64_t total = 0;

	for (unsigned k = 0; k < STATS_HIST_SLOTS; k++)
		total += h->slot[k];
	return total;
}

uint64_t log2_hist__low(unsigned k)
{
	if (k == 0 || k >= STATS_HIST_SLOTS)
		return 0;
	return (uint64_t)1 << (k - 1);
}

uint64_t log2_hist__high(unsigned k)
{
	if (k == 0 || k >= STATS_HIST_SLOTS)
		return 0;
	if (k == 64)
		return UINT64_MAX;
	return ((uint64_t)1 << k) - 1;
}

static size_t ll_index(uint64_t v)
{
	if (v < LL_SUB)
		return (size_t)v;
	unsigned e = 63 - (unsigned)__builtin_clzll(v);
	unsigned shift = e - LL_SUB_BITS;
	size_t sub = (size_t)(v >> shift) & (LL_SUB - 1);

	return LL_SUB + (size_t)shift * LL_SUB + sub;
}

/* integer midpoint of the values that fall into bucket idx */
static uint64_t ll_midpoint(size_t idx)
{
	if (idx < LL_SUB)
		return idx;
	unsigned shift = (unsigned)((idx - LL_SUB) / LL_SUB);
	uint64_t sub = (idx - LL_SUB) % LL_SUB;
	uint64_t low = (LL_SUB + sub) << shift;
	uint64_t width = (uint64_t)1 << shift;

	return low + (width - 1) / 2;
}

/* The log-linear buckets are allocated only when a store outgrows its exact
 * cap: most stores (one per process and syscall in observe mode) never do. */
int latency_store__init(struct latency_store *ls, size_t exact_cap)
{
	memset(ls, 0, sizeof(*ls));
	ls->exact_cap = exact_cap ? exact_cap : LATENCY_DEFAULT_EXACT_CAP;
	return 0;
}

void latency_store__free(struct latency_store *ls)
{
	free(ls->samples);
	free(ls->buckets);
	ls->samples = NULL;
	ls->buckets = NULL;
	ls->n = ls->cap = 0;
	ls->count = ls->max = 0;
}

void latency_store__reset(struct latency_store *ls)
{
	ls->n = 0;
	ls->count = 0;
	ls->max = 0;
	ls->overflowed = false;
}

/* Past the exact cap (or out of memory): move the samples into buckets. */
static void latency_store__go_estimated(struct latency_store *ls)
{
	if (ls->buckets)
		memset(ls->buckets, 0, LL_BUCKETS * sizeof(*ls->buckets));
	else
		ls->buckets = calloc(LL_BUCKETS, sizeof(*ls->buckets));
	/* without buckets (no memory) the count and max remain */
	for (size_t i = 0; ls->buckets && i < ls->n; i++)
		ls->buckets[ll_index(ls->samples[i])]++;
	free(ls->samples);
	ls->samples = NULL;
	ls->n = ls->cap = 0;
	ls->overflowed = true;
}

/* false when v could not be kept (the store went estimated) */
static bool latency_store__keep(struct latency_store *ls, uint64_t v)
{
	if (ls->n >= ls->exact_cap)
		return false;
	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 64;
		uint64_t *grown;

		if (cap > ls->exact_cap)
			cap = ls->exact_cap;
		grown = realloc(ls->samples, cap * sizeof(*grown));
		if (!grown)
			return false;
		ls->samples = grown;
		ls->cap = cap;
	}
	ls->samples[ls->n++] = v;
	return true;
}

void latency_store__add(struct latency_store *ls, uint64_t v)
{
	ls->count++;
	if (v > ls->max)
		ls->max = v;
	if (!ls->overflowed) {
		if (latency_store__keep(ls, v))
			return;
		latency_store__go_estimated(ls);
	}
	if (ls->buckets)
		ls->buckets[ll_index(v)]++;
}

/* nearest rank: ceil(n * permille / 1000), at least 1, without overflow */
static uint64_t rank_of(uint64_t n, unsigned permille)
{
	uint64_t rank = n / 1000 * permille + ((n % 1000) * permille + 999) / 1000;

	return rank ? rank : 1;
}

static void swap_u64(uint64_t *a, uint64_t *b)
{
	uint64_t t = *a;

	*a = *b;
	*b = t;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

/*
 * Reorder a[lo..hi] so that a[k] holds the value a sorted array would, with
 * everything before it <= and everything after it >= (quickselect; falls
 * back to sorting the remaining range when partitions keep going badly).
 */
static void select_nth(uint64_t *a, size_t lo, size_t hi, size_t k)
{
	unsigned budget = 2 * 64;

	while (hi > lo) {
		if (budget-- == 0 || hi - lo < 16) {
			qsort(a + lo, hi - lo + 1, sizeof(*a), cmp_u64);
			return;
		}
		/* median of three into a[mid], then Hoare partition around it */
		size_t mid = lo + (hi - lo) / 2;

		if (a[mid] < a[lo])
			swap_u64(&a[mid], &a[lo]);
		if (a[hi] < a[lo])
			swap_u64(&a[hi], &a[lo]);
		if (a[hi] < a[mid])
			swap_u64(&a[hi], &a[mid]);
		uint64_t pivot = a[mid];
		size_t i = lo, j = hi;

		for (;;) {
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i >= j)
				break;
			swap_u64(&a[i], &a[j]);
			i++;
			j--;
		}
		/* now a[lo..j] <= pivot <= a[j+1..hi] */
		if (k <= j)
			hi = j;
		else
			lo = j + 1;
	}
}

static void percentiles_exact(const struct latency_store *ls, uint64_t *copy,
			      struct stats_percentiles *out)
{
	static const unsigned permille[3] = { 500, 900, 990 };
	uint64_t *dst[3] = { &out->p50, &out->p90, &out->p99 };
	size_t n = ls->n, from = 0;

	memcpy(copy, ls->samples, n * sizeof(*copy));
	/* ranks ascend, so each selection only needs the part above the last */
	for (int i = 0; i < 3; i++) {
		size_t k = (size_t)rank_of(n, permille[i]) - 1;

		select_nth(copy, from, n - 1, k);
		*dst[i] = copy[k];
		from = k;
	}
	out->exact = true;
}

static void percentiles_estimated(const struct latency_store *ls, struct stats_percentiles *out)
{
	static const unsigned permille[3] = { 500, 900, 990 };
	uint64_t *dst[3] = { &out->p50, &out->p90, &out->p99 };
	uint64_t seen = 0;
	size_t idx = 0;

	for (int i = 0; i < 3; i++) {
		uint64_t rank = rank_of(ls->count, permille[i]);

		while (idx < LL_BUCKETS && seen + ls->buckets[idx] < rank)
			seen += ls->buckets[idx++];
		if (idx == LL_BUCKETS) {
			*dst[i] = ls->max;
			continue;
		}
		uint64_t mid = ll_midpoint(idx);

		/* the top bucket's midpoint may lie above the true maximum */
		*dst[i] = mid < ls->max ? mid : ls->max;
	}
	out->exact = false;
}

void latency_store__percentiles(const struct latency_store *ls, struct stats_percentiles *out)
{
	memset(out, 0, sizeof(*out));
	if (!ls->count)
		return;
	out->count = ls->count;
	out->max = ls->max;
	if (!ls->overflowed) {
		uint64_t *copy = malloc(ls->n * sizeof(*copy));

		if (copy) {
			out->valid = true;
			percentiles_exact(ls, copy, out);
			free(copy);
		}
		return;
	}
	if (ls->buckets) {
		out->valid = true;
		percentiles_estimated(ls, out);
	}
}

int stats__init(struct stats *s, unsigned vlen, size_t exact_cap)
{
	int err;

	memset(s, 0, sizeof(*s));
	s->vlen = vlen;
	if (vlen == 0)
		vlen = 1;
	s->vlen_effective = vlen < MMSG_UIO_MAXIOV ? vlen : MMSG_UIO_MAXIOV;
	err = latency_store__init(&s->interval_latency, LATENCY_INTERVAL_EXACT_CAP);
	if (err)
		return err;
	err = latency_store__init(&s->run_latency, exact_cap);
	if (err) {
		latency_store__free(&s->interval_latency);
		return err;
	}
	return 0;
}

void stats__free(struct stats *s)
{
	latency_store__free(&s->interval_latency);
	latency_store__free(&s->run_latency);
}

void stats__add_call(struct stats *s, uint64_t latency_ns, int32_t ret, uint64_t bytes)
{
	s->records++;
	latency_store__add(&s->interval_latency, latency_ns);
	latency_store__add(&s->run_latency, latency_ns);
	log2_hist__add(&s->latency_hist, latency_ns);
	s->latency_sum_ns += latency_ns;
	if (ret >= 0) {
		log2_hist__add(&s->msgs_hist, (uint64_t)ret);
		log2_hist__add(&s->bytes_hist, bytes);
	}
}

static uint64_t counter_delta(uint64_t now, uint64_t last)
{
	return now >= last ? now - last : 0;
}

static double per_second(uint64_t n, double seconds)
{
	return seconds > 0 ? (double)n / seconds : 0;
}

void stats__interval(struct stats *s, const struct stats_counts *now, double seconds,
		     bool have_latency, struct stats_interval *out)
{
	const struct stats_counts *last = &s->last;
	struct stats_counts *d = &out->delta;

	memset(out, 0, sizeof(*out));
	out->seconds = seconds;
	d->calls = counter_delta(now->calls, last->calls);
	d->msgs = counter_delta(now->msgs, last->msgs);
	d->bytes = counter_delta(now->bytes, last->bytes);
	d->errors = counter_delta(now->errors, last->errors);
	d->partial = counter_delta(now->partial, last->partial);
	d->latency_ns = counter_delta(now->latency_ns, last->latency_ns);
	d->lost_events = counter_delta(now->lost_events, last->lost_events);
	d->inflight_overflow = counter_delta(now->inflight_overflow, last->inflight_overflow);
	d->exit_unmatched = counter_delta(now->exit_unmatched, last->exit_unmatched);
	d->bytes_read_faults = counter_delta(now->bytes_read_faults, last->bytes_read_faults);
	d->dropped = counter_delta(now->dropped, last->dropped);

	out->calls_per_s = per_second(d->calls, seconds);
	out->msgs_per_s = per_second(d->msgs, seconds);
	out->mb_per_s = per_second(d->bytes, seconds) / 1e6;
	if (d->calls) {
		out->msgs_per_call = (double)d->msgs / (double)d->calls;
		out->fill_pct = 100.0 * (double)d->msgs /
				((double)d->calls * (double)s->vlen_effective);
	}
	out->have_latency = have_latency;
	if (have_latency) {
		if (d->msgs)
			out->ns_per_msg = (double)d->latency_ns / (double)d->msgs;
		latency_store__percentiles(&s->interval_latency, &out->latency);
	}

	s->last = *now;
	latency_store__reset(&s->interval_latency);
}

void stats__percentiles(const struct stats *s, struct stats_percentiles *out)
{
	latency_store__percentiles(&s->run_latency, out);
}

void stats__cross_check(struct summary *sum)
{
	if (!sum->have_driver || !sum->traced) {
		sum->match_calls = sum->match_msgs = true;
		sum->match_bytes = sum->match_errors = true;
		sum->match = true;
		return;
	}
	sum->match_calls = sum->kernel.calls == sum->driver.calls;
	sum->match_msgs = sum->kernel.msgs == sum->driver.msgs;
	sum->match_bytes = sum->kernel.bytes == sum->driver.bytes;
	sum->match_errors = sum->kernel.errors == sum->driver.errors;
	sum->match = sum->match_calls && sum->match_msgs && sum->match_bytes &&
		     sum->match_errors && sum->kernel.inflight_overflow == 0 &&
		     sum->kernel.exit_unmatched == 0 && sum->kernel.bytes_read_faults == 0 &&
		     (!sum->delivery_checked || sum->match_delivery);
}

void summary__figures(const struct summary *s, struct summary_figures *o)
{
	const struct stats_counts *k = &s->kernel;

	o->calls = s->traced ? k->calls : s->driver.calls;
	o->msgs = s->traced ? k->msgs : s->driver.msgs;
	o->bytes = s->traced ? k->bytes : s->driver.bytes;
	o->errors = s->traced ? k->errors : s->driver.errors;
	o->partial = s->traced ? k->partial : s->driver.partial;
	o->fill_of = s->call_slots ? s->call_slots :
		     s->vlen < MMSG_UIO_MAXIOV ? s->vlen : MMSG_UIO_MAXIOV;
	o->msgs_per_call = o->calls ? (double)o->msgs / o->calls : NAN;
	o->fill_pct = o->calls && o->fill_of ? 100.0 * o->msgs / ((double)o->calls * o->fill_of) :
		      NAN;
	o->calls_per_s = s->seconds > 0 ? o->calls / s->seconds : NAN;
	o->msgs_per_s = s->seconds > 0 ? o->msgs / s->seconds : NAN;
	o->mb_per_s = s->seconds > 0 ? o->bytes / s->seconds / 1e6 : NAN;
	o->ns_per_msg = s->traced && k->msgs ? (double)k->latency_ns / k->msgs : NAN;
	o->consumer_cpu_pct = s->consumer_wall_s > 0 ? 100.0 * s->consumer_cpu_s / s->consumer_wall_s :
			      NAN;
	o->complete = !s->traced ||
		      !(k->inflight_overflow || k->exit_unmatched || k->bytes_read_faults);
}
