// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Tracer of sendmmsg(2), recvmmsg(2), sendto(2) and sendmsg(2): one
 * ring-buffer record per call plus exact per-CPU totals (per syscall, and in
 * observe mode per process or thread). Two attach modes share the same
 * enter/exit logic:
 *   tp  - syscalls:sys_enter_<name> / sys_exit_<name> (needs tracefs)
 *   raw - raw_tp/sys_enter and raw_tp/sys_exit, filtered by syscall number
 * Userspace turns off autoload of every program it does not use.
 *
 * Syscall tracepoint probes run with preemption disabled, so plain adds to
 * per-CPU values cannot interleave with another writer on the same CPU.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "mmsgtrace.h"

#ifndef barrier_var
#define barrier_var(var) asm volatile("" : "+r"(var))
#endif

char LICENSE[] SEC("license") = "Dual BSD/GPL";

/* settings, fixed before load */
const volatile __u32 select_mode = MMSG_SELECT_ALL;	/* enum mmsg_select */
const volatile __u32 target_tgid = 0;
const volatile char target_comm[MMSG_COMM_LEN] = {};
const volatile __u32 syscall_mask = 1 << MMSG_SYS_SENDMMSG;	/* bit per enum mmsg_syscall */
const volatile __u32 task_totals_mode = 0;	/* 0 off, 1 per process, 2 per thread */
const volatile __u64 wakeup_bytes = 0;		/* wake the consumer past this backlog */
const volatile __u32 stage_records = 0;		/* drive mode: records go out in batches */
const volatile __u32 slot_mask = MMSG_INFLIGHT_SLOTS - 1;	/* in-flight slot of a tid */
/* x86_64 syscall numbers (raw mode) */
const volatile __s64 nr_sendmmsg = 307;
const volatile __s64 nr_recvmmsg = 299;
const volatile __s64 nr_sendto = 44;
const volatile __s64 nr_sendmsg = 46;

/* errno values (vmlinux.h has no macros) */
#define EINTR 4
#define ERESTARTSYS 512			/* first of the kernel's restart codes */
#define ERESTARTNOINTR 513		/* restarted even after a handler */
#define ERESTART_RESTARTBLOCK 516	/* last of them */
#define SA_RESTART 0x10000000

/* msg_len (iov_len) of this many entries is read with one probe read */
#define CHUNK 32
#define IOVEC_SIZE 16
#define IOV_LEN_OFFSET 8
/* struct user_msghdr: msg_iov at 16, msg_iovlen at 24 */
#define MSGHDR_IOV_OFFSET 16

struct inflight {
	__u64 enter_ns;		/* 0: no call in progress */
	__u64 restart_ns;	/* != 0: returned a restart code at this time, and
				 * may be restarted by the kernel (see on_exit) */
	__s32 restart_code;	/* which one (ERESTARTSYS ...) */
	__u8 restart_decided;	/* a handler with SA_RESTART runs first: the call
				 * will be restarted after it (raw_signal_deliver) */
	__u8 has_parked;	/* a call waits in `parked` for its restart */
	__u16 pad;
	__u64 ptr;		/* mmsghdr array, msghdr or buffer (user address) */
	__u64 len;		/* sendto: bytes requested */
	__s32 fd;
	__u32 vlen;
	__u32 flags;
	__u32 syscall;
};

/*
 * The call in progress of each thread. A thread's entry is the slot at
 * tid & slot_mask of inflight_slots when that slot is free or already its
 * own; threads whose slot another thread holds use the inflight hash. An
 * array lookup is inlined by the verifier (no helper call, no hashing):
 * about 75 ns a call less than the hash here. Only the owner thread touches
 * its slot: it takes a free one with a compare-and-swap of the tid, and
 * gives it back when it exits (a thread runs on one CPU at a time).
 */
struct inflight_slot {
	__u32 tid;		/* owner; 0: free */
	__u32 pad;
	struct inflight in;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MMSG_INFLIGHT_SLOTS);
	__type(key, __u32);		/* tid & slot_mask */
	__type(value, struct inflight_slot);
} inflight_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MMSG_MAX_INFLIGHT);
	__type(key, __u32);		/* tid */
	__type(value, struct inflight);
} inflight SEC(".maps");

static const struct inflight idle_entry = {};

static __always_inline struct inflight_slot *slot_of(__u32 tid)
{
	__u32 idx = tid & slot_mask;

	return bpf_map_lookup_elem(&inflight_slots, &idx);
}

/* the thread's entry, or NULL when it has none */
static __always_inline struct inflight *inflight_find(__u32 tid)
{
	struct inflight_slot *s = slot_of(tid);

	if (s && s->tid == tid)
		return &s->in;
	return bpf_map_lookup_elem(&inflight, &tid);
}

/* a new (idle) entry for a thread that has none: its slot if free, else
 * the hash; NULL when the hash is full too */
static __always_inline struct inflight *inflight_make(__u32 tid)
{
	struct inflight_slot *s = slot_of(tid);

	if (s && s->tid == 0 && __sync_val_compare_and_swap(&s->tid, 0, tid) == 0) {
		s->in = idle_entry;
		return &s->in;
	}
	if (bpf_map_update_elem(&inflight, &tid, &idle_entry, BPF_NOEXIST))
		return NULL;
	return bpf_map_lookup_elem(&inflight, &tid);
}

/* the thread exits: its entry goes */
static __always_inline void inflight_release(__u32 tid)
{
	struct inflight_slot *s = slot_of(tid);

	if (s && s->tid == tid) {
		s->in = idle_entry;
		asm volatile("" ::: "memory");	/* cleared before it is free */
		s->tid = 0;
		return;
	}
	bpf_map_delete_elem(&inflight, &tid);
}

/* A call that will be restarted once its thread's SA_RESTART handler returns,
 * set aside while the handler makes traced calls of its own. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);		/* tid */
	__type(value, struct inflight);
} parked SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);	/* resized by userspace before load */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MMSG_SYS_COUNT);
	__type(key, __u32);		/* enum mmsg_syscall */
	__type(value, struct mmsg_totals);
} totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, MMSG_SYS_COUNT * MMSG_ERRNO_SLOTS);
	__type(key, __u32);		/* syscall * MMSG_ERRNO_SLOTS + errno */
	__type(value, __u64);
} errnos SEC(".maps");

/* observe mode: totals per process (or thread) and syscall */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, MMSG_MAX_TASK_TOTALS);
	__type(key, struct mmsg_task_key);
	__type(value, struct mmsg_task_totals);
} task_totals SEC(".maps");

/* -p: tgids (children join at fork); -t: tids. Filled before attach. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MMSG_MAX_TARGETS);
	__type(key, __u32);
	__type(value, __u8);
} targets SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_filter SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct mmsg_stage);
} stage SEC(".maps");

struct scratch {
	__u8 buf[CHUNK * MMSG_MMSGHDR_SIZE];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct scratch);
} scratch SEC(".maps");

static __always_inline struct mmsg_totals *totals_of(__u32 sc)
{
	return bpf_map_lookup_elem(&totals, &sc);
}

static __always_inline bool comm_matches(void)
{
	char comm[MMSG_COMM_LEN];
	int i;

	bpf_get_current_comm(comm, sizeof(comm));
	for (i = 0; i < MMSG_COMM_LEN; i++) {
		if (comm[i] != target_comm[i])
			return false;
		if (!comm[i])
			break;
	}
	return true;
}

/* Is the current task one we trace? (Checked at enter and at exit, so an
 * exit we do not want is never counted as unmatched.) */
static __always_inline bool wanted(__u64 pid_tgid)
{
	__u32 id;

	switch (select_mode) {
	case MMSG_SELECT_ALL:
		return true;
	case MMSG_SELECT_TGID:
		return (__u32)(pid_tgid >> 32) == target_tgid;
	case MMSG_SELECT_TGID_SET:
	case MMSG_SELECT_TID_SET:
		id = select_mode == MMSG_SELECT_TGID_SET ? pid_tgid >> 32 : (__u32)pid_tgid;
		return bpf_map_lookup_elem(&targets, &id) != NULL;
	case MMSG_SELECT_COMM:
		return comm_matches();
	case MMSG_SELECT_CGROUP:
		return bpf_current_task_under_cgroup(&cgroup_filter, 0) == 1;
	}
	return false;
}

/* set on x86 while a 32-bit (ia32) syscall runs, from entry to the return to
 * user mode; its numbers collide with x86_64's (46 is setgid there) */
#define TS_COMPAT 0x0002

static __always_inline bool compat_syscall(void)
{
	return bpf_get_current_task_btf()->thread_info.status & TS_COMPAT;
}

struct sum_ctx {
	__u64 base;		/* user address of the array */
	__u64 sum;
	__u32 n;		/* entries to add */
	__u32 faults;
	struct scratch *s;
};

/*
 * Add a field of entries [i*CHUNK, min(n, (i+1)*CHUNK)) of a user array:
 * msg_len (u32) of struct mmsghdr, or iov_len (u64) of struct iovec.
 */
static __always_inline long sum_fields(__u32 i, struct sum_ctx *c, const __u32 stride,
				       const __u32 offset, const bool wide)
{
	__u32 first = i * CHUNK, cnt, j;
	__u64 size;
	struct scratch *s = c->s;

	if (first >= c->n)
		return 1;
	cnt = c->n - first;
	if (cnt > CHUNK)
		cnt = CHUNK;
	size = cnt * stride;
	/* make the verifier see the bound on the register actually passed */
	barrier_var(size);
	if (size > sizeof(s->buf))
		return 1;
	if (bpf_probe_read_user(s->buf, size, (const void *)(c->base + (__u64)first * stride))) {
		c->faults++;
		return 1;
	}
	for (j = 0; j < CHUNK; j++) {
		if (j >= cnt)
			break;
		if (wide)
			c->sum += *(__u64 *)(s->buf + j * stride + offset);
		else
			c->sum += *(__u32 *)(s->buf + j * stride + offset);
	}
	return 0;
}

static long sum_msg_len(__u32 i, void *data)
{
	return sum_fields(i, data, MMSG_MMSGHDR_SIZE, MMSG_MSG_LEN_OFFSET, false);
}

static long sum_iov_len(__u32 i, void *data)
{
	return sum_fields(i, data, IOVEC_SIZE, IOV_LEN_OFFSET, true);
}

/* sum of msg_len over the first n entries of a struct mmsghdr array */
static __always_inline __u64 mmsg_bytes(__u64 vec, __u32 n, __u32 *faults)
{
	__u32 zero = 0;
	struct sum_ctx c = { .base = vec, .n = n, .s = bpf_map_lookup_elem(&scratch, &zero) };

	if (!c.s) {
		(*faults)++;
		return 0;
	}
	if (n <= CHUNK)
		sum_msg_len(0, &c);
	else
		bpf_loop((n + CHUNK - 1) / CHUNK, sum_msg_len, &c, 0);
	*faults += c.faults;
	return c.sum;
}

/* total iov_len of a struct user_msghdr: the bytes sendmsg was asked to send */
static __always_inline __u64 msghdr_bytes(__u64 msg, __u32 *faults)
{
	__u32 zero = 0;
	__u64 iov[2];	/* msg_iov, msg_iovlen */
	struct sum_ctx c = { .s = bpf_map_lookup_elem(&scratch, &zero) };

	if (!c.s || bpf_probe_read_user(iov, sizeof(iov), (const void *)(msg + MSGHDR_IOV_OFFSET))) {
		(*faults)++;
		return 0;
	}
	c.base = iov[0];
	/* a successful sendmsg had at most UIO_MAXIOV entries */
	c.n = iov[1] < MMSG_UIO_MAXIOV ? (__u32)iov[1] : MMSG_UIO_MAXIOV;
	if (c.n <= CHUNK)
		sum_iov_len(0, &c);
	else
		bpf_loop((c.n + CHUNK - 1) / CHUNK, sum_iov_len, &c, 0);
	*faults += c.faults;
	return c.sum;
}

static __always_inline void add_task_totals(__u64 pid_tgid, __u32 sc, __u64 latency, __u64 msgs,
					    __u64 bytes, bool error, bool partial, __u32 slots,
					    struct mmsg_totals *t)
{
	static const struct mmsg_task_totals zeroed = {};
	struct mmsg_task_key key = {
		.pid = pid_tgid >> 32,
		.tid = task_totals_mode == 2 ? (__u32)pid_tgid : 0,
		.syscall = sc,
	};
	struct mmsg_task_totals *tt = bpf_map_lookup_elem(&task_totals, &key);

	if (!tt) {
		bpf_map_update_elem(&task_totals, &key, &zeroed, BPF_NOEXIST);
		tt = bpf_map_lookup_elem(&task_totals, &key);
		if (!tt) {
			t->task_overflow++;
			return;
		}
	}
	tt->calls++;
	tt->msgs += msgs;
	tt->bytes += bytes;
	tt->errors += error;
	tt->partial += partial;
	tt->slots += slots;
	tt->latency_ns += latency;
}

static __always_inline void fill_record(struct mmsg_call_record *rec, __u64 pid_tgid,
					const struct inflight *in, long ret, __u64 latency,
					__u64 bytes)
{
	rec->type = MMSG_REC_CALL;
	rec->cpu = bpf_get_smp_processor_id();
	rec->enter_ns = in->enter_ns;
	rec->latency_ns = latency;
	rec->bytes = bytes;
	rec->pid = pid_tgid >> 32;
	rec->tid = (__u32)pid_tgid;
	rec->fd = in->fd;
	rec->vlen = in->vlen;
	rec->flags = in->flags;
	rec->ret = ret;
	rec->syscall = in->syscall;
	rec->pad = 0;
	/* two plain loads: bpf_get_current_comm costs ~50 ns per call here */
	__builtin_memcpy(rec->comm, bpf_get_current_task_btf()->comm, sizeof(rec->comm));
}

/* no wakeup per record: the consumer polls on a timer, and is woken early
 * only when the backlog passes wakeup_bytes */
static __always_inline __u64 wakeup_flag(void)
{
	if (wakeup_bytes && bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wakeup_bytes)
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}

/*
 * Drive mode: add the record to this CPU's stage; send the stage when it is
 * full or its oldest record is MMSG_STAGE_MAX_AGE_NS old. One reservation
 * and copy per MMSG_STAGE_RECORDS calls instead of one per call. (Syscall
 * tracepoint programs do not migrate or get preempted mid-run, so the stage
 * has one writer at a time.)
 */
static __always_inline void stage_record(__u64 pid_tgid, const struct inflight *in, long ret,
					 __u64 end_ns, __u64 latency, __u64 bytes,
					 struct mmsg_totals *t)
{
	__u32 zero = 0, n;
	struct mmsg_stage *s = bpf_map_lookup_elem(&stage, &zero);
	__u64 size;

	if (!s) {
		t->lost_events++;
		return;
	}
	n = s->n;
	if (n >= MMSG_STAGE_RECORDS)	/* cannot happen: sent when full */
		n = 0;
	if (n == 0)
		s->first_ns = end_ns;
	fill_record(&s->recs[n], pid_tgid, in, ret, latency, bytes);
	s->n = ++n;
	if (n < MMSG_STAGE_RECORDS && end_ns - s->first_ns < MMSG_STAGE_MAX_AGE_NS)
		return;
	size = (__u64)n * sizeof(struct mmsg_call_record);
	barrier_var(size);
	if (size > sizeof(s->recs))
		return;
	if (bpf_ringbuf_output(&events, s->recs, size, wakeup_flag()))
		t->lost_events += n;
	s->n = 0;
}

/*
 * Count a finished call into the totals (per syscall, per task) and write
 * its record. msgs, bytes, partial and faults are what the caller worked
 * out from ret.
 */
static __always_inline void count_call(__u64 pid_tgid, const struct inflight *in, long ret,
				       __u64 end_ns, __u64 msgs, __u64 bytes, bool partial,
				       __u32 faults)
{
	__u32 slots = in->vlen < MMSG_UIO_MAXIOV ? in->vlen : MMSG_UIO_MAXIOV;
	__u64 latency = end_ns - in->enter_ns;
	struct mmsg_call_record *rec;
	struct mmsg_totals *t = totals_of(in->syscall);

	if (!t)
		return;
	if (ret < 0) {
		__u32 slot = -ret < MMSG_ERRNO_SLOTS ? (__u32)-ret : MMSG_ERRNO_SLOTS - 1;
		__u64 *cnt;

		/* a restart code that reaches here is a call cut short: the
		 * caller saw EINTR or never saw a result (its thread died) */
		if (slot >= ERESTARTSYS && slot <= ERESTART_RESTARTBLOCK)
			slot = EINTR;
		slot += in->syscall * MMSG_ERRNO_SLOTS;
		cnt = bpf_map_lookup_elem(&errnos, &slot);
		if (cnt)
			(*cnt)++;
		t->errors++;
	}
	t->calls++;
	t->msgs += msgs;
	t->bytes += bytes;
	t->partial += partial;
	t->slots += slots;
	t->latency_ns += latency;
	t->bytes_read_faults += faults;
	if (task_totals_mode)
		add_task_totals(pid_tgid, in->syscall, latency, msgs, bytes, ret < 0, partial, slots,
				t);

	if (stage_records) {
		stage_record(pid_tgid, in, ret, end_ns, latency, bytes, t);
		return;
	}
	rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);
	if (!rec) {
		t->lost_events++;
		return;
	}
	fill_record(rec, pid_tgid, in, ret, latency, bytes);
	bpf_ringbuf_submit(rec, wakeup_flag());
}

/* A call that returned a restart code and was not restarted: EINTR. */
static __always_inline void count_interrupted(__u64 pid_tgid, struct inflight *found)
{
	struct inflight in = *found;

	found->enter_ns = 0;
	found->restart_ns = 0;
	found->restart_decided = 0;
	count_call(pid_tgid, &in, -EINTR, in.restart_ns, 0, 0, false, 0);
}

static __always_inline bool same_call(const struct inflight *in, __u32 sc, __s32 fd, __u64 ptr,
				      __u32 vlen, __u64 len, __u32 flags)
{
	return in->syscall == sc && in->fd == fd && in->ptr == ptr && in->vlen == vlen &&
	       in->len == len && in->flags == flags;
}

/*
 * A thread's in-flight entry is created on its first call and then reused in
 * place: enter_ns != 0 marks a call in progress. Updating in place avoids a
 * hash insert and delete per call, the largest part of the per-call cost.
 */
static __always_inline int on_enter(__u64 pid_tgid, __u32 sc, __s32 fd, __u64 ptr, __u32 vlen,
				    __u64 len, __u32 flags)
{
	__u32 tid = (__u32)pid_tgid;
	struct inflight *in = inflight_find(tid);

	if (in && in->enter_ns && in->restart_ns) {
		/* the kernel restarting the interrupted call: it goes on, and its
		 * latency counts from the first entry */
		if (same_call(in, sc, fd, ptr, vlen, len, flags)) {
			in->restart_ns = 0;
			in->restart_decided = 0;
			return 0;
		}
		if (in->restart_decided) {
			/* a call of the SA_RESTART handler: the waiting call is set
			 * aside until the kernel restarts it */
			if (bpf_map_update_elem(&parked, &tid, in, BPF_ANY)) {
				count_interrupted(pid_tgid, in);
			} else {
				in->has_parked = 1;
				in->restart_ns = 0;
				in->restart_decided = 0;
			}
		} else {
			/* another call before any handler decided: the interrupted
			 * one is taken to have failed with EINTR */
			count_interrupted(pid_tgid, in);
		}
	} else if (in && in->has_parked) {
		struct inflight *p = bpf_map_lookup_elem(&parked, &tid);

		/* the set-aside call, restarted after its handler returned */
		if (p && same_call(p, sc, fd, ptr, vlen, len, flags)) {
			*in = *p;
			in->restart_ns = 0;
			in->restart_decided = 0;
			in->has_parked = 0;
			bpf_map_delete_elem(&parked, &tid);
			return 0;
		}
	}
	if (!in) {
		/* first call of this thread: make its entry (once) */
		if (!(in = inflight_make(tid))) {
			struct mmsg_totals *t = totals_of(sc);

			if (t)
				t->inflight_overflow++;
			return 0;
		}
	}
	in->ptr = ptr;
	in->len = len;
	in->fd = fd;
	in->vlen = vlen;
	in->flags = flags;
	in->syscall = sc;
	in->enter_ns = bpf_ktime_get_ns();
	return 0;
}

static __always_inline int on_exit(__u64 pid_tgid, long ret)
{
	__u64 now = bpf_ktime_get_ns(), bytes = 0, msgs = 0;
	__u32 tid = (__u32)pid_tgid, faults = 0, slots;
	struct inflight *found, in;
	bool partial = false;

	found = inflight_find(tid);
	if (!found || !found->enter_ns) {
		struct mmsg_totals *t;

		/* a 32-bit syscall whose number matched left no entry (enter
		 * skipped it): checked only here, off the common path */
		if (compat_syscall())
			return 0;
		/* the entry was not seen (started before attach, or overflow):
		 * counted against sendmmsg, the syscall of the drive mode */
		t = totals_of(MMSG_SYS_SENDMMSG);
		if (t)
			t->exit_unmatched++;
		return 0;
	}
	/*
	 * A restart code (a signal arrived while the call waited) is not the
	 * call's result yet. Without a handler (SIGSTOP, ptrace, an ignored
	 * signal) or with an SA_RESTART one, the kernel restarts the call: it
	 * enters again with the same arguments and goes on as one call. When a
	 * handler without SA_RESTART is about to run, the caller gets EINTR:
	 * signal_deliver (raw_signal_deliver) sees which.
	 */
	if (ret <= -ERESTARTSYS && ret >= -ERESTART_RESTARTBLOCK) {
		found->restart_ns = now;
		found->restart_code = -ret;
		found->restart_decided = 0;
		return 0;
	}
	in = *found;
	found->enter_ns = 0;	/* idle until this thread's next call */
	found->restart_ns = 0;
	found->restart_decided = 0;
	slots = in.vlen < MMSG_UIO_MAXIOV ? in.vlen : MMSG_UIO_MAXIOV;

	if (ret < 0) {
		/* counted by count_call */
	} else if (in.syscall == MMSG_SYS_SENDMMSG || in.syscall == MMSG_SYS_RECVMMSG) {
		msgs = ret;
		if (ret > 0)
			bytes = mmsg_bytes(in.ptr, ret < MMSG_UIO_MAXIOV ? (__u32)ret : MMSG_UIO_MAXIOV,
					   &faults);
		partial = ret > 0 && (__u64)ret < slots;
	} else {
		/* sendto/sendmsg: one message of ret bytes; short when fewer
		 * bytes went than were asked for */
		msgs = 1;
		bytes = ret;
		if (in.syscall == MMSG_SYS_SENDMSG)
			in.len = msghdr_bytes(in.ptr, &faults);
		partial = (__u64)ret < in.len;
	}
	count_call(pid_tgid, &in, ret, now, msgs, bytes, partial, faults);
	return 0;
}

static __always_inline bool enabled(__u32 sc)
{
	return syscall_mask & (1u << sc);
}

/* tp mode: one program pair per syscall, arguments from the tracepoint */

#define TP_PAIR(name, sc, fd, ptr, vlen, len, flags)                                    \
	SEC("tracepoint/syscalls/sys_enter_" #name)                                     \
	int tp_enter_##name(struct trace_event_raw_sys_enter *ctx)                      \
	{                                                                               \
		__u64 pid_tgid = bpf_get_current_pid_tgid();                            \
		if (!wanted(pid_tgid))                                                  \
			return 0;                                                       \
		return on_enter(pid_tgid, sc, fd, ptr, vlen, len, flags);               \
	}                                                                               \
	SEC("tracepoint/syscalls/sys_exit_" #name)                                      \
	int tp_exit_##name(struct trace_event_raw_sys_exit *ctx)                        \
	{                                                                               \
		__u64 pid_tgid = bpf_get_current_pid_tgid();                            \
		if (!wanted(pid_tgid))                                                  \
			return 0;                                                       \
		return on_exit(pid_tgid, ctx->ret);                                     \
	}

#define ARG(n) ctx->args[n]
/* sendmmsg/recvmmsg(fd, msgvec, vlen, flags[, timeout]) */
TP_PAIR(sendmmsg, MMSG_SYS_SENDMMSG, (__s32)ARG(0), ARG(1), (__u32)ARG(2), 0, (__u32)ARG(3))
TP_PAIR(recvmmsg, MMSG_SYS_RECVMMSG, (__s32)ARG(0), ARG(1), (__u32)ARG(2), 0, (__u32)ARG(3))
/* sendto(fd, buf, len, flags, addr, addrlen) */
TP_PAIR(sendto, MMSG_SYS_SENDTO, (__s32)ARG(0), ARG(1), 1, ARG(2), (__u32)ARG(3))
/* sendmsg(fd, msg, flags) */
TP_PAIR(sendmsg, MMSG_SYS_SENDMSG, (__s32)ARG(0), ARG(1), 1, 0, (__u32)ARG(2))

/*
 * raw mode: the raw sys_enter/sys_exit tracepoints, BTF-typed (tp_btf), so
 * the task's registers and task_struct are read with plain loads instead of
 * probe-read helper calls. Every syscall of the system passes here: the
 * syscall number is checked first.
 */

static __always_inline int syscall_of(__s64 nr)
{
	if (nr == nr_sendmmsg && enabled(MMSG_SYS_SENDMMSG))
		return MMSG_SYS_SENDMMSG;
	if (nr == nr_recvmmsg && enabled(MMSG_SYS_RECVMMSG))
		return MMSG_SYS_RECVMMSG;
	if (nr == nr_sendto && enabled(MMSG_SYS_SENDTO))
		return MMSG_SYS_SENDTO;
	if (nr == nr_sendmsg && enabled(MMSG_SYS_SENDMSG))
		return MMSG_SYS_SENDMSG;
	return -1;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(raw_enter, struct pt_regs *regs, long id)
{
	int sc = syscall_of(id);
	__u64 pid_tgid;

	if (sc < 0)
		return 0;
	pid_tgid = bpf_get_current_pid_tgid();
	/* (the driver, the only task of the drive mode, makes no ia32 calls) */
	if (!wanted(pid_tgid) || (select_mode != MMSG_SELECT_TGID && compat_syscall()))
		return 0;
	/* x86_64 syscall arguments: di, si, dx, r10 */
	switch (sc) {
	case MMSG_SYS_SENDTO:
		return on_enter(pid_tgid, sc, (__s32)regs->di, regs->si, 1, regs->dx,
				(__u32)regs->r10);
	case MMSG_SYS_SENDMSG:
		return on_enter(pid_tgid, sc, (__s32)regs->di, regs->si, 1, 0, (__u32)regs->dx);
	default:
		return on_enter(pid_tgid, sc, (__s32)regs->di, regs->si, (__u32)regs->dx, 0,
				(__u32)regs->r10);
	}
}

SEC("tp_btf/sys_exit")
int BPF_PROG(raw_exit, struct pt_regs *regs, long ret)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	/* the rodata-only filters are cheaper than reading the syscall number */
	bool cheap_filter = select_mode == MMSG_SELECT_ALL || select_mode == MMSG_SELECT_TGID;

	if (cheap_filter && !wanted(pid_tgid))
		return 0;
	if (syscall_of(regs->orig_ax) < 0)
		return 0;
	if (!cheap_filter && !wanted(pid_tgid))
		return 0;
	return on_exit(pid_tgid, ret);
}

/*
 * A signal is being delivered to a thread whose call returned a restart code:
 * with a handler that does not ask for SA_RESTART, the call ends with EINTR
 * (ERESTARTNOINTR calls are restarted anyway); with SA_RESTART it will be
 * restarted once the handler returns, and calls the handler makes meanwhile
 * set it aside (on_enter). Default actions restart the call (stop, ignore)
 * or end the thread (raw_task_exit counts it then).
 * Rare: no cost on the syscall path.
 */
SEC("raw_tp/signal_deliver")
int raw_signal_deliver(struct bpf_raw_tracepoint_args *ctx)
{
	struct k_sigaction *ka = (struct k_sigaction *)ctx->args[2];
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid;
	struct inflight *in = inflight_find(tid);
	unsigned long handler, flags;

	/* only the first handler decides: the kernel rewrites the return
	 * value for it, and later signals find no syscall to restart */
	if (!in || !in->enter_ns || !in->restart_ns || in->restart_decided)
		return 0;
	handler = (unsigned long)BPF_CORE_READ(ka, sa.sa_handler);
	flags = BPF_CORE_READ(ka, sa.sa_flags);
	/* SIG_DFL is 0, SIG_IGN 1: no handler runs, nothing is decided yet */
	if (handler <= 1)
		return 0;
	if (in->restart_code == ERESTARTNOINTR ||
	    (in->restart_code == ERESTARTSYS && (flags & SA_RESTART)))
		in->restart_decided = 1;
	else
		count_interrupted(pid_tgid, in);
	return 0;
}

/* -p: a watched process's children are watched too; -p/-t: exits reported;
 * every mode: the in-flight entry of an exiting thread is reclaimed */

static __always_inline void task_record(__u32 event, __u32 pid, __u32 child, struct task_struct *task)
{
	struct mmsg_task_record *rec = bpf_ringbuf_reserve(&events, sizeof(*rec), 0);

	if (!rec) {
		struct mmsg_totals *t = totals_of(MMSG_SYS_SENDMMSG);

		if (t)
			t->lost_events++;
		return;
	}
	rec->type = MMSG_REC_TASK;
	rec->event = event;
	rec->ns = bpf_ktime_get_ns();
	rec->pid = pid;
	rec->child = child;
	bpf_probe_read_kernel_str(rec->comm, sizeof(rec->comm), &task->comm);
	/* rare and worth seeing at once */
	bpf_ringbuf_submit(rec, 0);
}

SEC("raw_tp/sched_process_fork")
int raw_fork(struct bpf_raw_tracepoint_args *ctx)
{
	struct task_struct *parent = (struct task_struct *)ctx->args[0];
	struct task_struct *child = (struct task_struct *)ctx->args[1];
	__u32 ptgid = BPF_CORE_READ(parent, tgid), ctgid = BPF_CORE_READ(child, tgid);
	static const __u8 one = 1;

	/* a new thread shares its tgid: nothing to add */
	if (select_mode != MMSG_SELECT_TGID_SET || ctgid == ptgid || !bpf_map_lookup_elem(&targets, &ptgid))
		return 0;
	if (bpf_map_update_elem(&targets, &ctgid, &one, BPF_ANY)) {
		struct mmsg_totals *t = totals_of(MMSG_SYS_SENDMMSG);

		if (t)
			t->targets_overflow++;
		return 0;
	}
	task_record(MMSG_TASK_FORK, ptgid, ctgid, child);
	return 0;
}

SEC("raw_tp/sched_process_exit")
int raw_task_exit(struct bpf_raw_tracepoint_args *ctx)
{
	/* runs in the exiting thread: current is args[0] */
	struct task_struct *task = (struct task_struct *)ctx->args[0];
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)pid_tgid, id;
	struct inflight *in = inflight_find(tid);

	/* a call cut short by the signal that ends the thread never returns */
	if (in && in->enter_ns && in->restart_ns)
		count_interrupted(pid_tgid, in);
	if (in && in->has_parked) {
		struct inflight *p = bpf_map_lookup_elem(&parked, &tid);

		if (p)
			count_interrupted(pid_tgid, p);
		bpf_map_delete_elem(&parked, &tid);
	}
	/* a dead thread's in-flight entry would hold a slot until the end */
	if (in)
		inflight_release(tid);

	if (select_mode == MMSG_SELECT_TGID_SET) {
		/* the process is gone when its last thread exits: do_exit
		 * drops signal->live before this tracepoint fires */
		if (BPF_CORE_READ(task, signal, live.counter) != 0)
			return 0;
		id = pid_tgid >> 32;
	} else if (select_mode == MMSG_SELECT_TID_SET) {
		id = tid;
	} else {
		return 0;
	}
	if (bpf_map_delete_elem(&targets, &id))
		return 0;	/* not watched */
	task_record(MMSG_TASK_EXIT, id, 0, task);
	return 0;
}
