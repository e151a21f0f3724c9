// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* `mmsgtrace sweep` (see sweep.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/util.h"
#include "core/outfile.h"
#include "report/gnuplot.h"
#include "report/json.h"
#include "report/sweep.h"
#include "teach/sweep.h"

#define MAX_POINTS (2 + 2 * SWEEP_MAX_VLENS)
#define LOAD_S 0.3		/* about what loading the tracer takes, for the time left */

/* what one run of a point measured */
struct run {
	uint64_t calls, msgs, bytes, datagrams, errors, lost, latency_ns;
	double seconds;
	bool have_latency, match;
	uint64_t p50, p99;
};

struct sweep {
	const struct sweep_config *cfg;
	volatile sig_atomic_t *stop;
	size_t npoints;
	struct sweep_point points[MAX_POINTS];
	struct drive_config configs[MAX_POINTS];	/* what each point runs */
	struct run *runs;		/* [repeat][npoints] */
	unsigned done;			/* runs finished */
	FILE *json_file;		/* -o FILE */
	struct run_info run;		/* versions, host, start time: the start object's */
};

/* the points in the order they run: the single-message baselines, then
 * sendmmsg at each vlen, then GSO */
static void plan(struct sweep *s)
{
	const struct sweep_config *cfg = s->cfg;

	for (int m = 0; m < 2; m++) {
		struct drive_config *d = &s->configs[s->npoints];

		*d = cfg->drive;
		d->driver.send_mode = m ? SEND_SENDMSG : SEND_SENDTO;
		d->driver.vlen = SWEEP_LOOP_VLEN;
		s->points[s->npoints++] = (struct sweep_point){ .mode = m ? "sendmsg" : "sendto", .vlen = 1 };
	}
	for (int g = 0; g < (cfg->gso ? 2 : 1); g++) {
		for (unsigned i = 0; i < cfg->nvlens; i++) {
			struct drive_config *d = &s->configs[s->npoints];

			*d = cfg->drive;
			d->driver.send_mode = SEND_SENDMMSG;
			d->driver.vlen = cfg->vlens[i];
			d->driver.gso = g ? cfg->gso : 0;
			s->points[s->npoints++] = (struct sweep_point){ .mode = g ? "gso" : "sendmmsg",
									.vlen = cfg->vlens[i] };
		}
	}
	for (size_t i = 0; i < s->npoints; i++) {
		struct drive_config *d = &s->configs[i];

		/* each run a fixed time, no pacing, nothing but the measurement */
		d->driver.duration_s = cfg->per_point_s;
		d->driver.count = 0;
		d->driver.rate = 0;
		/* no per-message hook: ns per message is sendmmsg's alone */
		d->tracer.hidden_errors = false;
	}
}

static void progress(const struct sweep *s, size_t point, unsigned round)
{
	unsigned total = (unsigned)s->npoints * s->cfg->repeat;
	double left = (total - s->done) * (s->cfg->per_point_s + LOAD_S);

	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r\033[Kpoint %u of %u: %s vlen %u, about %.0f s left", s->done + 1, total,
		s->points[point].mode, s->points[point].vlen, left);
	if (s->cfg->repeat > 1)
		fprintf(stderr, " (round %u of %u)", round + 1, s->cfg->repeat);
}

static void progress_done(void)
{
	if (isatty(STDERR_FILENO))
		fprintf(stderr, "\r\033[K");
}

/* a run's figures: the kernel's when traced, else (--no-trace) the driver's */
static void record_run(struct run *r, const struct drive_result *res)
{
	const struct summary *sum = &res->sum;
	bool k = sum->traced;

	*r = (struct run){
		.calls = k ? sum->kernel.calls : sum->driver.calls,
		.msgs = k ? sum->kernel.msgs : sum->driver.msgs,
		.bytes = k ? sum->kernel.bytes : sum->driver.bytes,
		.datagrams = sum->driver.datagrams,
		.errors = k ? sum->kernel.errors : sum->driver.errors,
		.lost = sum->kernel.lost_events,
		.latency_ns = sum->kernel.latency_ns,
		.seconds = sum->seconds,
		.have_latency = sum->latency.valid,
		.match = sum->match,
		.p50 = sum->latency.p50,
		.p99 = sum->latency.p99,
	};
}

/* every round runs every point once: drift hits all points alike */
static int measure(struct sweep *s, char *err, size_t errlen)
{
	struct drive_result *res = malloc(sizeof(*res));
	int ret = 0;

	if (!res) {
		snprintf(err, errlen, "out of memory");
		return 1;
	}
	for (unsigned r = 0; r < s->cfg->repeat && !ret; r++) {
		for (size_t i = 0; i < s->npoints && !ret; i++) {
			if (*s->stop)
				goto out;
			progress(s, i, r);
			ret = drive__measure(&s->configs[i], s->stop, res, err, errlen);
			if (ret)
				break;
			record_run(&s->runs[r * s->npoints + i], res);
			s->done++;
		}
	}
out:
	progress_done();
	free(res);
	return ret;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* median, min and max of v[0 .. n) (sorts v) */
static double median(double *v, unsigned n, double *min, double *max)
{
	qsort(v, n, sizeof(*v), cmp_double);
	if (min)
		*min = v[0];
	if (max)
		*max = v[n - 1];
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* point i's figures from its runs (the first runs of an interrupted sweep) */
static void aggregate(struct sweep *s, size_t i, unsigned runs)
{
	struct sweep_point *p = &s->points[i];
	const struct drive_config *d = &s->configs[i];
	double rate[SWEEP_MAX_REPEAT], calls[SWEEP_MAX_REPEAT], mb[SWEEP_MAX_REPEAT],
		dg[SWEEP_MAX_REPEAT], npc[SWEEP_MAX_REPEAT], p50[SWEEP_MAX_REPEAT],
		p99[SWEEP_MAX_REPEAT];
	unsigned slots = d->driver.send_mode == SEND_SENDMMSG ?
		(d->driver.vlen < MMSG_UIO_MAXIOV ? d->driver.vlen : MMSG_UIO_MAXIOV) : 1;
	uint64_t latency = 0;
	unsigned lat = 0;

	p->runs = runs;
	p->match = runs > 0;
	for (unsigned r = 0; r < runs; r++) {
		const struct run *x = &s->runs[r * s->npoints + i];
		double secs = x->seconds > 0 ? x->seconds : 1e-9;

		p->calls += x->calls;
		p->messages += x->msgs;
		p->bytes += x->bytes;
		p->datagrams += x->datagrams;
		p->errors += x->errors;
		p->lost_events += x->lost;
		p->seconds += x->seconds;
		p->match &= x->match;
		latency += x->latency_ns;
		rate[r] = x->msgs / secs;
		calls[r] = x->calls / secs;
		mb[r] = x->bytes / secs / 1e6;
		dg[r] = x->datagrams / secs;
		npc[r] = x->calls ? (double)x->latency_ns / x->calls : 0;
		if (x->have_latency) {
			p50[lat] = (double)x->p50;
			p99[lat++] = (double)x->p99;
		}
	}
	if (!runs)
		return;
	p->msgs_per_s = median(rate, runs, &p->msgs_per_s_min, &p->msgs_per_s_max);
	p->calls_per_s = median(calls, runs, NULL, NULL);
	p->mb_per_s = median(mb, runs, NULL, NULL);
	p->datagrams_per_s = median(dg, runs, NULL, NULL);
	p->ns_per_call = median(npc, runs, &p->ns_per_call_min, &p->ns_per_call_max);
	p->ns_per_msg = p->messages ? (double)latency / p->messages : 0;
	p->msgs_per_call = p->calls ? (double)p->messages / p->calls : 0;
	p->fill = p->calls ? (double)p->messages / ((double)p->calls * slots) : 0;
	p->syscall_share = p->seconds > 0 ? latency / (p->seconds * 1e9 * d->driver.threads) : 0;
	p->have_latency = lat > 0;
	if (lat) {
		p->p50_ns = (uint64_t)median(p50, lat, NULL, NULL);
		p->p99_ns = (uint64_t)median(p99, lat, NULL, NULL);
	}
}

static void print_json_start(FILE *f, const struct sweep *s)
{
	static const char *const modes[] = { "sendto", "sendmsg", "sendmmsg", "gso" };
	const struct sweep_config *cfg = s->cfg;

	json__sweep_start(f, &(struct sweep_start){
		.attach = names__attach(cfg->drive.tracer.attach),
		.modes = modes,
		.nmodes = cfg->gso ? 4 : 3,
		.vlens = cfg->vlens,
		.nvlens = cfg->nvlens,
		.per_point_s = cfg->per_point_s,
		.repeat = cfg->repeat,
		.size_min = cfg->drive.driver.size.min,
		.size_max = cfg->drive.driver.size.max,
		.proto = names__proto(cfg->drive.driver.proto),
		.threads = cfg->drive.driver.threads,
		.gso = cfg->gso,
		.points = (unsigned)s->npoints,
		.run = &s->run,
	});
}

/* the points and the fit (the start object first, unless already written) */
static void print_json(FILE *f, const struct sweep *s, bool start, size_t n,
		       const struct sweep_summary *sum)
{
	if (start)
		print_json_start(f, s);
	for (size_t i = 0; i < n; i++)
		json__sweep_point(f, &s->points[i]);
	json__sweep_fit(f, sum);
	fflush(f);
}

static unsigned terminal_width(void)
{
	struct winsize ws = { 0 };

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) || ws.ws_col == 0)
		return 80;
	return ws.ws_col;
}

static void print_text(const struct sweep *s, size_t n, const struct sweep_summary *sum)
{
	const struct sweep_config *cfg = s->cfg;
	const struct sweep_point *p = s->points;
	char flags[128], how[96];

	if (cfg->drive.no_trace)
		snprintf(how, sizeof(how), "not traced: rates from the driver's own counts");
	else
		snprintf(how, sizeof(how), "attach %s; figures from the kernel's totals and records",
			 names__attach(cfg->drive.tracer.attach));
	printf("# sweep: %zu points x %u run%s of %.3g s, %u-%u B %s, flags %s, %u thread%s, %s\n",
	       n, cfg->repeat, cfg->repeat == 1 ? "" : "s", cfg->per_point_s,
	       cfg->drive.driver.size.min, cfg->drive.driver.size.max,
	       names__proto(cfg->drive.driver.proto),
	       names__flag_options(cfg->drive.driver.flags, flags, sizeof(flags)),
	       cfg->drive.driver.threads, cfg->drive.driver.threads == 1 ? "" : "s", how);
	sweep__print_table(stdout, p, n);
	if (isatty(STDOUT_FILENO))
		sweep__print_plot(stdout, p, n, terminal_width());
	sweep__print_explanation(stdout, sum);
}

static void print_csv(const struct sweep_point *p, size_t n, const struct sweep_summary *sum)
{
	sweep__print_csv_header(stdout);
	for (size_t i = 0; i < n; i++)
		sweep__print_csv_point(stdout, &p[i]);
	sweep__print_csv_fit(stdout, sum);
}

/* what was measured, in every form asked for; 0 or 1 (a write failed) */
static int report(struct sweep *s, char *err, size_t errlen)
{
	const struct sweep_config *cfg = s->cfg;
	struct sweep_summary sum;
	unsigned rounds = s->done / (unsigned)s->npoints, extra = s->done % (unsigned)s->npoints;
	/* the points measured: all, or (interrupted in the first round) the first ones */
	size_t n = rounds ? s->npoints : extra;

	for (size_t i = 0; i < s->npoints; i++)
		aggregate(s, i, rounds + (i < extra));
	sweep__summarize(s->points, n, cfg->repeat, &sum);
	/* the -o file got its start object before the first point */
	if (s->json_file)
		print_json(s->json_file, s, false, n, &sum);
	if (cfg->drive.output.json)
		print_json(stdout, s, true, n, &sum);
	else if (cfg->csv)
		print_csv(s->points, n, &sum);
	else
		print_text(s, n, &sum);
	fflush(stdout);
	if (cfg->plot_path[0] && n && gnuplot__sweep(cfg->plot_path, s->points, n, err, errlen))
		return 1;
	return sum.all_match ? 0 : 1;
}

int sweep__run(const struct sweep_config *cfg, volatile sig_atomic_t *stop)
{
	struct sweep *s = calloc(1, sizeof(*s));
	char err[512] = "";
	int ret = 0, werr;

	if (!s) {
		warn("out of memory\n");
		return 1;
	}
	s->cfg = cfg;
	s->stop = stop;
	run_info__now(&s->run);
	plan(s);
	s->runs = calloc((size_t)cfg->repeat * s->npoints, sizeof(*s->runs));
	if (!s->runs)
		ret = 1, snprintf(err, sizeof(err), "out of memory");
	if (!ret && cfg->plot_path[0])
		ret = gnuplot__check(cfg->plot_path, err, sizeof(err));
	if (!ret && cfg->drive.output.path[0] &&
	    !(s->json_file = outfile__open(cfg->drive.output.path, err, sizeof(err))))
		ret = 1;
	/* a file that cannot be written fails now, not after every point */
	if (!ret && s->json_file) {
		print_json_start(s->json_file, s);
		ret = outfile__started(&s->json_file, cfg->drive.output.path, err, sizeof(err));
	}
	if (!ret)
		ret = measure(s, err, sizeof(err));
	if (ret != EXIT_USAGE && s->done) {
		int r = report(s, err, sizeof(err));

		ret = ret ? ret : r;
	}
	if (!ret && s->done < cfg->repeat * s->npoints) {
		snprintf(err, sizeof(err), "interrupted after %u of %zu runs: the figures above are "
			 "of the runs measured", s->done, cfg->repeat * s->npoints);
		ret = 1;
	}
	if (err[0])
		warn("%s\n", err);
	if (s->json_file && (werr = outfile__close(s->json_file)) && !ret) {
		warn("writing --output %s failed: %s\n", cfg->drive.output.path, strerror(-werr));
		ret = 1;
	}
	free(s->runs);
	free(s);
	return ret;
}
