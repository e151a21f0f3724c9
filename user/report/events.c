// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Per-call events: names, flags, escaping and output lines (see events.h). */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "report/events.h"
#include "report/json.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char *const syscall_names[MMSG_SYS_COUNT] = {
	[MMSG_SYS_SENDMMSG] = "sendmmsg",
	[MMSG_SYS_RECVMMSG] = "recvmmsg",
	[MMSG_SYS_SENDTO] = "sendto",
	[MMSG_SYS_SENDMSG] = "sendmsg",
};

#define SYSCALL_LIST "sendmmsg, recvmmsg, sendto, sendmsg"

/*
 * MSG_* flags a caller can pass, in bit order (x86_64 Linux values, spelled
 * out so a libc without some of the macros does not matter). Kernel-internal
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

const char *events__syscall_name(unsigned sc)
{
	return sc < MMSG_SYS_COUNT ? syscall_names[sc] : NULL;
}

int events__syscall_from_name(const char *name)
{
	if (!name)
		return -1;
	for (unsigned i = 0; i < MMSG_SYS_COUNT; i++)
		if (!strcmp(name, syscall_names[i]))
			return (int)i;
	return -1;
}

/* index of the syscall named by exactly s[0..len), or -1 */
static int syscall_from_span(const char *s, size_t len)
{
	for (unsigned i = 0; i < MMSG_SYS_COUNT; i++)
		if (strlen(syscall_names[i]) == len && !memcmp(s, syscall_names[i], len))
			return (int)i;
	return -1;
}

/* longest piece of user text quoted in an error message */
#define ERR_QUOTE_MAX 32

/* A list entry for an error message: escaped, at most ERR_QUOTE_MAX bytes + "...". */
struct err_quote {
	char s[4 * ERR_QUOTE_MAX + 4];
};

static const char *err_quote(const char *s, size_t len, struct err_quote *q)
{
	size_t n = len < ERR_QUOTE_MAX ? len : ERR_QUOTE_MAX;

	events__escape_text(s, n, q->s, sizeof(q->s));
	if (n < len)
		strcat(q->s, "...");
	return q->s;
}

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int events__parse_syscalls(const char *list, unsigned *mask, char *err, size_t errlen)
{
	struct err_quote q;
	unsigned m = 0;
	const char *p = list;

	if (!list || !*list) {
		seterr(err, errlen, "empty --syscalls: use " SYSCALL_LIST);
		return -1;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		int sc;

		if (!len) {
			seterr(err, errlen, "empty entry in --syscalls '%s': use " SYSCALL_LIST,
			       err_quote(list, strlen(list), &q));
			return -1;
		}
		sc = syscall_from_span(p, len);
		if (sc < 0) {
			seterr(err, errlen, "unknown syscall '%s' in --syscalls: use " SYSCALL_LIST,
			       err_quote(p, len, &q));
			return -1;
		}
		if (m & (1u << sc)) {
			seterr(err, errlen, "duplicate syscall '%s' in --syscalls: list each of "
			       SYSCALL_LIST " at most once", syscall_names[sc]);
			return -1;
		}
		m |= 1u << sc;
		if (!p[len])
			break;
		p += len + 1;	/* a trailing comma leaves an empty entry: reported above */
	}
	if (mask)
		*mask = m;
	return 0;
}

static bool is_mmsg(uint32_t sc)
{
	return sc == MMSG_SYS_SENDMMSG || sc == MMSG_SYS_RECVMMSG;
}

uint32_t events__msgs(const struct mmsg_call_record *r)
{
	if (is_mmsg(r->syscall))
		return r->ret > 0 ? (uint32_t)r->ret : 0;
	if (r->syscall == MMSG_SYS_SENDTO || r->syscall == MMSG_SYS_SENDMSG)
		return r->ret >= 0 ? 1 : 0;
	return 0;
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

const char *events__msg_flags_str(uint32_t flags, char *buf, size_t len)
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

/*
 * Length (2..4) of the UTF-8 sequence at s[0..avail) when it is well formed
 * and its code point is one a terminal shows as text, else 0. Reads no byte
 * past the first one that is not a continuation byte (so never past a NUL).
 */
static size_t utf8_printable_len(const unsigned char *s, size_t avail)
{
	static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned char c = s[0];
	uint32_t cp;
	size_t len;

	if (c >= 0xc0 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf7) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (avail < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min_cp[len] ||				/* overlong */
	    cp < 0xa0 ||				/* C1 controls */
	    (cp >= 0xd800 && cp <= 0xdfff) ||		/* surrogates */
	    cp == 0x2028 || cp == 0x2029 ||		/* line/paragraph separators */
	    cp > 0x10ffff)
		return 0;
	return len;
}

const char *events__escape_text(const char *s, size_t maxlen, char *buf, size_t buflen)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, pos = 0;

	if (!buf || !buflen)
		return "";
	buf[0] = '\0';
	while (s && i < maxlen && p[i]) {
		unsigned char c = p[i];
		char esc[5];
		const char *out;
		size_t in_len, out_len;

		if (c >= 0x20 && c <= 0x7e && c != '\\') {
			out = (const char *)p + i;
			in_len = out_len = 1;
		} else if (c == '\\') {
			out = "\\\\";
			in_len = 1;
			out_len = 2;
		} else if (c >= 0x80 && (in_len = utf8_printable_len(p + i, maxlen - i))) {
			out = (const char *)p + i;
			out_len = in_len;
		} else {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			out = esc;
			in_len = 1;
			out_len = 4;
		}
		if (out_len >= buflen - pos)
			break;	/* truncate before this character, not inside it */
		memcpy(buf + pos, out, out_len);
		pos += out_len;
		i += in_len;
	}
	buf[pos] = '\0';
	return buf;
}

/* t (seconds) rounded to whole microseconds; negative and NaN give 0 */
static unsigned long long seconds_to_us(double t)
{
	if (!(t > 0))
		return 0;
	if (t >= 1e12)		/* ~31700 years: far beyond any run, keeps the cast defined */
		return 1000000000000000000ULL;
	return (unsigned long long)(t * 1e6 + 0.5);
}

/* "EAGAIN" for ret = -EAGAIN, "E<number>" when the value has no name */
static const char *errno_str(int32_t ret, char *buf, size_t len)
{
	long long err = -(long long)ret;	/* no overflow for INT32_MIN */
	const char *name = err <= INT_MAX ? output__errno_name((int)err) : NULL;

	if (name)
		return name;
	snprintf(buf, len, "E%lld", err);
	return buf;
}

/*
 * Column layout shared by the header and the lines: time, pid/tid, comm,
 * syscall, fd, vlen, flags, result, latency. Long values push the rest right.
 */
#define TEXT_FMT "%12s  %-15s  %-16s  %-8s  %-7s  %-10s  %-12s  %-22s  %s\n"

int events__print_text_header(FILE *f)
{
	return fprintf(f, TEXT_FMT, "TIME(s)", "PID/TID", "COMM", "SYSCALL", "FD", "VLEN",
		       "FLAGS", "RESULT", "LATENCY");
}

int events__print_text(FILE *f, double t, const struct mmsg_call_record *r)
{
	unsigned long long us = seconds_to_us(t);
	const char *name = events__syscall_name(r->syscall);
	char time[32], ids[32], comm[EVENTS_ESC_LEN], scname[24], fd[24], vlen[24];
	char flags[EVENTS_FLAGS_LEN], result[64], errbuf[24], latency[40];

	snprintf(time, sizeof(time), "%llu.%06llu", us / 1000000, us % 1000000);
	snprintf(ids, sizeof(ids), "%u/%u", r->pid, r->tid);
	events__escape_text(r->comm, MMSG_COMM_LEN, comm, sizeof(comm));
	if (name)
		snprintf(scname, sizeof(scname), "%s", name);
	else
		snprintf(scname, sizeof(scname), "sys#%u", r->syscall);
	snprintf(fd, sizeof(fd), "fd %d", r->fd);
	/* single sends always carry one message: no vlen column for them */
	if (is_mmsg(r->syscall))
		snprintf(vlen, sizeof(vlen), "vlen %u", r->vlen);
	else
		vlen[0] = '\0';
	events__msg_flags_str(r->flags, flags, sizeof(flags));

	if (r->ret < 0)
		snprintf(result, sizeof(result), "= -1 %s",
			 errno_str(r->ret, errbuf, sizeof(errbuf)));
	else if (is_mmsg(r->syscall))
		snprintf(result, sizeof(result), "= %d msgs  %llu B", r->ret,
			 (unsigned long long)r->bytes);
	else if (name)
		snprintf(result, sizeof(result), "= %d B", r->ret);	/* ret is bytes */
	else
		snprintf(result, sizeof(result), "= %d", r->ret);

	snprintf(latency, sizeof(latency), "%llu.%03llu us",
		 (unsigned long long)r->latency_ns / 1000,
		 (unsigned long long)r->latency_ns % 1000);

	return fprintf(f, TEXT_FMT, time, ids, comm, scname, fd, vlen, flags, result, latency);
}

int events__print_json(FILE *f, double t, const struct mmsg_call_record *r)
{
	unsigned long long us = seconds_to_us(t);
	const char *name = events__syscall_name(r->syscall);
	char flags[EVENTS_FLAGS_LEN], errbuf[24];
	int n1, n2;

	n1 = fprintf(f, "{\"type\":\"event\",\"t\":%llu.%06llu,\"pid\":%u,\"tid\":%u,\"comm\":",
		     us / 1000000, us % 1000000, r->pid, r->tid);
	output__json_string(f, r->comm, strnlen(r->comm, MMSG_COMM_LEN));
	/* syscall, flags and errno names are plain ASCII: no escaping needed */
	if (name)
		n2 = fprintf(f, ",\"syscall\":\"%s\"", name);
	else
		n2 = fprintf(f, ",\"syscall\":null");
	if (n1 < 0 || n2 < 0)
		return -1;
	n1 = fprintf(f, ",\"fd\":%d,\"vlen\":%u,\"flags\":\"%s\",\"flags_raw\":%u,\"ret\":%d,\"errno\":",
		     r->fd, r->vlen, events__msg_flags_str(r->flags, flags, sizeof(flags)),
		     r->flags, r->ret);
	if (r->ret < 0)
		n2 = fprintf(f, "\"%s\"", errno_str(r->ret, errbuf, sizeof(errbuf)));
	else
		n2 = fprintf(f, "null");
	if (n1 < 0 || n2 < 0)
		return -1;
	n1 = fprintf(f, ",\"msgs\":%u,\"bytes\":%llu,\"latency_ns\":%llu,\"cpu\":%u}\n",
		     events__msgs(r), r->ret < 0 ? 0ULL : (unsigned long long)r->bytes,
		     (unsigned long long)r->latency_ns, r->cpu);
	if (n1 < 0 || ferror(f))
		return -1;
	return 0;
}
