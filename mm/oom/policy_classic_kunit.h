/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of the classic OOM policy's ranking on synthetic candidates;
 * included by policy_classic.c.
 */
#include <kunit/test.h>

static const struct oom_classic_task oom_classic_base = {
	.pages = 100000,
	.totalpages = 1000000,
};

static void oom_classic_test_rank(struct kunit *test)
{
	struct oom_classic_task niced = oom_classic_base, admin = oom_classic_base;
	struct oom_classic_task parent = oom_classic_base, busy = oom_classic_base;
	struct oom_classic_task old = oom_classic_base, adj = oom_classic_base;
	long base = oom_classic_score(&oom_classic_base);

	KUNIT_EXPECT_EQ(test, base, 100000L);
	niced.nice = 10;
	KUNIT_EXPECT_EQ(test, oom_classic_score(&niced), 2 * base);
	admin.admin = true;
	KUNIT_EXPECT_EQ(test, oom_classic_score(&admin), base / 4);
	admin.rawio = true;
	KUNIT_EXPECT_EQ(test, oom_classic_score(&admin), base / 16);
	parent.children_pages = 60000;
	KUNIT_EXPECT_EQ(test, oom_classic_score(&parent), base + 30000);
	/* 800 s of CPU: 100 units of 8 s, divided by 10. */
	busy.cpu_ns = 800ULL * NSEC_PER_SEC;
	KUNIT_EXPECT_EQ(test, oom_classic_score(&busy), base / 10);
	/* 16 * 1024 s of run time: divided by 2. */
	old.run_ns = 16ULL * 1024 * NSEC_PER_SEC;
	KUNIT_EXPECT_EQ(test, oom_classic_score(&old), base / 2);
	/* oom_score_adj applies last, in mainline units. */
	adj.adj = -100;
	KUNIT_EXPECT_EQ(test, oom_classic_score(&adj), base - 100000);
	/* The ranking: the niced hog first, the admin last. */
	KUNIT_EXPECT_GT(test, oom_classic_score(&niced), oom_classic_score(&parent));
	KUNIT_EXPECT_GT(test, oom_classic_score(&parent), base);
	KUNIT_EXPECT_LT(test, oom_classic_score(&admin), oom_classic_score(&busy));
}

static struct kunit_case oom_classic_test_cases[] = {
	KUNIT_CASE(oom_classic_test_rank),
	{}
};

static struct kunit_suite oom_classic_test_suite = {
	.name = "oom_policy_classic",
	.test_cases = oom_classic_test_cases,
};

kunit_test_suite(oom_classic_test_suite);
