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

/* Open path for writing (truncated). NULL with a one-line reason in err.
 * The stream remembers the first write that failed: outfile__close returns
 * its errno (stdio forgets it once the buffer is dropped). */
FILE *outfile__open(const char *path, char *err, size_t errlen);

/* fd 1 as such a stream, to put in place of stdout (closing it leaves fd 1
 * open). NULL when out of memory: keep the plain stdout then. */
FILE *outfile__stdout(void);

/* Flush f: 0, or -errno of the write that failed now (-EIO for one that
 * failed before: outfile__close has its errno). */
int outfile__flush(FILE *f);

/* Flush and close f (from outfile__open or outfile__stdout): 0, or -errno
 * of its first failed write, else of the close. */
int outfile__close(FILE *f);

/* The start line is written: flush the -o file (*file, NULL for none) and
 * stdout, so that an output that cannot be written fails before the run,
 * not after it. 1 when one failed: a failed -o file is closed (*file =
 * NULL) with the errno in err; a failed stdout leaves err empty, for main
 * names its errno when it closes stdout. A closed pipe (EPIPE) is 0: a
 * reader that went away is a stop, which the run finds itself. */
int outfile__started(FILE **file, const char *path, char *err, size_t errlen);

/* Could outfile__open write path (the file, or a new one in its directory)?
 * Checked before a long run, so that it does not end in vain. 0, or -errno
 * with a one-line reason in err. */
int outfile__check(const char *path, char *err, size_t errlen);

#endif /* MMSGTRACE_OUTFILE_H */
