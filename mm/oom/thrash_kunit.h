/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for the thrashing detector, included at the end of
 * mm/oom/thrash.c: its decisions over synthetic stall series.
 */
#ifndef _MM_OOM_THRASH_KUNIT_H
#define _MM_OOM_THRASH_KUNIT_H

#include <kunit/test.h>

#define MS(x)	((u64)(x) * NSEC_PER_MSEC)

static const struct oom_thrash_params oom_thrash_test_params = {
	.threshold_pct = 60,
	.refault_pct = 20,
	.window_ms = 1000,
};

/*
 * Feed @n samples of @period_ms, each stalled @pct percent and with 1000
 * evictions of which @ref_pct percent are refaulted, continuing the series
 * in @t from the reading *@r.  Returns the number of the sample (1-based)
 * that fired first, or 0.
 */
static int oom_thrash_test_run_rf(struct oom_thrash *t,
				  struct oom_thrash_reading *r, int n,
				  unsigned int period_ms, unsigned int pct,
				  unsigned int ref_pct,
				  const struct oom_thrash_params *p)
{
	int i, fired = 0;

	for (i = 1; i <= n; i++) {
		r->now += MS(period_ms);
		r->stall += MS(period_ms) * pct / 100;
		r->evictions += 1000;
		r->refaults += 10 * ref_pct;
		if (oom_thrash_feed(t, r, p) && !fired)
			fired = i;
	}
	return fired;
}

/* The same, with everything evicted faulted back in (thrashing). */
static int oom_thrash_test_run(struct oom_thrash *t,
			       struct oom_thrash_reading *r, int n,
			       unsigned int period_ms, unsigned int pct,
			       const struct oom_thrash_params *p)
{
	return oom_thrash_test_run_rf(t, r, n, period_ms, pct, 100, p);
}

static struct oom_thrash *oom_thrash_test_new(struct kunit *test,
					      struct oom_thrash_reading *r)
{
	struct oom_thrash *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	r->now = MS(5000);
	r->stall = MS(1234);
	r->refaults = 77;
	r->evictions = 4321;
	/* The first reading primes. */
	KUNIT_EXPECT_FALSE(test, oom_thrash_feed(t, r, &oom_thrash_test_params));
	return t;
}

/* Full stall fires once the window is covered, not before. */
static void oom_thrash_test_fires(struct kunit *test)
{
	struct oom_thrash_reading r;
	struct oom_thrash *t = oom_thrash_test_new(test, &r);

	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 7, 125, 100,
						  &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, t->window_pct, 100U);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 1, 125, 100,
						  &oom_thrash_test_params), 1);

	/* Exactly at the threshold fires too. */
	t = oom_thrash_test_new(test, &r);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 8, 125, 60,
						  &oom_thrash_test_params), 8);
}

/* Stall below the threshold never fires, however long it lasts. */
static void oom_thrash_test_quiet(struct kunit *test)
{
	struct oom_thrash_reading r;
	struct oom_thrash *t = oom_thrash_test_new(test, &r);

	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 200, 125, 59,
						  &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, t->window_pct, 59U);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 200, 125, 0,
						  &oom_thrash_test_params), 0);
}

/*
 * A working-set shift: a burst of full stall shorter than the window, then
 * calm.  Also a window above the threshold whose last sample has settled.
 */
static void oom_thrash_test_loadshift(struct kunit *test)
{
	struct oom_thrash_reading r;
	struct oom_thrash *t = oom_thrash_test_new(test, &r);

	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 4, 125, 100,
						  &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 40, 125, 5,
						  &oom_thrash_test_params), 0);

	t = oom_thrash_test_new(test, &r);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 7, 125, 100,
						  &oom_thrash_test_params), 0);
	/* Window: 7 x 100% + 1 x 10% = 88%, but the last sample is calm. */
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 1, 125, 10,
						  &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, t->window_pct, 88U);
	KUNIT_EXPECT_EQ(test, t->sample_pct, 10U);
}

/* After firing, a new full window of thrashing is needed to fire again. */
static void oom_thrash_test_hysteresis(struct kunit *test)
{
	struct oom_thrash_reading r;
	struct oom_thrash *t = oom_thrash_test_new(test, &r);

	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 8, 125, 100,
						  &oom_thrash_test_params), 8);
	KUNIT_EXPECT_EQ(test, t->count, 0U);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 7, 125, 100,
						  &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 1, 125, 100,
						  &oom_thrash_test_params), 1);
	/* Thrashing that goes on fires once per window. */
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 16, 125, 100,
						  &oom_thrash_test_params), 8);
	KUNIT_EXPECT_EQ(test, t->count, 0U);
}

/* The window is covered within half a sample period, not earlier. */
static void oom_thrash_test_window_edges(struct kunit *test)
{
	struct oom_thrash_reading r;
	struct oom_thrash *t = oom_thrash_test_new(test, &r);

	/* 937 ms: more than half a sample (62.5 ms) short of 1000 ms. */
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 1, 937, 100,
						  &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 1, 1, 100,
						  &oom_thrash_test_params), 1);

	/* One late sample that spans the window decides alone. */
	t = oom_thrash_test_new(test, &r);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 1, 5000, 90,
						  &oom_thrash_test_params), 1);

	/*
	 * Old samples fall out of the window, and each half must be stalled
	 * enough: after 8 x 0%, the fifth 100% sample makes the window 5/8 =
	 * 62% stalled but its older half only 1/4; the seventh makes that
	 * half 3/4.
	 */
	t = oom_thrash_test_new(test, &r);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 8, 125, 0,
						  &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 4, 125, 100,
						  &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 1, 125, 100,
						  &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, t->window_pct, 62U);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 4, 125, 100,
						  &oom_thrash_test_params), 2);

	/*
	 * A longer window: eight samples of its own period (250 ms), and
	 * with the sampler running late, fewer; at 125 ms, 15 of them are
	 * within half a period (125 ms) of 2000 ms.
	 */
	{
		struct oom_thrash_params p = { .threshold_pct = 60, .window_ms = 2000 };

		t = oom_thrash_test_new(test, &r);
		KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 7, 250,
							  100, &p), 0);
		KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 1, 250,
							  100, &p), 1);
		t = oom_thrash_test_new(test, &r);
		KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 16, 125,
							  100, &p), 15);
	}
}

/* Readings that go backwards only prime: no decision on garbage. */
static void oom_thrash_test_backwards(struct kunit *test)
{
	struct oom_thrash_reading r;
	struct oom_thrash *t = oom_thrash_test_new(test, &r);

	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 7, 125, 100,
						  &oom_thrash_test_params), 0);
	r.stall -= MS(1);
	r.now += MS(125);
	KUNIT_EXPECT_FALSE(test, oom_thrash_feed(t, &r, &oom_thrash_test_params));
	KUNIT_EXPECT_EQ(test, t->count, 0U);
	/* The clock standing still. */
	KUNIT_EXPECT_FALSE(test, oom_thrash_feed(t, &r, &oom_thrash_test_params));
	KUNIT_EXPECT_EQ(test, t->count, 0U);
	/* Refaults, then evictions, going backwards (a reused cgroup slot). */
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 7, 125, 100,
						  &oom_thrash_test_params), 0);
	r.now += MS(125);
	r.refaults -= 1;
	KUNIT_EXPECT_FALSE(test, oom_thrash_feed(t, &r, &oom_thrash_test_params));
	KUNIT_EXPECT_EQ(test, t->count, 0U);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run(t, &r, 7, 125, 100,
						  &oom_thrash_test_params), 0);
	r.now += MS(125);
	r.evictions -= 1;
	KUNIT_EXPECT_FALSE(test, oom_thrash_feed(t, &r, &oom_thrash_test_params));
	KUNIT_EXPECT_EQ(test, t->count, 0U);
	/* Stall larger than the time (rounding between clocks) is capped. */
	r.now += MS(125);
	r.stall += MS(500);
	KUNIT_EXPECT_FALSE(test, oom_thrash_feed(t, &r, &oom_thrash_test_params));
	KUNIT_EXPECT_EQ(test, t->sample_pct, 100U);
}

/* The same series gives the same decisions. */
static void oom_thrash_test_deterministic(struct kunit *test)
{
	static const u8 pct[] = { 90, 100, 30, 100, 100, 80, 100, 95, 100, 100,
				  100, 20, 100, 100, 100, 100, 100, 100, 70, 65 };
	bool first[ARRAY_SIZE(pct)];
	int run, i, fires = 0;

	for (run = 0; run < 2; run++) {
		struct oom_thrash_reading r;
		struct oom_thrash *t = oom_thrash_test_new(test, &r);

		for (i = 0; i < ARRAY_SIZE(pct); i++) {
			bool fire;

			r.now += MS(125);
			r.stall += MS(125) * pct[i] / 100;
			r.evictions += 1000;
			r.refaults += 10 * pct[i];
			fire = oom_thrash_feed(t, &r, &oom_thrash_test_params);
			if (!run)
				first[i] = fire;
			else
				KUNIT_EXPECT_EQ(test, fire, first[i]);
			fires += fire;
		}
	}
	/* Samples 1-8 average 86%: fire at 8; then 9-16 average 90%: fire at 16. */
	KUNIT_EXPECT_EQ(test, fires, 4);
	KUNIT_EXPECT_TRUE(test, first[7]);
	KUNIT_EXPECT_TRUE(test, first[15]);
}

/*
 * Stall that is only reclaim making room (what it evicts stays out) is
 * not thrashing, however long it lasts: a task allocating more than is
 * free, or a working set that moves.  Once the evicted pages come back,
 * it is.
 */
static void oom_thrash_test_refaults(struct kunit *test)
{
	struct oom_thrash_reading r;
	struct oom_thrash *t = oom_thrash_test_new(test, &r);
	struct oom_thrash_params p = oom_thrash_test_params;

	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 80, 125, 100, 1,
						     &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, t->window_pct, 100U);
	KUNIT_EXPECT_EQ(test, t->refault_pct, 1U);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 80, 125, 100, 19,
						     &oom_thrash_test_params), 0);
	/*
	 * Then refaults of everything evicted: the first such sample lifts
	 * the window over 20%, but the older half only with the fifth.
	 */
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 1, 125, 100, 100,
						     &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, t->refault_pct, 29U);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 8, 125, 100, 100,
						     &oom_thrash_test_params), 4);

	/* Exactly at the refault threshold fires. */
	t = oom_thrash_test_new(test, &r);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 8, 125, 100, 20,
						     &oom_thrash_test_params), 8);
	KUNIT_EXPECT_EQ(test, t->refault_pct, 20U);

	/* thrash_refault_pct 0: the stall alone decides. */
	p.refault_pct = 0;
	t = oom_thrash_test_new(test, &r);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 8, 125, 100, 0, &p), 8);

	/* Refaults without evictions: memory was there to take them. */
	KUNIT_EXPECT_EQ(test, oom_thrash_refault_pct(5, 0), 0U);
	KUNIT_EXPECT_EQ(test, oom_thrash_refault_pct(0, 0), 0U);
	KUNIT_EXPECT_EQ(test, oom_thrash_refault_pct(3000, 1000), 100U);
	KUNIT_EXPECT_EQ(test, oom_thrash_refault_pct(199, 1000), 19U);
}

/*
 * A working-set shift on a full machine: the allocation of the new set
 * (stall, no refaults) for a window, then part of the new set evicted and
 * refaulted for less than half a window, then calm.  The window as a
 * whole is stalled and refaulting enough; its older half is not.
 * Refaulting through both halves fires.
 */
static void oom_thrash_test_transient(struct kunit *test)
{
	struct oom_thrash_reading r;
	struct oom_thrash *t = oom_thrash_test_new(test, &r);

	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 8, 125, 100, 0,
						     &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 3, 125, 60, 60,
						     &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, t->window_pct, 85U);
	KUNIT_EXPECT_EQ(test, t->refault_pct, 22U);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 40, 125, 0, 0,
						     &oom_thrash_test_params), 0);

	t = oom_thrash_test_new(test, &r);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 8, 125, 100, 0,
						     &oom_thrash_test_params), 0);
	KUNIT_EXPECT_EQ(test, oom_thrash_test_run_rf(t, &r, 8, 125, 60, 60,
						     &oom_thrash_test_params), 6);
}

static void oom_thrash_test_parse(struct kunit *test)
{
	unsigned int v = 7;

	KUNIT_EXPECT_EQ(test, oom_thrash_parse("60\n", 1, 100, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 60U);
	KUNIT_EXPECT_EQ(test, oom_thrash_parse("0", 1, 100, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_thrash_parse("101", 1, 100, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_thrash_parse("-5", 1, 100, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_thrash_parse("6o", 1, 100, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_thrash_parse("", 1, 100, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_thrash_parse("199", OOM_THRASH_WINDOW_MIN_MS,
					       OOM_THRASH_WINDOW_MAX_MS, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, oom_thrash_parse("600001", OOM_THRASH_WINDOW_MIN_MS,
					       OOM_THRASH_WINDOW_MAX_MS, &v), -EINVAL);
	KUNIT_EXPECT_EQ(test, v, 60U);
}

static struct kunit_case oom_thrash_test_cases[] = {
	KUNIT_CASE(oom_thrash_test_fires),
	KUNIT_CASE(oom_thrash_test_quiet),
	KUNIT_CASE(oom_thrash_test_loadshift),
	KUNIT_CASE(oom_thrash_test_hysteresis),
	KUNIT_CASE(oom_thrash_test_window_edges),
	KUNIT_CASE(oom_thrash_test_backwards),
	KUNIT_CASE(oom_thrash_test_deterministic),
	KUNIT_CASE(oom_thrash_test_refaults),
	KUNIT_CASE(oom_thrash_test_transient),
	KUNIT_CASE(oom_thrash_test_parse),
	{}
};

static struct kunit_suite oom_thrash_test_suite = {
	.name = "oom_thrash",
	.test_cases = oom_thrash_test_cases,
};

kunit_test_suite(oom_thrash_test_suite);

#endif /* _MM_OOM_THRASH_KUNIT_H */
