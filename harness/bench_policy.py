#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Benchmark of the OOM policy layer: the cost of one OOM victim decision
(sysrq-f, 1,000 tasks) on stock and on the patched kernel with each
policy active, one guest boot per kernel; prints one table."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vmrun  # noqa: E402
from bench_file import RESULT  # noqa: E402

# Run in this order in one boot; default again last shows how much of a
# difference between rows is the order (later runs in a longer-lived guest).
POLICIES = ("default", "kill-parent", "classic", "default")


def measure(kernel, initrd, policies, tasks, runs, out, name, accel):
    """Boot once; return [(median, min, max)] in the order of @policies and
    console problems."""
    cmds = []
    for pol in policies:
        if pol:
            cmds.append("sh -c 'echo %s > /sys/kernel/mm/oom/policy'" % pol)
        cmds.append("oom_file_bench -n %d -f 0 -r %d" % (tasks, runs))
    ctext, ttext, _, _ = vmrun.timing_boot(kernel, initrd, cmds, 2048, 1200,
                                           accel, out, name)
    found = [(int(m.group(4)), int(m.group(5)), int(m.group(6)))
             for m in RESULT.finditer(ttext)]
    return found, vmrun.console_problems(ctext, False)


def main():
    ap = vmrun.comparison_parser(__doc__)
    ap.add_argument("--control", help="the series without the policy layer")
    ap.add_argument("--tasks", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=31)
    a = ap.parse_args()

    kernels = [("stock", a.stock, ("",))]
    if a.control:
        kernels.append(("control", a.control, ("",)))
    kernels.append(("patched", a.patched, POLICIES))
    res = {}
    for name, kernel, pols in kernels:
        res[name], bad = measure(kernel, a.initrd, pols, a.tasks, a.runs,
                                 a.out, name, a.accel)
        if bad:
            print("bench: kernel problem in the %s guest: %s" % (name, bad[0]),
                  file=sys.stderr)
            return 1

    base = res["stock"][0] if res["stock"] else None
    cell = lambda r: "%6d (%d-%d)" % r if r else "missing"
    ratio = lambda r: "%.3fx" % (r[0] / base[0]) if r and base and base[0] else "-"
    print("OOM decision time, out_of_memory() entry to mark_victim (sysrq-f, %d "
          "tasks; median of %d, microseconds; TCG guest, kernels without "
          "lockdep/DEBUG_VM, per-file badness off; 1 vCPU)" % (a.tasks, a.runs))
    hdr = "%-44s | %-22s | %s" % ("kernel", "med (min-max)", "vs stock")
    print(hdr)
    print("-" * len(hdr))
    print("%-44s | %-22s | %s" % ("stock 6.12", cell(base), "1.000x"))
    if a.control:
        c = res["control"][0] if res["control"] else None
        print("%-44s | %-22s | %s" % ("series, CONFIG_OOM_POLICY=n", cell(c), ratio(c)))
    for i, pol in enumerate(POLICIES):
        p = res["patched"][i] if i < len(res["patched"]) else None
        print("%-44s | %-22s | %s" % ("series, policy layer, %s active%s" %
                                        (pol, " (again)" if pol in POLICIES[:i] else ""),
                                        cell(p), ratio(p)))
    print("logs: %s/{%s}.{console,tap}" % (a.out, ",".join(k[0] for k in kernels)))
    return 0 if all(len(res[k[0]]) == len(k[2]) for k in kernels) else 1


if __name__ == "__main__":
    sys.exit(main())
