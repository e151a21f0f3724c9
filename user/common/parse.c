// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Strict number parsing (see parse.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/parse.h"
#include "common/util.h"

int parse__u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return PARSE_SYNTAX;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end)
		return PARSE_SYNTAX;
	if (errno == ERANGE)
		return PARSE_RANGE;
	*out = v;
	return PARSE_OK;
}

int parse__u64_span(const char *s, size_t len, uint64_t *out)
{
	char tmp[32];

	if (len == 0)
		return PARSE_SYNTAX;
	if (len >= sizeof(tmp)) {
		for (size_t i = 0; i < len; i++)
			if (!isdigit((unsigned char)s[i]))
				return PARSE_SYNTAX;
		return PARSE_RANGE;	/* all digits: too many of them */
	}
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return parse__u64(tmp, out);
}

int parse__double(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !(isdigit((unsigned char)s[0]) || s[0] == '.'))
		return PARSE_SYNTAX;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p) || *p == '.' || *p == 'e' || *p == 'E')
			continue;
		if ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E'))
			continue;
		return PARSE_SYNTAX;
	}
	errno = 0;
	v = strtod(s, &end);
	if (*end || end == s || errno == ERANGE || !isfinite(v))
		return PARSE_SYNTAX;
	*out = v;
	return PARSE_OK;
}

int parse__bytes(const char *s, uint64_t *out)
{
	unsigned long long v;
	unsigned shift = 0;
	const char *p;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return PARSE_SYNTAX;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		return PARSE_RANGE;
	p = end;
	switch (*p) {
	case 'k': case 'K': shift = 10; p++; break;
	case 'm': case 'M': shift = 20; p++; break;
	case 'g': case 'G': shift = 30; p++; break;
	default: break;
	}
	if (shift && (p[0] == 'i' || p[0] == 'I') && (p[1] == 'b' || p[1] == 'B'))
		p += 2;
	else if (p[0] == 'b' || p[0] == 'B')
		p++;
	if (*p)
		return PARSE_SYNTAX;
	if (shift && v > (UINT64_MAX >> shift))
		return PARSE_RANGE;
	*out = (uint64_t)v << shift;
	return PARSE_OK;
}

int parse__time_ns(const char *s, double bare_unit_ns, uint64_t max_ns, uint64_t *out)
{
	const struct {
		const char *suffix;
		double ns;
	} units[] = { { "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "", bare_unit_ns } };
	char num[64];
	double v;
	size_t len;

	if (!s)
		return PARSE_SYNTAX;
	len = strspn(s, "0123456789.eE+-");
	/* "1e" + "s" would read as an exponent: units never start with e */
	while (len && (s[len - 1] == 'e' || s[len - 1] == 'E'))
		len--;
	if (len == 0 || len >= sizeof(num))
		return PARSE_SYNTAX;
	memcpy(num, s, len);
	num[len] = '\0';
	if (parse__double(num, &v))
		return PARSE_SYNTAX;
	for (size_t i = 0; i < ARRAY_LEN(units); i++) {
		if (strcmp(s + len, units[i].suffix))
			continue;
		v *= units[i].ns;
		if (v > (double)max_ns)
			return PARSE_RANGE;
		*out = (uint64_t)(v + 0.5);
		return PARSE_OK;
	}
	return PARSE_SYNTAX;
}
