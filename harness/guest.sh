#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the series' selftests (static) from the assembled tree and pack them
# with busybox-static and harness/guest/init into the base initramfs.
#   guest.sh [OBJ]: the modules come from build/tree/OBJ (default o, the
#   patched test kernel; o-rt for the PREEMPT_RT variant, whose modules
#   only it can load), and the initramfs is initramfs.cpio.gz, or
#   initramfs-OBJ.cpio.gz for another OBJ.
# Prints the initramfs path on the last line.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
T=$B/tree
SELF=$T/tools/testing/selftests/mm
OUT=$B/guest
BUSYBOX=${BUSYBOX:-/bin/busybox}
KOBJ=${1:-o}
IMG=initramfs.cpio.gz
[ "$KOBJ" = o ] || IMG=initramfs-$KOBJ.cpio.gz

[ -x "$BUSYBOX" ] || { echo "guest: $BUSYBOX missing (install busybox-static)" >&2; exit 1; }
if readelf -l "$BUSYBOX" | grep -q 'Requesting program interpreter'; then
	echo "guest: $BUSYBOX is dynamically linked (install busybox-static)" >&2
	exit 1
fi

export CCACHE_DIR=${CCACHE_DIR:-${HOME:-/root}/.cache/ccache}
mkdir -p "$OUT/bin"

# uapi headers of the patched tree (the series may add some).
make -s -C "$T" O=o-hdr ARCH=x86_64 headers_install INSTALL_HDR_PATH="$T/o-hdr/usr" >&2

CFLAGS="-static -O2 -g -Wall -Wextra -Wno-unused-parameter -pthread"
tests=""
# The selftests, and tools/mm's mem_notify demo that mem_notify_test runs.
for src in "$SELF"/oom_*.c "$SELF"/mem_notify_*.c "$T"/tools/mm/mem_notify_*.c; do
	[ -f "$src" ] || continue
	name=$(basename "$src" .c)
	bin=$OUT/bin/$name
	if [ ! -f "$bin" ] || [ -n "$(find "$src" "$SELF"/oom_*.h "$SELF"/mem_notify_*.h "$T/o-hdr/usr/include" -newer "$bin" -print -quit)" ]; then
		echo "guest: cc $name" >&2
		gcc $CFLAGS -isystem "$T/o-hdr/usr/include" -I "$SELF" "$src" -o "$bin" -lm
	fi
	tests="$tests $name"
done

stage=$OUT/stage
rm -rf "$stage"
mkdir -p "$stage"/{bin,tests,proc,sys,dev,tmp,mnt}
cp "$BUSYBOX" "$stage/bin/busybox"
cp "$ROOT/harness/guest/init" "$stage/init"
for t in $tests; do cp "$OUT/bin/$t" "$stage/tests/"; done
# Modules of the patched test kernel (policy modules, samples), flat in
# /lib/modules: the tests load them by path.
mkdir -p "$stage/lib/modules"
mods=$(find "$T/$KOBJ" -name '*.ko' 2>/dev/null | sort)
for m in $mods; do cp "$m" "$stage/lib/modules/"; done
(cd "$stage" && find . -print0 | sort -z | cpio --null -o -H newc --owner 0:0 --quiet) |
	gzip -1 >"$OUT/$IMG.new"
mv "$OUT/$IMG.new" "$OUT/$IMG"
echo "guest: initramfs with:$tests $(echo $mods | xargs -rn1 basename | tr '\n' ' ')" >&2
echo "$OUT/$IMG"
