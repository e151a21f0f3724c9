/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What /proc says about tasks: whether a process or thread is alive, its
 * thread-group id, its name, and a process's descendants. Used by observe
 * mode to check targets, notice those that exit, and name tasks.
 */
#ifndef MMSGTRACE_PROCFS_H
#define MMSGTRACE_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A thread exists and is not a zombie. */
bool procfs__thread_alive(uint32_t tid);

/* A process has at least one thread that is not a zombie (its main thread
 * may have exited while others run on). */
bool procfs__process_alive(uint32_t pid);

/* The thread-group id of a task, or 0 when it does not exist. */
uint32_t procfs__tgid(uint32_t id);

/* The task's name into comm (16 bytes, NUL-padded; left as is when it
 * cannot be read). tid 0: the process's main thread. */
void procfs__comm(uint32_t pid, uint32_t tid, char *comm);

/* Some living thread of the machine has this name (16 bytes, NUL-padded, as
 * the kernel keeps a task's comm): what -c NAME will match. */
bool procfs__named_task_exists(const char *comm);

/* Call fn for every living descendant process of the given pids (children,
 * their children, ...), each once. Returns how many, or -errno. */
int procfs__descendants(const uint32_t *pids, size_t n, void (*fn)(void *ctx, uint32_t pid),
			void *ctx);

#endif /* MMSGTRACE_PROCFS_H */
