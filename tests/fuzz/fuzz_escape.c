// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libFuzzer target: escaping untrusted bytes (a task's name) for the
 * terminal (text__escape) and for JSON (text__json_string).
 *
 * Input: a mode byte, two bytes for maxlen, two for the buffer size, then
 * the text. The text sits in a heap block of exactly its size (no NUL after
 * it), so reading past maxlen is an ASan error.
 *
 * escape_text: the output equals an independent model of the rules in
 * events.h (so it reads back to the input), is clean (no C0, DEL or C1
 * control, no U+2028/U+2029, valid UTF-8) and, with a smaller buffer, is
 * the longest whole-character prefix that fits. json_string: a JSON string
 * literal that json-c parses back to the input bytes (invalid UTF-8 bytes
 * as U+0080..U+00FF).
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "common.h"
#include "report/json.h"

/* the escaped form of s[0..maxlen) up to a NUL, by the rules in events.h */
static size_t model_escape(const char *s, size_t maxlen, char *out)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strnlen(s, maxlen), o = 0;
	uint32_t cp;

	for (size_t i = 0; i < n;) {
		size_t len = fuzz_utf8_len(p + i, n - i, &cp);

		if (p[i] == '\\') {
			memcpy(out + o, "\\\\", 2);
			o += 2;
			i++;
		} else if (p[i] >= 0x20 && p[i] <= 0x7e) {
			out[o++] = (char)p[i++];
		} else if (len > 1 && cp >= 0xa0 && cp != 0x2028 && cp != 0x2029) {
			memcpy(out + o, p + i, len);
			o += len;
			i += len;
		} else {
			static const char hex[] = "0123456789abcdef";

			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[p[i] >> 4];
			out[o++] = hex[p[i] & 15];
			i++;
		}
	}
	out[o] = '\0';
	return o;
}

/* length of the output character at s: an escape, a UTF-8 sequence or a byte */
static size_t out_char_len(const char *s, size_t avail)
{
	uint32_t cp;

	if (s[0] == '\\')
		return s[1] == 'x' ? 4 : 2;
	return fuzz_utf8_len((const uint8_t *)s, avail, &cp);
}

/* terminal-safe: no C0 control, DEL, C1 control or line separator; valid UTF-8 */
static void check_clean(const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	uint32_t cp;

	for (size_t i = 0; i < len;) {
		size_t n = fuzz_utf8_len(p + i, len - i, &cp);

		FUZZ_CHECK_TEXT(n > 0, s, len);
		FUZZ_CHECK_TEXT(cp >= 0x20 && cp != 0x7f, s, len);
		FUZZ_CHECK_TEXT(!(cp >= 0x80 && cp <= 0x9f), s, len);
		FUZZ_CHECK_TEXT(cp != 0x2028 && cp != 0x2029, s, len);
		i += n;
	}
}

static void check_escape(const char *text, size_t maxlen, size_t buflen_sel, bool null_buf)
{
	size_t in_len = strnlen(text, maxlen);
	size_t full_size = 4 * in_len + 1;
	char *want = malloc(full_size), *full = malloc(full_size);
	size_t want_len, full_len, buflen, fit, pos;
	const char *ret;
	char *buf;

	FUZZ_CHECK(want && full);
	want_len = model_escape(text, maxlen, want);
	FUZZ_CHECK(want_len < full_size);

	/* a big enough buffer: everything, exactly as the model says */
	ret = text__escape(text, maxlen, full, full_size);
	FUZZ_CHECK(ret == full);
	full_len = strnlen(full, full_size);
	FUZZ_CHECK_TEXT(full_len < full_size, full, full_len);
	FUZZ_CHECK_TEXT(full_len == want_len && !memcmp(full, want, want_len), full, full_len);
	check_clean(full, full_len);

	/* a smaller one (exactly its size on the heap): the longest prefix of
	 * whole characters that fits with the NUL */
	buflen = buflen_sel % (full_size + 1);
	buf = malloc(buflen ? buflen : 1);
	FUZZ_CHECK(buf != NULL);
	buf[0] = 'Z';
	ret = text__escape(text, maxlen, null_buf ? NULL : buf, buflen);
	if (null_buf || !buflen) {
		/* nothing to write to: "" and the buffer untouched */
		FUZZ_CHECK(ret != buf && ret[0] == '\0' && buf[0] == 'Z');
		free(buf);
		free(full);
		free(want);
		return;
	}
	FUZZ_CHECK(ret == buf);
	fit = strnlen(buf, buflen);
	FUZZ_CHECK_TEXT(fit < buflen, buf, fit);
	FUZZ_CHECK_TEXT(!memcmp(buf, full, fit), buf, fit);
	for (pos = 0; pos < fit;)
		pos += out_char_len(full + pos, full_len - pos);
	FUZZ_CHECK_TEXT(pos == fit, buf, fit);	/* ends on a character boundary */
	if (fit < full_len)	/* and the next character would not have fit */
		FUZZ_CHECK_TEXT(fit + out_char_len(full + fit, full_len - fit) >= buflen, buf, fit);
	free(buf);
	free(full);
	free(want);
}

static void check_json_string(const char *text, size_t len)
{
	struct fuzz_capture c;
	struct json_object *obj;

	fuzz_capture_begin(&c);
	text__json_string(c.f, text, len);
	fuzz_capture_end(&c);
	FUZZ_CHECK(c.len >= 2 && c.buf[0] == '"' && c.buf[c.len - 1] == '"');
	FUZZ_CHECK_TEXT(strlen(c.buf) == c.len, c.buf, c.len);
	for (size_t i = 0; i < c.len; i++)
		FUZZ_CHECK_TEXT((uint8_t)c.buf[i] >= 0x20 && c.buf[i] != 0x7f, c.buf, c.len);
	FUZZ_CHECK_TEXT(fuzz_utf8_valid(c.buf, c.len), c.buf, c.len);
	obj = fuzz_json_parse(c.buf, c.len);
	FUZZ_CHECK_TEXT(obj != NULL, c.buf, c.len);
	fuzz_check_json_string(obj, text, len);
	json_object_put(obj);
	fuzz_capture_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t mode = fuzz_u8(&in);
	uint16_t maxlen_sel = fuzz_u16(&in), buflen_sel = fuzz_u16(&in);
	size_t n = in.left;
	char *text = malloc(n ? n : 1), *terminated = malloc(n + 1);
	size_t maxlen;

	FUZZ_CHECK(text && terminated);
	fuzz_bytes(&in, text, n);
	memcpy(terminated, text, n);
	terminated[n] = '\0';

	/* maxlen within the block, or (on a terminated copy) unbounded */
	maxlen = maxlen_sel % (n + 1);
	check_escape(text, maxlen, buflen_sel, mode & 1);
	check_escape(terminated, mode & 2 ? SIZE_MAX : n, buflen_sel >> 3, false);
	/* a comm as the kernel has it: 16 bytes, maybe without a NUL */
	if (n >= MMSG_COMM_LEN)
		check_escape(text + n - MMSG_COMM_LEN, MMSG_COMM_LEN, buflen_sel >> 8, false);

	/* NULL text is an empty string */
	{
		char out[8] = "x";

		FUZZ_CHECK(text__escape(NULL, maxlen, out, sizeof(out)) == out && !out[0]);
	}

	/* JSON: all n bytes (NULs included), and a maxlen-long prefix */
	check_json_string(text, n);
	check_json_string(text, maxlen);

	free(terminated);
	free(text);
	return 0;
}
