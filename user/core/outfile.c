// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The -o file (see outfile.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/creds.h"
#include "core/outfile.h"

/* the cookie of a stream: its fd and the errno of its first failed write */
struct sink_fd {
	int fd;
	bool owned;		/* close fd with the stream */
	int err;
};

/*
 * The streams made here, so that a flush can tell the errno of a write that
 * failed earlier: once a write has failed the stream's error flag stays set
 * and a later flush with nothing left to write succeeds, so the errno would
 * be lost (a reader that went away between two lines of a header is EPIPE,
 * a stop, not an error). A run has a handful of streams (stdout, -o).
 */
#define MAX_STREAMS 8
static struct {
	FILE *f;
	struct sink_fd *sink;
} streams[MAX_STREAMS];

static void remember(FILE *f, struct sink_fd *s)
{
	for (int i = 0; i < MAX_STREAMS; i++)
		if (!streams[i].f) {
			streams[i].f = f;
			streams[i].sink = s;
			return;
		}
}

static void forget(const struct sink_fd *s)
{
	for (int i = 0; i < MAX_STREAMS; i++)
		if (streams[i].sink == s)
			streams[i].f = NULL, streams[i].sink = NULL;
}

/* the errno of f's first failed write, 0 when none or not a stream of ours */
static int first_error(FILE *f)
{
	for (int i = 0; i < MAX_STREAMS; i++)
		if (streams[i].f == f)
			return streams[i].sink->err;
	return 0;
}

static ssize_t sink_write(void *cookie, const char *buf, size_t len)
{
	struct sink_fd *s = cookie;
	size_t done = 0;

	while (done < len) {
		ssize_t n = write(s->fd, buf + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (!s->err)
				s->err = n < 0 ? errno : EIO;
			errno = s->err;
			return -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int sink_close(void *cookie)
{
	struct sink_fd *s = cookie;
	int err = s->err;

	if (s->owned && close(s->fd) && !err)
		err = errno;
	forget(s);
	free(s);
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

static FILE *stream_of(int fd, bool owned)
{
	struct sink_fd *s = calloc(1, sizeof(*s));
	FILE *f;

	if (!s)
		return NULL;
	*s = (struct sink_fd){ .fd = fd, .owned = owned };
	f = fopencookie(s, "w", (cookie_io_functions_t){ .write = sink_write, .close = sink_close });
	if (!f)
		free(s);
	else
		remember(f, s);
	return f;
}

FILE *outfile__stdout(void)
{
	return stream_of(STDOUT_FILENO, false);
}

int outfile__flush(FILE *f)
{
	int err = first_error(f);

	/* errno is the failed write's only when the flush itself failed; an
	 * earlier write's is the stream's own */
	if (fflush(f))
		return -(err ? err : errno ? errno : EIO);
	return ferror(f) ? -(err ? err : EIO) : 0;
}

int outfile__close(FILE *f)
{
	bool failed = ferror(f);

	errno = 0;
	if (fclose(f) || failed)
		return -(errno ? errno : EIO);
	return 0;
}

FILE *outfile__open(const char *path, char *err, size_t errlen)
{
	struct creds user;
	struct creds_saved saved;
	bool as_user = creds__sudo_user(&user);
	int ret = as_user ? creds__become(&user, &saved) : 0, back, fd;
	FILE *f = NULL;

	if (ret) {
		snprintf(err, errlen, "cannot act as the sudo user to write --output: %s",
			 strerror(-ret));
		return NULL;
	}
	/* as the user: the permission checks (and the new file's owner) are theirs */
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	ret = errno;
	if (as_user && (back = creds__restore(&saved))) {
		snprintf(err, errlen, "cannot return to root after opening --output: %s",
			 strerror(-back));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	if (fd >= 0 && !(f = stream_of(fd, true))) {
		ret = ENOMEM;
		close(fd);
	}
	if (!f)
		snprintf(err, errlen, "cannot write --output %.200s: %s", path, strerror(ret));
	return f;
}

int outfile__started(FILE **file, const char *path, char *err, size_t errlen)
{
	int ret;

	/* the close has the errno of the first write that failed */
	if (*file && outfile__flush(*file)) {
		ret = outfile__close(*file);
		*file = NULL;
		snprintf(err, errlen, "cannot write --output %.200s: %s", path,
			 strerror(ret ? -ret : EIO));
		return 1;
	}
	ret = outfile__flush(stdout);
	return ret && ret != -EPIPE ? 1 : 0;
}

/* may this process (as the sudo user, when that is who asked) write path:
 * the file when it exists, else its directory? 0 or -errno */
static int writable(const char *path)
{
	char *copy;
	int ret;

	if (faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0)
		return 0;
	if (errno != ENOENT)
		return -errno;
	copy = strdup(path);
	if (!copy)
		return -ENOMEM;
	ret = faccessat(AT_FDCWD, dirname(copy), W_OK | X_OK, AT_EACCESS) ? -errno : 0;
	free(copy);
	return ret;
}

int outfile__check(const char *path, char *err, size_t errlen)
{
	struct creds user;
	struct creds_saved saved;
	bool as_user = creds__sudo_user(&user);
	int ret = as_user ? creds__become(&user, &saved) : 0, back;

	if (ret) {
		snprintf(err, errlen, "cannot act as the sudo user to check %.200s: %s", path,
			 strerror(-ret));
		return ret;
	}
	ret = writable(path);
	if (as_user && (back = creds__restore(&saved))) {
		snprintf(err, errlen, "cannot return to root after checking %.200s: %s", path,
			 strerror(-back));
		return back;
	}
	if (ret)
		snprintf(err, errlen, "cannot write %.200s: %s", path, strerror(-ret));
	return ret;
}
