// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * sendmmsg(2) tracer: one ring-buffer record per call plus exact per-CPU
 * totals. Two attach modes share the same enter/exit logic:
 *   tp  - syscalls:sys_enter_sendmmsg / sys_exit_sendmmsg (needs tracefs)
 *   raw - raw_tp/sys_enter and raw_tp/sys_exit, filtered by syscall number
 * Userspace turns off autoload of the pair it does not use.
 *
 * Syscall tracepoint probes run with preemption disabled, so plain adds to
 * per-CPU values cannot interleave with another writer on the same CPU.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "mmsgtrace.h"

#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* settings, fixed before load */
const volatile __u32 target_tgid = 0;		/* 0 = every process */
const volatile __s64 sendmmsg_nr = 307;		/* __NR_sendmmsg on x86_64 */
const volatile __u64 wakeup_bytes = 0;		/* wake the consumer past this backlog */

/* errno values (vmlinux.h has no macros) */
#define EINTR 4
#define ERESTARTSYS 512			/* first of the kernel's restart codes */
#define ERESTART_RESTARTBLOCK 516	/* last of them */

/* msg_len of this many mmsghdr entries is read with one probe read */
#define CHUNK 32

struct inflight {
	__u64 enter_ns;
	__u64 vec;		/* user address of the mmsghdr array */
	__s32 fd;
	__u32 vlen;
	__u32 flags;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MMSG_MAX_INFLIGHT);
	__type(key, __u32);		/* tid */
	__type(value, struct inflight);
} inflight SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);	/* resized by userspace before load */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mmsg_totals);
} totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MMSG_ERRNO_SLOTS);
	__type(key, __u32);
	__type(value, __u64);
} errnos SEC(".maps");

struct scratch {
	__u8 buf[CHUNK * MMSG_MMSGHDR_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

static __always_inline struct mmsg_totals *my_totals(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&totals, &zero);
}

/*
 * A thread's in-flight entry is created on its first call and then reused in
 * place: enter_ns != 0 marks a call in progress. Updating in place avoids a
 * hash insert and delete per call, the largest part of the per-call cost.
 */
static __always_inline int on_enter(__u64 pid_tgid, __s32 fd, __u64 vec, __u32 vlen,
				    __u32 flags)
{
	static const struct inflight idle = {};
	__u32 tid = (__u32)pid_tgid;
	struct inflight *in = bpf_map_lookup_elem(&inflight, &tid);

	if (!in) {
		/* first call of this thread: make its entry (once) */
		if (bpf_map_update_elem(&inflight, &tid, &idle, BPF_NOEXIST) ||
		    !(in = bpf_map_lookup_elem(&inflight, &tid))) {
			struct mmsg_totals *t = my_totals();

			if (t)
				t->inflight_overflow++;
			return 0;
		}
	}
	in->vec = vec;
	in->fd = fd;
	in->vlen = vlen;
	in->flags = flags;
	in->enter_ns = bpf_ktime_get_ns();
	return 0;
}

struct sum_ctx {
	__u64 vec;
	__u64 bytes;
	__u32 n;
	__u32 faults;
	struct scratch *s;
};

/* add msg_len of entries [i*CHUNK, min(n, (i+1)*CHUNK)) */
static long sum_chunk(__u32 i, void *data)
{
	struct sum_ctx *c = data;
	__u32 first = i * CHUNK, cnt, j;
	__u64 size;
	struct scratch *s = c->s;

	if (first >= c->n)
		return 1;
	cnt = c->n - first;
	if (cnt > CHUNK)
		cnt = CHUNK;
	size = cnt * MMSG_MMSGHDR_SIZE;
	/* make the verifier see the bound on the register actually passed */
	barrier_var(size);
	if (size > sizeof(s->buf))
		return 1;
	if (bpf_probe_read_user(s->buf, size,
				(const void *)(c->vec + (__u64)first * MMSG_MMSGHDR_SIZE))) {
		c->faults++;
		return 1;
	}
	for (j = 0; j < CHUNK; j++) {
		if (j >= cnt)
			break;
		c->bytes += *(__u32 *)(s->buf + j * MMSG_MMSGHDR_SIZE + MMSG_MSG_LEN_OFFSET);
	}
	return 0;
}

static __always_inline int on_exit(__u64 pid_tgid, long ret)
{
	__u64 now = bpf_ktime_get_ns();
	__u32 tid = (__u32)pid_tgid, zero = 0;
	struct mmsg_totals *t = my_totals();
	struct mmsg_call_record *rec;
	struct inflight *found, in;
	__u64 bytes = 0, latency;
	__u32 capped;

	if (!t)
		return 0;
	found = bpf_map_lookup_elem(&inflight, &tid);
	if (!found || !found->enter_ns) {
		t->exit_unmatched++;
		return 0;
	}
	in = *found;
	found->enter_ns = 0;	/* idle until this thread's next call */

	latency = now - in.enter_ns;
	t->calls++;
	t->latency_ns += latency;
	capped = in.vlen < MMSG_UIO_MAXIOV ? in.vlen : MMSG_UIO_MAXIOV;

	if (ret < 0) {
		__u32 slot = -ret < MMSG_ERRNO_SLOTS ? (__u32)-ret : MMSG_ERRNO_SLOTS - 1;
		__u64 *cnt;

		/* kernel-internal restart codes reach the caller as EINTR when the
		 * call is not restarted */
		if (slot >= ERESTARTSYS && slot <= ERESTART_RESTARTBLOCK)
			slot = EINTR;

		t->errors++;
		cnt = bpf_map_lookup_elem(&errnos, &slot);
		if (cnt)
			(*cnt)++;
	} else if (ret > 0) {
		struct sum_ctx c = {
			.vec = in.vec,
			.n = ret < MMSG_UIO_MAXIOV ? (__u32)ret : MMSG_UIO_MAXIOV,
			.s = bpf_map_lookup_elem(&scratch, &zero),
		};

		if (c.s) {
			if (c.n <= CHUNK)
				sum_chunk(0, &c);
			else
				bpf_loop((c.n + CHUNK - 1) / CHUNK, sum_chunk, &c, 0);
		} else {
			c.faults++;
		}
		bytes = c.bytes;
		t->bytes_read_faults += c.faults;
		t->msgs += ret;
		t->bytes += bytes;
		if ((__u64)ret < capped)
			t->partial++;
	}

	rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);
	if (!rec) {
		t->lost_events++;
		return 0;
	}
	rec->type = MMSG_REC_CALL;
	rec->cpu = bpf_get_smp_processor_id();
	rec->enter_ns = in.enter_ns;
	rec->latency_ns = latency;
	rec->bytes = bytes;
	rec->pid = pid_tgid >> 32;
	rec->tid = tid;
	rec->fd = in.fd;
	rec->vlen = in.vlen;
	rec->flags = in.flags;
	rec->ret = ret;
	bpf_get_current_comm(rec->comm, sizeof(rec->comm));

	/* no wakeup per record: the consumer polls on a timer, and is woken
	 * early only when the backlog passes wakeup_bytes */
	if (wakeup_bytes && bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wakeup_bytes)
		bpf_ringbuf_submit(rec, BPF_RB_FORCE_WAKEUP);
	else
		bpf_ringbuf_submit(rec, BPF_RB_NO_WAKEUP);
	return 0;
}

static __always_inline bool wanted(__u64 pid_tgid)
{
	return !target_tgid || (__u32)(pid_tgid >> 32) == target_tgid;
}

/* tp mode */

SEC("tracepoint/syscalls/sys_enter_sendmmsg")
int tp_enter(struct trace_event_raw_sys_enter *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	if (!wanted(pid_tgid))
		return 0;
	return on_enter(pid_tgid, (__s32)ctx->args[0], ctx->args[1], (__u32)ctx->args[2],
			(__u32)ctx->args[3]);
}

SEC("tracepoint/syscalls/sys_exit_sendmmsg")
int tp_exit(struct trace_event_raw_sys_exit *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();

	if (!wanted(pid_tgid))
		return 0;
	return on_exit(pid_tgid, ctx->ret);
}

/* raw mode: args[0] is the task's struct pt_regs *, args[1] the syscall
 * number (enter) or return value (exit) */

SEC("raw_tp/sys_enter")
int raw_enter(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 pid_tgid;
	struct pt_regs regs;

	if ((__s64)ctx->args[1] != sendmmsg_nr)
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	if (!wanted(pid_tgid))
		return 0;
	if (bpf_probe_read_kernel(&regs, sizeof(regs), (void *)ctx->args[0]))
		return 0;
	/* x86_64 syscall arguments: di, si, dx, r10 */
	return on_enter(pid_tgid, (__s32)regs.di, regs.si, (__u32)regs.dx, (__u32)regs.r10);
}

SEC("raw_tp/sys_exit")
int raw_exit(struct bpf_raw_tracepoint_args *ctx)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	struct pt_regs *regs = (struct pt_regs *)ctx->args[0];
	long nr;

	if (!wanted(pid_tgid))
		return 0;
	if (bpf_probe_read_kernel(&nr, sizeof(nr), &regs->orig_ax) || nr != sendmmsg_nr)
		return 0;
	return on_exit(pid_tgid, (long)ctx->args[1]);
}
