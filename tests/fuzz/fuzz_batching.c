// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libFuzzer target: the batching report (batching.c).
 *
 * Input: the burst gap, then send records (pid from a few, fd from -128..127,
 * any syscall index, enter/exit times that go forward, overlap or go back,
 * msgs often 0 or 1), then report parameters.
 *
 * A model applies the rules batching.h states (successful calls only, a
 * send joins the open burst when it starts within gap of the burst's end
 * or before it and no receive with data came since, ceil(msgs / 1024)
 * calls per burst, the added wait of a burst of two or more calls). For
 * each pid, the report must list exactly the fds with a single-message
 * send or a successful recvmmsg, in order of
 * calls_avoided (then fd), the first max of them; and each entry must match
 * the model: calls, calls by syscall, msgs, bursts, calls_if_batched <=
 * calls, calls_avoided = calls - calls_if_batched, send time, exact burst
 * percentiles, the added waits, the receives, the rates; and the process
 * report must add its fds up and give the verdict the model gives. (A call
 * with more than 1024 messages, which no kernel returns, may make
 * calls_if_batched exceed calls: calls_avoided is then 0, never negative.)
 * The report is then encoded as JSON.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/batching.h"
#include "common.h"
#include "report/json.h"

#define MAX_RECORDS 6000
#define MAX_FDS 1024
#define NPIDS 4

static const uint32_t pids[NPIDS] = { 1, 2, 0, UINT32_MAX };

struct model_fd {
	uint32_t pid;
	int32_t fd;
	uint64_t calls, calls_by_syscall[MMSG_SYS_COUNT], single_calls, msgs, send_time;
	uint64_t *bursts;	/* closed burst sizes */
	size_t nbursts, cap;
	uint64_t calls_if_batched;	/* closed bursts */
	uint64_t open_msgs, open_end;
	uint64_t open_calls, open_first, open_last;	/* calls, first and last entry */
	bool cut;		/* a receive with data since the open burst's last send */
	uint64_t *waits;	/* added waits of closed bursts of two or more calls */
	size_t nwaits, capw;
	uint64_t receives, cuts, recvmmsg_calls, recvmmsg_multi;
	uint32_t ret_max, vlen_max;
	bool oversize;		/* a call carried more than 1024 messages */
};

struct model {
	struct model_fd fds[MAX_FDS];
	size_t n;
	uint16_t index[NPIDS][256];	/* by pid and fd + 128: fds[] entry + 1, 0 = none */
	uint64_t gap;
};

static uint64_t burst_calls(uint64_t msgs)
{
	return (msgs + MMSG_UIO_MAXIOV - 1) / MMSG_UIO_MAXIOV;
}

/* the model's state of (pid, fd): pid is one of pids[], fd in -128..127 */
static struct model_fd *model_fd(struct model *m, uint32_t pid, int32_t fd)
{
	unsigned p = 0;
	uint16_t *ix;

	while (pids[p] != pid)
		p++;
	ix = &m->index[p][fd + 128];
	if (*ix)
		return &m->fds[*ix - 1];
	FUZZ_CHECK(m->n < MAX_FDS);
	m->fds[m->n].pid = pid;
	m->fds[m->n].fd = fd;
	*ix = (uint16_t)++m->n;
	return &m->fds[m->n - 1];
}

static bool pid_fd_seen(const struct model *m, uint32_t pid, int32_t fd)
{
	unsigned p = 0;

	while (pids[p] != pid)
		p++;
	return m->index[p][fd + 128] != 0;
}

static void push(uint64_t **v, size_t *n, size_t *cap, uint64_t x)
{
	if (*n == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		*v = realloc(*v, *cap * sizeof(**v));
		FUZZ_CHECK(*v != NULL);
	}
	(*v)[(*n)++] = x;
}

static uint64_t model_open_wait(const struct model_fd *s)
{
	return s->open_calls > 1 ? s->open_last - s->open_first : 0;
}

static bool is_recv(unsigned sc)
{
	return sc == MMSG_SYS_RECVMMSG || sc == MMSG_SYS_RECVFROM || sc == MMSG_SYS_RECVMSG;
}

static int model_add(struct model *m, uint32_t pid, int32_t fd, unsigned sc, uint64_t enter,
		     uint64_t exit, uint32_t msgs, uint32_t vlen)
{
	struct model_fd *s;

	if (sc >= MMSG_SYS_COUNT)
		return -EINVAL;
	if (!msgs)
		return 0;
	s = model_fd(m, pid, fd);
	if (is_recv(sc)) {
		s->receives++;
		if (s->calls && !s->cut) {
			s->cut = true;
			s->cuts++;
		}
		if (sc == MMSG_SYS_RECVMMSG) {
			s->recvmmsg_calls++;
			s->recvmmsg_multi += msgs > 1;
			if (msgs > s->ret_max)
				s->ret_max = msgs;
			if (vlen > s->vlen_max)
				s->vlen_max = vlen;
		}
		return 0;
	}
	if (s->calls && !s->cut && (enter <= s->open_end || enter - s->open_end <= m->gap)) {
		if (exit > s->open_end)
			s->open_end = exit;
		if (enter > s->open_last)
			s->open_last = enter;
		if (enter < s->open_first)
			s->open_first = enter;
		s->open_msgs += msgs;
		s->open_calls++;
	} else {
		if (s->calls) {
			push(&s->bursts, &s->nbursts, &s->cap, s->open_msgs);
			if (s->open_calls > 1)
				push(&s->waits, &s->nwaits, &s->capw, model_open_wait(s));
			s->calls_if_batched += burst_calls(s->open_msgs);
		}
		s->open_end = exit;
		s->open_msgs = msgs;
		s->open_calls = 1;
		s->open_first = s->open_last = enter;
		s->cut = false;
	}
	s->oversize |= msgs > MMSG_UIO_MAXIOV;
	s->calls++;
	s->calls_by_syscall[sc]++;
	s->single_calls += msgs == 1;
	s->msgs += msgs;
	if (exit > enter)
		s->send_time += exit - enter;
	return 0;
}

static uint64_t model_batched(const struct model_fd *s)
{
	return s->calls_if_batched + (s->calls ? burst_calls(s->open_msgs) : 0);
}

/* never negative: only a call with more than 1024 messages (which no kernel
 * returns) makes one sendmmsg per burst need more calls than were made */
static uint64_t model_avoided(const struct model_fd *s)
{
	uint64_t batched = model_batched(s);

	return s->calls > batched ? s->calls - batched : 0;
}

static int cmp_u64(const void *pa, const void *pb)
{
	uint64_t a = *(const uint64_t *)pa, b = *(const uint64_t *)pb;

	return (a > b) - (a < b);
}

static int cmp_report(const void *pa, const void *pb)
{
	const struct model_fd *a = *(struct model_fd *const *)pa, *b = *(struct model_fd *const *)pb;
	uint64_t x = model_avoided(a), y = model_avoided(b);

	if (x != y)
		return x > y ? -1 : 1;
	return (a->fd > b->fd) - (a->fd < b->fd);
}

static size_t rank(size_t n, unsigned permille)
{
	size_t r = (n * permille + 999) / 1000;

	return r ? r : 1;
}

static void check_entry(const struct batching_fd *e, const struct model_fd *s, double seconds,
			double per_call_ns)
{
	uint64_t batched = model_batched(s), avoided = model_avoided(s);
	size_t nb = s->nbursts + (s->calls ? 1 : 0);
	uint64_t *sizes = malloc((nb + 1) * sizeof(*sizes));
	uint64_t *waits = malloc((s->nwaits + 1) * sizeof(*waits));
	size_t nw = s->nwaits;
	double pc = per_call_ns > 0 ? per_call_ns : 0;

	FUZZ_CHECK(sizes != NULL && waits != NULL);
	FUZZ_CHECK(e->receives == s->receives && e->bursts_cut_by_receive == s->cuts);
	FUZZ_CHECK(e->recvmmsg_calls == s->recvmmsg_calls && e->recvmmsg_multi == s->recvmmsg_multi);
	FUZZ_CHECK(e->recvmmsg_ret_max == s->ret_max && e->recvmmsg_vlen_max == s->vlen_max);
	/* added waits: the closed joined bursts and the open one, exact here */
	if (nw)
		memcpy(waits, s->waits, nw * sizeof(*waits));
	if (s->open_calls > 1)
		waits[nw++] = model_open_wait(s);
	qsort(waits, nw, sizeof(*waits), cmp_u64);
	FUZZ_CHECK(e->joined_bursts == nw);
	FUZZ_CHECK(e->added_wait_ns.valid == (nw > 0));
	if (nw) {
		FUZZ_CHECK(e->added_wait_ns.exact && e->added_wait_ns.count == nw);
		FUZZ_CHECK(e->added_wait_ns.max == waits[nw - 1]);
		FUZZ_CHECK(e->added_wait_ns.p50 == waits[rank(nw, 500) - 1]);
		FUZZ_CHECK(e->added_wait_ns.p99 == waits[rank(nw, 990) - 1]);
	}
	free(waits);
	if (!s->calls) {
		/* an fd that only received */
		FUZZ_CHECK(e->calls == 0 && e->bursts == 0 && e->msgs_per_call == 0);
		FUZZ_CHECK(!e->burst_msgs.valid && e->calls_avoided == 0);
		free(sizes);
		return;
	}
	FUZZ_CHECK(e->pid == s->pid && e->fd == s->fd);
	FUZZ_CHECK(e->calls == s->calls && e->single_calls == s->single_calls);
	FUZZ_CHECK(!memcmp(e->calls_by_syscall, s->calls_by_syscall, sizeof(s->calls_by_syscall)));
	FUZZ_CHECK(e->calls_by_syscall[MMSG_SYS_RECVMMSG] == 0);
	FUZZ_CHECK(e->calls_by_syscall[MMSG_SYS_RECVFROM] == 0);
	FUZZ_CHECK(e->calls_by_syscall[MMSG_SYS_RECVMSG] == 0);
	FUZZ_CHECK(e->msgs == s->msgs);
	FUZZ_CHECK(e->bursts == nb);
	FUZZ_CHECK(e->calls_if_batched == batched);
	FUZZ_CHECK(e->calls_avoided == avoided);
	if (!s->oversize) {
		FUZZ_CHECK(e->calls_if_batched <= e->calls);
		FUZZ_CHECK(e->calls_avoided == e->calls - e->calls_if_batched);
	}
	FUZZ_CHECK(e->send_time_ns == s->send_time);
	FUZZ_CHECK(e->msgs_per_call == (double)s->msgs / (double)s->calls);
	FUZZ_CHECK(e->burst_msgs_mean == (double)s->msgs / (double)nb);

	/* bursts: the closed ones and the open one, exact at these counts */
	if (s->nbursts)
		memcpy(sizes, s->bursts, s->nbursts * sizeof(*sizes));
	sizes[s->nbursts] = s->open_msgs;
	qsort(sizes, nb, sizeof(*sizes), cmp_u64);
	FUZZ_CHECK(e->burst_msgs.valid && e->burst_msgs.exact);
	FUZZ_CHECK(e->burst_msgs.count == nb);
	FUZZ_CHECK(e->burst_msgs.max == sizes[nb - 1]);
	FUZZ_CHECK(e->burst_msgs.p50 == sizes[rank(nb, 500) - 1]);
	FUZZ_CHECK(e->burst_msgs.p90 == sizes[rank(nb, 900) - 1]);
	FUZZ_CHECK(e->burst_msgs.p99 == sizes[rank(nb, 990) - 1]);

	/* rates: 0 outside the preconditions, never NaN from them */
	FUZZ_CHECK(e->per_call_ns == pc || (isnan(per_call_ns) && e->per_call_ns == 0));
	if (seconds > 0) {
		FUZZ_CHECK(e->avoided_per_s == (double)avoided / seconds);
		FUZZ_CHECK(e->saved_ns_per_s == e->avoided_per_s * pc || isnan(e->saved_ns_per_s));
	} else {
		FUZZ_CHECK(e->avoided_per_s == 0 && e->saved_ns_per_s == 0);
	}
	if (!s->send_time)
		FUZZ_CHECK(e->saved_pct_of_send_time == 0);
	free(sizes);
}

static void check_json(const struct batching_process *p, const struct batching_fd *out, size_t n,
		       uint32_t pid)
{
	struct procstats_task t;
	struct fuzz_capture c;
	struct json_object *obj, *obj_b;

	memset(&t, 0, sizeof(t));
	t.pid = pid;
	fuzz_capture_begin(&c);
	json__process(c.f, &t, false, p, out, n, NULL);
	fuzz_capture_end(&c);
	obj = fuzz_check_json_line(c.buf, c.len, "process");
	obj_b = fuzz_json_get(obj, "batching", json_type_object);
	FUZZ_CHECK(json_object_array_length(fuzz_json_get(obj_b, "per_fd", json_type_array)) == n);
	FUZZ_CHECK(!strcmp(json_object_get_string(fuzz_json_get(obj_b, "verdict", json_type_string)),
			   batching__verdict_name(p->verdict)));
	json_object_put(obj);
	fuzz_capture_free(&c);
}

/* the process report: the sums of its fds, the waits of all, the verdict */
static void check_process(const struct batching_process *p, const struct model *m, uint32_t pid,
			  double per_call_ns, bool watched)
{
	uint64_t calls = 0, msgs = 0, multi = 0, saved = 0, send_time = 0, nwaits = 0, maxw = 0;
	double pc = per_call_ns > 0 ? per_call_ns : 0;
	enum batching_verdict want;

	for (size_t i = 0; i < m->n; i++) {
		const struct model_fd *s = &m->fds[i];

		if (s->pid != pid)
			continue;
		calls += s->calls;
		msgs += s->msgs;
		multi += s->msgs - s->single_calls;
		saved += model_avoided(s);
		send_time += s->send_time;
		for (size_t k = 0; k < s->nwaits; k++) {
			nwaits++;
			if (s->waits[k] > maxw)
				maxw = s->waits[k];
		}
		if (s->open_calls > 1) {
			nwaits++;
			if (model_open_wait(s) > maxw)
				maxw = model_open_wait(s);
		}
	}
	FUZZ_CHECK(p->calls == calls && p->msgs == msgs && p->multi_msgs == multi);
	FUZZ_CHECK(p->calls_saved == saved && p->send_time_ns == send_time);
	FUZZ_CHECK(p->receives_watched == watched);
	FUZZ_CHECK(p->added_wait_ns.valid == (nwaits > 0));
	if (nwaits)
		FUZZ_CHECK(p->added_wait_ns.count == nwaits && p->added_wait_ns.max == maxw);
	if (!calls)
		want = BATCHING_NOTHING_TO_BATCH;
	else if (!watched)
		want = BATCHING_UNKNOWN;
	else if ((double)multi >= BATCHING_BATCHED_SHARE * (double)msgs)
		want = BATCHING_ALREADY_BATCHED;
	else if (!saved)
		want = BATCHING_NOTHING_TO_BATCH;
	else
		want = p->saved_pct_of_send_time < BATCHING_LITTLE_PCT ? BATCHING_LITTLE_TO_GAIN :
									   BATCHING_WORTH_IT;
	FUZZ_CHECK(p->verdict == want);
	if (send_time)
		FUZZ_CHECK(p->saved_pct_of_send_time == 100.0 * (double)saved * pc / (double)send_time ||
			   isnan(p->saved_pct_of_send_time));
}

static void check_report(const struct batching *b, struct model *m, uint32_t pid, double seconds,
			 double per_call_ns, size_t max)
{
	struct model_fd *want[MAX_FDS];
	struct batching_fd *out = malloc((max ? max : 1) * sizeof(*out));
	size_t n = 0, count;
	struct batching_process p;
	bool watched = per_call_ns > 1000;	/* either way, from the input */

	FUZZ_CHECK(out != NULL);
	for (size_t i = 0; i < m->n; i++)
		if (m->fds[i].pid == pid && (m->fds[i].single_calls || m->fds[i].recvmmsg_calls))
			want[n++] = &m->fds[i];
	qsort(want, n, sizeof(*want), cmp_report);

	count = batching__report(b, pid, seconds, per_call_ns, max ? out : NULL, max);
	FUZZ_CHECK(count == n);
	for (size_t i = 0; i < n && i < max; i++)
		check_entry(&out[i], want[i], seconds, per_call_ns);
	batching__process(b, pid, seconds, per_call_ns, watched, &p);
	check_process(&p, m, pid, per_call_ns, watched);
	check_json(&p, out, n < max ? n : max, pid);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	struct model *m = calloc(1, sizeof(*m));
	uint8_t gsel = fuzz_u8(&in);
	uint64_t clock = 0;
	struct batching *b;
	unsigned nrec;

	FUZZ_CHECK(m != NULL);
	/* gaps: 0, small, around the default 100us, or anything */
	switch (gsel & 3) {
	case 0: m->gap = 0; break;
	case 1: m->gap = fuzz_u8(&in); break;
	case 2: m->gap = 100000; break;
	default: m->gap = fuzz_u64_shaped(&in); break;
	}
	b = batching__new(m->gap);
	FUZZ_CHECK(b != NULL);

	nrec = fuzz_u16(&in);
	for (unsigned i = 0; i < nrec && i < MAX_RECORDS && in.left; i++) {
		uint8_t k = fuzz_u8(&in), ms = fuzz_u8(&in);
		uint32_t pid = pids[k & 3];
		int32_t fd = (int8_t)fuzz_u8(&in);
		unsigned sc = k >> 2 & 7;	/* 0..7: receives and out of range too */
		uint64_t enter, exit;
		uint32_t msgs;
		int rc;

		/*
		 * time mostly moves forward by small steps; sometimes jumps or
		 * goes back; sometimes the call starts right at the gap's edge
		 * (the end of this fd's burst + gap, -1, 0 or +1)
		 */
		switch (k >> 5 & 3) {
		case 0:
		case 2:
			clock += fuzz_u8(&in);
			break;
		case 1:
			clock = fuzz_u64_shaped(&in);
			break;
		default:
			if (pid_fd_seen(m, pid, fd))
				clock = model_fd(m, pid, fd)->open_end + m->gap + fuzz_u8(&in) % 3 - 1;
			break;
		}
		enter = clock;
		exit = k & 0x80 ? enter - fuzz_u8(&in) : enter + fuzz_u8(&in);
		/* mostly 0 or 1; up to 1024 (UIO_MAXIOV); rarely more, which no
		 * kernel returns */
		if (ms < 64)
			msgs = 0;
		else if (ms < 192)
			msgs = 1;
		else if (ms < 254)
			msgs = 1 + fuzz_u16(&in) % MMSG_UIO_MAXIOV;
		else
			msgs = (uint32_t)fuzz_u64_shaped(&in);

		rc = batching__add(b, pid, fd, sc, enter, exit, msgs, ms);
		FUZZ_CHECK(rc == model_add(m, pid, fd, sc, enter, exit, msgs, ms));

		/* sometimes a long run of one-message bursts on this fd: past
		 * 4096 closed bursts batching.c moves their sizes to a store */
		if (ms == 255 && (k & 0x80)) {
			unsigned reps = fuzz_u16(&in) % (MAX_RECORDS - i);

			for (unsigned r = 0; r < reps; r++, i++) {
				clock += m->gap + 1;	/* past the gap (or wrapped around) */
				rc = batching__add(b, pid, fd, MMSG_SYS_SENDTO, clock, clock, 1, 1);
				FUZZ_CHECK(rc == model_add(m, pid, fd, MMSG_SYS_SENDTO, clock, clock, 1, 1));
			}
		}
	}

	/* a report per pid, with fuzzed seconds, cost and max */
	for (unsigned i = 0; i < NPIDS; i++) {
		double seconds = fuzz_double(&in), per_call_ns = fuzz_double(&in);
		size_t max = fuzz_u8(&in) % 12;

		check_report(b, m, pids[i], seconds, per_call_ns, max);
		/* the report changes nothing: the same again */
		check_report(b, m, pids[i], seconds, per_call_ns, max);
	}

	batching__free(b);
	for (size_t i = 0; i < m->n; i++) {
		free(m->fds[i].bursts);
		free(m->fds[i].waits);
	}
	free(m);
	return 0;
}
