/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Option values: each parser reads one option's text into its value, or
 * fails with a one-line, lowercase message that names the option, quotes
 * what was typed and says what is expected. Exposed for the unit tests.
 *
 * Each returns 0, or -1 with the message in err (err may be NULL).
 */
#ifndef MMSGTRACE_CLI_VALUES_H
#define MMSGTRACE_CLI_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "common/names.h"
#include "drive/driver.h"

/* A whole number from min to max; what names the expected value in the
 * message ("a whole number"). */
int values__u64(const char *opt, const char *arg, uint64_t min, uint64_t max, const char *what,
		uint64_t *out, char *err, size_t errlen);
/* One of the names of t (case-insensitive), into *out. */
int values__name(const char *opt, const char *arg, const struct names *t, int *out, char *err,
		 size_t errlen);

/* --flags: MSG_* names (dontwait,nosignal), "none", or a number (0x40). */
int values__flags(const char *s, int *flags, char *err, size_t errlen);
/* --size: N, a list N,N,... or a range MIN-MAX, each 0 .. DRIVER_MAX_SIZE. */
int values__size(const char *s, struct size_spec *spec, char *err, size_t errlen);
/* --cpu: CPU numbers like 0, 0,1, 0-3 or 0-1,3. */
int values__cpus(const char *s, int *cpus, unsigned *ncpus, char *err, size_t errlen);
/* --ringbuf-size: bytes with an optional K, M or G suffix. */
int values__bytes(const char *s, uint64_t *bytes, char *err, size_t errlen);
/* --burst-gap: "100us", "2ms", "500ns", "0.5s"; a bare number is microseconds. */
int values__gap(const char *s, uint64_t *ns, char *err, size_t errlen);
/* -p / -t: a comma list of positive ids appended to ids[*n ...] (at most
 * max in all); opt names the option in messages. */
int values__ids(const char *s, const char *opt, uint32_t *ids, unsigned *n, unsigned max,
		char *err, size_t errlen);
/* --syscalls: a comma list of syscall names into a mask (1u << enum
 * mmsg_syscall). An empty list, an empty entry and a name given twice are
 * errors too. *mask is written only on success. */
int values__syscalls(const char *list, unsigned *mask, char *err, size_t errlen);

#endif /* MMSGTRACE_CLI_VALUES_H */
