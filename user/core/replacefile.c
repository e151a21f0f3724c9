// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Files replaced whole by rename (see replacefile.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/text.h"
#include "core/creds.h"
#include "core/replacefile.h"

/* the directory part of path, into buf */
static void dir_of(const char *path, char *buf, size_t len)
{
	char copy[4096];

	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(buf, len, "%s", dirname(copy));
}

/* may this thread (as the sudo user when that is who asked) replace path? */
static int check_as_caller(const char *path, const char *what, char *err, size_t errlen)
{
	struct text_quote qp, qd;
	char dir[4096];
	struct stat st;
	int ret;

	dir_of(path, dir, sizeof(dir));
	text__quote(path, &qp);
	text__quote(dir, &qd);
	if (stat(dir, &st)) {
		ret = -errno;
		snprintf(err, errlen, "%s '%s': directory '%s': %s%s", what, qp.s, qd.s,
			 strerror(-ret), ret == -ENOENT ? "; create it first" : "");
		return ret;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s '%s': '%s' is not a directory", what, qp.s, qd.s);
		return -ENOTDIR;
	}
	if (faccessat(AT_FDCWD, dir, W_OK | X_OK, AT_EACCESS)) {
		ret = -errno;
		snprintf(err, errlen, "%s '%s': cannot create files in '%s': %s", what, qp.s, qd.s,
			 strerror(-ret));
		return ret;
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s '%s' is a directory: name a file in it, e.g. "
			 "%s/mmsgtrace.prom", what, qp.s, qp.s);
		return -EISDIR;
	}
	return 0;
}

/* step(arg) as the sudo user when there is one (the permission checks, and
 * a new file's owner, are theirs). Returns step's result, or -errno with
 * the reason in err when the switch itself fails. */
static int as_caller(int (*step)(void *arg), void *arg, char *err, size_t errlen)
{
	struct creds user;
	struct creds_saved saved;
	bool as_user = creds__sudo_user(&user);
	int ret = as_user ? creds__become(&user, &saved) : 0, back;

	if (ret) {
		snprintf(err, errlen, "cannot act as the sudo user: %s", strerror(-ret));
		return ret;
	}
	ret = step(arg);
	if (as_user && (back = creds__restore(&saved))) {
		snprintf(err, errlen, "cannot return to root: %s", strerror(-back));
		return back;
	}
	return ret;
}

struct check_args {
	const char *path, *what;
	char *err;
	size_t errlen;
};

static int check_step(void *arg)
{
	struct check_args *a = arg;

	return check_as_caller(a->path, a->what, a->err, a->errlen);
}

int replacefile__check(const char *path, const char *what, char *err, size_t errlen)
{
	struct check_args a = { path, what, err, errlen };

	return as_caller(check_step, &a, err, errlen);
}

/* the temporary file: exclusive, not through a symlink, mode 0644 whatever
 * the umask. A stale one of an earlier process with this pid goes first.
 * The fd, or -errno. */
static int open_tmp(void *arg)
{
	const char *tmp = arg;
	int fd, saved;

	if (unlink(tmp) && errno != ENOENT)
		return -errno;
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, REPLACEFILE_MODE);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, REPLACEFILE_MODE)) {
		saved = -errno;
		close(fd);
		unlink(tmp);
		return saved;
	}
	return fd;
}

static int unlink_tmp(void *arg)
{
	return unlink(arg) ? -errno : 0;
}

static int rename_tmp(void *arg)
{
	struct replacefile *rf = arg;

	return rename(rf->tmp, rf->path) ? -errno : 0;
}

FILE *replacefile__begin(struct replacefile *rf, const char *path, char *err, size_t errlen)
{
	char dir[4096], copy[4096];
	int fd, n;

	snprintf(rf->path, sizeof(rf->path), "%s", path);
	dir_of(path, dir, sizeof(dir));
	snprintf(copy, sizeof(copy), "%s", path);
	/* node_exporter reads only *.prom files: this name never is one */
	n = snprintf(rf->tmp, sizeof(rf->tmp), "%s/.%s.tmp.%d", dir, basename(copy), (int)getpid());
	rf->f = NULL;
	if (n < 0 || (size_t)n >= sizeof(rf->tmp)) {
		snprintf(err, errlen, "the temporary file's name for %.200s is too long", path);
		return NULL;
	}
	err[0] = '\0';
	fd = as_caller(open_tmp, rf->tmp, err, errlen);
	if (fd < 0) {
		if (!err[0])
			snprintf(err, errlen, "cannot create %.300s: %s", rf->tmp, strerror(-fd));
		return NULL;
	}
	rf->f = fdopen(fd, "w");
	if (!rf->f) {
		snprintf(err, errlen, "cannot write %.300s: %s", rf->tmp, strerror(errno));
		close(fd);
		replacefile__abort(rf);
	}
	return rf->f;
}

void replacefile__abort(struct replacefile *rf)
{
	char err[128];

	if (rf->f)
		fclose(rf->f);
	rf->f = NULL;
	/* nothing more to do if even this fails: the name is never read */
	as_caller(unlink_tmp, rf->tmp, err, sizeof(err));
}

int replacefile__commit(struct replacefile *rf, char *err, size_t errlen)
{
	bool failed = ferror(rf->f);
	int ret;

	/* fclose flushes: a full disk shows here. No fsync: a crash may lose the
	 * latest version, but a reader never sees a part of one. */
	errno = EIO;
	ret = fclose(rf->f);
	rf->f = NULL;
	if (ret || failed) {
		ret = -errno;
		snprintf(err, errlen, "cannot write %.300s: %s", rf->tmp, strerror(-ret));
		replacefile__abort(rf);
		return ret;
	}
	err[0] = '\0';
	ret = as_caller(rename_tmp, rf, err, errlen);
	if (ret) {
		if (!err[0])
			snprintf(err, errlen, "cannot rename %.300s to %.300s: %s", rf->tmp, rf->path,
				 strerror(-ret));
		replacefile__abort(rf);
	}
	return ret;
}
