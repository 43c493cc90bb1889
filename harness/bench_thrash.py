#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Benchmark of the thrashing detector: a guest with zram swap, a hog
cycling through 1.4 x MemAvailable of anonymous memory and a heartbeat
touching its 16 MiB every 100 ms (oom_thrash_bench).  For each way of
protecting the machine: hog start -> kill, hog start -> MemAvailable back
at 90%, the heartbeat's longest stall, and kills during a working-set
shift that settles (loadshift).  Rows: stock 6.12; stock with MGLRU
min_ttl_ms=1000; stock with Debian's earlyoom (defaults) in the guest;
the series with thrash_enabled=1 (default threshold and window).  One
guest boot per row and workload; prints one table."""
import os
import re
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vmrun  # noqa: E402

HOG = re.compile(r"RESULT mode=(\S+) kill_s=(\S+) recover_s=(\S+) "
                 r"heartbeat_stall_ms=(\d+) hog_killed=(\d) heartbeat_killed=(\d)")
SHIFT = re.compile(r"RESULT mode=(\S+) loadshift_kills=(\d+) heartbeat_stall_ms=(\d+)")
ROWS = (("stock 6.12", "stock", "none"),
        ("stock + MGLRU min_ttl_ms=1000", "stock", "min_ttl"),
        ("stock + earlyoom (defaults)", "stock", "earlyoom"),
        ("series, thrash detector on", "patched", "detect"))


def main():
    ap = vmrun.comparison_parser(__doc__)
    ap.add_argument("--earlyoom", required=True,
                    help="initramfs fragment with /bin/earlyoom (harness/earlyoom.sh)")
    ap.add_argument("--secs", type=int, default=60)
    a = ap.parse_args()

    # The base initramfs plus earlyoom, for every boot.
    tmp = tempfile.mkdtemp(prefix="bench-thrash-")
    initrd = os.path.join(tmp, "initrd")
    with open(initrd, "wb") as out:
        for part in (a.initrd, a.earlyoom):
            with open(part, "rb") as f:
                shutil.copyfileobj(f, out)

    res = {}
    ok = True
    for label, kind, mode in ROWS:
        kernel = a.stock if kind == "stock" else a.patched
        for shift in (False, True):
            cmd = "oom_thrash_bench -m %s -t %d%s" % (mode, a.secs, " -l" if shift else "")
            name = "%s-%s" % (mode, "shift" if shift else "hog")
            ctext, ttext, secs, to = vmrun.boot(kernel, initrd, [cmd], 256,
                                                a.secs * 3 + 120, "", a.accel,
                                                a.out, name)
            bad = vmrun.console_problems(ctext, False)
            m = (SHIFT if shift else HOG).search(ttext)
            print("# %s: boot %.0f s%s%s" % (name, secs, " (timed out)" if to else "",
                                             "; console: " + bad[0] if bad else ""),
                  flush=True)
            if bad or not m:
                ok = False
                continue
            res[(mode, shift)] = m.groups()
    shutil.rmtree(tmp)

    print()
    print("Thrashing: hog of 1.4 x MemAvailable (compressible 4:1) with zram swap, "
          "heartbeat every 100 ms; TCG guest, 2 vCPUs, 256 MiB; cap %d s" % a.secs)
    hdr = "%-32s | %12s | %14s | %15s | %10s | %10s" % (
        "row", "start->kill", "start->MemAvail", "heartbeat stall", "false kill",
        "loadshift")
    print(hdr)
    print("-" * len(hdr))
    for label, kind, mode in ROWS:
        h = res.get((mode, False))
        s = res.get((mode, True))
        if h:
            kill = "none" if float(h[1]) < 0 else "%.1f s" % float(h[1])
            rec = "none" if float(h[2]) < 0 else "%.1f s" % float(h[2])
            stall = "%s ms" % h[3]
            false_kill = "heartbeat" if h[5] == "1" else "no"
        else:
            kill = rec = stall = false_kill = "missing"
        shift = "%s kills" % s[1] if s else "missing"
        print("%-32s | %12s | %14s | %15s | %10s | %10s" % (
            label, kill, rec, stall, false_kill, shift))
    print("logs: %s" % a.out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
