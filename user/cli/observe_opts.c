// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The "Observe other programs" option group: what to watch (any selector
 * chooses observe mode), which calls, how the report groups them. */
#define _GNU_SOURCE
#include <string.h>

#include "cli/internal.h"
#include "cli/values.h"
#include "common/parse.h"
#include "common/text.h"
#include "common/util.h"
#include "core/task_order.h"
#include "observe/idle_watch.h"

#define TOP_MAX 100000

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Observe other programs (no driver runs):", GROUP_OBSERVE },
	{ "pid", K_PID, "PID[,PID...]", 0,
	  "Watch these processes, all their threads, and the processes they fork. "
	  "The run ends when all have exited", 0 },
	{ "tid", K_TID, "TID[,TID...]", 0, "Watch these threads only", 0 },
	{ "comm", K_COMM, "NAME", 0, "(the longest task name)", 0 },
	{ "cgroup", K_CGROUP, "DIR", 0,
	  "Watch tasks in this cgroup v2 directory and below, e.g. "
	  "/sys/fs/cgroup/unified/system.slice/named.service", 0 },
	{ "all", K_ALL, NULL, 0, "Watch every process", 0 },
	{ "syscalls", K_SYSCALLS, "LIST", 0, "(names of the syscalls)", 0 },
	{ "per-thread", K_PER_THREAD, NULL, 0, "One row per thread instead of per process", 0 },
	{ "quiet", K_QUIET, NULL, 0,
	  "No line for each watched process that forks or exits (JSON keeps its fork and exit "
	  "objects)", 0 },
	{ "sort", K_SORT, "KEY", 0, "(the keys)", 0 },
	{ "top", K_TOP, "N", 0,
	  "Show the first N processes (threads) only, live and in the text summary, "
	  "the rest added up in one line (default all)", 0 },
	{ "hint-after", K_HINT_AFTER, "SECONDS", 0, "(the hint)", 0 },
	{ "burst-gap", K_BURST_GAP, "TIME", 0,
	  "Batching report: sends on one socket closer than TIME form a burst that "
	  "one sendmmsg could carry; 500ns, 100us, 2ms or 0.5s, bare numbers are "
	  "microseconds (default 100us)", 0 },
	{ 0 },
};

static char *help_filter(int key, const char *text, void *input)
{
	char list[128];

	(void)input;
	if (key == K_COMM)
		return cli__doc(text, "Watch tasks whose name (/proc/PID/comm, at most %d bytes) is "
				"exactly NAME", MMSG_COMM_LEN - 1);
	if (key == K_SORT)
		return cli__doc(text, "Order the processes, live and in the text summary, by KEY: "
				"%s, largest first (default msgs; the key s cycles it live)",
				task_order__names());
	if (key == K_HINT_AFTER)
		return cli__doc(text, "When the watched tasks have made no watched call for SECONDS "
				"since the start, name the syscalls they make most (counted for "
				"%g s), once, on stderr; 0: never (default %g; not with --all)",
				IDLE_WATCH_WINDOW_S, OBSERVE_HINT_AFTER_DEFAULT);
	if (key == K_SYSCALLS)
		return cli__doc(text, "Which calls to watch: comma list of %s (default all but "
				"write and writev). write and writev count only their calls on "
				"datagram sockets (UDP, unix SOCK_DGRAM); they are off by default "
				"because they are the busiest syscalls of most machines: each write "
				"of a watched task has its fd looked up, and with --attach tp every "
				"write of the machine runs the tracer's program",
				names__list(&names_syscall, ", ", list, sizeof(list)));
	return (char *)text;
}

/* -p, -t, -c, --cgroup and --all choose one way of selecting: one kind only
 * (-p and -t may repeat) */
static int select_one(struct cli_ctx *ctx, enum select_kind want)
{
	struct observe_config *o = &ctx->c->observe;

	if (o->select == SELECT_NONE ||
	    (o->select == want && (want == SELECT_PID || want == SELECT_TID))) {
		o->select = want;
		return 0;
	}
	if (o->select == want)
		return cli__usage(ctx, "%s given twice: give it once", want == SELECT_ALL ? "--all" :
				  want == SELECT_COMM ? "-c" : "--cgroup");
	return cli__usage(ctx, "choose one way to select what to watch: -p, -t, -c, --cgroup or "
			  "--all (got %s and %s)", names__select(o->select), names__select(want));
}

static int set_comm(struct cli_ctx *ctx, const char *arg)
{
	struct observe_config *o = &ctx->c->observe;
	struct text_quote q;

	if (!*arg || strlen(arg) >= MMSG_COMM_LEN)
		return cli__usage(ctx, "invalid -c '%s': a task name has 1 to %d bytes (the kernel "
				  "truncates longer names; see /proc/PID/comm)", text__quote(arg, &q),
				  MMSG_COMM_LEN - 1);
	memset(o->comm, 0, sizeof(o->comm));
	memcpy(o->comm, arg, strlen(arg));
	return 0;
}

static int set_cgroup(struct cli_ctx *ctx, const char *arg)
{
	struct observe_config *o = &ctx->c->observe;
	struct text_quote q;

	if (!*arg || strlen(arg) >= sizeof(o->cgroup_path))
		return cli__usage(ctx, "invalid --cgroup '%s': expected a cgroup v2 directory",
				  text__quote(arg, &q));
	snprintf(o->cgroup_path, sizeof(o->cgroup_path), "%s", arg);
	return 0;
}

static int set_sort(struct cli_ctx *ctx, const char *arg)
{
	struct text_quote q;

	if (task_order__parse(arg, &ctx->c->observe.sort))
		return cli__usage(ctx, "invalid --sort '%s': expected %s",
				  text__quote(arg, &q), task_order__names());
	return 0;
}

static int set_top(struct cli_ctx *ctx, const char *arg)
{
	struct text_quote q;
	uint64_t n;

	if (parse__u64(arg, &n) || n < 1 || n > TOP_MAX)
		return cli__usage(ctx, "invalid --top '%s': expected a number of processes from 1 "
				  "to %d", text__quote(arg, &q), TOP_MAX);
	ctx->c->observe.top = (unsigned)n;
	return 0;
}

static int set_hint_after(struct cli_ctx *ctx, const char *arg)
{
	struct text_quote q;
	double d;

	if (parse__double(arg, &d) || d > OBSERVE_HINT_AFTER_MAX)
		return cli__usage(ctx, "invalid --hint-after '%s': expected seconds from 0 (never) "
				  "to %g, e.g. 5 or 0.5", text__quote(arg, &q), OBSERVE_HINT_AFTER_MAX);
	ctx->c->observe.hint_after_s = d;
	ctx->hint_after_set = true;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct cli_ctx *ctx = state->input;
	struct observe_config *o = &ctx->c->observe;
	char *err = ctx->c->error;
	size_t errlen = sizeof(ctx->c->error);
	int ret;

	/* how to watch, without saying what: needs a selector */
	if ((key == K_SYSCALLS || key == K_PER_THREAD || key == K_BURST_GAP || key == K_QUIET ||
	     key == K_TOP || key == K_SORT || key == K_HINT_AFTER) && !ctx->observe_key)
		ctx->observe_key = key;
	switch (key) {
	case K_PID:
	case K_TID:
		ret = select_one(ctx, key == K_PID ? SELECT_PID : SELECT_TID);
		if (ret)
			return ret;
		return values__ids(arg, key == K_PID ? "-p" : "-t", o->targets, &o->ntargets,
				   OBSERVE_MAX_TARGETS, err, errlen) ? USAGE_ERR : 0;
	case K_COMM:
		ret = select_one(ctx, SELECT_COMM);
		return ret ? ret : set_comm(ctx, arg);
	case K_CGROUP:
		ret = select_one(ctx, SELECT_CGROUP);
		return ret ? ret : set_cgroup(ctx, arg);
	case K_ALL:
		return select_one(ctx, SELECT_ALL);
	case K_SYSCALLS:
		return values__syscalls(arg, &o->syscall_mask, err, errlen) ? USAGE_ERR : 0;
	case K_PER_THREAD:
		o->per_thread = true;
		return 0;
	case K_QUIET:
		o->quiet = true;
		return 0;
	case K_BURST_GAP:
		return values__gap(arg, &o->burst_gap_ns, err, errlen) ? USAGE_ERR : 0;
	case K_SORT:
		return set_sort(ctx, arg);
	case K_TOP:
		return set_top(ctx, arg);
	case K_HINT_AFTER:
		return set_hint_after(ctx, arg);
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

const struct argp cli_observe_argp = {
	.options = options,
	.parser = parse_opt,
	.help_filter = help_filter,
};
