/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A traced call from its entry to its exit: the in-flight entry, the bytes
 * and totals of the result, its record, and what signals do in between.
 *
 * Interrupted calls count as the caller saw them. A restart code at exit
 * (a signal arrived while the call waited) is not the call's result yet.
 * Without a handler (SIGSTOP, ptrace, an ignored signal) or with an
 * SA_RESTART one, the kernel restarts the call: it enters again with the
 * same arguments and goes on as one call, whose latency counts from the
 * first entry. When a handler without SA_RESTART is about to run, the caller
 * gets EINTR: signal_deliver (on_signal) sees which.
 *
 * With --hidden-errors (or message records), sock_send_length (on_message)
 * notes what each message of the call did; the exit counts a message error
 * that sendmmsg did not report.
 *
 * write and writev are traced only on datagram sockets: the entry checks the
 * fd (socket.bpf.h) and starts no call for the others, whose exits then find
 * none in progress (on_untraced_enter, fd_checked_at_entry).
 *
 * Reads the settings hidden_errors, msg_records and note_sockets
 * (mmsgtrace.bpf.c).
 */
#ifndef MMSG_CALLS_BPF_H
#define MMSG_CALLS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "accounting.bpf.h"
#include "arch.bpf.h"
#include "bytes.bpf.h"
#include "call_sockets.bpf.h"
#include "inflight.bpf.h"
#include "mmsgtrace.h"
#include "records.bpf.h"

/* errno values (vmlinux.h has no macros) */
#define EINTR 4
#define ERESTARTSYS 512			/* first of the kernel's restart codes */
#define ERESTARTNOINTR 513		/* restarted even after a handler */
#define ERESTART_RESTARTBLOCK 516	/* last of them */
#define SA_RESTART 0x10000000

/* a finished call (in: a copy of it) into the totals, and its record out;
 * entry: the thread's in-flight entry (its per-task slots) */
static __always_inline void call_done(__u64 pid_tgid, const struct inflight *in,
				      struct inflight *entry, long ret, __u64 end_ns, __u64 msgs,
				      __u64 bytes, bool partial, __u32 faults)
{
	__u64 latency = end_ns - in->enter_ns;
	struct mmsg_totals *t = count_call(pid_tgid, in->syscall, in->vlen, ret, latency, msgs,
					   bytes, partial, faults, entry);

	if (t)
		record_call(pid_tgid, in, ret, end_ns, latency, bytes, t);
}

/* A call that returned a restart code and was not restarted: EINTR. */
static __always_inline void count_interrupted(__u64 pid_tgid, struct inflight *found)
{
	struct inflight in = *found;

	inflight_idle(found);
	call_done(pid_tgid, &in, found, -EINTR, in.restart_ns, 0, 0, false, 0);
}

static __always_inline bool same_call(const struct inflight *in, __u32 sc, __s32 fd, __u64 ptr,
				      __u32 vlen, __u64 len, __u32 flags)
{
	return in->syscall == sc && in->fd == fd && in->ptr == ptr && in->vlen == vlen &&
	       in->len == len && in->flags == flags;
}

/*
 * Another call enters while the thread's traced call waits for its restart
 * (it returned a restart code): once a handler with SA_RESTART runs, the
 * waiting call is set aside until the kernel restarts it; before any handler
 * decided, it is taken to have failed with EINTR. Either way the entry is
 * idle afterwards.
 */
static __always_inline void set_aside_waiting(__u64 pid_tgid, struct inflight *in)
{
	if (in->restart_decided && !inflight_park((__u32)pid_tgid, in))
		inflight_idle(in);
	else
		count_interrupted(pid_tgid, in);
}

/*
 * A thread's in-flight entry is created on its first call and then reused in
 * place: enter_ns != 0 marks a call in progress. Updating in place avoids a
 * hash insert and delete per call, the largest part of the per-call cost.
 * info: enum mmsg_call_info bits the caller learned (socket.bpf.h).
 */
static __always_inline int on_enter(__u64 pid_tgid, __u32 sc, __s32 fd, __u64 ptr, __u32 vlen,
				    __u64 len, __u32 flags, __u32 info)
{
	__u32 tid = (__u32)pid_tgid;
	struct inflight *in = inflight_find(tid);

	if (in && in->enter_ns && in->restart_ns) {
		/* the kernel restarting the interrupted call: it goes on, and its
		 * latency counts from the first entry */
		if (same_call(in, sc, fd, ptr, vlen, len, flags)) {
			restart_clear(in);
			return 0;
		}
		set_aside_waiting(pid_tgid, in);
	} else if (in && in->has_parked) {
		struct inflight *p = inflight_parked(tid);

		/* the set-aside call, restarted after its handler returned */
		if (p && same_call(p, sc, fd, ptr, vlen, len, flags)) {
			*in = *p;
			restart_clear(in);
			in->has_parked = 0;
			inflight_unpark(tid);
			return 0;
		}
	}
	if (!in) {
		/* first call of this thread: make its entry (once) */
		if (!(in = inflight_make(tid))) {
			count_loss(sc, inflight_overflow);
			return 0;
		}
	}
	in->ptr = ptr;
	in->len = len;
	in->fd = fd;
	in->vlen = vlen;
	in->flags = flags;
	in->syscall = sc;
	in->info = info;
	if (hidden_errors || msg_records)
		in->msg_state = 0;
	in->enter_ns = bpf_ktime_get_ns();
	return 0;
}

/*
 * A write or writev the fd check turned away (not a datagram socket): it is
 * not traced, and its exit finds no call in progress. But it is another call
 * for a traced one that waits for its restart (a signal handler writing to a
 * file), as on_enter would see it.
 */
static __always_inline int on_untraced_enter(__u64 pid_tgid)
{
	struct inflight *in = inflight_find((__u32)pid_tgid);

	if (in && in->enter_ns && in->restart_ns)
		set_aside_waiting(pid_tgid, in);
	return 0;
}

/* write and writev are traced on datagram sockets only (checked at entry) */
static __always_inline bool fd_checked_at_entry(__u32 sc)
{
	return sc == MMSG_SYS_WRITE || sc == MMSG_SYS_WRITEV;
}

/* the exit of a call of syscall sc (enum mmsg_syscall) */
static __always_inline int on_exit(__u64 pid_tgid, long ret, __u32 sc)
{
	__u64 now = bpf_ktime_get_ns(), bytes = 0, msgs = 0;
	__u32 tid = (__u32)pid_tgid, faults = 0, slots;
	struct inflight *found, in;
	bool partial = false;

	found = inflight_find(tid);
	/* write/writev: a call turned away at entry (a file, a pipe, a stream
	 * socket) finds none in progress, or one of another syscall waiting for
	 * its restart (left alone) */
	if (fd_checked_at_entry(sc) && (!found || !found->enter_ns || found->syscall != sc))
		return 0;
	if (!found || !found->enter_ns) {
		/* a 32-bit syscall whose number matched left no entry (enter
		 * skipped it): checked only here, off the common path */
		if (compat_syscall())
			return 0;
		/* the entry was not seen (started before attach, or overflow):
		 * counted against sendmmsg, the syscall of the drive mode */
		count_loss(MMSG_SYS_SENDMMSG, exit_unmatched);
		return 0;
	}
	/* not the result yet: restarted, or EINTR (on_signal decides) */
	if (ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK) {
		found->restart_ns = now;
		found->restart_code = -ret;
		found->restart_decided = 0;
		/* a restarted call sends its messages again, from the first */
		if (hidden_errors || msg_records)
			found->msg_state = 0;
		return 0;
	}
	in = *found;
	inflight_idle(found);
	if (note_sockets)
		note_socket(pid_tgid, found, in.syscall, in.fd);
	slots = in.vlen < MMSG_UIO_MAXIOV ? in.vlen : MMSG_UIO_MAXIOV;

	if (ret < 0) {
		/* counted by count_call */
	} else if (in.syscall == MMSG_SYS_SENDMMSG || in.syscall == MMSG_SYS_RECVMMSG) {
		msgs = ret;
		if (ret > 0)
			bytes = mmsg_bytes(in.ptr, ret < MMSG_UIO_MAXIOV ? (__u32)ret : MMSG_UIO_MAXIOV,
					   &faults);
		partial = ret > 0 && (__u64)ret < slots;
		/* a message failed, yet the call returned the ones sent before it */
		if (hidden_errors && in.msg_err && ret > 0 && in.syscall == MMSG_SYS_SENDMMSG)
			count_hidden(in.msg_err);
	} else if (in.syscall == MMSG_SYS_RECVFROM || in.syscall == MMSG_SYS_RECVMSG) {
		/* one datagram of ret bytes (0: an empty one) */
		msgs = 1;
		bytes = ret;
	} else {
		/* sendto/sendmsg/write/writev: one message of ret bytes; short
		 * when fewer bytes went than were asked for */
		msgs = 1;
		bytes = ret;
		if (in.syscall == MMSG_SYS_SENDMSG)
			in.len = msghdr_bytes(in.ptr, &faults);
		else if (in.syscall == MMSG_SYS_WRITEV)
			in.len = iovec_bytes(in.ptr, in.len, &faults);
		partial = (__u64)ret < in.len;
	}
	call_done(pid_tgid, &in, found, ret, now, msgs, bytes, partial, faults);
	return 0;
}

/*
 * A message handed to a socket (the sock_send_length hook), with its result.
 * A thread is in one syscall at a time, so a send while its entry is open is
 * a message of that call. Not while a restart is pending: the thread may then
 * run a signal handler, whose own sends belong to no traced call.
 * Only sendmmsg hides a message's error (it returns the messages sent before
 * the failing one); at most one fails per call, as the call stops there.
 */
static __always_inline int on_message(__u64 pid_tgid, long ret)
{
	struct inflight *in = inflight_find((__u32)pid_tgid);

	if (!in || !in->enter_ns || in->restart_ns || in->syscall == MMSG_SYS_RECVMMSG ||
	    in->syscall == MMSG_SYS_RECVFROM || in->syscall == MMSG_SYS_RECVMSG)
		return 0;
	if (msg_records && record_msg(pid_tgid, in, in->msg_index++, ret))
		count_loss(in->syscall, msg_records_lost);
	if (ret < 0 && in->syscall == MMSG_SYS_SENDMMSG)
		in->msg_err = ret;
	return 0;
}

/*
 * A signal is being delivered to a thread whose call returned a restart code:
 * with a handler that does not ask for SA_RESTART, the call ends with EINTR
 * (ERESTARTNOINTR calls are restarted anyway); with SA_RESTART it will be
 * restarted once the handler returns, and calls the handler makes meanwhile
 * set it aside (on_enter). Default actions restart the call (stop, ignore)
 * or end the thread (on_thread_exit counts it then).
 */
static __always_inline void on_signal(__u64 pid_tgid, struct k_sigaction *ka)
{
	struct inflight *in = inflight_find((__u32)pid_tgid);
	unsigned long handler, flags;

	/* only the first handler decides: the kernel rewrites the return
	 * value for it, and later signals find no syscall to restart */
	if (!in || !in->enter_ns || !in->restart_ns || in->restart_decided)
		return;
	handler = (unsigned long)BPF_CORE_READ(ka, sa.sa_handler);
	flags = BPF_CORE_READ(ka, sa.sa_flags);
	/* SIG_DFL is 0, SIG_IGN 1: no handler runs, nothing is decided yet */
	if (handler <= 1)
		return;
	if (in->restart_code == ERESTARTNOINTR ||
	    (in->restart_code == ERESTARTSYS && (flags & SA_RESTART)))
		in->restart_decided = 1;
	else
		count_interrupted(pid_tgid, in);
}

/* The thread exits: a call it left interrupted (cut short by the signal that
 * ends it, or parked) counts as EINTR, and its in-flight entry is reclaimed
 * (a dead thread's entry would hold a slot until the end). */
static __always_inline void on_thread_exit(__u64 pid_tgid)
{
	__u32 tid = (__u32)pid_tgid;
	struct inflight *in = inflight_find(tid);

	if (!in)
		return;
	if (in->enter_ns && in->restart_ns)
		count_interrupted(pid_tgid, in);
	if (in->has_parked) {
		struct inflight *p = inflight_parked(tid);

		if (p)
			count_interrupted(pid_tgid, p);
		inflight_unpark(tid);
	}
	inflight_release(tid);
}

#endif /* MMSG_CALLS_BPF_H */
