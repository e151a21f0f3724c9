/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A sweep's plot through gnuplot (a subprocess): msgs/s and ns per message
 * against vlen on a log2 axis, PNG or SVG by the file's extension. gnuplot
 * writes the image to a pipe; the file gets it only once it is whole, opened
 * as the -o file is (as the sudo user, when run through sudo).
 */
#ifndef MMSGTRACE_REPORT_GNUPLOT_H
#define MMSGTRACE_REPORT_GNUPLOT_H

#include <stddef.h>

#include "report/sweep.h"

/* Can path be plotted to? An extension of .png or .svg, gnuplot on the
 * PATH, and a file the user may write. 0, or EXIT_USAGE with the reason in
 * err (checked before the sweep runs). */
int gnuplot__check(const char *path, char *err, size_t errlen);

/* Draw n points into path. 0, or 1 with the reason in err. */
int gnuplot__sweep(const char *path, const struct sweep_point *p, size_t n, char *err,
		   size_t errlen);

#endif /* MMSGTRACE_REPORT_GNUPLOT_H */
