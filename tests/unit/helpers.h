/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* What several unit tests use: a typical call record, and the check that
 * text is safe on a terminal. Include after <cmocka.h>. */
#ifndef MMSGTRACE_TESTS_UNIT_HELPERS_H
#define MMSGTRACE_TESTS_UNIT_HELPERS_H

#include <string.h>

#include "common/contract.h"

/* a typical sendmmsg record; tests change what they look at */
static __attribute__((unused)) struct mmsg_call_record make_rec(unsigned sc, int32_t ret)
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

	/* the single-message calls: one message of ret bytes */
	if (sc != MMSG_SYS_SENDMMSG && sc != MMSG_SYS_RECVMMSG) {
		r.vlen = 1;
		r.bytes = ret > 0 ? (uint64_t)ret : 0;
	}
	if (ret < 0)
		r.bytes = 0;
	return r;
}

/* no raw control byte (the final newline aside), no DEL, no UTF-8 C1 control */
static __attribute__((unused)) void assert_terminal_safe(const char *s)
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

#endif /* MMSGTRACE_TESTS_UNIT_HELPERS_H */
