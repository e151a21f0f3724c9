// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* JSON-lines encoders (see output.h). */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/names.h"
#include "common/record.h"
#include "common/text.h"
#include "core/selfcost.h"
#include "report/format.h"
#include "report/json.h"

static void json_cstring(FILE *f, const char *s)
{
	if (s)
		text__json_string(f, s, strlen(s));
	else
		fputs("null", f);
}

/* %.*f whatever LC_NUMERIC says, and null for nan/inf (JSON has neither) */
static void json_double_decimals(FILE *f, double x, int decimals)
{
	if (isfinite(x))
		format__decimal(f, x, decimals);
	else
		fputs("null", f);
}

/* %.3f */
static void json_double(FILE *f, double x)
{
	json_double_decimals(f, x, 3);
}

/* CPU seconds: to the microsecond, a consumer may use very little */
static void json_cpu_seconds(FILE *f, double x)
{
	json_double_decimals(f, x, 6);
}

static const char *json_bool(bool b)
{
	return b ? "true" : "false";
}

static void json_key_double(FILE *f, const char *key, double x)
{
	fprintf(f, ",\"%s\":", key);
	json_double(f, x);
}

/* ,"self_cost":{...} (null when not measured: --no-self-cost, or no statistics) */
static void json_self_cost(FILE *f, const struct self_cost *c, double run_s, double cpu_s,
			   double wall_s)
{
	fputs(",\"self_cost\":", f);
	if (!c) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"measured\":%s", json_bool(c->measured));
	json_key_double(f, "bpf_ns_per_traced_call", c->measured ? c->bpf_ns_per_traced_call : NAN);
	json_key_double(f, "enter_ns", c->measured ? c->enter_ns : NAN);
	json_key_double(f, "exit_ns", c->measured ? c->exit_ns : NAN);
	json_key_double(f, "share_of_call_time", c->measured ? c->share_of_call_time : NAN);
	fprintf(f, ",\"other_syscalls\":%" PRIu64, c->measured ?
		(uint64_t)(c->other_syscalls_per_s * run_s + 0.5) : 0);
	fprintf(f, ",\"other_syscalls_measured\":%" PRIu64, c->other_syscalls);
	json_key_double(f, "ns_per_other_syscall", c->ns_per_other_syscall);
	json_key_double(f, "consumer_cpu_share", wall_s > 0 ? cpu_s / wall_s : NAN);
	fprintf(f, ",\"traced_calls_measured\":%" PRIu64 ",\"windows\":%u", c->traced_calls,
		c->windows);
	json_key_double(f, "seconds_measured", c->seconds_measured);
	fprintf(f, ",\"stats_already_on\":%s", json_bool(c->stats_already_on));
	/* the per-message programs: null when not loaded or without a run */
	json_key_double(f, "send_hook_ns_per_run", c->send_hook_ns_per_run);
	fprintf(f, ",\"send_hook_runs\":%" PRIu64, c->send_hook_runs);
	json_key_double(f, "drop_counter_ns_per_run", c->drop_counter_ns_per_run);
	fprintf(f, ",\"drop_counter_runs\":%" PRIu64 "}", c->drop_counter_runs);
}

/* an interval's {p50, p99}, or null without samples */
static void json_p50_p99(FILE *f, const struct stats_percentiles *p)
{
	if (p->valid)
		fprintf(f, "{\"p50\":%" PRIu64 ",\"p99\":%" PRIu64 "}", p->p50, p->p99);
	else
		fputs("null", f);
}

void json__interval(FILE *f, double t, const struct stats_interval *iv)
{
	const struct stats_counts *d = &iv->delta;

	fputs("{\"type\":\"interval\",\"t\":", f);
	json_double(f, t);
	fputs(",\"seconds\":", f);
	json_double(f, iv->seconds);
	fprintf(f, ",\"calls\":%" PRIu64 ",\"msgs\":%" PRIu64 ",\"bytes\":%" PRIu64
		",\"errors\":%" PRIu64 ",\"partial\":%" PRIu64 ",\"lost_events\":%" PRIu64,
		d->calls, d->msgs, d->bytes, d->errors, d->partial, d->lost_events);
	fputs(",\"calls_per_s\":", f);
	json_double(f, iv->calls_per_s);
	fputs(",\"msgs_per_s\":", f);
	json_double(f, iv->msgs_per_s);
	fputs(",\"mb_per_s\":", f);
	json_double(f, iv->mb_per_s);
	fputs(",\"msgs_per_call\":", f);
	json_double(f, iv->msgs_per_call);
	fputs(",\"fill_pct\":", f);
	json_double(f, iv->fill_pct);
	fputs(",\"ns_per_msg\":", f);
	if (iv->have_latency)
		json_double(f, iv->ns_per_msg);
	else
		fputs("null", f);
	fputs(",\"latency_ns\":", f);
	json_p50_p99(f, &iv->latency);
	/* the driver's datagrams the kernel dropped in the interval */
	if (iv->have_drops)
		fprintf(f, ",\"dropped\":%" PRIu64, d->dropped);
	else
		fputs(",\"dropped\":null", f);
	fputs("}\n", f);
}

static void json_hist(FILE *f, const struct log2_hist *h)
{
	bool first = true;

	putc('[', f);
	for (unsigned k = 0; h && k < STATS_HIST_SLOTS; k++) {
		if (!h->slot[k])
			continue;
		fprintf(f, "%s{\"low\":%" PRIu64 ",\"high\":%" PRIu64 ",\"count\":%" PRIu64 "}",
			first ? "" : ",", log2_hist__low(k), log2_hist__high(k), h->slot[k]);
		first = false;
	}
	putc(']', f);
}

static void json_errnos(FILE *f, const uint64_t *errnos)
{
	bool first = true;

	putc('{', f);
	for (int err = 0; errnos && err < MMSG_ERRNO_SLOTS; err++) {
		const char *name = names__errno(err);

		if (!errnos[err])
			continue;
		if (!first)
			putc(',', f);
		first = false;
		if (name)
			fprintf(f, "\"%s\"", name);
		else if (err == MMSG_ERRNO_SLOTS - 1)
			fprintf(f, "\"E%d+\"", err);	/* larger values fold in here */
		else
			fprintf(f, "\"E%d\"", err);
		fprintf(f, ":%" PRIu64, errnos[err]);
	}
	putc('}', f);
}

/* ,"hidden_errors":{"messages":N,"errno":{...}}, or null when not counted */
static void json_hidden(FILE *f, const struct hidden_errors *h)
{
	fputs(",\"hidden_errors\":", f);
	if (!h->counted) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"messages\":%" PRIu64 ",\"errno\":", h->messages);
	json_errnos(f, h->errnos);
	putc('}', f);
}

/* ,"drops":{"total","by_reason":{NAME:N},"to_its_sockets","from_its_sockets","unattributed"}
 * or null when not counted */
static void json_drops(FILE *f, const struct drop_counts *d)
{
	bool first = true;

	fputs(",\"drops\":", f);
	if (!d->counted) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"total\":%" PRIu64 ",\"by_reason\":{", d->total);
	for (unsigned r = 0; r < MMSG_DROP_REASONS; r++) {
		if (!d->by_reason[r])
			continue;
		fprintf(f, "%s\"%s\":%" PRIu64, first ? "" : ",", d->reason_names[r],
			d->by_reason[r]);
		first = false;
	}
	fprintf(f, "},\"to_its_sockets\":%" PRIu64 ",\"from_its_sockets\":%" PRIu64
		   ",\"unattributed\":%" PRIu64 "}", d->to_its_sockets, d->from_its_sockets,
		d->unattributed);
}

void json__summary(FILE *f, const struct summary *sum)
{
	struct stats_counts totals = { 0 };
	struct summary_figures fig;
	uint64_t records = 0;
	bool latency = false;

	if (sum->traced) {
		totals = sum->kernel;
		records = sum->records;
		latency = sum->latency.valid;
	} else if (sum->have_driver) {
		totals.calls = sum->driver.calls;
		totals.msgs = sum->driver.msgs;
		totals.bytes = sum->driver.bytes;
		totals.errors = sum->driver.errors;
		totals.partial = sum->driver.partial;
	}

	fputs("{\"type\":\"summary\",\"mode\":", f);
	json_cstring(f, sum->mode);
	fputs(",\"attach\":", f);
	json_cstring(f, sum->attach);
	fputs(",\"seconds\":", f);
	json_double(f, sum->seconds);
	fputs(",\"consumer_cpu_s\":", f);
	json_cpu_seconds(f, sum->consumer_cpu_s);
	fprintf(f, ",\"vlen\":%u,\"send_mode\":", sum->vlen);
	json_cstring(f, sum->send_mode);
	fprintf(f, ",\"gso\":%u,\"calls\":%" PRIu64 ",\"msgs\":%" PRIu64 ",\"bytes\":%" PRIu64
		",\"errors\":%" PRIu64 ",\"partial\":%" PRIu64 ",\"lost_events\":%" PRIu64
		",\"inflight_overflow\":%" PRIu64 ",\"exit_unmatched\":%" PRIu64
		",\"bytes_read_faults\":%" PRIu64 ",\"records\":%" PRIu64 ",\"sampled\":%s",
		sum->gso, totals.calls, totals.msgs, totals.bytes, totals.errors, totals.partial,
		totals.lost_events, totals.inflight_overflow, totals.exit_unmatched,
		totals.bytes_read_faults, records, json_bool(summary__sampled(sum)));

	summary__figures(sum, &fig);
	fprintf(f, ",\"totals_from\":\"%s\",\"complete\":%s", sum->traced ? "kernel" : "driver",
		json_bool(fig.complete));
	json_key_double(f, "msgs_per_call", fig.msgs_per_call);
	json_key_double(f, "fill_pct", fig.fill_pct);
	fprintf(f, ",\"fill_of\":%u", fig.fill_of);
	json_key_double(f, "calls_per_s", fig.calls_per_s);
	json_key_double(f, "msgs_per_s", fig.msgs_per_s);
	json_key_double(f, "mb_per_s", fig.mb_per_s);
	json_key_double(f, "ns_per_msg", fig.ns_per_msg);
	json_key_double(f, "consumer_wall_s", sum->consumer_wall_s);
	json_key_double(f, "consumer_cpu_pct", fig.consumer_cpu_pct);
	json_self_cost(f, sum->self_cost, sum->seconds, sum->consumer_cpu_s, sum->consumer_wall_s);

	fputs(",\"latency_ns\":", f);
	if (latency)
		fprintf(f, "{\"p50\":%" PRIu64 ",\"p90\":%" PRIu64 ",\"p99\":%" PRIu64
			",\"max\":%" PRIu64 ",\"exact\":%s}",
			sum->latency.p50, sum->latency.p90, sum->latency.p99, sum->latency.max,
			json_bool(sum->latency.exact));
	else
		fputs("null", f);

	fputs(",\"hist\":{\"latency_ns\":", f);
	json_hist(f, sum->latency_hist);
	fputs(",\"msgs_per_call\":", f);
	json_hist(f, sum->msgs_hist);
	fputs(",\"bytes_per_call\":", f);
	json_hist(f, sum->bytes_hist);
	fputs("},\"errno\":", f);
	json_errnos(f, sum->errnos);
	json_hidden(f, &sum->hidden);

	if (sum->have_driver)
		fprintf(f, ",\"driver\":{\"calls\":%" PRIu64 ",\"msgs\":%" PRIu64
			",\"bytes\":%" PRIu64 ",\"errors\":%" PRIu64 ",\"partial\":%" PRIu64
			",\"datagrams\":%" PRIu64 "}",
			sum->driver.calls, sum->driver.msgs, sum->driver.bytes, sum->driver.errors,
			sum->driver.partial, sum->driver.datagrams);
	if (sum->have_sink)
		fprintf(f, ",\"sink\":{\"delivered\":%" PRIu64 ",\"dropped\":%" PRIu64 "}",
			sum->sink_delivered, sum->sink_dropped);
	if (sum->have_driver)
		json_drops(f, &sum->drops);
	if (sum->have_driver && sum->traced)
		fprintf(f, ",\"match\":%s,\"match_detail\":"
			"{\"calls\":%s,\"msgs\":%s,\"bytes\":%s,\"errors\":%s,\"delivery\":%s}",
			json_bool(sum->match), json_bool(sum->match_calls),
			json_bool(sum->match_msgs), json_bool(sum->match_bytes),
			json_bool(sum->match_errors),
			sum->delivery_checked ? json_bool(sum->match_delivery) : "null");
	fputs("}\n", f);
}

/* ------------------------------------------------------------------------ */
/* observe mode                                                             */

static void json_errno_key(FILE *f, int err)
{
	const char *name = names__errno(err);

	if (name)
		fprintf(f, "\"%s\"", name);
	else if (err >= MMSG_ERRNO_SLOTS - 1)
		fprintf(f, "\"E%d+\"", MMSG_ERRNO_SLOTS - 1);
	else
		fprintf(f, "\"E%d\"", err);
}

static void json_comm(FILE *f, const char *comm)
{
	text__json_string(f, comm, strnlen(comm, MMSG_COMM_LEN));
}

static void json_ids(FILE *f, const char *key, const uint32_t *ids, unsigned n)
{
	fprintf(f, ",\"%s\":[", key);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "%s%u", i ? "," : "", ids[i]);
	putc(']', f);
}

void json__run_info(FILE *f, const struct run_info *ri)
{
	fputs(",\"version\":", f);
	json_cstring(f, ri->version);
	fputs(",\"libbpf_version\":", f);
	json_cstring(f, ri->libbpf_version);
	fputs(",\"kernel\":", f);
	json_cstring(f, ri->kernel);
	fputs(",\"hostname\":", f);
	json_cstring(f, ri->hostname);
	fputs(",\"start_time\":", f);
	json_cstring(f, ri->start_time);
	fprintf(f, ",\"schema_version\":%d", JSON_SCHEMA_VERSION);
}

static void json_field_value(FILE *f, const struct json_field *x)
{
	switch (x->kind) {
	case JSON_NULL:
		fputs("null", f);
		break;
	case JSON_BOOL:
		fputs(json_bool(x->b), f);
		break;
	case JSON_INT:
		fprintf(f, "%" PRId64, x->i);
		break;
	case JSON_UINT:
		fprintf(f, "%" PRIu64, x->u);
		break;
	case JSON_DOUBLE:
		json_double(f, x->d);
		break;
	case JSON_STRING:
		json_cstring(f, x->s);
		break;
	case JSON_INTS:
	case JSON_UINTS:
	case JSON_STRINGS:
		putc('[', f);
		for (unsigned i = 0; i < x->n; i++) {
			if (i)
				putc(',', f);
			if (x->kind == JSON_INTS)
				fprintf(f, "%d", ((const int *)x->list)[i]);
			else if (x->kind == JSON_UINTS)
				fprintf(f, "%u", ((const uint32_t *)x->list)[i]);
			else
				json_cstring(f, ((const char *const *)x->list)[i]);
		}
		putc(']', f);
		break;
	}
}

void json__config(FILE *f, const struct json_field *fields, unsigned n)
{
	fputs(",\"config\":{", f);
	for (unsigned i = 0; i < n; i++) {
		fprintf(f, "%s\"%s\":", i ? "," : "", fields[i].key);
		json_field_value(f, &fields[i]);
	}
	putc('}', f);
}

void json__drive_start(FILE *f, const struct drive_start *s)
{
	fputs("{\"type\":\"start\",\"mode\":\"drive\",\"attach\":", f);
	json_cstring(f, s->attach);
	fputs(",\"send_mode\":", f);
	json_cstring(f, s->send_mode);
	fprintf(f, ",\"gso\":%u,\"vlen\":%u,\"proto\":", s->gso, s->vlen);
	json_cstring(f, s->proto);
	fprintf(f, ",\"threads\":%u", s->threads);
	if (s->run)
		json__run_info(f, s->run);
	if (s->config)
		json__config(f, s->config, s->nconfig);
	fputs("}\n", f);
}

void json__observe_start(FILE *f, const struct observe_start *s)
{
	bool first = true;

	fputs("{\"type\":\"start\",\"mode\":\"observe\",\"attach\":", f);
	json_cstring(f, s->attach);
	fputs(",\"syscalls\":[", f);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		if (!(s->syscall_mask & (1u << sc)))
			continue;
		fprintf(f, "%s\"%s\"", first ? "" : ",", names__syscall(sc));
		first = false;
	}
	fputs("],\"select\":", f);
	json_cstring(f, s->select);
	if (s->targets)
		json_ids(f, "targets", s->targets, s->ntargets);
	if (s->children)
		json_ids(f, "children", s->children, s->nchildren);
	if (s->comm) {
		fputs(",\"comm\":", f);
		json_comm(f, s->comm);
	}
	if (s->cgroup) {
		fputs(",\"cgroup\":", f);
		json_cstring(f, s->cgroup);
	}
	if (s->run)
		json__run_info(f, s->run);
	if (s->config)
		json__config(f, s->config, s->nconfig);
	fputs("}\n", f);
}

void json__task_event(FILE *f, double t, const struct mmsg_task_record *rec)
{
	bool fork = rec->event == MMSG_TASK_FORK;

	fprintf(f, "{\"type\":\"%s\",\"t\":", fork ? "fork" : "exit");
	json_double(f, t);
	fprintf(f, ",\"pid\":%u", rec->pid);
	if (fork)
		fprintf(f, ",\"child\":%u", rec->child);
	fputs(",\"comm\":", f);
	json_comm(f, rec->comm);
	fputs("}\n", f);
}

static void json_task_id(FILE *f, const struct procstats_task *t, bool per_thread)
{
	fprintf(f, "\"pid\":%u", t->pid);
	if (per_thread)
		fprintf(f, ",\"tid\":%u", t->tid);
	fputs(",\"comm\":", f);
	json_comm(f, t->comm);
}

/* the BPF header's __u64 is unsigned long long */
#define ULL(x) ((unsigned long long)(x))

/* a syscall's counts; partial for the sends, short for recvmmsg (record.h) */
static void json_counts(FILE *f, unsigned sc, const struct mmsg_task_totals *c)
{
	fprintf(f, "\"calls\":%llu,\"msgs\":%llu,\"bytes\":%llu,\"errors\":%llu,\"partial\":%llu"
		",\"short\":%llu", ULL(c->calls), ULL(c->msgs), ULL(c->bytes), ULL(c->errors),
		ULL(record__partial(sc, c->partial)), ULL(record__short(sc, c->partial)));
}

void json__observe_interval(FILE *f, double t, double seconds, uint64_t lost_events,
				   struct procstats_task *const *tasks, size_t n, bool per_thread)
{
	bool first_task = true;

	fputs("{\"type\":\"interval\",\"t\":", f);
	json_double(f, t);
	fputs(",\"seconds\":", f);
	json_double(f, seconds);
	fprintf(f, ",\"lost_events\":%" PRIu64 ",\"processes\":[", lost_events);
	for (size_t i = 0; i < n; i++) {
		const struct procstats_task *task = tasks[i];
		bool first_sc = true;

		for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
			const struct procstats_syscall *s = &task->sc[sc];

			if (!s->delta.calls)
				continue;
			if (first_sc) {
				fputs(first_task ? "{" : ",{", f);
				json_task_id(f, task, per_thread);
				fputs(",\"msgs_per_s\":", f);
				json_double(f, task->msgs_per_s);
				/* the process's datagrams dropped in the interval */
				if (task->drops_counted)
					fprintf(f, ",\"dropped\":%" PRIu64, task->dropped);
				else
					fputs(",\"dropped\":null", f);
				fputs(",\"syscalls\":{", f);
				first_task = false;
			}
			fprintf(f, "%s\"%s\":{", first_sc ? "" : ",", names__syscall(sc));
			first_sc = false;
			json_counts(f, sc, &s->delta);
			fputs(",\"latency_ns\":", f);
			json_p50_p99(f, &s->interval_pct);
			putc('}', f);
		}
		if (!first_sc)
			fputs("}}", f);
	}
	fputs("]}\n", f);
}

static void json_task_errnos(FILE *f, const struct procstats_syscall *s)
{
	putc('{', f);
	for (unsigned i = 0; i < s->nerrnos; i++) {
		if (i)
			putc(',', f);
		json_errno_key(f, s->errnos[i].err);
		fprintf(f, ":%" PRIu64, s->errnos[i].count);
	}
	putc('}', f);
}

/* a number, or null when there is none */
static void json_opt_u64(FILE *f, bool valid, uint64_t v)
{
	if (valid)
		fprintf(f, "%" PRIu64, v);
	else
		fputs("null", f);
}

/* the added wait of the proposed batches: percentiles, or null when none */
static void json_wait(FILE *f, const struct stats_percentiles *p)
{
	if (!p->valid) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"p50\":%" PRIu64 ",\"p90\":%" PRIu64 ",\"p99\":%" PRIu64 ",\"max\":%" PRIu64
		",\"exact\":%s}", p->p50, p->p90, p->p99, p->max, json_bool(p->exact));
}

static void json_batching(FILE *f, const struct batching_fd *b)
{
	const struct stats_percentiles *p = &b->burst_msgs;

	fprintf(f, "{\"fd\":%d,\"calls\":%" PRIu64 ",\"calls_by_syscall\":{", b->fd, b->calls);
	for (unsigned sc = 0, first = 1; sc < MMSG_SYS_COUNT; sc++) {
		if (!b->calls_by_syscall[sc])
			continue;
		fprintf(f, "%s\"%s\":%" PRIu64, first ? "" : ",", names__syscall(sc),
			b->calls_by_syscall[sc]);
		first = 0;
	}
	fprintf(f, "},\"single_calls\":%" PRIu64 ",\"msgs\":%" PRIu64 ",\"msgs_per_call\":",
		b->single_calls, b->msgs);
	json_double(f, b->msgs_per_call);
	fprintf(f, ",\"bursts\":%" PRIu64 ",\"burst_msgs\":{\"mean\":", b->bursts);
	json_double(f, b->burst_msgs_mean);
	if (p->valid)
		fprintf(f, ",\"p50\":%" PRIu64 ",\"p90\":%" PRIu64 ",\"p99\":%" PRIu64
			",\"max\":%" PRIu64 ",\"exact\":%s}", p->p50, p->p90, p->p99, p->max,
			json_bool(p->exact));
	else	/* out of memory while computing them */
		fputs(",\"p50\":null,\"p90\":null,\"p99\":null,\"max\":null,\"exact\":false}", f);
	fprintf(f, ",\"calls_if_batched\":%" PRIu64 ",\"calls_avoided\":%" PRIu64
		",\"avoided_per_s\":", b->calls_if_batched, b->calls_avoided);
	json_double(f, b->avoided_per_s);
	fputs(",\"per_call_ns\":", f);
	json_double(f, b->per_call_ns);
	fputs(",\"saved_ns_per_s\":", f);
	json_double(f, b->saved_ns_per_s);
	fprintf(f, ",\"send_time_ns\":%" PRIu64 ",\"saved_pct_of_send_time\":", b->send_time_ns);
	json_double(f, b->saved_pct_of_send_time);
	fprintf(f, ",\"time_saved_ns\":%" PRIu64 ",\"joined_bursts\":%" PRIu64
		",\"added_wait_ns\":", b->time_saved_ns, b->joined_bursts);
	json_wait(f, &b->added_wait_ns);
	fprintf(f, ",\"receives\":%" PRIu64 ",\"bursts_cut_by_receive\":%" PRIu64
		",\"recvmmsg\":", b->receives, b->bursts_cut_by_receive);
	if (b->recvmmsg_calls)
		fprintf(f, "{\"calls\":%" PRIu64 ",\"returned_more_than_one\":%" PRIu64
			",\"ret_max\":%u,\"vlen_max\":%u}", b->recvmmsg_calls, b->recvmmsg_multi,
			b->recvmmsg_ret_max, b->recvmmsg_vlen_max);
	else
		fputs("null", f);
	fputs(",\"estimate\":true}", f);
}

/* the process's verdict and sums, then its fds */
static void json_batching_process(FILE *f, const struct batching_process *p,
				  const struct batching_fd *fds, size_t n)
{
	fprintf(f, "{\"verdict\":\"%s\",\"calls_saved\":%" PRIu64 ",\"time_saved_ns\":%" PRIu64
		",\"added_wait_p50_ns\":", batching__verdict_name(p->verdict), p->calls_saved,
		p->time_saved_ns);
	json_opt_u64(f, p->added_wait_ns.valid, p->added_wait_ns.p50);
	fputs(",\"added_wait_p99_ns\":", f);
	json_opt_u64(f, p->added_wait_ns.valid, p->added_wait_ns.p99);
	fprintf(f, ",\"added_wait_exact\":%s,\"send_calls\":%" PRIu64 ",\"msgs\":%" PRIu64
		",\"msgs_per_call\":", json_bool(!p->added_wait_ns.valid || p->added_wait_ns.exact),
		p->calls, p->msgs);
	json_double(f, p->msgs_per_call);
	fprintf(f, ",\"multi_msg_share\":");
	json_double(f, p->msgs ? (double)p->multi_msgs / (double)p->msgs : 0);
	fprintf(f, ",\"send_time_ns\":%" PRIu64 ",\"saved_pct_of_send_time\":", p->send_time_ns);
	json_double(f, p->saved_pct_of_send_time);
	fputs(",\"per_call_ns\":", f);
	json_double(f, p->per_call_ns);
	fprintf(f, ",\"receives_watched\":%s,\"per_fd\":[", json_bool(p->receives_watched));
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		json_batching(f, &fds[i]);
	}
	fputs("],\"estimate\":true}", f);
}

void json__process(FILE *f, const struct procstats_task *t, bool per_thread,
		   const struct batching_process *process, const struct batching_fd *batching,
		   size_t nbatching, const struct drop_counts *drops)
{
	static const struct drop_counts not_counted;

	bool first = true;

	fputs("{\"type\":\"process\",", f);
	json_task_id(f, t, per_thread);
	fprintf(f, ",\"exited\":%s,\"syscalls\":{", json_bool(t->exited));
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct procstats_syscall *s = &t->sc[sc];
		struct stats_percentiles p;

		if (!s->total.calls)
			continue;
		latency_store__percentiles(&s->run_latency, &p);
		fprintf(f, "%s\"%s\":{", first ? "" : ",", names__syscall(sc));
		first = false;
		json_counts(f, sc, &s->total);
		fputs(",\"msgs_per_call\":", f);
		json_double(f, (double)s->total.msgs / s->total.calls);
		fputs(",\"fill_pct\":", f);
		json_double(f, s->total.slots ? 100.0 * s->total.msgs / s->total.slots : 0);
		fputs(",\"latency_ns\":", f);
		if (p.valid)
			fprintf(f, "{\"p50\":%" PRIu64 ",\"p90\":%" PRIu64 ",\"p99\":%" PRIu64
				",\"max\":%" PRIu64 ",\"samples\":%" PRIu64 ",\"exact\":%s}",
				p.p50, p.p90, p.p99, p.max, p.count, json_bool(p.exact));
		else
			fputs("null", f);
		fprintf(f, ",\"latency_includes_blocking\":%s,\"records\":%" PRIu64
			",\"records_could_block\":%" PRIu64 ",\"records_block_unknown\":%" PRIu64,
			json_bool(procstats__blocking(s, sc) == PROCSTATS_BLOCKING_SOME), s->records,
			s->could_block_records, s->block_unknown_records);
		fputs(",\"hist_latency_ns\":", f);
		json_hist(f, &s->latency_hist);
		fputs(",\"errno\":", f);
		json_task_errnos(f, s);
		putc('}', f);
	}
	fputs("},\"batching\":", f);
	json_batching_process(f, process, batching, nbatching);
	json_drops(f, drops ? drops : &not_counted);
	fputs("}\n", f);
}

void json__observe_summary(FILE *f, const struct observe_summary *s)
{
	const struct mmsg_totals *a = &s->all;
	bool first = true;

	fputs("{\"type\":\"summary\",\"mode\":\"observe\",\"attach\":", f);
	json_cstring(f, s->attach);
	fputs(",\"select\":", f);
	json_cstring(f, s->select);
	fputs(",\"seconds\":", f);
	json_double(f, s->seconds);
	fputs(",\"consumer_cpu_s\":", f);
	json_cpu_seconds(f, s->consumer_cpu_s);
	json_key_double(f, "consumer_wall_s", s->consumer_wall_s);
	json_key_double(f, "consumer_cpu_pct", s->consumer_wall_s > 0 ?
					       100.0 * s->consumer_cpu_s / s->consumer_wall_s : NAN);
	json_self_cost(f, s->self_cost, s->seconds, s->consumer_cpu_s, s->consumer_wall_s);
	fprintf(f, ",\"processes\":%zu,\"syscalls\":{", s->tasks);
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++) {
		const struct mmsg_totals *t = &s->sc[sc];

		if (!(s->syscall_mask & (1u << sc)))
			continue;
		fprintf(f, "%s\"%s\":{\"calls\":%llu,\"msgs\":%llu,\"bytes\":%llu,\"errors\":%llu"
			",\"partial\":%llu,\"short\":%llu,\"errno\":", first ? "" : ",",
			names__syscall(sc), ULL(t->calls), ULL(t->msgs), ULL(t->bytes), ULL(t->errors),
			ULL(record__partial(sc, t->partial)), ULL(record__short(sc, t->partial)));
		json_errnos(f, s->errnos[sc]);
		putc('}', f);
		first = false;
	}
	fprintf(f, "},\"calls\":%llu,\"msgs\":%llu,\"bytes\":%llu,\"errors\":%llu"
		",\"partial\":%llu,\"short\":%llu", ULL(a->calls), ULL(a->msgs), ULL(a->bytes),
		ULL(a->errors), ULL(observe_summary__partial(s)), ULL(observe_summary__short(s)));
	json_hidden(f, &s->hidden);
	json_drops(f, &s->drops);
	fprintf(f, ",\"lost_events\":%llu,\"inflight_overflow\":%llu"
		",\"exit_unmatched\":%llu,\"bytes_read_faults\":%llu,\"task_overflow\":%llu"
		",\"targets_overflow\":%llu,\"records\":%" PRIu64 ",\"records_dropped\":%" PRIu64
		",\"sampled\":%s,\"complete\":%s,\"per_call_ns\":",
		ULL(a->lost_events), ULL(a->inflight_overflow), ULL(a->exit_unmatched),
		ULL(a->bytes_read_faults), ULL(a->task_overflow), ULL(a->targets_overflow), s->records,
		s->records_dropped,
		json_bool(observe_summary__sampled(s)), json_bool(!observe_summary__incomplete(s)));
	json_double(f, s->per_call_ns);
	fprintf(f, ",\"burst_gap_ns\":%" PRIu64 "}\n", s->burst_gap_ns);
}

/* ------------------------------------------------------------------------ */
/* sweep                                                                    */

void json__sweep_start(FILE *f, const struct sweep_start *s)
{
	fputs("{\"type\":\"start\",\"mode\":\"sweep\",\"attach\":", f);
	json_cstring(f, s->attach);
	fputs(",\"modes\":[", f);
	for (unsigned i = 0; i < s->nmodes; i++)
		fprintf(f, "%s\"%s\"", i ? "," : "", s->modes[i]);
	fputs("]", f);
	json_ids(f, "vlens", s->vlens, s->nvlens);
	json_key_double(f, "per_point_s", s->per_point_s);
	fprintf(f, ",\"repeat\":%u,\"size_min\":%u,\"size_max\":%u,\"proto\":", s->repeat,
		s->size_min, s->size_max);
	json_cstring(f, s->proto);
	fprintf(f, ",\"threads\":%u,\"gso\":%u,\"points\":%u", s->threads, s->gso, s->points);
	if (s->run)
		json__run_info(f, s->run);
	fputs("}\n", f);
}

void json__sweep_point(FILE *f, const struct sweep_point *p)
{
	fputs("{\"type\":\"point\",\"mode\":", f);
	json_cstring(f, p->mode);
	fprintf(f, ",\"vlen\":%u,\"runs\":%u,\"calls\":%" PRIu64 ",\"messages\":%" PRIu64
		",\"bytes\":%" PRIu64 ",\"datagrams\":%" PRIu64 ",\"errors\":%" PRIu64
		",\"lost_events\":%" PRIu64, p->vlen, p->runs, p->calls, p->messages, p->bytes,
		p->datagrams, p->errors, p->lost_events);
	json_key_double(f, "seconds", p->seconds);
	json_key_double(f, "calls_per_s", p->calls_per_s);
	json_key_double(f, "msgs_per_s", p->msgs_per_s);
	json_key_double(f, "msgs_per_s_min", p->msgs_per_s_min);
	json_key_double(f, "msgs_per_s_max", p->msgs_per_s_max);
	json_key_double(f, "mb_per_s", p->mb_per_s);
	json_key_double(f, "datagrams_per_s", p->datagrams_per_s);
	/* untraced (--no-trace): no time inside the calls, null */
	json_key_double(f, "ns_per_call", p->have_latency ? p->ns_per_call : NAN);
	json_key_double(f, "ns_per_call_min", p->have_latency ? p->ns_per_call_min : NAN);
	json_key_double(f, "ns_per_call_max", p->have_latency ? p->ns_per_call_max : NAN);
	json_key_double(f, "ns_per_msg", p->have_latency ? p->ns_per_msg : NAN);
	json_key_double(f, "msgs_per_call", p->msgs_per_call);
	if (p->have_latency)
		fprintf(f, ",\"p50_ns\":%" PRIu64 ",\"p99_ns\":%" PRIu64, p->p50_ns, p->p99_ns);
	else
		fputs(",\"p50_ns\":null,\"p99_ns\":null", f);
	fputs(",\"fill\":", f);
	json_double_decimals(f, p->fill, 4);
	fputs(",\"syscall_share\":", f);
	json_double_decimals(f, p->have_latency ? p->syscall_share : NAN, 4);
	fprintf(f, ",\"match\":%s,\"speedup_vs_sendto\":", json_bool(p->match));
	if (p->speedup_vs_sendto > 0)
		json_double(f, p->speedup_vs_sendto);
	else
		fputs("null", f);
	fputs("}\n", f);
}

/* x, or null when the fit is not valid */
static void json_fit_double(FILE *f, const char *key, bool valid, double x)
{
	fprintf(f, ",\"%s\":", key);
	if (valid)
		json_double(f, x);
	else
		fputs("null", f);
}

void json__sweep_fit(FILE *f, const struct sweep_summary *s)
{
	bool v = s->fit.valid;

	fprintf(f, "{\"type\":\"fit\",\"valid\":%s,\"good\":%s", json_bool(v), json_bool(s->fit.good));
	json_fit_double(f, "fixed_ns", v, s->fit.fixed_ns);
	json_fit_double(f, "per_msg_ns", v, s->fit.per_msg_ns);
	json_fit_double(f, "residual", v, s->fit.residual);
	json_fit_double(f, "worst_error", v, s->fit.worst_error);
	fprintf(f, ",\"points\":%zu,\"knee_vlen\":", s->fit_points);
	if (s->knee_vlen)
		fprintf(f, "%u", s->knee_vlen);
	else
		fputs("null", f);
	json_fit_double(f, "knee_fixed_share", v && s->knee_vlen, s->knee_fixed_share);
	fputs(",\"best_vlen\":", f);
	if (s->best_vlen)
		fprintf(f, "%u", s->best_vlen);
	else
		fputs("null", f);
	json_fit_double(f, "speedup_vs_sendto", s->best_speedup > 0, s->best_speedup);
	fprintf(f, ",\"repeat\":%u", s->repeat);
	json_key_double(f, "spread", s->spread);
	fprintf(f, ",\"noisy\":%s,\"match\":%s}\n", json_bool(s->noisy), json_bool(s->all_match));
}
