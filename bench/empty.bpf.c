// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The observer-effect floor: programs attached where mmsgtrace's are, doing
 * nothing. bench/overhead measures what merely attaching costs in each mode,
 * and reports the tracer's cost as a ratio to it.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "Dual BSD/GPL";

SEC("raw_tp/sys_enter")
int empty_raw_enter(void *ctx)
{
	return 0;
}

SEC("raw_tp/sys_exit")
int empty_raw_exit(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_sendmmsg")
int empty_tp_enter(void *ctx)
{
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_sendmmsg")
int empty_tp_exit(void *ctx)
{
	return 0;
}
