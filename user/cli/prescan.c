// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * What getopt_long would reject, as a message.
 *
 * argp runs with ARGP_NO_ERRS: an unknown option, an ambiguous prefix or a
 * missing value makes argp_parse return EINVAL without saying which argument
 * was wrong. So before argp runs, cli__prescan walks argv with the same
 * rules as getopt_long (exact or unique-prefix long names, --name=value,
 * short clusters, "--") over the options of the root parser and all its
 * children, and turns every such problem into one line.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <string.h>

#include "cli/internal.h"
#include "common/text.h"

#define MAX_OPTIONS 128

struct optinfo {
	const char *name;	/* long name or NULL */
	int key;		/* the real (non-alias) key */
	bool has_arg;
};

struct optlist {
	struct optinfo o[MAX_OPTIONS];
	unsigned n;
	const char *cmd;		/* "mmsgtrace" or "mmsgtrace sweep", for "see '... --help'" */
};

/* every option of argp's children, then its own, aliases resolved (in the
 * order of --help's groups: the root holds only the help options, listed last) */
static void optlist_add(struct optlist *l, const struct argp *argp)
{
	const struct argp_option *real = NULL;

	for (const struct argp_child *c = argp->children; c && c->argp; c++)
		optlist_add(l, c->argp);
	for (const struct argp_option *op = argp->options;
	     op && (op->name || op->key || op->doc); op++) {
		if (!op->name && !op->key)
			continue;	/* group header */
		if (!(op->flags & OPTION_ALIAS) || !real)
			real = op;
		if (l->n == MAX_OPTIONS)
			return;
		l->o[l->n++] = (struct optinfo){
			.name = op->name,
			.key = op->key ? op->key : real->key,
			.has_arg = real->arg != NULL,
		};
	}
}

static bool is_help_key(int key)
{
	return key == K_HELP || key == K_HELP2 || key == K_USAGE || key == K_VERSION;
}

/* The long option at argv[*i] ("--name" or "--name=value"): 1 help, 0 fine
 * (*i moved past its value), -1 error. */
static int scan_long(const struct optlist *l, int argc, char **argv, int *i, char *err,
		     size_t errlen)
{
	const char *name = argv[*i] + 2;
	size_t len = strcspn(name, "=");
	const struct optinfo *hit = NULL;
	unsigned nmatch = 0;
	bool exact = false;
	char cands[160] = "", typed[TEXT_QUOTE_MAX + 3];
	struct text_quote q;

	for (unsigned k = 0; k < l->n && len && !exact; k++) {
		if (l->o[k].name && strlen(l->o[k].name) == len && !strncmp(l->o[k].name, name, len)) {
			hit = &l->o[k];
			nmatch = 1;
			exact = true;
		}
	}
	/* getopt_long: a unique prefix, or several naming the same option */
	for (unsigned k = 0; !exact && k < l->n && len; k++) {
		size_t cl = strlen(cands);

		if (!l->o[k].name || strncmp(l->o[k].name, name, len) || (hit && l->o[k].key == hit->key))
			continue;
		snprintf(cands + cl, sizeof(cands) - cl, "%s--%s", cl ? ", " : "", l->o[k].name);
		if (!hit)
			hit = &l->o[k];
		nmatch++;
	}
	snprintf(typed, sizeof(typed), "--%.*s", (int)(len < TEXT_QUOTE_MAX ? len : TEXT_QUOTE_MAX),
		 name);
	if (!nmatch) {
		text__seterr(err, errlen, "unknown option '%s': see '%s --help'", text__quote(typed, &q),
			     l->cmd);
		return -1;
	}
	if (nmatch > 1) {
		text__seterr(err, errlen, "ambiguous option '%s': could be %s", text__quote(typed, &q),
			     cands);
		return -1;
	}
	if (is_help_key(hit->key))
		return 1;
	if (hit->has_arg && name[len] != '=') {
		if (*i + 1 >= argc || !argv[*i + 1]) {
			text__seterr(err, errlen, "option '--%s' needs a value: see '%s --help'",
				     hit->name, l->cmd);
			return -1;
		}
		(*i)++;
	} else if (!hit->has_arg && name[len] == '=') {
		text__seterr(err, errlen, "option '--%s' takes no value: give it alone, without '='",
			     hit->name);
		return -1;
	}
	return 0;
}

/* The short options clustered at argv[*i] ("-vo FILE"): as scan_long. */
static int scan_short(const struct optlist *l, int argc, char **argv, int *i, char *err,
		      size_t errlen)
{
	for (const char *c = argv[*i] + 1; *c; c++) {
		const struct optinfo *hit = NULL;

		/* '?' is only an alias entry with no name: look up by key */
		for (unsigned k = 0; k < l->n && !hit; k++)
			if (l->o[k].key == (unsigned char)*c && isprint((unsigned char)*c) &&
			    (unsigned char)*c < 128)
				hit = &l->o[k];
		if (!hit) {
			char typed[3] = { '-', isprint((unsigned char)*c) ? *c : '?', '\0' };

			text__seterr(err, errlen, "unknown option '%s': see '%s --help'", typed,
				     l->cmd);
			return -1;
		}
		if (is_help_key(hit->key))
			return 1;
		if (hit->has_arg) {
			/* the rest of the cluster is the value, or the next argument is */
			if (c[1] == '\0') {
				if (*i + 1 >= argc || !argv[*i + 1]) {
					text__seterr(err, errlen, "option '-%c' needs a value: see '%s --help'",
						     *c, l->cmd);
					return -1;
				}
				(*i)++;
			}
			return 0;
		}
	}
	return 0;
}

int cli__prescan(const struct argp *root, int argc, char **argv, char *err, size_t errlen)
{
	static struct optlist l;
	struct text_quote q;

	l.n = 0;
	/* a subcommand's parser gets "mmsgtrace sweep" as argv[0] */
	l.cmd = argv[0] && !strncmp(argv[0], PROG " ", strlen(PROG) + 1) ? argv[0] : PROG;
	optlist_add(&l, root);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int rc;

		if (!a)
			break;
		if (!strcmp(a, "--")) {
			if (i + 1 < argc && argv[i + 1]) {
				text__seterr(err, errlen, "unexpected argument '%s': %s takes only "
					     "options; see '%s --help'", text__quote(argv[i + 1], &q),
					     l.cmd, l.cmd);
				return -1;
			}
			return 0;
		}
		if (a[0] != '-' || a[1] == '\0') {
			text__seterr(err, errlen, "unexpected argument '%s': %s takes only options; "
				     "see '%s --help'", text__quote(a, &q), l.cmd, l.cmd);
			return -1;
		}
		rc = a[1] == '-' ? scan_long(&l, argc, argv, &i, err, errlen)
				 : scan_short(&l, argc, argv, &i, err, errlen);
		if (rc)
			return rc;
	}
	return 0;
}
