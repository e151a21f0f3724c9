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
#include "inflight.bpf.h"
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

/*
 * Observe mode: totals per process (or thread) and syscall, in a per-CPU
 * array. Each (task, syscall) gets its slot once, from task_slots (a hash
 * lookup, and an insert the first time); the thread keeps the slot's number
 * in its in-flight entry, so a call adds to its totals through an array
 * lookup the verifier inlines instead of a hash lookup per call (about
 * 100 ns a call on the retpoline machine, bench/README.md). Slots are never
 * given back: MMSG_MAX_TASK_TOTALS (task, syscall) pairs per run, as the
 * hash before it held.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MMSG_MAX_TASK_TOTALS);
	__type(key, __u32);		/* the slot */
	__type(value, struct mmsg_task_totals);
} task_totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MMSG_MAX_TASK_TOTALS);
	__type(key, struct mmsg_task_key);
	__type(value, __u32);		/* its slot in task_totals */
} task_slots SEC(".maps");

/* a slot's number + 1 is kept in a __u16 (struct inflight's task_slot) */
_Static_assert(MMSG_MAX_TASK_TOTALS < 0xffff, "task slots must fit a __u16");

/* the next slot of task_totals to give out */
__u32 task_slots_used = 0;

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

/* The task's slot for syscall sc, + 1; 0 when the table is full. Two
 * threads of a process may ask at once on two CPUs: one insert wins, and the
 * other thread takes its slot (the one it was given stays unused). */
static __always_inline __u32 task_slot_of(__u64 pid_tgid, __u32 sc)
{
	struct mmsg_task_key key = {
		.pid = pid_tgid >> 32,
		.tid = task_totals_mode == MMSG_TASK_TOTALS_PER_THREAD ? (__u32)pid_tgid : 0,
		.syscall = sc,
	};
	__u32 *found = bpf_map_lookup_elem(&task_slots, &key), slot;

	if (found)
		return *found + 1;
	/* checked first, so a full table's counter cannot run on and wrap */
	if (task_slots_used >= MMSG_MAX_TASK_TOTALS)
		return 0;
	slot = __sync_fetch_and_add(&task_slots_used, 1);
	if (slot >= MMSG_MAX_TASK_TOTALS)
		return 0;
	if (bpf_map_update_elem(&task_slots, &key, &slot, BPF_NOEXIST) == 0)
		return slot + 1;
	found = bpf_map_lookup_elem(&task_slots, &key);
	return found ? *found + 1 : 0;
}

/* entry: the thread's in-flight entry, where its slots are kept */
static __always_inline void add_task_totals(__u64 pid_tgid, __u32 sc, __u64 latency, __u64 msgs,
					    __u64 bytes, bool error, bool partial, __u32 slots,
					    struct mmsg_totals *t, struct inflight *entry)
{
	struct mmsg_task_totals *tt;
	__u32 slot;

	if (sc >= MMSG_SYS_COUNT)
		return;
	slot = entry->task_slot[sc];
	if (!slot) {
		slot = task_slot_of(pid_tgid, sc);
		if (!slot) {
			t->task_overflow++;
			return;
		}
		entry->task_slot[sc] = slot;
	}
	slot -= 1;
	tt = bpf_map_lookup_elem(&task_totals, &slot);
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
 * from ret; entry is the thread's in-flight entry. Returns the syscall's
 * totals (for the record's losses), or NULL.
 */
static __always_inline struct mmsg_totals *count_call(__u64 pid_tgid, __u32 sc, __u32 vlen,
						      long ret, __u64 latency, __u64 msgs,
						      __u64 bytes, bool partial, __u32 faults,
						      struct inflight *entry)
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
		add_task_totals(pid_tgid, sc, latency, msgs, bytes, ret < 0, partial, slots, t,
				entry);
	return t;
}

#endif /* MMSG_ACCOUNTING_BPF_H */
