// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A process for the observe-mode tests to watch: it makes a known set of
 * sendmmsg/recvmmsg/sendto/sendmsg/recvfrom/recvmsg/write/writev calls on
 * loopback and prints, as one JSON line, what every call returned, so the
 * tests can compare mmsgtrace's per-process totals with it exactly.
 *
 * Usage: patterns [--comm NAME] [--fork | --fork-early] [--threads]
 *                 [--leader-exits] [--no-wait] [--only LIST]
 *
 *   --comm NAME  set the process name first (C escapes: \xNN \n \t \r \e \a
 *                \b \f \v \\ \" \'; the kernel keeps 15 bytes)
 *   --no-wait    start at once instead of after a line (or EOF) on stdin
 *   --fork       a child runs the patterns too (before the parent), and
 *                prints its own line
 *   --fork-early the child is forked at start, before the go line; parent
 *                and child each wait for a line of their own (stdin is read
 *                one byte at a time, so one line wakes one of them), run the
 *                patterns at the same time and print their own line, the
 *                parent after the child has ended. The child dies with the
 *                parent. Goes with neither --fork nor --leader-exits.
 *   --threads    a second thread runs the mmsg group as well
 *   --leader-exits  after the go line the main thread starts a worker and
 *                calls pthread_exit; the worker waits until /proc shows the
 *                main thread a zombie, then for a second line on stdin (the
 *                test lets it go once the tracer has looked at the process in
 *                that state), does the rest and ends the process with exit(0)
 *   --netns PATH first enter this network namespace (e.g. /run/netns/NAME)
 *   --only LIST  comma list of groups: mmsg,sendto,sendmsg,partial,errors,recv
 *                (the default), and interrupt, hidden, pingpong, burst,
 *                batched, drops, write and recvnb (only when named)
 *
 * Three groups, run only when named, are patterns for the batching report
 * (each on UDP sockets of its own, so every fd sees only its pattern):
 *   pingpong  40 requests from a client socket to a server socket, each read
 *             there (recvfrom) and answered (sendto), the answer read by the
 *             client before the next request: on both fds every send comes
 *             after a receive, nothing to batch
 *   burst     20 bursts of 16 sendto of 64 bytes on a socket connected to
 *             itself, each burst read back (recvfrom) before the next: a
 *             burst is one sendmmsg, 15 calls saved per burst (300 in all)
 *   batched   20 sendmmsg of 64 messages to itself, each read back with
 *             recvmmsg of vlen 64 (one call, unless some were still on the
 *             way): already batched
 *
 * The drops group (only when named) makes the kernel drop datagrams of its
 * sockets, and says how many on its line ("drops"): 200 sendto of 64 bytes
 * to a receiver with the smallest receive buffer that nobody reads until
 * they are sent (then it is drained with recvfrom: the rest were dropped at
 * its full queue, SOCKET_RCVBUFF), and 10 sendto on a socket connected to a
 * loopback port nobody has (each that succeeds is dropped for want of a
 * socket, NO_SOCKET; its ICMP port unreachable fails the next with
 * ECONNREFUSED). Its line also has the kernel's own UDP counters over the
 * group ("kernel_udp": NoPorts and RcvbufErrors of /proc/net/snmp, the
 * namespace's, so exact only in a namespace of its own: --netns).
 *
 * The recv group receives with recvfrom and recvmsg: 12 datagrams of 0 to 55
 * bytes sent with sendto, read back 6 with recvfrom and 6 with recvmsg (a
 * two-part iovec), and one MSG_DONTWAIT call of each on the empty socket
 * (EAGAIN). The recvnb group does the same on a socket made O_NONBLOCK with
 * fcntl, without MSG_DONTWAIT (each read after poll says a datagram is
 * there; the last two EAGAIN all the same): none of its calls could block.
 * Each syscall's "could_block" counts the receives made without
 * MSG_DONTWAIT on a socket without O_NONBLOCK.
 *
 * The write group writes datagrams with write and writev (UDP, unix
 * SOCK_DGRAM; an unconnected UDP socket's EDESTADDRREQ, a too big writev's
 * EMSGSIZE), and between them the same calls to a file, a pipe, a TCP
 * connection, a unix stream socket and fds that are not open. Only the
 * datagram-socket calls are in the line's totals; "other_writes" counts the
 * rest, which mmsgtrace must not count.
 *
 * The hidden group makes sendmmsg calls whose messages fail after the first
 * went, so that each call returns the ones sent and the error is dropped:
 * 20 calls of vlen 4 on a UDP socket connected to a loopback port nobody has
 * (the ICMP port unreachable the first message brings back fails the second
 * with ECONNREFUSED: each returns 1), and 10 of 64, 64, 70000 and 64 bytes
 * to a receiver (the third is EMSGSIZE: each returns 2). The line's
 * "hidden_errors" says, for every partial sendmmsg of any group, the error
 * its next message met, as the group knows it by construction (the partial
 * group's full queue: EAGAIN).
 *
 * The interrupt group makes calls that a signal interrupts while they block:
 * sendto and sendmmsg (vlen 1) on an AF_UNIX datagram socketpair whose send
 * buffer is full, recvmmsg (vlen 1) on an empty one. A helper thread sends
 * the main thread SIGUSR1 twice while it waits, then unblocks it: it writes
 * one datagram, or reads datagrams until the send returns (a socketpair's
 * sender waits for its send buffer, and wakes only when that is down to a
 * quarter, so one read is not enough).
 * Phase "eintr": the handler has no SA_RESTART, the call fails with EINTR
 * and is retried with the same arguments, every try counted. Phase
 * "restart": SA_RESTART, the kernel restarts the call, and the caller sees
 * one call. Anything unexpected (an EINTR despite SA_RESTART, not one EINTR
 * per signal) is noted on stderr and counted as it happened.
 *
 * Totals follow mmsgtrace's definitions: sendmmsg/recvmmsg msgs = ret when
 * ret > 0, bytes = sum of msg_len of those ret entries, partial = 0 < ret <
 * min(vlen, 1024) (for recvmmsg that is "short", and partial is 0); sendto/sendmsg msgs = 1 and bytes = ret when ret >= 0,
 * partial = a short write; recvfrom/recvmsg msgs = 1 and bytes = ret when
 * ret >= 0, never partial; errors = calls returning -1, by errno.
 *
 * stdout gets the JSON line and nothing else, in one write(2); no stdio
 * stream touches stdout or stdin, so fork duplicates no buffers. Exit codes:
 * 0 ok, 1 failure (message on stderr), 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_ERRNO 4096
#define MSG_BUF 2048		/* receive buffer per message: more than any datagram sent */
#define RECV_VLEN 16
#define RCVBUF (4 << 20)
/* a generous estimate of the receive-buffer charge of one small datagram */
#define TRUESIZE_EST 2048
#define PARTIAL_VLEN 64
#define PARTIAL_MAX_CALLS 100
#define SELF_TIMEOUT_S 60	/* a helper nobody tells to go dies on its own */
/* --leader-exits: the worker waits for /proc to show the main thread a
 * zombie at most this long, polling at this period */
#define LEADER_WAIT_MS 20000
#define LEADER_POLL_MS 10
/* the interrupt group: signals per blocked call; the helper thread polls
 * /proc at this period, and dies when a wait takes longer than the last */
#define INTR_SIGNALS 2
#define INTR_POLL_MS 10
#define INTR_WAIT_MS 20000
#define INTR_DGRAM 64
#define INTR_SNDBUF 4096	/* the kernel doubles it: about a dozen datagrams fill it */
#define INTR_FILL_MAX 10000

enum sys { SYS_SENDMMSG, SYS_RECVMMSG, SYS_SENDTO, SYS_SENDMSG, SYS_RECVFROM, SYS_RECVMSG,
	   SYS_WRITE, SYS_WRITEV, SYS_COUNT };
static const char *const sys_names[SYS_COUNT] = { "sendmmsg", "recvmmsg", "sendto", "sendmsg",
						  "recvfrom", "recvmsg", "write", "writev" };

/* G_ALL is the default set; G_INTERRUPT and G_HIDDEN run only when named */
enum group { G_MMSG = 1, G_SENDTO = 2, G_SENDMSG = 4, G_PARTIAL = 8, G_ERRORS = 16,
	     G_INTERRUPT = 32, G_HIDDEN = 64, G_RECV = 128,
	     /* the batching report's patterns, only when named */
	     G_PINGPONG = 256, G_BURST = 512, G_BATCHED = 1024,
	     /* datagrams the kernel drops, only when named */
	     G_DROPS = 2048,
	     /* write/writev on sockets and files; recv on an O_NONBLOCK socket */
	     G_WRITE = 4096, G_RECVNB = 8192,
	     G_ALL = G_MMSG | G_SENDTO | G_SENDMSG | G_PARTIAL | G_ERRORS | G_RECV };

struct sys_totals {
	unsigned long long calls, msgs, bytes, errors, partial;
	/* receives that could block: no MSG_DONTWAIT on a socket without O_NONBLOCK */
	unsigned long long could_block;
	unsigned long long errnos[MAX_ERRNO];
};

/* what one thread did; merged into the process totals at the end */
struct totals {
	struct sys_totals sys[SYS_COUNT];
	unsigned long long dgrams_sent;	/* UDP datagrams sent / received, to catch drops */
	unsigned long long dgrams_recv;
	/* errors of messages inside sendmmsg calls that returned > 0, by errno */
	unsigned long long hidden[MAX_ERRNO];
	/* the drops group: its datagrams dropped at its receiver's full queue,
	 * and those sent to a port with no socket */
	unsigned long long dropped_rcvbuf, dropped_no_socket;
	long long snmp_no_ports, snmp_rcvbuf_errors;	/* the kernel's, over the group */
	/* the write group's writes that are not to a datagram socket (a file, a
	 * pipe, stream sockets, bad fds): made, and not in the totals */
	unsigned long long other_writes;
};

/* a UDP receiver and a sender connected to it */
struct udp_pair {
	int r, s;
	struct sockaddr_in addr;	/* r's address */
	int rcvbuf;			/* r's receive buffer as the kernel reports it */
	unsigned long long pending;	/* datagrams sent and not yet drained */
};

static char payload[MSG_BUF];

static void die(const char *fmt, ...)
{
	va_list ap;

	fputs("patterns: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void usage(const char *why)
{
	fprintf(stderr, "patterns: %s\nusage: patterns [--comm NAME] [--fork | --fork-early] "
		"[--threads] [--leader-exits] [--no-wait] [--netns PATH] "
		"[--only mmsg,sendto,sendmsg,partial,errors,interrupt,hidden,recv,pingpong,burst,"
		"batched,drops,write,recvnb]\n", why);
	exit(2);
}

/* record one call from its return value (errno is read only when ret < 0) */
static void record(struct sys_totals *t, long ret, unsigned long long msgs,
		   unsigned long long bytes, bool partial)
{
	t->calls++;
	if (ret < 0) {
		int e = errno;

		t->errors++;
		t->errnos[e > 0 && e < MAX_ERRNO ? e : 0]++;
		return;
	}
	t->msgs += msgs;
	t->bytes += bytes;
	t->partial += partial;
}

static unsigned long long sum_msg_len(const struct mmsghdr *v, int n)
{
	unsigned long long sum = 0;

	for (int i = 0; i < n; i++)
		sum += v[i].msg_len;
	return sum;
}

static int do_sendmmsg(struct totals *t, int fd, struct mmsghdr *v, unsigned int vlen, int flags)
{
	unsigned int cap = vlen < 1024 ? vlen : 1024;
	int ret = sendmmsg(fd, v, vlen, flags);

	record(&t->sys[SYS_SENDMMSG], ret, ret > 0 ? ret : 0, ret > 0 ? sum_msg_len(v, ret) : 0,
	       ret > 0 && (unsigned int)ret < cap);
	return ret;
}

static ssize_t do_sendto(struct totals *t, int fd, size_t len, const struct sockaddr_in *to)
{
	ssize_t ret = sendto(fd, payload, len, 0, (const struct sockaddr *)to,
			     to ? sizeof(*to) : 0);

	record(&t->sys[SYS_SENDTO], ret, 1, ret, ret >= 0 && (size_t)ret < len);
	return ret;
}

static ssize_t do_sendmsg(struct totals *t, int fd, struct msghdr *m)
{
	size_t len = 0;
	ssize_t ret;

	for (size_t i = 0; i < m->msg_iovlen; i++)
		len += m->msg_iov[i].iov_len;
	ret = sendmsg(fd, m, 0);
	record(&t->sys[SYS_SENDMSG], ret, 1, ret, ret >= 0 && (size_t)ret < len);
	return ret;
}

/* a receive with these flags on fd could wait for data */
static bool could_block(int fd, int flags)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		die("fcntl: %s", strerror(errno));
	return !(flags & MSG_DONTWAIT) && !(fl & O_NONBLOCK);
}

/* one recvmmsg call without a timeout, counted; errno kept for the caller */
static int recvmmsg_call(struct totals *t, int fd, struct mmsghdr *v, unsigned int vlen, int flags)
{
	unsigned int cap = vlen < 1024 ? vlen : 1024;
	bool may_block = could_block(fd, flags);
	int ret = recvmmsg(fd, v, vlen, flags, NULL), e = errno;

	t->sys[SYS_RECVMMSG].could_block += may_block;
	record(&t->sys[SYS_RECVMMSG], ret, ret > 0 ? ret : 0, ret > 0 ? sum_msg_len(v, ret) : 0,
	       ret > 0 && (unsigned int)ret < cap);
	errno = e;
	return ret;
}

/* one recvmmsg call, vlen RECV_VLEN, MSG_DONTWAIT; returns its ret */
static int do_recvmmsg(struct totals *t, int fd)
{
	char bufs[RECV_VLEN][MSG_BUF];
	struct mmsghdr v[RECV_VLEN];
	struct iovec iov[RECV_VLEN];

	memset(v, 0, sizeof(v));
	for (int i = 0; i < RECV_VLEN; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = MSG_BUF;
		v[i].msg_hdr.msg_iov = &iov[i];
		v[i].msg_hdr.msg_iovlen = 1;
	}
	return recvmmsg_call(t, fd, v, RECV_VLEN, MSG_DONTWAIT);
}

/*
 * Read r until recvmmsg says EAGAIN (that last call is an error too). Loopback
 * delivery is nearly always done when send returns; if datagrams are still
 * missing, wait for them (poll returns as soon as one arrives) and drain
 * again, for DRAIN_WAIT_ROUNDS x 100 ms at most.
 */
#define DRAIN_WAIT_ROUNDS 200
static void drain(struct totals *t, struct udp_pair *p)
{
	for (int round = 0; round < DRAIN_WAIT_ROUNDS; round++) {
		int ret;

		while ((ret = do_recvmmsg(t, p->r)) > 0) {
			t->dgrams_recv += ret;
			p->pending = p->pending > (unsigned)ret ? p->pending - ret : 0;
		}
		if (ret == 0)
			die("recvmmsg returned 0");
		if (errno != EAGAIN)
			die("recvmmsg: %s", strerror(errno));
		if (p->pending == 0)
			return;
		poll(&(struct pollfd){ .fd = p->r, .events = POLLIN }, 1, 100);
	}
}

static void set_nonblock(int fd, bool on)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK))
		die("fcntl: %s", strerror(errno));
}

static void udp_pair_open(struct udp_pair *p)
{
	socklen_t len = sizeof(p->addr);
	int size = RCVBUF;

	memset(p, 0, sizeof(*p));
	p->addr.sin_family = AF_INET;
	p->addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	p->r = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	p->s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (p->r < 0 || p->s < 0)
		die("socket: %s", strerror(errno));
	/* FORCE passes rmem_max when we may (root); otherwise take what we get */
	if (setsockopt(p->r, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) &&
	    setsockopt(p->r, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size)))
		die("SO_RCVBUF: %s", strerror(errno));
	len = sizeof(p->rcvbuf);
	if (getsockopt(p->r, SOL_SOCKET, SO_RCVBUF, &p->rcvbuf, &len))
		die("getsockopt SO_RCVBUF: %s", strerror(errno));
	/* a drain must come before the queue can be full: allow a few datagrams at least */
	if (p->rcvbuf < 16 * TRUESIZE_EST)
		die("receive buffer of %d bytes is too small", p->rcvbuf);
	len = sizeof(p->addr);
	if (bind(p->r, (struct sockaddr *)&p->addr, len) ||
	    getsockname(p->r, (struct sockaddr *)&p->addr, &len) ||
	    connect(p->s, (struct sockaddr *)&p->addr, len))
		die("udp setup: %s", strerror(errno));
}

static void udp_pair_close(struct udp_pair *p)
{
	close(p->r);
	close(p->s);
}

/* drain first if N more datagrams might not fit the receive buffer */
static void make_room(struct totals *t, struct udp_pair *p, unsigned int n)
{
	if ((p->pending + n) * TRUESIZE_EST > (unsigned long long)p->rcvbuf / 2)
		drain(t, p);
}

/* sendmmsg at vlen 1, 8, 64, 20 calls each, sizes varying per message */
static void group_mmsg(struct totals *t)
{
	static const unsigned int vlens[] = { 1, 8, 64 };
	struct mmsghdr v[64];
	struct iovec iov[64];
	struct udp_pair p;
	unsigned int k = 0;

	udp_pair_open(&p);
	for (size_t i = 0; i < sizeof(vlens) / sizeof(vlens[0]); i++) {
		unsigned int vlen = vlens[i];

		for (int call = 0; call < 20; call++) {
			int ret;

			memset(v, 0, sizeof(v));
			for (unsigned int m = 0; m < vlen; m++, k++) {
				iov[m].iov_base = payload;
				iov[m].iov_len = 17 + (k * 37) % 300;
				v[m].msg_hdr.msg_iov = &iov[m];
				v[m].msg_hdr.msg_iovlen = 1;
			}
			make_room(t, &p, vlen);
			ret = do_sendmmsg(t, p.s, v, vlen, 0);
			if (ret < 0)
				die("sendmmsg vlen %u: %s", vlen, strerror(errno));
			t->dgrams_sent += ret;
			p.pending += ret;
		}
		drain(t, &p);
	}
	udp_pair_close(&p);
}

/* 50 sendto of 64 bytes from an unconnected socket */
static void group_sendto(struct totals *t)
{
	struct udp_pair p;
	int u;

	udp_pair_open(&p);
	u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (u < 0)
		die("socket: %s", strerror(errno));
	for (int i = 0; i < 50; i++) {
		make_room(t, &p, 1);
		if (do_sendto(t, u, 64, &p.addr) < 0)
			die("sendto: %s", strerror(errno));
		t->dgrams_sent++;
		p.pending++;
	}
	drain(t, &p);
	close(u);
	udp_pair_close(&p);
}

/* 30 sendmsg of a 10 + 20 byte iovec on the connected socket */
static void group_sendmsg(struct totals *t)
{
	struct iovec iov[2] = { { payload, 10 }, { payload + 10, 20 } };
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
	struct udp_pair p;

	udp_pair_open(&p);
	for (int i = 0; i < 30; i++) {
		make_room(t, &p, 1);
		if (do_sendmsg(t, p.s, &m) < 0)
			die("sendmsg: %s", strerror(errno));
		t->dgrams_sent++;
		p.pending++;
	}
	drain(t, &p);
	udp_pair_close(&p);
}

/* fill an unread unix datagram queue until a sendmmsg comes back short */
static void group_partial(struct totals *t)
{
	struct mmsghdr v[PARTIAL_VLEN];
	struct iovec iov = { payload, 1000 };
	int sv[2], size = 4096;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv))
		die("socketpair: %s", strerror(errno));
	if (setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size)))
		die("SO_SNDBUF: %s", strerror(errno));
	for (int call = 0; call < PARTIAL_MAX_CALLS; call++) {
		int ret;

		memset(v, 0, sizeof(v));
		for (int m = 0; m < PARTIAL_VLEN; m++) {
			v[m].msg_hdr.msg_iov = &iov;
			v[m].msg_hdr.msg_iovlen = 1;
		}
		ret = do_sendmmsg(t, sv[0], v, PARTIAL_VLEN, MSG_DONTWAIT);
		if (ret < 0 && errno != EAGAIN)
			die("sendmmsg on unix socket: %s", strerror(errno));
		if (ret > 0 && ret < PARTIAL_VLEN) {
			/* the message after the last one sent found the queue full */
			t->hidden[EAGAIN]++;
			close(sv[0]);
			close(sv[1]);
			return;
		}
	}
	die("no partial sendmmsg in %d calls on a full unix socket", PARTIAL_MAX_CALLS);
}

/* 3 sendmmsg on fd -1 (EBADF), 2 sendto of 70000 bytes (EMSGSIZE) */
static void group_errors(struct totals *t)
{
	struct iovec iov = { payload, 10 };
	struct mmsghdr v = { .msg_hdr = { .msg_iov = &iov, .msg_iovlen = 1 } };
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(9),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	static char big[70000];
	int u;

	for (int i = 0; i < 3; i++)
		if (do_sendmmsg(t, -1, &v, 1, 0) >= 0 || errno != EBADF)
			die("sendmmsg on fd -1 did not fail with EBADF");
	u = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (u < 0)
		die("socket: %s", strerror(errno));
	for (int i = 0; i < 2; i++) {
		ssize_t ret = sendto(u, big, sizeof(big), 0, (struct sockaddr *)&to, sizeof(to));

		record(&t->sys[SYS_SENDTO], ret, 1, ret, ret >= 0 && (size_t)ret < sizeof(big));
		if (ret >= 0 || errno != EMSGSIZE)
			die("sendto of %zu bytes did not fail with EMSGSIZE", sizeof(big));
	}
	close(u);
}

#define RECV_EACH 6	/* datagrams read by each of recvfrom and recvmsg */

static ssize_t do_recvfrom(struct totals *t, int fd, void *buf, size_t len, int flags)
{
	struct sockaddr_in from;
	socklen_t fromlen = sizeof(from);
	bool may_block = could_block(fd, flags);
	ssize_t ret = recvfrom(fd, buf, len, flags, (struct sockaddr *)&from, &fromlen);
	int e = errno;

	record(&t->sys[SYS_RECVFROM], ret, 1, ret, false);
	t->sys[SYS_RECVFROM].could_block += may_block;
	errno = e;
	return ret;
}

static ssize_t do_recvmsg(struct totals *t, int fd, struct msghdr *m, int flags)
{
	bool may_block = could_block(fd, flags);
	ssize_t ret = recvmsg(fd, m, flags);
	int e = errno;

	record(&t->sys[SYS_RECVMSG], ret, 1, ret, false);
	t->sys[SYS_RECVMSG].could_block += may_block;
	errno = e;
	return ret;
}

/* the datagram k of the recv group: k * 5 bytes (the first is empty) */
static size_t recv_size(int k)
{
	return (size_t)k * 5;
}

/* wait until fd has a datagram to read (poll is not traced) */
static void wait_readable(int fd)
{
	if (poll(&(struct pollfd){ .fd = fd, .events = POLLIN }, 1, SELF_TIMEOUT_S * 1000) != 1)
		die("no datagram to read: %s", strerror(errno));
}

/*
 * recvfrom and recvmsg of datagrams whose sizes the group knows (see the
 * top). nonblock (the recvnb group): the socket is O_NONBLOCK (fcntl), no
 * call passes MSG_DONTWAIT, and each read waits in poll for its datagram, so
 * none of the calls could block.
 */
static void group_recv(struct totals *t, bool nonblock)
{
	char a[40], b[MSG_BUF];
	struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };
	int empty_flags = nonblock ? 0 : MSG_DONTWAIT;
	struct udp_pair p;
	int k;

	udp_pair_open(&p);
	if (nonblock)
		set_nonblock(p.r, true);
	for (k = 0; k < 2 * RECV_EACH; k++)
		if (do_sendto(t, p.s, recv_size(k), NULL) != (ssize_t)recv_size(k))
			die("sendto of %zu bytes: %s", recv_size(k), strerror(errno));
	t->dgrams_sent += 2 * RECV_EACH;
	/* loopback has queued them all when send returns; blocking reads wait if not */
	for (k = 0; k < 2 * RECV_EACH; k++) {
		ssize_t ret;

		if (nonblock)
			wait_readable(p.r);
		ret = k < RECV_EACH ? do_recvfrom(t, p.r, b, sizeof(b), 0) : do_recvmsg(t, p.r, &m, 0);
		if (ret != (ssize_t)recv_size(k))
			die("receive %d returned %zd, not %zu: %s", k, ret, recv_size(k),
			    strerror(errno));
	}
	t->dgrams_recv += 2 * RECV_EACH;
	if (do_recvfrom(t, p.r, b, sizeof(b), empty_flags) >= 0 || errno != EAGAIN)
		die("recvfrom on an empty socket did not fail with EAGAIN");
	if (do_recvmsg(t, p.r, &m, empty_flags) >= 0 || errno != EAGAIN)
		die("recvmsg on an empty socket did not fail with EAGAIN");
	udp_pair_close(&p);
}

#define WRITE_CALLS 10		/* of each kind of write below */
#define WRITE_BIG 70000		/* more than a UDP datagram can carry */

static ssize_t do_write(struct totals *t, int fd, size_t len)
{
	ssize_t ret = write(fd, payload, len);

	record(&t->sys[SYS_WRITE], ret, 1, ret, ret >= 0 && (size_t)ret < len);
	return ret;
}

static ssize_t do_writev(struct totals *t, int fd, const struct iovec *iov, int n)
{
	size_t len = 0;
	ssize_t ret;

	for (int i = 0; i < n; i++)
		len += iov[i].iov_len;
	ret = writev(fd, iov, n);
	record(&t->sys[SYS_WRITEV], ret, 1, ret, ret >= 0 && (size_t)ret < len);
	return ret;
}

/* write and writev to what is not a datagram socket: must succeed (or fail
 * as told), and are counted in other_writes only */
static void other_write(struct totals *t, int fd, size_t len, int want_errno)
{
	ssize_t ret = write(fd, payload, len);

	if (want_errno ? ret >= 0 || errno != want_errno : ret != (ssize_t)len)
		die("write of %zu bytes to fd %d returned %zd: %s", len, fd, ret, strerror(errno));
	t->other_writes++;
}

static void other_writev(struct totals *t, int fd, const struct iovec *iov, int n, size_t len)
{
	if (writev(fd, iov, n) != (ssize_t)len)
		die("writev of %zu bytes to fd %d: %s", len, fd, strerror(errno));
	t->other_writes++;
}

/* a TCP connection on loopback: fds[0] the client, fds[1] the accepted end */
static void tcp_pair(int fds[2])
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	fds[0] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (l < 0 || fds[0] < 0 || bind(l, (struct sockaddr *)&a, len) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &len) ||
	    connect(fds[0], (struct sockaddr *)&a, len) ||
	    (fds[1] = accept4(l, NULL, NULL, SOCK_CLOEXEC)) < 0)
		die("tcp pair: %s", strerror(errno));
	close(l);
}

/*
 * The write group: write and writev on datagram sockets, which mmsgtrace
 * counts (a connected UDP socket, a unix datagram socketpair; and the
 * errors of an unconnected UDP socket and of a datagram too big), between
 * the same calls on a regular file, a pipe, a TCP connection and a unix
 * stream socketpair, and on fds that are not open (-1, a closed one, one
 * past the fd table), which it must not count.
 * The datagrams are left unread (the receive buffers hold them).
 */
static void group_write(struct totals *t)
{
	static char big[WRITE_BIG];
	char tmpl[] = "/tmp/patterns-write.XXXXXX";
	struct iovec iov[3] = { { payload, 11 }, { payload, 0 }, { payload, 29 } };
	struct iovec big_iov[2] = { { big, WRITE_BIG / 2 }, { big, WRITE_BIG / 2 } };
	int file = mkstemp(tmpl), closed = dup(file), pipefd[2], tcp[2], ustream[2], udgram[2];
	int unconnected;
	struct udp_pair p;

	if (file < 0 || closed < 0)
		die("mkstemp: %s", strerror(errno));
	unlink(tmpl);
	close(closed);	/* a number that was a file's and is free now */
	if (pipe2(pipefd, O_CLOEXEC) || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ustream) ||
	    socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, udgram) ||
	    (unconnected = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		die("write setup: %s", strerror(errno));
	tcp_pair(tcp);
	udp_pair_open(&p);
	for (int k = 0; k < WRITE_CALLS; k++) {
		size_t len = 1 + (size_t)k * 7;

		if (do_write(t, p.s, len) != (ssize_t)len ||
		    do_writev(t, p.s, iov, 3) != (ssize_t)(iov[0].iov_len + iov[2].iov_len) ||
		    do_write(t, udgram[0], len + 100) != (ssize_t)len + 100)
			die("write to a datagram socket: %s", strerror(errno));
		other_write(t, file, len, 0);
		other_writev(t, file, iov, 3, iov[0].iov_len + iov[2].iov_len);
		other_write(t, pipefd[1], len, 0);
		other_write(t, tcp[0], len, 0);
		other_writev(t, tcp[0], iov, 3, iov[0].iov_len + iov[2].iov_len);
		other_write(t, ustream[0], len, 0);
		other_writev(t, ustream[0], iov, 3, iov[0].iov_len + iov[2].iov_len);
		other_write(t, -1, len, EBADF);
		other_write(t, closed, len, EBADF);
		other_write(t, 1 << 20, len, EBADF);	/* past the fd table */
	}
	/* errors on datagram sockets are counted: no destination, too big */
	if (do_write(t, unconnected, 10) >= 0 || errno != EDESTADDRREQ)
		die("write on an unconnected UDP socket did not fail with EDESTADDRREQ");
	if (do_writev(t, p.s, big_iov, 2) >= 0 || errno != EMSGSIZE)
		die("writev of %d bytes on UDP did not fail with EMSGSIZE", WRITE_BIG);
	close(file);
	close(pipefd[0]);
	close(pipefd[1]);
	close(tcp[0]);
	close(tcp[1]);
	close(ustream[0]);
	close(ustream[1]);
	close(udgram[0]);
	close(udgram[1]);
	close(unconnected);
	udp_pair_close(&p);
}

#define PINGPONG_ROUNDS 40
#define BURSTS 20
#define BURST_SENDS 16
#define BATCHED_CALLS 20
#define BATCHED_VLEN 64

/* a UDP socket bound to the loopback and connected to itself */
static int udp_self(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&a, len) ||
	    getsockname(fd, (struct sockaddr *)&a, &len) || connect(fd, (struct sockaddr *)&a, len))
		die("udp self: %s", strerror(errno));
	return fd;
}

/* read one datagram of len bytes with recvfrom (blocking: loopback has it) */
static void recv_exact(struct totals *t, int fd, size_t len)
{
	char buf[MSG_BUF];

	if (do_recvfrom(t, fd, buf, sizeof(buf), 0) != (ssize_t)len)
		die("recvfrom: %s", strerror(errno));
}

static void group_pingpong(struct totals *t)
{
	struct udp_pair p;
	struct sockaddr_in client;
	socklen_t len = sizeof(client);

	udp_pair_open(&p);
	if (getsockname(p.s, (struct sockaddr *)&client, &len))
		die("getsockname: %s", strerror(errno));
	for (int i = 0; i < PINGPONG_ROUNDS; i++) {
		if (do_sendto(t, p.s, 32, NULL) != 32)
			die("sendto: %s", strerror(errno));
		recv_exact(t, p.r, 32);
		if (do_sendto(t, p.r, 48, &client) != 48)
			die("sendto: %s", strerror(errno));
		recv_exact(t, p.s, 48);
	}
	t->dgrams_sent += 2 * PINGPONG_ROUNDS;
	t->dgrams_recv += 2 * PINGPONG_ROUNDS;
	udp_pair_close(&p);
}

static void group_burst(struct totals *t)
{
	int fd = udp_self();

	for (int b = 0; b < BURSTS; b++) {
		for (int k = 0; k < BURST_SENDS; k++)
			if (do_sendto(t, fd, 64, NULL) != 64)
				die("sendto: %s", strerror(errno));
		for (int k = 0; k < BURST_SENDS; k++)
			recv_exact(t, fd, 64);
	}
	t->dgrams_sent += BURSTS * BURST_SENDS;
	t->dgrams_recv += BURSTS * BURST_SENDS;
	close(fd);
}

static void group_batched(struct totals *t)
{
	static char bufs[BATCHED_VLEN][64];
	struct mmsghdr v[BATCHED_VLEN];
	struct iovec iov[BATCHED_VLEN];
	int fd = udp_self();

	for (int call = 0; call < BATCHED_CALLS; call++) {
		memset(v, 0, sizeof(v));
		for (int m = 0; m < BATCHED_VLEN; m++) {
			iov[m].iov_base = payload;
			iov[m].iov_len = 64;
			v[m].msg_hdr.msg_iov = &iov[m];
			v[m].msg_hdr.msg_iovlen = 1;
		}
		if (do_sendmmsg(t, fd, v, BATCHED_VLEN, 0) != BATCHED_VLEN)
			die("sendmmsg: %s", strerror(errno));
		for (int m = 0; m < BATCHED_VLEN; m++)
			iov[m].iov_base = bufs[m];
		/* loopback has nearly always queued all 64 when sendmmsg returns;
		 * MSG_WAITFORONE waits for the first of any still on the way */
		for (int got = 0, ret; got < BATCHED_VLEN; got += ret)
			if ((ret = recvmmsg_call(t, fd, v, BATCHED_VLEN - got, MSG_WAITFORONE)) <= 0)
				die("recvmmsg: %s", strerror(errno));
	}
	t->dgrams_sent += BATCHED_CALLS * BATCHED_VLEN;
	t->dgrams_recv += BATCHED_CALLS * BATCHED_VLEN;
	close(fd);
}

/* a UDP socket connected to a loopback port that was just ours: bound,
 * connected to, closed */
static int udp_to_dead_port(void)
{
	struct sockaddr_in dead = { .sin_family = AF_INET };
	socklen_t len = sizeof(dead);
	int s, r;

	dead.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	r = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0 || r < 0 || bind(r, (struct sockaddr *)&dead, len) ||
	    getsockname(r, (struct sockaddr *)&dead, &len) ||
	    connect(s, (struct sockaddr *)&dead, len) || close(r))
		die("udp setup: %s", strerror(errno));
	return s;
}

#define HIDDEN_VLEN 4
#define HIDDEN_REFUSED_CALLS 20
#define HIDDEN_OVERSIZE_CALLS 10
#define HIDDEN_BIG 70000

/* sendmmsg calls that return > 0 although a message failed (see the top) */
static void group_hidden(struct totals *t)
{
	static char big[HIDDEN_BIG];
	struct mmsghdr v[HIDDEN_VLEN];
	struct iovec iov[HIDDEN_VLEN];
	struct udp_pair p;
	int s;

	memset(v, 0, sizeof(v));
	for (int m = 0; m < HIDDEN_VLEN; m++) {
		iov[m] = (struct iovec){ big, 64 };
		v[m].msg_hdr.msg_iov = &iov[m];
		v[m].msg_hdr.msg_iovlen = 1;
	}
	s = udp_to_dead_port();
	for (int call = 0; call < HIDDEN_REFUSED_CALLS; call++) {
		if (do_sendmmsg(t, s, v, HIDDEN_VLEN, 0) != 1)
			die("sendmmsg to a port nobody has did not return 1: %s", strerror(errno));
		t->hidden[ECONNREFUSED]++;
	}
	close(s);
	udp_pair_open(&p);
	iov[2].iov_len = HIDDEN_BIG;
	for (int call = 0; call < HIDDEN_OVERSIZE_CALLS; call++) {
		make_room(t, &p, 2);
		if (do_sendmmsg(t, p.s, v, HIDDEN_VLEN, 0) != 2)
			die("sendmmsg with a 70000-byte third message did not return 2: %s",
			    strerror(errno));
		t->hidden[EMSGSIZE]++;
		t->dgrams_sent += 2;
		p.pending += 2;
	}
	drain(t, &p);
	udp_pair_close(&p);
}

#define DROPS_SENT 200
#define DROPS_NO_PORT_TRIES 10

/* the Udp NoPorts and RcvbufErrors counters of this network namespace */
static void udp_snmp(long long *no_ports, long long *rcvbuf_errors)
{
	char names[512], values[512], *n, *v, *ns = NULL, *vs = NULL;
	FILE *f = fopen("/proc/self/net/snmp", "re");
	bool found = false;

	if (!f)
		die("/proc/self/net/snmp: %s", strerror(errno));
	while (!found && fgets(names, sizeof(names), f))
		found = !strncmp(names, "Udp:", 4) && fgets(values, sizeof(values), f);
	fclose(f);
	if (!found)
		die("/proc/self/net/snmp: no Udp lines");
	*no_ports = *rcvbuf_errors = -1;
	for (n = strtok_r(names, " \n", &ns), v = strtok_r(values, " \n", &vs); n && v;
	     n = strtok_r(NULL, " \n", &ns), v = strtok_r(NULL, " \n", &vs)) {
		if (!strcmp(n, "NoPorts"))
			*no_ports = atoll(v);
		else if (!strcmp(n, "RcvbufErrors"))
			*rcvbuf_errors = atoll(v);
	}
	if (*no_ports < 0 || *rcvbuf_errors < 0)
		die("/proc/self/net/snmp: no NoPorts or RcvbufErrors");
}

static void group_drops(struct totals *t)
{
	long long no_ports0, rcvbuf0, no_ports1, rcvbuf1;

	struct udp_pair p;
	char buf[MSG_BUF];
	int zero = 0, s;
	unsigned long long queued = 0;

	udp_snmp(&no_ports0, &rcvbuf0);
	udp_pair_open(&p);
	/* the kernel rounds 0 up to its smallest buffer: a few datagrams */
	if (setsockopt(p.r, SOL_SOCKET, SO_RCVBUF, &zero, sizeof(zero)))
		die("SO_RCVBUF: %s", strerror(errno));
	for (int i = 0; i < DROPS_SENT; i++)
		if (do_sendto(t, p.s, 64, NULL) != 64)
			die("sendto: %s", strerror(errno));
	/* loopback delivers within the send: what is not queued now was dropped */
	while (do_recvfrom(t, p.r, buf, sizeof(buf), MSG_DONTWAIT) == 64)
		queued++;
	if (errno != EAGAIN)
		die("recvfrom: %s", strerror(errno));
	if (queued == 0 || queued >= DROPS_SENT)
		die("drops: %llu of %d datagrams queued at the smallest receive buffer", queued,
		    DROPS_SENT);
	t->dgrams_sent += DROPS_SENT;
	t->dgrams_recv += queued;
	t->dropped_rcvbuf += DROPS_SENT - queued;
	udp_pair_close(&p);

	s = udp_to_dead_port();
	for (int i = 0; i < DROPS_NO_PORT_TRIES; i++) {
		ssize_t n = do_sendto(t, s, 64, NULL);

		if (n == 64)
			t->dropped_no_socket++;
		else if (n >= 0 || errno != ECONNREFUSED)
			die("sendto to a port nobody has: %s", n < 0 ? strerror(errno) : "short");
	}
	if (!t->dropped_no_socket)
		die("drops: no sendto to a port nobody has succeeded");
	close(s);
	udp_snmp(&no_ports1, &rcvbuf1);
	t->snmp_no_ports += no_ports1 - no_ports0;
	t->snmp_rcvbuf_errors += rcvbuf1 - rcvbuf0;
}

/* the state letter of /proc/PID/task/TID/stat, or 0 */
static char task_state(pid_t pid, pid_t tid)
{
	char path[64], buf[512], *paren, state;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	/* the name in parentheses may hold ')' itself */
	paren = strrchr(buf, ')');
	return paren && sscanf(paren + 1, " %c", &state) == 1 ? state : 0;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* the interrupt group: what the main thread blocks in, and who ends the wait */
enum intr_call { INTR_SENDTO, INTR_SENDMMSG, INTR_RECVMMSG };

struct intr_ctl {
	pthread_t main;		/* the thread that blocks, and its tid for /proc */
	pid_t tid;
	long nr;		/* the syscall it blocks in */
	int far;		/* the other end: read datagrams from it (a send
				 * blocks) or write one to it (a receive blocks) */
	bool unblock_by_write;
	int done;		/* the main thread's call returned (atomic) */
};

static int intr_handled;	/* SIGUSR1 handler runs (atomic) */

static void intr_handler(int sig)
{
	(void)sig;
	__atomic_add_fetch(&intr_handled, 1, __ATOMIC_SEQ_CST);
}

/* is thread TID of this process asleep in syscall NR? /proc/.../syscall
 * shows the number only while the thread is blocked */
static bool intr_blocked_in(pid_t tid, long nr)
{
	char path[64], buf[256];
	ssize_t n;
	int fd;

	if (task_state(getpid(), tid) != 'S')
		return false;
	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("open %s: %s", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	return strtol(buf, NULL, 10) == nr && buf[0] >= '0' && buf[0] <= '9';
}

/*
 * Wait until the main thread sleeps in its call. Before the first signal it
 * is in no other call; after a signal the caller has seen that signal
 * handled (intr_handled), so the call seen is the retry or the restarted
 * call. A thread asleep inside the call is in its wait or gets there: the
 * signal sent next interrupts it either way (a pending signal ends the wait
 * before it starts).
 */
static void intr_wait_blocked(const struct intr_ctl *c, const char *what)
{
	int seen = 0;

	for (int waited = 0; seen < 1; waited += INTR_POLL_MS) {
		if (waited >= INTR_WAIT_MS)
			die("interrupt: the main thread is not blocked in syscall %ld %s",
			    c->nr, what);
		seen = intr_blocked_in(c->tid, c->nr) ? seen + 1 : 0;
		sleep_ms(INTR_POLL_MS);
	}
}

static void *intr_helper(void *arg)
{
	struct intr_ctl *c = arg;
	char buf[MSG_BUF];
	ssize_t n;

	for (int i = 1; i <= INTR_SIGNALS; i++) {
		int err;

		intr_wait_blocked(c, i == 1 ? "before the first signal" : "after a signal");
		err = pthread_kill(c->main, SIGUSR1);
		if (err)
			die("pthread_kill: %s", strerror(err));
		/* one signal at a time: two pending SIGUSR1 would be one */
		for (int waited = 0; __atomic_load_n(&intr_handled, __ATOMIC_SEQ_CST) < i;
		     waited += INTR_POLL_MS) {
			if (waited >= INTR_WAIT_MS)
				die("interrupt: signal %d not handled in %d ms", i, INTR_WAIT_MS);
			sleep_ms(INTR_POLL_MS);
		}
	}
	intr_wait_blocked(c, "after the last signal");
	/* one write, or a read per poll until the send returns; the far end is
	 * non-blocking, so neither can hang */
	for (int waited = 0, io = 0; !__atomic_load_n(&c->done, __ATOMIC_SEQ_CST);
	     waited += INTR_POLL_MS, io++) {
		if (waited >= INTR_WAIT_MS)
			die("interrupt: the main thread's call did not return in %d ms", INTR_WAIT_MS);
		if (c->unblock_by_write && io == 0)
			n = write(c->far, payload, INTR_DGRAM);
		else if (!c->unblock_by_write)
			n = read(c->far, buf, sizeof(buf));
		else
			n = INTR_DGRAM;
		if (n != INTR_DGRAM)
			die("interrupt: %s of one datagram: %zd (%s)",
			    c->unblock_by_write ? "write" : "read", n,
			    n < 0 ? strerror(errno) : "short");
		sleep_ms(INTR_POLL_MS);
	}
	return NULL;
}

/* one call of the kind under test on FD, counted; V is sendmmsg's or recvmmsg's vector */
static long intr_call_once(struct totals *t, enum intr_call call, int fd, struct mmsghdr *v)
{
	switch (call) {
	case INTR_SENDTO:
		return do_sendto(t, fd, INTR_DGRAM, NULL);
	case INTR_SENDMMSG:
		return do_sendmmsg(t, fd, v, 1, 0);
	default:
		return recvmmsg_call(t, fd, v, 1, 0);
	}
}

/* fill FD's peer queue with non-blocking sends (counted, the EAGAIN too),
 * then make FD blocking again */
static void intr_fill(struct totals *t, enum intr_call call, int fd, struct mmsghdr *v)
{
	set_nonblock(fd, true);
	for (int i = 0;; i++) {
		if (i == INTR_FILL_MAX)
			die("interrupt: no EAGAIN in %d sends on a unix socket", INTR_FILL_MAX);
		if (intr_call_once(t, call, fd, v) >= 0)
			continue;
		if (errno != EAGAIN)
			die("interrupt: filling the queue: %s", strerror(errno));
		break;
	}
	set_nonblock(fd, false);
}

/*
 * One phase: the main thread blocks in CALL on FD while the helper thread
 * signals it INTR_SIGNALS times, then unblocks it through FAR. Every EINTR
 * is counted and retried with the same arguments.
 */
static void intr_phase(struct totals *t, enum intr_call call, bool restart, int fd, int far,
		       struct mmsghdr *v)
{
	static const char *const names[] = { "sendto", "sendmmsg", "recvmmsg" };
	static const long nrs[] = { SYS_sendto, SYS_sendmmsg, SYS_recvmmsg };
	struct sigaction sa = { .sa_handler = intr_handler, .sa_flags = restart ? SA_RESTART : 0 };
	struct intr_ctl c = { .main = pthread_self(), .tid = (pid_t)syscall(SYS_gettid),
			      .nr = nrs[call], .far = far, .unblock_by_write = call == INTR_RECVMMSG };
	const char *phase = restart ? "restart" : "eintr";
	pthread_t helper;
	int err, eintr = 0;
	long ret;

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGUSR1, &sa, NULL))
		die("sigaction: %s", strerror(errno));
	if (call != INTR_RECVMMSG)
		intr_fill(t, call, fd, v);
	__atomic_store_n(&intr_handled, 0, __ATOMIC_SEQ_CST);
	err = pthread_create(&helper, NULL, intr_helper, &c);
	if (err)
		die("pthread_create: %s", strerror(err));
	while ((ret = intr_call_once(t, call, fd, v)) < 0 && errno == EINTR)
		eintr++;
	if (ret < 0)
		die("interrupt: %s (%s): %s", names[call], phase, strerror(errno));
	__atomic_store_n(&c.done, 1, __ATOMIC_SEQ_CST);
	err = pthread_join(helper, NULL);
	if (err)
		die("pthread_join: %s", strerror(err));
	if (eintr != (restart ? 0 : INTR_SIGNALS))
		fprintf(stderr, "patterns: note: %s (%s): %d EINTR for %d signals%s\n", names[call],
			phase, eintr, INTR_SIGNALS, restart ? " despite SA_RESTART" : "");
}

/* sendto, sendmmsg and recvmmsg, each interrupted without and with SA_RESTART */
static void group_interrupt(struct totals *t)
{
	static char rbuf[MSG_BUF];
	struct iovec siov = { payload, INTR_DGRAM }, riov = { rbuf, sizeof(rbuf) };
	struct sigaction old;

	if (sigaction(SIGUSR1, NULL, &old))
		die("sigaction: %s", strerror(errno));
	for (enum intr_call call = INTR_SENDTO; call <= INTR_RECVMMSG; call++) {
		struct mmsghdr v = { .msg_hdr = { .msg_iov = call == INTR_RECVMMSG ? &riov : &siov,
						  .msg_iovlen = 1 } };
		int sv[2], size = INTR_SNDBUF;

		/* sv[0] is the main thread's end, sv[1] the helper thread's */
		if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv))
			die("socketpair: %s", strerror(errno));
		if (setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size)))
			die("SO_SNDBUF: %s", strerror(errno));
		set_nonblock(sv[1], true);
		intr_phase(t, call, false, sv[0], sv[1], &v);
		intr_phase(t, call, true, sv[0], sv[1], &v);
		close(sv[0]);
		close(sv[1]);
	}
	if (sigaction(SIGUSR1, &old, NULL))
		die("sigaction: %s", strerror(errno));
}

static void run_groups(struct totals *t, unsigned int groups)
{
	if (groups & G_MMSG)
		group_mmsg(t);
	if (groups & G_SENDTO)
		group_sendto(t);
	if (groups & G_SENDMSG)
		group_sendmsg(t);
	if (groups & G_PARTIAL)
		group_partial(t);
	if (groups & G_ERRORS)
		group_errors(t);
	if (groups & G_INTERRUPT)
		group_interrupt(t);
	if (groups & G_HIDDEN)
		group_hidden(t);
	if (groups & G_RECV)
		group_recv(t, false);
	if (groups & G_RECVNB)
		group_recv(t, true);
	if (groups & G_WRITE)
		group_write(t);
	if (groups & G_PINGPONG)
		group_pingpong(t);
	if (groups & G_BURST)
		group_burst(t);
	if (groups & G_BATCHED)
		group_batched(t);
	if (groups & G_DROPS)
		group_drops(t);
}

static void *mmsg_thread(void *arg)
{
	group_mmsg(arg);
	return NULL;
}

static void merge(struct totals *into, const struct totals *from)
{
	for (int s = 0; s < SYS_COUNT; s++) {
		struct sys_totals *a = &into->sys[s];
		const struct sys_totals *b = &from->sys[s];

		a->calls += b->calls;
		a->msgs += b->msgs;
		a->bytes += b->bytes;
		a->errors += b->errors;
		a->partial += b->partial;
		a->could_block += b->could_block;
		for (int e = 0; e < MAX_ERRNO; e++)
			a->errnos[e] += b->errnos[e];
	}
	for (int e = 0; e < MAX_ERRNO; e++)
		into->hidden[e] += from->hidden[e];
	into->dropped_rcvbuf += from->dropped_rcvbuf;
	into->dropped_no_socket += from->dropped_no_socket;
	into->snmp_no_ports += from->snmp_no_ports;
	into->snmp_rcvbuf_errors += from->snmp_rcvbuf_errors;
	into->dgrams_sent += from->dgrams_sent;
	into->dgrams_recv += from->dgrams_recv;
	into->other_writes += from->other_writes;
}

static const char *errno_name(int e, char *buf, size_t size)
{
	static const struct { int e; const char *name; } names[] = {
		{ EAGAIN, "EAGAIN" }, { EBADF, "EBADF" }, { EMSGSIZE, "EMSGSIZE" },
		{ EINTR, "EINTR" }, { EINVAL, "EINVAL" }, { EFAULT, "EFAULT" },
		{ ENOBUFS, "ENOBUFS" }, { ENOTSOCK, "ENOTSOCK" }, { ECONNREFUSED, "ECONNREFUSED" },
		{ EPERM, "EPERM" }, { EACCES, "EACCES" }, { ENOMEM, "ENOMEM" },
		{ EPIPE, "EPIPE" }, { EDESTADDRREQ, "EDESTADDRREQ" }, { ENOTCONN, "ENOTCONN" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { ENETUNREACH, "ENETUNREACH" },
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(buf, size, "E%d", e);
	return buf;
}

struct out {
	char buf[8192];
	size_t len;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, sizeof(o->buf) - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(o->buf) - o->len)
		die("output line too long");
	o->len += n;
}

/* the comm as a JSON string; false when it has bytes JSON cannot carry as they are */
static bool put_comm(struct out *o, const char *comm)
{
	for (const unsigned char *c = (const unsigned char *)comm; *c; c++)
		if (*c >= 0x80)
			return false;
	put(o, ",\"comm\":\"");
	for (const unsigned char *c = (const unsigned char *)comm; *c; c++) {
		if (*c == '"' || *c == '\\')
			put(o, "\\%c", *c);
		else if (*c < 0x20 || *c == 0x7f)
			put(o, "\\u%04x", *c);
		else
			put(o, "%c", *c);
	}
	put(o, "\"");
	return true;
}

/* ,"hidden_errors":{"messages":N,"errno":{...}}, as mmsgtrace puts it */
static void put_hidden(struct out *o, const struct totals *t)
{
	unsigned long long n = 0;
	bool first = true;
	char ebuf[16];

	for (int e = 0; e < MAX_ERRNO; e++)
		n += t->hidden[e];
	put(o, "},\"hidden_errors\":{\"messages\":%llu,\"errno\":{", n);
	for (int e = 0; e < MAX_ERRNO; e++) {
		if (!t->hidden[e])
			continue;
		put(o, "%s\"%s\":%llu", first ? "" : ",", errno_name(e, ebuf, sizeof(ebuf)),
		    t->hidden[e]);
		first = false;
	}
	put(o, "}}");
}

static void print_line(const struct totals *t)
{
	static struct out o;
	char comm[17] = { 0 }, ebuf[16];
	size_t off = 0;

	o.len = 0;
	if (prctl(PR_GET_NAME, comm))
		die("PR_GET_NAME: %s", strerror(errno));
	put(&o, "{\"pid\":%d", (int)getpid());
	put_comm(&o, comm);
	put(&o, ",\"syscalls\":{");
	for (int s = 0; s < SYS_COUNT; s++) {
		const struct sys_totals *x = &t->sys[s];
		bool first = true;

		put(&o, "%s\"%s\":{\"calls\":%llu,\"msgs\":%llu,\"bytes\":%llu,\"errors\":%llu,"
		    "\"partial\":%llu,\"short\":%llu,\"could_block\":%llu,\"errno\":{",
		    s ? "," : "", sys_names[s], x->calls, x->msgs, x->bytes, x->errors,
		    s == SYS_RECVMMSG ? 0 : x->partial, s == SYS_RECVMMSG ? x->partial : 0,
		    x->could_block);
		for (int e = 0; e < MAX_ERRNO; e++) {
			if (!x->errnos[e])
				continue;
			put(&o, "%s\"%s\":%llu", first ? "" : ",", errno_name(e, ebuf, sizeof(ebuf)),
			    x->errnos[e]);
			first = false;
		}
		put(&o, "}}");
	}
	put_hidden(&o, t);
	/* as mmsgtrace's "drops" of the process: both kinds were sent by its
	 * sockets, the first also dropped at one */
	if (t->dropped_rcvbuf || t->dropped_no_socket)
		put(&o, ",\"drops\":{\"total\":%llu,\"by_reason\":{\"NO_SOCKET\":%llu,"
		    "\"SOCKET_RCVBUFF\":%llu},\"to_its_sockets\":%llu,\"from_its_sockets\":%llu}",
		    t->dropped_rcvbuf + t->dropped_no_socket, t->dropped_no_socket,
		    t->dropped_rcvbuf, t->dropped_rcvbuf, t->dropped_rcvbuf + t->dropped_no_socket);
	if (t->dropped_rcvbuf || t->dropped_no_socket)
		put(&o, ",\"kernel_udp\":{\"NoPorts\":%lld,\"RcvbufErrors\":%lld}", t->snmp_no_ports,
		    t->snmp_rcvbuf_errors);
	put(&o, ",\"other_writes\":%llu}\n", t->other_writes);
	while (off < o.len) {
		ssize_t n = write(STDOUT_FILENO, o.buf + off, o.len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die("write: %s", strerror(errno));
		off += n;
	}
}

/* CHILD ended with status 0, or die */
static void wait_child(pid_t child)
{
	int status;

	while (waitpid(child, &status, 0) != child)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("child %d failed (status 0x%x)", (int)child, status);
}

/* the patterns of one process (main thread, plus the mmsg thread with
 * --threads); with CHILD > 0, wait for that child to succeed before printing */
static void run_process(unsigned int groups, bool threads, pid_t child)
{
	static struct totals main_t, thread_t;
	pthread_t th;
	int err;

	memset(&main_t, 0, sizeof(main_t));
	memset(&thread_t, 0, sizeof(thread_t));
	if (threads && (groups & G_MMSG)) {
		err = pthread_create(&th, NULL, mmsg_thread, &thread_t);
		if (err)
			die("pthread_create: %s", strerror(err));
	}
	run_groups(&main_t, groups);
	if (threads && (groups & G_MMSG)) {
		err = pthread_join(th, NULL);
		if (err)
			die("pthread_join: %s", strerror(err));
		merge(&main_t, &thread_t);
	}
	/* the drops group's receiver drops on purpose: those are counted */
	if (main_t.dgrams_recv + main_t.dropped_rcvbuf != main_t.dgrams_sent)
		die("%llu datagrams sent on loopback but %llu received", main_t.dgrams_sent,
		    main_t.dgrams_recv);
	if (child > 0)
		wait_child(child);
	print_line(&main_t);
}

static int hex(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* decode C escapes in S into OUT (at most SIZE - 1 bytes; no NUL allowed) */
static void unescape(const char *s, char *out, size_t size)
{
	static const char from[] = "ntreabfv\\\"'", to[] = "\n\t\r\033\a\b\f\v\\\"'";
	size_t n = 0;

	for (; *s; s++) {
		int c = (unsigned char)*s;

		if (c == '\\') {
			const char *p;

			s++;
			if (*s == 'x' && hex(s[1]) >= 0) {
				c = hex(*++s);
				if (hex(s[1]) >= 0)
					c = c * 16 + hex(*++s);
			} else if (*s && (p = strchr(from, *s))) {
				c = (unsigned char)to[p - from];
			} else {
				usage("--comm: unknown escape");
			}
		}
		if (c == 0)
			usage("--comm: a NUL byte cannot be part of a name");
		if (n + 1 >= size)
			usage("--comm: name too long");
		out[n++] = c;
	}
	out[n] = 0;
}

static unsigned int parse_groups(const char *list)
{
	static const char *const names[] = { "mmsg", "sendto", "sendmsg", "partial", "errors",
					     "interrupt", "hidden", "recv", "pingpong", "burst",
					     "batched", "drops", "write", "recvnb" };
	char *copy = strdup(list), *save = NULL, *tok;
	unsigned int groups = 0;

	if (!copy)
		die("out of memory");
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;

		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (!strcmp(tok, names[i]))
				break;
		if (i == sizeof(names) / sizeof(names[0]))
			usage("--only: unknown group");
		groups |= 1u << i;
	}
	free(copy);
	if (!groups)
		usage("--only: empty list");
	return groups;
}

/* block until a line or EOF on stdin, without stdio (nothing buffered across fork) */
static void wait_for_go(void)
{
	char c;
	ssize_t n;

	while ((n = read(STDIN_FILENO, &c, 1)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("read stdin: %s", strerror(errno));
		if (c == '\n')
			return;
	}
}

/* what to do, from the options */
struct plan {
	unsigned int groups;
	bool fork_child, fork_early, threads, leader_exits, wait;
	pid_t early_child;	/* --fork-early, in the parent: the child to wait for */
};

/* everything after the go line (in the worker thread with --leader-exits) */
static void after_go(const struct plan *p)
{
	pid_t child;

	if (p->fork_child) {
		child = fork();
		if (child < 0)
			die("fork: %s", strerror(errno));
		if (child == 0) {
			run_process(p->groups, p->threads, 0);
			_exit(0);
		}
		wait_child(child);
	}
	run_process(p->groups, p->threads, p->early_child);
}

/* --leader-exits: runs once the main thread is gone, and ends the process */
static void *leader_exits_worker(void *arg)
{
	pid_t pid = getpid();

	for (int waited = 0; task_state(pid, pid) != 'Z'; waited += LEADER_POLL_MS) {
		if (waited >= LEADER_WAIT_MS)
			die("the main thread is not a zombie %d ms after pthread_exit",
			    LEADER_WAIT_MS);
		sleep_ms(LEADER_POLL_MS);
	}
	wait_for_go();
	after_go(arg);
	exit(0);
}

static void enter_netns(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die("--netns %s: %s", path, strerror(errno));
	close(fd);
}

int main(int argc, char **argv)
{
	static struct plan p = { .groups = G_ALL, .wait = true };
	const char *comm = NULL;
	char name[256];
	pthread_t worker;
	int err;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--comm") && i + 1 < argc)
			comm = argv[++i];
		else if (!strcmp(argv[i], "--only") && i + 1 < argc)
			p.groups = parse_groups(argv[++i]);
		else if (!strcmp(argv[i], "--fork"))
			p.fork_child = true;
		else if (!strcmp(argv[i], "--fork-early"))
			p.fork_early = true;
		else if (!strcmp(argv[i], "--threads"))
			p.threads = true;
		else if (!strcmp(argv[i], "--leader-exits"))
			p.leader_exits = true;
		else if (!strcmp(argv[i], "--no-wait"))
			p.wait = false;
		else if (!strcmp(argv[i], "--netns") && i + 1 < argc)
			enter_netns(argv[++i]);
		else
			usage("unknown or incomplete option");
	}
	if (p.fork_early && (p.fork_child || p.leader_exits))
		usage("--fork-early goes with neither --fork nor --leader-exits");
	memset(payload, 'p', sizeof(payload));
	if (comm) {
		unescape(comm, name, sizeof(name));
		if (prctl(PR_SET_NAME, name))
			die("PR_SET_NAME: %s", strerror(errno));
	}
	alarm(SELF_TIMEOUT_S);
	if (p.fork_early) {
		pid_t parent = getpid();

		p.early_child = fork();
		if (p.early_child < 0)
			die("fork: %s", strerror(errno));
		if (p.early_child == 0) {
			/* alarms are not inherited; and gone with its parent */
			alarm(SELF_TIMEOUT_S);
			if (prctl(PR_SET_PDEATHSIG, SIGKILL))
				die("PR_SET_PDEATHSIG: %s", strerror(errno));
			if (getppid() != parent)
				die("the parent ended before the child started");
		}
	}
	if (p.wait)
		wait_for_go();
	if (!p.leader_exits) {
		after_go(&p);
		return 0;
	}
	err = pthread_create(&worker, NULL, leader_exits_worker, &p);
	if (err)
		die("pthread_create: %s", strerror(err));
	pthread_exit(NULL);
}
