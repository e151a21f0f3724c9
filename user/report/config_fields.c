// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The options every mode shares, as "config" fields (see config_fields.h). */
#include "common/names.h"
#include "report/config_fields.h"

void config_fields__add(struct config_fields *c, struct json_field f)
{
	if (*c->n < c->max)
		c->fields[(*c->n)++] = f;
}

static void add_path(struct config_fields *c, const char *key, const char *path)
{
	if (path[0])
		config_fields__add(c, (struct json_field){ .key = key, .kind = JSON_STRING, .s = path });
	else
		config_fields__add(c, (struct json_field){ .key = key, .kind = JSON_NULL });
}

static void add_bool(struct config_fields *c, const char *key, bool b)
{
	config_fields__add(c, (struct json_field){ .key = key, .kind = JSON_BOOL, .b = b });
}

void config_fields__tracer_output(struct config_fields *c, const struct tracer_settings *t,
				  const struct output_settings *o)
{
	config_fields__add(c, (struct json_field){ .key = "attach", .kind = JSON_STRING,
						   .s = names__attach(t->attach) });
	config_fields__add(c, (struct json_field){ .key = "ringbuf_size", .kind = JSON_UINT,
						   .u = t->ringbuf_size });
	add_bool(c, "hidden_errors", t->hidden_errors);
	add_bool(c, "self_cost", t->self_cost);
	config_fields__add(c, (struct json_field){ .key = "interval", .kind = JSON_DOUBLE,
						   .d = o->interval_s });
	add_bool(c, "events", o->events);
	add_bool(c, "json", o->json);
	add_bool(c, "csv", o->csv);
	add_bool(c, "no_tui", o->no_tui);
	add_path(c, "output", o->path);
	add_path(c, "prom_file", o->prom_path);
	config_fields__add(c, (struct json_field){ .key = "verbose", .kind = JSON_UINT,
						   .u = (uint64_t)t->verbose });
}
