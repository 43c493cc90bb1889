#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The reverse of tree.sh, for developers: turn the commits pristine..series
# of build/tree back into the repository, i.e. new files into the overlay
# (mm/, include/, ..., Kconfig.oom) and edits of upstream files into
# patches/NNNN-*.patch, and rewrite patches/series.
#
# Workflow: edit in build/tree, "git commit" (or --amend, rebase -i) there,
# then "make refresh" and commit the result here.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
T=$B/tree
gitt() { git -C "$T" "$@"; }

[ -z "$(gitt status --porcelain --untracked-files=no)" ] ||
	{ echo "refresh: build/tree has uncommitted changes: commit them first" >&2; exit 1; }

repo_path() {
	case "$1" in
	mm/oom/Kconfig) echo Kconfig.oom ;;
	*) echo "$1" ;;
	esac
}

new_series=$(mktemp)
trap 'rm -f "$new_series"' EXIT
sed -n '/^#/p' "$ROOT/patches/series" | head -n 3 >"$new_series"
rm -f "$ROOT"/patches/[0-9][0-9][0-9][0-9]-*.patch
i=0
for c in $(gitt rev-list --reverse pristine..series); do
	i=$((i + 1))
	subj=$(gitt log -1 --format=%s "$c")
	slug=$(echo "$subj" | tr -c 'A-Za-z0-9\n' '-' | sed 's/--*/-/g; s/^-//; s/-$//' | cut -c1-52)
	name=$(printf '%04d-%s.patch' "$i" "$slug")
	mapfile -t added < <(gitt diff --name-only --diff-filter=A "$c^" "$c")
	mapfile -t changed < <(gitt diff --name-only --diff-filter=a "$c^" "$c")
	{
		gitt log -1 --format='From: %an <%ae>%nDate: %aD%nSubject: %s%n%n%b' "$c" |
			sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
		echo "---"
		if [ ${#changed[@]} -gt 0 ]; then
			gitt diff --stat=72 "$c^" "$c" -- "${changed[@]}"
			echo
			gitt diff "$c^" "$c" -- "${changed[@]}"
		fi
	} >"$ROOT/patches/$name"
	line=$name
	for f in "${added[@]}"; do
		rp=$(repo_path "$f")
		mkdir -p "$ROOT/$(dirname "$rp")"
		gitt show "$c:$f" >"$ROOT/$rp"
		line="$line
	$rp"
	done
	echo "$line" >>"$new_series"
	echo "refresh: $name (${#changed[@]} upstream files changed, ${#added[@]} new)"
done
cp "$new_series" "$ROOT/patches/series"
