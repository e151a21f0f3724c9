// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* `mmsgtrace learn` (see learn.h): the runner of the lessons. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/text.h"
#include "common/util.h"
#include "core/outfile.h"
#include "teach/learn.h"
#include "teach/lessons.h"

_Static_assert(LEARN_LESSONS <= 32, "lesson numbers fit the option's range");

/* one lesson, from its experiment to its verdict; 0 or 1 with err */
static int run_lesson(const struct learn_config *cfg, volatile sig_atomic_t *stop, unsigned number,
		      struct lesson *l, char *err, size_t errlen)
{
	const struct lesson_def *d = &lessons[number - 1];
	struct lab lab = { .lesson = l, .settings = &cfg->tracer, .stop = stop };
	int ret;

	memset(l, 0, sizeof(*l));
	l->number = number;
	l->statement = d->statement;
	l->section = d->section;
	if (!d->runs_driver && lab__open(&lab, err, errlen))
		return 1;
	ret = d->run(&lab, err, errlen);
	return lab__close(&lab, ret, err, errlen);
}

static void list(const struct learn_config *cfg)
{
	for (size_t i = 0; i < nlessons; i++) {
		if (cfg->output.json) {
			printf("{\"type\":\"lesson\",\"number\":%zu,\"section\":", i + 1);
			text__json_string(stdout, lessons[i].section, strlen(lessons[i].section));
			fputs(",\"statement\":", stdout);
			text__json_string(stdout, lessons[i].statement, strlen(lessons[i].statement));
			fputs("}\n", stdout);
		} else {
			printf("%2zu  %-14s %s\n", i + 1, lessons[i].section, lessons[i].statement);
		}
	}
}

int learn__run(const struct learn_config *cfg, volatile sig_atomic_t *stop)
{
	struct lesson *l = malloc(sizeof(*l));
	unsigned first = cfg->lesson ? cfg->lesson : 1, last = cfg->lesson ? cfg->lesson : nlessons;
	char err[512] = "";
	FILE *json_file = NULL;
	int ret = 0, differs = 0, ran = 0, werr;

	if (!l) {
		warn("out of memory\n");
		return 1;
	}
	if (cfg->list) {
		list(cfg);
		free(l);
		return 0;
	}
	if (cfg->output.path[0] && !(json_file = outfile__open(cfg->output.path, err, sizeof(err))))
		ret = 1;
	if (!ret && !cfg->output.json)
		printf("# the sendmmsg(2) man page, demonstrated on this kernel: %u lesson%s, %s by this "
		       "process, traced\n", last - first + 1, last == first ? "" : "s",
		       last == first ? "an experiment" : "each an experiment");
	for (unsigned n = first; !ret && n <= last && !*stop; n++) {
		ret = run_lesson(cfg, stop, n, l, err, sizeof(err));
		if (ret)
			break;
		differs += !l->confirmed;
		ran++;
		if (json_file)
			lesson__print_json(json_file, l);
		if (cfg->output.json)
			lesson__print_json(stdout, l);
		else
			lesson__print_text(stdout, l, nlessons);
		fflush(stdout);
	}
	if (!ret && !cfg->output.json)
		printf("\n%d of %d confirmed on this kernel\n", ran - differs, ran);
	if (!ret && ran < (int)(last - first + 1)) {
		snprintf(err, sizeof(err), "interrupted after %d of %u lessons", ran, last - first + 1);
		ret = 1;
	}
	if (err[0])
		warn("%s\n", err);
	if (json_file && (werr = outfile__close(json_file)) && !ret) {
		warn("writing --output %s failed: %s\n", cfg->output.path, strerror(-werr));
		ret = 1;
	}
	free(l);
	return ret ? ret : differs ? 1 : 0;
}
