/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The load generator: N threads, a socket each, calling sendmmsg in a tight
 * loop on arrays built once (--mode sendmsg/sendto: the same messages, one
 * per call). Keeps its own exact counters, independent of the tracer, for
 * the cross-check, and counts the datagrams the messages become (--gso).
 *
 * Message sizes: --size lists cycle message by message across calls, and a
 * --size range draws uniform sizes once (seeded) into a pool of arrays that
 * the loop rotates through, so bytes per call vary with no work per call.
 */
#ifndef MMSGTRACE_DRIVER_H
#define MMSGTRACE_DRIVER_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "common/names.h"
#include "core/creds.h"
#include "core/stats.h"

#define DRIVER_VLEN_MAX 1048576		/* --vlen accepted at all (the kernel caps at MMSG_UIO_MAXIOV) */
#define DRIVER_MAX_SIZE 1048576		/* bytes of a message; > 65507 gets EMSGSIZE on UDP */
#define DRIVER_MAX_SIZES 64		/* entries in a size list */
#define DRIVER_MAX_THREADS 256
#define DRIVER_MAX_CPUS 256		/* entries in a CPU list, and the highest CPU number + 1 */
#define DRIVER_GSO_MAX 65507		/* UDP_SEGMENT size, and the largest message with it */
#define DRIVER_GSO_SEGMENTS 64		/* datagrams one message may become (UDP_MAX_SEGMENTS) */

enum size_kind { SIZE_FIXED, SIZE_LIST, SIZE_RANGE };

/* Bytes per message. */
struct size_spec {
	enum size_kind kind;
	unsigned n;			/* SIZE_FIXED: 1; SIZE_LIST: entries; SIZE_RANGE: 0 */
	uint32_t list[DRIVER_MAX_SIZES];	/* SIZE_FIXED uses list[0] */
	uint32_t min, max;		/* inclusive bounds (every kind) */
};

/* What the driver sends, how, and for how long. */
struct driver_config {
	unsigned vlen;			/* messages per call, as requested */
	struct size_spec size;
	uint64_t seed;			/* for SIZE_RANGE */
	int flags;			/* MSG_* bits passed to each send call */
	enum proto proto;
	bool connect;			/* connect() (default) vs msg_name per message */
	double duration_s;		/* run time; ignored when count > 0 */
	uint64_t count;			/* total calls across threads; 0 = use duration */
	unsigned threads;
	uint64_t rate;			/* total msgs/s; 0 = as fast as possible */
	unsigned ncpus;			/* 0 = no pinning */
	int cpus[DRIVER_MAX_CPUS];	/* threads are pinned round-robin */
	enum send_mode send_mode;	/* sendmmsg, or one message per sendmsg/sendto call */
	uint32_t gso;			/* UDP_SEGMENT size; 0 = off */
};

/* The defaults: vlen 64, 64 B udp4 messages, 5 s, one thread, connected. */
static inline void driver_config__defaults(struct driver_config *c)
{
	memset(c, 0, sizeof(*c));
	c->vlen = 64;
	c->size.kind = SIZE_FIXED;
	c->size.n = 1;
	c->size.list[0] = 64;
	c->size.min = c->size.max = 64;
	c->seed = 1;
	c->proto = PROTO_UDP4;
	c->connect = true;
	c->duration_s = 5.0;
	c->threads = 1;
	c->send_mode = SEND_SENDMMSG;
}

/* UDP datagrams one message of size bytes becomes with --gso gso (0: off):
 * ceil(size / gso), and at least 1 (an empty message is one empty datagram) */
static inline uint32_t driver__datagrams(uint32_t size, uint32_t gso)
{
	if (!gso || size <= gso)
		return 1;
	return (uint32_t)(((uint64_t)size + gso - 1) / gso);
}

struct driver;

/* --dest text ("127.0.0.1:9000", "[::1]:9000", "/path", "@abstract") to an
 * address. 0 or -errno with err filled. */
int driver__resolve(enum proto proto, const char *dest, struct sockaddr_storage *addr,
		    socklen_t *len, char *err, size_t errlen);

/* Build sockets and message arrays. dest: where to send. user (NULL: none):
 * the sockets are opened, and the threads send, as this user. 0 or -errno. */
int driver__new(const struct driver_config *cfg, const struct sockaddr *dest, socklen_t destlen,
		const struct creds *user, struct driver **out, char *err, size_t errlen);
/* 0, or -errno of a thread that could not drop (it sent nothing). */
int driver__run_as_errno(const struct driver *d);
/* Start the threads. */
int driver__start(struct driver *d, char *err, size_t errlen);
/* True once every thread has finished its count or duration. */
bool driver__finished(const struct driver *d);
/* Ask the threads to stop; interrupts blocked sends. Then joins them. */
void driver__stop(struct driver *d);
/* Seconds from start until the last thread finished (after driver__stop). */
double driver__elapsed(const struct driver *d);
/* Sum of the per-thread counters (live values while running). */
void driver__counts(const struct driver *d, struct driver_counts *out);
/* Errors by errno, MMSG_ERRNO_SLOTS entries (valid after driver__stop). */
void driver__errnos(const struct driver *d, uint64_t *out);
/* The socket of sending thread i (0 .. threads - 1), open until driver__free. */
int driver__socket(const struct driver *d, unsigned i);
void driver__free(struct driver *d);

#endif /* MMSGTRACE_DRIVER_H */
