#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything CI runs.  Ends with "N passed, N failed, N skipped"
# and exits non-zero on any failure.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export B=${B:-$ROOT/build}
H=$ROOT/harness
R=$B/results
rm -rf "$R"
mkdir -p "$R" "$B/logs"
start=$(date +%s)

P=0 F=0 S=0
add_counts() {	# file
	local p f s
	read -r p f s <"$1" || return
	P=$((P + p)) F=$((F + f)) S=$((S + ${s:-0}))
}
one() {		# name status
	if [ "$2" -eq 0 ]; then
		P=$((P + 1)); echo "check: ok     $1"
	else
		F=$((F + 1)); echo "check: FAILED $1"
	fi
}
summary() {
	echo "check: $(( $(date +%s) - start )) s; logs in $B/logs"
	echo "$P passed, $F failed, $S skipped"
	[ "$F" -eq 0 ]
	exit
}
step() {	# name command...: log to a file, show the tail on failure
	local name=$1 log=$B/logs/$1.log
	shift
	echo "check: $name ..."
	"$@" >"$log" 2>&1
	local rc=$?
	[ $rc -eq 0 ] || tail -n 25 "$log" | sed 's/^/    /'
	return $rc
}

boots() {	# name what objdir: the boots of harness/NAME.ini on that kernel
	echo "check: $1 ($2) ..."
	python3 "$H/vmrun.py" --kernel "$B/tree/$3/arch/x86/boot/bzImage" \
		--initrd "$B/guest/initramfs.cpio.gz" --ini "$H/$1.ini" \
		--out "$B/logs/$1" --counts "$R/$1.counts" | sed 's/^/    /'
	if [ -f "$R/$1.counts" ]; then add_counts "$R/$1.counts"; else one "$1 ran" 1; fi
}

step deps bash "$H/deps.sh"; one "dependencies installed" $? || summary
step tree bash "$H/tree.sh"
rc=$?; one "series applies to $(sed -n 1p "$B/base-version" 2>/dev/null)" $rc
[ $rc -eq 0 ] || summary

step checkpatch bash "$H/checkpatch.sh"; [ -f "$R/checkpatch.counts" ] && add_counts "$R/checkpatch.counts"
grep -E '^(ok|not ok)' "$B/logs/checkpatch.log" | sed 's/^/    /'

step kernel-off bash "$H/kbuild.sh" off; orc=$?; one "series builds with its options off" $orc
step distro bash "$H/distro.sh"; one "series compiles with Debian's amd64 and rt configs and a minimal one" $?
grep -E '^(ok|not ok)' "$B/logs/distro.log" | sed 's/^/    /'

echo "check: kunit ..."
bash "$H/kunit.sh" >"$B/logs/kunit-run.log" 2>&1
rc=$?
grep -E '^\[[0-9:]+\] +(\[(PASSED|FAILED|SKIPPED|CRASHED)\]|Testing complete)' "$B/logs/kunit-run.log" | sed 's/^/    /'
if [ -f "$R/kunit.counts" ]; then add_counts "$R/kunit.counts"; else one "kunit ran" 1; fi
[ $rc -eq 0 ] || tail -n 25 "$B/logs/kunit-run.log" | sed 's/^/    /'

step kernel bash "$H/kbuild.sh" patched; krc=$?; one "patched test kernel builds" $krc
step guest bash "$H/guest.sh"; grc=$?; one "selftests and initramfs build" $grc
if [ $krc -eq 0 ] && [ $grc -eq 0 ]; then
	boots kselftest "QEMU, ${ACCEL:-tcg}" o
fi
if [ $orc -eq 0 ] && [ $grc -eq 0 ]; then
	boots kselftest-off "series options off, QEMU" o-off
fi
summary
