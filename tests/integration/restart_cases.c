// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A recvmmsg that waits while signals arrive, for the tests of how
 * interrupted calls are counted. SIGUSR1 has an SA_RESTART handler (which
 * calls sendto when the first argument is "sendto"), SIGUSR2 a handler
 * without SA_RESTART. The test signals this process while recvmmsg waits
 * (it shows 299 in /proc/PID/syscall), then writes one datagram to the
 * socket named by the path this prints, which ends the wait. The receive
 * starts only after a byte arrives on stdin: the tracer must see it begin.
 *
 * Usage: restart_cases sendto|quiet
 *        restart_cases send PATH    (the test's way to end the wait)
 * Prints {"recvmmsg_calls":N,"recvmmsg_eintr":N,"sendto_calls":N} when done.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int handler_fd = -1;
static volatile sig_atomic_t sendto_calls;

static void on_usr1(int sig)
{
	(void)sig;
	if (handler_fd >= 0 && sendto(handler_fd, "h", 1, 0, NULL, 0) >= 0)
		sendto_calls++;
}

static void on_usr2(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct sigaction usr1 = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	struct sigaction usr2 = { .sa_handler = on_usr2 };
	int calls = 0, eintr = 0, rx, pair[2], r;
	char buf[16];
	struct iovec iov = { buf, sizeof(buf) };
	struct mmsghdr m = { .msg_hdr = { .msg_iov = &iov, .msg_iovlen = 1 } };

	if (argc == 3 && !strcmp(argv[1], "send")) {
		int fd = socket(AF_UNIX, SOCK_DGRAM, 0);

		snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", argv[2]);
		return fd < 0 || sendto(fd, "x", 1, 0, (struct sockaddr *)&addr, sizeof(addr)) != 1;
	}
	if (argc != 2 || (strcmp(argv[1], "sendto") && strcmp(argv[1], "quiet"))) {
		fprintf(stderr, "usage: restart_cases sendto|quiet, or restart_cases send PATH\n");
		return 2;
	}
	/* the handler's own sends go to a socketpair nobody reads (1 byte each) */
	if (!strcmp(argv[1], "sendto")) {
		if (socketpair(AF_UNIX, SOCK_DGRAM, 0, pair))
			return perror("socketpair"), 1;
		handler_fd = pair[0];
	}
	rx = socket(AF_UNIX, SOCK_DGRAM, 0);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "/tmp/restart_cases.%d", getpid());
	unlink(addr.sun_path);
	if (rx < 0 || bind(rx, (struct sockaddr *)&addr, sizeof(addr)))
		return perror("bind"), 1;
	sigemptyset(&usr1.sa_mask);
	sigemptyset(&usr2.sa_mask);
	sigaction(SIGUSR1, &usr1, NULL);
	sigaction(SIGUSR2, &usr2, NULL);
	alarm(120);	/* never hang a test */
	fprintf(stderr, "%s\n", addr.sun_path);
	if (read(STDIN_FILENO, buf, 1) != 1)
		return fprintf(stderr, "no go byte on stdin\n"), 1;
	/* what the caller sees: a retry loop on EINTR, like most programs */
	do {
		r = recvmmsg(rx, &m, 1, 0, NULL);
		calls++;
		if (r < 0 && errno == EINTR)
			eintr++;
	} while (r < 0 && errno == EINTR);
	unlink(addr.sun_path);
	if (r != 1)
		return perror("recvmmsg"), 1;
	printf("{\"recvmmsg_calls\":%d,\"recvmmsg_eintr\":%d,\"sendto_calls\":%d}\n", calls, eintr,
	       (int)sendto_calls);
	return 0;
}
