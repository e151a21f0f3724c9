// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The "Output:" option group: what is printed, how often, and where. */
#define _GNU_SOURCE
#include <string.h>

#include "cli/internal.h"
#include "common/parse.h"
#include "common/text.h"
#include "common/util.h"
#include "core/replacefile.h"

#define INTERVAL_MIN 0.1
#define INTERVAL_MAX 3600

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Output:", GROUP_OUTPUT },
	{ "events", K_EVENTS, NULL, 0,
	  "One line per call (a JSON object with --json): time, pid/tid, name, "
	  "syscall, fd, vlen, flags, result, bytes, latency", 0 },
	{ "interval", K_INTERVAL, "SECONDS", 0,
	  "Print every SECONDS, " STR(INTERVAL_MIN) " to " STR(INTERVAL_MAX) " (default 1)", 0 },
	{ "json", K_JSON, NULL, 0, "JSON lines on stdout instead of the text display", 0 },
	{ "csv", K_CSV, NULL, 0,
	  "CSV on stdout instead of the text display: a header line, then a row per interval "
	  "and the summary (observe: per process and syscall, then totals); the first column "
	  "says which kind of row it is. Not with --json or --events", 0 },
	{ "no-tui", K_NO_TUI, NULL, 0,
	  "On a terminal too, one line per interval (as when piped) instead of the "
	  "full-screen view (keys there: q quit, p pause, s sort, ? help)", 0 },
	{ "output", K_OUTPUT, "FILE", 0, "Also write the JSON lines to FILE", 0 },
	{ "prom-file", K_PROM_FILE, "PATH", 0,
	  "Write the totals so far (mmsgtrace_calls_total, _messages_total, _bytes_total, "
	  "_errors_total, _lost_events_total, a latency histogram in seconds) in the "
	  "Prometheus text format to PATH, every interval and at the end, for "
	  "node_exporter's textfile collector (it reads the *.prom files of the directory "
	  "its textfile collector is given). Each version replaces PATH whole (a temporary "
	  "file beside it, renamed), mode 0644; observe mode labels at most 50 process "
	  "names. The directory must exist", 0 },
	{ "verbose", K_VERBOSE, NULL, 0, "libbpf debug log on stderr", 0 },
	{ 0 },
};

static int set_path(struct cli_ctx *ctx, const char *arg)
{
	struct output_settings *o = &ctx->c->drive.output;
	struct text_quote q;

	if (!*arg)
		return cli__usage(ctx, "invalid --output '': expected a file path");
	if (strlen(arg) >= sizeof(o->path))
		return cli__usage(ctx, "invalid --output '%s': longer than %zu characters",
				  text__quote(arg, &q), sizeof(o->path) - 1);
	snprintf(o->path, sizeof(o->path), "%s", arg);
	return 0;
}

/* --prom-file: checked now, so that a long run does not end in vain */
static int set_prom_path(struct cli_ctx *ctx, const char *arg)
{
	struct output_settings *o = &ctx->c->drive.output;
	struct text_quote q;
	char err[512];

	if (!*arg)
		return cli__usage(ctx, "invalid --prom-file '': expected a file path, e.g. "
				  "/var/lib/prometheus/node-exporter/mmsgtrace.prom");
	if (strlen(arg) >= sizeof(o->prom_path))
		return cli__usage(ctx, "invalid --prom-file '%s': longer than %zu characters",
				  text__quote(arg, &q), sizeof(o->prom_path) - 1);
	if (replacefile__check(arg, "--prom-file", err, sizeof(err)))
		return cli__usage(ctx, "%s", err);
	snprintf(o->prom_path, sizeof(o->prom_path), "%s", arg);
	return 0;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct cli_ctx *ctx = state->input;
	struct output_settings *o = &ctx->c->drive.output;
	struct text_quote q;
	double d;

	switch (key) {
	case K_EVENTS:
		o->events = true;
		return 0;
	case K_INTERVAL:
		if (parse__double(arg, &d) || d < INTERVAL_MIN || d > INTERVAL_MAX)
			return cli__usage(ctx, "invalid --interval '%s': expected seconds from %g to "
					  "%g, e.g. 1 or 0.5", text__quote(arg, &q), INTERVAL_MIN,
					  (double)INTERVAL_MAX);
		o->interval_s = d;
		return 0;
	case K_JSON:
		o->json = true;
		return 0;
	case K_CSV:
		o->csv = true;
		return 0;
	case K_NO_TUI:
		o->no_tui = true;
		return 0;
	case K_OUTPUT:
		return set_path(ctx, arg);
	case K_PROM_FILE:
		return set_prom_path(ctx, arg);
	case K_VERBOSE:
		/* libbpf's log: a tracer setting */
		ctx->c->drive.tracer.verbose++;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

const struct argp cli_output_argp = {
	.options = options,
	.parser = parse_opt,
};
