// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The batching report: per-(pid, fd) bursts of send calls (see batching.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common/record.h"
#include "core/batching.h"

#define BATCHING_TABLE_MIN 64		/* slots; a power of two */
/*
 * Burst sizes are kept in a plain array until an fd has this many closed
 * bursts, then move to a latency_store: a store costs ~58 KiB of buckets
 * up front, too much for every one of thousands of short-lived fds.
 */
#define BATCHING_SMALL_CAP 4096
#define BATCHING_EXACT_CAP ((size_t)1 << 20)	/* exact percentiles up to this many bursts */

/*
 * Values kept for percentiles: in a plain array until there are
 * BATCHING_SMALL_CAP of them, then in a latency_store.
 */
struct samples {
	uint64_t *v;
	size_t n, cap;
	bool promoted;			/* moved to store */
	struct latency_store store;
};

struct fd_state {
	bool used;			/* slot holds an fd (or a process: BATCHING_PROCESS_FD) */
	uint32_t pid;
	int32_t fd;
	uint64_t calls;
	uint64_t calls_by_syscall[MMSG_SYS_COUNT];
	uint64_t single_calls;
	uint64_t msgs;
	uint64_t send_time_ns;
	/* closed bursts */
	uint64_t closed_bursts;
	uint64_t closed_calls_if_batched;
	uint64_t closed_joined;		/* of two or more calls */
	struct samples sizes;		/* messages of each closed burst */
	struct samples waits;		/* added wait of each closed joined burst */
	/* the open burst: there is one whenever calls > 0 */
	uint64_t open_msgs;
	uint64_t open_calls;
	uint64_t open_first_enter_ns, open_last_enter_ns;
	uint64_t open_end_ns;		/* latest exit_ns of its calls */
	bool open_cut;			/* a receive came after it: the next send starts anew */
	/* receives */
	uint64_t receives, cut_by_receive;
	uint64_t recvmmsg_calls, recvmmsg_multi;
	uint32_t recvmmsg_ret_max, recvmmsg_vlen_max;
};

struct batching {
	uint64_t gap_ns;
	struct fd_state *slots;		/* open addressing, linear probing */
	size_t cap, used;		/* cap: a power of two; used <= cap / 2 */
};

/* the calls one sendmmsg per burst needs: ceil(msgs / UIO_MAXIOV) (a burst has msgs >= 1) */
static uint64_t burst_calls(uint64_t msgs)
{
	return msgs / MMSG_UIO_MAXIOV + (msgs % MMSG_UIO_MAXIOV != 0);
}

static size_t slot_of(uint32_t pid, int32_t fd, size_t cap)
{
	/* splitmix64 finalizer over the packed key */
	uint64_t h = (uint64_t)pid << 32 | (uint32_t)fd;

	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return (size_t)h & (cap - 1);
}

/* the slot of (pid, fd), or the empty slot where it belongs */
static struct fd_state *table_slot(struct fd_state *slots, size_t cap, uint32_t pid, int32_t fd)
{
	size_t i = slot_of(pid, fd, cap);

	while (slots[i].used && (slots[i].pid != pid || slots[i].fd != fd))
		i = (i + 1) & (cap - 1);
	return &slots[i];
}

static const struct fd_state *table_find(const struct batching *b, uint32_t pid, int32_t fd)
{
	const struct fd_state *s = table_slot(b->slots, b->cap, pid, fd);

	return s->used ? s : NULL;
}

/* make room for one more fd; on failure nothing changes */
static int table_reserve(struct batching *b)
{
	struct fd_state *slots;
	size_t cap = b->cap * 2;

	if ((b->used + 1) * 2 <= b->cap)
		return 0;
	slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	for (size_t i = 0; i < b->cap; i++)
		if (b->slots[i].used)
			*table_slot(slots, cap, b->slots[i].pid, b->slots[i].fd) = b->slots[i];
	free(b->slots);
	b->slots = slots;
	b->cap = cap;
	return 0;
}

/* the state of (pid, fd), created if new; NULL when out of memory (nothing changed then) */
static struct fd_state *batching__state(struct batching *b, uint32_t pid, int32_t fd)
{
	struct fd_state *s = table_slot(b->slots, b->cap, pid, fd);

	if (s->used)
		return s;
	if (table_reserve(b))
		return NULL;
	/* the table may have moved */
	s = table_slot(b->slots, b->cap, pid, fd);
	s->used = true;
	s->pid = pid;
	s->fd = fd;
	b->used++;
	return s;
}

static void samples__free(struct samples *m)
{
	free(m->v);
	if (m->promoted)
		latency_store__free(&m->store);
}

/* move the values to a latency_store; on failure nothing changes */
static int samples__promote(struct samples *m)
{
	int err = latency_store__init(&m->store, BATCHING_EXACT_CAP);

	if (err)
		return err;
	for (size_t i = 0; i < m->n; i++)
		latency_store__add(&m->store, m->v[i]);
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
	m->promoted = true;
	return 0;
}

/* room for one more value, so that samples__push cannot fail; on failure nothing changes */
static int samples__reserve(struct samples *m)
{
	size_t cap;
	uint64_t *grown;

	if (m->promoted)
		return 0;
	if (m->n == BATCHING_SMALL_CAP)
		return samples__promote(m);
	if (m->n < m->cap)
		return 0;
	cap = m->cap ? m->cap * 2 : 8;
	if (cap > BATCHING_SMALL_CAP)
		cap = BATCHING_SMALL_CAP;
	grown = realloc(m->v, cap * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	m->v = grown;
	m->cap = cap;
	return 0;
}

/* after samples__reserve */
static void samples__push(struct samples *m, uint64_t v)
{
	if (m->promoted)
		latency_store__add(&m->store, v);
	else
		m->v[m->n++] = v;
}

/* whether every value is still at hand (not only in buckets) */
static bool samples__exact(const struct samples *m)
{
	return !m->promoted || (!m->store.overflowed && m->store.n == m->store.count);
}

/* the values one by one (only while samples__exact) */
static size_t samples__values(const struct samples *m, const uint64_t **v)
{
	*v = m->promoted ? m->store.samples : m->v;
	return m->promoted ? m->store.n : m->n;
}

static void fd_state__free(struct fd_state *s)
{
	samples__free(&s->sizes);
	samples__free(&s->waits);
}

struct batching *batching__new(uint64_t gap_ns)
{
	struct batching *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->gap_ns = gap_ns;
	b->cap = BATCHING_TABLE_MIN;
	b->slots = calloc(b->cap, sizeof(*b->slots));
	if (!b->slots) {
		free(b);
		return NULL;
	}
	return b;
}

void batching__free(struct batching *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->cap; i++)
		if (b->slots[i].used)
			fd_state__free(&b->slots[i]);
	free(b->slots);
	free(b);
}

/* ns as an integer, rounded; UINT64_MAX past it (a huge per-call cost) */
static uint64_t ns_u64(double ns)
{
	return ns < 18446744073709549568.0 ? (uint64_t)(ns + 0.5) : UINT64_MAX;
}

/* the open burst's added wait (0 for a burst of one call) */
static uint64_t open_wait(const struct fd_state *s)
{
	return s->open_calls > 1 ? s->open_last_enter_ns - s->open_first_enter_ns : 0;
}

/* close the open burst of s (there is one), its wait also into the process's;
 * on failure nothing changes */
static int close_burst(struct batching *b, struct fd_state **sp)
{
	struct fd_state *s = *sp, *proc = NULL;
	uint32_t pid = s->pid;
	int32_t fd = s->fd;
	int err;

	if (s->open_calls > 1) {
		proc = batching__state(b, pid, BATCHING_PROCESS_FD);
		/* the table may have moved */
		*sp = s = (struct fd_state *)table_find(b, pid, fd);
		if (!proc)
			return -ENOMEM;
		if ((err = samples__reserve(&s->waits)) || (err = samples__reserve(&proc->waits)))
			return err;
	}
	if ((err = samples__reserve(&s->sizes)))
		return err;
	if (proc) {
		samples__push(&s->waits, open_wait(s));
		samples__push(&proc->waits, open_wait(s));
		s->closed_joined++;
	}
	samples__push(&s->sizes, s->open_msgs);
	s->closed_bursts++;
	s->closed_calls_if_batched += burst_calls(s->open_msgs);
	return 0;
}

/* a receive that got data: the next send cannot join the open burst */
static int add_receive(struct batching *b, uint32_t pid, int32_t fd, unsigned syscall,
		       uint32_t msgs, uint32_t vlen)
{
	struct fd_state *s = batching__state(b, pid, fd);

	if (!s)
		return -ENOMEM;
	s->receives++;
	if (s->calls && !s->open_cut) {
		s->open_cut = true;
		s->cut_by_receive++;
	}
	if (syscall == MMSG_SYS_RECVMMSG) {
		s->recvmmsg_calls++;
		s->recvmmsg_multi += msgs > 1;
		if (msgs > s->recvmmsg_ret_max)
			s->recvmmsg_ret_max = msgs;
		if (vlen > s->recvmmsg_vlen_max)
			s->recvmmsg_vlen_max = vlen;
	}
	return 0;
}

int batching__add(struct batching *b, uint32_t pid, int32_t fd, unsigned syscall, uint64_t enter_ns,
		  uint64_t exit_ns, uint32_t msgs, uint32_t vlen)
{
	struct fd_state *s;

	if (syscall >= MMSG_SYS_COUNT)
		return -EINVAL;
	/* a failed call: it carried nothing and delivered nothing */
	if (!msgs)
		return 0;
	if (record__is_recv(syscall))
		return add_receive(b, pid, fd, syscall, msgs, vlen);
	s = batching__state(b, pid, fd);
	if (!s)
		return -ENOMEM;

	/* written so that a huge gap_ns cannot overflow */
	if (s->calls && !s->open_cut &&
	    (enter_ns <= s->open_end_ns || enter_ns - s->open_end_ns <= b->gap_ns)) {
		/* joins the open burst */
		if (exit_ns > s->open_end_ns)
			s->open_end_ns = exit_ns;
		if (enter_ns > s->open_last_enter_ns)
			s->open_last_enter_ns = enter_ns;
		if (enter_ns < s->open_first_enter_ns)
			s->open_first_enter_ns = enter_ns;
		s->open_msgs += msgs;
		s->open_calls++;
	} else {
		if (s->calls) {
			int err = close_burst(b, &s);

			if (err)
				return err;
		}
		s->open_end_ns = exit_ns;
		s->open_first_enter_ns = s->open_last_enter_ns = enter_ns;
		s->open_msgs = msgs;
		s->open_calls = 1;
		s->open_cut = false;
	}

	s->calls++;
	s->calls_by_syscall[syscall]++;
	if (msgs == 1)
		s->single_calls++;
	s->msgs += msgs;
	if (exit_ns > enter_ns)
		s->send_time_ns += exit_ns - enter_ns;
	return 0;
}

static uint64_t fd_state__calls_if_batched(const struct fd_state *s)
{
	return s->closed_calls_if_batched + (s->calls ? burst_calls(s->open_msgs) : 0);
}

static uint64_t fd_state__calls_avoided(const struct fd_state *s)
{
	uint64_t batched = fd_state__calls_if_batched(s);

	return s->calls > batched ? s->calls - batched : 0;
}

/*
 * Percentiles of the kept values of m plus extra[0..nextra), without
 * touching m. Estimated from buckets we cannot copy once m holds more than
 * 1<<20 values: then p50/p90/p99 leave the extra values out, count and max
 * take them in. valid is false when there is no value, or memory ran out.
 */
static void percentiles_with(const struct samples *const *ms, size_t nms, const uint64_t *extra,
			     size_t nextra, struct stats_percentiles *out)
{
	struct latency_store tmp;
	size_t total = nextra;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nms; i++) {
		const uint64_t *v;

		if (!samples__exact(ms[i])) {
			/* one store past its exact cap: estimate from it alone */
			latency_store__percentiles(&ms[i]->store, out);
			out->exact = false;
			for (size_t k = 0; k < nextra; k++) {
				out->count++;
				if (extra[k] > out->max)
					out->max = extra[k];
			}
			return;
		}
		total += samples__values(ms[i], &v);
	}
	if (!total || latency_store__init(&tmp, total))
		return;
	for (size_t i = 0; i < nms; i++) {
		const uint64_t *v;
		size_t n = samples__values(ms[i], &v);

		for (size_t k = 0; k < n; k++)
			latency_store__add(&tmp, v[k]);
	}
	for (size_t k = 0; k < nextra; k++)
		latency_store__add(&tmp, extra[k]);
	latency_store__percentiles(&tmp, out);
	latency_store__free(&tmp);
}

static void fd_state__fill(const struct fd_state *s, double seconds, double per_call_ns,
			   struct batching_fd *out)
{
	const struct samples *sizes = &s->sizes, *waits = &s->waits;
	uint64_t wait = open_wait(s);

	memset(out, 0, sizeof(*out));
	out->pid = s->pid;
	out->fd = s->fd;
	out->calls = s->calls;
	memcpy(out->calls_by_syscall, s->calls_by_syscall, sizeof(out->calls_by_syscall));
	out->single_calls = s->single_calls;
	out->msgs = s->msgs;
	out->send_time_ns = s->send_time_ns;
	out->bursts = s->closed_bursts + (s->calls ? 1 : 0);
	if (s->calls)
		out->msgs_per_call = (double)s->msgs / (double)s->calls;
	if (out->bursts)
		out->burst_msgs_mean = (double)s->msgs / (double)out->bursts;
	percentiles_with(&sizes, 1, &s->open_msgs, s->calls ? 1 : 0, &out->burst_msgs);
	out->joined_bursts = s->closed_joined + (s->open_calls > 1);
	percentiles_with(&waits, 1, &wait, s->open_calls > 1, &out->added_wait_ns);

	out->calls_if_batched = fd_state__calls_if_batched(s);
	out->calls_avoided = fd_state__calls_avoided(s);
	out->per_call_ns = per_call_ns;
	out->time_saved_ns = ns_u64((double)out->calls_avoided * per_call_ns);
	if (seconds > 0) {
		out->avoided_per_s = (double)out->calls_avoided / seconds;
		out->saved_ns_per_s = out->avoided_per_s * per_call_ns;
	}
	if (s->send_time_ns)
		out->saved_pct_of_send_time = 100.0 * (double)out->calls_avoided * per_call_ns /
					      (double)s->send_time_ns;
	out->receives = s->receives;
	out->bursts_cut_by_receive = s->cut_by_receive;
	out->recvmmsg_calls = s->recvmmsg_calls;
	out->recvmmsg_multi = s->recvmmsg_multi;
	out->recvmmsg_ret_max = s->recvmmsg_ret_max;
	out->recvmmsg_vlen_max = s->recvmmsg_vlen_max;
}

/* the report's order: a ranks before b */
static bool ranks_before(const struct batching_fd *a, const struct batching_fd *b)
{
	if (a->calls_avoided != b->calls_avoided)
		return a->calls_avoided > b->calls_avoided;
	return a->fd < b->fd;
}

static int cmp_rank(const void *pa, const void *pb)
{
	const struct batching_fd *a = pa, *b = pb;

	return ranks_before(a, b) ? -1 : ranks_before(b, a) ? 1 : 0;
}

static void swap_fd(struct batching_fd *a, struct batching_fd *b)
{
	struct batching_fd t = *a;

	*a = *b;
	*b = t;
}

/* heap of the best n so far, the one that ranks last at the root */
static void heap_up(struct batching_fd *h, size_t i)
{
	while (i > 0 && ranks_before(&h[(i - 1) / 2], &h[i])) {
		swap_fd(&h[(i - 1) / 2], &h[i]);
		i = (i - 1) / 2;
	}
}

static void heap_down(struct batching_fd *h, size_t n)
{
	size_t i = 0;

	for (;;) {
		size_t last = i, l = 2 * i + 1, r = l + 1;

		if (l < n && ranks_before(&h[last], &h[l]))
			last = l;
		if (r < n && ranks_before(&h[last], &h[r]))
			last = r;
		if (last == i)
			return;
		swap_fd(&h[i], &h[last]);
		i = last;
	}
}

size_t batching__report(const struct batching *b, uint32_t pid, double seconds, double per_call_ns,
			struct batching_fd *out, size_t max)
{
	size_t count = 0, kept = 0;

	if (!(per_call_ns > 0))
		per_call_ns = 0;
	/* select the best max by their sort key only (heap in out), then fill those */
	for (size_t i = 0; i < b->cap; i++) {
		const struct fd_state *s = &b->slots[i];

		if (!s->used || s->pid != pid || s->fd == BATCHING_PROCESS_FD ||
		    (!s->single_calls && !s->recvmmsg_calls))
			continue;
		count++;
		if (!max)
			continue;

		struct batching_fd key = {
			.fd = s->fd,
			.calls_avoided = fd_state__calls_avoided(s),
		};

		if (kept < max) {
			out[kept] = key;
			heap_up(out, kept++);
		} else if (ranks_before(&key, &out[0])) {
			out[0] = key;
			heap_down(out, kept);
		}
	}
	if (kept)
		qsort(out, kept, sizeof(*out), cmp_rank);
	for (size_t i = 0; i < kept; i++)
		fd_state__fill(table_find(b, pid, out[i].fd), seconds, per_call_ns, &out[i]);
	return count;
}

const char *batching__verdict_name(enum batching_verdict v)
{
	switch (v) {
	case BATCHING_NOTHING_TO_BATCH:
		return "nothing_to_batch";
	case BATCHING_ALREADY_BATCHED:
		return "already_batched";
	case BATCHING_LITTLE_TO_GAIN:
		return "little_to_gain";
	case BATCHING_WORTH_IT:
		return "worth_it";
	case BATCHING_UNKNOWN:
		break;
	}
	return "unknown";
}

enum batching_verdict batching__verdict(const struct batching_process *p)
{
	if (!p->calls)
		return BATCHING_NOTHING_TO_BATCH;
	if (!p->receives_watched)
		return BATCHING_UNKNOWN;
	if ((double)p->multi_msgs >= BATCHING_BATCHED_SHARE * (double)p->msgs)
		return BATCHING_ALREADY_BATCHED;
	if (!p->calls_saved)
		return BATCHING_NOTHING_TO_BATCH;
	return p->saved_pct_of_send_time < BATCHING_LITTLE_PCT ? BATCHING_LITTLE_TO_GAIN :
								 BATCHING_WORTH_IT;
}

/* the open joined bursts' waits of pid's fds, into a new array (*n of them) */
static uint64_t *open_waits(const struct batching *b, uint32_t pid, size_t *n)
{
	uint64_t *v = NULL;
	size_t cap = 0;

	*n = 0;
	for (size_t i = 0; i < b->cap; i++) {
		const struct fd_state *s = &b->slots[i];

		if (!s->used || s->pid != pid || s->open_calls < 2)
			continue;
		if (*n == cap) {
			uint64_t *grown = realloc(v, (cap = cap ? cap * 2 : 8) * sizeof(*v));

			if (!grown) {
				free(v);
				*n = SIZE_MAX;
				return NULL;
			}
			v = grown;
		}
		v[(*n)++] = open_wait(s);
	}
	return v;
}

void batching__process(const struct batching *b, uint32_t pid, double seconds, double per_call_ns,
		       bool receives_watched, struct batching_process *out)
{
	const struct fd_state *proc = table_find(b, pid, BATCHING_PROCESS_FD);
	const struct samples *waits = proc ? &proc->waits : NULL;
	size_t nopen;
	uint64_t *open;

	if (!(per_call_ns > 0))
		per_call_ns = 0;
	memset(out, 0, sizeof(*out));
	out->per_call_ns = per_call_ns;
	out->receives_watched = receives_watched;
	for (size_t i = 0; i < b->cap; i++) {
		const struct fd_state *s = &b->slots[i];

		if (!s->used || s->pid != pid || s->fd == BATCHING_PROCESS_FD)
			continue;
		out->calls += s->calls;
		out->msgs += s->msgs;
		out->multi_msgs += s->msgs - s->single_calls;
		out->calls_saved += fd_state__calls_avoided(s);
		out->send_time_ns += s->send_time_ns;
	}
	if (out->calls)
		out->msgs_per_call = (double)out->msgs / (double)out->calls;
	out->time_saved_ns = ns_u64((double)out->calls_saved * per_call_ns);
	if (out->send_time_ns)
		out->saved_pct_of_send_time = 100.0 * (double)out->calls_saved * per_call_ns /
					      (double)out->send_time_ns;
	if (seconds > 0)
		out->saved_calls_per_s = (double)out->calls_saved / seconds;
	open = open_waits(b, pid, &nopen);
	if (nopen != SIZE_MAX)
		percentiles_with(&waits, waits ? 1 : 0, open, nopen, &out->added_wait_ns);
	free(open);
	out->verdict = batching__verdict(out);
}
