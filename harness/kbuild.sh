#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build an x86_64 test kernel.   kbuild.sh VARIANT
#   patched  series tree, test.config + series.config   -> build/tree/o
#   off      series tree, test.config + off.config      -> build/tree/o-off
#   stock    pristine tree, test.config                 -> build/stock/o
#   bench-patched, bench-stock: the same without debugging options
#            (+ bench.config)                           -> o-bench
#   bench-policy: bench-patched + bench-policy.config   -> build/tree/o-bench-policy
#   bench-policy-off: the same without the policy layer -> build/tree/o-bench-policy-off
#   rt       patched + rt.config (PREEMPT_RT)            -> build/tree/o-rt
#   mutant   the patched test kernel with a throwaway break (harness/mutants.sh)
#                                                        -> build/tree/o-mut
#   kasan    patched + kasan.config (KASAN, UBSAN)       -> build/tree/o-kasan
# Prints the path of the bzImage on the last line.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
C=$ROOT/harness/config
variant=${1:?usage: kbuild.sh patched|off|stock|bench-patched|bench-stock|bench-policy|bench-policy-off|rt|kasan|mutant}

case "$variant" in
patched) src=$B/tree; obj=o; frags="$C/test.config $C/series.config" ;;
off) src=$B/tree; obj=o-off; frags="$C/test.config $C/off.config" ;;
stock) src=$B/stock; obj=o; frags="$C/test.config" ;;
bench-patched) src=$B/tree; obj=o-bench; frags="$C/test.config $C/series.config $C/bench.config" ;;
bench-stock) src=$B/stock; obj=o-bench; frags="$C/test.config $C/bench.config" ;;
bench-policy) src=$B/tree; obj=o-bench-policy
	frags="$C/test.config $C/series.config $C/bench.config $C/bench-policy.config" ;;
bench-policy-off) src=$B/tree; obj=o-bench-policy-off
	frags="$C/test.config $C/series.config $C/bench.config $C/bench-policy.config $C/off-policy.config" ;;
rt) src=$B/tree; obj=o-rt; frags="$C/test.config $C/series.config $C/rt.config" ;;
mutant) src=$B/tree; obj=o-mut; frags="$C/test.config $C/series.config" ;;
kasan) src=$B/tree; obj=o-kasan; frags="$C/test.config $C/series.config $C/kasan.config" ;;
*) echo "kbuild: unknown variant $variant" >&2; exit 2 ;;
esac
[ -f "$src/Makefile" ] || { echo "kbuild: $src missing (run harness/tree.sh)" >&2; exit 1; }

export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export KBUILD_BUILD_TIMESTAMP="${KBUILD_BUILD_TIMESTAMP:-2026-01-01}"
export KBUILD_BUILD_USER=oom KBUILD_BUILD_HOST=series
mkdir -p "$CCACHE_DIR" "$src/$obj"
cc="gcc"
command -v ccache >/dev/null && cc="ccache gcc"
kmake() { make -s -C "$src" O="$obj" ARCH=x86_64 CC="$cc" HOSTCC="$cc" "$@"; }

# Configuration: regenerated every time (a few seconds), installed only when
# it changed so an unchanged config does not trigger a rebuild.
# Later fragments override earlier ones: keep the last line per option.
cat $frags | grep -E '^CONFIG_' | awk -F= '{ v[$1] = $0; if (!($1 in o)) { o[$1] = n++; k[n - 1] = $1 } }
	END { for (i = 0; i < n; i++) print v[k[i]] }' >"$src/$obj/oomtest.config"
KCONFIG_CONFIG=.config.new kmake KCONFIG_ALLCONFIG=oomtest.config allnoconfig >/dev/null
if ! cmp -s "$src/$obj/.config.new" "$src/$obj/.config"; then
	mv "$src/$obj/.config.new" "$src/$obj/.config"
else
	rm -f "$src/$obj/.config.new"
fi
bad=0
while IFS= read -r l; do
	case "$l" in
	CONFIG_*=n) o=${l%%=*}
		grep -q "^$o=" "$src/$obj/.config" && { echo "kbuild: $o should be off" >&2; bad=1; } ;;
	CONFIG_*=*) grep -qxF "$l" "$src/$obj/.config" ||
		{ echo "kbuild: $l did not survive configuration (missing dependency?)" >&2; bad=1; } ;;
	esac
done <"$src/$obj/oomtest.config"
[ $bad = 0 ] || exit 1

echo "kbuild: building $variant kernel in $src/$obj" >&2
targets=bzImage
grep -q '^CONFIG_MODULES=y' "$src/$obj/.config" && targets="$targets modules"
kmake -j"$(nproc)" $targets >&2
echo "$src/$obj/arch/x86/boot/bzImage"
