# oya: a memory profiling harness for Linux. HACKING.md explains the layers and the checks.
# make                       build the preload, liboya, oya-launch and oya-summary into $(BUILD)
# make test                  build and run every unit and integration test (installs missing Debian packages)
# make fault                 the fault cases of `make test` alone
# make fault-launch          the slow fault cases of oya-launch (stress, heaptrack killed, bad options)
# make check                 every test under ASan+UBSan (build-san), then the unit tests and the
#                            fuzz-corpus replays under valgrind memcheck
# make lint                  check-layers, check-size, cppcheck, clang-tidy, then format-check
# make format-check          clang-format --dry-run on preload/ launcher/ include/; make format applies it
# make fuzz FUZZ_SECONDS=N   each libFuzzer harness for N seconds (clang, build-fuzz)
# make install               install under $(DESTDIR)$(PREFIX)
# SANITIZE=address,undefined builds everything but the preload with sanitizers (into build-san)

# ---- variables ----
CC ?= cc
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
VERSION := 0.1.0
SANITIZE ?=
ifeq ($(SANITIZE),)
BUILD ?= build
else
BUILD ?= build-san
endif

CFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wundef -Wvla -Wdeclaration-after-statement
BASE_CFLAGS := -std=gnu11 $(WARNINGS) -fPIC -fvisibility=hidden -D_GNU_SOURCE \
	-DOYA_VERSION='"$(VERSION)"'
JSONC_CFLAGS := $(shell pkg-config --cflags json-c 2>/dev/null || echo -I/usr/include/json-c)
SAN_FLAGS := $(if $(SANITIZE),-fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all)
LIBS := -ljson-c -lzstd -lz -lpthread -lm
TEST_LIBS := -lcmocka $(LIBS)

FUZZ_BUILD := build-fuzz
FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -O1 -g

# ---- layers: one include path each ----
# Each layer sees only the headers of the layers below it (HACKING.md): a core file
# that includes a shell header does not compile. scripts/check-layers says the same.
INC_PRELOAD_CORE := -Ipreload/core
INC_PRELOAD_SHELL := $(INC_PRELOAD_CORE)
INC_CORE := -Iinclude -Ipreload/core -Ilauncher/core
INC_SHELL := $(INC_CORE) -Ilauncher/shell
INC_REPORT := $(INC_CORE) -Ilauncher/report
INC_ALL := $(INC_CORE) -Ilauncher/shell -Ilauncher/report -Ilauncher/programs
layer_inc = $(strip $(if $(filter preload/core/%,$1),$(INC_PRELOAD_CORE),\
	$(if $(filter preload/shell/%,$1),$(INC_PRELOAD_SHELL),\
	$(if $(filter launcher/core/%,$1),$(INC_CORE),\
	$(if $(filter launcher/shell/%,$1),$(INC_SHELL),\
	$(if $(filter launcher/report/%,$1),$(INC_REPORT),\
	$(INC_ALL) -Itests/fuzz))))))
ALL_CFLAGS = $(BASE_CFLAGS) $(call layer_inc,$<) $(JSONC_CFLAGS) $(CFLAGS) $(SAN_FLAGS) -MMD -MP
# The preload runs inside other programs: never with a sanitizer runtime.
PRELOAD_CFLAGS = $(BASE_CFLAGS) $(call layer_inc,$<) $(CFLAGS) -MMD -MP

# ---- sources and products ----
PRELOAD_CORE_SRC := $(sort $(wildcard preload/core/*.c))
PRELOAD_SHELL_SRC := $(sort $(wildcard preload/shell/*.c))
LAUNCHER_CORE_SRC := $(sort $(wildcard launcher/core/*.c))
LAUNCHER_SHELL_SRC := $(sort $(wildcard launcher/shell/*.c))
REPORT_SRC := $(sort $(wildcard launcher/report/*.c))
LIBOYA_SRC := $(PRELOAD_CORE_SRC) $(LAUNCHER_CORE_SRC) $(LAUNCHER_SHELL_SRC)
LAUNCH_SRC := $(sort $(wildcard launcher/programs/oya-launch*.c))
SUMMARY_SRC := $(sort $(wildcard launcher/programs/oya-summary*.c))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
TARGET_SRC := $(sort $(wildcard tests/targets/*.c))
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_NAMES := $(patsubst tests/fuzz/%.c,%,$(FUZZ_SRC))
LINT_SRC := $(sort $(wildcard preload/*/*.c launcher/*/*.c tests/fuzz/*.c))
FORMAT_SRC := $(sort $(wildcard preload/*.[ch] preload/*/*.[ch] launcher/*.[ch] launcher/*/*.[ch] \
	include/*.h include/*/*.h))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
pobj = $(patsubst %.c,$(BUILD)/pobj/%.o,$(1))
fobj = $(patsubst %.c,$(FUZZ_BUILD)/obj/%.o,$(1))

PRELOAD := $(BUILD)/liboya_preload.so
LIBOYA_A := $(BUILD)/liboya.a
LIBOYA_SO := $(BUILD)/liboya.so
LIBREPORT_A := $(BUILD)/libreport.a
LIB_ARCHIVES = $(LIBOYA_A) $(if $(REPORT_SRC),$(LIBREPORT_A))
PROGRAMS := $(if $(LAUNCH_SRC),$(BUILD)/oya-launch) $(if $(SUMMARY_SRC),$(BUILD)/oya-summary)
# heaptrack's client in oya-launch (launcher/programs/oya-exec.c); installed next to the preload.
EXEC_HELPER := $(if $(wildcard launcher/programs/oya-exec.c),$(BUILD)/oya-exec)
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
TARGETS := $(patsubst tests/targets/%.c,$(BUILD)/tests/targets/%,$(TARGET_SRC))
DEPS_STAMP := $(BUILD)/.deps-build

# ---- build ----
all: $(PRELOAD) $(EXEC_HELPER) $(LIBOYA_A) $(if $(LAUNCHER_CORE_SRC)$(LAUNCHER_SHELL_SRC),$(LIBOYA_SO)) $(PROGRAMS) $(BUILD)/oya.pc

# Install the Debian packages the build needs, once, when something is missing.
$(DEPS_STAMP): scripts/install-deps
	@mkdir -p $(@D)
	scripts/install-deps build
	@touch $@

$(BUILD)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/pobj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(PRELOAD_CFLAGS) -c -o $@ $<

$(PRELOAD): $(call pobj,$(PRELOAD_CORE_SRC) $(PRELOAD_SHELL_SRC)) preload/liboya_preload.map
	$(CC) -shared -Wl,--version-script=preload/liboya_preload.map -Wl,-z,now -Wl,-z,relro -Wl,-z,nodelete \
		-o $@ $(call pobj,$(PRELOAD_CORE_SRC) $(PRELOAD_SHELL_SRC)) -lpthread

$(LIBOYA_A): $(call obj,$(LIBOYA_SRC))
	rm -f $@
	ar rcs $@ $^

$(LIBOYA_SO): $(call obj,$(LIBOYA_SRC)) launcher/liboya.map
	$(CC) -shared $(SAN_FLAGS) -Wl,--version-script=launcher/liboya.map -Wl,-soname,liboya.so.0 \
		-o $@ $(call obj,$(LIBOYA_SRC)) $(LIBS)

$(LIBREPORT_A): $(call obj,$(REPORT_SRC))
	rm -f $@
	ar rcs $@ $^

$(BUILD)/oya-launch: $(call obj,$(LAUNCH_SRC)) $(LIBOYA_A)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LIBS)

$(BUILD)/oya-summary: $(call obj,$(SUMMARY_SRC)) $(LIBREPORT_A) $(LIBOYA_A)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LIBS)

# Static on purpose: LD_PRELOAD (heaptrack's, the sampler) must not load into it.
$(BUILD)/oya-exec: launcher/programs/oya-exec.c launcher/core/exit_status.h launcher/core/exec_helper.h | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(INC_CORE) $(CFLAGS) -static -o $@ $<

$(BUILD)/oya.pc: launcher/oya.pc.in Makefile
	@mkdir -p $(@D)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' $< > $@

# The preload with ASan+UBSan, for `make check` only (it needs libasan preloaded before it).
$(BUILD)/liboya_preload-asan.so: $(PRELOAD_CORE_SRC) $(PRELOAD_SHELL_SRC) preload/liboya_preload.map
	$(CC) $(BASE_CFLAGS) $(INC_PRELOAD_CORE) $(CFLAGS) -fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all -shared -Wl,--version-script=preload/liboya_preload.map \
		-o $@ $(PRELOAD_CORE_SRC) $(PRELOAD_SHELL_SRC) -lpthread

# ---- test programs ----
# Unit tests link the whole of liboya and the report code statically.
$(BUILD)/tests/%: $(BUILD)/obj/tests/unit/%.o $(LIBREPORT_A) $(LIBOYA_A)
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(TEST_LIBS)

# Small programs the integration tests run; static-*.c are linked with -static.
$(BUILD)/tests/targets/static-%: tests/targets/static-%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -static -o $@ $< -lpthread

$(BUILD)/tests/targets/%: tests/targets/%.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -o $@ $< -lpthread

# Test tools that link liboya (tests/tools/*.c): drivers the integration tests and benchmarks run.
TOOLS := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(sort $(wildcard tests/tools/*.c)))
$(BUILD)/tests/tools/%: $(BUILD)/obj/tests/tools/%.o $(LIBOYA_A)
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LIBS)

# Each fuzz harness is also linked with a plain main that replays its corpus
# (tests/integration/fuzz_corpus.sh). A harness is built once the functions on its
# "fuzz-needs:" line are in the library (tests/fuzz/ready).
$(BUILD)/tests/fuzz/fuzz_%: $(BUILD)/obj/tests/fuzz/fuzz_%.o $(BUILD)/obj/tests/fuzz/replay.o $(LIB_ARCHIVES)
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) -o $@ $^ $(LIBS)

fuzz-replay: $(LIB_ARCHIVES)
	@for h in $(FUZZ_NAMES); do \
		if tests/fuzz/ready tests/fuzz/$$h.c $(LIB_ARCHIVES); then \
			$(MAKE) --no-print-directory $(BUILD)/tests/fuzz/$$h || exit 1; \
		fi; \
	done

tests: all $(UNIT_TESTS) $(TARGETS) $(TOOLS) fuzz-replay

# ---- tests ----
test: tests
	scripts/install-deps build test
	BUILD=$(abspath $(BUILD)) tests/run

fault: tests
	BUILD=$(abspath $(BUILD)) tests/run fault_

fault-launch: all $(TARGETS)
	BUILD=$(abspath $(BUILD)) tests/fault-launch/run

check:
	scripts/install-deps build test check
	$(MAKE) SANITIZE=address,undefined test
	$(MAKE) SANITIZE= tests build/liboya_preload-asan.so
	tests/valgrind $(abspath build)
	BUILD=$(abspath build) tests/fault/preload-sanitized.sh

# ---- fuzzing (clang, libFuzzer) ----
$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(BASE_CFLAGS) $(call layer_inc,$<) $(JSONC_CFLAGS) $(FUZZ_FLAGS) -Wno-error -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/liboya.a: $(call fobj,$(LIBOYA_SRC) $(REPORT_SRC))
	rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/obj/tests/fuzz/fuzz_%.o $(FUZZ_BUILD)/liboya.a
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^ $(LIBS)

fuzz-build: $(FUZZ_BUILD)/liboya.a
	@for h in $(FUZZ_NAMES); do \
		if tests/fuzz/ready tests/fuzz/$$h.c $(FUZZ_BUILD)/liboya.a; then \
			$(MAKE) --no-print-directory $(FUZZ_BUILD)/$$h || exit 1; \
		else rm -f $(FUZZ_BUILD)/$$h; fi; \
	done

fuzz:
	scripts/install-deps build check
	$(MAKE) fuzz-build
	tests/fuzz/run $(abspath $(FUZZ_BUILD)) $(FUZZ_SECONDS)

# ---- checks ----
# clang-tidy runs once per file: clang 14's analyzer, given several files in one run, reports
# a va_list as uninitialized right after its va_start (llvm/llvm-project#40656).
# format-check runs last, so that a style slip does not hide what the analyzers say.
lint:
	scripts/install-deps check
	scripts/check-layers
	scripts/check-size
	cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,style,performance,portability \
		--inline-suppr --suppressions-list=.cppcheck-suppressions --library=posix \
		-D_GNU_SOURCE -D__GNUC__ $(INC_ALL) -Itests/fuzz $(LINT_SRC)
	rc=0; for f in $(LINT_SRC); do \
		clang-tidy --quiet $$f -- $(BASE_CFLAGS) $(INC_ALL) $(JSONC_CFLAGS) -Itests/fuzz || rc=1; \
	done; exit $$rc
	@echo "lint: check-layers, cppcheck and clang-tidy found nothing in $(words $(LINT_SRC)) files"
	@$(MAKE) --no-print-directory format-check

# The style is .clang-format (clang-format 14); format rewrites the files in place.
format-check:
	@rc=0; for f in $(FORMAT_SRC); do \
		clang-format --dry-run --Werror $$f 2>/dev/null || { echo "format-check: $$f"; rc=1; }; \
	done; \
	if [ $$rc -eq 0 ]; then echo "lint: clang-format: $(words $(FORMAT_SRC)) files in the house style"; \
	else echo "format-check: the files above differ from .clang-format (make format rewrites them)"; fi; \
	exit $$rc

format:
	clang-format -i $(FORMAT_SRC)

# ---- install, demo, clean ----
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/oya $(DESTDIR)$(INCLUDEDIR)/oya \
		$(DESTDIR)$(PKGCONFIGDIR)
	install -m 0755 $(PRELOAD) $(DESTDIR)$(LIBDIR)/oya/liboya_preload.so
	$(if $(EXEC_HELPER),install -m 0755 $(EXEC_HELPER) $(DESTDIR)$(LIBDIR)/oya/oya-exec)
	install -m 0644 include/oya/*.h $(DESTDIR)$(INCLUDEDIR)/oya/
	$(if $(PROGRAMS),install -m 0755 $(PROGRAMS) $(DESTDIR)$(BINDIR)/)
	install -m 0644 $(LIBOYA_A) $(DESTDIR)$(LIBDIR)/
	$(if $(wildcard $(LIBOYA_SO)),install -m 0755 $(LIBOYA_SO) $(DESTDIR)$(LIBDIR)/liboya.so.0 && \
		ln -sf liboya.so.0 $(DESTDIR)$(LIBDIR)/liboya.so)
	# oya.pc again with the PREFIX/LIBDIR of this install, not of the build.
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' \
		launcher/oya.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/oya.pc

# The README's first command: build, then profile the bundled demo program (~20 s).
demo:
	scripts/demo

clean:
	rm -rf build build-san $(FUZZ_BUILD)

.PHONY: all tests test fault fault-launch check fuzz-replay fuzz-build fuzz lint format-check format \
	install demo clean
# Keep every intermediate file (objects of the pattern chains) instead of deleting and rebuilding it.
.SECONDARY:
-include $(shell find $(BUILD) $(FUZZ_BUILD) -name '*.d' 2>/dev/null)
