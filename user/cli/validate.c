// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The whole command line once every option is in: which mode it chooses,
 * the options that do not fit that mode, and the checks that need more
 * than one option (--gso against --size and --proto, --dest against
 * --proto, --duration against --count, ...).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "cli/internal.h"
#include "common/parse.h"
#include "common/text.h"
#include "drive/proto_limits.h"

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

static int check_sizes(struct cli_ctx *ctx)
{
	const struct drive_config *d = &ctx->c->drive;
	enum proto proto = d->driver.proto;
	uint32_t largest = d->driver.size.max, max;
	char where[80];
	int sndbuf, err;

	err = proto_limits__max_message(proto, &max, &sndbuf);
	if (err)
		return 0;	/* no socket to ask: the run will say what fails */
	if (largest <= max)
		return 0;
	if (sndbuf)
		snprintf(where, sizeof(where), "the socket's send buffer, %d bytes, less %d",
			 sndbuf, PROTO_UNIX_SNDBUF_OVERHEAD);
	else
		snprintf(where, sizeof(where), "65535 less the %s and UDP headers",
			 proto == PROTO_UDP4 ? "IPv4" : "IPv6 payload's");
	return cli__usage(ctx, "--size goes up to %u bytes, but one %s datagram holds at most %u "
			  "(%s): each larger message fails with EMSGSIZE; give sizes up to %u, or "
			  "add --allow-errors to send them anyway", largest, names__proto(proto), max,
			  where, max);
}

/* each flag alone, then all together: the first the protocol refuses */
static int check_flags(struct cli_ctx *ctx)
{
	const struct drive_config *d = &ctx->c->drive;
	enum proto proto = d->driver.proto;
	uint32_t flags = (uint32_t)d->driver.flags;
	char name[64];
	int err;

	if (!flags)
		return 0;
	for (uint32_t bit = 1; bit; bit <<= 1) {
		if (!(flags & bit))
			continue;
		err = proto_limits__probe(proto, 1, (int)bit);
		if (proto_limits__refuses_flags(err))
			return cli__usage(ctx, "--flags %s: %s sockets refuse it (a trial send failed "
					  "with %s), so every call would fail; drop it, or add "
					  "--allow-errors to send it anyway",
					  names__flag_options((int)bit, name, sizeof(name)),
					  names__proto(proto), names__errno(err));
	}
	/* one flag: its probe was the whole line's */
	if (!(flags & (flags - 1)))
		return 0;
	err = proto_limits__probe(proto, 1, (int)flags);
	if (proto_limits__refuses_flags(err))
		return cli__usage(ctx, "--flags %s: %s sockets refuse these flags together (a trial "
				  "send failed with %s), so every call would fail; drop one, or add "
				  "--allow-errors to send them anyway",
				  names__flag_options((int)flags, name, sizeof(name)),
				  names__proto(proto), names__errno(err));
	return 0;
}

int cli__check_sendable(struct cli_ctx *ctx, uint32_t gso)
{
	int err;

	if (ctx->c->drive.allow_errors)
		return 0;
	/* with --gso the sizes were held to one UDP send (cli__check_gso) */
	err = gso ? 0 : check_sizes(ctx);
	return err ? err : check_flags(ctx);
}

/* --rate below one batch a second per thread: the pacer would keep each
 * thread's calls more than a second apart (and a short run sends only the
 * first), which nobody asking for a message rate means */
static int check_rate(struct cli_ctx *ctx)
{
	const struct driver_config *o = &ctx->c->drive.driver;
	uint64_t per_call = o->send_mode != SEND_SENDMMSG ? 1 :
			    o->vlen < MMSG_UIO_MAXIOV ? o->vlen : MMSG_UIO_MAXIOV;
	uint64_t batch = per_call * o->threads;
	char threads[48] = "";

	if (!o->rate || o->rate >= batch)
		return 0;
	if (o->threads > 1)
		snprintf(threads, sizeof(threads), " and --threads %u", o->threads);
	if (o->send_mode != SEND_SENDMMSG)
		return cli__usage(ctx, "--rate %" PRIu64 "%s paces each thread's calls %.2f s apart, "
				  "less than one a second; give --rate %" PRIu64 " or more, or fewer "
				  "--threads", o->rate, threads, (double)batch / (double)o->rate, batch);
	return cli__usage(ctx, "--rate %" PRIu64 " with --vlen %u%s paces one call of %" PRIu64
			  " messages every %.2f s per thread, less than one batch a second (a "
			  "short run sends only the first); for %" PRIu64 " msgs/s give --vlen %"
			  PRIu64 " or less%s, or a --rate of %" PRIu64 " or more",
			  o->rate, o->vlen, threads, per_call, (double)batch / (double)o->rate,
			  o->rate, o->rate / o->threads ? o->rate / o->threads : 1,
			  o->threads > 1 ? " (or fewer --threads)" : "", batch);
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
	/* every process of the machine makes some watched call: no hint to give */
	if (ctx->hint_after_set && c->observe.select == SELECT_ALL)
		return cli__usage(ctx, "--hint-after names what -p, -t, -c or --cgroup targets call "
				  "instead of the watched calls; --all has no such hint: drop "
				  "--hint-after");
	/* the tracer and output groups fill the drive configuration: both modes
	 * take them */
	c->observe.tracer = c->drive.tracer;
	/* watching other programs, the rest of the machine matters more than the
	 * traced call: tp taxes other syscalls least (bench/README.md) */
	if (!ctx->attach_set)
		c->observe.tracer.attach = ATTACH_TP;
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
	if (!err)
		err = check_rate(ctx);
	if (!err)
		err = cli__check_sendable(ctx, c->drive.driver.gso);
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
