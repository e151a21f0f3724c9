/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Bytes of a call, read from the caller's memory at syscall exit: the sum of
 * msg_len over a struct mmsghdr array (sendmmsg, recvmmsg), or of iov_len
 * over an iovec array (writev) or the iovec of a struct user_msghdr
 * (sendmsg). CHUNK entries are read with one probe read into a per-CPU
 * scratch buffer; longer arrays take bpf_loop, whose callbacks are the only
 * BPF-to-BPF functions of the object.
 */
#ifndef MMSG_BYTES_BPF_H
#define MMSG_BYTES_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "mmsgtrace.h"

/* entries read with one probe read */
#define CHUNK 32

/* the user-ABI layouts, from vmlinux.h */
#define MMSGHDR_SIZE sizeof(struct mmsghdr)
#define MSG_LEN_OFFSET __builtin_offsetof(struct mmsghdr, msg_len)
#define IOVEC_SIZE sizeof(struct iovec)
#define IOV_LEN_OFFSET __builtin_offsetof(struct iovec, iov_len)
#define MSGHDR_IOV_OFFSET __builtin_offsetof(struct user_msghdr, msg_iov)

/* the 64-bit ABI the sums assume (and the values once written out here) */
_Static_assert(MMSGHDR_SIZE == 64 && MSG_LEN_OFFSET == 56, "struct mmsghdr layout");
_Static_assert(sizeof(((struct mmsghdr *)0)->msg_len) == 4, "msg_len is 32 bits");
_Static_assert(IOVEC_SIZE == 16 && IOV_LEN_OFFSET == 8, "struct iovec layout");
_Static_assert(sizeof(((struct iovec *)0)->iov_len) == 8, "iov_len is 64 bits");
/* msghdr_bytes reads msg_iov and msg_iovlen with one read */
_Static_assert(MSGHDR_IOV_OFFSET == 16 &&
		       __builtin_offsetof(struct user_msghdr, msg_iovlen) == MSGHDR_IOV_OFFSET + 8,
	       "struct user_msghdr layout");

struct scratch {
	__u8 buf[CHUNK * MMSGHDR_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

struct sum_ctx {
	__u64 base;		/* user address of the array */
	__u64 sum;
	__u32 n;		/* entries to add */
	__u32 faults;
	struct scratch *s;
};

/*
 * Add a field of entries [i*CHUNK, min(n, (i+1)*CHUNK)) of a user array:
 * msg_len (u32) of struct mmsghdr, or iov_len (u64) of struct iovec.
 */
static __always_inline long sum_fields(__u32 i, struct sum_ctx *c, const __u32 stride,
				       const __u32 offset, const bool wide)
{
	__u32 first = i * CHUNK, cnt, j;
	__u64 size;
	struct scratch *s = c->s;

	if (first >= c->n)
		return 1;
	cnt = c->n - first;
	if (cnt > CHUNK)
		cnt = CHUNK;
	size = cnt * stride;
	/* make the verifier see the bound on the register actually passed */
	barrier_var(size);
	if (size > sizeof(s->buf))
		return 1;
	if (bpf_probe_read_user(s->buf, size, (const void *)(c->base + (__u64)first * stride))) {
		c->faults++;
		return 1;
	}
	for (j = 0; j < CHUNK; j++) {
		if (j >= cnt)
			break;
		if (wide)
			c->sum += *(__u64 *)(s->buf + j * stride + offset);
		else
			c->sum += *(__u32 *)(s->buf + j * stride + offset);
	}
	return 0;
}

static long sum_msg_len(__u32 i, void *data)
{
	return sum_fields(i, data, MMSGHDR_SIZE, MSG_LEN_OFFSET, false);
}

static long sum_iov_len(__u32 i, void *data)
{
	return sum_fields(i, data, IOVEC_SIZE, IOV_LEN_OFFSET, true);
}

/* sum of msg_len over the first n entries of a struct mmsghdr array */
static __always_inline __u64 mmsg_bytes(__u64 vec, __u32 n, __u32 *faults)
{
	__u32 zero = 0;
	struct sum_ctx c = { .base = vec, .n = n, .s = bpf_map_lookup_elem(&scratch, &zero) };

	if (!c.s) {
		(*faults)++;
		return 0;
	}
	if (n <= CHUNK)
		sum_msg_len(0, &c);
	else
		bpf_loop((n + CHUNK - 1) / CHUNK, sum_msg_len, &c, 0);
	*faults += c.faults;
	return c.sum;
}

/* total iov_len of the first n entries of a user struct iovec array: the
 * bytes writev was asked to write (at most UIO_MAXIOV entries, as the kernel
 * takes) */
static __always_inline __u64 iovec_bytes(__u64 iov, __u64 n, __u32 *faults)
{
	__u32 zero = 0;
	struct sum_ctx c = { .base = iov, .s = bpf_map_lookup_elem(&scratch, &zero) };

	if (!c.s) {
		(*faults)++;
		return 0;
	}
	c.n = n < MMSG_UIO_MAXIOV ? (__u32)n : MMSG_UIO_MAXIOV;
	if (c.n <= CHUNK)
		sum_iov_len(0, &c);
	else
		bpf_loop((c.n + CHUNK - 1) / CHUNK, sum_iov_len, &c, 0);
	*faults += c.faults;
	return c.sum;
}

/* total iov_len of a struct user_msghdr: the bytes sendmsg was asked to send */
static __always_inline __u64 msghdr_bytes(__u64 msg, __u32 *faults)
{
	__u64 iov[2];	/* msg_iov, msg_iovlen */

	if (bpf_probe_read_user(iov, sizeof(iov), (const void *)(msg + MSGHDR_IOV_OFFSET))) {
		(*faults)++;
		return 0;
	}
	/* a successful sendmsg had at most UIO_MAXIOV entries */
	return iovec_bytes(iov[0], iov[1], faults);
}

#endif /* MMSG_BYTES_BPF_H */
