/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The batching report: for each (pid, fd) that sends with single-message
 * calls, how many messages per syscall it achieves, which of its sends one
 * sendmmsg could have carried together, what that would save and what it
 * would cost in added wait; and for each process a verdict in one word.
 * An estimate: the caller labels it so.
 *
 * Pure: knows neither the tracer nor the output, only the calls it is given.
 * Owns a hash table of per-(pid, fd) state, plus one entry per pid (under
 * fd BATCHING_PROCESS_FD, which no successful call has) for the process's
 * added waits; per fd the sizes of its bursts and their added waits.
 *
 * Only successful calls take part. A failed send (msgs 0) is not something
 * one sendmmsg per burst would have carried, so it is ignored altogether:
 * counting it as a call would report it as a call avoided; a failed receive
 * delivered no data that a send could depend on.
 *
 * The rule: a burst is a run of consecutive successful send calls on one
 * (pid, fd) with no successful receive on that fd between them (a send after
 * a receive may carry the answer to what was received, as in any
 * request-response program, so it could not have gone out earlier), where
 * each call starts within gap_ns of the burst's end so far (the latest
 * exit_ns of its calls): gap_ns bounds the wait batching adds. Records from
 * different CPUs can arrive slightly out of order: a call that enters before
 * that end also joins, and an out-of-order call that exits earlier does not
 * pull the end back. A burst's size is the sum of the msgs of its calls (so
 * at least 1); at most one burst per fd is open (the last one). The added
 * wait of a burst of two or more calls is the time its first message would
 * have waited for the others: the last call's entry less the first's.
 */
#ifndef MMSGTRACE_BATCHING_H
#define MMSGTRACE_BATCHING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "common/contract.h"
#include "core/stats.h"

#define BATCHING_PROCESS_FD INT32_MIN	/* the process's own entry (no real fd) */
/* the verdict's thresholds */
#define BATCHING_BATCHED_SHARE 0.5	/* messages in multi-message calls: already batched */
#define BATCHING_LITTLE_PCT 5.0		/* saved share of send time below it: little to gain */

struct batching;

/*
 * gap_ns: a send that starts within gap_ns of the previous send's end on the
 * same (pid, fd) joins its burst. NULL when out of memory.
 */
struct batching *batching__new(uint64_t gap_ns);
/* frees everything; NULL is allowed */
void batching__free(struct batching *b);

/*
 * One completed call on (pid, fd), in the order the records arrive: a send
 * (sendmmsg, sendto, sendmsg) joins or starts a burst; a receive (recvmmsg,
 * recvfrom, recvmsg) that got data ends the fd's open burst, and recvmmsg's
 * returns are kept against its vlen.
 * msgs: messages the call carried; 0 (a failed call) is ignored: returns 0
 * and changes nothing. vlen: as the caller asked (recvmmsg; 1 otherwise).
 * enter_ns/exit_ns: monotonic ns (exit_ns < enter_ns adds no send time).
 * Returns 0, or -ENOMEM (the call is then not counted; the caller counts
 * that as a loss), or -EINVAL when syscall >= MMSG_SYS_COUNT (not counted
 * either, whatever msgs is).
 */
int batching__add(struct batching *b, uint32_t pid, int32_t fd, unsigned syscall, uint64_t enter_ns,
		  uint64_t exit_ns, uint32_t msgs, uint32_t vlen);

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
	uint64_t time_saved_ns;		/* calls_avoided * per_call_ns, rounded */
	uint64_t joined_bursts;		/* bursts of two or more calls: the proposed batches */
	struct stats_percentiles added_wait_ns;	/* over joined bursts (valid false: none) */
	uint64_t receives;		/* successful receive calls on this fd */
	uint64_t bursts_cut_by_receive;	/* bursts that a receive ended */
	/* recvmmsg on this fd: successful calls, those that returned more than
	 * one message, the largest return and the largest vlen asked for (a
	 * vlen of recvmmsg_ret_max would have been enough) */
	uint64_t recvmmsg_calls, recvmmsg_multi;
	uint32_t recvmmsg_ret_max, recvmmsg_vlen_max;
};

enum batching_verdict {
	BATCHING_NOTHING_TO_BATCH,	/* no send one call could have carried with another */
	BATCHING_ALREADY_BATCHED,	/* most messages already go in multi-message calls */
	BATCHING_LITTLE_TO_GAIN,	/* the calls saved cost under BATCHING_LITTLE_PCT of send time */
	BATCHING_WORTH_IT,
	BATCHING_UNKNOWN,		/* receives were not watched: the rule cannot be applied */
};

/* "nothing_to_batch", "already_batched", ... (the JSON names) */
const char *batching__verdict_name(enum batching_verdict v);

/* One process's report: the sum over its fds and the verdict. */
struct batching_process {
	enum batching_verdict verdict;
	uint64_t calls, msgs;		/* successful send calls and their messages */
	uint64_t multi_msgs;		/* messages sent in calls that carried more than one */
	double msgs_per_call;
	uint64_t calls_saved;		/* sum of the fds' calls_avoided */
	uint64_t time_saved_ns;		/* calls_saved * per_call_ns */
	uint64_t send_time_ns;
	double saved_pct_of_send_time;	/* 100 * time_saved_ns / send_time_ns */
	double saved_calls_per_s;
	double per_call_ns;
	struct stats_percentiles added_wait_ns;	/* over all its fds' joined bursts */
	bool receives_watched;
};

/*
 * The process report of pid (a tgid, or a tid with per-thread ids). seconds
 * and per_call_ns as for batching__report. receives_watched: every receive
 * syscall was traced (else the verdict is BATCHING_UNKNOWN: a receive the
 * rule needs may have gone unseen). The open bursts count as closed; b is not
 * changed.
 */
void batching__process(const struct batching *b, uint32_t pid, double seconds, double per_call_ns,
		       bool receives_watched, struct batching_process *out);

/* The verdict of a filled report (pure: exposed for the tests). */
enum batching_verdict batching__verdict(const struct batching_process *p);

/*
 * The report for one pid: fds that made at least one single-message send or a
 * successful recvmmsg,
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
