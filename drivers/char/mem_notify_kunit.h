/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests of /dev/mem_notify's decisions: levels, hysteresis, per-reader
 * rate limiting and batched waking, on a fake clock; included by
 * mem_notify.c.
 */
#include <kunit/test.h>

/*
 * A zone with min/low/high watermarks 100/125/150 and a reserve of 40:
 * critical at or below 140, medium at or below 165, clear from 190.
 */
static struct mn_sample mn_test_sample(unsigned long free, int priority,
				       bool direct)
{
	struct mn_sample s = {
		.free = free, .min = 100, .low = 125, .high = 150,
		.reserve = 40, .priority = priority, .direct = direct,
		.watermarks = true,
	};

	return s;
}

static void mn_test_level_watermarks(struct kunit *test)
{
	struct mn_sample s;

	s = mn_test_sample(189, DEF_PRIORITY, false);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_LOW);
	s = mn_test_sample(166, DEF_PRIORITY, false);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_LOW);
	s = mn_test_sample(165, DEF_PRIORITY, false);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_MEDIUM);
	/* Direct reclaim is at least medium, whatever is free meanwhile. */
	s = mn_test_sample(180, DEF_PRIORITY, true);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_MEDIUM);
	s = mn_test_sample(141, DEF_PRIORITY, true);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_MEDIUM);
	s = mn_test_sample(140, DEF_PRIORITY, false);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_CRITICAL);
	s = mn_test_sample(0, DEF_PRIORITY, true);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_CRITICAL);
}

static void mn_test_level_priority(struct kunit *test)
{
	struct mn_sample s;

	s = mn_test_sample(180, MN_PRIO_MEDIUM + 1, false);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_LOW);
	s = mn_test_sample(180, MN_PRIO_MEDIUM, false);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_MEDIUM);
	s = mn_test_sample(180, MN_PRIO_CRITICAL + 1, false);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_MEDIUM);
	s = mn_test_sample(180, MN_PRIO_CRITICAL, false);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_CRITICAL);
	s = mn_test_sample(180, 0, false);
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_CRITICAL);

	/* Limit reclaim of a memory cgroup: no watermarks, priority only. */
	s = (struct mn_sample){ .priority = DEF_PRIORITY };
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_LOW);
	s.priority = MN_PRIO_MEDIUM;
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_MEDIUM);
	s.priority = MN_PRIO_CRITICAL;
	KUNIT_EXPECT_EQ(test, mn_level(&s), MEM_NOTIFY_LEVEL_CRITICAL);
}

static void mn_test_hysteresis(struct kunit *test)
{
	struct mn_scope *scope = kunit_kzalloc(test, sizeof(*scope), GFP_KERNEL);
	struct mn_sample s;

	KUNIT_ASSERT_NOT_NULL(test, scope);
	/* Above the high watermark but inside the reserve: not clear yet. */
	s = mn_test_sample(151, DEF_PRIORITY, false);
	KUNIT_EXPECT_FALSE(test, mn_zone_clear(&s));
	s = mn_test_sample(189, DEF_PRIORITY, false);
	KUNIT_EXPECT_FALSE(test, mn_zone_clear(&s));
	s = mn_test_sample(190, DEF_PRIORITY, false);
	KUNIT_EXPECT_TRUE(test, mn_zone_clear(&s));

	/* Entering pressure and rising report; staying or falling do not. */
	KUNIT_EXPECT_TRUE(test, mn_scope_raise(scope, MEM_NOTIFY_LEVEL_LOW, 1000));
	KUNIT_EXPECT_EQ(test, atomic64_read(&scope->onset_ns), 1000);
	KUNIT_EXPECT_FALSE(test, mn_scope_raise(scope, MEM_NOTIFY_LEVEL_LOW, 2000));
	KUNIT_EXPECT_TRUE(test, mn_scope_raise(scope, MEM_NOTIFY_LEVEL_CRITICAL, 3000));
	KUNIT_EXPECT_FALSE(test, mn_scope_raise(scope, MEM_NOTIFY_LEVEL_MEDIUM, 4000));
	KUNIT_EXPECT_EQ(test, atomic_read(&scope->level), MEM_NOTIFY_LEVEL_CRITICAL);
	/* The onset stays; the last report moves. */
	KUNIT_EXPECT_EQ(test, atomic64_read(&scope->onset_ns), 1000);
	KUNIT_EXPECT_EQ(test, atomic64_read(&scope->last_ns), 4000);
	/* After the episode ends, the next one has a new onset. */
	atomic_set(&scope->level, MEM_NOTIFY_LEVEL_NONE);
	KUNIT_EXPECT_TRUE(test, mn_scope_raise(scope, MEM_NOTIFY_LEVEL_MEDIUM, 9000));
	KUNIT_EXPECT_EQ(test, atomic64_read(&scope->onset_ns), 9000);
}

static void mn_test_reader_rate(struct kunit *test)
{
	struct mn_client *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct mem_notify_event ev = { .level = MEM_NOTIFY_LEVEL_LOW };

	KUNIT_ASSERT_NOT_NULL(test, c);
	mn_client_init(c);
	KUNIT_EXPECT_TRUE(test, mn_client_due(c, MEM_NOTIFY_LEVEL_LOW, 0, 1000));
	mn_client_notify(c, &ev, 0);
	KUNIT_EXPECT_EQ(test, c->ev.seq, 1);
	/* Unread: not again at the same level, even after the interval. */
	KUNIT_EXPECT_FALSE(test, mn_client_due(c, MEM_NOTIFY_LEVEL_LOW, 5000, 1000));
	c->pending = false;	/* read */
	KUNIT_EXPECT_FALSE(test, mn_client_due(c, MEM_NOTIFY_LEVEL_LOW, 999, 1000));
	KUNIT_EXPECT_TRUE(test, mn_client_due(c, MEM_NOTIFY_LEVEL_LOW, 1000, 1000));
	/* A higher level is due at once, read or not. */
	mn_client_notify(c, &ev, 1000);
	KUNIT_EXPECT_TRUE(test, mn_client_due(c, MEM_NOTIFY_LEVEL_MEDIUM, 1001, 1000));
	ev.level = MEM_NOTIFY_LEVEL_MEDIUM;
	mn_client_notify(c, &ev, 1001);
	KUNIT_EXPECT_EQ(test, c->ev.missed, 1);
	KUNIT_EXPECT_EQ(test, c->ev.seq, 3);
	KUNIT_EXPECT_EQ(test, c->ev.level, MEM_NOTIFY_LEVEL_MEDIUM);
	/* The reader's minimum level filters. */
	c->pending = false;
	c->min_level = MEM_NOTIFY_LEVEL_CRITICAL;
	KUNIT_EXPECT_FALSE(test, mn_client_due(c, MEM_NOTIFY_LEVEL_MEDIUM, 9000, 1000));
	KUNIT_EXPECT_TRUE(test, mn_client_due(c, MEM_NOTIFY_LEVEL_CRITICAL, 1002, 1000));
}

#define MN_TEST_READERS	10

static void mn_test_batches(struct kunit *test)
{
	struct mn_client *c = kunit_kcalloc(test, MN_TEST_READERS, sizeof(*c), GFP_KERNEL);
	struct mem_notify_event ev = { .level = MEM_NOTIFY_LEVEL_LOW };
	struct mn_scope system = {};
	unsigned int i, n, rounds = 0, total = 0;
	LIST_HEAD(list);
	u64 now = 0;

	KUNIT_ASSERT_NOT_NULL(test, c);
	for (i = 0; i < MN_TEST_READERS; i++) {
		mn_client_init(&c[i]);
		list_add_tail(&c[i].node, &list);
	}
	/* Rounds 100 ms apart, 3 readers each: the first 3, then the next... */
	while (total < MN_TEST_READERS) {
		ev.round = ++rounds;
		n = mn_round(&list, &system, &ev, now, 3, 1000);
		KUNIT_EXPECT_LE(test, n, 3);
		KUNIT_ASSERT_GT(test, n, 0);
		total += n;
		now += 100;
	}
	KUNIT_EXPECT_EQ(test, rounds, 4);
	for (i = 0; i < MN_TEST_READERS; i++) {
		KUNIT_EXPECT_EQ(test, c[i].ev.seq, 1);
		KUNIT_EXPECT_EQ(test, c[i].ev.round, i / 3 + 1);
	}
	/* The order rotated: the list now starts with the first notified. */
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&list, struct mn_client, node), &c[0]);
	/* Nobody has read: nobody is woken again. */
	KUNIT_EXPECT_EQ(test, mn_round(&list, &system, &ev, 5000, 3, 1000), 0);
	/* All read; within the reader interval nobody is due. */
	for (i = 0; i < MN_TEST_READERS; i++)
		c[i].pending = false;
	KUNIT_EXPECT_EQ(test, mn_round(&list, &system, &ev, 900, 3, 1000), 0);
	/* A reader interval later, the readers notified first go first. */
	KUNIT_EXPECT_EQ(test, mn_round(&list, &system, &ev, 1000, 3, 1000), 3);
	KUNIT_EXPECT_EQ(test, c[0].ev.seq, 2);
	KUNIT_EXPECT_EQ(test, c[3].ev.seq, 1);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&list, struct mn_client, node), &c[3]);
	/* A rise reaches everyone who wants it, read or not, 3 per round. */
	ev.level = MEM_NOTIFY_LEVEL_CRITICAL;
	c[9].min_level = MEM_NOTIFY_LEVEL_CRITICAL;
	c[8].min_level = MEM_NOTIFY_LEVEL_CRITICAL;
	for (total = 0, rounds = 0; rounds < 10; rounds++)
		total += mn_round(&list, &system, &ev, 1400, 3, 1000);
	KUNIT_EXPECT_EQ(test, total, MN_TEST_READERS);
	for (i = 0; i < MN_TEST_READERS; i++)
		KUNIT_EXPECT_EQ(test, c[i].last_level, MEM_NOTIFY_LEVEL_CRITICAL);
}

static void mn_test_node_at_rest(struct kunit *test)
{
	struct pglist_data *pgdat;

	/* A machine running KUnit has room: reclaim would not be pressure. */
	for_each_online_pgdat(pgdat)
		KUNIT_EXPECT_EQ(test, mn_node_level(pgdat, DEF_PRIORITY, true),
				MEM_NOTIFY_LEVEL_NONE);
}

static struct kunit_case mn_test_cases[] = {
	KUNIT_CASE(mn_test_level_watermarks),
	KUNIT_CASE(mn_test_level_priority),
	KUNIT_CASE(mn_test_hysteresis),
	KUNIT_CASE(mn_test_reader_rate),
	KUNIT_CASE(mn_test_batches),
	KUNIT_CASE(mn_test_node_at_rest),
	{}
};

static struct kunit_suite mn_test_suite = {
	.name = "mem_notify",
	.test_cases = mn_test_cases,
};

kunit_test_suite(mn_test_suite);
