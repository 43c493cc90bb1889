#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Try selftest changes without rebuilding the tree: compile the named
# selftests from this repository (not build/tree), lay them over the base
# initramfs in a private one, and boot sections of an INI file with them.
#   tryboot.sh [-k bzImage] [-i INI] [-o OUTDIR] PROG[,PROG...] SECTION...
# PROG is a selftest name (oom_detect_test).  Default kernel: the patched
# test kernel (build/tree/o); default INI: harness/kselftest.ini.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
K=$B/tree/o/arch/x86/boot/bzImage
INI=$ROOT/harness/kselftest.ini
OUT=
while getopts k:i:o: o; do
	case $o in
	k) K=$OPTARG ;;
	i) INI=$OPTARG ;;
	o) OUT=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
progs=${1:?usage: tryboot.sh [-k bzImage] [-i INI] [-o OUTDIR] PROG[,PROG...] SECTION...}
shift
OUT=${OUT:-$(mktemp -d /tmp/tryboot.XXXXXX)}
SELF=$ROOT/tools/testing/selftests/mm
HDR=$B/tree/o-hdr/usr/include
[ -d "$HDR" ] || { echo "tryboot: $HDR missing (run make guest once)" >&2; exit 1; }

stage=$OUT/stage
rm -rf "$stage"
mkdir -p "$stage/tests"
# The headers come from the assembled tree (later patches extend
# oom_util.h: the repository holds it as its first patch adds it), the
# programs from this repository.  A change to a header needs make tree.
inc=$OUT/inc
mkdir -p "$inc/mm"
cp "$B"/tree/tools/testing/selftests/kselftest*.h "$inc/"
cp "$B"/tree/tools/testing/selftests/mm/*.h "$inc/mm/"
for p in ${progs//,/ }; do
	src=$SELF/$p.c
	[ -f "$src" ] || src=$ROOT/tools/mm/$p.c
	cp "$src" "$inc/mm/$p.c"
	gcc -static -O2 -g -Wall -Wextra -Wno-unused-parameter -pthread \
		-isystem "$HDR" -I "$inc/mm" "$inc/mm/$p.c" -o "$stage/tests/$p" -lm
done
img=$OUT/initramfs.cpio.gz
cp "$B/guest/initramfs.cpio.gz" "$img"
(cd "$stage" && find . -print0 | sort -z | cpio --null -o -H newc --owner 0:0 --quiet) |
	gzip -1 >>"$img"
python3 "$ROOT/harness/vmrun.py" --kernel "$K" --initrd "$img" --ini "$INI" \
	--out "$OUT" "$@"
