/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Per-call events (--events): one human-readable line or one JSON object
 * per call record.
 *
 * Pure: writes only to the FILEs given. Everything that comes from the
 * traced process (comm) is escaped before it is printed.
 */
#ifndef MMSGTRACE_REPORT_EVENTS_H
#define MMSGTRACE_REPORT_EVENTS_H

#include <stdio.h>

#include "common/contract.h"

/*
 * One human-readable line (with '\n') for a call record; t = seconds since
 * the start of the run. Returns the fprintf-style result (negative on write
 * error).
 */
int events__print_text(FILE *f, double t, const struct mmsg_call_record *r);

/* The header line matching print_text's columns (with '\n'). */
int events__print_text_header(FILE *f);

/*
 * One JSON object line (with '\n'):
 * {"type":"event","t":..,"pid":..,"tid":..,"comm":..,"syscall":..,"fd":..,
 *  "vlen":..,"flags":..,"flags_raw":..,"ret":..,"errno":..,"msgs":..,
 *  "bytes":..,"latency_ns":..,"cpu":..}
 * Numbers do not depend on the locale. Returns >= 0, or negative on a write
 * error (the stream's error flag).
 */
int events__print_json(FILE *f, double t, const struct mmsg_call_record *r);

#endif /* MMSGTRACE_REPORT_EVENTS_H */
