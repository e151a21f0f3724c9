// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libFuzzer target: the per-call event lines (events.c).
 *
 * Input: a mode byte, a struct mmsg_call_record as raw bytes (any values: a
 * syscall index out of range, negative fds, INT32_MIN, a hostile comm with
 * no NUL), the time as a double (NaN, negative, huge), then a --syscalls
 * list.
 *
 * events__print_text: exactly one terminal-safe line, with the comm escaped.
 * events__print_json: one line json-c parses strictly, type "event", whose
 * keys say what the record says. names__msg_flags: names in bit order
 * that add up to the flags, and for every buffer size 0..NAMES_FLAGS_LEN
 * no write past it (canary), always terminated, whole names only.
 * values__syscalls (--syscalls): agrees with a model of the list syntax.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/values.h"
#include "common/names.h"
#include "common/record.h"
#include "common/text.h"
#include "report/events.h"
#include "common.h"

#define CANARY 0xa5
#define CANARY_LEN 16

static const char *const sc_names[MMSG_SYS_COUNT] = { "sendmmsg", "recvmmsg", "sendto", "sendmsg",
						       "recvfrom", "recvmsg", "write", "writev" };

/* the MSG_* names events.h prints, with the Linux UAPI values */
static const struct {
	const char *name;
	uint32_t bit;
} names[] = {
	{ "MSG_OOB", 0x1 }, { "MSG_PEEK", 0x2 }, { "MSG_DONTROUTE", 0x4 },
	{ "MSG_CTRUNC", 0x8 }, { "MSG_PROXY", 0x10 }, { "MSG_TRUNC", 0x20 },
	{ "MSG_DONTWAIT", 0x40 }, { "MSG_EOR", 0x80 }, { "MSG_WAITALL", 0x100 },
	{ "MSG_FIN", 0x200 }, { "MSG_SYN", 0x400 }, { "MSG_CONFIRM", 0x800 },
	{ "MSG_RST", 0x1000 }, { "MSG_ERRQUEUE", 0x2000 }, { "MSG_NOSIGNAL", 0x4000 },
	{ "MSG_MORE", 0x8000 }, { "MSG_WAITFORONE", 0x10000 }, { "MSG_BATCH", 0x40000 },
	{ "MSG_SOCK_DEVMEM", 0x2000000 }, { "MSG_ZEROCOPY", 0x4000000 },
	{ "MSG_FASTOPEN", 0x20000000 }, { "MSG_CMSG_CLOEXEC", 0x40000000 },
};

#define NNAMES (sizeof(names) / sizeof(names[0]))

/* "MSG_A|MSG_B|0x..." names the bits of flags, in bit order, each once */
static void check_flags_text(uint32_t flags, const char *s)
{
	uint32_t named = 0, known = 0, seen = 0, last_bit = 0;
	size_t len = strlen(s);

	for (size_t i = 0; i < NNAMES; i++)
		known |= names[i].bit;
	if (!flags) {
		FUZZ_CHECK_TEXT(!strcmp(s, "0"), s, len);
		return;
	}
	for (const char *p = s;;) {
		size_t n = strcspn(p, "|");
		bool found = false;

		FUZZ_CHECK_TEXT(n > 0, s, len);
		if (p[0] == '0' && p[1] == 'x') {
			char *end;
			unsigned long v = strtoul(p + 2, &end, 16);

			/* the unnamed bits, once, last, in lowercase hex */
			FUZZ_CHECK_TEXT(end == p + n && !p[n], s, len);
			FUZZ_CHECK_TEXT(strspn(p + 2, "0123456789abcdef") == n - 2, s, len);
			FUZZ_CHECK_TEXT(v == (flags & ~known), s, len);
			seen |= (uint32_t)v;
			break;
		}
		for (size_t i = 0; i < NNAMES && !found; i++) {
			if (strlen(names[i].name) != n || memcmp(p, names[i].name, n))
				continue;
			FUZZ_CHECK_TEXT(names[i].bit > last_bit, s, len);	/* bit order, once */
			FUZZ_CHECK_TEXT(flags & names[i].bit, s, len);
			last_bit = names[i].bit;
			named |= names[i].bit;
			found = true;
		}
		FUZZ_CHECK_TEXT(found, s, len);
		p += n;
		if (!*p)
			break;
		p++;
	}
	FUZZ_CHECK_TEXT(named == (flags & known), s, len);
	FUZZ_CHECK_TEXT((named | seen) == flags, s, len);
}

/* Every buffer size: no write past it (the canary after it stays), always
 * terminated, the longest prefix of whole names that fits. */
static void check_flags_sizes(uint32_t flags, const char *full)
{
	static unsigned char buf[NAMES_FLAGS_LEN + CANARY_LEN];
	size_t full_len = strlen(full);

	for (size_t len = 0; len <= NAMES_FLAGS_LEN; len++) {
		const char *ret;
		size_t got;

		memset(buf, CANARY, len + CANARY_LEN);
		ret = names__msg_flags(flags, (char *)buf, len);
		for (size_t i = len; i < len + CANARY_LEN; i++)
			FUZZ_CHECK(buf[i] == CANARY);
		if (!len) {
			FUZZ_CHECK(ret[0] == '\0' && ret != (char *)buf);
			continue;
		}
		FUZZ_CHECK(ret == (char *)buf);
		got = strnlen(ret, len);
		FUZZ_CHECK(got < len);
		FUZZ_CHECK_TEXT(!memcmp(ret, full, got), ret, got);
		/* ends where a name ends, without a dangling '|' */
		FUZZ_CHECK_TEXT(!got || full[got] == '\0' || full[got] == '|', ret, got);
		FUZZ_CHECK_TEXT(!got || ret[got - 1] != '|', ret, got);
		if (got < full_len) {
			/* the next "|NAME" (or the first name) would not have fit */
			size_t next = strcspn(full + got + (got ? 1 : 0), "|") + (got ? 1 : 0);

			FUZZ_CHECK_TEXT(got + next >= len, ret, got);
		}
		if (len >= NAMES_FLAGS_LEN)
			FUZZ_CHECK_TEXT(got == full_len, ret, got);
	}
}

static uint32_t model_msgs(const struct mmsg_call_record *r)
{
	switch (r->syscall) {
	case MMSG_SYS_SENDMMSG:
	case MMSG_SYS_RECVMMSG:
		return r->ret > 0 ? (uint32_t)r->ret : 0;
	case MMSG_SYS_SENDTO:
	case MMSG_SYS_SENDMSG:
	case MMSG_SYS_RECVFROM:
	case MMSG_SYS_RECVMSG:
	case MMSG_SYS_WRITE:
	case MMSG_SYS_WRITEV:
		return r->ret >= 0;
	default:
		return 0;
	}
}

static void check_text(double t, const struct mmsg_call_record *r, const char *flags)
{
	char comm[TEXT_ESC_LEN(MMSG_COMM_LEN)], ids[32];
	struct fuzz_capture c;
	int n;

	fuzz_capture_begin(&c);
	n = events__print_text(c.f, t, r);
	fuzz_capture_end(&c);
	FUZZ_CHECK(n >= 0 && (size_t)n == c.len);
	fuzz_check_line(c.buf, c.len, false);
	text__escape(r->comm, MMSG_COMM_LEN, comm, sizeof(comm));
	snprintf(ids, sizeof(ids), " %u/%u ", r->pid, r->tid);
	FUZZ_CHECK_TEXT(strstr(c.buf, comm) && strstr(c.buf, ids) && strstr(c.buf, flags),
			c.buf, c.len);
	fuzz_capture_free(&c);
}

static void check_json(double t, const struct mmsg_call_record *r, const char *flags)
{
	struct fuzz_capture c;
	struct json_object *obj, *v;
	double tj;

	fuzz_capture_begin(&c);
	FUZZ_CHECK(events__print_json(c.f, t, r) >= 0);
	fuzz_capture_end(&c);
	obj = fuzz_check_json_line(c.buf, c.len, "event");

	tj = json_object_get_double(fuzz_json_get(obj, "t", json_type_double));
	if (t > 0 && t < 1e12)	/* microseconds */
		FUZZ_CHECK_TEXT(fabs(tj - t) <= 0.5e-6 + t * 1e-15, c.buf, c.len);
	else if (!(t > 0))
		FUZZ_CHECK_TEXT(tj == 0, c.buf, c.len);
	FUZZ_CHECK(json_object_get_int64(fuzz_json_get(obj, "pid", json_type_int)) == r->pid);
	FUZZ_CHECK(json_object_get_int64(fuzz_json_get(obj, "tid", json_type_int)) == r->tid);
	fuzz_check_json_string(fuzz_json_get(obj, "comm", json_type_string), r->comm,
			       strnlen(r->comm, MMSG_COMM_LEN));
	v = fuzz_json_get(obj, "syscall", json_type_null);
	if (r->syscall < MMSG_SYS_COUNT)
		FUZZ_CHECK(json_object_is_type(v, json_type_string) &&
			   !strcmp(json_object_get_string(v), sc_names[r->syscall]));
	else
		FUZZ_CHECK(v == NULL);
	FUZZ_CHECK(json_object_get_int64(fuzz_json_get(obj, "fd", json_type_int)) == r->fd);
	FUZZ_CHECK(json_object_get_int64(fuzz_json_get(obj, "vlen", json_type_int)) == r->vlen);
	FUZZ_CHECK(!strcmp(json_object_get_string(fuzz_json_get(obj, "flags", json_type_string)),
			   flags));
	FUZZ_CHECK(json_object_get_int64(fuzz_json_get(obj, "flags_raw", json_type_int)) ==
		   r->flags);
	FUZZ_CHECK(json_object_get_int64(fuzz_json_get(obj, "ret", json_type_int)) == r->ret);
	v = fuzz_json_get(obj, "errno", json_type_null);
	if (r->ret < 0)
		FUZZ_CHECK(json_object_is_type(v, json_type_string) &&
			   json_object_get_string(v)[0] == 'E');
	else
		FUZZ_CHECK(v == NULL);
	FUZZ_CHECK(json_object_get_uint64(fuzz_json_get(obj, "msgs", json_type_int)) ==
		   model_msgs(r));
	FUZZ_CHECK(json_object_get_uint64(fuzz_json_get(obj, "bytes", json_type_int)) ==
		   (r->ret < 0 ? 0 : r->bytes));
	FUZZ_CHECK(json_object_get_uint64(fuzz_json_get(obj, "latency_ns", json_type_int)) ==
		   r->latency_ns);
	FUZZ_CHECK(json_object_get_int64(fuzz_json_get(obj, "cpu", json_type_int)) == r->cpu);
	json_object_put(obj);
	fuzz_capture_free(&c);
}

/* the --syscalls syntax: non-empty comma list of distinct exact names */
static int model_syscalls(const char *list, unsigned *mask)
{
	unsigned m = 0;

	if (!*list)
		return -1;
	for (const char *p = list;;) {
		size_t n = strcspn(p, ",");
		int sc = -1;

		for (int i = 0; i < MMSG_SYS_COUNT; i++)
			if (strlen(sc_names[i]) == n && !memcmp(p, sc_names[i], n))
				sc = i;
		if (sc < 0 || (m & 1u << sc))
			return -1;
		m |= 1u << sc;
		if (!p[n])
			break;
		p += n + 1;
	}
	*mask = m;
	return 0;
}

static void check_parse_syscalls(const char *list, size_t errlen)
{
	unsigned mask = 0xdead, want = 0;
	int rc = model_syscalls(list, &want);
	char *err = malloc(errlen + CANARY_LEN);

	FUZZ_CHECK(err != NULL);
	memset(err, CANARY, errlen + CANARY_LEN);
	FUZZ_CHECK(values__syscalls(list, &mask, err, errlen) == rc);
	for (size_t i = errlen; i < errlen + CANARY_LEN; i++)
		FUZZ_CHECK((unsigned char)err[i] == CANARY);
	if (rc == 0) {
		FUZZ_CHECK(mask == want && mask >= 1 && mask <= (1u << MMSG_SYS_COUNT) - 1);
	} else {
		FUZZ_CHECK(mask == 0xdead);	/* written only on success */
		if (errlen) {
			size_t len = strnlen(err, errlen);

			FUZZ_CHECK(len < errlen && (len > 0 || errlen == 1));
			for (size_t i = 0; i < len; i++)
				FUZZ_CHECK_TEXT((unsigned char)err[i] >= 0x20 && err[i] != 0x7f,
						err, len);
		}
	}
	free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	uint8_t mode = fuzz_u8(&in);
	struct mmsg_call_record r;
	char flags[NAMES_FLAGS_LEN];
	double t;
	char *list;

	fuzz_bytes(&in, &r, sizeof(r));
	t = fuzz_double(&in);
	if (mode & 1)	/* mostly real syscalls, sometimes one past */
		r.syscall %= MMSG_SYS_COUNT + 1;
	if (mode & 2)	/* sendmmsg-like results */
		r.ret = (int32_t)(r.ret % 2048) - 64;

	/* names */
	FUZZ_CHECK((names__syscall(r.syscall) != NULL) == (r.syscall < MMSG_SYS_COUNT));
	if (r.syscall < MMSG_SYS_COUNT)
		FUZZ_CHECK(names__find(&names_syscall, names__syscall(r.syscall)) ==
			   (int)r.syscall);
	FUZZ_CHECK(record__msgs(&r) == model_msgs(&r));

	/* flags, then every buffer size */
	FUZZ_CHECK(names__msg_flags(r.flags, flags, sizeof(flags)) == flags);
	FUZZ_CHECK(strlen(flags) < sizeof(flags));
	check_flags_text(r.flags, flags);
	check_flags_sizes(r.flags, flags);

	check_text(t, &r, flags);
	check_json(t, &r, flags);

	/* the rest: a --syscalls list */
	list = malloc(in.left + 1);
	FUZZ_CHECK(list != NULL);
	memcpy(list, in.p, in.left);
	list[in.left] = '\0';
	check_parse_syscalls(list, mode & 8 ? 256 : (mode >> 4) * 7);
	free(list);
	return 0;
}
