/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Observe mode's owners of dropped datagrams: each watched process's
 * sockets (found in /proc each time it is scanned, kept once seen) and the
 * drops attributed to them (core/drops.h), with the total over all of them
 * in which a drop counts once even when it is two processes' (sent by one,
 * dropped at the other).
 */
#ifndef MMSGTRACE_DROP_OWNERS_H
#define MMSGTRACE_DROP_OWNERS_H

#include <stddef.h>
#include <stdint.h>

#include "core/drops.h"
#include "core/sockets.h"

struct drop_owner {
	uint32_t pid;
	struct socket_set sockets;
	struct drop_counts drops;	/* as of the last drop_owners__attribute */
	uint64_t interval_start;	/* drops.total when the interval began */
};

struct drop_owners {
	struct drop_owner *v;
	size_t n, cap;
	struct socket_set all;		/* every owner's sockets */
	struct drop_counts total;	/* the drops of any of them, each once */
};

void drop_owners__init(struct drop_owners *o);
void drop_owners__free(struct drop_owners *o);
/* Add the sockets process pid has open now. Returns 0, or -errno
 * (-ENOENT: it is gone; its sockets seen before stay). */
int drop_owners__scan(struct drop_owners *o, uint32_t pid);
/* Add one socket of process pid (the tracer saw one of its calls use it). */
int drop_owners__add(struct drop_owners *o, uint32_t pid, const struct socket_id *id);
/* Attribute the drops counted so far to every owner and to the total.
 * Returns 0 or -errno. */
int drop_owners__attribute(struct drop_owners *o, struct drops *d);
/* Process pid's drops since the previous call for it (0 when it has no
 * sockets known); the next interval starts now. */
uint64_t drop_owners__interval(struct drop_owners *o, uint32_t pid);
/* The drops of process pid, or NULL when it was never scanned. */
const struct drop_counts *drop_owners__of(const struct drop_owners *o, uint32_t pid);

#endif /* MMSGTRACE_DROP_OWNERS_H */
