# instroom: the two commands of the README, and the rest.
#   make          build build/instroom
#   make run      install what is missing, build, create the demo database, serve
#   make test     build with ASan+UBSan and run every test suite
#   make bench    run the benchmarks in bench/
#   make fuzz     run every fuzz target (FUZZ_SECONDS each, default 60)
# Variables: PORT (8080), DB (var/instroom.db), HOST (127.0.0.1).

PORT ?= 8080
HOST ?= 127.0.0.1
DB ?= var/instroom.db
FUZZ_SECONDS ?= 60
BUILD := build
TEST_BUILD := build-test
FUZZ_BUILD := build-fuzz

.PHONY: all run test bench fuzz clean bootstrap

all:
	@test -f $(BUILD)/build.ninja || meson setup $(BUILD) --buildtype=debugoptimized >/dev/null
	@ninja -C $(BUILD) instroom

bootstrap:
	@scripts/bootstrap

run: bootstrap all
	@mkdir -p $(dir $(DB))
	@$(BUILD)/instroom init --db $(DB) >/dev/null
	@$(BUILD)/instroom demo --db $(DB)
	@echo
	@echo "instroom runs at http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	@exec $(BUILD)/instroom serve --db $(DB) --listen $(HOST):$(PORT)

test: bootstrap
	@test -f $(TEST_BUILD)/build.ninja || meson setup $(TEST_BUILD) --buildtype=debug \
		-Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	@ninja -C $(TEST_BUILD)
	@scripts/test-all $(TEST_BUILD)

bench: bootstrap
	@test -f $(BUILD)-release/build.ninja || meson setup $(BUILD)-release --buildtype=release >/dev/null
	@ninja -C $(BUILD)-release
	@INSTROOM_BIN=$(BUILD)-release/instroom bench/run

fuzz: bootstrap
	@test -f $(FUZZ_BUILD)/build.ninja || CC=clang meson setup $(FUZZ_BUILD) --buildtype=debug \
		-Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	@ninja -C $(FUZZ_BUILD)
	@scripts/fuzz-all $(FUZZ_BUILD) $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD) $(BUILD)-release $(TEST_BUILD) $(FUZZ_BUILD)
