// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sockets.h"

static int put(struct socket_set *s, const struct socket_id *id);

void socket_set__init(struct socket_set *s)
{
	memset(s, 0, sizeof(*s));
}

int socket_set__add(struct socket_set *s, const struct socket_id *id)
{
	return put(s, id) < 0 ? -ENOMEM : 0;
}

void socket_set__free(struct socket_set *s)
{
	free(s->ids);
	socket_set__init(s);
}

static struct socket_id *find(const struct socket_set *s, uint64_t ino)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->ids[i].ino == ino)
			return &s->ids[i];
	return NULL;
}

/* add id, or complete the entry of its inode (a port bound since) */
static int put(struct socket_set *s, const struct socket_id *id)
{
	struct socket_id *have = find(s, id->ino);

	if (have) {
		if (id->port) {
			have->family = id->family;
			have->port = id->port;
		}
		return 0;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct socket_id *grown = realloc(s->ids, cap * sizeof(*grown));

		if (!grown)
			return -ENOMEM;
		s->ids = grown;
		s->cap = cap;
	}
	s->ids[s->n++] = *id;
	return 1;
}

static uint32_t netns_inode(const char *pid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%s/ns/net", pid);
	return stat(path, &st) ? 0 : (uint32_t)st.st_ino;
}

int socket_set__add_fd(struct socket_set *s, int fd)
{
	struct sockaddr_storage addr;
	socklen_t len = sizeof(addr);
	struct socket_id id = { 0 };
	struct stat st;

	if (fstat(fd, &st))
		return -errno;
	if (!S_ISSOCK(st.st_mode))
		return -ENOTSOCK;
	id.ino = st.st_ino;
	id.netns = netns_inode("self");
	if (getsockname(fd, (struct sockaddr *)&addr, &len) == 0) {
		id.family = addr.ss_family;
		if (addr.ss_family == AF_INET)
			id.port = ntohs(((struct sockaddr_in *)&addr)->sin_port);
		else if (addr.ss_family == AF_INET6)
			id.port = ntohs(((struct sockaddr_in6 *)&addr)->sin6_port);
	}
	return put(s, &id) < 0 ? -ENOMEM : 0;
}

/* the local port of each UDP socket in a /proc/PID/net/udp{,6} table whose
 * inode is in the set */
static void read_ports(struct socket_set *s, const char *pid, const char *table, uint16_t family)
{
	char path[64], line[512];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%s/net/%s", pid, table);
	f = fopen(path, "re");
	if (!f)
		return;
	/* sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode */
	while (fgets(line, sizeof(line), f)) {
		unsigned port;
		uint64_t ino;
		struct socket_id *id;

		if (sscanf(line, " %*s %*[0-9A-Fa-f]:%x %*s %*s %*s %*s %*s %*s %*s %" SCNu64, &port,
			   &ino) != 2)
			continue;	/* the header line */
		id = find(s, ino);
		if (id) {
			id->family = family;
			id->port = (uint16_t)port;
		}
	}
	fclose(f);
}

int socket_set__scan_pid(struct socket_set *s, int pid)
{
	char dir[64], pidstr[16];
	struct dirent *e;
	uint32_t netns;
	int added = 0;
	DIR *d;

	snprintf(pidstr, sizeof(pidstr), "%d", pid);
	snprintf(dir, sizeof(dir), "/proc/%d/fd", pid);
	d = opendir(dir);
	if (!d)
		return -errno;
	netns = netns_inode(pidstr);
	while ((e = readdir(d))) {
		char target[64];
		struct socket_id id = { .netns = netns };
		ssize_t n;

		if (e->d_name[0] == '.')
			continue;
		n = readlinkat(dirfd(d), e->d_name, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if (sscanf(target, "socket:[%" SCNu64 "]", &id.ino) != 1)
			continue;
		if (find(s, id.ino))
			continue;
		if (put(s, &id) < 0) {
			closedir(d);
			return -ENOMEM;
		}
		added++;
	}
	closedir(d);
	read_ports(s, pidstr, "udp", AF_INET);
	read_ports(s, pidstr, "udp6", AF_INET6);
	read_ports(s, pidstr, "udplite", AF_INET);
	read_ports(s, pidstr, "udplite6", AF_INET6);
	return added;
}

bool socket_set__has_ino(const struct socket_set *s, uint64_t ino)
{
	return ino && find(s, ino);
}

bool socket_set__has_port(const struct socket_set *s, uint32_t netns, uint16_t family,
			  uint16_t port)
{
	for (size_t i = 0; i < s->n; i++)
		if (s->ids[i].port == port && s->ids[i].family == family &&
		    s->ids[i].netns == netns)
			return true;
	return false;
}
