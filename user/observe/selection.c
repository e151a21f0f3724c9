// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* What observe mode watches (see selection.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/vfs.h>

#include "common/text.h"
#include "common/util.h"
#include "core/procfs.h"
#include "observe/selection.h"

#define CGROUP2_MAGIC 0x63677270

bool selection__alive(const struct observe_config *cfg, uint32_t id)
{
	return cfg->select == SELECT_TID ? procfs__thread_alive(id) : procfs__process_alive(id);
}

static int check_cgroup(const struct observe_config *cfg, int *cgroup_fd, char *err, size_t errlen)
{
	struct statfs st;

	*cgroup_fd = open(cfg->cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*cgroup_fd < 0) {
		snprintf(err, errlen, "--cgroup %.200s: %s", cfg->cgroup_path, strerror(errno));
		return EXIT_USAGE;
	}
	if (fstatfs(*cgroup_fd, &st) || st.f_type != CGROUP2_MAGIC) {
		snprintf(err, errlen, "--cgroup %.200s: not a cgroup v2 directory (look for the "
			 "cgroup2 mount in /proc/mounts, e.g. /sys/fs/cgroup/unified)",
			 cfg->cgroup_path);
		return EXIT_USAGE;
	}
	return 0;
}

int selection__check(const struct observe_config *cfg, int *cgroup_fd, char *err, size_t errlen)
{
	bool pid = cfg->select == SELECT_PID;

	for (unsigned i = 0; i < cfg->ntargets; i++) {
		uint32_t id = cfg->targets[i], tgid = procfs__tgid(id);

		if (!tgid || !selection__alive(cfg, id)) {
			snprintf(err, errlen, "%s %u: no such %s (check it with 'ps -eLf')",
				 pid ? "-p" : "-t", id, pid ? "process" : "thread");
			return EXIT_USAGE;
		}
		if (pid && tgid != id) {
			snprintf(err, errlen, "-p %u: that is a thread of process %u; use -p %u, or "
				 "-t %u to watch the thread alone", id, tgid, tgid, id);
			return EXIT_USAGE;
		}
	}
	return cfg->select == SELECT_CGROUP ? check_cgroup(cfg, cgroup_fd, err, errlen) : 0;
}

/* a cgroup v2 directory holds a process, there or below: cgroup.events
 * says "populated 1" */
static bool cgroup_populated(const char *dir)
{
	char path[OBSERVE_CGROUP_PATH_MAX + 32], line[64];
	bool populated = true;	/* cannot tell: as if it did */
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup.events", dir);
	f = fopen(path, "re");
	if (!f)
		return true;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "populated ", 10))
			populated = line[10] != '0';
	fclose(f);
	return populated;
}

bool selection__any_target(const struct observe_config *cfg, struct tracer *t)
{
	uint32_t id;

	switch (cfg->select) {
	case SELECT_PID:
	case SELECT_TID:
		return tracer__targets(t, &id, 1) > 0;
	case SELECT_COMM:
		return procfs__named_task_exists(cfg->comm);
	case SELECT_CGROUP:
		return cgroup_populated(cfg->cgroup_path);
	default:
		return true;
	}
}

void selection__who(const struct observe_config *cfg, char *buf, size_t len)
{
	char comm[MMSG_COMM_LEN] = "", esc[TEXT_ESC_LEN(MMSG_COMM_LEN)];
	bool pid = cfg->select == SELECT_PID;
	size_t off;

	switch (cfg->select) {
	case SELECT_PID:
	case SELECT_TID:
		if (cfg->ntargets == 1) {
			procfs__comm(pid ? cfg->targets[0] : procfs__tgid(cfg->targets[0]),
				     pid ? 0 : cfg->targets[0], comm);
			snprintf(buf, len, "%s %u (%s)", pid ? "pid" : "tid", cfg->targets[0],
				 comm[0] ? text__escape(comm, MMSG_COMM_LEN, esc, sizeof(esc)) : "?");
			return;
		}
		off = snprintf(buf, len, "%s ", pid ? "pids" : "tids");
		for (unsigned i = 0; i < cfg->ntargets && off < len; i++)
			off += snprintf(buf + off, len - off, "%s%u", i ? "," : "", cfg->targets[i]);
		return;
	case SELECT_COMM:
		snprintf(buf, len, "the tasks named '%s'",
			 text__escape(cfg->comm, MMSG_COMM_LEN, esc, sizeof(esc)));
		return;
	case SELECT_CGROUP:
		snprintf(buf, len, "the tasks of cgroup %.200s", cfg->cgroup_path);
		return;
	default:
		snprintf(buf, len, "the watched tasks");
		return;
	}
}

void selection__describe(const struct observe_config *cfg, char *buf, size_t len)
{
	char esc[TEXT_ESC_LEN(MMSG_COMM_LEN)];
	size_t off = 0;

	switch (cfg->select) {
	case SELECT_PID:
	case SELECT_TID:
		off = snprintf(buf, len, "%s ", names__select(cfg->select));
		for (unsigned i = 0; i < cfg->ntargets && off < len; i++)
			off += snprintf(buf + off, len - off, "%s%u", i ? "," : "", cfg->targets[i]);
		break;
	case SELECT_COMM:
		off = snprintf(buf, len, "comm %s", text__escape(cfg->comm, MMSG_COMM_LEN, esc,
								 sizeof(esc)));
		break;
	case SELECT_CGROUP:
		off = snprintf(buf, len, "cgroup %.200s", cfg->cgroup_path);
		break;
	default:
		off = snprintf(buf, len, "all processes");
		break;
	}
	if (off < len)
		snprintf(buf + off, len - off, ", attach %s", names__attach(cfg->tracer.attach));
}
