// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/drop_owners.h"

void drop_owners__init(struct drop_owners *o)
{
	memset(o, 0, sizeof(*o));
	socket_set__init(&o->all);
}

void drop_owners__free(struct drop_owners *o)
{
	for (size_t i = 0; i < o->n; i++)
		socket_set__free(&o->v[i].sockets);
	free(o->v);
	socket_set__free(&o->all);
	drop_owners__init(o);
}

static struct drop_owner *find(const struct drop_owners *o, uint32_t pid)
{
	for (size_t i = 0; i < o->n; i++)
		if (o->v[i].pid == pid)
			return &o->v[i];
	return NULL;
}

static struct drop_owner *find_or_add(struct drop_owners *o, uint32_t pid)
{
	struct drop_owner *w = find(o, pid);

	if (w)
		return w;
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		struct drop_owner *grown = realloc(o->v, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		o->v = grown;
		o->cap = cap;
	}
	w = &o->v[o->n++];
	memset(w, 0, sizeof(*w));
	w->pid = pid;
	socket_set__init(&w->sockets);
	return w;
}

int drop_owners__scan(struct drop_owners *o, uint32_t pid)
{
	struct drop_owner *w = find_or_add(o, pid);
	int ret;

	if (!w)
		return -ENOMEM;
	ret = socket_set__scan_pid(&w->sockets, (int)pid);
	if (ret < 0)
		return ret;
	/* the union follows: new sockets, and ports bound since */
	for (size_t i = 0; i < w->sockets.n; i++)
		if (socket_set__add(&o->all, &w->sockets.ids[i]))
			return -ENOMEM;
	return 0;
}

int drop_owners__add(struct drop_owners *o, uint32_t pid, const struct socket_id *id)
{
	struct drop_owner *w = find_or_add(o, pid);

	if (!w || socket_set__add(&w->sockets, id) || socket_set__add(&o->all, id))
		return -ENOMEM;
	return 0;
}

int drop_owners__attribute(struct drop_owners *o, struct drops *d)
{
	const struct socket_set **sets = calloc(o->n + 1, sizeof(*sets));
	struct drop_counts *counts = calloc(o->n + 1, sizeof(*counts));
	int ret = -ENOMEM;

	if (sets && counts) {
		for (size_t i = 0; i < o->n; i++)
			sets[i] = &o->v[i].sockets;
		sets[o->n] = &o->all;
		ret = drops__attribute(d, sets, o->n + 1, counts);
	}
	if (!ret) {
		for (size_t i = 0; i < o->n; i++)
			o->v[i].drops = counts[i];
		o->total = counts[o->n];
	}
	free(sets);
	free(counts);
	return ret;
}

uint64_t drop_owners__interval(struct drop_owners *o, uint32_t pid)
{
	struct drop_owner *w = find(o, pid);
	uint64_t n;

	if (!w)
		return 0;
	n = w->drops.total - w->interval_start;
	w->interval_start = w->drops.total;
	return n;
}

const struct drop_counts *drop_owners__of(const struct drop_owners *o, uint32_t pid)
{
	const struct drop_owner *w = find(o, pid);

	return w ? &w->drops : NULL;
}
