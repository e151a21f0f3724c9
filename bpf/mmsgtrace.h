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
/* the ring buffer of per-call records unless --ringbuf-size says otherwise */
#define MMSG_RINGBUF_DEFAULT (16 << 20)
/* the kernel caps sendmmsg's vlen at UIO_MAXIOV */
#define MMSG_UIO_MAXIOV 1024
/* errno values >= this are folded into the last slot of the errno table */
#define MMSG_ERRNO_SLOTS 1024
/* in-flight table size: threads that can be inside sendmmsg at once */
#define MMSG_MAX_INFLIGHT 16384
/* direct-mapped in-flight slots (tid & (this - 1), the slot_mask setting);
 * collisions use the table above. Both maps can be resized before load. */
#define MMSG_INFLIGHT_SLOTS 4096

/* in-kernel table of per-process (or per-thread) totals, observe mode */
#define MMSG_MAX_TASK_TOTALS 8192
/* processes (-p, with the children they fork) or threads (-t) watched */
#define MMSG_MAX_TARGETS 4096
/* sockets of the traced calls noted for drop attribution (note_sockets) */
#define MMSG_MAX_CALL_SOCKETS 16384

/* The syscall census (observe mode's hint: the syscalls targets make that
 * none of the watched ones are): native syscall numbers below
 * MMSG_CENSUS_OTHER are counted one by one; larger ones, and every ia32
 * call, in the last slot, MMSG_CENSUS_OTHER. */
#define MMSG_CENSUS_SLOTS 512
#define MMSG_CENSUS_OTHER (MMSG_CENSUS_SLOTS - 1)

/* Which tasks are traced (read-only setting fixed before load). */
enum mmsg_select {
	MMSG_SELECT_ALL = 0,
	MMSG_SELECT_TGID = 1,		/* one tgid, a constant: the cheapest test (drive mode) */
	MMSG_SELECT_TGID_SET = 2,	/* tgids in the targets map (-p); children followed */
	MMSG_SELECT_TID_SET = 3,	/* tids in the targets map (-t) */
	MMSG_SELECT_COMM = 4,		/* task name equals a 16-byte name (-c) */
	MMSG_SELECT_CGROUP = 5,		/* task in a cgroup v2 directory or below (--cgroup) */
};

/* Per-task totals in the kernel (read-only setting fixed before load). */
enum mmsg_task_totals_mode {
	MMSG_TASK_TOTALS_OFF = 0,
	MMSG_TASK_TOTALS_PER_PROCESS = 1,	/* keyed by (pid, syscall); tid 0 */
	MMSG_TASK_TOTALS_PER_THREAD = 2,	/* keyed by (pid, tid, syscall): --per-thread */
};

/* The syscalls traced; the index of per-syscall tables. */
enum mmsg_syscall {
	MMSG_SYS_SENDMMSG = 0,
	MMSG_SYS_RECVMMSG = 1,
	MMSG_SYS_SENDTO = 2,
	MMSG_SYS_SENDMSG = 3,
	MMSG_SYS_RECVFROM = 4,	/* recv(2) is recvfrom on x86_64 */
	MMSG_SYS_RECVMSG = 5,
	/* write(2) and writev(2) on a datagram socket (the fd is checked at
	 * entry: writes to files, pipes and stream sockets are not traced) */
	MMSG_SYS_WRITE = 6,
	MMSG_SYS_WRITEV = 7,
	MMSG_SYS_COUNT = 8,
};

enum mmsg_record_type {
	MMSG_REC_CALL = 1,	/* struct mmsg_call_record */
	MMSG_REC_TASK = 2,	/* struct mmsg_task_record */
	MMSG_REC_MSG = 3,	/* struct mmsg_msg_record */
};

/*
 * What the BPF side learned of a call at its entry (struct
 * mmsg_call_record.info, bits). Only the receives have them: a receive
 * without MSG_DONTWAIT has its fd's file looked at for O_NONBLOCK. No bit:
 * a send, or a receive that could not block (MSG_DONTWAIT, or O_NONBLOCK).
 */
enum mmsg_call_info {
	MMSG_INFO_COULD_BLOCK = 1,	/* no MSG_DONTWAIT, file not O_NONBLOCK: may wait for data */
	MMSG_INFO_BLOCK_UNKNOWN = 2,	/* no MSG_DONTWAIT, and the fd's file could not be read */
};

/*
 * One record per completed call (written at syscall exit).
 * sendmmsg/recvmmsg: vlen as requested, ret = messages or -errno, bytes =
 * sum of msg_len of the ret messages. sendto/sendmsg/write/writev and the
 * single receives: vlen = 1, ret = bytes or -errno, bytes = ret when ret >= 0.
 */
struct mmsg_call_record {
	__u32 type;		/* MMSG_REC_CALL */
	__u32 cpu;		/* CPU the call exited on */
	__u64 enter_ns;		/* bpf_ktime_get_ns() at syscall entry */
	__u64 latency_ns;	/* exit - entry */
	__u64 bytes;
	__u32 pid;		/* tgid */
	__u32 tid;
	__s32 fd;
	__u32 vlen;		/* as requested by the caller (may exceed 1024) */
	__u32 flags;		/* MSG_* flags argument */
	__s32 ret;
	__u32 syscall;		/* enum mmsg_syscall */
	__u32 info;		/* enum mmsg_call_info bits */
	char comm[MMSG_COMM_LEN];
};

/*
 * Drive mode: per-call records are staged per CPU and go out to the ring
 * buffer MMSG_STAGE_RECORDS at a time (one reservation, one copy), or sooner
 * when the oldest has waited 10 ms (records.bpf.h). A ring-buffer sample may
 * hold several call records back to back. What is still staged when tracing
 * stops is read from the map.
 */
#define MMSG_STAGE_RECORDS 16

struct mmsg_stage {
	__u32 n;		/* records staged */
	__u32 pad;
	__u64 first_ns;		/* exit time of the oldest staged record */
	struct mmsg_call_record recs[MMSG_STAGE_RECORDS];
};

enum mmsg_task_event {
	MMSG_TASK_FORK = 1,	/* a watched process forked: child joins the targets */
	MMSG_TASK_EXIT = 2,	/* a watched process (or -t thread) exited */
};

/* A change in the set of watched processes (observe mode with -p/-t). */
struct mmsg_task_record {
	__u32 type;		/* MMSG_REC_TASK */
	__u32 event;		/* enum mmsg_task_event */
	__u64 ns;		/* bpf_ktime_get_ns() */
	__u32 pid;		/* FORK: the parent's tgid; EXIT: the exiting tgid (tid with -t) */
	__u32 child;		/* FORK: the child's tgid; EXIT: 0 */
	char comm[MMSG_COMM_LEN];
};

/*
 * One record per message of a traced sendmmsg, sendmsg or sendto call, when
 * the msg_records setting asks for them (never in the drive and observe
 * modes): written from the sock_send_length tracepoint as each message is
 * handed to the socket, so before the record of its call (written at exit,
 * and in drive mode staged). (tid, enter_ns) names the call. Messages that
 * fail before they reach the socket (a bad msghdr, an LSM denial) have no
 * record.
 */
struct mmsg_msg_record {
	__u32 type;		/* MMSG_REC_MSG */
	__u32 tid;
	__u64 enter_ns;		/* the call's entry time, as in its call record */
	__u32 pid;		/* tgid */
	__u32 index;		/* the message's index within its call (0 for sendmsg/sendto) */
	__s32 ret;		/* bytes sent, or -errno */
	__u32 syscall;		/* enum mmsg_syscall */
};

/*
 * In-kernel totals, one per syscall per CPU in a per-CPU array; userspace
 * sums them. They are exact whatever happens to the ring buffer.
 * The loss counters (lost_events ... targets_overflow) are counted in the
 * slot of the syscall concerned; those that concern no syscall (unmatched
 * exits, lost fork/exit records, targets_overflow) in the sendmmsg slot.
 */
struct mmsg_totals {
	__u64 calls;		/* completed calls (enter and exit seen) */
	__u64 msgs;		/* messages: ret of mmsg calls, 1 per successful single call */
	__u64 bytes;		/* sum of msg_len (mmsg calls) or of ret (single calls) */
	__u64 errors;		/* calls that returned -errno */
	__u64 partial;		/* mmsg: 0 < ret < min(vlen, 1024); single sends: short write */
	__u64 slots;		/* sum of min(vlen, 1024) over calls: the fill denominator */
	__u64 latency_ns;	/* sum of call latencies */
	__u64 lost_events;	/* ring-buffer reservations that failed */
	__u64 inflight_overflow; /* entries the in-flight table could not hold */
	__u64 exit_unmatched;	/* exits whose entry was not seen */
	__u64 bytes_read_faults; /* msg_len/iovec reads that faulted (bytes or partial undercounted) */
	__u64 task_overflow;	/* calls the per-task totals table could not hold */
	__u64 targets_overflow;	/* forked children not followed: the target set was full */
	/* --hidden-errors (the sendmmsg slot): messages that failed inside sendmmsg
	 * calls that returned > 0. sendmmsg(2) reports an error only when no
	 * message was sent; by errno in the hidden_errnos table */
	__u64 hidden_errors;
	__u64 msg_records_lost;	/* per-message records the ring buffer could not take */
	__u64 sockets_overflow;	/* note_sockets: sockets the call_sockets table could not hold */
};

/*
 * observe mode with drops counted (the note_sockets setting): the datagram
 * socket of each traced call, keyed by its inode (socket:[N]), so that
 * userspace knows whose socket a dropped datagram's was even when the
 * socket was closed before /proc could show it. Written at the call's exit,
 * when a send has bound the socket to its port.
 */
struct mmsg_call_socket {
	__u32 tgid;		/* the process whose call used it (the last one) */
	__u32 netns;		/* the inode of its network namespace */
	__u16 family;		/* AF_INET, AF_INET6, AF_UNIX */
	__u16 port;		/* UDP: its local port (host order); 0 for unix */
	__u32 pad;
};

/* Key of the per-task totals (observe mode). tid is 0 unless --per-thread. */
struct mmsg_task_key {
	__u32 pid;
	__u32 tid;
	__u32 syscall;		/* enum mmsg_syscall */
	__u32 pad;
};

/* Per-task totals: the first fields of struct mmsg_totals, per CPU. */
struct mmsg_task_totals {
	__u64 calls;
	__u64 msgs;
	__u64 bytes;
	__u64 errors;
	__u64 partial;
	__u64 slots;
	__u64 latency_ns;
};

#endif /* MMSGTRACE_H */
