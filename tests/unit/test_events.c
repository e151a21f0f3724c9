// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for user/events.c */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <iconv.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <json-c/json.h>

#include "report/events.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define VALID " use sendmmsg, recvmmsg, sendto, sendmsg"

/* ------------------------------------------------------------------------ */
/* helpers                                                                  */

/* output captured from one print call */
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

/* a typical sendmmsg record; tests change what they look at */
static struct mmsg_call_record make_rec(unsigned sc, int32_t ret)
{
	struct mmsg_call_record r = {
		.type = MMSG_REC_CALL,
		.cpu = 1,
		.enter_ns = 1000,
		.latency_ns = 12345,
		.bytes = 4096,
		.pid = 4242,
		.tid = 4243,
		.fd = 5,
		.vlen = 64,
		.flags = 0x40,
		.ret = ret,
		.syscall = sc,
		.comm = "my-comm",
	};

	if (sc == MMSG_SYS_SENDTO || sc == MMSG_SYS_SENDMSG) {
		r.vlen = 1;
		r.bytes = ret > 0 ? (uint64_t)ret : 0;
	}
	if (ret < 0)
		r.bytes = 0;
	return r;
}

static char *text_line(double t, const struct mmsg_call_record *r)
{
	struct capture c;
	int n;

	capture_begin(&c);
	n = events__print_text(c.f, t, r);
	capture_end(&c);
	assert_int_equal(n, (int)c.len);
	/* exactly one line */
	assert_true(c.len > 0);
	assert_int_equal(c.buf[c.len - 1], '\n');
	assert_ptr_equal(strchr(c.buf, '\n'), c.buf + c.len - 1);
	return c.buf;
}

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

/* print_json's output: one line holding one strict-valid object; *raw gets the text */
static struct json_object *json_line(double t, const struct mmsg_call_record *r, char **raw)
{
	struct json_object *obj;
	struct capture c;

	capture_begin(&c);
	assert_true(events__print_json(c.f, t, r) >= 0);
	capture_end(&c);
	assert_true(c.len > 0);
	assert_int_equal(c.buf[c.len - 1], '\n');
	assert_ptr_equal(strchr(c.buf, '\n'), c.buf + c.len - 1);
	obj = parse_strict(c.buf, c.len - 1);
	assert_non_null(obj);
	assert_true(json_object_is_type(obj, json_type_object));
	if (raw)
		*raw = c.buf;
	else
		free(c.buf);
	return obj;
}

static struct json_object *get(struct json_object *obj, const char *key)
{
	struct json_object *val = NULL;

	assert_true(json_object_object_get_ex(obj, key, &val));
	return val;
}

static void assert_json_int(struct json_object *obj, const char *key, int64_t v)
{
	struct json_object *val = get(obj, key);

	assert_true(json_object_is_type(val, json_type_int));
	assert_true(json_object_get_int64(val) == v);
}

static void assert_json_str(struct json_object *obj, const char *key, const char *s)
{
	struct json_object *val = get(obj, key);

	assert_true(json_object_is_type(val, json_type_string));
	assert_string_equal(json_object_get_string(val), s);
}

static void assert_json_null(struct json_object *obj, const char *key)
{
	assert_true(json_object_is_type(get(obj, key), json_type_null));
}

/* no raw control byte (the final newline aside), no DEL, no UTF-8 C1 control */
static void assert_terminal_safe(const char *s)
{
	size_t len = strlen(s);
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len; i++) {
		if (i == len - 1 && p[i] == '\n')
			continue;
		assert_true(p[i] >= 0x20);
		assert_true(p[i] != 0x7f);
		if (p[i] == 0xc2 && i + 1 < len)
			assert_true(p[i + 1] >= 0xa0);
	}
}

/* ------------------------------------------------------------------------ */
/* syscall names                                                            */

static void test_syscall_names(void **state)
{
	static const char *const names[] = { "sendmmsg", "recvmmsg", "sendto", "sendmsg" };

	(void)state;
	assert_int_equal(ARRAY_LEN(names), MMSG_SYS_COUNT);
	assert_string_equal(events__syscall_name(MMSG_SYS_SENDMMSG), "sendmmsg");
	assert_string_equal(events__syscall_name(MMSG_SYS_RECVMMSG), "recvmmsg");
	assert_string_equal(events__syscall_name(MMSG_SYS_SENDTO), "sendto");
	assert_string_equal(events__syscall_name(MMSG_SYS_SENDMSG), "sendmsg");
	assert_null(events__syscall_name(MMSG_SYS_COUNT));
	assert_null(events__syscall_name(100));
	assert_null(events__syscall_name(UINT_MAX));
	for (unsigned i = 0; i < MMSG_SYS_COUNT; i++) {
		assert_int_equal(events__syscall_from_name(names[i]), (int)i);
		assert_string_equal(events__syscall_name(i), names[i]);
	}
	assert_int_equal(events__syscall_from_name("SENDTO"), -1);
	assert_int_equal(events__syscall_from_name("Sendmmsg"), -1);
	assert_int_equal(events__syscall_from_name("sendto "), -1);
	assert_int_equal(events__syscall_from_name("send"), -1);
	assert_int_equal(events__syscall_from_name("sendmmsgx"), -1);
	assert_int_equal(events__syscall_from_name("sendfile"), -1);
	assert_int_equal(events__syscall_from_name(""), -1);
	assert_int_equal(events__syscall_from_name(NULL), -1);
}

/* ------------------------------------------------------------------------ */
/* --syscalls lists                                                         */

static void assert_parse_ok(const char *list, unsigned expected)
{
	char err[256] = "untouched";
	unsigned mask = 0xdead;

	assert_int_equal(events__parse_syscalls(list, &mask, err, sizeof(err)), 0);
	assert_int_equal(mask, expected);
	assert_string_equal(err, "untouched");
}

static void test_parse_syscalls_good(void **state)
{
	(void)state;
	assert_parse_ok("sendmmsg", 1u << MMSG_SYS_SENDMMSG);
	assert_parse_ok("recvmmsg", 1u << MMSG_SYS_RECVMMSG);
	assert_parse_ok("sendto", 1u << MMSG_SYS_SENDTO);
	assert_parse_ok("sendmsg", 1u << MMSG_SYS_SENDMSG);
	assert_parse_ok("sendmmsg,sendto", 0x5);
	assert_parse_ok("sendmsg,recvmmsg", 0xa);
	assert_parse_ok("sendmmsg,recvmmsg,sendto,sendmsg", 0xf);
	assert_parse_ok("sendmsg,sendto,recvmmsg,sendmmsg", 0xf);
	/* a NULL mask is allowed: validation only */
	assert_int_equal(events__parse_syscalls("sendto", NULL, NULL, 0), 0);
}

/* the list fails with exactly this message, and mask is left alone */
static void assert_parse_err(const char *list, const char *expected)
{
	char err[256] = "";
	unsigned mask = 0x55;

	assert_int_equal(events__parse_syscalls(list, &mask, err, sizeof(err)), -1);
	assert_int_equal(mask, 0x55);
	assert_string_equal(err, expected);
	/* one line, lowercase start */
	assert_null(strchr(err, '\n'));
	assert_true(islower((unsigned char)err[0]));
}

static void test_parse_syscalls_errors(void **state)
{
	(void)state;
	assert_parse_err("", "empty --syscalls:" VALID);
	assert_parse_err(NULL, "empty --syscalls:" VALID);
	assert_parse_err("sendfile", "unknown syscall 'sendfile' in --syscalls:" VALID);
	assert_parse_err("sendto,SENDMSG", "unknown syscall 'SENDMSG' in --syscalls:" VALID);
	assert_parse_err("sendto, sendmsg", "unknown syscall ' sendmsg' in --syscalls:" VALID);
	assert_parse_err("sendmmsg,recvmmsg,write",
			 "unknown syscall 'write' in --syscalls:" VALID);
	assert_parse_err("sendto,,sendmsg", "empty entry in --syscalls 'sendto,,sendmsg':" VALID);
	assert_parse_err(",sendto", "empty entry in --syscalls ',sendto':" VALID);
	assert_parse_err("sendto,", "empty entry in --syscalls 'sendto,':" VALID);
	assert_parse_err(",", "empty entry in --syscalls ',':" VALID);
	assert_parse_err("sendto,sendmsg,sendto",
			 "duplicate syscall 'sendto' in --syscalls: list each of "
			 "sendmmsg, recvmmsg, sendto, sendmsg at most once");
	assert_parse_err("recvmmsg,recvmmsg",
			 "duplicate syscall 'recvmmsg' in --syscalls: list each of "
			 "sendmmsg, recvmmsg, sendto, sendmsg at most once");
	/* the first bad entry is the one reported */
	assert_parse_err("bogus,sendto,sendto", "unknown syscall 'bogus' in --syscalls:" VALID);
}

static void test_parse_syscalls_hostile_entry(void **state)
{
	char long_list[200], err[512];
	unsigned mask = 0;

	(void)state;
	/* control bytes in the entry are escaped in the message */
	assert_parse_err("sendto,\x1b[2J\n", "unknown syscall '\\x1b[2J\\x0a' in --syscalls:" VALID);
	/* a long entry is cut, and says so */
	memset(long_list, 'a', 100);
	long_list[100] = '\0';
	assert_int_equal(events__parse_syscalls(long_list, &mask, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown syscall 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' in"));
	assert_true(strlen(err) < 120);
	/* a small error buffer stays terminated */
	memset(err, 'X', sizeof(err));
	assert_int_equal(events__parse_syscalls("nope", &mask, err, 10), -1);
	assert_string_equal(err, "unknown s");
	assert_int_equal(err[10], 'X');
}

/* ------------------------------------------------------------------------ */
/* messages per call                                                        */

static void test_msgs(void **state)
{
	struct mmsg_call_record r;

	(void)state;
	for (unsigned sc = MMSG_SYS_SENDMMSG; sc <= MMSG_SYS_RECVMMSG; sc++) {
		r = make_rec(sc, 64);
		assert_int_equal(events__msgs(&r), 64);
		r = make_rec(sc, 1);
		assert_int_equal(events__msgs(&r), 1);
		r = make_rec(sc, 0);
		assert_int_equal(events__msgs(&r), 0);
		r = make_rec(sc, -11);
		assert_int_equal(events__msgs(&r), 0);
		r = make_rec(sc, INT32_MIN);
		assert_int_equal(events__msgs(&r), 0);
		r = make_rec(sc, INT32_MAX);
		assert_int_equal(events__msgs(&r), INT32_MAX);
	}
	for (unsigned sc = MMSG_SYS_SENDTO; sc <= MMSG_SYS_SENDMSG; sc++) {
		r = make_rec(sc, 1200);
		assert_int_equal(events__msgs(&r), 1);
		r = make_rec(sc, 0);	/* an empty datagram is still one message */
		assert_int_equal(events__msgs(&r), 1);
		r = make_rec(sc, -11);
		assert_int_equal(events__msgs(&r), 0);
		r = make_rec(sc, -1);
		assert_int_equal(events__msgs(&r), 0);
	}
	r = make_rec(MMSG_SYS_COUNT, 64);
	assert_int_equal(events__msgs(&r), 0);
}

/* ------------------------------------------------------------------------ */
/* MSG_* flags                                                              */

/* the expected table, written independently of events.c */
static const struct {
	uint32_t bit;
	const char *name;
} flag_table[] = {
	{ 0x1, "MSG_OOB" }, { 0x2, "MSG_PEEK" }, { 0x4, "MSG_DONTROUTE" },
	{ 0x8, "MSG_CTRUNC" }, { 0x10, "MSG_PROXY" }, { 0x20, "MSG_TRUNC" },
	{ 0x40, "MSG_DONTWAIT" }, { 0x80, "MSG_EOR" }, { 0x100, "MSG_WAITALL" },
	{ 0x200, "MSG_FIN" }, { 0x400, "MSG_SYN" }, { 0x800, "MSG_CONFIRM" },
	{ 0x1000, "MSG_RST" }, { 0x2000, "MSG_ERRQUEUE" }, { 0x4000, "MSG_NOSIGNAL" },
	{ 0x8000, "MSG_MORE" }, { 0x10000, "MSG_WAITFORONE" }, { 0x40000, "MSG_BATCH" },
	{ 0x2000000, "MSG_SOCK_DEVMEM" }, { 0x4000000, "MSG_ZEROCOPY" },
	{ 0x20000000, "MSG_FASTOPEN" }, { 0x40000000, "MSG_CMSG_CLOEXEC" },
};

static void assert_flags(uint32_t flags, const char *expected)
{
	char buf[EVENTS_FLAGS_LEN];

	memset(buf, 'X', sizeof(buf));
	assert_ptr_equal(events__msg_flags_str(flags, buf, sizeof(buf)), buf);
	assert_string_equal(buf, expected);
}

static void test_flags_basic(void **state)
{
	(void)state;
	assert_flags(0, "0");
	assert_flags(0x40, "MSG_DONTWAIT");
	assert_flags(0x4000, "MSG_NOSIGNAL");
	assert_flags(0x4040, "MSG_DONTWAIT|MSG_NOSIGNAL");
	assert_flags(0x4000000 | 0x8000 | 0x1, "MSG_OOB|MSG_MORE|MSG_ZEROCOPY");
	/* bits without a name: one hex value at the end */
	assert_flags(0x80000040, "MSG_DONTWAIT|0x80000000");
	assert_flags(0x80000000, "0x80000000");
	assert_flags(0x20000 | 0x1, "MSG_OOB|0x20000");
	assert_flags(0x80000000 | 0x8000000 | 0x20000, "0x88020000");
	assert_flags(0x88020000 | 0x4040, "MSG_DONTWAIT|MSG_NOSIGNAL|0x88020000");
}

static void test_flags_all_names(void **state)
{
	char expected[512] = "", buf[EVENTS_FLAGS_LEN];
	uint32_t named = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(flag_table); i++) {
		assert_flags(flag_table[i].bit, flag_table[i].name);
		/* bit order */
		if (i)
			assert_true(flag_table[i].bit > flag_table[i - 1].bit);
		named |= flag_table[i].bit;
		if (i)
			strcat(expected, "|");
		strcat(expected, flag_table[i].name);
	}
	assert_flags(named, expected);
	snprintf(expected + strlen(expected), sizeof(expected) - strlen(expected),
		 "|0x%x", ~named);
	assert_flags(0xffffffff, expected);
	/* the worst case fits the documented size with room to spare */
	assert_true(strlen(expected) < EVENTS_FLAGS_LEN);
	events__msg_flags_str(0xffffffff, buf, sizeof(buf));
	assert_int_equal(strlen(buf), strlen(expected));
	/* every unnamed bit alone comes out as hex */
	for (unsigned b = 0; b < 32; b++) {
		char hex[16];

		if (named & (1u << b))
			continue;
		snprintf(hex, sizeof(hex), "0x%x", 1u << b);
		assert_flags(1u << b, hex);
	}
}

/* the table agrees with this libc's macros, where it has them */
static void test_flags_match_libc(void **state)
{
	(void)state;
#define CHECK(m) assert_flags((uint32_t)(m), #m)
#ifdef MSG_OOB
	CHECK(MSG_OOB);
#endif
#ifdef MSG_PEEK
	CHECK(MSG_PEEK);
#endif
#ifdef MSG_DONTROUTE
	CHECK(MSG_DONTROUTE);
#endif
#ifdef MSG_CTRUNC
	CHECK(MSG_CTRUNC);
#endif
#ifdef MSG_PROXY
	CHECK(MSG_PROXY);
#endif
#ifdef MSG_TRUNC
	CHECK(MSG_TRUNC);
#endif
#ifdef MSG_DONTWAIT
	CHECK(MSG_DONTWAIT);
#endif
#ifdef MSG_EOR
	CHECK(MSG_EOR);
#endif
#ifdef MSG_WAITALL
	CHECK(MSG_WAITALL);
#endif
#ifdef MSG_FIN
	CHECK(MSG_FIN);
#endif
#ifdef MSG_SYN
	CHECK(MSG_SYN);
#endif
#ifdef MSG_CONFIRM
	CHECK(MSG_CONFIRM);
#endif
#ifdef MSG_RST
	CHECK(MSG_RST);
#endif
#ifdef MSG_ERRQUEUE
	CHECK(MSG_ERRQUEUE);
#endif
#ifdef MSG_NOSIGNAL
	CHECK(MSG_NOSIGNAL);
#endif
#ifdef MSG_MORE
	CHECK(MSG_MORE);
#endif
#ifdef MSG_WAITFORONE
	CHECK(MSG_WAITFORONE);
#endif
#ifdef MSG_BATCH
	CHECK(MSG_BATCH);
#endif
#ifdef MSG_SOCK_DEVMEM
	CHECK(MSG_SOCK_DEVMEM);
#endif
#ifdef MSG_ZEROCOPY
	CHECK(MSG_ZEROCOPY);
#endif
#ifdef MSG_FASTOPEN
	CHECK(MSG_FASTOPEN);
#endif
#ifdef MSG_CMSG_CLOEXEC
	CHECK(MSG_CMSG_CLOEXEC);
#endif
#undef CHECK
#if !defined(MSG_DONTWAIT) || !defined(MSG_NOSIGNAL)
	skip();
#endif
}

/* any buffer size: terminated, a prefix of the full text made of whole names */
static void test_flags_truncation(void **state)
{
	char full[EVENTS_FLAGS_LEN], buf[EVENTS_FLAGS_LEN + 8];
	size_t full_len;

	(void)state;
	events__msg_flags_str(0xffffffff, full, sizeof(full));
	full_len = strlen(full);
	for (size_t len = 1; len <= full_len + 2; len++) {
		size_t n;

		memset(buf, 'X', sizeof(buf));
		assert_ptr_equal(events__msg_flags_str(0xffffffff, buf, len), buf);
		n = strnlen(buf, len);
		assert_true(n < len);				/* terminated inside len */
		assert_int_equal(buf[len], 'X');		/* nothing written past len */
		assert_memory_equal(buf, full, n);		/* a prefix */
		if (n)
			assert_true(buf[n - 1] != '|');		/* no dangling separator */
		if (n)
			assert_true(full[n] == '\0' || full[n] == '|');	/* ends on a whole name */
		if (len > full_len)
			assert_int_equal(n, full_len);
	}
	/* "0" needs 2 bytes */
	memset(buf, 'X', sizeof(buf));
	assert_string_equal(events__msg_flags_str(0, buf, 1), "");
	assert_string_equal(events__msg_flags_str(0, buf, 2), "0");
	/* nothing to write to */
	memset(buf, 'X', sizeof(buf));
	assert_string_equal(events__msg_flags_str(0x40, buf, 0), "");
	assert_int_equal(buf[0], 'X');
	assert_string_equal(events__msg_flags_str(0x40, NULL, 16), "");
}

/* ------------------------------------------------------------------------ */
/* escaping                                                                 */

static void assert_escape_n(const char *in, size_t maxlen, const char *expected)
{
	char buf[4 * 64 + 1 + 8];
	size_t buflen = 4 * maxlen + 1;

	assert_true(buflen <= sizeof(buf) - 8);
	memset(buf, 'X', sizeof(buf));
	assert_ptr_equal(events__escape_text(in, maxlen, buf, buflen), buf);
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
	char buf[EVENTS_ESC_LEN];

	(void)state;
	memcpy(rec.comm, "ABCDEFGHIJKLMNOP", MMSG_COMM_LEN);
	memcpy(rec.after, "ZZZZZZZ", 8);
	events__escape_text(rec.comm, MMSG_COMM_LEN, buf, sizeof(buf));
	assert_string_equal(buf, "ABCDEFGHIJKLMNOP");
	/* worst case: every byte escaped fills EVENTS_ESC_LEN exactly */
	memset(rec.comm, 0x1b, MMSG_COMM_LEN);
	events__escape_text(rec.comm, MMSG_COMM_LEN, buf, sizeof(buf));
	assert_int_equal(strlen(buf), 4 * MMSG_COMM_LEN);
	assert_int_equal(strlen(buf) + 1, EVENTS_ESC_LEN);
	for (size_t i = 0; i < MMSG_COMM_LEN; i++)
		assert_memory_equal(buf + 4 * i, "\\x1b", 4);
	/* a sequence that would continue past maxlen is not kept */
	memcpy(rec.comm, "abcdefghijklmno\xc3", MMSG_COMM_LEN);
	rec.after[0] = (char)0xa9;
	events__escape_text(rec.comm, MMSG_COMM_LEN, buf, sizeof(buf));
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
		events__escape_text(in, sizeof(in) - 1, buf, buflen);
		assert_int_equal(strlen(buf), expect);
		assert_memory_equal(buf, "a\\\\\\x1b\xc3\xa9z", expect);
		assert_int_equal(buf[buflen], 'X');
	}
	/* nothing to write to, or nothing to read */
	memset(buf, 'X', sizeof(buf));
	assert_string_equal(events__escape_text("abc", 3, buf, 0), "");
	assert_int_equal(buf[0], 'X');
	assert_string_equal(events__escape_text("abc", 3, NULL, 10), "");
	assert_string_equal(events__escape_text(NULL, 3, buf, sizeof(buf)), "");
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
		char in[MMSG_COMM_LEN], buf[EVENTS_ESC_LEN], back[4 * MMSG_COMM_LEN];
		uint32_t cps[EVENTS_ESC_LEN];
		char *ip = buf, *op = (char *)cps;
		size_t in_left, out_left = sizeof(cps), len;

		for (size_t i = 0; i < sizeof(in); i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* mostly high bytes, where UTF-8 decisions happen; no NUL */
			in[i] = (char)((x >> 24) % 4 ? 0x80 | (x >> 32) : 1 + (x >> 40) % 0x7f);
		}
		events__escape_text(in, sizeof(in), buf, sizeof(buf));
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

/* ------------------------------------------------------------------------ */
/* text lines                                                               */

static void test_text_sendmmsg(void **state)
{
	struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 64);
	char *line;

	(void)state;
	line = text_line(1.234567, &r);
	assert_string_equal(line, "    1.234567  4242/4243        my-comm           sendmmsg  "
			    "fd 5     vlen 64     MSG_DONTWAIT  = 64 msgs  4096 B       "
			    "12.345 us\n");
	free(line);
}

static void test_text_pieces(void **state)
{
	static const char *const pieces[] = {
		"1.234567", "4242/4243", "my-comm", "sendmmsg", "fd 5", "vlen 64",
		"MSG_DONTWAIT", "= 64 msgs", "4096 B", "12.345 us",
	};
	struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 64);
	char *line = text_line(1.234567, &r);
	const char *at = line;

	(void)state;
	/* each piece, in this order */
	for (size_t i = 0; i < ARRAY_LEN(pieces); i++) {
		const char *p = strstr(at, pieces[i]);

		assert_non_null(p);
		at = p + strlen(pieces[i]);
	}
	free(line);
}

static void test_text_recvmmsg(void **state)
{
	struct mmsg_call_record r = make_rec(MMSG_SYS_RECVMMSG, 3);
	char *line;

	(void)state;
	r.vlen = 8;
	r.bytes = 300;
	r.flags = 0x10000;
	line = text_line(2, &r);
	assert_non_null(strstr(line, " recvmmsg "));
	assert_non_null(strstr(line, "vlen 8 "));
	assert_non_null(strstr(line, "MSG_WAITFORONE"));
	assert_non_null(strstr(line, "= 3 msgs  300 B"));
	free(line);
}

static void test_text_single_sends(void **state)
{
	(void)state;
	for (unsigned sc = MMSG_SYS_SENDTO; sc <= MMSG_SYS_SENDMSG; sc++) {
		struct mmsg_call_record r = make_rec(sc, 1200);
		char *line = text_line(0.5, &r);
		char name[16];

		snprintf(name, sizeof(name), " %s ", events__syscall_name(sc));
		assert_non_null(strstr(line, name));
		assert_non_null(strstr(line, "fd 5 "));
		assert_non_null(strstr(line, "= 1200 B"));
		assert_null(strstr(line, "msgs"));
		assert_null(strstr(line, "vlen"));
		free(line);
	}
}

static void test_text_errors(void **state)
{
	static const struct {
		unsigned sc;
		int32_t ret;
		const char *result;
	} cases[] = {
		{ MMSG_SYS_SENDMMSG, -11, "= -1 EAGAIN  " },
		{ MMSG_SYS_RECVMMSG, -4, "= -1 EINTR  " },
		{ MMSG_SYS_SENDTO, -90, "= -1 EMSGSIZE  " },
		{ MMSG_SYS_SENDMSG, -111, "= -1 ECONNREFUSED  " },
		{ MMSG_SYS_SENDMMSG, -512, "= -1 ERESTARTSYS  " },
		{ MMSG_SYS_SENDMMSG, -4000, "= -1 E4000  " },
		{ MMSG_SYS_SENDMMSG, INT32_MIN, "= -1 E2147483648  " },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct mmsg_call_record r = make_rec(cases[i].sc, cases[i].ret);
		char *line = text_line(1, &r);

		assert_non_null(strstr(line, cases[i].result));
		assert_null(strstr(line, "msgs"));
		assert_null(strstr(line, " B "));
		assert_non_null(strstr(line, "12.345 us\n"));
		free(line);
	}
}

static void test_text_time_and_latency(void **state)
{
	static const struct {
		double t;
		uint64_t ns;
		const char *time, *latency;
	} cases[] = {
		{ 0, 0, "    0.000000  ", "  0.000 us\n" },
		{ -5, 999, "    0.000000  ", "  0.999 us\n" },
		{ NAN, 1000, "    0.000000  ", "  1.000 us\n" },
		{ 12.5, 1001, "   12.500000  ", "  1.001 us\n" },
		{ 0.0000004, 999999, "    0.000000  ", "  999.999 us\n" },
		{ 0.0000006, 1000000, "    0.000001  ", "  1000.000 us\n" },
		{ 3599.9999996, 1234567890123ull, "3600.000000  ", "  1234567890.123 us\n" },
		{ 123456.000001, 5, "123456.000001  ", "  0.005 us\n" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 1);
		char *line;

		r.latency_ns = cases[i].ns;
		line = text_line(cases[i].t, &r);
		assert_non_null(strstr(line, cases[i].time));
		assert_non_null(strstr(line, cases[i].latency));
		free(line);
	}
}

static void test_text_flags_and_unknown_syscall(void **state)
{
	struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 2);
	char *line;

	(void)state;
	r.flags = 0;
	line = text_line(1, &r);
	assert_non_null(strstr(line, "vlen 64     0  "));
	free(line);
	r.flags = 0x80004040;
	line = text_line(1, &r);
	assert_non_null(strstr(line, " MSG_DONTWAIT|MSG_NOSIGNAL|0x80000000  "));
	free(line);
	r.syscall = 9;
	r.fd = -1;
	line = text_line(1, &r);
	assert_non_null(strstr(line, " sys#9 "));
	assert_non_null(strstr(line, " fd -1 "));
	assert_non_null(strstr(line, "= 2  "));
	free(line);
}

/* whatever the comm holds, nothing reaches the terminal unescaped */
static void test_text_hostile_comm(void **state)
{
	struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 64);
	char *line;

	(void)state;
	/* 16 bytes, no NUL: ESC, CSI, BEL, CR, DEL, C1, quote, backslash, invalid UTF-8 */
	memcpy(r.comm, "\x1b[2J\x07\r\x7f\xc2\x9b\"\\\xff\n\xe2\x80\xa8", MMSG_COMM_LEN);
	line = text_line(1, &r);
	assert_terminal_safe(line);
	assert_non_null(strstr(line, "\\x1b[2J\\x07\\x0d\\x7f\\xc2\\x9b\"\\\\\\xff\\x0a"
				     "\\xe2\\x80\\xa8  "));
	free(line);
	/* every single byte value as a whole comm */
	for (unsigned b = 1; b <= 0xff; b++) {
		memset(r.comm, (int)b, MMSG_COMM_LEN);
		line = text_line(1, &r);
		assert_terminal_safe(line);
		free(line);
	}
}

/* the header names the columns where print_text puts them */
static void test_text_header(void **state)
{
	struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 64);
	struct capture c;
	char *line;
	int n;

	(void)state;
	capture_begin(&c);
	n = events__print_text_header(c.f);
	capture_end(&c);
	assert_int_equal(n, (int)c.len);
	assert_int_equal(c.buf[c.len - 1], '\n');
	assert_ptr_equal(strchr(c.buf, '\n'), c.buf + c.len - 1);
	line = text_line(1.234567, &r);
	assert_int_equal(strstr(c.buf, "PID/TID") - c.buf, strstr(line, "4242/4243") - line);
	assert_int_equal(strstr(c.buf, "COMM") - c.buf, strstr(line, "my-comm") - line);
	assert_int_equal(strstr(c.buf, "SYSCALL") - c.buf, strstr(line, "sendmmsg") - line);
	assert_int_equal(strstr(c.buf, "FD") - c.buf, strstr(line, "fd 5") - line);
	assert_int_equal(strstr(c.buf, "VLEN") - c.buf, strstr(line, "vlen 64") - line);
	assert_int_equal(strstr(c.buf, "FLAGS") - c.buf, strstr(line, "MSG_DONTWAIT") - line);
	assert_int_equal(strstr(c.buf, "RESULT") - c.buf, strstr(line, "= 64") - line);
	assert_int_equal(strstr(c.buf, "LATENCY") - c.buf, strstr(line, "12.345") - line);
	/* the time column is right-aligned on the same edge */
	assert_int_equal(strstr(c.buf, "TIME(s)") - c.buf + 7, strstr(line, "1.234567") - line + 8);
	free(line);
	free(c.buf);
}

/* ------------------------------------------------------------------------ */
/* JSON lines                                                               */

static const char *const json_keys[] = {
	"type", "t", "pid", "tid", "comm", "syscall", "fd", "vlen", "flags", "flags_raw",
	"ret", "errno", "msgs", "bytes", "latency_ns", "cpu",
};

static void assert_json_keys_in_order(struct json_object *obj)
{
	size_t i = 0;

	assert_int_equal(json_object_object_length(obj), ARRAY_LEN(json_keys));
	json_object_object_foreach(obj, key, val) {
		(void)val;
		assert_true(i < ARRAY_LEN(json_keys));
		assert_string_equal(key, json_keys[i]);
		i++;
	}
	assert_int_equal(i, ARRAY_LEN(json_keys));
}

static void test_json_success(void **state)
{
	struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 64);
	struct json_object *obj;
	char *raw;

	(void)state;
	r.cpu = 3;
	obj = json_line(1.234567, &r, &raw);
	assert_string_equal(raw, "{\"type\":\"event\",\"t\":1.234567,\"pid\":4242,\"tid\":4243,"
			    "\"comm\":\"my-comm\",\"syscall\":\"sendmmsg\",\"fd\":5,\"vlen\":64,"
			    "\"flags\":\"MSG_DONTWAIT\",\"flags_raw\":64,\"ret\":64,\"errno\":null,"
			    "\"msgs\":64,\"bytes\":4096,\"latency_ns\":12345,\"cpu\":3}\n");
	assert_json_keys_in_order(obj);
	assert_json_str(obj, "type", "event");
	assert_true(json_object_is_type(get(obj, "t"), json_type_double));
	assert_true(fabs(json_object_get_double(get(obj, "t")) - 1.234567) < 1e-9);
	assert_json_int(obj, "pid", 4242);
	assert_json_int(obj, "tid", 4243);
	assert_json_str(obj, "comm", "my-comm");
	assert_json_str(obj, "syscall", "sendmmsg");
	assert_json_int(obj, "fd", 5);
	assert_json_int(obj, "vlen", 64);
	assert_json_str(obj, "flags", "MSG_DONTWAIT");
	assert_json_int(obj, "flags_raw", 64);
	assert_json_int(obj, "ret", 64);
	assert_json_null(obj, "errno");
	assert_json_int(obj, "msgs", 64);
	assert_json_int(obj, "bytes", 4096);
	assert_json_int(obj, "latency_ns", 12345);
	assert_json_int(obj, "cpu", 3);
	json_object_put(obj);
	free(raw);
}

static void test_json_error(void **state)
{
	static const struct {
		int32_t ret;
		const char *name;
	} cases[] = {
		{ -11, "EAGAIN" }, { -105, "ENOBUFS" }, { -512, "ERESTARTSYS" },
		{ -4000, "E4000" }, { INT32_MIN, "E2147483648" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, cases[i].ret);
		struct json_object *obj;

		r.bytes = 777;	/* a bogus count: an error carries no bytes */
		r.flags = 0xffffffff;
		r.fd = -1;
		r.latency_ns = UINT64_MAX;
		obj = json_line(0, &r, NULL);
		assert_json_keys_in_order(obj);
		assert_json_int(obj, "ret", cases[i].ret);
		assert_json_str(obj, "errno", cases[i].name);
		assert_json_int(obj, "msgs", 0);
		assert_json_int(obj, "bytes", 0);
		assert_json_int(obj, "fd", -1);
		assert_json_int(obj, "flags_raw", 0xffffffff);
		assert_true(strncmp(json_object_get_string(get(obj, "flags")), "MSG_OOB|", 8) == 0);
		/* json-c keeps values above INT64_MAX as uint64 */
		assert_true(json_object_get_uint64(get(obj, "latency_ns")) == UINT64_MAX);
		json_object_put(obj);
	}
}

static void test_json_each_syscall(void **state)
{
	static const int32_t rets[] = { 5, 0, -11 };

	(void)state;
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		for (size_t i = 0; i < ARRAY_LEN(rets); i++) {
			struct mmsg_call_record r = make_rec(sc, rets[i]);
			bool mmsg = sc == MMSG_SYS_SENDMMSG || sc == MMSG_SYS_RECVMMSG;
			struct json_object *obj = json_line(7, &r, NULL);
			int64_t msgs;

			if (mmsg)
				msgs = rets[i] > 0 ? rets[i] : 0;
			else
				msgs = rets[i] >= 0 ? 1 : 0;
			assert_json_keys_in_order(obj);
			assert_json_str(obj, "syscall", events__syscall_name(sc));
			assert_json_int(obj, "vlen", mmsg ? 64 : 1);
			assert_json_int(obj, "ret", rets[i]);
			assert_json_int(obj, "msgs", msgs);
			assert_json_int(obj, "bytes", (int64_t)r.bytes);
			if (rets[i] < 0)
				assert_json_str(obj, "errno", "EAGAIN");
			else
				assert_json_null(obj, "errno");
			json_object_put(obj);
		}
	}
	/* sendto's ret is bytes, and bytes agrees */
	{
		struct mmsg_call_record r = make_rec(MMSG_SYS_SENDTO, 1200);
		struct json_object *obj = json_line(7, &r, NULL);

		assert_json_int(obj, "bytes", 1200);
		assert_json_int(obj, "msgs", 1);
		json_object_put(obj);
	}
}

static void test_json_unknown_syscall(void **state)
{
	struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 3);
	struct json_object *obj;

	(void)state;
	r.syscall = 42;
	obj = json_line(1, &r, NULL);
	assert_json_keys_in_order(obj);
	assert_json_null(obj, "syscall");
	assert_json_int(obj, "msgs", 0);
	json_object_put(obj);
}

static void test_json_hostile_comm(void **state)
{
	/* 16 bytes, no NUL: ESC, quote, newline, backslash, DEL, invalid UTF-8, tab */
	static const char comm[] = "\x1b[0m\"\n\\\x7f\xff\xc0\xaf\xed\xa0\x80\ta";
	/* invalid bytes come back as U+00XX */
	static const char decoded[] = "\x1b[0m\"\n\\\x7f\xc3\xbf\xc3\x80\xc2\xaf"
				      "\xc3\xad\xc2\xa0\xc2\x80\ta";
	struct mmsg_call_record r = make_rec(MMSG_SYS_RECVMMSG, -11);
	struct json_object *obj, *val;
	char *raw;

	(void)state;
	assert_int_equal(sizeof(comm) - 1, MMSG_COMM_LEN);
	memcpy(r.comm, comm, MMSG_COMM_LEN);
	obj = json_line(1, &r, &raw);
	for (const char *p = raw; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || (*p == '\n' && !p[1]));
	assert_json_keys_in_order(obj);
	val = get(obj, "comm");
	assert_int_equal(json_object_get_string_len(val), sizeof(decoded) - 1);
	assert_memory_equal(json_object_get_string(val), decoded, sizeof(decoded) - 1);
	/* the rest is intact */
	assert_json_str(obj, "syscall", "recvmmsg");
	assert_json_str(obj, "errno", "EAGAIN");
	assert_json_int(obj, "cpu", 1);
	json_object_put(obj);
	free(raw);

	/* a short comm stops at its NUL */
	memset(r.comm, 0, sizeof(r.comm));
	memcpy(r.comm, "a\0bc", 4);
	obj = json_line(1, &r, NULL);
	assert_json_str(obj, "comm", "a");
	json_object_put(obj);
}

static void test_json_time(void **state)
{
	static const struct {
		double t;
		const char *text;
	} cases[] = {
		{ 1.234567, "\"t\":1.234567," }, { 0, "\"t\":0.000000," },
		{ -1, "\"t\":0.000000," }, { NAN, "\"t\":0.000000," },
		{ 0.0000004, "\"t\":0.000000," }, { 3600.5, "\"t\":3600.500000," },
		{ 59.9999999, "\"t\":60.000000," }, { 86400.000001, "\"t\":86400.000001," },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 1);
		struct json_object *obj;
		char *raw;

		obj = json_line(cases[i].t, &r, &raw);
		assert_non_null(strstr(raw, cases[i].text));
		json_object_put(obj);
		free(raw);
	}
}

/* numbers keep a '.' where the locale uses a decimal comma */
static void test_locale(void **state)
{
	static const char *const locales[] = { "de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8",
					       "fr_FR.utf8", "ru_RU.UTF-8", "nl_NL.UTF-8" };
	struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 64);
	struct json_object *obj;
	const char *set = NULL;
	char *raw, *line;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(locales) && !set; i++)
		set = setlocale(LC_NUMERIC, locales[i]);
	if (!set || strcmp(localeconv()->decimal_point, ".") == 0) {
		setlocale(LC_NUMERIC, "C");
		skip();
	}
	obj = json_line(1.5, &r, &raw);
	line = text_line(1.5, &r);
	setlocale(LC_NUMERIC, "C");
	assert_non_null(strstr(raw, "\"t\":1.500000,"));
	assert_non_null(strstr(line, "1.500000"));
	assert_non_null(strstr(line, "12.345 us"));
	json_object_put(obj);
	free(raw);
	free(line);
}

/* a stream that cannot be written: every printer says so */
static void test_write_error(void **state)
{
	struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 64);
	char buf[16] = "";
	FILE *f;

	(void)state;
	f = fmemopen(buf, sizeof(buf), "r");
	assert_non_null(f);
	assert_true(events__print_text(f, 1, &r) < 0);
	assert_true(events__print_text_header(f) < 0);
	assert_true(events__print_json(f, 1, &r) < 0);
	fclose(f);
}

/* a sink that fails only on writes holding a '~': the comm below */
static ssize_t tilde_fails_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	return memchr(buf, '~', size) ? -1 : (ssize_t)size;
}

/* a write error in the middle of a JSON line (the comm) is reported too */
static void test_json_write_error_in_comm(void **state)
{
	cookie_io_functions_t io = { .write = tilde_fails_write };
	struct mmsg_call_record r = make_rec(MMSG_SYS_SENDMMSG, 64);
	FILE *f;

	(void)state;
	f = fopencookie(NULL, "w", io);
	assert_non_null(f);
	setvbuf(f, NULL, _IONBF, 0);	/* every write reaches the sink at once */
	assert_true(events__print_json(f, 1, &r) >= 0);
	memcpy(r.comm, "a~b", 4);
	assert_true(events__print_json(f, 1, &r) < 0);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syscall_names),
		cmocka_unit_test(test_parse_syscalls_good),
		cmocka_unit_test(test_parse_syscalls_errors),
		cmocka_unit_test(test_parse_syscalls_hostile_entry),
		cmocka_unit_test(test_msgs),
		cmocka_unit_test(test_flags_basic),
		cmocka_unit_test(test_flags_all_names),
		cmocka_unit_test(test_flags_match_libc),
		cmocka_unit_test(test_flags_truncation),
		cmocka_unit_test(test_escape_ascii),
		cmocka_unit_test(test_escape_utf8),
		cmocka_unit_test(test_escape_maxlen_without_nul),
		cmocka_unit_test(test_escape_small_buffer),
		cmocka_unit_test(test_escape_every_byte),
		cmocka_unit_test(test_escape_random),
		cmocka_unit_test(test_text_sendmmsg),
		cmocka_unit_test(test_text_pieces),
		cmocka_unit_test(test_text_recvmmsg),
		cmocka_unit_test(test_text_single_sends),
		cmocka_unit_test(test_text_errors),
		cmocka_unit_test(test_text_time_and_latency),
		cmocka_unit_test(test_text_flags_and_unknown_syscall),
		cmocka_unit_test(test_text_hostile_comm),
		cmocka_unit_test(test_text_header),
		cmocka_unit_test(test_json_success),
		cmocka_unit_test(test_json_error),
		cmocka_unit_test(test_json_each_syscall),
		cmocka_unit_test(test_json_unknown_syscall),
		cmocka_unit_test(test_json_hostile_comm),
		cmocka_unit_test(test_json_time),
		cmocka_unit_test(test_locale),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_json_write_error_in_comm),
	};

	return cmocka_run_group_tests_name("events", tests, NULL, NULL);
}
