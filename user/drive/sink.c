// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "drive/sink.h"

#ifndef SO_MEMINFO
#define SO_MEMINFO 55
#endif

#define SINK_BATCH 256
#define SINK_BUF 2048		/* per-message buffer: longer datagrams are truncated,
				 * which is fine for counting them */
#define SINK_POLL_MS 50		/* how often a blocked receive checks for stop */

struct sink {
	int fd;
	enum sink_kind kind;
	struct sockaddr_storage addr;
	socklen_t addrlen;
	pthread_t thread;
	bool running;
	atomic_bool stop;
	atomic_uint_fast64_t delivered;
	struct mmsghdr msgs[SINK_BATCH];
	struct iovec iov[SINK_BATCH];
	char *bufs;
};

static int bind_loopback(struct sink *s, enum proto proto)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)&s->addr;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&s->addr;

	memset(&s->addr, 0, sizeof(s->addr));
	switch (proto) {
	case PROTO_UDP4:
		in4->sin_family = AF_INET;
		in4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		s->addrlen = sizeof(*in4);
		break;
	case PROTO_UDP6:
		in6->sin6_family = AF_INET6;
		in6->sin6_addr = in6addr_loopback;
		s->addrlen = sizeof(*in6);
		break;
	case PROTO_UNIX:
		/* autobind: the kernel picks a unique abstract name */
		s->addr.ss_family = AF_UNIX;
		s->addrlen = sizeof(sa_family_t);
		break;
	}
	if (bind(s->fd, (struct sockaddr *)&s->addr, s->addrlen))
		return -errno;
	s->addrlen = sizeof(s->addr);
	if (getsockname(s->fd, (struct sockaddr *)&s->addr, &s->addrlen))
		return -errno;
	return 0;
}

int sink__new(enum proto proto, enum sink_kind kind, struct sink **out, char *err,
	      size_t errlen)
{
	int domain = proto == PROTO_UDP4 ? AF_INET : proto == PROTO_UDP6 ? AF_INET6 : AF_UNIX;
	struct sink *s;
	int rcvbuf = 8 << 20, ret;

	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory for the sink");
		return -ENOMEM;
	}
	s->kind = kind;
	s->fd = socket(domain, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0) {
		ret = -errno;
		snprintf(err, errlen, "cannot create the %s sink socket: %s",
			 names__proto(proto), strerror(-ret));
		free(s);
		return ret;
	}
	ret = bind_loopback(s, proto);
	if (ret) {
		snprintf(err, errlen, "cannot bind the %s sink on loopback: %s",
			 names__proto(proto), strerror(-ret));
		sink__free(s);
		return ret;
	}
	if (kind == SINK_COUNT) {
		/* a deep queue so the counter keeps up; FORCE needs CAP_NET_ADMIN */
		if (setsockopt(s->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
			setsockopt(s->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	}
	/* the count sink's batches, and the discard sink's drain at the end */
	s->bufs = malloc((size_t)SINK_BATCH * SINK_BUF);
	if (!s->bufs) {
		snprintf(err, errlen, "out of memory for the sink buffers");
		sink__free(s);
		return -ENOMEM;
	}
	for (int i = 0; i < SINK_BATCH; i++) {
		s->iov[i].iov_base = s->bufs + (size_t)i * SINK_BUF;
		s->iov[i].iov_len = SINK_BUF;
		s->msgs[i].msg_hdr.msg_iov = &s->iov[i];
		s->msgs[i].msg_hdr.msg_iovlen = 1;
	}
	*out = s;
	return 0;
}

const struct sockaddr *sink__addr(const struct sink *s, socklen_t *len)
{
	*len = s->addrlen;
	return (const struct sockaddr *)&s->addr;
}

/* returns messages received, 0 on timeout/empty, -1 on a hard error */
static int receive_batch(struct sink *s, int flags)
{
	/* WAITFORONE: return what has arrived rather than wait for a full batch */
	int n = recvmmsg(s->fd, s->msgs, SINK_BATCH, flags | MSG_WAITFORONE, NULL);

	if (n > 0)
		atomic_fetch_add_explicit(&s->delivered, n, memory_order_relaxed);
	if (n < 0 && errno != EAGAIN && errno != EINTR)
		return -1;
	return n < 0 ? 0 : n;
}

static void *sink_thread(void *arg)
{
	struct sink *s = arg;

	while (!atomic_load_explicit(&s->stop, memory_order_relaxed)) {
		if (receive_batch(s, 0) < 0)
			break;
	}
	return NULL;
}

int sink__start(struct sink *s)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = SINK_POLL_MS * 1000 };
	int ret;

	if (s->kind != SINK_COUNT)
		return 0;
	/* a blocked receive wakes up now and then to see the stop flag */
	setsockopt(s->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	ret = pthread_create(&s->thread, NULL, sink_thread, s);
	if (ret)
		return -ret;
	s->running = true;
	return 0;
}

void sink__stop(struct sink *s)
{
	if (!s)
		return;
	if (s->running) {
		atomic_store(&s->stop, true);
		pthread_join(s->thread, NULL);
		s->running = false;
	}
	sink__drain(s);
}

uint64_t sink__drain(struct sink *s)
{
	uint64_t n = 0;
	int got;

	/* what the senders left queued (discard: all it ever received) */
	while ((got = receive_batch(s, MSG_DONTWAIT)) > 0)
		n += got;
	return n;
}

int sink__fd(const struct sink *s)
{
	return s->fd;
}

uint64_t sink__delivered(const struct sink *s)
{
	return atomic_load(&((struct sink *)s)->delivered);
}

uint64_t sink__dropped(const struct sink *s)
{
	__u32 meminfo[SK_MEMINFO_VARS] = { 0 };
	socklen_t len = sizeof(meminfo);

	if (getsockopt(s->fd, SOL_SOCKET, SO_MEMINFO, meminfo, &len))
		return 0;
	return meminfo[SK_MEMINFO_DROPS];
}

bool sink__counts(const struct sink *s)
{
	return s->kind == SINK_COUNT;
}

void sink__free(struct sink *s)
{
	if (!s)
		return;
	sink__stop(s);
	if (s->fd >= 0)
		close(s->fd);
	free(s->bufs);
	free(s);
}
