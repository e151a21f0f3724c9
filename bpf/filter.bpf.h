/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Which calls are traced: the syscalls (by number in raw mode) and the tasks
 * (all, one tgid, a pid or tid set, a name, a cgroup), and the upkeep of the
 * pid/tid set as watched processes fork and exit.
 *
 * Reads the settings select_mode, target_tgid, target_comm and syscall_mask
 * (mmsgtrace.bpf.c).
 */
#ifndef MMSG_FILTER_BPF_H
#define MMSG_FILTER_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "arch.bpf.h"
#include "inflight.bpf.h"
#include "mmsgtrace.h"

/* -p: tgids (children join at fork); -t: tids. Filled before attach. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MMSG_MAX_TARGETS);
	__type(key, __u32);
	__type(value, __u8);
} targets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_filter SEC(".maps");

/* the target set (-p, -t) */
static __always_inline bool target_watched(__u32 id)
{
	return bpf_map_lookup_elem(&targets, &id) != NULL;
}

/* 0, or the set is full */
static __always_inline long target_add(__u32 id)
{
	static const __u8 one = 1;

	return bpf_map_update_elem(&targets, &id, &one, BPF_ANY);
}

/* true when id was in the set */
static __always_inline bool target_remove(__u32 id)
{
	return bpf_map_delete_elem(&targets, &id) == 0;
}

/*
 * The task's name is the target's: its 16 bytes read with two plain loads
 * and compared as two words with target_comm, instead of a
 * bpf_get_current_comm call and a byte loop (about 50 ns a call here). The
 * kernel pads a task's comm with NULs after its end (strscpy_pad in
 * __set_task_comm; a fork copies the parent's), and userspace pads
 * target_comm the same way, so equal names are equal words.
 */
static __always_inline bool comm_matches(void)
{
	const volatile __u64 *want = (const volatile __u64 *)target_comm;
	__u64 comm[2];

	__builtin_memcpy(comm, bpf_get_current_task_btf()->comm, sizeof(comm));
	return comm[0] == want[0] && comm[1] == want[1];
}

/* Is the current task one we trace? (Checked at enter, and at exit through
 * exit_wanted, so an exit we do not want is never counted as unmatched.) */
static __always_inline bool wanted(__u64 pid_tgid)
{
	__u32 id;

	switch (select_mode) {
	case MMSG_SELECT_ALL:
		return true;
	case MMSG_SELECT_TGID:
		return (__u32)(pid_tgid >> 32) == target_tgid;
	case MMSG_SELECT_TGID_SET:
	case MMSG_SELECT_TID_SET:
		id = select_mode == MMSG_SELECT_TGID_SET ? pid_tgid >> 32 : (__u32)pid_tgid;
		return target_watched(id);
	case MMSG_SELECT_COMM:
		return comm_matches();
	case MMSG_SELECT_CGROUP:
		return bpf_current_task_under_cgroup(&cgroup_filter, 0) == 1;
	}
	return false;
}

/*
 * Is this exit one we trace? The filters that cost a lookup (a target set,
 * a name, a cgroup) are not asked again for a thread whose own in-flight
 * slot holds a call in progress: that call was wanted at its entry, and is
 * counted as it was entered even if the task changed its name or cgroup
 * while it waited. One array load instead of a hash lookup per exit.
 */
static __always_inline bool exit_wanted(__u64 pid_tgid)
{
	struct inflight_slot *s;

	if (select_mode == MMSG_SELECT_ALL || select_mode == MMSG_SELECT_TGID)
		return wanted(pid_tgid);
	s = slot_of((__u32)pid_tgid);
	if (s && s->tid == (__u32)pid_tgid && s->in.enter_ns)
		return true;
	return wanted(pid_tgid);
}

static __always_inline bool enabled(__u32 sc)
{
	return syscall_mask & (1u << sc);
}

/* raw mode: the traced syscall (enum mmsg_syscall) of a syscall number, or -1 */
static __always_inline int syscall_of(__s64 nr)
{
	if (nr == NR_SENDMMSG && enabled(MMSG_SYS_SENDMMSG))
		return MMSG_SYS_SENDMMSG;
	if (nr == NR_RECVMMSG && enabled(MMSG_SYS_RECVMMSG))
		return MMSG_SYS_RECVMMSG;
	if (nr == NR_SENDTO && enabled(MMSG_SYS_SENDTO))
		return MMSG_SYS_SENDTO;
	if (nr == NR_SENDMSG && enabled(MMSG_SYS_SENDMSG))
		return MMSG_SYS_SENDMSG;
	if (nr == NR_RECVFROM && enabled(MMSG_SYS_RECVFROM))
		return MMSG_SYS_RECVFROM;
	if (nr == NR_RECVMSG && enabled(MMSG_SYS_RECVMSG))
		return MMSG_SYS_RECVMSG;
	/* off by default (observe mode's --syscalls), and then dropped by the
	 * verifier, as every test of a syscall that is off */
	if (nr == NR_WRITE && enabled(MMSG_SYS_WRITE))
		return MMSG_SYS_WRITE;
	if (nr == NR_WRITEV && enabled(MMSG_SYS_WRITEV))
		return MMSG_SYS_WRITEV;
	return -1;
}

#endif /* MMSG_FILTER_BPF_H */
