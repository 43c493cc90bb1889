#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Benchmark of per-file OOM badness: the cost of one OOM victim decision
(sysrq-f, 1,000 tasks, each holding F open memfds), stock vs patched in one
run, for several F.  One guest boot per kernel; prints one table."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vmrun  # noqa: E402

RESULT = re.compile(r"RESULT tasks=(\d+) fds=(\d+) runs=(\d+) median_us=(\d+) "
                    r"min_us=(\d+) max_us=(\d+)")


def run(kernel, initrd, points, runs, out, name, accel):
    cmds = ["oom_file_bench -n %d -f %d -r %d" % (n, f, runs) for n, f in points]
    ctext, ttext, secs, to = vmrun.timing_boot(kernel, initrd, cmds, 2048, 1200,
                                               accel, out, name)
    res = {}
    for m in RESULT.finditer(ttext):
        res[(int(m.group(1)), int(m.group(2)))] = (int(m.group(4)), int(m.group(5)),
                                                   int(m.group(6)))
    bad = vmrun.console_problems(ctext, False)
    return res, secs, bad


def main():
    ap = vmrun.comparison_parser(__doc__)
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--fds", default="0,10,100,1000")
    ap.add_argument("--wide", default="6x100000",
                    help="extra TASKSxFDS points, comma-separated ('' for none)")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    points = [(a.tasks, int(x)) for x in a.fds.split(",")]
    points += [tuple(int(v) for v in w.split("x")) for w in a.wide.split(",") if w]

    results = {}
    for kind, kernel in (("stock", a.stock), ("patched", a.patched)):
        res, secs, bad = run(kernel, a.initrd, points, a.runs, a.out, kind,
                             a.accel)
        results[kind] = res
        print("# %s: boot %.0f s%s" % (kind, secs,
              "" if not bad else "; console: " + bad[0]), flush=True)
        if bad:
            print("bench: kernel problem in the %s guest" % kind, file=sys.stderr)
            return 1

    print()
    print("OOM decision time (sysrq-f; N tasks, each holding F memfds; median of %d, "
          "microseconds; TCG guest with 1 vCPU, kernels without lockdep/DEBUG_VM)" % a.runs)
    hdr = "%6s %7s | %-24s | %-24s | %s" % ("N", "F", "stock med (min-max)",
                                             "patched med (min-max)", "patched/stock")
    print(hdr)
    print("-" * len(hdr))
    for pt in points:
        s, p = results["stock"].get(pt), results["patched"].get(pt)
        cell = lambda r: "%7d (%d-%d)" % r if r else "missing"
        ratio = "%.2fx" % (p[0] / s[0]) if s and p and s[0] else "-"
        print("%6d %7d | %-24s | %-24s | %s" % (pt[0], pt[1], cell(s), cell(p), ratio))
    print("logs: %s/{stock,patched}.{console,tap}" % a.out)
    return 0 if all(results[k] for k in results) else 1


if __name__ == "__main__":
    sys.exit(main())
