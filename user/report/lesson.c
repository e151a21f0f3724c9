// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* A lesson of `mmsgtrace learn`, as text and JSON (see lesson.h). */
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "common/names.h"
#include "common/record.h"
#include "common/text.h"
#include "report/format.h"
#include "report/lesson.h"

#define TEXT_CALLS 8		/* calls the text lists in full */

static struct lesson_fact *add(struct lesson *l, const char *key, const char *label,
			       enum fact_kind kind)
{
	struct lesson_fact *f;

	if (l->nfacts == LESSON_MAX_FACTS)
		return NULL;
	f = &l->facts[l->nfacts++];
	memset(f, 0, sizeof(*f));
	f->key = key;
	f->label = label;
	f->kind = kind;
	return f;
}

void lesson__uint(struct lesson *l, const char *key, const char *label, uint64_t v)
{
	struct lesson_fact *f = add(l, key, label, FACT_UINT);

	if (f)
		f->u = v;
}

void lesson__int(struct lesson *l, const char *key, const char *label, int64_t v)
{
	struct lesson_fact *f = add(l, key, label, FACT_INT);

	if (f)
		f->i = v;
}

void lesson__double(struct lesson *l, const char *key, const char *label, double v)
{
	struct lesson_fact *f = add(l, key, label, FACT_DOUBLE);

	if (f)
		f->d = v;
}

void lesson__bool(struct lesson *l, const char *key, const char *label, bool v)
{
	struct lesson_fact *f = add(l, key, label, FACT_BOOL);

	if (f)
		f->b = v;
}

void lesson__text(struct lesson *l, const char *key, const char *label, const char *v)
{
	struct lesson_fact *f = add(l, key, label, FACT_TEXT);

	if (f)
		snprintf(f->text, sizeof(f->text), "%s", v);
}

/* "3 msgs, 3000 B" or "-1 EAGAIN" */
static void result(char *buf, size_t len, const struct mmsg_call_record *r)
{
	const char *e = r->ret < 0 ? names__errno(-r->ret) : NULL;

	if (r->ret < 0 && e)
		snprintf(buf, len, "-1 %s", e);
	else if (r->ret < 0)
		snprintf(buf, len, "-1 E%d", -r->ret);
	else if (record__is_mmsg(r->syscall))
		snprintf(buf, len, "%d msg%s, %llu B", r->ret, r->ret == 1 ? "" : "s",
			 (unsigned long long)r->bytes);
	else
		snprintf(buf, len, "%d B", r->ret);
}

static void print_fact(FILE *f, const struct lesson_fact *x)
{
	fprintf(f, "    %-44s ", x->label);
	switch (x->kind) {
	case FACT_UINT: fprintf(f, "%" PRIu64 "\n", x->u); break;
	case FACT_INT: fprintf(f, "%" PRId64 "\n", x->i); break;
	case FACT_DOUBLE: fprintf(f, "%.1f\n", x->d); break;
	case FACT_BOOL: fprintf(f, "%s\n", x->b ? "yes" : "no"); break;
	case FACT_TEXT: fprintf(f, "%s\n", x->text); break;
	}
}

/* the messages of call c, from the per-message hook: "1400 B, 0 B, -1 EMSGSIZE" */
static void print_msgs(FILE *f, const struct lesson *l, size_t c)
{
	bool any = false;

	for (size_t m = 0; m < l->nmsgs; m++) {
		const struct lesson_msg *x = &l->msgs[m];
		const char *e = x->ret < 0 ? names__errno(-x->ret) : NULL;

		if (x->call != c)
			continue;
		fprintf(f, "%s", any ? ", " : "      each message: ");
		if (x->ret >= 0)
			fprintf(f, "#%u %d B", x->index, x->ret);
		else
			fprintf(f, "#%u -1 %s", x->index, e ? e : "?");
		any = true;
	}
	if (any)
		putc('\n', f);
}

void lesson__print_text(FILE *f, const struct lesson *l, unsigned of)
{
	fprintf(f, "\nlesson %u of %u (sendmmsg(2), %s)\n  %s\n", l->number, of, l->section,
		l->statement);
	fprintf(f, "  experiment: %s\n", l->experiment);
	fprintf(f, "  what the kernel saw:\n");
	for (size_t c = 0; c < l->ncalls; c++) {
		const struct mmsg_call_record *r = &l->calls[c];
		char res[64];

		/* a long run of calls: its start and its end (JSON has them all) */
		if (l->ncalls > TEXT_CALLS && c == TEXT_CALLS - 2) {
			fprintf(f, "    ... %zu calls more\n", l->ncalls - TEXT_CALLS);
			c = l->ncalls - 3;
			continue;
		}
		result(res, sizeof(res), r);
		fprintf(f, "    call %zu: %s(fd %d, vlen %u) = %s, %.1f us\n", c + 1,
			names__syscall(r->syscall) ? names__syscall(r->syscall) : "?", r->fd, r->vlen,
			res, r->latency_ns / 1000.0);
		print_msgs(f, l, c);
	}
	if (l->calls_dropped)
		fprintf(f, "    ... and %zu calls more\n", l->calls_dropped);
	for (size_t i = 0; i < l->nfacts; i++)
		print_fact(f, &l->facts[i]);
	fprintf(f, "  verdict: %s%s%s\n", l->confirmed ? "confirmed" :
		"your kernel did something else", l->finding[0] ? ": " : "", l->finding);
}

static void json_fact(FILE *f, const struct lesson_fact *x)
{
	fprintf(f, ",\"%s\":", x->key);
	switch (x->kind) {
	case FACT_UINT: fprintf(f, "%" PRIu64, x->u); break;
	case FACT_INT: fprintf(f, "%" PRId64, x->i); break;
	case FACT_DOUBLE:
		if (isfinite(x->d))
			format__decimal(f, x->d, 3);
		else
			fputs("null", f);
		break;
	case FACT_BOOL: fputs(x->b ? "true" : "false", f); break;
	case FACT_TEXT: text__json_string(f, x->text, strlen(x->text)); break;
	}
}

static void json_errno(FILE *f, int32_t ret)
{
	const char *e = ret < 0 ? names__errno(-ret) : NULL;

	if (ret >= 0)
		fputs("null", f);
	else if (e)
		fprintf(f, "\"%s\"", e);
	else
		fprintf(f, "\"E%d\"", -ret);
}

void lesson__print_json(FILE *f, const struct lesson *l)
{
	fprintf(f, "{\"type\":\"lesson\",\"number\":%u,\"statement\":", l->number);
	text__json_string(f, l->statement, strlen(l->statement));
	fputs(",\"section\":", f);
	text__json_string(f, l->section, strlen(l->section));
	fprintf(f, ",\"verdict\":\"%s\",\"finding\":", l->confirmed ? "confirmed" : "differs");
	text__json_string(f, l->finding, strlen(l->finding));
	fputs(",\"experiment\":", f);
	text__json_string(f, l->experiment, strlen(l->experiment));
	fputs(",\"evidence\":{\"calls\":[", f);
	for (size_t c = 0; c < l->ncalls; c++) {
		const struct mmsg_call_record *r = &l->calls[c];

		fprintf(f, "%s{\"syscall\":\"%s\",\"fd\":%d,\"vlen\":%u,\"flags\":%u,\"ret\":%d,"
			"\"errno\":", c ? "," : "", names__syscall(r->syscall) ? names__syscall(r->syscall) :
			"?", r->fd, r->vlen, r->flags, r->ret);
		json_errno(f, r->ret);
		fprintf(f, ",\"bytes\":%llu,\"latency_ns\":%llu}", (unsigned long long)r->bytes,
			(unsigned long long)r->latency_ns);
	}
	fprintf(f, "],\"calls_dropped\":%zu,\"messages\":", l->calls_dropped);
	if (l->have_msgs) {
		putc('[', f);
		for (size_t m = 0; m < l->nmsgs; m++) {
			fprintf(f, "%s{\"call\":%u,\"index\":%u,\"ret\":%d,\"errno\":", m ? "," : "",
				l->msgs[m].call + 1, l->msgs[m].index, l->msgs[m].ret);
			json_errno(f, l->msgs[m].ret);
			putc('}', f);
		}
		putc(']', f);
	} else {
		fputs("null", f);
	}
	for (size_t i = 0; i < l->nfacts; i++)
		json_fact(f, &l->facts[i]);
	fputs("}}\n", f);
}
