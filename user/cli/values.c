// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Option values (see values.h). */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/values.h"
#include "common/parse.h"
#include "common/text.h"
#include "common/util.h"

int values__u64(const char *opt, const char *arg, uint64_t min, uint64_t max, const char *what,
		uint64_t *out, char *err, size_t errlen)
{
	struct text_quote q;
	uint64_t v;

	if (parse__u64(arg, &v) || v < min || v > max) {
		text__seterr(err, errlen, "invalid %s '%s': expected %s from %llu to %llu", opt,
			     text__quote(arg, &q), what, (unsigned long long)min,
			     (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

int values__name(const char *opt, const char *arg, const struct names *t, int *out, char *err,
		 size_t errlen)
{
	struct text_quote q;
	char list[128];
	int v = names__find(t, arg);

	if (v < 0) {
		text__seterr(err, errlen, "invalid %s '%s': expected %s", opt, text__quote(arg, &q),
			     names__list(t, " or ", list, sizeof(list)));
		return -1;
	}
	*out = v;
	return 0;
}

/* "dontwait, nosignal, ..., zerocopy, none" */
static const char *flag_words(char *buf, size_t len)
{
	size_t n;

	names__flag_option_list(buf, len);
	n = strlen(buf);
	snprintf(buf + n, len - n, ", none");
	return buf;
}

/* A number in a --flags list (decimal or 0x hex, up to 32 bits): 0 or -1. */
static int flag_number(const char *p, size_t len, uint32_t *bits)
{
	unsigned long long n;
	char tmp[24], *end;
	const char *num = tmp;
	int base = 10;

	if (len >= sizeof(tmp))
		return -1;
	memcpy(tmp, p, len);
	tmp[len] = '\0';
	if (tmp[0] == '0' && (tmp[1] == 'x' || tmp[1] == 'X')) {
		base = 16;
		num = tmp + 2;
		if (!isxdigit((unsigned char)num[0]))
			return -1;
	}
	errno = 0;
	n = strtoull(num, &end, base);
	if (*end || errno == ERANGE || n > UINT32_MAX)
		return -1;
	*bits = (uint32_t)n;
	return 0;
}

int values__flags(const char *s, int *flags, char *err, size_t errlen)
{
	struct text_quote q;
	char words[160];
	uint32_t v = 0;

	if (!s || !*s) {
		text__seterr(err, errlen, "invalid --flags '': expected names like dontwait,nosignal "
			     "(valid names are %s) or a number", flag_words(words, sizeof(words)));
		return -1;
	}
	for (const char *p = s;;) {
		size_t len = strcspn(p, ",|");
		uint32_t bits = 0;

		if (len == 0) {
			text__seterr(err, errlen, "invalid --flags '%s': empty name in the list; "
				     "separate names with single commas, e.g. dontwait,nosignal",
				     text__quote(s, &q));
			return -1;
		}
		if (p[0] == '-' || p[0] == '+' ||
		    (isdigit((unsigned char)p[0]) && flag_number(p, len, &bits))) {
			text__seterr(err, errlen, "invalid --flags '%s': expected names (%s) or a "
				     "number, decimal or 0x hex, up to 0xffffffff", text__quote(s, &q),
				     flag_words(words, sizeof(words)));
			return -1;
		}
		if (!isdigit((unsigned char)p[0]) && !(len == 4 && !strncasecmp(p, "none", 4)) &&
		    !(bits = names__flag_option_find(p, len))) {
			text__seterr(err, errlen, "unknown --flags name '%s': valid names are %s (or "
				     "a number)", text__quote_span(p, len, &q),
				     flag_words(words, sizeof(words)));
			return -1;
		}
		v |= bits;
		p += len;
		if (!*p)
			break;
		p++;
		if (!*p) {
			text__seterr(err, errlen, "invalid --flags '%s': the list ends with a separator; "
				     "remove the trailing comma", text__quote(s, &q));
			return -1;
		}
	}
	*flags = (int)v;
	return 0;
}

#define SIZE_EXPECT "expected N, a list N,N,... or a range MIN-MAX, each from 0 to " \
	STR(DRIVER_MAX_SIZE)

/* One size from a parse result: 0, or -1 with err set. */
static int check_size_value(const char *s, int rc, uint64_t v, char *err, size_t errlen)
{
	struct text_quote q;

	if (rc == 0 && v > DRIVER_MAX_SIZE)
		rc = PARSE_RANGE;
	if (rc == PARSE_RANGE) {
		text__seterr(err, errlen, "invalid --size '%s': each size must be from 0 to %d bytes",
			     text__quote(s, &q), DRIVER_MAX_SIZE);
		return -1;
	}
	if (rc) {
		text__seterr(err, errlen, "invalid --size '%s': " SIZE_EXPECT, text__quote(s, &q));
		return -1;
	}
	return 0;
}

static int size_list(const char *s, struct size_spec *t, char *err, size_t errlen)
{
	struct text_quote q;
	uint64_t v = 0;
	int rc;

	t->kind = SIZE_LIST;
	for (const char *p = s;;) {
		size_t len = strcspn(p, ",");

		if (len == 0) {
			text__seterr(err, errlen, "invalid --size '%s': empty entry in the list; "
				     SIZE_EXPECT, text__quote(s, &q));
			return -1;
		}
		if (t->n == DRIVER_MAX_SIZES) {
			text__seterr(err, errlen, "invalid --size '%s': more than %d sizes in the list",
				     text__quote(s, &q), DRIVER_MAX_SIZES);
			return -1;
		}
		rc = parse__u64_span(p, len, &v);
		if (check_size_value(s, rc, v, err, errlen))
			return -1;
		t->list[t->n++] = (uint32_t)v;
		p += len;
		if (!*p)
			break;
		p++;
	}
	t->min = t->max = t->list[0];
	for (unsigned i = 1; i < t->n; i++) {
		if (t->list[i] < t->min)
			t->min = t->list[i];
		if (t->list[i] > t->max)
			t->max = t->list[i];
	}
	return 0;
}

static int size_range(const char *s, struct size_spec *t, char *err, size_t errlen)
{
	const char *dash = strchr(s, '-');
	struct text_quote q;
	uint64_t lo, hi;
	int r1, r2;

	if (strchr(dash + 1, '-')) {
		text__seterr(err, errlen, "invalid --size '%s': a range has one '-'; " SIZE_EXPECT,
			     text__quote(s, &q));
		return -1;
	}
	r1 = parse__u64_span(s, (size_t)(dash - s), &lo);
	r2 = parse__u64(dash + 1, &hi);
	if (r1 == PARSE_SYNTAX || r2 == PARSE_SYNTAX) {
		text__seterr(err, errlen, "invalid --size '%s': " SIZE_EXPECT, text__quote(s, &q));
		return -1;
	}
	if (r1 || r2 || lo > DRIVER_MAX_SIZE || hi > DRIVER_MAX_SIZE) {
		text__seterr(err, errlen, "invalid --size '%s': each size must be from 0 to %d bytes",
			     text__quote(s, &q), DRIVER_MAX_SIZE);
		return -1;
	}
	if (lo > hi) {
		text__seterr(err, errlen, "invalid --size '%s': the range minimum is above its "
			     "maximum; write MIN-MAX, e.g. 64-1400", text__quote(s, &q));
		return -1;
	}
	t->kind = SIZE_RANGE;
	t->n = 0;
	t->min = (uint32_t)lo;
	t->max = (uint32_t)hi;
	return 0;
}

int values__size(const char *s, struct size_spec *spec, char *err, size_t errlen)
{
	struct size_spec t;
	struct text_quote q;
	uint64_t v = 0;
	int rc;

	memset(&t, 0, sizeof(t));
	if (!s || !*s) {
		text__seterr(err, errlen, "invalid --size '': " SIZE_EXPECT);
		return -1;
	}
	if (s[0] == '-') {
		text__seterr(err, errlen, "invalid --size '%s': sizes cannot be negative; "
			     SIZE_EXPECT, text__quote(s, &q));
		return -1;
	}
	if (strchr(s, ',') && strchr(s, '-')) {
		text__seterr(err, errlen, "invalid --size '%s': give either a list or a range, not "
			     "both; " SIZE_EXPECT, text__quote(s, &q));
		return -1;
	}
	if (strchr(s, ',')) {
		rc = size_list(s, &t, err, errlen);
	} else if (strchr(s, '-')) {
		rc = size_range(s, &t, err, errlen);
	} else {
		rc = parse__u64(s, &v);
		rc = check_size_value(s, rc, v, err, errlen);
		t.kind = SIZE_FIXED;
		t.n = 1;
		t.list[0] = t.min = t.max = (uint32_t)v;
	}
	if (rc)
		return -1;
	*spec = t;
	return 0;
}

#define CPU_EXPECT "expected CPU numbers like 0, 0,1, 0-3 or 0-1,3"

/* One entry of a --cpu list, "N" or "LOW-HIGH", into [*lo, *hi]. */
static int cpu_entry(const char *s, const char *p, size_t len, uint64_t *lo, uint64_t *hi,
		     char *err, size_t errlen)
{
	const char *dash = memchr(p, '-', len);
	struct text_quote q;
	int r1, r2;

	if (dash) {
		r1 = parse__u64_span(p, (size_t)(dash - p), lo);
		r2 = parse__u64_span(dash + 1, len - (size_t)(dash - p) - 1, hi);
	} else {
		r1 = r2 = parse__u64_span(p, len, lo);
		*hi = *lo;
	}
	if (r1 == PARSE_SYNTAX || r2 == PARSE_SYNTAX) {
		text__seterr(err, errlen, "invalid --cpu '%s': " CPU_EXPECT, text__quote(s, &q));
		return -1;
	}
	if (r1 || r2 || *lo >= DRIVER_MAX_CPUS || *hi >= DRIVER_MAX_CPUS) {
		text__seterr(err, errlen, "invalid --cpu '%s': CPU numbers go from 0 to %d",
			     text__quote(s, &q), DRIVER_MAX_CPUS - 1);
		return -1;
	}
	if (*lo > *hi) {
		text__seterr(err, errlen, "invalid --cpu '%s': a range runs backwards; write "
			     "LOW-HIGH, e.g. 0-3", text__quote(s, &q));
		return -1;
	}
	return 0;
}

int values__cpus(const char *s, int *cpus, unsigned *ncpus, char *err, size_t errlen)
{
	int tmp[DRIVER_MAX_CPUS];
	struct text_quote q;
	unsigned n = 0;

	if (!s || !*s) {
		text__seterr(err, errlen, "invalid --cpu '': " CPU_EXPECT);
		return -1;
	}
	for (const char *p = s;;) {
		size_t len = strcspn(p, ",");
		uint64_t lo, hi;

		/* a trailing comma leaves an empty entry too */
		if (len == 0) {
			text__seterr(err, errlen, "invalid --cpu '%s': empty entry in the list; "
				     CPU_EXPECT, text__quote(s, &q));
			return -1;
		}
		if (cpu_entry(s, p, len, &lo, &hi, err, errlen))
			return -1;
		for (uint64_t c = lo; c <= hi; c++) {
			if (n == DRIVER_MAX_CPUS) {
				text__seterr(err, errlen, "invalid --cpu '%s': more than %d CPUs in "
					     "the list", text__quote(s, &q), DRIVER_MAX_CPUS);
				return -1;
			}
			tmp[n++] = (int)c;
		}
		p += len;
		if (!*p)
			break;
		p++;
	}
	memcpy(cpus, tmp, n * sizeof(tmp[0]));
	*ncpus = n;
	return 0;
}

int values__bytes(const char *s, uint64_t *bytes, char *err, size_t errlen)
{
	struct text_quote q;

	switch (parse__bytes(s, bytes)) {
	case PARSE_OK:
		return 0;
	case PARSE_RANGE:
		text__seterr(err, errlen, "invalid --ringbuf-size '%s': the number is too large; "
			     "expected bytes like 4096, 256K, 16M or 1G", text__quote(s, &q));
		return -1;
	default:
		text__seterr(err, errlen, "invalid --ringbuf-size '%s': expected bytes with an "
			     "optional K, M or G suffix, like 4096, 256K, 16M or 1G",
			     text__quote(s, &q));
		return -1;
	}
}

#define GAP_MAX_NS 60000000000ULL	/* one minute */

int values__gap(const char *s, uint64_t *ns, char *err, size_t errlen)
{
	struct text_quote q;

	switch (parse__time_ns(s, 1e3, GAP_MAX_NS, ns)) {
	case PARSE_OK:
		return 0;
	case PARSE_RANGE:
		text__seterr(err, errlen, "invalid --burst-gap '%s': at most 60s", text__quote(s, &q));
		return -1;
	default:
		text__seterr(err, errlen, "invalid --burst-gap '%s': expected a time like 500ns, "
			     "100us, 2ms or 0.5s (a bare number is microseconds)", text__quote(s, &q));
		return -1;
	}
}

int values__ids(const char *s, const char *opt, uint32_t *ids, unsigned *n, unsigned max,
		char *err, size_t errlen)
{
	struct text_quote q;

	if (!s || !*s) {
		text__seterr(err, errlen, "invalid %s '': expected ids like 1234 or 1234,5678", opt);
		return -1;
	}
	for (const char *p = s;;) {
		size_t len = strcspn(p, ",");
		uint64_t v;

		if (parse__u64_span(p, len, &v) || v == 0 || v > INT32_MAX) {
			text__seterr(err, errlen, "invalid %s '%s': expected positive whole numbers "
				     "separated by commas, like 1234 or 1234,5678", opt,
				     text__quote(s, &q));
			return -1;
		}
		if (*n == max) {
			text__seterr(err, errlen, "too many ids for %s: at most %u", opt, max);
			return -1;
		}
		ids[(*n)++] = (uint32_t)v;
		p += len;
		if (!*p)
			return 0;
		p++;
	}
}

int values__syscalls(const char *list, unsigned *mask, char *err, size_t errlen)
{
	struct text_quote q;
	char names[128];
	unsigned m = 0;
	const char *p = list;

	names__list(&names_syscall, ", ", names, sizeof(names));
	if (!list || !*list) {
		text__seterr(err, errlen, "empty --syscalls: use %s", names);
		return -1;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		int sc;

		if (!len) {
			text__seterr(err, errlen, "empty entry in --syscalls '%s': use %s",
				     text__quote(list, &q), names);
			return -1;
		}
		sc = names__find_span(&names_syscall, p, len);
		if (sc < 0) {
			text__seterr(err, errlen, "unknown syscall '%s' in --syscalls: use %s",
				     text__quote_span(p, len, &q), names);
			return -1;
		}
		if (m & (1u << sc)) {
			text__seterr(err, errlen, "duplicate syscall '%s' in --syscalls: list each of "
				     "%s at most once", names__syscall(sc), names);
			return -1;
		}
		m |= 1u << sc;
		if (!p[len])
			break;
		p += len + 1;	/* a trailing comma leaves an empty entry: reported above */
	}
	if (mask)
		*mask = m;
	return 0;
}
