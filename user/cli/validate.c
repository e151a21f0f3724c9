// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The whole command line once every option is in: which mode it chooses,
 * the options that do not fit that mode, and the checks that need more
 * than one option (--gso against --size and --proto, --dest against
 * --proto, --duration against --count, ...).
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "cli/internal.h"
#include "common/parse.h"
#include "common/text.h"

#define SUN_PATH_MAX ((int)sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

static bool port_ok(const char *s)
{
	uint64_t port;

	return parse__u64(s, &port) == 0 && port >= 1 && port <= 65535;
}

static int check_dest(struct cli_ctx *ctx)
{
	const struct drive_config *o = &ctx->c->drive;
	const char *d = o->dest;
	struct text_quote q;

	switch (o->driver.proto) {
	case PROTO_UDP4: {
		const char *colon = strrchr(d, ':');

		if (d[0] == '[' || (colon && memchr(d, ':', (size_t)(colon - d))))
			return cli__usage(ctx, "invalid --dest '%s' for udp4: that looks like an IPv6 "
					  "address; use --proto udp6", text__quote(d, &q));
		if (!colon || colon == d || !port_ok(colon + 1))
			return cli__usage(ctx, "invalid --dest '%s' for udp4: expected HOST:PORT with "
					  "PORT from 1 to 65535, e.g. 127.0.0.1:9000", text__quote(d, &q));
		return 0;
	}
	case PROTO_UDP6: {
		const char *close = strrchr(d, ']');

		if (d[0] != '[' || !close || close == d + 1 || close[1] != ':' ||
		    !port_ok(close + 2) || memchr(d + 1, '[', (size_t)(close - d - 1)))
			return cli__usage(ctx, "invalid --dest '%s' for udp6: expected [ADDR]:PORT with "
					  "PORT from 1 to 65535, e.g. [::1]:9000", text__quote(d, &q));
		return 0;
	}
	case PROTO_UNIX:
		if (d[0] == '@' && d[1] == '\0')
			return cli__usage(ctx, "invalid --dest '@' for unix: an abstract socket needs a "
					  "name after '@', e.g. @mmsgtrace");
		if ((int)strlen(d[0] == '@' ? d + 1 : d) > SUN_PATH_MAX)
			return cli__usage(ctx, "invalid --dest '%s' for unix: a socket path or abstract "
					  "name holds at most %d bytes", text__quote(d, &q), SUN_PATH_MAX);
		return 0;
	}
	return 0;
}

int cli__check_gso(struct cli_ctx *ctx, uint32_t gso)
{
	const struct driver_config *o = &ctx->c->drive.driver;
	uint32_t max = o->size.max, segs = driver__datagrams(max, gso);

	if (!gso)
		return 0;
	if (o->proto == PROTO_UNIX)
		return cli__usage(ctx, "--gso is UDP segmentation offload: it needs --proto udp4 or "
				  "udp6; drop --gso for unix");
	if (max > DRIVER_GSO_MAX)
		return cli__usage(ctx, "--gso: a message holds at most %d bytes (one UDP send), but "
				  "--size goes up to %u; use smaller sizes", DRIVER_GSO_MAX, max);
	if (segs > DRIVER_GSO_SEGMENTS)
		return cli__usage(ctx, "--gso %u cuts a %u-byte message into %u datagrams, more than "
				  "%d (UDP_MAX_SEGMENTS): use --gso %u or more, or smaller --size",
				  gso, max, segs, DRIVER_GSO_SEGMENTS,
				  (max + DRIVER_GSO_SEGMENTS - 1) / DRIVER_GSO_SEGMENTS);
	return 0;
}

int cli__check_destination(struct cli_ctx *ctx)
{
	struct drive_config *o = &ctx->c->drive;

	if (ctx->dest_set) {
		if (ctx->sink_set && o->sink != SINK_NONE)
			return cli__usage(ctx, "--dest sends elsewhere: use --sink none with it");
		o->sink = SINK_NONE;
		return check_dest(ctx);
	}
	if (ctx->sink_set) {
		if (o->sink == SINK_NONE)
			return cli__usage(ctx, "--sink none needs --dest (nowhere to send)");
		return 0;
	}
	o->sink = o->driver.proto == PROTO_UNIX ? SINK_COUNT : SINK_DISCARD;
	return 0;
}

/* vlen above what the kernel sends per call is allowed, with a note */
static void vlen_warning(struct cli *c)
{
	const struct driver_config *o = &c->drive.driver;

	if (o->vlen > MMSG_UIO_MAXIOV && o->send_mode != SEND_SENDMMSG)
		snprintf(c->warning, sizeof(c->warning),
			 "--vlen %u exceeds UIO_MAXIOV (%d): batches hold %d messages, as "
			 "sendmmsg would send them", o->vlen, MMSG_UIO_MAXIOV, MMSG_UIO_MAXIOV);
	else if (o->vlen > MMSG_UIO_MAXIOV)
		snprintf(c->warning, sizeof(c->warning),
			 "--vlen %u exceeds UIO_MAXIOV (%d): the kernel sends at most %d messages "
			 "per call, so the trace shows ret <= %d",
			 o->vlen, MMSG_UIO_MAXIOV, MMSG_UIO_MAXIOV, MMSG_UIO_MAXIOV);
	else
		c->warning[0] = '\0';
}

static int finish_observe(struct cli_ctx *ctx)
{
	struct cli *c = ctx->c;

	c->mode = MODE_OBSERVE;
	if (ctx->driver_key)
		return cli__usage(ctx, "--%s is a driver option, but -p/-t/-c/--cgroup/--all observe "
				  "other programs and start no driver: drop --%s",
				  cli__long_name(ctx, ctx->driver_key), cli__long_name(ctx, ctx->driver_key));
	if (!c->observe.syscall_mask)
		return cli__usage(ctx, "--syscalls chose nothing to watch");
	/* the tracer and output groups fill the drive configuration: both modes
	 * take them */
	c->observe.tracer = c->drive.tracer;
	c->observe.output = c->drive.output;
	return 0;
}

static int finish_drive(struct cli_ctx *ctx)
{
	struct cli *c = ctx->c;
	int err;

	c->mode = MODE_DRIVE;
	if (ctx->observe_key)
		return cli__usage(ctx, "--%s applies to observe mode: add -p PID, -t TID, -c NAME, "
				  "--cgroup DIR or --all", cli__long_name(ctx, ctx->observe_key));
	if (c->drive.output.events && c->drive.no_trace)
		return cli__usage(ctx, "--events needs the tracer: drop --no-trace");
	if (c->drive.tracer.hidden_errors && c->drive.no_trace)
		return cli__usage(ctx, "--hidden-errors needs the tracer: drop --no-trace");
	err = cli__check_gso(ctx, c->drive.driver.gso);
	if (err)
		return err;
	if (ctx->duration_set && ctx->count_set)
		return cli__usage(ctx, "--duration and --count are exclusive: give one");
	err = cli__check_destination(ctx);
	if (err)
		return err;
	vlen_warning(c);
	return 0;
}

/* --csv: stdout carries CSV, so no JSON and no per-call lines there */
static int check_csv(struct cli_ctx *ctx)
{
	const struct output_settings *o = &ctx->c->drive.output;

	if (o->csv && o->json)
		return cli__usage(ctx, "--json and --csv both write stdout: give one");
	if (o->csv && o->events)
		return cli__usage(ctx, "--events has no CSV form: use --json with --events, or -o FILE "
				  "for the JSON lines beside --csv");
	return 0;
}

int cli__finish(struct cli_ctx *ctx)
{
	int err = check_csv(ctx);

	if (err)
		return err;
	ctx->c->observe.duration_set = ctx->duration_set;
	return ctx->c->observe.select != SELECT_NONE ? finish_observe(ctx) : finish_drive(ctx);
}
