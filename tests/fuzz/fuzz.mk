# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#
# libFuzzer targets, included by the Makefile (see tests/fuzz/README.md).
#
# make fuzz        each target for FUZZ_SECONDS (60) on a growing copy of its seed
#                  corpus in .output/fuzz/corpus-TARGET; reports crashes, which stay
#                  in .output/fuzz/crashes-TARGET/
# make fuzz-smoke  each target for FUZZ_SMOKE_SECONDS (3) on the committed corpus
#                  (tests/fuzz/corpus/TARGET); fails on any crash (tests/run.sh runs it)
# make fuzz-build  only build them
# FUZZ_TARGETS="opts stats" narrows either run.
#
# Built with clang and -fsanitize=fuzzer,address,undefined into .output/fuzz/,
# never mixed with the gcc objects in .output/.

FUZZ_DIR := tests/fuzz
FUZZ_OUT := $(OUTPUT)/fuzz
FUZZ_CC ?= $(CLANG)
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 3
FUZZ_TARGETS ?= $(patsubst $(FUZZ_DIR)/fuzz_%.c,%,$(wildcard $(FUZZ_DIR)/fuzz_*.c))
FUZZ_BINS = $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZ_TARGETS))

FUZZ_CFLAGS := -g -O1 -std=gnu11 -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fno-sanitize-recover=all -Iuser -Ibpf -I$(FUZZ_DIR)
# the modules: instrumented for coverage and the sanitizers, no fuzzer main
FUZZ_MOD_CFLAGS := $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined
# the targets: libFuzzer's main
FUZZ_BIN_CFLAGS := $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined

# the pure user/ modules (no BPF, no /proc; proto_limits makes loopback sockets) of every layer the
# targets test: each target uses some, and the linker keeps what it needs
FUZZ_MODS := $(patsubst user/%.c,%,$(wildcard user/common/*.c user/cli/*.c user/report/*.c)) \
	core/stats core/procstats core/batching core/creds core/fit core/outfile core/replacefile \
	core/task_order drive/proto_limits
FUZZ_MOD_OBJS := $(patsubst %,$(FUZZ_OUT)/user/%.o,$(FUZZ_MODS))

.PHONY: fuzz fuzz-smoke fuzz-build

fuzz-build: $(FUZZ_BINS)

fuzz: fuzz-build
	$(Q)$(FUZZ_DIR)/fuzz.sh long $(FUZZ_SECONDS) $(FUZZ_TARGETS)

fuzz-smoke: fuzz-build
	$(Q)$(FUZZ_DIR)/fuzz.sh smoke $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

$(FUZZ_OUT):
	$(Q)mkdir -p $@

$(FUZZ_OUT)/user/%.o: user/%.c | $(FUZZ_OUT)
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_MOD_CFLAGS) -MMD -MP -c $< -o $@

# --version's build facts (the Makefile generates them; libbpf is linked for its version)
$(FUZZ_OUT)/user/cli/version.o: FUZZ_MOD_CFLAGS += -I$(OUTPUT)
$(FUZZ_OUT)/user/cli/version.o: $(OUTPUT)/build_info.gen.h

$(FUZZ_OUT)/common.o: $(FUZZ_DIR)/common.c $(FUZZ_DIR)/common.h | $(FUZZ_OUT)
	$(call msg,FUZZ-CC,$@)
	$(Q)$(FUZZ_CC) $(FUZZ_MOD_CFLAGS) -c $< -o $@

define fuzz_target_rule
$(FUZZ_OUT)/fuzz_$(1): $(FUZZ_DIR)/fuzz_$(1).c $(FUZZ_DIR)/common.h $(FUZZ_OUT)/common.o \
		$(FUZZ_MOD_OBJS) | $(FUZZ_OUT)
	$$(call msg,FUZZ-LD,$$@)
	$(Q)$(FUZZ_CC) $(FUZZ_BIN_CFLAGS) $$(filter %.c %.o,$$^) -ljson-c -lm -lbpf $(NCURSES_LIBS) -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_target_rule,$(t))))

-include $(wildcard $(FUZZ_OUT)/user/*/*.d)
