// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/clock.h"
#include "core/creds.h"
#include "drive/driver.h"
#include "drive/pacer.h"

/* Debian's <netinet/udp.h> may lack them (Linux 4.18's UDP GSO) */
#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif
#ifndef SOL_UDP
#define SOL_UDP 17
#endif

/* a --size range draws this many arrays of random sizes per thread */
#define RANGE_POOL 16
/* read the clock about every this many messages (duration check, publish) */
#define CHECK_EVERY_MSGS 4096
/* how long driver__stop waits between interrupts of a blocked send */
#define STOP_KICK_NS 50000000L

struct msg_array {
	struct mmsghdr *msgs;
	uint64_t *prefix;	/* prefix[k] = bytes in the first k messages */
	uint64_t *dprefix;	/* dprefix[k] = datagrams the first k messages become */
	uint32_t *sizes;	/* sizes[k] = bytes of message k (sendto's len) */
};

/* A worker's running counts. */
struct tally {
	uint64_t calls, msgs, bytes, datagrams, errors, partial;
};

/* Counters published by a worker; read live by the display. */
struct published {
	_Atomic uint64_t calls, msgs, bytes, datagrams, errors, partial;
};

struct worker {
	struct driver *d;
	unsigned idx;
	int fd;
	int cpu;		/* -1 = not pinned */
	uint64_t quota;		/* calls; 0 = until the deadline */
	struct msg_array *arrays;
	unsigned narrays;
	pthread_t thread;
	bool started;
	atomic_bool done;
	struct timespec finished_at;
	struct published pub;
	uint64_t errnos[MMSG_ERRNO_SLOTS];
} __attribute__((aligned(128)));	/* no false sharing between workers */

struct driver {
	struct driver_config o;
	unsigned entries;		/* mmsghdr entries per array */
	char *payload;			/* shared, never read back */
	struct sockaddr_storage dest;
	socklen_t destlen;
	struct worker *workers;
	atomic_bool stop;
	struct timespec started_at;	/* the run's start, when the threads are started */
	uint64_t started_ns, deadline_ns;	/* the same, and the end of a --duration, in ns */
	bool run_as;			/* sockets and workers as this user */
	struct creds user;
	atomic_int run_as_errno;	/* a worker that could not drop: -errno */
};

static uint64_t splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned gcd(unsigned a, unsigned b)
{
	while (b) {
		unsigned t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* arrays needed so that every call sees the right sizes with no per-call work */
static unsigned arrays_needed(const struct driver_config *o, unsigned entries)
{
	switch (o->size.kind) {
	case SIZE_LIST:
		/* message k of the run has size list[k % n]: period n / gcd(entries, n) calls */
		return o->size.n / gcd(entries % o->size.n, o->size.n);
	case SIZE_RANGE:
		return RANGE_POOL;
	default:
		return 1;
	}
}

static uint32_t max_size(const struct driver_config *o)
{
	uint32_t m = 0;

	if (o->size.kind == SIZE_RANGE)
		return o->size.max;
	for (unsigned i = 0; i < o->size.n; i++)
		if (o->size.list[i] > m)
			m = o->size.list[i];
	return m;
}

static int build_arrays(struct driver *d, struct worker *w, uint64_t *rng)
{
	const struct driver_config *o = &d->o;

	w->narrays = arrays_needed(o, d->entries);
	w->arrays = calloc(w->narrays, sizeof(*w->arrays));
	if (!w->arrays)
		return -ENOMEM;
	for (unsigned a = 0; a < w->narrays; a++) {
		struct msg_array *arr = &w->arrays[a];
		struct iovec *iov;

		arr->msgs = calloc(d->entries, sizeof(*arr->msgs));
		arr->prefix = calloc(d->entries + 1, sizeof(*arr->prefix));
		arr->dprefix = calloc(d->entries + 1, sizeof(*arr->dprefix));
		arr->sizes = calloc(d->entries, sizeof(*arr->sizes));
		iov = calloc(d->entries, sizeof(*iov));
		if (!arr->msgs || !arr->prefix || !arr->dprefix || !arr->sizes || !iov) {
			free(iov);
			return -ENOMEM;
		}
		for (unsigned i = 0; i < d->entries; i++) {
			uint64_t k = (uint64_t)a * d->entries + i;	/* message number in the run */
			uint32_t size;

			if (o->size.kind == SIZE_RANGE)
				size = o->size.min +
				       splitmix64(rng) % ((uint64_t)o->size.max - o->size.min + 1);
			else
				size = o->size.list[k % o->size.n];
			iov[i].iov_base = d->payload;
			iov[i].iov_len = size;
			arr->msgs[i].msg_hdr.msg_iov = &iov[i];
			arr->msgs[i].msg_hdr.msg_iovlen = 1;
			if (!o->connect) {
				arr->msgs[i].msg_hdr.msg_name = &d->dest;
				arr->msgs[i].msg_hdr.msg_namelen = d->destlen;
			}
			arr->prefix[i + 1] = arr->prefix[i] + size;
			arr->dprefix[i + 1] = arr->dprefix[i] + driver__datagrams(size, o->gso);
			arr->sizes[i] = size;
		}
	}
	return 0;
}

static void free_arrays(struct worker *w)
{
	for (unsigned a = 0; w->arrays && a < w->narrays; a++) {
		if (w->arrays[a].msgs)
			free(w->arrays[a].msgs[0].msg_hdr.msg_iov);
		free(w->arrays[a].msgs);
		free(w->arrays[a].prefix);
		free(w->arrays[a].dprefix);
		free(w->arrays[a].sizes);
	}
	free(w->arrays);
}

static int open_socket(struct driver *d, struct worker *w, char *err, size_t errlen)
{
	int domain = d->dest.ss_family;

	w->fd = socket(domain, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (w->fd < 0) {
		int e = errno;

		snprintf(err, errlen, "cannot create a %s socket: %s", names__proto(d->o.proto),
			 strerror(e));
		return -e;
	}
	/* UDP GSO: the kernel cuts every message into datagrams of this size */
	if (d->o.gso && setsockopt(w->fd, SOL_UDP, UDP_SEGMENT, &(int){ (int)d->o.gso },
				   sizeof(int))) {
		int e = errno;

		snprintf(err, errlen, "cannot set UDP_SEGMENT %u (--gso) on a %s socket: %s%s",
			 d->o.gso, names__proto(d->o.proto), strerror(e),
			 e == ENOPROTOOPT ? " (UDP GSO needs Linux 4.18 or later)" : "");
		return -e;
	}
	if (d->o.connect && connect(w->fd, (struct sockaddr *)&d->dest, d->destlen)) {
		int e = errno;

		snprintf(err, errlen, "cannot connect to the destination: %s", strerror(e));
		return -e;
	}
	return 0;
}

int driver__new(const struct driver_config *o, const struct sockaddr *dest, socklen_t destlen,
		const struct creds *user, struct driver **out, char *err, size_t errlen)
{
	struct creds_saved saved;
	uint64_t rng;
	struct driver *d;
	int ret = -ENOMEM;

	d = calloc(1, sizeof(*d));
	if (!d)
		goto oom;
	d->o = *o;
	/* the kernel never reads past UIO_MAXIOV entries of the mmsghdr array */
	d->entries = o->vlen < MMSG_UIO_MAXIOV ? o->vlen : MMSG_UIO_MAXIOV;
	memcpy(&d->dest, dest, destlen);
	d->destlen = destlen;
	d->payload = calloc(1, max_size(o) + 1);
	d->workers = aligned_alloc(128, sizeof(*d->workers) * o->threads);
	if (!d->payload || !d->workers)
		goto oom;
	memset(d->workers, 0, sizeof(*d->workers) * o->threads);
	for (unsigned t = 0; t < o->threads; t++)
		d->workers[t].fd = -1;

	rng = o->seed;
	for (unsigned t = 0; t < o->threads; t++) {
		struct worker *w = &d->workers[t];

		w->d = d;
		w->idx = t;
		w->fd = -1;
		w->cpu = o->ncpus ? o->cpus[t % o->ncpus] : -1;
		/* split the call count: the first count % threads get one more */
		if (o->count)
			w->quota = o->count / o->threads + (t < o->count % o->threads);
		if (build_arrays(d, w, &rng))
			goto oom;
	}
	if (user) {
		d->run_as = true;
		d->user = *user;
		/* the sockets are the user's: opened and connected with their rights */
		ret = creds__become(user, &saved);
		if (ret) {
			snprintf(err, errlen, "cannot act as the sudo user (SUDO_UID/SUDO_GID): %s",
				 strerror(-ret));
			goto fail;
		}
	}
	for (unsigned t = 0; t < o->threads; t++) {
		ret = open_socket(d, &d->workers[t], err, errlen);
		if (ret)
			break;
	}
	if (user) {
		int back = creds__restore(&saved);

		if (back) {
			snprintf(err, errlen, "cannot return to root after opening the sockets: %s",
				 strerror(-back));
			ret = back;
		}
	}
	if (ret)
		goto fail;
	*out = d;
	return 0;
oom:
	snprintf(err, errlen, "out of memory building the message arrays");
	ret = -ENOMEM;
fail:
	driver__free(d);
	return ret;
}

int driver__resolve(enum proto proto, const char *dest, struct sockaddr_storage *addr,
		    socklen_t *len, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_DGRAM }, *res;
	char host[256];
	const char *port;
	size_t hostlen;
	int ret;

	memset(addr, 0, sizeof(*addr));
	if (proto == PROTO_UNIX) {
		struct sockaddr_un *un = (struct sockaddr_un *)addr;
		size_t n = strlen(dest);

		if (n >= sizeof(un->sun_path)) {
			snprintf(err, errlen, "--dest %s: a unix socket path has at most %zu bytes",
				 dest, sizeof(un->sun_path) - 1);
			return -ENAMETOOLONG;
		}
		un->sun_family = AF_UNIX;
		memcpy(un->sun_path, dest, n);
		if (dest[0] == '@')	/* abstract namespace */
			un->sun_path[0] = '\0';
		*len = offsetof(struct sockaddr_un, sun_path) + n + (dest[0] != '@');
		return 0;
	}

	port = strrchr(dest, ':');
	if (!port) {
		snprintf(err, errlen, "--dest %s: expected HOST:PORT", dest);
		return -EINVAL;
	}
	hostlen = port - dest;
	if (dest[0] == '[' && hostlen >= 2 && dest[hostlen - 1] == ']') {
		dest++;
		hostlen -= 2;
	}
	if (hostlen >= sizeof(host)) {
		snprintf(err, errlen, "--dest: host name too long");
		return -EINVAL;
	}
	memcpy(host, dest, hostlen);
	host[hostlen] = '\0';
	hints.ai_family = proto == PROTO_UDP6 ? AF_INET6 : AF_INET;
	ret = getaddrinfo(host, port + 1, &hints, &res);
	if (ret) {
		snprintf(err, errlen, "--dest %s: cannot resolve for %s: %s", host,
			 names__proto(proto), gai_strerror(ret));
		return -EINVAL;
	}
	memcpy(addr, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

#define ALWAYS_INLINE inline __attribute__((always_inline))

static ALWAYS_INLINE void publish(struct worker *w, const struct tally *t)
{
	atomic_store_explicit(&w->pub.calls, t->calls, memory_order_relaxed);
	atomic_store_explicit(&w->pub.msgs, t->msgs, memory_order_relaxed);
	atomic_store_explicit(&w->pub.bytes, t->bytes, memory_order_relaxed);
	atomic_store_explicit(&w->pub.datagrams, t->datagrams, memory_order_relaxed);
	atomic_store_explicit(&w->pub.errors, t->errors, memory_order_relaxed);
	atomic_store_explicit(&w->pub.partial, t->partial, memory_order_relaxed);
}

/* When a worker looks at the clock, and how it paces itself. */
struct pacing {
	bool timed;		/* stop at the deadline (no --count) */
	bool paced;		/* --rate: the schedule below holds */
	struct pacer pacer;
	unsigned check_every;	/* calls between clock reads */
};

static void sleep_until_ns(uint64_t ns)
{
	struct timespec ts = { .tv_sec = ns / NS_PER_S, .tv_nsec = ns % NS_PER_S };

	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

/* Every check_every calls: publish, read the clock, and when pacing sleep
 * if the next call is not yet due.
 * True when the deadline has passed. */
static ALWAYS_INLINE bool checkpoint(struct worker *w, const struct tally *t, struct pacing *p)
{
	const uint64_t deadline = w->d->deadline_ns;
	uint64_t now, due;

	publish(w, t);
	now = clock__now_ns();
	if (p->timed && now >= deadline)
		return true;
	if (!p->paced)
		return false;
	due = pacer__next(&p->pacer, now);
	if (due <= now)
		return false;
	/* early: sleep until the call is due; when that is past the end of the
	 * run, sleep to the end and stop there (a run of D seconds at R msgs/s
	 * sends R * D messages) */
	if (p->timed && due >= deadline) {
		sleep_until_ns(deadline);
		return true;
	}
	sleep_until_ns(due);
	return false;
}

static ALWAYS_INLINE void count_error(struct worker *w, struct tally *t)
{
	int e = errno;

	t->errors++;
	w->errnos[e < MMSG_ERRNO_SLOTS ? e : MMSG_ERRNO_SLOTS - 1]++;
}

/* --mode sendmmsg: one call per array */
static void send_batches(struct worker *w, struct tally *out, struct pacing *p)
{
	struct driver *d = w->d;
	const unsigned vlen = d->o.vlen, narrays = w->narrays;
	const unsigned capped = d->entries;
	const int fd = w->fd, flags = d->o.flags;
	const uint64_t quota = w->quota;
	unsigned ai = 0, until_check = p->check_every;
	struct tally t = { 0 };

	/* the hot loop: sendmmsg, a few adds, and the clock every check_every calls */
	while (!atomic_load_explicit(&d->stop, memory_order_relaxed)) {
		const struct msg_array *a = &w->arrays[ai];
		int r = sendmmsg(fd, a->msgs, vlen, flags);

		t.calls++;
		if (r >= 0) {
			t.msgs += r;
			t.bytes += a->prefix[r];
			t.datagrams += a->dprefix[r];
			if (r > 0 && (unsigned)r < capped)
				t.partial++;
		} else {
			count_error(w, &t);
		}
		if (++ai == narrays)
			ai = 0;
		if (t.calls == quota)
			break;
		if (--until_check == 0) {
			until_check = p->check_every;
			if (checkpoint(w, &t, p))
				break;
		}
	}
	*out = t;
}

/* --mode sendmsg/sendto: the same arrays, one message per call (to: sendto) */
static ALWAYS_INLINE void send_each(struct worker *w, struct tally *out, struct pacing *p,
				    const bool to)
{
	struct driver *d = w->d;
	const unsigned narrays = w->narrays, entries = d->entries;
	const int fd = w->fd, flags = d->o.flags;
	const uint32_t gso = d->o.gso;
	const uint64_t quota = w->quota;
	const void *payload = d->payload;
	const struct sockaddr *dest = d->o.connect ? NULL : (const struct sockaddr *)&d->dest;
	const socklen_t destlen = d->o.connect ? 0 : d->destlen;
	const struct msg_array *a = &w->arrays[0];
	unsigned ai = 0, i = 0, until_check = p->check_every;
	struct tally t = { 0 };

	/* the hot loop: one message per call, a few adds, and the clock every
	 * check_every calls */
	while (!atomic_load_explicit(&d->stop, memory_order_relaxed)) {
		const uint32_t size = a->sizes[i];
		ssize_t r = to ? sendto(fd, payload, size, flags, dest, destlen)
			       : sendmsg(fd, &a->msgs[i].msg_hdr, flags);

		t.calls++;
		if (r >= 0) {
			t.msgs++;
			t.bytes += (uint64_t)r;
			if ((size_t)r == size) {
				t.datagrams += a->dprefix[i + 1] - a->dprefix[i];
			} else {
				/* a short write: what went out */
				t.partial++;
				t.datagrams += driver__datagrams((uint32_t)r, gso);
			}
		} else {
			count_error(w, &t);
		}
		if (++i == entries) {
			i = 0;
			if (++ai == narrays)
				ai = 0;
			a = &w->arrays[ai];
		}
		if (t.calls == quota)
			break;
		if (--until_check == 0) {
			until_check = p->check_every;
			if (checkpoint(w, &t, p))
				break;
		}
	}
	*out = t;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct driver *d = w->d;
	/* messages one call carries when all goes well */
	const unsigned per_call = d->o.send_mode == SEND_SENDMMSG ? d->entries : 1;
	struct pacing p = {
		/* with --count, a thread whose share is 0 calls (count < threads) sends nothing */
		.timed = !d->o.count,
	};
	struct tally t = { 0 };

	/* the schedule starts with the run, the time the deadline and the
	 * summary's seconds count from: a thread that starts late catches up */
	p.paced = pacer__init(&p.pacer, d->o.rate, per_call, d->o.threads, d->started_ns);
	p.check_every = p.paced ? 1 : CHECK_EVERY_MSGS / per_call + 1;
	if (w->cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(w->cpu, &set);
		pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	}
	if (d->run_as) {
		int err = creds__drop(&d->user);

		/* never send with more privilege than asked for */
		if (err) {
			atomic_store(&d->run_as_errno, err);
			goto out;
		}
	}
	if (!p.timed && !w->quota)
		goto out;

	switch (d->o.send_mode) {
	case SEND_SENDMMSG:
		send_batches(w, &t, &p);
		break;
	case SEND_SENDMSG:
		send_each(w, &t, &p, false);
		break;
	case SEND_SENDTO:
		send_each(w, &t, &p, true);
		break;
	}
out:
	publish(w, &t);
	clock_gettime(CLOCK_MONOTONIC, &w->finished_at);
	atomic_store(&w->done, true);
	return NULL;
}

/* SIGUSR1 only interrupts a blocked send (no SA_RESTART) */
static void on_kick(int sig)
{
	(void)sig;
}

int driver__run_as_errno(const struct driver *d)
{
	return atomic_load(&((struct driver *)d)->run_as_errno);
}

int driver__start(struct driver *d, char *err, size_t errlen)
{
	struct sigaction sa = { .sa_handler = on_kick };
	sigset_t block, old;
	int ret = 0;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);

	/* workers inherit a mask that leaves SIGINT/SIGTERM/... to the main thread */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &block, &old);

	clock_gettime(CLOCK_MONOTONIC, &d->started_at);
	d->started_ns = (uint64_t)d->started_at.tv_sec * NS_PER_S + (uint64_t)d->started_at.tv_nsec;
	d->deadline_ns = d->started_ns + (uint64_t)(d->o.duration_s * 1e9);
	for (unsigned t = 0; t < d->o.threads; t++) {
		struct worker *w = &d->workers[t];

		ret = pthread_create(&w->thread, NULL, worker_main, w);
		if (ret) {
			snprintf(err, errlen, "cannot start driver thread %u: %s", t, strerror(ret));
			ret = -ret;
			break;
		}
		w->started = true;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return ret;
}

bool driver__finished(const struct driver *d)
{
	for (unsigned t = 0; t < d->o.threads; t++)
		if (!atomic_load(&d->workers[t].done))
			return false;
	return true;
}

void driver__stop(struct driver *d)
{
	if (!d)
		return;
	atomic_store(&d->stop, true);
	for (unsigned t = 0; t < d->o.threads; t++) {
		struct worker *w = &d->workers[t];

		if (!w->started)
			continue;
		/* a send blocked on a full queue needs a signal to return; repeat it
		 * in case it landed just before the thread entered the syscall */
		for (;;) {
			struct timespec ts;

			clock_gettime(CLOCK_REALTIME, &ts);
			clock__ts_add_ns(&ts, STOP_KICK_NS);
			if (pthread_timedjoin_np(w->thread, NULL, &ts) == 0)
				break;
			pthread_kill(w->thread, SIGUSR1);
		}
		w->started = false;
	}
}

double driver__elapsed(const struct driver *d)
{
	double last = 0;

	for (unsigned t = 0; t < d->o.threads; t++) {
		const struct timespec *f = &d->workers[t].finished_at;
		double s = (f->tv_sec - d->started_at.tv_sec) +
			   (f->tv_nsec - d->started_at.tv_nsec) / 1e9;

		if (s > last)
			last = s;
	}
	return last;
}

void driver__counts(const struct driver *d, struct driver_counts *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned t = 0; t < d->o.threads; t++) {
		const struct published *p = &d->workers[t].pub;

		out->calls += atomic_load_explicit(&p->calls, memory_order_relaxed);
		out->msgs += atomic_load_explicit(&p->msgs, memory_order_relaxed);
		out->bytes += atomic_load_explicit(&p->bytes, memory_order_relaxed);
		out->datagrams += atomic_load_explicit(&p->datagrams, memory_order_relaxed);
		out->errors += atomic_load_explicit(&p->errors, memory_order_relaxed);
		out->partial += atomic_load_explicit(&p->partial, memory_order_relaxed);
	}
}

void driver__errnos(const struct driver *d, uint64_t *out)
{
	memset(out, 0, sizeof(uint64_t) * MMSG_ERRNO_SLOTS);
	for (unsigned t = 0; t < d->o.threads; t++)
		for (unsigned e = 0; e < MMSG_ERRNO_SLOTS; e++)
			out[e] += d->workers[t].errnos[e];
}

int driver__socket(const struct driver *d, unsigned i)
{
	return i < d->o.threads ? d->workers[i].fd : -1;
}

void driver__free(struct driver *d)
{
	if (!d)
		return;
	driver__stop(d);
	for (unsigned t = 0; d->workers && t < d->o.threads; t++) {
		if (d->workers[t].fd >= 0)
			close(d->workers[t].fd);
		free_arrays(&d->workers[t]);
	}
	free(d->workers);
	free(d->payload);
	free(d);
}
