// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The tracer's own cost, from the kernel's BPF statistics (see selfcost.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <bpf/bpf.h>

#include "common/clock.h"
#include "core/drops.h"
#include "core/selfcost.h"
#include "core/tracer.h"

/* the traced calls so far: every syscall's exits and their summed latency */
struct traced {
	uint64_t calls, latency_ns;
};

struct selfcost {
	struct tracer *tracer;
	struct drops *drops;		/* NULL: not counted */
	bool raw;
	bool already_on;		/* another holder: always on, never switched */
	int stats_fd;			/* ours while a window is open; -1 otherwise */
	bool in_window;
	uint64_t window_start_ns, next_ns;
	struct tracer_prog_stats at_start;	/* of the open window */
	struct traced traced_at_start;
	/* the sums over the closed windows */
	unsigned windows;
	uint64_t window_ns;
	struct tracer_prog_stats sum;
	struct traced traced;
	/* raw mode: a run for a syscall nobody traces, per program role */
	double other_enter_ns, other_exit_ns;
	bool calibrated;
};

static bool stats_enabled_now(void)
{
	char c = '0';
	FILE *f = fopen("/proc/sys/kernel/bpf_stats_enabled", "re");

	if (f) {
		if (fread(&c, 1, 1, f) != 1)
			c = '0';
		fclose(f);
	}
	return c == '1';
}

static int traced_now(struct tracer *t, struct traced *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		struct mmsg_totals tot;
		int err = tracer__totals(t, sc, &tot);

		if (err)
			return err;
		out->calls += tot.calls;
		out->latency_ns += tot.latency_ns;
	}
	return 0;
}

/* statistics on (ours, unless another holder has them on already) */
static int stats_on(struct selfcost *s)
{
	if (s->already_on)
		return 0;
	s->stats_fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	return s->stats_fd < 0 ? -errno : 0;
}

static void stats_off(struct selfcost *s)
{
	if (s->stats_fd >= 0)
		close(s->stats_fd);
	s->stats_fd = -1;
}

/* the tracer's programs and the drop counter's, so far */
static int read_stats(const struct selfcost *s, struct tracer_prog_stats *out)
{
	int ret = tracer__prog_stats(s->tracer, out);

	if (!ret && s->drops)
		ret = drops__prog_stats(s->drops, &out->drop_ns, &out->drop_runs);
	return ret;
}

static void diff(struct tracer_prog_stats *acc, const struct tracer_prog_stats *a,
		 const struct tracer_prog_stats *b)
{
	acc->send_hook_ns += b->send_hook_ns - a->send_hook_ns;
	acc->send_hook_runs += b->send_hook_runs - a->send_hook_runs;
	acc->drop_ns += b->drop_ns - a->drop_ns;
	acc->drop_runs += b->drop_runs - a->drop_runs;
	acc->enter_ns += b->enter_ns - a->enter_ns;
	acc->enter_runs += b->enter_runs - a->enter_runs;
	acc->exit_ns += b->exit_ns - a->exit_ns;
	acc->exit_runs += b->exit_runs - a->exit_runs;
}

/* raw mode: what the programs cost a syscall they return from at once */
static int calibrate(struct selfcost *s, char *err, size_t errlen)
{
	struct tracer_prog_stats a, b, d = { 0 };
	int ret = stats_on(s);

	if (ret) {
		snprintf(err, errlen, "BPF statistics unavailable: %s", strerror(-ret));
		return ret;
	}
	ret = tracer__prog_stats(s->tracer, &a);
	for (int i = 0; !ret && i < SELFCOST_CALIBRATION_CALLS; i++)
		syscall(SYS_getppid);
	if (!ret)
		ret = tracer__prog_stats(s->tracer, &b);
	stats_off(s);
	if (ret) {
		snprintf(err, errlen, "cannot read the programs' statistics: %s", strerror(-ret));
		return ret;
	}
	diff(&d, &a, &b);
	if (d.enter_runs && d.exit_runs) {
		s->other_enter_ns = (double)d.enter_ns / (double)d.enter_runs;
		s->other_exit_ns = (double)d.exit_ns / (double)d.exit_runs;
		s->calibrated = true;
	}
	return 0;
}

static void open_window(struct selfcost *s, uint64_t now_ns);

struct selfcost *selfcost__new(struct tracer *t, const struct tracer_settings *settings,
			       char *err, size_t errlen)
{
	struct selfcost *s;
	char why[128];

	err[0] = '\0';
	if (!settings->self_cost)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "the tracing cost is not measured: out of memory");
		return NULL;
	}
	s->tracer = t;
	s->raw = settings->attach == ATTACH_RAW;
	s->stats_fd = -1;
	s->already_on = stats_enabled_now();
	if (s->raw && calibrate(s, why, sizeof(why))) {
		snprintf(err, errlen, "the tracing cost is not measured: %s (--no-self-cost skips it)",
			 why);
		free(s);
		return NULL;
	}
	/* the first window opens now, before the traced work starts: it sees
	 * the run's first calls, however few */
	open_window(s, clock__now_ns());
	return s;
}

static void open_window(struct selfcost *s, uint64_t now_ns)
{
	s->next_ns = now_ns + (uint64_t)SELFCOST_PERIOD_S * 1000000000ULL;
	if (stats_on(s) || read_stats(s, &s->at_start) ||
	    traced_now(s->tracer, &s->traced_at_start)) {
		stats_off(s);
		return;
	}
	s->in_window = true;
	s->window_start_ns = now_ns;
}

void selfcost__watch_drops(struct selfcost *s, struct drops *d)
{
	if (!s || !d)
		return;
	s->drops = d;
	/* a window open now counts the drop counter from here */
	if (s->in_window &&
	    drops__prog_stats(d, &s->at_start.drop_ns, &s->at_start.drop_runs))
		s->at_start.drop_ns = s->at_start.drop_runs = 0;
}

static void close_window(struct selfcost *s, uint64_t now_ns)
{
	struct tracer_prog_stats end;
	struct traced tr;

	s->in_window = false;
	if (read_stats(s, &end) || traced_now(s->tracer, &tr)) {
		stats_off(s);
		return;
	}
	stats_off(s);
	diff(&s->sum, &s->at_start, &end);
	s->traced.calls += tr.calls - s->traced_at_start.calls;
	s->traced.latency_ns += tr.latency_ns - s->traced_at_start.latency_ns;
	s->window_ns += now_ns - s->window_start_ns;
	s->windows++;
	/* nothing traced yet (a program that starts sending later): look again soon */
	if (!s->traced.calls)
		s->next_ns = now_ns + SELFCOST_RETRY_MS * 1000000ULL;
}

void selfcost__tick(struct selfcost *s, uint64_t now_ns)
{
	if (!s)
		return;
	if (s->in_window) {
		uint64_t open_ns = now_ns - s->window_start_ns;
		struct traced tr;

		/* statistics someone else keeps on: one window, the whole run */
		if (s->already_on || open_ns < SELFCOST_WINDOW_MS * 1000000ULL)
			return;
		/* a window ends once it has seen SELFCOST_MIN_CALLS traced
		 * calls, or after SELFCOST_RETRY_MS (an idle target) */
		if (open_ns >= SELFCOST_RETRY_MS * 1000000ULL ||
		    (!traced_now(s->tracer, &tr) &&
		     tr.calls - s->traced_at_start.calls >= SELFCOST_MIN_CALLS))
			close_window(s, now_ns);
		return;
	}
	if (!s->windows || (!s->already_on && now_ns >= s->next_ns))
		open_window(s, now_ns);
}

int selfcost__wait_ms(const struct selfcost *s, uint64_t now_ns, int max_ms)
{
	uint64_t until_ns;

	if (!s || (s->in_window && s->already_on))
		return max_ms;
	if (s->in_window) {
		uint64_t end_ns = s->window_start_ns + SELFCOST_WINDOW_MS * 1000000ULL;

		/* past its length, a window waiting for a traced call looks again soon */
		until_ns = now_ns < end_ns ? end_ns - now_ns : SELFCOST_WINDOW_MS * 1000000ULL;
	} else {
		until_ns = now_ns < s->next_ns ? s->next_ns - now_ns : 0;
	}
	return until_ns / 1000000 < (uint64_t)max_ms ? (int)(until_ns / 1000000) + 1 : max_ms;
}

void selfcost__finish(struct selfcost *s, uint64_t now_ns, struct self_cost *out)
{
	const struct tracer_prog_stats *d;
	double traced, other_enter, other_exit;

	memset(out, 0, sizeof(*out));
	out->ns_per_other_syscall = NAN;
	out->send_hook_ns_per_run = out->drop_counter_ns_per_run = NAN;
	if (!s)
		return;
	if (s->in_window)
		close_window(s, now_ns);
	d = &s->sum;
	out->send_hook_on = tracer__has_send_hook(s->tracer);
	out->drop_counter_on = s->drops != NULL;
	out->send_hook_runs = d->send_hook_runs;
	out->drop_counter_runs = d->drop_runs;
	if (d->send_hook_runs)
		out->send_hook_ns_per_run = (double)d->send_hook_ns / (double)d->send_hook_runs;
	if (d->drop_runs)
		out->drop_counter_ns_per_run = (double)d->drop_ns / (double)d->drop_runs;
	out->stats_already_on = s->already_on;
	out->windows = s->windows;
	out->seconds_measured = s->window_ns / 1e9;
	out->traced_calls = s->traced.calls;
	if (!s->traced.calls)
		return;
	out->measured = true;
	traced = (double)s->traced.calls;
	out->other_syscalls = d->enter_runs > s->traced.calls ? d->enter_runs - s->traced.calls : 0;
	if (out->seconds_measured > 0)
		out->other_syscalls_per_s = out->other_syscalls / out->seconds_measured;
	/* raw: the other runs' early return, as calibrated, is not the traced calls' */
	other_enter = s->calibrated ? s->other_enter_ns * out->other_syscalls : 0;
	other_exit = s->calibrated ? s->other_exit_ns * out->other_syscalls : 0;
	if (s->calibrated)
		out->ns_per_other_syscall = s->other_enter_ns + s->other_exit_ns;
	out->enter_ns = fmax(0, (d->enter_ns - other_enter) / traced);
	out->exit_ns = fmax(0, (d->exit_ns - other_exit) / traced);
	out->bpf_ns_per_traced_call = out->enter_ns + out->exit_ns;
	if (s->traced.latency_ns)
		out->share_of_call_time = out->bpf_ns_per_traced_call * traced /
					  (double)s->traced.latency_ns;
}

void selfcost__free(struct selfcost *s)
{
	if (!s)
		return;
	stats_off(s);
	free(s);
}
