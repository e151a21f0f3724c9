/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Text that comes from outside (task names of other users' processes, what
 * was typed on the command line) on its way out: one UTF-8 decoder, terminal
 * escaping, JSON string literals, quoting in error messages, and filling an
 * error buffer.
 *
 * Pure: writes only to the buffers and FILEs given.
 */
#ifndef MMSGTRACE_COMMON_TEXT_H
#define MMSGTRACE_COMMON_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Length (2..4) of the well-formed UTF-8 sequence at s[0 .. avail), with
 * its code point in *cp, or 0 when it is not one (a stray continuation
 * byte, a truncated or overlong sequence, a surrogate, above U+10FFFF).
 * Reads no byte past the first one that is not a continuation byte (so
 * never past a NUL). For s[0] < 0x80 it returns 0.
 */
size_t text__utf8_len(const unsigned char *s, size_t avail, uint32_t *cp);

/* room for the escape of n bytes, worst case (every byte as \xNN) */
#define TEXT_ESC_LEN(n) (4 * (n) + 1)

/*
 * Terminal-safe copy of at most maxlen bytes of s (stops at NUL).
 * Printable ASCII 0x20..0x7e is copied, except backslash which becomes
 * two backslashes; a well-formed UTF-8 sequence for a code point >= U+00A0
 * other than U+2028/U+2029 is copied as is; every other byte (controls incl.
 * ESC, DEL, C1 controls U+0080..U+009F, invalid UTF-8) becomes \xNN (4
 * chars: backslash, 'x', two lowercase hex digits), so the output reads back
 * to exactly the input bytes.
 * Output always NUL-terminated; buflen >= TEXT_ESC_LEN(maxlen) guarantees
 * no truncation; with a smaller buffer it truncates at a character boundary
 * (never half an escape or half a UTF-8 sequence).
 * Returns buf ("" when buf is NULL or buflen is 0).
 */
const char *text__escape(const char *s, size_t maxlen, char *buf, size_t buflen);

/* A JSON string literal (with quotes) for arbitrary bytes: control bytes,
 * quotes, backslashes and invalid UTF-8 are escaped so the result is valid;
 * C1 controls and U+2028/U+2029 go out as \u escapes too. */
void text__json_string(FILE *f, const char *s, size_t len);

#define TEXT_QUOTE_MAX 40	/* characters of user text an error message shows */

/* User text for an error message: escaped as text__escape does, at most
 * TEXT_QUOTE_MAX characters, then "..." when there was more. */
struct text_quote {
	char s[TEXT_QUOTE_MAX + 4];
};

/* Quote s[0 .. len) (stops at a NUL; NULL is ""). Returns q->s. */
const char *text__quote_span(const char *s, size_t len, struct text_quote *q);
/* Quote a whole string. */
const char *text__quote(const char *s, struct text_quote *q);

/* A one-line message into err (ignored when err is NULL or errlen 0). */
void text__seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* MMSGTRACE_COMMON_TEXT_H */
