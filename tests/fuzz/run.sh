#!/bin/sh
# Build and run every libFuzzer harness tests/fuzz/fuzz_*.c for a while
# (SECONDS per harness, default 60), each with its corpus in
# tests/fuzz/corpus/NAME/ (new interesting inputs are added there).
# Not part of `make test`: run by hand, or `make fuzz`.
#   sh tests/fuzz/run.sh [SECONDS] [NAME...]
set -e
cd "$(dirname "$0")/../.."
secs=${1:-60}
[ $# -gt 0 ] && shift
command -v clang >/dev/null || { echo "fuzz: needs clang (apt-get install clang)"; exit 1; }
mkdir -p build/fuzz
make -s build/gen/migrations.c build/gen/assets.c
SRCS=$(ls src/core/*.c src/store/*.c src/domain/*.c src/audit/*.c src/demo/*.c src/web/*.c src/cli/*.c | grep -v src/cli/main.c)
LIBS="-lpq -lsqlite3 -lmicrohttpd -ljansson -lsodium -lxlsxwriter -lminizip -lexpat -lz -lzstd -lcurl -lcrypto -lpthread -lm"
for h in tests/fuzz/fuzz_*.c; do
	name=$(basename "$h" .c | sed 's/^fuzz_//')
	if [ $# -gt 0 ] && ! echo " $* " | grep -q " $name "; then continue; fi
	echo "fuzz: building $name"
	clang -std=c11 -D_GNU_SOURCE -g -O1 -Isrc -I/usr/include/postgresql -DPROBITY_WITH_PG -fsanitize=fuzzer,address,undefined \
		-o "build/fuzz/$name" "$h" $SRCS build/gen/migrations.c build/gen/assets.c $LIBS
	mkdir -p "tests/fuzz/corpus/$name"
	echo "fuzz: running $name for ${secs}s"
	"build/fuzz/$name" -max_total_time="$secs" -max_len=65536 "tests/fuzz/corpus/$name" 2>&1 | tail -3
done
