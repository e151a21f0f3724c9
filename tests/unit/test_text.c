// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for user/common/text.c */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/contract.h"
#include "common/text.h"
#include "helpers.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))



/* ------------------------------------------------------------------------ */
/* escaping                                                                 */

static void assert_escape_n(const char *in, size_t maxlen, const char *expected)
{
	char buf[4 * 64 + 1 + 8];
	size_t buflen = 4 * maxlen + 1;

	assert_true(buflen <= sizeof(buf) - 8);
	memset(buf, 'X', sizeof(buf));
	assert_ptr_equal(text__escape(in, maxlen, buf, buflen), buf);
	assert_string_equal(buf, expected);
	assert_int_equal(buf[buflen], 'X');
}

#define ASSERT_ESC(lit, expected) assert_escape_n(lit, sizeof(lit) - 1, expected)

static void test_escape_ascii(void **state)
{
	(void)state;
	ASSERT_ESC("", "");
	ASSERT_ESC("my-comm", "my-comm");
	ASSERT_ESC(" !~09azAZ", " !~09azAZ");
	ASSERT_ESC("a\\b", "a\\\\b");			/* backslash doubled */
	ASSERT_ESC("\\x1b", "\\\\x1b");			/* so an escape cannot be faked */
	ASSERT_ESC("a\"b'c", "a\"b'c");			/* quotes are plain text */
	ASSERT_ESC("\x1b[31mred", "\\x1b[31mred");
	ASSERT_ESC("a\nb", "a\\x0ab");
	ASSERT_ESC("\r\t\b\a", "\\x0d\\x09\\x08\\x07");
	ASSERT_ESC("\x01\x1f", "\\x01\\x1f");
	ASSERT_ESC("\x7f", "\\x7f");			/* DEL */
	/* NUL ends the text before maxlen */
	assert_escape_n("ab\0cd", 5, "ab");
	/* maxlen ends it before the NUL */
	assert_escape_n("abcdef", 3, "abc");
	assert_escape_n("abcdef", 0, "");
}

static void test_escape_utf8(void **state)
{
	(void)state;
	/* kept */
	ASSERT_ESC("caf\xc3\xa9", "caf\xc3\xa9");
	ASSERT_ESC("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");		/* U+1F600, 4 bytes */
	ASSERT_ESC("\xc2\xa0", "\xc2\xa0");				/* U+00A0, first kept */
	ASSERT_ESC("\xe2\x82\xac", "\xe2\x82\xac");			/* U+20AC */
	ASSERT_ESC("\xe2\x80\xa7", "\xe2\x80\xa7");			/* U+2027 */
	ASSERT_ESC("\xe2\x80\xaa", "\xe2\x80\xaa");			/* U+202A */
	ASSERT_ESC("\xed\x9f\xbf", "\xed\x9f\xbf");			/* U+D7FF */
	ASSERT_ESC("\xee\x80\x80", "\xee\x80\x80");			/* U+E000 */
	ASSERT_ESC("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");		/* U+10FFFF */
	/* C1 controls U+0080..U+009F */
	ASSERT_ESC("\xc2\x85", "\\xc2\\x85");
	ASSERT_ESC("\xc2\x80", "\\xc2\\x80");
	ASSERT_ESC("\xc2\x9b" "31m", "\\xc2\\x9b31m");			/* CSI */
	ASSERT_ESC("\xc2\x9f", "\\xc2\\x9f");
	/* overlongs */
	ASSERT_ESC("\xc0\xaf", "\\xc0\\xaf");
	ASSERT_ESC("\xc1\xbf", "\\xc1\\xbf");
	ASSERT_ESC("\xe0\x80\xaf", "\\xe0\\x80\\xaf");
	ASSERT_ESC("\xe0\x82\x9b", "\\xe0\\x82\\x9b");			/* overlong C1 CSI */
	ASSERT_ESC("\xf0\x8f\xbf\xbf", "\\xf0\\x8f\\xbf\\xbf");
	/* surrogates */
	ASSERT_ESC("\xed\xa0\x80", "\\xed\\xa0\\x80");
	ASSERT_ESC("\xed\xbf\xbf", "\\xed\\xbf\\xbf");
	/* line and paragraph separators */
	ASSERT_ESC("\xe2\x80\xa8", "\\xe2\\x80\\xa8");
	ASSERT_ESC("\xe2\x80\xa9", "\\xe2\\x80\\xa9");
	/* above U+10FFFF, and lead bytes never valid */
	ASSERT_ESC("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80");
	ASSERT_ESC("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
	ASSERT_ESC("\xf8\x88\x80\x80\x80", "\\xf8\\x88\\x80\\x80\\x80");
	ASSERT_ESC("\xfe\xff", "\\xfe\\xff");
	/* stray continuation bytes */
	ASSERT_ESC("\x80", "\\x80");
	ASSERT_ESC("a\xbf" "b", "a\\xbfb");
	ASSERT_ESC("\xc3\xa9\xa9", "\xc3\xa9\\xa9");
	/* truncated: by ASCII, by NUL, by maxlen */
	ASSERT_ESC("\xc3" "A", "\\xc3A");
	ASSERT_ESC("\xf0\x9f\x98" "A", "\\xf0\\x9f\\x98A");
	assert_escape_n("\xe2\x82\0\xac", 4, "\\xe2\\x82");
	assert_escape_n("ab\xc3\xa9", 3, "ab\\xc3");
	assert_escape_n("\xf0\x9f\x98\x80", 3, "\\xf0\\x9f\\x98");
	assert_escape_n("\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80");
}

/* a full comm has no NUL: exactly maxlen bytes are read */
static void test_escape_maxlen_without_nul(void **state)
{
	struct {
		char comm[MMSG_COMM_LEN];
		char after[8];
	} rec;
	char buf[TEXT_ESC_LEN(MMSG_COMM_LEN)];

	(void)state;
	memcpy(rec.comm, "ABCDEFGHIJKLMNOP", MMSG_COMM_LEN);
	memcpy(rec.after, "ZZZZZZZ", 8);
	text__escape(rec.comm, MMSG_COMM_LEN, buf, sizeof(buf));
	assert_string_equal(buf, "ABCDEFGHIJKLMNOP");
	/* worst case: every byte escaped fills TEXT_ESC_LEN(MMSG_COMM_LEN) exactly */
	memset(rec.comm, 0x1b, MMSG_COMM_LEN);
	text__escape(rec.comm, MMSG_COMM_LEN, buf, sizeof(buf));
	assert_int_equal(strlen(buf), 4 * MMSG_COMM_LEN);
	assert_int_equal(strlen(buf) + 1, TEXT_ESC_LEN(MMSG_COMM_LEN));
	for (size_t i = 0; i < MMSG_COMM_LEN; i++)
		assert_memory_equal(buf + 4 * i, "\\x1b", 4);
	/* a sequence that would continue past maxlen is not kept */
	memcpy(rec.comm, "abcdefghijklmno\xc3", MMSG_COMM_LEN);
	rec.after[0] = (char)0xa9;
	text__escape(rec.comm, MMSG_COMM_LEN, buf, sizeof(buf));
	assert_string_equal(buf, "abcdefghijklmno\\xc3");
}

/* small buffers cut at character boundaries, never inside an escape or a sequence */
static void test_escape_small_buffer(void **state)
{
	/* pieces: "a" "\\\\" "\\x1b" "é" "z" end at 1, 3, 7, 9, 10 */
	static const char in[] = "a\\\x1b\xc3\xa9z";
	static const size_t bounds[] = { 0, 1, 3, 7, 9, 10 };
	char buf[64];

	(void)state;
	for (size_t buflen = 1; buflen <= 12; buflen++) {
		size_t expect = 0;

		for (size_t k = 0; k < ARRAY_LEN(bounds); k++)
			if (bounds[k] < buflen)
				expect = bounds[k];
		memset(buf, 'X', sizeof(buf));
		text__escape(in, sizeof(in) - 1, buf, buflen);
		assert_int_equal(strlen(buf), expect);
		assert_memory_equal(buf, "a\\\\\\x1b\xc3\xa9z", expect);
		assert_int_equal(buf[buflen], 'X');
	}
	/* nothing to write to, or nothing to read */
	memset(buf, 'X', sizeof(buf));
	assert_string_equal(text__escape("abc", 3, buf, 0), "");
	assert_int_equal(buf[0], 'X');
	assert_string_equal(text__escape("abc", 3, NULL, 10), "");
	assert_string_equal(text__escape(NULL, 3, buf, sizeof(buf)), "");
}

/* every single byte: printable ASCII as is (backslash doubled), the rest \xNN */
static void test_escape_every_byte(void **state)
{
	(void)state;
	for (unsigned b = 1; b <= 0xff; b++) {
		char in[2] = { (char)b, 0 }, expected[8];

		if (b == '\\')
			snprintf(expected, sizeof(expected), "\\\\");
		else if (b >= 0x20 && b <= 0x7e)
			snprintf(expected, sizeof(expected), "%c", b);
		else
			snprintf(expected, sizeof(expected), "\\x%02x", b);
		assert_escape_n(in, 1, expected);
	}
}

/* undo the escaping: the output must say exactly which bytes came in */
static size_t unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s) {
		if (s[0] == '\\' && s[1] == '\\') {
			out[n++] = '\\';
			s += 2;
		} else if (s[0] == '\\' && s[1] == 'x') {
			char hex[3] = { s[2], s[3], 0 };

			assert_true(isxdigit((unsigned char)s[2]) && isxdigit((unsigned char)s[3]));
			assert_false(isupper((unsigned char)s[2]) || isupper((unsigned char)s[3]));
			out[n++] = (char)strtoul(hex, NULL, 16);
			s += 4;
		} else {
			assert_true(s[0] != '\\');
			out[n++] = *s++;
		}
	}
	return n;
}

/*
 * Random bytes: the output is valid UTF-8 (by iconv, an independent decoder)
 * of shown characters only, and it unescapes back to the input.
 */
static void test_escape_random(void **state)
{
	iconv_t cd = iconv_open("UTF-32LE", "UTF-8");
	uint64_t x = 88172645463325252ull;

	(void)state;
	assert_true(cd != (iconv_t)-1);
	for (int iter = 0; iter < 20000; iter++) {
		char in[MMSG_COMM_LEN], buf[TEXT_ESC_LEN(MMSG_COMM_LEN)], back[4 * MMSG_COMM_LEN];
		uint32_t cps[TEXT_ESC_LEN(MMSG_COMM_LEN)];
		char *ip = buf, *op = (char *)cps;
		size_t in_left, out_left = sizeof(cps), len;

		for (size_t i = 0; i < sizeof(in); i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* mostly high bytes, where UTF-8 decisions happen; no NUL */
			in[i] = (char)((x >> 24) % 4 ? 0x80 | (x >> 32) : 1 + (x >> 40) % 0x7f);
		}
		text__escape(in, sizeof(in), buf, sizeof(buf));
		assert_terminal_safe(buf);
		len = unescape(buf, back);
		assert_int_equal(len, sizeof(in));
		assert_memory_equal(back, in, sizeof(in));

		in_left = strlen(buf);
		iconv(cd, NULL, NULL, NULL, NULL);
		assert_true(iconv(cd, &ip, &in_left, &op, &out_left) != (size_t)-1);
		assert_int_equal(in_left, 0);
		for (uint32_t *cp = cps; (char *)cp < op; cp++) {
			assert_true(*cp >= 0x20 && *cp != 0x7f);
			assert_false(*cp >= 0x80 && *cp < 0xa0);
			assert_false(*cp == 0x2028 || *cp == 0x2029);
		}
	}
	iconv_close(cd);
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escape_ascii),
		cmocka_unit_test(test_escape_utf8),
		cmocka_unit_test(test_escape_maxlen_without_nul),
		cmocka_unit_test(test_escape_small_buffer),
		cmocka_unit_test(test_escape_every_byte),
		cmocka_unit_test(test_escape_random),
	};

	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
