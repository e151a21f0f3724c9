/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Observe mode's options as the "config" of its JSON start object: every
 * option, by its long name (dashes as underscores), as the run took it,
 * defaults included.
 */
#ifndef MMSGTRACE_OBSERVE_DESCRIBE_H
#define MMSGTRACE_OBSERVE_DESCRIBE_H

#include "observe/observe.h"
#include "report/json.h"

#define OBSERVE_CONFIG_FIELDS 32

struct observe_description {
	struct json_field fields[OBSERVE_CONFIG_FIELDS];
	unsigned n;
	const char *syscalls[MMSG_SYS_COUNT];
	char comm[MMSG_COMM_LEN + 1];
};

/* cfg's options into *d (which cfg must outlive: the fields point into both) */
void observe__describe(const struct observe_config *cfg, struct observe_description *d);

#endif /* MMSGTRACE_OBSERVE_DESCRIBE_H */
