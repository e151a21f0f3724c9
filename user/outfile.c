// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The -o file (see outfile.h). */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opts.h"
#include "outfile.h"

FILE *outfile__open(const char *path, char *err, size_t errlen)
{
	bool existed = access(path, F_OK) == 0;
	uint32_t uid, gid;
	FILE *f = fopen(path, "w");

	if (!f) {
		snprintf(err, errlen, "cannot write --output %.200s: %s", path, strerror(errno));
		return NULL;
	}
	if (!existed && geteuid() == 0 &&
	    opts__sudo_user(getenv("SUDO_UID"), getenv("SUDO_GID"), &uid, &gid) &&
	    fchown(fileno(f), uid, gid)) {
		snprintf(err, errlen, "cannot give --output %.200s to the sudo user: %s", path,
			 strerror(errno));
		fclose(f);
		return NULL;
	}
	return f;
}
