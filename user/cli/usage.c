// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* What every parser and option group uses: running a parser, the help
 * options, usage messages, option names in them, and help texts printed from
 * a format (see internal.h). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/internal.h"
#include "common/text.h"

const char *argp_program_version = PROG " " PROG_VERSION;


int cli__usage(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->c->error, sizeof(ctx->c->error), fmt, ap);
	va_end(ap);
	return USAGE_ERR;
}

/* the long name of key among the options of argp and its children, or NULL */
static const char *option_name(const struct argp *argp, int key)
{
	for (const struct argp_option *op = argp->options;
	     op && (op->name || op->key || op->doc); op++)
		if (op->key == key && op->name)
			return op->name;
	for (const struct argp_child *c = argp->children; c && c->argp; c++) {
		const char *name = option_name(c->argp, key);

		if (name)
			return name;
	}
	return NULL;
}

const char *cli__long_name(const struct cli_ctx *ctx, int key)
{
	const char *name = option_name(ctx->root, key);

	return name ? name : "?";
}

char *cli__doc(const char *text, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? (char *)text : s;
}

int cli__help(struct cli_ctx *ctx, int key, struct argp_state *state)
{
	FILE *out = state->out_stream;

	/* argp_state_help() is silent under ARGP_NO_ERRS: use argp_help() */
	if (out && key == K_USAGE)
		argp_help(state->root_argp, out, ARGP_HELP_USAGE, state->name);
	else if (out && key == K_VERSION)
		fprintf(out, "%s\n", argp_program_version);
	else if (out)
		argp_help(state->root_argp, out,
			  ARGP_HELP_STD_HELP & ~(ARGP_HELP_EXIT_OK | ARGP_HELP_EXIT_ERR), state->name);
	ctx->exit_ok = true;
	return EXIT_OK_ERR;
}

enum cli_result cli__run(const struct argp *root, struct cli_ctx *ctx, int argc, char **argv)
{
	struct cli *c = ctx->c;
	error_t err;

	if (cli__prescan(root, argc, argv, c->error, sizeof(c->error)) < 0)
		return CLI_USAGE;
	c->error[0] = '\0';
	err = argp_parse(root, argc, argv, ARGP_NO_EXIT | ARGP_NO_ERRS | ARGP_NO_HELP, NULL, ctx);
	if (ctx->exit_ok)
		return CLI_EXIT_OK;
	if (err || c->error[0]) {
		if (!c->error[0])
			snprintf(c->error, sizeof(c->error), "invalid command line: " SEE_HELP);
		c->warning[0] = '\0';
		return CLI_USAGE;
	}
	return CLI_OK;
}

/* group's header and the options whose key is in keys, into out (room for
 * the whole table): the same texts and parser, fewer options */
void cli__filter_group(const struct argp *group, const int *keys, struct argp_option *out,
		   struct argp *filtered)
{
	size_t n = 0;

	for (const struct argp_option *op = group->options; op->name || op->key || op->doc; op++) {
		bool keep = !op->name && !op->key;	/* the group header */

		for (const int *k = keys; *k && !keep; k++)
			keep = op->key == *k;
		if (keep)
			out[n++] = *op;
	}
	out[n] = (struct argp_option){ 0 };
	*filtered = *group;
	filtered->options = out;
}


error_t cli__root_key(struct cli_ctx *ctx, int key, char *arg, struct argp_state *state,
		      int (*finish)(struct cli_ctx *ctx))
{
	/* a subcommand's parser has "mmsgtrace sweep" as its name */
	const char *cmd = state->name && strchr(state->name, ' ') ? state->name : PROG;
	struct text_quote q;

	switch (key) {
	case ARGP_KEY_INIT:
		/* every group parses into the same configuration */
		for (unsigned i = 0; state->root_argp->children && state->root_argp->children[i].argp; i++)
			state->child_inputs[i] = ctx;
		return 0;
	case K_HELP:
	case K_HELP2:
	case K_USAGE:
	case K_VERSION:
		return cli__help(ctx, key, state);
	case ARGP_KEY_ARG:
		return cli__usage(ctx, "unexpected argument '%s': %s takes only options; see '%s --help'",
				  text__quote(arg, &q), cmd, cmd);
	case ARGP_KEY_END:
		return finish(ctx);
	default:
		return ARGP_ERR_UNKNOWN;
	}
}
