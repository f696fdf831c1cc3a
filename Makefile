# Probity — one binary: server, CLI and audit engine.
#   make            optimised ./probity
#   make test       installs deps, builds, runs every test (also under ASan/UBSan)
#   make run        installs deps, builds, creates the demo force, serves it on :8080
#   make bench      benchmarks (not part of the test suite)

CC      ?= gcc
CSTD    := -std=c11 -D_GNU_SOURCE
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Werror
# Route tables (src/web/*_pages.c) list only the fields a route sets; the rest are 0.
WARN    += -Wno-missing-field-initializers
# gcc-only warnings, so clang (CC=clang) builds too.
ifeq ($(shell $(CC) --version 2>/dev/null | grep -c clang),0)
WARN    += -Wno-format-truncation
endif
DEPFLAGS := -MMD -MP
INC     := -Isrc
# libpq: the PostgreSQL backend (src/store/store_pg.c), for forces that
# outgrow one SQLite file; Debian's libpq-dev.
INC     += -I/usr/include/postgresql -DPROBITY_WITH_PG
LIBS    := -lpq -lsqlite3 -lmicrohttpd -ljansson -lsodium -lxlsxwriter -lz -lzstd -lcurl -lcrypto -lpthread -lm

REL_CFLAGS  := $(CSTD) $(WARN) $(INC) $(DEPFLAGS) -O2 -g
ASAN_CFLAGS := $(CSTD) $(WARN) $(INC) $(DEPFLAGS) -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined

SRCS      := $(wildcard src/core/*.c src/store/*.c src/domain/*.c src/audit/*.c src/demo/*.c src/web/*.c src/cli/*.c)
LIB_SRCS  := $(filter-out src/cli/main.c,$(SRCS))
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))
PG_MIGRATIONS := $(wildcard src/store/migrations/pg/*.sql)
TEST_SRCS := $(wildcard tests/unit/test_*.c)

# The web assets compiled into the binary (scripts/embed-assets.sh).
ASSET_FILES := $(wildcard node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.* assets/*) \
               $(shell find node_modules/govuk-frontend/dist/govuk/assets -type f 2>/dev/null)

REL_OBJS  := $(patsubst %.c,build/rel/%.o,$(LIB_SRCS)) build/rel/gen/migrations.o build/rel/gen/assets.o
ASAN_OBJS := $(patsubst %.c,build/asan/%.o,$(LIB_SRCS)) build/asan/gen/migrations.o build/asan/gen/assets.o
REL_TESTS := $(patsubst tests/unit/%.c,build/rel/tests/%,$(TEST_SRCS))
ASAN_TESTS:= $(patsubst tests/unit/%.c,build/asan/tests/%,$(TEST_SRCS))

.PHONY: all test test-quick run deps clean bench asan fuzz install deb
all: probity

probity: build/rel/src/cli/main.o build/rel/libprobity.a
	$(CC) $(REL_CFLAGS) -o $@ $^ $(LIBS)

build/asan/probity: build/asan/src/cli/main.o build/asan/libprobity.a
	$(CC) $(ASAN_CFLAGS) -o $@ $^ $(LIBS)

build/rel/libprobity.a: $(REL_OBJS)
	@rm -f $@; ar rcs $@ $^
build/asan/libprobity.a: $(ASAN_OBJS)
	@rm -f $@; ar rcs $@ $^

build/gen/migrations.c: $(MIGRATIONS) $(PG_MIGRATIONS) scripts/embed-sql.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-sql.sh $(MIGRATIONS) > $@

build/gen/assets.c: $(ASSET_FILES) scripts/embed-assets.sh
	@mkdir -p $(dir $@)
	sh scripts/embed-assets.sh > $@.tmp && mv $@.tmp $@

build/rel/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -c -o $@ $<
build/asan/gen/assets.o: build/gen/assets.c
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<

build/rel/gen/migrations.o: build/gen/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -c -o $@ $<
build/asan/gen/migrations.o: build/gen/migrations.c
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -c -o $@ $<
build/asan/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -c -o $@ $<

build/rel/tests/%: tests/unit/%.c build/rel/libprobity.a
	@mkdir -p $(dir $@)
	$(CC) $(REL_CFLAGS) -Itests/unit -o $@ $< build/rel/libprobity.a $(LIBS)
build/asan/tests/%: tests/unit/%.c build/asan/libprobity.a
	@mkdir -p $(dir $@)
	$(CC) $(ASAN_CFLAGS) -Itests/unit -o $@ $< build/asan/libprobity.a $(LIBS)

asan: build/asan/probity $(ASAN_TESTS)
tests-built: probity $(REL_TESTS) asan

deps:
	sh scripts/deps.sh

# The README's test command: everything, from a fresh machine.
test: deps
	$(MAKE) -j2 tests-built
	sh tests/run.sh

# Without the dependency check and the browser (for the edit-compile loop).
test-quick: probity $(REL_TESTS) asan
	PROBITY_NO_BROWSER=1 PROBITY_NO_FRESH=1 sh tests/run.sh

run: deps
	$(MAKE) probity
	@if [ ! -f probity.db ]; then ./probity demo --db probity.db; fi
	./probity serve --db probity.db --port 8080

bench: deps probity
	PROBITY_BENCH=1 sh scripts/deps.sh
	sh bench/web.sh
	sh bench/audit.sh
	sh bench/audit_ingest.sh
	sh bench/audit_store.sh
	sh bench/vetting.sh
	sh bench/procurement.sh
	sh bench/stopsearch.sh
	sh bench/notify.sh
	sh bench/useofforce.sh
	sh bench/intel.sh
	sh bench/complaints.sh
	sh bench/risk.sh
	sh bench/ethics.sh
	sh bench/training.sh

# Install (docs/deploy.md): the binary, probity(1) written from the --help
# texts, the systemd units (not enabled), an example configuration (put in
# place only when there is none) and the deployment guide.
PREFIX     ?= /usr/local
SYSCONFDIR ?= $(PREFIX)/etc
SYSTEMDDIR ?= $(PREFIX)/lib/systemd/system
BIN        ?= ./probity
install: $(if $(filter ./probity,$(BIN)),probity)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(SYSTEMDDIR) \
		$(DESTDIR)$(SYSCONFDIR)/probity $(DESTDIR)$(PREFIX)/share/doc/probity/examples
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/probity
	sh scripts/manpage.sh $(BIN) > $(DESTDIR)$(PREFIX)/share/man/man1/probity.1
	for u in packaging/systemd/*; do \
		sed 's|@BINDIR@|$(PREFIX)/bin|g' $$u > $(DESTDIR)$(SYSTEMDDIR)/$${u##*/} || exit 1; done
	install -m 0644 packaging/probity.conf $(DESTDIR)$(PREFIX)/share/doc/probity/examples/probity.conf
	[ -e $(DESTDIR)$(SYSCONFDIR)/probity/probity.conf ] || \
		install -m 0640 packaging/probity.conf $(DESTDIR)$(SYSCONFDIR)/probity/probity.conf
	install -m 0644 docs/deploy.md $(DESTDIR)$(PREFIX)/share/doc/probity/deploy.md

# The Debian package, built/probity_VERSION_ARCH.deb (scripts/deb.sh).
deb: probity
	@mkdir -p build
	sh scripts/deb.sh ./probity build

# libFuzzer harnesses (needs clang); FUZZ_SECONDS per harness.
fuzz:
	sh tests/fuzz/run.sh $${FUZZ_SECONDS:-60}

clean:
	rm -rf build probity

# Header dependencies written by -MMD -MP: touching a header rebuilds only
# the objects and tests that include it.
-include $(shell find build -name '*.d' 2>/dev/null)
