// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mmsgtrace: drive sendmmsg(2) (or sendmsg/sendto, --mode) and watch it from
 * the kernel.
 * parse -> plan (sink, driver, tracer) -> run (poll + intervals) -> summary.
 * Exit codes: 0 success, 1 runtime failure or cross-check mismatch, 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report/drive_view.h"
#include "drive/driver.h"
#include "report/events.h"
#include "observe/observe.h"
#include "cli/cli.h"
#include "core/outfile.h"
#include "report/json.h"
#include "drive/sink.h"
#include "core/stats.h"
#include "core/tracer.h"

#define EXIT_USAGE 2
#define POLL_MAX_MS 100		/* the consumer's longest sleep between drains */
#define DEADLINE_GRACE_S 0.05	/* workers normally stop themselves at the deadline */

#define warn(...) fprintf(stderr, "mmsgtrace: " __VA_ARGS__)

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* First SIGINT/SIGTERM/SIGHUP asks for a clean stop; a second one kills
 * (SA_RESETHAND restores the default action). */
static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal, .sa_flags = SA_RESETHAND };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* a closed output pipe shows up as EPIPE on write, handled as a stop */
	signal(SIGPIPE, SIG_IGN);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* CPU time of the calling thread */
static double thread_cpu_s(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return 0;
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct app {
	struct opts o;
	struct sink *sink;
	struct driver *driver;
	struct tracer *tracer;
	struct display *display;
	FILE *json_file;
	struct stats stats;
	bool stats_ready;
	uint64_t kernel_errnos[STATS_ERRNO_SLOTS];
	uint64_t driver_errnos[STATS_ERRNO_SLOTS];
	unsigned syscall;		/* enum mmsg_syscall the driver makes (--mode) */
	double consumer_cpu_s;		/* the run loop's thread: CPU time */
	double consumer_wall_s;		/* and the wall time it was measured over */
};

static void on_record(void *ctx, const struct mmsg_call_record *rec)
{
	struct app *a = ctx;

	/* messages, not sendto's byte count, for the messages-per-call histogram */
	int32_t msgs = rec->ret < 0 ? rec->ret : (int32_t)events__msgs(rec);

	stats__add_call(&a->stats, rec->latency_ns, msgs, rec->bytes);
	if (a->o.events)
		display__event(a->display, rec);
}

static void totals_to_counts(const struct mmsg_totals *t, struct stats_counts *c)
{
	c->calls = t->calls;
	c->msgs = t->msgs;
	c->bytes = t->bytes;
	c->errors = t->errors;
	c->partial = t->partial;
	c->latency_ns = t->latency_ns;
	c->lost_events = t->lost_events;
	c->inflight_overflow = t->inflight_overflow;
	c->exit_unmatched = t->exit_unmatched;
	c->bytes_read_faults = t->bytes_read_faults;
}

/* Current counters: the kernel's when tracing, else the driver's. */
static int snapshot(struct app *a, struct stats_counts *c)
{
	memset(c, 0, sizeof(*c));
	if (a->tracer) {
		struct mmsg_totals t, m;
		int ret = tracer__totals(a->tracer, a->syscall, &t);

		if (ret)
			return ret;
		/* the BPF side books what belongs to no call it saw (unmatched
		 * exits, lost task records) under sendmmsg: add it to the mode's */
		if (a->syscall != MMSG_SYS_SENDMMSG) {
			ret = tracer__totals(a->tracer, MMSG_SYS_SENDMMSG, &m);
			if (ret)
				return ret;
			t.lost_events += m.lost_events;
			t.inflight_overflow += m.inflight_overflow;
			t.exit_unmatched += m.exit_unmatched;
			t.bytes_read_faults += m.bytes_read_faults;
		}
		totals_to_counts(&t, c);
	} else {
		struct driver_counts d;

		driver__counts(a->driver, &d);
		c->calls = d.calls;
		c->msgs = d.msgs;
		c->bytes = d.bytes;
		c->errors = d.errors;
		c->partial = d.partial;
	}
	return 0;
}

static int setup(struct app *a, char *err, size_t errlen)
{
	struct creds user;
	struct sockaddr_storage dest;
	const struct sockaddr *addr;
	socklen_t len;
	int ret;

	if (a->o.sink != SINK_NONE) {
		ret = sink__new(a->o.proto, a->o.sink, &a->sink, err, errlen);
		if (ret)
			return 1;
		addr = sink__addr(a->sink, &len);
	} else {
		ret = driver__resolve(a->o.proto, a->o.dest, &dest, &len, err, errlen);
		if (ret)
			return EXIT_USAGE;
		addr = (struct sockaddr *)&dest;
	}
	/* started through sudo: the sockets and senders need no privilege, so
	 * they are the user's who typed sudo */
	ret = driver__new(&a->o, addr, len, creds__sudo_user(&user) ? &user : NULL, &a->driver, err,
			  errlen);
	if (ret)
		return ret == -EDOM ? EXIT_USAGE : 1;

	/* fill% counts messages against what one call can carry */
	if (stats__init(&a->stats, a->o.send_mode == SEND_SENDMMSG ? a->o.vlen : 1, 0)) {
		snprintf(err, errlen, "out of memory for statistics");
		return 1;
	}
	a->stats_ready = true;

	if (!a->o.no_trace) {
		struct tracer_config cfg = {
			.attach = a->o.attach,
			.select = MMSG_SELECT_TGID,
			.target_tgid = getpid(),
			.syscall_mask = a->o.syscall_mask,
			.ringbuf_size = a->o.ringbuf_size,
			/* the driver calls without pause: batch its records */
			.stage_records = true,
			.verbose = a->o.verbose,
			.on_record = on_record,
			.ctx = a,
		};

		if (tracer__new(&cfg, &a->tracer, err, errlen))
			return 1;
	}

	if (a->o.output_path[0]) {
		a->json_file = outfile__open(a->o.output_path, err, errlen);
		if (!a->json_file)
			return 1;
	}
	return 0;
}

static void make_title(const struct opts *o, char *buf, size_t len)
{
	char size[64], flags[128], mode[32] = "", gso[32] = "";

	if (o->size.kind == SIZE_RANGE)
		snprintf(size, sizeof(size), "%u-%u B", o->size.min, o->size.max);
	else if (o->size.kind == SIZE_LIST)
		snprintf(size, sizeof(size), "%u-size list", o->size.n);
	else
		snprintf(size, sizeof(size), "%u B", o->size.list[0]);
	if (o->send_mode != SEND_SENDMMSG)
		snprintf(mode, sizeof(mode), "%s, ", opts__send_mode_str(o->send_mode));
	if (o->gso)
		snprintf(gso, sizeof(gso), ", gso %u", o->gso);
	snprintf(buf, len, "%svlen %u, %s %s%s, flags %s, %u thread%s, %s", mode, o->vlen, size,
		 opts__proto_str(o->proto), gso, opts__flags_str(o->flags, flags, sizeof(flags)),
		 o->threads, o->threads == 1 ? "" : "s",
		 o->no_trace ? "not traced" : o->attach == ATTACH_TP ? "attach tp" : "attach raw");
}

/* Poll records and print an interval line each --interval until the driver
 * is done or a stop is requested. */
static int run(struct app *a, double *elapsed, char *err, size_t errlen)
{
	double start = now_s(), last = start, next = start + a->o.interval_s, cpu0, wall0;
	struct stats_counts now;
	struct stats_interval iv;
	int ret;

	ret = a->sink ? sink__start(a->sink) : 0;
	if (ret) {
		snprintf(err, errlen, "cannot start the sink thread: %s", strerror(-ret));
		return 1;
	}
	if (driver__start(a->driver, err, errlen))
		return 1;

	/* the consumer's own cost: this thread's CPU time until the last drain */
	wall0 = now_s();
	cpu0 = thread_cpu_s();
	while (!stop_requested && !driver__finished(a->driver)) {
		double t = now_s();
		int wait_ms = (int)((next - t) * 1000);

		if (wait_ms > POLL_MAX_MS)
			wait_ms = POLL_MAX_MS;
		if (wait_ms < 0)
			wait_ms = 0;
		if (a->tracer) {
			ret = tracer__poll(a->tracer, wait_ms);
			if (ret < 0) {
				snprintf(err, errlen, "reading the ring buffer failed: %s",
					 strerror(-ret));
				return 1;
			}
		} else {
			usleep(wait_ms * 1000);
		}
		t = now_s();
		/* a thread blocked in sendmmsg cannot see its deadline: stop it from here */
		if (!a->o.count && t - start > a->o.duration_s + DEADLINE_GRACE_S)
			break;
		if (t >= next) {
			if (snapshot(a, &now) == 0) {
				stats__interval(&a->stats, &now, t - last, a->tracer != NULL, &iv);
				/* a reader that went away (| head) ends the run cleanly */
				if (!display__interval(a->display, t - start, &iv, &now))
					stop_requested = 1;
			}
			last = t;
			next += a->o.interval_s;
			if (next < t)
				next = t + a->o.interval_s;
		}
	}
	/* stop the senders, stop tracing, then drain every record they produced */
	driver__stop(a->driver);
	*elapsed = driver__elapsed(a->driver);
	if (driver__run_as_errno(a->driver)) {
		snprintf(err, errlen, "the driver threads could not switch to the sudo user "
			 "(SUDO_UID/SUDO_GID): %s", strerror(driver__run_as_errno(a->driver)));
		return 1;
	}
	if (a->tracer) {
		tracer__detach(a->tracer);
		while (tracer__poll(a->tracer, 0) > 0)
			;
	}
	a->consumer_cpu_s = thread_cpu_s() - cpu0;
	a->consumer_wall_s = now_s() - wall0;
	if (a->sink)
		sink__stop(a->sink);
	return 0;
}

static int finish(struct app *a, double elapsed, char *err, size_t errlen)
{
	struct summary sum = {
		.mode = "drive",
		.attach = a->tracer ? opts__attach_str(a->o.attach) : "none",
		.seconds = elapsed,
		.vlen = a->o.vlen,
		.traced = a->tracer != NULL,
		.latency_hist = &a->stats.latency_hist,
		.msgs_hist = &a->stats.msgs_hist,
		.bytes_hist = &a->stats.bytes_hist,
		.records = a->stats.records,
		.have_driver = true,
		.send_mode = opts__send_mode_str(a->o.send_mode),
		.gso = a->o.gso,
		.call_slots = a->o.send_mode == SEND_SENDMMSG ? 0 : 1,
		.consumer_cpu_s = a->consumer_cpu_s,
		.consumer_wall_s = a->consumer_wall_s,
	};

	driver__counts(a->driver, &sum.driver);
	driver__errnos(a->driver, a->driver_errnos);
	sum.errnos = a->driver_errnos;
	if (a->tracer) {
		if (snapshot(a, &sum.kernel) || tracer__errnos(a->tracer, a->syscall, a->kernel_errnos)) {
			snprintf(err, errlen, "cannot read the kernel totals: %s", strerror(errno));
			return 1;
		}
		sum.errnos = a->kernel_errnos;
		stats__percentiles(&a->stats, &sum.latency);
	}
	if (a->sink && sink__counts(a->sink)) {
		sum.have_sink = true;
		sum.sink_delivered = sink__delivered(a->sink);
		sum.sink_dropped = sink__dropped(a->sink);
	}
	stats__cross_check(&sum);
	display__summary(a->display, &sum);
	if (sum.kernel.lost_events)
		warn("%llu events were lost (ring buffer full): totals are exact, distributions "
		     "are sampled; consider a larger --ringbuf-size\n",
		     (unsigned long long)sum.kernel.lost_events);
	return sum.match ? 0 : 1;
}

/* Returns false when the --output file could not be written in full. */
static bool teardown(struct app *a)
{
	bool written = true;

	driver__free(a->driver);
	tracer__free(a->tracer);
	sink__free(a->sink);
	display__free(a->display);
	if (a->json_file)
		written = !(ferror(a->json_file) | fclose(a->json_file));
	if (a->stats_ready)
		stats__free(&a->stats);
	return written;
}

int main(int argc, char **argv)
{
	static struct app a;
	char err[512] = "", title[256];
	double elapsed = 0;
	int ret;

	switch (opts__parse(&a.o, argc, argv)) {
	case OPTS_EXIT_OK:
		return 0;
	case OPTS_USAGE:
		warn("%s\n", a.o.error);
		return EXIT_USAGE;
	case OPTS_OK:
		break;
	}
	if (a.o.warning[0])
		warn("warning: %s\n", a.o.warning);
	setvbuf(stdout, NULL, _IOLBF, 0);
	install_signals();
	if (a.o.mode == MODE_OBSERVE)
		return observe__run(&a.o, &stop_requested);

	a.syscall = opts__send_mode_syscall(a.o.send_mode);
	ret = setup(&a, err, sizeof(err));
	if (ret)
		goto cleanup;

	make_title(&a.o, title, sizeof(title));
	a.display = display__new(&(struct display_config){
		.out = stdout,
		/* events stream line by line: no redrawn panel */
		.tty = isatty(STDOUT_FILENO) && !a.o.events,
		.json = a.o.json,
		.events = a.o.events,
		.json_file = a.json_file,
		.title = title,
		.start_ns = (uint64_t)(now_s() * 1e9),
	});
	if (!a.display) {
		snprintf(err, sizeof(err), "out of memory");
		ret = 1;
		goto cleanup;
	}

	display__start(a.display, &(struct drive_start){
		.attach = a.tracer ? opts__attach_str(a.o.attach) : "none",
		.send_mode = opts__send_mode_str(a.o.send_mode),
		.gso = a.o.gso,
		.vlen = a.o.vlen,
		.proto = opts__proto_str(a.o.proto),
		.threads = a.o.threads,
	});
	ret = run(&a, &elapsed, err, sizeof(err));
	if (ret)
		goto cleanup;
	ret = finish(&a, elapsed, err, sizeof(err));
cleanup:
	if (err[0])
		warn("%s\n", err);
	if (!teardown(&a) && ret != EXIT_USAGE) {
		warn("writing --output %s failed\n", a.o.output_path);
		ret = 1;
	}
	return ret;
}
