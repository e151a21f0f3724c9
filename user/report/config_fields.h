/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The options every mode shares (the tracer's and the output's) as fields of
 * the JSON start object's "config", by long name with dashes as underscores,
 * as the run took them. Each mode's describe adds its own around them.
 */
#ifndef MMSGTRACE_REPORT_CONFIG_FIELDS_H
#define MMSGTRACE_REPORT_CONFIG_FIELDS_H

#include "core/tracer.h"
#include "report/json.h"
#include "report/output.h"

/* A list of fields being filled: at most max, n so far. */
struct config_fields {
	struct json_field *fields;
	unsigned *n, max;
};

void config_fields__add(struct config_fields *c, struct json_field f);

/* one field into the struct config_fields *cf in scope */
#define CF_FIELD(k, kind_, member, v) \
	config_fields__add(cf, (struct json_field){ .key = (k), .kind = (kind_), .member = (v) })
#define CF_STRING(k, v) CF_FIELD(k, JSON_STRING, s, v)
#define CF_UINT(k, v) CF_FIELD(k, JSON_UINT, u, v)
#define CF_BOOL(k, v) CF_FIELD(k, JSON_BOOL, b, v)
#define CF_DOUBLE(k, v) CF_FIELD(k, JSON_DOUBLE, d, v)
#define CF_NONE(k) config_fields__add(cf, (struct json_field){ .key = (k), .kind = JSON_NULL })
/* attach, ringbuf_size, hidden_errors, self_cost, interval, events, json, csv,
 * no_tui, output, prom_file, verbose; the fields point into t and o */
void config_fields__tracer_output(struct config_fields *cf, const struct tracer_settings *t,
				  const struct output_settings *o);

#endif /* MMSGTRACE_REPORT_CONFIG_FIELDS_H */
