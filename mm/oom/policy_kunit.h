/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the OOM policy layer, included by policy.c: registration,
 * switching through the sysfs handlers, and the chain's fallback.
 */
#include <kunit/test.h>

static unsigned int oom_policy_test_calls;

static enum oom_policy_verdict oom_policy_test_decline(struct oom_control *oc)
{
	oom_policy_test_calls++;
	return OOM_POLICY_DECLINE;
}

static enum oom_policy_verdict oom_policy_test_panic(struct oom_control *oc)
{
	oom_policy_test_calls++;
	return OOM_POLICY_PANIC;
}

static struct oom_policy oom_policy_test_a = {
	.name = "kunit-a",
	.select = oom_policy_test_decline,
};

static struct oom_policy oom_policy_test_b = {
	.name = "kunit-a",
	.select = oom_policy_test_decline,
};

static struct oom_policy oom_policy_test_c = {
	.name = "kunit-c",
	.select = oom_policy_test_panic,
};

static void oom_policy_test_show(struct kunit *test, char *buf)
{
	policy_show(NULL, NULL, buf);
}

static void oom_policy_test_register(struct kunit *test)
{
	struct oom_policy bad = { .name = "Bad Name", .select = oom_policy_test_decline };
	struct oom_policy noop = { .name = "noop" };
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_EXPECT_EQ(test, oom_policy_register(&bad), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_policy_register(&noop), -EINVAL);
	KUNIT_ASSERT_EQ(test, oom_policy_register(&oom_policy_test_a), 0);
	KUNIT_EXPECT_EQ(test, oom_policy_register(&oom_policy_test_b), -EEXIST);
	oom_policy_test_show(test, buf);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, " kunit-a"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "[default]"));
	oom_policy_unregister(&oom_policy_test_a);
	oom_policy_test_show(test, buf);
	KUNIT_EXPECT_NULL(test, strstr(buf, "kunit-a"));
}

static void oom_policy_test_store(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	static const char * const bad[] = {
		"", "\n", "nosuch", "kunit-a ", "kunit-a\n\n",
		"a-name-longer-than-the-limit-allows",
	};
	int i;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, oom_policy_register(&oom_policy_test_a), 0);
	KUNIT_EXPECT_EQ(test, policy_store(NULL, NULL, "kunit-a\n", 8), 8);
	oom_policy_test_show(test, buf);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "[kunit-a]"));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, policy_store(NULL, NULL, bad[i], strlen(bad[i])),
				    (ssize_t)-EINVAL, "name '%s'", bad[i]);
	}
	/* State unchanged by the failures. */
	oom_policy_test_show(test, buf);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "[kunit-a]"));

	/* Unregistering the active policy falls back to default. */
	oom_policy_unregister(&oom_policy_test_a);
	oom_policy_test_show(test, buf);
	KUNIT_EXPECT_NOT_NULL(test, strstr(buf, "[default]"));
	KUNIT_EXPECT_EQ(test, policy_store(NULL, NULL, "kunit-a", 7), (ssize_t)-EINVAL);
}

static void oom_policy_test_chain(struct kunit *test)
{
	struct oom_control oc = { .order = -1 };

	KUNIT_ASSERT_EQ(test, oom_policy_register(&oom_policy_test_a), 0);
	KUNIT_ASSERT_EQ(test, oom_policy_register(&oom_policy_test_c), 0);
	KUNIT_ASSERT_EQ(test, oom_policy_set("kunit-a"), 0);

	mutex_lock(&oom_lock);
	oom_policy_test_calls = 0;
	oom_policy_begin();
	KUNIT_EXPECT_STREQ(test, oom_policy_chosen_by(), "");
	/* Declined: default decided (no user task here to choose). */
	KUNIT_EXPECT_EQ(test, oom_policy_select(&oc), OOM_POLICY_VICTIM);
	KUNIT_EXPECT_EQ(test, oom_policy_test_calls, 1U);
	KUNIT_EXPECT_STREQ(test, oom_policy_chosen_by(), "default");
	if (oc.chosen && oc.chosen != (void *)-1UL)
		put_task_struct(oc.chosen);
	mutex_unlock(&oom_lock);

	KUNIT_ASSERT_EQ(test, oom_policy_set("kunit-c"), 0);
	oc.chosen = NULL;
	mutex_lock(&oom_lock);
	KUNIT_EXPECT_EQ(test, oom_policy_select(&oc), OOM_POLICY_PANIC);
	KUNIT_EXPECT_STREQ(test, oom_policy_chosen_by(), "kunit-c");
	mutex_unlock(&oom_lock);

	KUNIT_EXPECT_EQ(test, oom_policy_set("default"), 0);
	oom_policy_unregister(&oom_policy_test_c);
	oom_policy_unregister(&oom_policy_test_a);
}

static struct kunit_case oom_policy_test_cases[] = {
	KUNIT_CASE(oom_policy_test_register),
	KUNIT_CASE(oom_policy_test_store),
	KUNIT_CASE(oom_policy_test_chain),
	{}
};

static struct kunit_suite oom_policy_test_suite = {
	.name = "oom_policy",
	.test_cases = oom_policy_test_cases,
};

kunit_test_suite(oom_policy_test_suite);
