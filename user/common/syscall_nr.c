// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/* Syscall numbers and names (see syscall_nr.h). */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "common/names.h"
#include "common/syscall_nr.h"
#include "common/util.h"

#define N(name) [SYS_##name] = #name

/* keyed by the libc's SYS_* macros, so the numbers are this architecture's;
 * the ones some architectures lack (open, poll, select, ...) are guarded */
static const char *const syscall_names[] = {
	N(read), N(write), N(close), N(fstat), N(lseek), N(mmap), N(mprotect), N(munmap),
	N(brk), N(rt_sigaction), N(rt_sigprocmask), N(rt_sigreturn), N(ioctl), N(pread64),
	N(pwrite64), N(readv), N(writev), N(sched_yield), N(mremap), N(msync), N(madvise),
	N(dup), N(dup3), N(nanosleep), N(getitimer), N(setitimer), N(getpid), N(sendfile),
	N(socket), N(connect), N(accept), N(accept4), N(sendto), N(recvfrom), N(sendmsg),
	N(recvmsg), N(shutdown), N(bind), N(listen), N(getsockname), N(getpeername),
	N(socketpair), N(setsockopt), N(getsockopt), N(clone), N(clone3), N(execve),
	N(exit), N(exit_group), N(wait4), N(kill), N(tgkill), N(uname), N(fcntl), N(flock),
	N(fsync), N(fdatasync), N(ftruncate), N(getcwd), N(chdir), N(fchdir), N(fchmod),
	N(fchown), N(umask), N(gettimeofday), N(getrlimit), N(getrusage), N(sysinfo),
	N(times), N(getuid), N(getgid), N(setuid), N(setgid), N(geteuid), N(getegid),
	N(setpgid), N(getppid), N(setsid), N(getpgid), N(getsid), N(capget), N(sigaltstack),
	N(statfs), N(fstatfs), N(getpriority), N(setpriority), N(prctl), N(arch_prctl),
	N(gettid), N(futex), N(sched_setaffinity), N(sched_getaffinity), N(getdents64),
	N(set_tid_address), N(clock_gettime), N(clock_getres), N(clock_nanosleep),
	N(epoll_wait), N(epoll_ctl), N(epoll_pwait), N(epoll_pwait2), N(epoll_create1),
	N(openat), N(mkdirat), N(newfstatat), N(unlinkat), N(renameat2), N(readlinkat),
	N(faccessat), N(faccessat2), N(pselect6), N(ppoll), N(set_robust_list),
	N(get_robust_list), N(splice), N(tee), N(vmsplice), N(utimensat), N(timerfd_create),
	N(timerfd_settime), N(timerfd_gettime), N(eventfd2), N(signalfd4), N(pipe2),
	N(inotify_init1), N(inotify_add_watch), N(preadv), N(pwritev), N(preadv2),
	N(pwritev2), N(recvmmsg), N(sendmmsg), N(prlimit64), N(getrandom), N(memfd_create),
	N(bpf), N(membarrier), N(copy_file_range), N(statx), N(rseq), N(io_uring_setup),
	N(io_uring_enter), N(io_uring_register), N(pidfd_open), N(close_range),
	N(io_setup), N(io_submit), N(io_getevents), N(perf_event_open), N(mount), N(umount2),
	N(sync), N(syncfs), N(fallocate), N(fadvise64), N(sched_getattr), N(sched_setattr),
	N(waitid), N(rt_sigtimedwait), N(rt_sigsuspend), N(rt_sigqueueinfo), N(restart_syscall),
#ifdef SYS_open
	N(open), N(stat), N(lstat), N(access), N(pipe), N(dup2), N(fork), N(vfork),
	N(rename), N(mkdir), N(rmdir), N(unlink), N(readlink), N(chmod), N(chown),
	N(getdents), N(time), N(pause), N(alarm), N(creat), N(link), N(symlink),
#endif
#ifdef SYS_poll
	N(poll), N(select), N(epoll_create), N(eventfd), N(signalfd), N(inotify_init),
#endif
};

#undef N

const char *syscall_nr__name(long nr)
{
	return nr >= 0 && (size_t)nr < ARRAY_LEN(syscall_names) ? syscall_names[nr] : NULL;
}

const char *syscall_nr__label(long nr, char *buf, size_t len)
{
	const char *name = syscall_nr__name(nr);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "syscall %ld", nr);
	return buf;
}

int syscall_nr__watchable(long nr)
{
	const char *name = syscall_nr__name(nr);

	/* exactly: the table's names are the kernel's, lowercase */
	return name ? names__find_span(&names_syscall, name, strlen(name)) : -1;
}
