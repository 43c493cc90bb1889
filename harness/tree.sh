#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Assemble the kernel trees the series is built and tested in:
#
#   $B/tree    git repository: commit 1 is the pristine Debian import (tag
#              "pristine"), then one commit per entry of patches/series
#              (branch "series"), so "git diff pristine" shows the series.
#   $B/stock   git worktree of the same repository at "pristine".
#
# The Debian tarball is extracted once; re-running only re-applies the
# series when an input changed.  Object directories live inside each
# tree (o/...), so Kbuild uses a relative srctree and ccache shares
# objects between stock and patched builds.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
TARBALL=${TARBALL:-/usr/src/linux-source-6.12.tar.xz}
PKG=linux-source-6.12
T=$B/tree

die() { echo "tree: error: $*" >&2; exit 1; }

pkgver=$(dpkg-query -W -f='${Version}' $PKG 2>/dev/null) ||
	die "$PKG is not installed (run harness/deps.sh)"
[ -r "$TARBALL" ] || die "$TARBALL missing"

gitq() { git -C "$T" -c advice.detachedHead=false "$@"; }

# --- 1. pristine import (once per Debian package version) -------------
if [ -f "$B/base-version" ] && [ "$(sed -n 1p "$B/base-version")" != "$PKG $pkgver" ]; then
	echo "tree: $PKG changed to $pkgver, re-importing"
	rm -rf "$T" "$B/stock" "$B/base-version"
fi
if [ ! -f "$B/base-version" ]; then
	rm -rf "$T" "$B/stock" "$B/extract"
	mkdir -p "$B/extract"
	echo "tree: extracting $TARBALL ($PKG $pkgver)"
	tar -xJf "$TARBALL" -C "$B/extract"
	mv "$B/extract/$PKG" "$T"
	rmdir "$B/extract"
	kver=$(make -s -C "$T" kernelversion)
	git -C "$T" init -q -b series
	git -C "$T" config user.name "OOM Series Team"
	git -C "$T" config user.email "oom-series@example.org"
	git -C "$T" config core.autocrlf false
	git -C "$T" config gc.auto 0
	printf '/o/\n/o-*/\n/.kunit/\n' >>"$T/.git/info/exclude"
	echo "tree: importing pristine tree into git"
	gitq add -A -f
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
		gitq commit -q -m "Linux $kver ($PKG $pkgver, pristine)"
	gitq tag pristine
	gitq worktree add -q --detach "$B/stock" pristine
	printf '%s\n%s\n' "$PKG $pkgver" "$kver" >"$B/base-version"
fi
base="$(sed -n 1p "$B/base-version") (Linux $(sed -n 2p "$B/base-version"))"

# --- 2. the series -----------------------------------------------------
# Map a repository path of a new file to its path in the kernel tree.
tree_path() {
	case "$1" in
	Kconfig.oom) echo mm/oom/Kconfig ;;
	*) echo "$1" ;;
	esac
}

overlay_files() {
	(cd "$ROOT" && git ls-files -co --exclude-standard -- \
		Kconfig.oom mm include drivers tools samples Documentation 2>/dev/null |
		while read -r f; do [ -f "$f" ] && echo "$f"; done | sort)
}

stamp=$( { cat "$0" "$ROOT/patches/series"; for f in "$ROOT"/patches/*.patch; do
	[ -f "$f" ] && { echo "$f"; cat "$f"; }; done
	overlay_files | while read -r f; do echo "$f"; cat "$ROOT/$f"; done; } |
	sha1sum | cut -d' ' -f1)
if [ -f "$B/series-stamp" ] && [ "$(cat "$B/series-stamp")" = "$stamp" ] &&
	[ -z "$(gitq status --porcelain --untracked-files=no)" ]; then
	echo "tree: series unchanged, $T is up to date"
	exit 0
fi
rm -f "$B/series-stamp"

echo "tree: applying patches/series on $base"
gitq checkout -q -f -B series pristine
claimed=$(mktemp)
work=$(mktemp -d)
trap 'rm -rf "$claimed" "$work"' EXIT

n=0
entry=""
apply_entry() {
	local patch=$1; shift
	local pf=$ROOT/patches/$patch
	[ -f "$pf" ] || die "patches/series names $patch, which does not exist"
	n=$((n + 1))
	git mailinfo -k "$work/msg" "$work/diff" <"$pf" >"$work/info" ||
		die "patch $patch: not a mail-format patch"
	local subj author email date
	subj=$(sed -n 's/^Subject: //p' "$work/info")
	author=$(sed -n 's/^Author: //p' "$work/info")
	email=$(sed -n 's/^Email: //p' "$work/info")
	date=$(sed -n 's/^Date: //p' "$work/info")
	[ -n "$subj" ] || die "patch $patch has no Subject"
	if [ -s "$work/diff" ]; then
		if ! gitq apply --index --whitespace=nowarn "$work/diff" 2>"$work/err"; then
			sed 's/^/    /' "$work/err" >&2
			die "patch $patch does not apply to $base"
		fi
	fi
	local f tp
	for f in "$@"; do
		[ -f "$ROOT/$f" ] || die "patches/series: $patch lists $f, which does not exist"
		grep -qxF "$f" "$claimed" && die "patches/series: $f is listed twice"
		echo "$f" >>"$claimed"
		tp=$(tree_path "$f")
		[ -e "$T/$tp" ] && gitq cat-file -e "pristine:$tp" 2>/dev/null &&
			die "$f would overwrite upstream $tp: change it with a patch instead"
		mkdir -p "$(dirname "$T/$tp")"
		cp "$ROOT/$f" "$T/$tp"
		gitq add -f "$tp"
	done
	{ echo "$subj"; echo; cat "$work/msg"; } >"$work/cmsg"
	GIT_AUTHOR_NAME="${author:-OOM series}" GIT_AUTHOR_EMAIL="${email:-oom-series@localhost}" \
		GIT_AUTHOR_DATE="${date:-2026-01-01T00:00:00Z}" GIT_COMMITTER_DATE="${date:-2026-01-01T00:00:00Z}" \
		gitq commit -q --allow-empty -F "$work/cmsg"
	echo "  [$n] $subj"
}

# patches/series: "name.patch [new files...]"; indented lines continue the
# file list of the entry above; '#' starts a comment.
while IFS= read -r line || [ -n "$line" ]; do
	line=${line%%#*}
	[ -z "${line// /}" ] && continue
	case "$line" in
	[[:space:]]*) entry="$entry $line" ;;
	*) [ -n "$entry" ] && apply_entry $entry
	   entry=$line ;;
	esac
done <"$ROOT/patches/series"
[ -n "$entry" ] && apply_entry $entry

unclaimed=$(overlay_files | grep -vxF -f "$claimed" || true)
[ -z "$unclaimed" ] || die "new files not listed in patches/series: $(echo $unclaimed)"

echo "$stamp" >"$B/series-stamp"
echo "tree: $n patches applied; git -C $T diff pristine shows the series"
