/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The vocabulary: the enums every layer shares and their names both ways
 * (protocols, attach modes, sinks, send modes, selections, the traced
 * syscalls), MSG_* flag names and errno names. The command line parses
 * these names, the reports print them, and help texts list them: one table
 * each, here.
 *
 * Pure: no I/O; writes only to the buffers given.
 */
#ifndef MMSGTRACE_COMMON_NAMES_H
#define MMSGTRACE_COMMON_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "common/contract.h"	/* enum mmsg_syscall */

/* the socket the driver sends on */
enum proto { PROTO_UDP4, PROTO_UDP6, PROTO_UNIX };
/* how the tracer attaches: tp_btf sys_enter/sys_exit, or per-syscall tracepoints */
enum attach_mode { ATTACH_RAW, ATTACH_TP };
/* the built-in receiver the driver sends to */
enum sink_kind { SINK_DISCARD, SINK_COUNT, SINK_NONE };
/* the syscall the driver sends with (--mode) */
enum send_mode { SEND_SENDMMSG, SEND_SENDMSG, SEND_SENDTO };
/* what observe mode watches */
enum select_kind { SELECT_NONE, SELECT_PID, SELECT_TID, SELECT_COMM, SELECT_CGROUP, SELECT_ALL };

/* The names of an enum's values 0 .. n-1. */
struct names {
	const char *const *name;
	unsigned n;
};

extern const struct names names_proto;		/* udp4, udp6, unix */
extern const struct names names_attach;		/* raw, tp */
extern const struct names names_sink;		/* discard, count, none */
extern const struct names names_send_mode;	/* sendmmsg, sendmsg, sendto */
extern const struct names names_select;		/* none, pid, tid, comm, cgroup, all */
extern const struct names names_syscall;	/* sendmmsg, recvmmsg, ... writev: enum mmsg_syscall */

/* The name of value v, or "?" when v is out of range. */
const char *names__str(const struct names *t, unsigned v);
/* The value named s (case-insensitive), or -1 (also for NULL). */
int names__find(const struct names *t, const char *s);
/* The value named exactly s[0 .. len) (case-sensitive), or -1. */
int names__find_span(const struct names *t, const char *s, size_t len);
/*
 * All names joined for a message or a help text: "udp4, udp6 or unix" with
 * last = " or ", "udp4, udp6, unix" with last = ", ". Always terminated;
 * truncated only when buf is too small. Returns buf.
 */
const char *names__list(const struct names *t, const char *last, char *buf, size_t len);

static inline const char *names__proto(enum proto p) { return names__str(&names_proto, p); }
static inline const char *names__attach(enum attach_mode m) { return names__str(&names_attach, m); }
static inline const char *names__sink(enum sink_kind s) { return names__str(&names_sink, s); }
static inline const char *names__send_mode(enum send_mode m) { return names__str(&names_send_mode, m); }
static inline const char *names__select(enum select_kind s) { return names__str(&names_select, s); }

/* "sendmmsg", "recvmmsg", ... "writev"; NULL for an index >= MMSG_SYS_COUNT */
const char *names__syscall(unsigned sc);
/* The syscall a send mode makes: enum mmsg_syscall. */
unsigned names__send_mode_syscall(enum send_mode m);

#define NAMES_FLAGS_LEN 320	/* every MSG_* name joined with '|', plus unknown bits */

/*
 * MSG_* flags by name joined with '|' ("MSG_DONTWAIT|MSG_NOSIGNAL"), in bit
 * order; 0 gives "0"; bits with no name are appended as one hex value
 * ("MSG_DONTWAIT|0x80000000"). Always NUL-terminated; with
 * len >= NAMES_FLAGS_LEN never truncated, with less only whole names are
 * written. Returns buf ("" when buf is NULL or len is 0).
 */
const char *names__msg_flags(uint32_t flags, char *buf, size_t len);

/*
 * The flags --flags accepts, named in lowercase without "MSG_" (dontwait,
 * nosignal, confirm, dontroute, more, eor, oob, zerocopy: the order of help
 * texts and of names__flag_options).
 */
/* The bit named exactly s[0 .. len) (case-insensitive), or 0. */
uint32_t names__flag_option_find(const char *s, size_t len);
/* "dontwait, nosignal, ..., zerocopy" for messages and help. Returns buf. */
const char *names__flag_option_list(char *buf, size_t len);
/* flags as option names: "dontwait|nosignal"; 0 is "none", bits that are no
 * option's are appended as "0x..."; truncated (always terminated) when len
 * is too small. Returns buf ("" when buf is NULL or len is 0). */
const char *names__flag_options(int flags, char *buf, size_t len);

/* Name of an errno value ("EAGAIN"), or NULL when unknown. Kernel-internal
 * values seen by tracers (ERESTARTSYS = 512, ...) have names too. */
const char *names__errno(int err);

#endif /* MMSGTRACE_COMMON_NAMES_H */
