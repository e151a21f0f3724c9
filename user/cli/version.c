// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * --version: the release, the git revision the binary was built from, and
 * libbpf's version, as the library loaded now reports it and as the headers
 * the build used named it (a distribution may update the library under an
 * installed binary). The revision comes from build_info.gen.h, which the
 * Makefile rewrites only when `git describe` changes, so this file alone
 * is rebuilt.
 */
#include <stdio.h>

#include <bpf/libbpf.h>

#include "cli/internal.h"
#include "build_info.gen.h"

const char *argp_program_version = PROG " " PROG_VERSION;

void cli__print_version(FILE *out)
{
	fprintf(out, "%s (git %s), libbpf %u.%u (built against %s)\n", argp_program_version,
		BUILD_GIT_REVISION, libbpf_major_version(), libbpf_minor_version(),
		BUILD_LIBBPF_VERSION);
}
