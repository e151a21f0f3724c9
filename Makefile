# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# make            build ./mmsgtrace
# make deps       install missing Debian packages (apt-get)
# make run        deps + build + the default job (mmsgtrace --vlen 64, 5 s)
# make test       deps + unit tests + BPF integration tests
# make bench      benchmarks (see bench/README.md)
# make vmlinux    regenerate vmlinux/vmlinux.h from /sys/kernel/btf/vmlinux
# make install    PREFIX=/usr/local DESTDIR=
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

# the Debian packages the build and the tests need
DEPS := clang llvm libbpf-dev bpftool libelf-dev zlib1g-dev gcc make pkg-config \
	libcmocka-dev libjson-c-dev libfuzzer-14-dev jq bc iproute2 util-linux locales valgrind \
	bpftrace linux-perf strace sockperf iperf3 gnuplot-nox

CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Werror
INCLUDES := -I$(OUTPUT) -Iuser -Ibpf
LIBS := -lbpf -lelf -lz -lpthread -lm
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

USER_MODULES := opts driver sink tracer stats display output events batching procstats procview procfs creds outfile observe
USER_OBJS := $(patsubst %,$(OUTPUT)/%.o,$(USER_MODULES))
UNIT_TESTS := opts stats output events batching procstats
UNIT_BINS := $(patsubst %,$(OUTPUT)/tests/test_%,$(UNIT_TESTS))
HELPERS := $(OUTPUT)/tests/other_sender $(OUTPUT)/tests/patterns $(OUTPUT)/tests/compat_calls \
	$(OUTPUT)/tests/restart_cases
BENCH_BINS := $(OUTPUT)/bench/overhead $(OUTPUT)/bench/minimal

.PHONY: all deps run test test-build bench-build unit integration bench stress vmlinux install clean

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
$(OUTPUT)/mmsgtrace.bpf.o: bpf/mmsgtrace.bpf.c bpf/mmsgtrace.h $(wildcard bpf/*.bpf.h) vmlinux/vmlinux.h | $(OUTPUT)
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

$(OUTPUT)/tracer.o: $(OUTPUT)/mmsgtrace.skel.h

$(OUTPUT)/%.o: user/%.c $(wildcard user/*.h) bpf/mmsgtrace.h | $(OUTPUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) $(INCLUDES) -c $< -o $@

$(BIN): $(OUTPUT)/main.o $(USER_OBJS)
	$(call msg,BINARY,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $^ $(LIBS) -o $@

# unit tests link the module under test (and what it needs) with cmocka
$(OUTPUT)/tests/test_opts: tests/unit/test_opts.c $(OUTPUT)/opts.o $(OUTPUT)/events.o $(OUTPUT)/output.o $(OUTPUT)/stats.o | $(OUTPUT)/tests
$(OUTPUT)/tests/test_events: tests/unit/test_events.c $(OUTPUT)/events.o $(OUTPUT)/output.o $(OUTPUT)/stats.o | $(OUTPUT)/tests
$(OUTPUT)/tests/test_batching: tests/unit/test_batching.c $(OUTPUT)/batching.o $(OUTPUT)/stats.o | $(OUTPUT)/tests
$(OUTPUT)/tests/test_procstats: tests/unit/test_procstats.c $(OUTPUT)/procstats.o $(OUTPUT)/stats.o | $(OUTPUT)/tests
$(OUTPUT)/tests/test_stats: tests/unit/test_stats.c $(OUTPUT)/stats.o | $(OUTPUT)/tests
$(OUTPUT)/tests/test_output: tests/unit/test_output.c $(OUTPUT)/output.o $(OUTPUT)/stats.o $(OUTPUT)/events.o | $(OUTPUT)/tests
$(UNIT_BINS):
	$(call msg,TEST-CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(INCLUDES) $(filter %.c %.o,$^) -lcmocka -ljson-c -lm -o $@

$(OUTPUT)/tests/%: tests/integration/%.c | $(OUTPUT)/tests
	$(call msg,TEST-CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

# benchmark programs link the real tracer module
$(OUTPUT)/bench/overhead: bench/overhead.c $(OUTPUT)/empty.skel.h $(OUTPUT)/tracer.o \
		$(OUTPUT)/opts.o $(OUTPUT)/events.o \
		$(OUTPUT)/output.o $(OUTPUT)/stats.o | $(OUTPUT)/bench
	$(call msg,BENCH-CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $(INCLUDES) $(filter %.c %.o,$^) $(LIBS) -o $@

$(OUTPUT)/bench/minimal: bench/baseline/minimal.c | $(OUTPUT)/bench
	$(call msg,BENCH-CC,$@)
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) $< -o $@

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

clean:
	$(call msg,CLEAN)
	$(Q)rm -rf .output mmsgtrace
