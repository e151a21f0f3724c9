/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The command line: argp parsing into the configuration of the mode it
 * chooses (`mmsgtrace sweep ...` the sweep; else any selector
 * -p/-t/-c/--cgroup/--all means observe, and no selector drive),
 * validation, defaults.
 *
 * Pure: no I/O except argp's own --help/--usage/--version output (on
 * stdout). A bad option prints nothing: see cli__parse. Unit-tested.
 */
#ifndef MMSGTRACE_CLI_CLI_H
#define MMSGTRACE_CLI_CLI_H

#include "drive/drive.h"
#include "observe/observe.h"
#include "teach/learn.h"
#include "teach/sweep.h"

#define CLI_MSG_LEN 256		/* error/warning text buffers */

/* drive: start senders and trace them; observe: watch other programs;
 * sweep (`mmsgtrace sweep`): the batching curve; learn (`mmsgtrace learn`):
 * the man page demonstrated */
enum run_mode { MODE_DRIVE, MODE_OBSERVE, MODE_SWEEP, MODE_LEARN };

struct cli {
	enum run_mode mode;
	struct drive_config drive;	/* valid when mode is MODE_DRIVE */
	struct observe_config observe;	/* valid when mode is MODE_OBSERVE */
	struct sweep_config sweep;	/* valid when mode is MODE_SWEEP */
	struct learn_config learn;	/* valid when mode is MODE_LEARN */
	char error[CLI_MSG_LEN];	/* usage error, one line */
	char warning[CLI_MSG_LEN];	/* non-fatal note (e.g. vlen > 1024) */
};

enum cli_result {
	CLI_OK = 0,		/* run with *c */
	CLI_EXIT_OK = 1,	/* --help/--usage/--version was printed: exit 0 */
	CLI_USAGE = 2,		/* c->error holds the one-line reason: exit 2 */
};

/* Fill *c with the defaults of both modes (drive chosen). */
void cli__defaults(struct cli *c);

/*
 * Parse argv into *c (defaults first). Prints nothing on error: the caller
 * prints "mmsgtrace: <c->error>" and exits 2.
 */
enum cli_result cli__parse(struct cli *c, int argc, char **argv);

#endif /* MMSGTRACE_CLI_CLI_H */
