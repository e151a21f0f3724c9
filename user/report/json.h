/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Machine-readable encoders: JSON lines. Pure (writes only to the FILE given);
 * every key is documented in README.md.
 */
#ifndef MMSGTRACE_OUTPUT_H
#define MMSGTRACE_OUTPUT_H

#include <stdio.h>

#include "core/batching.h"
#include "core/procstats.h"
#include "core/runinfo.h"
#include "core/stats.h"
#include "report/sweep.h"

/* The version of the objects' shape (schema/mmsgtrace.schema.json): every
 * start object says it. Raised when a key changes meaning or goes away. */
#define JSON_SCHEMA_VERSION 1

/* One key of a start object's "config": an option as the run took it. */
enum json_kind {
	JSON_NULL,		/* not set (e.g. --dest with the built-in sink) */
	JSON_BOOL,
	JSON_INT,
	JSON_UINT,
	JSON_DOUBLE,		/* %.3f */
	JSON_STRING,
	JSON_INTS,		/* list points at n ints */
	JSON_UINTS,		/* list points at n uint32_t */
	JSON_STRINGS,		/* list points at n const char * */
};

struct json_field {
	const char *key;
	enum json_kind kind;
	union {
		bool b;
		int64_t i;
		uint64_t u;
		double d;
		const char *s;
		const void *list;
	};
	unsigned n;		/* entries of list */
};

/* ,"config":{...} of n fields */
void json__config(FILE *f, const struct json_field *fields, unsigned n);
/* ,"version":...,"libbpf_version":...,"kernel":...,"hostname":...,
 * "start_time":...,"schema_version":N */
void json__run_info(FILE *f, const struct run_info *ri);

/* A JSON string literal (with quotes) for arbitrary bytes: control bytes,
 * quotes, backslashes and invalid UTF-8 are escaped so the result is valid. */
void text__json_string(FILE *f, const char *s, size_t len);

/* {"type":"interval",...}\n ; t = seconds since the start */
void json__interval(FILE *f, double t, const struct stats_interval *iv);

/* {"type":"summary",...}\n */
void json__summary(FILE *f, const struct summary *sum);

/* What drive mode runs, as its start line says. */
struct drive_start {
	const char *attach;		/* "raw", "tp" or "none" (--no-trace) */
	const char *send_mode;		/* "sendmmsg", "sendmsg" or "sendto" */
	unsigned gso;			/* 0 = off */
	unsigned vlen;
	const char *proto;		/* "udp4", "udp6" or "unix" */
	unsigned threads;
	const struct run_info *run;	/* versions, host, start time (NULL: no keys) */
	const struct json_field *config;	/* every option of the run */
	unsigned nconfig;
};

/* {"type":"start","mode":"drive",...}: the driver is about to start */
void json__drive_start(FILE *f, const struct drive_start *s);

/* Observe mode. */

/* What observe mode watches, as its start line says. */
struct observe_start {
	const char *attach;		/* "raw" or "tp" */
	unsigned syscall_mask;		/* 1 << enum mmsg_syscall */
	const char *select;		/* "pid", "tid", "comm", "cgroup", "all" */
	const uint32_t *targets;	/* -p/-t ids as given (NULL: no "targets" key) */
	unsigned ntargets;
	const uint32_t *children;	/* -p: child processes found at the start (NULL: none) */
	unsigned nchildren;
	const char *comm;		/* -c: 16 bytes, NUL-padded (NULL: no key) */
	const char *cgroup;		/* --cgroup directory (NULL: no key) */
	const struct run_info *run;	/* versions, host, start time (NULL: no keys) */
	const struct json_field *config;	/* every option of the run */
	unsigned nconfig;
};

/* {"type":"start",...}: the programs are attached */
void json__observe_start(FILE *f, const struct observe_start *s);

/* {"type":"fork",...} or {"type":"exit",...} */
void json__task_event(FILE *f, double t, const struct mmsg_task_record *rec);

/* {"type":"interval",...,"processes":[...]}: tasks with calls in the interval */
void json__observe_interval(FILE *f, double t, double seconds, uint64_t lost_events,
				   struct procstats_task *const *tasks, size_t n, bool per_thread);

/* {"type":"process",...}: one task's totals, distributions and batching report
 * ("batching": the process's verdict and sums, "per_fd": each socket's detail) */
void json__process(FILE *f, const struct procstats_task *t, bool per_thread,
		   const struct batching_process *process, const struct batching_fd *batching,
		   size_t nbatching, const struct drop_counts *drops);

/* {"type":"summary","mode":"observe",...} */
void json__observe_summary(FILE *f, const struct observe_summary *s);

/* Name of an errno value ("EAGAIN"), or NULL when unknown. Kernel-internal
 * values seen by tracers (ERESTARTSYS = 512, ...) have names too. */
const char *names__errno(int err);

/* What a sweep runs, as its start line says. */
struct sweep_start {
	const char *attach;		/* "raw" or "tp" */
	const char *const *modes;	/* the send modes, in the order they run */
	unsigned nmodes;
	const uint32_t *vlens;		/* the sendmmsg (and gso) points */
	unsigned nvlens;
	double per_point_s;
	unsigned repeat, size_min, size_max, threads, gso, points;
	const char *proto;
	const struct run_info *run;	/* versions, host, start time (NULL: no keys) */
};

/* {"type":"start","mode":"sweep",...} */
void json__sweep_start(FILE *f, const struct sweep_start *s);
/* {"type":"point",...}: one point of a sweep */
void json__sweep_point(FILE *f, const struct sweep_point *p);
/* {"type":"fit",...}: the fit and what follows from it */
void json__sweep_fit(FILE *f, const struct sweep_summary *s);

#endif /* MMSGTRACE_OUTPUT_H */
