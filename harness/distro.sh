#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compile what the series touches with Debian's own kernel configurations,
# as a distribution carrying the series would build it, and with the least
# a kernel can have around the series' options:  distro.sh [FLAVOUR...]
#   amd64  Debian's amd64 config (NUMA, memcg v1 and v2, networking, DRM as
#          modules, io_uring, dma-buf heaps, PSI, MGLRU ...)
#   rt     Debian's PREEMPT_RT config (spinlocks that sleep)
#   min    allnoconfig + harness/config/distro-min.config: every series
#          option on, no memcg, swap, shmem, procfs, io_uring, modules
# amd64 and rt: Debian's config + harness/config/distro.config (the series'
# options on, no debug info, no signing keys).  In build/tree/o-distro-FLAVOUR
# every .c file the series adds or edits is compiled where the configuration
# builds it, and the files the series adds again with W=1 and sparse (C=1).
# Any compiler or sparse warning fails.
# Prints "ok/not ok" lines and "distro: N passed, N failed" at the end.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
T=$B/tree
CFGDIR=/usr/src/linux-config-6.12
FRAG=$ROOT/harness/config/distro.config
MINFRAG=$ROOT/harness/config/distro-min.config
[ $# -gt 0 ] || set -- amd64 rt min
[ -f "$T/Makefile" ] || { echo "distro: $T missing (run harness/tree.sh)" >&2; exit 1; }

export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
export KBUILD_BUILD_TIMESTAMP="${KBUILD_BUILD_TIMESTAMP:-2026-01-01}"
cc="gcc"
command -v ccache >/dev/null && cc="ccache gcc"

# The C files the series touches (tools/ and samples/ are user space or
# not in Debian's configs), and the ones it adds.
cd "$T" || exit 1
touched=$(git diff --name-only --diff-filter=AM pristine -- '*.c' |
	grep -v -E '^(tools|samples)/' | sed 's/\.c$/.o/')
added=$(git diff --name-only --diff-filter=A pristine -- '*.c' |
	grep -v -E '^(tools|samples)/' | sed 's/\.c$/.o/')
[ -n "$touched" ] || { echo "distro: the series touches no C file?" >&2; exit 1; }

# built CONFIG OBJ...: the objects that CONFIG builds: the line of the
# Makefile that names each one, and the lines that name its directories up
# to the top (Kbuild), are obj-y/foo-y or name an option that is set.
# kernel/sched/ files are #included into build_*.c units.
named_in() {	# CONFIG MAKEFILE WORD: is WORD built by MAKEFILE's line?
	local line sym
	[ -f "$2" ] || return 0
	line=$(grep -E "(^|[[:space:]])$3([[:space:]]|$)" "$2" | head -n 1)
	[ -n "$line" ] || { echo "distro: no line of $2 names $3" >&2; return 1; }
	sym=$(echo "$line" | grep -o -E 'CONFIG_[A-Z0-9_]+' | head -n 1)
	[ -z "$sym" ] || grep -q -E "^$sym=(y|m)$" "$1"
}
built() {
	local config=$1 o d ok
	shift
	for o in "$@"; do
		case "$o" in
		kernel/sched/psi.o) o=kernel/sched/build_utility.o ;;
		esac
		ok=1
		named_in "$config" "$T/$(dirname "$o")/Makefile" "$(basename "$o")" || ok=0
		d=$(dirname "$o")
		while [ "$ok" -eq 1 ] && [ "$d" != . ]; do
			if [ "$(dirname "$d")" = . ]; then
				named_in "$config" "$T/Kbuild" "$d/" || ok=0
			else
				named_in "$config" "$T/$(dirname "$d")/Makefile" "$(basename "$d")/" || ok=0
			fi
			d=$(dirname "$d")
		done
		[ "$ok" -eq 0 ] || echo "$o"
	done | sort -u
}

P=0 F=0
result() {	# status name
	if [ "$1" -eq 0 ]; then P=$((P + 1)); echo "ok $2"
	else F=$((F + 1)); echo "not ok $2"; fi
}
warnings() {	# log: print compiler/sparse diagnostics, succeed when there are none
	! grep -E '\.[chS]:[0-9]+(:[0-9]+)?: (warning|error):' "$1"
}

for flavour in "$@"; do
	obj=o-distro-$flavour
	log=$B/logs/distro-$flavour
	mkdir -p "$T/$obj" "$B/logs"
	kmake() { make -C "$T" O="$obj" ARCH=x86_64 CC="$cc" HOSTCC="$cc" "$@"; }
	case "$flavour" in
	amd64|rt)
		if [ "$flavour" = amd64 ]; then src=$CFGDIR/config.amd64_none_amd64.xz
		else src=$CFGDIR/config.amd64_rt_amd64.xz; fi
		[ -f "$src" ] || { echo "distro: $src missing (harness/deps.sh installs linux-config-6.12)" >&2; exit 1; }
		{ xz -dc "$src"; grep -E '^(CONFIG_|# CONFIG_)' "$FRAG"; } >"$obj/.config.new"
		;;
	min)
		cat "$MINFRAG" >"$obj/.config.new"
		;;
	*) echo "distro: unknown flavour $flavour" >&2; exit 2 ;;
	esac
	flavfrag=$FRAG
	[ "$flavour" = min ] && flavfrag=$MINFRAG
	# Configure again when the input changed, and also when a series
	# option is missing from the result: a build of a tree that lacked
	# them (a patch that did not apply) drops them from .config.
	regen=0
	cmp -s "$obj/.config.new" "$obj/.config.in" || regen=1
	while IFS= read -r l; do
		grep -qxF "$l" "$obj/.config" 2>/dev/null || regen=1
	done < <(grep -E '^CONFIG_(OOM|MEM_NOTIFY)' "$flavfrag")
	if [ $regen = 1 ]; then
		mv "$obj/.config.new" "$obj/.config.in"
		if [ "$flavour" = min ]; then
			cp "$obj/.config.in" "$obj/min.config"
			kmake -s KCONFIG_ALLCONFIG=min.config allnoconfig >"$log-config.log" 2>&1
		else
			cp "$obj/.config.in" "$obj/.config"
			kmake -s olddefconfig >"$log-config.log" 2>&1
		fi
	else
		rm -f "$obj/.config.new"
	fi
	bad=0
	while IFS= read -r l; do
		grep -qxF "$l" "$obj/.config" ||
			{ echo "distro: $flavour: $l did not survive configuration" >&2; bad=1; }
	done < <(grep -E '^CONFIG_(OOM|MEM_NOTIFY)' "$flavfrag")
	while IFS= read -r l; do
		o=${l#\# }; o=${o%% *}
		grep -q "^$o=" "$obj/.config" && { echo "distro: $flavour: $o should be off" >&2; bad=1; }
	done < <(grep -E '^# CONFIG_[A-Z0-9_]+ is not set' "$flavfrag")
	result $bad "$flavour: series options configure"

	kmake -s -j"$(nproc)" prepare >"$log-prepare.log" 2>&1
	rc=$?
	result $rc "$flavour: prepare"
	[ $rc -eq 0 ] || continue

	objs=$(built "$obj/.config" $touched)
	# shellcheck disable=SC2086
	kmake -k -j"$(nproc)" $objs >"$log-build.log" 2>&1
	rc=$?
	warnings "$log-build.log" | head -n 20
	result $(( rc != 0 || PIPESTATUS[0] != 0 )) "$flavour: the $(echo $objs | wc -w) touched objects this config builds compile without warnings"

	# W=1 and sparse on the added files: force their recompilation.
	aobjs=$(built "$obj/.config" $added)
	# shellcheck disable=SC2086
	(cd "$obj" && rm -f $aobjs)
	# shellcheck disable=SC2086
	kmake -k -j"$(nproc)" W=1 C=1 $aobjs >"$log-w1.log" 2>&1
	rc=$?
	warnings "$log-w1.log" | head -n 20
	result $(( rc != 0 || PIPESTATUS[0] != 0 )) "$flavour: the $(echo $aobjs | wc -w) added files are clean with W=1 and sparse"
done
echo "distro: $P passed, $F failed"
[ "$F" -eq 0 ]
