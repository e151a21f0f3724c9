/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What a protocol's sockets accept, asked of this kernel before a run: the
 * largest message one send takes, and whether a send with given MSG_* flags
 * is refused outright. Used to refuse a command line whose every call would
 * fail (--size 70000 on udp4, --flags oob on UDP) before anything starts.
 */
#ifndef MMSGTRACE_DRIVE_PROTO_LIMITS_H
#define MMSGTRACE_DRIVE_PROTO_LIMITS_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/names.h"

#define PROTO_UDP4_MAX_MESSAGE 65507	/* 65535 - 20 (IPv4 header) - 8 (UDP header) */
#define PROTO_UDP6_MAX_MESSAGE 65527	/* 65535 (IPv6 payload) - 8 (UDP header) */
#define PROTO_UNIX_SNDBUF_OVERHEAD 32	/* net/unix/af_unix.c: len > sk_sndbuf - 32 is EMSGSIZE */

/*
 * The largest message one send of proto takes. For unix it comes from a new
 * datagram socket's send buffer (*sndbuf, its SO_SNDBUF; 0 for UDP), as the
 * driver's own sockets get it. 0, or -errno when no socket could be made.
 */
int proto_limits__max_message(enum proto proto, uint32_t *max, int *sndbuf);

/*
 * One send of size bytes with flags (and MSG_DONTWAIT, so it cannot block) on
 * a socket of proto addressed to a socket of its own: nothing leaves the
 * machine and nobody else receives it. Returns 0 when the kernel took the
 * message, else the errno of the send (or of making the sockets).
 */
int proto_limits__probe(enum proto proto, uint32_t size, int flags);

/* Whether an errno from proto_limits__probe means the protocol refuses the
 * flags themselves (every call would fail), not a passing condition. */
static inline bool proto_limits__refuses_flags(int err)
{
	return err == EOPNOTSUPP || err == EINVAL;
}

#endif /* MMSGTRACE_DRIVE_PROTO_LIMITS_H */
