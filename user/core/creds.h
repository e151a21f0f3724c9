/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Started through sudo, mmsgtrace acts as the user who typed sudo wherever
 * root is not needed: the driver's sockets are opened, and its threads send,
 * as that user, and the -o file is created as that user. Credentials are
 * changed per thread (raw syscalls: glibc's wrappers would change every
 * thread, including the one that reads the BPF maps).
 */
#ifndef MMSGTRACE_CREDS_H
#define MMSGTRACE_CREDS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct creds {
	uint32_t uid, gid;
};

/* The invoking user of a sudo run, from the values of SUDO_UID and SUDO_GID
 * (getenv's results): true, with *user set, when both are whole numbers and
 * the user is not root. */
bool creds__parse_sudo(const char *uid_s, const char *gid_s, struct creds *user);

/* Running as root through sudo: the invoking user (SUDO_UID/SUDO_GID). */
bool creds__sudo_user(struct creds *user);

/* What creds__become changed, for creds__restore. */
struct creds_saved {
	int ngroups;
	gid_t groups[64];
};

/* This thread's effective ids become the user's, with no supplementary
 * groups, until creds__restore. 0 or -errno. */
int creds__become(const struct creds *user, struct creds_saved *saved);
/* Root again (the saved set-user-id is still 0). 0 or -errno. */
int creds__restore(const struct creds_saved *saved);

/* This thread becomes the user for good. 0 or -errno. */
int creds__drop(const struct creds *user);

#endif /* MMSGTRACE_CREDS_H */
