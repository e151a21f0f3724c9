/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Command line: argp parsing, validation and defaults.
 *
 * Pure: no I/O except argp's own --help/--usage/--version output (on stdout).
 * A bad option prints nothing: see opts__parse. Everything here is unit-tested.
 */
#ifndef MMSGTRACE_OPTS_H
#define MMSGTRACE_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPTS_MAX_SIZES 64	/* entries in a --size list */
#define OPTS_MAX_CPUS 256	/* entries in a --cpu list */
#define OPTS_MAX_THREADS 256
#define OPTS_MAX_SIZE 1048576	/* --size upper bound (bytes); > 65507 gets EMSGSIZE on UDP */
#define OPTS_VLEN_MAX 1048576	/* --vlen upper bound accepted at all */
#define OPTS_UIO_MAXIOV 1024	/* the kernel's cap on vlen */
#define OPTS_MSG_LEN 256	/* error/warning text buffers */
#define OPTS_MAX_TARGETS 256	/* ids given to -p / -t */
#define OPTS_COMM_LEN 16	/* the kernel's task name, NUL included */
#define OPTS_GSO_MAX 65507	/* --gso upper bound, and the largest message with --gso */
#define OPTS_GSO_SEGMENTS 64	/* segments one message may need (UDP_MAX_SEGMENTS) */

enum attach_mode { ATTACH_RAW, ATTACH_TP };
enum proto { PROTO_UDP4, PROTO_UDP6, PROTO_UNIX };
enum sink_kind { SINK_DISCARD, SINK_COUNT, SINK_NONE };
enum size_kind { SIZE_FIXED, SIZE_LIST, SIZE_RANGE };
/* the syscall the driver sends with (--mode) */
enum send_mode { SEND_SENDMMSG, SEND_SENDMSG, SEND_SENDTO };
/* drive: start senders and trace them; observe: watch other programs */
enum run_mode { MODE_DRIVE, MODE_OBSERVE };
/* what observe mode watches */
enum select_kind { SELECT_NONE, SELECT_PID, SELECT_TID, SELECT_COMM, SELECT_CGROUP, SELECT_ALL };

struct size_spec {
	enum size_kind kind;
	unsigned n;			/* SIZE_FIXED: 1; SIZE_LIST: entries; SIZE_RANGE: 0 */
	uint32_t list[OPTS_MAX_SIZES];	/* SIZE_FIXED uses list[0] */
	uint32_t min, max;		/* inclusive bounds (every kind) */
};

struct opts {
	/* driver */
	unsigned vlen;			/* messages per call, as requested */
	struct size_spec size;
	uint64_t seed;			/* for SIZE_RANGE */
	int flags;			/* MSG_* bits passed to sendmmsg */
	enum proto proto;
	char dest[256];			/* "" = the built-in sink */
	bool connect;			/* connect() (default) vs msg_name per message */
	double duration_s;		/* run time; ignored when count > 0 */
	uint64_t count;			/* total calls across threads; 0 = use duration */
	unsigned threads;
	uint64_t rate;			/* total msgs/s; 0 = as fast as possible */
	unsigned ncpus;			/* 0 = no pinning */
	int cpus[OPTS_MAX_CPUS];	/* threads are pinned round-robin */
	enum sink_kind sink;
	enum send_mode send_mode;	/* sendmmsg, or one message per sendmsg/sendto call */
	uint32_t gso;			/* UDP_SEGMENT size; 0 = off */

	/* observe mode (any selector switches to it) */
	enum run_mode mode;
	enum select_kind select;
	unsigned ntargets;		/* SELECT_PID / SELECT_TID */
	uint32_t targets[OPTS_MAX_TARGETS];
	char comm[OPTS_COMM_LEN];	/* SELECT_COMM, NUL-padded */
	char cgroup_path[4096];		/* SELECT_CGROUP */
	unsigned syscall_mask;		/* 1 << enum mmsg_syscall */
	bool per_thread;		/* rows per thread instead of per process */
	uint64_t burst_gap_ns;		/* batching report: sends closer than this form a burst */
	bool duration_set;		/* observe: stop after duration_s (else run until stopped) */

	/* tracer */
	bool no_trace;
	bool events;			/* one line (or JSON object) per call */
	enum attach_mode attach;
	uint64_t ringbuf_size;		/* bytes, power of two >= 4096 */

	/* output */
	double interval_s;
	bool json;			/* JSON lines on stdout */
	char output_path[4096];		/* "" = none; else JSON lines also go here */
	int verbose;			/* -v: libbpf debug log */

	/* set by opts__parse */
	char error[OPTS_MSG_LEN];	/* usage error, one line */
	char warning[OPTS_MSG_LEN];	/* non-fatal note (e.g. vlen > 1024) */
};

enum opts_result {
	OPTS_OK = 0,		/* run with *o */
	OPTS_EXIT_OK = 1,	/* --help/--usage/--version was printed: exit 0 */
	OPTS_USAGE = 2,		/* o->error holds the one-line reason: exit 2 */
};

/* Fill *o with defaults. */
void opts__defaults(struct opts *o);

/*
 * Parse argv into *o (defaults first). Prints nothing on error: the caller
 * prints "mmsgtrace: <o->error>" and exits 2.
 */
enum opts_result opts__parse(struct opts *o, int argc, char **argv);

/* Building blocks, exposed for tests. Each returns 0 or -1 with err filled. */
int opts__parse_flags(const char *s, int *flags, char *err, size_t errlen);
int opts__parse_size(const char *s, struct size_spec *spec, char *err, size_t errlen);
int opts__parse_cpus(const char *s, int *cpus, unsigned *ncpus, char *err, size_t errlen);
int opts__parse_bytes(const char *s, uint64_t *bytes, char *err, size_t errlen);
/* "100us", "2ms", "500ns", "0.5s"; a bare number is microseconds */
int opts__parse_gap(const char *s, uint64_t *ns, char *err, size_t errlen);
/* comma list of positive ids into ids[*n...]; opt names the option in errors */
int opts__parse_ids(const char *s, const char *opt, uint32_t *ids, unsigned *n, char *err,
		    size_t errlen);

/* "dontwait|nosignal" into buf; 0 is "none", unknown bits are appended as
 * "0x..."; truncated (always terminated) when len is too small. */
const char *opts__flags_str(int flags, char *buf, size_t len);

const char *opts__proto_str(enum proto p);
const char *opts__attach_str(enum attach_mode m);
const char *opts__sink_str(enum sink_kind s);
const char *opts__select_str(enum select_kind s);	/* "pid", "tid", "comm", "cgroup", "all" */
const char *opts__send_mode_str(enum send_mode m);	/* "sendmmsg", "sendmsg", "sendto" */
/* the syscall a send mode makes: enum mmsg_syscall (MMSG_SYS_SENDMMSG, ...) */
unsigned opts__send_mode_syscall(enum send_mode m);
/* UDP datagrams one message of size bytes becomes with --gso gso (0: off):
 * ceil(size / gso), and at least 1 (an empty message is one empty datagram) */
uint32_t opts__datagrams(uint32_t size, uint32_t gso);

/* The invoking user of a sudo run, from the values of SUDO_UID and SUDO_GID
 * (pass getenv's results): true, with uid and gid set, when both are whole
 * numbers and the user is not root. */
bool opts__sudo_user(const char *uid_s, const char *gid_s, uint32_t *uid, uint32_t *gid);

#endif /* MMSGTRACE_OPTS_H */
