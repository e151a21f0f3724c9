// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* `mmsgtrace learn [OPTION...]`: which lessons, and the tracer and output
 * options that apply (taken from their groups). */
#define _GNU_SOURCE
#include <string.h>

#include "cli/internal.h"
#include "cli/values.h"
#include "common/util.h"

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Learn:", GROUP_LEARN },
	{ "lesson", K_LESSON, "N", 0,
	  "Run lesson N alone, 1 to " STR(LEARN_LESSONS) " (default: all, about 3 s)", 0 },
	{ "list", K_LIST, NULL, 0, "List the lessons (the man page's statements) and run none", 0 },
	CLI_HELP_OPTIONS,
	{ 0 },
};

static const char doc[] =
	"The sendmmsg(2) man page, demonstrated live: a short experiment per statement, made "
	"by this process and traced; each prints the statement, the experiment, what the "
	"kernel saw and a verdict computed from it (confirmed, or what this kernel did "
	"instead). Tracing needs root (or CAP_BPF and CAP_PERFMON)."
	"\v"
	"EXAMPLES:\n"
	"  # every lesson\n"
	"  sudo mmsgtrace learn\n"
	"\n"
	"  # what the lessons are\n"
	"  mmsgtrace learn --list\n"
	"\n"
	"  # lesson 5 (errors inside a batch) as JSON\n"
	"  sudo mmsgtrace learn --lesson 5 --json\n"
	"\n"
	"EXIT CODES: 0 every verdict confirmed, 1 a runtime failure or a verdict that "
	"differs, 2 usage error.\n";

static const int output_keys[] = { K_JSON, K_OUTPUT, K_VERBOSE, 0 };
/* the lessons attach the per-message hook themselves */
static const int tracer_keys[] = { K_ATTACH, K_RINGBUF, 0 };

static int finish(struct cli_ctx *ctx)
{
	struct cli *c = ctx->c;

	c->mode = MODE_LEARN;
	if (c->learn.list && c->learn.lesson)
		return cli__usage(ctx, "--list names the lessons and runs none: drop --lesson");
	c->learn.tracer = c->drive.tracer;
	c->learn.output = c->drive.output;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct cli_ctx *ctx = state->input;
	uint64_t v;

	switch (key) {
	case K_LESSON:
		if (values__u64("--lesson", arg, 1, LEARN_LESSONS, "a lesson number", &v, ctx->c->error,
				sizeof(ctx->c->error)))
			return USAGE_ERR;
		ctx->c->learn.lesson = (unsigned)v;
		return 0;
	case K_LIST:
		ctx->c->learn.list = true;
		return 0;
	default:
		return cli__root_key(ctx, key, arg, state, finish);
	}
}

enum cli_result cli__parse_learn(struct cli *c, int argc, char **argv)
{
	static struct argp_option output_options[16], tracer_options[8];
	static struct argp output, tracer, root;
	static struct argp_child children[3];

	cli__filter_group(&cli_output_argp, output_keys, output_options, &output);
	cli__filter_group(&cli_tracer_argp, tracer_keys, tracer_options, &tracer);
	children[0] = (struct argp_child){ &tracer, 0, NULL, 0 };
	children[1] = (struct argp_child){ &output, 0, NULL, 0 };
	children[2] = (struct argp_child){ 0 };
	root = (struct argp){ .options = options, .parser = parse_opt, .doc = doc, .children = children };
	return cli__run(&root, &(struct cli_ctx){ .c = c, .root = &root }, argc, argv);
}
