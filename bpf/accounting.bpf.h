/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The exact counts: per-CPU totals per syscall (calls, messages, bytes,
 * losses), the errno table, the errors sendmmsg hid (--hidden-errors), and
 * in observe mode the totals per process or thread. Userspace sums the CPUs.
 * Syscall tracepoint programs run with preemption disabled, so plain adds to
 * per-CPU values cannot interleave with another writer on the same CPU.
 *
 * Reads the setting task_totals_mode (mmsgtrace.bpf.c).
 */
#ifndef MMSG_ACCOUNTING_BPF_H
#define MMSG_ACCOUNTING_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "maps.bpf.h"
#include "mmsgtrace.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MMSG_SYS_COUNT);
	__type(key, __u32);		/* enum mmsg_syscall */
	__type(value, struct mmsg_totals);
} totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MMSG_SYS_COUNT * MMSG_ERRNO_SLOTS);
	__type(key, __u32);		/* syscall * MMSG_ERRNO_SLOTS + errno */
	__type(value, __u64);
} errnos SEC(".maps");

/* --hidden-errors: sendmmsg's messages that failed inside calls that returned
 * success, by errno (only sendmmsg hides a message's error). Sized to one
 * entry by userspace when the hook is off. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MMSG_ERRNO_SLOTS);
	__type(key, __u32);		/* errno */
	__type(value, __u64);
} hidden_errnos SEC(".maps");

/* observe mode: totals per process (or thread) and syscall */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, MMSG_MAX_TASK_TOTALS);
	__type(key, struct mmsg_task_key);
	__type(value, struct mmsg_task_totals);
} task_totals SEC(".maps");

static __always_inline struct mmsg_totals *totals_of(__u32 sc)
{
	return bpf_map_lookup_elem(&totals, &sc);
}

/* one more of a loss counter of struct mmsg_totals (lost_events ...) */
#define count_loss(sc, counter)                                \
	do {                                                   \
		struct mmsg_totals *__t = totals_of(sc);       \
                                                               \
		if (__t)                                       \
			__t->counter++;                        \
	} while (0)

/* the errno tables' slot of ret (-errno); large values share the last */
static __always_inline __u32 errno_slot(long ret)
{
	return -ret < MMSG_ERRNO_SLOTS ? (__u32)-ret : MMSG_ERRNO_SLOTS - 1;
}

static __always_inline void count_errno(__u32 sc, long ret)
{
	__u32 slot = errno_slot(ret);
	__u64 *cnt;

	slot += sc * MMSG_ERRNO_SLOTS;
	cnt = bpf_map_lookup_elem(&errnos, &slot);
	if (cnt)
		(*cnt)++;
}

/* A sendmmsg call returned > 0 and one of its messages had failed with err:
 * the call reported the messages sent before it and dropped the error. */
static __always_inline void count_hidden(long err)
{
	struct mmsg_totals *t = totals_of(MMSG_SYS_SENDMMSG);
	__u32 slot = errno_slot(err);
	__u64 *cnt = bpf_map_lookup_elem(&hidden_errnos, &slot);

	if (t)
		t->hidden_errors++;
	if (cnt)
		(*cnt)++;
}

static __always_inline void add_task_totals(__u64 pid_tgid, __u32 sc, __u64 latency, __u64 msgs,
					    __u64 bytes, bool error, bool partial, __u32 slots,
					    struct mmsg_totals *t)
{
	static const struct mmsg_task_totals zeroed = {};
	struct mmsg_task_key key = {
		.pid = pid_tgid >> 32,
		.tid = task_totals_mode == MMSG_TASK_TOTALS_PER_THREAD ? (__u32)pid_tgid : 0,
		.syscall = sc,
	};
	struct mmsg_task_totals *tt = map_lookup_or_try_init(&task_totals, &key, &zeroed);

	if (!tt) {
		t->task_overflow++;
		return;
	}
	tt->calls++;
	tt->msgs += msgs;
	tt->bytes += bytes;
	tt->errors += error;
	tt->partial += partial;
	tt->slots += slots;
	tt->latency_ns += latency;
}

/*
 * Count a finished call of syscall sc into the totals (per syscall, per
 * task). msgs, bytes, partial and faults are what the caller worked out
 * from ret. Returns the syscall's totals (for the record's losses), or NULL.
 */
static __always_inline struct mmsg_totals *count_call(__u64 pid_tgid, __u32 sc, __u32 vlen,
						      long ret, __u64 latency, __u64 msgs,
						      __u64 bytes, bool partial, __u32 faults)
{
	__u32 slots = vlen < MMSG_UIO_MAXIOV ? vlen : MMSG_UIO_MAXIOV;
	struct mmsg_totals *t = totals_of(sc);

	if (!t)
		return NULL;
	if (ret < 0) {
		count_errno(sc, ret);
		t->errors++;
	}
	t->calls++;
	t->msgs += msgs;
	t->bytes += bytes;
	t->partial += partial;
	t->slots += slots;
	t->latency_ns += latency;
	t->bytes_read_faults += faults;
	if (task_totals_mode != MMSG_TASK_TOTALS_OFF)
		add_task_totals(pid_tgid, sc, latency, msgs, bytes, ret < 0, partial, slots, t);
	return t;
}

#endif /* MMSG_ACCOUNTING_BPF_H */
