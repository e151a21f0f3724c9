// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Drive mode's options for the start object (see describe.h). */
#include <stdio.h>

#include "drive/describe.h"
#include "report/config_fields.h"


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

	struct config_fields *cf = &(struct config_fields){ d->fields, &d->n, DRIVE_CONFIG_FIELDS };

	d->n = 0;
	size_text(&o->size, d->size, sizeof(d->size));
	names__flag_options(o->flags, d->flags, sizeof(d->flags));
	CF_UINT("vlen", o->vlen);
	CF_STRING("size", d->size);
	CF_UINT("size_min", o->size.min);
	CF_UINT("size_max", o->size.max);
	CF_UINT("seed", o->seed);
	CF_STRING("flags", d->flags);
	CF_STRING("proto", names__proto(o->proto));
	CF_STRING("mode", names__send_mode(o->send_mode));
	CF_UINT("gso", o->gso);
	if (cfg->dest[0])
		CF_STRING("dest", cfg->dest);
	else
		CF_NONE("dest");
	CF_STRING("sink", names__sink(cfg->sink));
	CF_BOOL("connect", o->connect);
	/* --count ends the run when given; else --duration does */
	if (o->count) {
		CF_NONE("duration");
		CF_UINT("count", o->count);
	} else {
		CF_DOUBLE("duration", o->duration_s);
		CF_NONE("count");
	}
	CF_UINT("threads", o->threads);
	CF_UINT("rate", o->rate);
	config_fields__add(cf, (struct json_field){ .key = "cpu", .kind = JSON_INTS, .list = o->cpus,
						    .n = o->ncpus });
	CF_BOOL("no_trace", cfg->no_trace);
	CF_BOOL("allow_errors", cfg->allow_errors);
	config_fields__tracer_output(cf, &cfg->tracer, &cfg->output);
}
