// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Observe mode's options for the start object (see describe.h). */
#include <stdio.h>
#include <string.h>

#include "core/task_order.h"
#include "observe/describe.h"
#include "observe/idle_watch.h"
#include "report/config_fields.h"

#define IDS(k, v, cnt)                                                                \
	config_fields__add(cf, (struct json_field){ .key = (k), .kind = JSON_UINTS,    \
						    .list = (v), .n = (cnt) })

void observe__describe(const struct observe_config *cfg, struct observe_description *d)
{
	struct config_fields *cf = &(struct config_fields){ d->fields, &d->n, OBSERVE_CONFIG_FIELDS };
	unsigned nsc = 0;

	d->n = 0;
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		if (cfg->syscall_mask & (1u << sc))
			d->syscalls[nsc++] = names__syscall(sc);
	/* the -c name is 16 bytes, NUL-padded: a C string here */
	memcpy(d->comm, cfg->comm, MMSG_COMM_LEN);
	d->comm[MMSG_COMM_LEN] = '\0';

	CF_STRING("select", names__select(cfg->select));
	IDS("pid", cfg->targets, cfg->select == SELECT_PID ? cfg->ntargets : 0);
	IDS("tid", cfg->targets, cfg->select == SELECT_TID ? cfg->ntargets : 0);
	if (cfg->select == SELECT_COMM)
		CF_STRING("comm", d->comm);
	else
		CF_NONE("comm");
	if (cfg->select == SELECT_CGROUP)
		CF_STRING("cgroup", cfg->cgroup_path);
	else
		CF_NONE("cgroup");
	CF_BOOL("all", cfg->select == SELECT_ALL);
	config_fields__add(cf, (struct json_field){ .key = "syscalls", .kind = JSON_STRINGS,
						    .list = d->syscalls, .n = nsc });
	CF_BOOL("per_thread", cfg->per_thread);
	CF_BOOL("quiet", cfg->quiet);
	CF_STRING("sort", task_order__name(cfg->sort));
	CF_UINT("top", cfg->top);
	CF_UINT("burst_gap_ns", cfg->burst_gap_ns);
	/* 0 where the hint is off, and for --all, which has none */
	CF_DOUBLE("hint_after", idle_watch__wanted(cfg) ? cfg->hint_after_s : 0);
	if (cfg->duration_set)
		CF_DOUBLE("duration", cfg->duration_s);
	else
		CF_NONE("duration");
	config_fields__tracer_output(cf, &cfg->tracer, &cfg->output);
}
