// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "mmsgtrace.skel.h"
#include "core/totals.h"
#include "core/tracer.h"

#define TRACEFS_DIR "/sys/kernel/tracing"
#define TRACEFS_MAGIC_NUMBER 0x74726163
#define DEFAULT_BTF_PATH "/sys/kernel/btf/vmlinux"
/* test hook: point the tracer at another (e.g. missing) kernel BTF file */
#define BTF_PATH_ENV "MMSGTRACE_BTF_PATH"
/* test hook: a smaller in-flight table, to make it overflow with few threads */
#define INFLIGHT_MAX_ENV "MMSGTRACE_INFLIGHT_MAX"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

/* a program pair per syscall (tp mode), and fork, exit, signal, messages */
#define MAX_LINKS (2 * MMSG_SYS_COUNT + 4)

struct tracer {
	struct mmsgtrace_bpf *skel;
	struct bpf_link *links[MAX_LINKS];
	unsigned nlinks;
	struct ring_buffer *rb;
	tracer_record_fn on_record;
	tracer_task_fn on_task;
	tracer_msg_fn on_msg;
	void *ctx;
	bool hidden_errors;	/* the hidden_errnos table is there to read */
	bool census;		/* census_enter is loaded (not attached with the rest) */
	struct bpf_link *census_link;	/* attached: a census window is open */
	uint64_t *census_base;	/* the counts when the window opened */
	int ncpus;
	void *percpu_buf;	/* scratch for per-CPU map reads */
	atomic_bool detached;	/* programs gone: nothing more will be staged (set by
				 * the thread that detaches, read by the polling one) */
	bool stage_drained;	/* the staged leftovers were delivered */
};

static void config_from_settings(struct tracer_config *cfg, const struct tracer_settings *s)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->attach = s->attach;
	cfg->ringbuf_size = s->ringbuf_size;
	cfg->hidden_errors = s->hidden_errors;
	cfg->verbose = s->verbose;
	cfg->cgroup_fd = -1;
}

void tracer_config__drive(struct tracer_config *cfg, const struct tracer_settings *s, uint32_t tgid,
			  unsigned syscall)
{
	config_from_settings(cfg, s);
	cfg->select = MMSG_SELECT_TGID;
	cfg->target_tgid = tgid;
	cfg->syscall_mask = 1u << syscall;
	/* the driver calls without pause: batch its records */
	cfg->stage_records = true;
}

void tracer_config__observe(struct tracer_config *cfg, const struct tracer_settings *s,
			    enum select_kind sel, unsigned syscall_mask, bool per_thread)
{
	static const enum mmsg_select selects[] = {
		[SELECT_NONE] = MMSG_SELECT_ALL,
		[SELECT_PID] = MMSG_SELECT_TGID_SET, [SELECT_TID] = MMSG_SELECT_TID_SET,
		[SELECT_COMM] = MMSG_SELECT_COMM, [SELECT_CGROUP] = MMSG_SELECT_CGROUP,
		[SELECT_ALL] = MMSG_SELECT_ALL,
	};

	config_from_settings(cfg, s);
	cfg->select = selects[sel];
	cfg->syscall_mask = syscall_mask;
	cfg->task_totals = per_thread ? MMSG_TASK_TOTALS_PER_THREAD : MMSG_TASK_TOTALS_PER_PROCESS;
}

static int verbose_level;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
	(void)level;
	/* quiet unless -v: failures are reported in one line by the caller */
	if (!verbose_level)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static bool has_cap(const struct __user_cap_data_struct *data, int cap)
{
	return data[cap / 32].effective & (1u << (cap % 32));
}

/* The tracer needs CAP_BPF + CAP_PERFMON, or CAP_SYS_ADMIN on its own. */
static int check_privileges(char *err, size_t errlen)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { 0 };
	bool bpf, perfmon;

	if (syscall(SYS_capget, &hdr, data))
		return 0;	/* cannot tell: let the load itself decide */
	if (has_cap(data, CAP_SYS_ADMIN))
		return 0;
	bpf = has_cap(data, CAP_BPF);
	perfmon = has_cap(data, CAP_PERFMON);
	if (bpf && perfmon)
		return 0;
	snprintf(err, errlen,
		 "not permitted to trace: missing %s%s%s (tracing needs CAP_BPF and CAP_PERFMON): "
		 "run with sudo, or use --no-trace to drive without tracing",
		 bpf ? "" : "CAP_BPF", !bpf && !perfmon ? " and " : "", perfmon ? "" : "CAP_PERFMON");
	return -EPERM;
}

/* tp mode reads tracepoint ids from tracefs; mount it if it is not there */
static int ensure_tracefs(char *err, size_t errlen)
{
	struct statfs st;

	if (access(TRACEFS_DIR "/events/syscalls", F_OK) == 0)
		return 0;
	if (statfs(TRACEFS_DIR, &st) == 0 && st.f_type == TRACEFS_MAGIC_NUMBER)
		goto missing;
	if (mount("nodev", TRACEFS_DIR, "tracefs", 0, NULL)) {
		snprintf(err, errlen,
			 "--attach tp needs tracefs, which is not mounted at %s and could not be "
			 "mounted (%s): mount it with 'mount -t tracefs nodev %s', or use --attach raw",
			 TRACEFS_DIR, strerror(errno), TRACEFS_DIR);
		return -ENOENT;
	}
	if (access(TRACEFS_DIR "/events/syscalls", F_OK) == 0)
		return 0;
missing:
	snprintf(err, errlen,
		 "--attach tp: this kernel has no syscall tracepoints in %s/events/syscalls "
		 "(CONFIG_FTRACE_SYSCALLS): use --attach raw", TRACEFS_DIR);
	return -ENOENT;
}

static int handle_record(void *ctx, void *data, size_t size)
{
	struct tracer *t = ctx;
	const __u32 *type = data;

	if (size < sizeof(*type))
		return 0;
	switch (*type) {
	case MMSG_REC_CALL:
		/* a staged batch holds several records back to back */
		for (size_t off = 0; off + sizeof(struct mmsg_call_record) <= size;
		     off += sizeof(struct mmsg_call_record))
			t->on_record(t->ctx, (const struct mmsg_call_record *)((char *)data + off));
		break;
	case MMSG_REC_TASK:
		if (size >= sizeof(struct mmsg_task_record) && t->on_task)
			t->on_task(t->ctx, data);
		break;
	case MMSG_REC_MSG:
		if (size >= sizeof(struct mmsg_msg_record) && t->on_msg)
			t->on_msg(t->ctx, data);
		break;
	default:
		break;
	}
	return 0;
}

/* Turn off autoload of every program this configuration does not use. */
static void choose_programs(struct mmsgtrace_bpf *skel, const struct tracer_config *cfg)
{
	struct bpf_program *tp[MMSG_SYS_COUNT][2] = {
		[MMSG_SYS_SENDMMSG] = { skel->progs.tp_enter_sendmmsg, skel->progs.tp_exit_sendmmsg },
		[MMSG_SYS_RECVMMSG] = { skel->progs.tp_enter_recvmmsg, skel->progs.tp_exit_recvmmsg },
		[MMSG_SYS_SENDTO] = { skel->progs.tp_enter_sendto, skel->progs.tp_exit_sendto },
		[MMSG_SYS_SENDMSG] = { skel->progs.tp_enter_sendmsg, skel->progs.tp_exit_sendmsg },
		[MMSG_SYS_RECVFROM] = { skel->progs.tp_enter_recvfrom, skel->progs.tp_exit_recvfrom },
		[MMSG_SYS_RECVMSG] = { skel->progs.tp_enter_recvmsg, skel->progs.tp_exit_recvmsg },
		[MMSG_SYS_WRITE] = { skel->progs.tp_enter_write, skel->progs.tp_exit_write },
		[MMSG_SYS_WRITEV] = { skel->progs.tp_enter_writev, skel->progs.tp_exit_writev },
	};
	bool raw = cfg->attach == ATTACH_RAW;

	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		bool on = !raw && (cfg->syscall_mask & (1u << sc));

		bpf_program__set_autoload(tp[sc][0], on);
		bpf_program__set_autoload(tp[sc][1], on);
	}
	bpf_program__set_autoload(skel->progs.raw_enter, raw);
	bpf_program__set_autoload(skel->progs.raw_exit, raw);
	bpf_program__set_autoload(skel->progs.raw_fork, cfg->select == MMSG_SELECT_TGID_SET);
	/* always: it reclaims the in-flight entries of exiting threads */
	bpf_program__set_autoload(skel->progs.raw_task_exit, true);
	/* every socket send of the machine runs it: only when asked for */
	bpf_program__set_autoload(skel->progs.sock_send_len, cfg->hidden_errors || cfg->msg_records);
	/* loaded, attached only for a census window (tracer__census_start) */
	bpf_program__set_autoload(skel->progs.census_enter, cfg->census);
}

/* a map's size before load; a one-line error naming the map */
static int size_map(struct bpf_map *map, __u32 entries, char *err, size_t errlen)
{
	int ret = bpf_map__set_max_entries(map, entries);

	if (ret)
		snprintf(err, errlen, "cannot size the %s map to %u entries: %s", bpf_map__name(map),
			 entries, strerror(-ret));
	return ret;
}

/* rodata and map sizes: everything fixed before load */
static int configure(struct mmsgtrace_bpf *skel, const struct tracer_config *cfg, char *err,
		     size_t errlen)
{
	struct mmsgtrace_bpf__rodata *ro = skel->rodata;
	int ret;

	ro->select_mode = cfg->select;
	ro->target_tgid = cfg->target_tgid;
	/* padded with NULs, as the kernel pads a task's comm: the BPF side
	 * compares all 16 bytes as two words */
	strncpy((char *)ro->target_comm, cfg->comm, MMSG_COMM_LEN);
	ro->syscall_mask = cfg->syscall_mask;
	ro->task_totals_mode = cfg->task_totals;	/* enum mmsg_task_totals_mode */
	ro->stage_records = cfg->stage_records;
	ro->hidden_errors = cfg->hidden_errors;
	ro->msg_records = cfg->msg_records;
	ro->note_sockets = cfg->note_sockets;
	/* wake the consumer early only when a quarter of the buffer is pending */
	ro->wakeup_bytes = cfg->ringbuf_size / 4;
	ret = bpf_map__set_max_entries(skel->maps.events, cfg->ringbuf_size);
	if (ret) {
		snprintf(err, errlen, "cannot size the ring buffer to %llu bytes: %s",
			 (unsigned long long)cfg->ringbuf_size, strerror(-ret));
		return ret;
	}
	/* a per-CPU table nobody writes need not be preallocated in full */
	if (cfg->task_totals == MMSG_TASK_TOTALS_OFF) {
		ret = size_map(skel->maps.task_totals, 1, err, errlen);
		if (!ret)
			ret = size_map(skel->maps.task_slots, 1, err, errlen);
		if (ret)
			return ret;
	}
	if (!cfg->hidden_errors) {
		ret = size_map(skel->maps.hidden_errnos, 1, err, errlen);
		if (ret)
			return ret;
	}
	if (!cfg->note_sockets) {
		ret = size_map(skel->maps.call_sockets, 1, err, errlen);
		if (ret)
			return ret;
	}
	if (!cfg->census) {
		ret = size_map(skel->maps.census, 1, err, errlen);
		if (ret)
			return ret;
	}
	/* test hook: a tiny in-flight table, all threads sharing one slot */
	if (getenv(INFLIGHT_MAX_ENV) && atoi(getenv(INFLIGHT_MAX_ENV)) > 0) {
		ret = size_map(skel->maps.inflight, atoi(getenv(INFLIGHT_MAX_ENV)), err, errlen);
		if (!ret)
			ret = size_map(skel->maps.inflight_slots, 1, err, errlen);
		if (ret)
			return ret;
		ro->slot_mask = 0;
	}
	choose_programs(skel, cfg);
	return 0;
}

/* the target set and the cgroup filter: filled after load, before attach */
static int fill_filters(struct tracer *t, const struct tracer_config *cfg, char *err, size_t errlen)
{
	int fd = bpf_map__fd(t->skel->maps.targets);
	__u8 one = 1;
	__u32 zero = 0;

	for (unsigned i = 0; i < cfg->ntargets; i++) {
		if (bpf_map_update_elem(fd, &cfg->targets[i], &one, BPF_ANY)) {
			snprintf(err, errlen, "cannot add %u to the target set: %s", cfg->targets[i],
				 strerror(errno));
			return -errno;
		}
	}
	if (cfg->select == MMSG_SELECT_CGROUP &&
	    bpf_map_update_elem(bpf_map__fd(t->skel->maps.cgroup_filter), &zero, &cfg->cgroup_fd,
				BPF_ANY)) {
		snprintf(err, errlen, "cannot use the --cgroup directory: %s (it must be in a cgroup "
			 "v2 hierarchy)", strerror(errno));
		return -errno;
	}
	return 0;
}

static int attach(struct tracer *t, struct bpf_program *prog)
{
	if (t->nlinks == MAX_LINKS)
		return -E2BIG;
	t->links[t->nlinks] = bpf_program__attach(prog);
	if (!t->links[t->nlinks])
		return -errno;
	t->nlinks++;
	return 0;
}

static bool among(struct bpf_program *prog, struct bpf_program *const *set, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (set[i] == prog)
			return true;
	return false;
}

/* the fork, exit, signal and message programs first: once calls are
 * traced, no fork of a watched process and no message of a call goes unseen */
static int attach_all(struct tracer *t)
{
	struct bpf_program *first[] = { t->skel->progs.raw_fork, t->skel->progs.raw_task_exit,
					 t->skel->progs.raw_signal_deliver,
					 t->skel->progs.sock_send_len };
	unsigned nfirst = sizeof(first) / sizeof(first[0]);
	struct bpf_program *prog;
	int ret;

	for (unsigned i = 0; i < nfirst; i++) {
		if (bpf_program__autoload(first[i]) && (ret = attach(t, first[i])))
			return ret;
	}
	bpf_object__for_each_program(prog, t->skel->obj) {
		/* the census is attached for its windows only */
		if (!bpf_program__autoload(prog) || among(prog, first, nfirst) ||
		    prog == t->skel->progs.census_enter)
			continue;
		ret = attach(t, prog);
		if (ret)
			return ret;
	}
	return 0;
}

/* What tracing needs from the machine, checked before anything is loaded:
 * the privileges, the kernel's BTF, tracefs for tp mode. */
static int check_machine(const struct tracer_config *cfg, const char *btf_path, char *err,
			 size_t errlen)
{
	int ret = check_privileges(err, errlen);

	if (ret)
		return ret;
	if (access(btf_path ? btf_path : DEFAULT_BTF_PATH, R_OK)) {
		snprintf(err, errlen,
			 "kernel BTF not found at %s: the tracer needs a kernel built with "
			 "CONFIG_DEBUG_INFO_BTF=y (or use --no-trace)",
			 btf_path ? btf_path : DEFAULT_BTF_PATH);
		return -ENOENT;
	}
	return cfg->attach == ATTACH_TP ? ensure_tracefs(err, errlen) : 0;
}

/* the tracer's own state: callbacks, the CPU count, the per-CPU scratch */
static int tracer_alloc(const struct tracer_config *cfg, struct tracer **out, char *err,
			size_t errlen)
{
	struct tracer *t = calloc(1, sizeof(*t));

	*out = t;
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	t->on_record = cfg->on_record;
	t->on_task = cfg->on_task;
	t->on_msg = cfg->on_msg;
	t->ctx = cfg->ctx;
	t->hidden_errors = cfg->hidden_errors;
	t->census = cfg->census;
	t->ncpus = libbpf_num_possible_cpus();
	if (t->ncpus <= 0) {
		snprintf(err, errlen, "cannot count the possible CPUs: %s", strerror(-t->ncpus));
		return t->ncpus;
	}
	/* big enough for a per-CPU read of any of the maps */
	t->percpu_buf = calloc(t->ncpus, sizeof(struct mmsg_totals));
	if (!t->percpu_buf) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

/* open, set what must be fixed before load, load */
static int open_and_load(struct tracer *t, const struct tracer_config *cfg, const char *btf_path,
			 char *err, size_t errlen)
{
	LIBBPF_OPTS(bpf_object_open_opts, open_opts, .btf_custom_path = btf_path);
	int ret;

	t->skel = mmsgtrace_bpf__open_opts(&open_opts);
	if (!t->skel) {
		ret = -errno;
		snprintf(err, errlen, "cannot open the BPF object: %s (run with -v for libbpf's log)",
			 strerror(-ret));
		return ret;
	}
	ret = configure(t->skel, cfg, err, errlen);
	if (ret)
		return ret;
	ret = mmsgtrace_bpf__load(t->skel);
	if (ret == -EPERM)
		snprintf(err, errlen, "not permitted to load BPF programs (EPERM): run with sudo, or "
			 "use --no-trace (run with -v for libbpf's log)");
	else if (ret)
		snprintf(err, errlen, "cannot load the BPF programs: %s (run with -v for libbpf's log)",
			 strerror(-ret));
	return ret;
}

int tracer__new(const struct tracer_config *cfg, struct tracer **out, char *err, size_t errlen)
{
	const char *btf_path = getenv(BTF_PATH_ENV);
	struct tracer *t = NULL;
	int ret;

	verbose_level = cfg->verbose;
	libbpf_set_print(libbpf_print);

	ret = check_machine(cfg, btf_path, err, errlen);
	if (ret)
		return ret;
	ret = tracer_alloc(cfg, &t, err, errlen);
	if (!ret)
		ret = open_and_load(t, cfg, btf_path, err, errlen);
	if (ret)
		goto fail;

	/* the consumer polls on a timer; records do not wake it one by one */
	t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), handle_record, t, NULL);
	if (!t->rb) {
		ret = -errno;
		snprintf(err, errlen, "cannot set up the ring buffer consumer: %s", strerror(-ret));
		goto fail;
	}
	ret = fill_filters(t, cfg, err, errlen);
	if (ret)
		goto fail;
	ret = attach_all(t);
	if (ret) {
		snprintf(err, errlen, "cannot attach the %s programs: %s%s (run with -v for libbpf's "
			 "log)", names__attach(cfg->attach), strerror(-ret),
			 cfg->attach == ATTACH_TP ? "; --attach raw needs no tracefs" : "");
		goto fail;
	}
	*out = t;
	return 0;
fail:
	tracer__free(t);
	return ret;
}

/* Deliver what the programs left staged on each CPU (after detach: no
 * program writes the stage any more). Returns the number of records. */
static int drain_staged(struct tracer *t)
{
	size_t stride = (sizeof(struct mmsg_stage) + 7) & ~(size_t)7;
	char *cpus = calloc(t->ncpus, stride);
	__u32 zero = 0;
	int total = 0;

	if (!cpus)
		return -ENOMEM;
	if (bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.stage), &zero, cpus)) {
		total = -errno;
		goto out;
	}
	for (int cpu = 0; cpu < t->ncpus; cpu++) {
		const struct mmsg_stage *s = (const struct mmsg_stage *)(cpus + cpu * stride);
		__u32 n = s->n < MMSG_STAGE_RECORDS ? s->n : MMSG_STAGE_RECORDS;

		for (__u32 i = 0; i < n; i++)
			t->on_record(t->ctx, &s->recs[i]);
		total += n;
	}
out:
	free(cpus);
	return total;
}

int tracer__poll(struct tracer *t, int timeout_ms)
{
	int n, more;

	n = ring_buffer__poll(t->rb, timeout_ms);
	if (n < 0 && n != -EINTR)
		return n;
	/* records submitted without a wakeup are not signalled through epoll */
	more = ring_buffer__consume(t->rb);
	if (more < 0)
		return more;
	if (atomic_load(&t->detached) && !t->stage_drained) {
		int staged = drain_staged(t);

		t->stage_drained = true;
		if (staged < 0)
			return staged;
		more += staged;
	}
	return (n > 0 ? n : 0) + more;
}

int tracer__prog_stats(struct tracer *t, struct tracer_prog_stats *out)
{
	struct bpf_program *p;

	memset(out, 0, sizeof(*out));
	bpf_object__for_each_program(p, t->skel->obj) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		const char *name = bpf_program__name(p);
		int fd = bpf_program__fd(p);
		bool enter = !strcmp(name, "raw_enter") || !strncmp(name, "tp_enter_", 9);
		bool exit = !strcmp(name, "raw_exit") || !strncmp(name, "tp_exit_", 8);
		bool send_hook = !strcmp(name, "sock_send_len");

		if (fd < 0 || (!enter && !exit && !send_hook))
			continue;
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			return -errno;
		if (send_hook) {
			out->send_hook_ns += info.run_time_ns;
			out->send_hook_runs += info.run_cnt;
		} else if (enter) {
			out->enter_ns += info.run_time_ns;
			out->enter_runs += info.run_cnt;
		} else {
			out->exit_ns += info.run_time_ns;
			out->exit_runs += info.run_cnt;
		}
	}
	return 0;
}

bool tracer__has_send_hook(const struct tracer *t)
{
	return bpf_program__fd(t->skel->progs.sock_send_len) >= 0;
}

int tracer__totals(struct tracer *t, unsigned syscall, struct mmsg_totals *out)
{
	struct mmsg_totals *cpu = t->percpu_buf;
	__u32 key = syscall;

	if (bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.totals), &key, cpu))
		return -errno;
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < t->ncpus; i++)
		totals__add(out, &cpu[i]);
	return 0;
}

#define TABLE_MAX_SLOTS MMSG_ERRNO_SLOTS	/* the longest run of counters read at once */
_Static_assert(MMSG_CENSUS_SLOTS <= TABLE_MAX_SLOTS, "the census is read in one batch");

/* n (at most TABLE_MAX_SLOTS) counters of a per-CPU array from key first
 * on, summed over CPUs */
static int read_counters(struct tracer *t, struct bpf_map *map, __u32 first, __u32 n,
			 uint64_t *out)
{
	/* the slots in one batch read; for an array, in_batch is the key before
	 * the first one read (none: from key 0) */
	__u32 prev = first - 1, next, count = n;
	__u32 keys[TABLE_MAX_SLOTS];
	__u64 *cpu = calloc((size_t)n * t->ncpus, sizeof(*cpu));
	int ret;

	if (!cpu)
		return -ENOMEM;
	ret = bpf_map_lookup_batch(bpf_map__fd(map), first ? &prev : NULL, &next, keys, cpu, &count,
				   NULL);
	/* -ENOENT: the map ended within the batch; count says how far it got */
	if (ret == -ENOENT)
		ret = count == n ? 0 : -ENOENT;
	if (ret)
		goto out;
	for (__u32 e = 0; e < n; e++) {
		out[e] = 0;
		for (int i = 0; i < t->ncpus; i++)
			out[e] += cpu[(size_t)e * t->ncpus + i];
	}
out:
	free(cpu);
	return ret;
}

int tracer__errnos(struct tracer *t, unsigned syscall, uint64_t *out)
{
	return read_counters(t, t->skel->maps.errnos, syscall * MMSG_ERRNO_SLOTS, MMSG_ERRNO_SLOTS,
			     out);
}

int tracer__hidden_errnos(struct tracer *t, uint64_t *out)
{
	if (!t->hidden_errors)
		return -ENOENT;
	return read_counters(t, t->skel->maps.hidden_errnos, 0, MMSG_ERRNO_SLOTS, out);
}

int tracer__census_start(struct tracer *t)
{
	int ret;

	if (!t->census)
		return -ENOENT;
	if (t->census_link)
		return -EALREADY;
	if (atomic_load(&t->detached))
		return -ESRCH;	/* tracing has stopped */
	if (!t->census_base && !(t->census_base = calloc(MMSG_CENSUS_SLOTS, sizeof(uint64_t))))
		return -ENOMEM;
	/* the window's counts are the difference: the map is never cleared */
	ret = read_counters(t, t->skel->maps.census, 0, MMSG_CENSUS_SLOTS, t->census_base);
	if (ret)
		return ret;
	t->census_link = bpf_program__attach(t->skel->progs.census_enter);
	return t->census_link ? 0 : -errno;
}

int tracer__census_stop(struct tracer *t, uint64_t *counts)
{
	int ret;

	if (!t->census_link)
		return -EINVAL;
	bpf_link__destroy(t->census_link);
	t->census_link = NULL;
	ret = read_counters(t, t->skel->maps.census, 0, MMSG_CENSUS_SLOTS, counts);
	if (ret)
		return ret;
	for (unsigned i = 0; i < MMSG_CENSUS_SLOTS; i++)
		counts[i] -= t->census_base[i];
	return 0;
}

int tracer__task_totals(struct tracer *t, tracer_task_totals_fn fn, void *ctx)
{
	struct mmsg_task_totals *cpu = t->percpu_buf;
	int slots_fd = bpf_map__fd(t->skel->maps.task_slots);
	int totals_fd = bpf_map__fd(t->skel->maps.task_totals), n = 0, err = -ENOENT;
	struct mmsg_task_key key, next;
	const void *prev = NULL;
	__u32 slot;

	/* each (task, syscall) the programs gave a slot, and that slot's totals
	 * (the programs never delete: one walk sees every entry) */
	while (n < MMSG_MAX_TASK_TOTALS && (err = bpf_map_get_next_key(slots_fd, prev, &next)) == 0) {
		struct mmsg_task_totals sum = { 0 };

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(slots_fd, &key, &slot) ||
		    bpf_map_lookup_elem(totals_fd, &slot, cpu))
			continue;
		for (int i = 0; i < t->ncpus; i++)
			task_totals__add(&sum, &cpu[i]);
		fn(ctx, &key, &sum);
		n++;
	}
	return err == -ENOENT || n == MMSG_MAX_TASK_TOTALS ? n : err;
}

int tracer__call_sockets(struct tracer *t, tracer_call_socket_fn fn, void *ctx)
{
	int fd = bpf_map__fd(t->skel->maps.call_sockets), n = 0, err;
	__u64 key, next;
	const void *prev = NULL;
	struct mmsg_call_socket s;

	/* the programs never delete: one walk sees every entry */
	while ((err = bpf_map_get_next_key(fd, prev, &next)) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, &s))
			continue;
		fn(ctx, key, &s);
		n++;
	}
	return err == -ENOENT ? n : err;
}

int tracer__targets(struct tracer *t, uint32_t *out, size_t max)
{
	int fd = bpf_map__fd(t->skel->maps.targets), n = 0, err = -ENOENT;
	__u32 key, next;
	const void *prev = NULL;

	/* bounded: an exit deleting the key we hold makes the walk restart */
	while (n < MMSG_MAX_TARGETS && (err = bpf_map_get_next_key(fd, prev, &next)) == 0) {
		key = next;
		prev = &key;
		if ((size_t)n < max)
			out[n] = key;
		n++;
	}
	return err == -ENOENT || n == MMSG_MAX_TARGETS ? n : err;
}

void tracer__forget_target(struct tracer *t, uint32_t id)
{
	bpf_map_delete_elem(bpf_map__fd(t->skel->maps.targets), &id);
}

int tracer__add_target(struct tracer *t, uint32_t id)
{
	__u8 one = 1;

	return bpf_map_update_elem(bpf_map__fd(t->skel->maps.targets), &id, &one, BPF_ANY) ? -errno :
											      0;
}

int tracer__stop(struct tracer *t)
{
	int n;

	tracer__detach(t);
	while ((n = tracer__poll(t, 0)) > 0)
		;
	return n < 0 ? n : 0;
}

void tracer__detach(struct tracer *t)
{
	bpf_link__destroy(t->census_link);
	t->census_link = NULL;
	while (t->nlinks)
		bpf_link__destroy(t->links[--t->nlinks]);
	atomic_store(&t->detached, true);
}

void tracer__free(struct tracer *t)
{
	if (!t)
		return;
	tracer__detach(t);
	ring_buffer__free(t->rb);
	mmsgtrace_bpf__destroy(t->skel);
	free(t->census_base);
	free(t->percpu_buf);
	free(t);
}
