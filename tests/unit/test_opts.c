// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Unit tests for user/opts.c: every option, its default, every class of bad
 * value, the building blocks, --help/--usage/--version, and repeated parses.
 *
 * Every parse runs with stdout and stderr captured: a usage error must print
 * nothing, --help/--usage/--version must print what they should.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/values.h"
#include "common/names.h"

#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY 0x4000000
#endif

/* ------------------------------------------------------------------------ */
/* harness                                                                  */

static char out[1 << 16];	/* what the last parse printed (stdout + stderr) */
static size_t out_len;
static char joined[1024];	/* the last command line, for failure messages */

static enum cli_result run(struct cli *o, const char **args)
{
	char *argv[128];
	int argc = 0, save1, save2;
	enum cli_result r;
	FILE *tmp;

	argv[argc++] = "mmsgtrace";
	joined[0] = '\0';
	for (; *args; args++) {
		size_t jl = strlen(joined);

		assert_true(argc < 127);
		argv[argc++] = (char *)*args;
		snprintf(joined + jl, sizeof(joined) - jl, "%s'%s'", jl ? " " : "", *args);
	}
	argv[argc] = NULL;

	fflush(stdout);
	fflush(stderr);
	tmp = tmpfile();
	assert_non_null(tmp);
	save1 = dup(1);
	save2 = dup(2);
	assert_true(save1 >= 0 && save2 >= 0);
	assert_true(dup2(fileno(tmp), 1) >= 0);
	assert_true(dup2(fileno(tmp), 2) >= 0);

	r = cli__parse(o, argc, argv);

	fflush(stdout);
	fflush(stderr);
	dup2(save1, 1);
	dup2(save2, 2);
	close(save1);
	close(save2);
	rewind(tmp);
	out_len = fread(out, 1, sizeof(out) - 1, tmp);
	out[out_len] = '\0';
	fclose(tmp);
	return r;
}

#define ARGS(...) ((const char *[]){ __VA_ARGS__, NULL })
#define NOARGS ((const char *[]){ NULL })

/* Parse args; must succeed, print nothing, leave no error. */
static void ok_(struct cli *o, const char **args)
{
	enum cli_result r = run(o, args);

	if (r != CLI_OK)
		fail_msg("[%s]: expected CLI_OK, got %d, error '%s'", joined, r, o->error);
	if (o->error[0])
		fail_msg("[%s]: CLI_OK but error '%s'", joined, o->error);
	if (out_len)
		fail_msg("[%s]: printed '%s'", joined, out);
}

/* Parse args; must be a usage error, print nothing, and the one-line,
 * lowercase message must contain needle. */
static void usage_(const char *needle, const char **args)
{
	struct cli o;
	enum cli_result r = run(&o, args);

	if (r != CLI_USAGE)
		fail_msg("[%s]: expected CLI_USAGE, got %d", joined, r);
	if (!o.error[0])
		fail_msg("[%s]: CLI_USAGE with an empty error", joined);
	if (!strstr(o.error, needle))
		fail_msg("[%s]: error '%s' lacks '%s'", joined, o.error, needle);
	if (strchr(o.error, '\n'))
		fail_msg("[%s]: error is not one line: '%s'", joined, o.error);
	if (isupper((unsigned char)o.error[0]))
		fail_msg("[%s]: error does not start lowercase: '%s'", joined, o.error);
	if (out_len)
		fail_msg("[%s]: a usage error printed '%s'", joined, out);
}

#define OK(o, ...) ok_((o), ARGS(__VA_ARGS__))
#define USAGE(needle, ...) usage_((needle), ARGS(__VA_ARGS__))

/* ------------------------------------------------------------------------ */
/* defaults                                                                 */

static void check_defaults(const struct cli *o)
{
	assert_int_equal(o->drive.driver.vlen, 64);
	assert_int_equal(o->drive.driver.size.kind, SIZE_FIXED);
	assert_int_equal(o->drive.driver.size.n, 1);
	assert_int_equal(o->drive.driver.size.list[0], 64);
	assert_int_equal(o->drive.driver.seed, 1);
	assert_int_equal(o->drive.driver.flags, 0);
	assert_int_equal(o->drive.driver.proto, PROTO_UDP4);
	assert_string_equal(o->drive.dest, "");
	assert_true(o->drive.driver.connect);
	assert_true(o->drive.driver.duration_s == 5.0);
	assert_int_equal(o->drive.driver.count, 0);
	assert_int_equal(o->drive.driver.threads, 1);
	assert_int_equal(o->drive.driver.rate, 0);
	assert_int_equal(o->drive.driver.ncpus, 0);
	assert_int_equal(o->drive.sink, SINK_DISCARD);
	assert_int_equal(o->drive.driver.send_mode, SEND_SENDMMSG);
	assert_int_equal(o->drive.driver.gso, 0);
	assert_false(o->drive.no_trace);
	assert_int_equal(o->drive.tracer.attach, ATTACH_RAW);
	assert_int_equal(o->drive.tracer.ringbuf_size, 16777216);
	/* the sock_send_length hook costs every socket send of the machine */
	assert_false(o->drive.tracer.hidden_errors);
	assert_true(o->drive.output.interval_s == 1.0);
	assert_false(o->drive.output.json);
	assert_string_equal(o->drive.output.path, "");
	assert_int_equal(o->drive.tracer.verbose, 0);
	assert_string_equal(o->error, "");
	assert_string_equal(o->warning, "");
}

static void test_defaults(void **state)
{
	struct cli o;

	(void)state;
	memset(&o, 0xa5, sizeof(o));
	cli__defaults(&o);
	check_defaults(&o);

	memset(&o, 0xa5, sizeof(o));
	ok_(&o, NOARGS);
	check_defaults(&o);

	/* "--" alone ends the options and changes nothing */
	OK(&o, "--");
	check_defaults(&o);
}

static void test_parse_tolerates_empty_argv(void **state)
{
	struct cli o;

	(void)state;
	assert_int_equal(cli__parse(&o, 0, NULL), CLI_OK);
	check_defaults(&o);
}

/* ------------------------------------------------------------------------ */
/* driver options                                                           */

static void test_vlen(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--vlen", "1");
	assert_int_equal(o.drive.driver.vlen, 1);
	assert_string_equal(o.warning, "");
	OK(&o, "--vlen=1024");
	assert_int_equal(o.drive.driver.vlen, 1024);
	assert_string_equal(o.warning, "");
	OK(&o, "--vlen", "1025");
	assert_int_equal(o.drive.driver.vlen, 1025);
	assert_string_equal(o.warning,
			    "--vlen 1025 exceeds UIO_MAXIOV (1024): the kernel sends at most "
			    "1024 messages per call, so the trace shows ret <= 1024");
	OK(&o, "--vlen", "1048576");
	assert_int_equal(o.drive.driver.vlen, DRIVER_VLEN_MAX);
	assert_non_null(strstr(o.warning, "--vlen 1048576 exceeds UIO_MAXIOV (1024)"));
	/* the last one wins, and so does its warning (or its absence) */
	OK(&o, "--vlen", "4096", "--vlen", "8");
	assert_int_equal(o.drive.driver.vlen, 8);
	assert_string_equal(o.warning, "");
	/* a unique prefix of a long option works, as with getopt_long */
	OK(&o, "--vl", "7");
	assert_int_equal(o.drive.driver.vlen, 7);
	/* warning does not leak into the next parse */
	OK(&o, "--vlen", "2000");
	assert_true(o.warning[0] != '\0');
	OK(&o, "--vlen", "2");
	assert_string_equal(o.warning, "");
}

static void test_vlen_bad(void **state)
{
	(void)state;
	USAGE("invalid --vlen 'abc': expected a whole number from 1 to 1048576", "--vlen", "abc");
	USAGE("invalid --vlen ''", "--vlen", "");
	USAGE("invalid --vlen ''", "--vlen=");
	USAGE("invalid --vlen '0'", "--vlen", "0");
	USAGE("invalid --vlen '-1'", "--vlen", "-1");
	USAGE("invalid --vlen '-0'", "--vlen", "-0");
	USAGE("invalid --vlen '+5'", "--vlen", "+5");
	USAGE("invalid --vlen ' 5'", "--vlen", " 5");
	USAGE("invalid --vlen '5 '", "--vlen", "5 ");
	USAGE("invalid --vlen '12x'", "--vlen", "12x");
	USAGE("invalid --vlen '1.5'", "--vlen", "1.5");
	USAGE("invalid --vlen '0x10'", "--vlen", "0x10");
	USAGE("invalid --vlen '1048577'", "--vlen", "1048577");
	USAGE("invalid --vlen '4294967297'", "--vlen", "4294967297");
	USAGE("invalid --vlen '99999999999999999999'", "--vlen", "99999999999999999999");
	USAGE("option '--vlen' needs a value", "--vlen");
}

static void test_size(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--size", "1400");
	assert_int_equal(o.drive.driver.size.kind, SIZE_FIXED);
	assert_int_equal(o.drive.driver.size.n, 1);
	assert_int_equal(o.drive.driver.size.list[0], 1400);

	OK(&o, "--size", "0");
	assert_int_equal(o.drive.driver.size.kind, SIZE_FIXED);
	assert_int_equal(o.drive.driver.size.list[0], 0);

	/* the largest datagram of each protocol, and one byte more: every
	 * larger message would fail with EMSGSIZE, so it takes --allow-errors */
	OK(&o, "--size", "65507");
	USAGE("--size goes up to 65508 bytes, but one udp4 datagram holds at most 65507 (65535 "
	      "less the IPv4 and UDP headers): each larger message fails with EMSGSIZE; give "
	      "sizes up to 65507, or add --allow-errors", "--size", "65508");
	OK(&o, "--size", "65527", "--proto", "udp6");
	USAGE("one udp6 datagram holds at most 65527", "--size", "65528", "--proto", "udp6");
	USAGE("--size goes up to 70000 bytes", "--size", "64,64,70000,64");
	USAGE("--size goes up to 70000 bytes", "--size", "100-70000");
	USAGE("unix datagram holds at most", "--size", "1048576", "--proto", "unix");
	OK(&o, "--size", "70000", "--allow-errors");
	assert_int_equal(o.drive.driver.size.list[0], 70000);
	assert_true(o.drive.allow_errors);
	OK(&o, "--size", "1048576", "--allow-errors");
	assert_int_equal(o.drive.driver.size.list[0], DRIVER_MAX_SIZE);

	OK(&o, "--size", "64,512,1400");
	assert_int_equal(o.drive.driver.size.kind, SIZE_LIST);
	assert_int_equal(o.drive.driver.size.n, 3);
	assert_int_equal(o.drive.driver.size.list[0], 64);
	assert_int_equal(o.drive.driver.size.list[1], 512);
	assert_int_equal(o.drive.driver.size.list[2], 1400);
	assert_int_equal(o.drive.driver.size.min, 64);
	assert_int_equal(o.drive.driver.size.max, 1400);

	OK(&o, "--size", "64-1400");
	assert_int_equal(o.drive.driver.size.kind, SIZE_RANGE);
	assert_int_equal(o.drive.driver.size.min, 64);
	assert_int_equal(o.drive.driver.size.max, 1400);

	OK(&o, "--size", "0-0");
	assert_int_equal(o.drive.driver.size.kind, SIZE_RANGE);
	assert_int_equal(o.drive.driver.size.min, 0);
	assert_int_equal(o.drive.driver.size.max, 0);

	OK(&o, "--size=100-100");
	assert_int_equal(o.drive.driver.size.kind, SIZE_RANGE);
	assert_int_equal(o.drive.driver.size.min, 100);
	assert_int_equal(o.drive.driver.size.max, 100);
}

static void test_size_bad(void **state)
{
	(void)state;
	USAGE("invalid --size ''", "--size", "");
	USAGE("invalid --size 'a'", "--size", "a");
	USAGE("invalid --size '-5': sizes cannot be negative", "--size", "-5");
	USAGE("invalid --size '64,,1': empty entry", "--size", "64,,1");
	USAGE("invalid --size ',64': empty entry", "--size", ",64");
	USAGE("invalid --size '64,': empty entry", "--size", "64,");
	USAGE("invalid --size '10-5': the range minimum is above its maximum", "--size", "10-5");
	USAGE("invalid --size '1-2-3'", "--size", "1-2-3");
	USAGE("invalid --size '1-'", "--size", "1-");
	USAGE("invalid --size '1,2-3': give either a list or a range", "--size", "1,2-3");
	USAGE("invalid --size '1-2,3'", "--size", "1-2,3");
	USAGE("invalid --size '64x'", "--size", "64x");
	USAGE("invalid --size ' 64'", "--size", " 64");
	USAGE("invalid --size '1.5'", "--size", "1.5");
	USAGE("each size must be from 0 to 1048576", "--size", "1048577");
	USAGE("each size must be from 0 to 1048576", "--size", "99999999999999999999");
	USAGE("each size must be from 0 to 1048576", "--size", "64,2000000");
	USAGE("each size must be from 0 to 1048576", "--size", "1-2000000");
	USAGE("each size must be from 0 to 1048576", "--size", "1-99999999999999999999");
}

static void test_parse_size_direct(void **state)
{
	struct size_spec s, keep;
	char err[CLI_MSG_LEN];
	char list[1024] = "";

	(void)state;
	assert_int_equal(values__size("64", &s, err, sizeof(err)), 0);
	assert_int_equal(s.kind, SIZE_FIXED);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.list[0], 64);

	/* exactly DRIVER_MAX_SIZES entries is fine, one more is not */
	for (int i = 0; i < DRIVER_MAX_SIZES; i++) {
		size_t l = strlen(list);

		snprintf(list + l, sizeof(list) - l, "%s%d", i ? "," : "", i + 1);
	}
	assert_int_equal(values__size(list, &s, err, sizeof(err)), 0);
	assert_int_equal(s.kind, SIZE_LIST);
	assert_int_equal(s.n, DRIVER_MAX_SIZES);
	assert_int_equal(s.list[DRIVER_MAX_SIZES - 1], DRIVER_MAX_SIZES);
	assert_int_equal(s.min, 1);
	assert_int_equal(s.max, DRIVER_MAX_SIZES);
	strcat(list, ",1");
	assert_int_equal(values__size(list, &s, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "more than 64 sizes"));

	/* on failure the spec is untouched */
	assert_int_equal(values__size("1,2,3", &s, err, sizeof(err)), 0);
	keep = s;
	assert_int_equal(values__size("1,,3", &s, err, sizeof(err)), -1);
	assert_memory_equal(&s, &keep, sizeof(s));

	/* NULL, and tiny or absent error buffers, are safe */
	assert_int_equal(values__size(NULL, &s, err, sizeof(err)), -1);
	assert_int_equal(values__size("x", &s, NULL, 0), -1);
	assert_int_equal(values__size("x", &s, err, 4), -1);
	assert_int_equal(strlen(err), 3);
}

static void test_seed(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--seed", "0");
	assert_int_equal(o.drive.driver.seed, 0);
	OK(&o, "--seed", "42");
	assert_int_equal(o.drive.driver.seed, 42);
	OK(&o, "--seed", "18446744073709551615");
	assert_true(o.drive.driver.seed == UINT64_MAX);
	USAGE("invalid --seed '18446744073709551616'", "--seed", "18446744073709551616");
	USAGE("invalid --seed '99999999999999999999'", "--seed", "99999999999999999999");
	USAGE("invalid --seed '-1'", "--seed", "-1");
	USAGE("invalid --seed ''", "--seed", "");
	USAGE("invalid --seed 'x'", "--seed", "x");
	USAGE("invalid --seed '1x'", "--seed", "1x");
}

static void test_flags(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--flags", "dontwait");
	assert_int_equal(o.drive.driver.flags, MSG_DONTWAIT);
	OK(&o, "--flags", "nosignal");
	assert_int_equal(o.drive.driver.flags, MSG_NOSIGNAL);
	OK(&o, "--flags", "confirm");
	assert_int_equal(o.drive.driver.flags, MSG_CONFIRM);
	OK(&o, "--flags", "dontroute");
	assert_int_equal(o.drive.driver.flags, MSG_DONTROUTE);
	OK(&o, "--flags", "more");
	assert_int_equal(o.drive.driver.flags, MSG_MORE);
	OK(&o, "--flags", "eor");
	assert_int_equal(o.drive.driver.flags, MSG_EOR);
	/* UDP over IPv4 and unix datagram sockets refuse MSG_OOB (EOPNOTSUPP);
	 * this kernel's udp6 takes it: the trial send decides, not a table */
	USAGE("--flags oob: udp4 sockets refuse it (a trial send failed with EOPNOTSUPP)",
	      "--flags", "oob");
	USAGE("--flags oob: unix sockets refuse it", "--flags", "dontwait,oob", "--proto", "unix");
	OK(&o, "--flags", "oob", "--allow-errors");
	assert_int_equal(o.drive.driver.flags, MSG_OOB);
	OK(&o, "--flags", "zerocopy");
	assert_int_equal(o.drive.driver.flags, MSG_ZEROCOPY);
	OK(&o, "--flags", "none");
	assert_int_equal(o.drive.driver.flags, 0);
	OK(&o, "--flags", "dontwait,nosignal");
	assert_int_equal(o.drive.driver.flags, MSG_DONTWAIT | MSG_NOSIGNAL);
	OK(&o, "--flags", "DontWait,NOSIGNAL");		/* case-insensitive */
	assert_int_equal(o.drive.driver.flags, MSG_DONTWAIT | MSG_NOSIGNAL);
	OK(&o, "--flags", "dontwait|more");		/* names__flag_options's own form */
	assert_int_equal(o.drive.driver.flags, MSG_DONTWAIT | MSG_MORE);
	OK(&o, "--flags", "0x40");
	assert_int_equal(o.drive.driver.flags, 0x40);
	OK(&o, "--flags", "0X4040");
	assert_int_equal(o.drive.driver.flags, 0x4040);
	OK(&o, "--flags", "64");
	assert_int_equal(o.drive.driver.flags, 64);
	OK(&o, "--flags", "0");
	assert_int_equal(o.drive.driver.flags, 0);
	OK(&o, "--flags", "010");			/* decimal, not octal */
	assert_int_equal(o.drive.driver.flags, 10);
	/* every bit, MSG_OOB among them: udp4 refuses it without --allow-errors */
	USAGE("--flags oob: udp4 sockets refuse it", "--flags", "0xffffffff");
	OK(&o, "--flags", "0xffffffff", "--allow-errors");
	assert_int_equal((unsigned)o.drive.driver.flags, 0xffffffffu);
	OK(&o, "--flags", "dontwait", "--flags", "more");	/* the last one wins */
	assert_int_equal(o.drive.driver.flags, MSG_MORE);
}

static void test_flags_bad(void **state)
{
	(void)state;
	USAGE("unknown --flags name 'foo': valid names are dontwait, nosignal, confirm, "
	      "dontroute, more, eor, oob, zerocopy, none (or a number)", "--flags", "foo");
	USAGE("unknown --flags name 'bogus'", "--flags", "dontwait,bogus");
	USAGE("unknown --flags name 'dont'", "--flags", "dont");
	USAGE("invalid --flags ''", "--flags", "");
	USAGE("empty name in the list", "--flags", "dontwait,,more");
	USAGE("empty name in the list", "--flags", ",more");
	USAGE("remove the trailing comma", "--flags", "dontwait,");
	USAGE("invalid --flags '-1'", "--flags", "-1");
	USAGE("invalid --flags '0x'", "--flags", "0x");
	USAGE("invalid --flags '0xg'", "--flags", "0xg");
	USAGE("invalid --flags '12abc'", "--flags", "12abc");
	USAGE("invalid --flags '4294967296'", "--flags", "4294967296");
	USAGE("invalid --flags '99999999999999999999'", "--flags", "99999999999999999999");
}

static void test_parse_flags_direct(void **state)
{
	char err[CLI_MSG_LEN];
	int f = 1234;

	(void)state;
	assert_int_equal(values__flags("oob,eor", &f, err, sizeof(err)), 0);
	assert_int_equal(f, MSG_OOB | MSG_EOR);
	f = 1234;
	assert_int_equal(values__flags("oob,nope", &f, err, sizeof(err)), -1);
	assert_int_equal(f, 1234);	/* untouched on failure */
	assert_non_null(strstr(err, "unknown --flags name 'nope'"));
	assert_int_equal(values__flags(NULL, &f, err, sizeof(err)), -1);
	assert_int_equal(values__flags("nope", &f, NULL, 0), -1);
}

static void test_flags_str(void **state)
{
	char buf[128], small[8];

	(void)state;
	assert_string_equal(names__flag_options(0, buf, sizeof(buf)), "none");
	assert_string_equal(names__flag_options(MSG_DONTWAIT, buf, sizeof(buf)), "dontwait");
	assert_string_equal(names__flag_options(MSG_DONTWAIT | MSG_NOSIGNAL, buf, sizeof(buf)),
			    "dontwait|nosignal");
	assert_string_equal(names__flag_options(MSG_DONTWAIT | MSG_NOSIGNAL | MSG_CONFIRM |
					    MSG_DONTROUTE | MSG_MORE | MSG_EOR | MSG_OOB |
					    MSG_ZEROCOPY, buf, sizeof(buf)),
			    "dontwait|nosignal|confirm|dontroute|more|eor|oob|zerocopy");
	assert_string_equal(names__flag_options(MSG_DONTWAIT | 0x100000, buf, sizeof(buf)),
			    "dontwait|0x100000");
	assert_string_equal(names__flag_options(0x100000, buf, sizeof(buf)), "0x100000");
	assert_string_equal(names__flag_options(-1, buf, sizeof(buf)),
			    "dontwait|nosignal|confirm|dontroute|more|eor|oob|zerocopy|0xfbff373a");

	/* round trip through the parser */
	{
		char err[CLI_MSG_LEN];
		int f;

		names__flag_options(MSG_MORE | MSG_EOR | 0x200000, buf, sizeof(buf));
		assert_int_equal(values__flags(buf, &f, err, sizeof(err)), 0);
		assert_int_equal(f, MSG_MORE | MSG_EOR | 0x200000);
	}

	/* truncation is safe: terminated, within len, never past it */
	memset(small, 'Z', sizeof(small));
	names__flag_options(MSG_DONTWAIT | MSG_NOSIGNAL, small, 6);
	assert_int_equal(strlen(small), 5);
	assert_memory_equal(small, "dontw", 6);
	assert_int_equal(small[6], 'Z');
	assert_int_equal(small[7], 'Z');
	for (size_t len = 1; len <= sizeof(buf); len++) {
		memset(buf, 'Z', sizeof(buf));
		names__flag_options(-1, buf, len);
		assert_true(strlen(buf) < len);
		if (len < sizeof(buf))
			assert_int_equal(buf[len], 'Z');
	}
	memset(small, 'Z', sizeof(small));
	names__flag_options(0, small, 1);
	assert_string_equal(small, "");
	assert_int_equal(small[1], 'Z');
	assert_string_equal(names__flag_options(MSG_OOB, small, 0), "");
	assert_string_equal(names__flag_options(MSG_OOB, NULL, 0), "");
}

static void test_proto(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--proto", "udp4");
	assert_int_equal(o.drive.driver.proto, PROTO_UDP4);
	assert_int_equal(o.drive.sink, SINK_DISCARD);
	OK(&o, "--proto", "udp6");
	assert_int_equal(o.drive.driver.proto, PROTO_UDP6);
	assert_int_equal(o.drive.sink, SINK_DISCARD);
	OK(&o, "--proto", "unix");
	assert_int_equal(o.drive.driver.proto, PROTO_UNIX);
	assert_int_equal(o.drive.sink, SINK_COUNT);	/* nobody reads a discard unix sink */
	OK(&o, "--proto", "UDP6");
	assert_int_equal(o.drive.driver.proto, PROTO_UDP6);
	USAGE("invalid --proto 'tcp': expected udp4, udp6 or unix", "--proto", "tcp");
	USAGE("invalid --proto ''", "--proto", "");
	USAGE("invalid --proto 'udp'", "--proto", "udp");
	USAGE("invalid --proto 'udp4 '", "--proto", "udp4 ");
}

/* the syscall each --mode makes is the one the tracer watches */
static void test_mode(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--json");
	assert_int_equal(o.drive.driver.send_mode, SEND_SENDMMSG);
	assert_int_equal(names__send_mode_syscall(o.drive.driver.send_mode), MMSG_SYS_SENDMMSG);
	OK(&o, "--mode", "sendmmsg");
	assert_int_equal(o.drive.driver.send_mode, SEND_SENDMMSG);
	assert_int_equal(names__send_mode_syscall(o.drive.driver.send_mode), MMSG_SYS_SENDMMSG);
	OK(&o, "--mode", "sendmsg");
	assert_int_equal(o.drive.driver.send_mode, SEND_SENDMSG);
	assert_int_equal(names__send_mode_syscall(o.drive.driver.send_mode), MMSG_SYS_SENDMSG);
	OK(&o, "--mode=sendto", "--vlen", "8", "--size", "64,512,1400");
	assert_int_equal(o.drive.driver.send_mode, SEND_SENDTO);
	assert_int_equal(names__send_mode_syscall(o.drive.driver.send_mode), MMSG_SYS_SENDTO);
	assert_int_equal(o.drive.driver.vlen, 8);
	assert_int_equal(o.drive.driver.size.kind, SIZE_LIST);
	OK(&o, "--mode", "SendTo");
	assert_int_equal(o.drive.driver.send_mode, SEND_SENDTO);
	/* the last one wins */
	OK(&o, "--mode", "sendto", "--mode", "sendmsg");
	assert_int_equal(o.drive.driver.send_mode, SEND_SENDMSG);
	/* works with the other driver options */
	OK(&o, "--mode", "sendmsg", "--proto", "unix", "--no-connect", "--no-trace", "--count", "5");
	assert_int_equal(o.drive.driver.send_mode, SEND_SENDMSG);
	assert_true(o.drive.no_trace);
	/* above 1024, batches are capped as for sendmmsg: said so, without "ret <=" */
	OK(&o, "--mode", "sendto", "--vlen", "2000");
	assert_string_equal(o.warning, "--vlen 2000 exceeds UIO_MAXIOV (1024): batches hold 1024 "
			    "messages, as sendmmsg would send them");

	USAGE("invalid --mode 'sendfile': expected sendmmsg, sendmsg or sendto", "--mode",
	      "sendfile");
	USAGE("invalid --mode ''", "--mode", "");
	USAGE("invalid --mode 'sendmmsg,sendto'", "--mode", "sendmmsg,sendto");
	USAGE("invalid --mode 'recvmmsg'", "--mode", "recvmmsg");
	USAGE("option '--mode' needs a value", "--mode");
}

static void test_gso(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--gso", "1400");
	assert_int_equal(o.drive.driver.gso, 1400);
	OK(&o, "--gso", "1", "--size", "64");	/* 64 datagrams of 1 byte: the most */
	assert_int_equal(o.drive.driver.gso, 1);
	OK(&o, "--gso", "65507", "--size", "65507");
	assert_int_equal(o.drive.driver.gso, 65507);
	OK(&o, "--gso", "1400", "--size", "1400,2800", "--proto", "udp6", "--mode", "sendto");
	assert_int_equal(o.drive.driver.gso, 1400);
	assert_int_equal(o.drive.driver.proto, PROTO_UDP6);
	assert_int_equal(o.drive.driver.send_mode, SEND_SENDTO);
	/* every size of a list or range is checked: here 0 and 65507 both fit */
	OK(&o, "--gso", "1024", "--size", "0,65507");
	OK(&o, "--gso", "1024", "--size", "0-65507");
	/* 64 segments exactly is allowed, and a message below SIZE is one datagram */
	OK(&o, "--gso", "1000", "--size", "64000,10");
	OK(&o, "--gso", "1400", "--dest", "127.0.0.1:9");
	/* the proto may come after --gso */
	OK(&o, "--gso", "1400", "--proto", "udp4");

	assert_int_equal(driver__datagrams(0, 0), 1);
	assert_int_equal(driver__datagrams(65507, 0), 1);
	assert_int_equal(driver__datagrams(0, 1400), 1);
	assert_int_equal(driver__datagrams(1, 1400), 1);
	assert_int_equal(driver__datagrams(1400, 1400), 1);
	assert_int_equal(driver__datagrams(1401, 1400), 2);
	assert_int_equal(driver__datagrams(2800, 1400), 2);
	assert_int_equal(driver__datagrams(65507, 1400), 47);
	assert_int_equal(driver__datagrams(64, 1), 64);
	assert_int_equal(driver__datagrams(UINT32_MAX, 1), UINT32_MAX);
}

static void test_gso_bad(void **state)
{
	(void)state;
	USAGE("invalid --gso '0': expected a datagram size in bytes from 1 to 65507", "--gso",
	      "0");
	USAGE("invalid --gso '65508': expected a datagram size in bytes from 1 to 65507",
	      "--gso", "65508");
	USAGE("invalid --gso '-1'", "--gso", "-1");
	USAGE("invalid --gso '1k'", "--gso", "1k");
	USAGE("invalid --gso ''", "--gso", "");
	USAGE("option '--gso' needs a value", "--gso");
	/* UDP only, in either order */
	USAGE("--gso is UDP segmentation offload: it needs --proto udp4 or udp6; drop --gso for "
	      "unix", "--gso", "1400", "--proto", "unix");
	USAGE("--gso is UDP segmentation offload: it needs --proto udp4 or udp6", "--proto",
	      "unix", "--gso", "1400");
	/* a message must fit one UDP send */
	USAGE("--gso: a message holds at most 65507 bytes (one UDP send), but --size goes up to "
	      "65508; use smaller sizes", "--gso", "65507", "--size", "65508");
	USAGE("--size goes up to 70000", "--gso", "1400", "--size", "64,70000");
	USAGE("--size goes up to 1048576", "--gso", "1400", "--size", "64-1048576");
	/* at most 64 segments per message, and the way out */
	USAGE("--gso 100 cuts a 9000-byte message into 90 datagrams, more than 64 "
	      "(UDP_MAX_SEGMENTS): use --gso 141 or more, or smaller --size", "--gso", "100",
	      "--size", "9000");
	USAGE("--gso 1000 cuts a 64001-byte message into 65 datagrams", "--gso", "1000", "--size",
	      "64,64001");
	USAGE("--gso 1 cuts a 65-byte message into 65 datagrams", "--gso", "1", "--size", "0-65");
	USAGE("--gso 1 cuts a 65-byte message", "--size", "65", "--gso", "1");
}

static void test_dest(void **state)
{
	struct cli o;
	char big[300], path[200];

	(void)state;
	OK(&o, "--dest", "127.0.0.1:9000");
	assert_string_equal(o.drive.dest, "127.0.0.1:9000");
	assert_int_equal(o.drive.sink, SINK_NONE);	/* --dest alone implies --sink none */
	OK(&o, "--dest", "localhost:1");
	OK(&o, "--dest", "10.0.0.1:65535");
	OK(&o, "--dest", "[::1]:9000", "--proto", "udp6");	/* --proto after --dest */
	assert_string_equal(o.drive.dest, "[::1]:9000");
	assert_int_equal(o.drive.driver.proto, PROTO_UDP6);
	OK(&o, "--proto", "udp6", "--dest", "[fe80::1%lo]:53");
	OK(&o, "--proto", "unix", "--dest", "/run/x.sock");
	assert_string_equal(o.drive.dest, "/run/x.sock");
	assert_int_equal(o.drive.sink, SINK_NONE);
	OK(&o, "--proto", "unix", "--dest", "@abstract");
	OK(&o, "--dest", "127.0.0.1:9000", "--sink", "none");

	/* longest accepted: 255 characters for udp4 */
	memset(big, 'h', sizeof(big));
	memcpy(big + 250, ":9000", 6);
	OK(&o, "--dest", big);
	assert_int_equal(strlen(o.drive.dest), 255);
	/* 256: too long */
	memset(big, 'h', sizeof(big));
	memcpy(big + 251, ":9000", 6);
	USAGE("longer than 255 characters", "--dest", big);

	/* a unix socket path holds 107 bytes */
	memset(path, 'p', sizeof(path));
	path[0] = '/';
	path[107] = '\0';
	OK(&o, "--proto", "unix", "--dest", path);
	path[107] = 'p';
	path[108] = '\0';
	USAGE("holds at most 107 bytes", "--proto", "unix", "--dest", path);
	path[0] = '@';		/* @ + 107-byte abstract name */
	OK(&o, "--proto", "unix", "--dest", path);
	path[108] = 'p';
	path[109] = '\0';
	USAGE("holds at most 107 bytes", "--proto", "unix", "--dest", path);
}

static void test_dest_bad(void **state)
{
	(void)state;
	USAGE("invalid --dest ''", "--dest", "");
	USAGE("invalid --dest '127.0.0.1' for udp4: expected HOST:PORT", "--dest", "127.0.0.1");
	USAGE("for udp4", "--dest", "127.0.0.1:");
	USAGE("for udp4", "--dest", "127.0.0.1:0");
	USAGE("for udp4", "--dest", "127.0.0.1:65536");
	USAGE("for udp4", "--dest", "127.0.0.1:-1");
	USAGE("for udp4", "--dest", "127.0.0.1:80x");
	USAGE("for udp4", "--dest", "127.0.0.1:99999999999999999999");
	USAGE("for udp4", "--dest", ":9000");
	USAGE("use --proto udp6", "--dest", "[::1]:9000");
	USAGE("use --proto udp6", "--dest", "::1:9000");
	/* validated after all options: --proto may come later */
	USAGE("invalid --dest '127.0.0.1:9000' for udp6: expected [ADDR]:PORT",
	      "--dest", "127.0.0.1:9000", "--proto", "udp6");
	USAGE("for udp6", "--proto", "udp6", "--dest", "::1:9000");
	USAGE("for udp6", "--proto", "udp6", "--dest", "[]:9000");
	USAGE("for udp6", "--proto", "udp6", "--dest", "[::1]");
	USAGE("for udp6", "--proto", "udp6", "--dest", "[::1]:");
	USAGE("for udp6", "--proto", "udp6", "--dest", "[::1]:0");
	USAGE("for udp6", "--proto", "udp6", "--dest", "[::1]9000");
	USAGE("an abstract socket needs a name", "--proto", "unix", "--dest", "@");
	USAGE("option '--dest' needs a value", "--dest");
}

static void test_connect(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--no-connect");
	assert_false(o.drive.driver.connect);
	OK(&o, "--connect");
	assert_true(o.drive.driver.connect);
	OK(&o, "--no-connect", "--connect");
	assert_true(o.drive.driver.connect);
	OK(&o, "--connect", "--no-connect");
	assert_false(o.drive.driver.connect);
	USAGE("option '--no-connect' takes no value", "--no-connect=1");
	USAGE("option '--connect' takes no value", "--connect=yes");
}

static void test_duration(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--duration", "10");
	assert_true(o.drive.driver.duration_s == 10.0);
	assert_int_equal(o.drive.driver.count, 0);
	OK(&o, "--duration", "0.5");
	assert_true(o.drive.driver.duration_s == 0.5);
	OK(&o, "--duration", ".25");
	assert_true(o.drive.driver.duration_s == 0.25);
	OK(&o, "--duration", "1e2");
	assert_true(o.drive.driver.duration_s == 100.0);
	OK(&o, "--duration", "31536000");
	assert_true(o.drive.driver.duration_s == 31536000.0);

	USAGE("invalid --duration '0': expected seconds above 0", "--duration", "0");
	USAGE("invalid --duration '0.0'", "--duration", "0.0");
	USAGE("invalid --duration ''", "--duration", "");
	USAGE("invalid --duration '-1'", "--duration", "-1");
	USAGE("invalid --duration '+1'", "--duration", "+1");
	USAGE("invalid --duration 'abc'", "--duration", "abc");
	USAGE("invalid --duration '5s'", "--duration", "5s");
	USAGE("invalid --duration '1.2.3'", "--duration", "1.2.3");
	USAGE("invalid --duration 'nan'", "--duration", "nan");
	USAGE("invalid --duration 'inf'", "--duration", "inf");
	USAGE("invalid --duration 'infinity'", "--duration", "infinity");
	USAGE("invalid --duration '0x10'", "--duration", "0x10");
	USAGE("invalid --duration ' 1'", "--duration", " 1");
	USAGE("invalid --duration '1e999'", "--duration", "1e999");
	USAGE("invalid --duration '1e-999'", "--duration", "1e-999");
	USAGE("invalid --duration '31536000.5'", "--duration", "31536000.5");
	USAGE("invalid --duration '99999999999999999999'", "--duration", "99999999999999999999");
	USAGE("invalid --duration '.'", "--duration", ".");
	USAGE("invalid --duration '1e'", "--duration", "1e");
}

static void test_count(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--count", "1000");
	assert_int_equal(o.drive.driver.count, 1000);
	assert_true(o.drive.driver.duration_s == 5.0);	/* kept, ignored when count > 0 */
	OK(&o, "--count", "1");
	assert_int_equal(o.drive.driver.count, 1);
	OK(&o, "--count", "18446744073709551615");
	assert_true(o.drive.driver.count == UINT64_MAX);

	USAGE("invalid --count '0': expected a whole number of calls from 1 to "
	      "18446744073709551615", "--count", "0");
	USAGE("invalid --count ''", "--count", "");
	USAGE("invalid --count '-5'", "--count", "-5");
	USAGE("invalid --count '1e3'", "--count", "1e3");
	USAGE("invalid --count '10k'", "--count", "10k");
	USAGE("invalid --count '99999999999999999999'", "--count", "99999999999999999999");
	USAGE("invalid --count '18446744073709551616'", "--count", "18446744073709551616");

	USAGE("--duration and --count are exclusive: give one",
	      "--duration", "1", "--count", "5");
	USAGE("--duration and --count are exclusive: give one",
	      "--count", "5", "--duration", "1");
}

static void test_threads(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--threads", "1");
	assert_int_equal(o.drive.driver.threads, 1);
	OK(&o, "--threads", "256");
	assert_int_equal(o.drive.driver.threads, DRIVER_MAX_THREADS);
	USAGE("invalid --threads '0': expected a whole number from 1 to 256", "--threads", "0");
	USAGE("invalid --threads '257'", "--threads", "257");
	USAGE("invalid --threads '-1'", "--threads", "-1");
	USAGE("invalid --threads ''", "--threads", "");
	USAGE("invalid --threads 'two'", "--threads", "two");
	USAGE("invalid --threads '2.0'", "--threads", "2.0");
	USAGE("invalid --threads '99999999999999999999'", "--threads", "99999999999999999999");
}

static void test_rate(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--rate", "0");
	assert_int_equal(o.drive.driver.rate, 0);
	/* at least one batch a second per thread */
	OK(&o, "--rate", "1", "--vlen", "1");
	assert_int_equal(o.drive.driver.rate, 1);
	OK(&o, "--rate", "64");
	USAGE("--rate 63 with --vlen 64 paces one call of 64 messages every 1.02 s per thread, "
	      "less than one batch a second", "--rate", "63");
	USAGE("--rate 10 with --vlen 64 paces one call of 64 messages every 6.40 s per thread, "
	      "less than one batch a second (a short run sends only the first); for 10 msgs/s give "
	      "--vlen 10 or less, or a --rate of 64 or more", "--rate", "10", "--duration", "3");
	USAGE("--rate 100 with --vlen 64 and --threads 4 paces one call of 64 messages every "
	      "2.56 s per thread", "--rate", "100", "--threads", "4");
	/* the kernel sends at most UIO_MAXIOV per call: a batch is that long */
	OK(&o, "--rate", "1024", "--vlen", "5000");
	USAGE("--rate 1 and --threads 2 paces each thread's calls 2.00 s apart",
	      "--rate", "1", "--mode", "sendto", "--threads", "2");
	OK(&o, "--rate", "2", "--mode", "sendto", "--threads", "2");
	OK(&o, "--rate", "10000000000");
	assert_true(o.drive.driver.rate == 10000000000ULL);
	USAGE("invalid --rate '10000000001'", "--rate", "10000000001");
	USAGE("invalid --rate '-1'", "--rate", "-1");
	USAGE("invalid --rate ''", "--rate", "");
	USAGE("invalid --rate '1M'", "--rate", "1M");
	USAGE("invalid --rate '99999999999999999999'", "--rate", "99999999999999999999");
}

static void test_cpu(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--cpu", "0");
	assert_int_equal(o.drive.driver.ncpus, 1);
	assert_int_equal(o.drive.driver.cpus[0], 0);
	OK(&o, "--cpu", "0,1");
	assert_int_equal(o.drive.driver.ncpus, 2);
	assert_int_equal(o.drive.driver.cpus[1], 1);
	OK(&o, "--cpu", "0-3");
	assert_int_equal(o.drive.driver.ncpus, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(o.drive.driver.cpus[i], i);
	OK(&o, "--cpu", "0-1,3");
	assert_int_equal(o.drive.driver.ncpus, 3);
	assert_int_equal(o.drive.driver.cpus[0], 0);
	assert_int_equal(o.drive.driver.cpus[1], 1);
	assert_int_equal(o.drive.driver.cpus[2], 3);
	OK(&o, "--cpu", "5,2-2,7");
	assert_int_equal(o.drive.driver.ncpus, 3);
	assert_int_equal(o.drive.driver.cpus[0], 5);
	assert_int_equal(o.drive.driver.cpus[1], 2);
	assert_int_equal(o.drive.driver.cpus[2], 7);
	OK(&o, "--cpu", "255");
	assert_int_equal(o.drive.driver.cpus[0], 255);
	OK(&o, "--cpu", "0-255");
	assert_int_equal(o.drive.driver.ncpus, DRIVER_MAX_CPUS);
	assert_int_equal(o.drive.driver.cpus[255], 255);
	OK(&o, "--cpu", "0-3", "--cpu", "7");	/* the last one wins */
	assert_int_equal(o.drive.driver.ncpus, 1);
	assert_int_equal(o.drive.driver.cpus[0], 7);
}

static void test_cpu_bad(void **state)
{
	(void)state;
	USAGE("invalid --cpu ''", "--cpu", "");
	USAGE("invalid --cpu 'a': expected CPU numbers like 0, 0,1, 0-3 or 0-1,3", "--cpu", "a");
	USAGE("invalid --cpu '-1'", "--cpu", "-1");
	USAGE("invalid --cpu '0,,1': empty entry", "--cpu", "0,,1");
	USAGE("invalid --cpu '0,': empty entry", "--cpu", "0,");
	USAGE("invalid --cpu ',0': empty entry", "--cpu", ",0");
	USAGE("invalid --cpu '3-0': a range runs backwards", "--cpu", "3-0");
	USAGE("invalid --cpu '0-'", "--cpu", "0-");
	USAGE("invalid --cpu '0-1-2'", "--cpu", "0-1-2");
	USAGE("invalid --cpu '1x'", "--cpu", "1x");
	USAGE("invalid --cpu '0 ,1'", "--cpu", "0 ,1");
	USAGE("invalid --cpu '256': CPU numbers go from 0 to 255", "--cpu", "256");
	USAGE("CPU numbers go from 0 to 255", "--cpu", "0-256");
	USAGE("CPU numbers go from 0 to 255", "--cpu", "99999999999999999999");
	USAGE("CPU numbers go from 0 to 255", "--cpu", "0-99999999999999999999999999999999");
	USAGE("more than 256 CPUs", "--cpu", "0-255,0");
}

static void test_parse_cpus_direct(void **state)
{
	int cpus[DRIVER_MAX_CPUS];
	unsigned n = 99;
	char err[CLI_MSG_LEN];

	(void)state;
	cpus[0] = -7;
	assert_int_equal(values__cpus("1,2", cpus, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	assert_int_equal(cpus[0], 1);
	assert_int_equal(values__cpus("1,x", cpus, &n, err, sizeof(err)), -1);
	assert_int_equal(n, 2);		/* untouched on failure */
	assert_int_equal(cpus[0], 1);
	assert_int_equal(values__cpus(NULL, cpus, &n, err, sizeof(err)), -1);
	assert_int_equal(values__cpus("x", cpus, &n, NULL, 0), -1);
}

static void test_sink(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--sink", "discard");
	assert_int_equal(o.drive.sink, SINK_DISCARD);
	OK(&o, "--sink", "count");
	assert_int_equal(o.drive.sink, SINK_COUNT);
	OK(&o, "--proto", "unix", "--sink", "discard");	/* allowed: partial sends */
	assert_int_equal(o.drive.sink, SINK_DISCARD);
	OK(&o, "--sink", "discard", "--proto", "unix");	/* explicit wins over the default */
	assert_int_equal(o.drive.sink, SINK_DISCARD);
	OK(&o, "--proto", "udp6", "--sink", "count");
	assert_int_equal(o.drive.sink, SINK_COUNT);
	OK(&o, "--sink", "COUNT");
	assert_int_equal(o.drive.sink, SINK_COUNT);
	OK(&o, "--dest", "127.0.0.1:9", "--sink", "none");
	assert_int_equal(o.drive.sink, SINK_NONE);

	USAGE("--sink none needs --dest (nowhere to send)", "--sink", "none");
	USAGE("--sink none needs --dest", "--proto", "unix", "--sink", "none");
	USAGE("--dest sends elsewhere: use --sink none with it",
	      "--dest", "127.0.0.1:9000", "--sink", "discard");
	USAGE("--dest sends elsewhere: use --sink none with it",
	      "--sink", "count", "--dest", "127.0.0.1:9000");
	USAGE("invalid --sink 'drop': expected discard, count or none", "--sink", "drop");
	USAGE("invalid --sink ''", "--sink", "");
}

static void test_no_trace(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--no-trace");
	assert_true(o.drive.no_trace);
	OK(&o, "--no-trace", "--vlen", "1024");
	assert_true(o.drive.no_trace);
	assert_int_equal(o.drive.driver.vlen, 1024);
	USAGE("option '--no-trace' takes no value", "--no-trace=yes");
}

/* ------------------------------------------------------------------------ */
/* tracer options                                                           */

static void test_attach(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--attach", "raw");
	assert_int_equal(o.drive.tracer.attach, ATTACH_RAW);
	OK(&o, "--attach", "tp");
	assert_int_equal(o.drive.tracer.attach, ATTACH_TP);
	OK(&o, "--attach=TP");
	assert_int_equal(o.drive.tracer.attach, ATTACH_TP);
	/* each mode's default: raw driving (the traced call's cost), tp observing
	 * (the tax on the rest of the machine) */
	OK(&o, "--count", "1");
	assert_int_equal(o.drive.tracer.attach, ATTACH_RAW);
	OK(&o, "-p", "1");
	assert_int_equal(o.observe.tracer.attach, ATTACH_TP);
	OK(&o, "-p", "1", "--attach", "raw");
	assert_int_equal(o.observe.tracer.attach, ATTACH_RAW);
	OK(&o, "--attach", "raw", "--all");
	assert_int_equal(o.observe.tracer.attach, ATTACH_RAW);
	USAGE("invalid --attach 'kprobe': expected raw or tp", "--attach", "kprobe");
	USAGE("invalid --attach ''", "--attach", "");
	USAGE("option '--attach' needs a value", "--attach");
}

static void test_ringbuf(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--ringbuf-size", "4096");
	assert_int_equal(o.drive.tracer.ringbuf_size, 4096);
	OK(&o, "--ringbuf-size", "4K");
	assert_int_equal(o.drive.tracer.ringbuf_size, 4096);
	OK(&o, "--ringbuf-size", "256k");
	assert_int_equal(o.drive.tracer.ringbuf_size, 256 << 10);
	OK(&o, "--ringbuf-size", "16M");
	assert_int_equal(o.drive.tracer.ringbuf_size, 16 << 20);
	OK(&o, "--ringbuf-size", "16MiB");
	assert_int_equal(o.drive.tracer.ringbuf_size, 16 << 20);
	OK(&o, "--ringbuf-size", "16mb");
	assert_int_equal(o.drive.tracer.ringbuf_size, 16 << 20);
	OK(&o, "--ringbuf-size", "1G");
	assert_int_equal(o.drive.tracer.ringbuf_size, 1 << 30);
	OK(&o, "--ringbuf-size", "1073741824");
	assert_int_equal(o.drive.tracer.ringbuf_size, 1 << 30);
	OK(&o, "--ringbuf-size", "8192B");
	assert_int_equal(o.drive.tracer.ringbuf_size, 8192);

	USAGE("invalid --ringbuf-size '3000': must be a power of two from 4K (4096) to 1G",
	      "--ringbuf-size", "3000");
	USAGE("must be a power of two", "--ringbuf-size", "2048");
	USAGE("must be a power of two", "--ringbuf-size", "0");
	USAGE("must be a power of two", "--ringbuf-size", "2G");
	USAGE("must be a power of two", "--ringbuf-size", "12K");
	USAGE("invalid --ringbuf-size ''", "--ringbuf-size", "");
	USAGE("invalid --ringbuf-size '-4096'", "--ringbuf-size", "-4096");
	USAGE("invalid --ringbuf-size 'M'", "--ringbuf-size", "M");
	USAGE("invalid --ringbuf-size '16T'", "--ringbuf-size", "16T");
	USAGE("invalid --ringbuf-size '16 M'", "--ringbuf-size", "16 M");
	USAGE("invalid --ringbuf-size '16MM'", "--ringbuf-size", "16MM");
	USAGE("invalid --ringbuf-size '16iB'", "--ringbuf-size", "16iB");
	USAGE("invalid --ringbuf-size '1.5M'", "--ringbuf-size", "1.5M");
	USAGE("too large", "--ringbuf-size", "99999999999999999999");
	USAGE("too large", "--ringbuf-size", "99999999999G");
}

static void test_parse_bytes_direct(void **state)
{
	uint64_t b = 77;
	char err[CLI_MSG_LEN];

	(void)state;
	/* parse_bytes parses; the range/power-of-two check is the option's */
	assert_int_equal(values__bytes("3000", &b, err, sizeof(err)), 0);
	assert_int_equal(b, 3000);
	assert_int_equal(values__bytes("0", &b, err, sizeof(err)), 0);
	assert_int_equal(b, 0);
	assert_int_equal(values__bytes("2g", &b, err, sizeof(err)), 0);
	assert_true(b == 2ULL << 30);
	assert_int_equal(values__bytes("3KiB", &b, err, sizeof(err)), 0);
	assert_int_equal(b, 3072);
	assert_int_equal(values__bytes("17179869183G", &b, err, sizeof(err)), 0);
	assert_true(b == 17179869183ULL << 30);
	b = 77;
	assert_int_equal(values__bytes("17179869184G", &b, err, sizeof(err)), -1);
	assert_int_equal(b, 77);	/* untouched on failure */
	assert_int_equal(values__bytes("x", &b, err, sizeof(err)), -1);
	assert_int_equal(values__bytes(NULL, &b, err, sizeof(err)), -1);
	assert_int_equal(values__bytes("x", &b, NULL, 0), -1);
}

/* ------------------------------------------------------------------------ */
/* output options                                                           */

static void test_interval(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--interval", "0.1");
	assert_true(o.drive.output.interval_s == 0.1);
	OK(&o, "--interval", "2.5");
	assert_true(o.drive.output.interval_s == 2.5);
	OK(&o, "--interval", "3600");
	assert_true(o.drive.output.interval_s == 3600.0);
	USAGE("invalid --interval '0.05': expected seconds from 0.1 to 3600", "--interval", "0.05");
	USAGE("invalid --interval '0'", "--interval", "0");
	USAGE("invalid --interval '3601'", "--interval", "3601");
	USAGE("invalid --interval '-1'", "--interval", "-1");
	USAGE("invalid --interval ''", "--interval", "");
	USAGE("invalid --interval 'nan'", "--interval", "nan");
	USAGE("invalid --interval '1s'", "--interval", "1s");
}

static void test_csv(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--json");
	assert_false(o.drive.output.csv);
	OK(&o, "--csv", "-o", "run.jsonl");
	assert_int_equal(o.mode, MODE_DRIVE);
	assert_true(o.drive.output.csv);
	assert_false(o.drive.output.json);
	assert_string_equal(o.drive.output.path, "run.jsonl");
	OK(&o, "--all", "--csv");
	assert_int_equal(o.mode, MODE_OBSERVE);
	assert_true(o.observe.output.csv);
	USAGE("--json and --csv both write stdout: give one", "--csv", "--json");
	USAGE("--json and --csv both write stdout: give one", "--all", "--json", "--csv");
	USAGE("--events has no CSV form", "--csv", "--events");
	/* the sweep's own --csv is unchanged */
	OK(&o, "sweep", "--csv");
	assert_true(o.sweep.csv);
	USAGE("--json and --csv both write stdout", "sweep", "--csv", "--json");
	/* learn writes no CSV */
	USAGE("csv", "learn", "--csv");
}

static void test_json_output_verbose(void **state)
{
	struct cli o;
	char big[4200];

	(void)state;
	OK(&o, "--json");
	assert_true(o.drive.output.json);
	OK(&o, "-o", "out.jsonl");
	assert_string_equal(o.drive.output.path, "out.jsonl");
	assert_false(o.drive.output.json);		/* -o does not switch stdout to JSON */
	OK(&o, "--output", "/tmp/a b.jsonl");
	assert_string_equal(o.drive.output.path, "/tmp/a b.jsonl");
	OK(&o, "--output=x");
	assert_string_equal(o.drive.output.path, "x");
	OK(&o, "-ofile");
	assert_string_equal(o.drive.output.path, "file");
	OK(&o, "-v");
	assert_int_equal(o.drive.tracer.verbose, 1);
	OK(&o, "-vv", "--verbose", "-v");
	assert_int_equal(o.drive.tracer.verbose, 4);
	OK(&o, "-vvo", "f", "--json");
	assert_int_equal(o.drive.tracer.verbose, 2);
	assert_string_equal(o.drive.output.path, "f");
	assert_true(o.drive.output.json);

	memset(big, 'f', sizeof(big));
	big[4095] = '\0';
	OK(&o, "-o", big);
	assert_int_equal(strlen(o.drive.output.path), 4095);
	big[4095] = 'f';
	big[4096] = '\0';
	USAGE("longer than 4095 characters", "-o", big);

	USAGE("invalid --output '': expected a file path", "-o", "");
	USAGE("option '-o' needs a value", "-o");
	USAGE("option '--output' needs a value", "--output");
	USAGE("option '--json' takes no value", "--json=1");
	USAGE("option '--verbose' takes no value", "--verbose=2");
}

/* --prom-file: a path in a directory that exists and is writable, checked
 * when parsed; sweep and learn do not take it */
static void test_prom_file(void **state)
{
	char dir[] = "/tmp/mmsgtrace-opts.XXXXXX", path[128], file[64];
	struct cli o;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.prom", dir);
	OK(&o, "--prom-file", path);
	assert_string_equal(o.drive.output.prom_path, path);
	assert_string_equal(o.drive.output.path, "");
	OK(&o, "-p", "1", "--prom-file", path);
	assert_string_equal(o.observe.output.prom_path, path);
	/* an existing file is replaced, not refused */
	snprintf(file, sizeof(file), "%s/old.prom", dir);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	OK(&o, "--prom-file", file);
	USAGE("--prom-file '/nonexistent-mmsgtrace/m.prom': directory '/nonexistent-mmsgtrace': "
	      "No such file or directory; create it first", "--prom-file",
	      "/nonexistent-mmsgtrace/m.prom");
	snprintf(path, sizeof(path), "%s/x", file);
	USAGE("is not a directory", "--prom-file", path);
	USAGE("is a directory: name a file in it", "--prom-file", dir);
	USAGE("invalid --prom-file '': expected a file path", "--prom-file", "");
	USAGE("option '--prom-file' needs a value", "--prom-file");
	USAGE("--prom-file", "sweep", "--prom-file", file);
	USAGE("--prom-file", "learn", "--prom-file", file);
	assert_int_equal(unlink(file), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* ------------------------------------------------------------------------ */
/* observe mode                                                             */

static void test_observe_defaults(void **state)
{
	struct cli o;

	(void)state;
	memset(&o, 0xa5, sizeof(o));
	cli__defaults(&o);
	assert_int_equal(o.mode, MODE_DRIVE);
	assert_int_equal(o.observe.select, SELECT_NONE);
	assert_int_equal(o.observe.ntargets, 0);
	assert_memory_equal(o.observe.comm, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", MMSG_COMM_LEN);
	assert_string_equal(o.observe.cgroup_path, "");
	/* all but write and writev */
	assert_int_equal(o.observe.syscall_mask, 0x3f);
	assert_int_equal(o.observe.syscall_mask, TRACER_OBSERVE_SYSCALLS);
	assert_false(o.observe.per_thread);
	assert_int_equal(o.observe.burst_gap_ns, 100000);
	assert_false(o.observe.duration_set);
	assert_false(o.drive.output.events);

	/* driving: the driver only calls sendmmsg */
	ok_(&o, NOARGS);
	assert_int_equal(o.mode, MODE_DRIVE);
	assert_int_equal(names__send_mode_syscall(o.drive.driver.send_mode), MMSG_SYS_SENDMMSG);
	/* observing: every syscall but write and writev */
	OK(&o, "--all");
	assert_int_equal(o.mode, MODE_OBSERVE);
	assert_int_equal(o.observe.syscall_mask, TRACER_OBSERVE_SYSCALLS);
	/* those only when asked for */
	OK(&o, "--all", "--syscalls", "write,writev");
	assert_int_equal(o.observe.syscall_mask, 1u << MMSG_SYS_WRITE | 1u << MMSG_SYS_WRITEV);
	assert_int_equal(o.observe.burst_gap_ns, 100000);
	assert_false(o.observe.per_thread);
	assert_false(o.observe.duration_set);
	/* nothing of an observe parse leaks into the next drive parse */
	OK(&o, "-p", "1,2", "--per-thread", "--syscalls", "sendto");
	ok_(&o, NOARGS);
	check_defaults(&o);
	assert_int_equal(o.mode, MODE_DRIVE);
	assert_int_equal(o.observe.select, SELECT_NONE);
	assert_int_equal(o.observe.ntargets, 0);
	assert_false(o.observe.per_thread);
	assert_int_equal(o.observe.syscall_mask, TRACER_OBSERVE_SYSCALLS);
}

static void test_selectors(void **state)
{
	static const struct {
		const char *args[5];
		enum select_kind select;
	} cases[] = {
		{ { "-p", "1" }, SELECT_PID },
		{ { "--pid", "1" }, SELECT_PID },
		{ { "--pid=1" }, SELECT_PID },
		{ { "-p1" }, SELECT_PID },
		{ { "-t", "5" }, SELECT_TID },
		{ { "--tid=5" }, SELECT_TID },
		{ { "-c", "dig" }, SELECT_COMM },
		{ { "--comm", "dig" }, SELECT_COMM },
		{ { "--cgroup", "/sys/fs/cgroup/system.slice" }, SELECT_CGROUP },
		{ { "--all" }, SELECT_ALL },
		{ { "--all", "--json", "--interval", "2" }, SELECT_ALL },
	};
	struct cli o;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ok_(&o, (const char **)cases[i].args);
		if (o.mode != MODE_OBSERVE || o.observe.select != cases[i].select)
			fail_msg("[%s]: mode %d select %d, want observe and %d", joined, o.mode,
				 o.observe.select, cases[i].select);
		assert_string_equal(o.warning, "");
	}
	OK(&o, "-c", "dig");
	assert_string_equal(o.observe.comm, "dig");
	OK(&o, "--cgroup", "/sys/fs/cgroup/system.slice");
	assert_string_equal(o.observe.cgroup_path, "/sys/fs/cgroup/system.slice");
	assert_int_equal(o.observe.ntargets, 0);
	OK(&o, "--all");
	assert_int_equal(o.observe.ntargets, 0);
	assert_string_equal(o.observe.comm, "");
	assert_string_equal(o.observe.cgroup_path, "");
	USAGE("invalid --cgroup '': expected a cgroup v2 directory", "--cgroup", "");
	USAGE("option '--cgroup' needs a value", "--cgroup");
	USAGE("option '-p' needs a value", "-p");
	USAGE("option '--all' takes no value", "--all=1");
}

static void test_select_ids(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "-p", "1,2");
	assert_int_equal(o.observe.select, SELECT_PID);
	assert_int_equal(o.observe.ntargets, 2);
	assert_int_equal(o.observe.targets[0], 1);
	assert_int_equal(o.observe.targets[1], 2);
	/* repeated -p accumulates, in order */
	OK(&o, "-p", "1", "-p", "3");
	assert_int_equal(o.observe.ntargets, 2);
	assert_int_equal(o.observe.targets[0], 1);
	assert_int_equal(o.observe.targets[1], 3);
	OK(&o, "-p10,20", "--pid=30", "-p", "40,50");
	assert_int_equal(o.observe.ntargets, 5);
	for (unsigned i = 0; i < 5; i++)
		assert_int_equal(o.observe.targets[i], 10 * (i + 1));
	OK(&o, "-t", "7", "-t", "8,9");
	assert_int_equal(o.observe.select, SELECT_TID);
	assert_int_equal(o.observe.ntargets, 3);
	assert_int_equal(o.observe.targets[0], 7);
	assert_int_equal(o.observe.targets[2], 9);
	/* the largest id the kernel can have */
	OK(&o, "-p", "2147483647");
	assert_int_equal(o.observe.ntargets, 1);
	assert_int_equal(o.observe.targets[0], 2147483647u);
}

static void test_select_ids_limit(void **state)
{
	char list[4096] = "";
	struct cli o;

	(void)state;
	for (int i = 0; i < OBSERVE_MAX_TARGETS; i++) {
		size_t l = strlen(list);

		snprintf(list + l, sizeof(list) - l, "%s%d", i ? "," : "", i + 1);
	}
	/* exactly OBSERVE_MAX_TARGETS is fine, one more is not */
	OK(&o, "-p", list);
	assert_int_equal(o.observe.ntargets, OBSERVE_MAX_TARGETS);
	assert_int_equal(o.observe.targets[OBSERVE_MAX_TARGETS - 1], OBSERVE_MAX_TARGETS);
	USAGE("too many ids for -p: at most 256", "-p", list, "-p", "999");
	USAGE("too many ids for -t: at most 256", "-t", list, "-t", "999");
	USAGE("too many ids for -p: at most 256", "-p", "1,2", "-p", list);
	strcat(list, ",257");
	USAGE("too many ids for -p: at most 256", "-p", list);
}

static void test_select_ids_bad(void **state)
{
	static const struct {
		const char *arg, *needle;
	} cases[] = {
		{ "0", "invalid -p '0': expected positive whole numbers separated by commas" },
		{ "-1", "invalid -p '-1': expected positive whole numbers" },
		{ "x", "invalid -p 'x'" },
		{ "1,,2", "invalid -p '1,,2'" },
		{ "1,", "invalid -p '1,'" },
		{ ",1", "invalid -p ',1'" },
		{ "1,0", "invalid -p '1,0'" },
		{ "12x", "invalid -p '12x'" },
		{ " 1", "invalid -p ' 1'" },
		{ "+1", "invalid -p '+1'" },
		{ "1.5", "invalid -p '1.5'" },
		{ "0x10", "invalid -p '0x10'" },
		{ "2147483648", "invalid -p '2147483648'" },
		{ "99999999999999999999999999999999", "invalid -p '9999999999" },
		{ "", "invalid -p '': expected ids like 1234 or 1234,5678" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char needle[128];
		const char *p = strstr(cases[i].needle, "-p");

		USAGE(cases[i].needle, "-p", cases[i].arg);
		/* -t names itself in the same messages */
		snprintf(needle, sizeof(needle), "%.*s-t%s", (int)(p - cases[i].needle),
			 cases[i].needle, p + 2);
		USAGE(needle, "-t", cases[i].arg);
	}
	/* a bad list after a good -p still fails */
	USAGE("invalid -p 'x'", "-p", "1", "-p", "x");
}

static void test_parse_ids_direct(void **state)
{
	uint32_t ids[OBSERVE_MAX_TARGETS] = { 0 };
	char err[CLI_MSG_LEN];
	unsigned n = 0;

	(void)state;
	assert_int_equal(values__ids("5,6", "--pid", ids, &n, OBSERVE_MAX_TARGETS, err, sizeof(err)), 0);
	assert_int_equal(n, 2);
	/* appends after what is there */
	assert_int_equal(values__ids("7", "--pid", ids, &n, OBSERVE_MAX_TARGETS, err, sizeof(err)), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 5);
	assert_int_equal(ids[1], 6);
	assert_int_equal(ids[2], 7);
	/* the option name given is the one in the message */
	assert_int_equal(values__ids("0", "--xyz", ids, &n, OBSERVE_MAX_TARGETS, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid --xyz '0'"));
	assert_int_equal(values__ids("", "--xyz", ids, &n, OBSERVE_MAX_TARGETS, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "invalid --xyz ''"));
	assert_int_equal(values__ids(NULL, "--xyz", ids, &n, OBSERVE_MAX_TARGETS, err, sizeof(err)), -1);
	assert_int_equal(values__ids("x", "--xyz", ids, &n, OBSERVE_MAX_TARGETS, NULL, 0), -1);
	n = OBSERVE_MAX_TARGETS;
	assert_int_equal(values__ids("1", "-t", ids, &n, OBSERVE_MAX_TARGETS, err, sizeof(err)), -1);
	assert_string_equal(err, "too many ids for -t: at most 256");
	assert_int_equal(n, OBSERVE_MAX_TARGETS);
}

static void test_select_conflicts(void **state)
{
	(void)state;
	USAGE("choose one way to select what to watch: -p, -t, -c, --cgroup or --all "
	      "(got pid and tid)", "-p", "1", "-t", "2");
	USAGE("(got tid and pid)", "-t", "1", "-p", "2");
	USAGE("(got comm and all)", "-c", "dig", "--all");
	USAGE("(got all and comm)", "--all", "-c", "dig");
	USAGE("(got cgroup and pid)", "--cgroup", "/sys/fs/cgroup/x", "-p", "1");
	USAGE("(got pid and cgroup)", "-p", "1", "--cgroup", "/sys/fs/cgroup/x");
	USAGE("(got tid and all)", "-t", "1", "--all");
	USAGE("-c given twice: give it once", "-c", "a", "-c", "b");
	USAGE("-c given twice", "-c", "a", "-c", "a");
	USAGE("--all given twice: give it once", "--all", "--all");
	USAGE("--cgroup given twice: give it once", "--cgroup", "/a", "--cgroup", "/b");
}

static void test_comm(void **state)
{
	struct cli o;

	(void)state;
	/* 15 bytes, the most a task name has */
	OK(&o, "-c", "abcdefghijklmno");
	assert_int_equal(o.observe.select, SELECT_COMM);
	assert_memory_equal(o.observe.comm, "abcdefghijklmno", 16);	/* NUL included */
	/* shorter: NUL-padded to the full 16 bytes (the kernel compares all 16) */
	OK(&o, "-c", "ab");
	assert_memory_equal(o.observe.comm, "ab\0\0\0\0\0\0\0\0\0\0\0\0\0\0", MMSG_COMM_LEN);
	OK(&o, "--comm=a b");
	assert_memory_equal(o.observe.comm, "a b\0\0\0\0\0\0\0\0\0\0\0\0\0", MMSG_COMM_LEN);
	/* 16 bytes and more cannot match anything */
	USAGE("invalid -c 'abcdefghijklmnop': a task name has 1 to 15 bytes", "-c",
	      "abcdefghijklmnop");
	USAGE("a task name has 1 to 15 bytes", "-c", "abcdefghijklmnopqrstuvwxyz");
	USAGE("invalid -c '': a task name has 1 to 15 bytes", "-c", "");
	/* 15 bytes of UTF-8 are 15 bytes, whatever they spell */
	OK(&o, "-c", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x");
	assert_int_equal(strlen(o.observe.comm), 15);
	USAGE("a task name has 1 to 15 bytes", "-c",
	      "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
}

static void test_driver_option_with_selector(void **state)
{
	static const struct {
		const char *needle;
		const char *args[6];
	} cases[] = {
		{ "--vlen is a driver option, but -p/-t/-c/--cgroup/--all observe other programs "
		  "and start no driver: drop --vlen", { "-p", "1", "--vlen", "8" } },
		{ "--vlen is a driver option", { "--vlen", "8", "-p", "1" } },
		{ "--no-trace is a driver option", { "--all", "--no-trace" } },
		{ "--no-trace is a driver option", { "--all", "--events", "--no-trace" } },
		{ "--count is a driver option", { "-t", "1", "--count", "5" } },
		{ "--threads is a driver option", { "--threads", "2", "--cgroup", "/x" } },
		{ "--size is a driver option", { "-c", "dig", "--size", "100" } },
		{ "--dest is a driver option", { "--all", "--dest", "127.0.0.1:9" } },
		{ "--sink is a driver option", { "--all", "--sink", "count" } },
		{ "--connect is a driver option", { "--all", "--connect" } },
		{ "--flags is a driver option", { "--all", "--flags", "dontwait" } },
		{ "--rate is a driver option", { "--all", "--rate", "5" } },
		{ "--cpu is a driver option", { "--all", "--cpu", "0" } },
		{ "--proto is a driver option", { "--all", "--proto", "udp6" } },
		{ "--seed is a driver option", { "--all", "--seed", "3" } },
		{ "--mode is a driver option, but -p/-t/-c/--cgroup/--all observe other programs "
		  "and start no driver: drop --mode", { "-p", "1", "--mode", "sendto" } },
		{ "--mode is a driver option", { "--mode", "sendmsg", "--all" } },
		{ "--gso is a driver option, but -p/-t/-c/--cgroup/--all observe other programs "
		  "and start no driver: drop --gso", { "-p", "1", "--gso", "1400" } },
		{ "--gso is a driver option", { "--gso", "1400", "-t", "1" } },
		/* the first driver option is the one named */
		{ "--rate is a driver option", { "--rate", "5", "--vlen", "8", "--all" } },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		usage_(cases[i].needle, (const char **)cases[i].args);
}

static void test_observe_option_without_selector(void **state)
{
	(void)state;
	USAGE("--syscalls applies to observe mode: add -p PID, -t TID, -c NAME, --cgroup DIR "
	      "or --all", "--syscalls", "sendto");
	USAGE("--per-thread applies to observe mode", "--per-thread");
	USAGE("--burst-gap applies to observe mode", "--burst-gap", "5us");
	USAGE("--per-thread applies to observe mode", "--vlen", "8", "--per-thread");
	/* the first one is named */
	USAGE("--burst-gap applies to observe mode", "--burst-gap", "5us", "--per-thread");
}

static void test_observe_options(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "-p", "1", "--per-thread");
	assert_true(o.observe.per_thread);
	OK(&o, "--all", "--syscalls", "sendto,sendmsg");
	assert_int_equal(o.observe.syscall_mask, (1u << 2) | (1u << 3));
	OK(&o, "-t", "9", "--syscalls", "recvmmsg");
	assert_int_equal(o.observe.syscall_mask, 1u << 1);
	OK(&o, "--all", "--syscalls", "sendmsg,sendto,recvmmsg,sendmmsg");
	assert_int_equal(o.observe.syscall_mask, 0xf);
	OK(&o, "--all", "--syscalls", "sendto", "--syscalls", "sendmmsg");	/* last wins */
	assert_int_equal(o.observe.syscall_mask, 1u << 0);
	USAGE("unknown syscall 'sendfile' in --syscalls", "--all", "--syscalls", "sendfile");
	USAGE("empty --syscalls", "--all", "--syscalls", "");
	USAGE("empty entry in --syscalls", "--all", "--syscalls", "sendto,");
	USAGE("duplicate syscall 'sendto' in --syscalls", "--all", "--syscalls", "sendto,sendto");
	OK(&o, "--all", "--burst-gap", "2ms");
	assert_int_equal(o.observe.burst_gap_ns, 2000000);
	USAGE("invalid --burst-gap '5m'", "--all", "--burst-gap", "5m");
}

/* --hint-after: seconds from 0 (never) to 3600, 5 unless given; not with --all */
static void test_observe_hint_after(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "-p", "1");
	assert_true(o.observe.hint_after_s == 5.0);
	OK(&o, "-c", "dig", "--hint-after", "0.5");
	assert_true(o.observe.hint_after_s == 0.5);
	OK(&o, "--cgroup", "/sys/fs/cgroup", "--hint-after=0");
	assert_true(o.observe.hint_after_s == 0);
	OK(&o, "-t", "1", "--hint-after", "3600");
	assert_true(o.observe.hint_after_s == 3600);
	USAGE("invalid --hint-after '3601': expected seconds from 0 (never) to 3600", "-p", "1",
	      "--hint-after", "3601");
	USAGE("invalid --hint-after '-1'", "-p", "1", "--hint-after", "-1");
	USAGE("invalid --hint-after '5s'", "-p", "1", "--hint-after", "5s");
	USAGE("invalid --hint-after ''", "-p", "1", "--hint-after", "");
	USAGE("--hint-after applies to observe mode", "--hint-after", "1");
	USAGE("--all has no such hint: drop --hint-after", "--all", "--hint-after", "1");
	USAGE("--all has no such hint: drop --hint-after", "--hint-after", "0", "--all");
}

static void test_events(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--events");
	assert_true(o.drive.output.events);
	assert_int_equal(o.mode, MODE_DRIVE);
	OK(&o, "--all", "--events");
	assert_true(o.drive.output.events);
	assert_int_equal(o.mode, MODE_OBSERVE);
	OK(&o, "-c", "dig", "--events", "--duration", "10");
	assert_true(o.drive.output.events);
	USAGE("--events needs the tracer: drop --no-trace", "--events", "--no-trace");
	USAGE("--events needs the tracer: drop --no-trace", "--no-trace", "--events");
	USAGE("option '--events' takes no value", "--events=1");
}

static void test_hidden_errors(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--hidden-errors");
	assert_true(o.drive.tracer.hidden_errors);
	assert_int_equal(o.mode, MODE_DRIVE);
	OK(&o, "--dest", "127.0.0.1:9", "--vlen", "4", "--hidden-errors", "--attach", "tp");
	assert_true(o.drive.tracer.hidden_errors);
	assert_int_equal(o.drive.tracer.attach, ATTACH_TP);
	/* observe mode takes it like every tracer option */
	OK(&o, "-p", "1", "--hidden-errors");
	assert_int_equal(o.mode, MODE_OBSERVE);
	assert_true(o.observe.tracer.hidden_errors);
	OK(&o, "--all");
	assert_false(o.observe.tracer.hidden_errors);
	USAGE("--hidden-errors needs the tracer: drop --no-trace", "--hidden-errors", "--no-trace");
	USAGE("option '--hidden-errors' takes no value", "--hidden-errors=1");
}

/* drops are counted unless --no-drops, in both modes */
static void test_no_drops(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--count", "1");
	assert_true(o.drive.tracer.drops);
	OK(&o, "--count", "1", "--no-drops");
	assert_false(o.drive.tracer.drops);
	OK(&o, "-p", "1");
	assert_true(o.observe.tracer.drops);
	OK(&o, "-p", "1", "--no-drops");
	assert_false(o.observe.tracer.drops);
	USAGE("option '--no-drops' takes no value", "--no-drops=1");
}

static void test_observe_duration(void **state)
{
	struct cli o;

	(void)state;
	/* without --duration, observe runs until stopped */
	OK(&o, "-p", "1");
	assert_false(o.observe.duration_set);
	OK(&o, "-p", "1", "--duration", "3");
	assert_true(o.observe.duration_set);
	assert_true(o.drive.driver.duration_s == 3.0);
	OK(&o, "--duration", "0.5", "--all");
	assert_true(o.observe.duration_set);
	assert_true(o.drive.driver.duration_s == 0.5);
	/* driving sets it too */
	OK(&o, "--duration", "2");
	assert_true(o.observe.duration_set);
	assert_int_equal(o.mode, MODE_DRIVE);
	OK(&o, "--vlen", "2");
	assert_false(o.observe.duration_set);
	USAGE("invalid --duration '0'", "--all", "--duration", "0");
}

/* opts__parse_gap: a bare number is microseconds */
static void test_burst_gap(void **state)
{
	static const struct {
		const char *s;
		uint64_t ns;
	} good[] = {
		{ "500ns", 500 }, { "100us", 100000 }, { "2ms", 2000000 }, { "0.5s", 500000000 },
		{ "250", 250000 }, { "1e3ns", 1000 }, { "0", 0 }, { "1.5us", 1500 },
		{ "60s", 60000000000ULL }, { "2e1s", 20000000000ULL }, { ".5ms", 500000 },
	};
	static const struct {
		const char *s, *needle;
	} bad[] = {
		{ "", "invalid --burst-gap '': expected a time like 500ns, 100us, 2ms or 0.5s "
		      "(a bare number is microseconds)" },
		{ "us", "invalid --burst-gap 'us': expected a time" },
		{ "5m", "invalid --burst-gap '5m': expected a time" },
		{ "-1us", "invalid --burst-gap '-1us': expected a time" },
		{ "61s", "invalid --burst-gap '61s': at most 60s" },
		{ "60001ms", "at most 60s" },
		{ "1e", "invalid --burst-gap '1e': expected a time" },
		{ "abc", "invalid --burst-gap 'abc': expected a time" },
		{ "5 us", "invalid --burst-gap '5 us'" },
		{ "5US", "invalid --burst-gap '5US'" },
		{ "5usx", "invalid --burst-gap '5usx'" },
		{ "1.2.3us", "invalid --burst-gap '1.2.3us'" },
		{ "nan", "invalid --burst-gap 'nan'" },
		{ "inf", "invalid --burst-gap 'inf'" },
	};
	char err[CLI_MSG_LEN];
	struct cli o;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		uint64_t ns = 12345;

		if (values__gap(good[i].s, &ns, err, sizeof(err)))
			fail_msg("'%s': %s", good[i].s, err);
		if (ns != good[i].ns)
			fail_msg("'%s': %llu ns, want %llu", good[i].s, (unsigned long long)ns,
				 (unsigned long long)good[i].ns);
		OK(&o, "--all", "--burst-gap", good[i].s);
		assert_true(o.observe.burst_gap_ns == good[i].ns);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t ns = 12345;

		assert_int_equal(values__gap(bad[i].s, &ns, err, sizeof(err)), -1);
		assert_int_equal(ns, 12345);	/* untouched on failure */
		if (!strstr(err, bad[i].needle))
			fail_msg("'%s': error '%s' lacks '%s'", bad[i].s, err, bad[i].needle);
		USAGE(bad[i].needle, "--all", "--burst-gap", bad[i].s);
	}
	assert_int_equal(values__gap(NULL, &(uint64_t){ 0 }, err, sizeof(err)), -1);
	assert_int_equal(values__gap("x", &(uint64_t){ 0 }, NULL, 0), -1);
}

static void test_select_str(void **state)
{
	static const struct {
		enum select_kind s;
		const char *name;
	} cases[] = {
		{ SELECT_NONE, "none" }, { SELECT_PID, "pid" }, { SELECT_TID, "tid" },
		{ SELECT_COMM, "comm" }, { SELECT_CGROUP, "cgroup" }, { SELECT_ALL, "all" },
		{ (enum select_kind)42, "?" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(names__select(cases[i].s), cases[i].name);
}

/* ------------------------------------------------------------------------ */
/* command-line syntax                                                      */

static void test_unknown_options(void **state)
{
	(void)state;
	USAGE("unknown option '--bogus': see 'mmsgtrace --help'", "--bogus");
	USAGE("unknown option '--bogus'", "--vlen", "8", "--bogus");
	USAGE("unknown option '--bogus'", "--bogus", "--vlen", "8");
	USAGE("unknown option '--bogus'", "--bogus=1");
	USAGE("unknown option '--vlenx'", "--vlenx", "1");
	USAGE("unknown option '---vlen'", "---vlen", "1");
	USAGE("unknown option '-x': see 'mmsgtrace --help'", "-x");
	USAGE("unknown option '-x'", "-vx");
	USAGE("option '--vlen' needs a value", "--json", "--vlen");
}

static void test_stray_and_ambiguous(void **state)
{
	(void)state;
	USAGE("unexpected argument 'foo': mmsgtrace takes only options; see 'mmsgtrace --help'",
	      "foo");
	USAGE("unexpected argument 'foo'", "--vlen", "8", "foo");
	USAGE("unexpected argument 'foo'", "foo", "--vlen", "8");
	USAGE("unexpected argument '-'", "-");
	USAGE("unexpected argument 'x'", "--", "x");
	USAGE("unexpected argument '--vlen'", "--", "--vlen", "8");
	USAGE("ambiguous option '--no': could be --no-connect, --no-trace", "--no");
	USAGE("ambiguous option '--s': could be --size, --seed, --sink", "--s", "1");
	USAGE("ambiguous option '--co'", "--co", "1");
	USAGE("ambiguous option '--ver': could be --verbose, --version", "--ver");
	/* a value that looks like an option is still the value */
	USAGE("invalid --vlen '--json'", "--vlen", "--json");
	/* long user text is cut short in the message */
	USAGE("invalid --vlen 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'", "--vlen",
	      "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
	/* control characters never break the one-line message */
	/* user text is escaped in messages, as everywhere else */
	USAGE("invalid --vlen '1\\x0a2'", "--vlen", "1\n2");
}

static void test_prefixes_and_forms(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--ringbuf", "8K");
	assert_int_equal(o.drive.tracer.ringbuf_size, 8192);
	OK(&o, "--thr=3");
	assert_int_equal(o.drive.driver.threads, 3);
	/* (--no-t is both --no-trace and --no-tui) */
	OK(&o, "--no-tr");
	assert_true(o.drive.no_trace);
	OK(&o, "--no-tu");
	assert_true(o.drive.output.no_tui);
	OK(&o, "--conn");
	assert_true(o.drive.driver.connect);
	OK(&o, "--vlen", "8", "--size=100", "--json", "-v", "--");
	assert_int_equal(o.drive.driver.vlen, 8);
	assert_int_equal(o.drive.driver.size.list[0], 100);
}

static void test_all_together(void **state)
{
	struct cli o;

	(void)state;
	OK(&o, "--vlen", "64", "--size", "64,512,1400", "--seed", "9", "--flags", "dontwait",
	   "--proto", "udp6", "--dest", "[::1]:9000", "--no-connect", "--count", "1000",
	   "--threads", "2", "--rate", "100000", "--cpu", "0,1", "--no-trace", "--attach",
	   "tp", "--ringbuf-size", "1M", "--interval", "0.5", "--json", "-o", "x.jsonl",
	   "-v");
	assert_int_equal(o.drive.driver.vlen, 64);
	assert_int_equal(o.drive.driver.size.kind, SIZE_LIST);
	assert_int_equal(o.drive.driver.seed, 9);
	assert_int_equal(o.drive.driver.flags, MSG_DONTWAIT);
	assert_int_equal(o.drive.driver.proto, PROTO_UDP6);
	assert_string_equal(o.drive.dest, "[::1]:9000");
	assert_false(o.drive.driver.connect);
	assert_int_equal(o.drive.driver.count, 1000);
	assert_int_equal(o.drive.driver.threads, 2);
	assert_int_equal(o.drive.driver.rate, 100000);
	assert_int_equal(o.drive.driver.ncpus, 2);
	assert_int_equal(o.drive.sink, SINK_NONE);
	assert_true(o.drive.no_trace);
	assert_int_equal(o.drive.tracer.attach, ATTACH_TP);
	assert_int_equal(o.drive.tracer.ringbuf_size, 1 << 20);
	assert_true(o.drive.output.interval_s == 0.5);
	assert_true(o.drive.output.json);
	assert_string_equal(o.drive.output.path, "x.jsonl");
	assert_int_equal(o.drive.tracer.verbose, 1);
	assert_string_equal(o.warning, "");

	/* the documented examples all parse */
	OK(&o, "--vlen", "1", "--duration", "10");
	OK(&o, "--vlen", "64", "--size", "64,512,1400", "--threads", "2", "--cpu", "0,1");
	OK(&o, "--proto", "unix", "--flags", "dontwait", "--sink", "discard");
	OK(&o, "--no-trace", "--vlen", "1024");
	OK(&o, "--json", "--count", "1000");
	OK(&o, "--mode", "sendto", "--vlen", "64");
	OK(&o, "--size", "22400", "--gso", "1400");
}

/* ------------------------------------------------------------------------ */
/* help, usage, version                                                     */

static void expect_exit_ok(const char **args, const char *must_print)
{
	struct cli o;
	enum cli_result r = run(&o, args);

	if (r != CLI_EXIT_OK)
		fail_msg("[%s]: expected CLI_EXIT_OK, got %d, error '%s'", joined, r, o.error);
	if (!strstr(out, must_print))
		fail_msg("[%s]: output lacks '%s':\n%s", joined, must_print, out);
}

static void test_help(void **state)
{
	static const char *const want[] = {
		"Usage: mmsgtrace [OPTION...]",
		"Drive sendmmsg(2) and trace it with eBPF: messages per call, bytes, latency,",
		"exact kernel totals.",
		" Driver:", " Tracer:", " Output:",
		"--vlen=N", "--size=SPEC", "--seed=N", "--flags=LIST", "--proto=PROTO",
		"--dest=ADDR", "--connect", "--no-connect", "--duration=SECONDS",
		"--count=CALLS", "--threads=N", "--rate=MSGS_PER_SEC", "--cpu=LIST",
		"--mode=MODE", "--gso=SIZE", "UDP segmentation offload",
		"--sink=KIND", "--no-trace", "--attach=MODE", "--ringbuf-size=BYTES",
		"--interval=SECONDS", "--json", "-o, --output=FILE", "-v, --verbose",
		"-h, -?, --help", "--usage", "-V, --version",
		"EXAMPLES:",
		"  sudo mmsgtrace\n",
		"  sudo mmsgtrace --vlen 1 --duration 10\n",
		"  sudo mmsgtrace --mode sendto --vlen 64\n",
		"  sudo mmsgtrace --size 22400 --gso 1400\n",
		"  sudo mmsgtrace --vlen 64 --size 64,512,1400 --threads 2 --cpu 0,1\n",
		"  sudo mmsgtrace --proto unix --flags dontwait --sink discard\n",
		"  mmsgtrace --no-trace --vlen 1024\n",
		"  sudo mmsgtrace --json --count 1000\n",
		"# one message per call: the unbatched baseline",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		expect_exit_ok(ARGS("--help"), want[i]);
	/* sections in order */
	assert_true(strstr(out, " Driver:") < strstr(out, " Tracer:"));
	assert_true(strstr(out, " Tracer:") < strstr(out, " Output:"));
	assert_true(strstr(out, " Output:") < strstr(out, "EXAMPLES:"));
	/* examples fit in 80 columns */
	for (const char *l = out; *l;) {
		const char *nl = strchr(l, '\n');
		size_t len = nl ? (size_t)(nl - l) : strlen(l);

		if (len > 79)
			fail_msg("help line over 79 columns: '%.*s'", (int)len, l);
		l += len + (nl ? 1 : 0);
	}

	expect_exit_ok(ARGS("-h"), " Driver:");
	expect_exit_ok(ARGS("-?"), " Driver:");
	expect_exit_ok(ARGS("--he"), " Driver:");
	/* help stops parsing: what follows is not looked at */
	expect_exit_ok(ARGS("--help", "--bogus"), "Usage: mmsgtrace");
	expect_exit_ok(ARGS("--help", "--vlen"), "Usage: mmsgtrace");
	expect_exit_ok(ARGS("--vlen", "8", "--help", "--vlen", "abc"), "Usage: mmsgtrace");
	/* but what comes before it is */
	USAGE("unknown option '--bogus'", "--bogus", "--help");
	USAGE("invalid --vlen 'abc'", "--vlen", "abc", "--help");
}

/* the observe options are documented, in their own section */
static void test_help_observe(void **state)
{
	static const char *const want[] = {
		"Or observe the sendmmsg, recvmmsg, sendto and sendmsg",
		" Observe other programs (no driver runs):",
		"-p, --pid=PID[,PID...]", "-t, --tid=TID[,TID...]", "-c, --comm=NAME",
		"--cgroup=DIR", "--all ", "--syscalls=LIST", "--per-thread", "--burst-gap=TIME",
		"--events", "sudo mmsgtrace -p $(pidof named)\n",
		"sudo mmsgtrace -c dig --events --duration 10\n",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		expect_exit_ok(ARGS("--help"), want[i]);
	assert_true(strstr(out, " Driver:") < strstr(out, " Observe other programs"));
	assert_true(strstr(out, " Observe other programs") < strstr(out, " Tracer:"));
	/* help wins over a selector conflict that follows it */
	expect_exit_ok(ARGS("-p", "1", "--help", "-t", "2"), "observe");
}

static void test_usage_version(void **state)
{
	(void)state;
	expect_exit_ok(ARGS("--usage"), "Usage: mmsgtrace [-vh?V] [-c NAME] [-p PID[,PID...]]");
	expect_exit_ok(ARGS("--usage"), "[-o FILE]");
	expect_exit_ok(ARGS("--usage"), "[-p PID[,PID...]]");
	expect_exit_ok(ARGS("--usage"), "[--vlen=N]");
	assert_null(strstr(out, "EXAMPLES"));
	/* one line: release, git revision, libbpf (the figures: package_tests.sh) */
	expect_exit_ok(ARGS("--version"), "mmsgtrace 0.1.0 (git ");
	assert_non_null(strstr(out, "), libbpf 1."));
	assert_non_null(strstr(out, " (built against "));
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	expect_exit_ok(ARGS("-V"), "mmsgtrace 0.1.0 (git ");
	assert_ptr_equal(strchr(out, '\n'), out + strlen(out) - 1);
	expect_exit_ok(ARGS("--vers"), "mmsgtrace 0.1.0");
	expect_exit_ok(ARGS("-vV"), "mmsgtrace 0.1.0");
}

/* ------------------------------------------------------------------------ */
/* repeated calls in one process                                            */

static void test_repeated_calls(void **state)
{
	struct cli o;

	(void)state;
	for (int i = 0; i < 300; i++) {
		char n[16];

		snprintf(n, sizeof(n), "%d", i % 1000 + 1);
		OK(&o, "--vlen", n, "--json");
		assert_int_equal(o.drive.driver.vlen, (unsigned)(i % 1000 + 1));
		USAGE("unknown option '--bogus'", "--vlen", n, "--bogus");
		USAGE("invalid --vlen 'x'", "--vlen", "x", "--json");
		expect_exit_ok(ARGS("--version"), "mmsgtrace 0.1.0");
		/* nothing from an earlier parse survives into the next */
		ok_(&o, NOARGS);
		check_defaults(&o);
	}
	/* an unknown option as the very last argument, repeatedly: the case
	 * argp with ARGP_NO_ERRS reports as success unless caught */
	for (int i = 0; i < 50; i++) {
		USAGE("unknown option '--zzz'", "--zzz");
		USAGE("option '--cpu' needs a value", "--json", "--cpu");
		USAGE("unknown option '-q'", "-q");
	}
}

/* ------------------------------------------------------------------------ */
/* names                                                                    */

static void test_str_helpers(void **state)
{
	(void)state;
	assert_string_equal(names__proto(PROTO_UDP4), "udp4");
	assert_string_equal(names__proto(PROTO_UDP6), "udp6");
	assert_string_equal(names__proto(PROTO_UNIX), "unix");
	assert_string_equal(names__proto((enum proto)42), "?");
	assert_string_equal(names__attach(ATTACH_RAW), "raw");
	assert_string_equal(names__attach(ATTACH_TP), "tp");
	assert_string_equal(names__attach((enum attach_mode)42), "?");
	assert_string_equal(names__sink(SINK_DISCARD), "discard");
	assert_string_equal(names__sink(SINK_COUNT), "count");
	assert_string_equal(names__sink(SINK_NONE), "none");
	assert_string_equal(names__sink((enum sink_kind)42), "?");
	assert_string_equal(names__send_mode(SEND_SENDMMSG), "sendmmsg");
	assert_string_equal(names__send_mode(SEND_SENDMSG), "sendmsg");
	assert_string_equal(names__send_mode(SEND_SENDTO), "sendto");
	assert_string_equal(names__send_mode((enum send_mode)42), "?");
	assert_int_equal(names__send_mode_syscall(SEND_SENDMMSG), MMSG_SYS_SENDMMSG);
	assert_int_equal(names__send_mode_syscall(SEND_SENDMSG), MMSG_SYS_SENDMSG);
	assert_int_equal(names__send_mode_syscall(SEND_SENDTO), MMSG_SYS_SENDTO);
}

#define VALID " use sendmmsg, recvmmsg, sendto, sendmsg, recvfrom, recvmsg, write, writev"

/* ------------------------------------------------------------------------ */
/* --syscalls lists                                                         */

static void assert_parse_ok(const char *list, unsigned expected)
{
	char err[256] = "untouched";
	unsigned mask = 0xdead;

	assert_int_equal(values__syscalls(list, &mask, err, sizeof(err)), 0);
	assert_int_equal(mask, expected);
	assert_string_equal(err, "untouched");
}

static void test_parse_syscalls_good(void **state)
{
	(void)state;
	assert_parse_ok("sendmmsg", 1u << MMSG_SYS_SENDMMSG);
	assert_parse_ok("recvmmsg", 1u << MMSG_SYS_RECVMMSG);
	assert_parse_ok("sendto", 1u << MMSG_SYS_SENDTO);
	assert_parse_ok("sendmsg", 1u << MMSG_SYS_SENDMSG);
	assert_parse_ok("sendmmsg,sendto", 0x5);
	assert_parse_ok("sendmsg,recvmmsg", 0xa);
	assert_parse_ok("sendmmsg,recvmmsg,sendto,sendmsg", 0xf);
	assert_parse_ok("sendmsg,sendto,recvmmsg,sendmmsg", 0xf);
	assert_parse_ok("recvfrom", 1u << MMSG_SYS_RECVFROM);
	assert_parse_ok("recvmsg", 1u << MMSG_SYS_RECVMSG);
	assert_parse_ok("recvmsg,recvfrom,sendmmsg", 0x31);
	assert_parse_ok("write", 1u << MMSG_SYS_WRITE);
	assert_parse_ok("writev", 1u << MMSG_SYS_WRITEV);
	assert_parse_ok("writev,write,sendto", 0xc4);
	assert_parse_ok("sendmmsg,recvmmsg,sendto,sendmsg,recvfrom,recvmsg,write,writev", 0xff);
	/* a NULL mask is allowed: validation only */
	assert_int_equal(values__syscalls("sendto", NULL, NULL, 0), 0);
}

/* the list fails with exactly this message, and mask is left alone */
static void assert_parse_err(const char *list, const char *expected)
{
	char err[256] = "";
	unsigned mask = 0x55;

	assert_int_equal(values__syscalls(list, &mask, err, sizeof(err)), -1);
	assert_int_equal(mask, 0x55);
	assert_string_equal(err, expected);
	/* one line, lowercase start */
	assert_null(strchr(err, '\n'));
	assert_true(islower((unsigned char)err[0]));
}

static void test_parse_syscalls_errors(void **state)
{
	(void)state;
	assert_parse_err("", "empty --syscalls:" VALID);
	assert_parse_err(NULL, "empty --syscalls:" VALID);
	assert_parse_err("sendfile", "unknown syscall 'sendfile' in --syscalls:" VALID);
	assert_parse_err("sendto,SENDMSG", "unknown syscall 'SENDMSG' in --syscalls:" VALID);
	assert_parse_err("sendto, sendmsg", "unknown syscall ' sendmsg' in --syscalls:" VALID);
	assert_parse_err("sendmmsg,recvmmsg,writes",
			 "unknown syscall 'writes' in --syscalls:" VALID);
	assert_parse_err("read", "unknown syscall 'read' in --syscalls:" VALID);
	assert_parse_err("sendto,,sendmsg", "empty entry in --syscalls 'sendto,,sendmsg':" VALID);
	assert_parse_err(",sendto", "empty entry in --syscalls ',sendto':" VALID);
	assert_parse_err("sendto,", "empty entry in --syscalls 'sendto,':" VALID);
	assert_parse_err(",", "empty entry in --syscalls ',':" VALID);
	assert_parse_err("sendto,sendmsg,sendto",
			 "duplicate syscall 'sendto' in --syscalls: list each of "
			 "sendmmsg, recvmmsg, sendto, sendmsg, recvfrom, recvmsg, write, writev at most once");
	assert_parse_err("recvmmsg,recvmmsg",
			 "duplicate syscall 'recvmmsg' in --syscalls: list each of "
			 "sendmmsg, recvmmsg, sendto, sendmsg, recvfrom, recvmsg, write, writev at most once");
	/* the first bad entry is the one reported */
	assert_parse_err("bogus,sendto,sendto", "unknown syscall 'bogus' in --syscalls:" VALID);
}

static void test_parse_syscalls_hostile_entry(void **state)
{
	char long_list[200], err[512];
	unsigned mask = 0;

	(void)state;
	/* control bytes in the entry are escaped in the message */
	assert_parse_err("sendto,\x1b[2J\n", "unknown syscall '\\x1b[2J\\x0a' in --syscalls:" VALID);
	/* a long entry is cut, and says so */
	memset(long_list, 'a', 100);
	long_list[100] = '\0';
	assert_int_equal(values__syscalls(long_list, &mask, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown syscall 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' in"));
	/* the whole message: the cut entry and the list of names, not 100 bytes of a */
	assert_int_equal(strlen(err), strlen("unknown syscall '' in --syscalls:" VALID) + 43);
	/* a small error buffer stays terminated */
	memset(err, 'X', sizeof(err));
	assert_int_equal(values__syscalls("nope", &mask, err, 10), -1);
	assert_string_equal(err, "unknown s");
	assert_int_equal(err[10], 'X');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_parse_tolerates_empty_argv),
		cmocka_unit_test(test_vlen),
		cmocka_unit_test(test_vlen_bad),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_size_bad),
		cmocka_unit_test(test_parse_size_direct),
		cmocka_unit_test(test_seed),
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_flags_bad),
		cmocka_unit_test(test_parse_flags_direct),
		cmocka_unit_test(test_flags_str),
		cmocka_unit_test(test_proto),
		cmocka_unit_test(test_mode),
		cmocka_unit_test(test_gso),
		cmocka_unit_test(test_gso_bad),
		cmocka_unit_test(test_dest),
		cmocka_unit_test(test_dest_bad),
		cmocka_unit_test(test_connect),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_cpu),
		cmocka_unit_test(test_cpu_bad),
		cmocka_unit_test(test_parse_cpus_direct),
		cmocka_unit_test(test_sink),
		cmocka_unit_test(test_no_trace),
		cmocka_unit_test(test_attach),
		cmocka_unit_test(test_ringbuf),
		cmocka_unit_test(test_hidden_errors),
		cmocka_unit_test(test_no_drops),
		cmocka_unit_test(test_parse_bytes_direct),
		cmocka_unit_test(test_interval),
		cmocka_unit_test(test_json_output_verbose),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_prom_file),
		cmocka_unit_test(test_observe_defaults),
		cmocka_unit_test(test_selectors),
		cmocka_unit_test(test_select_ids),
		cmocka_unit_test(test_select_ids_limit),
		cmocka_unit_test(test_select_ids_bad),
		cmocka_unit_test(test_parse_ids_direct),
		cmocka_unit_test(test_select_conflicts),
		cmocka_unit_test(test_comm),
		cmocka_unit_test(test_driver_option_with_selector),
		cmocka_unit_test(test_observe_option_without_selector),
		cmocka_unit_test(test_observe_options),
		cmocka_unit_test(test_observe_hint_after),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_observe_duration),
		cmocka_unit_test(test_burst_gap),
		cmocka_unit_test(test_select_str),
		cmocka_unit_test(test_parse_syscalls_good),
		cmocka_unit_test(test_parse_syscalls_errors),
		cmocka_unit_test(test_parse_syscalls_hostile_entry),
		cmocka_unit_test(test_unknown_options),
		cmocka_unit_test(test_stray_and_ambiguous),
		cmocka_unit_test(test_prefixes_and_forms),
		cmocka_unit_test(test_all_together),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_help_observe),
		cmocka_unit_test(test_usage_version),
		cmocka_unit_test(test_repeated_calls),
		cmocka_unit_test(test_str_helpers),
	};

	return cmocka_run_group_tests_name("opts", tests, NULL, NULL);
}
