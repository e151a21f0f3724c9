// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A separate process that calls sendmmsg on loopback UDP, so the integration
 * tests can check that mmsgtrace counts only its own driver (and that a
 * thread's in-flight entry goes when the thread exits).
 *
 * Usage: other_sender CALLS
 *
 * It sets up its sockets, waits for a line (or EOF) on stdin, makes CALLS
 * sendmmsg calls of VLEN messages, prints the number of calls that
 * succeeded on stdout (one line, flushed), then waits for another line (or
 * EOF) on stdin before it exits: the test decides when the calls happen and
 * how long the process lives after them. Exit codes: 0 ok, 1 failure, 2 usage.
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

#define VLEN 16
#define SELF_TIMEOUT_S 120	/* a helper nobody tells to go dies on its own */

/* block until a line or EOF on stdin, one byte at a time */
static int wait_for_line(void)
{
	char c;
	ssize_t n;

	while ((n = read(STDIN_FILENO, &c, 1)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (c == '\n')
			return 0;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	struct mmsghdr msgs[VLEN] = { 0 };
	struct iovec iov = { 0 };
	char payload[100] = { 0 }, *end;
	unsigned long long calls = 0, want;
	int rx, tx;

	if (argc != 2 || (want = strtoull(argv[1], &end, 10)) == 0 || *end) {
		fprintf(stderr, "usage: other_sender CALLS\n");
		return 2;
	}
	alarm(SELF_TIMEOUT_S);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	rx = socket(AF_INET, SOCK_DGRAM, 0);
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (rx < 0 || tx < 0 || bind(rx, (struct sockaddr *)&addr, len) ||
	    getsockname(rx, (struct sockaddr *)&addr, &len) ||
	    connect(tx, (struct sockaddr *)&addr, len)) {
		perror("other_sender: socket setup");
		return 1;
	}
	iov.iov_base = payload;
	iov.iov_len = sizeof(payload);
	for (int i = 0; i < VLEN; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	if (wait_for_line()) {
		perror("other_sender: read stdin");
		return 1;
	}
	for (; calls < want; calls++) {
		if (sendmmsg(tx, msgs, VLEN, 0) < 0) {
			perror("other_sender: sendmmsg");
			return 1;
		}
	}
	printf("%llu\n", calls);
	if (fflush(stdout) || wait_for_line()) {
		perror("other_sender: write or read");
		return 1;
	}
	return 0;
}
