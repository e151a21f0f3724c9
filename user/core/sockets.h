/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The datagram sockets of one owner (the driver, or a watched process), by
 * what the kernel's drop counter knows them by (bpf/mmsgdrops.h): the socket's
 * inode, and for UDP its network namespace and local port. A set only
 * grows: a socket seen once stays in it after it is closed, so drops
 * counted while it was open are still its own.
 */
#ifndef MMSGTRACE_SOCKETS_H
#define MMSGTRACE_SOCKETS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct socket_id {
	uint64_t ino;		/* socket:[ino] */
	uint32_t netns;		/* inode of its network namespace */
	uint16_t family;	/* AF_INET, AF_INET6 or AF_UNIX */
	uint16_t port;		/* UDP local port (host order), 0 for unix or unbound */
};

struct socket_set {
	struct socket_id *ids;
	size_t n, cap;
};

void socket_set__init(struct socket_set *s);
/* Add id, or complete the entry of its inode with a port bound since.
 * Returns 0 or -ENOMEM. */
int socket_set__add(struct socket_set *s, const struct socket_id *id);
void socket_set__free(struct socket_set *s);
/* Add the socket on fd (of this process). Returns 0 or -errno (-ENOTSOCK). */
int socket_set__add_fd(struct socket_set *s, int fd);
/*
 * Add the datagram sockets process pid has open now: its /proc/PID/fd
 * links, with their ports from /proc/PID/net/udp and udp6. Returns the
 * number of sockets added or -errno (-ENOENT: the process is gone).
 */
int socket_set__scan_pid(struct socket_set *s, int pid);
bool socket_set__has_ino(const struct socket_set *s, uint64_t ino);
/* a UDP socket bound to this port in this namespace */
bool socket_set__has_port(const struct socket_set *s, uint32_t netns, uint16_t family,
			  uint16_t port);

#endif /* MMSGTRACE_SOCKETS_H */
