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

struct fd_state {
	bool used;			/* slot holds an fd */
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
	uint64_t *sizes;		/* sizes of the closed bursts, until promoted */
	size_t n_sizes, cap_sizes;
	bool promoted;			/* sizes moved to store */
	struct latency_store store;
	/* the open burst: there is one whenever calls > 0 */
	uint64_t open_msgs;
	uint64_t open_end_ns;		/* latest exit_ns of its calls */
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

static void fd_state__free(struct fd_state *s)
{
	free(s->sizes);
	if (s->promoted)
		latency_store__free(&s->store);
}

/* move the sizes to a latency_store; on failure nothing changes */
static int fd_state__promote(struct fd_state *s)
{
	int err = latency_store__init(&s->store, BATCHING_EXACT_CAP);

	if (err)
		return err;
	for (size_t i = 0; i < s->n_sizes; i++)
		latency_store__add(&s->store, s->sizes[i]);
	free(s->sizes);
	s->sizes = NULL;
	s->n_sizes = s->cap_sizes = 0;
	s->promoted = true;
	return 0;
}

/* record a closed burst's size; on failure nothing changes */
static int fd_state__keep_size(struct fd_state *s, uint64_t size)
{
	if (!s->promoted && s->n_sizes == BATCHING_SMALL_CAP) {
		int err = fd_state__promote(s);

		if (err)
			return err;
	}
	if (s->promoted) {
		latency_store__add(&s->store, size);
		return 0;
	}
	if (s->n_sizes == s->cap_sizes) {
		size_t cap = s->cap_sizes ? s->cap_sizes * 2 : 8;
		uint64_t *sizes;

		if (cap > BATCHING_SMALL_CAP)
			cap = BATCHING_SMALL_CAP;
		sizes = realloc(s->sizes, cap * sizeof(*sizes));
		if (!sizes)
			return -ENOMEM;
		s->sizes = sizes;
		s->cap_sizes = cap;
	}
	s->sizes[s->n_sizes++] = size;
	return 0;
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

int batching__add(struct batching *b, uint32_t pid, int32_t fd, unsigned syscall, uint64_t enter_ns,
		  uint64_t exit_ns, uint32_t msgs)
{
	struct fd_state *s;

	if (!record__is_send(syscall))
		return -EINVAL;
	/* a failed send: one sendmmsg per burst would not have carried it */
	if (!msgs)
		return 0;
	s = batching__state(b, pid, fd);
	if (!s)
		return -ENOMEM;

	/* written so that a huge gap_ns cannot overflow */
	if (s->calls && (enter_ns <= s->open_end_ns || enter_ns - s->open_end_ns <= b->gap_ns)) {
		/* joins the open burst */
		if (exit_ns > s->open_end_ns)
			s->open_end_ns = exit_ns;
		s->open_msgs += msgs;
	} else {
		if (s->calls) {
			int err = fd_state__keep_size(s, s->open_msgs);

			if (err)
				return err;
			s->closed_bursts++;
			s->closed_calls_if_batched += burst_calls(s->open_msgs);
		}
		s->open_end_ns = exit_ns;
		s->open_msgs = msgs;
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

/* percentiles of the closed bursts plus the open one, without touching s */
static void fd_state__burst_percentiles(const struct fd_state *s, struct stats_percentiles *out)
{
	const uint64_t *samples = s->sizes;
	size_t n = s->n_sizes;
	struct latency_store tmp;

	memset(out, 0, sizeof(*out));
	if (s->promoted && (s->store.overflowed || s->store.n != s->store.count)) {
		/*
		 * estimated from buckets we cannot copy: p50/p90/p99 leave
		 * the open burst out (one among more than 1<<20), count and
		 * max take it in
		 */
		latency_store__percentiles(&s->store, out);
		out->count++;
		if (s->open_msgs > out->max)
			out->max = s->open_msgs;
		return;
	}
	if (s->promoted) {
		samples = s->store.samples;
		n = s->store.n;
	}
	/* exact: the samples plus the open burst in a scratch store */
	if (latency_store__init(&tmp, n + 1))
		return;
	for (size_t i = 0; i < n; i++)
		latency_store__add(&tmp, samples[i]);
	if (s->calls)
		latency_store__add(&tmp, s->open_msgs);
	latency_store__percentiles(&tmp, out);
	latency_store__free(&tmp);
}

static void fd_state__fill(const struct fd_state *s, double seconds, double per_call_ns,
			   struct batching_fd *out)
{
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
	fd_state__burst_percentiles(s, &out->burst_msgs);

	out->calls_if_batched = fd_state__calls_if_batched(s);
	out->calls_avoided = fd_state__calls_avoided(s);
	out->per_call_ns = per_call_ns;
	if (seconds > 0) {
		out->avoided_per_s = (double)out->calls_avoided / seconds;
		out->saved_ns_per_s = out->avoided_per_s * per_call_ns;
	}
	if (s->send_time_ns)
		out->saved_pct_of_send_time = 100.0 * (double)out->calls_avoided * per_call_ns /
					      (double)s->send_time_ns;
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

		if (!s->used || s->pid != pid || !s->single_calls)
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
