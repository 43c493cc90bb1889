# SPDX-License-Identifier: GPL-2.0
#
# OOM series: assemble Debian's linux-source-6.12 + this series, build,
# test, benchmark and export it.  Everything lands in $(B) (git-ignored).
# See README.md.

B        ?= $(CURDIR)/build
ACCEL    ?= tcg
export B ACCEL

H        := $(CURDIR)/harness
TREE     := $(B)/tree
KERNEL   := $(TREE)/o/arch/x86/boot/bzImage
STOCK    := $(B)/stock/o/arch/x86/boot/bzImage
INITRD   := $(B)/guest/initramfs.cpio.gz
RESULTS  := $(B)/results

.PHONY: all help deps tree kernel kernel-off stock guest kunit kselftest \
	scenarios demo series checkpatch check clean distclean refresh \
	bench-file-badness bench-kernels bench-mem-notify bench-policy bench-thrash bisect distro kselftest-rt kselftest-kasan mutants

all: demo

help:
	@sed -n 's/^## //p' $(firstword $(MAKEFILE_LIST))

## deps: install what is missing with apt-get (needs root)
deps:
	@bash $(H)/deps.sh

## tree: extract Debian's source once and apply the series in build/tree
tree: deps
	@bash $(H)/tree.sh

## kernel: the patched x86_64 test kernel (build/tree/o)
kernel: tree
	@bash $(H)/kbuild.sh patched >/dev/null

kernel-off: tree
	@bash $(H)/kbuild.sh off >/dev/null

## stock: the same test kernel from the pristine tree (build/stock/o)
stock: tree
	@bash $(H)/kbuild.sh stock >/dev/null
	@echo "stock kernel: $(STOCK)"

## guest: static selftests + busybox initramfs (build/guest)
guest: tree
	@bash $(H)/guest.sh >/dev/null

## kunit: KUnit on UML with .kunitconfig
kunit: tree
	@bash $(H)/kunit.sh

## kselftest: boot the sections of harness/kselftest.ini (BOOTS="a b" for some)
kselftest: kernel guest
	@mkdir -p $(RESULTS)
	@python3 $(H)/vmrun.py --kernel $(KERNEL) --initrd $(INITRD) \
		--ini $(H)/kselftest.ini --out $(B)/logs/kselftest \
		--counts $(RESULTS)/kselftest.counts $(BOOTS)

## kselftest-rt: the same boots on the PREEMPT_RT variant of the patched kernel (build/tree/o-rt)
kselftest-rt: tree
	@bash $(H)/kbuild.sh rt >/dev/null
	@bash $(H)/guest.sh o-rt >/dev/null
	@mkdir -p $(RESULTS)
	@python3 $(H)/vmrun.py --kernel $(TREE)/o-rt/arch/x86/boot/bzImage \
		--initrd $(B)/guest/initramfs-o-rt.cpio.gz \
		--ini $(H)/kselftest.ini --out $(B)/logs/kselftest-rt \
		--counts $(RESULTS)/kselftest-rt.counts $(BOOTS)

## kselftest-kasan: the same boots on a KASAN + UBSAN build of the patched kernel (build/tree/o-kasan)
kselftest-kasan: tree
	@bash $(H)/kbuild.sh kasan >/dev/null
	@bash $(H)/guest.sh o-kasan >/dev/null
	@mkdir -p $(RESULTS)
	@python3 $(H)/vmrun.py --kernel $(TREE)/o-kasan/arch/x86/boot/bzImage \
		--initrd $(B)/guest/initramfs-o-kasan.cpio.gz \
		--ini $(H)/kselftest.ini --out $(B)/logs/kselftest-kasan --slow 3 \
		--counts $(RESULTS)/kselftest-kasan.counts $(BOOTS)

## mutants: throwaway breaks of the series (harness/mutants/) that the tests must catch (MUTANTS="a b" for some)
mutants: kernel guest
	@bash $(H)/mutants.sh $(MUTANTS)

## scenarios: the OOM scenario matrix, stock vs patched (SCENARIOS="b g" for some)
scenarios: kernel stock guest
	@python3 $(H)/scenarios.py --stock $(STOCK) --patched $(KERNEL) \
		--initrd $(INITRD) --out $(B)/logs/scenarios $(SCENARIOS)

## demo: the main job: build both kernels, boot them, print the scenario table
demo: scenarios

## series: git format-patch + cover letter into build/series
series: tree
	@bash $(H)/series.sh

## distro: compile what the series touches with Debian's amd64 and rt configs and a minimal one (+W=1, sparse)
distro: tree
	@bash $(H)/distro.sh

## checkpatch: scripts/checkpatch.pl --strict on every patch
checkpatch: tree
	@bash $(H)/checkpatch.sh

## check: everything CI runs; ends with "N passed, N failed, N skipped"
check:
	@bash $(H)/check.sh

clean:
	rm -rf $(B)/logs $(B)/results $(B)/guest $(B)/series
	rm -rf $(TREE)/o $(TREE)/o-off $(TREE)/o-rt $(TREE)/o-kasan $(TREE)/o-mut $(TREE)/o-distro-* $(TREE)/o-hdr $(TREE)/.kunit $(B)/stock/o

distclean:
	rm -rf $(B)

## refresh: write commits made in build/tree back into patches/ and the overlay
refresh:
	@bash $(H)/refresh.sh

## bench-file-badness: OOM decision time, stock vs patched, 1,000 tasks x F memfds
# Benchmarks run kernels without lockdep/DEBUG_VM (harness/config/bench.config).
bench-kernels: tree
	@bash $(H)/kbuild.sh bench-patched >/dev/null
	@bash $(H)/kbuild.sh bench-stock >/dev/null

bench-file-badness: bench-kernels guest
	@python3 $(H)/bench_file.py --stock $(B)/stock/o-bench/arch/x86/boot/bzImage \
		--patched $(TREE)/o-bench/arch/x86/boot/bzImage \
		--initrd $(INITRD) --out $(B)/logs/bench-file

## bench-mem-notify: page faults with /dev/mem_notify closed / 100 idle readers vs stock; wakeup latency
bench-mem-notify: bench-kernels guest
	@python3 $(H)/bench_mem_notify.py --stock $(B)/stock/o-bench/arch/x86/boot/bzImage \
		--patched $(TREE)/o-bench/arch/x86/boot/bzImage \
		--initrd $(INITRD) --out $(B)/logs/bench-mem-notify

## bench-thrash: thrashing hog -> kill / recovery / heartbeat stall: stock, MGLRU min_ttl_ms, earlyoom, the detector
bench-thrash: bench-kernels guest
	@python3 $(H)/bench_thrash.py --stock $(B)/stock/o-bench/arch/x86/boot/bzImage \
		--patched $(TREE)/o-bench/arch/x86/boot/bzImage \
		--initrd $(INITRD) --earlyoom $$(bash $(H)/earlyoom.sh) --out $(B)/logs/bench-thrash

## bench-policy: OOM decision time through the policy layer, stock vs each policy, 1,000 tasks
bench-policy: tree guest
	@bash $(H)/kbuild.sh bench-stock >/dev/null
	@bash $(H)/kbuild.sh bench-policy >/dev/null
	@bash $(H)/kbuild.sh bench-policy-off >/dev/null
	@python3 $(H)/bench_policy.py --stock $(B)/stock/o-bench/arch/x86/boot/bzImage \
		--patched $(TREE)/o-bench-policy/arch/x86/boot/bzImage \
		--control $(TREE)/o-bench-policy-off/arch/x86/boot/bzImage \
		--initrd $(INITRD) --out $(B)/logs/bench-policy

## bisect: build every commit of the series on its own (slow; not part of check)
bisect: tree
	@bash $(H)/bisect.sh
