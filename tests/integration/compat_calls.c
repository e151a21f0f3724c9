// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A 64-bit process that makes 32-bit (ia32) syscalls with int $0x80, whose
 * numbers are x86_64's writev/sendto/recvfrom/sendmsg/recvmsg/recvmmsg/
 * sendmmsg, then a few real sendto and write calls on UDP sockets.
 * mmsgtrace must count those and nothing else.
 *
 * Usage: compat_calls [--probe]
 *
 *   --probe  only check that int $0x80 works here: exit 0 if it does, 3 if not
 *
 * Otherwise it waits for a line (or EOF) on stdin, makes COMPAT_ROUNDS rounds
 * of the seven ia32 calls below, then SENDTO_CALLS sendto and as many write
 * of SENDTO_LEN bytes to a bound loopback UDP socket, and prints one JSON
 * line (its own write goes to stdout, not a socket: not counted either):
 * {"pid":P,"compat_calls":N,"sendto":K,"sendto_bytes":B,"write":K,"write_bytes":B}
 *
 *   ia32 nr  ia32 call      arguments        result   x86_64 nr
 *   20       getpid         -                succeeds writev
 *   44       prof           -                ENOSYS   sendto
 *   45       brk            NULL             succeeds recvfrom
 *   46       setgid16       0xffff (-1)      EINVAL   sendmsg
 *   47       getgid16       -                succeeds recvmsg
 *   299      futimesat      -1, NULL, NULL   EBADF    recvmmsg
 *   307      faccessat      -1, NULL, 0      EBADF or EFAULT   sendmmsg
 *
 * (ia32 1, exit, would collide with write: it ends the thread and has no
 * exit to count, and its entry is left out like the others'.)
 * No pointer other than NULL is passed (a 64-bit address means nothing to a
 * 32-bit call). Exit codes: 0 ok, 1 failure, 2 usage, 3 int $0x80 is not
 * available (no IA32 emulation in this kernel, or not x86_64); the reason
 * is on stderr.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define COMPAT_ROUNDS 1000
#define SENDTO_CALLS 10
#define SENDTO_LEN 8
#define SELF_TIMEOUT_S 60	/* a helper nobody tells to go dies on its own */
#define EXIT_NO_IA32 3

struct compat_call {
	long nr, a, b, c;
	const char *name;
	int errno1, errno2;	/* the failures it may return; 0, 0: it succeeds */
};

static const struct compat_call calls[] = {
	{ 20, 0, 0, 0, "getpid", 0, 0 },
	{ 44, 0, 0, 0, "prof", ENOSYS, ENOSYS },
	{ 45, 0, 0, 0, "brk(NULL)", 0, 0 },
	{ 46, 0xffff, 0, 0, "setgid16(-1)", EINVAL, EINVAL },
	{ 47, 0, 0, 0, "getgid16", 0, 0 },
	{ 299, -1, 0, 0, "futimesat(-1, NULL, NULL)", EBADF, EBADF },
	{ 307, -1, 0, 0, "faccessat(-1, NULL, 0)", EBADF, EFAULT },
};
#define NCALLS (sizeof(calls) / sizeof(calls[0]))

static void die(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("compat_calls: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

#if defined(__x86_64__)
/* set while an int $0x80 runs: a SIGSEGV then means no IA32 emulation */
static volatile sig_atomic_t in_int80;

static void on_segv(int sig)
{
	static const char msg[] = "compat_calls: int $0x80 raised SIGSEGV: "
				  "this kernel has no IA32 emulation\n";

	if (!in_int80) {
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing more to say */
	}
	_exit(EXIT_NO_IA32);
}

/* one ia32 syscall; the kernel truncates the arguments to 32 bits */
static long int80(const struct compat_call *c)
{
	long ret;

	in_int80 = 1;
	__asm__ volatile("int $0x80"
			 : "=a"(ret)
			 : "a"(c->nr), "b"(c->a), "c"(c->b), "d"(c->c)
			 : "r8", "r9", "r10", "r11", "memory", "cc");
	in_int80 = 0;
	return ret;
}

/* one round of the calls; each must fail (or succeed) as the table says */
static void compat_round(void)
{
	unsigned int enosys = 0;

	for (size_t i = 0; i < NCALLS; i++) {
		long ret = int80(&calls[i]);

		if (ret == -ENOSYS)
			enosys++;
		if (!calls[i].errno1 ? ret < 0 && ret != -ENOSYS :
		    ret != -calls[i].errno1 && ret != -calls[i].errno2 && ret != -ENOSYS)
			die(1, "ia32 %ld %s returned %ld, expected -%d or -%d", calls[i].nr,
			    calls[i].name, ret, calls[i].errno1, calls[i].errno2);
	}
	/* prof is always ENOSYS; the others are not when the table exists */
	if (enosys == NCALLS)
		die(EXIT_NO_IA32, "int $0x80 returned ENOSYS for every call: "
		    "IA32 emulation is disabled (ia32_emulation=0?)");
	if (enosys != 1)
		die(1, "%u of %zu ia32 calls returned ENOSYS, expected prof alone", enosys, NCALLS);
}
#else
static void compat_round(void)
{
	die(EXIT_NO_IA32, "int $0x80 is x86 only");
}
#endif

/* block until a line or EOF on stdin, one byte at a time */
static void wait_for_go(void)
{
	char c;
	ssize_t n;

	while ((n = read(STDIN_FILENO, &c, 1)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die(1, "read stdin: %s", strerror(errno));
		if (c == '\n')
			return;
	}
}

/* SENDTO_CALLS sendto, then as many write once connected, of SENDTO_LEN
 * bytes to a bound loopback UDP socket */
static void send_some(void)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	char payload[SENDTO_LEN];
	int r, s;

	memset(payload, 'c', sizeof(payload));
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	r = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (r < 0 || s < 0 || bind(r, (struct sockaddr *)&addr, len) ||
	    getsockname(r, (struct sockaddr *)&addr, &len))
		die(1, "udp setup: %s", strerror(errno));
	for (int i = 0; i < SENDTO_CALLS; i++) {
		ssize_t ret = sendto(s, payload, sizeof(payload), 0, (struct sockaddr *)&addr, len);

		if (ret != (ssize_t)sizeof(payload))
			die(1, "sendto returned %zd: %s", ret, strerror(errno));
	}
	if (connect(s, (struct sockaddr *)&addr, len))
		die(1, "connect: %s", strerror(errno));
	for (int i = 0; i < SENDTO_CALLS; i++) {
		ssize_t ret = write(s, payload, sizeof(payload));

		if (ret != (ssize_t)sizeof(payload))
			die(1, "write returned %zd: %s", ret, strerror(errno));
	}
	close(r);
	close(s);
}

int main(int argc, char **argv)
{
	bool probe = argc == 2 && !strcmp(argv[1], "--probe");

	if (argc > 1 && !probe) {
		fprintf(stderr, "usage: compat_calls [--probe]\n");
		return 2;
	}
#if defined(__x86_64__)
	if (signal(SIGSEGV, on_segv) == SIG_ERR)
		die(1, "signal: %s", strerror(errno));
#endif
	if (probe) {
		compat_round();
		return 0;
	}
	alarm(SELF_TIMEOUT_S);
	wait_for_go();
	for (int i = 0; i < COMPAT_ROUNDS; i++)
		compat_round();
	send_some();
	printf("{\"pid\":%d,\"compat_calls\":%zu,\"sendto\":%d,\"sendto_bytes\":%d,"
	       "\"write\":%d,\"write_bytes\":%d}\n", (int)getpid(), COMPAT_ROUNDS * NCALLS,
	       SENDTO_CALLS, SENDTO_CALLS * SENDTO_LEN, SENDTO_CALLS, SENDTO_CALLS * SENDTO_LEN);
	if (fflush(stdout) || ferror(stdout))
		die(1, "write: %s", strerror(errno));
	return 0;
}
