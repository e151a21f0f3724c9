/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Text pieces both views print: log2 histograms with bars, the consumer's
 * CPU line, the errors sendmmsg hid, drop reasons, latencies in microseconds.
 */
#ifndef MMSGTRACE_REPORT_FORMAT_H
#define MMSGTRACE_REPORT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/stats.h"

/* A log2 histogram with bars, under a title line ("(none)" when empty). */
void format__hist(FILE *f, const char *title, const struct log2_hist *h);

/* "consumer thread CPU: X s (Y% of one core over the run)", indented */
void format__consumer(FILE *f, double cpu_s, double wall_s);
/* "tracing cost (measured ...): N ns per traced call in BPF (enter, exit), ..."
 * on two lines, or why it was not measured; c NULL: nothing (--no-self-cost) */
struct self_cost;
void format__self_cost(FILE *f, const struct self_cost *c, double run_s);
/* the drops line's note of drops no owner could be given (nothing when none) */
void format__drops_unattributed(FILE *f, const struct drop_counts *d);

/*
 * The errors sendmmsg hid, in words: LEAD starts the first line ("  hidden
 * errors  "), CONT the others (as wide). Not counted: with partial calls,
 * that --hidden-errors would count them; nothing without.
 */
void format__hidden(FILE *f, const char *lead, const char *cont, const struct hidden_errors *h,
		    uint64_t partial);

/* The reasons of counted drops, largest first, each in words where known:
 * "receive buffer full 1089788, no socket on the port 3" ("" when none). */
void format__drop_reasons(char *buf, size_t len, const struct drop_counts *c);

/* "LEAD 3500: 3500 at its sockets, 0 sent by it; receive buffer full
 * (SOCKET_RCVBUFF) 3500", WHOSE naming the owner ("its", "their"); "LEAD
 * none" when there were none. */
void format__drops(FILE *f, const char *lead, const struct drop_counts *d, const char *whose);

/* ns as microseconds with one decimal ("12.3"), or "-" when not valid */
void format__us(char *buf, size_t len, bool valid, uint64_t ns);

/* x as %.*f, but with '.' whatever LC_NUMERIC says (x finite) */
void format__decimal(FILE *f, double x, int decimals);

#endif /* MMSGTRACE_REPORT_FORMAT_H */
