#!/bin/sh
# cputime.sh measures the feed benchmarks in CPU time rather than wall
# time: on a machine shared with other jobs, `go test -bench` reports the
# wall clock, which counts the time the benchmark waits for a core. Each
# benchmark runs twice in its own process, N and 1 iterations, and the
# difference of their user+system times is the cost of N-1 parses
# (garbage collection included, process start and rules loading not).
#
#   docs/perf/cputime.sh [N] [benchmark regexp]
#
# prints, per fixture: bytes, CPU µs per parse, MB/s (1 MB = 10^6 bytes).
set -eu
N=${1:-2001}
PATTERN=${2:-.}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${FEEDLENS_SHARED:-$(cd "$ROOT/.." && pwd)/shared}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cputime.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT/shared/feed"
go test -c -o "$TMP/feed.test" .
export FEEDLENS_SHARED="$SHARED"
cpu() { # benchmark iterations → CPU seconds
	/usr/bin/time -f "%U %S" -o "$TMP/time" "$TMP/feed.test" -test.run '^$' -test.bench "^$1\$" -test.benchtime "$2x" -test.cpu 1 >"$TMP/out" 2>&1
	awk '{print $1 + $2}' "$TMP/time"
}
"$TMP/feed.test" -test.list '^Benchmark' | grep -E "$PATTERN" | while read -r bench; do
	"$TMP/feed.test" -test.run '^$' -test.bench "^$bench\$" -test.benchtime 1x -test.cpu 1 -test.v 2>/dev/null |
		sed -n "s|^    --- BENCH: $bench/||p; s|^$bench/\([^ ]*\) .*|\1|p" | sort -u | while read -r fixture; do
		sub="$bench/$(printf '%s' "$fixture" | sed 's/[.]/[.]/g')"
		one=$(cpu "$sub" 1)
		many=$(cpu "$sub" "$N")
		size=$(wc -c <"$SHARED/fixtures/$fixture")
		awk -v f="$fixture" -v s="$size" -v n="$N" -v a="$one" -v b="$many" 'BEGIN {
			us = (b - a) / (n - 1) * 1e6
			printf "%-60s %8d B %8.0f µs %7.0f MB/s\n", f, s, us, s / us
		}'
	done
done
