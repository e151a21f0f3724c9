/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Strict number parsing: whole numbers, decimals, byte sizes and times, with
 * no sign, no spaces, no hex and no locale. Each returns PARSE_OK, or
 * PARSE_SYNTAX (not such a number) or PARSE_RANGE (too large to hold), and
 * writes *out only on PARSE_OK; messages are the caller's (it knows what the
 * number was for).
 *
 * Pure: no I/O.
 */
#ifndef MMSGTRACE_COMMON_PARSE_H
#define MMSGTRACE_COMMON_PARSE_H

#include <stddef.h>
#include <stdint.h>

enum parse_result {
	PARSE_OK = 0,
	PARSE_SYNTAX = -1,
	PARSE_RANGE = -2,
};

/* Unsigned decimal: digits only ("0", "1234"). */
int parse__u64(const char *s, uint64_t *out);
/* The same on s[0 .. len) (no NUL needed). */
int parse__u64_span(const char *s, size_t len, uint64_t *out);
/* Finite decimal like 5, 0.5, .5, 1e3: no sign, spaces, hex, inf or nan.
 * PARSE_SYNTAX also for a value that overflows. */
int parse__double(const char *s, double *out);
/* Bytes with an optional binary suffix: 4096, 256K, 16M, 1G (also k/m/g,
 * KB/KiB, and a plain B after the number). */
int parse__bytes(const char *s, uint64_t *out);
/* A time with a unit: 500ns, 100us, 2ms, 0.5s; a bare number is in
 * bare_unit_ns (1000: microseconds). Rounded to whole nanoseconds;
 * PARSE_RANGE above max_ns. */
int parse__time_ns(const char *s, double bare_unit_ns, uint64_t max_ns, uint64_t *out);

#endif /* MMSGTRACE_COMMON_PARSE_H */
