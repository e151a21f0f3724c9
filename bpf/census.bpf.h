/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The syscall census (observe mode's hint about targets that make none of
 * the watched calls): every syscall the watched tasks enter, counted by
 * number in a per-CPU array. Its program (census_enter) is attached by
 * userspace for a short window only, once a hint is due, so that the rest
 * of the machine pays no tax on every syscall the whole run long.
 */
#ifndef MMSG_CENSUS_BPF_H
#define MMSG_CENSUS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "mmsgtrace.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MMSG_CENSUS_SLOTS);
	__type(key, __u32);		/* syscall number; the last slot: see mmsgtrace.h */
	__type(value, __u64);
} census SEC(".maps");

/* one more call of syscall number nr (compat: an ia32 call, whose numbers
 * are not the native ones) */
static __always_inline void census_count(long nr, bool compat)
{
	__u32 slot = nr >= 0 && nr < MMSG_CENSUS_OTHER && !compat ? (__u32)nr : MMSG_CENSUS_OTHER;
	__u64 *cnt = bpf_map_lookup_elem(&census, &slot);

	if (cnt)
		(*cnt)++;
}

#endif /* MMSG_CENSUS_BPF_H */
