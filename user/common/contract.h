/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The kernel<->user contract (bpf/mmsgtrace.h) for user space: it uses
 * __u32/__u64 and includes nothing itself, so its types come first.
 */
#ifndef MMSGTRACE_COMMON_CONTRACT_H
#define MMSGTRACE_COMMON_CONTRACT_H

#include <linux/types.h>

#include "mmsgtrace.h"

#endif /* MMSGTRACE_COMMON_CONTRACT_H */
