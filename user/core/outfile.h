/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The file named with -o: the only file mmsgtrace writes. Under sudo it is
 * opened as the user who typed sudo: only where that user may write, and a
 * file it creates is theirs.
 */
#ifndef MMSGTRACE_OUTFILE_H
#define MMSGTRACE_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

/* Open path for writing (truncated). NULL with a one-line reason in err. */
FILE *outfile__open(const char *path, char *err, size_t errlen);

/* Could outfile__open write path (the file, or a new one in its directory)?
 * Checked before a long run, so that it does not end in vain. 0, or -errno
 * with a one-line reason in err. */
int outfile__check(const char *path, char *err, size_t errlen);

#endif /* MMSGTRACE_OUTFILE_H */
