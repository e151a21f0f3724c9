// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libFuzzer target: the batching report (batching.c).
 *
 * Input: the burst gap, then send records (pid from a few, fd from -128..127,
 * any syscall index, enter/exit times that go forward, overlap or go back,
 * msgs often 0 or 1), then report parameters.
 *
 * A model applies the rules batching.h states (successful sends only, a
 * call joins the open burst when it starts within gap of the burst's end
 * or before it, ceil(msgs / 1024) calls per burst). For each pid, the
 * report must list exactly the fds with a single-message call, in order of
 * calls_avoided (then fd), the first max of them; and each entry must match
 * the model: calls, calls by syscall, msgs, bursts, calls_if_batched <=
 * calls, calls_avoided = calls - calls_if_batched, send time, exact burst
 * percentiles, the rates. (A call with more than 1024 messages, which no
 * kernel returns, may make calls_if_batched exceed calls: calls_avoided is
 * then 0, never negative.) The report is then encoded as JSON.
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

static int model_add(struct model *m, uint32_t pid, int32_t fd, unsigned sc, uint64_t enter,
		     uint64_t exit, uint32_t msgs)
{
	struct model_fd *s;

	/* the receives take no part */
	if (sc >= MMSG_SYS_COUNT || sc == MMSG_SYS_RECVMMSG || sc == MMSG_SYS_RECVFROM ||
	    sc == MMSG_SYS_RECVMSG)
		return -EINVAL;
	if (!msgs)
		return 0;
	s = model_fd(m, pid, fd);
	if (s->calls && (enter <= s->open_end || enter - s->open_end <= m->gap)) {
		if (exit > s->open_end)
			s->open_end = exit;
		s->open_msgs += msgs;
	} else {
		if (s->calls) {
			if (s->nbursts == s->cap) {
				s->cap = s->cap ? 2 * s->cap : 8;
				s->bursts = realloc(s->bursts, s->cap * sizeof(*s->bursts));
				FUZZ_CHECK(s->bursts != NULL);
			}
			s->bursts[s->nbursts++] = s->open_msgs;
			s->calls_if_batched += burst_calls(s->open_msgs);
		}
		s->open_end = exit;
		s->open_msgs = msgs;
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
	size_t nb = s->nbursts + 1;
	uint64_t *sizes = malloc(nb * sizeof(*sizes));
	double pc = per_call_ns > 0 ? per_call_ns : 0;

	FUZZ_CHECK(sizes != NULL);
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

static void check_json(const struct batching_fd *out, size_t n, uint32_t pid)
{
	struct procstats_task t;
	struct fuzz_capture c;
	struct json_object *obj;

	memset(&t, 0, sizeof(t));
	t.pid = pid;
	fuzz_capture_begin(&c);
	json__process(c.f, &t, false, out, n);
	fuzz_capture_end(&c);
	obj = fuzz_check_json_line(c.buf, c.len, "process");
	FUZZ_CHECK(json_object_array_length(fuzz_json_get(obj, "batching", json_type_array)) == n);
	json_object_put(obj);
	fuzz_capture_free(&c);
}

static void check_report(const struct batching *b, struct model *m, uint32_t pid, double seconds,
			 double per_call_ns, size_t max)
{
	struct model_fd *want[MAX_FDS];
	struct batching_fd *out = malloc((max ? max : 1) * sizeof(*out));
	size_t n = 0, count;

	FUZZ_CHECK(out != NULL);
	for (size_t i = 0; i < m->n; i++)
		if (m->fds[i].pid == pid && m->fds[i].single_calls)
			want[n++] = &m->fds[i];
	qsort(want, n, sizeof(*want), cmp_report);

	count = batching__report(b, pid, seconds, per_call_ns, max ? out : NULL, max);
	FUZZ_CHECK(count == n);
	for (size_t i = 0; i < n && i < max; i++)
		check_entry(&out[i], want[i], seconds, per_call_ns);
	check_json(out, n < max ? n : max, pid);
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
		unsigned sc = k >> 2 & 7;	/* 0..7: recvmmsg and out of range too */
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

		rc = batching__add(b, pid, fd, sc, enter, exit, msgs);
		FUZZ_CHECK(rc == model_add(m, pid, fd, sc, enter, exit, msgs));

		/* sometimes a long run of one-message bursts on this fd: past
		 * 4096 closed bursts batching.c moves their sizes to a store */
		if (ms == 255 && (k & 0x80)) {
			unsigned reps = fuzz_u16(&in) % (MAX_RECORDS - i);

			for (unsigned r = 0; r < reps; r++, i++) {
				clock += m->gap + 1;	/* past the gap (or wrapped around) */
				rc = batching__add(b, pid, fd, MMSG_SYS_SENDTO, clock, clock, 1);
				FUZZ_CHECK(rc == model_add(m, pid, fd, MMSG_SYS_SENDTO, clock, clock, 1));
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
	for (size_t i = 0; i < m->n; i++)
		free(m->fds[i].bursts);
	free(m);
	return 0;
}
