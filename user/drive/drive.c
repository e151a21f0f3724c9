// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Drive mode, the application (see drive.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/record.h"
#include "common/util.h"
#include "core/drops.h"
#include "core/outfile.h"
#include "core/procfs.h"
#include "core/selfcost.h"
#include "core/totals.h"
#include "drive/describe.h"
#include "drive/drive.h"
#include "drive/sink.h"
#include "report/drive_view.h"
#include "report/json.h"
#include "report/promfile.h"

#define DEADLINE_GRACE_NS 50000000ULL	/* workers normally stop themselves at the deadline */
/* after the senders stop, datagrams still on their way through loopback's
 * backlog reach the sink or a drop within microseconds: the delivery check
 * waits up to this long for them */
#define DELIVERY_SETTLE_MS 200

struct app {
	const struct drive_config *cfg;
	volatile sig_atomic_t *stop;
	struct sink *sink;
	struct driver *driver;
	struct tracer *tracer;
	struct drops *drops;		/* the drop counter (NULL: --no-drops, or it failed) */
	struct socket_set sockets;	/* the driver's and the sink's: whose drops are ours */
	struct drop_counts live_drops;	/* as of the last interval (or the summary) */
	struct drive_view *view;
	char title[256];		/* the view's title: it keeps the pointer */
	FILE *json_file;
	struct stats stats;
	bool stats_ready;
	uint64_t kernel_errnos[MMSG_ERRNO_SLOTS];
	uint64_t driver_errnos[MMSG_ERRNO_SLOTS];
	uint64_t hidden_errnos[MMSG_ERRNO_SLOTS];
	unsigned syscall;		/* enum mmsg_syscall the driver makes (--mode) */
	double consumer_cpu_s;		/* the run loop's thread: CPU time */
	double consumer_wall_s;		/* and the wall time it was measured over */
	struct promfile prom;		/* --prom-file */
	struct selfcost *selfcost;	/* the tracer's own cost, measured in windows */
	struct self_cost self_cost;
	char comm[MMSG_COMM_LEN];	/* this process's name: the prom comm label */
};

static void on_record(void *ctx, const struct mmsg_call_record *rec)
{
	struct app *a = ctx;
	/* messages, not sendto's byte count, for the messages-per-call histogram */
	int32_t msgs = rec->ret < 0 ? rec->ret : (int32_t)record__msgs(rec);

	stats__add_call(&a->stats, rec->latency_ns, msgs, rec->bytes);
	if (a->cfg->output.events && a->view)
		drive_view__event(a->view, rec);
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

/* --prom-file: the totals so far, one series (this process's name, the
 * driver's syscall): the kernel's when traced, else the driver's */
static void write_prom(struct app *a, const struct stats_counts *now, const uint64_t *errnos)
{
	struct prom_series s = {
		.syscall = a->syscall,
		.calls = now->calls,
		.msgs = now->msgs,
		.bytes = now->bytes,
		.partial = now->partial,
		.latency = a->stats.latency_hist,
		.latency_sum_ns = a->stats.latency_sum_ns,
	};
	struct prom_snapshot snap = {
		.series = &s,
		.nseries = 1,
		.traced = a->tracer != NULL,
		.lost_events = now->lost_events,
		.drops = a->drops ? &a->live_drops : NULL,
	};

	memcpy(s.comm, a->comm, sizeof(s.comm));
	snap.errnos[a->syscall] = errnos;
	promfile__write(&a->prom, &snap);
}

/* usage errors only this machine can tell: CPUs it lacks */
static int check_machine(const struct drive_config *cfg, char *err, size_t errlen)
{
	long online = sysconf(_SC_NPROCESSORS_CONF);

	for (unsigned i = 0; i < cfg->driver.ncpus; i++) {
		if (cfg->driver.cpus[i] >= online) {
			snprintf(err, errlen, "--cpu %d: this machine has CPUs 0-%ld",
				 cfg->driver.cpus[i], online - 1);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* where the driver sends: the built-in sink, or --dest */
static int open_destination(struct app *a, struct sockaddr_storage *dest, socklen_t *len,
			    char *err, size_t errlen)
{
	const struct drive_config *cfg = a->cfg;
	const struct sockaddr *addr;

	if (cfg->sink == SINK_NONE)
		return driver__resolve(cfg->driver.proto, cfg->dest, dest, len, err, errlen) ?
			       EXIT_USAGE : 0;
	if (sink__new(cfg->driver.proto, cfg->sink, &a->sink, err, errlen))
		return 1;
	addr = sink__addr(a->sink, len);
	memcpy(dest, addr, *len);
	return 0;
}

/* the sockets whose drops are the driver's: each sender's and the sink's;
 * again before reading, for the ports bound since (an unconnected socket
 * gets one at its first send) */
static void collect_sockets(struct app *a)
{
	for (unsigned t = 0; t < a->cfg->driver.threads; t++)
		socket_set__add_fd(&a->sockets, driver__socket(a->driver, t));
	if (a->sink)
		socket_set__add_fd(&a->sockets, sink__fd(a->sink));
}

/* drops are counted when the kernel lets us; without them the run goes on,
 * and the summary says they were not counted */
static void open_drop_counter(struct app *a)
{
	char why[256];

	if (drops__new(&a->drops, why, sizeof(why))) {
		warn("warning: %s; dropped datagrams are not counted\n", why);
		a->drops = NULL;
		return;
	}
	collect_sockets(a);
}

/*
 * The driver's datagrams the kernel dropped, and with the built-in sink the
 * check that every datagram sent was received or dropped. Datagrams still
 * in loopback's backlog when the senders stop arrive a moment later: the
 * sink is drained and the drops re-read until the sum holds, or for at most
 * DELIVERY_SETTLE_MS (then the difference is shown as a mismatch).
 */
static int count_drops(struct app *a, struct summary *sum)
{
	const struct socket_set *sets[] = { &a->sockets };
	uint64_t deadline = clock__now_ns() + DELIVERY_SETTLE_MS * 1000000ULL;
	int ret;

	collect_sockets(a);
	for (;;) {
		ret = drops__attribute(a->drops, sets, 1, &sum->drops);
		if (ret || !a->sink)
			return ret;
		sum->sink_delivered = sink__delivered(a->sink);
		/* drops nobody can be given may be the driver's: no exact sum */
		if (sum->drops.unattributed)
			return 0;
		sum->delivery_checked = true;
		sum->match_delivery = sum->driver.datagrams ==
				      sum->sink_delivered + sum->drops.from_its_sockets;
		if (sum->match_delivery || clock__now_ns() > deadline)
			return 0;
		usleep(1000);
		sink__drain(a->sink);
	}
}

/* the live figures: the driver's datagrams dropped so far, into
 * a->live_drops; the count of its own datagrams (0 uncounted) */
static uint64_t dropped_so_far(struct app *a)
{
	const struct socket_set *sets[] = { &a->sockets };
	struct drop_counts now;

	if (!a->drops)
		return 0;
	/* an unconnected sender's port is bound at its first send */
	collect_sockets(a);
	/* a failed read keeps the last counts: the figure never goes back */
	if (!drops__attribute(a->drops, sets, 1, &now))
		a->live_drops = now;
	return a->live_drops.from_its_sockets;
}

static int setup(struct app *a, char *err, size_t errlen)
{
	const struct drive_config *cfg = a->cfg;
	struct sockaddr_storage dest;
	struct creds user;
	socklen_t len;
	int ret;

	ret = check_machine(cfg, err, errlen);
	if (!ret)
		ret = open_destination(a, &dest, &len, err, errlen);
	if (ret)
		return ret;
	/* started through sudo: the sockets and senders need no privilege, so
	 * they are the user's who typed sudo */
	if (driver__new(&cfg->driver, (struct sockaddr *)&dest, len,
			creds__sudo_user(&user) ? &user : NULL, &a->driver, err, errlen))
		return 1;

	/* fill% counts messages against what one call can carry */
	if (stats__init(&a->stats, cfg->driver.send_mode == SEND_SENDMMSG ? cfg->driver.vlen : 1, 0)) {
		snprintf(err, errlen, "out of memory for statistics");
		return 1;
	}
	a->stats_ready = true;

	if (!cfg->no_trace) {
		struct tracer_config tc;

		tracer_config__drive(&tc, &cfg->tracer, getpid(), a->syscall);
		tc.on_record = on_record;
		tc.ctx = a;
		if (tracer__new(&tc, &a->tracer, err, errlen))
			return 1;
	}
	if (!cfg->no_trace && cfg->tracer.drops)
		open_drop_counter(a);
	if (cfg->output.path[0]) {
		a->json_file = outfile__open(cfg->output.path, err, errlen);
		if (!a->json_file)
			return 1;
	}
	return 0;
}

static void make_title(const struct drive_config *cfg, char *buf, size_t len)
{
	const struct driver_config *o = &cfg->driver;
	char size[64], flags[128], mode[32] = "", gso[32] = "";

	if (o->size.kind == SIZE_RANGE)
		snprintf(size, sizeof(size), "%u-%u B", o->size.min, o->size.max);
	else if (o->size.kind == SIZE_LIST)
		snprintf(size, sizeof(size), "%u-size list", o->size.n);
	else
		snprintf(size, sizeof(size), "%u B", o->size.list[0]);
	if (o->send_mode != SEND_SENDMMSG)
		snprintf(mode, sizeof(mode), "%s, ", names__send_mode(o->send_mode));
	if (o->gso)
		snprintf(gso, sizeof(gso), ", gso %u", o->gso);
	snprintf(buf, len, "%svlen %u, %s %s%s, flags %s, %u thread%s, %s", mode, o->vlen, size,
		 names__proto(o->proto), gso, names__flag_options(o->flags, flags, sizeof(flags)),
		 o->threads, o->threads == 1 ? "" : "s",
		 cfg->no_trace ? "not traced" : cfg->tracer.attach == ATTACH_TP ? "attach tp" :
		 "attach raw");
}

/* one poll (or, untraced, a sleep) of at most wait_ms: 0 or -errno */
static int wait_for_records(struct app *a, int wait_ms)
{
	int ret;

	if (!a->tracer) {
		usleep(wait_ms * 1000);
		return 0;
	}
	ret = tracer__poll(a->tracer, wait_ms);
	return ret < 0 ? ret : 0;
}

/* the interval just closed: the view's line or panel. False once the
 * output is gone. */
static bool show_interval(struct app *a, uint64_t now_ns, const struct interval_timer *it,
			  double seconds)
{
	struct stats_counts now;
	struct stats_interval iv;

	/* a quiet run (drive__measure) shows nothing */
	if (!a->view || snapshot(a, &now))
		return true;
	now.dropped = dropped_so_far(a);
	stats__interval(&a->stats, &now, seconds, a->tracer != NULL, &iv);
	iv.have_drops = a->drops != NULL;
	if (promfile__enabled(&a->prom)) {
		/* a failed read of the errno table skips this version, not the run */
		if (!a->tracer)
			driver__errnos(a->driver, a->driver_errnos);
		if (!a->tracer || !tracer__errnos(a->tracer, a->syscall, a->kernel_errnos))
			write_prom(a, &now, a->tracer ? a->kernel_errnos : a->driver_errnos);
	}
	return drive_view__interval(a->view, (now_ns - it->start_ns) / 1e9, &iv, &now);
}

/* Poll records and show an interval each --interval until the driver is
 * done or a stop is requested; then stop the senders, stop tracing, and
 * drain every record they produced. */
static int run(struct app *a, double *elapsed, char *err, size_t errlen)
{
	const struct drive_config *cfg = a->cfg;
	uint64_t cpu0, deadline_ns = (uint64_t)(cfg->driver.duration_s * 1e9) + DEADLINE_GRACE_NS;
	struct interval_timer it;
	int ret;

	ret = a->sink ? sink__start(a->sink) : 0;
	if (ret) {
		snprintf(err, errlen, "cannot start the sink thread: %s", strerror(-ret));
		return 1;
	}
	/* the tracer's own cost (not in a quiet run: a sweep point); raw mode
	 * calibrates before the senders start */
	if (a->tracer && a->view) {
		char why[256];

		a->selfcost = selfcost__new(a->tracer, &cfg->tracer, why, sizeof(why));
		if (why[0])
			warn("warning: %s\n", why);
		selfcost__watch_drops(a->selfcost, a->drops);
	}
	if (driver__start(a->driver, err, errlen))
		return 1;
	interval_timer__start(&it, clock__now_ns(), (uint64_t)(cfg->output.interval_s * 1e9));
	/* the consumer's own cost: this thread's CPU time until the last drain */
	cpu0 = clock__thread_cpu_ns();
	while (!*a->stop && !driver__finished(a->driver)) {
		uint64_t t = clock__now_ns();
		double seconds;

		ret = wait_for_records(a, selfcost__wait_ms(a->selfcost, t,
							    interval_timer__wait_ms(&it, t, TRACER_POLL_MAX_MS)));
		if (ret) {
			snprintf(err, errlen, "reading the ring buffer failed: %s", strerror(-ret));
			return 1;
		}
		t = clock__now_ns();
		selfcost__tick(a->selfcost, t);
		/* a thread blocked in sendmmsg cannot see its deadline: stop it from here */
		if (!cfg->driver.count && t - it.start_ns > deadline_ns)
			break;
		/* a reader that went away (| head) ends the run cleanly */
		if (interval_timer__due(&it, t, &seconds) && !show_interval(a, t, &it, seconds))
			*a->stop = 1;
		/* q in the full-screen view: the same stop as SIGINT */
		if (a->view && drive_view__keys(a->view))
			*a->stop = 1;
	}
	driver__stop(a->driver);
	if (a->selfcost)
		selfcost__finish(a->selfcost, clock__now_ns(), &a->self_cost);
	*elapsed = driver__elapsed(a->driver);
	ret = driver__run_as_errno(a->driver);
	if (ret) {
		snprintf(err, errlen, "the driver threads could not switch to the sudo user "
			 "(SUDO_UID/SUDO_GID): %s", strerror(-ret));
		return 1;
	}
	if (a->tracer && (ret = tracer__stop(a->tracer))) {
		snprintf(err, errlen, "reading the ring buffer failed: %s", strerror(-ret));
		return 1;
	}
	a->consumer_cpu_s = (clock__thread_cpu_ns() - cpu0) / 1e9;
	a->consumer_wall_s = (clock__now_ns() - it.start_ns) / 1e9;
	if (a->sink)
		sink__stop(a->sink);
	return 0;
}

/* --hidden-errors: the message errors sendmmsg did not report (counted in
 * the sendmmsg slot whatever --mode: the other calls report theirs) */
static int read_hidden(struct app *a, struct hidden_errors *h)
{
	struct mmsg_totals m;
	int ret = tracer__totals(a->tracer, MMSG_SYS_SENDMMSG, &m);

	if (!ret)
		ret = tracer__hidden_errnos(a->tracer, a->hidden_errnos);
	if (!ret)
		*h = (struct hidden_errors){
			.counted = true, .messages = m.hidden_errors, .errnos = a->hidden_errnos,
		};
	return ret;
}

/* The run's summary: totals (the kernel's when traced), the driver's own
 * counts, percentiles, the sink's counts and the cross-check. Its pointers
 * point into a (histograms, errnos). 0, or 1 with err. */
static int summarize(struct app *a, double elapsed, struct summary *sum, char *err, size_t errlen)
{
	const struct drive_config *cfg = a->cfg;
	int ret;

	*sum = (struct summary){
		.mode = "drive",
		.attach = a->tracer ? names__attach(cfg->tracer.attach) : "none",
		.seconds = elapsed,
		.vlen = cfg->driver.vlen,
		.traced = a->tracer != NULL,
		.latency_hist = &a->stats.latency_hist,
		.msgs_hist = &a->stats.msgs_hist,
		.bytes_hist = &a->stats.bytes_hist,
		.records = a->stats.records,
		.have_driver = true,
		.send_mode = names__send_mode(cfg->driver.send_mode),
		.gso = cfg->driver.gso,
		.call_slots = cfg->driver.send_mode == SEND_SENDMMSG ? 0 : 1,
		.consumer_cpu_s = a->consumer_cpu_s,
		.consumer_wall_s = a->consumer_wall_s,
		.self_cost = a->selfcost ? &a->self_cost : NULL,
	};
	driver__counts(a->driver, &sum->driver);
	driver__errnos(a->driver, a->driver_errnos);
	sum->errnos = a->driver_errnos;
	if (a->tracer) {
		ret = snapshot(a, &sum->kernel);
		if (!ret)
			ret = tracer__errnos(a->tracer, a->syscall, a->kernel_errnos);
		if (!ret && cfg->tracer.hidden_errors)
			ret = read_hidden(a, &sum->hidden);
		if (ret) {
			snprintf(err, errlen, "cannot read the kernel totals: %s", strerror(-ret));
			return 1;
		}
		sum->errnos = a->kernel_errnos;
		stats__percentiles(&a->stats, &sum->latency);
	}
	if (a->sink) {
		sum->have_sink = true;
		sum->sink_reads = sink__counts(a->sink);
		sum->sink_delivered = sink__delivered(a->sink);
	}
	if (a->drops && (ret = count_drops(a, sum))) {
		snprintf(err, errlen, "cannot read the drop counts: %s", strerror(-ret));
		return 1;
	}
	/* after the drain: what the sink's own counter says, beside ours */
	if (a->sink)
		sum->sink_dropped = sink__dropped(a->sink);
	stats__cross_check(sum);
	return 0;
}

/* the summary on the view, and the loss said on stderr: the exit code */
static int finish(struct app *a, double elapsed, char *err, size_t errlen)
{
	struct summary sum;
	struct stats_counts now;

	if (summarize(a, elapsed, &sum, err, errlen))
		return 1;
	/* the last version: the totals the summary shows */
	a->live_drops = sum.drops;
	if (promfile__enabled(&a->prom) && !snapshot(a, &now))
		write_prom(a, &now, sum.errnos);
	drive_view__summary(a->view, &sum);
	if (sum.kernel.lost_events)
		warn("%llu events were lost (ring buffer full): totals are exact, distributions "
		     "are sampled; consider a larger --ringbuf-size\n",
		     (unsigned long long)sum.kernel.lost_events);
	return sum.match && !a->prom.failed ? 0 : 1;
}

/* Returns 0, or -errno when the --output file could not be written in full. */
static int teardown(struct app *a)
{
	int written = 0;

	driver__free(a->driver);
	selfcost__free(a->selfcost);
	tracer__free(a->tracer);
	drops__free(a->drops);
	socket_set__free(&a->sockets);
	sink__free(a->sink);
	drive_view__free(a->view);
	if (a->json_file)
		written = outfile__close(a->json_file);
	if (a->stats_ready)
		stats__free(&a->stats);
	return written;
}

/* the view, and the start line it prints (JSON; the text header says the same) */
static int open_view(struct app *a, char *err, size_t errlen)
{
	const struct drive_config *cfg = a->cfg;
	struct drive_description config;
	struct run_info run;

	run_info__now(&run);
	drive__describe(cfg, &config);
	make_title(cfg, a->title, sizeof(a->title));
	a->view = drive_view__new(&(struct drive_view_config){
		.out = stdout,
		/* events stream line by line: no full-screen view */
		.tui = isatty(STDOUT_FILENO) && !cfg->output.events && !cfg->output.no_tui &&
		       !cfg->output.csv,
		.traced = a->tracer != NULL,
		.json = cfg->output.json,
		.csv = cfg->output.csv,
		.events = cfg->output.events,
		.json_file = a->json_file,
		.title = a->title,
		.start_ns = clock__now_ns(),
	});
	if (!a->view) {
		snprintf(err, errlen, "out of memory");
		return 1;
	}
	drive_view__start(a->view, &(struct drive_start){
		.attach = a->tracer ? names__attach(cfg->tracer.attach) : "none",
		.send_mode = names__send_mode(cfg->driver.send_mode),
		.gso = cfg->driver.gso,
		.vlen = cfg->driver.vlen,
		.proto = names__proto(cfg->driver.proto),
		.threads = cfg->driver.threads,
		.run = &run,
		.config = config.fields,
		.nconfig = config.n,
	});
	return 0;
}

static struct app *app_new(const struct drive_config *cfg, volatile sig_atomic_t *stop)
{
	struct app *a = calloc(1, sizeof(*a));

	if (a) {
		a->cfg = cfg;
		a->stop = stop;
		a->syscall = names__send_mode_syscall(cfg->driver.send_mode);
		a->prom.path = cfg->output.prom_path;
		procfs__comm((uint32_t)getpid(), 0, a->comm);
	}
	return a;
}

int drive__run(const struct drive_config *cfg, volatile sig_atomic_t *stop)
{
	struct app *a = app_new(cfg, stop);
	char err[512] = "";
	double elapsed = 0;
	int ret, werr;

	if (!a) {
		warn("out of memory\n");
		return 1;
	}
	ret = setup(a, err, sizeof(err));
	if (!ret)
		ret = open_view(a, err, sizeof(err));
	if (!ret)
		ret = outfile__started(&a->json_file, cfg->output.path, err, sizeof(err));
	if (!ret)
		ret = run(a, &elapsed, err, sizeof(err));
	/* the normal screen for the summary and any error */
	if (a->view)
		drive_view__end_live(a->view);
	if (!ret)
		ret = finish(a, elapsed, err, sizeof(err));
	if (err[0])
		warn("%s\n", err);
	werr = teardown(a);
	if (werr && ret != EXIT_USAGE) {
		warn("writing --output %s failed: %s\n", cfg->output.path, strerror(-werr));
		ret = 1;
	}
	free(a);
	return ret;
}

int drive__measure(const struct drive_config *cfg, volatile sig_atomic_t *stop,
		   struct drive_result *res, char *err, size_t errlen)
{
	struct drive_config quiet = *cfg;
	struct app *a;
	double elapsed = 0;
	int ret;

	/* nothing printed, nothing written */
	quiet.output.events = false;
	quiet.output.json = false;
	quiet.output.csv = false;
	quiet.output.path[0] = '\0';
	quiet.output.prom_path[0] = '\0';
	/* a sweep point's discard sink drops nearly everything: not counted */
	quiet.tracer.drops = false;
	a = app_new(&quiet, stop);
	if (!a) {
		snprintf(err, errlen, "out of memory");
		return 1;
	}
	ret = setup(a, err, errlen);
	if (!ret)
		ret = run(a, &elapsed, err, errlen);
	if (!ret)
		ret = summarize(a, elapsed, &res->sum, err, errlen);
	if (!ret) {
		/* the summary's pointers move into the result */
		res->latency_hist = a->stats.latency_hist;
		res->msgs_hist = a->stats.msgs_hist;
		res->bytes_hist = a->stats.bytes_hist;
		memcpy(res->errnos, res->sum.errnos, sizeof(res->errnos));
		memcpy(res->hidden_errnos, a->hidden_errnos, sizeof(res->hidden_errnos));
		res->sum.latency_hist = &res->latency_hist;
		res->sum.msgs_hist = &res->msgs_hist;
		res->sum.bytes_hist = &res->bytes_hist;
		res->sum.errnos = res->errnos;
		if (res->sum.hidden.counted)
			res->sum.hidden.errnos = res->hidden_errnos;
	}
	teardown(a);
	free(a);
	return ret;
}
