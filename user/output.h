/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Machine-readable encoders: JSON lines. Pure (writes only to the FILE given);
 * every key is documented in README.md.
 */
#ifndef MMSGTRACE_OUTPUT_H
#define MMSGTRACE_OUTPUT_H

#include <stdio.h>

#include "stats.h"

/* A JSON string literal (with quotes) for arbitrary bytes: control bytes,
 * quotes, backslashes and invalid UTF-8 are escaped so the result is valid. */
void output__json_string(FILE *f, const char *s, size_t len);

/* {"type":"interval",...}\n ; t = seconds since the start */
void output__json_interval(FILE *f, double t, const struct stats_interval *iv);

/* {"type":"summary",...}\n */
void output__json_summary(FILE *f, const struct summary *sum);

/* Name of an errno value ("EAGAIN"), or NULL when unknown. Kernel-internal
 * values seen by tracers (ERESTARTSYS = 512, ...) have names too. */
const char *output__errno_name(int err);

#endif /* MMSGTRACE_OUTPUT_H */
