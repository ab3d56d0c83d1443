# Warta: two commands on a fresh Debian 12 machine, as root.
#   make demo   install what is missing, build, ingest the sample corpus, print it
#   make test   install what is missing, build, run the test suite
BUILD ?= build
JOBS ?= $(shell nproc)
DB ?= warta.db

.PHONY: all deps configure build demo test test-slow bench format clean

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

format:
	clang-format -i $$(git ls-files '*.cc' '*.h')

clean:
	rm -rf $(BUILD) $(BUILD).configure.log
