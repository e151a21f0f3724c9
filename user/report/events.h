/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Per-call events: syscall names, MSG_* flag names, terminal-safe text and
 * the per-call output lines (human-readable text and JSON).
 *
 * Pure: writes only to the buffers and FILEs given. Everything that comes
 * from the traced process (comm) is escaped before it is printed.
 */
#ifndef MMSGTRACE_EVENTS_H
#define MMSGTRACE_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/types.h>	/* __u32 ... for mmsgtrace.h */

#include "mmsgtrace.h"

#define EVENTS_FLAGS_LEN 320	/* enough for every MSG_* name joined with '|' plus unknown bits */
#define EVENTS_ESC_LEN (4 * MMSG_COMM_LEN + 1)	/* escaped comm, worst case */

/* "sendmmsg", "recvmmsg", "sendto", "sendmsg"; NULL for an index >= MMSG_SYS_COUNT */
const char *events__syscall_name(unsigned sc);

/* index of a syscall name (exact, lowercase), or -1 (also for NULL) */
int events__syscall_from_name(const char *name);

/*
 * Comma list of syscall names ("sendmmsg,sendto") into a bit mask (1u << index).
 * Returns 0, or -1 with a one-line, lowercase error in err naming the bad
 * entry and listing the valid names, e.g.
 *   "unknown syscall 'sendfile' in --syscalls: use sendmmsg, recvmmsg, sendto, sendmsg".
 * An empty list, an empty entry and a name given twice are errors too.
 * *mask is written only on success.
 */
int events__parse_syscalls(const char *list, unsigned *mask, char *err, size_t errlen);

/*
 * Messages a call carried: sendmmsg/recvmmsg: ret when ret > 0 else 0;
 * sendto/sendmsg: 1 when ret >= 0 else 0; an unknown syscall index: 0.
 */
uint32_t events__msgs(const struct mmsg_call_record *r);

/*
 * MSG_* flags by name joined with '|' ("MSG_DONTWAIT|MSG_NOSIGNAL"), in bit
 * order; 0 gives "0"; bits with no name are appended as one hex value
 * ("MSG_DONTWAIT|0x80000000"). Always NUL-terminated; with
 * len >= EVENTS_FLAGS_LEN never truncated, with less only whole names are
 * written. Returns buf ("" when buf is NULL or len is 0).
 */
const char *events__msg_flags_str(uint32_t flags, char *buf, size_t len);

/*
 * Terminal-safe copy of at most maxlen bytes of s (stops at NUL).
 * Printable ASCII 0x20..0x7e is copied, except backslash which becomes
 * two backslashes; a well-formed UTF-8 sequence for a code point >= U+00A0
 * that is not a surrogate, not U+2028/U+2029, not > U+10FFFF and not
 * overlong is copied as is; every other byte (controls incl. ESC, DEL, C1
 * controls U+0080..U+009F, stray continuation bytes, truncated/overlong
 * sequences) becomes \xNN (4 chars: backslash, 'x', two lowercase hex
 * digits), so the output reads back to exactly the input bytes.
 * Output always NUL-terminated; buflen >= 4*maxlen+1 guarantees no
 * truncation; with a smaller buffer it truncates at a character boundary
 * (never half an escape or half a UTF-8 sequence).
 * Returns buf ("" when buf is NULL or buflen is 0).
 */
const char *events__escape_text(const char *s, size_t maxlen, char *buf, size_t buflen);

/*
 * One human-readable line (with '\n') for a call record; t = seconds since
 * the start of the run. Returns the fprintf-style result (negative on write
 * error).
 */
int events__print_text(FILE *f, double t, const struct mmsg_call_record *r);

/* The header line matching print_text's columns (with '\n'). */
int events__print_text_header(FILE *f);

/*
 * One JSON object line (with '\n'):
 * {"type":"event","t":..,"pid":..,"tid":..,"comm":..,"syscall":..,"fd":..,
 *  "vlen":..,"flags":..,"flags_raw":..,"ret":..,"errno":..,"msgs":..,
 *  "bytes":..,"latency_ns":..,"cpu":..}
 * Numbers do not depend on the locale. Returns >= 0, or negative on a write
 * error (the stream's error flag).
 */
int events__print_json(FILE *f, double t, const struct mmsg_call_record *r);

#endif /* MMSGTRACE_EVENTS_H */
