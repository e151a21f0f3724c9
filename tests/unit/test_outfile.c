// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Unit tests for the -o file's stream (core/outfile.c): it remembers the
 * errno of its first failed write, which stdio alone forgets. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/outfile.h"

static void test_writes_whole_file(void **state)
{
	char path[] = "/tmp/mmsgtrace-outfile-XXXXXX", err[256] = "", buf[64] = "";
	int fd = mkstemp(path);
	FILE *f, *back;

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	unsetenv("SUDO_UID");
	f = outfile__open(path, err, sizeof(err));
	assert_non_null(f);
	fputs("{\"type\":\"start\"}\n", f);
	assert_int_equal(outfile__flush(f), 0);
	fputs("{\"type\":\"summary\"}\n", f);
	assert_int_equal(outfile__close(f), 0);
	back = fopen(path, "r");
	assert_non_null(back);
	assert_int_equal(fread(buf, 1, sizeof(buf) - 1, back), 36);
	assert_string_equal(buf, "{\"type\":\"start\"}\n{\"type\":\"summary\"}\n");
	fclose(back);
	unlink(path);
}

/* /dev/full: every write fails with ENOSPC */
static void test_first_error_is_kept(void **state)
{
	char err[256] = "";
	FILE *f;

	(void)state;
	if (access("/dev/full", W_OK))
		skip();
	unsetenv("SUDO_UID");
	f = outfile__open("/dev/full", err, sizeof(err));
	assert_non_null(f);
	fputs("a line\n", f);
	assert_int_equal(outfile__flush(f), -ENOSPC);
	/* stdio dropped the buffer: a second flush has nothing to write, but
	 * it and the close still say what went wrong */
	assert_int_equal(outfile__flush(f), -ENOSPC);
	assert_int_equal(outfile__close(f), -ENOSPC);

	/* the failure found by the start check closes the file and names it */
	f = outfile__open("/dev/full", err, sizeof(err));
	assert_non_null(f);
	fputs("{\"type\":\"start\"}\n", f);
	assert_int_equal(outfile__started(&f, "/dev/full", err, sizeof(err)), 1);
	assert_null(f);
	assert_string_equal(err, "cannot write --output /dev/full: No space left on device");
}

/* a reader that went away between two lines (| head -1 after a header's
 * first line): the write of the second fails with EPIPE, and a flush after
 * it, with nothing left to write, still says EPIPE (a stop), not EIO */
static void test_epipe_is_kept(void **state)
{
	char path[64], err[256] = "";
	int pipefd[2];
	FILE *f;

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(pipefd), 0);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", pipefd[1]);
	unsetenv("SUDO_UID");
	f = outfile__open(path, err, sizeof(err));
	assert_non_null(f);
	close(pipefd[1]);
	close(pipefd[0]);
	fputs("a second line\n", f);
	assert_int_equal(outfile__flush(f), -EPIPE);
	assert_int_equal(outfile__flush(f), -EPIPE);
	assert_int_equal(outfile__close(f), -EPIPE);
}

static void test_open_error_names_path(void **state)
{
	char err[256] = "";

	(void)state;
	unsetenv("SUDO_UID");
	assert_null(outfile__open("/nonexistent-dir/x.jsonl", err, sizeof(err)));
	assert_string_equal(err, "cannot write --output /nonexistent-dir/x.jsonl: No such file or "
			    "directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writes_whole_file),
		cmocka_unit_test(test_first_error_is_kept),
		cmocka_unit_test(test_epipe_is_kept),
		cmocka_unit_test(test_open_error_names_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
