// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The idle hint's timing (see idle_watch.h). */
#include <stdlib.h>

#include "observe/idle_watch.h"
#include "observe/selection.h"
#include "report/idle_hint.h"

enum idle_state {
	IDLE_WAITING,		/* until due_ns */
	IDLE_COUNTING,		/* the census window is open */
	IDLE_DONE,		/* given, or not to be given */
};

struct idle_watch {
	const struct observe_config *cfg;
	struct tracer *tracer;
	enum idle_state state;
	uint64_t start_ns, due_ns, window_ns;
	uint64_t counts[MMSG_CENSUS_SLOTS];
};

bool idle_watch__wanted(const struct observe_config *cfg)
{
	return cfg->hint_after_s > 0 && cfg->select != SELECT_ALL && cfg->select != SELECT_NONE;
}

struct idle_watch *idle_watch__new(const struct observe_config *cfg, struct tracer *t,
				   uint64_t start_ns)
{
	struct idle_watch *w;

	if (!idle_watch__wanted(cfg) || !(w = calloc(1, sizeof(*w))))
		return NULL;
	w->cfg = cfg;
	w->tracer = t;
	w->start_ns = start_ns;
	w->due_ns = start_ns + (uint64_t)(cfg->hint_after_s * 1e9);
	return w;
}

void idle_watch__free(struct idle_watch *w)
{
	free(w);
}

/* Has a watched call returned since the start? The kernel's totals (an
 * exit whose entry came before the start counts too: it was a watched call
 * of a target). A totals table that cannot be read: as if one had. */
static bool watched_call_seen(struct idle_watch *w)
{
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		struct mmsg_totals t;

		if (tracer__totals(w->tracer, sc, &t) || t.calls || t.exit_unmatched)
			return true;
	}
	return false;
}

static void wait_more(struct idle_watch *w, uint64_t now_ns)
{
	const struct observe_config *cfg = w->cfg;

	if (watched_call_seen(w)) {
		w->state = IDLE_DONE;
		return;
	}
	/* nobody to count yet: look again later */
	if (!selection__any_target(cfg, w->tracer)) {
		w->due_ns = now_ns + (uint64_t)(cfg->hint_after_s * 1e9);
		return;
	}
	if (tracer__census_start(w->tracer)) {
		w->state = IDLE_DONE;	/* no census, no hint: the run goes on as it would */
		return;
	}
	w->window_ns = now_ns;
	w->state = IDLE_COUNTING;
}

/* the window is over: the hint into buf, unless it is moot */
static bool window_done(struct idle_watch *w, uint64_t now_ns, char *buf, size_t len)
{
	const struct observe_config *cfg = w->cfg;
	char who[256];
	struct idle_hint h = {
		.who = who,
		.idle_s = (w->window_ns - w->start_ns) / 1e9,
		.window_s = (now_ns - w->window_ns) / 1e9,
		.counts = w->counts,
		.syscall_mask = cfg->syscall_mask,
	};

	w->state = IDLE_DONE;
	if (tracer__census_stop(w->tracer, w->counts) || watched_call_seen(w) ||
	    idle_hint__saw_watched(w->counts, cfg->syscall_mask))
		return false;
	selection__who(cfg, who, sizeof(who));
	idle_hint__text(&h, buf, len);
	return true;
}

/* the census window's end */
static uint64_t window_end_ns(const struct idle_watch *w)
{
	return w->window_ns + (uint64_t)(IDLE_WATCH_WINDOW_S * 1e9);
}

int idle_watch__wait_ms(const struct idle_watch *w, uint64_t now_ns, int max_ms)
{
	uint64_t next_ns, until_ns;

	if (!w || w->state == IDLE_DONE)
		return max_ms;
	next_ns = w->state == IDLE_WAITING ? w->due_ns : window_end_ns(w);
	until_ns = next_ns > now_ns ? next_ns - now_ns : 0;
	/* rounded up: the wakeup is at or past the deadline, not just before it */
	return until_ns / 1000000 < (uint64_t)max_ms ? (int)((until_ns + 999999) / 1000000) : max_ms;
}

bool idle_watch__tick(struct idle_watch *w, uint64_t now_ns, char *buf, size_t len)
{
	if (!w)
		return false;
	switch (w->state) {
	case IDLE_WAITING:
		if (now_ns >= w->due_ns)
			wait_more(w, now_ns);
		return false;
	case IDLE_COUNTING:
		if (now_ns < window_end_ns(w))
			return false;
		return window_done(w, now_ns, buf, len);
	default:
		return false;
	}
}
