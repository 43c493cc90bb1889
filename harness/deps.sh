#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what the build and the tests need, from Debian's archive.
# Idempotent: does nothing when every package is already present.
set -euo pipefail

PKGS="linux-source-6.12 qemu-system-x86 busybox-static build-essential flex bison
bc libelf-dev libssl-dev cpio ccache python3 git rsync xz-utils kmod
linux-config-6.12 sparse"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || echo "deps: apt-get update failed, trying anyway" >&2
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
