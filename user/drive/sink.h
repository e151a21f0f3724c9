/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Built-in loopback receivers for the driver to send to.
 *
 *   discard - a bound socket nobody reads while the senders run: the
 *             cheapest receiver; UDP datagrams are dropped at its full
 *             queue (counted by the kernel, read back as `dropped`), and
 *             what is still queued at the end is drained and counted. A
 *             unix datagram socket has no drop path: senders block (or get
 *             EAGAIN) when it is full.
 *   count   - a thread drains it with recvmmsg and counts what arrives.
 */
#ifndef MMSGTRACE_SINK_H
#define MMSGTRACE_SINK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "common/names.h"

struct sink;

/* Bind a receiver on loopback for proto. Returns 0 or -errno (err filled). */
int sink__new(enum proto proto, enum sink_kind kind, struct sink **out, char *err,
	      size_t errlen);
/* The address senders use. */
const struct sockaddr *sink__addr(const struct sink *s, socklen_t *len);
/* Start the draining thread (count sink); no-op for discard. */
int sink__start(struct sink *s);
/* Stop the thread (count sink), then drain what is still queued. */
void sink__stop(struct sink *s);
/* Receive what is queued now without waiting (after sink__stop). Returns
 * how many datagrams; they are added to sink__delivered. */
uint64_t sink__drain(struct sink *s);
/* Datagrams received: by the count thread and by the drains. */
uint64_t sink__delivered(const struct sink *s);
/* The receiving socket. */
int sink__fd(const struct sink *s);
/* Datagrams the kernel dropped at this socket's receive queue. */
uint64_t sink__dropped(const struct sink *s);
bool sink__counts(const struct sink *s);
void sink__free(struct sink *s);

#endif /* MMSGTRACE_SINK_H */
