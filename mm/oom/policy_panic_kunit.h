/* SPDX-License-Identifier: GPL-2.0 */
/* KUnit test of the panic OOM policy's decision, included by policy_panic.c. */
#include <kunit/test.h>

static void oom_panic_test_verdict(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, oom_panic_verdict(false, false), OOM_POLICY_PANIC);
	KUNIT_EXPECT_EQ(test, oom_panic_verdict(true, false), OOM_POLICY_DECLINE);
	KUNIT_EXPECT_EQ(test, oom_panic_verdict(false, true), OOM_POLICY_DECLINE);
}

static struct kunit_case oom_panic_test_cases[] = {
	KUNIT_CASE(oom_panic_test_verdict),
	{}
};

static struct kunit_suite oom_panic_test_suite = {
	.name = "oom_policy_panic",
	.test_cases = oom_panic_test_cases,
};

kunit_test_suite(oom_panic_test_suite);
