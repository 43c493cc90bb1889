/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for the OOM victim timeout, included at the end of
 * mm/oom/victim.c to reach its static functions.
 */
#ifndef _MM_OOM_VICTIM_KUNIT_H
#define _MM_OOM_VICTIM_KUNIT_H

#include <kunit/test.h>

static void oom_victim_test_parse(struct kunit *test)
{
	unsigned int ms = 1234;

	KUNIT_EXPECT_EQ(test, oom_victim_timeout_parse("3000\n", &ms), 0);
	KUNIT_EXPECT_EQ(test, ms, 3000);
	KUNIT_EXPECT_EQ(test, oom_victim_timeout_parse("100", &ms), 0);
	KUNIT_EXPECT_EQ(test, ms, 100);
	KUNIT_EXPECT_EQ(test, oom_victim_timeout_parse("600000", &ms), 0);
	KUNIT_EXPECT_EQ(test, ms, 600000);

	/* Rejected input leaves the value alone. */
	KUNIT_EXPECT_EQ(test, oom_victim_timeout_parse("99", &ms), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_victim_timeout_parse("600001", &ms), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_victim_timeout_parse("0", &ms), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_victim_timeout_parse("-1", &ms), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_victim_timeout_parse("2s", &ms), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_victim_timeout_parse("", &ms), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_victim_timeout_parse("99999999999", &ms), -EINVAL);
	KUNIT_EXPECT_EQ(test, ms, 600000);
}

static void oom_victim_test_clock(struct kunit *test)
{
	unsigned int saved = oom_victim_timeout_ms;
	struct mm_struct *mm = kunit_kzalloc(test, sizeof(*mm), GFP_KERNEL);
	unsigned long delay, start;

	KUNIT_ASSERT_NOT_NULL(test, mm);

	/* The default is mainline's 2 s delay plus ten 100 ms retries. */
	oom_victim_timeout_ms = OOM_VICTIM_TIMEOUT_DEFAULT_MS;
	start = jiffies;
	delay = oom_victim_start(mm);
	KUNIT_EXPECT_EQ(test, delay, (unsigned long)OOM_REAPER_DELAY);
	KUNIT_EXPECT_GE(test, mm->oom_victim_deadline,
			start + msecs_to_jiffies(3000));
	KUNIT_EXPECT_LE(test, mm->oom_victim_deadline,
			jiffies + msecs_to_jiffies(3000));
	KUNIT_EXPECT_FALSE(test, oom_victim_expired(mm));
	KUNIT_EXPECT_TRUE(test, oom_reap_may_retry(mm, 100));
	KUNIT_EXPECT_GE(test, oom_reap_retry_wait(mm), 1UL);
	KUNIT_EXPECT_LE(test, oom_reap_retry_wait(mm),
			(unsigned long)OOM_REAPER_RETRY_INTERVAL);

	/* At the deadline: no more retries, however few were made. */
	mm->oom_victim_deadline = jiffies;
	KUNIT_EXPECT_TRUE(test, oom_victim_expired(mm));
	KUNIT_EXPECT_FALSE(test, oom_reap_may_retry(mm, 0));
	KUNIT_EXPECT_EQ(test, oom_reap_retry_wait(mm), 1UL);

	/* Just before it, the last wait ends at the deadline. */
	mm->oom_victim_deadline = jiffies + 2;
	KUNIT_EXPECT_LE(test, oom_reap_retry_wait(mm), 2UL);

	/* A short timeout shortens the delay in proportion. */
	oom_victim_timeout_ms = 300;
	delay = oom_victim_start(mm);
	KUNIT_EXPECT_EQ(test, delay, msecs_to_jiffies(300) * 2 / 3);

	/* The deadline survives a jiffies wrap. */
	mm->oom_victim_deadline = jiffies - 1;
	KUNIT_EXPECT_TRUE(test, oom_victim_expired(mm));
	mm->oom_victim_deadline = jiffies + LONG_MAX / 2;
	KUNIT_EXPECT_FALSE(test, oom_victim_expired(mm));

	oom_victim_timeout_ms = saved;
}

static struct kunit_case oom_victim_test_cases[] = {
	KUNIT_CASE(oom_victim_test_parse),
	KUNIT_CASE(oom_victim_test_clock),
	{}
};

static struct kunit_suite oom_victim_test_suite = {
	.name = "oom_victim",
	.test_cases = oom_victim_test_cases,
};

kunit_test_suite(oom_victim_test_suite);

#endif /* _MM_OOM_VICTIM_KUNIT_H */
