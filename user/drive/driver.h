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
#include <sys/socket.h>
#include <sys/types.h>

#include "core/creds.h"
#include "cli/cli.h"
#include "core/stats.h"

struct driver;

/* --dest text ("127.0.0.1:9000", "[::1]:9000", "/path", "@abstract") to an
 * address. 0 or -errno with err filled. */
int driver__resolve(enum proto proto, const char *dest, struct sockaddr_storage *addr,
		    socklen_t *len, char *err, size_t errlen);

/* Build sockets and message arrays. dest: where to send. user (NULL: none):
 * the sockets are opened, and the threads send, as this user. 0 or -errno. */
int driver__new(const struct opts *o, const struct sockaddr *dest, socklen_t destlen,
		const struct creds *user, struct driver **out, char *err, size_t errlen);
/* 0, or the errno of a thread that could not drop (it sent nothing). */
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
/* Errors by errno, STATS_ERRNO_SLOTS entries (valid after driver__stop). */
void driver__errnos(const struct driver *d, uint64_t *out);
void driver__free(struct driver *d);

#endif /* MMSGTRACE_DRIVER_H */
