// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* How a run was made (see runinfo.h). */
#define _GNU_SOURCE
#include <bpf/libbpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "common/util.h"
#include "core/runinfo.h"

void run_info__rfc3339(long long t, char *buf, unsigned long len)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char zone[8];
	size_t n;

	buf[0] = '\0';
	if (len < 26 || !localtime_r(&tt, &tm) || !strftime(zone, sizeof(zone), "%z", &tm))
		return;
	n = strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	/* %z is +hhmm; RFC 3339 wants +hh:mm */
	if (!n || strlen(zone) != 5)
		buf[0] = '\0';
	else
		snprintf(buf + n, len - n, "%.3s:%s", zone, zone + 3);
}

void run_info__now(struct run_info *ri)
{
	struct utsname u;

	memset(ri, 0, sizeof(*ri));
	ri->version = PROG_VERSION;
	snprintf(ri->libbpf_version, sizeof(ri->libbpf_version), "%s", libbpf_version_string());
	if (uname(&u) == 0)
		snprintf(ri->kernel, sizeof(ri->kernel), "%s", u.release);
	if (gethostname(ri->hostname, sizeof(ri->hostname)))
		ri->hostname[0] = '\0';
	ri->hostname[sizeof(ri->hostname) - 1] = '\0';
	run_info__rfc3339((long long)time(NULL), ri->start_time, sizeof(ri->start_time));
}
