# Thin wrapper over CMake. `make` builds, `make test` builds and runs every test,
# `make demo` runs the demo, `make fuzz` builds the libFuzzer targets (clang), `make bench` the benchmarks.
BUILD_DIR ?= build
JOBS ?= 2
BUILD_TYPE ?= Release

.PHONY: all deps configure build test demo fuzz bench clean format

all: build

deps:
	@scripts/install-deps

$(BUILD_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: deps $(BUILD_DIR)/CMakeCache.txt

build: configure
	cmake --build $(BUILD_DIR) -j$(JOBS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS)

demo: build
	$(BUILD_DIR)/stepshift demo

fuzz:
	@scripts/install-deps fuzz
	cmake -S . -B fuzz-build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_C_COMPILER=clang -DSTEPSHIFT_FUZZ=ON -DSTEPSHIFT_BUILD_TESTS=OFF
	cmake --build fuzz-build -j$(JOBS) --target request_fuzzer asl_parser_fuzz asl_path_fuzz metric_math_fuzz jsonata_fuzz

bench: configure
	cmake --build $(BUILD_DIR) -j$(JOBS) --target asl_bench cloudwatch_bench executions_bench jsonata_bench verdict_bench stepshift

format:
	find src tests bench fuzz -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR) fuzz-build
