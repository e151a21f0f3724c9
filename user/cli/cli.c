// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Command line: argp parsing, validation and defaults.
 *
 * argp runs with ARGP_NO_EXIT | ARGP_NO_ERRS | ARGP_NO_HELP: it never exits
 * and never prints on its own. --help/-h/-?, --usage and --version are our
 * own options (so we know when they ran and can stop parsing there).
 *
 * With ARGP_NO_ERRS, an unknown option, an ambiguous prefix or a missing
 * value makes argp_parse return EINVAL (via ARGP_KEY_ERROR) without saying
 * which argument was wrong. So before argp runs, prescan() walks argv with
 * the same rules as getopt_long (exact or unique-prefix long names,
 * --name=value, short clusters, "--") and turns every such problem into a
 * one-line message. Should the two ever disagree, opts__parse still returns
 * OPTS_USAGE with a generic message.
 *
 * argp keeps its getopt state in its own per-call parser, so repeated calls
 * need no reset; the unit tests parse hundreds of times in one process.
 */
#define _GNU_SOURCE
#include "cli/cli.h"
#include "report/events.h"

#include <argp.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>

#ifndef MSG_ZEROCOPY
#define MSG_ZEROCOPY 0x4000000
#endif

const char *argp_program_version = "mmsgtrace 0.1.0";

#define PROG "mmsgtrace"
#define SEE_HELP "see '" PROG " --help'"

#define DURATION_MAX 31536000.0		/* one year */
#define RATE_MAX 10000000000ULL		/* 10^10 msgs/s */
#define RINGBUF_MIN 4096ULL
#define RINGBUF_MAX (1ULL << 30)
#define RINGBUF_DEFAULT (16ULL << 20)
#define INTERVAL_MIN 0.1
#define INTERVAL_MAX 3600.0
#define QUOTE_MAX 40			/* user text echoed in messages */
#define SUN_PATH_MAX ((int)sizeof(((struct sockaddr_un *)0)->sun_path) - 1)

enum {
	K_VLEN = 0x100,
	K_SIZE,
	K_SEED,
	K_FLAGS,
	K_PROTO,
	K_DEST,
	K_CONNECT,
	K_NO_CONNECT,
	K_DURATION,
	K_COUNT,
	K_THREADS,
	K_RATE,
	K_CPU,
	K_SINK,
	K_NO_TRACE,
	K_ATTACH,
	K_RINGBUF,
	K_INTERVAL,
	K_JSON,
	K_USAGE,
	K_CGROUP,
	K_ALL,
	K_SYSCALLS,
	K_PER_THREAD,
	K_EVENTS,
	K_BURST_GAP,
	K_MODE,
	K_GSO,
	K_PID = 'p',
	K_TID = 't',
	K_COMM = 'c',
	K_OUTPUT = 'o',
	K_VERBOSE = 'v',
	K_HELP = 'h',
	K_HELP2 = '?',
	K_VERSION = 'V',
};

static const struct argp_option options[] = {
	{ NULL, 0, NULL, 0, "Driver:", 1 },
	{ "vlen", K_VLEN, "N", 0,
	  "Messages per sendmmsg call, 1 to 1048576 (default 64). The kernel sends "
	  "at most 1024 (UIO_MAXIOV) per call. With --mode sendmsg or sendto: "
	  "messages per batch built, sent one per call", 0 },
	{ "mode", K_MODE, "MODE", 0,
	  "The syscall that sends: sendmmsg (--vlen messages per call, default), or "
	  "sendmsg or sendto (the same messages, one per call: what batching saves)", 0 },
	{ "size", K_SIZE, "SPEC", 0,
	  "Bytes per message: N, a list N,N,... cycled message by message, or a "
	  "range MIN-MAX drawn uniformly; each 0 to 1048576 (default 64)", 0 },
	{ "seed", K_SEED, "N", 0, "Random seed for a --size range (default 1)", 0 },
	{ "flags", K_FLAGS, "LIST", 0,
	  "MSG_* flags for each send call: comma list of dontwait, nosignal, confirm, "
	  "dontroute, more, eor, oob, zerocopy, none, or a number such as 0x40 "
	  "(default none)", 0 },
	{ "proto", K_PROTO, "PROTO", 0, "udp4, udp6 or unix (default udp4)", 0 },
	{ "gso", K_GSO, "SIZE", 0,
	  "UDP segmentation offload (udp4/udp6): each message goes down the stack "
	  "once and is cut into datagrams of SIZE bytes (the last may be shorter) "
	  "only at the bottom, so one send carries many datagrams. SIZE 1 to 65507; "
	  "a message holds at most 65507 bytes and 64 datagrams (default off)", 0 },
	{ "dest", K_DEST, "ADDR", 0,
	  "Send here instead of the built-in sink: HOST:PORT (udp4), [ADDR]:PORT "
	  "(udp6), a socket path or @abstract (unix). Implies --sink none", 0 },
	{ "connect", K_CONNECT, NULL, 0,
	  "connect() each socket once (default)", 0 },
	{ "no-connect", K_NO_CONNECT, NULL, 0,
	  "Unconnected sockets: a msg_name in every message", 0 },
	{ "duration", K_DURATION, "SECONDS", 0,
	  "Run time, e.g. 5 or 0.5 (default 5; observing: until Ctrl-C, or until "
	  "the -p/-t targets have exited)", 0 },
	{ "count", K_COUNT, "CALLS", 0,
	  "Stop after this many calls in total instead of a duration", 0 },
	{ "threads", K_THREADS, "N", 0,
	  "Sending threads, 1 to 256, a socket each (default 1)", 0 },
	{ "rate", K_RATE, "MSGS_PER_SEC", 0,
	  "Total message rate limit; 0 = as fast as possible (default 0)", 0 },
	{ "cpu", K_CPU, "LIST", 0,
	  "Pin threads round-robin to these CPUs, e.g. 0, 0,1, 0-3, 0-1,3 "
	  "(default: no pinning)", 0 },
	{ "sink", K_SINK, "KIND", 0,
	  "Built-in receiver: discard (nobody reads), count (drained and counted) "
	  "or none (needs --dest). Default discard for udp4/udp6, count for unix", 0 },
	{ "no-trace", K_NO_TRACE, NULL, 0,
	  "The driver alone: no BPF, no privileges needed", 0 },

	{ NULL, 0, NULL, 0, "Observe other programs (no driver runs):", 2 },
	{ "pid", K_PID, "PID[,PID...]", 0,
	  "Watch these processes, all their threads, and the processes they fork. "
	  "The run ends when all have exited", 0 },
	{ "tid", K_TID, "TID[,TID...]", 0, "Watch these threads only", 0 },
	{ "comm", K_COMM, "NAME", 0,
	  "Watch tasks whose name (/proc/PID/comm, at most 15 bytes) is exactly NAME", 0 },
	{ "cgroup", K_CGROUP, "DIR", 0,
	  "Watch tasks in this cgroup v2 directory and below, e.g. "
	  "/sys/fs/cgroup/unified/system.slice/named.service", 0 },
	{ "all", K_ALL, NULL, 0, "Watch every process", 0 },
	{ "syscalls", K_SYSCALLS, "LIST", 0,
	  "Which calls to watch: comma list of sendmmsg, recvmmsg, sendto, sendmsg "
	  "(default all four)", 0 },
	{ "per-thread", K_PER_THREAD, NULL, 0, "One row per thread instead of per process", 0 },
	{ "burst-gap", K_BURST_GAP, "TIME", 0,
	  "Batching report: sends on one socket closer than TIME form a burst that "
	  "one sendmmsg could carry; 500ns, 100us, 2ms or 0.5s, bare numbers are "
	  "microseconds (default 100us)", 0 },

	{ NULL, 0, NULL, 0, "Tracer:", 3 },
	{ "attach", K_ATTACH, "MODE", 0,
	  "raw (raw tracepoints, default) or tp (classic tracepoints)", 0 },
	{ "ringbuf-size", K_RINGBUF, "BYTES", 0,
	  "Ring buffer for per-call records: a power of two from 4K to 1G; K, M, G "
	  "suffixes (default 16M)", 0 },

	{ NULL, 0, NULL, 0, "Output:", 4 },
	{ "events", K_EVENTS, NULL, 0,
	  "One line per call (a JSON object with --json): time, pid/tid, name, "
	  "syscall, fd, vlen, flags, result, bytes, latency", 0 },
	{ "interval", K_INTERVAL, "SECONDS", 0,
	  "Print every SECONDS, 0.1 to 3600 (default 1)", 0 },
	{ "json", K_JSON, NULL, 0, "JSON lines on stdout instead of the text display", 0 },
	{ "output", K_OUTPUT, "FILE", 0, "Also write the JSON lines to FILE", 0 },
	{ "verbose", K_VERBOSE, NULL, 0, "libbpf debug log on stderr", 0 },

	{ NULL, 0, NULL, 0, "Help:", -1 },
	{ "help", K_HELP, NULL, 0, "Give this help list", -1 },
	{ NULL, K_HELP2, NULL, OPTION_ALIAS, NULL, -1 },
	{ "usage", K_USAGE, NULL, 0, "Give a short usage message", -1 },
	{ "version", K_VERSION, NULL, 0, "Print program version", -1 },
	{ 0 },
};

static const char doc[] =
	"Drive sendmmsg(2) and trace it with eBPF: messages per call, bytes, "
	"latency, exact kernel totals. Or observe the sendmmsg, recvmmsg, sendto and "
	"sendmsg calls of programs already running (-p, -t, -c, --cgroup, --all)."
	"\v"
	"EXAMPLES:\n"
	"  # vlen 64, 64 B UDP to a loopback sink, 5 s\n"
	"  sudo mmsgtrace\n"
	"\n"
	"  # one message per call: the unbatched baseline\n"
	"  sudo mmsgtrace --vlen 1 --duration 10\n"
	"\n"
	"  # the same 64 messages, one sendto call each: what batching saves\n"
	"  sudo mmsgtrace --mode sendto --vlen 64\n"
	"\n"
	"  # UDP GSO: 22400-byte messages leave as sixteen 1400-byte datagrams\n"
	"  sudo mmsgtrace --size 22400 --gso 1400\n"
	"\n"
	"  # cycle three sizes, two threads pinned to CPUs 0 and 1\n"
	"  sudo mmsgtrace --vlen 64 --size 64,512,1400 --threads 2 --cpu 0,1\n"
	"\n"
	"  # fill a unix queue nobody reads: partial sends\n"
	"  sudo mmsgtrace --proto unix --flags dontwait --sink discard\n"
	"\n"
	"  # the driver alone, no privileges needed\n"
	"  mmsgtrace --no-trace --vlen 1024\n"
	"\n"
	"  # JSON lines, stop after 1000 calls\n"
	"  sudo mmsgtrace --json --count 1000\n"
	"\n"
	"  # observe a running program until it exits: a top-like table, then a\n"
	"  # summary with a batching report (what sendmmsg would save)\n"
	"  sudo mmsgtrace -p $(pidof named)\n"
	"\n"
	"  # every call of every program named 'dig', one line each, for 10 s\n"
	"  sudo mmsgtrace -c dig --events --duration 10\n"
	"\n"
	"EXIT CODES: 0 success (and, driving, the kernel's totals match the driver's),\n"
	"1 runtime failure or a cross-check mismatch, 2 usage error.\n";

/* ------------------------------------------------------------------------ */
/* small helpers                                                            */

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* User text for a message: at most QUOTE_MAX chars, control bytes as '?'. */
struct qbuf {
	char s[QUOTE_MAX + 4];
};

static const char *quote(const char *s, struct qbuf *q)
{
	size_t i;

	if (!s)
		s = "";
	for (i = 0; s[i] && i < QUOTE_MAX; i++)
		q->s[i] = iscntrl((unsigned char)s[i]) ? '?' : s[i];
	if (s[i]) {
		memcpy(q->s + i, "...", 3);
		i += 3;
	}
	q->s[i] = '\0';
	return q->s;
}

/* Unsigned decimal: digits only, no sign, no spaces. 0, -1 syntax, -2 range. */
static int parse_u64(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end)
		return -1;
	if (errno == ERANGE)
		return -2;
	*out = v;
	return 0;
}

/* Same on [s, s+len). */
static int parse_u64_n(const char *s, size_t len, uint64_t *out)
{
	char tmp[32];

	if (len == 0)
		return -1;
	if (len >= sizeof(tmp)) {
		for (size_t i = 0; i < len; i++)
			if (!isdigit((unsigned char)s[i]))
				return -1;
		return -2;	/* all digits: too many of them */
	}
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return parse_u64(tmp, out);
}

/* Finite decimal like 5, 0.5, .5, 1e3: no sign, spaces, hex, inf or nan. */
static int parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !(isdigit((unsigned char)s[0]) || s[0] == '.'))
		return -1;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p) || *p == '.' || *p == 'e' || *p == 'E')
			continue;
		if ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E'))
			continue;
		return -1;
	}
	errno = 0;
	v = strtod(s, &end);
	if (*end || end == s || errno == ERANGE || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

/* ------------------------------------------------------------------------ */
/* building blocks                                                          */

static const struct {
	const char *name;
	int bit;
} flag_names[] = {
	{ "dontwait", MSG_DONTWAIT },
	{ "nosignal", MSG_NOSIGNAL },
	{ "confirm", MSG_CONFIRM },
	{ "dontroute", MSG_DONTROUTE },
	{ "more", MSG_MORE },
	{ "eor", MSG_EOR },
	{ "oob", MSG_OOB },
	{ "zerocopy", MSG_ZEROCOPY },
};

#define FLAG_NAMES "dontwait, nosignal, confirm, dontroute, more, eor, oob, zerocopy, none"

int opts__parse_flags(const char *s, int *flags, char *err, size_t errlen)
{
	struct qbuf q, q2;
	uint32_t v = 0;

	if (!s || !*s) {
		seterr(err, errlen, "invalid --flags '': expected names like dontwait,nosignal "
		       "(valid names are " FLAG_NAMES ") or a number");
		return -1;
	}
	for (const char *p = s;;) {
		size_t len = strcspn(p, ",|");
		bool found = false;

		if (len == 0) {
			seterr(err, errlen, "invalid --flags '%s': empty name in the list; "
			       "separate names with single commas, e.g. dontwait,nosignal",
			       quote(s, &q));
			return -1;
		}
		if (p[0] == '-' || p[0] == '+')
			goto bad_number;
		if (isdigit((unsigned char)p[0])) {
			char tmp[24];
			char *end;
			unsigned long long n;
			int base = 10;
			const char *num = tmp;

			if (len >= sizeof(tmp))
				goto bad_number;
			memcpy(tmp, p, len);
			tmp[len] = '\0';
			if (tmp[0] == '0' && (tmp[1] == 'x' || tmp[1] == 'X')) {
				base = 16;
				num = tmp + 2;
				if (!isxdigit((unsigned char)num[0]))
					goto bad_number;
			}
			errno = 0;
			n = strtoull(num, &end, base);
			if (*end || errno == ERANGE || n > UINT32_MAX)
				goto bad_number;
			v |= (uint32_t)n;
			found = true;
		} else {
			if (len == 4 && !strncasecmp(p, "none", 4))
				found = true;
			for (size_t i = 0; !found && i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
				if (strlen(flag_names[i].name) == len &&
				    !strncasecmp(p, flag_names[i].name, len)) {
					v |= (uint32_t)flag_names[i].bit;
					found = true;
				}
			}
		}
		if (!found) {
			char name[QUOTE_MAX + 1];

			snprintf(name, sizeof(name), "%.*s", (int)(len < QUOTE_MAX ? len : QUOTE_MAX), p);
			seterr(err, errlen, "unknown --flags name '%s': valid names are "
			       FLAG_NAMES " (or a number)", quote(name, &q2));
			return -1;
		}
		p += len;
		if (!*p)
			break;
		p++;
		if (!*p) {
			seterr(err, errlen, "invalid --flags '%s': the list ends with a separator; "
			       "remove the trailing comma", quote(s, &q));
			return -1;
		}
	}
	*flags = (int)v;
	return 0;

bad_number:
	seterr(err, errlen, "invalid --flags '%s': expected names (" FLAG_NAMES ") or a "
	       "number, decimal or 0x hex, up to 0xffffffff", quote(s, &q));
	return -1;
}

const char *opts__flags_str(int flags, char *buf, size_t len)
{
	uint32_t left = (uint32_t)flags;
	size_t pos = 0;

	if (!buf || !len)
		return "";
	buf[0] = '\0';
	if (!left) {
		snprintf(buf, len, "none");
		return buf;
	}
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++) {
		uint32_t bit = (uint32_t)flag_names[i].bit;
		int n;

		if (!(left & bit))
			continue;
		left &= ~bit;
		n = snprintf(buf + pos, len - pos, "%s%s", pos ? "|" : "", flag_names[i].name);
		if (n < 0 || (size_t)n >= len - pos)
			return buf;	/* truncated, still terminated */
		pos += (size_t)n;
	}
	if (left)
		snprintf(buf + pos, len - pos, "%s0x%x", pos ? "|" : "", left);
	return buf;
}

#define SIZE_EXPECT "expected N, a list N,N,... or a range MIN-MAX, each from 0 to 1048576"

/* One size from a parse result (rc from parse_u64*): 0, or -1 with err set. */
static int check_size_value(const char *s, int rc, uint64_t v, char *err, size_t errlen)
{
	struct qbuf q;

	if (rc == 0 && v > OPTS_MAX_SIZE)
		rc = -2;
	if (rc == -2) {
		seterr(err, errlen, "invalid --size '%s': each size must be from 0 to %d bytes",
		       quote(s, &q), OPTS_MAX_SIZE);
		return -1;
	}
	if (rc) {
		seterr(err, errlen, "invalid --size '%s': " SIZE_EXPECT, quote(s, &q));
		return -1;
	}
	return 0;
}

int opts__parse_size(const char *s, struct size_spec *spec, char *err, size_t errlen)
{
	struct size_spec t;
	struct qbuf q;
	uint64_t v;
	int rc;

	memset(&t, 0, sizeof(t));
	if (!s || !*s) {
		seterr(err, errlen, "invalid --size '': " SIZE_EXPECT);
		return -1;
	}
	if (s[0] == '-') {
		seterr(err, errlen, "invalid --size '%s': sizes cannot be negative; " SIZE_EXPECT,
		       quote(s, &q));
		return -1;
	}
	if (strchr(s, ',')) {
		if (strchr(s, '-')) {
			seterr(err, errlen, "invalid --size '%s': give either a list or a range, "
			       "not both; " SIZE_EXPECT, quote(s, &q));
			return -1;
		}
		t.kind = SIZE_LIST;
		for (const char *p = s;;) {
			size_t len = strcspn(p, ",");

			if (len == 0) {
				seterr(err, errlen, "invalid --size '%s': empty entry in the list; "
				       SIZE_EXPECT, quote(s, &q));
				return -1;
			}
			if (t.n == OPTS_MAX_SIZES) {
				seterr(err, errlen, "invalid --size '%s': more than %d sizes in the list",
				       quote(s, &q), OPTS_MAX_SIZES);
				return -1;
			}
			rc = parse_u64_n(p, len, &v);
			if (check_size_value(s, rc, v, err, errlen))
				return -1;
			t.list[t.n++] = (uint32_t)v;
			p += len;
			if (!*p)
				break;
			p++;
		}
		t.min = t.max = t.list[0];
		for (unsigned i = 1; i < t.n; i++) {
			if (t.list[i] < t.min)
				t.min = t.list[i];
			if (t.list[i] > t.max)
				t.max = t.list[i];
		}
	} else if (strchr(s, '-')) {
		const char *dash = strchr(s, '-');
		uint64_t lo, hi;
		int r1, r2;

		if (strchr(dash + 1, '-')) {
			seterr(err, errlen, "invalid --size '%s': a range has one '-'; " SIZE_EXPECT,
			       quote(s, &q));
			return -1;
		}
		r1 = parse_u64_n(s, (size_t)(dash - s), &lo);
		r2 = parse_u64(dash + 1, &hi);
		if (r1 == -1 || r2 == -1) {
			seterr(err, errlen, "invalid --size '%s': " SIZE_EXPECT, quote(s, &q));
			return -1;
		}
		if (r1 || r2 || lo > OPTS_MAX_SIZE || hi > OPTS_MAX_SIZE) {
			seterr(err, errlen, "invalid --size '%s': each size must be from 0 to %d bytes",
			       quote(s, &q), OPTS_MAX_SIZE);
			return -1;
		}
		if (lo > hi) {
			seterr(err, errlen, "invalid --size '%s': the range minimum is above its "
			       "maximum; write MIN-MAX, e.g. 64-1400", quote(s, &q));
			return -1;
		}
		t.kind = SIZE_RANGE;
		t.n = 0;
		t.min = (uint32_t)lo;
		t.max = (uint32_t)hi;
	} else {
		rc = parse_u64(s, &v);
		if (check_size_value(s, rc, v, err, errlen))
			return -1;
		t.kind = SIZE_FIXED;
		t.n = 1;
		t.list[0] = t.min = t.max = (uint32_t)v;
	}
	*spec = t;
	return 0;
}

#define CPU_EXPECT "expected CPU numbers like 0, 0,1, 0-3 or 0-1,3"

int opts__parse_cpus(const char *s, int *cpus, unsigned *ncpus, char *err, size_t errlen)
{
	int tmp[OPTS_MAX_CPUS];
	unsigned n = 0;
	struct qbuf q;

	if (!s || !*s) {
		seterr(err, errlen, "invalid --cpu '': " CPU_EXPECT);
		return -1;
	}
	for (const char *p = s;;) {
		size_t len = strcspn(p, ",");
		const char *dash = memchr(p, '-', len);
		uint64_t lo, hi;
		int r1, r2;

		if (len == 0) {
			seterr(err, errlen, "invalid --cpu '%s': empty entry in the list; " CPU_EXPECT,
			       quote(s, &q));
			return -1;
		}
		if (dash) {
			r1 = parse_u64_n(p, (size_t)(dash - p), &lo);
			r2 = parse_u64_n(dash + 1, len - (size_t)(dash - p) - 1, &hi);
		} else {
			r1 = r2 = parse_u64_n(p, len, &lo);
			hi = lo;
		}
		if (r1 == -1 || r2 == -1) {
			seterr(err, errlen, "invalid --cpu '%s': " CPU_EXPECT, quote(s, &q));
			return -1;
		}
		if (r1 || r2 || lo >= OPTS_MAX_CPUS || hi >= OPTS_MAX_CPUS) {
			seterr(err, errlen, "invalid --cpu '%s': CPU numbers go from 0 to %d",
			       quote(s, &q), OPTS_MAX_CPUS - 1);
			return -1;
		}
		if (lo > hi) {
			seterr(err, errlen, "invalid --cpu '%s': a range runs backwards; write LOW-HIGH, "
			       "e.g. 0-3", quote(s, &q));
			return -1;
		}
		for (uint64_t c = lo; c <= hi; c++) {
			if (n == OPTS_MAX_CPUS) {
				seterr(err, errlen, "invalid --cpu '%s': more than %d CPUs in the list",
				       quote(s, &q), OPTS_MAX_CPUS);
				return -1;
			}
			tmp[n++] = (int)c;
		}
		p += len;
		if (!*p)
			break;
		p++;
		if (!*p) {
			seterr(err, errlen, "invalid --cpu '%s': empty entry in the list; " CPU_EXPECT,
			       quote(s, &q));
			return -1;
		}
	}
	memcpy(cpus, tmp, n * sizeof(tmp[0]));
	*ncpus = n;
	return 0;
}

int opts__parse_bytes(const char *s, uint64_t *bytes, char *err, size_t errlen)
{
	unsigned long long v;
	unsigned shift = 0;
	struct qbuf q;
	const char *p;
	char *end;

	if (!s || !isdigit((unsigned char)s[0]))
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno == ERANGE)
		goto range;
	p = end;
	switch (*p) {
	case 'k': case 'K': shift = 10; p++; break;
	case 'm': case 'M': shift = 20; p++; break;
	case 'g': case 'G': shift = 30; p++; break;
	default: break;
	}
	if (shift && (p[0] == 'i' || p[0] == 'I') && (p[1] == 'b' || p[1] == 'B'))
		p += 2;
	else if (p[0] == 'b' || p[0] == 'B')
		p++;
	if (*p)
		goto bad;
	if (shift && v > (UINT64_MAX >> shift))
		goto range;
	*bytes = (uint64_t)v << shift;
	return 0;

range:
	seterr(err, errlen, "invalid --ringbuf-size '%s': the number is too large; "
	       "expected bytes like 4096, 256K, 16M or 1G", quote(s, &q));
	return -1;
bad:
	seterr(err, errlen, "invalid --ringbuf-size '%s': expected bytes with an optional "
	       "K, M or G suffix, like 4096, 256K, 16M or 1G", quote(s ? s : "", &q));
	return -1;
}

#define GAP_EXPECT "expected a time like 500ns, 100us, 2ms or 0.5s (a bare number is microseconds)"
#define GAP_MAX_NS 60000000000ULL	/* one minute */

int opts__parse_gap(const char *s, uint64_t *ns, char *err, size_t errlen)
{
	static const struct {
		const char *suffix;
		double ns;
	} units[] = { { "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 }, { "", 1e3 } };
	char num[64];
	struct qbuf q;
	double v;
	size_t len;

	if (!s)
		s = "";
	len = strspn(s, "0123456789.eE+-");
	/* "1e" + "s" would read as an exponent: units never start with e */
	while (len && (s[len - 1] == 'e' || s[len - 1] == 'E'))
		len--;
	if (len == 0 || len >= sizeof(num))
		goto bad;
	memcpy(num, s, len);
	num[len] = '\0';
	if (parse_double(num, &v))
		goto bad;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(s + len, units[i].suffix))
			continue;
		v *= units[i].ns;
		if (v > GAP_MAX_NS) {
			seterr(err, errlen, "invalid --burst-gap '%s': at most 60s", quote(s, &q));
			return -1;
		}
		*ns = (uint64_t)(v + 0.5);
		return 0;
	}
bad:
	seterr(err, errlen, "invalid --burst-gap '%s': " GAP_EXPECT, quote(s, &q));
	return -1;
}

int opts__parse_ids(const char *s, const char *opt, uint32_t *ids, unsigned *n, char *err,
		    size_t errlen)
{
	struct qbuf q;

	if (!s || !*s) {
		seterr(err, errlen, "invalid %s '': expected ids like 1234 or 1234,5678", opt);
		return -1;
	}
	for (const char *p = s;;) {
		size_t len = strcspn(p, ",");
		uint64_t v;
		int rc = parse_u64_n(p, len, &v);

		if (rc || v == 0 || v > INT32_MAX) {
			seterr(err, errlen, "invalid %s '%s': expected positive whole numbers "
			       "separated by commas, like 1234 or 1234,5678", opt, quote(s, &q));
			return -1;
		}
		if (*n == OPTS_MAX_TARGETS) {
			seterr(err, errlen, "too many ids for %s: at most %d", opt, OPTS_MAX_TARGETS);
			return -1;
		}
		ids[(*n)++] = (uint32_t)v;
		p += len;
		if (!*p)
			return 0;
		p++;
	}
}

bool opts__sudo_user(const char *uid_s, const char *gid_s, uint32_t *uid, uint32_t *gid)
{
	uint64_t u, g;

	if (parse_u64(uid_s, &u) || parse_u64(gid_s, &g) || u == 0 || u >= UINT32_MAX ||
	    g >= UINT32_MAX)
		return false;
	*uid = (uint32_t)u;
	*gid = (uint32_t)g;
	return true;
}

const char *opts__select_str(enum select_kind s)
{
	switch (s) {
	case SELECT_NONE: return "none";
	case SELECT_PID: return "pid";
	case SELECT_TID: return "tid";
	case SELECT_COMM: return "comm";
	case SELECT_CGROUP: return "cgroup";
	case SELECT_ALL: return "all";
	}
	return "?";
}

const char *opts__send_mode_str(enum send_mode m)
{
	switch (m) {
	case SEND_SENDMMSG: return "sendmmsg";
	case SEND_SENDMSG: return "sendmsg";
	case SEND_SENDTO: return "sendto";
	}
	return "?";
}

unsigned opts__send_mode_syscall(enum send_mode m)
{
	switch (m) {
	case SEND_SENDMSG: return MMSG_SYS_SENDMSG;
	case SEND_SENDTO: return MMSG_SYS_SENDTO;
	default: return MMSG_SYS_SENDMMSG;
	}
}

uint32_t opts__datagrams(uint32_t size, uint32_t gso)
{
	if (!gso || size <= gso)
		return 1;
	return (uint32_t)(((uint64_t)size + gso - 1) / gso);
}

const char *opts__proto_str(enum proto p)
{
	switch (p) {
	case PROTO_UDP4: return "udp4";
	case PROTO_UDP6: return "udp6";
	case PROTO_UNIX: return "unix";
	}
	return "?";
}

const char *opts__attach_str(enum attach_mode m)
{
	switch (m) {
	case ATTACH_RAW: return "raw";
	case ATTACH_TP: return "tp";
	}
	return "?";
}

const char *opts__sink_str(enum sink_kind s)
{
	switch (s) {
	case SINK_DISCARD: return "discard";
	case SINK_COUNT: return "count";
	case SINK_NONE: return "none";
	}
	return "?";
}

void opts__defaults(struct opts *o)
{
	memset(o, 0, sizeof(*o));
	o->vlen = 64;
	o->size.kind = SIZE_FIXED;
	o->size.n = 1;
	o->size.list[0] = 64;
	o->size.min = o->size.max = 64;
	o->seed = 1;
	o->flags = 0;
	o->proto = PROTO_UDP4;
	o->dest[0] = '\0';
	o->connect = true;
	o->duration_s = 5.0;
	o->count = 0;
	o->threads = 1;
	o->rate = 0;
	o->ncpus = 0;
	o->sink = SINK_DISCARD;
	o->send_mode = SEND_SENDMMSG;
	o->gso = 0;
	o->no_trace = false;
	o->attach = ATTACH_RAW;
	o->ringbuf_size = RINGBUF_DEFAULT;
	o->mode = MODE_DRIVE;
	o->select = SELECT_NONE;
	o->syscall_mask = (1u << MMSG_SYS_COUNT) - 1;
	o->burst_gap_ns = 100000;
	o->interval_s = 1.0;
	o->json = false;
	o->output_path[0] = '\0';
	o->verbose = 0;
}

/* ------------------------------------------------------------------------ */
/* prescan: what getopt_long would reject, as a message                     */

struct optinfo {
	const char *name;	/* long name or NULL */
	int key;		/* the real (non-alias) key */
	bool has_arg;
};

#define NOPTS (sizeof(options) / sizeof(options[0]))

static unsigned optinfo_build(struct optinfo *out)
{
	const struct argp_option *real = NULL;
	unsigned n = 0;

	for (const struct argp_option *op = options; op->name || op->key || op->doc; op++) {
		if (!op->name && !op->key)
			continue;	/* group header */
		if (!(op->flags & OPTION_ALIAS) || !real)
			real = op;
		out[n].name = op->name;
		out[n].key = op->key ? op->key : real->key;
		out[n].has_arg = real->arg != NULL;
		n++;
	}
	return n;
}

static bool is_help_key(int key)
{
	return key == K_HELP || key == K_HELP2 || key == K_USAGE || key == K_VERSION;
}

/* 1: stop scanning (a help option comes first), 0: fine, -1: error in err */
static int prescan(int argc, char **argv, char *err, size_t errlen)
{
	struct optinfo info[NOPTS];
	unsigned ninfo = optinfo_build(info);
	struct qbuf q;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!a)
			break;
		if (!strcmp(a, "--")) {
			if (i + 1 < argc && argv[i + 1]) {
				seterr(err, errlen, "unexpected argument '%s': " PROG " takes only "
				       "options; " SEE_HELP, quote(argv[i + 1], &q));
				return -1;
			}
			return 0;
		}
		if (a[0] != '-' || a[1] == '\0') {
			seterr(err, errlen, "unexpected argument '%s': " PROG " takes only options; "
			       SEE_HELP, quote(a, &q));
			return -1;
		}
		if (a[1] == '-') {
			const char *name = a + 2;
			size_t len = strcspn(name, "=");
			const struct optinfo *hit = NULL;
			unsigned nmatch = 0;
			char cands[160] = "";
			bool exact = false;

			for (unsigned k = 0; k < ninfo && len; k++) {
				if (info[k].name && strlen(info[k].name) == len &&
				    !strncmp(info[k].name, name, len)) {
					hit = &info[k];
					nmatch = 1;
					exact = true;
					break;
				}
			}
			/* getopt_long: a unique prefix, or several naming the same option */
			for (unsigned k = 0; !exact && k < ninfo && len; k++) {
				size_t cl = strlen(cands);

				if (!info[k].name || strncmp(info[k].name, name, len))
					continue;
				if (hit && info[k].key == hit->key)
					continue;
				snprintf(cands + cl, sizeof(cands) - cl, "%s--%s", cl ? ", " : "",
					 info[k].name);
				if (!hit)
					hit = &info[k];
				nmatch++;
			}
			if (!nmatch) {
				char nm[QUOTE_MAX + 3];

				snprintf(nm, sizeof(nm), "--%.*s", (int)(len < QUOTE_MAX ? len : QUOTE_MAX),
					 name);
				seterr(err, errlen, "unknown option '%s': " SEE_HELP, quote(nm, &q));
				return -1;
			}
			if (nmatch > 1) {
				char nm[QUOTE_MAX + 3];
				struct qbuf q2;

				snprintf(nm, sizeof(nm), "--%.*s", (int)(len < QUOTE_MAX ? len : QUOTE_MAX),
					 name);
				seterr(err, errlen, "ambiguous option '%s': could be %s", quote(nm, &q2),
				       cands);
				return -1;
			}
			if (is_help_key(hit->key))
				return 1;
			if (hit->has_arg) {
				if (name[len] != '=') {
					if (i + 1 >= argc || !argv[i + 1]) {
						seterr(err, errlen, "option '--%s' needs a value: " SEE_HELP,
						       hit->name);
						return -1;
					}
					i++;
				}
			} else if (name[len] == '=') {
				seterr(err, errlen, "option '--%s' takes no value: give it alone, "
				       "without '='", hit->name);
				return -1;
			}
			continue;
		}
		/* short cluster */
		for (const char *c = a + 1; *c; c++) {
			const struct optinfo *hit = NULL;

			for (unsigned k = 0; k < ninfo; k++) {
				if (info[k].key == (unsigned char)*c && isprint((unsigned char)*c) &&
				    (unsigned char)*c < 128) {
					hit = &info[k];
					break;
				}
			}
			/* '?' is only an alias entry with no name: look up by key above */
			if (!hit) {
				char nm[3] = { '-', isprint((unsigned char)*c) ? *c : '?', '\0' };

				seterr(err, errlen, "unknown option '%s': " SEE_HELP, nm);
				return -1;
			}
			if (is_help_key(hit->key))
				return 1;
			if (hit->has_arg) {
				if (c[1] == '\0') {
					if (i + 1 >= argc || !argv[i + 1]) {
						seterr(err, errlen, "option '-%c' needs a value: " SEE_HELP,
						       *c);
						return -1;
					}
					i++;
				}
				break;
			}
		}
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* argp                                                                     */

struct ctx {
	struct opts *o;
	bool duration_set, count_set, sink_set, dest_set;
	bool exit_ok;
	int driver_key;			/* the first driver-only option given (0: none) */
	int observe_key;		/* the first observe-only option given (0: none) */
};

#define EXIT_OK_ERR ECANCELED	/* stop argp after help/usage/version */

static int usage_err(struct opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int usage_err(struct opts *o, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(o->error, sizeof(o->error), fmt, ap);
	va_end(ap);
	return EINVAL;
}

static int opt_u64(struct opts *o, const char *opt, const char *arg, uint64_t min,
		   uint64_t max, const char *what, uint64_t *out)
{
	struct qbuf q;
	uint64_t v;

	if (parse_u64(arg, &v) || v < min || v > max)
		return usage_err(o, "invalid %s '%s': expected %s from %llu to %llu", opt,
				 quote(arg, &q), what, (unsigned long long)min,
				 (unsigned long long)max);
	*out = v;
	return 0;
}

static int opt_name(struct opts *o, const char *opt, const char *arg, const char *const *names,
		    int n, const char *expect, int *out)
{
	struct qbuf q;

	for (int i = 0; i < n; i++) {
		if (!strcasecmp(arg, names[i])) {
			*out = i;
			return 0;
		}
	}
	return usage_err(o, "invalid %s '%s': expected %s", opt, quote(arg, &q), expect);
}

static bool port_ok(const char *s)
{
	uint64_t port;

	return parse_u64(s, &port) == 0 && port >= 1 && port <= 65535;
}

static int check_dest(struct opts *o)
{
	const char *d = o->dest;
	struct qbuf q;

	switch (o->proto) {
	case PROTO_UDP4: {
		const char *colon = strrchr(d, ':');

		if (d[0] == '[' || (colon && memchr(d, ':', (size_t)(colon - d))))
			return usage_err(o, "invalid --dest '%s' for udp4: that looks like an IPv6 "
					 "address; use --proto udp6", quote(d, &q));
		if (!colon || colon == d || !port_ok(colon + 1))
			return usage_err(o, "invalid --dest '%s' for udp4: expected HOST:PORT with "
					 "PORT from 1 to 65535, e.g. 127.0.0.1:9000", quote(d, &q));
		return 0;
	}
	case PROTO_UDP6: {
		const char *close = strrchr(d, ']');

		if (d[0] != '[' || !close || close == d + 1 || close[1] != ':' ||
		    !port_ok(close + 2) || memchr(d + 1, '[', (size_t)(close - d - 1)))
			return usage_err(o, "invalid --dest '%s' for udp6: expected [ADDR]:PORT with "
					 "PORT from 1 to 65535, e.g. [::1]:9000", quote(d, &q));
		return 0;
	}
	case PROTO_UNIX:
		if (d[0] == '@' && d[1] == '\0')
			return usage_err(o, "invalid --dest '@' for unix: an abstract socket needs "
					 "a name after '@', e.g. @mmsgtrace");
		if ((int)strlen(d[0] == '@' ? d + 1 : d) > SUN_PATH_MAX)
			return usage_err(o, "invalid --dest '%s' for unix: a socket path or abstract "
					 "name holds at most %d bytes", quote(d, &q), SUN_PATH_MAX);
		return 0;
	}
	return 0;
}

/* the long name of an option, for messages */
static const char *long_name(int key)
{
	for (const struct argp_option *op = options; op->name || op->key || op->doc; op++)
		if (op->key == key && op->name)
			return op->name;
	return "?";
}

static int finish(struct ctx *c)
{
	struct opts *o = c->o;
	int err;

	o->duration_set = c->duration_set;
	if (o->select != SELECT_NONE) {
		o->mode = MODE_OBSERVE;
		if (c->driver_key)
			return usage_err(o, "--%s is a driver option, but -p/-t/-c/--cgroup/--all "
					 "observe other programs and start no driver: drop --%s",
					 long_name(c->driver_key), long_name(c->driver_key));
		if (!o->syscall_mask)
			return usage_err(o, "--syscalls chose nothing to watch");
		return 0;
	}
	if (c->observe_key)
		return usage_err(o, "--%s applies to observe mode: add -p PID, -t TID, -c NAME, "
				 "--cgroup DIR or --all", long_name(c->observe_key));
	if (o->events && o->no_trace)
		return usage_err(o, "--events needs the tracer: drop --no-trace");
	/* the driver calls one syscall: the one its --mode names */
	o->syscall_mask = 1u << opts__send_mode_syscall(o->send_mode);
	if (o->gso) {
		uint32_t max = o->size.max, segs = opts__datagrams(max, o->gso);

		if (o->proto == PROTO_UNIX)
			return usage_err(o, "--gso is UDP segmentation offload: it needs --proto udp4 "
					 "or udp6; drop --gso for unix");
		if (max > OPTS_GSO_MAX)
			return usage_err(o, "--gso: a message holds at most %d bytes (one UDP send), "
					 "but --size goes up to %u; use smaller sizes",
					 OPTS_GSO_MAX, max);
		if (segs > OPTS_GSO_SEGMENTS)
			return usage_err(o, "--gso %u cuts a %u-byte message into %u datagrams, more "
					 "than %d (UDP_MAX_SEGMENTS): use --gso %u or more, or smaller "
					 "--size", o->gso, max, segs, OPTS_GSO_SEGMENTS,
					 (max + OPTS_GSO_SEGMENTS - 1) / OPTS_GSO_SEGMENTS);
	}
	if (c->duration_set && c->count_set)
		return usage_err(o, "--duration and --count are exclusive: give one");
	if (c->dest_set) {
		if (c->sink_set && o->sink != SINK_NONE)
			return usage_err(o, "--dest sends elsewhere: use --sink none with it");
		o->sink = SINK_NONE;
		err = check_dest(o);
		if (err)
			return err;
	} else if (c->sink_set) {
		if (o->sink == SINK_NONE)
			return usage_err(o, "--sink none needs --dest (nowhere to send)");
	} else {
		o->sink = o->proto == PROTO_UNIX ? SINK_COUNT : SINK_DISCARD;
	}
	if (o->vlen > OPTS_UIO_MAXIOV && o->send_mode != SEND_SENDMMSG)
		snprintf(o->warning, sizeof(o->warning),
			 "--vlen %u exceeds UIO_MAXIOV (%d): batches hold %d messages, as "
			 "sendmmsg would send them", o->vlen, OPTS_UIO_MAXIOV, OPTS_UIO_MAXIOV);
	else if (o->vlen > OPTS_UIO_MAXIOV)
		snprintf(o->warning, sizeof(o->warning),
			 "--vlen %u exceeds UIO_MAXIOV (%d): the kernel sends at most %d messages "
			 "per call, so the trace shows ret <= %d",
			 o->vlen, OPTS_UIO_MAXIOV, OPTS_UIO_MAXIOV, OPTS_UIO_MAXIOV);
	else
		o->warning[0] = '\0';
	return 0;
}

/* -p, -t, -c, --cgroup and --all choose one way of selecting: one kind only
 * (-p and -t may repeat) */
static int select_one(struct opts *o, enum select_kind want)
{
	if (o->select == SELECT_NONE || (o->select == want && (want == SELECT_PID ||
							       want == SELECT_TID))) {
		o->select = want;
		return 0;
	}
	if (o->select == want)
		return usage_err(o, "%s given twice: give it once", want == SELECT_ALL ? "--all" :
				 want == SELECT_COMM ? "-c" : "--cgroup");
	return usage_err(o, "choose one way to select what to watch: -p, -t, -c, --cgroup "
			 "or --all (got %s and %s)", opts__select_str(o->select),
			 opts__select_str(want));
}

static error_t parse_opt(int key, char *arg, struct argp_state *state)
{
	struct ctx *c = state->input;
	struct opts *o = c->o;
	struct qbuf q;
	uint64_t v;
	double d;
	int err, i = 0;

	switch (key) {
	case K_VLEN: case K_SIZE: case K_SEED: case K_FLAGS: case K_PROTO: case K_DEST:
	case K_CONNECT: case K_NO_CONNECT: case K_COUNT: case K_THREADS: case K_RATE:
	case K_CPU: case K_SINK: case K_NO_TRACE: case K_MODE: case K_GSO:
		if (!c->driver_key)
			c->driver_key = key;
		break;
	case K_SYSCALLS: case K_PER_THREAD: case K_BURST_GAP:
		if (!c->observe_key)
			c->observe_key = key;
		break;
	default:
		break;
	}

	switch (key) {
	case K_PID:
	case K_TID: {
		enum select_kind want = key == K_PID ? SELECT_PID : SELECT_TID;

		err = select_one(o, want);
		if (err)
			return err;
		return opts__parse_ids(arg, key == K_PID ? "-p" : "-t", o->targets, &o->ntargets,
				       o->error, sizeof(o->error)) ? EINVAL : 0;
	}
	case K_COMM:
		err = select_one(o, SELECT_COMM);
		if (err)
			return err;
		if (!*arg || strlen(arg) >= OPTS_COMM_LEN)
			return usage_err(o, "invalid -c '%s': a task name has 1 to %d bytes (the "
					 "kernel truncates longer names; see /proc/PID/comm)",
					 quote(arg, &q), OPTS_COMM_LEN - 1);
		memset(o->comm, 0, sizeof(o->comm));
		memcpy(o->comm, arg, strlen(arg));
		return 0;
	case K_CGROUP:
		err = select_one(o, SELECT_CGROUP);
		if (err)
			return err;
		if (!*arg || strlen(arg) >= sizeof(o->cgroup_path))
			return usage_err(o, "invalid --cgroup '%s': expected a cgroup v2 directory",
					 quote(arg, &q));
		snprintf(o->cgroup_path, sizeof(o->cgroup_path), "%s", arg);
		return 0;
	case K_ALL:
		return select_one(o, SELECT_ALL);
	case K_SYSCALLS:
		return events__parse_syscalls(arg, &o->syscall_mask, o->error, sizeof(o->error)) ?
			       EINVAL : 0;
	case K_PER_THREAD:
		o->per_thread = true;
		return 0;
	case K_BURST_GAP:
		return opts__parse_gap(arg, &o->burst_gap_ns, o->error, sizeof(o->error)) ? EINVAL : 0;
	case K_EVENTS:
		o->events = true;
		return 0;
	case K_VLEN:
		err = opt_u64(o, "--vlen", arg, 1, OPTS_VLEN_MAX, "a whole number", &v);
		if (err)
			return err;
		o->vlen = (unsigned)v;
		return 0;
	case K_SIZE:
		return opts__parse_size(arg, &o->size, o->error, sizeof(o->error)) ? EINVAL : 0;
	case K_SEED:
		return opt_u64(o, "--seed", arg, 0, UINT64_MAX, "a whole number", &o->seed);
	case K_FLAGS:
		return opts__parse_flags(arg, &o->flags, o->error, sizeof(o->error)) ? EINVAL : 0;
	case K_PROTO: {
		static const char *const names[] = { "udp4", "udp6", "unix" };
		static const enum proto vals[] = { PROTO_UDP4, PROTO_UDP6, PROTO_UNIX };

		err = opt_name(o, "--proto", arg, names, 3, "udp4, udp6 or unix", &i);
		if (err)
			return err;
		o->proto = vals[i];
		return 0;
	}
	case K_MODE: {
		static const char *const names[] = { "sendmmsg", "sendmsg", "sendto" };
		static const enum send_mode vals[] = { SEND_SENDMMSG, SEND_SENDMSG, SEND_SENDTO };

		err = opt_name(o, "--mode", arg, names, 3, "sendmmsg, sendmsg or sendto", &i);
		if (err)
			return err;
		o->send_mode = vals[i];
		return 0;
	}
	case K_GSO:
		err = opt_u64(o, "--gso", arg, 1, OPTS_GSO_MAX, "a datagram size in bytes", &v);
		if (err)
			return err;
		o->gso = (uint32_t)v;
		return 0;
	case K_DEST:
		if (!*arg)
			return usage_err(o, "invalid --dest '': expected HOST:PORT (udp4), "
					 "[ADDR]:PORT (udp6) or a socket path (unix)");
		if (strlen(arg) >= sizeof(o->dest))
			return usage_err(o, "invalid --dest '%s': longer than %zu characters",
					 quote(arg, &q), sizeof(o->dest) - 1);
		snprintf(o->dest, sizeof(o->dest), "%s", arg);
		c->dest_set = true;
		return 0;
	case K_CONNECT:
		o->connect = true;
		return 0;
	case K_NO_CONNECT:
		o->connect = false;
		return 0;
	case K_DURATION:
		if (parse_double(arg, &d) || !(d > 0) || d > DURATION_MAX)
			return usage_err(o, "invalid --duration '%s': expected seconds above 0 and at "
					 "most 31536000, e.g. 5 or 0.5", quote(arg, &q));
		o->duration_s = d;
		c->duration_set = true;
		return 0;
	case K_COUNT:
		err = opt_u64(o, "--count", arg, 1, UINT64_MAX, "a whole number of calls",
			      &o->count);
		if (err)
			return err;
		c->count_set = true;
		return 0;
	case K_THREADS:
		err = opt_u64(o, "--threads", arg, 1, OPTS_MAX_THREADS, "a whole number", &v);
		if (err)
			return err;
		o->threads = (unsigned)v;
		return 0;
	case K_RATE:
		return opt_u64(o, "--rate", arg, 0, RATE_MAX,
			       "messages per second (0 = no limit), a whole number", &o->rate);
	case K_CPU:
		return opts__parse_cpus(arg, o->cpus, &o->ncpus, o->error, sizeof(o->error)) ?
			       EINVAL : 0;
	case K_SINK: {
		static const char *const names[] = { "discard", "count", "none" };
		static const enum sink_kind vals[] = { SINK_DISCARD, SINK_COUNT, SINK_NONE };

		err = opt_name(o, "--sink", arg, names, 3, "discard, count or none", &i);
		if (err)
			return err;
		o->sink = vals[i];
		c->sink_set = true;
		return 0;
	}
	case K_NO_TRACE:
		o->no_trace = true;
		return 0;
	case K_ATTACH: {
		static const char *const names[] = { "raw", "tp" };
		static const enum attach_mode vals[] = { ATTACH_RAW, ATTACH_TP };

		err = opt_name(o, "--attach", arg, names, 2, "raw or tp", &i);
		if (err)
			return err;
		o->attach = vals[i];
		return 0;
	}
	case K_RINGBUF:
		if (opts__parse_bytes(arg, &v, o->error, sizeof(o->error)))
			return EINVAL;
		if (v < RINGBUF_MIN || v > RINGBUF_MAX || (v & (v - 1)))
			return usage_err(o, "invalid --ringbuf-size '%s': must be a power of two from "
					 "4K (4096) to 1G, e.g. 256K or 16M", quote(arg, &q));
		o->ringbuf_size = v;
		return 0;
	case K_INTERVAL:
		if (parse_double(arg, &d) || d < INTERVAL_MIN || d > INTERVAL_MAX)
			return usage_err(o, "invalid --interval '%s': expected seconds from 0.1 to "
					 "3600, e.g. 1 or 0.5", quote(arg, &q));
		o->interval_s = d;
		return 0;
	case K_JSON:
		o->json = true;
		return 0;
	case K_OUTPUT:
		if (!*arg)
			return usage_err(o, "invalid --output '': expected a file path");
		if (strlen(arg) >= sizeof(o->output_path))
			return usage_err(o, "invalid --output '%s': longer than %zu characters",
					 quote(arg, &q), sizeof(o->output_path) - 1);
		snprintf(o->output_path, sizeof(o->output_path), "%s", arg);
		return 0;
	case K_VERBOSE:
		o->verbose++;
		return 0;
	case K_HELP:
	case K_HELP2:
		/* argp_state_help() is silent under ARGP_NO_ERRS: use argp_help() */
		if (state->out_stream)
			argp_help(state->root_argp, state->out_stream,
				  ARGP_HELP_STD_HELP & ~(ARGP_HELP_EXIT_OK | ARGP_HELP_EXIT_ERR),
				  state->name);
		c->exit_ok = true;
		return EXIT_OK_ERR;
	case K_USAGE:
		if (state->out_stream)
			argp_help(state->root_argp, state->out_stream, ARGP_HELP_USAGE, state->name);
		c->exit_ok = true;
		return EXIT_OK_ERR;
	case K_VERSION:
		if (state->out_stream)
			fprintf(state->out_stream, "%s\n", argp_program_version);
		c->exit_ok = true;
		return EXIT_OK_ERR;
	case ARGP_KEY_ARG:
		return usage_err(o, "unexpected argument '%s': " PROG " takes only options; "
				 SEE_HELP, quote(arg, &q));
	case ARGP_KEY_END:
		return finish(c);
	default:
		return ARGP_ERR_UNKNOWN;
	}
}

static const struct argp argp = {
	.options = options,
	.parser = parse_opt,
	.args_doc = NULL,
	.doc = doc,
};

enum opts_result opts__parse(struct opts *o, int argc, char **argv)
{
	static char *fallback[] = { PROG, NULL };
	struct ctx c = { .o = o };
	error_t err;
	int rc;

	opts__defaults(o);
	if (argc < 1 || !argv || !argv[0]) {
		argc = 1;
		argv = fallback;
	}
	rc = prescan(argc, argv, o->error, sizeof(o->error));
	if (rc < 0)
		return OPTS_USAGE;
	o->error[0] = '\0';

	err = argp_parse(&argp, argc, argv, ARGP_NO_EXIT | ARGP_NO_ERRS | ARGP_NO_HELP, NULL,
			 &c);
	if (c.exit_ok)
		return OPTS_EXIT_OK;
	if (err || o->error[0]) {
		if (!o->error[0])
			snprintf(o->error, sizeof(o->error), "invalid command line: " SEE_HELP);
		o->warning[0] = '\0';
		return OPTS_USAGE;
	}
	return OPTS_OK;
}
