// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The shared vocabulary (see names.h). */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "common/names.h"
#include "common/util.h"

#define NAMES(var, ...)                                                       \
	static const char *const var##_list[] = { __VA_ARGS__ };              \
	const struct names var = { var##_list, ARRAY_LEN(var##_list) }

/* in enum order */
NAMES(names_proto, [PROTO_UDP4] = "udp4", [PROTO_UDP6] = "udp6", [PROTO_UNIX] = "unix");
NAMES(names_attach, [ATTACH_RAW] = "raw", [ATTACH_TP] = "tp");
NAMES(names_sink, [SINK_DISCARD] = "discard", [SINK_COUNT] = "count", [SINK_NONE] = "none");
NAMES(names_send_mode, [SEND_SENDMMSG] = "sendmmsg", [SEND_SENDMSG] = "sendmsg",
      [SEND_SENDTO] = "sendto");
NAMES(names_select, [SELECT_NONE] = "none", [SELECT_PID] = "pid", [SELECT_TID] = "tid",
      [SELECT_COMM] = "comm", [SELECT_CGROUP] = "cgroup", [SELECT_ALL] = "all");
NAMES(names_syscall, [MMSG_SYS_SENDMMSG] = "sendmmsg", [MMSG_SYS_RECVMMSG] = "recvmmsg",
      [MMSG_SYS_SENDTO] = "sendto", [MMSG_SYS_SENDMSG] = "sendmsg",
      [MMSG_SYS_RECVFROM] = "recvfrom", [MMSG_SYS_RECVMSG] = "recvmsg",
      [MMSG_SYS_WRITE] = "write", [MMSG_SYS_WRITEV] = "writev");
_Static_assert(ARRAY_LEN(names_syscall_list) == MMSG_SYS_COUNT, "a name per traced syscall");

const char *names__str(const struct names *t, unsigned v)
{
	return v < t->n && t->name[v] ? t->name[v] : "?";
}

int names__find(const struct names *t, const char *s)
{
	for (unsigned i = 0; s && i < t->n; i++)
		if (!strcasecmp(s, t->name[i]))
			return (int)i;
	return -1;
}

int names__find_span(const struct names *t, const char *s, size_t len)
{
	for (unsigned i = 0; i < t->n; i++)
		if (strlen(t->name[i]) == len && !memcmp(s, t->name[i], len))
			return (int)i;
	return -1;
}

const char *names__list(const struct names *t, const char *last, char *buf, size_t len)
{
	size_t pos = 0;

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	for (unsigned i = 0; i < t->n && pos < len; i++) {
		const char *sep = i == 0 ? "" : i + 1 == t->n ? last : ", ";
		int n = snprintf(buf + pos, len - pos, "%s%s", sep, t->name[i]);

		if (n < 0)
			break;
		pos += (size_t)n;
	}
	return buf;
}

const char *names__syscall(unsigned sc)
{
	return sc < MMSG_SYS_COUNT ? names_syscall_list[sc] : NULL;
}

unsigned names__send_mode_syscall(enum send_mode m)
{
	switch (m) {
	case SEND_SENDMSG: return MMSG_SYS_SENDMSG;
	case SEND_SENDTO: return MMSG_SYS_SENDTO;
	default: return MMSG_SYS_SENDMMSG;
	}
}

/*
 * MSG_* flags a caller can pass, in bit order (Linux's values, spelled out
 * so a libc without some of the macros does not matter). Kernel-internal
 * bits (MSG_SPLICE_PAGES, MSG_CMSG_COMPAT, ...) are left to the hex tail.
 */
static const struct {
	uint32_t bit;
	const char *name;
} msg_flags[] = {
	{ 0x1, "MSG_OOB" },
	{ 0x2, "MSG_PEEK" },
	{ 0x4, "MSG_DONTROUTE" },
	{ 0x8, "MSG_CTRUNC" },
	{ 0x10, "MSG_PROXY" },
	{ 0x20, "MSG_TRUNC" },
	{ 0x40, "MSG_DONTWAIT" },
	{ 0x80, "MSG_EOR" },
	{ 0x100, "MSG_WAITALL" },
	{ 0x200, "MSG_FIN" },
	{ 0x400, "MSG_SYN" },
	{ 0x800, "MSG_CONFIRM" },
	{ 0x1000, "MSG_RST" },
	{ 0x2000, "MSG_ERRQUEUE" },
	{ 0x4000, "MSG_NOSIGNAL" },
	{ 0x8000, "MSG_MORE" },
	{ 0x10000, "MSG_WAITFORONE" },
	{ 0x40000, "MSG_BATCH" },
	{ 0x2000000, "MSG_SOCK_DEVMEM" },
	{ 0x4000000, "MSG_ZEROCOPY" },
	{ 0x20000000, "MSG_FASTOPEN" },
	{ 0x40000000, "MSG_CMSG_CLOEXEC" },
};

#define MSG_PREFIX_LEN 4	/* "MSG_" */

/* the flags --flags takes, in the order help texts list them */
static const uint32_t flag_options[] = {
	0x40,		/* dontwait */
	0x4000,		/* nosignal */
	0x800,		/* confirm */
	0x4,		/* dontroute */
	0x8000,		/* more */
	0x80,		/* eor */
	0x1,		/* oob */
	0x4000000,	/* zerocopy */
};

/* "MSG_DONTWAIT" for a bit of the table */
static const char *msg_flag_name(uint32_t bit)
{
	for (size_t i = 0; i < ARRAY_LEN(msg_flags); i++)
		if (msg_flags[i].bit == bit)
			return msg_flags[i].name;
	return NULL;
}

/* Append text at *pos only if all of it fits (with the NUL); false otherwise. */
static bool append(char *buf, size_t len, size_t *pos, const char *text)
{
	size_t n = strlen(text);

	if (n >= len - *pos)
		return false;
	memcpy(buf + *pos, text, n + 1);
	*pos += n;
	return true;
}

const char *names__msg_flags(uint32_t flags, char *buf, size_t len)
{
	uint32_t left = flags;
	size_t pos = 0;
	char hex[16];

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	if (!flags) {
		append(buf, len, &pos, "0");
		return buf;
	}
	for (size_t i = 0; i < ARRAY_LEN(msg_flags); i++) {
		if (!(left & msg_flags[i].bit))
			continue;
		left &= ~msg_flags[i].bit;
		if ((pos && !append(buf, len, &pos, "|")) ||
		    !append(buf, len, &pos, msg_flags[i].name)) {
			if (pos && buf[pos - 1] == '|')
				buf[--pos] = '\0';	/* no dangling separator */
			return buf;
		}
	}
	if (left) {
		snprintf(hex, sizeof(hex), "%s0x%x", pos ? "|" : "", left);
		append(buf, len, &pos, hex);
	}
	return buf;
}

uint32_t names__flag_option_find(const char *s, size_t len)
{
	for (size_t i = 0; i < ARRAY_LEN(flag_options); i++) {
		const char *name = msg_flag_name(flag_options[i]) + MSG_PREFIX_LEN;

		if (strlen(name) == len && !strncasecmp(s, name, len))
			return flag_options[i];
	}
	return 0;
}

/* "dontwait" for "MSG_DONTWAIT" */
static const char *option_name(uint32_t bit, char *buf, size_t len)
{
	const char *name = msg_flag_name(bit) + MSG_PREFIX_LEN;
	size_t i;

	for (i = 0; name[i] && i + 1 < len; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	buf[i] = '\0';
	return buf;
}

const char *names__flag_option_list(char *buf, size_t len)
{
	size_t pos = 0;

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	for (size_t i = 0; i < ARRAY_LEN(flag_options) && pos < len; i++) {
		char name[32];
		int n = snprintf(buf + pos, len - pos, "%s%s", i ? ", " : "",
				 option_name(flag_options[i], name, sizeof(name)));

		if (n < 0)
			break;
		pos += (size_t)n;
	}
	return buf;
}

const char *names__flag_options(int flags, char *buf, size_t len)
{
	uint32_t left = (uint32_t)flags;
	size_t pos = 0;

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	if (!left) {
		snprintf(buf, len, "none");
		return buf;
	}
	for (size_t i = 0; i < ARRAY_LEN(flag_options); i++) {
		uint32_t bit = flag_options[i];
		char name[32];
		int n;

		if (!(left & bit))
			continue;
		left &= ~bit;
		n = snprintf(buf + pos, len - pos, "%s%s", pos ? "|" : "",
			     option_name(bit, name, sizeof(name)));
		if (n < 0 || (size_t)n >= len - pos)
			return buf;	/* truncated, still terminated */
		pos += (size_t)n;
	}
	if (left)
		snprintf(buf + pos, len - pos, "%s0x%x", pos ? "|" : "", left);
	return buf;
}

#define E(name) [name] = #name

/* keyed by the macros, so the numbers are right on every architecture */
static const char *const errno_names[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(ENOTBLK), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV),
	E(ENOTDIR), E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY),
	E(ETXTBSY), E(EFBIG), E(ENOSPC), E(ESPIPE), E(EROFS), E(EMLINK),
	E(EPIPE), E(EDOM), E(ERANGE), E(EDEADLK), E(ENAMETOOLONG), E(ENOLCK),
	E(ENOSYS), E(ENOTEMPTY), E(ELOOP), E(ENOMSG), E(EIDRM), E(ECHRNG),
	E(EL2NSYNC), E(EL3HLT), E(EL3RST), E(ELNRNG), E(EUNATCH), E(ENOCSI),
	E(EL2HLT), E(EBADE), E(EBADR), E(EXFULL), E(ENOANO), E(EBADRQC),
	E(EBADSLT), E(EBFONT), E(ENOSTR), E(ENODATA), E(ETIME), E(ENOSR),
	E(ENONET), E(ENOPKG), E(EREMOTE), E(ENOLINK), E(EADV), E(ESRMNT),
	E(ECOMM), E(EPROTO), E(EMULTIHOP), E(EDOTDOT), E(EBADMSG), E(EOVERFLOW),
	E(ENOTUNIQ), E(EBADFD), E(EREMCHG), E(ELIBACC), E(ELIBBAD), E(ELIBSCN),
	E(ELIBMAX), E(ELIBEXEC), E(EILSEQ), E(ERESTART), E(ESTRPIPE), E(EUSERS),
	E(ENOTSOCK), E(EDESTADDRREQ), E(EMSGSIZE), E(EPROTOTYPE), E(ENOPROTOOPT),
	E(EPROTONOSUPPORT), E(ESOCKTNOSUPPORT), E(EOPNOTSUPP), E(EPFNOSUPPORT),
	E(EAFNOSUPPORT), E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN),
	E(ENETUNREACH), E(ENETRESET), E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS),
	E(EISCONN), E(ENOTCONN), E(ESHUTDOWN), E(ETOOMANYREFS), E(ETIMEDOUT),
	E(ECONNREFUSED), E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY),
	E(EINPROGRESS), E(ESTALE), E(EUCLEAN), E(ENOTNAM), E(ENAVAIL), E(EISNAM),
	E(EREMOTEIO), E(EDQUOT), E(ENOMEDIUM), E(EMEDIUMTYPE), E(ECANCELED),
	E(ENOKEY), E(EKEYEXPIRED), E(EKEYREVOKED), E(EKEYREJECTED),
	E(EOWNERDEAD), E(ENOTRECOVERABLE),
#ifdef ERFKILL
	E(ERFKILL),
#endif
#ifdef EHWPOISON
	E(EHWPOISON),
#endif
};

#undef E

/* include/linux/errno.h: never returned to user space, but tracers see them */
#define KERNEL_ERRNO_BASE 512
static const char *const kernel_errno_names[] = {
	[512 - KERNEL_ERRNO_BASE] = "ERESTARTSYS",
	[513 - KERNEL_ERRNO_BASE] = "ERESTARTNOINTR",
	[514 - KERNEL_ERRNO_BASE] = "ERESTARTNOHAND",
	[515 - KERNEL_ERRNO_BASE] = "ENOIOCTLCMD",
	[516 - KERNEL_ERRNO_BASE] = "ERESTART_RESTARTBLOCK",
	[517 - KERNEL_ERRNO_BASE] = "EPROBE_DEFER",
	[518 - KERNEL_ERRNO_BASE] = "EOPENSTALE",
	[519 - KERNEL_ERRNO_BASE] = "ENOPARAM",
	[521 - KERNEL_ERRNO_BASE] = "EBADHANDLE",
	[522 - KERNEL_ERRNO_BASE] = "ENOTSYNC",
	[523 - KERNEL_ERRNO_BASE] = "EBADCOOKIE",
	[524 - KERNEL_ERRNO_BASE] = "ENOTSUPP",
	[525 - KERNEL_ERRNO_BASE] = "ETOOSMALL",
	[526 - KERNEL_ERRNO_BASE] = "ESERVERFAULT",
	[527 - KERNEL_ERRNO_BASE] = "EBADTYPE",
	[528 - KERNEL_ERRNO_BASE] = "EJUKEBOX",
	[529 - KERNEL_ERRNO_BASE] = "EIOCBQUEUED",
	[530 - KERNEL_ERRNO_BASE] = "ERECALLCONFLICT",
	[531 - KERNEL_ERRNO_BASE] = "ENOGRACE",
};

const char *names__errno(int err)
{
	if (err > 0 && (size_t)err < ARRAY_LEN(errno_names))
		return errno_names[err];
	if (err >= KERNEL_ERRNO_BASE &&
	    (size_t)(err - KERNEL_ERRNO_BASE) < ARRAY_LEN(kernel_errno_names))
		return kernel_errno_names[err - KERNEL_ERRNO_BASE];
	return NULL;
}
