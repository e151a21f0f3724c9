// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* What a protocol's sockets accept, asked of this kernel (proto_limits.h). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "drive/proto_limits.h"

int proto_limits__max_message(enum proto proto, uint32_t *max, int *sndbuf)
{
	socklen_t len = sizeof(*sndbuf);
	int fd, e = 0;

	*sndbuf = 0;
	switch (proto) {
	case PROTO_UDP4:
		*max = PROTO_UDP4_MAX_MESSAGE;
		return 0;
	case PROTO_UDP6:
		*max = PROTO_UDP6_MAX_MESSAGE;
		return 0;
	case PROTO_UNIX:
		break;
	}
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, sndbuf, &len))
		e = -errno;
	close(fd);
	if (e)
		return e;
	*max = *sndbuf > PROTO_UNIX_SNDBUF_OVERHEAD ?
	       (uint32_t)(*sndbuf - PROTO_UNIX_SNDBUF_OVERHEAD) : 0;
	return 0;
}

/* a UDP socket bound to the loopback and connected to itself: -errno or the fd */
static int udp_to_self(int family)
{
	struct sockaddr_storage ss = { .ss_family = (sa_family_t)family };
	socklen_t len = family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
	int fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	else
		((struct sockaddr_in6 *)&ss)->sin6_addr = in6addr_loopback;
	if (bind(fd, (struct sockaddr *)&ss, len) || getsockname(fd, (struct sockaddr *)&ss, &len) ||
	    connect(fd, (struct sockaddr *)&ss, len)) {
		int e = errno;

		close(fd);
		return -e;
	}
	return fd;
}

int proto_limits__probe(enum proto proto, uint32_t size, int flags)
{
	int fd, peer = -1, e = 0;
	char *buf;

	if (proto == PROTO_UNIX) {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv))
			return errno;
		fd = sv[0];
		peer = sv[1];
	} else {
		fd = udp_to_self(proto == PROTO_UDP4 ? AF_INET : AF_INET6);
		if (fd < 0)
			return -fd;
	}
	buf = calloc(1, size ? size : 1);
	if (!buf)
		e = ENOMEM;
	else if (send(fd, buf, size, flags | MSG_DONTWAIT) < 0)
		e = errno;
	free(buf);
	close(fd);
	if (peer >= 0)
		close(peer);
	return e;
}
