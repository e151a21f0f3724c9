/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A file that readers only ever see whole (--prom-file): each version is
 * written to a temporary file in the same directory (.NAME.tmp.PID, a name
 * node_exporter's textfile collector skips), made 0644, and renamed over
 * the file. rename(2) within one directory is atomic: a reader opens either
 * the previous version or the new one, never a part of one.
 *
 * Under sudo the temporary file is created, and renamed, as the user who
 * typed sudo (as -o does: core/outfile.h), so only where that user may write.
 */
#ifndef MMSGTRACE_REPLACEFILE_H
#define MMSGTRACE_REPLACEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define REPLACEFILE_MODE 0644	/* readable by a collector running as another user */

struct replacefile {
	char path[4096];		/* the file readers open */
	char tmp[4096 + 32];		/* the version being written */
	FILE *f;			/* open between begin and commit/abort */
};

/* Can path be replaced: its directory exists and is writable (as the sudo
 * user, when that is who asked), and path is not a directory? 0, or -errno
 * with a one-line reason in err (it names the option: what). */
int replacefile__check(const char *path, const char *what, char *err, size_t errlen);

/* Start a new version of path: the temporary file, opened for writing.
 * Returns its FILE (also rf->f), or NULL with a one-line reason in err. */
FILE *replacefile__begin(struct replacefile *rf, const char *path, char *err, size_t errlen);

/* Flush and close the new version, then rename it over the file. 0, or
 * -errno with a reason in err (the temporary file is removed). */
int replacefile__commit(struct replacefile *rf, char *err, size_t errlen);

/* Drop the version being written (removes the temporary file). */
void replacefile__abort(struct replacefile *rf);

#endif /* MMSGTRACE_REPLACEFILE_H */
