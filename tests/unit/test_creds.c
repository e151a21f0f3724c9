// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for user/core/creds.c: who the sudo user is. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>

#include "core/creds.h"

static void test_sudo_user(void **state)
{
	static const struct {
		const char *uid, *gid;
		bool ok;
		uint32_t want_uid, want_gid;
	} cases[] = {
		{ "1000", "1000", true, 1000, 1000 },
		{ "65534", "0", true, 65534, 0 },	/* group root is allowed, user root is not */
		{ "0", "0", false, 0, 0 },
		{ NULL, "1000", false, 0, 0 },
		{ "1000", NULL, false, 0, 0 },
		{ "", "1000", false, 0, 0 },
		{ "10x", "1000", false, 0, 0 },
		{ "-1", "1000", false, 0, 0 },
		{ "4294967295", "1000", false, 0, 0 },	/* (uid_t)-1 means "unchanged" */
		{ "1000", "4294967295", false, 0, 0 },
		{ "99999999999999999999", "1", false, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct creds user = { .uid = 7, .gid = 7 };
		bool ok = creds__parse_sudo(cases[i].uid, cases[i].gid, &user);

		if (ok != cases[i].ok)
			fail_msg("SUDO_UID=%s SUDO_GID=%s: got %d", cases[i].uid ? cases[i].uid : "(unset)",
				 cases[i].gid ? cases[i].gid : "(unset)", ok);
		assert_int_equal(user.uid, ok ? cases[i].want_uid : 7);
		assert_int_equal(user.gid, ok ? cases[i].want_gid : 7);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sudo_user),
	};

	return cmocka_run_group_tests_name("creds", tests, NULL, NULL);
}
