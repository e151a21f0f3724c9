// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * `mmsgtrace sweep [OPTION...]`: its own options (the points, how long,
 * what to write), and the driver, tracer and output options that apply to
 * every point, taken from their groups (so they parse and read the same).
 */
#define _GNU_SOURCE
#include <string.h>

#include "cli/internal.h"
#include "cli/values.h"
#include "common/parse.h"
#include "common/text.h"
#include "common/util.h"

#define PER_POINT_MAX_NS 3600000000000ULL	/* an hour */

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Sweep:", GROUP_SWEEP },
	{ "vlen", K_VLEN, "LIST", 0,
	  "The sendmmsg points: vlens in increasing order, each 1 to " STR(MMSG_UIO_MAXIOV)
	  " (default 1,2,4,8,16,32,64,128,256,512,1024); the sendto and sendmsg loops "
	  "always run as the baseline", 0 },
	{ "per-point", K_PER_POINT, "TIME", 0,
	  "How long each run of a point sends: 0.5, 2s, 500ms (default 1s)", 0 },
	{ "repeat", K_REPEAT, "N", 0,
	  "Runs per point, 1 to " STR(SWEEP_MAX_REPEAT) ", interleaved (every point once per "
	  "round), reported as median and min..max (default 1)", 0 },
	{ "gso", K_GSO, "SIZE", 0,
	  "Also a UDP GSO point at each vlen: each --size message cut into SIZE-byte datagrams "
	  "by the kernel", 0 },
	{ "plot", K_PLOT, "FILE", 0,
	  "Draw msgs/s and ns per message against vlen into FILE, .png or .svg (needs gnuplot)", 0 },
	{ "csv", K_CSV, NULL, 0, "CSV on stdout: a row per point, then the fit", 0 },
	CLI_HELP_OPTIONS,
	{ 0 },
};

static const char doc[] =
	"The batching curve of this machine: sendmmsg(2) at each vlen against a sendto and a "
	"sendmsg loop, every point traced, its figures from the kernel; then a fit of call "
	"time = fixed cost per call + cost per message, and what it says batching buys."
	"\v"
	"EXAMPLES:\n"
	"  # the default curve, 64 B UDP, about 15 s\n"
	"  sudo mmsgtrace sweep\n"
	"\n"
	"  # three runs per point, 1400 B, and a plot\n"
	"  sudo mmsgtrace sweep --repeat 3 --size 1400 --plot batching.png\n"
	"\n"
	"  # a few points, JSON lines (point and fit objects)\n"
	"  sudo mmsgtrace sweep --vlen 1,8,64 --per-point 0.5 --json\n";

/* the options of group that apply to every point of a sweep: keys, 0-ended */
static const int driver_keys[] = { K_SIZE, K_SEED, K_FLAGS, K_PROTO, K_DEST, K_CONNECT,
				   K_NO_CONNECT, K_THREADS, K_CPU, K_SINK, K_NO_TRACE, 0 };
static const int output_keys[] = { K_JSON, K_OUTPUT, K_VERBOSE, 0 };
/* no per-message hook (--hidden-errors): the sweep measures sendmmsg alone */
static const int tracer_keys[] = { K_ATTACH, K_RINGBUF, 0 };

static int set_vlens(struct cli_ctx *ctx, const char *arg)
{
	struct sweep_config *s = &ctx->c->sweep;
	struct text_quote q;
	uint32_t ids[SWEEP_MAX_VLENS];
	unsigned n = 0;

	if (values__ids(arg, "--vlen", ids, &n, SWEEP_MAX_VLENS, ctx->c->error,
			sizeof(ctx->c->error)))
		return USAGE_ERR;
	for (unsigned i = 0; i < n; i++) {
		if (ids[i] > MMSG_UIO_MAXIOV)
			return cli__usage(ctx, "invalid --vlen '%s': each vlen from 1 to %d (the kernel "
					  "sends at most %d messages per call)", text__quote(arg, &q),
					  MMSG_UIO_MAXIOV, MMSG_UIO_MAXIOV);
		if (i && ids[i] <= ids[i - 1])
			return cli__usage(ctx, "invalid --vlen '%s': give the vlens in increasing "
					  "order, each once, e.g. 1,8,64", text__quote(arg, &q));
	}
	memcpy(s->vlens, ids, n * sizeof(ids[0]));
	s->nvlens = n;
	return 0;
}

static int set_per_point(struct cli_ctx *ctx, const char *arg)
{
	struct text_quote q;
	uint64_t ns;

	if (parse__time_ns(arg, 1e9, PER_POINT_MAX_NS, &ns) || ns < 1000000)
		return cli__usage(ctx, "invalid --per-point '%s': expected a time from 1ms to 1h, e.g. "
				  "1, 0.5s or 500ms (a bare number is seconds)", text__quote(arg, &q));
	ctx->c->sweep.per_point_s = ns / 1e9;
	return 0;
}

static int set_plot(struct cli_ctx *ctx, const char *arg)
{
	struct sweep_config *s = &ctx->c->sweep;
	struct text_quote q;

	if (!*arg || strlen(arg) >= sizeof(s->plot_path))
		return cli__usage(ctx, "invalid --plot '%s': expected a file name ending in .png or "
				  ".svg", text__quote(arg, &q));
	snprintf(s->plot_path, sizeof(s->plot_path), "%s", arg);
	return 0;
}

/* the whole line: the checks of drive mode's sends, and what only a sweep has */
static int finish(struct cli_ctx *ctx)
{
	struct cli *c = ctx->c;
	struct sweep_config *s = &c->sweep;
	int err;

	c->mode = MODE_SWEEP;
	if (c->drive.output.json && s->csv)
		return cli__usage(ctx, "--json and --csv both write stdout: give one");
	if (s->gso && c->drive.driver.size.max <= s->gso)
		return cli__usage(ctx, "--gso %u cuts nothing from messages of at most %u bytes: give "
				  "a --size above it, e.g. --size 1400 --gso 100", s->gso,
				  c->drive.driver.size.max);
	err = cli__check_gso(ctx, s->gso);
	if (!err)
		err = cli__check_destination(ctx);
	if (!err)
		err = cli__check_sendable(ctx, s->gso);
	if (err)
		return err;
	/* every point sends as the driver options say */
	s->drive = c->drive;
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct cli_ctx *ctx = state->input;
	struct sweep_config *s = &ctx->c->sweep;
	uint64_t v;

	switch (key) {
	case K_VLEN:
		return set_vlens(ctx, arg);
	case K_PER_POINT:
		return set_per_point(ctx, arg);
	case K_REPEAT:
		if (values__u64("--repeat", arg, 1, SWEEP_MAX_REPEAT, "a whole number", &v,
				ctx->c->error, sizeof(ctx->c->error)))
			return USAGE_ERR;
		s->repeat = (unsigned)v;
		return 0;
	case K_GSO:
		if (values__u64("--gso", arg, 1, DRIVER_GSO_MAX, "a datagram size in bytes", &v,
				ctx->c->error, sizeof(ctx->c->error)))
			return USAGE_ERR;
		s->gso = (uint32_t)v;
		return 0;
	case K_PLOT:
		return set_plot(ctx, arg);
	case K_CSV:
		s->csv = true;
		return 0;
	default:
		return cli__root_key(ctx, key, arg, state, finish);
	}
}

enum cli_result cli__parse_sweep(struct cli *c, int argc, char **argv)
{
	static struct argp_option driver_options[32], output_options[16], tracer_options[8];
	static struct argp driver, output, tracer;
	static struct argp_child children[4];
	static struct argp root;

	cli__filter_group(&cli_drive_argp, driver_keys, driver_options, &driver);
	cli__filter_group(&cli_output_argp, output_keys, output_options, &output);
	cli__filter_group(&cli_tracer_argp, tracer_keys, tracer_options, &tracer);
	children[0] = (struct argp_child){ &driver, 0, NULL, 0 };
	children[1] = (struct argp_child){ &tracer, 0, NULL, 0 };
	children[2] = (struct argp_child){ &output, 0, NULL, 0 };
	children[3] = (struct argp_child){ 0 };
	root = (struct argp){ .options = options, .parser = parse_opt, .doc = doc, .children = children };
	return cli__run(&root, &(struct cli_ctx){ .c = c, .root = &root }, argc, argv);
}
