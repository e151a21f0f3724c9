/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What `mmsgtrace learn` shows of a lesson: the man page's statement, the
 * experiment, what the kernel saw (the calls' records, each message's own
 * result where the per-message hook ran, and named facts), and the verdict
 * computed from that evidence. As text and as one JSON object.
 */
#ifndef MMSGTRACE_REPORT_LESSON_H
#define MMSGTRACE_REPORT_LESSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "common/contract.h"

#define LESSON_MAX_CALLS 64
#define LESSON_MAX_MSGS 256
#define LESSON_MAX_FACTS 24
#define LESSON_TEXT_LEN 512

enum fact_kind { FACT_UINT, FACT_INT, FACT_DOUBLE, FACT_BOOL, FACT_TEXT };

/* a named piece of evidence ("first_ret": 3) */
struct lesson_fact {
	const char *key;		/* a JSON key: lowercase, underscores */
	const char *label;		/* the same in words, for the text */
	enum fact_kind kind;
	union {
		uint64_t u;
		int64_t i;
		double d;
		bool b;
		char text[64];
	};
};

/* a message's own result, from the kernel's per-message hook */
struct lesson_msg {
	uint32_t call;			/* which call of calls[] (index) */
	uint32_t index;			/* the message's place in the call's vector */
	int32_t ret;			/* bytes sent, or -errno */
};

struct lesson {
	unsigned number;
	const char *statement;		/* the man page's statement, in the tool's words */
	const char *section;		/* its section of sendmmsg(2): "DESCRIPTION", ... */
	char experiment[LESSON_TEXT_LEN];	/* what was done */
	struct mmsg_call_record calls[LESSON_MAX_CALLS];	/* the records, in order */
	size_t ncalls;
	size_t calls_dropped;		/* records beyond LESSON_MAX_CALLS (counted, not kept) */
	struct lesson_msg msgs[LESSON_MAX_MSGS];
	size_t nmsgs, msgs_dropped;
	bool have_msgs;			/* the per-message hook ran */
	struct lesson_fact facts[LESSON_MAX_FACTS];
	size_t nfacts;
	bool confirmed;			/* the verdict */
	char finding[LESSON_TEXT_LEN];	/* the verdict in words: why */
};

/* facts, in the order they are added (at most LESSON_MAX_FACTS) */
void lesson__uint(struct lesson *l, const char *key, const char *label, uint64_t v);
void lesson__int(struct lesson *l, const char *key, const char *label, int64_t v);
void lesson__double(struct lesson *l, const char *key, const char *label, double v);
void lesson__bool(struct lesson *l, const char *key, const char *label, bool v);
void lesson__text(struct lesson *l, const char *key, const char *label, const char *v);

/* the lesson as text: statement, experiment, the calls and messages, facts, verdict */
void lesson__print_text(FILE *f, const struct lesson *l, unsigned of);
/* {"type":"lesson","number":..,"statement":..,"section":..,"verdict":..,"evidence":{..}} */
void lesson__print_json(FILE *f, const struct lesson *l);

#endif /* MMSGTRACE_REPORT_LESSON_H */
