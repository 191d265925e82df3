# dyad - political event coder. Plain GNU Makefile.
#
#   make            build the library (build/libdyad.a) and the CLI (build/dyad)
#   make test       unit tests, end-to-end tests, validation suites, then the
#                   same tests under ASan+UBSan
#   make fuzz       build libFuzzer targets (clang) into build/fuzz/ and run
#                   each for FUZZ_SECONDS (default 60)
#   make valgrind   the end-to-end tests with the CLI under valgrind
#   make bench      speed and memory benchmarks (results in bench/RESULTS.md)
#   make test-cluster  the Slurm array script on a one-node test cluster

CC      ?= cc
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wstrict-prototypes -Werror
OPT     ?= -O2 -g
# Linked: what every command uses. Opened when needed (util/dl.h), headers
# only at build time: libpq (PostgreSQL stores), librsvg (PNG charts),
# libmicrohttpd (dyad serve).
PKGS    := libutf8proc jansson sqlite3 libxxhash
DL_PKGS := libpq librsvg-2.0 libmicrohttpd
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(DL_PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lutf8proc -ljansson -lsqlite3 -lxxhash) -ldl
# test_chart parses the SVG with GLib's markup parser
TEST_LIBS  := $(shell pkg-config --libs glib-2.0 2>/dev/null || echo -lglib-2.0)
CFLAGS  += $(CSTD) $(WARN) $(OPT) -I. -Iinclude $(PKG_CFLAGS)
LDLIBS  += $(PKG_LIBS) -lm -pthread

B       ?= build
MODULES := util text time dict code report geo store web
LIB_SRC := $(foreach m,$(MODULES),$(wildcard $(m)/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(B)/obj/%.o)
# The web page's files, embedded in the library as C arrays.
ASSETS  := $(sort $(wildcard web/assets/*))
ASSET_OBJ := $(B)/obj/web/assets.o
LIB_OBJ += $(ASSET_OBJ)
CLI_SRC := $(wildcard cli/*.c)
CLI_OBJ := $(CLI_SRC:%.c=$(B)/obj/%.o)
TEST_SRC := $(wildcard tests/test_*.c)
TEST_BIN := $(TEST_SRC:tests/%.c=$(B)/tests/%)

.PHONY: all test check unit e2e asan fuzz fuzz-build valgrind bench clean test-cluster
all: $(B)/dyad

$(B)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/gen/web_assets.c: web/embed.sh $(ASSETS)
	@mkdir -p $(dir $@)
	sh web/embed.sh $(ASSETS) > $@

$(ASSET_OBJ): $(B)/gen/web_assets.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(B)/libdyad.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/dyad: $(CLI_OBJ) $(B)/libdyad.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(CLI_OBJ) $(B)/libdyad.a $(LDLIBS)

$(B)/tests/%: tests/%.c tests/testutil.h $(B)/libdyad.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(B)/libdyad.a $(LDLIBS) $(TEST_LIBS) -lcmocka

# The tests' dictionary cache (dict/cache.c) stays in the build folder, not
# in the user's ~/.cache; later tests map what earlier ones wrote.
export DYAD_CACHE_DIR ?= $(CURDIR)/$(B)/cache

# Unit tests: one cmocka binary per module; end-to-end: shell scripts over the CLI.
unit: $(TEST_BIN) $(B)/dyad
	@set -e; for t in $(TEST_BIN); do echo "== $$t"; DYAD=$(B)/dyad $$t; done

e2e: $(B)/dyad $(B)/tests/chart_demo
	@set -e; for t in tests/e2e/*.sh; do echo "== $$t"; DYAD=$(B)/dyad CHART_DEMO=$(B)/tests/chart_demo bash $$t; done

check: unit e2e

# LeakSanitizer stays on; tests/lsan.supp names the libraries whose process-long
# caches are not leaks of ours (fontconfig, under librsvg). Every report of a
# sanitizer fails the run, even one in a process whose exit status a test
# expected to be non-zero: reports go to files under build/asan/reports
# (log_path), the exit status of a process with a report is 86, and any
# report file fails the target.
SAN_REPORTS := $(CURDIR)/build/asan/reports
asan:
	@rm -rf $(SAN_REPORTS) && mkdir -p $(SAN_REPORTS)
	@ASAN_OPTIONS="$${ASAN_OPTIONS:+$$ASAN_OPTIONS:}exitcode=86:log_path=$(SAN_REPORTS)/asan" \
	 UBSAN_OPTIONS="$${UBSAN_OPTIONS:+$$UBSAN_OPTIONS:}halt_on_error=1:exitcode=86:log_path=$(SAN_REPORTS)/ubsan" \
	 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0:exitcode=86 \
	 $(MAKE) B=build/asan CC=clang OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" check; rc=$$?; \
	 if [ -n "$$(ls -A $(SAN_REPORTS))" ]; then echo "FAIL: sanitizer reports in $(SAN_REPORTS):"; \
	    head -n 40 $(SAN_REPORTS)/*; exit 1; fi; exit $$rc

test:
	$(MAKE) check
	$(MAKE) valgrind
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $(MAKE) asan
	$(MAKE) test-cluster
	$(MAKE) fuzz FUZZ_SECONDS=60

# The Slurm array script on a single-node cluster started for the test (root;
# skipped when Slurm is not installed).
test-cluster: $(B)/dyad
	DYAD=$(B)/dyad bash tests/cluster/slurm.sh

# libFuzzer targets (clang; Debian's libclang-rt), one per parser of untrusted input.
# `make fuzz` builds and runs each for FUZZ_SECONDS, FUZZ_JOBS at a time (fuzz/run.sh).
FUZZ_SRC := $(wildcard fuzz/fuzz_*.c)
FUZZ_TARGETS := $(FUZZ_SRC:fuzz/%.c=%)
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 2
# -fno-sanitize-recover=all: undefined behaviour stops the fuzzer with a
# crash and its input, as a memory error does (fuzz/run.sh also fails on any
# sanitizer report in a log).
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
fuzz-build:
	$(MAKE) B=build/fuzzlib CC=clang OPT="-O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link" build/fuzzlib/libdyad.a
	@mkdir -p build/fuzz
	@set -e; for f in $(FUZZ_SRC); do n=$$(basename $$f .c); \
	  clang $(CSTD) $(WARN) -O1 -g -I. -Iinclude $(FUZZ_SAN) -fsanitize=fuzzer $$f build/fuzzlib/libdyad.a $(LDLIBS) -o build/fuzz/$$n; \
	  echo "built build/fuzz/$$n"; done

fuzz: fuzz-build
	bash fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_JOBS) $(FUZZ_TARGETS)

# The end-to-end tests with the CLI under valgrind (memcheck), two scripts at
# a time: any error or definite leak fails (tests/valgrind.sh).
valgrind: $(B)/dyad $(B)/tests/chart_demo
	bash tests/valgrind.sh $(B) 2

$(B)/bench/gencorpus: bench/gencorpus.c
	@mkdir -p $(dir $@)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

bench: $(B)/dyad $(B)/bench/gencorpus
	bash bench/run.sh $(B)/dyad $(B)/bench/gencorpus

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)
