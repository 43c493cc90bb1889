#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Benchmark of /dev/mem_notify: page fault throughput on stock, on the
patched kernel with the device closed and with 100 idle readers, without
reclaim and under memory cgroup limit reclaim (zram swap); and the latency
from the onset of pressure to a reader's wakeup.  One guest boot per
kernel; the three configurations alternate within the boots (ABAB) so that
drift over a boot does not favour one; prints one table."""
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vmrun  # noqa: E402

FAULT = re.compile(r"RESULT mode=fault reclaim=(\d) readers=(\d+) faults_per_s=(\d+)")
LAT = re.compile(r"RESULT mode=latency runs=(\d+) median_ms=([\d.]+) max_ms=([\d.]+)")


def commands(readers, rounds, secs, latency_runs):
    cmds = []
    for _ in range(rounds):
        for reclaim in (False, True):
            for n in readers:
                cmds.append("mem_notify_bench fault -s %d -i %d %s" %
                            (secs, n, "-m 96 -c 32" if reclaim else "-m 64"))
    if latency_runs:
        cmds.append("mem_notify_bench latency -r %d" % latency_runs)
    return cmds


def main():
    ap = vmrun.comparison_parser(__doc__)
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--secs", type=int, default=4)
    ap.add_argument("--latency-runs", type=int, default=15)
    a = ap.parse_args()

    # kind -> {(reclaim, readers): [faults/s]}, latency
    res, lat = {}, {}
    for kind, kernel, readers, lruns in (
            ("stock", a.stock, (0,), 0),
            ("patched", a.patched, (0, 100), a.latency_runs)):
        cmds = commands(readers, a.rounds, a.secs, lruns)
        ctext, ttext, secs, _ = vmrun.timing_boot(kernel, a.initrd, cmds, 512,
                                                  1800, a.accel, a.out, kind)
        bad = vmrun.console_problems(ctext, False)
        print("# %s: boot %.0f s%s" % (kind, secs, "; console: " + bad[0] if bad else ""),
              flush=True)
        if bad:
            print("bench: kernel problem in the %s guest" % kind, file=sys.stderr)
            return 1
        res[kind] = {}
        for m in FAULT.finditer(ttext):
            res[kind].setdefault((int(m.group(1)), int(m.group(2))), []).append(
                int(m.group(3)))
        m = LAT.search(ttext)
        if m:
            lat[kind] = (int(m.group(1)), float(m.group(2)), float(m.group(3)))

    print()
    print("/dev/mem_notify: page faults per second (median of %d runs of %d s; "
          "TCG guest, 1 vCPU, 512 MiB, kernels without lockdep/DEBUG_VM)"
          % (a.rounds, a.secs))
    hdr = "%-40s | %10s | %14s | %14s | %8s | %8s" % (
        "workload", "stock", "patched closed", "100 idle rdrs", "closed/s", "rdrs/s")
    print(hdr)
    print("-" * len(hdr))
    ok = True
    for reclaim, label in ((0, "64 MiB map/touch/unmap, no reclaim"),
                           (1, "96 MiB in a 32 MiB memcg, zram swap")):
        s = res["stock"].get((reclaim, 0))
        c = res["patched"].get((reclaim, 0))
        r = res["patched"].get((reclaim, 100))
        med = lambda v: statistics.median(v) if v else None
        s, c, r = med(s), med(c), med(r)
        ok = ok and None not in (s, c, r)
        fmt = lambda v: "%d" % v if v is not None else "missing"
        ratio = lambda v: "%.3f" % (v / s) if v is not None and s else "-"
        print("%-40s | %10s | %14s | %14s | %8s | %8s" % (
            label, fmt(s), fmt(c), fmt(r), ratio(c), ratio(r)))
    print()
    if "patched" in lat:
        n, medl, maxl = lat["patched"]
        print("pressure onset -> reader wakeup (patched, %d runs): median %.2f ms, "
              "max %.2f ms (stock: no such device)" % (n, medl, maxl))
    else:
        print("pressure onset -> reader wakeup: missing")
        ok = False
    print("logs: %s/{stock,patched}.{console,tap}" % a.out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
