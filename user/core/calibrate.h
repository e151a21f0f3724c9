/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What one syscall costs on this machine at least: an empty sendmmsg
 * (entry, exit, socket lookup, no message), the price of a call that
 * batching would avoid. Measured before anything is attached, so the
 * tracer does not inflate it.
 */
#ifndef MMSGTRACE_CORE_CALIBRATE_H
#define MMSGTRACE_CORE_CALIBRATE_H

/* ns per empty sendmmsg(fd, m, 0, 0), the median of rounds; 0 when it
 * cannot be measured (no socket). */
double calibrate__call_ns(void);

#endif /* MMSGTRACE_CORE_CALIBRATE_H */
