/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The contract between the drop counter (drops.bpf.c) and userspace
 * (user/core/drops.c). Compiled on both sides: no includes, __u16..__u64.
 *
 * Every datagram the kernel drops (the skb:kfree_skb tracepoint: a free that
 * is not a normal consumption) is counted twice: in a per-CPU array by
 * reason, exact whatever happens, and in a per-CPU hash keyed by what
 * identifies its sockets, so that userspace can tell whose it was. Datagrams
 * are UDP (v4 and v6) and unix datagram sockets; other drops are not
 * looked at.
 */
#ifndef MMSG_DROPS_H
#define MMSG_DROPS_H

/* drop reasons (the kernel's enum skb_drop_reason) at or past this are
 * counted in the last slot */
#define MMSG_DROP_REASONS 256
/* distinct keys the hash can hold; drops past it are counted as unkeyed */
#define MMSG_MAX_DROP_KEYS 16384

/* Which socket the kernel named when it dropped the datagram. */
enum mmsg_drop_side {
	MMSG_DROP_AT_RECEIVER = 1,	/* its receiving socket (kfree_skb's rx_sk) */
	MMSG_DROP_AT_SENDER = 2,	/* still owned by the socket that sent it (skb->sk) */
	MMSG_DROP_NO_SOCKET = 3,	/* neither: known by its addresses only */
};

struct mmsg_drop_key {
	__u64 sock_ino;		/* AT_RECEIVER, AT_SENDER: the socket's inode, as in socket:[N] */
	__u32 netns;		/* the network namespace's inode (as /proc/PID/ns/net) */
	__u16 reason;		/* enum skb_drop_reason, folded at MMSG_DROP_REASONS - 1 */
	__u8 side;		/* enum mmsg_drop_side */
	__u8 family;		/* AF_INET, AF_INET6 (ports below are set) or AF_UNIX */
	__u16 sport;		/* UDP source port (host order): the sender's */
	__u16 dport;		/* UDP destination port */
	__u8 loopback;		/* it came in on a loopback device: sent on this host, in netns */
	__u8 pad[3];
};

/* One per CPU; userspace sums them. */
struct mmsg_drop_totals {
	__u64 by_reason[MMSG_DROP_REASONS];
	__u64 unkeyed;		/* counted by reason, but the hash was full */
	__u64 header_faults;	/* a UDP header that could not be read: no ports */
};

#endif /* MMSG_DROPS_H */
