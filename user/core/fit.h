/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The batching model: a call's time inside the syscall is a fixed cost per
 * call plus a cost per message it carries,
 *
 *     t(m) = fixed_ns + per_msg_ns * m
 *
 * fitted by relative (weighted) least squares: each point's error counts
 * relative to its own time (weights 1 / t^2), so a call with one message
 * counts as much as one with a thousand.
 *
 * Pure: numbers in, numbers out; unit-tested.
 */
#ifndef MMSGTRACE_CORE_FIT_H
#define MMSGTRACE_CORE_FIT_H

#include <stdbool.h>
#include <stddef.h>

/* the fit is good when it predicts every point within this (relative) */
#define FIT_GOOD_ERROR 0.30

struct fit_point {
	double msgs_per_call;		/* m: messages one call carried, on average */
	double ns_per_call;		/* t: time inside the syscall per call */
};

struct fit {
	bool valid;			/* at least two points with different m, all t > 0 */
	double fixed_ns;		/* the cost of a call before its first message */
	double per_msg_ns;		/* the cost of each message */
	double residual;		/* root mean square of the relative errors */
	double worst_error;		/* the largest relative error, |predicted - t| / t */
	size_t worst_point;		/* which point that is */
	bool good;			/* valid, both costs >= 0, worst_error <= FIT_GOOD_ERROR */
};

/* Fit n points. Points with t <= 0 or m <= 0 make the fit invalid. */
void fit__call_time(const struct fit_point *p, size_t n, struct fit *out);

/* The model's time of a call carrying m messages. */
static inline double fit__predict(const struct fit *f, double m)
{
	return f->fixed_ns + f->per_msg_ns * m;
}

/* The share of a call's time that is the fixed cost, at m messages (0..1). */
static inline double fit__fixed_share(const struct fit *f, double m)
{
	double t = fit__predict(f, m);

	return t > 0 ? f->fixed_ns / t : 0;
}

#endif /* MMSGTRACE_CORE_FIT_H */
