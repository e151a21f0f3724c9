// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Per-call event lines (see events.h). */
#include <limits.h>
#include <string.h>

#include "common/names.h"
#include "common/record.h"
#include "common/text.h"
#include "report/events.h"

/* t (seconds) rounded to whole microseconds; negative and NaN give 0 */
static unsigned long long seconds_to_us(double t)
{
	if (!(t > 0))
		return 0;
	if (t >= 1e12)		/* ~31700 years: far beyond any run, keeps the cast defined */
		return 1000000000000000000ULL;
	return (unsigned long long)(t * 1e6 + 0.5);
}

/* "EAGAIN" for ret = -EAGAIN, "E<number>" when the value has no name */
static const char *errno_str(int32_t ret, char *buf, size_t len)
{
	long long err = -(long long)ret;	/* no overflow for INT32_MIN */
	const char *name = err <= INT_MAX ? names__errno((int)err) : NULL;

	if (name)
		return name;
	snprintf(buf, len, "E%lld", err);
	return buf;
}

/*
 * Column layout shared by the header and the lines: time, pid/tid, comm,
 * syscall, fd, vlen, flags, result, latency. Long values push the rest right.
 */
#define TEXT_FMT "%12s  %-15s  %-16s  %-8s  %-7s  %-10s  %-12s  %-22s  %s\n"

int events__print_text_header(FILE *f)
{
	return fprintf(f, TEXT_FMT, "TIME(s)", "PID/TID", "COMM", "SYSCALL", "FD", "VLEN",
		       "FLAGS", "RESULT", "LATENCY");
}

int events__print_text(FILE *f, double t, const struct mmsg_call_record *r)
{
	unsigned long long us = seconds_to_us(t);
	const char *name = names__syscall(r->syscall);
	char time[32], ids[32], comm[TEXT_ESC_LEN(MMSG_COMM_LEN)], scname[24], fd[24], vlen[24];
	char flags[NAMES_FLAGS_LEN], result[64], errbuf[24], latency[40];

	snprintf(time, sizeof(time), "%llu.%06llu", us / 1000000, us % 1000000);
	snprintf(ids, sizeof(ids), "%u/%u", r->pid, r->tid);
	text__escape(r->comm, MMSG_COMM_LEN, comm, sizeof(comm));
	if (name)
		snprintf(scname, sizeof(scname), "%s", name);
	else
		snprintf(scname, sizeof(scname), "sys#%u", r->syscall);
	snprintf(fd, sizeof(fd), "fd %d", r->fd);
	/* single sends always carry one message: no vlen column for them */
	if (record__is_mmsg(r->syscall))
		snprintf(vlen, sizeof(vlen), "vlen %u", r->vlen);
	else
		vlen[0] = '\0';
	names__msg_flags(r->flags, flags, sizeof(flags));

	if (r->ret < 0)
		snprintf(result, sizeof(result), "= -1 %s",
			 errno_str(r->ret, errbuf, sizeof(errbuf)));
	else if (record__is_mmsg(r->syscall))
		snprintf(result, sizeof(result), "= %d msgs  %llu B", r->ret,
			 (unsigned long long)r->bytes);
	else if (name)
		snprintf(result, sizeof(result), "= %d B", r->ret);	/* ret is bytes */
	else
		snprintf(result, sizeof(result), "= %d", r->ret);

	snprintf(latency, sizeof(latency), "%llu.%03llu us",
		 (unsigned long long)r->latency_ns / 1000,
		 (unsigned long long)r->latency_ns % 1000);

	return fprintf(f, TEXT_FMT, time, ids, comm, scname, fd, vlen, flags, result, latency);
}

int events__print_json(FILE *f, double t, const struct mmsg_call_record *r)
{
	unsigned long long us = seconds_to_us(t);
	const char *name = names__syscall(r->syscall);
	char flags[NAMES_FLAGS_LEN], errbuf[24];
	int n1, n2;

	n1 = fprintf(f, "{\"type\":\"event\",\"t\":%llu.%06llu,\"pid\":%u,\"tid\":%u,\"comm\":",
		     us / 1000000, us % 1000000, r->pid, r->tid);
	text__json_string(f, r->comm, strnlen(r->comm, MMSG_COMM_LEN));
	/* syscall, flags and errno names are plain ASCII: no escaping needed */
	if (name)
		n2 = fprintf(f, ",\"syscall\":\"%s\"", name);
	else
		n2 = fprintf(f, ",\"syscall\":null");
	if (n1 < 0 || n2 < 0)
		return -1;
	n1 = fprintf(f, ",\"fd\":%d,\"vlen\":%u,\"flags\":\"%s\",\"flags_raw\":%u,\"ret\":%d,\"errno\":",
		     r->fd, r->vlen, names__msg_flags(r->flags, flags, sizeof(flags)),
		     r->flags, r->ret);
	if (r->ret < 0)
		n2 = fprintf(f, "\"%s\"", errno_str(r->ret, errbuf, sizeof(errbuf)));
	else
		n2 = fprintf(f, "null");
	if (n1 < 0 || n2 < 0)
		return -1;
	n1 = fprintf(f, ",\"msgs\":%u,\"bytes\":%llu,\"latency_ns\":%llu,\"cpu\":%u}\n",
		     record__msgs(r), r->ret < 0 ? 0ULL : (unsigned long long)r->bytes,
		     (unsigned long long)r->latency_ns, r->cpu);
	if (n1 < 0 || ferror(f))
		return -1;
	return 0;
}
