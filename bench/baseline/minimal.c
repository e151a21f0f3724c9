// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The reference point for the driver: the smallest reasonable sendmmsg loop.
 * One connected UDP socket to a bound loopback socket nobody reads, one
 * array of VLEN messages of SIZE bytes, sendmmsg until SECONDS have passed
 * (clock read every 64 calls). Prints "msgs_per_s calls_per_s".
 * Usage: minimal VLEN SIZE SECONDS [CPU]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	unsigned long long calls = 0, msgs = 0;
	struct mmsghdr *m;
	struct iovec iov;
	double start, end, seconds;
	int vlen, rx, tx;

	if (argc < 4) {
		fprintf(stderr, "usage: minimal VLEN SIZE SECONDS [CPU]\n");
		return 2;
	}
	vlen = atoi(argv[1]);
	seconds = atof(argv[3]);
	if (argc > 4) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(atoi(argv[4]), &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	rx = socket(AF_INET, SOCK_DGRAM, 0);
	tx = socket(AF_INET, SOCK_DGRAM, 0);
	if (bind(rx, (struct sockaddr *)&addr, len) || getsockname(rx, (struct sockaddr *)&addr, &len) ||
	    connect(tx, (struct sockaddr *)&addr, len)) {
		perror("minimal");
		return 1;
	}
	iov.iov_base = calloc(1, atoi(argv[2]) + 1);
	iov.iov_len = atoi(argv[2]);
	m = calloc(vlen, sizeof(*m));
	for (int i = 0; i < vlen; i++) {
		m[i].msg_hdr.msg_iov = &iov;
		m[i].msg_hdr.msg_iovlen = 1;
	}
	start = now();
	end = start + seconds;
	for (;;) {
		int r = sendmmsg(tx, m, vlen, 0);

		calls++;
		if (r > 0)
			msgs += r;
		if ((calls & 63) == 0 && now() >= end)
			break;
	}
	seconds = now() - start;
	printf("%.0f %.0f\n", msgs / seconds, calls / seconds);
	return 0;
}
