#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The OOM scenario matrix: each scenario booted once on the stock kernel
and once on the patched one (256 MiB guest, no swap), printed as one table
with the first victim, every victim, and a verdict per scenario."""
import configparser
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import vmrun  # noqa: E402

# letter, name, what the hog does, what is right
SCENARIOS = [
    ("a", "anon", "anonymous memory", "hog"),
    ("b", "memfd", "write() into a memfd", "hog"),
    ("c", "tmpfs", "write() into unlinked tmpfs file", "hog"),
    ("d", "dmaheap", "dma-heap system allocations", "hog"),
    ("e", "vgem", "vgem GEM objects", "hog"),
    ("f", "sparse", "anon + 1 TiB sparse memfd holder", "hog"),
    ("g", "memcg", "memfd hog + innocent in one memcg", "hog"),
    ("h", "adj", "anon hog at oom_score_adj -1000", "innocent"),
    ("i", "pipe", "write() into pipes nobody reads", "hog"),
]

KILLED = re.compile(r"^# KILLED (\S+) pid=\d+")
RESULT = re.compile(r"^# RESULT scenario=\S+ first=(\S+) kills=(\d+)")


def run_one(kernel, initrd, name, out, accel, timeout):
    sec = configparser.ConfigParser()
    sec.read_dict({name: {"mem": "256", "timeout": str(timeout)}})
    ctext, ttext, secs, to = vmrun.boot(
        kernel, initrd, ["oom_scenario -t %d %s" % (timeout - 60, name)],
        256, timeout, "", accel, out, name)
    first, victims = None, []
    for line in ttext.splitlines():
        m = KILLED.match(line)
        if m:
            victims.append(m.group(1))
        m = RESULT.match(line)
        if m:
            first = m.group(1)
    problems = [r for r in vmrun.judge_boot(name, sec[name], ctext, ttext, to)
                if r[0] == "fail"]
    if vmrun.PANIC.search(ctext):
        first = first or "PANIC"
    return {"first": first or "?", "victims": victims, "secs": secs,
            "problems": problems}


def right(res, expect):
    if res["problems"]:
        return False
    if expect == "hog":
        return res["victims"] == ["hog"]
    return "hog" not in res["victims"] and res["first"] == "innocent"


def cell(res, expect):
    v = ",".join(res["victims"]) or "-"
    mark = "ok" if right(res, expect) else "WRONG"
    return "%-5s %s" % (mark, v)


def main():
    ap = vmrun.comparison_parser(__doc__)
    ap.add_argument("--timeout", type=int, default=240)
    ap.add_argument("only", nargs="*", help="scenario letters or names")
    a = ap.parse_args()

    rows = [s for s in SCENARIOS if not a.only or s[0] in a.only or s[1] in a.only]
    if not rows:
        print("scenarios: none of %s exists" % a.only, file=sys.stderr)
        return 2
    results = {}
    for kind, kernel in (("stock", a.stock), ("patched", a.patched)):
        for letter, name, _, expect in rows:
            r = run_one(kernel, a.initrd, name, os.path.join(a.out, kind),
                        a.accel, a.timeout)
            results[(kind, letter)] = r
            print("# %-7s (%s) %-8s victims: %-24s %.1f s%s" % (
                kind, letter, name, ",".join(r["victims"]) or "none",
                r["secs"], "" if not r["problems"] else
                "  PROBLEM: " + r["problems"][0][1]), flush=True)

    print()
    print("OOM scenario matrix: 256 MiB guest, no swap, 48 MiB innocent; "
          "victims in kill order")
    hdr = "%-3s %-36s %-9s | %-24s | %-24s | %s" % (
        "", "hog grows through", "expected", "stock", "patched", "verdict")
    print(hdr)
    print("-" * len(hdr))
    bad = 0
    for letter, name, what, expect in rows:
        s, p = results[("stock", letter)], results[("patched", letter)]
        rs, rp = right(s, expect), right(p, expect)
        if rs and rp:
            verdict = "both right"
        elif rp:
            verdict = "patched fixes stock"
        elif rs:
            verdict = "REGRESSION: patched wrong, stock right"
            bad += 1
        else:
            verdict = "both wrong (not fixed yet)"
        exp = "innocent" if expect == "innocent" else "hog only"
        print("(%s) %-36s %-9s | %-24s | %-24s | %s" % (
            letter, what, exp, cell(s, expect), cell(p, expect), verdict))
    print()
    print("logs: %s/{stock,patched}/NAME.{console,tap}" % a.out)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
