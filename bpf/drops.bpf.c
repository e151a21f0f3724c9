// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Where datagrams die: one program on the skb:kfree_skb tracepoint, which
 * the kernel fires for every packet it frees without delivering it (a normal
 * consumption fires consume_skb instead), with the reason and, since 6.12,
 * the receiving socket. Only datagrams are counted: UDP over IPv4/IPv6 and
 * unix datagram sockets.
 *
 * A drop is keyed by what names its sockets (mmsgdrops.h): the receiving socket
 * when the kernel knows it (a full receive queue), else the sending socket
 * while it still owns the packet (a local drop on the way out), else only
 * the UDP ports (no socket on the port: the kernel answers with an ICMP
 * port unreachable). Userspace matches the inodes and ports to processes.
 *
 * Loaded apart from the syscall tracer (mmsgtrace.bpf.c): it does not
 * depend on the attach mode, and it costs nothing on the syscall path.
 *
 * It runs for every packet the machine drops, and once per datagram of a
 * flood into a full socket, so every field is read with plain loads
 * (kernel_cast.bpf.h) rather than probe-read helper calls: about 250 ns a
 * drop with the helpers on the retpoline machine, see bench/README.md.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>
#include "kernel_cast.bpf.h"
#include "mmsgdrops.h"

char LICENSE[] SEC("license") = "Dual BSD/GPL";

#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define SOCK_DGRAM 2
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
/* skb->transport_header when no layer has set it (skb_transport_header_was_set) */
#define HEADER_UNSET 0xffff
#define IFF_LOOPBACK 0x8

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mmsg_drop_totals);
} drop_totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, MMSG_MAX_DROP_KEYS);
	__type(key, struct mmsg_drop_key);
	__type(value, __u64);
} drops SEC(".maps");

/* the inode of the socket's file (sock_i_ino), 0 for a socket without one */
static __always_inline __u64 socket_inode(struct sock *sk)
{
	struct socket *so = sk->sk_socket;

	if (!so)
		return 0;
	/* the inode is allocated together with the socket (sock_alloc_inode) */
	return kernel_cast(so, struct socket_alloc)->vfs_inode.i_ino;
}

static __always_inline bool is_datagram_socket(struct sock *sk)
{
	__u16 family = sk->__sk_common.skc_family;

	if (sk->sk_type != SOCK_DGRAM)
		return false;
	if (family == AF_UNIX)
		return true;
	return (family == AF_INET || family == AF_INET6) &&
	       (sk->sk_protocol == IPPROTO_UDP || sk->sk_protocol == IPPROTO_UDPLITE);
}

/*
 * The family and UDP ports from the packet's own headers. Returns 1 for a
 * UDP datagram (ports filled), 0 for another packet, -1 when the packet
 * has no data to read them from. (A plain load that faults reads zeroes,
 * which no IP header starts with: such a packet counts as not UDP.)
 */
static __always_inline int udp_ports(struct sk_buff *skb, struct mmsg_drop_key *key)
{
	__u64 head = (__u64)skb->head;
	__u16 nh = skb->network_header, th = skb->transport_header;
	struct iphdr *ip;
	struct udphdr *udp;
	__u8 proto;

	if (!head)
		return -1;
	ip = kernel_cast((void *)(head + nh), struct iphdr);
	if (ip->version == 4) {
		proto = ip->protocol;
		key->family = AF_INET;
		if (th == HEADER_UNSET)
			th = nh + ip->ihl * 4;
	} else if (ip->version == 6) {
		/* extension headers before UDP are not followed: such a packet
		 * counts as not UDP */
		proto = kernel_cast((void *)(head + nh), struct ipv6hdr)->nexthdr;
		key->family = AF_INET6;
		if (th == HEADER_UNSET)
			th = nh + sizeof(struct ipv6hdr);
	} else {
		/* not IP, or the header could not be read (a faulting plain load
		 * reads 0) */
		return 0;
	}
	if (proto != IPPROTO_UDP && proto != IPPROTO_UDPLITE)
		return 0;
	udp = kernel_cast((void *)(head + th), struct udphdr);
	key->sport = bpf_ntohs(udp->source);
	key->dport = bpf_ntohs(udp->dest);
	return 1;
}

static __always_inline __u32 netns_of(struct sk_buff *skb, struct sock *sk)
{
	if (sk)
		return sk->__sk_common.skc_net.net->ns.inum;
	return skb->dev ? skb->dev->nd_net.net->ns.inum : 0;
}

static __always_inline void count(struct mmsg_drop_totals *totals, struct mmsg_drop_key *key)
{
	static const __u64 one = 1;
	__u64 *n;

	totals->by_reason[key->reason]++;
	n = bpf_map_lookup_elem(&drops, key);
	if (n) {
		(*n)++;
		return;
	}
	/* a per-CPU value: another CPU inserting the same key at once is
	 * no race, BPF_NOEXIST then fails and the lookup finds it */
	if (bpf_map_update_elem(&drops, key, &one, BPF_NOEXIST) == 0)
		return;
	n = bpf_map_lookup_elem(&drops, key);
	if (n)
		(*n)++;
	else
		totals->unkeyed++;
}

SEC("tp_btf/kfree_skb")
int BPF_PROG(on_drop, struct sk_buff *skb, void *location, enum skb_drop_reason reason,
	     struct sock *rx_sk)
{
	struct mmsg_drop_key key = {};
	struct mmsg_drop_totals *totals;
	struct sock *sk = rx_sk;
	__u32 zero = 0;
	int udp;

	if (!skb)
		return 0;
	if (sk) {
		key.side = MMSG_DROP_AT_RECEIVER;
	} else if ((sk = skb->sk)) {
		key.side = MMSG_DROP_AT_SENDER;
	} else {
		key.side = MMSG_DROP_NO_SOCKET;
	}
	if (sk) {
		if (!is_datagram_socket(sk))
			return 0;
		key.sock_ino = socket_inode(sk);
		key.family = sk->__sk_common.skc_family;
	}
	/* ports for UDP: the sender's, whichever socket the kernel named */
	udp = key.family == AF_UNIX ? 0 : udp_ports(skb, &key);
	if (!sk && udp != 1)
		return 0;	/* not a datagram, or nothing to know it by */
	totals = bpf_map_lookup_elem(&drop_totals, &zero);
	if (!totals)
		return 0;
	if (udp < 0)
		totals->header_faults++;
	key.netns = netns_of(skb, sk);
	key.loopback = skb->dev && (skb->dev->flags & IFF_LOOPBACK);
	key.reason = reason < MMSG_DROP_REASONS ? reason : MMSG_DROP_REASONS - 1;
	count(totals, &key);
	return 0;
}
