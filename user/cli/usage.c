// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* What every option group uses: usage messages, option names in them, and
 * help texts printed from a format (see internal.h). */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>

#include "cli/internal.h"

int cli__usage(struct cli_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->c->error, sizeof(ctx->c->error), fmt, ap);
	va_end(ap);
	return USAGE_ERR;
}

/* the long name of key among the options of argp and its children, or NULL */
static const char *option_name(const struct argp *argp, int key)
{
	for (const struct argp_option *op = argp->options;
	     op && (op->name || op->key || op->doc); op++)
		if (op->key == key && op->name)
			return op->name;
	for (const struct argp_child *c = argp->children; c && c->argp; c++) {
		const char *name = option_name(c->argp, key);

		if (name)
			return name;
	}
	return NULL;
}

const char *cli__long_name(const struct cli_ctx *ctx, int key)
{
	const char *name = option_name(ctx->root, key);

	return name ? name : "?";
}

char *cli__doc(const char *text, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? (char *)text : s;
}
