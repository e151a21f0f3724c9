// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libFuzzer target: every JSON-lines encoder in output.c, the same records
 * as terminal text (report/observe_view.c, report/drive_view.c), and the log2 histogram.
 *
 * From the input it builds procstats tasks (hostile comm, latency stores
 * and histograms fed fuzzed values, errno lists, any counters), batching
 * report entries, an observe summary, a drive-mode interval and summary
 * (NaN, infinities and huge values in every double), a start line and
 * fork/exit records. Half the time the tasks come from the real procstats
 * module instead (records and kernel totals, then an interval).
 *
 * Every line must be one strict JSON object (json-c, UTF-8 validated) with
 * the right "type", and its keys must say what the structure says: counts
 * exactly, doubles to 3 decimals or null, a key per syscall present exactly
 * when documented, the comm decoding back to its bytes. The text is whole
 * lines without control bytes, valid UTF-8; the full-screen view's frames
 * (report/tui_layout.c) at any size have no line wider than the screen and
 * no more lines than it; a histogram's bars are count * 40 / peak stars. log2_hist__add puts each value in the slot whose
 * [low, high] holds it.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "report/drive_view.h"
#include "report/format.h"
#include "report/json.h"
#include "core/procstats.h"
#include "report/observe_view.h"
#include "report/tui_layout.h"
#include "common/text.h"

#define MAX_TASKS 4
#define MAX_BATCHING 6
#define MAX_IDS 8

static const char *const sc_names[MMSG_SYS_COUNT] = { "sendmmsg", "recvmmsg", "sendto", "sendmsg",
						       "recvfrom", "recvmsg", "write", "writev" };

/* ------------------------------------------------------------------------ */
/* building inputs                                                          */

/* a NUL-terminated string of hostile bytes (no NUL inside), or NULL */
static char *fuzz_cstr(struct fuzz_in *in, size_t max)
{
	uint8_t sel = fuzz_u8(in);
	size_t len = sel % (max + 1);
	char *s;

	if (sel == 0xff)
		return NULL;
	s = malloc(len + 1);
	FUZZ_CHECK(s != NULL);
	fuzz_bytes(in, s, len);
	s[len] = '\0';
	return s;
}

/* log2_hist__add, checking where the value went */
static void hist_add(struct log2_hist *h, uint64_t v)
{
	struct log2_hist before = *h;
	unsigned changed = 0, slot = 0;

	log2_hist__add(h, v);
	for (unsigned k = 0; k < STATS_HIST_SLOTS; k++) {
		if (h->slot[k] == before.slot[k])
			continue;
		FUZZ_CHECK(h->slot[k] == before.slot[k] + 1);
		changed++;
		slot = k;
	}
	FUZZ_CHECK(changed == 1);
	FUZZ_CHECK(log2_hist__low(slot) <= v && v <= log2_hist__high(slot));
	FUZZ_CHECK((slot == 0) == (v == 0));
}

static void fill_task_totals(struct fuzz_in *in, struct mmsg_task_totals *c)
{
	c->calls = fuzz_u64_shaped(in);
	c->msgs = fuzz_u64_shaped(in);
	c->bytes = fuzz_u64_shaped(in);
	c->errors = fuzz_u64_shaped(in);
	c->partial = fuzz_u64_shaped(in);
	c->slots = fuzz_u64_shaped(in);
	c->latency_ns = fuzz_u64_shaped(in);
}

static void fill_percentiles(struct fuzz_in *in, struct stats_percentiles *p)
{
	uint8_t b = fuzz_u8(in);

	p->valid = b & 1;
	p->exact = b & 2;
	p->count = fuzz_u64_shaped(in);
	p->p50 = fuzz_u64_shaped(in);
	p->p90 = fuzz_u64_shaped(in);
	p->p99 = fuzz_u64_shaped(in);
	p->max = fuzz_u64_shaped(in);
}

/* a latency store with a small exact cap (so it also goes estimated) and
 * the matching histogram */
static void fill_store(struct fuzz_in *in, struct latency_store *ls, struct log2_hist *h)
{
	unsigned n;

	FUZZ_CHECK(latency_store__init(ls, fuzz_u8(in) % 65) == 0);	/* 0: the default */
	n = fuzz_u8(in) % 48;
	for (unsigned i = 0; i < n; i++) {
		uint64_t v = fuzz_u64_shaped(in);

		latency_store__add(ls, v);
		hist_add(h, v);
	}
}

static struct procstats_task *build_task(struct fuzz_in *in)
{
	struct procstats_task *t = calloc(1, sizeof(*t));

	FUZZ_CHECK(t != NULL);
	t->pid = fuzz_u32(in);
	t->tid = fuzz_u32(in);
	fuzz_bytes(in, t->comm, sizeof(t->comm));
	t->exited = fuzz_u8(in) & 1;
	t->msgs_per_s = fuzz_double(in);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		struct procstats_syscall *s = &t->sc[sc];
		uint8_t what = fuzz_u8(in);
		unsigned nerr;

		if (what & 1)
			fill_task_totals(in, &s->total);
		if (what & 2)
			fill_task_totals(in, &s->delta);
		fill_percentiles(in, &s->interval_pct);
		fill_store(in, &s->run_latency, &s->latency_hist);
		FUZZ_CHECK(latency_store__init(&s->interval_latency, 0) == 0);
		s->records = fuzz_u64_shaped(in);
		/* as procstats keeps them: at most one per record */
		s->could_block_records = fuzz_u64_shaped(in);
		if (s->could_block_records > s->records)
			s->could_block_records = s->records;
		s->block_unknown_records = fuzz_u64_shaped(in);
		if (s->block_unknown_records > s->records - s->could_block_records)
			s->block_unknown_records = s->records - s->could_block_records;
		/* as procstats keeps them: distinct slots 1..1023 */
		nerr = fuzz_u8(in) % 6;
		s->errnos = calloc(nerr ? nerr : 1, sizeof(*s->errnos));
		FUZZ_CHECK(s->errnos != NULL);
		for (unsigned i = 0; i < nerr; i++) {
			int err = 1 + fuzz_u16(in) % (MMSG_ERRNO_SLOTS - 1);
			bool dup = false;

			for (unsigned j = 0; j < s->nerrnos; j++)
				dup |= s->errnos[j].err == err;
			if (dup)
				continue;
			s->errnos[s->nerrnos].err = err;
			s->errnos[s->nerrnos++].count = fuzz_u64_shaped(in);
		}
	}
	return t;
}

static void free_task(struct procstats_task *t)
{
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		latency_store__free(&t->sc[sc].run_latency);
		latency_store__free(&t->sc[sc].interval_latency);
		free(t->sc[sc].errnos);
	}
	free(t);
}

static void build_batching(struct fuzz_in *in, struct batching_fd *b)
{
	uint8_t what = fuzz_u8(in);

	memset(b, 0, sizeof(*b));
	b->pid = fuzz_u32(in);
	b->fd = (int32_t)fuzz_u32(in);
	b->calls = fuzz_u64_shaped(in);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		if (what & (1u << sc))
			b->calls_by_syscall[sc] = fuzz_u64_shaped(in);
	b->single_calls = fuzz_u64_shaped(in);
	b->msgs = fuzz_u64_shaped(in);
	b->msgs_per_call = fuzz_double(in);
	b->bursts = fuzz_u64_shaped(in);
	b->burst_msgs_mean = fuzz_double(in);
	fill_percentiles(in, &b->burst_msgs);
	b->calls_if_batched = fuzz_u64_shaped(in);
	b->calls_avoided = fuzz_u64_shaped(in);
	b->avoided_per_s = fuzz_double(in);
	b->per_call_ns = fuzz_double(in);
	b->saved_ns_per_s = fuzz_double(in);
	b->send_time_ns = fuzz_u64_shaped(in);
	b->saved_pct_of_send_time = fuzz_double(in);
	b->time_saved_ns = fuzz_u64_shaped(in);
	b->joined_bursts = fuzz_u64_shaped(in);
	fill_percentiles(in, &b->added_wait_ns);
	b->receives = fuzz_u64_shaped(in);
	b->bursts_cut_by_receive = fuzz_u64_shaped(in);
	if (what & 0x80) {
		b->recvmmsg_calls = fuzz_u64_shaped(in);
		b->recvmmsg_multi = fuzz_u64_shaped(in);
		b->recvmmsg_ret_max = fuzz_u32(in);
		b->recvmmsg_vlen_max = fuzz_u32(in);
	}
}

static void build_batching_process(struct fuzz_in *in, struct batching_process *p)
{
	memset(p, 0, sizeof(*p));
	p->verdict = (enum batching_verdict)(fuzz_u8(in) % (BATCHING_UNKNOWN + 1));
	p->calls = fuzz_u64_shaped(in);
	p->msgs = fuzz_u64_shaped(in);
	p->multi_msgs = fuzz_u64_shaped(in);
	p->msgs_per_call = fuzz_double(in);
	p->calls_saved = fuzz_u64_shaped(in);
	p->time_saved_ns = fuzz_u64_shaped(in);
	p->send_time_ns = fuzz_u64_shaped(in);
	p->saved_pct_of_send_time = fuzz_double(in);
	p->saved_calls_per_s = fuzz_double(in);
	p->per_call_ns = fuzz_double(in);
	fill_percentiles(in, &p->added_wait_ns);
	p->receives_watched = fuzz_u8(in) & 1;
}

/* NULL, or MMSG_ERRNO_SLOTS counts with a few set */
static uint64_t *build_errnos(struct fuzz_in *in)
{
	uint8_t n = fuzz_u8(in);
	uint64_t *e;

	if (n & 0x80)
		return NULL;
	e = calloc(MMSG_ERRNO_SLOTS, sizeof(*e));
	FUZZ_CHECK(e != NULL);
	for (unsigned i = 0; i < n % 8; i++)
		e[fuzz_u16(in) % MMSG_ERRNO_SLOTS] = fuzz_u64_shaped(in);
	return e;
}

/* a struct made only of 64-bit counters, each fuzzed */
static void fill_u64s(struct fuzz_in *in, void *p, size_t size)
{
	for (size_t off = 0; off + sizeof(uint64_t) <= size; off += sizeof(uint64_t)) {
		uint64_t v = fuzz_u64_shaped(in);

		memcpy((char *)p + off, &v, sizeof(v));
	}
}

static void fill_totals(struct fuzz_in *in, struct mmsg_totals *t)
{
	fill_u64s(in, t, sizeof(*t));	/* every field is a __u64 */
}

static void fill_counts(struct fuzz_in *in, struct stats_counts *c)
{
	fill_u64s(in, c, sizeof(*c));	/* every field is a uint64_t */
}

/* ------------------------------------------------------------------------ */
/* terminal text: report/observe_view.c and report/drive_view.c without a TTY                    */

#define TEXT_T_MAX 1e6		/* seconds since the start in text: 11 days */
#define HIST_BAR 40		/* report/format.c's bar width */
#define HIST_COUNT_MAX ((1ULL << 58) - 1)	/* slot * 40 fits 64 bits; no run counts more */

/* the program's own strings where a text line shows a setting */
static const struct observe_view_config procview_cfg = { .title = "pid 1234, attach raw" };
static const struct drive_view_config display_cfg = { .title = "vlen 64, 64 B udp4, flags none" };

static void text_end(struct fuzz_capture *c)
{
	fuzz_capture_end(c);
	fuzz_check_text(c->buf, c->len);
	fuzz_capture_free(c);
}

static double text_t(double t);
/* a frame's lines: at most its height, each at most its width, text */
static void check_screen(const struct tui_screen *s)
{
	struct fuzz_capture c;

	FUZZ_CHECK(s->n <= s->height && s->n <= TUI_LINES_MAX);
	fuzz_capture_begin(&c);
	for (int i = 0; i < s->n; i++) {
		FUZZ_CHECK(tui_layout__width(s->line[i]) <= s->width);
		fprintf(c.f, "%s\n", s->line[i]);
	}
	text_end(&c);
}

static void fill_trend(struct fuzz_in *in, struct tui_trend *tr)
{
	for (unsigned i = fuzz_u8(in) * 4u; i > 0; i--)
		tui_trend__add(tr, fuzz_double(in), fuzz_double(in));
}

static void check_drive_frame(struct fuzz_in *in, double t, const struct stats_interval *iv,
			      const struct stats_counts *total)
{
	struct tui_trend *msgs = calloc(1, sizeof(*msgs)), *p99 = calloc(1, sizeof(*p99));
	struct tui_screen *s = calloc(1, sizeof(*s));
	uint8_t flags = fuzz_u8(in);
	struct tui_drive_frame f = {
		.title = display_cfg.title, .t = text_t(t), .iv = *iv, .total = *total,
		.traced = flags & 1, .paused = flags & 2, .help = flags & 4, .utf8 = flags & 8,
		.msgs = msgs, .p99 = p99,
	};

	FUZZ_CHECK(msgs && p99 && s);
	fill_trend(in, msgs);
	fill_trend(in, p99);
	s->width = fuzz_u16(in) % 400;
	s->height = fuzz_u16(in) % 300;
	tui_layout__drive(&f, s);
	check_screen(s);
	free(msgs);
	free(p99);
	free(s);
}

/* observe mode's frame from fuzzed rows */
static void check_observe_frame(struct fuzz_in *in, double t, bool per_thread)
{
	char recent[TUI_RECENT_EVENTS][TUI_EVENT_BYTES] = { { 0 } };
	struct tui_screen *s = calloc(1, sizeof(*s));
	struct tui_task_row rows[2 * MAX_TASKS + 1];
	uint8_t flags = fuzz_u8(in);
	size_t n = fuzz_u8(in) % (2 * MAX_TASKS + 1);
	struct tui_observe_frame f = {
		.title = procview_cfg.title, .t = text_t(t), .per_thread = per_thread,
		.paused = flags & 1, .help = flags & 2, .active = fuzz_u64_shaped(in),
		.seen = fuzz_u64_shaped(in), .lost_s = fuzz_double(in),
		.lost_total = fuzz_u64_shaped(in), .sort = "msgs", .top = fuzz_u8(in),
		.rows = rows, .nrows = n, .others = flags & 4 ? fuzz_u64_shaped(in) : 0,
		.recent = recent,
	};

	FUZZ_CHECK(s != NULL);
	for (size_t i = 0; i <= n; i++) {
		struct tui_task_row *r = i < n ? &rows[i] : &f.other;
		char comm[MMSG_COMM_LEN];

		memset(r, 0, sizeof(*r));
		snprintf(r->id, sizeof(r->id), "%u/%u", fuzz_u32(in), fuzz_u32(in));
		fuzz_bytes(in, comm, sizeof(comm));
		text__escape(comm, MMSG_COMM_LEN, r->comm, sizeof(r->comm));
		r->syscall = sc_names[fuzz_u8(in) % MMSG_SYS_COUNT];
		r->first = fuzz_u8(in) & 1;
		r->calls_s = fuzz_double(in);
		r->msgs_s = fuzz_double(in);
		r->mb_s = fuzz_double(in);
		r->errors_s = fuzz_double(in);
		r->partial_s = fuzz_double(in);
		r->msgs_per_call = fuzz_double(in);
		r->fill_pct = fuzz_double(in);
		format__us(r->p50, sizeof(r->p50), fuzz_u8(in) & 1, fuzz_u64_shaped(in));
		format__us(r->p99, sizeof(r->p99), fuzz_u8(in) & 1, fuzz_u64_shaped(in));
	}
	for (int i = 0; i < TUI_RECENT_EVENTS; i++)
		if (fuzz_u8(in) & 1)
			snprintf(recent[i], sizeof(recent[i]), "%.3fs: %u (x) exited", text_t(t),
				 fuzz_u32(in));
	s->width = fuzz_u16(in) % 400;
	s->height = fuzz_u16(in) % 300;
	tui_layout__observe(&f, s);
	check_screen(s);
	free(s);
}


/* t as the program passes it: seconds since the start, not negative */
static double text_t(double t)
{
	return t >= 0 && t <= TEXT_T_MAX ? t : fmod(fabs(t), TEXT_T_MAX) * !isnan(t);
}

/*
 * format__hist: a row per slot from the first non-empty to the last,
 * "low -> high : count |bar|" with a bar of slot * 40 / peak stars in 40
 * columns (the peak's is full).
 */
static void check_hist_text(struct fuzz_in *in)
{
	struct log2_hist h;
	struct fuzz_capture c;
	unsigned n = fuzz_u8(in) % 10, first = STATS_HIST_SLOTS, last = 0;
	uint64_t peak = 0;
	char *line, *save = NULL;

	memset(&h, 0, sizeof(h));
	for (unsigned i = 0; i < n; i++)
		h.slot[fuzz_u8(in) % STATS_HIST_SLOTS] = fuzz_u64_shaped(in) & HIST_COUNT_MAX;
	for (unsigned k = 0; k < STATS_HIST_SLOTS; k++) {
		if (!h.slot[k])
			continue;
		first = k < first ? k : first;
		last = k;
		peak = h.slot[k] > peak ? h.slot[k] : peak;
	}

	fuzz_capture_begin(&c);
	format__hist(c.f, "latency (ns)", &h);
	fuzz_capture_end(&c);
	fuzz_check_text(c.buf, c.len);
	line = strtok_r(c.buf, "\n", &save);		/* the title */
	FUZZ_CHECK(line && !strcmp(line, "latency (ns)"));
	line = strtok_r(NULL, "\n", &save);
	if (!peak) {
		FUZZ_CHECK(line && !strcmp(line, "  (none)"));
		FUZZ_CHECK(!strtok_r(NULL, "\n", &save));
		fuzz_capture_free(&c);
		return;
	}
	FUZZ_CHECK(line && strstr(line, "low -> high"));	/* column names */
	for (unsigned k = first; k <= last; k++) {
		unsigned long long low, high, count;
		const char *bar, *end;
		int used = 0;

		line = strtok_r(NULL, "\n", &save);
		FUZZ_CHECK(line != NULL);
		FUZZ_CHECK_TEXT(sscanf(line, " %llu -> %llu : %llu |%n", &low, &high, &count, &used) == 3 &&
				used > 0, line, strlen(line));
		FUZZ_CHECK(low == log2_hist__low(k) && high == log2_hist__high(k) && count == h.slot[k]);
		bar = line + used;
		end = strchr(bar, '|');
		FUZZ_CHECK_TEXT(end && end - bar == HIST_BAR && !end[1], line, strlen(line));
		FUZZ_CHECK_TEXT(strspn(bar, "*") ==
				(size_t)((unsigned __int128)h.slot[k] * HIST_BAR / peak) &&
				strspn(bar + strspn(bar, "*"), " ") == HIST_BAR - strspn(bar, "*"),
				line, strlen(line));
	}
	FUZZ_CHECK(!strtok_r(NULL, "\n", &save));
	fuzz_capture_free(&c);
}

/* ------------------------------------------------------------------------ */
/* checking lines                                                           */

static uint64_t get_u64(struct json_object *obj, const char *key)
{
	return json_object_get_uint64(fuzz_json_get(obj, key, json_type_int));
}

static bool get_bool(struct json_object *obj, const char *key)
{
	return json_object_get_boolean(fuzz_json_get(obj, key, json_type_boolean));
}

static bool has(struct json_object *obj, const char *key)
{
	return json_object_object_get_ex(obj, key, NULL);
}

/* a string key: the bytes of s (or null for NULL) */
static void check_cstring(struct json_object *obj, const char *key, const char *s)
{
	struct json_object *v = fuzz_json_get(obj, key, json_type_null);

	if (!s)
		FUZZ_CHECK(v == NULL);
	else
		fuzz_check_json_string(v, s, strlen(s));
}

/* [{low, high, count}] for the non-empty slots, in order */
static void check_hist(struct json_object *arr, const struct log2_hist *h)
{
	size_t i = 0;

	FUZZ_CHECK(json_object_is_type(arr, json_type_array));
	for (unsigned k = 0; h && k < STATS_HIST_SLOTS; k++) {
		struct json_object *e;

		if (!h->slot[k])
			continue;
		FUZZ_CHECK(i < json_object_array_length(arr));
		e = json_object_array_get_idx(arr, i++);
		FUZZ_CHECK(get_u64(e, "low") == log2_hist__low(k));
		FUZZ_CHECK(get_u64(e, "high") == log2_hist__high(k));
		FUZZ_CHECK(get_u64(e, "count") == h->slot[k]);
	}
	FUZZ_CHECK(i == json_object_array_length(arr));
}

/* the key an errno value is printed under */
static void errno_key(int err, char *buf, size_t len)
{
	const char *name = names__errno(err);

	if (name)
		snprintf(buf, len, "%s", name);
	else if (err >= MMSG_ERRNO_SLOTS - 1)
		snprintf(buf, len, "E%d+", MMSG_ERRNO_SLOTS - 1);
	else
		snprintf(buf, len, "E%d", err);
}

/* {"NAME": count} for the non-zero entries of a MMSG_ERRNO_SLOTS table */
static void check_errno_table(struct json_object *obj, const uint64_t *errnos)
{
	size_t n = 0;
	char key[32];

	FUZZ_CHECK(json_object_is_type(obj, json_type_object));
	for (int err = 0; errnos && err < MMSG_ERRNO_SLOTS; err++) {
		if (!errnos[err])
			continue;
		errno_key(err, key, sizeof(key));
		FUZZ_CHECK(get_u64(obj, key) == errnos[err]);
		n++;
	}
	FUZZ_CHECK((size_t)json_object_object_length(obj) == n);	/* no key twice */
}

/* "hidden_errors": null when not counted, else {messages, errno} exactly */
static void check_hidden(struct json_object *obj, const struct hidden_errors *h)
{
	struct json_object *o = fuzz_json_get(obj, "hidden_errors", json_type_null);

	FUZZ_CHECK(json_object_is_type(o, json_type_null) == !h->counted);
	if (!h->counted)
		return;
	FUZZ_CHECK(json_object_is_type(o, json_type_object) && json_object_object_length(o) == 2);
	FUZZ_CHECK(get_u64(o, "messages") == h->messages);
	check_errno_table(fuzz_json_get(o, "errno", json_type_object), h->errnos);
}

/* a hidden_errors from the input: counted or not, errno table or none */
static uint64_t *fill_hidden(struct fuzz_in *in, struct hidden_errors *h)
{
	uint8_t b = fuzz_u8(in);
	uint64_t *errnos = build_errnos(in);

	h->counted = b & 1;
	h->messages = fuzz_u64_shaped(in);
	h->errnos = errnos;
	return errnos;
}

/* the text summary says the hidden errors in words exactly when it should:
 * counted and some; then with the count and the man page's section */
static void check_hidden_text(const struct fuzz_capture *c, const struct hidden_errors *h,
			      bool shown)
{
	char want[64];

	snprintf(want, sizeof(want), " %llu message%s failed inside batches: ",
		 (unsigned long long)h->messages, h->messages == 1 ? "" : "s");
	FUZZ_CHECK((memmem(c->buf, c->len, want, strlen(want)) != NULL) ==
		   (shown && h->counted && h->messages > 0));
	FUZZ_CHECK((memmem(c->buf, c->len, "(sendmmsg(2), ERRORS)", 21) != NULL) ==
		   (shown && h->counted && h->messages > 0));
}

static void check_task_id(struct json_object *obj, const struct procstats_task *t,
			  bool per_thread)
{
	FUZZ_CHECK(get_u64(obj, "pid") == t->pid);
	FUZZ_CHECK(has(obj, "tid") == per_thread);
	if (per_thread)
		FUZZ_CHECK(get_u64(obj, "tid") == t->tid);
	fuzz_check_json_string(fuzz_json_get(obj, "comm", json_type_string), t->comm,
			       strnlen(t->comm, MMSG_COMM_LEN));
}

static bool is_recv(unsigned sc)
{
	return sc == MMSG_SYS_RECVMMSG || sc == MMSG_SYS_RECVFROM || sc == MMSG_SYS_RECVMSG;
}

/* the kernel's partial counter is "partial" for the sends, "short" for the receives */
static void check_counts(struct json_object *obj, unsigned sc, const struct mmsg_task_totals *c)
{
	FUZZ_CHECK(get_u64(obj, "calls") == c->calls);
	FUZZ_CHECK(get_u64(obj, "msgs") == c->msgs);
	FUZZ_CHECK(get_u64(obj, "bytes") == c->bytes);
	FUZZ_CHECK(get_u64(obj, "errors") == c->errors);
	FUZZ_CHECK(get_u64(obj, "partial") == (is_recv(sc) ? 0 : c->partial));
	FUZZ_CHECK(get_u64(obj, "short") == (is_recv(sc) ? c->partial : 0));
}

/* {p50, p90, p99, max, ...} in order, or null */
static void check_latency(struct json_object *v, bool valid, bool all)
{
	if (!valid) {
		FUZZ_CHECK(v == NULL);
		return;
	}
	FUZZ_CHECK(json_object_is_type(v, json_type_object));
	if (all)
		FUZZ_CHECK(get_u64(v, "p50") <= get_u64(v, "p90") &&
			   get_u64(v, "p90") <= get_u64(v, "p99") &&
			   get_u64(v, "p99") <= get_u64(v, "max"));
}

static void check_batching(struct json_object *e, const struct batching_fd *b)
{
	struct json_object *by = fuzz_json_get(e, "calls_by_syscall", json_type_object);
	struct json_object *bm = fuzz_json_get(e, "burst_msgs", json_type_object);
	size_t n = 0;

	FUZZ_CHECK(json_object_get_int64(fuzz_json_get(e, "fd", json_type_int)) == b->fd);
	FUZZ_CHECK(get_u64(e, "calls") == b->calls);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		if (!b->calls_by_syscall[sc])
			continue;
		FUZZ_CHECK(get_u64(by, sc_names[sc]) == b->calls_by_syscall[sc]);
		n++;
	}
	FUZZ_CHECK((size_t)json_object_object_length(by) == n);
	FUZZ_CHECK(get_u64(e, "single_calls") == b->single_calls);
	FUZZ_CHECK(get_u64(e, "msgs") == b->msgs);
	fuzz_check_json_double(fuzz_json_get(e, "msgs_per_call", json_type_null), b->msgs_per_call);
	FUZZ_CHECK(get_u64(e, "bursts") == b->bursts);
	fuzz_check_json_double(fuzz_json_get(bm, "mean", json_type_null), b->burst_msgs_mean);
	if (b->burst_msgs.valid) {
		FUZZ_CHECK(get_u64(bm, "p50") == b->burst_msgs.p50);
		FUZZ_CHECK(get_u64(bm, "p90") == b->burst_msgs.p90);
		FUZZ_CHECK(get_u64(bm, "p99") == b->burst_msgs.p99);
		FUZZ_CHECK(get_u64(bm, "max") == b->burst_msgs.max);
		FUZZ_CHECK(get_bool(bm, "exact") == b->burst_msgs.exact);
	} else {
		FUZZ_CHECK(fuzz_json_get(bm, "p50", json_type_null) == NULL);
		FUZZ_CHECK(!get_bool(bm, "exact"));
	}
	FUZZ_CHECK(get_u64(e, "calls_if_batched") == b->calls_if_batched);
	FUZZ_CHECK(get_u64(e, "calls_avoided") == b->calls_avoided);
	fuzz_check_json_double(fuzz_json_get(e, "avoided_per_s", json_type_null), b->avoided_per_s);
	fuzz_check_json_double(fuzz_json_get(e, "per_call_ns", json_type_null), b->per_call_ns);
	fuzz_check_json_double(fuzz_json_get(e, "saved_ns_per_s", json_type_null),
			       b->saved_ns_per_s);
	FUZZ_CHECK(get_u64(e, "send_time_ns") == b->send_time_ns);
	fuzz_check_json_double(fuzz_json_get(e, "saved_pct_of_send_time", json_type_null),
			       b->saved_pct_of_send_time);
	FUZZ_CHECK(get_u64(e, "time_saved_ns") == b->time_saved_ns);
	FUZZ_CHECK(get_u64(e, "joined_bursts") == b->joined_bursts);
	FUZZ_CHECK(get_u64(e, "receives") == b->receives);
	FUZZ_CHECK(get_u64(e, "bursts_cut_by_receive") == b->bursts_cut_by_receive);
	FUZZ_CHECK((fuzz_json_get(e, "added_wait_ns", json_type_null) != NULL) ==
		   b->added_wait_ns.valid);
	FUZZ_CHECK((fuzz_json_get(e, "recvmmsg", json_type_null) != NULL) == (b->recvmmsg_calls > 0));
	FUZZ_CHECK(get_bool(e, "estimate"));
}

static void check_process(const struct procstats_task *t, bool per_thread,
			  const struct batching_process *bp, const struct batching_fd *b, size_t nb)
{
	struct fuzz_capture c;
	struct json_object *obj, *scs, *arr, *bo;
	size_t n = 0;

	fuzz_capture_begin(&c);
	json__process(c.f, t, per_thread, bp, b, nb, NULL);
	fuzz_capture_end(&c);
	obj = fuzz_check_json_line(c.buf, c.len, "process");
	check_task_id(obj, t, per_thread);
	FUZZ_CHECK(get_bool(obj, "exited") == t->exited);
	scs = fuzz_json_get(obj, "syscalls", json_type_object);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct procstats_syscall *s = &t->sc[sc];
		struct json_object *o, *lat, *errs;
		char key[32];

		if (!s->total.calls) {
			FUZZ_CHECK(!has(scs, sc_names[sc]));
			continue;
		}
		n++;
		o = fuzz_json_get(scs, sc_names[sc], json_type_object);
		check_counts(o, sc, &s->total);
		fuzz_check_json_double(fuzz_json_get(o, "msgs_per_call", json_type_null),
				       (double)s->total.msgs / s->total.calls);
		fuzz_check_json_double(fuzz_json_get(o, "fill_pct", json_type_null),
				       s->total.slots ? 100.0 * s->total.msgs / s->total.slots : 0);
		lat = fuzz_json_get(o, "latency_ns", json_type_null);
		check_latency(lat, s->run_latency.count > 0, true);
		if (lat) {
			FUZZ_CHECK(get_u64(lat, "max") == s->run_latency.max);
			FUZZ_CHECK(get_u64(lat, "samples") == s->run_latency.count);
			FUZZ_CHECK(get_bool(lat, "exact") == !s->run_latency.overflowed);
		}
		/* a receive's latency includes blocking only when some call could block */
		FUZZ_CHECK(get_bool(o, "latency_includes_blocking") ==
			   (is_recv(sc) && s->could_block_records > 0));
		FUZZ_CHECK(get_u64(o, "records") == s->records);
		FUZZ_CHECK(get_u64(o, "records_could_block") == s->could_block_records);
		FUZZ_CHECK(get_u64(o, "records_block_unknown") == s->block_unknown_records);
		check_hist(fuzz_json_get(o, "hist_latency_ns", json_type_array), &s->latency_hist);
		errs = fuzz_json_get(o, "errno", json_type_object);
		FUZZ_CHECK((size_t)json_object_object_length(errs) == s->nerrnos);
		for (unsigned i = 0; i < s->nerrnos; i++) {
			errno_key(s->errnos[i].err, key, sizeof(key));
			FUZZ_CHECK(get_u64(errs, key) == s->errnos[i].count);
		}
	}
	FUZZ_CHECK((size_t)json_object_object_length(scs) == n);
	bo = fuzz_json_get(obj, "batching", json_type_object);
	FUZZ_CHECK(!strcmp(json_object_get_string(fuzz_json_get(bo, "verdict", json_type_string)),
			   batching__verdict_name(bp->verdict)));
	FUZZ_CHECK(get_u64(bo, "calls_saved") == bp->calls_saved);
	FUZZ_CHECK(get_u64(bo, "time_saved_ns") == bp->time_saved_ns);
	FUZZ_CHECK((fuzz_json_get(bo, "added_wait_p99_ns", json_type_null) != NULL) ==
		   bp->added_wait_ns.valid);
	FUZZ_CHECK(get_bool(bo, "receives_watched") == bp->receives_watched);
	arr = fuzz_json_get(bo, "per_fd", json_type_array);
	FUZZ_CHECK(json_object_array_length(arr) == nb);
	for (size_t i = 0; i < nb; i++)
		check_batching(json_object_array_get_idx(arr, i), &b[i]);
	json_object_put(obj);
	fuzz_capture_free(&c);
}

static void check_observe_interval(double t, double seconds, uint64_t lost,
				   struct procstats_task *const *tasks, size_t n, bool per_thread)
{
	struct fuzz_capture c;
	struct json_object *obj, *arr;
	size_t shown = 0;

	fuzz_capture_begin(&c);
	json__observe_interval(c.f, t, seconds, lost, tasks, n, per_thread);
	fuzz_capture_end(&c);
	obj = fuzz_check_json_line(c.buf, c.len, "interval");
	fuzz_check_json_double(fuzz_json_get(obj, "t", json_type_null), t);
	fuzz_check_json_double(fuzz_json_get(obj, "seconds", json_type_null), seconds);
	FUZZ_CHECK(get_u64(obj, "lost_events") == lost);
	arr = fuzz_json_get(obj, "processes", json_type_array);
	for (size_t i = 0; i < n; i++) {
		const struct procstats_task *task = tasks[i];
		struct json_object *e, *scs;
		size_t nsc = 0;

		for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
			nsc += task->sc[sc].delta.calls != 0;
		if (!nsc)	/* idle in the interval: not listed */
			continue;
		FUZZ_CHECK(shown < json_object_array_length(arr));
		e = json_object_array_get_idx(arr, shown++);
		check_task_id(e, task, per_thread);
		fuzz_check_json_double(fuzz_json_get(e, "msgs_per_s", json_type_null),
				       task->msgs_per_s);
		scs = fuzz_json_get(e, "syscalls", json_type_object);
		FUZZ_CHECK((size_t)json_object_object_length(scs) == nsc);
		for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
			const struct procstats_syscall *s = &task->sc[sc];
			struct json_object *o, *lat;

			if (!s->delta.calls)
				continue;
			o = fuzz_json_get(scs, sc_names[sc], json_type_object);
			check_counts(o, sc, &s->delta);
			lat = fuzz_json_get(o, "latency_ns", json_type_null);
			check_latency(lat, s->interval_pct.valid, false);
			if (lat) {
				FUZZ_CHECK(get_u64(lat, "p50") == s->interval_pct.p50);
				FUZZ_CHECK(get_u64(lat, "p99") == s->interval_pct.p99);
			}
		}
	}
	FUZZ_CHECK(json_object_array_length(arr) == shown);
	json_object_put(obj);
	fuzz_capture_free(&c);
}

static void check_observe_summary(struct fuzz_in *in, size_t ntasks)
{
	struct observe_summary s;
	uint64_t *errnos[MMSG_SYS_COUNT], *hidden;
	char *attach = fuzz_cstr(in, 24), *select = fuzz_cstr(in, 24);
	struct fuzz_capture c;
	struct json_object *obj, *scs;
	size_t n = 0;

	memset(&s, 0, sizeof(s));
	s.attach = attach;
	s.select = select;
	s.seconds = fuzz_double(in);
	s.syscall_mask = fuzz_u32(in);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		fill_totals(in, &s.sc[sc]);
		errnos[sc] = build_errnos(in);
		s.errnos[sc] = errnos[sc];
	}
	fill_totals(in, &s.all);
	s.tasks = ntasks;
	s.records = fuzz_u64_shaped(in);
	s.records_dropped = fuzz_u64_shaped(in);
	s.per_call_ns = fuzz_double(in);
	s.burst_gap_ns = fuzz_u64_shaped(in);
	s.consumer_cpu_s = fuzz_double(in);
	s.consumer_wall_s = fuzz_double(in);
	hidden = fill_hidden(in, &s.hidden);

	fuzz_capture_begin(&c);
	json__observe_summary(c.f, &s);
	fuzz_capture_end(&c);
	obj = fuzz_check_json_line(c.buf, c.len, "summary");
	FUZZ_CHECK(!strcmp(json_object_get_string(fuzz_json_get(obj, "mode", json_type_string)),
			   "observe"));
	check_cstring(obj, "attach", s.attach);
	check_cstring(obj, "select", s.select);
	fuzz_check_json_double(fuzz_json_get(obj, "seconds", json_type_null), s.seconds);
	fuzz_check_json_double(fuzz_json_get(obj, "consumer_cpu_s", json_type_null),
			       s.consumer_cpu_s);
	FUZZ_CHECK(get_u64(obj, "processes") == ntasks);
	scs = fuzz_json_get(obj, "syscalls", json_type_object);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		struct json_object *o;

		if (!(s.syscall_mask & (1u << sc))) {
			FUZZ_CHECK(!has(scs, sc_names[sc]));
			continue;
		}
		n++;
		o = fuzz_json_get(scs, sc_names[sc], json_type_object);
		FUZZ_CHECK(get_u64(o, "calls") == s.sc[sc].calls);
		FUZZ_CHECK(get_u64(o, "msgs") == s.sc[sc].msgs);
		FUZZ_CHECK(get_u64(o, "bytes") == s.sc[sc].bytes);
		FUZZ_CHECK(get_u64(o, "errors") == s.sc[sc].errors);
		FUZZ_CHECK(get_u64(o, "partial") == (is_recv(sc) ? 0 : s.sc[sc].partial));
		FUZZ_CHECK(get_u64(o, "short") == (is_recv(sc) ? s.sc[sc].partial : 0));
		check_errno_table(fuzz_json_get(o, "errno", json_type_object), s.errnos[sc]);
	}
	FUZZ_CHECK((size_t)json_object_object_length(scs) == n);
	FUZZ_CHECK(get_u64(obj, "calls") == s.all.calls);
	FUZZ_CHECK(get_u64(obj, "lost_events") == s.all.lost_events);
	FUZZ_CHECK(get_u64(obj, "task_overflow") == s.all.task_overflow);
	FUZZ_CHECK(get_u64(obj, "targets_overflow") == s.all.targets_overflow);
	FUZZ_CHECK(get_u64(obj, "records") == s.records);
	FUZZ_CHECK(get_u64(obj, "records_dropped") == s.records_dropped);
	FUZZ_CHECK(get_bool(obj, "sampled") ==
		   (s.all.lost_events > 0 || s.records_dropped > 0));
	FUZZ_CHECK(get_bool(obj, "complete") ==
		   !(s.all.inflight_overflow || s.all.bytes_read_faults || s.all.task_overflow ||
		     s.all.targets_overflow));
	fuzz_check_json_double(fuzz_json_get(obj, "per_call_ns", json_type_null), s.per_call_ns);
	FUZZ_CHECK(get_u64(obj, "burst_gap_ns") == s.burst_gap_ns);
	check_hidden(obj, &s.hidden);
	json_object_put(obj);
	fuzz_capture_free(&c);

	/* the text summary, with the strings the program passes */
	{
		struct observe_view_config cfg = procview_cfg;
		struct observe_view *v;

		s.attach = "raw";
		s.select = "pid";
		fuzz_capture_begin(&c);
		cfg.out = c.f;
		v = observe_view__new(&cfg);
		FUZZ_CHECK(v != NULL);
		observe_view__summary(v, &s);
		observe_view__free(v);
		fuzz_capture_end(&c);
		check_hidden_text(&c, &s.hidden, s.syscall_mask & (1u << MMSG_SYS_SENDMMSG));
		fuzz_check_text(c.buf, c.len);
		fuzz_capture_free(&c);
	}
	free(hidden);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		free(errnos[sc]);
	free(attach);
	free(select);
}

static void check_interval(struct fuzz_in *in)
{
	struct stats_interval iv;
	struct fuzz_capture c;
	struct json_object *obj, *lat;
	uint8_t b = fuzz_u8(in);
	double t = fuzz_double(in);

	memset(&iv, 0, sizeof(iv));
	iv.seconds = fuzz_double(in);
	fill_counts(in, &iv.delta);
	iv.calls_per_s = fuzz_double(in);
	iv.msgs_per_s = fuzz_double(in);
	iv.mb_per_s = fuzz_double(in);
	iv.msgs_per_call = fuzz_double(in);
	iv.fill_pct = fuzz_double(in);
	iv.have_latency = b & 1;
	iv.ns_per_msg = fuzz_double(in);
	fill_percentiles(in, &iv.latency);

	fuzz_capture_begin(&c);
	json__interval(c.f, t, &iv);
	fuzz_capture_end(&c);
	obj = fuzz_check_json_line(c.buf, c.len, "interval");
	fuzz_check_json_double(fuzz_json_get(obj, "t", json_type_null), t);
	fuzz_check_json_double(fuzz_json_get(obj, "seconds", json_type_null), iv.seconds);
	FUZZ_CHECK(get_u64(obj, "calls") == iv.delta.calls);
	FUZZ_CHECK(get_u64(obj, "msgs") == iv.delta.msgs);
	FUZZ_CHECK(get_u64(obj, "bytes") == iv.delta.bytes);
	FUZZ_CHECK(get_u64(obj, "errors") == iv.delta.errors);
	FUZZ_CHECK(get_u64(obj, "partial") == iv.delta.partial);
	FUZZ_CHECK(get_u64(obj, "lost_events") == iv.delta.lost_events);
	fuzz_check_json_double(fuzz_json_get(obj, "calls_per_s", json_type_null), iv.calls_per_s);
	fuzz_check_json_double(fuzz_json_get(obj, "msgs_per_s", json_type_null), iv.msgs_per_s);
	fuzz_check_json_double(fuzz_json_get(obj, "mb_per_s", json_type_null), iv.mb_per_s);
	fuzz_check_json_double(fuzz_json_get(obj, "msgs_per_call", json_type_null),
			       iv.msgs_per_call);
	fuzz_check_json_double(fuzz_json_get(obj, "fill_pct", json_type_null), iv.fill_pct);
	fuzz_check_json_double(fuzz_json_get(obj, "ns_per_msg", json_type_null),
			       iv.have_latency ? iv.ns_per_msg : NAN);
	lat = fuzz_json_get(obj, "latency_ns", json_type_null);
	check_latency(lat, iv.latency.valid, false);
	if (lat) {
		FUZZ_CHECK(get_u64(lat, "p50") == iv.latency.p50);
		FUZZ_CHECK(get_u64(lat, "p99") == iv.latency.p99);
	}
	json_object_put(obj);
	fuzz_capture_free(&c);

	/* the text line (with its header) */
	{
		struct drive_view_config cfg = display_cfg;
		struct stats_counts total;
		struct drive_view *d;

		fill_counts(in, &total);
		fuzz_capture_begin(&c);
		cfg.out = c.f;
		d = drive_view__new(&cfg);
		FUZZ_CHECK(d != NULL);
		FUZZ_CHECK(drive_view__interval(d, text_t(t), &iv, &total));
		drive_view__free(d);
		text_end(&c);

		/* the full-screen view's frame: any size, every line inside it */
		check_drive_frame(in, t, &iv, &total);
	}
}

static void check_summary(struct fuzz_in *in)
{
	struct summary s;
	struct log2_hist hists[3];
	uint8_t b = fuzz_u8(in), h = fuzz_u8(in);
	char *mode = fuzz_cstr(in, 16), *attach = fuzz_cstr(in, 16);
	char *send_mode = fuzz_cstr(in, 16), *proto = fuzz_cstr(in, 16);
	uint64_t *errnos = build_errnos(in), *hidden;
	struct fuzz_capture c;
	struct json_object *obj, *hist, *lat;

	memset(&s, 0, sizeof(s));
	memset(hists, 0, sizeof(hists));
	s.mode = mode;
	s.attach = attach;
	s.seconds = fuzz_double(in);
	s.vlen = fuzz_u32(in);
	s.traced = b & 1;
	s.have_driver = b & 2;
	s.have_sink = b & 4;
	s.match = b & 8;
	s.match_calls = b & 16;
	s.match_msgs = b & 32;
	s.match_bytes = b & 64;
	s.match_errors = b & 128;
	fill_counts(in, &s.kernel);
	s.errnos = errnos;
	fill_percentiles(in, &s.latency);
	for (unsigned i = 0; i < 3; i++) {
		unsigned n = fuzz_u8(in) % 8;

		for (unsigned k = 0; k < n; k++)
			hist_add(&hists[i], fuzz_u64_shaped(in));
	}
	s.latency_hist = h & 1 ? &hists[0] : NULL;
	s.msgs_hist = h & 2 ? &hists[1] : NULL;
	s.bytes_hist = h & 4 ? &hists[2] : NULL;
	s.records = fuzz_u64_shaped(in);
	s.driver.calls = fuzz_u64_shaped(in);
	s.driver.msgs = fuzz_u64_shaped(in);
	s.driver.bytes = fuzz_u64_shaped(in);
	s.driver.errors = fuzz_u64_shaped(in);
	s.driver.partial = fuzz_u64_shaped(in);
	s.sink_delivered = fuzz_u64_shaped(in);
	s.sink_dropped = fuzz_u64_shaped(in);
	s.driver.datagrams = fuzz_u64_shaped(in);
	s.send_mode = send_mode;
	s.gso = fuzz_u32(in);
	s.call_slots = fuzz_u8(in) % 3;
	s.consumer_cpu_s = fuzz_double(in);
	s.consumer_wall_s = fuzz_double(in);
	hidden = fill_hidden(in, &s.hidden);
	if (h & 8) {
		/* the real match flags: driver counts that mostly agree */
		uint8_t same = fuzz_u8(in);

		s.driver.calls = same & 1 ? s.kernel.calls : s.driver.calls;
		s.driver.msgs = same & 2 ? s.kernel.msgs : s.driver.msgs;
		s.driver.bytes = same & 4 ? s.kernel.bytes : s.driver.bytes;
		s.driver.errors = same & 8 ? s.kernel.errors : s.driver.errors;
		stats__cross_check(&s);
		if (!s.have_driver || !s.traced) {
			FUZZ_CHECK(s.match && s.match_calls && s.match_msgs && s.match_bytes &&
				   s.match_errors);
		} else {
			FUZZ_CHECK(s.match_calls == (s.kernel.calls == s.driver.calls));
			FUZZ_CHECK(s.match_msgs == (s.kernel.msgs == s.driver.msgs));
			FUZZ_CHECK(s.match_bytes == (s.kernel.bytes == s.driver.bytes));
			FUZZ_CHECK(s.match_errors == (s.kernel.errors == s.driver.errors));
			/* totals missed by the kernel never match */
			FUZZ_CHECK(s.match == (s.match_calls && s.match_msgs && s.match_bytes &&
					       s.match_errors && !s.kernel.inflight_overflow &&
					       !s.kernel.exit_unmatched && !s.kernel.bytes_read_faults));
		}
	}

	fuzz_capture_begin(&c);
	json__summary(c.f, &s);
	fuzz_capture_end(&c);
	obj = fuzz_check_json_line(c.buf, c.len, "summary");
	check_cstring(obj, "mode", s.mode);
	check_cstring(obj, "attach", s.attach);
	fuzz_check_json_double(fuzz_json_get(obj, "seconds", json_type_null), s.seconds);
	FUZZ_CHECK(get_u64(obj, "vlen") == s.vlen);
	check_cstring(obj, "send_mode", s.send_mode);
	FUZZ_CHECK(get_u64(obj, "gso") == s.gso);
	fuzz_check_json_double(fuzz_json_get(obj, "consumer_cpu_s", json_type_null),
			       s.consumer_cpu_s);
	/* totals: the kernel's when traced, else the driver's, else zero */
	if (s.traced) {
		FUZZ_CHECK(get_u64(obj, "calls") == s.kernel.calls);
		FUZZ_CHECK(get_u64(obj, "lost_events") == s.kernel.lost_events);
		FUZZ_CHECK(get_u64(obj, "bytes_read_faults") == s.kernel.bytes_read_faults);
		FUZZ_CHECK(get_u64(obj, "records") == s.records);
	} else if (s.have_driver) {
		FUZZ_CHECK(get_u64(obj, "calls") == s.driver.calls);
		FUZZ_CHECK(get_u64(obj, "partial") == s.driver.partial);
		FUZZ_CHECK(get_u64(obj, "lost_events") == 0);
	} else {
		FUZZ_CHECK(get_u64(obj, "calls") == 0 && get_u64(obj, "records") == 0);
	}
	FUZZ_CHECK(get_bool(obj, "sampled") == (s.traced && s.kernel.lost_events > 0));
	lat = fuzz_json_get(obj, "latency_ns", json_type_null);
	check_latency(lat, s.traced && s.latency.valid, false);
	if (lat) {
		FUZZ_CHECK(get_u64(lat, "p90") == s.latency.p90);
		FUZZ_CHECK(get_u64(lat, "max") == s.latency.max);
		FUZZ_CHECK(get_bool(lat, "exact") == s.latency.exact);
	}
	hist = fuzz_json_get(obj, "hist", json_type_object);
	check_hist(fuzz_json_get(hist, "latency_ns", json_type_array), s.latency_hist);
	check_hist(fuzz_json_get(hist, "msgs_per_call", json_type_array), s.msgs_hist);
	check_hist(fuzz_json_get(hist, "bytes_per_call", json_type_array), s.bytes_hist);
	check_errno_table(fuzz_json_get(obj, "errno", json_type_object), s.errnos);
	/* not part of the cross-check: the driver cannot see them */
	check_hidden(obj, &s.hidden);
	FUZZ_CHECK(has(obj, "driver") == s.have_driver);
	if (s.have_driver) {
		FUZZ_CHECK(get_u64(fuzz_json_get(obj, "driver", json_type_object), "msgs") ==
			   s.driver.msgs);
		FUZZ_CHECK(get_u64(fuzz_json_get(obj, "driver", json_type_object), "datagrams") ==
			   s.driver.datagrams);
	}
	FUZZ_CHECK(has(obj, "sink") == s.have_sink);
	if (s.have_sink)
		FUZZ_CHECK(get_u64(fuzz_json_get(obj, "sink", json_type_object), "dropped") ==
			   s.sink_dropped);
	FUZZ_CHECK(has(obj, "match") == (s.have_driver && s.traced));
	if (s.have_driver && s.traced) {
		FUZZ_CHECK(get_bool(obj, "match") == s.match);
		FUZZ_CHECK(get_bool(fuzz_json_get(obj, "match_detail", json_type_object),
				    "errors") == s.match_errors);
	}
	json_object_put(obj);
	fuzz_capture_free(&c);

	/* the text summary, with the strings the program passes */
	{
		struct drive_view_config cfg = display_cfg;
		struct drive_view *d;

		s.mode = "drive";
		s.attach = "raw";
		s.send_mode = (const char *const[]){ "sendmmsg", "sendmsg", "sendto" }[s.gso % 3];
		/* main.c always passes the three histograms (the JSON encoder
		 * also takes NULL, format__hist does not) */
		s.latency_hist = s.latency_hist ? s.latency_hist : &hists[0];
		s.msgs_hist = s.msgs_hist ? s.msgs_hist : &hists[1];
		s.bytes_hist = s.bytes_hist ? s.bytes_hist : &hists[2];
		fuzz_capture_begin(&c);
		cfg.out = c.f;
		d = drive_view__new(&cfg);
		FUZZ_CHECK(d != NULL);
		drive_view__summary(d, &s);
		drive_view__free(d);
		fuzz_capture_end(&c);
		/* only sendmmsg hides errors, and only the tracer sees them */
		check_hidden_text(&c, &s.hidden, s.traced && !strcmp(s.send_mode, "sendmmsg"));
		fuzz_check_text(c.buf, c.len);
		fuzz_capture_free(&c);
	}
	/* drive mode's start line */
	{
		struct drive_start ds = {
			.attach = attach, .send_mode = send_mode, .gso = s.gso, .vlen = s.vlen,
			.proto = proto, .threads = (unsigned)s.records,
		};

		fuzz_capture_begin(&c);
		json__drive_start(c.f, &ds);
		fuzz_capture_end(&c);
		obj = fuzz_check_json_line(c.buf, c.len, "start");
		FUZZ_CHECK(!strcmp(json_object_get_string(fuzz_json_get(obj, "mode",
									 json_type_string)),
				   "drive"));
		check_cstring(obj, "attach", ds.attach);
		check_cstring(obj, "send_mode", ds.send_mode);
		check_cstring(obj, "proto", ds.proto);
		FUZZ_CHECK(get_u64(obj, "gso") == ds.gso && get_u64(obj, "vlen") == ds.vlen &&
			   get_u64(obj, "threads") == ds.threads);
		json_object_put(obj);
		fuzz_capture_free(&c);
	}
	free(hidden);
	free(errnos);
	free(mode);
	free(attach);
	free(send_mode);
	free(proto);
}

static uint32_t *build_ids(struct fuzz_in *in, unsigned *n)
{
	uint8_t sel = fuzz_u8(in);
	uint32_t *ids;

	*n = 0;
	if (sel & 0x80)
		return NULL;
	*n = sel % (MAX_IDS + 1);
	ids = malloc((*n ? *n : 1) * sizeof(*ids));
	FUZZ_CHECK(ids != NULL);
	for (unsigned i = 0; i < *n; i++)
		ids[i] = fuzz_u32(in);
	return ids;
}

static void check_ids(struct json_object *obj, const char *key, const uint32_t *ids, unsigned n)
{
	struct json_object *arr;

	FUZZ_CHECK(has(obj, key) == (ids != NULL));
	if (!ids)
		return;
	arr = fuzz_json_get(obj, key, json_type_array);
	FUZZ_CHECK(json_object_array_length(arr) == n);
	for (unsigned i = 0; i < n; i++)
		FUZZ_CHECK(json_object_get_int64(json_object_array_get_idx(arr, i)) == ids[i]);
}

static void check_start(struct fuzz_in *in)
{
	struct observe_start s;
	char comm[MMSG_COMM_LEN];
	uint8_t b = fuzz_u8(in);
	char *attach = fuzz_cstr(in, 16), *select = fuzz_cstr(in, 16), *cgroup = fuzz_cstr(in, 64);
	uint32_t *targets, *children;
	struct fuzz_capture c;
	struct json_object *obj, *arr;
	size_t n = 0;

	memset(&s, 0, sizeof(s));
	s.attach = attach;
	s.select = select;
	s.cgroup = cgroup;
	s.syscall_mask = fuzz_u32(in);
	targets = build_ids(in, &s.ntargets);
	children = build_ids(in, &s.nchildren);
	s.targets = targets;
	s.children = children;
	fuzz_bytes(in, comm, sizeof(comm));
	s.comm = b & 1 ? comm : NULL;

	fuzz_capture_begin(&c);
	json__observe_start(c.f, &s);
	fuzz_capture_end(&c);
	obj = fuzz_check_json_line(c.buf, c.len, "start");
	check_cstring(obj, "attach", s.attach);
	check_cstring(obj, "select", s.select);
	arr = fuzz_json_get(obj, "syscalls", json_type_array);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		if (!(s.syscall_mask & (1u << sc)))
			continue;
		FUZZ_CHECK(n < json_object_array_length(arr));
		FUZZ_CHECK(!strcmp(json_object_get_string(json_object_array_get_idx(arr, n++)),
				   sc_names[sc]));
	}
	FUZZ_CHECK(json_object_array_length(arr) == n);
	check_ids(obj, "targets", s.targets, s.ntargets);
	check_ids(obj, "children", s.children, s.nchildren);
	FUZZ_CHECK(has(obj, "comm") == (s.comm != NULL));
	if (s.comm)
		fuzz_check_json_string(fuzz_json_get(obj, "comm", json_type_string), comm,
				       strnlen(comm, MMSG_COMM_LEN));
	FUZZ_CHECK(has(obj, "cgroup") == (s.cgroup != NULL));
	if (s.cgroup)
		check_cstring(obj, "cgroup", s.cgroup);
	json_object_put(obj);
	fuzz_capture_free(&c);
	free(targets);
	free(children);
	free(attach);
	free(select);
	free(cgroup);
}

static void check_task_event(struct fuzz_in *in)
{
	struct mmsg_task_record rec;
	double t = fuzz_double(in);
	struct fuzz_capture c;
	struct json_object *obj;
	bool fork;

	fuzz_bytes(in, &rec, sizeof(rec));
	if (rec.type & 1)	/* mostly real events */
		rec.event = MMSG_TASK_FORK + rec.event % 2;
	fork = rec.event == MMSG_TASK_FORK;

	fuzz_capture_begin(&c);
	json__task_event(c.f, t, &rec);
	fuzz_capture_end(&c);
	obj = fuzz_check_json_line(c.buf, c.len, fork ? "fork" : "exit");
	fuzz_check_json_double(fuzz_json_get(obj, "t", json_type_null), t);
	FUZZ_CHECK(get_u64(obj, "pid") == rec.pid);
	FUZZ_CHECK(has(obj, "child") == fork);
	if (fork)
		FUZZ_CHECK(get_u64(obj, "child") == rec.child);
	fuzz_check_json_string(fuzz_json_get(obj, "comm", json_type_string), rec.comm,
			       strnlen(rec.comm, MMSG_COMM_LEN));
	json_object_put(obj);
	fuzz_capture_free(&c);

	/* the text line ("# 1.234s: 42 (name) exited") */
	{
		struct observe_view_config cfg = procview_cfg;
		struct observe_view *v;

		fuzz_capture_begin(&c);
		cfg.out = c.f;
		v = observe_view__new(&cfg);
		FUZZ_CHECK(v != NULL);
		observe_view__task_event(v, text_t(t), &rec);
		observe_view__free(v);
		text_end(&c);
	}
}

/* ------------------------------------------------------------------------ */
/* tasks from the procstats module itself                                   */

/* total messages descending, then pid, then tid ascending; tasks are distinct */
static int tie_order(const struct procstats_task *a, const struct procstats_task *b)
{
	uint64_t ma = 0, mb = 0;

	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		ma += a->sc[sc].total.msgs;
		mb += b->sc[sc].total.msgs;
	}
	FUZZ_CHECK(procstats_task__msgs(a, false) == ma && procstats_task__msgs(b, false) == mb);

	if (ma != mb)
		return ma > mb ? -1 : 1;
	if (a->pid != b->pid)
		return a->pid < b->pid ? -1 : 1;
	FUZZ_CHECK(a->tid != b->tid);
	return a->tid < b->tid ? -1 : 1;
}

static size_t tasks_from_procstats(struct fuzz_in *in, struct procstats *ps, double seconds,
				   struct procstats_task ***tasks)
{
	unsigned n = fuzz_u8(in) % 32;

	for (unsigned i = 0; i < n; i++) {
		uint8_t kind = fuzz_u8(in);

		if (kind & 1) {
			struct mmsg_call_record r = { .type = MMSG_REC_CALL };

			r.pid = fuzz_u8(in) % 8;
			r.tid = r.pid + fuzz_u8(in) % 4;
			r.syscall = fuzz_u8(in) % (MMSG_SYS_COUNT + 1);
			r.ret = (int32_t)fuzz_u32(in);
			r.latency_ns = fuzz_u64_shaped(in);
			fuzz_bytes(in, r.comm, sizeof(r.comm));
			FUZZ_CHECK(procstats__add_record(ps, &r) == 0);
		} else if (kind & 2) {
			struct mmsg_task_key key = { 0 };
			struct mmsg_task_totals tot;

			key.pid = fuzz_u8(in) % 8;
			key.tid = key.pid + fuzz_u8(in) % 4;
			key.syscall = fuzz_u8(in) % (MMSG_SYS_COUNT + 1);
			fill_task_totals(in, &tot);
			FUZZ_CHECK((procstats__set_totals(ps, &key, &tot) != NULL) ==
				   (key.syscall < MMSG_SYS_COUNT));
		} else if (kind & 4) {
			procstats__mark_exited(ps, fuzz_u8(in) % 8);
		} else {
			procstats__interval(ps, seconds, tasks);
		}
	}
	/* the summary's order: total messages, then pid, tid */
	n = (unsigned)procstats__by_total(ps, tasks);
	for (unsigned i = 1; i < n; i++)
		FUZZ_CHECK(tie_order((*tasks)[i - 1], (*tasks)[i]) < 0);
	/* the interval's: messages per second first */
	n = (unsigned)procstats__interval(ps, seconds, tasks);
	for (unsigned i = 1; i < n; i++) {
		const struct procstats_task *a = (*tasks)[i - 1], *b = (*tasks)[i];

		FUZZ_CHECK(a->msgs_per_s > b->msgs_per_s ||
			   (a->msgs_per_s == b->msgs_per_s && tie_order(a, b) < 0));
	}
	return n;
}

/* ------------------------------------------------------------------------ */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* the slots tile 0..UINT64_MAX */
	FUZZ_CHECK(log2_hist__low(0) == 0 && log2_hist__high(0) == 0);
	for (unsigned k = 1; k < STATS_HIST_SLOTS; k++)
		FUZZ_CHECK(log2_hist__low(k) == log2_hist__high(k - 1) + 1 &&
			   log2_hist__low(k) <= log2_hist__high(k));
	FUZZ_CHECK(log2_hist__high(STATS_HIST_SLOTS - 1) == UINT64_MAX);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t mode = fuzz_u8(&in);
	bool per_thread = mode & 1;
	struct procstats_task *own[MAX_TASKS], **tasks = own;
	struct batching_fd batching[MAX_BATCHING];
	struct batching_process bp;
	struct procstats *ps = NULL;
	struct observe_view_config cfg = procview_cfg;
	struct observe_summary report;
	struct fuzz_capture c;
	struct observe_view *v;
	size_t ntasks, nb;
	uint64_t lost;
	double t = fuzz_double(&in), seconds = fuzz_double(&in);

	if (mode & 2) {
		ps = procstats__new(per_thread);
		FUZZ_CHECK(ps != NULL);
		ntasks = tasks_from_procstats(&in, ps, seconds, &tasks);
	} else {
		ntasks = fuzz_u8(&in) % (MAX_TASKS + 1);
		for (size_t i = 0; i < ntasks; i++)
			own[i] = build_task(&in);
	}
	nb = fuzz_u8(&in) % (MAX_BATCHING + 1);
	for (size_t i = 0; i < nb; i++)
		build_batching(&in, &batching[i]);
	build_batching_process(&in, &bp);

	lost = fuzz_u64_shaped(&in);
	check_observe_interval(t, seconds, lost, tasks, ntasks, per_thread);
	for (size_t i = 0; i < ntasks; i++)
		check_process(tasks[i], per_thread, &bp, batching, i ? 0 : nb);

	/* the same as terminal text: the interval table, then each process */
	memset(&report, 0, sizeof(report));
	report.burst_gap_ns = fuzz_u64_shaped(&in);
	report.per_call_ns = fuzz_double(&in);
	fuzz_capture_begin(&c);
	cfg.out = c.f;
	cfg.per_thread = per_thread;
	v = observe_view__new(&cfg);
	FUZZ_CHECK(v != NULL);
	FUZZ_CHECK(observe_view__interval(v, text_t(t), seconds, tasks, ntasks, lost));
	for (size_t i = 0; i < ntasks; i++)
		observe_view__process(v, tasks[i], mode & 4, &bp, batching, i ? 0 : nb, &report, NULL);
	observe_view__free(v);
	text_end(&c);

	/* --top and --sort in the line format, with the fork/exit lines */
	fuzz_capture_begin(&c);
	cfg.out = c.f;
	cfg.top = fuzz_u8(&in) % (MAX_TASKS + 1);
	cfg.sort = fuzz_u8(&in) % TASK_SORT_COUNT;
	v = observe_view__new(&cfg);
	FUZZ_CHECK(v != NULL);
	for (unsigned i = fuzz_u8(&in) % 5; i > 0; i--) {
		struct mmsg_task_record rec;

		fuzz_bytes(&in, &rec, sizeof(rec));
		observe_view__task_event(v, text_t(t), &rec);
	}
	FUZZ_CHECK(observe_view__interval(v, text_t(t), seconds, tasks, ntasks, lost));
	if (cfg.top && ntasks > cfg.top)
		observe_view__others(v, tasks + cfg.top, ntasks - cfg.top);
	observe_view__free(v);
	text_end(&c);
	check_observe_frame(&in, t, per_thread);

	check_hist_text(&in);
	check_observe_summary(&in, ntasks);
	check_interval(&in);
	check_summary(&in);
	check_start(&in);
	check_task_event(&in);

	if (ps)
		procstats__free(ps);
	else
		for (size_t i = 0; i < ntasks; i++)
			free_task(own[i]);
	return 0;
}
