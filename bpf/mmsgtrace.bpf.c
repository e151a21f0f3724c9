// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Tracer of sendmmsg(2), recvmmsg(2), sendto(2), sendmsg(2), recvfrom(2),
 * recvmsg(2), and write(2) and writev(2) on datagram sockets: one
 * ring-buffer record per call plus exact per-CPU totals (per syscall, and in
 * observe mode per process or thread). Two attach modes share the same
 * enter/exit logic:
 *   tp  - tracepoint/syscalls/sys_enter_<name> and sys_exit_<name> (needs
 *         tracefs): one program pair per syscall
 *   raw - tp_btf/sys_enter and tp_btf/sys_exit (BTF-typed raw tracepoints),
 *         filtered by syscall number
 * and both use raw_tp/signal_deliver (interrupted calls), and
 * raw_tp/sched_process_fork and sched_process_exit (the -p/-t target set,
 * the in-flight entries of exiting threads), and with --hidden-errors
 * tp_btf/sock_send_length (each message's result). Observe mode also loads
 * census_enter (tp_btf/sys_enter: every syscall of the targets, by number),
 * which userspace attaches for a short window only, when its hint is due.
 * Userspace turns off autoload of every program it does not use.
 *
 * This file holds the settings and the programs; the logic is in headers by
 * concern, each a set of static __always_inline functions with the maps
 * they own, so that the programs stay one function each:
 *   calls.bpf.h       a call from entry to exit, restarts and signals
 *   inflight.bpf.h    the in-flight table (slots, hash, parked calls)
 *   accounting.bpf.h  per-CPU totals, errno table, per-task totals
 *   records.bpf.h     the ring buffer, the per-CPU stage, task records
 *   bytes.bpf.h       msg_len and iov_len sums from user memory
 *   call_sockets.bpf.h  the sockets of the traced calls (drop attribution)
 *   census.bpf.h      every syscall of the targets by number (the hint)
 *   socket.bpf.h      what a call's fd names (datagram socket, O_NONBLOCK)
 *   filter.bpf.h      which tasks and syscalls are traced
 *   arch.bpf.h        syscall numbers and registers (x86_64)
 *   kernel_cast.bpf.h  plain loads through untyped kernel pointers
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "mmsgtrace.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* settings, fixed before load (read by the headers below) */
const volatile __u32 select_mode = MMSG_SELECT_ALL;	/* enum mmsg_select */
const volatile __u32 target_tgid = 0;
/* NUL-padded, aligned: compared as two words (filter.bpf.h) */
const volatile char target_comm[MMSG_COMM_LEN] __attribute__((aligned(8))) = {};
const volatile __u32 syscall_mask = 1 << MMSG_SYS_SENDMMSG;	/* bit per enum mmsg_syscall */
const volatile __u32 task_totals_mode = MMSG_TASK_TOTALS_OFF;	/* enum mmsg_task_totals_mode */
const volatile __u64 wakeup_bytes = 0;		/* wake the consumer past this backlog */
const volatile __u32 stage_records = 0;		/* drive mode: records go out in batches */
const volatile __u32 slot_mask = MMSG_INFLIGHT_SLOTS - 1;	/* in-flight slot of a tid */
const volatile __u32 hidden_errors = 0;	/* count the message errors sendmmsg hides */
const volatile __u32 msg_records = 0;	/* a record per message of traced send calls */
const volatile __u32 note_sockets = 0;	/* the call_sockets table (drop attribution) */

#include "arch.bpf.h"
#include "calls.bpf.h"
#include "census.bpf.h"
#include "filter.bpf.h"
#include "socket.bpf.h"

/* a receive: whether it could block is learned at entry (socket.bpf.h) */
static __always_inline int enter_recv(__u64 pid_tgid, __u32 sc, __s32 fd, __u64 ptr, __u32 vlen,
				      __u64 len, __u32 flags)
{
	return on_enter(pid_tgid, sc, fd, ptr, vlen, len, flags, recv_block_info(fd, flags));
}

/* write/writev: traced on a datagram socket only. len: write's count,
 * writev's iovcnt (its bytes are summed at exit) */
static __always_inline int enter_write(__u64 pid_tgid, __u32 sc, __s32 fd, __u64 ptr, __u64 len)
{
	if (!fd_is_dgram_socket(fd))
		return on_untraced_enter(pid_tgid);
	return on_enter(pid_tgid, sc, fd, ptr, 1, len, 0, 0);
}

/* tp mode: one program pair per syscall, arguments from the tracepoint.
 * enter: the code that starts the call (on_enter or a check before it).
 * write/writev exits skip the task filter: most are of calls turned away at
 * entry, and on_exit's look at the thread's own entry (a call of that
 * syscall in progress) answers for them with one lookup instead of two. */

#define TP_PAIR(name, sc, enter)                                                        \
	SEC("tracepoint/syscalls/sys_enter_" #name)                                     \
	int tp_enter_##name(struct trace_event_raw_sys_enter *ctx)                      \
	{                                                                               \
		__u64 pid_tgid = bpf_get_current_pid_tgid();                            \
		if (!wanted(pid_tgid))                                                  \
			return 0;                                                       \
		return enter;                                                           \
	}                                                                               \
	SEC("tracepoint/syscalls/sys_exit_" #name)                                      \
	int tp_exit_##name(struct trace_event_raw_sys_exit *ctx)                        \
	{                                                                               \
		__u64 pid_tgid = bpf_get_current_pid_tgid();                            \
		if (!fd_checked_at_entry(sc) && !exit_wanted(pid_tgid))                 \
			return 0;                                                       \
		return on_exit(pid_tgid, ctx->ret, sc);                                 \
	}

#define ARG(n) ctx->args[n]
/* sendmmsg(fd, msgvec, vlen, flags) */
TP_PAIR(sendmmsg, MMSG_SYS_SENDMMSG, on_enter(pid_tgid, MMSG_SYS_SENDMMSG, (__s32)ARG(0), ARG(1),
					      (__u32)ARG(2), 0, (__u32)ARG(3), 0))
/* recvmmsg(fd, msgvec, vlen, flags, timeout) */
TP_PAIR(recvmmsg, MMSG_SYS_RECVMMSG, enter_recv(pid_tgid, MMSG_SYS_RECVMMSG, (__s32)ARG(0), ARG(1),
						(__u32)ARG(2), 0, (__u32)ARG(3)))
/* sendto(fd, buf, len, flags, addr, addrlen) */
TP_PAIR(sendto, MMSG_SYS_SENDTO, on_enter(pid_tgid, MMSG_SYS_SENDTO, (__s32)ARG(0), ARG(1), 1,
					  ARG(2), (__u32)ARG(3), 0))
/* sendmsg(fd, msg, flags) */
TP_PAIR(sendmsg, MMSG_SYS_SENDMSG, on_enter(pid_tgid, MMSG_SYS_SENDMSG, (__s32)ARG(0), ARG(1), 1,
					    0, (__u32)ARG(2), 0))
/* recvfrom(fd, buf, len, flags, addr, addrlen) */
TP_PAIR(recvfrom, MMSG_SYS_RECVFROM, enter_recv(pid_tgid, MMSG_SYS_RECVFROM, (__s32)ARG(0), ARG(1),
						1, ARG(2), (__u32)ARG(3)))
/* recvmsg(fd, msg, flags) */
TP_PAIR(recvmsg, MMSG_SYS_RECVMSG, enter_recv(pid_tgid, MMSG_SYS_RECVMSG, (__s32)ARG(0), ARG(1), 1,
					      0, (__u32)ARG(2)))
/* write(fd, buf, count): every write of the machine passes here, so the
 * task filter comes first and the fd check only then */
TP_PAIR(write, MMSG_SYS_WRITE, enter_write(pid_tgid, MMSG_SYS_WRITE, (__s32)ARG(0), ARG(1),
					   ARG(2)))
/* writev(fd, iov, iovcnt) */
TP_PAIR(writev, MMSG_SYS_WRITEV, enter_write(pid_tgid, MMSG_SYS_WRITEV, (__s32)ARG(0), ARG(1),
					     ARG(2)))

/*
 * raw mode: the raw sys_enter/sys_exit tracepoints, BTF-typed (tp_btf), so
 * the task's registers and task_struct are read with plain loads instead of
 * probe-read helper calls. Every syscall of the system passes here: the
 * syscall number is checked first.
 */

SEC("tp_btf/sys_enter")
int BPF_PROG(raw_enter, struct pt_regs *regs, long id)
{
	int sc = syscall_of(id);
	__u64 pid_tgid;
	__s32 fd;

	if (sc < 0)
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	/* (the driver, the only task of the drive mode, makes no ia32 calls) */
	if (!wanted(pid_tgid) || (select_mode != MMSG_SELECT_TGID && compat_syscall()))
		return 0;
	fd = (__s32)PT_REGS_PARM1_SYSCALL(regs);
	/* sendmmsg(fd, msgvec, vlen, flags) first: drive mode's call */
	if (sc == MMSG_SYS_SENDMMSG)
		return on_enter(pid_tgid, sc, fd, PT_REGS_PARM2_SYSCALL(regs),
				(__u32)PT_REGS_PARM3_SYSCALL(regs), 0,
				(__u32)PT_REGS_PARM4_SYSCALL(regs), 0);
	switch (sc) {
	case MMSG_SYS_SENDTO:
		return on_enter(pid_tgid, sc, fd, PT_REGS_PARM2_SYSCALL(regs), 1,
				PT_REGS_PARM3_SYSCALL(regs), (__u32)PT_REGS_PARM4_SYSCALL(regs), 0);
	case MMSG_SYS_RECVFROM:
		return enter_recv(pid_tgid, sc, fd, PT_REGS_PARM2_SYSCALL(regs), 1,
				  PT_REGS_PARM3_SYSCALL(regs), (__u32)PT_REGS_PARM4_SYSCALL(regs));
	case MMSG_SYS_SENDMSG:
		return on_enter(pid_tgid, sc, fd, PT_REGS_PARM2_SYSCALL(regs), 1, 0,
				(__u32)PT_REGS_PARM3_SYSCALL(regs), 0);
	case MMSG_SYS_RECVMSG:
		return enter_recv(pid_tgid, sc, fd, PT_REGS_PARM2_SYSCALL(regs), 1, 0,
				  (__u32)PT_REGS_PARM3_SYSCALL(regs));
	case MMSG_SYS_RECVMMSG:
		return enter_recv(pid_tgid, sc, fd, PT_REGS_PARM2_SYSCALL(regs),
				  (__u32)PT_REGS_PARM3_SYSCALL(regs), 0,
				  (__u32)PT_REGS_PARM4_SYSCALL(regs));
	default:	/* write, writev */
		return enter_write(pid_tgid, sc, fd, PT_REGS_PARM2_SYSCALL(regs),
				   PT_REGS_PARM3_SYSCALL(regs));
	}
}

SEC("tp_btf/sys_exit")
int BPF_PROG(raw_exit, struct pt_regs *regs, long ret)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	/* the rodata-only filters are cheaper than reading the syscall number */
	bool cheap_filter = select_mode == MMSG_SELECT_ALL || select_mode == MMSG_SELECT_TGID;
	int sc;

	if (cheap_filter && !wanted(pid_tgid))
		return 0;
	sc = syscall_of(SYSCALL_NR_AT_EXIT(regs));
	if (sc < 0)
		return 0;
	/* (write/writev: on_exit's own look answers, as in tp mode) */
	if (!cheap_filter && !fd_checked_at_entry(sc) && !exit_wanted(pid_tgid))
		return 0;
	return on_exit(pid_tgid, ret, sc);
}

/*
 * The syscall census: attached by userspace for a short window only (every
 * syscall of the machine passes here while it is), it counts each syscall
 * the watched tasks enter, by number.
 */
SEC("tp_btf/sys_enter")
int BPF_PROG(census_enter, struct pt_regs *regs, long id)
{
	if (!wanted(bpf_get_current_pid_tgid()))
		return 0;
	census_count(id, compat_syscall());
	return 0;
}

/*
 * --hidden-errors (and message records): every socket send of the machine
 * passes here, once per message of a sendmmsg, from sock_sendmsg_nosec with
 * that message's result. With message records off, a send that succeeded
 * returns at once: only a failed message of a traced sendmmsg matters, and
 * the thread's entry is looked up only then.
 */
SEC("tp_btf/sock_send_length")
int BPF_PROG(sock_send_len, struct sock *sk, int ret, int flags)
{
	__u64 pid_tgid;

	if (ret >= 0 && !msg_records)
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	/* drive mode: another process's send stops at one compare */
	if (select_mode == MMSG_SELECT_TGID && !wanted(pid_tgid))
		return 0;
	return on_message(pid_tgid, ret);
}

/* which handler runs decides whether an interrupted call is restarted.
 * Rare: no cost on the syscall path. */
SEC("raw_tp/signal_deliver")
int raw_signal_deliver(struct bpf_raw_tracepoint_args *ctx)
{
	on_signal(bpf_get_current_pid_tgid(), (struct k_sigaction *)ctx->args[2]);
	return 0;
}

/* -p: a watched process's children are watched too */
SEC("raw_tp/sched_process_fork")
int raw_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx->args[0];
	struct task_struct *child = (struct task_struct *)ctx->args[1];
	__u32 ptgid = BPF_CORE_READ(parent, tgid), ctgid = BPF_CORE_READ(child, tgid);

	/* a new thread shares its tgid: nothing to add */
	if (select_mode != MMSG_SELECT_TGID_SET || ctgid == ptgid || !target_watched(ptgid))
		return 0;
	if (target_add(ctgid)) {
		count_loss(MMSG_SYS_SENDMMSG, targets_overflow);
		return 0;
	}
	if (task_record(MMSG_TASK_FORK, ptgid, ctgid, child))
		count_loss(MMSG_SYS_SENDMMSG, lost_events);
	return 0;
}

/* every mode: the in-flight entry of an exiting thread is reclaimed;
 * -p/-t: exits of watched processes (threads) are reported */
SEC("raw_tp/sched_process_exit")
int raw_task_exit(struct bpf_raw_tracepoint_args *ctx)
{
	/* runs in the exiting thread: current is args[0] */
	struct task_struct *task = (struct task_struct *)ctx->args[0];
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 id;

	on_thread_exit(pid_tgid);
	if (select_mode == MMSG_SELECT_TGID_SET) {
		/* the process is gone when its last thread exits: do_exit
		 * drops signal->live before this tracepoint fires */
		if (BPF_CORE_READ(task, signal, live.counter) != 0)
			return 0;
		id = pid_tgid >> 32;
	} else if (select_mode == MMSG_SELECT_TID_SET) {
		id = (__u32)pid_tgid;
	} else {
		return 0;
	}
	if (!target_remove(id))
		return 0;	/* not watched */
	if (task_record(MMSG_TASK_EXIT, id, 0, task))
		count_loss(MMSG_SYS_SENDMMSG, lost_events);
	return 0;
}
