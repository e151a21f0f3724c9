/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * --prom-file PATH: each version of the exposition (report/prom.h) replaces
 * the file whole (core/replacefile.h), every interval and at the end, so
 * node_exporter's textfile collector never reads a part of one.
 */
#ifndef MMSGTRACE_REPORT_PROMFILE_H
#define MMSGTRACE_REPORT_PROMFILE_H

#include <stdbool.h>

#include "report/prom.h"

struct promfile {
	const char *path;		/* "" or NULL: no --prom-file */
	bool failed;			/* a version could not be written */
};

/* Write snap as the new version of pf->path. A failure is said on stderr
 * the first time (one line), remembered in pf->failed, and the next version
 * tries again. Returns false on failure. */
bool promfile__write(struct promfile *pf, const struct prom_snapshot *snap);

static inline bool promfile__enabled(const struct promfile *pf)
{
	return pf->path && pf->path[0];
}

#endif /* MMSGTRACE_REPORT_PROMFILE_H */
