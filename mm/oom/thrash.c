// SPDX-License-Identifier: GPL-2.0
/*
 * The thrashing detector: invoke the OOM killer when tasks have been
 * stalled on memory for most of a time window, before the machine is
 * stuck refaulting its working set for minutes.
 *
 * Two things are measured.  The PSI "memory full" time: the wall-clock
 * time in which every non-idle task of a scope waits for memory (reclaim,
 * refaults of its working set, compaction), so that no useful work is
 * done.  And whether reclaim gets anywhere: the pages faulted back in
 * after eviction (workingset refaults, anon and file) against the pages
 * reclaim evicted (pgsteal) in the same time.  A sampler on its own
 * workqueue reads these cumulative counters for the system and for each
 * memory cgroup with a memory.max limit eight times per window.  A scope
 * thrashes when, in each half of the last window:
 *
 *   - the stall is at least thrash_threshold_pct percent of the time, and
 *   - the refaults are at least thrash_refault_pct percent of the
 *     evictions: what reclaim frees is needed again at once;
 *
 * and the last sample alone is stalled at least that much: it still
 * thrashes.
 *
 * The refault condition tells thrashing from a task that allocates more
 * than is free: making room for new memory stalls as much, but what is
 * evicted stays out (refaults near 0% of evictions), while a working set
 * that does not fit comes back as fast as it is evicted (near 100%).
 * Asking it of both halves tells sustained thrashing from the transient
 * kind of a working set that moves: while the new set comes in, part of
 * it can be evicted and refaulted for a few seconds, right after the
 * allocation that made room for it (no refaults) and before it settles.
 *
 * Then the OOM killer is invoked for the scope, through the usual path
 * (a memcg OOM for a cgroup, a global one for the system), with the
 * reason in the report.  Afterwards the scope's history is cleared: the
 * detector fires again only after another full window of thrashing,
 * which gives the victim time to exit.  A working-set shift that settles
 * within the window (loadshift) does not fire.
 *
 * The decision depends only on the samples, so the same series of
 * (stall, time) readings always gives the same decisions; the KUnit tests
 * feed it synthetic series.  A global OOM is not invoked while a limited
 * memory cgroup thrashes: its stall shows in the system's as well, and
 * the right victim is in the cgroup.
 *
 * Knobs (/sys/kernel/mm/oom/): thrash_enabled (0, off by default),
 * thrash_threshold_pct, thrash_refault_pct, thrash_window_ms.
 */
#define pr_fmt(fmt) "oom: " fmt

#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/kstrtox.h>
#include <linux/math64.h>
#include <linux/memcontrol.h>
#include <linux/mutex.h>
#include <linux/oom.h>
#include <linux/oom_sysfs.h>
#include <linux/oom_thrash.h>
#include <linux/psi.h>
#include <linux/sched/clock.h>
#include <linux/sysfs.h>
#include <linux/vmstat.h>
#include <linux/workqueue.h>
#include <trace/events/oom.h>

#ifdef CONFIG_MEMCG
#include "../memcontrol-v1.h"	/* memcg_events() */
#endif

/* Samples per window, and the history kept (enough for a late sampler). */
#define OOM_THRASH_SAMPLES	8
#define OOM_THRASH_SLOTS	16
/* Memory cgroups with a limit followed at once. */
#define OOM_THRASH_MEMCGS	32

#define OOM_THRASH_WINDOW_MIN_MS	200
#define OOM_THRASH_WINDOW_MAX_MS	600000

/**
 * struct oom_thrash_params - when a scope thrashes
 * @threshold_pct: stall, in percent of the time, from which it thrashes
 * @refault_pct: refaults, in percent of the evictions, from which it
 *	thrashes (0: the stall alone decides)
 * @window_ms: over how long the stall must last (in each of its halves)
 */
struct oom_thrash_params {
	unsigned int threshold_pct;
	unsigned int refault_pct;
	unsigned int window_ms;
};

/**
 * struct oom_thrash_reading - the cumulative counters of one scope
 * @now: the clock, ns
 * @stall: PSI memory full time, ns
 * @refaults: workingset refaults, pages
 * @evictions: pages reclaimed
 */
struct oom_thrash_reading {
	u64 now;
	u64 stall;
	unsigned long refaults;
	unsigned long evictions;
};

/**
 * struct oom_thrash - the recent stall history of one scope
 * @stall: stall time of each sample, ns
 * @time: duration of each sample, ns
 * @refaults: refaults in each sample
 * @evictions: evictions in each sample
 * @next: slot of the next sample
 * @count: samples since the last reset, at most %OOM_THRASH_SLOTS
 * @primed: @last holds a reading
 * @last: the last reading
 * @window_pct: stall over the last window (or as much of it as is known)
 * @sample_pct: stall of the last sample
 * @refault_pct: refaults over the last window, in percent of the
 *	evictions (at most 100)
 */
struct oom_thrash {
	u64 stall[OOM_THRASH_SLOTS];
	u64 time[OOM_THRASH_SLOTS];
	u64 refaults[OOM_THRASH_SLOTS];
	u64 evictions[OOM_THRASH_SLOTS];
	unsigned int next;
	unsigned int count;
	bool primed;
	struct oom_thrash_reading last;
	unsigned int window_pct;
	unsigned int sample_pct;
	unsigned int refault_pct;
};

/**
 * struct oom_thrash_span - sums over a run of consecutive samples
 * @stall: stall time, ns
 * @time: duration, ns
 * @refaults: refaults
 * @evictions: evictions
 */
struct oom_thrash_span {
	u64 stall;
	u64 time;
	u64 refaults;
	u64 evictions;
};

/* Forget the samples (the last percentages stay, for the report). */
static void oom_thrash_reset(struct oom_thrash *t)
{
	t->next = 0;
	t->count = 0;
}

/*
 * Refaults in percent of evictions, at most 100.  Without evictions there
 * is no thrashing, whatever comes back: memory was there to take it.
 */
static unsigned int oom_thrash_refault_pct(u64 refaults, u64 evictions)
{
	if (!evictions)
		return 0;
	if (refaults >= evictions)
		return 100;
	return div64_u64(refaults * 100, evictions);
}

/* Whether a span of samples (half a window) thrashes by itself. */
static bool oom_thrash_span_thrashes(const struct oom_thrash_span *s,
				     const struct oom_thrash_params *p)
{
	return div64_u64(s->stall * 100, s->time) >= p->threshold_pct &&
	       oom_thrash_refault_pct(s->refaults, s->evictions) >= p->refault_pct;
}

/*
 * Take one reading @r of a scope's cumulative counters and decide.  The
 * first reading, and one where a counter went backwards (a new cgroup
 * with the same slot), only primes the history.  Returns true when the
 * scope thrashes; the history is then cleared (hysteresis: a new full
 * window is needed to fire again).
 */
static bool oom_thrash_feed(struct oom_thrash *t,
			    const struct oom_thrash_reading *r,
			    const struct oom_thrash_params *p)
{
	u64 window = (u64)p->window_ms * NSEC_PER_MSEC;
	struct oom_thrash_span half[2] = { };
	const struct oom_thrash_reading *l = &t->last;
	unsigned int i, h = 0, slot;
	u64 ds, dt, covered = 0;

	if (!t->primed || r->now <= l->now || r->stall < l->stall ||
	    r->refaults < l->refaults || r->evictions < l->evictions) {
		oom_thrash_reset(t);
		t->window_pct = 0;
		t->sample_pct = 0;
		t->refault_pct = 0;
		t->primed = true;
		t->last = *r;
		return false;
	}
	dt = r->now - l->now;
	ds = min(r->stall - l->stall, dt);

	slot = t->next;
	t->stall[slot] = ds;
	t->time[slot] = dt;
	t->refaults[slot] = r->refaults - l->refaults;
	t->evictions[slot] = r->evictions - l->evictions;
	t->next = (slot + 1) % OOM_THRASH_SLOTS;
	if (t->count < OOM_THRASH_SLOTS)
		t->count++;
	t->last = *r;

	/*
	 * The most recent samples that cover the window, newest first: the
	 * newer half of the window, then the older.
	 */
	for (i = 0; i < t->count && covered < window; i++) {
		slot = (t->next + OOM_THRASH_SLOTS - 1 - i) % OOM_THRASH_SLOTS;
		if (!h && half[0].time >= window / 2)
			h = 1;
		half[h].stall += t->stall[slot];
		half[h].time += t->time[slot];
		half[h].refaults += t->refaults[slot];
		half[h].evictions += t->evictions[slot];
		covered += t->time[slot];
	}
	t->window_pct = div64_u64((half[0].stall + half[1].stall) * 100, covered);
	t->sample_pct = div64_u64(ds * 100, dt);
	t->refault_pct = oom_thrash_refault_pct(half[0].refaults + half[1].refaults,
						half[0].evictions + half[1].evictions);

	/* Half a sample period short still counts as a full window. */
	if (covered + window / (2 * OOM_THRASH_SAMPLES) < window)
		return false;
	/* A late sample longer than half the window stands for both halves. */
	if (!half[1].time)
		half[1] = half[0];
	if (t->sample_pct < p->threshold_pct ||
	    !oom_thrash_span_thrashes(&half[0], p) ||
	    !oom_thrash_span_thrashes(&half[1], p))
		return false;
	oom_thrash_reset(t);
	return true;
}

static int oom_thrash_parse(const char *buf, unsigned int min,
			    unsigned int max, unsigned int *val)
{
	unsigned int v;

	if (kstrtouint(buf, 10, &v) || v < min || v > max)
		return -EINVAL;
	*val = v;
	return 0;
}

/* A followed memory cgroup, by cgroup id (0: free slot). */
struct oom_thrash_memcg {
	u64 id;
	bool seen;
	struct oom_thrash t;
};

static DEFINE_MUTEX(oom_thrash_mutex);	/* knobs and histories */
static DEFINE_MUTEX(oom_thrash_enable_mutex);	/* thrash_enabled writers */
static bool oom_thrash_enabled;
static struct oom_thrash_params oom_thrash_params = {
	.threshold_pct = 40,
	.refault_pct = 50,
	.window_ms = 10000,
};

static struct oom_thrash oom_thrash_system;
static struct oom_thrash_memcg oom_thrash_memcgs[OOM_THRASH_MEMCGS];
static struct workqueue_struct *oom_thrash_wq;
static void oom_thrash_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(oom_thrash_work, oom_thrash_work_fn);

/* Evictions counted in the vm events: pages reclaimed by anyone. */
static const enum vm_event_item oom_thrash_steal[] = {
	PGSTEAL_KSWAPD, PGSTEAL_DIRECT, PGSTEAL_KHUGEPAGED,
};

/* Room for all_vm_events(), used under oom_thrash_mutex. */
static unsigned long oom_thrash_events[NR_VM_EVENT_ITEMS];

static void oom_thrash_read_system(struct oom_thrash_reading *r)
{
	int i;

	all_vm_events(oom_thrash_events);
	r->now = sched_clock();
	r->stall = psi_group_total(&psi_system, PSI_MEM_FULL);
	r->refaults = global_node_page_state(WORKINGSET_REFAULT_ANON) +
		      global_node_page_state(WORKINGSET_REFAULT_FILE);
	r->evictions = 0;
	for (i = 0; i < ARRAY_SIZE(oom_thrash_steal); i++)
		r->evictions += oom_thrash_events[oom_thrash_steal[i]];
}

static void oom_thrash_reset_all(void)
{
	memset(&oom_thrash_system, 0, sizeof(oom_thrash_system));
	memset(oom_thrash_memcgs, 0, sizeof(oom_thrash_memcgs));
}

/*
 * Invoke the OOM killer for @memcg, or the whole system if NULL.  The
 * caller has said why in the log.
 */
static void oom_thrash_kill(struct mem_cgroup *memcg)
{
	struct oom_control oc = {
		.memcg = memcg,
		.gfp_mask = GFP_KERNEL,
		.order = 0,
		.thrashing = true,
	};

	mutex_lock(&oom_lock);
	out_of_memory(&oc);
	mutex_unlock(&oom_lock);
}

#ifdef CONFIG_MEMCG
static struct oom_thrash_memcg *oom_thrash_memcg_slot(u64 id)
{
	struct oom_thrash_memcg *free = NULL;
	int i;

	for (i = 0; i < OOM_THRASH_MEMCGS; i++) {
		if (oom_thrash_memcgs[i].id == id)
			return &oom_thrash_memcgs[i];
		if (!free && !oom_thrash_memcgs[i].id)
			free = &oom_thrash_memcgs[i];
	}
	if (free) {
		memset(free, 0, sizeof(*free));
		free->id = id;
	}
	return free;
}

/* Hierarchical counters of @memcg; its stats were flushed just before. */
static void oom_thrash_read_memcg(struct mem_cgroup *memcg,
				  struct oom_thrash_reading *r)
{
	int i;

	r->now = sched_clock();
	r->stall = psi_group_total(cgroup_psi(memcg->css.cgroup), PSI_MEM_FULL);
	r->refaults = memcg_page_state(memcg, WORKINGSET_REFAULT_ANON) +
		      memcg_page_state(memcg, WORKINGSET_REFAULT_FILE);
	r->evictions = 0;
	for (i = 0; i < ARRAY_SIZE(oom_thrash_steal); i++)
		r->evictions += memcg_events(memcg, oom_thrash_steal[i]);
}

/*
 * Sample every memory cgroup with a limit.  Returns true if one of them
 * thrashes now, fired or not.
 */
static bool oom_thrash_check_memcgs(const struct oom_thrash_params *p)
{
	struct mem_cgroup *memcg;
	bool thrashing = false;
	int i;

	if (mem_cgroup_disabled() || !cgroup_psi_enabled())
		return false;
	for (i = 0; i < OOM_THRASH_MEMCGS; i++)
		oom_thrash_memcgs[i].seen = false;
	/* Fresh refault and eviction counts for every cgroup at once. */
	mem_cgroup_flush_stats(NULL);

	for (memcg = mem_cgroup_iter(NULL, NULL, NULL); memcg;
	     memcg = mem_cgroup_iter(NULL, memcg, NULL)) {
		struct cgroup *cgrp = memcg->css.cgroup;
		struct oom_thrash_reading r;
		struct oom_thrash_memcg *m;
		bool fire;

		if (mem_cgroup_is_root(memcg) ||
		    READ_ONCE(memcg->memory.max) == PAGE_COUNTER_MAX)
			continue;
		if (!cgroup_psi(cgrp))
			continue;
		m = oom_thrash_memcg_slot(cgroup_id(cgrp));
		if (!m) {
			pr_warn_once("more than %d memory cgroups with a limit: not all are watched for thrashing\n",
				     OOM_THRASH_MEMCGS);
			continue;
		}
		m->seen = true;
		oom_thrash_read_memcg(memcg, &r);
		fire = oom_thrash_feed(&m->t, &r, p);
		trace_oom_thrash_check(m->id, m->t.sample_pct, m->t.window_pct,
				       m->t.refault_pct, fire);
		if (fire || m->t.sample_pct >= p->threshold_pct)
			thrashing = true;
		if (fire) {
			pr_warn("memory cgroup %llu thrashing: stalled %u%% of the last %u ms, refaults %u%% of evictions, invoking the OOM killer\n",
				m->id, m->t.window_pct, p->window_ms,
				m->t.refault_pct);
			memcg_memory_event(memcg, MEMCG_OOM);
			oom_thrash_kill(memcg);
		}
	}

	/* Forget cgroups that are gone or lost their limit. */
	for (i = 0; i < OOM_THRASH_MEMCGS; i++)
		if (!oom_thrash_memcgs[i].seen)
			oom_thrash_memcgs[i].id = 0;
	return thrashing;
}
#else
static bool oom_thrash_check_memcgs(const struct oom_thrash_params *p)
{
	return false;
}
#endif /* CONFIG_MEMCG */

static void oom_thrash_work_fn(struct work_struct *work)
{
	struct oom_thrash_params p;
	struct oom_thrash_reading r;
	bool fire;

	mutex_lock(&oom_thrash_mutex);
	if (!oom_thrash_enabled) {
		mutex_unlock(&oom_thrash_mutex);
		return;
	}
	p = oom_thrash_params;

	if (oom_thrash_check_memcgs(&p)) {
		/* The system's stall is the cgroup's: do not act on it. */
		oom_thrash_reset(&oom_thrash_system);
		oom_thrash_system.primed = false;
	} else {
		oom_thrash_read_system(&r);
		fire = oom_thrash_feed(&oom_thrash_system, &r, &p);
		trace_oom_thrash_check(0, oom_thrash_system.sample_pct,
				       oom_thrash_system.window_pct,
				       oom_thrash_system.refault_pct, fire);
		if (fire) {
			pr_warn("system thrashing: stalled %u%% of the last %u ms, refaults %u%% of evictions, invoking the OOM killer\n",
				oom_thrash_system.window_pct, p.window_ms,
				oom_thrash_system.refault_pct);
			oom_thrash_kill(NULL);
		}
	}

	queue_delayed_work(oom_thrash_wq, &oom_thrash_work,
			   msecs_to_jiffies(p.window_ms / OOM_THRASH_SAMPLES));
	mutex_unlock(&oom_thrash_mutex);
}

static ssize_t thrash_enabled_show(struct kobject *kobj,
				   struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(oom_thrash_enabled));
}

static ssize_t thrash_enabled_store(struct kobject *kobj,
				    struct kobj_attribute *attr,
				    const char *buf, size_t count)
{
	unsigned int val;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (oom_thrash_parse(buf, 0, 1, &val))
		return -EINVAL;
	if (val && static_branch_likely(&psi_disabled))
		return -EOPNOTSUPP;

	mutex_lock(&oom_thrash_enable_mutex);
	mutex_lock(&oom_thrash_mutex);
	if (val != oom_thrash_enabled) {
		oom_thrash_reset_all();
		WRITE_ONCE(oom_thrash_enabled, val);
		if (val)
			queue_delayed_work(oom_thrash_wq, &oom_thrash_work, 0);
	}
	mutex_unlock(&oom_thrash_mutex);
	/* A sample already running sees the flag and does not re-arm. */
	if (!val)
		cancel_delayed_work_sync(&oom_thrash_work);
	mutex_unlock(&oom_thrash_enable_mutex);
	return count;
}

/**
 * struct oom_thrash_param_attr - a numeric knob
 * @attr: its sysfs file
 * @val: the setting in oom_thrash_params
 * @min: the lowest value accepted
 * @max: the highest value accepted
 */
struct oom_thrash_param_attr {
	struct kobj_attribute attr;
	unsigned int *val;
	unsigned int min;
	unsigned int max;
};

static ssize_t oom_thrash_param_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	struct oom_thrash_param_attr *pa =
		container_of(attr, struct oom_thrash_param_attr, attr);

	return sysfs_emit(buf, "%u\n", READ_ONCE(*pa->val));
}

static ssize_t oom_thrash_param_store(struct kobject *kobj,
				      struct kobj_attribute *attr,
				      const char *buf, size_t count)
{
	struct oom_thrash_param_attr *pa =
		container_of(attr, struct oom_thrash_param_attr, attr);
	unsigned int val;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (oom_thrash_parse(buf, pa->min, pa->max, &val))
		return -EINVAL;
	mutex_lock(&oom_thrash_mutex);
	if (val != *pa->val) {
		WRITE_ONCE(*pa->val, val);
		/* Windows measured against the old setting do not count. */
		oom_thrash_reset_all();
	}
	mutex_unlock(&oom_thrash_mutex);
	return count;
}

static struct kobj_attribute oom_thrash_enabled_attr =
	__ATTR_RW_MODE(thrash_enabled, 0644);

static struct oom_thrash_param_attr oom_thrash_threshold_attr = {
	.attr = __ATTR(thrash_threshold_pct, 0644, oom_thrash_param_show,
		       oom_thrash_param_store),
	.val = &oom_thrash_params.threshold_pct,
	.min = 1,
	.max = 100,
};

static struct oom_thrash_param_attr oom_thrash_refault_attr = {
	.attr = __ATTR(thrash_refault_pct, 0644, oom_thrash_param_show,
		       oom_thrash_param_store),
	.val = &oom_thrash_params.refault_pct,
	.min = 0,
	.max = 100,
};

static struct oom_thrash_param_attr oom_thrash_window_attr = {
	.attr = __ATTR(thrash_window_ms, 0644, oom_thrash_param_show,
		       oom_thrash_param_store),
	.val = &oom_thrash_params.window_ms,
	.min = OOM_THRASH_WINDOW_MIN_MS,
	.max = OOM_THRASH_WINDOW_MAX_MS,
};

static struct attribute *oom_thrash_attrs[] = {
	&oom_thrash_enabled_attr.attr,
	&oom_thrash_threshold_attr.attr.attr,
	&oom_thrash_refault_attr.attr.attr,
	&oom_thrash_window_attr.attr.attr,
	NULL
};

static const struct attribute_group oom_thrash_group = {
	.attrs = oom_thrash_attrs,
};

static int __init oom_thrash_init(void)
{
	int err;

	if (!oom_kobj)
		return -ENODEV;
	/* Sampling must go on while the machine is short of memory. */
	oom_thrash_wq = alloc_workqueue("oom_thrash",
					WQ_MEM_RECLAIM | WQ_HIGHPRI | WQ_UNBOUND, 1);
	if (!oom_thrash_wq)
		return -ENOMEM;
	err = sysfs_create_group(oom_kobj, &oom_thrash_group);
	if (err) {
		pr_err("cannot create the thrash_* files in /sys/kernel/mm/oom: %d\n", err);
		destroy_workqueue(oom_thrash_wq);
	}
	return err;
}
late_initcall(oom_thrash_init);

#ifdef CONFIG_OOM_KUNIT_TEST
#include "thrash_kunit.h"
#endif
