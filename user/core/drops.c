// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "drops.skel.h"
#include "core/drops.h"

/* the tracer's test hook, honoured here too: another kernel BTF file */
#define BTF_PATH_ENV "MMSGTRACE_BTF_PATH"
#define REASON_PREFIX "SKB_DROP_REASON_"

struct drops {
	struct drops_bpf *skel;
	int ncpus;
	uint64_t *percpu;		/* scratch: one value per CPU */
	struct mmsg_drop_totals *percpu_totals;	/* scratch: drop_totals of each CPU */
	char *btf_names[MMSG_DROP_REASONS];	/* from the kernel's BTF, or NULL */
	char fallback[MMSG_DROP_REASONS][16];	/* "REASON_N" */
	const char *names[MMSG_DROP_REASONS];	/* the one or the other */
};

/* the names of enum skb_drop_reason, from the kernel's BTF; "REASON_N"
 * for a value it does not name (or without BTF) */
static void load_reason_names(struct drops *d)
{
	const char *path = getenv(BTF_PATH_ENV);
	struct btf *btf = path ? btf__parse(path, NULL) : btf__load_vmlinux_btf();
	int id = btf ? btf__find_by_name_kind(btf, "skb_drop_reason", BTF_KIND_ENUM) : -1;
	const struct btf_type *t = id > 0 ? btf__type_by_id(btf, id) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++) {
		const struct btf_enum *e = btf_enum(t) + i;
		const char *name = btf__name_by_offset(btf, e->name_off);

		if (!name || e->val < 0 || e->val >= MMSG_DROP_REASONS - 1)
			continue;	/* the last slot holds every reason past it */
		if (!strncmp(name, REASON_PREFIX, strlen(REASON_PREFIX)))
			name += strlen(REASON_PREFIX);
		d->btf_names[e->val] = strdup(name);
	}
	btf__free(btf);
	for (unsigned r = 0; r < MMSG_DROP_REASONS; r++) {
		snprintf(d->fallback[r], sizeof(d->fallback[r]), "REASON_%u", r);
		d->names[r] = d->btf_names[r] ? d->btf_names[r] : d->fallback[r];
	}
}

int drops__new(struct drops **out, char *err, size_t errlen)
{
	struct drops *d = calloc(1, sizeof(*d));
	int ret;

	if (!d) {
		snprintf(err, errlen, "out of memory for the drop counter");
		return -ENOMEM;
	}
	d->ncpus = libbpf_num_possible_cpus();
	d->percpu = d->ncpus > 0 ? calloc(d->ncpus, sizeof(*d->percpu) * 2) : NULL;
	d->percpu_totals = d->ncpus > 0 ? calloc(d->ncpus, sizeof(*d->percpu_totals)) : NULL;
	if (!d->percpu || !d->percpu_totals) {
		snprintf(err, errlen, "cannot size the drop counter's per-CPU reads");
		drops__free(d);
		return -ENOMEM;
	}
	d->skel = drops_bpf__open();
	if (!d->skel) {
		ret = -errno;
		snprintf(err, errlen, "cannot open the drop counter: %s", strerror(-ret));
		goto fail;
	}
	ret = drops_bpf__load(d->skel);
	if (ret) {
		/* kfree_skb names its receiving socket since Linux 6.12 */
		snprintf(err, errlen, "cannot load the drop counter on skb:kfree_skb: %s (it needs "
			 "Linux 6.12 or later; --no-drops goes without it)", strerror(-ret));
		goto fail;
	}
	ret = drops_bpf__attach(d->skel);
	if (ret) {
		snprintf(err, errlen, "cannot attach the drop counter to skb:kfree_skb: %s "
			 "(--no-drops goes without it)", strerror(-ret));
		goto fail;
	}
	load_reason_names(d);
	*out = d;
	return 0;
fail:
	drops__free(d);
	return ret;
}

int drops__prog_stats(struct drops *d, uint64_t *run_ns, uint64_t *runs)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);

	if (bpf_obj_get_info_by_fd(bpf_program__fd(d->skel->progs.on_drop), &info, &len))
		return -errno;
	*run_ns = info.run_time_ns;
	*runs = info.run_cnt;
	return 0;
}

void drops__detach(struct drops *d)
{
	if (d && d->skel)
		drops_bpf__detach(d->skel);
}

static void add(struct drop_counts *c, const struct mmsg_drop_key *k, uint64_t n, bool to,
		bool from)
{
	c->total += n;
	c->by_reason[k->reason] += n;
	if (to)
		c->to_its_sockets += n;
	if (from)
		c->from_its_sockets += n;
}

/* libbpf lays per-CPU values out 8-byte aligned: the struct's size is the stride */
_Static_assert(sizeof(struct mmsg_drop_totals) % 8 == 0, "per-CPU stride");

/* the machine's drops no owner can be given: summed over the CPUs */
static int unattributed(struct drops *d, uint64_t *out)
{
	__u32 zero = 0;

	*out = 0;
	if (bpf_map_lookup_elem(bpf_map__fd(d->skel->maps.drop_totals), &zero, d->percpu_totals))
		return -errno;
	for (int cpu = 0; cpu < d->ncpus; cpu++)
		*out += d->percpu_totals[cpu].unkeyed + d->percpu_totals[cpu].header_faults;
	return 0;
}

int drops__attribute(struct drops *d, const struct socket_set *const *sets, size_t n,
		     struct drop_counts *out)
{
	int fd = bpf_map__fd(d->skel->maps.drops);
	struct mmsg_drop_key key, next;
	struct mmsg_drop_key *prev = NULL;
	uint64_t lost;
	int ret = unattributed(d, &lost);

	if (ret)
		return ret;
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		out[i].counted = true;
		out[i].reason_names = d->names;
		out[i].unattributed = lost;
	}
	while (bpf_map_get_next_key(fd, prev, &next) == 0) {
		uint64_t sum = 0;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(fd, &key, d->percpu))
			continue;	/* deleted meanwhile: the counter never deletes */
		for (int cpu = 0; cpu < d->ncpus; cpu++)
			sum += d->percpu[cpu];
		for (size_t i = 0; i < n; i++) {
			const struct socket_set *s = sets[i];
			bool inet = key.family == AF_INET || key.family == AF_INET6;
			bool at = socket_set__has_ino(s, key.sock_ino);
			bool to = key.side == MMSG_DROP_AT_RECEIVER && at;
			bool from = (key.side == MMSG_DROP_AT_SENDER && at) ||
				    (inet && key.loopback &&
				     socket_set__has_port(s, key.netns, key.family, key.sport));

			if (to || from)
				add(&out[i], &key, sum, to, from);
		}
	}
	return errno == ENOENT ? 0 : -errno;
}

const char *drops__reason_name(const struct drops *d, unsigned reason)
{
	return d->names[reason < MMSG_DROP_REASONS ? reason : MMSG_DROP_REASONS - 1];
}

void drops__free(struct drops *d)
{
	if (!d)
		return;
	drops_bpf__destroy(d->skel);
	for (unsigned r = 0; r < MMSG_DROP_REASONS; r++)
		free(d->btf_names[r]);
	free(d->percpu);
	free(d->percpu_totals);
	free(d);
}
