// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for user/common/names.c and common/record.h */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "common/names.h"
#include "common/record.h"
#include "helpers.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* exact, case-sensitive lookup of a whole name; -1 for NULL */
static int syscall_from_name(const char *s)
{
	return s ? names__find_span(&names_syscall, s, strlen(s)) : -1;
}

/* ------------------------------------------------------------------------ */
/* syscall names                                                            */

static void test_syscall_names(void **state)
{
	static const char *const names[] = { "sendmmsg", "recvmmsg", "sendto", "sendmsg",
					     "recvfrom", "recvmsg", "write", "writev" };

	(void)state;
	assert_int_equal(ARRAY_LEN(names), MMSG_SYS_COUNT);
	assert_string_equal(names__syscall(MMSG_SYS_SENDMMSG), "sendmmsg");
	assert_string_equal(names__syscall(MMSG_SYS_RECVMMSG), "recvmmsg");
	assert_string_equal(names__syscall(MMSG_SYS_SENDTO), "sendto");
	assert_string_equal(names__syscall(MMSG_SYS_SENDMSG), "sendmsg");
	assert_string_equal(names__syscall(MMSG_SYS_RECVFROM), "recvfrom");
	assert_string_equal(names__syscall(MMSG_SYS_RECVMSG), "recvmsg");
	assert_string_equal(names__syscall(MMSG_SYS_WRITE), "write");
	assert_string_equal(names__syscall(MMSG_SYS_WRITEV), "writev");
	assert_null(names__syscall(MMSG_SYS_COUNT));
	assert_null(names__syscall(100));
	assert_null(names__syscall(UINT_MAX));
	for (unsigned i = 0; i < MMSG_SYS_COUNT; i++) {
		assert_int_equal(syscall_from_name(names[i]), (int)i);
		assert_string_equal(names__syscall(i), names[i]);
	}
	assert_int_equal(syscall_from_name("SENDTO"), -1);
	assert_int_equal(syscall_from_name("Sendmmsg"), -1);
	assert_int_equal(syscall_from_name("sendto "), -1);
	assert_int_equal(syscall_from_name("send"), -1);
	assert_int_equal(syscall_from_name("sendmmsgx"), -1);
	assert_int_equal(syscall_from_name("sendfile"), -1);
	assert_int_equal(syscall_from_name("writ"), -1);
	assert_int_equal(syscall_from_name("Write"), -1);
	assert_int_equal(syscall_from_name(""), -1);
	assert_int_equal(syscall_from_name(NULL), -1);
}

/* ------------------------------------------------------------------------ */
/* messages per call                                                        */

static void test_msgs(void **state)
{
	struct mmsg_call_record r;

	(void)state;
	for (unsigned sc = MMSG_SYS_SENDMMSG; sc <= MMSG_SYS_RECVMMSG; sc++) {
		r = make_rec(sc, 64);
		assert_int_equal(record__msgs(&r), 64);
		r = make_rec(sc, 1);
		assert_int_equal(record__msgs(&r), 1);
		r = make_rec(sc, 0);
		assert_int_equal(record__msgs(&r), 0);
		r = make_rec(sc, -11);
		assert_int_equal(record__msgs(&r), 0);
		r = make_rec(sc, INT32_MIN);
		assert_int_equal(record__msgs(&r), 0);
		r = make_rec(sc, INT32_MAX);
		assert_int_equal(record__msgs(&r), INT32_MAX);
	}
	/* the single calls: sendto, sendmsg, recvfrom, recvmsg, write, writev */
	for (unsigned sc = MMSG_SYS_SENDTO; sc < MMSG_SYS_COUNT; sc++) {
		r = make_rec(sc, 1200);
		assert_int_equal(record__msgs(&r), 1);
		r = make_rec(sc, 0);	/* an empty datagram is still one message */
		assert_int_equal(record__msgs(&r), 1);
		r = make_rec(sc, -11);
		assert_int_equal(record__msgs(&r), 0);
		r = make_rec(sc, -1);
		assert_int_equal(record__msgs(&r), 0);
	}
	r = make_rec(MMSG_SYS_COUNT, 64);
	assert_int_equal(record__msgs(&r), 0);
}

/* which syscalls send, receive, or carry several messages */
static void test_record_kinds(void **state)
{
	static const struct { unsigned sc; bool mmsg, recv; } kinds[] = {
		{ MMSG_SYS_SENDMMSG, true, false }, { MMSG_SYS_RECVMMSG, true, true },
		{ MMSG_SYS_SENDTO, false, false }, { MMSG_SYS_SENDMSG, false, false },
		{ MMSG_SYS_RECVFROM, false, true }, { MMSG_SYS_RECVMSG, false, true },
		{ MMSG_SYS_WRITE, false, false }, { MMSG_SYS_WRITEV, false, false },
	};

	(void)state;
	assert_int_equal(ARRAY_LEN(kinds), MMSG_SYS_COUNT);
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		assert_int_equal(record__is_mmsg(kinds[i].sc), kinds[i].mmsg);
		assert_int_equal(record__is_recv(kinds[i].sc), kinds[i].recv);
		assert_int_equal(record__is_send(kinds[i].sc), !kinds[i].recv);
	}
	assert_false(record__is_send(MMSG_SYS_COUNT));
	assert_false(record__is_recv(MMSG_SYS_COUNT));
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
	char buf[NAMES_FLAGS_LEN];

	memset(buf, 'X', sizeof(buf));
	assert_ptr_equal(names__msg_flags(flags, buf, sizeof(buf)), buf);
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
	char expected[512] = "", buf[NAMES_FLAGS_LEN];
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
	assert_true(strlen(expected) < NAMES_FLAGS_LEN);
	names__msg_flags(0xffffffff, buf, sizeof(buf));
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
	char full[NAMES_FLAGS_LEN], buf[NAMES_FLAGS_LEN + 8];
	size_t full_len;

	(void)state;
	names__msg_flags(0xffffffff, full, sizeof(full));
	full_len = strlen(full);
	for (size_t len = 1; len <= full_len + 2; len++) {
		size_t n;

		memset(buf, 'X', sizeof(buf));
		assert_ptr_equal(names__msg_flags(0xffffffff, buf, len), buf);
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
	assert_string_equal(names__msg_flags(0, buf, 1), "");
	assert_string_equal(names__msg_flags(0, buf, 2), "0");
	/* nothing to write to */
	memset(buf, 'X', sizeof(buf));
	assert_string_equal(names__msg_flags(0x40, buf, 0), "");
	assert_int_equal(buf[0], 'X');
	assert_string_equal(names__msg_flags(0x40, NULL, 16), "");
}


int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syscall_names),
		cmocka_unit_test(test_msgs),
		cmocka_unit_test(test_record_kinds),
		cmocka_unit_test(test_flags_basic),
		cmocka_unit_test(test_flags_all_names),
		cmocka_unit_test(test_flags_match_libc),
		cmocka_unit_test(test_flags_truncation),
	};

	return cmocka_run_group_tests_name("names", tests, NULL, NULL);
}
