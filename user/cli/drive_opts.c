// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The "Driver:" option group: what the driver sends, how and how long. */
#define _GNU_SOURCE
#include <string.h>

#include "cli/internal.h"
#include "cli/values.h"
#include "common/parse.h"
#include "common/text.h"
#include "common/util.h"

#define DURATION_MAX 31536000.0		/* one year */
#define RATE_MAX 10000000000ULL		/* 10^10 msgs/s */

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Driver:", GROUP_DRIVER },
	{ "vlen", K_VLEN, "N", 0,
	  "Messages per sendmmsg call, 1 to " STR(DRIVER_VLEN_MAX) " (default 64). The kernel "
	  "sends at most " STR(MMSG_UIO_MAXIOV) " (UIO_MAXIOV) per call. With --mode sendmsg or "
	  "sendto: messages per batch built, sent one per call", 0 },
	{ "mode", K_MODE, "MODE", 0, "(names of the send modes)", 0 },
	{ "size", K_SIZE, "SPEC", 0,
	  "Bytes per message: N, a list N,N,... cycled message by message, or a "
	  "range MIN-MAX drawn uniformly; each 0 to " STR(DRIVER_MAX_SIZE) " (default 64)", 0 },
	{ "seed", K_SEED, "N", 0, "Random seed for a --size range (default 1)", 0 },
	{ "flags", K_FLAGS, "LIST", 0, "(names of the MSG_* flags)", 0 },
	{ "proto", K_PROTO, "PROTO", 0, "(names of the protocols)", 0 },
	{ "gso", K_GSO, "SIZE", 0,
	  "UDP segmentation offload (udp4/udp6): each message goes down the stack "
	  "once and is cut into datagrams of SIZE bytes (the last may be shorter) "
	  "only at the bottom, so one send carries many datagrams. SIZE 1 to " STR(DRIVER_GSO_MAX)
	  "; a message holds at most " STR(DRIVER_GSO_MAX) " bytes and " STR(DRIVER_GSO_SEGMENTS)
	  " datagrams (default off)", 0 },
	{ "dest", K_DEST, "ADDR", 0,
	  "Send here instead of the built-in sink: HOST:PORT (udp4), [ADDR]:PORT "
	  "(udp6), a socket path or @abstract (unix). Implies --sink none", 0 },
	{ "connect", K_CONNECT, NULL, 0, "connect() each socket once (default)", 0 },
	{ "no-connect", K_NO_CONNECT, NULL, 0, "Unconnected sockets: a msg_name in every message", 0 },
	{ "duration", K_DURATION, "SECONDS", 0,
	  "Run time, e.g. 5 or 0.5 (default 5; observing: until Ctrl-C, or until "
	  "the -p/-t targets have exited)", 0 },
	{ "count", K_COUNT, "CALLS", 0, "Stop after this many calls in total instead of a duration", 0 },
	{ "threads", K_THREADS, "N", 0,
	  "Sending threads, 1 to " STR(DRIVER_MAX_THREADS) ", a socket each (default 1)", 0 },
	{ "rate", K_RATE, "MSGS_PER_SEC", 0,
	  "Total message rate limit; 0 = as fast as possible (default 0). At least one batch a "
	  "second per thread: --rate below --vlen x --threads (sendmmsg) or --threads "
	  "(sendmsg, sendto) is a usage error", 0 },
	{ "cpu", K_CPU, "LIST", 0,
	  "Pin threads round-robin to these CPUs, e.g. 0, 0,1, 0-3, 0-1,3 (default: no pinning)", 0 },
	{ "sink", K_SINK, "KIND", 0, "(names of the sinks)", 0 },
	{ "no-trace", K_NO_TRACE, NULL, 0, "The driver alone: no BPF, no privileges needed", 0 },
	{ "allow-errors", K_ALLOW_ERRORS, NULL, 0,
	  "Send even what the protocol refuses: a --size above its largest datagram (udp4 65507, "
	  "udp6 65527 bytes, unix the socket's send buffer less 32) or --flags its sockets "
	  "reject, which are usage errors otherwise. The failing calls are counted by errno: "
	  "a way to watch an error path on purpose", 0 },
	{ 0 },
};

/* the help of the enum options, made from their names */
static char *help_filter(int key, const char *text, void *input)
{
	const struct names *m = &names_send_mode, *k = &names_sink;
	struct driver_config def;
	char list[160];

	(void)input;
	driver_config__defaults(&def);
	switch (key) {
	case K_MODE:
		return cli__doc(text, "The syscall that sends: %s (--vlen messages per call, default), "
				"or %s or %s (the same messages, one per call: what batching saves)",
				m->name[SEND_SENDMMSG], m->name[SEND_SENDMSG], m->name[SEND_SENDTO]);
	case K_FLAGS:
		return cli__doc(text, "MSG_* flags for each send call: comma list of %s, none, or a "
				"number such as 0x40 (default none)",
				names__flag_option_list(list, sizeof(list)));
	case K_PROTO:
		return cli__doc(text, "%s (default %s)", names__list(&names_proto, " or ", list,
				sizeof(list)), names__proto(def.proto));
	case K_SINK:
		return cli__doc(text, "Built-in receiver: %s (nobody reads), %s (drained and counted) "
				"or %s (needs --dest). Default %s for %s/%s, %s for %s",
				k->name[SINK_DISCARD], k->name[SINK_COUNT], k->name[SINK_NONE],
				k->name[SINK_DISCARD], names__proto(PROTO_UDP4), names__proto(PROTO_UDP6),
				k->name[SINK_COUNT], names__proto(PROTO_UNIX));
	default:
		return (char *)text;
	}
}

static int set_dest(struct cli_ctx *ctx, const char *arg)
{
	struct drive_config *d = &ctx->c->drive;
	struct text_quote q;

	if (!*arg)
		return cli__usage(ctx, "invalid --dest '': expected HOST:PORT (udp4), [ADDR]:PORT "
				  "(udp6) or a socket path (unix)");
	if (strlen(arg) >= sizeof(d->dest))
		return cli__usage(ctx, "invalid --dest '%s': longer than %zu characters",
				  text__quote(arg, &q), sizeof(d->dest) - 1);
	snprintf(d->dest, sizeof(d->dest), "%s", arg);
	ctx->dest_set = true;
	return 0;
}

static int set_duration(struct cli_ctx *ctx, const char *arg)
{
	struct text_quote q;
	double d;

	if (parse__double(arg, &d) || !(d > 0) || d > DURATION_MAX)
		return cli__usage(ctx, "invalid --duration '%s': expected seconds above 0 and at "
				  "most 31536000, e.g. 5 or 0.5", text__quote(arg, &q));
	/* both modes: a drive's run time, or how long to observe */
	ctx->c->drive.driver.duration_s = d;
	ctx->c->observe.duration_s = d;
	ctx->duration_set = true;
	return 0;
}

/* the value options whose text is a number or a name */
static int set_value(struct cli_ctx *ctx, int key, const char *arg)
{
	struct driver_config *o = &ctx->c->drive.driver;
	char *err = ctx->c->error;
	size_t errlen = sizeof(ctx->c->error);
	uint64_t v;
	int i;

	switch (key) {
	case K_VLEN:
		/* several vlens are a curve: the sweep's */
		if (strchr(arg, ',') && values__u64("--vlen", arg, 1, DRIVER_VLEN_MAX, "a whole number", &v,
						     err, errlen)) {
			size_t len = strlen(err);

			snprintf(err + len, errlen - len, "; to measure several, run "
				 "'" PROG " sweep --vlen LIST'");
			return USAGE_ERR;
		}
		if (values__u64("--vlen", arg, 1, DRIVER_VLEN_MAX, "a whole number", &v, err, errlen))
			return USAGE_ERR;
		o->vlen = (unsigned)v;
		return 0;
	case K_GSO:
		if (values__u64("--gso", arg, 1, DRIVER_GSO_MAX, "a datagram size in bytes", &v, err,
				errlen))
			return USAGE_ERR;
		o->gso = (uint32_t)v;
		return 0;
	case K_THREADS:
		if (values__u64("--threads", arg, 1, DRIVER_MAX_THREADS, "a whole number", &v, err,
				errlen))
			return USAGE_ERR;
		o->threads = (unsigned)v;
		return 0;
	case K_SEED:
		return values__u64("--seed", arg, 0, UINT64_MAX, "a whole number", &o->seed, err,
				   errlen) ? USAGE_ERR : 0;
	case K_COUNT:
		ctx->count_set = true;
		return values__u64("--count", arg, 1, UINT64_MAX, "a whole number of calls", &o->count,
				   err, errlen) ? USAGE_ERR : 0;
	case K_RATE:
		return values__u64("--rate", arg, 0, RATE_MAX, "messages per second (0 = no limit), "
				   "a whole number", &o->rate, err, errlen) ? USAGE_ERR : 0;
	case K_PROTO:
		if (values__name("--proto", arg, &names_proto, &i, err, errlen))
			return USAGE_ERR;
		o->proto = (enum proto)i;
		return 0;
	case K_MODE:
		if (values__name("--mode", arg, &names_send_mode, &i, err, errlen))
			return USAGE_ERR;
		o->send_mode = (enum send_mode)i;
		return 0;
	case K_SINK:
		if (values__name("--sink", arg, &names_sink, &i, err, errlen))
			return USAGE_ERR;
		ctx->c->drive.sink = (enum sink_kind)i;
		ctx->sink_set = true;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct cli_ctx *ctx = state->input;
	struct drive_config *d = &ctx->c->drive;
	char *err = ctx->c->error;
	size_t errlen = sizeof(ctx->c->error);

	/* every option here but --duration starts a driver: observe mode refuses it */
	if (cli__is_option(key) && key != K_DURATION && !ctx->driver_key)
		ctx->driver_key = key;
	switch (key) {
	case K_SIZE:
		return values__size(arg, &d->driver.size, err, errlen) ? USAGE_ERR : 0;
	case K_FLAGS:
		return values__flags(arg, &d->driver.flags, err, errlen) ? USAGE_ERR : 0;
	case K_CPU:
		return values__cpus(arg, d->driver.cpus, &d->driver.ncpus, err, errlen) ? USAGE_ERR : 0;
	case K_DEST:
		return set_dest(ctx, arg);
	case K_DURATION:
		return set_duration(ctx, arg);
	case K_CONNECT:
		d->driver.connect = true;
		return 0;
	case K_NO_CONNECT:
		d->driver.connect = false;
		return 0;
	case K_NO_TRACE:
		d->no_trace = true;
		return 0;
	case K_ALLOW_ERRORS:
		d->allow_errors = true;
		return 0;
	default:
		return cli__is_option(key) ? set_value(ctx, key, arg) : ARGP_ERR_UNKNOWN;
	}
}

const struct argp cli_drive_argp = {
	.options = options,
	.parser = parse_opt,
	.help_filter = help_filter,
};
