// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The command line: the root argp parser, with one child per option group
 * (drive_opts.c, observe_opts.c, tracer_opts.c, output_opts.c), the help
 * options, and the checks of the whole line at the end (validate.c).
 *
 * argp runs with ARGP_NO_EXIT | ARGP_NO_ERRS | ARGP_NO_HELP: it never exits
 * and never prints on its own. --help/-h/-?, --usage and --version are our
 * own options (so we know when they ran and can stop parsing there). What
 * ARGP_NO_ERRS leaves unsaid is found by cli__prescan first (prescan.c);
 * should the two ever disagree, cli__parse still returns CLI_USAGE with a
 * generic message.
 *
 * argp keeps its getopt state in its own per-call parser, so repeated calls
 * need no reset; the unit tests parse hundreds of times in one process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/internal.h"
#include "common/text.h"

static const char doc[] =
	"Drive sendmmsg(2) and trace it with eBPF: messages per call, bytes, "
	"latency, exact kernel totals. Or observe the sendmmsg, recvmmsg, sendto and "
	"sendmsg calls of programs already running (-p, -t, -c, --cgroup, --all)."
	"\v"
	"EXAMPLES:\n"
	"  # vlen 64, 64 B UDP to a loopback sink, 5 s\n"
	"  sudo mmsgtrace\n"
	"\n"
	"  # one message per call: the unbatched baseline\n"
	"  sudo mmsgtrace --vlen 1 --duration 10\n"
	"\n"
	"  # the same 64 messages, one sendto call each: what batching saves\n"
	"  sudo mmsgtrace --mode sendto --vlen 64\n"
	"\n"
	"  # UDP GSO: 22400-byte messages leave as sixteen 1400-byte datagrams\n"
	"  sudo mmsgtrace --size 22400 --gso 1400\n"
	"\n"
	"  # cycle three sizes, two threads pinned to CPUs 0 and 1\n"
	"  sudo mmsgtrace --vlen 64 --size 64,512,1400 --threads 2 --cpu 0,1\n"
	"\n"
	"  # fill a unix queue nobody reads: partial sends\n"
	"  sudo mmsgtrace --proto unix --flags dontwait --sink discard\n"
	"\n"
	"  # the driver alone, no privileges needed\n"
	"  mmsgtrace --no-trace --vlen 1024\n"
	"\n"
	"  # JSON lines, stop after 1000 calls\n"
	"  sudo mmsgtrace --json --count 1000\n"
	"\n"
	"  # observe a running program until it exits: a top-like table (full\n"
	"  # screen on a terminal: q quits, p pauses, s sorts, ? helps), then a\n"
	"  # summary with a batching report (what sendmmsg would save)\n"
	"  sudo mmsgtrace -p $(pidof named)\n"
	"\n"
	"  # the ten processes with the most failing calls, the rest added up\n"
	"  sudo mmsgtrace --all --sort errors --top 10\n"
	"\n"
	"  # every call of every program named 'dig', one line each, for 10 s\n"
	"  sudo mmsgtrace -c dig --events --duration 10\n"
	"\n"
	"  # every program's totals for Prometheus, replaced every second: point\n"
	"  # node_exporter's textfile collector at DIR, and scrape it\n"
	"  sudo mmsgtrace --all --prom-file DIR/mmsgtrace.prom\n"
	"\n"
	"COMMANDS (each has its own --help):\n"
	"  mmsgtrace sweep   the batching curve of this machine, measured and explained\n"
	"  mmsgtrace learn   the sendmmsg(2) man page, demonstrated live on this kernel\n"
	"\n"
	"EXIT CODES: 0 success (and, driving, the kernel's totals match the driver's),\n"
	"1 runtime failure or a cross-check mismatch, 2 usage error.\n";

/* the groups, merged into the root's help (no header or group of their own:
 * each option table starts with its header) */
static const struct argp_child children[] = {
	{ &cli_drive_argp, 0, NULL, 0 },
	{ &cli_observe_argp, 0, NULL, 0 },
	{ &cli_tracer_argp, 0, NULL, 0 },
	{ &cli_output_argp, 0, NULL, 0 },
	{ 0 },
};

static error_t parse_opt(int key, char *arg, struct argp_state *state);

static const struct argp_option options[] = {
	CLI_HELP_OPTIONS,
	{ 0 },
};

static const struct argp root = {
	.options = options,
	.parser = parse_opt,
	.doc = doc,
	.children = children,
};

/* the root has only the help options: the groups parse the rest */
static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	return cli__root_key(state->input, key, arg, state, cli__finish);
}

void cli__defaults(struct cli *c)
{
	memset(c, 0, sizeof(*c));
	c->mode = MODE_DRIVE;
	drive_config__defaults(&c->drive);
	observe_config__defaults(&c->observe);
	sweep_config__defaults(&c->sweep);
	learn_config__defaults(&c->learn);
}

/* argv with its first element "mmsgtrace NAME", for a subcommand's parser
 * (its help says "Usage: mmsgtrace sweep [OPTION...]") */
static enum cli_result parse_subcommand(struct cli *c, int argc, char **argv,
					enum cli_result (*parse)(struct cli *, int, char **))
{
	static char name[32];
	char *args[256];

	if (argc > (int)ARRAY_LEN(args) - 1) {
		snprintf(c->error, sizeof(c->error), "too many arguments (%d): at most %zu", argc,
			 ARRAY_LEN(args) - 1);
		return CLI_USAGE;
	}
	snprintf(name, sizeof(name), PROG " %s", argv[0]);
	args[0] = name;
	memcpy(args + 1, argv + 1, (size_t)(argc - 1) * sizeof(*args));
	args[argc] = NULL;
	return parse(c, argc, args);
}

enum cli_result cli__parse(struct cli *c, int argc, char **argv)
{
	static char *fallback[] = { PROG, NULL };

	cli__defaults(c);
	if (argc < 1 || !argv || !argv[0]) {
		argc = 1;
		argv = fallback;
	}
	if (argc > 1 && argv[1] && !strcmp(argv[1], "sweep"))
		return parse_subcommand(c, argc - 1, argv + 1, cli__parse_sweep);
	if (argc > 1 && argv[1] && !strcmp(argv[1], "learn"))
		return parse_subcommand(c, argc - 1, argv + 1, cli__parse_learn);
	return cli__run(&root, &(struct cli_ctx){ .c = c, .root = &root }, argc, argv);
}
