/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * kernel_cast(ptr, type): a kernel pointer the BPF side did not get typed
 * (read from memory, or computed) as an untrusted typed one. Its fields are
 * then read with plain loads, which the verifier makes fault-safe (a bad
 * pointer reads zeroes), instead of a probe-read helper call each. The
 * verifier replaces the kfunc call with a register move.
 */
#ifndef MMSG_KERNEL_CAST_BPF_H
#define MMSG_KERNEL_CAST_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>

extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;

#define kernel_cast(ptr, type) ((type *)bpf_rdonly_cast((ptr), bpf_core_type_id_kernel(type)))

#endif /* MMSG_KERNEL_CAST_BPF_H */
