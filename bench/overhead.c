// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Observer effect of the tracer, measured side by side in one run.
 *
 * For each round, for each mode in turn (untraced; raw-empty and tp-empty:
 * programs that do nothing, attached where the tracer's are, the floor of
 * each mode; raw and tp configured as the drive mode does: this process
 * only, sendmmsg only; raw-observe and tp-observe configured as
 * `mmsgtrace -p PID` does: a target set, all four syscalls, per-process
 * totals): load and attach, pin this thread to one CPU while a consumer
 * thread drains the ring buffer on the other, then time
 *   - a near-empty call, sendmmsg(fd, msgs, 0, 0): what the tracer adds
 *     stands out of the noise,
 *   - getppid(): the tax on a syscall the tracer does not record.
 * Prints CSV: round,mode,sendmmsg_empty_ns,getppid_ns,records
 *
 * Usage: overhead [ROUNDS [CALLS [CPU]]]   (defaults 7 1000000 0)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "empty.skel.h"
#include "tracer.h"

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

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double time_empty_sendmmsg(int fd, struct mmsghdr *m, long calls)
{
	double t0 = now_ns();

	for (long i = 0; i < calls; i++)
		sendmmsg(fd, m, 0, 0);
	return (now_ns() - t0) / calls;
}

static double time_getppid(long calls)
{
	double t0 = now_ns();

	for (long i = 0; i < calls; i++)
		syscall(SYS_getppid);
	return (now_ns() - t0) / calls;
}

int main(int argc, char **argv)
{
	int rounds = argc > 1 ? atoi(argv[1]) : 7;
	long calls = argc > 2 ? atol(argv[2]) : 1000000;
	int cpu = argc > 3 ? atoi(argv[3]) : 0;
	int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
	const char *modes[] = { "none", "raw", "tp", "raw-observe", "tp-observe", "raw-empty",
				"tp-empty" };
	const int nmodes = sizeof(modes) / sizeof(modes[0]);
	uint32_t self = getpid();
	struct mmsghdr m[1] = { 0 };
	cpu_set_t set;
	int fd;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0) {
		perror("socket");
		return 1;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("sched_setaffinity");
		return 1;
	}
	fprintf(stderr, "# caller on CPU %d, consumer on CPU %d, %ld calls per sample\n", cpu,
		(cpu + 1) % ncpu, calls);
	printf("round,mode,sendmmsg_empty_ns,getppid_ns,records\n");
	for (int r = 0; r < rounds; r++) {
		for (int mode = 0; mode < nmodes; mode++) {
			bool empty_progs = mode >= 5;
			struct empty_bpf *e = NULL;
			struct tracer *t = NULL;
			pthread_t thr;
			double empty, ppid;
			char err[256];

			records = 0;
			if (empty_progs) {
				bool raw = mode == 5;

				e = empty_bpf__open();
				if (!e) {
					fprintf(stderr, "overhead: cannot open the empty programs\n");
					return 1;
				}
				bpf_program__set_autoload(e->progs.empty_raw_enter, raw);
				bpf_program__set_autoload(e->progs.empty_raw_exit, raw);
				bpf_program__set_autoload(e->progs.empty_tp_enter, !raw);
				bpf_program__set_autoload(e->progs.empty_tp_exit, !raw);
				if (empty_bpf__load(e) || empty_bpf__attach(e)) {
					fprintf(stderr, "overhead: cannot load or attach the empty programs "
							"(tp needs tracefs mounted)\n");
					return 1;
				}
			} else if (mode) {
				bool observe = mode >= 3;
				struct tracer_config cfg = {
					.attach = mode % 2 ? ATTACH_RAW : ATTACH_TP,
					.select = observe ? MMSG_SELECT_TGID_SET : MMSG_SELECT_TGID,
					.target_tgid = self,
					.targets = &self,
					.ntargets = observe,
					.syscall_mask = observe ? (1u << MMSG_SYS_COUNT) - 1 :
								  1u << MMSG_SYS_SENDMMSG,
					.task_totals = observe,
					.ringbuf_size = 16 << 20,
					.on_record = on_record,
				};
				cpu_set_t other;

				if (tracer__new(&cfg, &t, err, sizeof(err))) {
					fprintf(stderr, "overhead: %s\n", err);
					return 1;
				}
				atomic_store(&consumer_stop, false);
				pthread_create(&thr, NULL, consumer, t);
				CPU_ZERO(&other);
				CPU_SET((cpu + 1) % ncpu, &other);
				pthread_setaffinity_np(thr, sizeof(other), &other);
			}
			time_empty_sendmmsg(fd, m, calls / 10);	/* warm-up */
			empty = time_empty_sendmmsg(fd, m, calls);
			ppid = time_getppid(calls);
			if (empty_progs) {
				empty_bpf__destroy(e);
			} else if (mode) {
				atomic_store(&consumer_stop, true);
				pthread_join(thr, NULL);
				tracer__free(t);
			}
			printf("%d,%s,%.1f,%.1f,%llu\n", r, modes[mode], empty, ppid, records);
			fflush(stdout);
		}
	}
	return 0;
}
