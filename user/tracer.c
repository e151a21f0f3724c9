// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <stdarg.h>
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
#include "tracer.h"

#define TRACEFS_DIR "/sys/kernel/tracing"
#define TRACEFS_MAGIC_NUMBER 0x74726163
#define DEFAULT_BTF_PATH "/sys/kernel/btf/vmlinux"
/* test hook: point the tracer at another (e.g. missing) kernel BTF file */
#define BTF_PATH_ENV "MMSGTRACE_BTF_PATH"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38
#endif
#ifndef CAP_BPF
#define CAP_BPF 39
#endif

struct tracer {
	struct mmsgtrace_bpf *skel;
	struct bpf_link *enter_link, *exit_link;
	struct ring_buffer *rb;
	tracer_record_fn on_record;
	void *ctx;
	int ncpus;
	void *percpu_buf;	/* scratch for per-CPU map reads */
};

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
	const struct mmsg_call_record *rec = data;

	if (size < sizeof(*rec))
		return 0;
	switch (rec->type) {
	case MMSG_REC_CALL:
		t->on_record(t->ctx, rec);
		break;
	default:
		break;
	}
	return 0;
}

int tracer__new(const struct tracer_config *cfg, struct tracer **out, char *err, size_t errlen)
{
	const char *btf_path = getenv(BTF_PATH_ENV);
	LIBBPF_OPTS(bpf_object_open_opts, open_opts);
	struct bpf_program *enter, *exit;
	struct tracer *t;
	int ret;

	verbose_level = cfg->verbose;
	libbpf_set_print(libbpf_print);

	ret = check_privileges(err, errlen);
	if (ret)
		return ret;
	if (access(btf_path ? btf_path : DEFAULT_BTF_PATH, R_OK)) {
		snprintf(err, errlen,
			 "kernel BTF not found at %s: the tracer needs a kernel built with "
			 "CONFIG_DEBUG_INFO_BTF=y (or use --no-trace)",
			 btf_path ? btf_path : DEFAULT_BTF_PATH);
		return -ENOENT;
	}
	open_opts.btf_custom_path = btf_path;
	if (cfg->attach == ATTACH_TP) {
		ret = ensure_tracefs(err, errlen);
		if (ret)
			return ret;
	}

	t = calloc(1, sizeof(*t));
	if (!t) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	t->on_record = cfg->on_record;
	t->ctx = cfg->ctx;
	t->ncpus = libbpf_num_possible_cpus();
	if (t->ncpus <= 0) {
		snprintf(err, errlen, "cannot count the possible CPUs: %s", strerror(-t->ncpus));
		ret = t->ncpus;
		goto fail;
	}
	t->percpu_buf = calloc(t->ncpus, sizeof(struct mmsg_totals));
	if (!t->percpu_buf) {
		ret = -ENOMEM;
		snprintf(err, errlen, "out of memory");
		goto fail;
	}

	/* open, then set what must be fixed before load */
	t->skel = mmsgtrace_bpf__open_opts(&open_opts);
	if (!t->skel) {
		ret = -errno;
		snprintf(err, errlen, "cannot open the BPF object: %s (run with -v for libbpf's log)",
			 strerror(-ret));
		goto fail;
	}
	t->skel->rodata->target_tgid = cfg->target_tgid;
	t->skel->rodata->sendmmsg_nr = SYS_sendmmsg;
	/* wake the consumer early only when a quarter of the buffer is pending */
	t->skel->rodata->wakeup_bytes = cfg->ringbuf_size / 4;
	ret = bpf_map__set_max_entries(t->skel->maps.events, cfg->ringbuf_size);
	if (ret) {
		snprintf(err, errlen, "cannot size the ring buffer to %llu bytes: %s",
			 (unsigned long long)cfg->ringbuf_size, strerror(-ret));
		goto fail;
	}
	if (cfg->attach == ATTACH_TP) {
		enter = t->skel->progs.tp_enter;
		exit = t->skel->progs.tp_exit;
		bpf_program__set_autoload(t->skel->progs.raw_enter, false);
		bpf_program__set_autoload(t->skel->progs.raw_exit, false);
	} else {
		enter = t->skel->progs.raw_enter;
		exit = t->skel->progs.raw_exit;
		bpf_program__set_autoload(t->skel->progs.tp_enter, false);
		bpf_program__set_autoload(t->skel->progs.tp_exit, false);
	}

	ret = mmsgtrace_bpf__load(t->skel);
	if (ret) {
		if (ret == -EPERM)
			snprintf(err, errlen,
				 "not permitted to load BPF programs (EPERM): run with sudo, or use "
				 "--no-trace (run with -v for libbpf's log)");
		else
			snprintf(err, errlen,
				 "cannot load the BPF programs: %s (run with -v for libbpf's log)",
				 strerror(-ret));
		goto fail;
	}

	/* the consumer polls on a timer; records do not wake it one by one */
	t->rb = ring_buffer__new(bpf_map__fd(t->skel->maps.events), handle_record, t, NULL);
	if (!t->rb) {
		ret = -errno;
		snprintf(err, errlen, "cannot set up the ring buffer consumer: %s", strerror(-ret));
		goto fail;
	}

	t->enter_link = bpf_program__attach(enter);
	if (!t->enter_link) {
		ret = -errno;
		goto attach_fail;
	}
	t->exit_link = bpf_program__attach(exit);
	if (!t->exit_link) {
		ret = -errno;
		goto attach_fail;
	}
	*out = t;
	return 0;

attach_fail:
	snprintf(err, errlen, "cannot attach the %s programs: %s%s (run with -v for libbpf's log)",
		 opts__attach_str(cfg->attach), strerror(-ret),
		 cfg->attach == ATTACH_TP ? "; --attach raw needs no tracefs" : "");
fail:
	tracer__free(t);
	return ret;
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
	return (n > 0 ? n : 0) + more;
}

int tracer__totals(struct tracer *t, struct mmsg_totals *out)
{
	struct mmsg_totals *cpu = t->percpu_buf;
	__u32 zero = 0;
	int ret;

	ret = bpf_map_lookup_elem(bpf_map__fd(t->skel->maps.totals), &zero, cpu);
	if (ret)
		return -errno;
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < t->ncpus; i++) {
		out->calls += cpu[i].calls;
		out->msgs += cpu[i].msgs;
		out->bytes += cpu[i].bytes;
		out->errors += cpu[i].errors;
		out->partial += cpu[i].partial;
		out->latency_ns += cpu[i].latency_ns;
		out->lost_events += cpu[i].lost_events;
		out->inflight_overflow += cpu[i].inflight_overflow;
		out->exit_unmatched += cpu[i].exit_unmatched;
		out->bytes_read_faults += cpu[i].bytes_read_faults;
	}
	return 0;
}

int tracer__errnos(struct tracer *t, uint64_t *out)
{
	__u64 *cpu = t->percpu_buf;	/* ncpus * sizeof(totals) >= ncpus * 8 */
	int fd = bpf_map__fd(t->skel->maps.errnos);

	for (__u32 e = 0; e < MMSG_ERRNO_SLOTS; e++) {
		out[e] = 0;
		if (bpf_map_lookup_elem(fd, &e, cpu))
			return -errno;
		for (int i = 0; i < t->ncpus; i++)
			out[e] += cpu[i];
	}
	return 0;
}

void tracer__free(struct tracer *t)
{
	if (!t)
		return;
	bpf_link__destroy(t->exit_link);
	bpf_link__destroy(t->enter_link);
	ring_buffer__free(t->rb);
	mmsgtrace_bpf__destroy(t->skel);
	free(t->percpu_buf);
	free(t);
}
