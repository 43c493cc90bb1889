#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Boot test kernels in QEMU and judge what they print.

A boot is described by a section of an INI file:

    [name]
    mem = 256            # guest memory in MiB
    timeout = 300        # hard limit for the whole boot, seconds
    cmdline = ...        # extra kernel parameters (optional)
    expect_panic = no    # yes: the boot must end in a kernel panic
    panic_message = re   # with expect_panic: the console must match re
    expect = pass        # pass: every test passes, a skip fails unless
                         # allow_skip names it; skip: every test skips (a
                         # kernel built without the feature)
    allow_skip = re : why   # one per line: skips whose text matches re
    format = tap         # result: benchmark programs, each must exit 0
    output = re          # and print a line matching its output = line
    run = prog args      # one command per line, run in order as root

Each command must print TAP: a plan (1..N, or 1..0 # SKIP for a program
skipped as a whole) and as many results; a command without results, a
plan that differs from the count, "Bail out!" or a non-zero exit status
without a failed result fail.  In an expect_panic boot the last command
must print all its planned results before the panic.  /init reports
failed mounts and the taint flags after each command; a new taint flag
fails the boot.

Each command's output (TAP) goes to the second serial port, the kernel
console to the first.  A boot fails when the console shows a BUG, WARNING,
lockdep report, KASAN/UBSAN report, hung task, soft lockup, RCU stall or
an unexpected panic, or when the guest does not reach its end.
"""
import argparse
import configparser
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

BAD_CONSOLE = [
    re.compile(p) for p in (
        r"\bBUG: ",
        r"\bWARNING: ",
        r"INFO: task .* blocked for more than",
        r"INFO: rcu_\w+ (self-)?detected stall",
        r"rcu: INFO: .*detected stall",
        r"possible (circular|recursive) locking",
        r"inconsistent lock state",
        r"\bKASAN: ",
        r"\bUBSAN: ",
        r"\bOops: ",
        r"general protection fault",
        r"Kernel panic - not syncing",
        r"soft lockup",
    )
]
PANIC = re.compile(r"Kernel panic - not syncing")


def newc_entry(name, data, mode):
    """One file or directory entry of a cpio "newc" archive."""
    hdr = "070701" + "".join(
        "%08X" % v for v in (0, mode, 0, 0, 1, 0, len(data), 0, 0, 0, 0,
                             len(name) + 1, 0))
    out = hdr.encode() + name.encode() + b"\0"
    out += b"\0" * (-len(out) % 4) + data
    return out + b"\0" * (-len(out) % 4)


def plan_archive(commands):
    """A tiny gzip'ed cpio holding /plan: appended to the base initramfs."""
    script = "".join("run %s\n" % c for c in commands)
    cpio = newc_entry("plan", script.encode(), 0o100644)
    cpio += newc_entry("TRAILER!!!", b"", 0)
    return gzip.compress(cpio + b"\0" * (-len(cpio) % 512))


def qemu_cmd(kernel, initrd, mem, cmdline, accel, console, tap, smp=2):
    return [
        "qemu-system-x86_64", "-nodefaults", "-machine", "pc",
        "-accel", accel, "-cpu", "max" if accel == "tcg" else "host",
        "-smp", str(smp), "-m", "%dM" % mem,
        "-kernel", kernel, "-initrd", initrd,
        "-append", "console=ttyS0 panic=-1 loglevel=7 " + cmdline,
        "-display", "none", "-no-reboot", "-monitor", "none",
        "-serial", "file:" + console, "-serial", "file:" + tap,
    ]


def boot(kernel, base_initrd, commands, mem=256, timeout=300, cmdline="",
         accel="tcg", outdir=None, name="boot", smp=2):
    """Boot once; return (console_text, tap_text, seconds, timed_out)."""
    outdir = outdir or tempfile.mkdtemp(prefix="oomvm-")
    os.makedirs(outdir, exist_ok=True)
    console = os.path.join(outdir, name + ".console")
    tap = os.path.join(outdir, name + ".tap")
    initrd = os.path.join(outdir, name + ".initrd")
    with open(initrd, "wb") as f:
        with open(base_initrd, "rb") as b:
            shutil.copyfileobj(b, f)
        f.write(plan_archive(commands))
    for p in (console, tap):
        open(p, "w").close()
    cmd = qemu_cmd(kernel, initrd, mem, cmdline, accel, console, tap, smp)
    t0 = time.monotonic()
    timed_out = False
    try:
        subprocess.run(cmd, timeout=timeout, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       check=False)
    except subprocess.TimeoutExpired:
        timed_out = True
    secs = time.monotonic() - t0
    os.unlink(initrd)
    with open(console, errors="replace") as f:
        ctext = f.read()
    with open(tap, errors="replace") as f:
        ttext = f.read()
    return ctext, ttext, secs, timed_out


def comparison_parser(doc):
    """The argument parser of a stock-vs-patched script: the two kernels,
    the initramfs, the log directory and the accelerator."""
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument("--stock", required=True)
    ap.add_argument("--patched", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--accel", default=os.environ.get("ACCEL", "tcg"))
    return ap


def timing_boot(kernel, base_initrd, commands, mem, timeout, accel, outdir,
                name):
    """boot() for benchmarks: one vCPU, since on a 2-core host a second vCPU
    thread competing with QEMU's own threads adds host scheduling noise to
    timings; and booted again (up to 3 times) when the guest could not
    calibrate its TSC, which leaves the trace clock ticking in jiffies."""
    for _ in range(3):
        ctext, ttext, secs, to = boot(kernel, base_initrd, commands, mem,
                                      timeout, "", accel, outdir, name, smp=1)
        if "Marking TSC unstable" not in ctext:
            break
        print("# %s: TSC calibration failed in the guest, booting again" % name,
              flush=True)
    return ctext, ttext, secs, to


TAINT_LETTERS = "PFSRMBUDAWCIOELKXTN"


def taint_letters(mask):
    return "".join(c for i, c in enumerate(TAINT_LETTERS) if mask & (1 << i))


def parse_runs(tap_text):
    """Split the guest's output into runs and what /init reported.

    Returns (runs, setup_failures, taints): runs is [(command, exit,
    [lines], taint_after)], setup_failures the /init steps that failed,
    taints the kernel's taint mask at the start and after each command."""
    runs, cur, setup, taints = [], None, [], []
    for line in tap_text.splitlines():
        line = line.rstrip("\r")
        if line.startswith("OOMTEST-RUN "):
            cur = [line[len("OOMTEST-RUN "):], None, [], None]
            runs.append(cur)
        elif line.startswith("OOMTEST-EXIT ") and cur is not None:
            cur[1] = int(line.split()[1])
            cur = None
        elif line.startswith("OOMTEST-SETUP-FAIL "):
            setup.append(line[len("OOMTEST-SETUP-FAIL "):])
        elif line.startswith("OOMTEST-TAINT "):
            try:
                mask = int(line.split()[1])
            except (IndexError, ValueError):
                mask = -1
            taints.append(mask)
            if runs and runs[-1][1] is not None and runs[-1][3] is None:
                runs[-1][3] = mask
        elif cur is not None:
            cur[2].append(line)
        elif TAP_RESULT.match(line) or TAP_BAIL.match(line):
            # Printed outside any command (an orphaned child, say): a
            # result that no command owns is a failure, never dropped.
            setup.append("output outside any command: %s" % line)
    return runs, setup, taints


TAP_RESULT = re.compile(r"^(not ok|ok)\b\s*(\d+)?\s*-?\s*(.*)$")
TAP_PLAN = re.compile(r"^1\.\.(\d+)\s*(#\s*(.*))?$")
TAP_BAIL = re.compile(r"^Bail out!\s*(.*)$")


def tap_results(lines):
    """Top-level TAP of one command: (plan or None, plan_skip_reason,
    [(status, description)], bail_out reason or None)."""
    plan, plan_skip, bail, results = None, None, None, []
    for l in lines:
        m = TAP_PLAN.match(l)
        if m and plan is not None:
            bail = bail or "a second TAP plan: %s" % l
            continue
        if m:
            plan = int(m.group(1))
            if plan == 0 and m.group(3) and re.match(r"skip", m.group(3), re.I):
                plan_skip = m.group(3)
            continue
        m = TAP_BAIL.match(l)
        if m:
            bail = m.group(1) or "no reason given"
            continue
        m = TAP_RESULT.match(l)
        if not m:
            continue
        desc = m.group(3)
        if m.group(1) == "not ok":
            status = "fail"
        elif re.search(r"#\s*SKIP", desc, re.I):
            status = "skip"
        else:
            status = "pass"
        results.append((status, desc))
    return plan, plan_skip, results, bail


def judge_run(cmd, rc, lines, panicked_here=False):
    """Results of one command: [(status, description)].

    A command must print TAP: a plan and as many results as it plans (or
    "1..0 # SKIP" for a program that skipped as a whole).  A command that
    printed no result, a count that differs from the plan, "Bail out!" or
    an exit status without a failed result are failures.  @panicked_here:
    the command was cut short by an expected panic; it must still have
    printed every planned result first."""
    plan, plan_skip, tap, bail = tap_results(lines)
    results = [(st, "%s: %s" % (cmd, d)) for st, d in tap]
    if bail is not None:
        results.append(("fail", "%s: Bail out! %s" % (cmd, bail)))
    if plan_skip is not None and not tap:
        results.append(("skip", "%s: skipped as a whole: %s" % (cmd, plan_skip)))
    elif not tap:
        results.append(("fail", "%s: printed no TAP result" % cmd))
    elif plan is None:
        results.append(("fail", "%s: printed no TAP plan (1..N)" % cmd))
    elif plan != len(tap):
        results.append(("fail", "%s: planned %d tests, reported %d" %
                        (cmd, plan, len(tap))))
    if panicked_here:
        return results
    if rc is None:
        results.append(("fail", "%s: did not finish" % cmd))
    elif rc == 4 and all(st == "skip" for st, _ in results):
        pass
    elif rc not in (0, 4) and not any(s == "fail" for s, _ in results):
        results.append(("fail", "%s: exit status %d" % (cmd, rc)))
    elif rc == 4 and not any(st == "skip" for st, _ in results):
        results.append(("fail", "%s: exit status 4 (skip) without a skipped test" % cmd))
    return results


def judge_result_run(cmd, rc, lines, output):
    """A benchmark's guest program run as a smoke test (format = result):
    it must exit 0 and print a line matching its output = regex (the line
    its benchmark script parses).  No timing is judged."""
    if output is None:
        return [("fail", "%s: no output = line for this command" % cmd)]
    ok = rc == 0 and any(re.search(output, l) for l in lines)
    why = "" if ok else (" (exit %s, no line matching %s)" % (rc, output))
    return [("pass" if ok else "fail", "%s: exits 0 with its RESULT line%s" % (cmd, why))]


def console_problems(text, expect_panic):
    bad = []
    for line in text.splitlines():
        if expect_panic and PANIC.search(line):
            continue
        if any(p.search(line) for p in BAD_CONSOLE):
            bad.append(line.strip())
    return bad


def allowlist(sec):
    """allow_skip lines: "REGEX : reason"; a skip whose description matches
    REGEX is allowed on a boot that expects passes."""
    out = []
    for l in sec.get("allow_skip", "").splitlines():
        l = l.strip()
        if not l:
            continue
        rx, _, why = l.partition(" : ")
        out.append((re.compile(rx.strip()), why.strip() or "no reason given"))
    return out


def apply_expectation(name, sec, results):
    """expect = pass (default): every test passes; a skip is a failure
    unless an allow_skip line names it.  expect = skip: the boot runs the
    series' tests on a kernel without the series' options: every test
    skips, and a pass means the feature leaked into that kernel."""
    expect = sec.get("expect", "pass").strip()
    if expect not in ("pass", "skip"):
        return [("fail", "%s: unknown expect = %s" % (name, expect))]
    allowed = allowlist(sec)
    out = []
    for st, desc in results:
        if expect == "pass" and st == "skip":
            why = next((w for rx, w in allowed if rx.search(desc)), None)
            if why is None:
                out.append(("fail", "%s (unexpected skip)" % desc))
            else:
                out.append(("skip", "%s (allowed: %s)" % (desc, why)))
        elif expect == "skip" and st == "pass":
            out.append(("fail", "%s (passed on a kernel that should not have the feature)"
                        % desc))
        else:
            out.append((st, desc))
    return out


def judge_boot(name, sec, ctext, ttext, timed_out):
    expect_panic = sec.getboolean("expect_panic", fallback=False)
    results = []
    runs, setup, taints = parse_runs(ttext)
    panicked = bool(PANIC.search(ctext))
    for what in setup:
        results.append(("fail", "%s: /init: %s" % (name, what)))
    outputs = [o.strip() for o in sec.get("output", "").splitlines() if o.strip()]
    planned = [c for c in sec.get("run", "").splitlines() if c.strip()]
    for i, (cmd, rc, lines, _) in enumerate(runs):
        if sec.get("format", "tap").strip() == "result":
            results += judge_result_run(cmd, rc, lines,
                                        outputs[i] if i < len(outputs) else None)
            continue
        # A boot expected to panic ends inside its last command.
        cut = (expect_panic and panicked and rc is None and
               i == len(runs) - 1 and len(runs) == len(planned))
        results += judge_run(cmd, rc, lines, cut)
    if not planned:
        results.append(("fail", "%s: the section has no run = command" % name))
    elif not runs and "OOMTEST-BEGIN" in ttext:
        results.append(("fail", "%s: no command ran" % name))
    elif expect_panic and len(runs) < len(planned):
        results.append(("fail", "%s: %d of %d commands ran before the panic" %
                        (name, len(runs), len(planned))))
    results = apply_expectation(name, sec, results)
    ended = "OOMTEST-END" in ttext
    if expect_panic:
        why = sec.get("panic_message", fallback="")
        ok = panicked and (not why or re.search(why, ctext))
        results.append(("pass" if ok else "fail",
                        "%s: kernel panicked as expected%s" %
                        (name, " (%s)" % why if why else "")))
        if ended:
            results.append(("fail", "%s: the plan ended without the panic" % name))
    elif not ended:
        why = "timed out" if timed_out else "guest stopped early"
        results.append(("fail", "%s: %s before the end of its plan" % (name, why)))
    # Taint: any flag that was not set when /init started is a failure
    # (W after a WARN, D after an oops, L after a soft lockup, B after a
    # bad page or a KASAN report...).  Named after the first command
    # after which it showed.
    if taints and taints[0] >= 0:
        base = taints[0]
        for cmd, rc, lines, after in runs:
            if rc is not None and (after is None or after < 0):
                results.append(("fail", "%s: no taint flags after %s" % (name, cmd)))
            elif after is not None and after >= 0 and after & ~base:
                results.append(("fail", "%s: kernel tainted (%s) during %s" %
                                (name, taint_letters(after & ~base), cmd)))
                base |= after
    elif ended or taints:
        results.append(("fail", "%s: /init did not report the taint flags" % name))
    for line in console_problems(ctext, expect_panic)[:5]:
        results.append(("fail", "%s: console: %s" % (name, line)))
    return results


def load_ini(path):
    cp = configparser.ConfigParser(inline_comment_prefixes=("#",),
                                   interpolation=None)
    cp.read(path)
    return cp


def kvm_probe(kernel, initrd, outdir):
    """Use KVM only if a trivial boot under it succeeds."""
    try:
        fd = os.open("/dev/kvm", os.O_RDWR)
        os.close(fd)
    except OSError:
        return "tcg"
    c, t, _, _ = boot(kernel, initrd, ["true"], 256, 60, "", "kvm", outdir,
                      "kvm-probe")
    return "kvm" if "OOMTEST-END" in t else "tcg"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--initrd", required=True)
    ap.add_argument("--ini", required=True)
    ap.add_argument("--out", required=True, help="directory for the logs")
    ap.add_argument("--accel", default=os.environ.get("ACCEL", "tcg"),
                    help="tcg (default), kvm, or auto (KVM if a probe boot works)")
    ap.add_argument("--counts", help="write 'passed failed skipped' here")
    ap.add_argument("--json", help="write every result here")
    ap.add_argument("--slow", type=float, default=1.0,
                    help="multiply each boot's timeout (slow kernels: KASAN)")
    ap.add_argument("boots", nargs="*", help="sections to run (default: all)")
    a = ap.parse_args()

    cp = load_ini(a.ini)
    names = a.boots or cp.sections()
    accel = a.accel
    if accel == "auto":
        accel = kvm_probe(a.kernel, a.initrd, a.out)
        print("# accelerator: %s" % accel)
    allres, boots = [], {}
    for name in names:
        if name not in cp:
            print("vmrun: no boot named %s in %s" % (name, a.ini), file=sys.stderr)
            return 2
        sec = cp[name]
        cmds = [c.strip() for c in sec.get("run", "").splitlines() if c.strip()]
        ctext, ttext, secs, to = boot(
            a.kernel, a.initrd, cmds, sec.getint("mem", 256),
            int(sec.getint("timeout", 300) * a.slow), sec.get("cmdline", ""), accel,
            a.out, name)
        res = judge_boot(name, sec, ctext, ttext, to)
        boots[name] = {"seconds": round(secs, 1), "results": res,
                       "tap": ttext.splitlines()}
        for status, desc in res:
            tag = {"pass": "ok", "fail": "not ok", "skip": "ok # SKIP"}[status]
            print("%s %s" % (tag, desc), flush=True)
        print("# %s: %.1f s, logs in %s/%s.{console,tap}" % (name, secs, a.out, name),
              flush=True)
        allres += res
    n = {s: sum(1 for r in allres if r[0] == s) for s in ("pass", "fail", "skip")}
    print("%d passed, %d failed, %d skipped" % (n["pass"], n["fail"], n["skip"]))
    if a.counts:
        with open(a.counts, "w") as f:
            f.write("%d %d %d\n" % (n["pass"], n["fail"], n["skip"]))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(boots, f, indent=1)
    return 1 if n["fail"] else 0


if __name__ == "__main__":
    sys.exit(main())
