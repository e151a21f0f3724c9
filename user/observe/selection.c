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
