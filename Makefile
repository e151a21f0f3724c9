# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# make            build ./mmsgtrace
# make deps       install missing Debian packages (apt-get; the list is packages.txt)
# make run        deps + build + the default job (mmsgtrace --vlen 64, 5 s)
# make test       deps + unit tests + BPF integration tests, plain and ASan+UBSan builds
# make stress     the integration suites STRESS_ROUNDS times in a row (default 10)
# make bench      benchmarks (see bench/README.md)
# make vmlinux    regenerate vmlinux/vmlinux.h from /sys/kernel/btf/vmlinux
# make install    PREFIX=/usr/local DESTDIR= (binary, man page, bash completion)
# make uninstall  the same variables: removes what install put there
# V=1 shows the commands.

# SANITIZE=1: everything built with ASan+UBSan into its own directory
ifeq ($(SANITIZE),1)
OUTPUT := .output/sanitize
BIN := $(OUTPUT)/mmsgtrace
else
OUTPUT := .output
BIN := mmsgtrace
endif
CLANG ?= clang
BPFTOOL ?= bpftool
CC ?= gcc
ARCH := $(shell uname -m | sed 's/x86_64/x86/;s/aarch64/arm64/')
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# where bash-completion looks for a command's completion on demand
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

# the Debian packages the build, the tests and the benchmarks need
DEPS := $(shell sed 's/\#.*//' packages.txt)

CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Werror
# headers are included by their path under user/ ("core/tracer.h"), which
# names the layer they belong to (tests/layering.sh checks the order)
INCLUDES := -I$(OUTPUT) -Iuser -Ibpf
LIBS := -lbpf -lelf -lz -lpthread -lm
# the full-screen live view (report/tui.c)
NCURSES_LIBS := $(shell pkg-config --libs ncursesw 2>/dev/null || echo -lncursesw -ltinfo)
LIBS += $(NCURSES_LIBS)
# -mcpu=v3: atomic compare-and-swap (in-flight slots)
BPF_CFLAGS := -g -O2 -target bpf -mcpu=v3 -D__TARGET_ARCH_$(ARCH) -Wall -Werror

ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

# user/LAYER/MODULE.c -> $(OUTPUT)/user/LAYER/MODULE.o; objects of a layer
# are named by layer so that each program links only what it uses
USER_SRCS := $(wildcard user/*/*.c)
USER_OBJS := $(patsubst user/%.c,$(OUTPUT)/user/%.o,$(USER_SRCS))
layer_objs = $(patsubst user/%.c,$(OUTPUT)/user/%.o,$(wildcard $(patsubst %,user/%/*.c,$(1))))
obj = $(patsubst %,$(OUTPUT)/user/%.o,$(1))

UNIT_TESTS := opts names text creds pacer fit sweep stats output events batching procstats
UNIT_TESTS += csv outfile prom tui idle_hint
UNIT_BINS := $(patsubst %,$(OUTPUT)/tests/test_%,$(UNIT_TESTS))
HELPERS := $(OUTPUT)/tests/other_sender $(OUTPUT)/tests/patterns $(OUTPUT)/tests/compat_calls \
	$(OUTPUT)/tests/restart_cases $(OUTPUT)/tests/msg_records $(OUTPUT)/tests/call_loop
BENCH_BINS := $(OUTPUT)/bench/overhead $(OUTPUT)/bench/minimal

.PHONY: all deps run test test-build bench-build bench stress vmlinux install clean

.DEFAULT_GOAL := all

# libFuzzer targets: make fuzz (long), make fuzz-smoke (a few seconds each)
-include tests/fuzz/fuzz.mk
.DELETE_ON_ERROR:

all: $(BIN)

deps:
	@missing=""; for p in $(DEPS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null && SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(OUTPUT) $(OUTPUT)/tests $(OUTPUT)/bench:
	$(Q)mkdir -p $@

# BPF object -> skeleton
$(OUTPUT)/mmsgtrace.bpf.o: bpf/mmsgtrace.bpf.c bpf/mmsgtrace.h $(wildcard bpf/*.bpf.h) \
		vmlinux/vmlinux.h | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -Ivmlinux -Ibpf -c $< -o $@.tmp
	$(Q)$(BPFTOOL) gen object $@ $@.tmp
	$(Q)rm -f $@.tmp

# the do-nothing programs of the observer-effect benchmark
$(OUTPUT)/empty.bpf.o: bench/empty.bpf.c vmlinux/vmlinux.h | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -Ivmlinux -c $< -o $@.tmp
	$(Q)$(BPFTOOL) gen object $@ $@.tmp
	$(Q)rm -f $@.tmp

$(OUTPUT)/empty.skel.h: $(OUTPUT)/empty.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name empty_bpf > $@

$(OUTPUT)/mmsgtrace.skel.h: $(OUTPUT)/mmsgtrace.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name mmsgtrace_bpf > $@

# the tracer includes the generated skeleton
$(call obj,core/tracer): $(OUTPUT)/mmsgtrace.skel.h

# the drop counter: its own object, loaded beside the tracer
$(OUTPUT)/drops.bpf.o: bpf/drops.bpf.c bpf/mmsgdrops.h vmlinux/vmlinux.h | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -Ivmlinux -Ibpf -c $< -o $@.tmp
	$(Q)$(BPFTOOL) gen object $@ $@.tmp
	$(Q)rm -f $@.tmp

$(OUTPUT)/drops.skel.h: $(OUTPUT)/drops.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name drops_bpf > $@

$(call obj,core/drops): $(OUTPUT)/drops.skel.h

# --version's build facts: the git revision (git describe; "unknown" when
# this directory is not a git work tree's top, e.g. an unpacked tarball) and
# the libbpf the headers come from. The header is rewritten only when they
# change, so a new commit rebuilds cli/version.o and the link, nothing more.
GIT_REVISION = $(shell [ "$$(git -C '$(CURDIR)' rev-parse --show-toplevel 2>/dev/null)" = '$(CURDIR)' ] && \
	git -C '$(CURDIR)' describe --always --dirty 2>/dev/null || echo unknown)
LIBBPF_BUILD_VERSION = $(shell pkg-config --modversion libbpf 2>/dev/null || echo unknown)
$(OUTPUT)/build_info.gen.h: FORCE | $(OUTPUT)
	$(Q)printf '#define BUILD_GIT_REVISION "%s"\n#define BUILD_LIBBPF_VERSION "%s"\n' \
		'$(GIT_REVISION)' '$(LIBBPF_BUILD_VERSION)' >$@.tmp
	$(Q)if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(call obj,cli/version): $(OUTPUT)/build_info.gen.h
.PHONY: FORCE
FORCE:

# -MMD: each object depends on the headers it really includes (the .d files)
$(OUTPUT)/user/%.o: user/%.c | $(OUTPUT)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -MMD -MP $(INCLUDES) -c $< -o $@

$(BIN): $(OUTPUT)/user/main.o $(USER_OBJS)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIBS) -o $@

# unit tests link the modules under test and the lower layers they need, nothing more
COMMON_OBJS := $(call layer_objs,common)
CLI_OBJS := $(call layer_objs,cli)
$(OUTPUT)/tests/test_opts: tests/unit/test_opts.c $(CLI_OBJS) $(call obj,drive/proto_limits \
		core/replacefile core/creds) $(COMMON_OBJS) | $(OUTPUT)/tests
# --sort's keys
$(OUTPUT)/tests/test_opts: $(call obj,core/task_order)
$(OUTPUT)/tests/test_names: tests/unit/test_names.c $(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_text: tests/unit/test_text.c $(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_creds: tests/unit/test_creds.c $(call obj,core/creds) $(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_pacer: tests/unit/test_pacer.c | $(OUTPUT)/tests
$(OUTPUT)/tests/test_fit: tests/unit/test_fit.c $(call obj,core/fit) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_sweep: tests/unit/test_sweep.c $(call obj,report/sweep report/json report/lesson \
		report/format core/fit core/stats core/batching core/procstats) $(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_events: tests/unit/test_events.c $(call obj,report/events) $(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_batching: tests/unit/test_batching.c $(call obj,core/batching core/stats) $(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_procstats: tests/unit/test_procstats.c $(call obj,core/procstats core/stats) $(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_stats: tests/unit/test_stats.c $(call obj,core/stats) $(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_output: tests/unit/test_output.c $(call obj,report/json report/drive_view report/csv \
		core/batching report/observe_view report/format report/events core/stats) $(COMMON_OBJS) \
		| $(OUTPUT)/tests
# --version (cli/version.o) asks libbpf for its version
$(OUTPUT)/tests/test_opts: UNIT_LIBS := -lbpf
$(OUTPUT)/tests/test_csv: tests/unit/test_csv.c $(call obj,report/csv report/format core/stats) \
		$(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_outfile: tests/unit/test_outfile.c $(call obj,core/outfile core/creds) \
		$(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_prom: tests/unit/test_prom.c $(call obj,report/prom report/prom_comms \
		core/procstats core/stats) $(COMMON_OBJS) | $(OUTPUT)/tests
# the views open the full-screen view through report/tui (ncurses)
$(OUTPUT)/tests/test_output: $(call obj,report/tui report/tui_layout core/task_order core/procstats)
$(OUTPUT)/tests/test_output: UNIT_LIBS := $(NCURSES_LIBS)
$(OUTPUT)/tests/test_tui: tests/unit/test_tui.c $(call obj,report/tui_layout report/format \
		core/task_order core/procstats core/stats) $(COMMON_OBJS) | $(OUTPUT)/tests
$(OUTPUT)/tests/test_idle_hint: tests/unit/test_idle_hint.c $(call obj,report/idle_hint) \
		$(COMMON_OBJS) | $(OUTPUT)/tests
$(UNIT_BINS):
	$(call msg,TEST-CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(INCLUDES) $(filter %.c %.o,$^) -lcmocka -ljson-c -lm $(UNIT_LIBS) -o $@

# the per-message records have no mode of their own yet: this test links the tracer
$(OUTPUT)/tests/msg_records: tests/integration/msg_records.c $(call obj,core/tracer) \
		$(COMMON_OBJS) | $(OUTPUT)/tests
	$(call msg,TEST-CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(INCLUDES) $(filter %.c %.o,$^) $(LIBS) -o $@

$(OUTPUT)/tests/%: tests/integration/%.c | $(OUTPUT)/tests
	$(call msg,TEST-CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# the observer-effect benchmark links the real tracer module (and the common layer only)
$(OUTPUT)/bench/overhead: bench/overhead.c $(OUTPUT)/empty.skel.h $(call obj,core/tracer) \
		$(COMMON_OBJS) | $(OUTPUT)/bench
	$(call msg,BENCH-CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(INCLUDES) $(filter %.c %.o,$^) $(LIBS) -o $@

$(OUTPUT)/bench/minimal: bench/baseline/minimal.c | $(OUTPUT)/bench
	$(call msg,BENCH-CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

-include $(wildcard $(OUTPUT)/user/*.d $(OUTPUT)/user/*/*.d)

run: deps $(BIN)
	@SUDO=""; [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null && SUDO=sudo; \
	$$SUDO ./$(BIN) --vlen 64 --duration 5

# make test: the plain build, then the same tests on an ASan+UBSan build;
# make test SANITIZE=1: the sanitized build alone
TEST_PASSES := $(if $(filter 1,$(SANITIZE)),sanitize,plain sanitize)

test: deps
	$(Q)for pass in $(TEST_PASSES); do \
		$(MAKE) --no-print-directory SANITIZE=$$([ $$pass = sanitize ] && echo 1 || echo 0) \
			test-build || exit 1; \
	done
	$(Q)MMSGTRACE_PASSES="$(TEST_PASSES)" tests/run.sh

test-build: $(BIN) $(UNIT_BINS) $(HELPERS) $(BENCH_BINS)

# make stress: the integration suites (no unit tests, no fuzz) STRESS_ROUNDS
# times in a row on both builds; stops at the first round with a failure
STRESS_ROUNDS ?= 10
stress: deps
	$(Q)for pass in $(TEST_PASSES); do \
		$(MAKE) --no-print-directory SANITIZE=$$([ $$pass = sanitize ] && echo 1 || echo 0) \
			test-build || exit 1; \
	done
	$(Q)for round in $$(seq $(STRESS_ROUNDS)); do \
		echo "== stress round $$round of $(STRESS_ROUNDS)"; \
		MMSGTRACE_PASSES="$(TEST_PASSES)" MMSGTRACE_UNIT=0 MMSGTRACE_FUZZ=0 \
			tests/run.sh >.output/stress.log 2>&1; rc=$$?; \
		grep -E '^FAIL' .output/stress.log; tail -1 .output/stress.log; \
		[ $$rc = 0 ] || exit 1; \
	done

# the benchmarks measure the plain build
bench: deps
	$(Q)$(MAKE) --no-print-directory SANITIZE=0 mmsgtrace bench-build
	$(Q)bench/run.sh

bench-build: $(BENCH_BINS)

vmlinux:
	$(call msg,GEN,vmlinux/vmlinux.h)
	$(Q)$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > vmlinux/vmlinux.h

install: $(BIN)
	install -D -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/mmsgtrace
	install -D -m 0644 man/mmsgtrace.8 $(DESTDIR)$(MANDIR)/man8/mmsgtrace.8
	install -D -m 0644 completions/mmsgtrace $(DESTDIR)$(BASHCOMPDIR)/mmsgtrace

# exactly what install put there (the directories stay: others share them)
.PHONY: uninstall
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mmsgtrace $(DESTDIR)$(MANDIR)/man8/mmsgtrace.8 \
		$(DESTDIR)$(BASHCOMPDIR)/mmsgtrace

clean:
	$(call msg,CLEAN)
	$(Q)rm -rf .output mmsgtrace
