// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Acting as the user who typed sudo (see creds.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/creds.h"
#include "common/parse.h"

bool creds__parse_sudo(const char *uid_s, const char *gid_s, struct creds *user)
{
	uint64_t u, g;

	if (parse__u64(uid_s, &u) || parse__u64(gid_s, &g) || u == 0 || u >= UINT32_MAX ||
	    g >= UINT32_MAX)
		return false;
	user->uid = (uint32_t)u;
	user->gid = (uint32_t)g;
	return true;
}

bool creds__sudo_user(struct creds *user)
{
	return geteuid() == 0 && creds__parse_sudo(getenv("SUDO_UID"), getenv("SUDO_GID"), user);
}

int creds__become(const struct creds *user, struct creds_saved *saved)
{
	saved->ngroups = getgroups(sizeof(saved->groups) / sizeof(saved->groups[0]),
				   saved->groups);
	if (saved->ngroups < 0)
		return -errno;
	/* groups and gid first: they need the root euid this gives up */
	if (syscall(SYS_setgroups, 0, NULL) || syscall(SYS_setresgid, -1, user->gid, -1) ||
	    syscall(SYS_setresuid, -1, user->uid, -1)) {
		int err = -errno;

		creds__restore(saved);
		return err;
	}
	return 0;
}

int creds__restore(const struct creds_saved *saved)
{
	/* the saved set-user-id is still 0: root comes back */
	if (syscall(SYS_setresuid, -1, 0, -1) || syscall(SYS_setresgid, -1, 0, -1) ||
	    syscall(SYS_setgroups, saved->ngroups, saved->groups))
		return -errno;
	return 0;
}

int creds__drop(const struct creds *user)
{
	if (syscall(SYS_setgroups, 0, NULL) ||
	    syscall(SYS_setresgid, user->gid, user->gid, user->gid) ||
	    syscall(SYS_setresuid, user->uid, user->uid, user->uid))
		return -errno;
	return 0;
}
