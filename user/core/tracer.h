/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * libbpf lifecycle of the tracer: open, configure read-only data (what to
 * select, which syscalls) and the ring-buffer size, load, fill the target
 * set, attach, poll records, read the exact per-CPU totals, destroy.
 * Knows nothing of the driver but the tgid.
 */
#ifndef MMSGTRACE_TRACER_H
#define MMSGTRACE_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/contract.h"
#include "common/names.h"

#define TRACER_RINGBUF_MIN 4096ULL		/* a page */
#define TRACER_RINGBUF_MAX (1ULL << 30)
#define TRACER_RINGBUF_DEFAULT ((uint64_t)MMSG_RINGBUF_DEFAULT)
/* the consumer's longest sleep between drains (records are not signalled one
 * by one: see tracer__poll) */
#define TRACER_POLL_MAX_MS 100

/* What the user chose for the tracer (--attach, --ringbuf-size,
 * --hidden-errors, -v). */
struct tracer_settings {
	enum attach_mode attach;
	uint64_t ringbuf_size;		/* bytes, a power of two */
	bool hidden_errors;		/* the sock_send_length hook: errors sendmmsg hides */
	bool self_cost;			/* measure the programs' own cost (core/selfcost.h) */
	bool drops;			/* count dropped datagrams (core/drops.h) */
	int verbose;			/* libbpf debug log on stderr */
};

/* raw attach, a 16 MiB ring buffer, no sock_send_length hook (it runs for
 * every socket send of the machine: bench/README.md has its cost), libbpf
 * quiet */
static inline void tracer_settings__defaults(struct tracer_settings *s)
{
	s->attach = ATTACH_RAW;
	s->ringbuf_size = TRACER_RINGBUF_DEFAULT;
	s->hidden_errors = false;
	s->self_cost = true;
	s->drops = true;
	s->verbose = 0;
}

struct tracer;

/* Called for every per-call record, from tracer__poll's thread. */
typedef void (*tracer_record_fn)(void *ctx, const struct mmsg_call_record *rec);
/* Called for every fork/exit record of a watched process (may be NULL). */
typedef void (*tracer_task_fn)(void *ctx, const struct mmsg_task_record *rec);
/* Called for every per-message record (msg_records; may be NULL). A message's
 * record comes before the record of its call. */
typedef void (*tracer_msg_fn)(void *ctx, const struct mmsg_msg_record *rec);
/* Called by tracer__task_totals for each entry of the per-task table. */
typedef void (*tracer_task_totals_fn)(void *ctx, const struct mmsg_task_key *key,
				      const struct mmsg_task_totals *sum);

struct tracer_config {
	enum attach_mode attach;
	enum mmsg_select select;
	uint32_t target_tgid;		/* MMSG_SELECT_TGID */
	const uint32_t *targets;	/* MMSG_SELECT_TGID_SET / TID_SET */
	unsigned ntargets;
	char comm[MMSG_COMM_LEN];	/* MMSG_SELECT_COMM */
	int cgroup_fd;			/* MMSG_SELECT_CGROUP: an open cgroup v2 directory */
	unsigned syscall_mask;		/* 1 << enum mmsg_syscall */
	enum mmsg_task_totals_mode task_totals;	/* off, per process or per thread */
	uint64_t ringbuf_size;		/* bytes, power of two */
	bool stage_records;		/* records go out MMSG_STAGE_RECORDS at a time (drive mode) */
	/* the sock_send_length hook (attached when either is set): it runs for
	 * every socket send of the machine */
	bool hidden_errors;		/* count the message errors sendmmsg does not report */
	bool msg_records;		/* a record per message of traced send calls (on_msg) */
	bool note_sockets;		/* the call_sockets table (tracer__call_sockets) */
	/* load the syscall census (tracer__census_start): attached only when asked */
	bool census;
	int verbose;			/* libbpf debug log on stderr */
	tracer_record_fn on_record;
	tracer_task_fn on_task;
	tracer_msg_fn on_msg;
	void *ctx;
};

/* Drive mode: one process (the driver's) making one syscall without pause,
 * so its records are staged and go out in batches. */
void tracer_config__drive(struct tracer_config *cfg, const struct tracer_settings *s, uint32_t tgid,
			  unsigned syscall);
/*
 * Observe mode's syscalls unless asked for others: every traced syscall but
 * write and writev. Those are the busiest syscalls of most machines, and
 * only their datagram-socket calls count: each write of a watched task has
 * its fd looked up, and in tp mode every write of the machine runs the
 * enter program of sys_enter_write.
 */
#define TRACER_OBSERVE_SYSCALLS                                       \
	(((1u << MMSG_SYS_COUNT) - 1) & ~(1u << MMSG_SYS_WRITE | 1u << MMSG_SYS_WRITEV))

/* Observe mode: tasks chosen by sel (the caller adds targets, comm or the
 * cgroup), the syscalls of syscall_mask, totals per process or thread. */
void tracer_config__observe(struct tracer_config *cfg, const struct tracer_settings *s,
			    enum select_kind sel, unsigned syscall_mask, bool per_thread);

/*
 * Open, load and attach. On failure returns -errno with a one-line reason
 * in err (what is missing and what to do).
 */
int tracer__new(const struct tracer_config *cfg, struct tracer **out, char *err, size_t errlen);
/* Wait up to timeout_ms, then consume every pending record. Returns the
 * number consumed or -errno. The first poll after tracer__detach also
 * delivers the records still staged in the kernel. */
int tracer__poll(struct tracer *t, int timeout_ms);
/*
 * The kernel's run statistics of the syscall programs, by role: the entry
 * programs (raw_enter, or tp_enter_* of the watched syscalls) and the exit
 * ones. They grow only while BPF statistics are on (bpf_enable_stats).
 */
struct tracer_prog_stats {
	uint64_t enter_ns, enter_runs;
	uint64_t exit_ns, exit_runs;
	uint64_t send_hook_ns, send_hook_runs;	/* sock_send_length (--hidden-errors) */
	uint64_t drop_ns, drop_runs;		/* the drop counter (not the tracer's:
						 * filled by core/selfcost.c) */
};
int tracer__prog_stats(struct tracer *t, struct tracer_prog_stats *out);
/* Is the sock_send_length program loaded (--hidden-errors, message records)? */
bool tracer__has_send_hook(const struct tracer *t);

/* Sum of the per-CPU totals of one syscall. */
int tracer__totals(struct tracer *t, unsigned syscall, struct mmsg_totals *out);
/* Calls of one syscall by errno, MMSG_ERRNO_SLOTS entries summed over CPUs. */
int tracer__errnos(struct tracer *t, unsigned syscall, uint64_t *out);
/* hidden_errors: the messages of sendmmsg calls that returned > 0 but had
 * failed (the call reported the ones sent before), by errno, MMSG_ERRNO_SLOTS
 * entries summed over CPUs; their count is the hidden_errors total of the
 * sendmmsg slot. -ENOENT when the configuration did not ask for them. */
int tracer__hidden_errnos(struct tracer *t, uint64_t *out);
/* Called by tracer__call_sockets for each socket a traced call used. */
typedef void (*tracer_call_socket_fn)(void *ctx, uint64_t ino, const struct mmsg_call_socket *s);
/* note_sockets: visit every socket the traced calls used so far (the table
 * only grows). Returns the number of entries or -errno. */
int tracer__call_sockets(struct tracer *t, tracer_call_socket_fn fn, void *ctx);
/* Visit every entry of the per-task totals (summed over CPUs). Returns the
 * number of entries or -errno. */
int tracer__task_totals(struct tracer *t, tracer_task_totals_fn fn, void *ctx);
/* The watched ids still in the target set (exits remove them), up to max.
 * Returns how many there are, or -errno. */
int tracer__targets(struct tracer *t, uint32_t *out, size_t max);
/* Drop an id from the target set (a target found gone from userspace). */
void tracer__forget_target(struct tracer *t, uint32_t id);
/* Add an id to the target set (children that existed before the start).
 * Returns 0 or -errno (-E2BIG: the set is full). */
int tracer__add_target(struct tracer *t, uint32_t id);
/*
 * The syscall census: every syscall the selected tasks enter, counted by
 * number (bpf/mmsgtrace.h, MMSG_CENSUS_SLOTS). Its program runs for every
 * syscall of the machine while attached, so it is attached only between
 * tracer__census_start and tracer__census_stop: a short window. Stop
 * detaches it and gives the window's counts, MMSG_CENSUS_SLOTS entries
 * summed over CPUs. Both return 0 or -errno: -ENOENT when the configuration
 * did not load the census (cfg.census), -EALREADY for a start while counting,
 * -EINVAL for a stop without one.
 */
int tracer__census_start(struct tracer *t);
int tracer__census_stop(struct tracer *t, uint64_t *counts);
/* Stop tracing (tracer__detach), then deliver every record still buffered.
 * Returns 0 or -errno. */
int tracer__stop(struct tracer *t);
/* Stop tracing: detach every program. Records already in the ring buffer
 * stay readable, and the totals stop moving: read them after this. */
void tracer__detach(struct tracer *t);
void tracer__free(struct tracer *t);

#endif /* MMSGTRACE_TRACER_H */
