// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The full-screen view's layout, without a terminal (see tui_layout.h). */
#define _GNU_SOURCE
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report/format.h"
#include "report/tui_layout.h"

#define TABLE_MIN_WIDTH 80	/* narrower: the rates as label-value pairs */
#define PAIRS_LINES 2		/* the narrow layout's lines of rates */
#define PAIR_GAP 2		/* spaces between two pairs */
#define TREND_LABEL 8		/* "msgs/s  " */
#define MAX_ITEMS 16		/* label-value pairs flowed onto lines */
#define MAX_COLUMNS 32		/* columns of a table */
#define HINT_LINES 2		/* observe mode's idle hint: lines at most */
/* after the keys, where there is room */
#define KEYS_HINT "   (rates per second of the last interval)"
#define KEYS_HINT_LEN ((int)sizeof(KEYS_HINT) - 1)

/* the help overlay's lines, and the modes each is for */
#define HELP_DRIVE 1
#define HELP_OBSERVE 2
static const struct {
	const char *text;
	int modes;
} help_lines[] = {
	{ "keys", HELP_DRIVE | HELP_OBSERVE },
	{ "  q  quit: stop and print the summary (as Ctrl-C)", HELP_DRIVE | HELP_OBSERVE },
	{ "  p  pause the display (counting goes on)", HELP_DRIVE | HELP_OBSERVE },
	{ "  s  order by the next --sort key", HELP_OBSERVE },
	{ "  ?  show or hide this help", HELP_DRIVE | HELP_OBSERVE },
	{ "figures", HELP_DRIVE | HELP_OBSERVE },
	{ "  .../s  rates per second over the last interval", HELP_DRIVE | HELP_OBSERVE },
	{ "  total  counts since the start", HELP_DRIVE },
	{ "  trend  the last 60 s, one mark per interval", HELP_DRIVE },
	{ "  others the processes past --top, added up", HELP_OBSERVE },
};

int tui_layout__width(const char *s)
{
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/* the byte length of s's first `cols` columns */
static size_t cut_at(const char *s, int cols)
{
	size_t i = 0;
	int w = 0;

	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xc0) != 0x80 && w++ == cols)
			break;
	}
	return i;
}

/* the index of the most important of n priorities not yet taken (the
 * first of equals), marking it taken */
static int next_by_priority(const int *priority, bool *taken, int n)
{
	int best = -1;

	for (int i = 0; i < n; i++)
		if (!taken[i] && (best < 0 || priority[i] < priority[best]))
			best = i;
	if (best >= 0)
		taken[best] = true;
	return best;
}

int tui_layout__fit(const struct tui_column *cols, int n, int width, bool *shown)
{
	int priority[MAX_COLUMNS], used = 0, count = 0;
	bool taken[MAX_COLUMNS] = { false };

	if (n > MAX_COLUMNS)
		n = MAX_COLUMNS;
	for (int i = 0; i < n; i++) {
		priority[i] = cols[i].priority;
		shown[i] = false;
	}
	/* by priority, each column that still fits */
	for (int k = 0; k < n; k++) {
		int i = next_by_priority(priority, taken, n);
		int need = cols[i].width + (count ? 1 : 0);

		if (used + need <= width) {
			shown[i] = true;
			used += need;
			count++;
		}
	}
	return count;
}

void tui_trend__add(struct tui_trend *tr, double t, double v)
{
	tr->t[tr->head] = t;
	tr->v[tr->head] = v;
	tr->head = (tr->head + 1) % TUI_TREND_SAMPLES;
	if (tr->n < TUI_TREND_SAMPLES)
		tr->n++;
}

double tui_trend__sparkline(const struct tui_trend *tr, double now, int width, bool utf8,
			    char *out, size_t outlen)
{
	static const char *const blocks[8] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
	static const char ascii[8] = { '_', '.', ':', '-', '=', '+', '*', '#' };
	double vals[TUI_TREND_SAMPLES], max = -1;
	unsigned k = 0;
	size_t len = 0;

	if (outlen)
		out[0] = '\0';
	/* the window's samples, oldest first */
	for (unsigned i = 0; i < tr->n; i++) {
		unsigned at = (tr->head + TUI_TREND_SAMPLES - tr->n + i) % TUI_TREND_SAMPLES;

		if (tr->t[at] <= now - TUI_TREND_WINDOW_S || tr->t[at] > now)
			continue;
		vals[k++] = tr->v[at];
		if (tr->v[at] > max)
			max = tr->v[at];
	}
	if (width <= 0 || !k)
		return k ? max : -1;
	for (int c = 0, groups = k < (unsigned)width ? (int)k : width; c < groups; c++) {
		unsigned from = (unsigned)((uint64_t)c * k / groups);
		unsigned to = (unsigned)((uint64_t)(c + 1) * k / groups);
		double v = -1;
		int level;

		for (unsigned i = from; i < to; i++)
			if (vals[i] > v)
				v = vals[i];
		if (len + 4 >= outlen)
			break;
		if (v < 0) {
			out[len++] = ' ';
			out[len] = '\0';
			continue;
		}
		level = max > 0 ? (int)lround(v / max * 7) : 0;
		if (level < 0)
			level = 0;
		if (level > 7)
			level = 7;
		if (utf8) {
			memcpy(out + len, blocks[level], 3);
			len += 3;
		} else {
			out[len++] = ascii[level];
		}
		out[len] = '\0';
	}
	return max;
}

/* a line, cut to the width, if the height has room */
static void put(struct tui_screen *s, int attr, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void put(struct tui_screen *s, int attr, const char *fmt, ...)
{
	char buf[TUI_LINE_BYTES];
	va_list ap;
	size_t n;

	if (s->n >= s->height || s->n >= TUI_LINES_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	n = cut_at(buf, s->width);
	memcpy(s->line[s->n], buf, n);
	s->line[s->n][n] = '\0';
	s->attr[s->n++] = attr;
}

/* text on at most maxlines lines, each cut at its last space that fits
 * (or at the width when a word is longer), the rest dropped */
static void put_wrapped(struct tui_screen *s, int attr, const char *text, int maxlines)
{
	for (int l = 0; l < maxlines && *text; l++) {
		size_t n = cut_at(text, s->width), skip = n;

		if (text[n] && l + 1 < maxlines) {
			size_t sp = n;

			while (sp > 0 && text[sp] != ' ')
				sp--;
			if (sp > 0)
				n = sp, skip = sp + 1;
		}
		put(s, attr, "%.*s", (int)n, text);
		text += skip;
	}
}

/* append text to a line of at most width columns, right- or left-aligned
 * in w columns and cut to them, one space before it unless first */
static void cell(char *line, size_t size, const char *text, int w, bool left)
{
	size_t len = strlen(line), n = cut_at(text, w);
	int pad = w - tui_layout__width(text);

	if (len && len + 1 < size)
		line[len++] = ' ';
	for (; !left && pad > 0 && len + 1 < size; pad--)
		line[len++] = ' ';
	if (len + n >= size)
		n = size - len - 1;
	memcpy(line + len, text, n);
	len += n;
	for (; left && pad > 0 && len + 1 < size; pad--)
		line[len++] = ' ';
	line[len] = '\0';
}

/* a label and its value, placed by priority on a few lines */
struct item {
	char text[96];
	int priority;			/* 1 is kept longest */
	int line;			/* where it went, -1: dropped */
};

/* items by priority onto at most nlines lines of width, the first after
 * lead; each line keeps the items' order */
static void flow(struct item *items, int n, int width, int nlines, const char *lead,
		 char out[][TUI_LINE_BYTES])
{
	int used[PAIRS_LINES + 1] = { 0 }, priority[MAX_ITEMS];
	bool taken[MAX_ITEMS] = { false };

	if (n > MAX_ITEMS)
		n = MAX_ITEMS;
	if (nlines > PAIRS_LINES + 1)
		nlines = PAIRS_LINES + 1;
	for (int l = 0; l < nlines; l++) {
		snprintf(out[l], TUI_LINE_BYTES, "%s", lead);
		used[l] = tui_layout__width(lead);
	}
	for (int i = 0; i < n; i++) {
		items[i].line = -1;
		priority[i] = items[i].priority;
	}
	for (int k = 0; k < n; k++) {
		int i = next_by_priority(priority, taken, n);
		int w = tui_layout__width(items[i].text);

		for (int l = 0; l < nlines; l++) {
			int gap = used[l] > tui_layout__width(lead) ? PAIR_GAP : 0;

			if (used[l] + gap + w <= width) {
				items[i].line = l;
				used[l] += gap + w;
				break;
			}
		}
	}
	for (int i = 0; i < n; i++) {
		int l = items[i].line;
		size_t len;

		if (l < 0)
			continue;
		len = strlen(out[l]);
		snprintf(out[l] + len, TUI_LINE_BYTES - len, "%s%s",
			 (int)len > (int)strlen(lead) ? "  " : "", items[i].text);
	}
}

static int lines_used(char out[][TUI_LINE_BYTES], int nlines, const char *lead)
{
	int n = 0;

	for (int l = 0; l < nlines; l++)
		if (strlen(out[l]) > strlen(lead))
			n = l + 1;
	return n;
}

/* the help overlay over the frame, from line `from` when it fits below
 * it, else from the second line */
static void overlay_help(struct tui_screen *s, int from, int mode)
{
	int nhelp = 0, row;

	for (size_t i = 0; i < sizeof(help_lines) / sizeof(help_lines[0]); i++)
		nhelp += !!(help_lines[i].modes & mode);
	row = from + nhelp < s->height ? from : 1;
	for (size_t i = 0; i < sizeof(help_lines) / sizeof(help_lines[0]) && row < s->height; i++) {
		const char *text = help_lines[i].text;
		size_t n;

		if (!(help_lines[i].modes & mode))
			continue;
		if (row >= s->n) {
			s->line[row][0] = '\0';
			s->n = row + 1;
		}
		n = cut_at(text, s->width);
		memcpy(s->line[row], text, n);
		s->line[row][n] = '\0';
		s->attr[row++] = TUI_HELP;
	}
}

void tui_layout__waiting(const char *title, bool observe, struct tui_screen *s)
{
	s->n = 0;
	if (s->height > TUI_LINES_MAX)
		s->height = TUI_LINES_MAX;
	if (s->height < 1 || s->width < 1)
		return;
	put(s, TUI_TITLE, "mmsgtrace%s  %s", observe ? " observe" : "", title);
	put(s, TUI_PLAIN, "%s", "figures after the first interval");
	while (s->n < s->height - 1)
		put(s, TUI_PLAIN, "%s", "");
	put(s, TUI_PLAIN, "%s", observe ? "q quit  p pause  s sort  ? help" : "q quit  p pause  ? help");
}

/* drive mode's rates: name, width, priority, value */
enum drive_col {
	DC_CALLS, DC_MSGS, DC_MB, DC_MPC, DC_FILL, DC_PARTIAL, DC_ERRORS, DC_LOST, DC_P50, DC_P99,
	DC_NSPM, DC_DROPPED, DC_COUNT,
};

static const struct tui_column drive_cols[DC_COUNT] = {
	[DC_CALLS] = { "calls/s", 10, 2 },
	[DC_MSGS] = { "msgs/s", 11, 1 },
	[DC_MB] = { "MB/s", 9, 7 },
	[DC_MPC] = { "msg/call", 8, 5 },
	[DC_FILL] = { "fill%", 6, 9 },
	[DC_PARTIAL] = { "partial/s", 9, 8 },
	[DC_ERRORS] = { "errors/s", 9, 3 },
	[DC_LOST] = { "lost/s", 7, 6 },
	[DC_P50] = { "p50_us", 9, 11 },
	[DC_P99] = { "p99_us", 9, 4 },
	[DC_NSPM] = { "ns/msg", 7, 12 },
	[DC_DROPPED] = { "dropped/s", 9, 5 },
};

static double per_s(uint64_t count, double seconds)
{
	return seconds > 0 ? count / seconds : 0;
}

static void drive_values(const struct stats_interval *iv, char v[DC_COUNT][32])
{
	snprintf(v[DC_CALLS], 32, "%.0f", iv->calls_per_s);
	snprintf(v[DC_MSGS], 32, "%.0f", iv->msgs_per_s);
	snprintf(v[DC_MB], 32, "%.2f", iv->mb_per_s);
	snprintf(v[DC_MPC], 32, "%.2f", iv->msgs_per_call);
	snprintf(v[DC_FILL], 32, "%.1f", iv->fill_pct);
	snprintf(v[DC_PARTIAL], 32, "%.0f", per_s(iv->delta.partial, iv->seconds));
	snprintf(v[DC_ERRORS], 32, "%.0f", per_s(iv->delta.errors, iv->seconds));
	if (iv->have_drops)
		snprintf(v[DC_DROPPED], 32, "%.0f", per_s(iv->delta.dropped, iv->seconds));
	else
		snprintf(v[DC_DROPPED], 32, "-");
	snprintf(v[DC_LOST], 32, "%.0f", per_s(iv->delta.lost_events, iv->seconds));
	format__us(v[DC_P50], 32, iv->latency.valid, iv->latency.p50);
	format__us(v[DC_P99], 32, iv->latency.valid, iv->latency.p99);
	/* failed calls' time is in the sum but they sent nothing: no cost per
	 * message then (the summary says what the quotient is made of) */
	if (iv->have_latency && iv->delta.msgs && !iv->delta.errors)
		snprintf(v[DC_NSPM], 32, "%.0f", iv->ns_per_msg);
	else
		snprintf(v[DC_NSPM], 32, "-");
}

/* the rates: a table header and a row, or pairs on two lines */
static int drive_rates(const struct tui_drive_frame *f, int width, char out[][TUI_LINE_BYTES],
		       unsigned char *attr)
{
	char v[DC_COUNT][32];

	drive_values(&f->iv, v);
	if (width >= TABLE_MIN_WIDTH) {
		bool shown[DC_COUNT];

		tui_layout__fit(drive_cols, DC_COUNT, width, shown);
		out[0][0] = out[1][0] = '\0';
		for (int i = 0; i < DC_COUNT; i++) {
			if (!shown[i])
				continue;
			cell(out[0], TUI_LINE_BYTES, drive_cols[i].name, drive_cols[i].width, false);
			cell(out[1], TUI_LINE_BYTES, v[i], drive_cols[i].width, false);
		}
		attr[0] = TUI_HEADER;
		attr[1] = TUI_PLAIN;
		return 2;
	}
	{
		struct item items[DC_COUNT];

		for (int i = 0; i < DC_COUNT; i++) {
			snprintf(items[i].text, sizeof(items[i].text), "%s %.32s", drive_cols[i].name,
				 v[i]);
			items[i].priority = drive_cols[i].priority;
		}
		/* in the order of their importance */
		for (int i = 0; i < DC_COUNT; i++)
			for (int j = i + 1; j < DC_COUNT; j++)
				if (items[j].priority < items[i].priority) {
					struct item tmp = items[i];

					items[i] = items[j];
					items[j] = tmp;
				}
		flow(items, DC_COUNT, width, PAIRS_LINES, "", out);
		attr[0] = attr[1] = TUI_PLAIN;
		return PAIRS_LINES;
	}
}

static void trend_line(struct tui_screen *s, const char *label, const struct tui_trend *tr,
		       double now, bool utf8, int decimals)
{
	char spark[TUI_LINE_BYTES], suffix[48];
	double max;
	int w;

	max = tui_trend__sparkline(tr, now, 0, utf8, spark, sizeof(spark));
	if (max < 0) {
		put(s, TUI_PLAIN, "%-*s(no value yet)", TREND_LABEL, label);
		return;
	}
	snprintf(suffix, sizeof(suffix), "  max %.*f", decimals, max);
	w = s->width - TREND_LABEL - (int)strlen(suffix);
	tui_trend__sparkline(tr, now, w, utf8, spark, sizeof(spark));
	put(s, TUI_PLAIN, "%-*s%s%s", TREND_LABEL, label, spark, suffix);
}

void tui_layout__drive(const struct tui_drive_frame *f, struct tui_screen *s)
{
	char rates[PAIRS_LINES + 1][TUI_LINE_BYTES], totals[PAIRS_LINES + 1][TUI_LINE_BYTES];
	char state[1][TUI_LINE_BYTES];
	unsigned char rates_attr[PAIRS_LINES];
	struct item titems[5], sitems[3];
	const struct stats_counts *c = &f->total;
	bool incomplete = c->inflight_overflow || c->exit_unmatched || c->bytes_read_faults;
	int nrates, ntotals, budget, want_trend, want_gap;

	s->n = 0;
	if (s->height > TUI_LINES_MAX)
		s->height = TUI_LINES_MAX;
	if (s->height < 1 || s->width < 1)
		return;
	nrates = drive_rates(f, s->width, rates, rates_attr);

	snprintf(titems[0].text, 96, "calls %" PRIu64, c->calls);
	snprintf(titems[1].text, 96, "msgs %" PRIu64, c->msgs);
	snprintf(titems[2].text, 96, "bytes %" PRIu64, c->bytes);
	snprintf(titems[3].text, 96, "errors %" PRIu64, c->errors);
	snprintf(titems[4].text, 96, "partial %" PRIu64, c->partial);
	titems[0].priority = 2, titems[1].priority = 1, titems[2].priority = 4;
	titems[3].priority = 3, titems[4].priority = 5;
	flow(titems, 5, s->width, PAIRS_LINES, "total ", totals);
	ntotals = lines_used(totals, PAIRS_LINES, "total ");

	/* lost events and the state of the totals: always on the screen */
	if (f->traced) {
		snprintf(sitems[0].text, 96, "lost events %" PRIu64, c->lost_events);
		snprintf(sitems[1].text, 96, "%s", incomplete ? "totals INCOMPLETE" : "totals exact");
		snprintf(sitems[2].text, 96, "%s", c->lost_events ? "distributions sampled" :
			 "cross-check in the summary");
	} else {
		snprintf(sitems[0].text, 96, "not traced: the driver's counts");
		snprintf(sitems[1].text, 96, "no lost events, no latency");
		snprintf(sitems[2].text, 96, "no cross-check");
	}
	sitems[0].priority = 1, sitems[1].priority = 2, sitems[2].priority = 3;
	flow(sitems, 3, s->width, 1, "", state);

	/* title, rates, state and keys always; then totals, the trend and gaps */
	budget = s->height - 1 - nrates - 1 - 1;
	if (ntotals > budget)
		ntotals = budget > 0 ? budget : 0;
	budget -= ntotals;
	want_trend = budget >= 2 ? 2 : budget > 0 ? budget : 0;
	budget -= want_trend;
	want_gap = budget;

	put(s, f->paused ? TUI_ALERT : TUI_TITLE, "mmsgtrace  t=%.1fs%s  %s", f->t,
	    f->paused ? "  PAUSED" : "", f->title);
	for (int i = 0; i < nrates; i++)
		put(s, rates_attr[i], "%s", rates[i]);
	for (int i = 0; i < ntotals; i++)
		put(s, TUI_PLAIN, "%s", totals[i]);
	put(s, c->lost_events || incomplete ? TUI_ALERT : TUI_PLAIN, "%s", state[0]);
	if (want_gap > 0)
		put(s, TUI_PLAIN, "%s", "");
	if (want_trend > 0)
		trend_line(s, "msgs/s", f->msgs, f->t, f->utf8, 0);
	if (want_trend > 1)
		trend_line(s, "p99_us", f->p99, f->t, f->utf8, 1);
	/* the keys on the last line */
	while (s->n < s->height - 1)
		put(s, TUI_PLAIN, "%s", "");
	put(s, TUI_PLAIN, "q quit  p pause  ? help%s",
	    s->width >= 23 + KEYS_HINT_LEN ? KEYS_HINT : "");
	/* below the figures, when there is room */
	if (f->help)
		overlay_help(s, 1 + nrates + ntotals + 1, HELP_DRIVE);
}

/* observe mode's columns */
enum obs_col {
	OC_ID, OC_COMM, OC_SYSCALL, OC_CALLS, OC_MSGS, OC_MPC, OC_FILL, OC_MB, OC_P50, OC_P99,
	OC_ERR, OC_PART, OC_SHORT, OC_DROP, OC_COUNT,
};

static const struct tui_column obs_cols[OC_COUNT] = {
	[OC_ID] = { "PID", 7, 1 },
	[OC_COMM] = { "COMM", 16, 3 },
	[OC_SYSCALL] = { "SYSCALL", 8, 4 },
	[OC_CALLS] = { "CALLS/s", 10, 5 },
	[OC_MSGS] = { "MSGS/s", 10, 2 },
	[OC_MPC] = { "MSG/CALL", 8, 8 },
	[OC_FILL] = { "FILL%", 6, 11 },
	[OC_MB] = { "MB/s", 9, 9 },
	[OC_P50] = { "P50_us", 9, 12 },
	[OC_P99] = { "P99_us", 9, 7 },
	[OC_ERR] = { "ERR/s", 7, 6 },
	[OC_PART] = { "PART/s", 7, 10 },
	/* short returns are normal for a receive: the first to go */
	[OC_SHORT] = { "SHORT/s", 7, 13 },
	/* the process's datagrams the kernel dropped: on its first row */
	[OC_DROP] = { "DROP/s", 6, 14 },
};

static void obs_row(const struct tui_task_row *r, const struct tui_column *cols, const bool *shown,
		    char *line)
{
	char v[OC_COUNT][TEXT_ESC_LEN(MMSG_COMM_LEN)];

	snprintf(v[OC_ID], sizeof(v[0]), "%s", r->first ? r->id : "");
	snprintf(v[OC_COMM], sizeof(v[0]), "%s", r->first ? r->comm : "");
	snprintf(v[OC_SYSCALL], sizeof(v[0]), "%s", r->syscall);
	snprintf(v[OC_CALLS], sizeof(v[0]), "%.0f", r->calls_s);
	snprintf(v[OC_MSGS], sizeof(v[0]), "%.0f", r->msgs_s);
	snprintf(v[OC_MPC], sizeof(v[0]), "%.2f", r->msgs_per_call);
	snprintf(v[OC_FILL], sizeof(v[0]), "%.1f", r->fill_pct);
	snprintf(v[OC_MB], sizeof(v[0]), "%.3f", r->mb_s);
	snprintf(v[OC_P50], sizeof(v[0]), "%s", r->p50);
	snprintf(v[OC_P99], sizeof(v[0]), "%s", r->p99);
	snprintf(v[OC_ERR], sizeof(v[0]), "%.0f", r->errors_s);
	snprintf(v[OC_PART], sizeof(v[0]), "%.0f", r->partial_s);
	snprintf(v[OC_SHORT], sizeof(v[0]), "%.0f", r->short_s);
	snprintf(v[OC_DROP], sizeof(v[0]), "%s", r->first ? r->dropped_s : "");
	line[0] = '\0';
	for (int i = 0; i < OC_COUNT; i++)
		if (shown[i])
			cell(line, TUI_LINE_BYTES, v[i], cols[i].width,
			     i == OC_COMM || i == OC_SYSCALL);
}

void tui_layout__observe(const struct tui_observe_frame *f, struct tui_screen *s)
{
	struct tui_column cols[OC_COUNT];
	bool shown[OC_COUNT];
	char line[TUI_LINE_BYTES], state[PAIRS_LINES + 1][TUI_LINE_BYTES];
	struct item items[4];
	int budget, rows, nrecent = 0, nstate = s->width < 60 ? 2 : 1;

	s->n = 0;
	if (s->height > TUI_LINES_MAX)
		s->height = TUI_LINES_MAX;
	if (s->height < 1 || s->width < 1)
		return;
	memcpy(cols, obs_cols, sizeof(cols));
	if (f->per_thread) {
		cols[OC_ID].name = "PID/TID";
		cols[OC_ID].width = 15;
	}
	/* a narrow screen keeps the start of the names */
	if (s->width < 60)
		cols[OC_COMM].width = 12;
	tui_layout__fit(cols, OC_COUNT, s->width, shown);

	put(s, f->paused ? TUI_ALERT : TUI_TITLE, "mmsgtrace observe  t=%.1fs%s  %s", f->t,
	    f->paused ? "  PAUSED" : "", f->title);
	/* the state: on two lines when narrow, lost events first */
	snprintf(items[0].text, 96, "lost events/s %.0f (total %" PRIu64 ")", f->lost_s,
		 f->lost_total);
	snprintf(items[1].text, 96, "%zu of %zu %s active", f->active, f->seen,
		 f->per_thread ? "threads" : "processes");
	snprintf(items[2].text, 96, "sort %s", f->sort);
	snprintf(items[3].text, 96, "top %u", f->top);
	for (int i = 0; i < 4; i++)
		items[i].priority = i + 1;
	flow(items, f->top ? 4 : 3, s->width, nstate, "", state);
	for (int i = 0, n = lines_used(state, nstate, ""); i < n; i++)
		put(s, f->lost_total ? TUI_ALERT : TUI_PLAIN, "%s", state[i]);
	if (f->hint)
		put_wrapped(s, TUI_ALERT, f->hint, HINT_LINES);
	line[0] = '\0';
	for (int i = 0; i < OC_COUNT; i++)
		if (shown[i])
			cell(line, sizeof(line), cols[i].name, cols[i].width,
			     i == OC_COMM || i == OC_SYSCALL);
	put(s, TUI_HEADER, "%s", line);

	/* rows, the others' line and a "more" line; then recent events */
	for (int i = 0; i < TUI_RECENT_EVENTS && f->recent; i++)
		nrecent += f->recent[i][0] != '\0';
	budget = s->height - s->n - 1 - (f->others ? 1 : 0);
	rows = (int)f->nrows <= budget ? (int)f->nrows : budget - 1;
	if (rows < 0)
		rows = 0;
	for (int i = 0; i < rows; i++) {
		obs_row(&f->rows[i], cols, shown, line);
		put(s, TUI_PLAIN, "%s", line);
	}
	if ((size_t)rows < f->nrows)
		put(s, TUI_PLAIN, "  ... %zu more rows (all in the summary)", f->nrows - rows);
	if (f->others) {
		obs_row(&f->other, cols, shown, line);
		put(s, TUI_PLAIN, "%s", line);
	}
	for (int i = 0; i < nrecent && s->n < s->height - 1; i++)
		put(s, TUI_PLAIN, "%s", f->recent[i]);
	while (s->n < s->height - 1)
		put(s, TUI_PLAIN, "%s", "");
	put(s, TUI_PLAIN, "q quit  p pause  s sort  ? help%s",
	    s->width >= 31 + KEYS_HINT_LEN ? KEYS_HINT : "");
	if (f->help)
		overlay_help(s, s->height / 2, HELP_OBSERVE);
}
