// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Drive mode's options for the start object (see describe.h). */
#include <stdio.h>

#include "drive/describe.h"
#include "report/config_fields.h"

static void add(struct drive_description *d, struct json_field f)
{
	if (d->n < DRIVE_CONFIG_FIELDS)
		d->fields[d->n++] = f;
}

#define STRING(k, v) add(d, (struct json_field){ .key = (k), .kind = JSON_STRING, .s = (v) })
#define UINT(k, v) add(d, (struct json_field){ .key = (k), .kind = JSON_UINT, .u = (v) })
#define BOOL(k, v) add(d, (struct json_field){ .key = (k), .kind = JSON_BOOL, .b = (v) })
#define DOUBLE(k, v) add(d, (struct json_field){ .key = (k), .kind = JSON_DOUBLE, .d = (v) })
#define NONE(k) add(d, (struct json_field){ .key = (k), .kind = JSON_NULL })

/* --size as the option takes it: "64", "64,512,1400" or "100-1400" */
static void size_text(const struct size_spec *s, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	if (s->kind == SIZE_RANGE) {
		snprintf(buf, len, "%u-%u", s->min, s->max);
		return;
	}
	for (unsigned i = 0; i < s->n && used < len; i++) {
		int w = snprintf(buf + used, len - used, "%s%u", i ? "," : "", s->list[i]);

		if (w < 0)
			break;
		used += (size_t)w;
	}
}

void drive__describe(const struct drive_config *cfg, struct drive_description *d)
{
	const struct driver_config *o = &cfg->driver;

	d->n = 0;
	size_text(&o->size, d->size, sizeof(d->size));
	names__flag_options(o->flags, d->flags, sizeof(d->flags));
	UINT("vlen", o->vlen);
	STRING("size", d->size);
	UINT("size_min", o->size.min);
	UINT("size_max", o->size.max);
	UINT("seed", o->seed);
	STRING("flags", d->flags);
	STRING("proto", names__proto(o->proto));
	STRING("mode", names__send_mode(o->send_mode));
	UINT("gso", o->gso);
	if (cfg->dest[0])
		STRING("dest", cfg->dest);
	else
		NONE("dest");
	STRING("sink", names__sink(cfg->sink));
	BOOL("connect", o->connect);
	/* --count ends the run when given; else --duration does */
	if (o->count) {
		NONE("duration");
		UINT("count", o->count);
	} else {
		DOUBLE("duration", o->duration_s);
		NONE("count");
	}
	UINT("threads", o->threads);
	UINT("rate", o->rate);
	add(d, (struct json_field){ .key = "cpu", .kind = JSON_INTS, .list = o->cpus, .n = o->ncpus });
	BOOL("no_trace", cfg->no_trace);
	BOOL("allow_errors", cfg->allow_errors);
	config_fields__tracer_output(&(struct config_fields){ d->fields, &d->n, DRIVE_CONFIG_FIELDS },
				     &cfg->tracer, &cfg->output);
}
