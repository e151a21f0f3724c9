/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Observe mode's drop attribution (the note_sockets setting): which
 * process's socket each traced call used, by the socket's inode, in the
 * call_sockets table that userspace reads (struct mmsg_call_socket).
 *
 * A thread keeps the inode it noted last in its in-flight entry, so a
 * thread that calls on one socket pays for the table update once; every
 * call still walks its fd to the inode (socket.bpf.h: plain loads; the fd
 * may have been closed and reused since). Inodes, unlike struct file
 * addresses, are not reused.
 *
 * Reads the setting note_sockets (mmsgtrace.bpf.c).
 */
#ifndef MMSG_CALL_SOCKETS_BPF_H
#define MMSG_CALL_SOCKETS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include "accounting.bpf.h"
#include "inflight.bpf.h"
#include "mmsgtrace.h"
#include "socket.bpf.h"

#define AF_UNIX 1

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MMSG_MAX_CALL_SOCKETS);
	__type(key, __u64);	/* the socket's inode */
	__type(value, struct mmsg_call_socket);
} call_sockets SEC(".maps");

/* note the socket of the call that just ended on fd (entry: the thread's) */
static __always_inline void note_socket(__u64 pid_tgid, struct inflight *entry, __u32 sc,
					__s32 fd)
{
	struct mmsg_call_socket s = { .tgid = pid_tgid >> 32 };
	struct file *file = file_of_fd(fd);
	struct inode *inode;
	struct sock *sk;
	__u64 ino;

	if (!file)
		return;
	inode = file->f_inode;
	ino = inode->i_ino;
	/* the common case: the socket this thread noted last, bound */
	if (!ino || (ino == entry->sock_ino && !entry->sock_unbound) ||
	    (inode->i_mode & S_IFMT) != S_IFSOCK)
		return;
	/* a socket file's private data is its struct socket */
	sk = kernel_cast(file->private_data, struct socket)->sk;
	if (!sk || sk->sk_type != SOCK_DGRAM)
		return;
	s.family = sk->__sk_common.skc_family;
	s.port = sk->__sk_common.skc_num;
	/* noted already, and still without a port: nothing new (an unbound
	 * socket making calls that do not bind it, e.g. empty sendmmsg) */
	if (ino == entry->sock_ino && !s.port)
		return;
	s.netns = sk->__sk_common.skc_net.net->ns.inum;
	if (bpf_map_update_elem(&call_sockets, &ino, &s, BPF_ANY)) {
		count_loss(sc, sockets_overflow);
		return;
	}
	/* an unbound inet socket is noted again once it has its port */
	entry->sock_ino = ino;
	entry->sock_unbound = !s.port && s.family != AF_UNIX;
}

#endif /* MMSG_CALL_SOCKETS_BPF_H */
