// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The "Tracer:" option group: how the BPF programs attach, the ring buffer
 * their records go through, and the optional hook on every socket send. */
#define _GNU_SOURCE
#include <stdio.h>

#include "cli/internal.h"
#include "core/selfcost.h"
#include "cli/values.h"
#include "common/text.h"

/* what the hook adds to every socket send of the machine, measured by
 * bench/overhead.sh (an unrelated sender: +64 ns raw, +69 ns tp, on an AMD
 * EPYC VM with Spectre v2 retpolines, 2026-12-06) */
#define HIDDEN_COST_NS "65"

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Tracer:", GROUP_TRACER },
	{ "attach", K_ATTACH, "MODE", 0, "(names of the attach modes)", 0 },
	{ "ringbuf-size", K_RINGBUF, "BYTES", 0, "(the ring buffer's sizes)", 0 },
	{ "hidden-errors", K_HIDDEN_ERRORS, NULL, 0,
	  "Also count the messages that fail inside a sendmmsg batch that still returns success "
	  "(sendmmsg reports an error only when no message was sent: it returns the messages sent "
	  "before the failing one and drops the error), by errno. It hooks the sock_send_length "
	  "tracepoint, which runs for every socket send of the machine: about +" HIDDEN_COST_NS
	  " ns per send of every program on the test machine (bench/README.md), so it is off by "
	  "default", 0 },
	{ "no-self-cost", K_NO_SELF_COST, NULL, 0,
	  "Do not measure the tracer's own cost. By default the summary says what the BPF programs "
	  "cost each traced call and the other syscalls, from the kernel's BPF statistics, which "
	  "are on only in windows of " STR(SELFCOST_WINDOW_MS) " ms every " STR(SELFCOST_PERIOD_S)
	  " s (they cost each program run a few clock reads while on) and end with the process", 0 },
	{ "no-drops", K_NO_DROPS, NULL, 0,
	  "Do not count the datagrams the kernel drops. By default a program on the skb:kfree_skb "
	  "tracepoint counts every UDP and unix datagram the machine drops, by the kernel's reason, "
	  "and the summary gives those of the driver's (or the watched processes') sockets: "
	  "dropped at their receive queue, or sent by them and dropped on the way (no socket on "
	  "the port, ...). It runs only when the kernel drops a packet, never on the syscall path", 0 },
	{ 0 },
};

/* 4096 -> "4K", 1 << 30 -> "1G": sizes the way --ringbuf-size takes them */
static const char *binary_size(uint64_t v, char *buf, size_t len)
{
	static const char units[] = "KMG";
	int u = -1;

	while (u < 2 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu", (unsigned long long)v);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)v, units[u]);
	return buf;
}

static char *help_filter(int key, const char *text, void *input)
{
	const struct names *a = &names_attach;
	struct tracer_settings def;
	char lo[16], hi[16], dflt[16];

	(void)input;
	tracer_settings__defaults(&def);
	switch (key) {
	case K_ATTACH:
		return cli__doc(text, "%s (the raw sys_enter/sys_exit tracepoints, the drive "
				"mode's default: cheaper per traced call, but every syscall of the "
				"machine passes their filter, a tax on every program) or %s (each "
				"watched syscall's own tracepoints, observe mode's default: dearer per "
				"traced call, other syscalls pay only what any enabled syscall "
				"tracepoint costs them; needs tracefs, mounted when it is not). "
				"bench/README.md has the figures",
				a->name[ATTACH_RAW], a->name[ATTACH_TP]);
	case K_RINGBUF:
		return cli__doc(text, "Ring buffer for per-call records: a power of two from %s to %s; "
				"K, M, G suffixes (default %s)",
				binary_size(TRACER_RINGBUF_MIN, lo, sizeof(lo)),
				binary_size(TRACER_RINGBUF_MAX, hi, sizeof(hi)),
				binary_size(def.ringbuf_size, dflt, sizeof(dflt)));
	default:
		return (char *)text;
	}
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct cli_ctx *ctx = state->input;
	struct tracer_settings *t = &ctx->c->drive.tracer;
	char lo[16], hi[16];
	struct text_quote q;
	uint64_t v;
	int i;

	switch (key) {
	case K_ATTACH:
		if (values__name("--attach", arg, &names_attach, &i, ctx->c->error,
				 sizeof(ctx->c->error)))
			return USAGE_ERR;
		t->attach = (enum attach_mode)i;
		ctx->attach_set = true;
		return 0;
	case K_RINGBUF:
		if (values__bytes(arg, &v, ctx->c->error, sizeof(ctx->c->error)))
			return USAGE_ERR;
		if (v < TRACER_RINGBUF_MIN || v > TRACER_RINGBUF_MAX || (v & (v - 1)))
			return cli__usage(ctx, "invalid --ringbuf-size '%s': must be a power of two "
					  "from %s (%llu) to %s, e.g. 256K or 16M", text__quote(arg, &q),
					  binary_size(TRACER_RINGBUF_MIN, lo, sizeof(lo)),
					  (unsigned long long)TRACER_RINGBUF_MIN,
					  binary_size(TRACER_RINGBUF_MAX, hi, sizeof(hi)));
		t->ringbuf_size = v;
		return 0;
	case K_HIDDEN_ERRORS:
		t->hidden_errors = true;
		return 0;
	case K_NO_SELF_COST:
		t->self_cost = false;
		return 0;
	case K_NO_DROPS:
		t->drops = false;
		return 0;
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

const struct argp cli_tracer_argp = {
	.options = options,
	.parser = parse_opt,
	.help_filter = help_filter,
};
