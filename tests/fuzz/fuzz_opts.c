// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * libFuzzer target: the command line parser (cli__parse).
 *
 * The input is argv after the program name, NUL-separated ("--vlen\0" "64").
 * Whatever it is, cli__parse returns one of its three results; a usage
 * error comes with one short clean line, and an accepted command line
 * leaves every option within the bounds --help and cli/values.h, drive/driver.h and observe/observe.h document.
 * Also names__flag_options (round trip through values__flags, every buffer
 * size) and creds__parse_sudo on the first two strings.
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "cli/cli.h"
#include "cli/values.h"
#include "common/names.h"
#include "core/creds.h"

#define MAX_ARGS 64
#define CANARY 0xa5
#define CANARY_LEN 16

/* text cli__parse produced: NUL-terminated in its buffer, one clean line */
static void check_message(const char *s, bool nonempty)
{
	size_t len = strnlen(s, CLI_MSG_LEN);

	FUZZ_CHECK_TEXT(len < CLI_MSG_LEN, s, len);
	FUZZ_CHECK_TEXT(!nonempty || len > 0, s, len);
	for (size_t i = 0; i < len; i++)
		FUZZ_CHECK_TEXT((unsigned char)s[i] >= 0x20 && s[i] != 0x7f, s, len);
}

/* a fixed-size text field: terminated inside its buffer */
static size_t field_len(const char *s, size_t size)
{
	size_t len = strnlen(s, size);

	FUZZ_CHECK_TEXT(len < size, s, len);
	return len;
}

static bool all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void check_size(const struct size_spec *s)
{
	FUZZ_CHECK(s->min <= s->max && s->max <= DRIVER_MAX_SIZE);
	switch (s->kind) {
	case SIZE_FIXED:
		FUZZ_CHECK(s->n == 1 && s->list[0] == s->min && s->min == s->max);
		break;
	case SIZE_LIST: {
		uint32_t lo = UINT32_MAX, hi = 0;

		FUZZ_CHECK(s->n >= 2 && s->n <= DRIVER_MAX_SIZES);
		for (unsigned i = 0; i < s->n; i++) {
			lo = s->list[i] < lo ? s->list[i] : lo;
			hi = s->list[i] > hi ? s->list[i] : hi;
		}
		FUZZ_CHECK(lo == s->min && hi == s->max);
		break;
	}
	case SIZE_RANGE:
		FUZZ_CHECK(s->n == 0);
		break;
	default:
		FUZZ_CHECK(!"size kind in range");
	}
}

/* `mmsgtrace sweep`: the points within their documented bounds */
static void check_sweep(const struct cli *o)
{
	const struct sweep_config *s = &o->sweep;

	FUZZ_CHECK(s->nvlens >= 1 && s->nvlens <= SWEEP_MAX_VLENS);
	for (unsigned i = 0; i < s->nvlens; i++)
		FUZZ_CHECK(s->vlens[i] >= 1 && s->vlens[i] <= MMSG_UIO_MAXIOV &&
			   (!i || s->vlens[i] > s->vlens[i - 1]));
	FUZZ_CHECK(isfinite(s->per_point_s) && s->per_point_s >= 0.001 && s->per_point_s <= 3600);
	FUZZ_CHECK(s->repeat >= 1 && s->repeat <= SWEEP_MAX_REPEAT);
	FUZZ_CHECK(s->gso <= DRIVER_GSO_MAX && (!s->gso || s->drive.driver.size.max > s->gso));
	FUZZ_CHECK(!(s->csv && s->drive.output.json));
	field_len(s->plot_path, sizeof(s->plot_path));
	/* no per-message hook, and the driver's options as parsed */
	FUZZ_CHECK(!s->drive.tracer.hidden_errors);
	FUZZ_CHECK(s->drive.driver.threads == o->drive.driver.threads &&
		   s->drive.driver.proto == o->drive.driver.proto && s->drive.sink == o->drive.sink);
	check_size(&s->drive.driver.size);
	FUZZ_CHECK(o->warning[0] == '\0');
}

/* `mmsgtrace learn` */
static void check_learn(const struct cli *o)
{
	FUZZ_CHECK(o->learn.lesson <= LEARN_LESSONS);
	FUZZ_CHECK(!(o->learn.list && o->learn.lesson));
	FUZZ_CHECK(!o->learn.tracer.hidden_errors);
	FUZZ_CHECK(o->learn.tracer.attach == o->drive.tracer.attach);
	FUZZ_CHECK(o->warning[0] == '\0');
}

static void check_ok(const struct cli *o, size_t input_size)
{
	size_t comm_len, cgroup_len;

	FUZZ_CHECK(o->error[0] == '\0');
	if (o->mode == MODE_SWEEP) {
		check_sweep(o);
		return;
	}
	if (o->mode == MODE_LEARN) {
		check_learn(o);
		return;
	}

	FUZZ_CHECK(o->error[0] == '\0');
	check_message(o->warning, false);

	/* driver */
	FUZZ_CHECK(o->drive.driver.vlen >= 1 && o->drive.driver.vlen <= DRIVER_VLEN_MAX);
	check_size(&o->drive.driver.size);
	FUZZ_CHECK(o->drive.driver.proto == PROTO_UDP4 || o->drive.driver.proto == PROTO_UDP6 || o->drive.driver.proto == PROTO_UNIX);
	field_len(o->drive.dest, sizeof(o->drive.dest));
	FUZZ_CHECK(isfinite(o->drive.driver.duration_s) && o->drive.driver.duration_s > 0 && o->drive.driver.duration_s <= 31536000.0);
	FUZZ_CHECK(o->drive.driver.threads >= 1 && o->drive.driver.threads <= DRIVER_MAX_THREADS);
	FUZZ_CHECK(o->drive.driver.rate <= 10000000000ULL);
	FUZZ_CHECK(o->drive.driver.ncpus <= DRIVER_MAX_CPUS);
	for (unsigned i = 0; i < o->drive.driver.ncpus; i++)
		FUZZ_CHECK(o->drive.driver.cpus[i] >= 0 && o->drive.driver.cpus[i] < DRIVER_MAX_CPUS);
	FUZZ_CHECK(o->drive.sink == SINK_DISCARD || o->drive.sink == SINK_COUNT || o->drive.sink == SINK_NONE);
	FUZZ_CHECK(o->drive.driver.send_mode == SEND_SENDMMSG || o->drive.driver.send_mode == SEND_SENDMSG ||
		   o->drive.driver.send_mode == SEND_SENDTO);
	FUZZ_CHECK(o->drive.driver.gso <= DRIVER_GSO_MAX);

	/* tracer and output */
	FUZZ_CHECK(o->drive.tracer.attach == ATTACH_RAW || o->drive.tracer.attach == ATTACH_TP);
	FUZZ_CHECK(o->drive.tracer.ringbuf_size >= 4096 && o->drive.tracer.ringbuf_size <= (1ULL << 30) &&
		   !(o->drive.tracer.ringbuf_size & (o->drive.tracer.ringbuf_size - 1)));
	FUZZ_CHECK(isfinite(o->drive.output.interval_s) && o->drive.output.interval_s >= 0.1 && o->drive.output.interval_s <= 3600.0);
	field_len(o->drive.output.path, sizeof(o->drive.output.path));
	field_len(o->drive.output.prom_path, sizeof(o->drive.output.prom_path));
	FUZZ_CHECK(o->drive.tracer.verbose >= 0 && (size_t)o->drive.tracer.verbose <= input_size);	/* -vvv counts 3 */

	/* observe */
	FUZZ_CHECK(o->observe.syscall_mask != 0 && o->observe.syscall_mask < (1u << MMSG_SYS_COUNT));
	FUZZ_CHECK(o->observe.burst_gap_ns <= 60000000000ULL);
	FUZZ_CHECK(o->observe.sort < TASK_SORT_COUNT && o->observe.top <= 100000);
	FUZZ_CHECK((o->mode == MODE_OBSERVE) == (o->observe.select != SELECT_NONE));
	comm_len = field_len(o->observe.comm, sizeof(o->observe.comm));
	cgroup_len = field_len(o->observe.cgroup_path, sizeof(o->observe.cgroup_path));
	switch (o->observe.select) {
	case SELECT_PID:
	case SELECT_TID:
		FUZZ_CHECK(o->observe.ntargets >= 1 && o->observe.ntargets <= OBSERVE_MAX_TARGETS);
		for (unsigned i = 0; i < o->observe.ntargets; i++)
			FUZZ_CHECK(o->observe.targets[i] >= 1 && o->observe.targets[i] <= INT32_MAX);
		break;
	case SELECT_COMM:
		/* 1..15 bytes, NUL-padded: compared as 16 bytes with the kernel's */
		FUZZ_CHECK(comm_len >= 1 && comm_len < MMSG_COMM_LEN);
		FUZZ_CHECK(all_zero(o->observe.comm + comm_len, sizeof(o->observe.comm) - comm_len));
		break;
	case SELECT_CGROUP:
		FUZZ_CHECK(cgroup_len >= 1);
		break;
	case SELECT_ALL:
	case SELECT_NONE:
		break;
	default:
		FUZZ_CHECK(!"select kind in range");
	}
	if (o->observe.select != SELECT_PID && o->observe.select != SELECT_TID)
		FUZZ_CHECK(o->observe.ntargets == 0);
	if (o->observe.select != SELECT_COMM)
		FUZZ_CHECK(all_zero(o->observe.comm, sizeof(o->observe.comm)));
	if (o->observe.select != SELECT_CGROUP)
		FUZZ_CHECK(cgroup_len == 0);

	if (o->mode == MODE_DRIVE) {
		/* observe-only options are refused when driving */
		FUZZ_CHECK(o->observe.syscall_mask == TRACER_OBSERVE_SYSCALLS && !o->observe.per_thread);
		FUZZ_CHECK(o->observe.sort == TASK_SORT_MSGS && o->observe.top == 0);
		/* --gso: UDP only, every message one UDP send of at most 64 segments */
		if (o->drive.driver.gso)
			FUZZ_CHECK(o->drive.driver.proto != PROTO_UNIX && o->drive.driver.size.max <= DRIVER_GSO_MAX &&
				   (uint64_t)o->drive.driver.size.max <= (uint64_t)o->drive.driver.gso * DRIVER_GSO_SEGMENTS);
		FUZZ_CHECK(!(o->drive.output.events && o->drive.no_trace));
		FUZZ_CHECK(!(o->drive.tracer.hidden_errors && o->drive.no_trace));
		FUZZ_CHECK(!(o->observe.duration_set && o->drive.driver.count));
		FUZZ_CHECK((o->drive.dest[0] != '\0') == (o->drive.sink == SINK_NONE));
		FUZZ_CHECK((o->warning[0] != '\0') == (o->drive.driver.vlen > MMSG_UIO_MAXIOV));
	} else {
		FUZZ_CHECK(o->warning[0] == '\0');
		/* driver options are refused in observe mode */
		FUZZ_CHECK(o->drive.driver.send_mode == SEND_SENDMMSG && o->drive.driver.gso == 0);
		/* the tracer and output options apply to observe mode as given;
		 * without --attach, observe mode attaches tp (drive mode raw) */
		FUZZ_CHECK((o->observe.tracer.attach == o->drive.tracer.attach ||
			    (o->drive.tracer.attach == ATTACH_RAW &&
			     o->observe.tracer.attach == ATTACH_TP)) &&
			   o->observe.tracer.self_cost == o->drive.tracer.self_cost &&
			   o->observe.tracer.drops == o->drive.tracer.drops &&
			   o->observe.tracer.ringbuf_size == o->drive.tracer.ringbuf_size &&
			   o->observe.tracer.hidden_errors == o->drive.tracer.hidden_errors &&
			   o->observe.tracer.verbose == o->drive.tracer.verbose);
		FUZZ_CHECK(o->observe.output.interval_s == o->drive.output.interval_s &&
			   o->observe.output.json == o->drive.output.json &&
			   o->observe.output.events == o->drive.output.events &&
			   o->observe.output.csv == o->drive.output.csv &&
			   o->observe.output.no_tui == o->drive.output.no_tui &&
			   !strcmp(o->observe.output.path, o->drive.output.path) &&
			   !strcmp(o->observe.output.prom_path, o->drive.output.prom_path));
	}
	/* --csv owns stdout: no JSON and no per-call lines beside it */
	FUZZ_CHECK(!(o->drive.output.csv && (o->drive.output.json || o->drive.output.events)));
}

/*
 * names__flag_options: "none" or names joined by '|' with unknown bits as hex,
 * which values__flags reads back to the same flags; for every buffer
 * size no write past it, always terminated, a prefix of the full text.
 */
static void check_flags_str(int flags)
{
	static char buf[128 + CANARY_LEN];
	char full[128], err[CLI_MSG_LEN];
	int back = ~flags;

	FUZZ_CHECK(names__flag_options(flags, full, sizeof(full)) == full);
	FUZZ_CHECK(strlen(full) < 96);	/* 8 names and a hex tail */
	FUZZ_CHECK_TEXT(values__flags(full, &back, err, sizeof(err)) == 0 && back == flags,
			full, strlen(full));
	for (size_t len = 0; len <= strlen(full) + 1; len++) {
		const char *ret;

		memset(buf, CANARY, len + CANARY_LEN);
		ret = names__flag_options(flags, buf, len);
		for (size_t i = len; i < len + CANARY_LEN; i++)
			FUZZ_CHECK((unsigned char)buf[i] == CANARY);
		if (!len) {
			FUZZ_CHECK(ret[0] == '\0');
			continue;
		}
		FUZZ_CHECK(strnlen(buf, len) < len);
		FUZZ_CHECK(!strncmp(buf, full, strlen(buf)));
	}
}

/* SUDO_UID / SUDO_GID: whole numbers only, uid not 0, both below 2^32 - 1 */
static bool model_id(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (!s || !*s || strspn(s, "0123456789") != strlen(s))
		return false;
	for (const char *p = s; *p; p++) {
		if (x > (UINT64_MAX - (uint64_t)(*p - '0')) / 10)
			return false;	/* does not fit 64 bits */
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*v = x;
	return true;
}

static void check_sudo_user(const char *uid_s, const char *gid_s)
{
	struct creds user = { .uid = 7, .gid = 7 };
	uint64_t u = 0, g = 0;
	bool want = model_id(uid_s, &u) && model_id(gid_s, &g) && u != 0 && u < UINT32_MAX &&
		    g < UINT32_MAX;

	FUZZ_CHECK(creds__parse_sudo(uid_s, gid_s, &user) == want);
	if (want)
		FUZZ_CHECK(user.uid == u && user.gid == g);
	else
		FUZZ_CHECK(user.uid == 7 && user.gid == 7);	/* untouched */
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet_stdout();	/* --help and --usage print there */
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1);
	char *argv[MAX_ARGS + 2], *argv2[MAX_ARGS + 2], *arg1, *arg2;
	struct cli *o = malloc(sizeof(*o)), *o2 = malloc(sizeof(*o2));
	enum cli_result rc, rc2;
	int argc = 1;

	FUZZ_CHECK(copy && o && o2);
	memcpy(copy, data, size);
	copy[size] = '\0';
	argv[0] = "mmsgtrace";
	/* each NUL ends an argument; a final one adds no empty argument */
	for (size_t i = 0; i < size && argc <= MAX_ARGS; i++) {
		argv[argc++] = copy + i;
		i += strlen(copy + i);
	}
	argv[argc] = NULL;
	arg1 = argc > 1 ? argv[1] : NULL;
	arg2 = argc > 2 ? argv[2] : NULL;
	memcpy(argv2, argv, sizeof(argv));	/* argp may permute argv */

	/* garbage in *o must not matter: cli__parse starts from the defaults */
	memset(o, 0xa5, sizeof(*o));
	rc = cli__parse(o, argc, argv);
	switch (rc) {
	case CLI_OK:
		check_ok(o, size);
		check_flags_str(o->drive.driver.flags);
		FUZZ_CHECK(strcmp(names__proto(o->drive.driver.proto), "?") &&
			   strcmp(names__attach(o->drive.tracer.attach), "?") &&
			   strcmp(names__sink(o->drive.sink), "?") &&
			   strcmp(names__select(o->observe.select), "?"));
		break;
	case CLI_EXIT_OK:
		break;
	case CLI_USAGE:
		check_message(o->error, true);
		FUZZ_CHECK(o->warning[0] == '\0');
		break;
	default:
		FUZZ_CHECK(!"cli__parse returns one of its three results");
	}

	/* no state survives a call: the same command line gives the same result */
	memset(o2, 0x5a, sizeof(*o2));
	rc2 = cli__parse(o2, argc, argv2);
	FUZZ_CHECK(rc2 == rc);
	if (rc == CLI_OK)
		FUZZ_CHECK(!memcmp(o, o2, sizeof(*o)));
	else if (rc == CLI_USAGE)
		FUZZ_CHECK(!strcmp(o->error, o2->error));

	/* the first two strings as SUDO_UID and SUDO_GID (NULL: unset) */
	check_sudo_user(arg1, arg2);
	free(o2);
	free(o);
	free(copy);
	return 0;
}
