// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A process that makes one pattern of syscalls in a loop, for the tests of
 * observe mode's live figures and of its hint about targets that make none
 * of the watched calls. Each pattern is such that what the tests look for
 * follows from the pattern alone, whatever the timing:
 *
 * Usage: call_loop [--comm NAME] PATTERN
 *
 *   getppid     1000 getppid(2), then one write(2) of a byte to /dev/null,
 *               and again: getppid is the busiest syscall in any window that
 *               holds a loop, write the second, and nothing else is called
 *   sendto      1000 sendto(2) of 16 bytes on a UDP socket to a loopback
 *               socket of its own that nobody reads (the kernel drops what
 *               its queue cannot take: a send never blocks), then one
 *               getppid(2), and again
 *   recv-short  a sendto(2) of one datagram on an AF_UNIX datagram
 *               socketpair, a recvmmsg(2) of vlen 4 with MSG_DONTWAIT on its
 *               other end (a unix send queues the datagram before it
 *               returns: every recvmmsg returns that one message, short of
 *               its vlen), then a 1 ms nanosleep(2), and again: recvmmsg's
 *               short returns equal its calls, the sendto calls are never
 *               partial
 *
 *   --comm NAME  set the process name first (the kernel keeps 15 bytes)
 *
 * Once set up, "ready" and a newline go to stdout (before the first call of
 * the loop). It runs until killed, or for at most 60 s. Exit codes: 1 a
 * failed call (message on stderr), 2 usage.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define SELF_TIMEOUT_S 60	/* a helper nobody kills dies on its own */
#define BUSY_CALLS 1000		/* the busiest call's share of one loop */
#define RECV_VLEN 4

static time_t started;

/* (clock_gettime is answered in user space, by the vDSO: no syscall) */
static int timed_out(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec - started >= SELF_TIMEOUT_S;
}

static int die(const char *what)
{
	perror(what);
	return 1;
}

static void ready(void)
{
	static const char line[] = "ready\n";

	if (write(STDOUT_FILENO, line, sizeof(line) - 1) < 0)
		perror("write stdout");
}

static int loop_getppid(void)
{
	int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (fd < 0)
		return die("open /dev/null");
	ready();
	while (!timed_out()) {
		for (int i = 0; i < BUSY_CALLS; i++)
			getppid();
		if (write(fd, "x", 1) != 1)
			return die("write /dev/null");
	}
	return 0;
}

static int loop_sendto(void)
{
	struct sockaddr_in sink = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sink);
	int rx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int tx = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	char buf[16] = { 0 };

	if (rx < 0 || tx < 0)
		return die("socket");
	if (bind(rx, (struct sockaddr *)&sink, sizeof(sink)) ||
	    getsockname(rx, (struct sockaddr *)&sink, &len))
		return die("bind");
	ready();
	while (!timed_out()) {
		for (int i = 0; i < BUSY_CALLS; i++)
			if (sendto(tx, buf, sizeof(buf), 0, (struct sockaddr *)&sink,
				   sizeof(sink)) != sizeof(buf))
				return die("sendto");
		getppid();
	}
	return 0;
}

static int loop_recv_short(void)
{
	char bufs[RECV_VLEN][64];
	struct iovec iov[RECV_VLEN];
	struct mmsghdr msgs[RECV_VLEN];
	struct timespec ms = { .tv_nsec = 1000000 };
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv))
		return die("socketpair");
	memset(msgs, 0, sizeof(msgs));
	for (int i = 0; i < RECV_VLEN; i++) {
		iov[i] = (struct iovec){ .iov_base = bufs[i], .iov_len = sizeof(bufs[i]) };
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	ready();
	while (!timed_out()) {
		if (sendto(sv[0], "datagram", 8, 0, NULL, 0) != 8)
			return die("sendto");
		if (recvmmsg(sv[1], msgs, RECV_VLEN, MSG_DONTWAIT, NULL) != 1)
			return die("recvmmsg (expected 1 message)");
		nanosleep(&ms, NULL);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec ts;
	int a = 1;

	if (argc > 2 && !strcmp(argv[1], "--comm")) {
		if (prctl(PR_SET_NAME, argv[2], 0, 0, 0))
			return die("prctl PR_SET_NAME");
		a = 3;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	started = ts.tv_sec;
	if (argc == a + 1 && !strcmp(argv[a], "getppid"))
		return loop_getppid();
	if (argc == a + 1 && !strcmp(argv[a], "sendto"))
		return loop_sendto();
	if (argc == a + 1 && !strcmp(argv[a], "recv-short"))
		return loop_recv_short();
	fprintf(stderr, "usage: call_loop [--comm NAME] getppid|sendto|recv-short\n");
	return 2;
}
