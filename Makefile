# Rounds: `make run` serves the demo site, `make test` runs every test.
# Variant builds (sanitizers) go to their own folder: make B=build/asan SAN=1,
# make B=build/tsan SAN=thread (ThreadSanitizer)

B ?= build
SAN ?=
CC ?= cc
PKGS := libmicrohttpd sqlite3 libpq libsodium jansson libcurl libcmark-gfm libmagic

WARN := -std=c17 -D_GNU_SOURCE -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wvla -Werror
ifeq ($(SAN),1)
OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else ifeq ($(SAN),thread)
OPT := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
else ifeq ($(SAN),fuzz)
OPT := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
else
OPT := -O2 -g
endif
CFLAGS := $(WARN) $(OPT) -MMD -MP -Isrc -Isrc/views -I$(B)/gen $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
LDFLAGS := $(filter -fsanitize=%,$(OPT))

SRC := $(wildcard src/core/*.c src/http/*.c src/policy/*.c src/store/*.c src/store/sqlite/*.c src/store/pg/*.c \
	src/views/*.c src/pages/*.c src/text/*.c src/mail/*.c src/cli/*.c)
MAIN := src/cli/main.c
LIBOBJ := $(patsubst src/%.c,$(B)/obj/%.o,$(filter-out $(MAIN),$(SRC))) $(B)/obj/gen/views_gen.o
TEMPLATES := $(sort $(wildcard templates/*.html))
UNIT := $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/test_*.c)) \
	$(patsubst tests/fuzz/fuzz_%.c,$(B)/unit/fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))

.PHONY: all deps run test unit bench soak bench-writes lint fuzz clean
all: $(B)/rounds

deps:
	@scripts/deps.sh build

# The template compiler is a host tool, always built without sanitizers.
build/tmplc: tools/tmplc.c
	@mkdir -p build
	$(CC) $(WARN) -O2 -g -o $@ $<

$(B)/gen/views_gen.c: build/tmplc $(TEMPLATES)
	@mkdir -p $(B)/gen
	build/tmplc -o $(B)/gen/views_gen $(TEMPLATES)
$(B)/gen/views_gen.h: $(B)/gen/views_gen.c

$(B)/obj/gen/views_gen.o: $(B)/gen/views_gen.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isrc/views -c -o $@ $<

$(B)/obj/%.o: src/%.c $(B)/gen/views_gen.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(B)/rounds: $(B)/obj/cli/main.o $(LIBOBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/unit/%: tests/unit/%.c $(LIBOBJ) tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIBOBJ) $(LDLIBS)

# --- views unit test (owner: the template compiler and views runtime) -------
# tests/unit/test_views.c renders the fixture templates tests/unit/templates/
# t_*.html, compiled into their own generated file so their view_t_* names
# never meet the site's.  It links only the sources it needs (not $(LIBOBJ)),
# so it builds while the rest of the tree is in progress; this explicit rule
# overrides the generic $(B)/unit/% rule.
VIEWS_TEST_TMPL := $(sort $(wildcard tests/unit/templates/*.html))
VIEWS_TEST_SRC := src/core/arena.c src/core/str.c src/views/view.c src/views/escape.c

$(B)/gen/test_views_gen.c: build/tmplc $(VIEWS_TEST_TMPL)
	@mkdir -p $(B)/gen
	build/tmplc -o $(B)/gen/test_views_gen $(VIEWS_TEST_TMPL)
$(B)/gen/test_views_gen.h: $(B)/gen/test_views_gen.c

$(B)/unit/test_views: tests/unit/test_views.c $(B)/gen/test_views_gen.c $(VIEWS_TEST_SRC) \
		tests/unit/unit.h src/views/view.h src/core/str.h src/core/arena.h
	@mkdir -p $(dir $@)
	$(CC) $(filter-out -MMD -MP,$(CFLAGS)) -Isrc/views $(LDFLAGS) -o $@ \
		tests/unit/test_views.c $(B)/gen/test_views_gen.c $(VIEWS_TEST_SRC)
# --- end of the views unit test ---------------------------------------------

# Each fuzz target is built twice: as a replay of its corpus (and of every
# crash ever found), run by the unit suite, and, with `make fuzz`, as a
# libFuzzer binary (clang) for real fuzzing: build/fuzz/bin/fuzz_NAME tests/fuzz/corpus/NAME
$(B)/unit/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -DCORPUS='"tests/fuzz/corpus/$*"' -o $@ $< tests/fuzz/replay.c $(LIBOBJ) $(LDLIBS)

$(B)/bin/fuzz_%: tests/fuzz/fuzz_%.c $(LIBOBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(LIBOBJ) $(LDLIBS)

fuzz:
	$(MAKE) B=build/fuzz SAN=fuzz CC=clang $(patsubst tests/fuzz/fuzz_%.c,build/fuzz/bin/fuzz_%,$(wildcard tests/fuzz/fuzz_*.c))

unit: $(UNIT)

run:
	@scripts/run.sh

test:
	@scripts/test.sh

bench:
	@bench/run.sh

# The soak (issue 11): 30 minutes of mixed reads and writes at 64
# connections against the demo site, with errors and memory reported
# (bench/soak.mjs; SOAK_SECONDS, SOAK_CONNS, SOAK_WRITES, SOAK_PG, SOAK_CACHE_MB).
soak: $(B)/rounds
	@scripts/deps.sh test >/dev/null
	@ROUNDS_BIN=$(B)/rounds node bench/soak.mjs

# Write throughput (issue 11): replies a second with full durability on
# SQLite and PostgreSQL at 1, 16 and 64 connections, against the disk's own
# fsyncs a second measured in the same run (bench/writes.mjs; WRITES_STORES,
# WRITES_SECONDS, WRITES_CONNS, WRITES_MEMBERS).
bench-writes: $(B)/rounds
	@scripts/deps.sh test >/dev/null
	@ROUNDS_BIN=$(B)/rounds node bench/writes.mjs

# --- bench: the large site (issues 9 and 11) ----------------------------------
# rounds-gen fills a migrated database with a large site (bench/gen.c; not
# part of the rounds binary); bench-large times search and pages on it, on
# SQLite and PostgreSQL (bench/search.sh).  Neither is part of `make test`.
.PHONY: bench-large
$(B)/rounds-gen: bench/gen.c bench/gen_words.h src/store/sqlite/sqlite_terms.c src/store/sqlite/sqlite_terms.h
	@mkdir -p $(B)
	$(CC) $(filter-out -MMD -MP,$(CFLAGS)) $(LDFLAGS) -o $@ bench/gen.c src/store/sqlite/sqlite_terms.c $(LDLIBS) -lm

bench-large: $(B)/rounds $(B)/rounds-gen
	@B=$(B) bench/search.sh
# --- end of the large site ------------------------------------------------------

lint:
	@tools/lint.sh

clean:
	rm -rf build

-include $(shell find $(B)/obj $(B)/unit -name '*.d' 2>/dev/null)
