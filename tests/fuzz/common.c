// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Helpers shared by the libFuzzer targets (see common.h). */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

void fuzz_fail(const char *file, int line, const char *what, const char *text, size_t len)
{
	fprintf(stderr, "\n%s:%d: invariant failed: %s\n", file, line, what);
	if (text) {
		fputs("  text: \"", stderr);
		for (size_t i = 0; i < len && i < 4096; i++) {
			unsigned char c = (unsigned char)text[i];

			if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"')
				fputc(c, stderr);
			else
				fprintf(stderr, "\\x%02x", c);
		}
		fprintf(stderr, "\" (%zu bytes)\n", len);
	}
	abort();
}

uint8_t fuzz_u8(struct fuzz_in *in)
{
	uint8_t v;

	fuzz_bytes(in, &v, 1);
	return v;
}

uint16_t fuzz_u16(struct fuzz_in *in)
{
	uint16_t v;

	fuzz_bytes(in, &v, sizeof(v));
	return v;
}

uint32_t fuzz_u32(struct fuzz_in *in)
{
	uint32_t v;

	fuzz_bytes(in, &v, sizeof(v));
	return v;
}

uint64_t fuzz_u64(struct fuzz_in *in)
{
	uint64_t v;

	fuzz_bytes(in, &v, sizeof(v));
	return v;
}

double fuzz_double(struct fuzz_in *in)
{
	double v;

	fuzz_bytes(in, &v, sizeof(v));
	return v;
}

void fuzz_bytes(struct fuzz_in *in, void *out, size_t n)
{
	size_t take = n < in->left ? n : in->left;

	memcpy(out, in->p, take);
	memset((char *)out + take, 0, n - take);
	in->p += take;
	in->left -= take;
}

uint64_t fuzz_u64_shaped(struct fuzz_in *in)
{
	uint8_t kind = fuzz_u8(in);

	switch (kind & 7) {
	case 0:
		return fuzz_u8(in) & 0x0f;		/* few distinct values: ties */
	case 1:
		return fuzz_u8(in);
	case 2:
		return fuzz_u16(in);
	case 3:
		return fuzz_u32(in);
	case 4: {
		unsigned shift = fuzz_u8(in) & 63;	/* a power of two, or next to one */

		return ((uint64_t)1 << shift) + (uint64_t)(int64_t)(int8_t)(kind >> 3 & 3) - 1;
	}
	case 5:
		return UINT64_MAX - (fuzz_u8(in) & 3);
	default:
		return fuzz_u64(in);
	}
}

void fuzz_capture_begin(struct fuzz_capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	FUZZ_CHECK(c->f != NULL);
}

void fuzz_capture_end(struct fuzz_capture *c)
{
	FUZZ_CHECK(fclose(c->f) == 0);
	c->f = NULL;
}

void fuzz_capture_free(struct fuzz_capture *c)
{
	free(c->buf);
	c->buf = NULL;
	c->len = 0;
}

size_t fuzz_utf8_len(const uint8_t *s, size_t avail, uint32_t *cp)
{
	static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len;
	uint32_t v;

	if (!avail)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		len = 2;
		v = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		len = 3;
		v = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		len = 4;
		v = s[0] & 0x07;
	} else {
		return 0;
	}
	if (avail < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	if (v < min_cp[len] || (v >= 0xd800 && v <= 0xdfff) || v > 0x10ffff)
		return 0;
	*cp = v;
	return len;
}

bool fuzz_utf8_valid(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	uint32_t cp;

	for (size_t i = 0; i < len;) {
		size_t n = fuzz_utf8_len(p + i, len - i, &cp);

		if (!n)
			return false;
		i += n;
	}
	return true;
}

void fuzz_check_line(const char *s, size_t len, bool allow_c1)
{
	const uint8_t *p = (const uint8_t *)s;

	FUZZ_CHECK_TEXT(len > 0 && s[len - 1] == '\n', s, len);
	for (size_t i = 0; i + 1 < len; i++)
		FUZZ_CHECK_TEXT(p[i] >= 0x20 && p[i] != 0x7f, s, len);
	FUZZ_CHECK_TEXT(fuzz_utf8_valid(s, len), s, len);
	for (size_t i = 0; !allow_c1 && i + 1 < len; i++)
		FUZZ_CHECK_TEXT(!(p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f), s, len);
}

void fuzz_check_text(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;

	if (!len)
		return;
	FUZZ_CHECK_TEXT(s[len - 1] == '\n', s, len);
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK_TEXT((p[i] >= 0x20 || p[i] == '\n') && p[i] != 0x7f, s, len);
	FUZZ_CHECK_TEXT(fuzz_utf8_valid(s, len), s, len);
	for (size_t i = 0; i + 1 < len; i++)
		FUZZ_CHECK_TEXT(!(p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f), s, len);
}

struct json_object *fuzz_json_parse(const char *s, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *obj;

	FUZZ_CHECK(tok != NULL);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	obj = json_tokener_parse_ex(tok, s, (int)len);
	if (obj && (json_tokener_get_error(tok) != json_tokener_success ||
		    json_tokener_get_parse_end(tok) != len)) {
		json_object_put(obj);
		obj = NULL;
	}
	json_tokener_free(tok);
	return obj;
}

struct json_object *fuzz_check_json_line(const char *s, size_t len, const char *type)
{
	struct json_object *obj, *t;

	fuzz_check_line(s, len, true);
	obj = fuzz_json_parse(s, len - 1);
	FUZZ_CHECK_TEXT(obj != NULL, s, len);
	FUZZ_CHECK_TEXT(json_object_is_type(obj, json_type_object), s, len);
	t = fuzz_json_get(obj, "type", json_type_string);
	FUZZ_CHECK_TEXT(!strcmp(json_object_get_string(t), type), s, len);
	return obj;
}

struct json_object *fuzz_json_get(struct json_object *obj, const char *key, json_type t)
{
	struct json_object *val = NULL;

	if (!json_object_object_get_ex(obj, key, &val))
		fuzz_fail(__FILE__, __LINE__, "key present", key, strlen(key));
	if (t != json_type_null && !json_object_is_type(val, t))
		fuzz_fail(__FILE__, __LINE__, "value of the expected type", key, strlen(key));
	return val;
}

size_t fuzz_json_string_expected(const char *s, size_t len, char *out)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t o = 0;
	uint32_t cp;

	for (size_t i = 0; i < len;) {
		size_t n = fuzz_utf8_len(p + i, len - i, &cp);

		if (n) {
			memcpy(out + o, p + i, n);
			o += n;
			i += n;
		} else if (p[i] < 0x80) {
			out[o++] = (char)p[i++];	/* not reached: ASCII is valid UTF-8 */
		} else {
			out[o++] = (char)(0xc0 | p[i] >> 6);	/* U+0080..U+00FF */
			out[o++] = (char)(0x80 | (p[i] & 0x3f));
			i++;
		}
	}
	return o;
}

void fuzz_check_json_string(struct json_object *str, const char *s, size_t len)
{
	char *want = malloc(2 * len + 1);
	size_t want_len;

	FUZZ_CHECK(want != NULL);
	FUZZ_CHECK(json_object_is_type(str, json_type_string));
	want_len = fuzz_json_string_expected(s, len, want);
	FUZZ_CHECK_TEXT((size_t)json_object_get_string_len(str) == want_len, s, len);
	FUZZ_CHECK_TEXT(!memcmp(json_object_get_string(str), want, want_len), s, len);
	free(want);
}

void fuzz_check_json_double(struct json_object *val, double x)
{
	double got;

	if (!isfinite(x)) {
		FUZZ_CHECK(json_object_is_type(val, json_type_null));
		return;
	}
	/* %.3f always has a decimal point: a double for json-c */
	FUZZ_CHECK(json_object_is_type(val, json_type_double));
	got = json_object_get_double(val);
	FUZZ_CHECK(fabs(got - x) <= 0.0005 * (1 + 1e-9) + fabs(x) * 1e-15);
}

void fuzz_quiet_stdout(void)
{
	FUZZ_CHECK(freopen("/dev/null", "w", stdout) != NULL);
}
