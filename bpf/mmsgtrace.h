/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The contract between the BPF programs and userspace.
 *
 * Compiled on both sides: no includes, only __u32/__u64 and fixed arrays.
 * Every ring-buffer record starts with a `type` field so the consumer can
 * dispatch with one switch.
 */
#ifndef MMSGTRACE_H
#define MMSGTRACE_H

#define MMSG_COMM_LEN 16
/* the kernel caps sendmmsg's vlen at UIO_MAXIOV */
#define MMSG_UIO_MAXIOV 1024
/* errno values >= this are folded into the last slot of the errno table */
#define MMSG_ERRNO_SLOTS 1024
/* in-flight table size: threads that can be inside sendmmsg at once */
#define MMSG_MAX_INFLIGHT 16384

enum mmsg_record_type {
	MMSG_REC_CALL = 1,
};

/* One record per completed sendmmsg call (written at syscall exit). */
struct mmsg_call_record {
	__u32 type;		/* MMSG_REC_CALL */
	__u32 cpu;		/* CPU the call exited on */
	__u64 enter_ns;		/* bpf_ktime_get_ns() at syscall entry */
	__u64 latency_ns;	/* exit - entry */
	__u64 bytes;		/* sum of msg_len over the ret sent messages */
	__u32 pid;		/* tgid */
	__u32 tid;
	__s32 fd;
	__u32 vlen;		/* as requested by the caller (may exceed 1024) */
	__u32 flags;
	__s32 ret;		/* messages sent, or -errno */
	char comm[MMSG_COMM_LEN];
};

/*
 * In-kernel totals, one per CPU in a per-CPU array; userspace sums them.
 * They are exact whatever happens to the ring buffer.
 */
struct mmsg_totals {
	__u64 calls;		/* completed calls (enter and exit seen) */
	__u64 msgs;		/* sum of ret over successful calls */
	__u64 bytes;		/* sum of msg_len over sent messages */
	__u64 errors;		/* calls that returned -errno */
	__u64 partial;		/* 0 < ret < min(vlen, 1024) */
	__u64 latency_ns;	/* sum of call latencies */
	__u64 lost_events;	/* ring-buffer reservations that failed */
	__u64 inflight_overflow; /* entries the in-flight table could not hold */
	__u64 exit_unmatched;	/* exits whose entry was not seen */
	__u64 bytes_read_faults; /* msg_len reads that faulted (bytes undercounted) */
};

/* Kernel-side copy of the user ABI struct mmsghdr (x86_64 layout). */
#define MMSG_MMSGHDR_SIZE 64
#define MMSG_MSG_LEN_OFFSET 56

#endif /* MMSGTRACE_H */
