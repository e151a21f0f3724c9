// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "common/names.h"
#include "common/util.h"
#include "report/csv.h"
#include "report/drive_view.h"
#include "report/events.h"
#include "report/format.h"
#include "report/json.h"
#include "report/tui.h"

struct drive_view {
	struct drive_view_config cfg;
	bool header_printed;
	/* the full-screen view (cfg.tui): the frame shown, and the trend */
	struct tui *tui;
	struct tui_drive_frame frame;	/* the last interval; frozen while paused */
	bool have_frame;
	struct tui_trend msgs_trend, p99_trend;
};

static void print_header(struct drive_view *d)
{
	FILE *f = d->cfg.out;

	/* every figure of an interval is a rate per second */
	fprintf(f, "# %s\n", d->cfg.title);
	/* columns added later go to the end: scripts read them by position */
	fprintf(f, "%8s %10s %11s %9s %8s %6s %9s %9s %7s %9s %9s %7s %9s\n", "time_s", "calls/s",
		"msgs/s", "MB/s", "msg/call", "fill%", "partial/s", "errors/s", "lost/s", "p50_us",
		"p99_us", "ns/msg", "dropped/s");
	fflush(f);
	d->header_printed = true;
}

static void redraw(struct drive_view *d);

/* the full-screen view, or why not (then a line per interval) */
static void open_tui(struct drive_view *d)
{
	char err[256];

	d->tui = tui__open(err, sizeof(err));
	if (!d->tui) {
		warn("warning: no full-screen view (%s): a line per interval instead\n", err);
		d->cfg.tui = false;
		return;
	}
	d->frame = (struct tui_drive_frame){
		.title = d->cfg.title, .traced = d->cfg.traced, .utf8 = tui__utf8(d->tui),
		.msgs = &d->msgs_trend, .p99 = &d->p99_trend,
	};
	redraw(d);
}

struct drive_view *drive_view__new(const struct drive_view_config *cfg)
{
	struct drive_view *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->cfg = *cfg;
	if (cfg->tui && !cfg->json && !cfg->events && !cfg->csv)
		open_tui(d);
	else
		d->cfg.tui = false;
	/* line mode says what runs at once, not after the first interval */
	if (cfg->csv)
		csv__drive_header(cfg->out);
	else if (!cfg->json && !d->cfg.tui && !cfg->events)
		print_header(d);
	return d;
}

void drive_view__start(struct drive_view *d, const struct drive_start *s)
{
	if (d->cfg.json_file) {
		json__drive_start(d->cfg.json_file, s);
		fflush(d->cfg.json_file);
	}
	if (d->cfg.json) {
		json__drive_start(d->cfg.out, s);
		fflush(d->cfg.out);
	}
}

static void print_line(struct drive_view *d, double t, const struct stats_interval *iv)
{
	FILE *f = d->cfg.out;
	char p50[32], p99[32], nspm[32], dropped[32];
	double s = iv->seconds > 0 ? iv->seconds : 1;

	if (!d->header_printed)
		print_header(d);
	format__us(p50, sizeof(p50), iv->latency.valid, iv->latency.p50);
	format__us(p99, sizeof(p99), iv->latency.valid, iv->latency.p99);
	/* as in the full-screen view: no cost per message when calls failed */
	if (iv->have_latency && iv->delta.msgs && !iv->delta.errors)
		snprintf(nspm, sizeof(nspm), "%.0f", iv->ns_per_msg);
	else
		snprintf(nspm, sizeof(nspm), "-");
	if (iv->have_drops)
		snprintf(dropped, sizeof(dropped), "%.0f", iv->delta.dropped / s);
	else
		snprintf(dropped, sizeof(dropped), "-");
	fprintf(f, "%8.3f %10.0f %11.0f %9.2f %8.2f %6.1f %9.0f %9.0f %7.0f %9s %9s %7s %9s\n",
		t, iv->calls_per_s, iv->msgs_per_s, iv->mb_per_s, iv->msgs_per_call, iv->fill_pct,
		iv->delta.partial / s, iv->delta.errors / s, iv->delta.lost_events / s, p50, p99,
		nspm, dropped);
}

static void redraw(struct drive_view *d)
{
	struct tui_screen *screen = tui__screen(d->tui);

	if (d->have_frame)
		tui_layout__drive(&d->frame, screen);
	else
		tui_layout__waiting(d->cfg.title, false, screen);
	tui__draw(d->tui);
}

/* the interval into the trend, and on the screen unless paused */
static void show_frame(struct drive_view *d, double t, const struct stats_interval *iv,
		       const struct stats_counts *total)
{
	tui_trend__add(&d->msgs_trend, t, iv->msgs_per_s);
	tui_trend__add(&d->p99_trend, t, iv->latency.valid ? iv->latency.p99 / 1000.0 : -1);
	if (d->frame.paused)
		return;
	d->frame.t = t;
	d->frame.iv = *iv;
	d->frame.total = *total;
	d->have_frame = true;
	redraw(d);
}

bool drive_view__keys(struct drive_view *d)
{
	if (!d->tui)
		return false;
	for (;;) {
		switch (tui__key(d->tui)) {
		case TUI_KEY_NONE:
			return false;
		case TUI_KEY_QUIT:
			return true;
		case TUI_KEY_PAUSE:
			d->frame.paused = !d->frame.paused;
			break;
		case TUI_KEY_HELP:
			d->frame.help = !d->frame.help;
			break;
		case TUI_KEY_RESIZE:
			break;
		default:
			/* any other key closes the help */
			d->frame.help = false;
			break;
		}
		redraw(d);
	}
}

void drive_view__end_live(struct drive_view *d)
{
	tui__close(d->tui);
	d->tui = NULL;
}

bool drive_view__interval(struct drive_view *d, double t, const struct stats_interval *iv,
		       const struct stats_counts *total)
{
	if (d->cfg.json_file)
		json__interval(d->cfg.json_file, t, iv);
	if (d->cfg.json)
		json__interval(d->cfg.out, t, iv);
	else if (d->cfg.csv)
		csv__drive_interval(d->cfg.out, t, iv);
	else if (d->tui)
		show_frame(d, t, iv, total);
	else if (!d->cfg.tui)
		print_line(d, t, iv);
	return fflush(d->cfg.out) == 0 && !ferror(d->cfg.out);
}

static void print_check_row(FILE *f, const char *name, uint64_t driver, uint64_t kernel, bool match)
{
	if (match)
		fprintf(f, "  %-10s %16" PRIu64 " %16" PRIu64 "   match\n", name, driver, kernel);
	else
		fprintf(f, "  %-10s %16" PRIu64 " %16" PRIu64 "   DIFFER by %+" PRId64 "\n", name,
			driver, kernel, (int64_t)(kernel - driver));
}

static void print_cross_check(FILE *f, const struct summary *s)
{
	fprintf(f, "\ncross-check: driver's own counts vs the kernel's totals\n");
	fprintf(f, "  %-10s %16s %16s\n", "", "driver", "kernel");
	print_check_row(f, "calls", s->driver.calls, s->kernel.calls, s->match_calls);
	print_check_row(f, "messages", s->driver.msgs, s->kernel.msgs, s->match_msgs);
	print_check_row(f, "bytes", s->driver.bytes, s->kernel.bytes, s->match_bytes);
	print_check_row(f, "errors", s->driver.errors, s->kernel.errors, s->match_errors);
	if (s->kernel.inflight_overflow || s->kernel.exit_unmatched || s->kernel.bytes_read_faults)
		fprintf(f, "  kernel totals are incomplete: in-flight overflow %" PRIu64
			   ", unmatched exits %" PRIu64 ", msg_len read faults %" PRIu64 "\n",
			s->kernel.inflight_overflow, s->kernel.exit_unmatched,
			s->kernel.bytes_read_faults);
	if (s->delivery_checked) {
		uint64_t accounted = s->sink_delivered + s->drops.from_its_sockets;

		fprintf(f, "  delivery: %" PRIu64 " datagrams sent = %" PRIu64 " received by the sink + "
			   "%" PRIu64 " dropped   ", s->driver.datagrams, s->sink_delivered,
			s->drops.from_its_sockets);
		if (s->match_delivery)
			fprintf(f, "match\n");
		else
			fprintf(f, "DIFFER by %+" PRId64 "\n", (int64_t)(accounted - s->driver.datagrams));
	} else if (s->have_sink && s->drops.counted && s->drops.unattributed) {
		fprintf(f, "  delivery: not checked: %" PRIu64 " drops on the machine could not be "
			   "attributed\n", s->drops.unattributed);
	}
	fprintf(f, "  result: %s\n", s->match ? "all match" : "MISMATCH (exit code 1)");
	if (s->hidden.counted && s->hidden.messages)
		fprintf(f, "  the %" PRIu64 " hidden errors are in neither column: no call returned "
			   "them\n", s->hidden.messages);
}

static void print_errnos(FILE *f, const uint64_t *errnos)
{
	bool any = false;

	for (int e = 0; e < MMSG_ERRNO_SLOTS; e++) {
		const char *name;

		if (!errnos[e])
			continue;
		if (!any)
			fprintf(f, "\nerrors by errno\n");
		any = true;
		name = names__errno(e);
		if (name)
			fprintf(f, "  %-16s %" PRIu64 "\n", name, errnos[e]);
		else
			fprintf(f, "  errno %-10d %" PRIu64 "\n", e, errnos[e]);
	}
}

/*
 * The sum of call latency over the messages sent. Failed calls send nothing
 * but their time is in the sum, so with errors the quotient is no cost per
 * message (millions of EAGAIN calls and 11 messages give milliseconds a
 * message): then it is shown as what it is made of, not as a figure.
 */
static void print_ns_per_msg(FILE *f, const struct stats_counts *k)
{
	double ns = (double)k->latency_ns / k->msgs;

	if (!k->errors) {
		fprintf(f, "  ns/msg         %.1f (sum of call latency / messages%s)\n", ns,
			k->msgs < 1000 ? ", from few messages" : "");
		return;
	}
	fprintf(f, "  ns/msg         not a cost per message: %.3f ms of latency in %" PRIu64
		   " calls, %" PRIu64 " of them failed (%.1f%%), over %" PRIu64 " messages = %.1f\n",
		k->latency_ns / 1e6, k->calls, k->errors, 100.0 * k->errors / k->calls, k->msgs, ns);
}

/* "of N datagrams sent, the sink received R and the kernel dropped D:
 * receive buffer full D" */
static void print_delivery(FILE *f, const struct summary *s)
{
	const struct drop_counts *d = &s->drops;
	char reasons[1024], received[64] = "";

	if (!s->have_driver)
		return;
	if (!d->counted) {
		if (s->traced)
			fprintf(f, "  drops          not counted (--no-drops, or the counter could not "
				   "load)\n");
		return;
	}
	format__drop_reasons(reasons, sizeof(reasons), d);
	if (s->have_sink)
		snprintf(received, sizeof(received), " the sink received %" PRIu64 " and",
			 s->sink_delivered);
	fprintf(f, "  drops          of %" PRIu64 " datagrams sent,%s the kernel dropped %" PRIu64
		   "%s%s%s\n", s->driver.datagrams, received, d->from_its_sockets,
		   reasons[0] ? ": " : "", reasons,
		   s->have_sink ? "" : " (--dest: what arrived elsewhere is not seen here)");
	if (d->total != d->from_its_sockets)
		fprintf(f, "                 at the driver's sockets %" PRIu64 " (of datagrams from "
			   "anywhere), of its own datagrams %" PRIu64 "\n",
			d->to_its_sockets, d->from_its_sockets);
	format__drops_unattributed(f, d);
}

static void print_summary_text(FILE *f, const struct summary *s)
{
	const struct stats_counts *k = &s->kernel;
	uint64_t calls = s->traced ? k->calls : s->driver.calls;
	uint64_t msgs = s->traced ? k->msgs : s->driver.msgs;
	uint64_t bytes = s->traced ? k->bytes : s->driver.bytes;
	uint64_t errors = s->traced ? k->errors : s->driver.errors;
	uint64_t partial = s->traced ? k->partial : s->driver.partial;
	unsigned capped = s->call_slots ? s->call_slots :
			  s->vlen < MMSG_UIO_MAXIOV ? s->vlen : MMSG_UIO_MAXIOV;
	const struct stats_percentiles *p = &s->latency;
	bool incomplete = k->inflight_overflow || k->exit_unmatched || k->bytes_read_faults;
	char mode[32] = "", gso[32] = "";

	if (s->send_mode && strcmp(s->send_mode, "sendmmsg"))
		snprintf(mode, sizeof(mode), ", %s one message per call", s->send_mode);
	if (s->gso)
		snprintf(gso, sizeof(gso), ", gso %u", s->gso);
	fprintf(f, "\nsummary: %.3f s, vlen %u%s%s, attach %s; totals from the %s\n", s->seconds,
		s->vlen, mode, gso, s->attach, !s->traced ? "driver's counters" :
		incomplete ? "kernel's counters (INCOMPLETE: see the cross-check)" :
		"kernel's counters (exact)");
	fprintf(f, "  calls          %" PRIu64 "\n", calls);
	fprintf(f, "  messages       %" PRIu64 "\n", msgs);
	fprintf(f, "  bytes          %" PRIu64 "\n", bytes);
	if (s->have_driver && s->gso)
		fprintf(f, "  datagrams      %" PRIu64 " (the driver's count: messages cut into "
			   "%u-byte datagrams by GSO)\n", s->driver.datagrams, s->gso);
	else if (s->have_driver)
		fprintf(f, "  datagrams      %" PRIu64 " (the driver's count: one per message)\n",
			s->driver.datagrams);
	fprintf(f, "  errors         %" PRIu64 "\n", errors);
	fprintf(f, "  partial        %" PRIu64 "\n", partial);
	/* only sendmmsg hides errors, and only the tracer can see them */
	if (s->traced && (!s->send_mode || !strcmp(s->send_mode, "sendmmsg")))
		format__hidden(f, "  hidden errors  ", "                 ", &s->hidden, partial);
	if (calls)
		fprintf(f, "  msgs/call      %.2f (fill %.1f%% of %u)\n", (double)msgs / calls,
			100.0 * msgs / ((double)calls * capped), capped);
	if (s->seconds > 0)
		fprintf(f, "  rate           %.0f calls/s, %.0f msgs/s, %.2f MB/s\n",
			calls / s->seconds, msgs / s->seconds, bytes / s->seconds / 1e6);
	if (s->traced) {
		fprintf(f, "  lost_events    %" PRIu64 "%s\n", k->lost_events,
			k->lost_events ? "  (ring buffer full: histograms and percentiles are "
					 "sampled; totals stay exact)" : "");
		fprintf(f, "  records        %" PRIu64 "\n", s->records);
		if (k->msgs)
			print_ns_per_msg(f, k);
		if (p->valid)
			fprintf(f, "  latency_ns     p50 %" PRIu64 "  p90 %" PRIu64 "  p99 %" PRIu64
				   "  max %" PRIu64 "  (%s)\n",
				p->p50, p->p90, p->p99, p->max,
				summary__sampled(s) ? "from the records received: a sample" :
				p->exact ? "exact" : "estimated from buckets, within 0.4%");
	}
	if (s->have_sink)
		fprintf(f, "  sink           %s %" PRIu64 ", dropped at its queue %" PRIu64
			   " (the socket's own counter)%s\n",
			s->sink_reads ? "received" : "nobody read it while sending; queued at the end",
			s->sink_delivered, s->sink_dropped, s->gso ? " (datagrams)" : "");
	print_delivery(f, s);
	format__consumer(f, s->consumer_cpu_s, s->consumer_wall_s);
	format__self_cost(f, s->self_cost, s->seconds);
	if (s->traced) {
		format__hist(f, "call latency (ns)", s->latency_hist);
		format__hist(f, "messages per call", s->msgs_hist);
		format__hist(f, "bytes per call", s->bytes_hist);
	}
	if (s->errnos)
		print_errnos(f, s->errnos);
	if (s->traced && s->have_driver)
		print_cross_check(f, s);
}

void drive_view__summary(struct drive_view *d, const struct summary *sum)
{
	/* the summary on the normal screen */
	drive_view__end_live(d);
	if (d->cfg.json_file) {
		json__summary(d->cfg.json_file, sum);
		fflush(d->cfg.json_file);
	}
	if (d->cfg.json)
		json__summary(d->cfg.out, sum);
	else if (d->cfg.csv)
		csv__drive_summary(d->cfg.out, sum);
	else
		print_summary_text(d->cfg.out, sum);
	fflush(d->cfg.out);
}

void drive_view__event(struct drive_view *d, const struct mmsg_call_record *rec)
{
	double t = rec->enter_ns > d->cfg.start_ns ? (rec->enter_ns - d->cfg.start_ns) / 1e9 : 0;

	if (d->cfg.json_file)
		events__print_json(d->cfg.json_file, t, rec);
	if (d->cfg.json) {
		events__print_json(d->cfg.out, t, rec);
		return;
	}
	if (!d->header_printed) {
		fprintf(d->cfg.out, "# %s\n", d->cfg.title);
		events__print_text_header(d->cfg.out);
		d->header_printed = true;
	}
	events__print_text(d->cfg.out, t, rec);
}

void drive_view__free(struct drive_view *d)
{
	if (!d)
		return;
	drive_view__end_live(d);
	free(d);
}
