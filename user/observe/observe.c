// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Observe mode, the application (see observe.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/record.h"
#include "common/text.h"
#include "common/util.h"
#include "core/batching.h"
#include "core/calibrate.h"
#include "core/drop_owners.h"
#include "core/drops.h"
#include "core/outfile.h"
#include "core/procfs.h"
#include "core/procstats.h"
#include "core/selfcost.h"
#include "core/task_order.h"
#include "core/totals.h"
#include "observe/describe.h"
#include "observe/idle_watch.h"
#include "observe/observe.h"
#include "observe/selection.h"
#include "report/csv.h"
#include "report/events.h"
#include "report/idle_hint.h"
#include "report/json.h"
#include "report/observe_view.h"
#include "report/prom_comms.h"
#include "report/promfile.h"

#define SUMMARY_HISTOGRAMS 10	/* text summary: histograms of the busiest tasks only */
#define MAX_REPORT_FDS 64	/* batching report: fds listed per task */

struct observer {
	const struct observe_config *cfg;
	volatile sig_atomic_t *stop;	/* set by SIGINT/SIGTERM/SIGHUP */
	struct tracer *tracer;
	struct procstats *ps;
	struct batching *batching;
	struct observe_view *view;
	FILE *json_file;		/* -o FILE */
	uint64_t start_ns;		/* CLOCK_MONOTONIC, the time base of records */
	uint64_t records, records_dropped;
	uint64_t lost_last;		/* lost events at the previous interval */
	double per_call_ns;
	int cgroup_fd;
	bool events_header_printed;
	bool targets_full;		/* -p with too many children */
	uint32_t children[MMSG_MAX_TARGETS];	/* -p: child processes found at the start */
	unsigned nchildren;
	bool write_failed;		/* stdout went away: stop */
	double consumer_cpu_s;		/* this thread's CPU time in the run loop and final drain */
	double consumer_wall_s;		/* and the wall time it was measured over */
	struct promfile prom;		/* --prom-file */
	struct prom_comms *prom_comms;	/* its series by process name */
	struct selfcost *selfcost;	/* the tracer's own cost, measured in windows */
	struct self_cost self_cost;
	struct drops *drops;		/* the drop counter (NULL: --no-drops, or it failed) */
	struct drop_owners owners;	/* the watched processes' sockets, and their drops */
	struct idle_watch *idle;	/* the hint about targets without watched calls */
};

static double since_start(const struct observer *obs, uint64_t ns)
{
	return ns > obs->start_ns ? (ns - obs->start_ns) / 1e9 : 0;
}

static void write_failed_if(struct observer *obs, FILE *f)
{
	if (ferror(f))
		obs->write_failed = true;
}

/* --events: the call as a line or a JSON object */
static void print_event(struct observer *obs, const struct mmsg_call_record *rec)
{
	double t = since_start(obs, rec->enter_ns);

	if (obs->json_file)
		events__print_json(obs->json_file, t, rec);
	if (obs->cfg->output.json) {
		events__print_json(stdout, t, rec);
	} else {
		if (!obs->events_header_printed)
			events__print_text_header(stdout);
		obs->events_header_printed = true;
		events__print_text(stdout, t, rec);
	}
	write_failed_if(obs, stdout);
}

static void on_record(void *ctx, const struct mmsg_call_record *rec)
{
	struct observer *obs = ctx;
	const struct observe_config *cfg = obs->cfg;

	obs->records++;
	/* a record one of the two could not keep is dropped, counted once */
	if (procstats__add_record(obs->ps, rec) |
	    batching__add(obs->batching, cfg->per_thread ? rec->tid : rec->pid, rec->fd, rec->syscall,
			  rec->enter_ns, rec->enter_ns + rec->latency_ns, record__msgs(rec), rec->vlen))
		obs->records_dropped++;
	if (cfg->output.events)
		print_event(obs, rec);
}

static void task_event(struct observer *obs, const struct mmsg_task_record *rec)
{
	const struct observe_config *cfg = obs->cfg;
	double t = since_start(obs, rec->ns);

	/* with -t the record names a thread: the summary checks each task itself */
	if (rec->event == MMSG_TASK_EXIT && cfg->select == SELECT_PID)
		procstats__mark_exited(obs->ps, rec->pid);
	if (obs->json_file)
		json__task_event(obs->json_file, t, rec);
	if (cfg->output.json)
		json__task_event(stdout, t, rec);
	else if (cfg->output.csv)
		csv__task_event(stdout, t, rec);
	else if (!cfg->output.events && !cfg->quiet)
		observe_view__task_event(obs->view, t, rec);
	write_failed_if(obs, stdout);
}

static void on_task(void *ctx, const struct mmsg_task_record *rec)
{
	task_event(ctx, rec);
}

static void on_task_totals(void *ctx, const struct mmsg_task_key *key,
			   const struct mmsg_task_totals *sum)
{
	struct observer *obs = ctx;
	struct procstats_task *t = procstats__set_totals(obs->ps, key, sum);

	/* a task whose records were all lost is named from /proc */
	if (t && !t->comm[0])
		procfs__comm(key->pid, key->tid, t->comm);
}

static void add_child(void *ctx, uint32_t pid)
{
	struct observer *obs = ctx;

	if (obs->nchildren == MMSG_MAX_TARGETS || tracer__add_target(obs->tracer, pid))
		obs->targets_full = true;
	else
		obs->children[obs->nchildren++] = pid;
}

static int start_tracer(struct observer *obs, char *err, size_t errlen)
{
	const struct observe_config *cfg = obs->cfg;
	struct tracer_config tc;

	tracer_config__observe(&tc, &cfg->tracer, cfg->select, cfg->syscall_mask, cfg->per_thread);
	tc.targets = cfg->targets;
	tc.ntargets = cfg->ntargets;
	memcpy(tc.comm, cfg->comm, sizeof(tc.comm));
	tc.cgroup_fd = obs->cgroup_fd;
	/* whose sockets the calls use: drops are attributed by them */
	tc.note_sockets = cfg->tracer.drops;
	tc.census = idle_watch__wanted(cfg);
	tc.on_record = on_record;
	tc.on_task = on_task;
	tc.ctx = obs;
	if (tracer__new(&tc, &obs->tracer, err, errlen))
		return 1;
	obs->start_ns = clock__now_ns();
	/* -p: children that already exist are watched too (forks from now on
	 * are added by the kernel) */
	if (cfg->select == SELECT_PID &&
	    procfs__descendants(cfg->targets, cfg->ntargets, add_child, obs) < 0) {
		snprintf(err, errlen, "cannot list the children of the -p processes in /proc");
		return 1;
	}
	if (obs->targets_full) {
		snprintf(err, errlen, "-p: more than %d processes with their children: watch fewer",
			 MMSG_MAX_TARGETS);
		return 1;
	}
	return 0;
}

/* the sockets of the processes known at the start: -p targets with their
 * children, the processes of -t threads */
static void scan_known_targets(struct observer *obs)
{
	const struct observe_config *cfg = obs->cfg;

	if (cfg->select != SELECT_PID && cfg->select != SELECT_TID)
		return;
	for (unsigned i = 0; i < cfg->ntargets; i++) {
		uint32_t pid = cfg->select == SELECT_PID ? cfg->targets[i] :
			       procfs__tgid(cfg->targets[i]);

		if (pid)
			drop_owners__scan(&obs->owners, pid);
	}
	for (unsigned i = 0; i < obs->nchildren; i++)
		drop_owners__scan(&obs->owners, obs->children[i]);
}

/* drops are counted when the kernel lets us; without them the run goes on,
 * and the summary says they were not counted */
static void open_drop_counter(struct observer *obs)
{
	char why[256];

	if (drops__new(&obs->drops, why, sizeof(why))) {
		warn("warning: %s; dropped datagrams are not counted\n", why);
		obs->drops = NULL;
		return;
	}
	scan_known_targets(obs);
}

/*
 * The drops of the watched processes so far. A process's sockets are those
 * its traced calls used (noted by the BPF side at each call's exit, so even
 * a socket closed since counts), and those /proc shows it holding: at the
 * start for -p/-t, and at each interval for the processes that made
 * watched calls in it (a socket it never made a watched call on, opened
 * and closed between two of these scans, is missed). 0 or -errno.
 */
static void on_call_socket(void *ctx, uint64_t ino, const struct mmsg_call_socket *s)
{
	struct observer *obs = ctx;
	struct socket_id id = {
		.ino = ino, .netns = s->netns, .family = s->family, .port = s->port,
	};

	drop_owners__add(&obs->owners, s->tgid, &id);
}

static int attribute_drops(struct observer *obs, struct procstats_task **tasks, size_t n,
			   bool all)
{
	int ret;

	if (!obs->drops)
		return 0;
	/* the sockets the traced calls used, closed or not */
	ret = tracer__call_sockets(obs->tracer, on_call_socket, obs);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < n; i++) {
		const struct procstats_task *t = tasks[i];
		uint64_t calls = 0;

		for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
			calls += all ? t->sc[sc].total.calls : t->sc[sc].delta.calls;
		if (calls && !t->exited)
			drop_owners__scan(&obs->owners, t->pid);
	}
	return drop_owners__attribute(&obs->owners, obs->drops);
}

static int setup(struct observer *obs, char *err, size_t errlen)
{
	const struct observe_config *cfg = obs->cfg;
	int ret = selection__check(cfg, &obs->cgroup_fd, err, errlen);
	char why[256];

	if (ret)
		return ret;
	obs->ps = procstats__new(cfg->per_thread);
	obs->batching = batching__new(cfg->burst_gap_ns);
	obs->prom.path = cfg->output.prom_path;
	if (promfile__enabled(&obs->prom))
		obs->prom_comms = prom_comms__new(0);
	if (!obs->ps || !obs->batching || (promfile__enabled(&obs->prom) && !obs->prom_comms)) {
		snprintf(err, errlen, "out of memory");
		return 1;
	}
	/* measured before attaching, so the tracer does not inflate it */
	obs->per_call_ns = calibrate__call_ns();
	if (start_tracer(obs, err, errlen))
		return 1;
	obs->selfcost = selfcost__new(obs->tracer, &cfg->tracer, why, sizeof(why));
	if (why[0])
		warn("warning: %s\n", why);
	if (cfg->tracer.drops)
		open_drop_counter(obs);
	selfcost__watch_drops(obs->selfcost, obs->drops);
	/* out of memory: no hint, the run goes on */
	obs->idle = idle_watch__new(cfg, obs->tracer, obs->start_ns);
	/* opened only now, so a run that cannot trace leaves the file alone */
	if (cfg->output.path[0]) {
		obs->json_file = outfile__open(cfg->output.path, err, errlen);
		if (!obs->json_file)
			return 1;
	}
	return 0;
}

static void announce_start(struct observer *obs, const char *title)
{
	const struct observe_config *cfg = obs->cfg;
	bool ids = cfg->select == SELECT_PID || cfg->select == SELECT_TID;
	struct observe_description config;
	struct run_info run;
	struct observe_start start = {
		.attach = names__attach(cfg->tracer.attach),
		.syscall_mask = cfg->syscall_mask,
		.select = names__select(cfg->select),
		.targets = ids ? cfg->targets : NULL,
		.ntargets = ids ? cfg->ntargets : 0,
		.children = cfg->select == SELECT_PID ? obs->children : NULL,
		.nchildren = obs->nchildren,
		.comm = cfg->select == SELECT_COMM ? cfg->comm : NULL,
		.cgroup = cfg->select == SELECT_CGROUP ? cfg->cgroup_path : NULL,
		.run = &run,
		.config = config.fields,
	};

	run_info__now(&run);
	observe__describe(cfg, &config);
	start.nconfig = config.n;

	/* a script waits for this line in the file before it starts its load */
	if (obs->json_file) {
		json__observe_start(obs->json_file, &start);
		fflush(obs->json_file);
	}
	if (cfg->output.json)
		json__observe_start(stdout, &start);
	else if (cfg->output.csv)
		csv__observe_header(stdout);
	else if (observe_view__live(obs->view))
		return;	/* the full-screen view's title says what is watched */
	else if (obs->nchildren)
		printf("# watching %s and %u child process%s; Ctrl-C prints the summary\n", title,
		       obs->nchildren, obs->nchildren == 1 ? "" : "es");
	else
		printf("# watching %s; Ctrl-C prints the summary\n", title);
	fflush(stdout);
	/* waiting is right (the program may start later), silence is not */
	if (cfg->select == SELECT_COMM && !procfs__named_task_exists(cfg->comm)) {
		struct text_quote q;

		warn("no task named '%s' runs yet: waiting for one to start\n",
		     text__quote(cfg->comm, &q));
	}
}

static uint64_t lost_events(struct observer *obs)
{
	uint64_t lost = 0;

	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		struct mmsg_totals t;

		if (tracer__totals(obs->tracer, sc, &t) == 0)
			lost += t.lost_events;
	}
	return lost;
}

/* --prom-file: the totals so far, by process name and syscall. A failed
 * read of the kernel's tables skips this version, not the run. */
static void write_prom(struct observer *obs)
{
	static uint64_t errnos[MMSG_SYS_COUNT][MMSG_ERRNO_SLOTS];
	struct prom_snapshot snap = {
		.traced = true,
		.comm_cap = true,
		.comm_labels_max = prom_comms__max(obs->prom_comms),
		/* as of the last attribution (each interval, and the summary) */
		.drops = obs->drops ? &obs->owners.total : NULL,
	};
	struct procstats_task **tasks;
	size_t n = procstats__by_total(obs->ps, &tasks);
	int ret = prom_comms__collect(obs->prom_comms, tasks, n, &snap.series);

	if (ret < 0) {
		if (!obs->prom.failed)
			warn("--prom-file: out of memory for the series\n");
		obs->prom.failed = true;
		return;
	}
	snap.nseries = (size_t)ret;
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		if (!(obs->cfg->syscall_mask & (1u << sc)))
			continue;
		if (tracer__errnos(obs->tracer, sc, errnos[sc]))
			return;
		snap.errnos[sc] = errnos[sc];
	}
	snap.lost_events = lost_events(obs);
	snap.comm_labels_dropped = prom_comms__dropped(obs->prom_comms);
	if (prom_comms__take_notice(obs->prom_comms))
		warn("more than %u process names: --prom-file counts the others under comm=\""
		     PROM_OTHER_COMMS "\"\n", snap.comm_labels_max);
	promfile__write(&obs->prom, &snap);
}

/* the interval just closed: 0 or -errno */
static int interval(struct observer *obs, double t, double seconds)
{
	const struct observe_config *cfg = obs->cfg;
	struct procstats_task **tasks;
	uint64_t lost, lost_now;
	size_t n;
	int ret = tracer__task_totals(obs->tracer, on_task_totals, obs);

	if (ret < 0)
		return ret;
	lost_now = lost_events(obs);
	lost = lost_now - obs->lost_last;
	obs->lost_last = lost_now;
	n = procstats__interval(obs->ps, seconds, &tasks);
	ret = attribute_drops(obs, tasks, n, false);
	if (ret < 0)
		return ret;
	/* a thread's row has no drops of its own: its process's sockets */
	for (size_t i = 0; i < n && obs->drops && !cfg->per_thread; i++) {
		tasks[i]->drops_counted = true;
		tasks[i]->dropped = drop_owners__interval(&obs->owners, tasks[i]->pid);
	}
	if (obs->json_file) {
		json__observe_interval(obs->json_file, t, seconds, lost, tasks, n, cfg->per_thread);
		fflush(obs->json_file);
	}
	if (cfg->output.json)
		json__observe_interval(stdout, t, seconds, lost, tasks, n, cfg->per_thread);
	else if (cfg->output.csv)
		csv__observe_interval(stdout, t, seconds, tasks, n, cfg->per_thread);
	else if (!cfg->output.events && !observe_view__interval(obs->view, t, seconds, tasks, n, lost))
		obs->write_failed = true;
	write_failed_if(obs, stdout);
	if (promfile__enabled(&obs->prom))
		write_prom(obs);
	return 0;
}

/* -p/-t: have all targets gone? The kernel removes a target when it exits;
 * the sweep (once per interval) finds those that died before the programs
 * were attached, and reports them. */
static bool targets_gone(struct observer *obs, bool sweep)
{
	uint32_t ids[MMSG_MAX_TARGETS];
	int n = tracer__targets(obs->tracer, ids, MMSG_MAX_TARGETS), alive = 0;

	if (n < 0)
		return false;
	if (!sweep)
		return n == 0;
	for (int i = 0; i < n && i < MMSG_MAX_TARGETS; i++) {
		struct mmsg_task_record rec = {
			.type = MMSG_REC_TASK, .event = MMSG_TASK_EXIT, .ns = clock__now_ns(),
			.pid = ids[i],
		};

		if (selection__alive(obs->cfg, ids[i])) {
			alive++;
			continue;
		}
		tracer__forget_target(obs->tracer, ids[i]);
		procfs__comm(ids[i], 0, rec.comm);
		task_event(obs, &rec);
	}
	return alive == 0;
}

static int run(struct observer *obs, char *err, size_t errlen)
{
	const struct observe_config *cfg = obs->cfg;
	bool by_id = cfg->select == SELECT_PID || cfg->select == SELECT_TID;
	struct interval_timer it;
	/* the consumer's own cost: this thread's CPU time until the last drain */
	uint64_t cpu0 = clock__thread_cpu_ns();
	char hint[IDLE_HINT_LEN];
	int ret;

	interval_timer__start(&it, clock__now_ns(), (uint64_t)(cfg->output.interval_s * 1e9));
	while (!*obs->stop) {
		uint64_t t = clock__now_ns();
		int wait_ms = interval_timer__wait_ms(&it, t, TRACER_POLL_MAX_MS);
		double seconds;
		bool due;

		/* the soonest of what the loop waits for */
		wait_ms = selfcost__wait_ms(obs->selfcost, t, wait_ms);
		ret = tracer__poll(obs->tracer, idle_watch__wait_ms(obs->idle, t, wait_ms));
		if (ret < 0) {
			snprintf(err, errlen, "reading the ring buffer failed: %s", strerror(-ret));
			return 1;
		}
		t = clock__now_ns();
		selfcost__tick(obs->selfcost, t);
		if (idle_watch__tick(obs->idle, t, hint, sizeof(hint)))
			observe_view__hint(obs->view, hint);
		due = interval_timer__due(&it, t, &seconds);
		if (due && (ret = interval(obs, since_start(obs, t), seconds)) < 0) {
			snprintf(err, errlen, "cannot read the per-task totals: %s", strerror(-ret));
			return 1;
		}
		if (obs->write_failed || (cfg->duration_set && t - it.start_ns >= cfg->duration_s * 1e9))
			break;
		/* q in the full-screen view: the same stop as SIGINT */
		if (observe_view__keys(obs->view))
			*obs->stop = 1;
		/* the /proc sweep runs once per interval, the map check every poll */
		if (by_id && targets_gone(obs, due))
			break;
	}
	if (obs->selfcost)
		selfcost__finish(obs->selfcost, clock__now_ns(), &obs->self_cost);
	/* stop tracing, then drain: the totals and the records now agree */
	ret = tracer__stop(obs->tracer);
	if (ret) {
		snprintf(err, errlen, "reading the ring buffer failed: %s", strerror(-ret));
		return 1;
	}
	obs->consumer_cpu_s = (clock__thread_cpu_ns() - cpu0) / 1e9;
	obs->consumer_wall_s = (clock__now_ns() - it.start_ns) / 1e9;
	return 0;
}

/* the kernel's run-wide totals into the summary: 0 or -errno */
static int read_totals(struct observer *obs, struct observe_summary *sum)
{
	static uint64_t errnos[MMSG_SYS_COUNT][MMSG_ERRNO_SLOTS], hidden[MMSG_ERRNO_SLOTS];
	int ret = tracer__task_totals(obs->tracer, on_task_totals, obs);

	if (ret < 0)
		return ret;
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		struct mmsg_totals *t = &sum->sc[sc];

		/* an unwatched syscall has nothing to read */
		if (!(obs->cfg->syscall_mask & (1u << sc)))
			continue;
		ret = tracer__totals(obs->tracer, sc, t);
		if (!ret)
			ret = tracer__errnos(obs->tracer, sc, errnos[sc]);
		if (ret)
			return ret;
		sum->errnos[sc] = errnos[sc];
		totals__add(&sum->all, t);
	}
	/* --hidden-errors: sendmmsg's unreported message errors (its slot) */
	if (obs->cfg->tracer.hidden_errors) {
		struct mmsg_totals m;

		ret = tracer__totals(obs->tracer, MMSG_SYS_SENDMMSG, &m);
		if (!ret)
			ret = tracer__hidden_errnos(obs->tracer, hidden);
		if (ret)
			return ret;
		sum->hidden = (struct hidden_errors){
			.counted = true, .messages = m.hidden_errors, .errnos = hidden,
		};
	}
	sum->records = obs->records;
	sum->records_dropped = obs->records_dropped;
	return 0;
}

/* the drops of every process seen, after a last scan of the living */
static int read_drops(struct observer *obs, struct observe_summary *sum)
{
	struct procstats_task **tasks;
	size_t n = procstats__by_total(obs->ps, &tasks);
	int ret;

	if (!obs->drops)
		return 0;
	ret = attribute_drops(obs, tasks, n, true);
	if (!ret)
		sum->drops = obs->owners.total;
	return ret;
}

/* each task, busiest first, with its batching report */
static void report_tasks(struct observer *obs, struct observe_summary *sum)
{
	const struct observe_config *cfg = obs->cfg;
	struct batching_fd report[MAX_REPORT_FDS];
	struct batching_process process;
	struct procstats_task **tasks;
	size_t n = procstats__by_total(obs->ps, &tasks);
	/* the rule needs every receive a send could answer */
	const unsigned recv_mask = 1u << MMSG_SYS_RECVMMSG | 1u << MMSG_SYS_RECVFROM |
				   1u << MMSG_SYS_RECVMSG;
	bool receives_watched = (cfg->syscall_mask & recv_mask) == recv_mask;
	/* --top: the text lists the first, the rest added up (JSON has all) */
	size_t listed = cfg->top && cfg->top < n ? cfg->top : n;

	sum->tasks = n;
	task_order__sort(tasks, n, observe_view__sort(obs->view), false);
	for (size_t i = 0; i < n; i++) {
		struct procstats_task *t = tasks[i];
		uint32_t id = cfg->per_thread ? t->tid : t->pid;
		const struct drop_counts *drops;
		size_t nb = batching__report(obs->batching, id, sum->seconds, obs->per_call_ns, report,
					     MAX_REPORT_FDS);

		if (nb > MAX_REPORT_FDS)
			nb = MAX_REPORT_FDS;
		batching__process(obs->batching, id, sum->seconds, obs->per_call_ns,
				  receives_watched, &process);
		if (cfg->per_thread ? !procfs__thread_alive(t->tid) : !procfs__process_alive(t->pid))
			t->exited = true;
		/* a thread's row has no drops of its own: its process's sockets */
		drops = cfg->per_thread ? NULL : drop_owners__of(&obs->owners, t->pid);
		if (obs->json_file)
			json__process(obs->json_file, t, cfg->per_thread, &process, report, nb, drops);
		if (cfg->output.json)
			json__process(stdout, t, cfg->per_thread, &process, report, nb, drops);
		else if (cfg->output.csv)
			csv__process(stdout, t, cfg->per_thread, sum->seconds);
		else if (i < listed)
			observe_view__process(obs->view, t, i < SUMMARY_HISTOGRAMS, &process, report, nb,
					      sum, drops);
	}
	if (!cfg->output.json && !cfg->output.csv)
		observe_view__others(obs->view, tasks + listed, n - listed);
}

static int finish(struct observer *obs, double seconds, char *err, size_t errlen)
{
	const struct observe_config *cfg = obs->cfg;
	struct observe_summary sum = {
		.attach = names__attach(cfg->tracer.attach),
		.select = names__select(cfg->select),
		.seconds = seconds,
		.syscall_mask = cfg->syscall_mask,
		.per_call_ns = obs->per_call_ns,
		.burst_gap_ns = cfg->burst_gap_ns,
		.consumer_cpu_s = obs->consumer_cpu_s,
		.consumer_wall_s = obs->consumer_wall_s,
		.self_cost = obs->selfcost ? &obs->self_cost : NULL,
	};
	int ret = read_totals(obs, &sum);

	if (ret) {
		snprintf(err, errlen, "cannot read the kernel totals: %s", strerror(-ret));
		return 1;
	}
	ret = read_drops(obs, &sum);
	if (ret) {
		snprintf(err, errlen, "cannot read the drop counts: %s", strerror(-ret));
		return 1;
	}
	report_tasks(obs, &sum);
	/* the last version: the totals of the summary */
	if (promfile__enabled(&obs->prom))
		write_prom(obs);
	if (obs->json_file)
		json__observe_summary(obs->json_file, &sum);
	if (cfg->output.json)
		json__observe_summary(stdout, &sum);
	else if (cfg->output.csv)
		csv__observe_totals(stdout, &sum);
	else
		observe_view__summary(obs->view, &sum);
	fflush(stdout);
	if (sum.all.lost_events)
		warn("%llu events were lost (ring buffer full): totals are exact, distributions and "
		     "the batching report are sampled; consider a larger --ringbuf-size\n",
		     (unsigned long long)sum.all.lost_events);
	return 0;
}

static int open_view(struct observer *obs, const char *title, char *err, size_t errlen)
{
	const struct output_settings *o = &obs->cfg->output;

	obs->view = observe_view__new(&(struct observe_view_config){
		.out = stdout,
		/* events and JSON stream line by line: no full-screen view */
		.tui = isatty(STDOUT_FILENO) && !o->json && !o->events && !o->no_tui && !o->csv,
		.per_thread = obs->cfg->per_thread,
		.sort = obs->cfg->sort,
		.top = obs->cfg->top,
		.title = title,
	});
	if (!obs->view) {
		snprintf(err, errlen, "out of memory");
		return 1;
	}
	return 0;
}

int observe__run(const struct observe_config *cfg, volatile sig_atomic_t *stop)
{
	struct observer obs = { .cfg = cfg, .stop = stop, .cgroup_fd = -1 };
	char err[512] = "", title[320];
	int ret, werr;

	drop_owners__init(&obs.owners);
	selection__describe(cfg, title, sizeof(title));
	ret = setup(&obs, err, sizeof(err));
	if (!ret)
		ret = open_view(&obs, title, err, sizeof(err));
	if (!ret) {
		announce_start(&obs, title);
		ret = outfile__started(&obs.json_file, cfg->output.path, err, sizeof(err));
	}
	if (!ret)
		ret = run(&obs, err, sizeof(err));
	/* the normal screen for the summary and any error */
	if (obs.view)
		observe_view__end_live(obs.view);
	if (!ret)
		ret = finish(&obs, (clock__now_ns() - obs.start_ns) / 1e9, err, sizeof(err));
	if (err[0])
		warn("%s\n", err);
	selfcost__free(obs.selfcost);
	idle_watch__free(obs.idle);
	tracer__free(obs.tracer);
	drops__free(obs.drops);
	drop_owners__free(&obs.owners);
	observe_view__free(obs.view);
	batching__free(obs.batching);
	procstats__free(obs.ps);
	prom_comms__free(obs.prom_comms);
	if (obs.prom.failed && !ret)
		ret = 1;
	if (obs.json_file && (werr = outfile__close(obs.json_file)) && !ret) {
		warn("writing --output %s failed: %s\n", cfg->output.path, strerror(-werr));
		ret = 1;
	}
	if (obs.cgroup_fd >= 0)
		close(obs.cgroup_fd);
	return ret;
}
