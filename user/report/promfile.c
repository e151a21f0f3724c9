// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* --prom-file (see promfile.h). */
#include "common/util.h"
#include "core/replacefile.h"
#include "report/promfile.h"

bool promfile__write(struct promfile *pf, const struct prom_snapshot *snap)
{
	struct replacefile rf;
	char err[512];
	FILE *f = replacefile__begin(&rf, pf->path, err, sizeof(err));

	if (f) {
		prom__write(f, snap);
		if (!replacefile__commit(&rf, err, sizeof(err)))
			return true;
	}
	if (!pf->failed)
		warn("--prom-file: %s\n", err);
	pf->failed = true;
	return false;
}
