/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Where datagrams die: the drop counter's libbpf lifecycle (bpf/drops.bpf.c,
 * on skb:kfree_skb), and the attribution of what it counted to the sockets
 * of an owner (core/sockets.h). Loaded beside the syscall tracer, not part
 * of it: it runs only when the kernel drops a packet, whatever the attach
 * mode.
 */
#ifndef MMSGTRACE_DROPS_H
#define MMSGTRACE_DROPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/contract.h"	/* bpf/mmsgdrops.h */
#include "core/sockets.h"

/* The drops of one owner's datagrams, or of all the machine's. */
struct drops;

struct drop_counts {
	bool counted;			/* the counter ran: exact; false: not known */
	uint64_t total;
	uint64_t to_its_sockets;	/* addressed to one of its sockets (dropped there) */
	uint64_t from_its_sockets;	/* sent by one of its sockets */
	uint64_t by_reason[MMSG_DROP_REASONS];
	/* the machine's drops the counter could not attribute to anyone: its
	 * table was full, or a packet had no headers to read ports from. Any
	 * owner's count may lack some of these. */
	uint64_t unattributed;
	/* the kernel's reason names (drops__reason_name), owned by the counter */
	const char *const *reason_names;
};

struct drops;

/* Load and attach. On failure returns -errno with a one-line reason in err. */
int drops__new(struct drops **out, char *err, size_t errlen);
/* Stop counting; what was counted stays readable. */
void drops__detach(struct drops *d);
/*
 * Attribute every drop counted so far: out[i] for sets[i] (zeroed first;
 * each gets the machine's unattributed count).
 * A drop is an owner's when it was dropped at one of its sockets (the
 * receiver the kernel named), or was sent by one: still owned by its socket,
 * or a UDP datagram that came in on loopback from one of its ports in its
 * network namespace. Returns 0 or -errno.
 */
int drops__attribute(struct drops *d, const struct socket_set *const *sets, size_t n,
		     struct drop_counts *out);
/* The kernel's name of a drop reason without its SKB_DROP_REASON_ prefix
 * ("SOCKET_RCVBUFF"), from the kernel's BTF; "REASON_N" when unknown. */
const char *drops__reason_name(const struct drops *d, unsigned reason);
/* The drop counter's program so far, from the kernel's BPF statistics
 * (which count only while they are on): run time and runs. 0 or -errno. */
int drops__prog_stats(struct drops *d, uint64_t *run_ns, uint64_t *runs);
void drops__free(struct drops *d);

#endif /* MMSGTRACE_DROPS_H */
