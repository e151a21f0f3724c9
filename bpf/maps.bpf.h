/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* Map helpers shared by the headers of the BPF side. */
#ifndef MMSG_MAPS_BPF_H
#define MMSG_MAPS_BPF_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

/*
 * The value at key in a hash map, made from init when there is none yet.
 * NULL when the map is full. Another CPU inserting the same key first is
 * fine: the second lookup finds its entry.
 */
static __always_inline void *map_lookup_or_try_init(void *map, const void *key, const void *init)
{
	void *val = bpf_map_lookup_elem(map, key);

	if (val)
		return val;
	bpf_map_update_elem(map, key, init, BPF_NOEXIST);
	return bpf_map_lookup_elem(map, key);
}

#endif /* MMSG_MAPS_BPF_H */
