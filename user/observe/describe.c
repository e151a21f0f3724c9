// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Observe mode's options for the start object (see describe.h). */
#include <stdio.h>
#include <string.h>

#include "core/task_order.h"
#include "observe/describe.h"
#include "report/config_fields.h"

static void add(struct observe_description *d, struct json_field f)
{
	if (d->n < OBSERVE_CONFIG_FIELDS)
		d->fields[d->n++] = f;
}

#define STRING(k, v) add(d, (struct json_field){ .key = (k), .kind = JSON_STRING, .s = (v) })
#define UINT(k, v) add(d, (struct json_field){ .key = (k), .kind = JSON_UINT, .u = (v) })
#define BOOL(k, v) add(d, (struct json_field){ .key = (k), .kind = JSON_BOOL, .b = (v) })
#define DOUBLE(k, v) add(d, (struct json_field){ .key = (k), .kind = JSON_DOUBLE, .d = (v) })
#define NONE(k) add(d, (struct json_field){ .key = (k), .kind = JSON_NULL })
#define IDS(k, v, cnt) add(d, (struct json_field){ .key = (k), .kind = JSON_UINTS, .list = (v), \
						  .n = (cnt) })

void observe__describe(const struct observe_config *cfg, struct observe_description *d)
{
	unsigned nsc = 0;

	d->n = 0;
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		if (cfg->syscall_mask & (1u << sc))
			d->syscalls[nsc++] = names__syscall(sc);
	/* the -c name is 16 bytes, NUL-padded: a C string here */
	memcpy(d->comm, cfg->comm, MMSG_COMM_LEN);
	d->comm[MMSG_COMM_LEN] = '\0';

	STRING("select", names__select(cfg->select));
	IDS("pid", cfg->targets, cfg->select == SELECT_PID ? cfg->ntargets : 0);
	IDS("tid", cfg->targets, cfg->select == SELECT_TID ? cfg->ntargets : 0);
	if (cfg->select == SELECT_COMM)
		STRING("comm", d->comm);
	else
		NONE("comm");
	if (cfg->select == SELECT_CGROUP)
		STRING("cgroup", cfg->cgroup_path);
	else
		NONE("cgroup");
	BOOL("all", cfg->select == SELECT_ALL);
	add(d, (struct json_field){ .key = "syscalls", .kind = JSON_STRINGS, .list = d->syscalls,
				    .n = nsc });
	BOOL("per_thread", cfg->per_thread);
	BOOL("quiet", cfg->quiet);
	STRING("sort", task_order__name(cfg->sort));
	UINT("top", cfg->top);
	UINT("burst_gap_ns", cfg->burst_gap_ns);
	if (cfg->duration_set)
		DOUBLE("duration", cfg->duration_s);
	else
		NONE("duration");
	config_fields__tracer_output(&(struct config_fields){ d->fields, &d->n,
							      OBSERVE_CONFIG_FIELDS },
				     &cfg->tracer, &cfg->output);
}
