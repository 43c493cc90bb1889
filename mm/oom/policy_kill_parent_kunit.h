/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the kill-parent OOM policy's history, on a fake clock;
 * included by policy_kill_parent.c.
 */
#include <kunit/test.h>

#define KP_SEC	NSEC_PER_SEC

static void kp_test_threshold(struct kunit *test)
{
	struct kp_history *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, h);
	kp_record(h, 100, 7, 1 * KP_SEC);
	kp_record(h, 100, 7, 2 * KP_SEC);
	KUNIT_EXPECT_FALSE(test, kp_any_culprit(h, 3 * KP_SEC, 60 * KP_SEC, 3));
	KUNIT_EXPECT_FALSE(test, kp_is_culprit(h, 100, 7, 3 * KP_SEC, 60 * KP_SEC, 3));
	kp_record(h, 100, 7, 3 * KP_SEC);
	KUNIT_EXPECT_TRUE(test, kp_any_culprit(h, 3 * KP_SEC, 60 * KP_SEC, 3));
	KUNIT_EXPECT_TRUE(test, kp_is_culprit(h, 100, 7, 3 * KP_SEC, 60 * KP_SEC, 3));
	/* Same pid, another process (start time): not a culprit. */
	KUNIT_EXPECT_FALSE(test, kp_is_culprit(h, 100, 8, 3 * KP_SEC, 60 * KP_SEC, 3));
	/* Another parent with one kill is not one either. */
	kp_record(h, 200, 1, 3 * KP_SEC);
	KUNIT_EXPECT_FALSE(test, kp_is_culprit(h, 200, 1, 3 * KP_SEC, 60 * KP_SEC, 3));
	kp_forget(h, 100, 7);
	KUNIT_EXPECT_FALSE(test, kp_any_culprit(h, 3 * KP_SEC, 60 * KP_SEC, 3));
}

static void kp_test_window(struct kunit *test)
{
	struct kp_history *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, h);
	kp_record(h, 100, 7, 0);
	kp_record(h, 100, 7, 50 * KP_SEC);
	kp_record(h, 100, 7, 61 * KP_SEC);
	/* At 61 s with a 60 s window, the kill at 0 s has expired. */
	KUNIT_EXPECT_FALSE(test, kp_is_culprit(h, 100, 7, 61 * KP_SEC, 60 * KP_SEC, 3));
	KUNIT_EXPECT_TRUE(test, kp_is_culprit(h, 100, 7, 60 * KP_SEC + 1, 61 * KP_SEC, 2));
	KUNIT_EXPECT_TRUE(test, kp_is_culprit(h, 100, 7, 61 * KP_SEC, 61 * KP_SEC, 3));
}

static void kp_test_ring(struct kunit *test)
{
	struct kp_history *h = kunit_kzalloc(test, sizeof(*h), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, h);
	for (i = 0; i < 3; i++)
		kp_record(h, 100, 7, KP_SEC);
	/* A flood of other parents' kills pushes the old ones out. */
	for (i = 0; i < KP_HISTORY; i++)
		kp_record(h, 1000 + i, 1, 2 * KP_SEC);
	KUNIT_EXPECT_FALSE(test, kp_is_culprit(h, 100, 7, 2 * KP_SEC, 60 * KP_SEC, 1));
	KUNIT_EXPECT_TRUE(test, kp_is_culprit(h, 1000, 1, 2 * KP_SEC, 60 * KP_SEC, 1));
}

static void kp_test_params(struct kunit *test)
{
	const struct kernel_param kp = { .arg = &kills };
	unsigned int old = kills;

	KUNIT_EXPECT_EQ(test, kp_set_kills("0", &kp), -EINVAL);
	KUNIT_EXPECT_EQ(test, kp_set_kills("33", &kp), -EINVAL);
	KUNIT_EXPECT_EQ(test, kp_set_kills("x", &kp), -EINVAL);
	KUNIT_EXPECT_EQ(test, kills, old);
	KUNIT_EXPECT_EQ(test, kp_set_kills("5", &kp), 0);
	KUNIT_EXPECT_EQ(test, kills, 5U);
	kills = old;
}

static struct kunit_case kp_test_cases[] = {
	KUNIT_CASE(kp_test_threshold),
	KUNIT_CASE(kp_test_window),
	KUNIT_CASE(kp_test_ring),
	KUNIT_CASE(kp_test_params),
	{}
};

static struct kunit_suite kp_test_suite = {
	.name = "oom_policy_kill_parent",
	.test_cases = kp_test_cases,
};

kunit_test_suite(kp_test_suite);
