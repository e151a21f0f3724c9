/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The in-flight table: each thread's call in progress, from its entry to its
 * exit, and the calls set aside while a signal handler runs (parked).
 *
 * Reads the setting slot_mask (mmsgtrace.bpf.c).
 */
#ifndef MMSG_INFLIGHT_BPF_H
#define MMSG_INFLIGHT_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "mmsgtrace.h"

struct inflight {
	__u64 enter_ns;		/* 0: no call in progress */
	__u64 restart_ns;	/* != 0: returned a restart code at this time, and
				 * may be restarted by the kernel (see on_exit) */
	__s32 restart_code;	/* which one (ERESTARTSYS ...) */
	__u8 restart_decided;	/* a handler with SA_RESTART runs first: the call
				 * will be restarted after it (on_signal) */
	__u8 has_parked;	/* a call waits in `parked` for its restart */
	__u8 info;		/* enum mmsg_call_info bits, learned at entry */
	__u8 sock_unbound;	/* note_sockets: sock_ino was noted without a port */
	__u64 ptr;		/* mmsghdr array, msghdr, iovec array or buffer (user address) */
	__u64 len;		/* sendto, write: bytes requested; writev: iovec entries */
	__s32 fd;
	__u32 vlen;
	__u32 flags;
	__u32 syscall;
	__u64 sock_ino;		/* note_sockets: the socket this thread's last call
				 * used, already noted (kept from call to call) */
	/* observe mode: this thread's per-task totals slot of each syscall, + 1
	 * (0: not looked up yet), kept from call to call (accounting.bpf.h) */
	__u16 task_slot[MMSG_SYS_COUNT];
	/* the sock_send_length hook (--hidden-errors, message records): what the
	 * call's messages did so far; one store resets both at entry */
	union {
		__u64 msg_state;
		struct {
			__s32 msg_err;		/* -errno of a message that failed; 0: none */
			__u32 msg_index;	/* messages seen (message records only) */
		};
	};
};

/*
 * The call in progress of each thread. A thread's entry is the slot at
 * tid & slot_mask of inflight_slots when that slot is free or already its
 * own; threads whose slot another thread holds use the inflight hash. An
 * array lookup is inlined by the verifier (no helper call, no hashing):
 * about 75 ns a call less than the hash here. Only the owner thread touches
 * its slot: it takes a free one with a compare-and-swap of the tid, and
 * gives it back when it exits (a thread runs on one CPU at a time).
 */
struct inflight_slot {
	__u32 tid;		/* owner; 0: free */
	__u32 pad;
	struct inflight in;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MMSG_INFLIGHT_SLOTS);
	__type(key, __u32);		/* tid & slot_mask */
	__type(value, struct inflight_slot);
} inflight_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MMSG_MAX_INFLIGHT);
	__type(key, __u32);		/* tid */
	__type(value, struct inflight);
} inflight SEC(".maps");

/* A call that will be restarted once its thread's SA_RESTART handler returns,
 * set aside while the handler makes traced calls of its own. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);		/* tid */
	__type(value, struct inflight);
} parked SEC(".maps");

static const struct inflight idle_entry = {};

static __always_inline struct inflight_slot *slot_of(__u32 tid)
{
	__u32 idx = tid & slot_mask;

	return bpf_map_lookup_elem(&inflight_slots, &idx);
}

/* the thread's entry, or NULL when it has none */
static __always_inline struct inflight *inflight_find(__u32 tid)
{
	struct inflight_slot *s = slot_of(tid);

	if (s && s->tid == tid)
		return &s->in;
	return bpf_map_lookup_elem(&inflight, &tid);
}

/* a new (idle) entry for a thread that has none: its slot if free, else
 * the hash; NULL when the hash is full too */
static __always_inline struct inflight *inflight_make(__u32 tid)
{
	struct inflight_slot *s = slot_of(tid);

	if (s && s->tid == 0 && __sync_val_compare_and_swap(&s->tid, 0, tid) == 0) {
		s->in = idle_entry;
		return &s->in;
	}
	if (bpf_map_update_elem(&inflight, &tid, &idle_entry, BPF_NOEXIST))
		return NULL;
	return bpf_map_lookup_elem(&inflight, &tid);
}

/* the thread exits: its entry goes */
static __always_inline void inflight_release(__u32 tid)
{
	struct inflight_slot *s = slot_of(tid);

	if (s && s->tid == tid) {
		s->in = idle_entry;
		asm volatile("" ::: "memory");	/* cleared before it is free */
		s->tid = 0;
		return;
	}
	bpf_map_delete_elem(&inflight, &tid);
}

/* no restart pending: the call goes on (restarted, or set aside), or has
 * ended */
static __always_inline void restart_clear(struct inflight *in)
{
	in->restart_ns = 0;
	in->restart_decided = 0;
}

/* the call has ended: the entry is idle until the thread's next call */
static __always_inline void inflight_idle(struct inflight *in)
{
	in->enter_ns = 0;
	restart_clear(in);
}

/* set the interrupted call aside while its handler runs; 0 on success */
static __always_inline long inflight_park(__u32 tid, struct inflight *in)
{
	long err = bpf_map_update_elem(&parked, &tid, in, BPF_ANY);

	if (!err) {
		in->has_parked = 1;
		restart_clear(in);
	}
	return err;
}

static __always_inline struct inflight *inflight_parked(__u32 tid)
{
	return bpf_map_lookup_elem(&parked, &tid);
}

/* the parked call is gone: restarted, or counted */
static __always_inline void inflight_unpark(__u32 tid)
{
	bpf_map_delete_elem(&parked, &tid);
}

#endif /* MMSG_INFLIGHT_BPF_H */
