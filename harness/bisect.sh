#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build every commit of the series (series options on) in a separate
# worktree, build/bisect, so that build/tree is left alone: every patch
# must build on its own.  Slow: run by hand, not by make check.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
T=$B/tree
W=$B/bisect
C=$ROOT/harness/config

export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
[ -d "$W" ] || git -C "$T" worktree add -q --detach "$W" pristine
mkdir -p "$W/o"
cat "$C/test.config" "$C/series.config" >"$W/o/oomtest.config"

p=0 f=0 i=0
for c in $(git -C "$T" rev-list --reverse pristine..series); do
	i=$((i + 1))
	subj=$(git -C "$T" log -1 --format=%s "$c")
	git -C "$W" checkout -q -f --detach "$c"
	# Options the commit does not know yet are dropped by Kconfig: fine.
	if make -s -C "$W" O=o ARCH=x86_64 CC="$cc" HOSTCC="$cc" \
		KCONFIG_ALLCONFIG=oomtest.config allnoconfig >/dev/null 2>&1 &&
	   make -s -C "$W" O=o ARCH=x86_64 CC="$cc" HOSTCC="$cc" -j"$(nproc)" bzImage \
		>"$B/logs/bisect-$i.log" 2>&1; then
		p=$((p + 1)); echo "ok $i builds: $subj"
	else
		f=$((f + 1)); echo "not ok $i builds: $subj (see build/logs/bisect-$i.log)"
	fi
done
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
