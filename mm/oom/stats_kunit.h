/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for the OOM event counters, included at the end of
 * mm/oom/stats.c to reach its static functions.
 */
#ifndef _MM_OOM_STATS_KUNIT_H
#define _MM_OOM_STATS_KUNIT_H

#include <kunit/test.h>
#include <linux/sched.h>

static void oom_stats_test_cause(struct kunit *test)
{
	/* Any non-NULL memcg means a memcg OOM; it is never dereferenced. */
	struct mem_cgroup *memcg = (struct mem_cgroup *)test;
	struct oom_control page = { .order = 0 };
	struct oom_control thp = { .order = 9 };
	struct oom_control limit = { .order = 0, .memcg = memcg };
	struct oom_control sysrq = { .order = -1 };

	KUNIT_EXPECT_EQ(test, oom_stat_cause(&page), OOM_STAT_INVOKE_ALLOC);
	KUNIT_EXPECT_EQ(test, oom_stat_cause(&thp), OOM_STAT_INVOKE_ALLOC);
	KUNIT_EXPECT_EQ(test, oom_stat_cause(&limit), OOM_STAT_INVOKE_MEMCG);
	KUNIT_EXPECT_EQ(test, oom_stat_cause(&sysrq), OOM_STAT_INVOKE_SYSRQ);
}

static long oom_stats_test_read(enum oom_stat_item item)
{
	return atomic_long_read(&oom_stats[item]);
}

static void oom_stats_test_invoke(struct kunit *test)
{
	struct oom_control oc = { .order = -1 };
	long alloc = oom_stats_test_read(OOM_STAT_INVOKE_ALLOC);
	long sysrq = oom_stats_test_read(OOM_STAT_INVOKE_SYSRQ);

	oom_stat_invoke(&oc);
	oom_stat_invoke(&oc);
	KUNIT_EXPECT_EQ(test, oom_stats_test_read(OOM_STAT_INVOKE_SYSRQ), sysrq + 2);
	KUNIT_EXPECT_EQ(test, oom_stats_test_read(OOM_STAT_INVOKE_ALLOC), alloc);
}

static void oom_stats_test_selected(struct kunit *test)
{
	struct oom_control oc = { };
	long none = oom_stats_test_read(OOM_STAT_NO_VICTIM);
	long pending = oom_stats_test_read(OOM_STAT_VICTIM_PENDING);

	oom_stat_selected(&oc);
	KUNIT_EXPECT_EQ(test, oom_stats_test_read(OOM_STAT_NO_VICTIM), none + 1);
	oc.chosen = (void *)-1UL;
	oom_stat_selected(&oc);
	KUNIT_EXPECT_EQ(test, oom_stats_test_read(OOM_STAT_VICTIM_PENDING), pending + 1);
	/* A real victim is counted by the kill path, not here. */
	oc.chosen = current;
	oom_stat_selected(&oc);
	KUNIT_EXPECT_EQ(test, oom_stats_test_read(OOM_STAT_NO_VICTIM), none + 1);
	KUNIT_EXPECT_EQ(test, oom_stats_test_read(OOM_STAT_VICTIM_PENDING), pending + 1);
}

static void oom_stats_test_show(struct kunit *test)
{
	char *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	long kills, val;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	oom_stat_inc(OOM_STAT_KILL);
	kills = oom_stats_test_read(OOM_STAT_KILL);
	KUNIT_EXPECT_EQ(test, oom_stat_show(NULL, &oom_stat_attr_kill.attr, buf),
			(ssize_t)strlen(buf));
	KUNIT_EXPECT_EQ(test, kstrtol(buf, 10, &val), 0);
	KUNIT_EXPECT_EQ(test, val, kills);
	KUNIT_EXPECT_EQ(test, buf[strlen(buf) - 1], '\n');
	/* Every counter has a file, in enum order. */
	KUNIT_EXPECT_EQ(test, oom_stat_attr_victim_pending.item, OOM_STAT_VICTIM_PENDING);
	KUNIT_EXPECT_STREQ(test, oom_stat_attrs[OOM_STAT_KILL]->name, "kill");
}

static struct kunit_case oom_stats_test_cases[] = {
	KUNIT_CASE(oom_stats_test_cause),
	KUNIT_CASE(oom_stats_test_invoke),
	KUNIT_CASE(oom_stats_test_selected),
	KUNIT_CASE(oom_stats_test_show),
	{}
};

static struct kunit_suite oom_stats_test_suite = {
	.name = "oom_stats",
	.test_cases = oom_stats_test_cases,
};

kunit_test_suite(oom_stats_test_suite);

#endif /* _MM_OOM_STATS_KUNIT_H */
