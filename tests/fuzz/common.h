/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Shared by the libFuzzer targets: reading typed values from the fuzzer's
 * bytes, capturing an encoder's output in memory, and the checks every
 * output line must pass (one line, clean UTF-8, strict JSON).
 *
 * A failed check prints what failed and the text concerned, then aborts:
 * libFuzzer saves the input as a crash.
 */
#ifndef MMSGTRACE_FUZZ_COMMON_H
#define MMSGTRACE_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>

/* the invariant cond holds, or the run stops here */
#define FUZZ_CHECK(cond) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, #cond, NULL, 0); \
	} while (0)

/* same, showing the text (len bytes, escaped) that broke it */
#define FUZZ_CHECK_TEXT(cond, text, len) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, #cond, (text), (len)); \
	} while (0)

void fuzz_fail(const char *file, int line, const char *what, const char *text, size_t len)
	__attribute__((noreturn));

/* The fuzzer's bytes, read front to back; past the end every value is 0. */
struct fuzz_in {
	const uint8_t *p;
	size_t left;
};

uint8_t fuzz_u8(struct fuzz_in *in);
uint16_t fuzz_u16(struct fuzz_in *in);
uint32_t fuzz_u32(struct fuzz_in *in);
uint64_t fuzz_u64(struct fuzz_in *in);
/* any bit pattern: NaN, infinities, negative zero, subnormals */
double fuzz_double(struct fuzz_in *in);
/* n bytes into out (zeros past the end) */
void fuzz_bytes(struct fuzz_in *in, void *out, size_t n);
/* a u64 whose size class the first byte picks: small values repeat, so
 * equal values, bucket edges and powers of two come up often */
uint64_t fuzz_u64_shaped(struct fuzz_in *in);

/* An encoder's output, captured with open_memstream. */
struct fuzz_capture {
	FILE *f;
	char *buf;
	size_t len;
};

void fuzz_capture_begin(struct fuzz_capture *c);
/* closes the stream; buf stays valid until fuzz_capture_free */
void fuzz_capture_end(struct fuzz_capture *c);
void fuzz_capture_free(struct fuzz_capture *c);

/*
 * Valid UTF-8 by an implementation of its own (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF, nothing truncated). Length of the
 * sequence at s[0..avail), 0 when there is none; *cp gets the code point.
 */
size_t fuzz_utf8_len(const uint8_t *s, size_t avail, uint32_t *cp);
bool fuzz_utf8_valid(const char *s, size_t len);

/*
 * Exactly one line: len > 0, the only '\n' is the last byte, no NUL, no
 * other byte below 0x20, no DEL, valid UTF-8, and unless allow_c1 no C1
 * control (U+0080..U+009F): a text line is then safe on a terminal.
 */
void fuzz_check_line(const char *s, size_t len, bool allow_c1);

/*
 * Terminal text of any number of lines: empty, or ending with '\n'; no other
 * control byte (C0, DEL, C1) and valid UTF-8.
 */
void fuzz_check_text(const char *s, size_t len);

/*
 * fuzz_check_line, then a strict json-c parse (UTF-8 validated) of the
 * whole line but the '\n'; it must be an object whose "type" is type.
 * Returns the object (json_object_put it).
 *
 * C1 controls are allowed: text__json_string copies every valid UTF-8
 * sequence (U+0080..U+009F, U+2028 too), which JSON permits unescaped.
 */
struct json_object *fuzz_check_json_line(const char *s, size_t len, const char *type);

/* strict json-c parse of exactly len bytes; NULL when invalid */
struct json_object *fuzz_json_parse(const char *s, size_t len);

/* obj[key], which must exist (and be of type t unless t is json_type_null) */
struct json_object *fuzz_json_get(struct json_object *obj, const char *key, json_type t);

/*
 * What a JSON string literal made by text__json_string from s[0..len)
 * decodes to: each valid UTF-8 sequence as is, every other byte b as the
 * code point U+00bb (so 0xff becomes "\xc3\xbf"). Writes at most 2 * len
 * bytes to out, returns how many.
 */
size_t fuzz_json_string_expected(const char *s, size_t len, char *out);

/* the JSON string str equals fuzz_json_string_expected(s, len) */
void fuzz_check_json_string(struct json_object *str, const char *s, size_t len);

/* a number printed by json_double (%.3f) for x: null when x is not finite */
void fuzz_check_json_double(struct json_object *val, double x);

/* redirect stdout to /dev/null (argp's --help, stray prints): the fuzzer
 * reports on stderr */
void fuzz_quiet_stdout(void);

#endif /* MMSGTRACE_FUZZ_COMMON_H */
