#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make mutants: show that the tests can fail.  Each harness/mutants/NAME.patch
# is a throwaway change that breaks one feature of the series (a diff
# against the assembled tree, build/tree); its header says which boots must
# catch it:
#   # boots: SECTION [SECTION...]      (of harness/kselftest.ini)
#   # catch: REGEX                      (the text of a "not ok" line that
#                                         must appear, after its command's name)
# For each: apply it to build/tree, build the test kernel in build/tree/o-mut,
# boot those sections, require a failure matching REGEX, revert.
#   mutants.sh [NAME...]   (default: all)
# Prints one line per mutant and "N caught, N missed"; exits 1 if one is
# missed.  Not part of make check (a kernel build and boots per mutant).
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${B:-$ROOT/build}
export B
T=$B/tree
H=$ROOT/harness
M=$H/mutants
OUT=$B/logs/mutants
mkdir -p "$OUT"

[ -z "$(git -C "$T" status --porcelain --untracked-files=no)" ] ||
	{ echo "mutants: $T has uncommitted changes" >&2; exit 2; }
revert() { git -C "$T" checkout -q -f HEAD -- . ; }
trap revert EXIT

names=("$@")
[ ${#names[@]} -gt 0 ] || mapfile -t names < <(cd "$M" && ls ./*.patch | sed 's|^\./||; s|\.patch$||')
caught=0 missed=0
for n in "${names[@]}"; do
	p=$M/$n.patch
	[ -f "$p" ] || { echo "mutants: no $p" >&2; exit 2; }
	boots=$(sed -n 's/^# boots: //p' "$p")
	catch=$(sed -n 's/^# catch: //p' "$p")
	log=$OUT/$n.log
	if ! git -C "$T" apply "$p" 2>"$log"; then
		echo "not ok $n: does not apply"; missed=$((missed + 1)); continue
	fi
	if ! { bash "$H/kbuild.sh" mutant && bash "$H/guest.sh" o-mut; } >>"$log" 2>&1; then
		revert
		echo "not ok $n: the mutant does not build (see $log)"; missed=$((missed + 1)); continue
	fi
	# shellcheck disable=SC2086
	python3 "$H/vmrun.py" --kernel "$T/o-mut/arch/x86/boot/bzImage" \
		--initrd "$B/guest/initramfs-o-mut.cpio.gz" --ini "$H/kselftest.ini" \
		--out "$OUT/$n" $boots >>"$log" 2>&1
	rc=$?
	revert
	# Match the failure's own text: vmrun.py starts each line with the
	# command or boot name, which any failure of the boot would match.
	hit=$(grep -E '^not ok ' "$log" | sed -E 's/^not ok [^:]*: //' | grep -E -m1 -- "$catch")
	if [ $rc -ne 0 ] && [ -n "$hit" ]; then
		caught=$((caught + 1)); echo "ok $n: caught by $boots: $hit"
	else
		missed=$((missed + 1))
		echo "not ok $n: NOT caught by $boots (exit $rc; want a failure matching '$catch'; $log)"
	fi
done
echo "mutants: $caught caught, $missed missed"
[ $missed -eq 0 ]
