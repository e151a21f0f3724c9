// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The workload of the observer-effect benchmark (bench/overhead.sh), and the
 * in-process observers it is compared with.
 *
 * Usage: overhead MODE SECONDS [CPU]
 *   MODE  none         untraced (or traced by an outside observer: bpftrace,
 *                      perf trace, strace, mmsgtrace -c; see overhead.sh)
 *         raw-empty, tp-empty
 *                      programs that do nothing, attached where mmsgtrace's
 *                      are: the floor of each attach mode
 *         raw, tp      the real tracer (user/core/tracer.c) configured as the drive
 *                      mode does: this process, sendmmsg, a record per call
 *         raw-observe, tp-observe
 *                      configured as `mmsgtrace -p PID` does: a target set,
 *                      all four syscalls, per-process totals
 *         raw-hidden, tp-hidden
 *                      raw and tp with --hidden-errors: the sock_send_length
 *                      hook on every socket send of the machine
 *         raw-observe:PIECES, tp-observe:PIECES
 *                      the observe configuration with pieces changed, one
 *                      at a time or together (bench/breakdown.sh): a list
 *                      joined by '+' (a CSV field) of comm (select by name, as -c does, instead of
 *                      the target set), tgid (select this process by tgid, as
 *                      the drive mode does), notasks (no per-process totals),
 *                      stage (records staged per CPU and sent in batches, as
 *                      the drive mode does), onesys (sendmmsg only instead of
 *                      all six syscalls), sockets (each call's socket noted
 *                      at its exit, as observe mode does for drop attribution)
 *   SECONDS  how long each workload runs (after a tenth as long of warm-up)
 *   CPU      the CPU this thread is pinned to (default 0); the consumer
 *            thread of the in-process tracer runs on the next one
 *
 * Workloads, each timed on its own:
 *   empty    sendmmsg(fd, msgs, 0, 0): a near-empty call, so what a tracer
 *            adds per traced call stands out of the noise
 *   udp1     sendmmsg of one 64 B UDP datagram to a loopback socket nobody reads
 *   udp64    sendmmsg of 64 such datagrams
 *   getppid  a syscall no observer records: the tax on everything else
 *   other    a sendto loop of 64 B UDP datagrams (connected, to a loopback
 *            socket nobody reads) in a child process forked at the start,
 *            before anything attaches, and named "overhead-other": another
 *            tgid and another name, so none of the in-process tracers
 *            selects it (a -p tracer follows only later forks), nor -c
 *            overhead, nor bpftrace's pid filter (perf trace and strace -f
 *            do trace it): the tax on an unrelated sender, as the
 *            sock_send_length hook puts it on every socket send
 *
 * With OVERHEAD_PROG_STATS set (and programs attached), one more empty period
 * follows with the kernel's BPF run-time statistics on (through a file
 * descriptor of its own, as mmsgtrace's self-cost windows do; the sysctl is
 * left alone), and two more rows give the entry and exit programs' time per
 * run in it: "bpf_enter,NS,RUNS" and "bpf_exit,NS,RUNS" (bench/breakdown.sh,
 * bench/vlen.sh).
 *
 * Prints CSV rows "workload,ns_per_call,calls". Exits 3 if an in-process
 * tracer lost a record (records != traced calls): its figures would be wrong.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include "empty.skel.h"
#include "core/tracer.h"

#define UDP_BATCH 64
#define UDP_SIZE 64

static atomic_bool consumer_stop;
static unsigned long long records;

static void on_record(void *ctx, const struct mmsg_call_record *rec)
{
	(void)ctx;
	(void)rec;
	records++;
}

static void *consumer(void *arg)
{
	struct tracer *t = arg;

	while (!atomic_load(&consumer_stop))
		tracer__poll(t, 100);
	tracer__poll(t, 0);
	return NULL;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

enum workload { EMPTY, UDP1, UDP64, GETPPID, OTHER, NWORKLOADS };
static const char *const workload_names[] = { "empty", "udp1", "udp64", "getppid", "other" };

struct sockets {
	int empty_fd, udp_fd;
	struct mmsghdr msgs[UDP_BATCH];
	struct iovec iov;
	char payload[UDP_SIZE];
};

static long one_call(struct sockets *s, enum workload w)
{
	switch (w) {
	case EMPTY:
		return sendmmsg(s->empty_fd, s->msgs, 0, 0);
	case UDP1:
		return sendmmsg(s->udp_fd, s->msgs, 1, 0);
	case UDP64:
		return sendmmsg(s->udp_fd, s->msgs, UDP_BATCH, 0);
	case OTHER:
		return sendto(s->udp_fd, s->payload, sizeof(s->payload), 0, NULL, 0);
	default:
		return syscall(SYS_getppid);
	}
}

/* calls made until `seconds` passed (the clock read every 64 calls) */
static unsigned long long run_for(struct sockets *s, enum workload w, double seconds,
				  double *elapsed)
{
	double start = now_s(), end = start + seconds, t;
	unsigned long long calls = 0;

	for (;;) {
		for (int i = 0; i < 64; i++)
			one_call(s, w);
		calls += 64;
		t = now_s();
		if (t >= end)
			break;
	}
	*elapsed = t - start;
	return calls;
}

/*
 * The unrelated sender: a child process on the same CPU, forked before any
 * tracer attaches (a -p tracer follows the forks of its targets from then
 * on, not before), which times its sendto loop when asked through a pipe
 * and answers through another.
 */
struct other {
	pid_t pid;
	int req, res;		/* the parent's ends */
};

static void other_child(struct sockets *s, int req, int res)
{
	double seconds, out[2];

	prctl(PR_SET_NAME, "overhead-other");
	while (read(req, &seconds, sizeof(seconds)) == sizeof(seconds)) {
		run_for(s, OTHER, seconds / 10, &out[0]);
		out[1] = (double)run_for(s, OTHER, seconds, &out[0]);
		if (write(res, out, sizeof(out)) != sizeof(out))
			_exit(1);
	}
	_exit(0);
}

static int other_start(struct sockets *s, struct other *o)
{
	int req[2], res[2];

	if (pipe(req) || pipe(res))
		return -1;
	o->pid = fork();
	if (o->pid < 0)
		return -1;
	if (o->pid == 0) {
		close(req[1]);
		close(res[0]);
		other_child(s, req[0], res[1]);
	}
	close(req[0]);
	close(res[1]);
	o->req = req[1];
	o->res = res[0];
	return 0;
}

/* one timing of the child's loop: 0, or -1 when it failed */
static int other_run(struct other *o, double seconds, double *elapsed, unsigned long long *calls)
{
	double out[2];

	if (write(o->req, &seconds, sizeof(seconds)) != sizeof(seconds) ||
	    read(o->res, out, sizeof(out)) != sizeof(out))
		return -1;
	*elapsed = out[0];
	*calls = (unsigned long long)out[1];
	return 0;
}

static void other_stop(struct other *o)
{
	close(o->req);
	close(o->res);
	waitpid(o->pid, NULL, 0);
}

static int open_sockets(struct sockets *s)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int rx;

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s->empty_fd = socket(AF_INET, SOCK_DGRAM, 0);
	s->udp_fd = socket(AF_INET, SOCK_DGRAM, 0);
	rx = socket(AF_INET, SOCK_DGRAM, 0);
	if (s->empty_fd < 0 || s->udp_fd < 0 || rx < 0 || bind(rx, (struct sockaddr *)&addr, len) ||
	    getsockname(rx, (struct sockaddr *)&addr, &len) ||
	    connect(s->udp_fd, (struct sockaddr *)&addr, len))
		return -1;
	s->iov.iov_base = s->payload;
	s->iov.iov_len = sizeof(s->payload);
	for (int i = 0; i < UDP_BATCH; i++) {
		s->msgs[i].msg_hdr.msg_iov = &s->iov;
		s->msgs[i].msg_hdr.msg_iovlen = 1;
	}
	return 0;
}

static struct empty_bpf *attach_empty(bool raw)
{
	struct empty_bpf *e = empty_bpf__open();

	if (!e)
		return NULL;
	bpf_program__set_autoload(e->progs.empty_raw_enter, raw);
	bpf_program__set_autoload(e->progs.empty_raw_exit, raw);
	bpf_program__set_autoload(e->progs.empty_tp_enter, !raw);
	bpf_program__set_autoload(e->progs.empty_tp_exit, !raw);
	if (empty_bpf__load(e) || empty_bpf__attach(e)) {
		empty_bpf__destroy(e);
		return NULL;
	}
	return e;
}

/* does the '+' list of pieces after ':' in mode name this one? */
static bool piece(const char *mode, const char *name)
{
	const char *p = strchr(mode, ':');
	size_t n = strlen(name);

	for (p = p ? p + 1 : NULL; p && *p; p = strchr(p, '+') ? strchr(p, '+') + 1 : NULL)
		if (!strncmp(p, name, n) && (p[n] == '+' || p[n] == '\0'))
			return true;
	return false;
}

/* every piece after ':' is one observe_pieces knows */
static bool pieces_known(const char *mode)
{
	static const char *const known[] = { "comm", "tgid", "notasks", "stage", "onesys",
					     "sockets" };
	const char *p = strchr(mode, ':');

	for (p = p ? p + 1 : NULL; p; p = strchr(p, '+') ? strchr(p, '+') + 1 : NULL) {
		size_t n = strcspn(p, "+"), k;

		for (k = 0; k < sizeof(known) / sizeof(known[0]); k++)
			if (strlen(known[k]) == n && !strncmp(p, known[k], n))
				break;
		if (k == sizeof(known) / sizeof(known[0]))
			return false;
	}
	return true;
}

/* the pieces of raw-observe:PIECES (see the top): the observe configuration changed */
static void observe_pieces(struct tracer_config *cfg, const char *mode, uint32_t *self)
{
	if (piece(mode, "comm")) {
		cfg->select = MMSG_SELECT_COMM;
		prctl(PR_GET_NAME, cfg->comm);
	} else if (piece(mode, "tgid")) {
		cfg->select = MMSG_SELECT_TGID;
		cfg->target_tgid = *self;
	}
	if (piece(mode, "notasks"))
		cfg->task_totals = MMSG_TASK_TOTALS_OFF;
	if (piece(mode, "stage"))
		cfg->stage_records = true;
	if (piece(mode, "onesys"))
		cfg->syscall_mask = 1u << MMSG_SYS_SENDMMSG;
	if (piece(mode, "sockets"))
		cfg->note_sockets = true;
}

static struct tracer *attach_tracer(const char *mode, bool raw, bool observe, bool hidden,
				    uint32_t *self, char *err, size_t len)
{
	struct tracer_settings settings;
	struct tracer_config cfg;
	struct tracer *t;

	/* mmsgtrace's own configurations, in the attach mode asked for */
	tracer_settings__defaults(&settings);
	settings.attach = raw ? ATTACH_RAW : ATTACH_TP;
	settings.hidden_errors = hidden;
	if (observe) {
		/* -p SELF: a target set, observe mode's default syscalls, totals per process */
		tracer_config__observe(&cfg, &settings, SELECT_PID, TRACER_OBSERVE_SYSCALLS, false);
		cfg.targets = self;
		cfg.ntargets = 1;
		observe_pieces(&cfg, mode, self);
	} else {
		/* the drive mode: one tgid, sendmmsg, records staged */
		tracer_config__drive(&cfg, &settings, *self, MMSG_SYS_SENDMMSG);
	}
	cfg.on_record = on_record;
	return tracer__new(&cfg, &t, err, len) ? NULL : t;
}

/* the entry and exit programs' run time and runs so far (of the tracer, or
 * of the do-nothing programs of the attach mode) */
static int prog_times(const struct empty_bpf *e, struct tracer *t, bool raw,
		      struct tracer_prog_stats *out)
{
	struct bpf_prog_info enter = { 0 }, exit_ = { 0 };
	__u32 len = sizeof(enter);

	if (t)
		return tracer__prog_stats(t, out) ? -1 : 0;
	if (bpf_obj_get_info_by_fd(bpf_program__fd(raw ? e->progs.empty_raw_enter :
						      e->progs.empty_tp_enter), &enter, &len) ||
	    bpf_obj_get_info_by_fd(bpf_program__fd(raw ? e->progs.empty_raw_exit :
						      e->progs.empty_tp_exit), &exit_, &len))
		return -1;
	*out = (struct tracer_prog_stats){ .enter_ns = enter.run_time_ns,
					   .enter_runs = enter.run_cnt,
					   .exit_ns = exit_.run_time_ns,
					   .exit_runs = exit_.run_cnt };
	return 0;
}

/* OVERHEAD_PROG_STATS (see the top): one more empty-workload period with
 * the kernel's BPF statistics on, and the programs' time per run in it;
 * returns the calls it made, or -1 */
static long long prog_stats_period(struct sockets *s, const struct empty_bpf *e, struct tracer *t,
				   bool raw, double seconds)
{
	struct tracer_prog_stats a, b;
	unsigned long long calls;
	double elapsed;
	int fd = bpf_enable_stats(BPF_STATS_RUN_TIME), ret;

	if (fd < 0) {
		perror("overhead: bpf_enable_stats");
		return -1;
	}
	ret = prog_times(e, t, raw, &a);
	calls = run_for(s, EMPTY, seconds, &elapsed);
	ret = ret ? ret : prog_times(e, t, raw, &b);
	close(fd);
	if (ret || b.enter_runs == a.enter_runs || b.exit_runs == a.exit_runs) {
		fprintf(stderr, "overhead: no program statistics\n");
		return -1;
	}
	printf("bpf_enter,%.1f,%llu\n", (double)(b.enter_ns - a.enter_ns) / (b.enter_runs - a.enter_runs),
	       (unsigned long long)(b.enter_runs - a.enter_runs));
	printf("bpf_exit,%.1f,%llu\n", (double)(b.exit_ns - a.exit_ns) / (b.exit_runs - a.exit_runs),
	       (unsigned long long)(b.exit_runs - a.exit_runs));
	fflush(stdout);
	return (long long)calls;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "none";
	double seconds = argc > 2 ? atof(argv[2]) : 0.5;
	int cpu = argc > 3 ? atoi(argv[3]) : 0;
	int other = (cpu + 1) % (int)sysconf(_SC_NPROCESSORS_ONLN);
	bool raw = !strncmp(mode, "raw", 3);
	uint32_t self = getpid();
	unsigned long long traced = 0;
	struct empty_bpf *e = NULL;
	struct tracer *t = NULL;
	struct sockets s = { 0 };
	struct other sender;
	pthread_t thr;
	cpu_set_t set;
	char err[256];

	if (!pieces_known(mode)) {
		fprintf(stderr, "overhead: unknown piece in '%s' (comm, tgid, notasks, stage, onesys, sockets)\n",
			mode);
		return 2;
	}
	if (seconds <= 0 || open_sockets(&s)) {
		fprintf(stderr, "usage: overhead MODE SECONDS [CPU] (sockets: %m)\n");
		return 2;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("overhead: sched_setaffinity");
		return 1;
	}
	/* pinned like this thread, and not a child any tracer below follows */
	if (other_start(&s, &sender)) {
		perror("overhead: the unrelated sender");
		return 1;
	}

	if (!strcmp(mode, "raw-empty") || !strcmp(mode, "tp-empty")) {
		e = attach_empty(raw);
		if (!e) {
			fprintf(stderr, "overhead: cannot attach the empty programs (tp needs tracefs)\n");
			return 1;
		}
	} else if (!strcmp(mode, "raw") || !strcmp(mode, "tp") || !strcmp(mode, "raw-hidden") ||
		   !strcmp(mode, "tp-hidden") || !strncmp(mode, "raw-observe", 11) ||
		   !strncmp(mode, "tp-observe", 10)) {
		t = attach_tracer(mode, raw, strstr(mode, "observe") != NULL,
				  strstr(mode, "hidden") != NULL, &self, err, sizeof(err));
		if (!t) {
			fprintf(stderr, "overhead: %s\n", err);
			return 1;
		}
		pthread_create(&thr, NULL, consumer, t);
		CPU_ZERO(&set);
		CPU_SET(other, &set);
		pthread_setaffinity_np(thr, sizeof(set), &set);
	} else if (strcmp(mode, "none")) {
		fprintf(stderr, "overhead: unknown mode '%s'\n", mode);
		return 2;
	}

	for (enum workload w = 0; w < NWORKLOADS; w++) {
		double elapsed;
		unsigned long long calls, warm;

		if (w == OTHER) {
			if (other_run(&sender, seconds, &elapsed, &calls)) {
				fprintf(stderr, "overhead: the unrelated sender failed: %m\n");
				return 1;
			}
		} else {
			warm = run_for(&s, w, seconds / 10, &elapsed);
			calls = run_for(&s, w, seconds, &elapsed);
		}
		if (w != GETPPID && w != OTHER)
			traced += warm + calls;
		printf("%s,%.1f,%llu\n", workload_names[w], elapsed * 1e9 / calls, calls);
		fflush(stdout);
	}

	if ((e || t) && getenv("OVERHEAD_PROG_STATS")) {
		long long calls = prog_stats_period(&s, e, t, raw, seconds);

		if (calls < 0)
			return 1;
		traced += calls;
	}
	other_stop(&sender);
	if (e)
		empty_bpf__destroy(e);
	if (t) {
		/* the records of every traced call must have arrived */
		tracer__detach(t);
		atomic_store(&consumer_stop, true);
		pthread_join(thr, NULL);
		tracer__free(t);
		if (records != traced) {
			fprintf(stderr, "overhead: %s: %llu records for %llu traced calls\n", mode,
				records, traced);
			return 3;
		}
	}
	return 0;
}
