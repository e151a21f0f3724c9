/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Drive mode's options as the "config" of its JSON start object: every
 * option, by its long name (dashes as underscores), as the run took it,
 * defaults included.
 */
#ifndef MMSGTRACE_DRIVE_DESCRIBE_H
#define MMSGTRACE_DRIVE_DESCRIBE_H

#include "drive/drive.h"
#include "report/json.h"

#define DRIVE_CONFIG_FIELDS 40

struct drive_description {
	struct json_field fields[DRIVE_CONFIG_FIELDS];
	unsigned n;
	char size[DRIVER_MAX_SIZES * 11 + 1];	/* --size as it would be written */
	char flags[160];
};

/* cfg's options into *d (which cfg must outlive: the fields point into both) */
void drive__describe(const struct drive_config *cfg, struct drive_description *d);

#endif /* MMSGTRACE_DRIVE_DESCRIBE_H */
