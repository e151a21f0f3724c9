// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Unit tests for observe mode's idle hint in words (report/idle_hint.c) and
 * the syscall numbers it names (common/syscall_nr.c): the busiest syscalls
 * of a census with their exact counts, in order; the --syscalls that would
 * watch what can be watched; the census slot of the rest; a census that
 * saw a watched call.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "common/contract.h"
#include "common/names.h"
#include "common/syscall_nr.h"
#include "report/idle_hint.h"

static uint64_t counts[MMSG_CENSUS_SLOTS];

static const char *hint(unsigned mask, char *buf, size_t len)
{
	struct idle_hint h = {
		.who = "pid 42 (loop)", .idle_s = 5, .window_s = 1.02, .counts = counts,
		.syscall_mask = mask,
	};

	return idle_hint__text(&h, buf, len);
}

static int setup(void **state)
{
	(void)state;
	memset(counts, 0, sizeof(counts));
	return 0;
}

static void test_numbers_and_names(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(syscall_nr__name(SYS_getppid), "getppid");
	assert_string_equal(syscall_nr__name(SYS_sendmmsg), "sendmmsg");
#ifdef __x86_64__
	/* arch/x86/entry/syscalls/syscall_64.tbl */
	assert_string_equal(syscall_nr__name(1), "write");
	assert_string_equal(syscall_nr__name(20), "writev");
	assert_string_equal(syscall_nr__name(44), "sendto");
	assert_string_equal(syscall_nr__name(270), "pselect6");
	assert_string_equal(syscall_nr__name(307), "sendmmsg");
#endif
	assert_null(syscall_nr__name(-1));
	assert_null(syscall_nr__name(100000));
	assert_string_equal(syscall_nr__label(SYS_read, buf, sizeof(buf)), "read");
	assert_string_equal(syscall_nr__label(100000, buf, sizeof(buf)), "syscall 100000");
}

/* every syscall mmsgtrace can watch is found by its number, and only those */
static void test_watchable(void **state)
{
	unsigned found = 0;

	(void)state;
	assert_int_equal(syscall_nr__watchable(SYS_sendto), MMSG_SYS_SENDTO);
	assert_int_equal(syscall_nr__watchable(SYS_recvmmsg), MMSG_SYS_RECVMMSG);
	assert_int_equal(syscall_nr__watchable(SYS_getppid), -1);
	assert_int_equal(syscall_nr__watchable(-1), -1);
	for (long nr = 0; nr < MMSG_CENSUS_SLOTS; nr++) {
		int sc = syscall_nr__watchable(nr);

		if (sc < 0)
			continue;
		assert_true(sc < MMSG_SYS_COUNT);
		assert_string_equal(names__syscall(sc), syscall_nr__name(nr));
		found |= 1u << sc;
	}
	assert_int_equal(found, (1u << MMSG_SYS_COUNT) - 1);
}

/* the busiest three, largest first, exact; none of them watchable */
static void test_busiest(void **state)
{
	char buf[IDLE_HINT_LEN];

	(void)state;
	counts[SYS_getppid] = 1000000;
	counts[SYS_clock_nanosleep] = 1000;
	counts[SYS_futex] = 999;
	counts[SYS_getpid] = 1;
	assert_string_equal(hint(1u << MMSG_SYS_SENDMMSG, buf, sizeof(buf)),
			    "pid 42 (loop) made no watched call in 5.0 s; busiest syscalls in the next "
			    "1.0 s: getppid 1000000, clock_nanosleep 1000, futex 999; mmsgtrace can "
			    "watch none of them");
	/* ties: the lower number first */
	counts[SYS_futex] = 1000;
	hint(1u << MMSG_SYS_SENDMMSG, buf, sizeof(buf));
	if (SYS_futex < SYS_clock_nanosleep)
		assert_non_null(strstr(buf, ": getppid 1000000, futex 1000, clock_nanosleep 1000;"));
	else
		assert_non_null(strstr(buf, ": getppid 1000000, clock_nanosleep 1000, futex 1000;"));
}

/* the watchable syscalls seen and not watched, busiest first, also past the
 * busiest three */
static void test_suggestion(void **state)
{
	char buf[IDLE_HINT_LEN];

	(void)state;
	counts[SYS_sendto] = 41203;
	counts[SYS_getppid] = 41;
	assert_string_equal(hint(1u << MMSG_SYS_SENDMMSG, buf, sizeof(buf)),
			    "pid 42 (loop) made no watched call in 5.0 s; busiest syscalls in the next "
			    "1.0 s: sendto 41203, getppid 41; --syscalls sendto would watch sendto");
	memset(counts, 0, sizeof(counts));
	counts[SYS_futex] = 500;
	counts[SYS_epoll_wait] = 400;
	counts[SYS_getppid] = 300;
	counts[SYS_sendmsg] = 10;
	counts[SYS_recvmsg] = 20;
	counts[SYS_recvmmsg] = 30;
	assert_string_equal(hint(1u << MMSG_SYS_SENDMMSG | 1u << MMSG_SYS_RECVMMSG, buf, sizeof(buf)),
			    "pid 42 (loop) made no watched call in 5.0 s; busiest syscalls in the next "
			    "1.0 s: futex 500, epoll_wait 400, getppid 300; --syscalls recvmsg,sendmsg "
			    "would watch recvmsg and sendmsg");
	counts[SYS_recvfrom] = 5;
	hint(1u << MMSG_SYS_SENDMMSG, buf, sizeof(buf));
	assert_non_null(strstr(buf, "; --syscalls recvmmsg,recvmsg,sendmsg,recvfrom would watch "
				    "recvmmsg, recvmsg, sendmsg and recvfrom"));
}

/* the census's last slot, and numbers the table has no name for */
static void test_other_slot(void **state)
{
	char buf[IDLE_HINT_LEN];

	(void)state;
	counts[MMSG_CENSUS_OTHER] = 7;
	counts[MMSG_CENSUS_OTHER - 1] = 3;
	assert_null(syscall_nr__name(MMSG_CENSUS_OTHER - 1));
	hint(1u << MMSG_SYS_SENDMMSG, buf, sizeof(buf));
	assert_non_null(strstr(buf, "1.0 s: other (ia32 calls, numbers past 510) 7, syscall 510 3; "
				    "mmsgtrace can watch none of them"));
}

/* no syscall at all: blocked in one, or stopped */
static void test_no_syscall(void **state)
{
	char buf[IDLE_HINT_LEN], small[24];

	(void)state;
	assert_string_equal(hint(1, buf, sizeof(buf)),
			    "pid 42 (loop) made no watched call in 5.0 s, and entered no syscall in "
			    "the next 1.0 s: it waits in one (a watched call counts when it returns) "
			    "or is stopped");
	/* cut to the buffer, terminated */
	assert_string_equal(hint(1, small, sizeof(small)), "pid 42 (loop) made no w");
}

/* a watched syscall entered during the census: no hint to give */
static void test_saw_watched(void **state)
{
	(void)state;
	counts[SYS_getppid] = 100;
	assert_false(idle_hint__saw_watched(counts, 1u << MMSG_SYS_SENDTO));
	counts[SYS_sendto] = 1;
	assert_true(idle_hint__saw_watched(counts, 1u << MMSG_SYS_SENDTO));
	assert_false(idle_hint__saw_watched(counts, 1u << MMSG_SYS_SENDMMSG));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_numbers_and_names, setup),
		cmocka_unit_test_setup(test_watchable, setup),
		cmocka_unit_test_setup(test_busiest, setup),
		cmocka_unit_test_setup(test_suggestion, setup),
		cmocka_unit_test_setup(test_other_slot, setup),
		cmocka_unit_test_setup(test_no_syscall, setup),
		cmocka_unit_test_setup(test_saw_watched, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
