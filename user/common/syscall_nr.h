/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Syscall numbers of this architecture (as the kernel counts them: the raw
 * sys_enter tracepoint's id) and their names, for the common syscalls; and
 * which of them mmsgtrace can watch (names.h's names_syscall, by name, so a
 * syscall becomes watchable here as soon as it has a name there).
 *
 * Pure: no I/O.
 */
#ifndef MMSGTRACE_COMMON_SYSCALL_NR_H
#define MMSGTRACE_COMMON_SYSCALL_NR_H

#include <stddef.h>

/* The name of syscall number nr ("write"), or NULL when the table has none. */
const char *syscall_nr__name(long nr);
/* The name, or "syscall NNN" for a number without one, into buf. Returns buf. */
const char *syscall_nr__label(long nr, char *buf, size_t len);
/* The watchable syscall (enum mmsg_syscall) number nr is, or -1. */
int syscall_nr__watchable(long nr);

#endif /* MMSGTRACE_COMMON_SYSCALL_NR_H */
