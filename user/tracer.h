/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * libbpf lifecycle of the sendmmsg tracer: open, configure read-only data
 * and the ring-buffer size, load, attach, poll records, read the exact
 * per-CPU totals, destroy. Knows nothing of the driver but the tgid.
 */
#ifndef MMSGTRACE_TRACER_H
#define MMSGTRACE_TRACER_H

#include <stddef.h>
#include <stdint.h>
#include <linux/types.h>

#include "mmsgtrace.h"
#include "opts.h"

struct tracer;

/* Called for every per-call record, from tracer__poll's thread. */
typedef void (*tracer_record_fn)(void *ctx, const struct mmsg_call_record *rec);

struct tracer_config {
	enum attach_mode attach;
	uint32_t target_tgid;		/* 0 = every process */
	uint64_t ringbuf_size;		/* bytes, power of two */
	int verbose;			/* libbpf debug log on stderr */
	tracer_record_fn on_record;
	void *ctx;
};

/*
 * Open, load and attach. On failure returns -errno with a one-line reason
 * in err (what is missing and what to do).
 */
int tracer__new(const struct tracer_config *cfg, struct tracer **out, char *err, size_t errlen);
/* Wait up to timeout_ms, then consume every pending record. Returns the
 * number consumed or -errno. */
int tracer__poll(struct tracer *t, int timeout_ms);
/* Sum of the per-CPU totals. */
int tracer__totals(struct tracer *t, struct mmsg_totals *out);
/* Calls by errno, MMSG_ERRNO_SLOTS entries summed over CPUs. */
int tracer__errnos(struct tracer *t, uint64_t *out);
void tracer__free(struct tracer *t);

#endif /* MMSGTRACE_TRACER_H */
