/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Observe mode: watch the sendmmsg, recvmmsg, sendto and sendmsg calls of
 * programs mmsgtrace did not start (-p, -t, -c, --cgroup, --all).
 * check targets -> measure the per-call cost -> attach -> live table ->
 * summary per process with the batching report.
 */
#ifndef MMSGTRACE_OBSERVE_H
#define MMSGTRACE_OBSERVE_H

#include <signal.h>

#include "cli/cli.h"

/* Runs until *stop is set, --duration passes or (with -p/-t) every target
 * has exited. Returns the exit code: 0, 1 runtime failure, 2 usage error. */
int observe__run(const struct opts *o, volatile sig_atomic_t *stop);

#endif /* MMSGTRACE_OBSERVE_H */
