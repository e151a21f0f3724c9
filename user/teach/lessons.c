// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The lessons of `mmsgtrace learn` (see lessons.h). Each experiment makes
 * its calls on sockets of its own, in this process, traced; its verdict
 * compares what the man page says with what the kernel's records show.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/clock.h"
#include "common/names.h"
#include "core/fit.h"
#include "drive/drive.h"
#include "teach/learn.h"
#include "teach/lessons.h"

#define MAX_VLEN 2000			/* lesson 6 asks for more than UIO_MAXIOV */
#define BIG_MSG 70000			/* more than one UDP datagram can hold (65507) */
#define RETRY_LIMIT 1000		/* a retry loop that does not finish is a finding */
#define DRIVE_POINT_S 0.3		/* lesson 1's runs of the driver */

static void on_record(void *ctx, const struct mmsg_call_record *rec)
{
	struct lesson *l = ctx;

	if (l->ncalls < LESSON_MAX_CALLS)
		l->calls[l->ncalls++] = *rec;
	else
		l->calls_dropped++;
}

int lab__collect(struct lab *lab)
{
	int n;

	while ((n = tracer__poll(lab->tracer, 0)) > 0)
		;
	return n < 0 ? n : 0;
}

/* the lab's tracer: this process's sends, every record at once (not staged:
 * an experiment reads the records of each call right after it) */
/* a message's own result: it comes before the record of its call, so it
 * belongs to the call recorded next */
static void on_msg(void *ctx, const struct mmsg_msg_record *rec)
{
	struct lesson *l = ctx;

	if (l->nmsgs == LESSON_MAX_MSGS) {
		l->msgs_dropped++;
		return;
	}
	l->msgs[l->nmsgs++] = (struct lesson_msg){ .call = (uint32_t)(l->ncalls + l->calls_dropped),
						   .index = rec->index, .ret = rec->ret };
}

int lab__open(struct lab *lab, char *err, size_t errlen)
{
	struct tracer_config tc;

	tracer_config__drive(&tc, lab->settings, getpid(), MMSG_SYS_SENDMMSG);
	tc.syscall_mask |= 1u << MMSG_SYS_SENDTO | 1u << MMSG_SYS_SENDMSG;
	tc.stage_records = false;
	/* each message's own result, and the errors sendmmsg does not report */
	tc.msg_records = true;
	tc.hidden_errors = true;
	tc.on_msg = on_msg;
	lab->lesson->have_msgs = true;
	tc.on_record = on_record;
	tc.ctx = lab->lesson;
	return tracer__new(&tc, &lab->tracer, err, errlen) ? 1 : 0;
}

int lab__close(struct lab *lab, int ret, char *err, size_t errlen)
{
	int stopped;

	if (!lab->tracer)
		return ret;
	stopped = tracer__stop(lab->tracer);
	if (!ret && stopped) {
		snprintf(err, errlen, "reading the ring buffer failed: %s", strerror(-stopped));
		ret = 1;
	}
	tracer__free(lab->tracer);
	lab->tracer = NULL;
	return ret;
}

static char payload[BIG_MSG];
static struct mmsghdr msgs[MAX_VLEN];
static struct iovec iovs[MAX_VLEN];

/* n messages of the given sizes (the last size repeats) */
static struct mmsghdr *batch(const uint32_t *sizes, unsigned nsizes, unsigned n)
{
	memset(msgs, 0, sizeof(msgs[0]) * n);
	for (unsigned i = 0; i < n; i++) {
		iovs[i].iov_base = payload;
		iovs[i].iov_len = sizes[i < nsizes ? i : nsizes - 1];
		msgs[i].msg_hdr.msg_iov = &iovs[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	return msgs;
}

/* a UDP socket on 127.0.0.1 that nobody reads (*port: where it listens),
 * and a sender connected to it; 0 or -errno */
static int udp_pair(int *sink, int *sender, uint16_t *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);

	*sink = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	*sender = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (*sink < 0 || *sender < 0 || bind(*sink, (struct sockaddr *)&a, sizeof(a)) ||
	    getsockname(*sink, (struct sockaddr *)&a, &len) ||
	    connect(*sender, (struct sockaddr *)&a, sizeof(a)))
		return -errno;
	if (port)
		*port = ntohs(a.sin_port);
	return 0;
}

/* a unix datagram pair whose sender has the smallest send buffer: it is
 * full after a few messages until the receiver reads them */
static int unix_pair(int fds[2], bool nonblocking)
{
	int one = 1;

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | (nonblocking ? SOCK_NONBLOCK : 0), 0,
		       fds))
		return -errno;
	/* the kernel rounds this up to its minimum */
	return setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &one, sizeof(one)) ? -errno : 0;
}

/* read everything queued on fd; returns the datagrams read */
static unsigned drain(int fd)
{
	char buf[2048];
	unsigned n = 0;

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) >= 0)
		n++;
	return n;
}

static void close_all(int *fds, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
}

static int setup_failed(char *err, size_t errlen, int ret)
{
	snprintf(err, errlen, "the experiment's sockets could not be set up: %s", strerror(-ret));
	return 1;
}

/* the record of the last call made (collected first), or NULL */
static const struct mmsg_call_record *last_call(struct lab *lab)
{
	lab__collect(lab);
	return lab->lesson->ncalls ? &lab->lesson->calls[lab->lesson->ncalls - 1] : NULL;
}

/* ------------------------------------------------------------------------ */
/* 1. one call, many messages                                               */

static int lesson_one_call(struct lab *lab, char *err, size_t errlen)
{
	static const unsigned vlens[] = { 1, 8, 64 };
	struct lesson *l = lab->lesson;
	struct drive_result *res = malloc(sizeof(*res));
	struct fit_point fp[3];
	struct drive_config cfg;
	double sendto_rate = 0, rate64 = 0;
	uint64_t calls64 = 0, msgs64 = 0;
	bool match = true;
	struct fit fit;
	int ret = 0;

	if (!res)
		return snprintf(err, errlen, "out of memory"), 1;
	snprintf(l->experiment, sizeof(l->experiment), "the driver sends 64 B UDP messages for "
		 "%.1f s each: a sendto loop, then sendmmsg at vlen 1, 8 and 64; the kernel counts "
		 "calls, messages and the time inside each call", DRIVE_POINT_S);
	for (unsigned i = 0; i < 4 && !ret && !*lab->stop; i++) {
		drive_config__defaults(&cfg);
		cfg.tracer = *lab->settings;
		cfg.driver.duration_s = DRIVE_POINT_S;
		cfg.driver.send_mode = i ? SEND_SENDMMSG : SEND_SENDTO;
		cfg.driver.vlen = i ? vlens[i - 1] : 64;
		ret = drive__measure(&cfg, lab->stop, res, err, errlen);
		if (ret)
			break;
		match &= res->sum.match;
		if (!i) {
			sendto_rate = res->sum.kernel.msgs / res->sum.seconds;
			continue;
		}
		fp[i - 1] = (struct fit_point){ (double)res->sum.kernel.msgs / res->sum.kernel.calls,
						(double)res->sum.kernel.latency_ns / res->sum.kernel.calls };
		if (vlens[i - 1] == 64) {
			calls64 = res->sum.kernel.calls;
			msgs64 = res->sum.kernel.msgs;
			rate64 = msgs64 / res->sum.seconds;
		}
	}
	free(res);
	if (ret || *lab->stop)
		return ret;
	fit__call_time(fp, 3, &fit);
	lesson__uint(l, "calls_vlen64", "sendmmsg calls at vlen 64", calls64);
	lesson__uint(l, "messages_vlen64", "messages they carried", msgs64);
	lesson__double(l, "msgs_per_call_vlen64", "messages per call", calls64 ? (double)msgs64 / calls64 : 0);
	lesson__double(l, "msgs_per_s_sendto", "msgs/s, sendto loop", sendto_rate);
	lesson__double(l, "msgs_per_s_vlen64", "msgs/s, sendmmsg vlen 64", rate64);
	lesson__double(l, "fixed_ns", "cost of a call before its first message, ns", fit.fixed_ns);
	lesson__double(l, "per_msg_ns", "cost per message, ns", fit.per_msg_ns);
	lesson__bool(l, "fit_good", "the fit describes the points", fit.good);
	lesson__bool(l, "match", "kernel totals equal the driver's", match);
	l->confirmed = calls64 > 0 && msgs64 == 64 * calls64 && match;
	if (l->confirmed && fit.good)
		snprintf(l->finding, sizeof(l->finding), "each of the %llu calls at vlen 64 carried 64 "
			 "messages; a call costs %.2f us before its first message and %.2f us per "
			 "message here, so one call for 64 messages saves 63 times the first",
			 (unsigned long long)calls64, fit.fixed_ns / 1000, fit.per_msg_ns / 1000);
	else if (l->confirmed)
		snprintf(l->finding, sizeof(l->finding), "each of the %llu calls at vlen 64 carried 64 "
			 "messages (the costs per call and per message did not fit a line this time)",
			 (unsigned long long)calls64);
	else
		snprintf(l->finding, sizeof(l->finding), "at vlen 64 the kernel counted %llu calls and "
			 "%llu messages, not 64 per call", (unsigned long long)calls64,
			 (unsigned long long)msgs64);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* 2. msg_len, per message                                                  */

static int lesson_msg_len(struct lab *lab, char *err, size_t errlen)
{
	static const uint32_t sizes[] = { 1, 100, 1400, 0, 9000 };
	const unsigned n = sizeof(sizes) / sizeof(sizes[0]);
	struct lesson *l = lab->lesson;
	const struct mmsg_call_record *r;
	char got[128] = "", want[128] = "";
	uint64_t sum = 0;
	bool each = true;
	int fds[2] = { -1, -1 }, ret;

	snprintf(l->experiment, sizeof(l->experiment), "one sendmmsg of %u UDP messages of 1, 100, "
		 "1400, 0 and 9000 bytes; then the msg_len of each element, and the bytes the BPF "
		 "program read from the same array at the call's exit", n);
	ret = udp_pair(&fds[0], &fds[1], NULL);
	if (ret)
		return close_all(fds, 2), setup_failed(err, errlen, ret);
	ret = sendmmsg(fds[1], batch(sizes, n, n), n, 0);
	r = last_call(lab);
	for (unsigned i = 0; i < n; i++) {
		size_t a = strlen(got), b = strlen(want);

		snprintf(got + a, sizeof(got) - a, "%s%u", i ? "," : "", msgs[i].msg_len);
		snprintf(want + b, sizeof(want) - b, "%s%u", i ? "," : "", sizes[i]);
		each &= msgs[i].msg_len == sizes[i];
		sum += msgs[i].msg_len;
	}
	close_all(fds, 2);
	/* what the kernel saw each message send: msg_len is its result */
	for (size_t m = 0; m < l->nmsgs; m++)
		each &= l->msgs[m].call == 0 && l->msgs[m].index < n &&
			l->msgs[m].ret == (int32_t)msgs[l->msgs[m].index].msg_len;
	each &= l->nmsgs == n;
	lesson__int(l, "ret", "the call returned", ret);
	lesson__text(l, "sizes", "bytes asked for, per message", want);
	lesson__text(l, "msg_len", "msg_len after the call, per message", got);
	lesson__uint(l, "msg_len_sum", "sum of msg_len", sum);
	lesson__uint(l, "bytes_read_by_bpf", "bytes the BPF program read", r ? r->bytes : 0);
	l->confirmed = ret == (int)n && each && r && r->ret == ret && r->bytes == sum;
	if (l->confirmed)
		snprintf(l->finding, sizeof(l->finding), "every element's msg_len holds the bytes of "
			 "its message (%s), as sendmsg returned them to the kernel message by message, "
			 "and the BPF program read the same %llu bytes", got, (unsigned long long)sum);
	else
		snprintf(l->finding, sizeof(l->finding), "the call returned %d; msg_len %s for sizes %s; "
			 "the BPF program read %llu bytes", ret, got, want,
			 (unsigned long long)(r ? r->bytes : 0));
	return 0;
}

/* ------------------------------------------------------------------------ */
/* 3. fewer than vlen, and the retry                                        */

static int lesson_partial(struct lab *lab, char *err, size_t errlen)
{
	static const uint32_t size = 1000;
	const unsigned vlen = 64;
	struct lesson *l = lab->lesson;
	unsigned sent = 0, calls = 0, first = 0, recorded = 0;
	int fds[2] = { -1, -1 }, ret = unix_pair(fds, false);

	snprintf(l->experiment, sizeof(l->experiment), "%u messages of %u B with MSG_DONTWAIT into "
		 "a unix datagram socket whose sender's buffer holds only a few; after each call the "
		 "receiver reads what arrived, and the caller retries with the rest", vlen, size);
	if (ret)
		return close_all(fds, 2), setup_failed(err, errlen, ret);
	batch(&size, 1, vlen);
	while (sent < vlen && calls < RETRY_LIMIT) {
		int r = sendmmsg(fds[0], msgs + sent, vlen - sent, MSG_DONTWAIT);

		calls++;
		if (r > 0)
			sent += r;
		if (calls == 1)
			first = r > 0 ? (unsigned)r : 0;
		if (r < 0 && errno != EAGAIN)
			break;
		drain(fds[1]);
	}
	close_all(fds, 2);
	lab__collect(lab);
	for (size_t i = 0; i < l->ncalls; i++)
		recorded += l->calls[i].ret > 0 ? (unsigned)l->calls[i].ret : 0;
	lesson__uint(l, "vlen", "messages to send", vlen);
	lesson__uint(l, "first_ret", "the first call returned", first);
	lesson__uint(l, "calls_to_finish", "calls until all were sent", calls);
	lesson__uint(l, "messages_recorded", "messages the kernel's records add up to", recorded);
	l->confirmed = first > 0 && first < vlen && sent == vlen && recorded == vlen &&
		       l->ncalls == calls;
	if (l->confirmed)
		snprintf(l->finding, sizeof(l->finding), "the first call sent %u of %u and returned %u, "
			 "not an error; retrying with the rest finished the batch in %u calls", first,
			 vlen, first, calls);
	else
		snprintf(l->finding, sizeof(l->finding), "the first call returned %u of %u; %u calls "
			 "sent %u (the records add up to %u)", first, vlen, calls, sent, recorded);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* 4. blocking waits for all vlen, nonblocking returns at once              */

struct reader {
	int fd;
	pid_t writer;			/* the thread that makes the blocking call */
	atomic_bool done;		/* the call returned */
	uint64_t first_read_ns;		/* when it began to read (CLOCK_MONOTONIC) */
	bool saw_blocked;		/* it saw the writer asleep in sendmmsg first */
};

/* the writer thread is asleep inside sendmmsg (from /proc) */
static bool asleep_in_sendmmsg(pid_t tid)
{
	char path[64], buf[256], state = 0, *paren;
	long nr = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", tid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fscanf(f, "%ld", &nr) != 1)
		nr = -1;
	fclose(f);
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f) && (paren = strrchr(buf, ')')))
		sscanf(paren + 1, " %c", &state);
	fclose(f);
	return nr == SYS_sendmmsg && state == 'S';
}

static void *reader_main(void *arg)
{
	struct reader *r = arg;
	/* a failsafe only: the writer blocks at once on the full buffer */
	uint64_t give_up = clock__now_ns() + 10 * NS_PER_S;

	while (!(r->saw_blocked = asleep_in_sendmmsg(r->writer)) && clock__now_ns() < give_up)
		usleep(1000);
	r->first_read_ns = clock__now_ns();
	while (!atomic_load(&r->done)) {
		if (!drain(r->fd))
			usleep(200);
	}
	return NULL;
}

static int lesson_blocking(struct lab *lab, char *err, size_t errlen)
{
	static const uint32_t size = 1000;
	const unsigned vlen = 16;
	struct lesson *l = lab->lesson;
	struct reader rd = { .writer = (pid_t)syscall(SYS_gettid) };
	const struct mmsg_call_record *r;
	int fds[2] = { -1, -1 }, ret = unix_pair(fds, false), nb, bl;
	pthread_t thr;
	uint64_t exit_ns;

	snprintf(l->experiment, sizeof(l->experiment), "%u messages of %u B into a unix datagram "
		 "socket whose sender's buffer holds a few: first with MSG_DONTWAIT, then blocking, "
		 "while a reader thread starts reading only once the caller is asleep in the call",
		 vlen, size);
	if (ret)
		return close_all(fds, 2), setup_failed(err, errlen, ret);
	batch(&size, 1, vlen);
	nb = sendmmsg(fds[0], msgs, vlen, MSG_DONTWAIT);
	drain(fds[1]);
	rd.fd = fds[1];
	ret = pthread_create(&thr, NULL, reader_main, &rd);
	if (ret)
		return close_all(fds, 2), setup_failed(err, errlen, -ret);
	bl = sendmmsg(fds[0], msgs, vlen, 0);
	atomic_store(&rd.done, true);
	pthread_join(thr, NULL);
	close_all(fds, 2);
	r = last_call(lab);
	exit_ns = r ? r->enter_ns + r->latency_ns : 0;
	lesson__int(l, "nonblocking_ret", "MSG_DONTWAIT returned", nb);
	lesson__int(l, "blocking_ret", "blocking returned", bl);
	lesson__double(l, "blocking_latency_us", "the blocking call took, us",
		       r ? r->latency_ns / 1000.0 : 0);
	lesson__bool(l, "reader_saw_caller_blocked", "the reader saw the caller asleep in it",
		     rd.saw_blocked);
	lesson__bool(l, "ended_after_reader_began", "it ended after the reader began",
		     exit_ns >= rd.first_read_ns);
	l->confirmed = nb >= 0 && (unsigned)nb < vlen && bl == (int)vlen && r && r->ret == bl &&
		       rd.saw_blocked && exit_ns >= rd.first_read_ns;
	if (l->confirmed)
		snprintf(l->finding, sizeof(l->finding), "with MSG_DONTWAIT the call returned %d at once; "
			 "blocking, it waited asleep until the reader made room and returned all %u, "
			 "after %.1f us", nb, vlen, r->latency_ns / 1000.0);
	else
		snprintf(l->finding, sizeof(l->finding), "MSG_DONTWAIT returned %d, blocking returned %d "
			 "of %u (asleep in the call: %s)", nb, bl, vlen, rd.saw_blocked ? "yes" : "no");
	return 0;
}

/* ------------------------------------------------------------------------ */
/* 5. errors inside a batch                                                 */

/* a UDP port on 127.0.0.1 that nobody listens on: one the kernel just gave
 * out and that was closed again */
static int free_port(uint16_t *port)
{
	int sink, sender, ret = udp_pair(&sink, &sender, port);

	close(sink);
	close(sender);
	return ret;
}

/* a sender connected to port */
static int connected_to(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&a, sizeof(a))) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

/* the messages of call c (their results, by index) as the hook saw them */
static int msg_ret(const struct lesson *l, size_t c, uint32_t index, bool *found)
{
	for (size_t m = 0; m < l->nmsgs; m++) {
		if (l->msgs[m].call == c && l->msgs[m].index == index) {
			*found = true;
			return l->msgs[m].ret;
		}
	}
	*found = false;
	return 0;
}

/* lesson 5's calls (records 0 .. 4), message by message: (a) the first call's
 * 3rd message EMSGSIZE, the retry's first too; (b) each call's 2nd message
 * ECONNREFUSED after a 1st that went out */
static bool messages_show_errors(const struct lesson *l)
{
	bool f1, f2, ok = l->ncalls == 5;

	ok = ok && msg_ret(l, 0, 2, &f1) == -EMSGSIZE && f1;
	ok = ok && msg_ret(l, 1, 0, &f1) == -EMSGSIZE && f1;
	for (size_t c = 2; ok && c < 5; c++)
		ok = msg_ret(l, c, 0, &f1) == 64 && f1 && msg_ret(l, c, 1, &f2) == -ECONNREFUSED && f2;
	return ok;
}

/* the messages the kernel counted as failed inside calls that returned > 0 */
static unsigned hidden_count(struct lab *lab)
{
	struct mmsg_totals t;

	return tracer__totals(lab->tracer, MMSG_SYS_SENDMMSG, &t) ? 0 : (unsigned)t.hidden_errors;
}

static void hidden_facts(struct lab *lab)
{
	static uint64_t errnos[MMSG_ERRNO_SLOTS];
	char text[64] = "";

	if (!tracer__hidden_errnos(lab->tracer, errnos)) {
		for (int e = 0; e < MMSG_ERRNO_SLOTS; e++) {
			size_t len = strlen(text);

			if (errnos[e])
				snprintf(text + len, sizeof(text) - len, "%s%s %llu", len ? ", " : "",
					 names__errno(e) ? names__errno(e) : "?",
					 (unsigned long long)errnos[e]);
		}
	}
	lesson__uint(lab->lesson, "hidden_errors", "messages failed, not reported (kernel count)",
		     hidden_count(lab));
	lesson__text(lab->lesson, "hidden_errnos", "by errno", text[0] ? text : "none");
}

static int lesson_errors(struct lab *lab, char *err, size_t errlen)
{
	static const uint32_t sizes[] = { 64, 64, BIG_MSG, 64 };
	const unsigned vlen = 4;
	struct lesson *l = lab->lesson;
	int fds[2] = { -1, -1 }, a1, a2, b[3], ret;
	int a2_errno = 0;
	char rets[48];
	uint16_t port;

	snprintf(l->experiment, sizeof(l->experiment), "connected UDP, vlen %u: (a) the 3rd message "
		 "is %u B, more than a datagram holds: a call, then a retry from the failed message; "
		 "(b) all 64 B to a port nobody listens on: a call and two retries from the "
		 "message that stopped the batch", vlen, BIG_MSG);
	ret = udp_pair(&fds[0], &fds[1], NULL);
	if (!ret)
		ret = free_port(&port);
	if (ret)
		return close_all(fds, 2), setup_failed(err, errlen, ret);
	/* (a) a persistent error */
	batch(sizes, vlen, vlen);
	a1 = sendmmsg(fds[1], msgs, vlen, 0);
	a2 = a1 >= 0 && (unsigned)a1 < vlen ? sendmmsg(fds[1], msgs + a1, vlen - a1, 0) : 0;
	if (a2 < 0)
		a2_errno = errno;
	close_all(fds, 2);
	/* (b) a one-shot error: the port unreachable report of the first message
	 * is consumed by the second */
	fds[0] = connected_to(port);
	if (fds[0] < 0)
		return setup_failed(err, errlen, fds[0]);
	batch(sizes, 1, vlen);
	for (unsigned i = 0, done = 0; i < 3; i++) {
		b[i] = sendmmsg(fds[0], msgs + done, vlen - done, 0);
		done += b[i] > 0 ? (unsigned)b[i] : 0;
		if (done >= vlen)
			done = 0;
	}
	close(fds[0]);
	lab__collect(lab);
	lesson__int(l, "persistent_first_ret", "(a) the call returned", a1);
	lesson__int(l, "persistent_retry_ret", "(a) the retry returned", a2);
	lesson__text(l, "persistent_retry_errno", "(a) the retry's errno",
		     a2 < 0 ? (names__errno(a2_errno) ? names__errno(a2_errno) : "?") : "none");
	snprintf(rets, sizeof(rets), "%d, %d, %d", b[0], b[1], b[2]);
	lesson__text(l, "oneshot_rets", "(b) the three calls returned", rets);
	hidden_facts(lab);
	l->confirmed = a1 == 2 && a2 == -1 && a2_errno == EMSGSIZE && b[0] == 1 && b[1] == 1 &&
		       b[2] == 1 && messages_show_errors(l);
	if (l->confirmed)
		snprintf(l->finding, sizeof(l->finding), "(a) the oversize 3rd message failed (EMSGSIZE, "
			 "its own result above) and the call returned 2, saying nothing of it; only the "
			 "retry, starting at that message, returned the error; (b) each call's 2nd message "
			 "failed with ECONNREFUSED and every call returned 1: the errors that stopped the "
			 "batches were never reported; the kernel counted %u errors that no call returned",
			 hidden_count(lab));
	else
		snprintf(l->finding, sizeof(l->finding), "(a) returned %d then %d (%s); (b) returned %d, "
			 "%d, %d", a1, a2, a2 < 0 ? strerror(a2_errno) : "no error", b[0], b[1], b[2]);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* 6. vlen is capped at UIO_MAXIOV                                          */

static int lesson_cap(struct lab *lab, char *err, size_t errlen)
{
	static const uint32_t size = 64;
	const unsigned vlen = MAX_VLEN;
	struct lesson *l = lab->lesson;
	const struct mmsg_call_record *r;
	int fds[2] = { -1, -1 }, ret;

	snprintf(l->experiment, sizeof(l->experiment), "one sendmmsg with vlen %u of 64 B UDP "
		 "messages to a socket that takes them all (what does not fit its queue is dropped "
		 "there, after the send succeeded)", vlen);
	ret = udp_pair(&fds[0], &fds[1], NULL);
	if (ret)
		return close_all(fds, 2), setup_failed(err, errlen, ret);
	ret = sendmmsg(fds[1], batch(&size, 1, vlen), vlen, 0);
	close_all(fds, 2);
	r = last_call(lab);
	lesson__uint(l, "vlen", "vlen asked for", vlen);
	lesson__int(l, "ret", "the call returned", ret);
	lesson__uint(l, "uio_maxiov", "UIO_MAXIOV", MMSG_UIO_MAXIOV);
	l->confirmed = ret == MMSG_UIO_MAXIOV && r && r->vlen == vlen && r->ret == ret;
	if (l->confirmed)
		snprintf(l->finding, sizeof(l->finding), "asked for %u, the call sent exactly %d: vlen is "
			 "capped at UIO_MAXIOV", vlen, ret);
	else
		snprintf(l->finding, sizeof(l->finding), "asked for %u, the call returned %d", vlen, ret);
	return 0;
}

/* ------------------------------------------------------------------------ */
/* 7. the flags are those of sendmsg                                        */

static int lesson_flags(struct lab *lab, char *err, size_t errlen)
{
	static const uint32_t size = 1000;
	const unsigned vlen = 64;
	struct lesson *l = lab->lesson;
	const struct mmsg_call_record *r;
	int fds[2] = { -1, -1 }, ret = unix_pair(fds, false), blocking;

	snprintf(l->experiment, sizeof(l->experiment), "a blocking unix datagram socket (O_NONBLOCK "
		 "not set) whose buffer holds a few messages; one sendmmsg of %u with MSG_DONTWAIT, "
		 "nobody reading", vlen);
	if (ret)
		return close_all(fds, 2), setup_failed(err, errlen, ret);
	blocking = !(fcntl(fds[0], F_GETFL) & O_NONBLOCK);
	ret = sendmmsg(fds[0], batch(&size, 1, vlen), vlen, MSG_DONTWAIT);
	close_all(fds, 2);
	r = last_call(lab);
	lesson__bool(l, "socket_blocking", "the socket is blocking", blocking);
	lesson__int(l, "ret", "the call returned", ret);
	lesson__text(l, "flags", "flags, as the kernel saw them",
		     r ? names__msg_flags(r->flags, (char[NAMES_FLAGS_LEN]){ 0 }, NAMES_FLAGS_LEN) : "?");
	l->confirmed = blocking && r && r->ret == ret && ret > 0 && (unsigned)ret < vlen &&
		       (r->flags & MSG_DONTWAIT);
	if (l->confirmed)
		snprintf(l->finding, sizeof(l->finding), "on a blocking socket, MSG_DONTWAIT made the call "
			 "return at once with %d of %u, as it does for sendmsg: nobody read, so a "
			 "blocking call would still be waiting", ret, vlen);
	else
		snprintf(l->finding, sizeof(l->finding), "the call returned %d of %u (socket blocking: "
			 "%s)", ret, vlen, blocking ? "yes" : "no");
	return 0;
}

const struct lesson_def lessons[] = {
	{ "one call transmits many messages: a single sendmmsg carries up to vlen of them, so "
	  "the cost of a syscall is paid once for all", "DESCRIPTION", true, lesson_one_call },
	{ "on return, the msg_len of each element holds the bytes sent from its message, as a "
	  "single sendmsg would return them", "DESCRIPTION", false, lesson_msg_len },
	{ "the return value is the number of messages sent, which can be less than vlen; the "
	  "caller can retry with the rest", "RETURN VALUE", false, lesson_partial },
	{ "a blocking call blocks until vlen messages have been sent; a nonblocking one sends what "
	  "it can and returns at once", "DESCRIPTION", false, lesson_blocking },
	{ "an error is returned only if no datagrams could be sent: the error of a message that "
	  "stops a batch is not reported at all", "ERRORS", false, lesson_errors },
	{ "vlen is capped at UIO_MAXIOV (1024)", "DESCRIPTION", false, lesson_cap },
	{ "the flags are those of sendmsg: MSG_DONTWAIT on a blocking socket returns at once",
	  "DESCRIPTION", false, lesson_flags },
};

const size_t nlessons = sizeof(lessons) / sizeof(lessons[0]);
_Static_assert(sizeof(lessons) / sizeof(lessons[0]) == LEARN_LESSONS, "LEARN_LESSONS lessons");
