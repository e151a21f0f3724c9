// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Outside text on its way out (see text.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "common/text.h"

size_t text__utf8_len(const unsigned char *s, size_t avail, uint32_t *cp)
{
	static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned char c = s[0];
	uint32_t v;
	size_t len;

	if (c >= 0xc0 && c <= 0xdf) {
		len = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		v = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf7) {
		len = 4;
		v = c & 0x07;
	} else {
		return 0;
	}
	if (avail < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min_cp[len] ||				/* overlong */
	    (v >= 0xd800 && v <= 0xdfff) ||		/* surrogates */
	    v > 0x10ffff)
		return 0;
	if (cp)
		*cp = v;
	return len;
}

/* a code point a terminal shows as text: no C1 control, no line or
 * paragraph separator */
static bool printable_cp(uint32_t cp)
{
	return cp >= 0xa0 && cp != 0x2028 && cp != 0x2029;
}

/* text__escape, also telling how many input bytes it consumed */
static size_t escape(const char *s, size_t maxlen, char *buf, size_t buflen)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, pos = 0;

	buf[0] = '\0';
	while (s && i < maxlen && p[i]) {
		unsigned char c = p[i];
		char esc[5];
		const char *out;
		size_t in_len, out_len;
		uint32_t cp;

		if (c >= 0x20 && c <= 0x7e && c != '\\') {
			out = (const char *)p + i;
			in_len = out_len = 1;
		} else if (c == '\\') {
			out = "\\\\";
			in_len = 1;
			out_len = 2;
		} else if (c >= 0x80 && (in_len = text__utf8_len(p + i, maxlen - i, &cp)) &&
			   printable_cp(cp)) {
			out = (const char *)p + i;
			out_len = in_len;
		} else {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			out = esc;
			in_len = 1;
			out_len = 4;
		}
		if (out_len >= buflen - pos)
			break;	/* truncate before this character, not inside it */
		memcpy(buf + pos, out, out_len);
		pos += out_len;
		i += in_len;
	}
	buf[pos] = '\0';
	return i;
}

const char *text__escape(const char *s, size_t maxlen, char *buf, size_t buflen)
{
	if (!buf || !buflen)
		return "";
	escape(s, maxlen, buf, buflen);
	return buf;
}

void text__json_string(FILE *f, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	putc('"', f);
	while (i < len) {
		size_t run = i, seq;
		unsigned char c;
		uint32_t cp;

		/* copy plain printable ASCII in one go */
		while (run < len && p[run] >= 0x20 && p[run] < 0x7f &&
		       p[run] != '"' && p[run] != '\\')
			run++;
		if (run > i) {
			fwrite(p + i, 1, run - i, f);
			i = run;
			continue;
		}
		c = p[i];
		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\b': fputs("\\b", f); break;
		case '\f': fputs("\\f", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c >= 0x80 && (seq = text__utf8_len(p + i, len - i, &cp))) {
				/* the same string, but no C1 control (a terminal may act
				 * on U+009B like on ESC [) or line separator goes out raw */
				if (printable_cp(cp))
					fwrite(p + i, 1, seq, f);
				else
					fprintf(f, "\\u%04x", cp);
				i += seq;
				continue;
			}
			/* control bytes, DEL and bytes of invalid UTF-8 */
			fprintf(f, "\\u%04x", c);
			break;
		}
		i++;
	}
	putc('"', f);
}

const char *text__quote_span(const char *s, size_t len, struct text_quote *q)
{
	size_t used;

	if (!s)
		s = "";
	used = escape(s, len, q->s, TEXT_QUOTE_MAX + 1);
	if (used < len && s[used])
		strcat(q->s, "...");
	return q->s;
}

const char *text__quote(const char *s, struct text_quote *q)
{
	return text__quote_span(s, s ? strlen(s) : 0, q);
}

void text__seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}
