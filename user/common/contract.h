/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The kernel<->user contracts (bpf/mmsgtrace.h, bpf/mmsgdrops.h) for user space: they use
 * __u32/__u64 and include nothing themselves, so their types come first.
 */
#ifndef MMSGTRACE_COMMON_CONTRACT_H
#define MMSGTRACE_COMMON_CONTRACT_H

#include <linux/types.h>

#include "mmsgdrops.h"
#include "mmsgtrace.h"

#endif /* MMSGTRACE_COMMON_CONTRACT_H */
