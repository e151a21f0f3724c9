// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The batching model's fit (see fit.h). */
#include <math.h>
#include <string.h>

#include "core/fit.h"

void fit__call_time(const struct fit_point *p, size_t n, struct fit *out)
{
	/* weighted normal equations, w = 1 / t^2:
	 *   [ S   Sm  ] [a]   [ St  ]
	 *   [ Sm  Smm ] [b] = [ Smt ] */
	double s = 0, sm = 0, smm = 0, st = 0, smt = 0, det, sq = 0;

	memset(out, 0, sizeof(*out));
	if (n < 2)
		return;
	for (size_t i = 0; i < n; i++) {
		double m = p[i].msgs_per_call, t = p[i].ns_per_call, w;

		if (!(t > 0) || !(m > 0) || !isfinite(t) || !isfinite(m))
			return;
		w = 1.0 / (t * t);
		s += w;
		sm += w * m;
		smm += w * m * m;
		st += w * t;
		smt += w * m * t;
	}
	det = s * smm - sm * sm;
	/* all points at one m: the two costs cannot be told apart */
	if (!(fabs(det) > 1e-12 * s * smm))
		return;
	out->fixed_ns = (st * smm - sm * smt) / det;
	out->per_msg_ns = (s * smt - sm * st) / det;
	out->valid = true;
	for (size_t i = 0; i < n; i++) {
		double e = fabs(fit__predict(out, p[i].msgs_per_call) - p[i].ns_per_call) /
			   p[i].ns_per_call;

		sq += e * e;
		if (e > out->worst_error) {
			out->worst_error = e;
			out->worst_point = i;
		}
	}
	out->residual = sqrt(sq / n);
	out->good = out->fixed_ns >= 0 && out->per_msg_ns >= 0 && out->worst_error <= FIT_GOOD_ERROR;
}
