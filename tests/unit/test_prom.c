// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Unit tests for user/report/prom.c and prom_comms.c: seconds written
 * exactly, label values escaped (a hostile task name stays valid UTF-8 and
 * one line), the shape of the exposition (HELP and TYPE before each family,
 * families contiguous, cumulative buckets on the exact log2 bounds ending
 * in +Inf, _count and _sum), errno labels as the JSON spells them, and the
 * series by process name: the cap, the names past it, a task that renames
 * itself, counters that never go backwards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/text.h"
#include "report/prom.h"
#include "report/prom_comms.h"

/* ------------------------------------------------------------------------ */
/* harness                                                                  */

struct capture {
	char *buf;
	size_t len;
	FILE *f;
};

static FILE *capture_start(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	return c->f;
}

static char *capture_end(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

static void assert_seconds(uint64_t ns, const char *want)
{
	struct capture c;

	prom__seconds(capture_start(&c), ns);
	assert_string_equal(capture_end(&c), want);
	free(c.buf);
}

static void assert_label(const char *raw, size_t len, const char *want)
{
	struct capture c;

	prom__label_value(capture_start(&c), raw, len);
	assert_string_equal(capture_end(&c), want);
	free(c.buf);
}

/* every byte sequence is well-formed UTF-8, and no control byte but '\n' */
static void assert_valid_utf8_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n;

		if (p[i] < 0x80) {
			assert_true(p[i] >= 0x20 || p[i] == '\n');
			assert_true(p[i] != 0x7f);
			i++;
			continue;
		}
		n = text__utf8_len(p + i, len - i, &cp);
		assert_true(n > 0);
		i += n;
	}
}

/* the value of the sample line that starts with prefix (exactly one) */
static uint64_t sample(const char *text, const char *prefix)
{
	const char *hit = NULL, *p = text;
	size_t plen = strlen(prefix);

	while ((p = strstr(p, prefix))) {
		if (p == text || p[-1] == '\n') {
			assert_null(hit);	/* one line only */
			hit = p;
		}
		p += plen;
	}
	assert_non_null(hit);
	assert_true(hit[plen] == ' ');
	return strtoull(hit + plen + 1, NULL, 10);
}

static bool has_line_prefix(const char *text, const char *prefix)
{
	const char *p = text;

	while ((p = strstr(p, prefix))) {
		if (p == text || p[-1] == '\n')
			return true;
		p++;
	}
	return false;
}

/* the metric name of a sample line, with histogram suffixes removed */
static void family_of(const char *line, char *out, size_t len)
{
	static const char *suffixes[] = { "_bucket", "_sum", "_count" };
	size_t n = strcspn(line, "{ ");

	snprintf(out, len, "%.*s", (int)n, line);
	for (unsigned i = 0; i < 3; i++) {
		size_t sl = strlen(suffixes[i]), ol = strlen(out);

		if (ol > sl && !strcmp(out + ol - sl, suffixes[i]) &&
		    !strncmp(out, "mmsgtrace_call_latency_seconds", ol - sl))
			out[ol - sl] = '\0';
	}
}

/* HELP then TYPE before the samples of each family, each family in one
 * block, every line a comment or a sample */
static void assert_shape(const char *text)
{
	char seen[32][64], current[64] = "", name[64];
	unsigned nseen = 0;
	bool help = false, type = false;
	char *copy = strdup(text), *save = NULL;

	assert_non_null(copy);
	assert_true(text[strlen(text) - 1] == '\n');
	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "# HELP ", 7)) {
			family_of(line + 7, name, sizeof(name));
			for (unsigned i = 0; i < nseen; i++)
				assert_string_not_equal(seen[i], name);	/* one block per family */
			assert_true(nseen < 32);
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", name);
			snprintf(current, sizeof(current), "%s", name);
			help = true;
			type = false;
			continue;
		}
		if (!strncmp(line, "# TYPE ", 7)) {
			family_of(line + 7, name, sizeof(name));
			assert_string_equal(name, current);
			assert_true(help);
			type = true;
			continue;
		}
		if (line[0] == '#')
			continue;
		family_of(line, name, sizeof(name));
		assert_string_equal(name, current);
		assert_true(type);
	}
	free(copy);
}

/* ------------------------------------------------------------------------ */
/* seconds and labels                                                       */

static void test_seconds_exact(void **state)
{
	(void)state;
	assert_seconds(0, "0");
	assert_seconds(1, "0.000000001");
	assert_seconds(1023, "0.000001023");
	assert_seconds(1000000000, "1");
	assert_seconds(1500000000, "1.5");
	assert_seconds(((uint64_t)1 << 36) - 1, "68.719476735");
	assert_seconds(UINT64_MAX, "18446744073.709551615");
}

static void test_label_escapes(void **state)
{
	(void)state;
	assert_label("sender", 16, "\"sender\"");
	/* text__escape doubles the backslash, the exposition doubles both */
	assert_label("a\"b\\c", 16, "\"a\\\"b\\\\\\\\c\"");
	/* control bytes, the newline included, and invalid UTF-8 as \xNN */
	assert_label("\x1b[31mevil\"\n\xff", 16, "\"\\\\x1b[31mevil\\\"\\\\x0a\\\\xff\"");
	/* UTF-8 stays as it is */
	assert_label("caf\xc3\xa9", 16, "\"caf\xc3\xa9\"");
	/* at most len bytes: a comm fills all 16 with no NUL */
	assert_label("0123456789abcdefXYZ", 16, "\"0123456789abcdef\"");
	assert_label("", 16, "\"\"");
}

static void test_hostile_comm_one_valid_line(void **state)
{
	struct prom_series s = { .syscall = MMSG_SYS_SENDMMSG, .calls = 1 };
	struct prom_snapshot snap = { .series = &s, .nseries = 1, .traced = true };
	const char hostile[MMSG_COMM_LEN] = "\x1b[31m\"\n\\\xff\xc2\x9b\x7f";
	struct capture c;
	char *text;

	(void)state;
	memcpy(s.comm, hostile, sizeof(s.comm));
	prom__write(capture_start(&c), &snap);
	text = capture_end(&c);
	assert_valid_utf8_text(text);
	assert_shape(text);
	assert_int_equal(sample(text, "mmsgtrace_calls_total{syscall=\"sendmmsg\",comm="
				"\"\\\\x1b[31m\\\"\\\\x0a\\\\\\\\\\\\xff\\\\xc2\\\\x9b\\\\x7f\"}"), 1);
	free(text);
}

/* ------------------------------------------------------------------------ */
/* the exposition                                                           */

static void test_drive_snapshot(void **state)
{
	static uint64_t errnos[MMSG_ERRNO_SLOTS];
	struct prom_series s = {
		.syscall = MMSG_SYS_SENDMMSG, .comm = "mmsgtrace",
		.calls = 10, .msgs = 600, .bytes = 38400, .partial = 2,
	};
	struct prom_snapshot snap = { .series = &s, .nseries = 1, .traced = true, .lost_events = 7 };
	const char *lbl = "{syscall=\"sendmmsg\",comm=\"mmsgtrace\"";
	char prefix[256];
	struct capture c;
	uint64_t below = 0;
	char *text;

	(void)state;
	log2_hist__add(&s.latency, 1500);	/* slot 11: 1024..2047 */
	log2_hist__add(&s.latency, 1500);
	log2_hist__add(&s.latency, 1500);
	for (int i = 0; i < 5; i++)
		log2_hist__add(&s.latency, 3000);	/* slot 12 */
	/* 5 s is slot 33, 2^40 ns is slot 41: above the top bucket, in +Inf only */
	log2_hist__add(&s.latency, 5000000000ULL);
	log2_hist__add(&s.latency, (uint64_t)1 << 40);
	s.latency_sum_ns = 3 * 1500 + 5 * 3000 + 5000000000ULL + ((uint64_t)1 << 40);
	errnos[11] = 4;			/* EAGAIN */
	errnos[MMSG_ERRNO_SLOTS - 1] = 1;
	errnos[1000] = 2;		/* no name */
	snap.errnos[MMSG_SYS_SENDMMSG] = errnos;

	prom__write(capture_start(&c), &snap);
	text = capture_end(&c);
	assert_shape(text);
	assert_valid_utf8_text(text);
	snprintf(prefix, sizeof(prefix), "mmsgtrace_calls_total%s}", lbl);
	assert_int_equal(sample(text, prefix), 10);
	snprintf(prefix, sizeof(prefix), "mmsgtrace_messages_total%s}", lbl);
	assert_int_equal(sample(text, prefix), 600);
	snprintf(prefix, sizeof(prefix), "mmsgtrace_bytes_total%s}", lbl);
	assert_int_equal(sample(text, prefix), 38400);
	snprintf(prefix, sizeof(prefix), "mmsgtrace_partial_calls_total%s}", lbl);
	assert_int_equal(sample(text, prefix), 2);
	assert_int_equal(sample(text, "mmsgtrace_errors_total{syscall=\"sendmmsg\",errno=\"EAGAIN\"}"), 4);
	assert_int_equal(sample(text, "mmsgtrace_errors_total{syscall=\"sendmmsg\",errno=\"E1023+\"}"), 1);
	assert_int_equal(sample(text, "mmsgtrace_errors_total{syscall=\"sendmmsg\",errno=\"E1000\"}"), 2);
	assert_int_equal(sample(text, "mmsgtrace_lost_events_total"), 7);
	/* every bucket: the slot's exact upper bound, cumulative */
	for (unsigned k = 0; k <= PROM_LATENCY_TOP_SLOT; k++) {
		struct capture b;
		char *le;

		prom__seconds(capture_start(&b), log2_hist__high(k));
		le = capture_end(&b);
		below += s.latency.slot[k];
		snprintf(prefix, sizeof(prefix), "mmsgtrace_call_latency_seconds_bucket%s,le=\"%s\"}",
			 lbl, le);
		assert_int_equal(sample(text, prefix), below);
		free(le);
	}
	assert_int_equal(below, 9);	/* the 2^40 ns call is above the top bucket */
	snprintf(prefix, sizeof(prefix), "mmsgtrace_call_latency_seconds_bucket%s,le=\"+Inf\"}", lbl);
	assert_int_equal(sample(text, prefix), 10);
	snprintf(prefix, sizeof(prefix), "mmsgtrace_call_latency_seconds_count%s}", lbl);
	assert_int_equal(sample(text, prefix), 10);
	snprintf(prefix, sizeof(prefix), "mmsgtrace_call_latency_seconds_sum%s} 1104.511647276\n", lbl);
	assert_non_null(strstr(text, prefix));
	/* drive mode: no comm cap */
	assert_false(has_line_prefix(text, "mmsgtrace_comm_labels_dropped"));
	assert_false(has_line_prefix(text, "# more than"));
	free(text);
}

/* --no-trace: the driver's counts, no records to lose, no histogram */
static void test_untraced_snapshot(void **state)
{
	struct prom_series s = { .syscall = MMSG_SYS_SENDTO, .comm = "x", .calls = 3, .msgs = 3 };
	struct prom_snapshot snap = { .series = &s, .nseries = 1 };
	struct capture c;
	char *text;

	(void)state;
	prom__write(capture_start(&c), &snap);
	text = capture_end(&c);
	assert_shape(text);
	assert_int_equal(sample(text, "mmsgtrace_calls_total{syscall=\"sendto\",comm=\"x\"}"), 3);
	assert_false(has_line_prefix(text, "mmsgtrace_lost_events_total"));
	assert_null(strstr(text, "mmsgtrace_call_latency_seconds"));
	/* the errors family is there, with no sample */
	assert_true(has_line_prefix(text, "# TYPE mmsgtrace_errors_total counter"));
	assert_false(has_line_prefix(text, "mmsgtrace_errors_total{"));
	free(text);
}

/* ------------------------------------------------------------------------ */
/* series by process name                                                   */

static struct procstats_task *task(uint32_t pid, const char *comm, unsigned sc, uint64_t calls)
{
	struct procstats_task *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	t->pid = pid;
	memcpy(t->comm, comm, strnlen(comm, MMSG_COMM_LEN));
	t->sc[sc].total.calls = calls;
	t->sc[sc].total.msgs = calls * 8;
	t->sc[sc].total.bytes = calls * 512;
	t->sc[sc].total.partial = calls / 2;
	for (uint64_t i = 0; i < calls; i++)
		log2_hist__add(&t->sc[sc].latency_hist, 1000 + i);
	t->sc[sc].latency_sum_ns = calls * 1000 + calls * (calls - 1) / 2;
	return t;
}

static const struct prom_series *find(const struct prom_series *s, int n, const char *comm,
				      bool other, unsigned sc)
{
	for (int i = 0; i < n; i++)
		if (s[i].syscall == sc && s[i].other == other &&
		    (other || !strncmp(s[i].comm, comm, MMSG_COMM_LEN)))
			return &s[i];
	return NULL;
}

static void test_comms_aggregate_and_cap(void **state)
{
	struct prom_comms *pc = prom_comms__new(2);
	struct procstats_task *t[5];
	const struct prom_series *s, *x;
	int n;

	(void)state;
	assert_non_null(pc);
	assert_int_equal(prom_comms__max(pc), 2);
	/* busiest first, as procstats__by_total gives them */
	t[0] = task(10, "dns", MMSG_SYS_SENDMMSG, 50);
	t[1] = task(11, "dns", MMSG_SYS_SENDMMSG, 40);	/* same name: one series */
	t[2] = task(12, "quic", MMSG_SYS_SENDTO, 30);
	t[3] = task(13, "game", MMSG_SYS_SENDMMSG, 20);	/* past the cap */
	t[4] = task(14, "tele", MMSG_SYS_SENDMSG, 10);	/* past the cap */
	n = prom_comms__collect(pc, t, 5, &s);
	assert_int_equal(n, 4);
	/* in the order the names got their labels */
	assert_string_equal(s[0].comm, "dns");
	assert_string_equal(s[1].comm, "quic");
	x = find(s, n, "dns", false, MMSG_SYS_SENDMMSG);
	assert_non_null(x);
	assert_int_equal(x->calls, 90);
	assert_int_equal(x->msgs, 720);
	assert_int_equal(x->bytes, 90 * 512);
	assert_int_equal(x->partial, 45);
	assert_int_equal(log2_hist__total(&x->latency), 90);
	assert_int_equal(x->latency_sum_ns, 50 * 1000 + 50 * 49 / 2 + 40 * 1000 + 40 * 39 / 2);
	assert_null(find(s, n, "dns", false, MMSG_SYS_SENDTO));	/* no calls: no series */
	x = find(s, n, NULL, true, MMSG_SYS_SENDMMSG);
	assert_non_null(x);
	assert_int_equal(x->calls, 20);
	x = find(s, n, NULL, true, MMSG_SYS_SENDMSG);
	assert_non_null(x);
	assert_int_equal(x->calls, 10);
	assert_null(find(s, n, "game", false, MMSG_SYS_SENDMMSG));
	assert_int_equal(prom_comms__dropped(pc), 2);
	assert_true(prom_comms__take_notice(pc));
	assert_false(prom_comms__take_notice(pc));	/* said once */

	/* a new task with a labelled name joins that label; another new name,
	 * and one seen past the cap before, add no drop twice */
	for (int i = 0; i < 5; i++)
		free(t[i]);
	t[0] = task(20, "quic", MMSG_SYS_SENDTO, 5);
	t[1] = task(21, "game", MMSG_SYS_SENDMMSG, 5);
	t[2] = task(22, "other", MMSG_SYS_SENDMMSG, 5);
	n = prom_comms__collect(pc, t, 3, &s);
	assert_int_equal(n, 2);
	assert_int_equal(find(s, n, "quic", false, MMSG_SYS_SENDTO)->calls, 5);
	/* a task named like the overflow label is not confused with it */
	assert_int_equal(find(s, n, NULL, true, MMSG_SYS_SENDMMSG)->calls, 10);
	assert_null(find(s, n, "other", false, MMSG_SYS_SENDMMSG));
	assert_int_equal(prom_comms__dropped(pc), 3);
	assert_false(prom_comms__take_notice(pc));
	for (int i = 0; i < 3; i++)
		free(t[i]);
	prom_comms__free(pc);
}

/* a task keeps its first label: a rename moves nothing, nothing goes back */
static void test_comms_rename_and_monotonic(void **state)
{
	struct prom_comms *pc = prom_comms__new(0);
	struct procstats_task *a = task(1, "before", MMSG_SYS_SENDMMSG, 3);
	struct procstats_task *b = task(2, "after", MMSG_SYS_SENDMMSG, 1);
	struct procstats_task *tasks[2] = { a, b };
	const struct prom_series *s;
	uint64_t before_calls;
	int n;

	(void)state;
	assert_non_null(pc);
	assert_int_equal(prom_comms__max(pc), PROM_COMM_LABELS_MAX);
	n = prom_comms__collect(pc, tasks, 2, &s);
	assert_int_equal(n, 2);
	before_calls = find(s, n, "before", false, MMSG_SYS_SENDMMSG)->calls;
	assert_int_equal(before_calls, 3);
	/* task 1 renames itself to "after" and makes more calls */
	memset(a->comm, 0, sizeof(a->comm));
	memcpy(a->comm, "after", 5);
	a->sc[MMSG_SYS_SENDMMSG].total.calls = 7;
	n = prom_comms__collect(pc, tasks, 2, &s);
	assert_int_equal(n, 2);
	assert_int_equal(find(s, n, "before", false, MMSG_SYS_SENDMMSG)->calls, 7);
	assert_int_equal(find(s, n, "after", false, MMSG_SYS_SENDMMSG)->calls, 1);
	assert_int_equal(prom_comms__dropped(pc), 0);
	assert_false(prom_comms__take_notice(pc));
	free(a);
	free(b);
	prom_comms__free(pc);
}

/* many tasks (the pin table grows), the observe exposition with the gauge */
static void test_comms_many_tasks_exposition(void **state)
{
	enum { N = 300 };
	struct procstats_task *t[N];
	struct prom_comms *pc = prom_comms__new(0);
	struct prom_snapshot snap = { .traced = true, .comm_cap = true };
	uint64_t calls = 0, other = 0;
	struct capture c;
	char *text;
	int n;

	(void)state;
	assert_non_null(pc);
	for (int i = 0; i < N; i++) {
		char name[16];

		snprintf(name, sizeof(name), "w%d", i / 2);	/* 150 names, 2 tasks each */
		t[i] = task(1000 + i, name, MMSG_SYS_SENDMMSG, 1 + i % 3);
	}
	n = prom_comms__collect(pc, t, N, &snap.series);
	assert_int_equal(n, PROM_COMM_LABELS_MAX + 1);
	snap.nseries = (size_t)n;
	snap.comm_labels_max = prom_comms__max(pc);
	snap.comm_labels_dropped = prom_comms__dropped(pc);
	assert_int_equal(snap.comm_labels_dropped, 150 - PROM_COMM_LABELS_MAX);
	for (int i = 0; i < n; i++)
		calls += snap.series[i].calls;
	for (int i = 0; i < N; i++) {
		if (i / 2 >= PROM_COMM_LABELS_MAX)
			other += t[i]->sc[MMSG_SYS_SENDMMSG].total.calls;
		calls -= t[i]->sc[MMSG_SYS_SENDMMSG].total.calls;
	}
	assert_int_equal(calls, 0);	/* every call in exactly one series */
	prom__write(capture_start(&c), &snap);
	text = capture_end(&c);
	assert_shape(text);
	assert_int_equal(sample(text, "mmsgtrace_comm_labels_dropped"), 100);
	assert_int_equal(sample(text, "mmsgtrace_calls_total{syscall=\"sendmmsg\",comm=\""
				PROM_OTHER_COMMS "\"}"), other);
	assert_true(has_line_prefix(text, "# more than 50 process names: 100 of them"));
	for (int i = 0; i < N; i++)
		free(t[i]);
	free(text);
	prom_comms__free(pc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seconds_exact),
		cmocka_unit_test(test_label_escapes),
		cmocka_unit_test(test_hostile_comm_one_valid_line),
		cmocka_unit_test(test_drive_snapshot),
		cmocka_unit_test(test_untraced_snapshot),
		cmocka_unit_test(test_comms_aggregate_and_cap),
		cmocka_unit_test(test_comms_rename_and_monotonic),
		cmocka_unit_test(test_comms_many_tasks_exposition),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
