# Warta: two commands on a fresh Debian 12 machine, as root.
#   make demo   install what is missing, build, ingest the sample corpus, print it
#   make test   install what is missing, build, run the test suite
BUILD ?= build
JOBS ?= $(shell nproc)
DB ?= warta.db

.PHONY: all deps configure build demo test test-slow bench format format-check ci-full \
  format-check-all tidy tidy-all test-debug ci clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo > $(BUILD).configure.log 2>&1 \
	  || (cat $(BUILD).configure.log; exit 1)

build: configure
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	./$(BUILD)/warta --db $(DB) demo

# Fast tests only; `make test-slow` runs the ones labelled slow.
test: build
	ctest --test-dir $(BUILD) -LE slow --output-on-failure -j$(JOBS)

test-slow: build
	ctest --test-dir $(BUILD) -L slow --output-on-failure

bench: build
	./$(BUILD)/bench/ingest_bench
	./$(BUILD)/bench/freshness_bench

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

# The commit the change under review started from: the merge base of HEAD
# with $(BASE) (main, or origin/main in a clone). On main itself it is HEAD,
# and the checks below have nothing to look at.
BASE ?= main
MERGE_BASE = $(shell git merge-base HEAD $(BASE) 2>/dev/null || git merge-base HEAD origin/$(BASE) 2>/dev/null)

# clang-format in check mode on the lines of .cc and .h files changed since
# the merge base (committed or not): prints the diff that `git clang-format
# $(MERGE_BASE)` would apply and fails if there is one. Lines nobody touched
# are left as they are; `make format-check-all` checks the whole tree.
format-check:
	@mb="$(MERGE_BASE)"; [ -n "$$mb" ] || { echo "format-check: no merge base with $(BASE)"; exit 1; }; \
	  echo "format-check: lines changed since $$(git rev-parse --short $$mb)"; \
	  git clang-format --diff --extensions cc,h $$mb

format-check-all:
	@bad=$$(for f in $$(git ls-files '*.cc' '*.h'); do \
	  clang-format --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; done); \
	  if [ -n "$$bad" ]; then echo "$$bad"; echo "format-check-all: $$(echo "$$bad" | wc -l) files to format"; exit 1; fi

# clang-tidy (.clang-tidy; every warning is an error) on the .cc files
# changed since the merge base, and on the .cc beside each changed header,
# with the compile commands of $(BUILD). `make tidy-all` checks every file
# (about 15 minutes on 2 cores).
TIDY = run-clang-tidy -quiet -p $(BUILD) -j$(JOBS) -extra-arg=-Wno-unknown-warning-option
tidy: configure
	@mb="$(MERGE_BASE)"; [ -n "$$mb" ] || { echo "tidy: no merge base with $(BASE)"; exit 1; }; \
	  files=$$(git diff --name-only --diff-filter=d $$mb -- '*.cc' '*.h' | sed 's/\.h$$/.cc/' \
	    | sort -u | while read f; do [ -f "$$f" ] && grep -q "/$$f\"" $(BUILD)/compile_commands.json && echo "$$f"; done); \
	  if [ -z "$$files" ]; then echo "tidy: no changed .cc files"; exit 0; fi; \
	  echo "tidy:" $$files; \
	  $(TIDY) $$(for f in $$files; do echo "$(CURDIR)/$$f\$$"; done) > $(BUILD).tidy.log 2>&1 \
	    || { grep -E 'warning:|error:' -A3 $(BUILD).tidy.log | head -100; exit 1; }

tidy-all: configure
	$(TIDY) > $(BUILD).tidy.log 2>&1 || { grep -E 'warning:|error:' -A3 $(BUILD).tidy.log | head -100; exit 1; }

# The unit tests built as Debug (assertions on) in build-debug: only the
# test binaries named in DEBUG_TESTS and what they link, no benchmarks, then
# their fast tests (ctest lists the tests of binaries not built as
# NAME_NOT_BUILT; they are left out).
DEBUG_BUILD ?= build-debug
DEBUG_TESTS ?= util_test text_test read_test clean_test facts_test dedup_test story_test
test-debug: deps
	@cmake -S . -B $(DEBUG_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DWARTA_BUILD_BENCH=OFF \
	  > $(DEBUG_BUILD).configure.log 2>&1 || (cat $(DEBUG_BUILD).configure.log; exit 1)
	cmake --build $(DEBUG_BUILD) -j$(JOBS) --target $(DEBUG_TESTS)
	ctest --test-dir $(DEBUG_BUILD) -LE slow -E '_NOT_BUILT$$' --output-on-failure -j$(JOBS)

# What CI runs (.ci/run), cheapest first; ci-full adds the sanitizer and
# Debug runs, which do not fit CI's 30 minutes on 2 cores yet.
ci: format-check test tidy
ci-full: ci test-sanitize test-debug

clean:
	rm -rf $(BUILD) $(BUILD).configure.log

# Sanitizers: warta and the unit tests of read, clean (and page), text,
# facts, story and store built with AddressSanitizer and UBSan (any
# undefined behaviour aborts) in build-asan, then those tests and the
# hostile-input corpus (tests/bad_input_test) run there.
.PHONY: test-sanitize
ASAN_BUILD ?= build-asan
SANITIZE_TESTS ?= src/read/read_test src/clean/clean_test src/clean/page_test \
  src/text/text_test src/facts/facts_test src/story/story_test src/store/store_test \
  tests/bad_input_test
test-sanitize: deps
	@cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DWARTA_SANITIZE=ON -DWARTA_BUILD_BENCH=OFF \
	  -DCMAKE_CXX_FLAGS="-fno-sanitize-recover=undefined" \
	  > $(ASAN_BUILD).configure.log 2>&1 || (cat $(ASAN_BUILD).configure.log; exit 1)
	cmake --build $(ASAN_BUILD) -j$(JOBS) --target warta $(notdir $(SANITIZE_TESTS))
	@set -e; for t in $(SANITIZE_TESTS); do echo "test-sanitize: $$t"; \
	  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    ./$(ASAN_BUILD)/$$t --gtest_brief=1; done

# Fuzzing: the libFuzzer targets of the readers (src/read/*_fuzz.cc), of
# the page path (src/clean/page_fuzz.cc), of the number and date finders
# (src/text/*_fuzz.cc) and of saved story state
# (src/story/clusterer_fuzz.cc, which writes its own seeds), built with clang and
# -fsanitize=fuzzer,address,undefined in build-fuzz, each run for
# FUZZ_SECONDS from a seed corpus copied out of tests/data
# (`make fuzz FUZZ_TARGETS=warc_fuzz FUZZ_SECONDS=600` runs one). New inputs
# are kept in build-fuzz/corpus/NAME, crashes in build-fuzz/crashes/NAME. Not
# part of `make test` or CI.
.PHONY: fuzz
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
READ_FUZZERS = sniff_fuzz jsonl_fuzz gzip_fuzz warc_fuzz feed_fuzz
TEXT_FUZZERS = numbers_fuzz dates_fuzz
FUZZ_TARGETS ?= $(READ_FUZZERS) page_fuzz $(TEXT_FUZZERS) clusterer_fuzz
FUZZ_SEEDS_sniff_fuzz = tests/data/read/* tests/data/bad/*.* data/corpus/seeds/*
FUZZ_SEEDS_jsonl_fuzz = tests/data/bad/*.jsonl tests/data/claims/*/gold.jsonl
FUZZ_SEEDS_gzip_fuzz = tests/data/bad/*.gz
FUZZ_SEEDS_warc_fuzz = tests/data/read/*.warc tests/data/bad/*.warc tests/data/bad/*.warc.gz
FUZZ_SEEDS_feed_fuzz = tests/data/read/*.rss tests/data/read/*.atom tests/data/bad/*.rss tests/data/bad/*.xml
FUZZ_SEEDS_page_fuzz = tests/data/read/*.html data/corpus/seeds/*
FUZZ_SEEDS_text_fuzz = tests/data/claims/*/*.txt data/corpus/seeds/*
fuzz: deps
	@cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++ -DWARTA_READ_FUZZ=ON -DWARTA_PAGE_FUZZ=ON \
	  -DWARTA_TEXT_FUZZ=ON -DWARTA_STORY_FUZZ=ON \
	  -DWARTA_WERROR=OFF -DWARTA_BUILD_TESTS=ON -DWARTA_BUILD_BENCH=OFF \
	  -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
	  > $(FUZZ_BUILD).configure.log 2>&1 || (cat $(FUZZ_BUILD).configure.log; exit 1)
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target $(FUZZ_TARGETS)
	@set -e; for f in $(FUZZ_TARGETS); do \
	  case $$f in page_fuzz) bin=$(FUZZ_BUILD)/src/clean/$$f;; numbers_fuzz|dates_fuzz) bin=$(FUZZ_BUILD)/src/text/$$f;; \
	    clusterer_fuzz) bin=$(FUZZ_BUILD)/src/story/$$f;; *) bin=$(FUZZ_BUILD)/src/read/$$f;; esac; \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$f $(FUZZ_BUILD)/seeds/$$f $(FUZZ_BUILD)/crashes/$$f; \
	  seeds="$(FUZZ_SEEDS_sniff_fuzz)"; \
	  case $$f in \
	    jsonl_fuzz) seeds="$(FUZZ_SEEDS_jsonl_fuzz)";; gzip_fuzz) seeds="$(FUZZ_SEEDS_gzip_fuzz)";; \
	    warc_fuzz) seeds="$(FUZZ_SEEDS_warc_fuzz)";; feed_fuzz) seeds="$(FUZZ_SEEDS_feed_fuzz)";; \
	    page_fuzz) seeds="$(FUZZ_SEEDS_page_fuzz)";; \
	    numbers_fuzz|dates_fuzz) seeds="$(FUZZ_SEEDS_text_fuzz)";; clusterer_fuzz) seeds="";; \
	  esac; \
	  i=0; for s in $$seeds; do i=$$((i + 1)); cp "$$s" $(FUZZ_BUILD)/seeds/$$f/$$i-$$(basename "$$s"); done; \
	  echo "fuzz: $$f for $(FUZZ_SECONDS) s"; \
	  WARTA_FUZZ_SEEDS=$(FUZZ_BUILD)/seeds/$$f $$bin -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
	    -print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/crashes/$$f/ \
	    $(FUZZ_BUILD)/corpus/$$f $(FUZZ_BUILD)/seeds/$$f 2> $(FUZZ_BUILD)/$$f.log \
	    || { tail -50 $(FUZZ_BUILD)/$$f.log; exit 1; }; \
	  grep -E '^stat::number_of_executed_units|^stat::new_units_added|^Done' $(FUZZ_BUILD)/$$f.log || true; \
	done
