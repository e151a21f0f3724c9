// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mmsgtrace: drive sendmmsg(2) and watch it from the kernel, or watch the
 * calls of programs already running.
 * parse -> signals -> run the mode the command line chose -> exit code
 * (0 success, 1 runtime failure or cross-check mismatch, 2 usage error).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "common/util.h"
#include "core/outfile.h"

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* First SIGINT/SIGTERM/SIGHUP asks for a clean stop; a second one kills
 * (SA_RESETHAND restores the default action). A closed output pipe shows up
 * as EPIPE on write, handled as a stop. */
static void install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_stop_signal, .sa_flags = SA_RESETHAND };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int run_mode(const struct cli *c)
{
	switch (c->mode) {
	case MODE_OBSERVE:
		return observe__run(&c->observe, &stop_requested);
	case MODE_SWEEP:
		return sweep__run(&c->sweep, &stop_requested);
	case MODE_LEARN:
		return learn__run(&c->learn, &stop_requested);
	default:
		return drive__run(&c->drive, &stop_requested);
	}
}

int main(int argc, char **argv)
{
	static struct cli c;
	FILE *out;
	int ret, werr;

	switch (cli__parse(&c, argc, argv)) {
	case CLI_EXIT_OK:
		return 0;
	case CLI_USAGE:
		warn("%s\n", c.error);
		return EXIT_USAGE;
	case CLI_OK:
		break;
	}
	if (c.warning[0])
		warn("warning: %s\n", c.warning);
	/* a stdout that remembers its first failed write, so the end can name it */
	out = outfile__stdout();
	if (out)
		stdout = out;
	setvbuf(stdout, NULL, _IOLBF, 0);
	install_signals();
	ret = run_mode(&c);
	/* a reader that went away (EPIPE) is a stop, not a failure */
	werr = outfile__close(stdout);
	if (werr && werr != -EPIPE) {
		warn("writing stdout failed: %s\n", strerror(-werr));
		ret = ret ? ret : 1;
	}
	return ret;
}
