/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Observe mode, the application: watch the sendmmsg, recvmmsg, sendto,
 * sendmsg, recvfrom and recvmsg calls (and when asked, write and writev on
 * datagram sockets) of programs mmsgtrace did not start (-p, -t, -c,
 * --cgroup, --all).
 * check targets -> measure the per-call cost -> attach -> live table ->
 * summary per process with the batching report.
 */
#ifndef MMSGTRACE_OBSERVE_OBSERVE_H
#define MMSGTRACE_OBSERVE_OBSERVE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "common/contract.h"
#include "common/names.h"
#include "core/task_order.h"
#include "core/tracer.h"
#include "report/output.h"

#define OBSERVE_MAX_TARGETS 256		/* ids given to -p / -t */
#define OBSERVE_CGROUP_PATH_MAX 4096
#define OBSERVE_HINT_AFTER_DEFAULT 5.0	/* seconds */
#define OBSERVE_HINT_AFTER_MAX 3600.0

struct observe_config {
	enum select_kind select;	/* never SELECT_NONE here */
	unsigned ntargets;		/* SELECT_PID / SELECT_TID */
	uint32_t targets[OBSERVE_MAX_TARGETS];
	char comm[MMSG_COMM_LEN];	/* SELECT_COMM, NUL-padded */
	char cgroup_path[OBSERVE_CGROUP_PATH_MAX];	/* SELECT_CGROUP */
	unsigned syscall_mask;		/* 1 << enum mmsg_syscall */
	bool per_thread;		/* rows per thread instead of per process */
	bool quiet;			/* --quiet: no text line per fork or exit */
	uint64_t burst_gap_ns;		/* batching report: sends closer than this form a burst */
	bool duration_set;		/* stop after duration_s (else run until stopped) */
	double duration_s;
	enum task_sort sort;		/* --sort: the order of the processes */
	unsigned top;			/* --top: processes listed (0: all) */
	/* --hint-after: no watched call in this long since the start, the
	 * targets' busiest syscalls are named, once (0: never; observe/idle_watch.h) */
	double hint_after_s;
	struct tracer_settings tracer;
	struct output_settings output;
};

/* The defaults: every syscall the tracer knows but write and writev, per
 * process, 100 us bursts, the hint after 5 s, no end. */
static inline void observe_config__defaults(struct observe_config *c)
{
	memset(c, 0, sizeof(*c));
	c->select = SELECT_NONE;
	c->syscall_mask = TRACER_OBSERVE_SYSCALLS;
	c->burst_gap_ns = 100000;
	c->duration_s = 5.0;
	c->sort = TASK_SORT_MSGS;
	c->hint_after_s = OBSERVE_HINT_AFTER_DEFAULT;
	tracer_settings__defaults(&c->tracer);
	output_settings__defaults(&c->output);
}

/* Runs until *stop is set, --duration passes or (with -p/-t) every target
 * has exited. Returns the exit code: 0, 1 runtime failure, 2 usage error. */
int observe__run(const struct observe_config *cfg, volatile sig_atomic_t *stop);

#endif /* MMSGTRACE_OBSERVE_OBSERVE_H */
