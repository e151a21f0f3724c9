// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Observe mode (see observe.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "core/batching.h"
#include "report/events.h"
#include "observe/observe.h"
#include "core/outfile.h"
#include "report/json.h"
#include "core/procfs.h"
#include "core/procstats.h"
#include "report/observe_view.h"
#include "core/totals.h"
#include "core/tracer.h"

#define EXIT_USAGE 2
#define POLL_MAX_MS 100		/* the consumer's longest sleep between drains */
#define CGROUP2_MAGIC 0x63677270
#define SUMMARY_HISTOGRAMS 10	/* text summary: histograms of the busiest tasks only */
#define MAX_REPORT_FDS 64	/* batching report: fds listed per task */
#define CALIBRATION_ROUNDS 9
#define CALIBRATION_CALLS 20000

#define warn(...) fprintf(stderr, "mmsgtrace: " __VA_ARGS__)

struct observer {
	const struct opts *o;
	volatile sig_atomic_t *stop;	/* set by SIGINT/SIGTERM/SIGHUP */
	struct tracer *tracer;
	struct procstats *ps;
	struct batching *batching;
	struct procview *view;
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
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* CPU time of the calling thread, ns */
static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static double since_start(const struct observer *obs, uint64_t ns)
{
	return ns > obs->start_ns ? (ns - obs->start_ns) / 1e9 : 0;
}

/* a -p target is a process, a -t target a thread */
static bool target_alive(const struct opts *o, uint32_t id)
{
	return o->select == SELECT_TID ? procfs__thread_alive(id) : procfs__process_alive(id);
}

/* usage errors about what to watch, found before anything is loaded */
static int check_selection(const struct opts *o, int *cgroup_fd, char *err, size_t errlen)
{
	for (unsigned i = 0; i < o->ntargets; i++) {
		uint32_t id = o->targets[i], tgid = procfs__tgid(id);

		if (!tgid || !target_alive(o, id)) {
			snprintf(err, errlen, "%s %u: no such %s (check it with 'ps -eLf')",
				 o->select == SELECT_PID ? "-p" : "-t", id,
				 o->select == SELECT_PID ? "process" : "thread");
			return EXIT_USAGE;
		}
		if (o->select == SELECT_PID && tgid != id) {
			snprintf(err, errlen, "-p %u: that is a thread of process %u; use -p %u, or "
				 "-t %u to watch the thread alone", id, tgid, tgid, id);
			return EXIT_USAGE;
		}
	}
	if (o->select == SELECT_CGROUP) {
		struct statfs st;

		*cgroup_fd = open(o->cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (*cgroup_fd < 0) {
			snprintf(err, errlen, "--cgroup %.200s: %s", o->cgroup_path, strerror(errno));
			return EXIT_USAGE;
		}
		if (fstatfs(*cgroup_fd, &st) || st.f_type != CGROUP2_MAGIC) {
			snprintf(err, errlen, "--cgroup %.200s: not a cgroup v2 directory (look for the "
				 "cgroup2 mount in /proc/mounts, e.g. /sys/fs/cgroup/unified)",
				 o->cgroup_path);
			return EXIT_USAGE;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* the per-call cost behind the batching estimate                           */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * What one syscall costs on this machine at least: an empty sendmmsg
 * (entry, exit, socket lookup, no message), median of rounds, measured
 * before anything is attached. 0 when it cannot be measured.
 */
static double measure_call_ns(void)
{
	struct mmsghdr m = { 0 };
	double ns[CALIBRATION_ROUNDS];
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return 0;
	for (int r = 0; r < CALIBRATION_ROUNDS; r++) {
		uint64_t t0 = now_ns();

		for (int i = 0; i < CALIBRATION_CALLS; i++)
			sendmmsg(fd, &m, 0, 0);
		ns[r] = (double)(now_ns() - t0) / CALIBRATION_CALLS;
	}
	close(fd);
	qsort(ns, CALIBRATION_ROUNDS, sizeof(ns[0]), cmp_double);
	return ns[CALIBRATION_ROUNDS / 2];
}

/* ------------------------------------------------------------------------ */
/* records                                                                  */

static void write_failed_if(struct observer *obs, FILE *f)
{
	if (ferror(f))
		obs->write_failed = true;
}

static void on_record(void *ctx, const struct mmsg_call_record *rec)
{
	struct observer *obs = ctx;
	const struct opts *o = obs->o;

	obs->records++;
	/* a record one of the two could not keep is dropped, counted once */
	if (procstats__add_record(obs->ps, rec) |
	    (rec->syscall != MMSG_SYS_RECVMMSG &&
	     batching__add(obs->batching, o->per_thread ? rec->tid : rec->pid, rec->fd, rec->syscall,
			   rec->enter_ns, rec->enter_ns + rec->latency_ns, events__msgs(rec))))
		obs->records_dropped++;
	if (!o->events)
		return;
	if (obs->json_file)
		events__print_json(obs->json_file, since_start(obs, rec->enter_ns), rec);
	if (o->json) {
		events__print_json(stdout, since_start(obs, rec->enter_ns), rec);
	} else {
		if (!obs->events_header_printed)
			events__print_text_header(stdout);
		obs->events_header_printed = true;
		events__print_text(stdout, since_start(obs, rec->enter_ns), rec);
	}
	write_failed_if(obs, stdout);
}

static void task_event(struct observer *obs, const struct mmsg_task_record *rec)
{
	double t = since_start(obs, rec->ns);

	/* with -t the record names a thread: the summary checks each task itself */
	if (rec->event == MMSG_TASK_EXIT && obs->o->select == SELECT_PID)
		procstats__mark_exited(obs->ps, rec->pid);
	if (obs->json_file)
		output__json_task_event(obs->json_file, t, rec);
	if (obs->o->json)
		output__json_task_event(stdout, t, rec);
	else if (!obs->o->events)
		procview__task_event(obs->view, t, rec);
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

/* ------------------------------------------------------------------------ */
/* the run                                                                  */

static void add_child(void *ctx, uint32_t pid)
{
	struct observer *obs = ctx;

	if (obs->nchildren == MMSG_MAX_TARGETS || tracer__add_target(obs->tracer, pid))
		obs->targets_full = true;
	else
		obs->children[obs->nchildren++] = pid;
}

static int setup(struct observer *obs, char *err, size_t errlen)
{
	const struct opts *o = obs->o;
	static const enum mmsg_select selects[] = {
		[SELECT_PID] = MMSG_SELECT_TGID_SET, [SELECT_TID] = MMSG_SELECT_TID_SET,
		[SELECT_COMM] = MMSG_SELECT_COMM, [SELECT_CGROUP] = MMSG_SELECT_CGROUP,
		[SELECT_ALL] = MMSG_SELECT_ALL,
	};
	struct tracer_config cfg = {
		.attach = o->attach,
		.select = selects[o->select],
		.targets = o->targets,
		.ntargets = o->ntargets,
		.cgroup_fd = obs->cgroup_fd,
		.syscall_mask = o->syscall_mask,
		.task_totals = o->per_thread ? 2 : 1,
		.ringbuf_size = o->ringbuf_size,
		.verbose = o->verbose,
		.on_record = on_record,
		.on_task = on_task,
		.ctx = obs,
	};
	int ret;

	memcpy(cfg.comm, o->comm, sizeof(cfg.comm));
	ret = check_selection(o, &obs->cgroup_fd, err, errlen);
	if (ret)
		return ret;
	cfg.cgroup_fd = obs->cgroup_fd;

	obs->ps = procstats__new(o->per_thread);
	obs->batching = batching__new(o->burst_gap_ns);
	if (!obs->ps || !obs->batching) {
		snprintf(err, errlen, "out of memory");
		return 1;
	}
	/* measured before attaching, so the tracer does not inflate it */
	obs->per_call_ns = measure_call_ns();
	if (tracer__new(&cfg, &obs->tracer, err, errlen))
		return 1;
	obs->start_ns = now_ns();
	/* -p: children that already exist are watched too (forks from now on
	 * are added by the kernel) */
	if (o->select == SELECT_PID &&
	    procfs__descendants(o->targets, o->ntargets, add_child, obs) < 0) {
		snprintf(err, errlen, "cannot list the children of the -p processes in /proc");
		return 1;
	}
	if (obs->targets_full) {
		snprintf(err, errlen, "-p: more than %d processes with their children: watch fewer",
			 MMSG_MAX_TARGETS);
		return 1;
	}
	/* opened only now, so a run that cannot trace leaves the file alone */
	if (o->output_path[0]) {
		obs->json_file = outfile__open(o->output_path, err, errlen);
		if (!obs->json_file)
			return 1;
	}
	return 0;
}

static void describe(const struct opts *o, char *buf, size_t len)
{
	size_t off = 0;

	switch (o->select) {
	case SELECT_PID:
	case SELECT_TID:
		off = snprintf(buf, len, "%s ", o->select == SELECT_PID ? "pid" : "tid");
		for (unsigned i = 0; i < o->ntargets && off < len; i++)
			off += snprintf(buf + off, len - off, "%s%u", i ? "," : "", o->targets[i]);
		break;
	case SELECT_COMM: {
		char esc[EVENTS_ESC_LEN];

		off = snprintf(buf, len, "comm %s",
			       events__escape_text(o->comm, MMSG_COMM_LEN, esc, sizeof(esc)));
		break;
	}
	case SELECT_CGROUP:
		off = snprintf(buf, len, "cgroup %.200s", o->cgroup_path);
		break;
	default:
		off = snprintf(buf, len, "all processes");
		break;
	}
	if (off < len)
		snprintf(buf + off, len - off, ", attach %s", opts__attach_str(o->attach));
}

static void announce_start(struct observer *obs, const char *title)
{
	const struct opts *o = obs->o;
	bool ids = o->select == SELECT_PID || o->select == SELECT_TID;
	struct observe_start start = {
		.attach = opts__attach_str(o->attach),
		.syscall_mask = o->syscall_mask,
		.select = opts__select_str(o->select),
		.targets = ids ? o->targets : NULL,
		.ntargets = ids ? o->ntargets : 0,
		.children = o->select == SELECT_PID ? obs->children : NULL,
		.nchildren = obs->nchildren,
		.comm = o->select == SELECT_COMM ? o->comm : NULL,
		.cgroup = o->select == SELECT_CGROUP ? o->cgroup_path : NULL,
	};

	if (obs->json_file)
		output__json_start(obs->json_file, &start);
	if (o->json)
		output__json_start(stdout, &start);
	else if (obs->nchildren)
		printf("# watching %s and %u child process%s; Ctrl-C prints the summary\n", title,
		       obs->nchildren, obs->nchildren == 1 ? "" : "es");
	else
		printf("# watching %s; Ctrl-C prints the summary\n", title);
	fflush(stdout);
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

static int interval(struct observer *obs, double t, double seconds)
{
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
	if (obs->json_file)
		output__json_observe_interval(obs->json_file, t, seconds, lost, tasks, n,
					      obs->o->per_thread);
	if (obs->o->json)
		output__json_observe_interval(stdout, t, seconds, lost, tasks, n, obs->o->per_thread);
	else if (!obs->o->events && !procview__interval(obs->view, t, seconds, tasks, n, lost))
		obs->write_failed = true;
	write_failed_if(obs, stdout);
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
			.type = MMSG_REC_TASK, .event = MMSG_TASK_EXIT, .ns = now_ns(), .pid = ids[i],
		};

		if (target_alive(obs->o, ids[i])) {
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
	const struct opts *o = obs->o;
	uint64_t start = now_ns(), last = start;
	uint64_t step = (uint64_t)(o->interval_s * 1e9), next = start + step;
	bool by_id = o->select == SELECT_PID || o->select == SELECT_TID;
	/* the consumer's own cost: this thread's CPU time until the last drain */
	uint64_t cpu0 = thread_cpu_ns();

	while (!*obs->stop) {
		uint64_t t = now_ns();
		int wait_ms = next > t ? (int)((next - t) / 1000000) : 0, ret;

		if (wait_ms > POLL_MAX_MS)
			wait_ms = POLL_MAX_MS;
		ret = tracer__poll(obs->tracer, wait_ms);
		if (ret < 0) {
			snprintf(err, errlen, "reading the ring buffer failed: %s", strerror(-ret));
			return 1;
		}
		t = now_ns();
		if (t >= next) {
			ret = interval(obs, since_start(obs, t), (t - last) / 1e9);
			if (ret < 0) {
				snprintf(err, errlen, "cannot read the per-task totals: %s",
					 strerror(-ret));
				return 1;
			}
			last = t;
			next += step;
			if (next < t)
				next = t + step;
		}
		if (obs->write_failed || (o->duration_set && t - start >= o->duration_s * 1e9))
			break;
		/* the /proc sweep runs once per interval, the map check every poll */
		if (by_id && targets_gone(obs, t == last))
			break;
	}
	/* stop tracing, then drain: the totals and the records now agree */
	tracer__detach(obs->tracer);
	while (tracer__poll(obs->tracer, 0) > 0)
		;
	obs->consumer_cpu_s = (thread_cpu_ns() - cpu0) / 1e9;
	obs->consumer_wall_s = (now_ns() - start) / 1e9;
	return 0;
}

static int finish(struct observer *obs, double seconds, char *err, size_t errlen)
{
	const struct opts *o = obs->o;
	static uint64_t errnos[MMSG_SYS_COUNT][MMSG_ERRNO_SLOTS];
	struct observe_summary sum = {
		.attach = opts__attach_str(o->attach),
		.select = opts__select_str(o->select),
		.seconds = seconds,
		.syscall_mask = o->syscall_mask,
		.per_call_ns = obs->per_call_ns,
		.burst_gap_ns = o->burst_gap_ns,
		.consumer_cpu_s = obs->consumer_cpu_s,
		.consumer_wall_s = obs->consumer_wall_s,
	};
	struct batching_fd report[MAX_REPORT_FDS];
	struct procstats_task **tasks;
	size_t n;

	if (tracer__task_totals(obs->tracer, on_task_totals, obs) < 0)
		goto fail;
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		struct mmsg_totals *t = &sum.sc[sc];

		/* an unwatched syscall has nothing to read */
		if (!(o->syscall_mask & (1u << sc)))
			continue;
		if (tracer__totals(obs->tracer, sc, t) || tracer__errnos(obs->tracer, sc, errnos[sc]))
			goto fail;
		sum.errnos[sc] = errnos[sc];
		totals__add(&sum.all, t);
	}
	sum.records = obs->records;
	sum.records_dropped = obs->records_dropped;

	n = procstats__by_total(obs->ps, &tasks);
	sum.tasks = n;
	for (size_t i = 0; i < n; i++) {
		struct procstats_task *t = tasks[i];
		uint32_t id = o->per_thread ? t->tid : t->pid;
		size_t nb = batching__report(obs->batching, id, seconds, obs->per_call_ns, report,
					     MAX_REPORT_FDS);

		if (nb > MAX_REPORT_FDS)
			nb = MAX_REPORT_FDS;
		if (o->per_thread ? !procfs__thread_alive(t->tid) : !procfs__process_alive(t->pid))
			t->exited = true;
		if (obs->json_file)
			output__json_process(obs->json_file, t, o->per_thread, report, nb);
		if (o->json)
			output__json_process(stdout, t, o->per_thread, report, nb);
		else
			procview__process(obs->view, t, i < SUMMARY_HISTOGRAMS, report, nb, &sum);
	}
	if (obs->json_file)
		output__json_observe_summary(obs->json_file, &sum);
	if (o->json)
		output__json_observe_summary(stdout, &sum);
	else
		procview__summary(obs->view, &sum);
	fflush(stdout);
	if (sum.all.lost_events)
		warn("%llu events were lost (ring buffer full): totals are exact, distributions and "
		     "the batching report are sampled; consider a larger --ringbuf-size\n",
		     (unsigned long long)sum.all.lost_events);
	return 0;
fail:
	snprintf(err, errlen, "cannot read the kernel totals: %s", strerror(errno));
	return 1;
}

int observe__run(const struct opts *o, volatile sig_atomic_t *stop)
{
	struct observer obs = { .o = o, .stop = stop, .cgroup_fd = -1 };
	char err[512] = "", title[320];
	struct winsize ws = { 0 };
	bool tty = isatty(STDOUT_FILENO);
	int ret;

	ret = setup(&obs, err, sizeof(err));
	if (ret)
		goto out;
	describe(o, title, sizeof(title));
	if (tty)
		ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws);
	obs.view = procview__new(&(struct procview_config){
		.out = stdout,
		.tty = tty,
		.rows = ws.ws_row,
		.per_thread = o->per_thread,
		.title = title,
	});
	if (!obs.view) {
		snprintf(err, sizeof(err), "out of memory");
		ret = 1;
		goto out;
	}
	announce_start(&obs, title);
	ret = run(&obs, err, sizeof(err));
	if (!ret)
		ret = finish(&obs, (now_ns() - obs.start_ns) / 1e9, err, sizeof(err));
out:
	if (err[0])
		warn("%s\n", err);
	tracer__free(obs.tracer);
	procview__free(obs.view);
	batching__free(obs.batching);
	procstats__free(obs.ps);
	if (obs.json_file && (ferror(obs.json_file) | fclose(obs.json_file)) && !ret) {
		warn("writing --output %s failed\n", o->output_path);
		ret = 1;
	}
	if (obs.cgroup_fd >= 0)
		close(obs.cgroup_fd);
	return ret;
}
