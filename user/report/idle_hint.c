// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The idle hint in words (see idle_hint.h). */
#include <stdarg.h>
#include <stdio.h>

#include "common/contract.h"
#include "common/names.h"
#include "common/syscall_nr.h"
#include "report/idle_hint.h"

/* appends to a buffer that stays terminated when full */
struct line {
	char *buf;
	size_t len, used;
};

static void add(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->used + 1 >= l->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->used, l->len - l->used, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->used += (size_t)n < l->len - l->used ? (size_t)n : l->len - l->used - 1;
}

/* the census slot's name: a syscall's, or what the last slot holds */
static const char *slot_label(unsigned slot, char *buf, size_t len)
{
	if (slot == MMSG_CENSUS_OTHER) {
		snprintf(buf, len, "other (ia32 calls, numbers past %d)", MMSG_CENSUS_OTHER - 1);
		return buf;
	}
	return syscall_nr__label(slot, buf, len);
}

/* the slots with a count, largest first (ties: the lower number), at most
 * max of them into slots; returns how many */
static unsigned busiest(const uint64_t *counts, unsigned *slots, unsigned max)
{
	unsigned n = 0;

	for (unsigned s = 0; s < MMSG_CENSUS_SLOTS; s++) {
		unsigned i;

		if (!counts[s])
			continue;
		/* insertion into the sorted few */
		for (i = n < max ? n : max; i > 0 && counts[slots[i - 1]] < counts[s]; i--)
			if (i < max)
				slots[i] = slots[i - 1];
		if (i < max) {
			slots[i] = s;
			if (n < max)
				n++;
		}
	}
	return n;
}

/* the watchable syscall of a census slot, or -1 (the last slot is none) */
static int watchable(unsigned slot)
{
	return slot == MMSG_CENSUS_OTHER ? -1 : syscall_nr__watchable(slot);
}

bool idle_hint__saw_watched(const uint64_t *counts, unsigned syscall_mask)
{
	for (unsigned s = 0; s < MMSG_CENSUS_SLOTS; s++) {
		int sc = watchable(s);

		if (counts[s] && sc >= 0 && (syscall_mask & (1u << sc)))
			return true;
	}
	return false;
}

/* "; --syscalls a,b would watch a and b": the watchable syscalls the
 * census saw that are not watched, busiest first (among all it saw, not
 * only the busiest named) */
static void suggest(struct line *l, const struct idle_hint *h)
{
	uint64_t unwatched[MMSG_CENSUS_SLOTS] = { 0 };
	unsigned slots[MMSG_SYS_COUNT], n;

	for (unsigned s = 0; s < MMSG_CENSUS_SLOTS; s++) {
		int sc = watchable(s);

		if (sc >= 0 && !(h->syscall_mask & (1u << sc)))
			unwatched[s] = h->counts[s];
	}
	n = busiest(unwatched, slots, MMSG_SYS_COUNT);
	if (!n) {
		add(l, "; mmsgtrace can watch none of them");
		return;
	}
	add(l, "; --syscalls ");
	for (unsigned i = 0; i < n; i++)
		add(l, "%s%s", i ? "," : "", syscall_nr__name(slots[i]));
	add(l, " would watch ");
	for (unsigned i = 0; i < n; i++)
		add(l, "%s%s", !i ? "" : i + 1 == n ? " and " : ", ", syscall_nr__name(slots[i]));
}

const char *idle_hint__text(const struct idle_hint *h, char *buf, size_t len)
{
	struct line l = { buf, len, 0 };
	unsigned top[IDLE_HINT_BUSIEST], n = busiest(h->counts, top, IDLE_HINT_BUSIEST);
	char name[64];

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	add(&l, "%s made no watched call in %.1f s", h->who, h->idle_s);
	if (!n) {
		add(&l, ", and entered no syscall in the next %.1f s: it waits in one (a watched call "
		    "counts when it returns) or is stopped", h->window_s);
		return buf;
	}
	add(&l, "; busiest syscalls in the next %.1f s:", h->window_s);
	for (unsigned i = 0; i < n; i++)
		add(&l, "%s %s %llu", i ? "," : "", slot_label(top[i], name, sizeof(name)),
		    (unsigned long long)h->counts[top[i]]);
	suggest(&l, h);
	return buf;
}
