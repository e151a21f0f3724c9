// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The per-message records and the hidden-error counts of the real tracer
 * (user/core/tracer.c), checked against calls of its own: the msg_records
 * setting no mmsgtrace mode turns on yet, so this program loads the programs
 * with it and makes the calls itself.
 *
 * Usage: msg_records CALLS [raw|tp]   (the attach mode, raw unless given)
 *
 * Traces its own process (the drive mode's configuration, sendmmsg, sendto
 * and sendmsg, with hidden_errors and msg_records), then makes, in turn:
 *   CALLS sendmmsg (vlen 4) on a UDP socket connected to a loopback port
 *         nobody has: the first message goes, the ICMP port unreachable it
 *         brings back fails the second (ECONNREFUSED), the call returns 1
 *   CALLS sendmmsg (vlen 4) of 64, 64, 70000, 64 bytes to a bound socket:
 *         the third is too large (EMSGSIZE), the call returns 2
 *   CALLS sendmmsg (vlen 4) of 64 bytes each to it: all four go
 *   CALLS sendto and CALLS sendmsg of 64 bytes to it
 * and checks, exactly: every call has its records, indices 0, 1, ... in
 * order, one per message the call handed to the socket (the ones it sent and
 * the one that failed), each with the right result; the hidden_errors total
 * and table are CALLS ECONNREFUSED and CALLS EMSGSIZE; nothing was lost.
 *
 * Prints one JSON line with what it saw. Exit codes: 0 all as expected,
 * 1 a check failed or the tracer could not run (the reason on stderr),
 * 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/tracer.h"

#define VLEN 4
#define SIZE 64
#define BIG 70000
#define MAX_CALLS 10000
#define MAX_MSGS 4

enum kind { REFUSED, OVERSIZE, FULL, SENDTO, SENDMSG, NKINDS };

/* a call as the tracer saw it, and its messages' results by index */
struct call {
	uint64_t enter_ns;
	uint32_t syscall;
	int32_t ret;
	unsigned nmsgs;
	int32_t msg_ret[MAX_MSGS];
	bool out_of_order;
};

static struct call calls[NKINDS * MAX_CALLS];
static unsigned ncalls, orphans, extra;
static uint32_t self_tid;

static struct call *call_of(uint64_t enter_ns, uint32_t syscall)
{
	for (unsigned i = ncalls; i-- > 0;)
		if (calls[i].enter_ns == enter_ns && calls[i].syscall == syscall)
			return &calls[i];
	if (ncalls == NKINDS * MAX_CALLS)
		return NULL;
	calls[ncalls] = (struct call){ .enter_ns = enter_ns, .syscall = syscall, .ret = INT32_MIN };
	return &calls[ncalls++];
}

static void on_record(void *ctx, const struct mmsg_call_record *rec)
{
	struct call *c = call_of(rec->enter_ns, rec->syscall);

	(void)ctx;
	if (c)
		c->ret = rec->ret;
}

static void on_msg(void *ctx, const struct mmsg_msg_record *rec)
{
	struct call *c;

	(void)ctx;
	if (rec->tid != self_tid || rec->pid != (uint32_t)getpid()) {
		orphans++;
		return;
	}
	c = call_of(rec->enter_ns, rec->syscall);
	if (!c || c->nmsgs == MAX_MSGS) {
		extra++;
		return;
	}
	if (rec->index != c->nmsgs)
		c->out_of_order = true;
	c->msg_ret[c->nmsgs++] = rec->ret;
}

/* the results the messages of a call of this kind have, and how many */
static unsigned expected(enum kind k, int32_t *want)
{
	switch (k) {
	case REFUSED:
		want[0] = SIZE;
		want[1] = -ECONNREFUSED;
		return 2;
	case OVERSIZE:
		want[0] = want[1] = SIZE;
		want[2] = -EMSGSIZE;
		return 3;
	case FULL:
		for (int i = 0; i < VLEN; i++)
			want[i] = SIZE;
		return VLEN;
	default:
		want[0] = SIZE;
		return 1;
	}
}

static int udp_socket(struct sockaddr_in *to, bool dead)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int s = socket(AF_INET, SOCK_DGRAM, 0), r = socket(AF_INET, SOCK_DGRAM, 0);

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* a port of its own: bound, then closed when nobody may have it */
	if (s < 0 || r < 0 || bind(r, (struct sockaddr *)&addr, len) ||
	    getsockname(r, (struct sockaddr *)&addr, &len) ||
	    connect(s, (struct sockaddr *)&addr, len))
		return -1;
	if (dead)
		close(r);
	*to = addr;
	return s;
}

/* CALLS calls of kind k; false when one returned what it should not */
static bool make_calls(enum kind k, unsigned n, char *payload)
{
	struct iovec iov[VLEN];
	struct mmsghdr v[VLEN];
	struct sockaddr_in to;
	int fd = udp_socket(&to, k == REFUSED);
	int want = k == REFUSED ? 1 : k == OVERSIZE ? 2 : k == FULL ? VLEN : SIZE;

	if (fd < 0)
		return false;
	memset(v, 0, sizeof(v));
	for (int i = 0; i < VLEN; i++) {
		iov[i] = (struct iovec){ payload, k == OVERSIZE && i == 2 ? BIG : SIZE };
		v[i].msg_hdr.msg_iov = &iov[i];
		v[i].msg_hdr.msg_iovlen = 1;
	}
	for (unsigned i = 0; i < n; i++) {
		long ret = k == SENDTO	 ? sendto(fd, payload, SIZE, 0, (struct sockaddr *)&to, sizeof(to)) :
			   k == SENDMSG ? sendmsg(fd, &v[0].msg_hdr, 0) :
					  sendmmsg(fd, v, VLEN, 0);

		if (ret != want) {
			fprintf(stderr, "msg_records: call %u of kind %d returned %ld (%s), not %d\n", i,
				k, ret, ret < 0 ? strerror(errno) : "", want);
			return false;
		}
	}
	close(fd);
	return true;
}

/* every call seen once, in order of kind, with the messages expected */
static unsigned check_calls(unsigned n)
{
	static const uint32_t syscalls[NKINDS] = { MMSG_SYS_SENDMMSG, MMSG_SYS_SENDMMSG,
						   MMSG_SYS_SENDMMSG, MMSG_SYS_SENDTO,
						   MMSG_SYS_SENDMSG };
	unsigned bad = 0;

	for (unsigned i = 0; i < ncalls; i++) {
		enum kind k = (enum kind)(i / n);
		int32_t want[MAX_MSGS];
		unsigned nwant = expected(k, want);
		const struct call *c = &calls[i];

		if (i >= n * NKINDS || c->syscall != syscalls[k] || c->ret == INT32_MIN ||
		    c->nmsgs != nwant || c->out_of_order || memcmp(c->msg_ret, want, nwant * 4)) {
			if (bad++ < 3)
				fprintf(stderr, "msg_records: call %u (kind %d): syscall %u ret %d, %u "
					"messages (%d %d %d %d)%s\n", i, k, c->syscall, c->ret, c->nmsgs,
					c->msg_ret[0], c->msg_ret[1], c->msg_ret[2], c->msg_ret[3],
					c->out_of_order ? ", out of order" : "");
		}
	}
	return bad;
}

static struct tracer *start(enum attach_mode attach, char *err, size_t len)
{
	struct tracer_settings s;
	struct tracer_config cfg;
	struct tracer *t;

	tracer_settings__defaults(&s);
	s.attach = attach;
	s.hidden_errors = true;
	tracer_config__drive(&cfg, &s, getpid(), MMSG_SYS_SENDMMSG);
	cfg.syscall_mask |= 1u << MMSG_SYS_SENDTO | 1u << MMSG_SYS_SENDMSG;
	cfg.msg_records = true;
	cfg.on_record = on_record;
	cfg.on_msg = on_msg;
	return tracer__new(&cfg, &t, err, len) ? NULL : t;
}

int main(int argc, char **argv)
{
	static char payload[BIG];
	static uint64_t hidden[MMSG_ERRNO_SLOTS];
	unsigned n = argc >= 2 ? (unsigned)atoi(argv[1]) : 0, bad;
	bool tp = argc == 3 && !strcmp(argv[2], "tp");
	struct mmsg_totals tot = { 0 }, one;
	struct tracer *t;
	char err[256];

	if (n == 0 || n > MAX_CALLS || argc > 3 || (argc == 3 && !tp && strcmp(argv[2], "raw"))) {
		fprintf(stderr, "usage: msg_records CALLS (1 to %d) [raw|tp]\n", MAX_CALLS);
		return 2;
	}
	self_tid = (uint32_t)gettid();
	t = start(tp ? ATTACH_TP : ATTACH_RAW, err, sizeof(err));
	if (!t) {
		fprintf(stderr, "msg_records: %s\n", err);
		return 1;
	}
	for (enum kind k = 0; k < NKINDS; k++)
		if (!make_calls(k, n, payload))
			return 1;
	if (tracer__stop(t) || tracer__hidden_errnos(t, hidden)) {
		fprintf(stderr, "msg_records: cannot read the tracer\n");
		return 1;
	}
	for (unsigned sc = 0; sc < MMSG_SYS_COUNT; sc++)
		if (tracer__totals(t, sc, &one) == 0) {
			tot.lost_events += one.lost_events;
			tot.msg_records_lost += one.msg_records_lost;
			tot.hidden_errors += one.hidden_errors;
		}
	bad = check_calls(n);
	printf("{\"calls\":%u,\"bad_calls\":%u,\"orphans\":%u,\"extra\":%u,\"lost_events\":%llu,"
	       "\"msg_records_lost\":%llu,\"hidden_errors\":%llu,\"ECONNREFUSED\":%llu,"
	       "\"EMSGSIZE\":%llu}\n", ncalls, bad, orphans, extra,
	       (unsigned long long)tot.lost_events, (unsigned long long)tot.msg_records_lost,
	       (unsigned long long)tot.hidden_errors, (unsigned long long)hidden[ECONNREFUSED],
	       (unsigned long long)hidden[EMSGSIZE]);
	tracer__free(t);
	return bad || ncalls != n * NKINDS || orphans || extra || tot.lost_events ||
	       tot.msg_records_lost || tot.hidden_errors != 2ull * n ||
	       hidden[ECONNREFUSED] != n || hidden[EMSGSIZE] != n;
}
