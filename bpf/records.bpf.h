/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The ring buffer to userspace: one record per call (in drive mode staged
 * per CPU and written in batches), the fork/exit records of observe mode,
 * the per-message records when asked for, with the policy of when the
 * consumer is woken.
 *
 * Reads the settings stage_records and wakeup_bytes (mmsgtrace.bpf.c).
 */
#ifndef MMSG_RECORDS_BPF_H
#define MMSG_RECORDS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "inflight.bpf.h"
#include "mmsgtrace.h"

/* a call record looks at the backlog once in this many calls (a power of 2) */
#define WAKEUP_CHECK_CALLS 16
/* a stage is sent once its oldest record has waited this long */
#define STAGE_MAX_AGE_NS 10000000ULL	/* 10 ms */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, MMSG_RINGBUF_DEFAULT);	/* resized by userspace before load */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mmsg_stage);
} stage SEC(".maps");

static __always_inline void fill_record(struct mmsg_call_record *rec, __u64 pid_tgid,
					const struct inflight *in, long ret, __u64 latency,
					__u64 bytes)
{
	rec->type = MMSG_REC_CALL;
	rec->cpu = bpf_get_smp_processor_id();
	rec->enter_ns = in->enter_ns;
	rec->latency_ns = latency;
	rec->bytes = bytes;
	rec->pid = pid_tgid >> 32;
	rec->tid = (__u32)pid_tgid;
	rec->fd = in->fd;
	rec->vlen = in->vlen;
	rec->flags = in->flags;
	rec->ret = ret;
	rec->syscall = in->syscall;
	rec->info = in->info;
	/* two plain loads: bpf_get_current_comm costs ~50 ns per call here */
	__builtin_memcpy(rec->comm, bpf_get_current_task_btf()->comm, sizeof(rec->comm));
}

/* no wakeup per record: the consumer polls on a timer, and is woken early
 * only when the backlog passes wakeup_bytes */
static __always_inline __u64 wakeup_flag(void)
{
	if (wakeup_bytes && bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wakeup_bytes)
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}

/* The same for a call's own record, asked only once in WAKEUP_CHECK_CALLS
 * calls of this CPU and syscall (t: their totals, this call counted): the
 * query is a helper call per record otherwise, and a few records more past
 * a quarter of the buffer change nothing. */
static __always_inline __u64 call_wakeup_flag(const struct mmsg_totals *t)
{
	if (t->calls & (WAKEUP_CHECK_CALLS - 1))
		return BPF_RB_NO_WAKEUP;
	return wakeup_flag();
}

/*
 * Drive mode: add the record to this CPU's stage; send the stage when it is
 * full or its oldest record is STAGE_MAX_AGE_NS old. One reservation and
 * copy per MMSG_STAGE_RECORDS calls instead of one per call. (Syscall
 * tracepoint programs do not migrate or get preempted mid-run, so the stage
 * has one writer at a time.)
 */
static __always_inline void stage_record(__u64 pid_tgid, const struct inflight *in, long ret,
					 __u64 end_ns, __u64 latency, __u64 bytes,
					 struct mmsg_totals *t)
{
	__u32 zero = 0, n;
	struct mmsg_stage *s = bpf_map_lookup_elem(&stage, &zero);
	__u64 size;

	if (!s) {
		t->lost_events++;
		return;
	}
	n = s->n;
	if (n >= MMSG_STAGE_RECORDS)	/* cannot happen: sent when full */
		n = 0;
	if (n == 0)
		s->first_ns = end_ns;
	fill_record(&s->recs[n], pid_tgid, in, ret, latency, bytes);
	s->n = ++n;
	if (n < MMSG_STAGE_RECORDS && end_ns - s->first_ns < STAGE_MAX_AGE_NS)
		return;
	size = (__u64)n * sizeof(struct mmsg_call_record);
	barrier_var(size);
	if (size > sizeof(s->recs))
		return;
	if (bpf_ringbuf_output(&events, s->recs, size, wakeup_flag()))
		t->lost_events += n;
	s->n = 0;
}

/* the record of a finished call; a loss is counted in t (its syscall's) */
static __always_inline void record_call(__u64 pid_tgid, const struct inflight *in, long ret,
					__u64 end_ns, __u64 latency, __u64 bytes,
					struct mmsg_totals *t)
{
	struct mmsg_call_record *rec;

	if (stage_records) {
		stage_record(pid_tgid, in, ret, end_ns, latency, bytes, t);
		return;
	}
	rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);
	if (!rec) {
		t->lost_events++;
		return;
	}
	fill_record(rec, pid_tgid, in, ret, latency, bytes);
	bpf_ringbuf_submit(rec, call_wakeup_flag(t));
}

/* a message of a traced send call (message records); -1 when the ring
 * buffer is full */
static __always_inline int record_msg(__u64 pid_tgid, const struct inflight *in, __u32 index,
				      long ret)
{
	struct mmsg_msg_record *rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);

	if (!rec)
		return -1;
	rec->type = MMSG_REC_MSG;
	rec->tid = (__u32)pid_tgid;
	rec->enter_ns = in->enter_ns;
	rec->pid = pid_tgid >> 32;
	rec->index = index;
	rec->ret = ret;
	rec->syscall = in->syscall;
	bpf_ringbuf_submit(rec, wakeup_flag());
	return 0;
}

/* a watched process forked or exited; -1 when the ring buffer is full */
static __always_inline int task_record(__u32 event, __u32 pid, __u32 child,
				       struct task_struct *task)
{
	struct mmsg_task_record *rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);

	if (!rec)
		return -1;
	rec->type = MMSG_REC_TASK;
	rec->event = event;
	rec->ns = bpf_ktime_get_ns();
	rec->pid = pid;
	rec->child = child;
	bpf_probe_read_kernel_str(rec->comm, sizeof(rec->comm), &task->comm);
	/* rare and worth seeing at once */
	bpf_ringbuf_submit(rec, 0);
	return 0;
}

#endif /* MMSG_RECORDS_BPF_H */
