// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The options every mode shares, as "config" fields (see config_fields.h). */
#include "common/names.h"
#include "report/config_fields.h"

void config_fields__add(struct config_fields *c, struct json_field f)
{
	if (*c->n < c->max)
		c->fields[(*c->n)++] = f;
}

void config_fields__tracer_output(struct config_fields *cf, const struct tracer_settings *t,
				  const struct output_settings *o)
{
	CF_STRING("attach", names__attach(t->attach));
	CF_UINT("ringbuf_size", t->ringbuf_size);
	CF_BOOL("hidden_errors", t->hidden_errors);
	CF_BOOL("self_cost", t->self_cost);
	CF_BOOL("drops", t->drops);
	CF_DOUBLE("interval", o->interval_s);
	CF_BOOL("events", o->events);
	CF_BOOL("json", o->json);
	CF_BOOL("csv", o->csv);
	CF_BOOL("no_tui", o->no_tui);
	if (o->path[0])
		CF_STRING("output", o->path);
	else
		CF_NONE("output");
	if (o->prom_path[0])
		CF_STRING("prom_file", o->prom_path);
	else
		CF_NONE("prom_file");
	CF_UINT("verbose", (uint64_t)t->verbose);
}
