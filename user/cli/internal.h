/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Inside the command line: the option keys, the parse state every option
 * group shares, and the groups themselves (one argp child each, merged into
 * the root parser's help, which lists them under their headers).
 */
#ifndef MMSGTRACE_CLI_INTERNAL_H
#define MMSGTRACE_CLI_INTERNAL_H

#include <argp.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "common/util.h"

#define SEE_HELP "see '" PROG " --help'"

/* keys of the long-only options; short options use their letter */
enum cli_key {
	K_VLEN = 0x100,
	K_SIZE,
	K_SEED,
	K_FLAGS,
	K_PROTO,
	K_DEST,
	K_CONNECT,
	K_NO_CONNECT,
	K_DURATION,
	K_COUNT,
	K_THREADS,
	K_RATE,
	K_CPU,
	K_SINK,
	K_NO_TRACE,
	K_ATTACH,
	K_RINGBUF,
	K_INTERVAL,
	K_JSON,
	K_USAGE,
	K_CGROUP,
	K_ALL,
	K_SYSCALLS,
	K_PER_THREAD,
	K_EVENTS,
	K_BURST_GAP,
	K_MODE,
	K_GSO,
	K_PER_POINT,
	K_REPEAT,
	K_PLOT,
	K_CSV,
	K_LESSON,
	K_LIST,
	K_HIDDEN_ERRORS,
	K_ALLOW_ERRORS,
	K_QUIET,
	K_NO_SELF_COST,
	K_NO_DROPS,
	K_PROM_FILE,
	K_NO_TUI,
	K_TOP,
	K_SORT,
	K_HINT_AFTER,
	K_PID = 'p',
	K_TID = 't',
	K_COMM = 'c',
	K_OUTPUT = 'o',
	K_VERBOSE = 'v',
	K_HELP = 'h',
	K_HELP2 = '?',
	K_VERSION = 'V',
};

/* help groups, in the order --help lists them */
enum cli_group {
	GROUP_DRIVER = 1,
	GROUP_OBSERVE = 2,
	GROUP_TRACER = 3,
	GROUP_OUTPUT = 4,
	GROUP_SWEEP = 5,
	GROUP_LEARN = 5,
	GROUP_HELP = -1,
};

/* What one parse has seen so far; every option group gets it as input. */
struct cli_ctx {
	struct cli *c;
	const struct argp *root;	/* the parser, for option names in messages */
	bool duration_set, count_set, sink_set, dest_set;
	bool attach_set;		/* --attach given: else each mode's own default */
	bool hint_after_set;		/* --hint-after given (not with --all) */
	bool exit_ok;			/* --help, --usage or --version ran */
	int driver_key;			/* the first driver-only option given (0: none) */
	int observe_key;		/* the first observe-only option given (0: none) */
};

/* an option's key, not one of argp's special keys (ARGP_KEY_ARG is 0, the
 * others are above every option key) */
static inline bool cli__is_option(int key)
{
	return key > 0 && key < ARGP_KEY_END;
}

#define EXIT_OK_ERR ECANCELED	/* stops argp after help/usage/version */

/* argp error code for a usage error whose message is in c->error */
#define USAGE_ERR EINVAL

/* The message into c->error; returns USAGE_ERR for the parser to return
 * (usage.c, with cli__doc and cli__long_name: what every group uses). */
int cli__usage(struct cli_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* --help, -?, --usage and --version: the "Help:" group of every parser's table */
#define CLI_HELP_OPTIONS                                                                  \
	{ NULL, 0, NULL, 0, "Help:", GROUP_HELP },                                        \
	{ "help", K_HELP, NULL, 0, "Give this help list", GROUP_HELP },                   \
	{ NULL, K_HELP2, NULL, OPTION_ALIAS, NULL, GROUP_HELP },                          \
	{ "usage", K_USAGE, NULL, 0, "Give a short usage message", GROUP_HELP },          \
	{ "version", K_VERSION, NULL, 0, "Print the version, the git revision it was "      \
	  "built from and libbpf's version", GROUP_HELP }
/* Print what a help option asks for; then argp stops (EXIT_OK_ERR). */
int cli__help(struct cli_ctx *ctx, int key, struct argp_state *state);
/* --version's line: release, git revision, libbpf at run and build time (version.c) */
void cli__print_version(FILE *out);
/* What every root parser does besides its own options: hand the context to
 * its children, the help options, a positional argument (a usage error),
 * and finish at the end. ARGP_ERR_UNKNOWN for any other key. */
error_t cli__root_key(struct cli_ctx *ctx, int key, char *arg, struct argp_state *state,
		      int (*finish)(struct cli_ctx *ctx));
/* Prescan, then parse argv with root into ctx->c (defaults already there). */
enum cli_result cli__run(const struct argp *root, struct cli_ctx *ctx, int argc, char **argv);

/* group's header and the options of group whose key is in keys (0-ended),
 * into out (room for the whole table), as *filtered: the same texts and
 * parser, fewer options (the subcommands take some of each group) */
void cli__filter_group(const struct argp *group, const int *keys, struct argp_option *out,
		       struct argp *filtered);

/* The subcommands' parsers (sweep_opts.c, learn_opts.c): argv[0] is the
 * subcommand's name. */
enum cli_result cli__parse_sweep(struct cli *c, int argc, char **argv);
enum cli_result cli__parse_learn(struct cli *c, int argc, char **argv);

/* The option groups (argp children of the root parser). */
extern const struct argp cli_drive_argp;	/* Driver: */
extern const struct argp cli_observe_argp;	/* Observe other programs: */
extern const struct argp cli_tracer_argp;	/* Tracer: */
extern const struct argp cli_output_argp;	/* Output: */

/* The long name of an option key, for messages ("?" when unknown). */
const char *cli__long_name(const struct cli_ctx *ctx, int key);

/* What getopt_long would reject, as a message (prescan.c): 1 when a help
 * option comes before any problem, 0 fine, -1 with the message in err. */
int cli__prescan(const struct argp *root, int argc, char **argv, char *err, size_t errlen);

/* Checks of the whole command line once every option is in, and the mode
 * it chooses (validate.c). Returns 0 or USAGE_ERR. */
int cli__finish(struct cli_ctx *ctx);

/* --gso gso against --proto and --size (validate.c): 0 or USAGE_ERR */
int cli__check_gso(struct cli_ctx *ctx, uint32_t gso);
/* --dest and --sink: where the driver sends, the sink's default by --proto */
int cli__check_destination(struct cli_ctx *ctx);
/* --size and --flags against what this kernel's --proto sockets accept (a
 * probe send, proto_limits.h): refused when every such send would fail,
 * unless --allow-errors; with --gso gso the sizes are --gso's to check */
int cli__check_sendable(struct cli_ctx *ctx, uint32_t gso);

/* For argp's help_filter: a help text printed from fmt (malloc'ed: argp
 * frees it), or text as it is when out of memory. */
char *cli__doc(const char *text, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* MMSGTRACE_CLI_INTERNAL_H */
