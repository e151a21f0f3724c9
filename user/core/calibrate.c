// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* The cost of an empty syscall (see calibrate.h). */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/clock.h"
#include "core/calibrate.h"

#define CALIBRATION_ROUNDS 9
#define CALIBRATION_CALLS 20000

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double calibrate__call_ns(void)
{
	struct mmsghdr m = { 0 };
	double ns[CALIBRATION_ROUNDS];
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return 0;
	for (int r = 0; r < CALIBRATION_ROUNDS; r++) {
		uint64_t t0 = clock__now_ns();

		for (int i = 0; i < CALIBRATION_CALLS; i++)
			sendmmsg(fd, &m, 0, 0);
		ns[r] = (double)(clock__now_ns() - t0) / CALIBRATION_CALLS;
	}
	close(fd);
	qsort(ns, CALIBRATION_ROUNDS, sizeof(ns[0]), cmp_double);
	return ns[CALIBRATION_ROUNDS / 2];
}
