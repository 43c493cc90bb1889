#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: everything CI runs.  Ends with "N passed, N failed, N skipped",
# counting tests only (KUnit, the harness self-test, the guest boots); the
# build steps and checkpatch are reported on their own lines above it.
# Exits non-zero on any failed test or step.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
export B=${B:-$ROOT/build}
H=$ROOT/harness
R=$B/results
rm -rf "$R"
mkdir -p "$R" "$B/logs"
start=$(date +%s)

P=0 F=0 S=0		# tests
SOK=0 SFAIL=0		# build and setup steps
failed_steps=""
declare -A SKIPS	# skips per suite, reported apart
add_counts() {	# file suite
	local p f s
	read -r p f s <"$1" || { F=$((F + 1)); return; }
	P=$((P + p)) F=$((F + f)) S=$((S + ${s:-0}))
	SKIPS[$2]=$(( ${SKIPS[$2]:-0} + ${s:-0} ))
}
one() {		# name status: a build or setup step
	if [ "$2" -eq 0 ]; then
		SOK=$((SOK + 1)); echo "check: ok     $1"
	else
		SFAIL=$((SFAIL + 1)); failed_steps="$failed_steps; $1"
		echo "check: FAILED $1"
	fi
	return "$2"
}
summary() {
	echo "check: $(( $(date +%s) - start )) s; logs in $B/logs"
	echo "check: steps: $SOK ok, $SFAIL failed${failed_steps:+ (${failed_steps#; })}"
	local k line=""
	for k in kunit harness kselftest kselftest-off; do
		[ -n "${SKIPS[$k]:-}" ] && line="$line, $k ${SKIPS[$k]}"
	done
	echo "check: skipped: ${line#, }${line:+ }(kselftest: allowlisted on the patched kernel; kselftest-off: expected, options off)"
	echo "$P passed, $F failed, $S skipped"
	[ "$F" -eq 0 ] && [ "$SFAIL" -eq 0 ]
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
	if [ -f "$R/$1.counts" ]; then
		add_counts "$R/$1.counts" "$1"
	else
		F=$((F + 1)); echo "check: FAILED $1: no result"
	fi
}

step deps bash "$H/deps.sh"; one "dependencies installed" $? || summary

# The judge of the guest boots is itself tested first.
echo "check: harness self-test ..."
(cd "$H" && python3 -m unittest -v tests.test_vmrun) >"$B/logs/harness-selftest.log" 2>&1
hrc=$?
hp=$(grep -c '\.\.\. ok$' "$B/logs/harness-selftest.log")
hf=$(grep -cE '\.\.\. (FAIL|ERROR)$' "$B/logs/harness-selftest.log")
[ $hrc -eq 0 ] || { [ "$hf" -gt 0 ] || hf=1; tail -n 25 "$B/logs/harness-selftest.log" | sed 's/^/    /'; }
[ "$hp" -gt 0 ] || hf=$((hf + 1))
echo "$hp $hf 0" >"$R/harness.counts"
echo "    harness self-test: $hp passed, $hf failed"
add_counts "$R/harness.counts" harness

step tree bash "$H/tree.sh"
one "series applies to $(sed -n 1p "$B/base-version" 2>/dev/null)" $? || summary

step checkpatch bash "$H/checkpatch.sh"; cprc=$?
grep -E '^(ok|not ok)' "$B/logs/checkpatch.log" | sed 's/^/    /'
one "checkpatch --strict clean on every patch" $cprc

step kernel-off bash "$H/kbuild.sh" off; orc=$?; one "series builds with its options off" $orc
step distro bash "$H/distro.sh"
one "series compiles with Debian's amd64 and rt configs and a minimal one" $?
grep -E '^(ok|not ok)' "$B/logs/distro.log" | sed 's/^/    /'

echo "check: kunit ..."
bash "$H/kunit.sh" >"$B/logs/kunit-run.log" 2>&1
rc=$?
grep -E '^\[[0-9:]+\] +(\[(PASSED|FAILED|SKIPPED|CRASHED)\]|Testing complete)' "$B/logs/kunit-run.log" | sed 's/^/    /'
grep -E '^kunit: ' "$B/logs/kunit-run.log" | sed 's/^/    /'
if [ -f "$R/kunit.counts" ]; then add_counts "$R/kunit.counts" kunit; else F=$((F + 1)); echo "check: FAILED kunit: no result"; fi
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
