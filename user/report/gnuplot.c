// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* A sweep's plot through gnuplot (see gnuplot.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/util.h"
#include "core/outfile.h"
#include "report/format.h"
#include "report/gnuplot.h"

extern char **environ;

/* "png", "svg", or NULL */
static const char *image_kind(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && !strcasecmp(dot, ".png"))
		return "png";
	if (dot && !strcasecmp(dot, ".svg"))
		return "svg";
	return NULL;
}

static bool on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char dir[4096];

	for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
		size_t len = strcspn(p, ":");

		snprintf(dir, sizeof(dir), "%.*s/%s", (int)len, len ? p : ".", prog);
		if (access(dir, X_OK) == 0)
			return true;
		p += len;
		if (*p)
			p++;
	}
	return false;
}

int gnuplot__check(const char *path, char *err, size_t errlen)
{
	if (!image_kind(path)) {
		snprintf(err, errlen, "--plot %.200s: the file name must end in .png or .svg", path);
		return EXIT_USAGE;
	}
	if (!on_path("gnuplot")) {
		snprintf(err, errlen, "--plot needs gnuplot, which is not installed (on Debian: "
			 "apt-get install gnuplot-nox); drop --plot or install it");
		return EXIT_USAGE;
	}
	return outfile__check(path, err, errlen) ? EXIT_USAGE : 0;
}

/* the points of one mode as a data block: vlen, msgs/s, ns per message */
static void data_block(FILE *f, const char *name, const struct sweep_point *p, size_t n,
		       const char *mode, unsigned maxv)
{
	bool single = !strcmp(mode, "sendto") || !strcmp(mode, "sendmsg");

	fprintf(f, "$%s << EOD\n", name);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(p[i].mode, mode))
			continue;
		/* a single-message mode is a level across the whole axis */
		for (unsigned k = 0; k < (single ? 2 : 1); k++) {
			fprintf(f, "%u ", single ? (k ? maxv : 1) : p[i].vlen);
			format__decimal(f, p[i].msgs_per_s, 1);
			putc(' ', f);
			format__decimal(f, p[i].ns_per_msg, 1);
			putc('\n', f);
		}
	}
	fputs("EOD\n", f);
}

static const char *const modes[] = { "sendmmsg", "gso", "sendto", "sendmsg" };
static const char *const blocks[] = { "mmsg", "gso", "to", "msg" };
static const char *const styles[] = {
	"with linespoints lw 2 title 'sendmmsg'", "with linespoints title 'sendmmsg + GSO'",
	"with lines dt 2 title 'sendto loop'", "with lines dt 3 title 'sendmsg loop'",
};

/* one panel: column col of every mode there are points of */
static void plot(FILE *f, const struct sweep_point *p, size_t n, const char *ylabel, int col)
{
	bool first = true;

	fprintf(f, "set ylabel '%s'\nset yrange [0:*]\nplot ", ylabel);
	for (size_t m = 0; m < ARRAY_LEN(modes); m++) {
		if (!sweep__find_mode(p, n, modes[m]))
			continue;
		fprintf(f, "%s$%s using 1:%d %s", first ? "" : ", ", blocks[m], col, styles[m]);
		first = false;
	}
	fputs("\n", f);
}

/* the gnuplot script for the points, drawing to stdout */
static char *script(const struct sweep_point *p, size_t n, const char *kind, size_t *len)
{
	unsigned maxv = 2;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (p[i].vlen > maxv)
			maxv = p[i].vlen;
	for (size_t m = 0; m < ARRAY_LEN(modes); m++)
		if (sweep__find_mode(p, n, modes[m]))
			data_block(f, blocks[m], p, n, modes[m], maxv);
	if (!strcmp(kind, "png"))
		fputs("set terminal pngcairo size 1000,700 font 'DejaVu Sans,10'\n", f);
	else
		fputs("set terminal svg size 1000,700 dynamic font 'DejaVu Sans,10'\n", f);
	fprintf(f, "set output\nset multiplot layout 2,1 title 'mmsgtrace sweep: what batching buys'\n"
		   "set logscale x 2\nset xrange [1:%u]\nset grid\nset key outside right\n"
		   "set xlabel 'vlen (messages per sendmmsg call)'\n", maxv);
	plot(f, p, n, "msgs/s", 2);
	plot(f, p, n, "ns per message inside the call", 3);
	fputs("unset multiplot\n", f);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* everything fd gives until EOF, appended to a memstream */
static bool drain(int fd, FILE *to)
{
	char buf[65536];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n > 0)
		fwrite(buf, 1, (size_t)n, to);
	return n > 0 || (n < 0 && errno == EINTR);
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* run gnuplot on the script: its stdout into *out, its stderr's first line
 * into err on failure; 0 or 1 */
static int run_gnuplot(const char *in, size_t inlen, char **out, size_t *outlen, char *err,
		       size_t errlen)
{
	/* gnuplot's stdin, stdout and stderr: [0] the read end, [1] the write end */
	int pipes[3][2] = { { -1, -1 }, { -1, -1 }, { -1, -1 } }, status = 0, spawned, ret = 1;
	int *pin = pipes[0], *pout = pipes[1], *perr = pipes[2];
	posix_spawn_file_actions_t fa;
	char *errbuf = NULL, *argv[] = { "gnuplot", NULL };
	size_t errlen_got = 0;
	FILE *o = open_memstream(out, outlen), *e = open_memstream(&errbuf, &errlen_got);
	pid_t pid;

	if (!o || !e || pipe2(pin, O_CLOEXEC) || pipe2(pout, O_CLOEXEC) || pipe2(perr, O_CLOEXEC)) {
		snprintf(err, errlen, "cannot start gnuplot: %s", strerror(errno));
		goto out;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
	posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	spawned = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	/* the child's ends */
	close_fd(&pin[0]);
	close_fd(&pout[1]);
	close_fd(&perr[1]);
	if (spawned) {
		snprintf(err, errlen, "cannot start gnuplot: %s", strerror(spawned));
		goto out;
	}
	/* the script is small: written whole before the image comes back */
	if (write(pin[1], in, inlen) != (ssize_t)inlen)
		snprintf(err, errlen, "cannot write to gnuplot: %s", strerror(errno));
	close_fd(&pin[1]);
	for (struct pollfd fds[2] = { { pout[0], POLLIN, 0 }, { perr[0], POLLIN, 0 } };
	     fds[0].fd >= 0 || fds[1].fd >= 0;) {
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		for (int k = 0; k < 2; k++)
			if (fds[k].fd >= 0 && fds[k].revents && !drain(fds[k].fd, k ? e : o))
				fds[k].fd = -1;
	}
	waitpid(pid, &status, 0);
	fflush(o);
	fflush(e);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0 && *outlen > 0 && !err[0])
		ret = 0;
	else if (!err[0])
		snprintf(err, errlen, "gnuplot failed: %.*s", (int)strcspn(errbuf ? errbuf : "", "\n"),
			 errbuf && errbuf[0] ? errbuf : "no image");
out:
	for (int i = 0; i < 3; i++) {
		close_fd(&pipes[i][0]);
		close_fd(&pipes[i][1]);
	}
	if (o)
		fclose(o);
	if (e)
		fclose(e);
	free(errbuf);
	return ret;
}

int gnuplot__sweep(const char *path, const struct sweep_point *p, size_t n, char *err,
		   size_t errlen)
{
	size_t inlen = 0, outlen = 0;
	char *in = script(p, n, image_kind(path) ? image_kind(path) : "png", &inlen), *img = NULL;
	FILE *f;
	int ret = 1;

	err[0] = '\0';
	if (!in) {
		snprintf(err, errlen, "out of memory for the plot");
		return 1;
	}
	if (run_gnuplot(in, inlen, &img, &outlen, err, errlen))
		goto out;
	/* only a whole image reaches the file */
	f = outfile__open(path, err, errlen);
	if (!f)
		goto out;
	fwrite(img, 1, outlen, f);
	ret = outfile__close(f);
	if (ret)
		snprintf(err, errlen, "writing --plot %.200s failed: %s", path, strerror(-ret));
	ret = ret ? 1 : 0;
out:
	free(in);
	free(img);
	return ret;
}
