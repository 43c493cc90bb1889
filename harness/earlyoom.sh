#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An initramfs fragment holding Debian's earlyoom and the C library it
# links against, to append to the guest initramfs for the thrashing
# benchmark (the guest is otherwise static busybox).  The package is
# fetched from the archive with "apt-get download" (no installation, no
# service started on this machine).  Prints the fragment's path.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
OUT=$B/earlyoom
FRAG=$OUT/earlyoom.cpio.gz

if [ ! -f "$FRAG" ]; then
	rm -rf "$OUT"
	mkdir -p "$OUT/deb" "$OUT/stage/bin"
	(cd "$OUT/deb" && apt-get download earlyoom >/dev/null 2>&1 ||
		{ apt-get update -qq >/dev/null 2>&1; apt-get download earlyoom >/dev/null; })
	dpkg-deb -x "$OUT"/deb/earlyoom_*.deb "$OUT/x"
	cp "$OUT/x/usr/bin/earlyoom" "$OUT/stage/bin/earlyoom"
	# The binary's shared libraries and loader, at the paths it asks for.
	for lib in $(ldd "$OUT/x/usr/bin/earlyoom" | grep -o '/[^ ]*'); do
		mkdir -p "$OUT/stage$(dirname "$lib")"
		cp -L "$lib" "$OUT/stage$lib"
	done
	(cd "$OUT/stage" && find . -print0 | sort -z |
		cpio --null -o -H newc --owner 0:0 --quiet) | gzip -1 >"$FRAG.new"
	mv "$FRAG.new" "$FRAG"
fi
echo "$FRAG"
