/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Adding the kernel's counter structs (per-CPU values, per-syscall slots):
 * one place that knows every field.
 */
#ifndef MMSGTRACE_TOTALS_H
#define MMSGTRACE_TOTALS_H

#include "common/contract.h"

static inline void task_totals__add(struct mmsg_task_totals *dst,
				    const struct mmsg_task_totals *src)
{
	dst->calls += src->calls;
	dst->msgs += src->msgs;
	dst->bytes += src->bytes;
	dst->errors += src->errors;
	dst->partial += src->partial;
	dst->slots += src->slots;
	dst->latency_ns += src->latency_ns;
}

static inline void totals__add(struct mmsg_totals *dst, const struct mmsg_totals *src)
{
	dst->calls += src->calls;
	dst->msgs += src->msgs;
	dst->bytes += src->bytes;
	dst->errors += src->errors;
	dst->partial += src->partial;
	dst->slots += src->slots;
	dst->latency_ns += src->latency_ns;
	dst->lost_events += src->lost_events;
	dst->inflight_overflow += src->inflight_overflow;
	dst->exit_unmatched += src->exit_unmatched;
	dst->bytes_read_faults += src->bytes_read_faults;
	dst->task_overflow += src->task_overflow;
	dst->targets_overflow += src->targets_overflow;
	dst->hidden_errors += src->hidden_errors;
	dst->msg_records_lost += src->msg_records_lost;
	dst->sockets_overflow += src->sockets_overflow;
}

#endif /* MMSGTRACE_TOTALS_H */
