#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# scripts/checkpatch.pl --strict on every patch of the series, as
# git format-patch exports it.  One TAP line per patch; counts in
# build/results/checkpatch.counts.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
T=$B/tree
mkdir -p "$B/results" "$B/logs/checkpatch"
p=0 f=0 i=0
for c in $(git -C "$T" rev-list --reverse pristine..series); do
	i=$((i + 1))
	subj=$(git -C "$T" log -1 --format=%s "$c")
	out=$B/logs/checkpatch/$(printf '%04d' $i).txt
	git -C "$T" format-patch -1 --stdout "$c" >"$out.patch"
	if (cd "$T" && perl scripts/checkpatch.pl --strict --no-tree --terse \
		--ignore FILE_PATH_CHANGES "$out.patch") >"$out" 2>&1; then
		p=$((p + 1)); echo "ok $i checkpatch: $subj"
	else
		f=$((f + 1)); echo "not ok $i checkpatch: $subj"
		sed 's/^/#   /' "$out" | head -n 30
	fi
done
echo "$p $f 0" >"$B/results/checkpatch.counts"
[ "$f" -eq 0 ]
