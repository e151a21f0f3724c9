/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The batching report: for each (pid, fd) that sends with single-message
 * calls, how many messages per syscall it achieves, how its sends cluster
 * into back-to-back bursts, and what sendmmsg would save at the burst sizes
 * seen (syscalls per second avoided, and the CPU time that represents at a
 * per-call cost measured elsewhere). An estimate: the caller labels it so.
 *
 * Pure: knows neither the tracer nor the output, only the calls it is given.
 * Owns a hash table of per-(pid, fd) state keyed by (pid, fd), and per fd
 * the sizes of its bursts.
 *
 * Only successful sends take part. A failed send (msgs 0) is not something
 * one sendmmsg per burst would have carried, so it is ignored altogether:
 * counting it as a call would report it as a call avoided.
 *
 * A burst is a run of consecutive successful send calls on one (pid, fd)
 * where each call starts within gap_ns of the burst's end so far (the latest
 * exit_ns of its calls). Records from different CPUs can arrive slightly out
 * of order: a call that enters before that end also joins, and an
 * out-of-order call that exits earlier does not pull the end back. A burst's
 * size is the sum of the msgs of its calls (so at least 1); at most one
 * burst per fd is open (the last one).
 */
#ifndef MMSGTRACE_BATCHING_H
#define MMSGTRACE_BATCHING_H

#include <stddef.h>
#include <stdint.h>
#include "common/contract.h"
#include "core/stats.h"

struct batching;

/*
 * gap_ns: a send that starts within gap_ns of the previous send's end on the
 * same (pid, fd) joins its burst. NULL when out of memory.
 */
struct batching *batching__new(uint64_t gap_ns);
/* frees everything; NULL is allowed */
void batching__free(struct batching *b);

/*
 * One completed send call (sendmmsg, sendto or sendmsg; the caller never
 * passes recvmmsg) on (pid, fd), in the order the records arrive.
 * msgs: messages the call carried; 0 (a failed call) is ignored: returns 0
 * and changes nothing (not a call, does not join, close or extend a burst,
 * adds no send time).
 * enter_ns/exit_ns: monotonic ns (exit_ns < enter_ns adds no send time).
 * Returns 0, or -ENOMEM (the call is then not counted; the caller counts
 * that as a loss), or -EINVAL when syscall is not a send (recvmmsg, or
 * >= MMSG_SYS_COUNT; not counted either, whatever msgs is).
 */
int batching__add(struct batching *b, uint32_t pid, int32_t fd, unsigned syscall, uint64_t enter_ns,
		  uint64_t exit_ns, uint32_t msgs);

struct batching_fd {
	uint32_t pid;
	int32_t fd;
	uint64_t calls;			/* successful send calls seen on this fd */
	uint64_t calls_by_syscall[MMSG_SYS_COUNT];	/* by enum mmsg_syscall */
	uint64_t single_calls;		/* calls that carried exactly one message */
	uint64_t msgs;
	double msgs_per_call;		/* msgs / calls */
	uint64_t bursts;
	double burst_msgs_mean;		/* messages per burst */
	/* p50/p90/p99/max of messages per burst (exact flag as the store says) */
	struct stats_percentiles burst_msgs;
	/*
	 * sum over bursts of ceil(burst msgs / 1024): one sendmmsg per burst,
	 * at most 1024 messages per call (the kernel's UIO_MAXIOV cap)
	 */
	uint64_t calls_if_batched;
	uint64_t calls_avoided;		/* calls - calls_if_batched, never negative */
	double avoided_per_s;		/* calls_avoided / seconds */
	double per_call_ns;		/* cost per syscall used for the estimate (as passed in) */
	/* avoided_per_s * per_call_ns: CPU time per second of run */
	double saved_ns_per_s;
	uint64_t send_time_ns;		/* sum of (exit_ns - enter_ns) over the calls */
	/* 100 * calls_avoided * per_call_ns / send_time_ns (0 when send_time_ns is 0) */
	double saved_pct_of_send_time;
};

/*
 * The report for one pid: fds that made at least one single-message call,
 * sorted by calls_avoided (descending, then fd ascending). Fills up to max
 * entries of out; returns how many such fds exist (may exceed max).
 * seconds: the observation time (> 0); per_call_ns >= 0. The still-open
 * burst of each fd counts as closed. Does not change b: more calls may
 * follow, and the open burst stays open.
 *
 * Outside the preconditions: seconds <= 0 or NaN gives avoided_per_s =
 * saved_ns_per_s = 0 (everything else is still filled); per_call_ns < 0 or
 * NaN is taken (and reported) as 0. out may be NULL when max is 0.
 *
 * burst_msgs includes the open burst. It is exact while the fd has at most
 * 1<<20 bursts; past that the store estimates (exact false) and p50/p90/p99
 * leave the open burst out (count and max take it in). burst_msgs.valid is
 * false only when memory ran out while computing it.
 */
size_t batching__report(const struct batching *b, uint32_t pid, double seconds, double per_call_ns,
			struct batching_fd *out, size_t max);

#endif /* MMSGTRACE_BATCHING_H */
