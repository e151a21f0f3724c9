// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for user/output.c */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "output.h"
#include "stats.h"

/* output captured from one encoder call */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static void capture_begin(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
}

static void capture_end(struct capture *c)
{
	assert_int_equal(fclose(c->f), 0);
	c->f = NULL;
}

static void assert_json_string(const char *in, size_t len, const char *expected)
{
	struct capture c;

	capture_begin(&c);
	output__json_string(c.f, in, len);
	capture_end(&c);
	assert_string_equal(c.buf, expected);
	free(c.buf);
}

#define ASSERT_JS(lit, expected) assert_json_string(lit, sizeof(lit) - 1, expected)

/* strict parse of exactly len bytes, UTF-8 validated; NULL on any error */
static struct json_object *parse_strict(const char *s, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct json_object *obj;

	assert_non_null(tok);
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

/* a JSON line: exactly one newline, at the end, and a strict-valid object */
static struct json_object *parse_line(const struct capture *c)
{
	struct json_object *obj;

	assert_true(c->len > 0);
	assert_int_equal(c->buf[c->len - 1], '\n');
	assert_ptr_equal(strchr(c->buf, '\n'), c->buf + c->len - 1);
	obj = parse_strict(c->buf, c->len - 1);
	assert_non_null(obj);
	assert_true(json_object_is_type(obj, json_type_object));
	return obj;
}

static struct json_object *get(struct json_object *obj, const char *key)
{
	struct json_object *val = NULL;

	assert_true(json_object_object_get_ex(obj, key, &val));
	return val;
}

/*
 * Characters in s[0..len) according to iconv, an independent strict UTF-8
 * decoder (rejects overlongs, surrogates, > U+10FFFF, truncation); -1 when
 * the bytes are not valid UTF-8.
 */
static long utf8_chars(iconv_t cd, const char *s, size_t len)
{
	uint32_t out[64];
	char *in = (char *)s, *op = (char *)out;
	size_t in_left = len, out_left = sizeof(out);

	assert_true(len <= 64);
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &in, &in_left, &op, &out_left) == (size_t)-1 || in_left)
		return -1;
	return (long)((sizeof(out) - out_left) / sizeof(out[0]));
}

/* what every encoder output must be: valid UTF-8 without raw control bytes */
static void assert_clean_json_text(iconv_t cd, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		assert_true((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] != 0x7f);
	while (len) {
		size_t chunk = len < 64 ? len : 64;

		/* back off so the chunk does not split a character */
		while (chunk < len && ((unsigned char)s[chunk] & 0xc0) == 0x80)
			chunk--;
		assert_true(utf8_chars(cd, s, chunk) >= 0);
		s += chunk;
		len -= chunk;
	}
}

static void test_string_plain_and_escapes(void **state)
{
	(void)state;
	ASSERT_JS("", "\"\"");
	ASSERT_JS("abc XYZ 09~", "\"abc XYZ 09~\"");
	ASSERT_JS("a\"b", "\"a\\\"b\"");
	ASSERT_JS("a\\b", "\"a\\\\b\"");
	ASSERT_JS("/", "\"/\"");
	ASSERT_JS("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	ASSERT_JS("\x1b[31mred\x1b[0m", "\"\\u001b[31mred\\u001b[0m\"");
	ASSERT_JS("\x01\x1f", "\"\\u0001\\u001f\"");
	ASSERT_JS("\x7f", "\"\\u007f\"");
	ASSERT_JS("a\0b", "\"a\\u0000b\"");	/* embedded NUL, length-driven */
	/* only len bytes are read */
	assert_json_string("abcdef", 3, "\"abc\"");
	assert_json_string("abcdef", 0, "\"\"");
}

static void test_string_valid_utf8(void **state)
{
	(void)state;
	ASSERT_JS("\xc3\xa9", "\"\xc3\xa9\"");			/* U+00E9, 2 bytes */
	ASSERT_JS("\xc2\x80", "\"\xc2\x80\"");			/* U+0080, smallest 2-byte */
	ASSERT_JS("\xdf\xbf", "\"\xdf\xbf\"");			/* U+07FF */
	ASSERT_JS("\xe0\xa0\x80", "\"\xe0\xa0\x80\"");		/* U+0800, smallest 3-byte */
	ASSERT_JS("\xe2\x82\xac", "\"\xe2\x82\xac\"");		/* U+20AC euro */
	ASSERT_JS("\xed\x9f\xbf", "\"\xed\x9f\xbf\"");		/* U+D7FF, below surrogates */
	ASSERT_JS("\xee\x80\x80", "\"\xee\x80\x80\"");		/* U+E000, above surrogates */
	ASSERT_JS("\xef\xbf\xbf", "\"\xef\xbf\xbf\"");		/* U+FFFF */
	ASSERT_JS("\xf0\x90\x80\x80", "\"\xf0\x90\x80\x80\"");	/* U+10000 */
	ASSERT_JS("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");	/* U+1F600 */
	ASSERT_JS("\xf4\x8f\xbf\xbf", "\"\xf4\x8f\xbf\xbf\"");	/* U+10FFFF */
	ASSERT_JS("a\xc3\xa9\"\xe2\x82\xac\n", "\"a\xc3\xa9\\\"\xe2\x82\xac\\n\"");
}

static void test_string_invalid_utf8(void **state)
{
	(void)state;
	/* stray continuation bytes and bytes never valid in UTF-8 */
	ASSERT_JS("\x80", "\"\\u0080\"");
	ASSERT_JS("\xbf", "\"\\u00bf\"");
	ASSERT_JS("\xfe\xff", "\"\\u00fe\\u00ff\"");
	ASSERT_JS("\xf5\x80\x80\x80", "\"\\u00f5\\u0080\\u0080\\u0080\"");
	/* overlongs */
	ASSERT_JS("\xc0\x80", "\"\\u00c0\\u0080\"");
	ASSERT_JS("\xc1\xbf", "\"\\u00c1\\u00bf\"");
	ASSERT_JS("\xe0\x80\xaf", "\"\\u00e0\\u0080\\u00af\"");
	ASSERT_JS("\xe0\x9f\xbf", "\"\\u00e0\\u009f\\u00bf\"");
	ASSERT_JS("\xf0\x8f\xbf\xbf", "\"\\u00f0\\u008f\\u00bf\\u00bf\"");
	/* surrogates U+D800 and U+DFFF */
	ASSERT_JS("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");
	ASSERT_JS("\xed\xbf\xbf", "\"\\u00ed\\u00bf\\u00bf\"");
	/* above U+10FFFF */
	ASSERT_JS("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\"");
	/* truncated at the end, and interrupted by ASCII */
	ASSERT_JS("\xc3", "\"\\u00c3\"");
	ASSERT_JS("\xe2\x82", "\"\\u00e2\\u0082\"");
	ASSERT_JS("\xf0\x9f\x98", "\"\\u00f0\\u009f\\u0098\"");
	ASSERT_JS("\xc3" "A", "\"\\u00c3A\"");
	ASSERT_JS("\xf0\x9f\x98" "A", "\"\\u00f0\\u009f\\u0098A\"");
	ASSERT_JS("\xe2\x82\xc3\xa9", "\"\\u00e2\\u0082\xc3\xa9\"");
	/* a sequence cut short by len, though the buffer goes on */
	assert_json_string("\xe2\x82\xac", 2, "\"\\u00e2\\u0082\"");
}

/* every single byte decodes back to itself (bytes >= 0x80 as U+00XX) */
static void test_string_roundtrip_bytes(void **state)
{
	(void)state;
	for (unsigned b = 0; b < 256; b++) {
		char in = (char)b;
		struct capture c;
		struct json_object *obj;
		const unsigned char *out;

		capture_begin(&c);
		output__json_string(c.f, &in, 1);
		capture_end(&c);
		obj = parse_strict(c.buf, c.len);
		assert_non_null(obj);
		assert_true(json_object_is_type(obj, json_type_string));
		out = (const unsigned char *)json_object_get_string(obj);
		if (b < 0x80) {
			assert_int_equal(json_object_get_string_len(obj), 1);
			assert_int_equal(out[0], b);
		} else {
			assert_int_equal(json_object_get_string_len(obj), 2);
			assert_int_equal(out[0], 0xc0 | (b >> 6));
			assert_int_equal(out[1], 0x80 | (b & 0x3f));
		}
		json_object_put(obj);
		free(c.buf);
	}
}

/* random bytes always give valid JSON; valid UTF-8 input comes back unchanged */
static void test_string_random_is_valid_json(void **state)
{
	static const char *const valid[] = {
		"plain", "tab\there", "q\"uote", "\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		"\xef\xbf\xbf\xf4\x8f\xbf\xbf", "\\\\", "\x1b[0m",
	};
	uint64_t x = 88172645463325252ull;
	iconv_t cd = iconv_open("UTF-32LE", "UTF-8");

	(void)state;
	assert_true(cd != (iconv_t)-1);
	for (int iter = 0; iter < 2000; iter++) {
		char in[64];
		size_t len = (size_t)(iter % 64);
		struct capture c;
		struct json_object *obj;

		for (size_t i = 0; i < len; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			in[i] = (char)(x >> 24);
		}
		capture_begin(&c);
		output__json_string(c.f, in, len);
		capture_end(&c);
		assert_clean_json_text(cd, c.buf, c.len);
		obj = parse_strict(c.buf, c.len);
		assert_non_null(obj);
		json_object_put(obj);
		free(c.buf);
	}
	iconv_close(cd);
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		struct capture c;
		struct json_object *obj;

		capture_begin(&c);
		output__json_string(c.f, valid[i], strlen(valid[i]));
		capture_end(&c);
		obj = parse_strict(c.buf, c.len);
		assert_non_null(obj);
		assert_string_equal(json_object_get_string(obj), valid[i]);
		json_object_put(obj);
		free(c.buf);
	}
}

/*
 * Differential: a multibyte lead byte is kept exactly when iconv accepts the
 * bytes from it up to some length 2..4 as a single character.
 */
static void test_string_lead_bytes_vs_iconv(void **state)
{
	static const unsigned char thirds[] = { 0x41, 0x80, 0xbf, 0xc3 };
	static const unsigned char fourths[] = { 0x41, 0x80, 0xbf };
	iconv_t cd = iconv_open("UTF-32LE", "UTF-8");
	char out[64];
	FILE *f = fmemopen(out, sizeof(out), "w");
	unsigned kept_count = 0;

	(void)state;
	assert_true(cd != (iconv_t)-1);
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	for (unsigned lead = 0x80; lead <= 0xff; lead++) {
		for (unsigned second = 0; second <= 0xff; second++) {
			/* only the continuation range and its edges matter */
			if (second > 0x00 && second < 0x7f && second != 0x41)
				continue;
			if (second > 0xc1)
				continue;
			for (size_t t = 0; t < sizeof(thirds); t++) {
				for (size_t q = 0; q < sizeof(fourths); q++) {
					const char in[4] = { (char)lead, (char)second,
							     (char)thirds[t], (char)fourths[q] };

					for (size_t len = 1; len <= 4; len++) {
						bool expect_kept = false;
						long pos;

						for (size_t n = 2; n <= len; n++)
							if (utf8_chars(cd, in, n) == 1)
								expect_kept = true;
						rewind(f);
						output__json_string(f, in, len);
						pos = ftell(f);
						assert_true(pos > 2 && (size_t)pos < sizeof(out));
						assert_int_equal(out[0], '"');
						if (expect_kept) {
							assert_int_equal((unsigned char)out[1], lead);
							kept_count++;
						} else {
							assert_int_equal(out[1], '\\');
						}
						assert_clean_json_text(cd, out, (size_t)pos);
					}
				}
			}
		}
	}
	/* the loop did meet valid sequences of each length */
	assert_true(kept_count > 1000);
	fclose(f);
	iconv_close(cd);
}

static void fill_interval(struct stats_interval *iv)
{
	memset(iv, 0, sizeof(*iv));
	iv->seconds = 1.0;
	iv->delta.calls = 100;
	iv->delta.msgs = 3200;
	iv->delta.bytes = 2000000;
	iv->delta.errors = 2;
	iv->delta.partial = 1;
	iv->delta.lost_events = 3;
	iv->delta.latency_ns = 65600;
	iv->calls_per_s = 100.0;
	iv->msgs_per_s = 3200.0;
	iv->mb_per_s = 2.0;
	iv->msgs_per_call = 32.0;
	iv->fill_pct = 50.0;
	iv->have_latency = true;
	iv->ns_per_msg = 20.5;
	iv->latency.valid = true;
	iv->latency.exact = true;
	iv->latency.count = 100;
	iv->latency.p50 = 500;
	iv->latency.p90 = 900;
	iv->latency.p99 = 990;
	iv->latency.max = 1000;
}

static void test_interval_exact(void **state)
{
	struct stats_interval iv;
	struct capture c;

	(void)state;
	fill_interval(&iv);
	capture_begin(&c);
	output__json_interval(c.f, 12.25, &iv);
	capture_end(&c);
	assert_string_equal(c.buf,
		"{\"type\":\"interval\",\"t\":12.250,\"seconds\":1.000,\"calls\":100,\"msgs\":3200,"
		"\"bytes\":2000000,\"errors\":2,\"partial\":1,\"lost_events\":3,"
		"\"calls_per_s\":100.000,\"msgs_per_s\":3200.000,\"mb_per_s\":2.000,"
		"\"msgs_per_call\":32.000,\"fill_pct\":50.000,\"ns_per_msg\":20.500,"
		"\"latency_ns\":{\"p50\":500,\"p99\":990}}\n");
	free(c.buf);
}

static void test_interval_nulls(void **state)
{
	struct stats_interval iv;
	struct capture c;

	(void)state;
	fill_interval(&iv);
	iv.have_latency = false;
	iv.latency.valid = false;
	iv.seconds = NAN;
	iv.calls_per_s = INFINITY;
	iv.msgs_per_s = -INFINITY;
	iv.mb_per_s = 0.0004;	/* rounds to 0.000 */
	iv.msgs_per_call = -NAN;
	capture_begin(&c);
	output__json_interval(c.f, 0.0, &iv);
	capture_end(&c);
	assert_string_equal(c.buf,
		"{\"type\":\"interval\",\"t\":0.000,\"seconds\":null,\"calls\":100,\"msgs\":3200,"
		"\"bytes\":2000000,\"errors\":2,\"partial\":1,\"lost_events\":3,"
		"\"calls_per_s\":null,\"msgs_per_s\":null,\"mb_per_s\":0.000,"
		"\"msgs_per_call\":null,\"fill_pct\":50.000,\"ns_per_msg\":null,"
		"\"latency_ns\":null}\n");
	free(c.buf);

	/* have_latency but a non-finite ratio still gives null, not nan */
	fill_interval(&iv);
	iv.ns_per_msg = NAN;
	capture_begin(&c);
	output__json_interval(c.f, 1.0, &iv);
	capture_end(&c);
	assert_non_null(strstr(c.buf, "\"ns_per_msg\":null,"));
	assert_null(strstr(c.buf, "nan"));
	assert_null(strstr(c.buf, "inf"));
	free(c.buf);
}

static void test_interval_parses(void **state)
{
	struct stats_interval iv;
	struct capture c;
	struct json_object *obj, *lat;

	(void)state;
	fill_interval(&iv);
	iv.delta.bytes = UINT64_MAX;
	capture_begin(&c);
	output__json_interval(c.f, 3.5, &iv);
	capture_end(&c);
	obj = parse_line(&c);
	assert_string_equal(json_object_get_string(get(obj, "type")), "interval");
	assert_true(json_object_get_double(get(obj, "t")) == 3.5);
	assert_true(json_object_get_double(get(obj, "seconds")) == 1.0);
	assert_int_equal(json_object_get_uint64(get(obj, "calls")), 100);
	assert_int_equal(json_object_get_uint64(get(obj, "msgs")), 3200);
	assert_true(json_object_get_uint64(get(obj, "bytes")) == UINT64_MAX);
	assert_int_equal(json_object_get_uint64(get(obj, "errors")), 2);
	assert_int_equal(json_object_get_uint64(get(obj, "partial")), 1);
	assert_int_equal(json_object_get_uint64(get(obj, "lost_events")), 3);
	assert_true(json_object_get_double(get(obj, "msgs_per_s")) == 3200.0);
	assert_true(json_object_get_double(get(obj, "fill_pct")) == 50.0);
	assert_true(json_object_get_double(get(obj, "ns_per_msg")) == 20.5);
	lat = get(obj, "latency_ns");
	assert_int_equal(json_object_get_uint64(get(lat, "p50")), 500);
	assert_int_equal(json_object_get_uint64(get(lat, "p99")), 990);
	assert_int_equal(json_object_object_length(obj), 16);
	json_object_put(obj);
	free(c.buf);

	iv.have_latency = false;
	iv.latency.valid = false;
	iv.seconds = INFINITY;
	capture_begin(&c);
	output__json_interval(c.f, 3.5, &iv);
	capture_end(&c);
	obj = parse_line(&c);
	assert_null(get(obj, "ns_per_msg"));
	assert_null(get(obj, "latency_ns"));
	assert_null(get(obj, "seconds"));
	json_object_put(obj);
	free(c.buf);
}

/* numbers keep a '.' even where the locale uses a decimal comma */
static void test_interval_locale(void **state)
{
	static const char *const locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
					       "fr_FR.utf8", "ru_RU.UTF-8", "nl_NL.UTF-8" };
	struct stats_interval iv;
	struct capture c;
	const char *set = NULL;

	(void)state;
	for (size_t i = 0; i < sizeof(locales) / sizeof(locales[0]) && !set; i++)
		set = setlocale(LC_NUMERIC, locales[i]);
	if (!set || strcmp(localeconv()->decimal_point, ".") == 0) {
		setlocale(LC_NUMERIC, "C");
		skip();
	}
	fill_interval(&iv);
	iv.mb_per_s = -1234.5;
	capture_begin(&c);
	output__json_interval(c.f, 12.25, &iv);
	capture_end(&c);
	setlocale(LC_NUMERIC, "C");
	assert_non_null(strstr(c.buf, "\"t\":12.250,"));
	assert_non_null(strstr(c.buf, "\"mb_per_s\":-1234.500,"));
	free(c.buf);
}

struct summary_fixture {
	struct summary sum;
	struct log2_hist latency_hist, msgs_hist;
	uint64_t errnos[STATS_ERRNO_SLOTS];
};

static void fill_summary(struct summary_fixture *fx)
{
	struct summary *sum = &fx->sum;

	memset(fx, 0, sizeof(*fx));
	sum->mode = "drive";
	sum->attach = "raw";
	sum->seconds = 2.5;
	sum->vlen = 64;
	sum->traced = true;
	sum->kernel.calls = 10;
	sum->kernel.msgs = 640;
	sum->kernel.bytes = 64000;
	sum->kernel.errors = 1;
	sum->kernel.partial = 2;
	sum->kernel.latency_ns = 999;
	sum->records = 10;
	sum->latency = (struct stats_percentiles){
		.valid = true, .exact = true, .count = 10,
		.p50 = 1000, .p90 = 2000, .p99 = 3000, .max = 4000,
	};
	for (int i = 0; i < 9; i++) {
		log2_hist__add(&fx->latency_hist, 1000);
		log2_hist__add(&fx->msgs_hist, 64);
	}
	log2_hist__add(&fx->latency_hist, 4000);
	log2_hist__add(&fx->msgs_hist, 0);
	sum->latency_hist = &fx->latency_hist;
	sum->msgs_hist = &fx->msgs_hist;
	sum->bytes_hist = NULL;
	fx->errnos[EAGAIN] = 5;
	fx->errnos[EMSGSIZE] = 2;
	fx->errnos[200] = 3;
	fx->errnos[512] = 1;
	fx->errnos[STATS_ERRNO_SLOTS - 1] = 4;
	sum->errnos = fx->errnos;
	sum->have_driver = true;
	sum->driver = (struct driver_counts){
		.calls = 10, .msgs = 640, .bytes = 64000, .errors = 1, .partial = 2,
	};
	sum->have_sink = true;
	sum->sink_delivered = 630;
	sum->sink_dropped = 10;
	stats__cross_check(sum);
}

static char *summary_line(const struct summary *sum)
{
	struct capture c;

	capture_begin(&c);
	output__json_summary(c.f, sum);
	capture_end(&c);
	return c.buf;
}

static void test_summary_exact(void **state)
{
	struct summary_fixture *fx = malloc(sizeof(*fx));
	char *line;

	(void)state;
	assert_non_null(fx);
	fill_summary(fx);
	line = summary_line(&fx->sum);
	assert_string_equal(line,
		"{\"type\":\"summary\",\"mode\":\"drive\",\"attach\":\"raw\",\"seconds\":2.500,"
		"\"vlen\":64,\"calls\":10,\"msgs\":640,\"bytes\":64000,\"errors\":1,\"partial\":2,"
		"\"lost_events\":0,\"inflight_overflow\":0,\"exit_unmatched\":0,"
		"\"bytes_read_faults\":0,\"records\":10,\"sampled\":false,"
		"\"latency_ns\":{\"p50\":1000,\"p90\":2000,\"p99\":3000,\"max\":4000,\"exact\":true},"
		"\"hist\":{\"latency_ns\":[{\"low\":512,\"high\":1023,\"count\":9},"
		"{\"low\":2048,\"high\":4095,\"count\":1}],"
		"\"msgs_per_call\":[{\"low\":0,\"high\":0,\"count\":1},{\"low\":64,\"high\":127,\"count\":9}],"
		"\"bytes_per_call\":[]},"
		"\"errno\":{\"EAGAIN\":5,\"EMSGSIZE\":2,\"E200\":3,\"ERESTARTSYS\":1,\"E1023+\":4},"
		"\"driver\":{\"calls\":10,\"msgs\":640,\"bytes\":64000,\"errors\":1,\"partial\":2},"
		"\"sink\":{\"delivered\":630,\"dropped\":10},"
		"\"match\":true,\"match_detail\":{\"calls\":true,\"msgs\":true,\"bytes\":true,\"errors\":true}}\n");
	free(line);
	free(fx);
}

/* --no-trace: totals from the driver, nothing kernel-side, no match */
static void test_summary_no_trace(void **state)
{
	struct summary_fixture *fx = malloc(sizeof(*fx));
	char *line;

	(void)state;
	assert_non_null(fx);
	fill_summary(fx);
	fx->sum.attach = "none";
	fx->sum.traced = false;
	fx->sum.kernel.lost_events = 77;	/* stale kernel data must not leak out */
	fx->sum.kernel.calls = 12345;
	fx->sum.latency_hist = NULL;
	fx->sum.msgs_hist = NULL;
	fx->sum.have_sink = false;
	memset(fx->errnos, 0, sizeof(fx->errnos));
	fx->errnos[EAGAIN] = 1;
	fx->sum.driver.calls = 11;
	stats__cross_check(&fx->sum);
	line = summary_line(&fx->sum);
	assert_string_equal(line,
		"{\"type\":\"summary\",\"mode\":\"drive\",\"attach\":\"none\",\"seconds\":2.500,"
		"\"vlen\":64,\"calls\":11,\"msgs\":640,\"bytes\":64000,\"errors\":1,\"partial\":2,"
		"\"lost_events\":0,\"inflight_overflow\":0,\"exit_unmatched\":0,"
		"\"bytes_read_faults\":0,\"records\":0,\"sampled\":false,\"latency_ns\":null,"
		"\"hist\":{\"latency_ns\":[],\"msgs_per_call\":[],\"bytes_per_call\":[]},"
		"\"errno\":{\"EAGAIN\":1},"
		"\"driver\":{\"calls\":11,\"msgs\":640,\"bytes\":64000,\"errors\":1,\"partial\":2}}\n");
	free(line);
	free(fx);
}

/* traced with losses and a mismatch; no driver; missing pieces */
static void test_summary_mismatch_and_missing(void **state)
{
	struct summary_fixture *fx = malloc(sizeof(*fx));
	char *line;

	(void)state;
	assert_non_null(fx);
	fill_summary(fx);
	fx->sum.kernel.lost_events = 5;
	fx->sum.kernel.inflight_overflow = 1;
	fx->sum.kernel.exit_unmatched = 2;
	fx->sum.kernel.bytes_read_faults = 3;
	fx->sum.kernel.calls = 9;
	fx->sum.latency.exact = false;
	fx->sum.errnos = NULL;
	fx->sum.latency_hist = NULL;
	fx->sum.msgs_hist = NULL;
	fx->sum.have_sink = false;
	fx->sum.seconds = NAN;
	stats__cross_check(&fx->sum);
	line = summary_line(&fx->sum);
	assert_string_equal(line,
		"{\"type\":\"summary\",\"mode\":\"drive\",\"attach\":\"raw\",\"seconds\":null,"
		"\"vlen\":64,\"calls\":9,\"msgs\":640,\"bytes\":64000,\"errors\":1,\"partial\":2,"
		"\"lost_events\":5,\"inflight_overflow\":1,\"exit_unmatched\":2,"
		"\"bytes_read_faults\":3,\"records\":10,\"sampled\":true,"
		"\"latency_ns\":{\"p50\":1000,\"p90\":2000,\"p99\":3000,\"max\":4000,\"exact\":false},"
		"\"hist\":{\"latency_ns\":[],\"msgs_per_call\":[],\"bytes_per_call\":[]},"
		"\"errno\":{},"
		"\"driver\":{\"calls\":10,\"msgs\":640,\"bytes\":64000,\"errors\":1,\"partial\":2},"
		"\"match\":false,\"match_detail\":{\"calls\":false,\"msgs\":true,\"bytes\":true,\"errors\":true}}\n");
	free(line);

	/* traced, no driver: no driver object and no match keys */
	fx->sum.have_driver = false;
	fx->sum.latency.valid = false;
	line = summary_line(&fx->sum);
	assert_null(strstr(line, "\"driver\""));
	assert_null(strstr(line, "\"match"));
	assert_non_null(strstr(line, "\"latency_ns\":null,"));
	free(line);
	free(fx);
}

static void test_summary_parses(void **state)
{
	struct summary_fixture *fx = malloc(sizeof(*fx));
	struct json_object *obj, *lat, *hist, *arr, *bucket, *err, *detail;
	struct capture c;

	(void)state;
	assert_non_null(fx);
	fill_summary(fx);
	fx->sum.kernel.bytes = UINT64_MAX;
	fx->sum.driver.bytes = UINT64_MAX;
	fx->sum.mode = "dr\"ive\n\xff";
	log2_hist__add(&fx->latency_hist, UINT64_MAX);
	stats__cross_check(&fx->sum);
	capture_begin(&c);
	output__json_summary(c.f, &fx->sum);
	capture_end(&c);
	obj = parse_line(&c);

	assert_string_equal(json_object_get_string(get(obj, "type")), "summary");
	assert_string_equal(json_object_get_string(get(obj, "mode")), "dr\"ive\n\xc3\xbf");
	assert_string_equal(json_object_get_string(get(obj, "attach")), "raw");
	assert_true(json_object_get_double(get(obj, "seconds")) == 2.5);
	assert_int_equal(json_object_get_uint64(get(obj, "vlen")), 64);
	assert_int_equal(json_object_get_uint64(get(obj, "calls")), 10);
	assert_int_equal(json_object_get_uint64(get(obj, "msgs")), 640);
	assert_true(json_object_get_uint64(get(obj, "bytes")) == UINT64_MAX);
	assert_int_equal(json_object_get_uint64(get(obj, "errors")), 1);
	assert_int_equal(json_object_get_uint64(get(obj, "partial")), 2);
	assert_int_equal(json_object_get_uint64(get(obj, "records")), 10);
	assert_false(json_object_get_boolean(get(obj, "sampled")));
	assert_true(json_object_is_type(get(obj, "sampled"), json_type_boolean));

	lat = get(obj, "latency_ns");
	assert_int_equal(json_object_get_uint64(get(lat, "p50")), 1000);
	assert_int_equal(json_object_get_uint64(get(lat, "p90")), 2000);
	assert_int_equal(json_object_get_uint64(get(lat, "p99")), 3000);
	assert_int_equal(json_object_get_uint64(get(lat, "max")), 4000);
	assert_true(json_object_get_boolean(get(lat, "exact")));

	hist = get(obj, "hist");
	arr = get(hist, "latency_ns");
	assert_int_equal(json_object_array_length(arr), 3);
	bucket = json_object_array_get_idx(arr, 2);
	assert_true(json_object_get_uint64(get(bucket, "low")) == (uint64_t)1 << 63);
	assert_true(json_object_get_uint64(get(bucket, "high")) == UINT64_MAX);
	assert_int_equal(json_object_get_uint64(get(bucket, "count")), 1);
	arr = get(hist, "msgs_per_call");
	assert_int_equal(json_object_array_length(arr), 2);
	bucket = json_object_array_get_idx(arr, 1);
	assert_int_equal(json_object_get_uint64(get(bucket, "low")), 64);
	assert_int_equal(json_object_get_uint64(get(bucket, "high")), 127);
	assert_int_equal(json_object_get_uint64(get(bucket, "count")), 9);
	assert_int_equal(json_object_array_length(get(hist, "bytes_per_call")), 0);

	err = get(obj, "errno");
	assert_int_equal(json_object_object_length(err), 5);
	assert_int_equal(json_object_get_uint64(get(err, "EAGAIN")), 5);
	assert_int_equal(json_object_get_uint64(get(err, "EMSGSIZE")), 2);
	assert_int_equal(json_object_get_uint64(get(err, "E200")), 3);
	assert_int_equal(json_object_get_uint64(get(err, "ERESTARTSYS")), 1);
	assert_int_equal(json_object_get_uint64(get(err, "E1023+")), 4);

	assert_true(json_object_get_uint64(get(get(obj, "driver"), "bytes")) == UINT64_MAX);
	assert_int_equal(json_object_get_uint64(get(get(obj, "driver"), "partial")), 2);
	assert_int_equal(json_object_get_uint64(get(get(obj, "sink"), "delivered")), 630);
	assert_int_equal(json_object_get_uint64(get(get(obj, "sink"), "dropped")), 10);
	assert_true(json_object_get_boolean(get(obj, "match")));
	detail = get(obj, "match_detail");
	assert_true(json_object_get_boolean(get(detail, "calls")));
	assert_true(json_object_get_boolean(get(detail, "msgs")));
	assert_true(json_object_get_boolean(get(detail, "bytes")));
	assert_true(json_object_get_boolean(get(detail, "errors")));
	json_object_put(obj);
	free(c.buf);
	free(fx);
}

static void test_errno_names(void **state)
{
	(void)state;
	assert_string_equal(output__errno_name(EAGAIN), "EAGAIN");
	assert_string_equal(output__errno_name(EWOULDBLOCK), "EAGAIN");
	assert_string_equal(output__errno_name(EMSGSIZE), "EMSGSIZE");
	assert_string_equal(output__errno_name(ENOBUFS), "ENOBUFS");
	assert_string_equal(output__errno_name(ECONNREFUSED), "ECONNREFUSED");
	assert_string_equal(output__errno_name(EPERM), "EPERM");
	assert_string_equal(output__errno_name(512), "ERESTARTSYS");
	assert_string_equal(output__errno_name(513), "ERESTARTNOINTR");
	assert_string_equal(output__errno_name(514), "ERESTARTNOHAND");
	assert_string_equal(output__errno_name(516), "ERESTART_RESTARTBLOCK");
	assert_string_equal(output__errno_name(524), "ENOTSUPP");
	assert_string_equal(output__errno_name(531), "ENOGRACE");
	assert_null(output__errno_name(0));
	assert_null(output__errno_name(-EAGAIN));
	assert_null(output__errno_name(200));
	assert_null(output__errno_name(511));
	assert_null(output__errno_name(520));
	assert_null(output__errno_name(532));
	assert_null(output__errno_name(1023));
	assert_null(output__errno_name(1 << 30));
}

/* the table agrees with the C library's own names wherever it has one */
static void test_errno_names_match_libc(void **state)
{
	(void)state;
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
	int named = 0;

	for (int err = 1; err < 512; err++) {
		const char *libc = strerrorname_np(err);
		const char *ours = output__errno_name(err);

		if (!libc) {
			assert_null(ours);
			continue;
		}
		assert_non_null(ours);
		assert_string_equal(ours, libc);
		named++;
	}
	assert_true(named >= 130);
#else
	skip();
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_string_plain_and_escapes),
		cmocka_unit_test(test_string_valid_utf8),
		cmocka_unit_test(test_string_invalid_utf8),
		cmocka_unit_test(test_string_roundtrip_bytes),
		cmocka_unit_test(test_string_random_is_valid_json),
		cmocka_unit_test(test_string_lead_bytes_vs_iconv),
		cmocka_unit_test(test_interval_exact),
		cmocka_unit_test(test_interval_nulls),
		cmocka_unit_test(test_interval_parses),
		cmocka_unit_test(test_interval_locale),
		cmocka_unit_test(test_summary_exact),
		cmocka_unit_test(test_summary_no_trace),
		cmocka_unit_test(test_summary_mismatch_and_missing),
		cmocka_unit_test(test_summary_parses),
		cmocka_unit_test(test_errno_names),
		cmocka_unit_test(test_errno_names_match_libc),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
