// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Tasks as /proc shows them (see procfs.h). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/contract.h"
#include "core/procfs.h"

#define COMM_LEN MMSG_COMM_LEN

/* the contents of a small /proc file, NUL-terminated; length or -1 */
static ssize_t read_small(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* state letter and parent of a stat line; the name in parentheses may itself
 * hold ')' and spaces, so parse after the last ')' */
static bool parse_stat(const char *path, char *state, uint32_t *ppid)
{
	char buf[512], *paren;
	unsigned parent;

	if (read_small(path, buf, sizeof(buf)) <= 0)
		return false;
	paren = strrchr(buf, ')');
	if (!paren || sscanf(paren + 1, " %c %u", state, &parent) != 2)
		return false;
	if (ppid)
		*ppid = parent;
	return true;
}

static bool state_alive(char state)
{
	return state != 'Z' && state != 'X' && state != 'x';
}

bool procfs__thread_alive(uint32_t tid)
{
	char path[64], state;

	snprintf(path, sizeof(path), "/proc/%u/stat", tid);
	return parse_stat(path, &state, NULL) && state_alive(state);
}

bool procfs__process_alive(uint32_t pid)
{
	char path[64];
	struct dirent *e;
	bool alive = false;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%u/task", pid);
	d = opendir(path);
	if (!d)
		return false;
	while (!alive && (e = readdir(d))) {
		char stat[300], state;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(stat, sizeof(stat), "/proc/%u/task/%s/stat", pid, e->d_name);
		alive = parse_stat(stat, &state, NULL) && state_alive(state);
	}
	closedir(d);
	return alive;
}

uint32_t procfs__tgid(uint32_t id)
{
	char path[64], buf[2048], *line;
	unsigned tgid;

	snprintf(path, sizeof(path), "/proc/%u/status", id);
	if (read_small(path, buf, sizeof(buf)) <= 0)
		return 0;
	line = strstr(buf, "\nTgid:");
	return line && sscanf(line + 6, "%u", &tgid) == 1 ? tgid : 0;
}

void procfs__comm(uint32_t pid, uint32_t tid, char *comm)
{
	char path[96], buf[COMM_LEN + 2];
	ssize_t n;

	if (tid)
		snprintf(path, sizeof(path), "/proc/%u/task/%u/comm", pid, tid);
	else
		snprintf(path, sizeof(path), "/proc/%u/comm", pid);
	n = read_small(path, buf, sizeof(buf));
	/* the kernel ends it with a newline */
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	if (n <= 0 || n > COMM_LEN)
		return;
	memset(comm, 0, COMM_LEN);
	memcpy(comm, buf, n);
}

/* does any thread of process pid (a /proc directory name) carry comm? */
static bool process_has_named_thread(const char *pid, const char *comm)
{
	char path[300];
	struct dirent *e;
	bool found = false;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%s/task", pid);
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (e = readdir(d))) {
		char name[COMM_LEN] = "";
		char *end;
		unsigned long tid = strtoul(e->d_name, &end, 10);

		if (*end || end == e->d_name)
			continue;
		procfs__comm((uint32_t)strtoul(pid, NULL, 10), (uint32_t)tid, name);
		found = !strncmp(name, comm, COMM_LEN) && procfs__thread_alive((uint32_t)tid);
	}
	closedir(d);
	return found;
}

bool procfs__named_task_exists(const char *comm)
{
	struct dirent *e;
	bool found = false;
	DIR *d = opendir("/proc");

	if (!d)
		return false;
	while (!found && (e = readdir(d)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			found = process_has_named_thread(e->d_name, comm);
	closedir(d);
	return found;
}

struct proc_link {
	uint32_t pid, ppid;
};

static bool in_set(const uint32_t *set, size_t n, uint32_t v)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == v)
			return true;
	return false;
}

int procfs__descendants(const uint32_t *pids, size_t n, void (*fn)(void *ctx, uint32_t pid),
			void *ctx)
{
	struct proc_link *links = NULL;
	uint32_t *found = NULL;
	size_t nlinks = 0, cap = 0, nfound = 0;
	struct dirent *e;
	bool grew = true;
	DIR *d = opendir("/proc");
	int ret = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		char path[300], state;
		uint32_t ppid;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		if (!parse_stat(path, &state, &ppid) || !state_alive(state))
			continue;
		if (nlinks == cap) {
			struct proc_link *grown = realloc(links, (cap = cap ? cap * 2 : 256) * sizeof(*links));

			if (!grown) {
				ret = -ENOMEM;
				goto out;
			}
			links = grown;
		}
		links[nlinks++] = (struct proc_link){ .pid = (uint32_t)atol(e->d_name), .ppid = ppid };
	}
	found = calloc(nlinks ? nlinks : 1, sizeof(*found));
	if (!found) {
		ret = -ENOMEM;
		goto out;
	}
	/* grow the set of descendants until a pass adds nothing */
	while (grew) {
		grew = false;
		for (size_t i = 0; i < nlinks; i++) {
			const struct proc_link *l = &links[i];

			if (in_set(found, nfound, l->pid) || in_set(pids, n, l->pid))
				continue;
			if (in_set(pids, n, l->ppid) || in_set(found, nfound, l->ppid)) {
				found[nfound++] = l->pid;
				grew = true;
			}
		}
	}
	for (size_t i = 0; i < nfound; i++)
		fn(ctx, found[i]);
	ret = (int)nfound;
out:
	closedir(d);
	free(links);
	free(found);
	return ret;
}
