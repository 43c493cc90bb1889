#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Benchmark of the OOM policy layer: the cost of one OOM victim decision
(sysrq-f, 1,000 tasks) on stock and on the patched kernel with each
policy active, one guest boot per kernel; prints one table."""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vmrun  # noqa: E402
from bench_file import RESULT  # noqa: E402

POLICIES = ("default", "kill-parent", "classic")


def measure(kernel, initrd, policies, tasks, runs, out, name, accel):
    """Boot once; return {policy: (median, min, max)} and console problems."""
    cmds = []
    for pol in policies:
        if pol:
            cmds.append("sh -c 'echo %s > /sys/kernel/mm/oom/policy'" % pol)
        cmds.append("oom_file_bench -n %d -f 0 -r %d" % (tasks, runs))
    ctext, ttext, _, _ = vmrun.boot(kernel, initrd, cmds, 2048, 1200, "",
                                    accel, out, name)
    found = [(int(m.group(4)), int(m.group(5)), int(m.group(6)))
             for m in RESULT.finditer(ttext)]
    return dict(zip(policies, found)), vmrun.console_problems(ctext, False)


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--stock", required=True)
    ap.add_argument("--patched", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--accel", default=os.environ.get("ACCEL", "tcg"))
    a = ap.parse_args()

    stock, bad = measure(a.stock, a.initrd, ("",), a.tasks, a.runs, a.out,
                         "stock", a.accel)
    if bad:
        print("bench: kernel problem in the stock guest: %s" % bad[0], file=sys.stderr)
        return 1
    patched, bad = measure(a.patched, a.initrd, POLICIES, a.tasks, a.runs,
                           a.out, "patched", a.accel)
    if bad:
        print("bench: kernel problem in the patched guest: %s" % bad[0], file=sys.stderr)
        return 1

    base = stock.get("")
    print("OOM decision time through the policy layer (sysrq-f, %d tasks; median "
          "of %d, microseconds; TCG guest, kernels without lockdep/DEBUG_VM, "
          "per-file badness off)" % (a.tasks, a.runs))
    hdr = "%-12s | %-22s | %-22s | %s" % ("policy", "stock med (min-max)",
                                          "patched med (min-max)", "patched/stock")
    print(hdr)
    print("-" * len(hdr))
    cell = lambda r: "%6d (%d-%d)" % r if r else "missing"
    for pol in POLICIES:
        p = patched.get(pol)
        ratio = "%.3fx" % (p[0] / base[0]) if p and base and base[0] else "-"
        print("%-12s | %-22s | %-22s | %s" % (pol, cell(base), cell(p), ratio))
    print("(stock has no policies: each row compares with the same stock figure)")
    print("logs: %s/{stock,patched}.{console,tap}" % a.out)
    return 0 if base and all(patched.get(p) for p in POLICIES) else 1


if __name__ == "__main__":
    sys.exit(main())
