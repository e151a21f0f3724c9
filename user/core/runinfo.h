/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * How a run was made, for the start object of machine-readable output: the
 * tool's and libbpf's versions, the kernel release, the host and the start
 * time, so that a saved JSON-lines file says where it came from.
 */
#ifndef MMSGTRACE_CORE_RUNINFO_H
#define MMSGTRACE_CORE_RUNINFO_H

struct run_info {
	const char *version;		/* the tool's, PROG_VERSION */
	char libbpf_version[32];	/* "v1.1": the libbpf linked in */
	char kernel[65];		/* uname -r */
	char hostname[256];		/* "" when unknown */
	char start_time[40];		/* RFC 3339, local time with its offset */
};

/* Fill *ri now (the start time is this moment's). */
void run_info__now(struct run_info *ri);

/* t (seconds since the epoch, as time(2)) as RFC 3339 in local time with the
 * zone's offset, "2026-12-07T01:02:03+01:00", into buf (at least 26 bytes);
 * "" when the time cannot be converted. */
void run_info__rfc3339(long long t, char *buf, unsigned long len);

#endif /* MMSGTRACE_CORE_RUNINFO_H */
