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

/* sendmmsg and recvmmsg return messages; the others return bytes */
static inline bool record__is_mmsg(uint32_t syscall)
{
	return syscall == MMSG_SYS_SENDMMSG || syscall == MMSG_SYS_RECVMMSG;
}

/* recvmmsg, recvfrom and recvmsg receive; the others send */
static inline bool record__is_recv(uint32_t syscall)
{
	return syscall == MMSG_SYS_RECVMMSG || syscall == MMSG_SYS_RECVFROM ||
	       syscall == MMSG_SYS_RECVMSG;
}

/* a send syscall (sendmmsg, sendto, sendmsg, write, writev); false for an
 * unknown index */
static inline bool record__is_send(uint32_t syscall)
{
	return syscall < MMSG_SYS_COUNT && !record__is_recv(syscall);
}

/*
 * The kernel's "partial" counter of syscall sc (struct mmsg_totals) holds,
 * for the sends, the calls that sent some but not all (0 < ret < the batch,
 * or a short write); for recvmmsg, the returns of fewer messages than vlen,
 * which are normal for a receive: "short", its own figure. (recvfrom and
 * recvmsg count neither.)
 */
static inline uint64_t record__partial(uint32_t syscall, uint64_t counter)
{
	return record__is_recv(syscall) ? 0 : counter;
}

static inline uint64_t record__short(uint32_t syscall, uint64_t counter)
{
	return record__is_recv(syscall) ? counter : 0;
}

/*
 * Messages a call carried: sendmmsg/recvmmsg: ret when ret > 0 else 0;
 * the single calls (sendto, sendmsg, recvfrom, recvmsg, write, writev): 1
 * when ret >= 0 else 0; an unknown syscall index: 0.
 */
static inline uint32_t record__msgs(const struct mmsg_call_record *r)
{
	if (record__is_mmsg(r->syscall))
		return r->ret > 0 ? (uint32_t)r->ret : 0;
	if (r->syscall < MMSG_SYS_COUNT)
		return r->ret >= 0 ? 1 : 0;
	return 0;
}

#endif /* MMSGTRACE_COMMON_RECORD_H */
