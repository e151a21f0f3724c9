/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The one architecture-specific file of the BPF side.
 *
 * The syscall arguments come from libbpf's PT_REGS_PARMn_SYSCALL()
 * (bpf_tracing.h): on the typed struct pt_regs * of a tp_btf program they
 * are plain loads. (Not the PT_REGS_PARMn_CORE_SYSCALL() variants: those are
 * probe-read helper calls.) What libbpf has no macro for is here:
 *
 *   SYSCALL_NR_AT_EXIT(regs)   the syscall number at sys_exit (the return
 *                              value has replaced it in the first register)
 *   compat_syscall()           a 32-bit (compat) syscall is running: its
 *                              numbers are not the native ones
 *   NR_SENDMMSG, NR_RECVMMSG, NR_SENDTO, NR_SENDMSG, NR_RECVFROM, NR_RECVMSG,
 *   NR_WRITE, NR_WRITEV        the native syscall numbers (raw mode)
 */
#ifndef MMSG_ARCH_BPF_H
#define MMSG_ARCH_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

#if defined(__TARGET_ARCH_x86)

#define SYSCALL_NR_AT_EXIT(regs) ((regs)->orig_ax)

/* set in thread_info.status while an ia32 syscall runs, from entry to the
 * return to user mode; ia32 numbers collide with x86_64's (46 is setgid) */
#define TS_COMPAT 0x0002

static __always_inline bool compat_syscall(void)
{
	return bpf_get_current_task_btf()->thread_info.status & TS_COMPAT;
}

/* arch/x86/entry/syscalls/syscall_64.tbl (ia32 uses 1 for exit, 20 for
 * getpid: compat_syscall() tells them apart) */
#define NR_WRITE 1
#define NR_WRITEV 20
#define NR_SENDTO 44
#define NR_RECVFROM 45
#define NR_SENDMSG 46
#define NR_RECVMSG 47
#define NR_RECVMMSG 299
#define NR_SENDMMSG 307

#else
#error "arch.bpf.h knows x86_64 only: for this architecture add SYSCALL_NR_AT_EXIT (the register with the syscall number at exit), compat_syscall() (or one that returns false), NR_SENDMMSG/NR_RECVMMSG/NR_SENDTO/NR_SENDMSG/NR_RECVFROM/NR_RECVMSG/NR_WRITE/NR_WRITEV, and check that its PT_REGS_PARMn_SYSCALL are plain loads; then add a vmlinux.h for it (make vmlinux)"
#endif

#endif /* MMSG_ARCH_BPF_H */
