/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What a call's fd names, read at its entry from the calling task's file
 * table (current->files->fdt->fd[fd]): whether it is a datagram socket
 * (write and writev are traced only on one), and whether its file is
 * O_NONBLOCK (could a receive without MSG_DONTWAIT block?).
 *
 * A few plain loads, so only the calls that need it pay: write/writev,
 * receives without MSG_DONTWAIT, and in observe mode with drops counted
 * every call's exit (call_sockets.bpf.h).
 *
 * The fd table is read without the file lock, as the syscall itself is about
 * to: the thread is inside the call, and another thread closing the fd at
 * the same moment at worst makes this call untraced or "could not tell".
 */
#ifndef MMSG_SOCKET_BPF_H
#define MMSG_SOCKET_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "kernel_cast.bpf.h"
#include "mmsgtrace.h"

/* include/uapi/linux/stat.h and asm-generic/fcntl.h (vmlinux.h has no macros) */
#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define O_NONBLOCK 00004000
#define MSG_DONTWAIT 0x40

/* the struct file an fd of the current task names; NULL when it names none
 * (not open, out of the table) or the table could not be read. Plain loads
 * all the way: the task's fields are BTF-typed, and the table's slot (an
 * array of struct file pointers, which BTF cannot type) is read as a struct
 * whose first member is a struct file pointer, fown_struct's (not packed,
 * so the pointer is one aligned load), of which only that member is read, instead of a probe-read helper call per call
 * (bench/README.md has what noting each call's socket costs). */
static __always_inline struct file *file_of_fd(__s32 fd)
{
	struct fdtable *fdt = bpf_get_current_task_btf()->files->fdt;
	struct fown_struct *slot;
	struct file *file;

	if (fd < 0 || (__u32)fd >= fdt->max_fds)
		return NULL;
	slot = kernel_cast(fdt->fd + fd, struct fown_struct);
	file = slot->file;
	return file ? kernel_cast(file, struct file) : NULL;
}

/* write/writev: is fd a datagram socket (UDP, unix SOCK_DGRAM, ...)? A
 * socket's file has an S_IFSOCK inode and its struct socket as private data.
 * A read that fails answers no: the call is not traced. */
static __always_inline bool fd_is_dgram_socket(__s32 fd)
{
	struct file *file = file_of_fd(fd);
	struct socket *sock;

	if (!file || (file->f_inode->i_mode & S_IFMT) != S_IFSOCK)
		return false;
	sock = kernel_cast(file->private_data, struct socket);
	return sock->type == SOCK_DGRAM;
}

/* A receive: could it wait for data? Not with MSG_DONTWAIT (it returns
 * EAGAIN instead), not on an O_NONBLOCK file. enum mmsg_call_info bits. */
static __always_inline __u32 recv_block_info(__s32 fd, __u32 flags)
{
	struct file *file;

	if (flags & MSG_DONTWAIT)
		return 0;
	file = file_of_fd(fd);
	if (!file)
		return MMSG_INFO_BLOCK_UNKNOWN;
	return file->f_flags & O_NONBLOCK ? 0 : MMSG_INFO_COULD_BLOCK;
}

#endif /* MMSG_SOCKET_BPF_H */
