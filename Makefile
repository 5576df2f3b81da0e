# ipcbench — see README.md. `make run` and `make test` are the two commands a user needs.
CC      ?= cc
# Parallel by default: one job per CPU (an explicit -jN on the command line still wins).
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc 2>/dev/null || echo 2)
endif
VERSION := 0.1.0
GITREV  := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
PKGS    := hwloc numa
WARN    := -Wall -Wextra $(if $(filter true,$(CI)),-Werror,) $(if $(WERROR),-Werror,)
CFLAGS  ?= -O2 -g
CPPFLAGS += -D_GNU_SOURCE -Iharness -Ibench -Ilrpc -Ibuild -DIPCBENCH_VERSION='"$(VERSION)"'
ALLFLAGS = -std=c11 $(CFLAGS) $(WARN) $(CPPFLAGS) -MMD -MP
LDLIBS   = -lpfm -lrt -lm -lpthread $(shell pkg-config --libs $(PKGS) 2>/dev/null)
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

SRC      := $(sort $(shell find harness bench lrpc -name '*.c'))
LIB_SRC  := $(filter-out harness/main.c,$(SRC))
OBJ      := $(SRC:%.c=build/%.o)
SAN_OBJ  := $(LIB_SRC:%.c=build/san/%.o)
TEST_SUP := $(filter-out tests/test_%.c,$(wildcard tests/*.c))
TEST_SUP_OBJ := $(TEST_SUP:%.c=build/san/%.o)
TESTS    := $(patsubst tests/%.c,build/tests/%,$(wildcard tests/test_*.c))
CONFIG   ?= configs/quick.conf
Q        := $(if $(V),,@)

.PHONY: all deps run test plots clean distclean FORCE
.SECONDARY:
all: deps ipcbench

deps:
	@sh mk/deps.sh

ipcbench: $(OBJ)
	@echo "  LD      $@"
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LDLIBS)

build/%.o: %.c | deps build/version.h
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	$(Q)$(CC) $(ALLFLAGS) -c -o $@ $<

build/san/%.o: %.c | deps build/version.h
	@mkdir -p $(dir $@)
	@echo "  CC-SAN  $<"
	$(Q)$(CC) $(ALLFLAGS) $(SAN) -c -o $@ $<

build/tests/%: build/san/tests/%.o $(SAN_OBJ) $(TEST_SUP_OBJ)
	@mkdir -p $(dir $@)
	@echo "  LD-TEST $@"
	$(Q)$(CC) $(CFLAGS) $(SAN) -o $@ $^ -lcmocka $(LDLIBS)

run: all
	./ipcbench run -c $(CONFIG)
	@if [ -x ./ipcbench ] && ./ipcbench help plot >/dev/null 2>&1; then ./ipcbench plot results/latest; fi

# Figures and report.html of the newest run (gnuplot; see `ipcbench help plot`).
plots: all
	./ipcbench plot results/latest

test: all $(TESTS)
	@IPCBENCH=./ipcbench sh mk/run-tests.sh $(TESTS)

clean:
	rm -rf build ipcbench

distclean: clean
	find results -mindepth 1 -not -name .gitkeep -exec rm -rf {} +

-include $(OBJ:.o=.d) $(SAN_OBJ:.o=.d) $(TEST_SUP_OBJ:.o=.d) $(TESTS:build/tests/%=build/san/tests/%.d)

# The git revision, rewritten only when it changes so that only its users rebuild.
build/version.h: FORCE
	@mkdir -p build
	@echo '#define IPCBENCH_GITREV "$(GITREV)"' > $@.tmp
	@cmp -s $@.tmp $@ || mv $@.tmp $@
	@rm -f $@.tmp
FORCE:

# Fuzzing with libFuzzer (clang): `make fuzz FUZZ_TIME=60` runs each target that long.
# New corpus entries stay under build/fuzz; crashers are written there too: copy them to
# tests/fuzz/crashers/ (named config-* or csv-*) so that `make test` replays them.
FUZZ_TIME ?= 60
FUZZERS   := config csv
FUZZ_CC   := clang
FUZZ_FLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined $(CPPFLAGS) -Itests
.PHONY: fuzz
fuzz: deps build/version.h
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
