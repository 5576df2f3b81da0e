# ipcbench — see README.md. `make run` and `make test` are the two commands a user needs.
CC      ?= cc
# Parallel by default: one job per CPU (an explicit -jN on the command line still wins).
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
VERSION := 0.1.0
# The commit, and "-dirty" when the tree differs from it: a figure must not claim a commit
# it was not built from.
GITREV  := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell \
	git rev-parse -q --verify HEAD >/dev/null 2>&1 && ! git diff --quiet HEAD -- 2>/dev/null \
	&& echo -dirty)
PKGS    := hwloc numa
WARN    := -Wall -Wextra $(if $(filter true,$(CI)),-Werror,) $(if $(WERROR),-Werror,)
CFLAGS  ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -Iharness -I. -Ibuild -DIPCBENCH_VERSION='"$(VERSION)"'
ALLFLAGS = -std=c11 $(CFLAGS) $(WARN) $(CPPFLAGS) -MMD -MP
LDLIBS   = -lpfm -lrt -lm -lpthread $(shell pkg-config --libs $(PKGS) 2>/dev/null)
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC      := $(sort $(shell find harness bench lrpc -name '*.c'))
LIB_SRC  := $(filter-out harness/cli/main.c,$(SRC))
OBJ      := $(SRC:%.c=build/%.o)
SAN_OBJ  := $(LIB_SRC:%.c=build/san/%.o)
TEST_SUP := $(filter-out tests/test_%.c,$(wildcard tests/*.c))
TEST_SUP_OBJ := $(TEST_SUP:%.c=build/san/%.o)
TESTS    := $(patsubst tests/%.c,build/tests/%,$(wildcard tests/test_*.c))
CONFIG   ?= configs/quick.conf
Q        := $(if $(V),,@)

.PHONY: all deps deps-optional run test plots clean distclean check-layers docs
.SECONDARY:
all: deps ipcbench

deps:
	@sh mk/deps.sh $(if $(filter deps,$(MAKECMDGOALS)),--tell-optional)

# perf and sockperf, which `ipcbench crosscheck` runs next to ipcbench (installed as root).
deps-optional:
	@sh mk/deps.sh --optional

ipcbench: $(OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/%.o: %.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALLFLAGS) -c -o $@ $<

build/san/%.o: %.c | deps
	@mkdir -p $(dir $@)
	@echo "  CC-SAN  $<"
	$(Q)$(CC) $(ALLFLAGS) $(SAN) -c -o $@ $<

build/tests/%: build/san/tests/%.o $(SAN_OBJ) $(TEST_SUP_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD-TEST $@"
	$(Q)$(CC) $(CFLAGS) $(SAN) -o $@ $^ -lcmocka $(LDLIBS)

# The figures and report are drawn even when some cell failed (exit 1: the report says
# which and why); make run then exits with the run's status.
run: all
	@rc=0; echo "./ipcbench run -c $(CONFIG)"; ./ipcbench run -c $(CONFIG) || rc=$$?; \
	if [ $$rc -le 1 ]; then echo "./ipcbench plot results/latest"; \
		./ipcbench plot results/latest || [ $$rc -ne 0 ] || rc=$$?; fi; \
	[ $$rc -eq 0 ] || echo "make run: exit $$rc (ipcbench --help lists the exit codes)" >&2; \
	exit $$rc

# Figures and report.html of the newest run (gnuplot; see `ipcbench help plot`).
plots: all
	./ipcbench plot results/latest

# The man page and the reference in docs/, made from the tables in the code.
docs: all
	@sh mk/docs.sh

# The include rule (lower layers never include higher ones): mk/check-layers.sh.
check-layers:
	@sh mk/check-layers.sh

test: all check-layers $(TESTS)
	@sh mk/docs.sh --check
	@IPCBENCH=./ipcbench sh mk/run-tests.sh $(TESTS)

clean:
	rm -rf build ipcbench

distclean: clean
	find results -mindepth 1 -not -name .gitkeep -exec rm -rf {} +

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d) $(TEST_SUP_OBJ:.o=.d) $(TESTS:build/tests/%=build/san/tests/%.d)

# The git revision, rewritten (when it changed, so that only its users rebuild) as the
# Makefile is read, before any rule runs.
$(shell mkdir -p build && echo '#define IPCBENCH_GITREV "$(GITREV)"' > build/version.h.tmp && \
	(cmp -s build/version.h.tmp build/version.h || mv build/version.h.tmp build/version.h); \
	rm -f build/version.h.tmp)

# Fuzzing with libFuzzer (clang): `make fuzz FUZZ_TIME=60` runs each target that long.
# New corpus entries stay under build/fuzz; crashers are written there too: copy them to
# tests/fuzz/crashers/ (named config-* or csv-*) so that `make test` replays them.
FUZZ_TIME ?= 60
FUZZERS   := config csv
FUZZ_CC   := clang
FUZZ_FLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) -Itests
.PHONY: fuzz
fuzz: deps gitrev
	@sh mk/deps.sh clang libclang-rt-14-dev
	@mkdir -p build/fuzz
	@for f in $(FUZZERS); do \
		$(FUZZ_CC) $(FUZZ_FLAGS) -o build/fuzz/fuzz_$$f tests/fuzz/fuzz_$$f.c \
			tests/fuzz_targets.c $(LIB_SRC) $(LDLIBS) || exit 1; \
		mkdir -p build/fuzz/corpus-$$f && cp tests/fuzz/corpus/$$f/* build/fuzz/corpus-$$f/; \
		echo "== fuzzing $$f for $(FUZZ_TIME) s"; \
		build/fuzz/fuzz_$$f -max_total_time=$(FUZZ_TIME) -max_len=8192 -print_final_stats=1 \
			-artifact_prefix=build/fuzz/$$f- build/fuzz/corpus-$$f 2>&1 | \
			grep -E 'stat::number_of_executed_units|stat::peak_rss|ERROR|SUMMARY|crash-' ; \
		ls build/fuzz/$$f-crash-* >/dev/null 2>&1 && { echo "crashers in build/fuzz/"; exit 1; }; \
	done; echo "fuzzing: no crashes"

# make install PREFIX=/usr/local (DESTDIR for staging): the binary, the gnuplot scripts it
# finds in ../share/ipcbench/plots, the configs and the man page.
PREFIX ?= /usr/local
.PHONY: install
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/ipcbench/plots \
		$(DESTDIR)$(PREFIX)/share/ipcbench/configs $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0755 ipcbench $(DESTDIR)$(PREFIX)/bin/ipcbench
	install -m 0644 plots/*.gp $(DESTDIR)$(PREFIX)/share/ipcbench/plots/
	install -m 0644 configs/*.conf $(DESTDIR)$(PREFIX)/share/ipcbench/configs/
	install -m 0644 ipcbench.1 $(DESTDIR)$(PREFIX)/share/man/man1/ipcbench.1
