#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Self-test of harness/vmrun.py's judgement: every way a boot must fail
does fail, and a clean boot passes.  Run by make check before any kernel
is booted (python3 -m unittest)."""
import configparser
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import vmrun  # noqa: E402

CLEAN = "Linux version 6.12\nRun /init as init process\n"


def section(**kw):
    cp = configparser.ConfigParser(interpolation=None)
    cp["b"] = {"run": "prog"}
    cp["b"].update(kw)
    return cp["b"]


def tap(*runs, end=True, taint_end=0, setup=()):
    out = ["OOMTEST-BEGIN 6.12 mem=1"]
    out += ["OOMTEST-SETUP-FAIL %s" % s for s in setup]
    out.append("OOMTEST-TAINT 0")
    for cmd, rc, lines in runs:
        out.append("OOMTEST-RUN " + cmd)
        out += lines
        if rc is not None:
            out.append("OOMTEST-EXIT %d %s" % (rc, cmd))
            out.append("OOMTEST-TAINT %d" % taint_end)
    if end:
        out.append("OOMTEST-END")
    return "\n".join(out) + "\n"


def judge(sec, ttext, ctext=CLEAN):
    return vmrun.judge_boot("b", sec, ctext, ttext, False)


def statuses(res):
    return sorted(s for s, _ in res)


class Judge(unittest.TestCase):
    def test_clean_boot_passes(self):
        r = judge(section(), tap(("prog", 0, ["1..2", "ok 1 a", "ok 2 b"])))
        self.assertEqual(statuses(r), ["pass", "pass"])

    def test_plan_mismatch_fails(self):
        r = judge(section(), tap(("prog", 0, ["1..3", "ok 1 a", "ok 2 b"])))
        self.assertIn("fail", statuses(r))

    def test_no_plan_fails(self):
        r = judge(section(), tap(("prog", 0, ["ok 1 a"])))
        self.assertIn("fail", statuses(r))

    def test_no_result_fails(self):
        r = judge(section(), tap(("prog", 0, ["hello"])))
        self.assertEqual(statuses(r), ["fail"])

    def test_bail_out_fails(self):
        r = judge(section(), tap(("prog", 0, ["1..1", "ok 1 a", "Bail out! broken"])))
        self.assertIn("fail", statuses(r))

    def test_exit_status_fails(self):
        r = judge(section(), tap(("prog", 1, ["1..1", "ok 1 a"])))
        self.assertIn("fail", statuses(r))

    def test_unexpected_skip_fails(self):
        r = judge(section(), tap(("prog", 0, ["1..2", "ok 1 a", "ok 2 b # SKIP x"])))
        self.assertIn("fail", statuses(r))

    def test_whole_program_skip_fails_on_patched(self):
        r = judge(section(), tap(("prog", 4, ["1..0 # SKIP no feature"])))
        self.assertEqual(statuses(r), ["fail"])

    def test_allowlisted_skip_is_a_skip(self):
        sec = section(allow_skip="b # SKIP x : not on this host")
        r = judge(sec, tap(("prog", 0, ["1..2", "ok 1 a", "ok 2 b # SKIP x"])))
        self.assertEqual(statuses(r), ["pass", "skip"])

    def test_expect_skip_pass_is_a_leak(self):
        sec = section(expect="skip")
        r = judge(sec, tap(("prog", 0, ["1..1", "ok 1 a"])))
        self.assertEqual(statuses(r), ["fail"])
        r = judge(sec, tap(("prog", 4, ["1..2", "ok 1 a # SKIP off", "ok 2 b # SKIP off"])))
        self.assertEqual(statuses(r), ["skip", "skip"])

    def test_empty_section_fails(self):
        cp = configparser.ConfigParser(interpolation=None)
        cp["b"] = {"mem": "256"}
        r = judge(cp["b"], tap())
        self.assertIn("fail", statuses(r))

    def test_unfinished_command_fails(self):
        r = judge(section(), tap(("prog", None, ["1..1"]), end=False))
        self.assertIn("fail", statuses(r))

    def test_new_taint_fails(self):
        r = judge(section(), tap(("prog", 0, ["1..1", "ok 1 a"]), taint_end=512))
        self.assertIn("fail", statuses(r))
        self.assertTrue(any("(W)" in d for _, d in r))

    def test_setup_failure_fails(self):
        r = judge(section(), tap(("prog", 0, ["1..1", "ok 1 a"]),
                                 setup=["mount -t cgroup2 cgroup2 /sys/fs/cgroup"]))
        self.assertIn("fail", statuses(r))

    def test_console_warning_fails(self):
        r = judge(section(), tap(("prog", 0, ["1..1", "ok 1 a"])),
                  CLEAN + "WARNING: CPU: 0 PID: 1 at mm/oom_kill.c:1\n")
        self.assertIn("fail", statuses(r))

    def test_panic_boot_needs_every_result(self):
        sec = section(expect_panic="yes", panic_message="global OOM")
        panic = CLEAN + "Kernel panic - not syncing: global OOM\n"
        good = tap(("prog", None, ["1..3", "ok 1 a", "ok 2 b", "ok 3 c"]), end=False)
        self.assertEqual(statuses(judge(sec, good, panic)), ["pass"] * 4)
        early = tap(("prog", None, ["1..3", "ok 1 a"]), end=False)
        self.assertIn("fail", statuses(judge(sec, early, panic)))
        wrong = CLEAN + "Kernel panic - not syncing: sysrq OOM\n"
        self.assertIn("fail", statuses(judge(sec, good, wrong)))
        nopanic = tap(("prog", 0, ["1..3", "ok 1 a", "ok 2 b", "ok 3 c"]))
        self.assertIn("fail", statuses(judge(sec, nopanic, CLEAN)))

    def test_second_plan_fails(self):
        r = judge(section(), tap(("prog", 0, ["1..1", "ok 1 a", "1..1"])))
        self.assertIn("fail", statuses(r))

    def test_stray_result_fails(self):
        t = tap(("prog", 0, ["1..1", "ok 1 a"])).replace(
            "OOMTEST-END", "not ok 2 orphan\nOOMTEST-END")
        self.assertIn("fail", statuses(judge(section(), t)))

    def test_missing_taint_after_command_fails(self):
        t = tap(("prog", 0, ["1..1", "ok 1 a"])).replace("OOMTEST-TAINT 0\nOOMTEST-END",
                                                          "OOMTEST-END")
        self.assertIn("fail", statuses(judge(section(), t)))

    def test_panic_boot_needs_every_command(self):
        sec = section(expect_panic="yes", panic_message="global OOM",
                      run="prog\nlast")
        panic = CLEAN + "Kernel panic - not syncing: global OOM\n"
        t = tap(("prog", None, ["1..1", "ok 1 a"]), end=False)
        self.assertIn("fail", statuses(judge(sec, t, panic)))

    def test_result_format(self):
        sec = section(format="result", output="^RESULT x=")
        self.assertEqual(statuses(judge(sec, tap(("prog", 0, ["RESULT x=1"])))), ["pass"])
        self.assertEqual(statuses(judge(sec, tap(("prog", 0, ["RESULT y=1"])))), ["fail"])
        self.assertEqual(statuses(judge(sec, tap(("prog", 1, ["RESULT x=1"])))), ["fail"])


if __name__ == "__main__":
    unittest.main()
