#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the series' KUnit tests on UML with the project's .kunitconfig.
# Writes "passed failed skipped" to build/results/kunit.counts.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
mkdir -p "$B/results" "$B/logs"
export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
log=$B/logs/kunit.log

# The build directory is inside the tree so that srctree is relative and
# ccache entries survive a re-extraction.
cd "$B/tree" || exit 1
python3 tools/testing/kunit/kunit.py run --kunitconfig="$ROOT/.kunitconfig" \
	--build_dir=.kunit --jobs="$(nproc)" --timeout=600 \
	--make_options="CC=$cc" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

line=$(grep -E 'Testing complete\. Ran [0-9]+ tests' "$log" | tail -n 1)
p=$(sed -nE 's/.*passed: ([0-9]+).*/\1/p' <<<"$line"); p=${p:-0}
f=$(sed -nE 's/.*failed: ([0-9]+).*/\1/p' <<<"$line"); f=${f:-0}
s=$(sed -nE 's/.*skipped: ([0-9]+).*/\1/p' <<<"$line"); s=${s:-0}
c=$(sed -nE 's/.*crashed: ([0-9]+).*/\1/p' <<<"$line"); f=$((f + ${c:-0}))
if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
	echo "kunit: kunit.py failed (exit $rc) without a failed test: counted as one failure"
	f=1
fi
# Every suite the series declares must have run: a suite dropped by a
# wrong #ifdef or Kconfig dependency would otherwise vanish silently.
suites=$(cd "$ROOT" && awk '/struct kunit_suite/ { want = 1 }
	want && match($0, /\.name = "[^"]+"/) { print substr($0, RSTART + 9, RLENGTH - 10); want = 0 }' \
	$(git ls-files '*_kunit.h' '*_kunit.c') </dev/null)
if [ -z "$suites" ]; then
	echo "kunit: found no declared suite in $ROOT: counted as one failure"
	f=$((f + 1))
fi
for suite in $suites; do
	if ! grep -qE "=+ \[(PASSED|FAILED|SKIPPED|CRASHED)\] $suite =+" "$log"; then
		echo "kunit: suite $suite did not run: counted as one failure"
		f=$((f + 1))
	fi
done
if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
	echo "kunit: no test ran: counted as one failure"
	f=1
fi
echo "$p $f $s" >"$B/results/kunit.counts"
echo "kunit: $p passed, $f failed, $s skipped"
[ "$f" -eq 0 ]
