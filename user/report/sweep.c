// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* What `mmsgtrace sweep` shows (see sweep.h). */
#include <math.h>
#include <string.h>

#include "report/format.h"
#include "report/sweep.h"

#define PLOT_ROWS 10

static bool is_mmsg(const struct sweep_point *p)
{
	return !strcmp(p->mode, "sendmmsg");
}

const struct sweep_point *sweep__find_mode(const struct sweep_point *p, size_t n, const char *mode)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].mode, mode))
			return &p[i];
	return NULL;
}

/* the fit over the sendmmsg points that carried messages */
static void fit_points(const struct sweep_point *p, size_t n, struct sweep_summary *s)
{
	struct fit_point fp[64];
	size_t k = 0;

	for (size_t i = 0; i < n && k < sizeof(fp) / sizeof(fp[0]); i++)
		if (is_mmsg(&p[i]) && p[i].calls && p[i].have_latency)
			fp[k++] = (struct fit_point){ p[i].msgs_per_call, p[i].ns_per_call };
	s->fit_points = k;
	fit__call_time(fp, k, &s->fit);
}

void sweep__summarize(struct sweep_point *p, size_t n, unsigned repeat, struct sweep_summary *s)
{
	const struct sweep_point *sendto = sweep__find_mode(p, n, "sendto");
	double best = 0;

	memset(s, 0, sizeof(*s));
	s->repeat = repeat;
	s->all_match = true;
	for (size_t i = 0; i < n; i++) {
		struct sweep_point *q = &p[i];

		q->speedup_vs_sendto = sendto && sendto->msgs_per_s > 0 ?
					       q->msgs_per_s / sendto->msgs_per_s : 0;
		s->all_match &= q->match;
		if (q->runs > 1 && q->ns_per_call > 0) {
			double spread = (q->ns_per_call_max - q->ns_per_call_min) / q->ns_per_call;

			if (spread > s->spread)
				s->spread = spread;
		}
		if (is_mmsg(q) && q->msgs_per_s > best) {
			best = q->msgs_per_s;
			s->best_vlen = q->vlen;
			s->best_speedup = q->speedup_vs_sendto;
		}
	}
	s->noisy = s->spread > SWEEP_NOISY;
	/* the knee: the smallest vlen within reach of the best */
	for (size_t i = 0; i < n && best > 0; i++) {
		if (is_mmsg(&p[i]) && p[i].msgs_per_s >= SWEEP_KNEE_SHARE * best &&
		    (!s->knee_vlen || p[i].vlen < s->knee_vlen))
			s->knee_vlen = p[i].vlen;
	}
	fit_points(p, n, s);
	for (size_t i = 0; i < n && s->fit.valid; i++)
		if (is_mmsg(&p[i]) && p[i].vlen == s->knee_vlen)
			s->knee_fixed_share = fit__fixed_share(&s->fit, p[i].msgs_per_call);
}

void sweep__print_table(FILE *f, const struct sweep_point *p, size_t n)
{
	fprintf(f, "%-8s %5s %10s %11s %8s %9s %8s %9s %9s %6s %7s %8s %5s\n", "mode", "vlen",
		"calls/s", "msgs/s", "MB/s", "ns/call", "ns/msg", "p50_us", "p99_us", "fill%",
		"in-call%", "x_sendto", "match");
	for (size_t i = 0; i < n; i++) {
		const struct sweep_point *q = &p[i];
		char p50[32], p99[32], speed[32], npc[32] = "-", npm[32] = "-", share[32] = "-";

		format__us(p50, sizeof(p50), q->have_latency, q->p50_ns);
		format__us(p99, sizeof(p99), q->have_latency, q->p99_ns);
		if (q->speedup_vs_sendto > 0)
			snprintf(speed, sizeof(speed), "%.2f", q->speedup_vs_sendto);
		else
			snprintf(speed, sizeof(speed), "-");
		/* untraced (--no-trace): no time inside the calls */
		if (q->have_latency) {
			snprintf(npc, sizeof(npc), "%.0f", q->ns_per_call);
			snprintf(npm, sizeof(npm), "%.1f", q->ns_per_msg);
			snprintf(share, sizeof(share), "%.1f", 100 * q->syscall_share);
		}
		fprintf(f, "%-8s %5u %10.0f %11.0f %8.2f %9s %8s %9s %9s %6.1f %7s %8s %5s\n",
			q->mode, q->vlen, q->calls_per_s, q->msgs_per_s, q->mb_per_s, npc, npm, p50,
			p99, 100 * q->fill, share, speed, q->match ? "yes" : "NO");
	}
}

/* the largest sendmmsg vlen: the right end of the plot's axis */
static unsigned max_mmsg_vlen(const struct sweep_point *p, size_t n)
{
	unsigned maxv = 1;

	for (size_t i = 0; i < n; i++)
		if (is_mmsg(&p[i]) && p[i].vlen > maxv)
			maxv = p[i].vlen;
	return maxv;
}

/* the column of vlen on a log2 axis of cols columns from 1 to maxv */
static unsigned column_of(unsigned vlen, unsigned maxv, unsigned cols)
{
	double top = log2(maxv > 1 ? maxv : 2);

	return (unsigned)lround(log2(vlen) / top * (cols - 1));
}

/* one chart: the sendmmsg points of value(p) as '*', the level of the
 * sendto and sendmsg points as lines of '-' and '.' */
static void chart(FILE *f, const char *title, const struct sweep_point *p, size_t n, unsigned cols,
		  double (*value)(const struct sweep_point *))
{
	const struct sweep_point *to = sweep__find_mode(p, n, "sendto"), *msg = sweep__find_mode(p, n, "sendmsg");
	char grid[PLOT_ROWS][160];
	unsigned maxv = max_mmsg_vlen(p, n);
	double top = 0;

	for (size_t i = 0; i < n; i++)
		if (value(&p[i]) > top)
			top = value(&p[i]);
	if (!(top > 0))
		return;
	memset(grid, ' ', sizeof(grid));
	/* the baselines first, so the points are drawn over them */
	for (int k = 0; k < 2; k++) {
		const struct sweep_point *b = k ? msg : to;
		int row = b ? PLOT_ROWS - 1 - (int)lround(value(b) / top * (PLOT_ROWS - 1)) : -1;

		for (unsigned c = 0; row >= 0 && c < cols; c++)
			grid[row][c] = k ? '.' : '-';
	}
	for (size_t i = 0; i < n; i++) {
		int row = PLOT_ROWS - 1 - (int)lround(value(&p[i]) / top * (PLOT_ROWS - 1));

		if (is_mmsg(&p[i]))
			grid[row][column_of(p[i].vlen, maxv, cols)] = '*';
	}
	fprintf(f, "\n%s\n", title);
	for (int r = 0; r < PLOT_ROWS; r++) {
		double level = top * (PLOT_ROWS - 1 - r) / (PLOT_ROWS - 1);

		fprintf(f, "%10.3g |%.*s\n", level, (int)cols, grid[r]);
	}
	fprintf(f, "%10s +", "");
	for (unsigned c = 0; c < cols; c++)
		putc('-', f);
	putc('\n', f);
}

static double msgs_per_s(const struct sweep_point *p)
{
	return p->msgs_per_s;
}

static double ns_per_msg(const struct sweep_point *p)
{
	return p->ns_per_msg;
}

/* vlen labels under the axis, at their columns */
static void axis_labels(FILE *f, const struct sweep_point *p, size_t n, unsigned cols)
{
	char line[200];
	unsigned maxv = max_mmsg_vlen(p, n), end = 0;

	memset(line, ' ', sizeof(line));
	for (size_t i = 0; i < n; i++) {
		char num[16];
		unsigned c, len;

		if (!is_mmsg(&p[i]))
			continue;
		len = (unsigned)snprintf(num, sizeof(num), "%u", p[i].vlen);
		c = column_of(p[i].vlen, maxv, cols);
		if (c < end || c + len > sizeof(line) - 1)
			continue;	/* no room: the label before it took the place */
		memcpy(line + c, num, len);
		end = c + len + 1;
	}
	fprintf(f, "%10s  %.*s\n", "vlen log2:", (int)(end ? end : 1), line);
}

void sweep__print_plot(FILE *f, const struct sweep_point *p, size_t n, unsigned width)
{
	unsigned cols = width > 140 ? 128 : width < 40 ? 28 : width - 12;

	chart(f, "msgs/s  (* sendmmsg, - sendto, . sendmsg)", p, n, cols, msgs_per_s);
	axis_labels(f, p, n, cols);
	chart(f, "ns per message inside the call  (* sendmmsg, - sendto, . sendmsg)", p, n, cols,
	      ns_per_msg);
	axis_labels(f, p, n, cols);
}

/* decimals that show a share as a percentage with two significant digits */
static int pct_decimals(double share)
{
	double pct = 100 * share;

	return pct >= 10 ? 0 : pct >= 1 ? 1 : pct >= 0.1 ? 2 : 3;
}

void sweep__print_explanation(FILE *f, const struct sweep_summary *s)
{
	const struct fit *fit = &s->fit;

	fprintf(f, "\n");
	if (!fit->valid) {
		fprintf(f, "no fit: it needs sendmmsg points at two or more vlens with calls "
			   "traced (%zu here)\n", s->fit_points);
		if (s->best_speedup > 0)
			fprintf(f, "sendmmsg at vlen %u sends %.2f times the messages per second of a "
				   "sendto loop on this machine\n", s->best_vlen, s->best_speedup);
		return;
	}
	fprintf(f, "fit: call time = %.0f ns + %.1f ns x messages per call, over %zu sendmmsg "
		   "points (relative least squares; residual %.1f%%, worst point off by %.1f%%: %s)\n",
		fit->fixed_ns, fit->per_msg_ns, s->fit_points, 100 * fit->residual,
		100 * fit->worst_error, fit->good ? "a good fit, every point within 30%" :
		"a poor fit");
	/* a line through two points fits them exactly whatever they are */
	if (s->fit_points == 2)
		fprintf(f, "two points: the line through both, exact by construction; three or "
			   "more vlens test the model\n");
	if (s->noisy)
		fprintf(f, "the runs of a point differ by up to %.0f%% of their median: the machine "
			   "was busy while measuring; no conclusion from this run (try again, or "
			   "a longer --per-point)\n", 100 * s->spread);
	else if (!fit->good && (fit->fixed_ns < 0 || fit->per_msg_ns < 0))
		fprintf(f, "the fit is poor: it needs a negative %s, which no call has; the points "
			   "do not follow a fixed cost per call plus a cost per message (noise, or "
			   "too few vlens), so no conclusion is drawn from it\n",
			fit->fixed_ns < 0 ? "fixed cost per call" : "cost per message");
	else if (!fit->good)
		fprintf(f, "the fit is poor: the points do not follow a fixed cost per call plus a "
			   "cost per message (it misses one by %.0f%%, more than %.0f%%), so no "
			   "conclusion is drawn from it\n", 100 * fit->worst_error, 100 * FIT_GOOD_ERROR);
	else {
		fprintf(f, "each call costs %.2f us before its first message and %.2f us per "
			   "message", fit->fixed_ns / 1000, fit->per_msg_ns / 1000);
		if (s->knee_vlen)
			fprintf(f, "; at vlen %u (the knee: 95%% of the best msgs/s) the fixed part is "
				   "%.*f%% of a call's time, so larger batches can gain at most %.*f%% "
				   "more", s->knee_vlen, pct_decimals(s->knee_fixed_share),
				100 * s->knee_fixed_share, pct_decimals(s->knee_fixed_share),
				100 * s->knee_fixed_share);
		fprintf(f, "\n");
	}
	if (s->best_speedup > 0)
		fprintf(f, "sendmmsg at vlen %u sends %.2f times the messages per second of a sendto "
			   "loop on this machine%s\n", s->best_vlen, s->best_speedup,
			s->repeat > 1 ? "" : " (one run per point: --repeat 3 shows the spread)");
	if (!s->all_match)
		fprintf(f, "the kernel's totals differ from the driver's at some point (match NO): "
			   "those figures are not exact\n");
}

/* a number for CSV: '.' whatever the locale, empty when not finite */
static void csv_num(FILE *f, double x, int decimals)
{
	putc(',', f);
	if (isfinite(x))
		format__decimal(f, x, decimals);
}

void sweep__print_csv_header(FILE *f)
{
	fputs("type,mode,vlen,runs,calls,messages,bytes,datagrams,errors,lost_events,seconds,"
	      "calls_per_s,msgs_per_s,msgs_per_s_min,msgs_per_s_max,mb_per_s,datagrams_per_s,"
	      "ns_per_call,ns_per_call_min,ns_per_call_max,ns_per_msg,msgs_per_call,p50_ns,p99_ns,"
	      "fill,syscall_share,match,speedup_vs_sendto,"
	      "fixed_ns,per_msg_ns,residual,worst_error,good,knee_vlen,best_vlen\n", f);
}

void sweep__print_csv_point(FILE *f, const struct sweep_point *p)
{
	fprintf(f, "point,%s,%u,%u,%llu,%llu,%llu,%llu,%llu,%llu", p->mode, p->vlen, p->runs,
		(unsigned long long)p->calls, (unsigned long long)p->messages,
		(unsigned long long)p->bytes, (unsigned long long)p->datagrams,
		(unsigned long long)p->errors, (unsigned long long)p->lost_events);
	csv_num(f, p->seconds, 3);
	csv_num(f, p->calls_per_s, 1);
	csv_num(f, p->msgs_per_s, 1);
	csv_num(f, p->msgs_per_s_min, 1);
	csv_num(f, p->msgs_per_s_max, 1);
	csv_num(f, p->mb_per_s, 3);
	csv_num(f, p->datagrams_per_s, 1);
	csv_num(f, p->have_latency ? p->ns_per_call : NAN, 1);
	csv_num(f, p->have_latency ? p->ns_per_call_min : NAN, 1);
	csv_num(f, p->have_latency ? p->ns_per_call_max : NAN, 1);
	csv_num(f, p->have_latency ? p->ns_per_msg : NAN, 1);
	csv_num(f, p->msgs_per_call, 3);
	if (p->have_latency)
		fprintf(f, ",%llu,%llu", (unsigned long long)p->p50_ns, (unsigned long long)p->p99_ns);
	else
		fputs(",,", f);
	csv_num(f, p->fill, 4);
	csv_num(f, p->have_latency ? p->syscall_share : NAN, 4);
	fprintf(f, ",%s", p->match ? "true" : "false");
	csv_num(f, p->speedup_vs_sendto, 3);
	fputs(",,,,,,,\n", f);
}

void sweep__print_csv_fit(FILE *f, const struct sweep_summary *s)
{
	/* the point columns (mode .. match) stay empty */
	fputs("fit", f);
	for (int i = 0; i < 26; i++)
		putc(',', f);
	csv_num(f, s->best_speedup, 3);
	if (s->fit.valid) {
		csv_num(f, s->fit.fixed_ns, 1);
		csv_num(f, s->fit.per_msg_ns, 3);
		csv_num(f, s->fit.residual, 4);
		csv_num(f, s->fit.worst_error, 4);
		fprintf(f, ",%s", s->fit.good ? "true" : "false");
	} else {
		fputs(",,,,,false", f);
	}
	fprintf(f, ",%u,%u\n", s->knee_vlen, s->best_vlen);
}
