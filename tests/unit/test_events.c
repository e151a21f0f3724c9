// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for user/report/events.c */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

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

#include "common/names.h"
#include "common/record.h"
#include "common/text.h"
#include "report/events.h"
#include "helpers.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

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

		snprintf(name, sizeof(name), " %s ", names__syscall(sc));
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
			assert_json_str(obj, "syscall", names__syscall(sc));
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
