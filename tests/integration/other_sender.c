// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A separate process that calls sendmmsg on loopback UDP for SECONDS, so the
 * integration tests can check that mmsgtrace counts only its own driver.
 * Usage: other_sender SECONDS
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define VLEN 16

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	struct mmsghdr msgs[VLEN] = { 0 };
	struct iovec iov = { 0 };
	char payload[100] = { 0 };
	struct timespec start, now;
	unsigned long long calls = 0;
	double seconds;
	int rx, tx;

	if (argc != 2 || (seconds = atof(argv[1])) <= 0) {
		fprintf(stderr, "usage: other_sender SECONDS\n");
		return 2;
	}
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
	clock_gettime(CLOCK_MONOTONIC, &start);
	do {
		if (sendmmsg(tx, msgs, VLEN, 0) < 0) {
			perror("other_sender: sendmmsg");
			return 1;
		}
		calls++;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9 < seconds);
	printf("%llu\n", calls);
	return 0;
}
