/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Reading the kernel's per-call records (bpf/mmsgtrace.h): what a record's
 * return value means for each syscall.
 */
#ifndef MMSGTRACE_COMMON_RECORD_H
#define MMSGTRACE_COMMON_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "common/contract.h"

/* sendmmsg and recvmmsg return messages; sendto and sendmsg return bytes */
static inline bool record__is_mmsg(uint32_t syscall)
{
	return syscall == MMSG_SYS_SENDMMSG || syscall == MMSG_SYS_RECVMMSG;
}

/*
 * Messages a call carried: sendmmsg/recvmmsg: ret when ret > 0 else 0;
 * sendto/sendmsg: 1 when ret >= 0 else 0; an unknown syscall index: 0.
 */
static inline uint32_t record__msgs(const struct mmsg_call_record *r)
{
	if (record__is_mmsg(r->syscall))
		return r->ret > 0 ? (uint32_t)r->ret : 0;
	if (r->syscall == MMSG_SYS_SENDTO || r->syscall == MMSG_SYS_SENDMSG)
		return r->ret >= 0 ? 1 : 0;
	return 0;
}

#endif /* MMSGTRACE_COMMON_RECORD_H */
