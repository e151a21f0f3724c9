/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Small things every layer uses: the program's name in messages, exit codes,
 * one warn(), ARRAY_LEN.
 */
#ifndef MMSGTRACE_COMMON_UTIL_H
#define MMSGTRACE_COMMON_UTIL_H

#include <stdio.h>

#define PROG "mmsgtrace"
#define PROG_VERSION "0.1.0"	/* --version and the start object's "version" */

/* exit codes: 0 success, 1 runtime failure (or a cross-check mismatch) */
#define EXIT_USAGE 2		/* a bad option or value; one line on stderr says which */

/* one lowercase line on stderr, prefixed with the program's name */
#define warn(...) fprintf(stderr, PROG ": " __VA_ARGS__)

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* a macro's value as a string literal: limits in help texts come from their
 * macros, so the text cannot drift from the code */
#define STR_(x) #x
#define STR(x) STR_(x)

#endif /* MMSGTRACE_COMMON_UTIL_H */
