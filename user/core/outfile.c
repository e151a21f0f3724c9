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

FILE *outfile__open(const char *path, char *err, size_t errlen)
{
	struct creds user;
	struct creds_saved saved;
	bool as_user = creds__sudo_user(&user);
	int ret = as_user ? creds__become(&user, &saved) : 0, back;
	FILE *f;

	if (ret) {
		snprintf(err, errlen, "cannot act as the sudo user to write --output: %s",
			 strerror(-ret));
		return NULL;
	}
	/* as the user: the permission checks (and the new file's owner) are theirs */
	f = fopen(path, "w");
	ret = errno;
	if (as_user && (back = creds__restore(&saved))) {
		snprintf(err, errlen, "cannot return to root after opening --output: %s",
			 strerror(-back));
		if (f)
			fclose(f);
		return NULL;
	}
	if (!f)
		snprintf(err, errlen, "cannot write --output %.200s: %s", path, strerror(ret));
	return f;
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
