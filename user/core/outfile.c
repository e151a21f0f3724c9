// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The -o file (see outfile.h). */
#include <errno.h>
#include <string.h>

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
