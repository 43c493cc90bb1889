// SPDX-License-Identifier: GPL-2.0
/*
 * The thrashing detector: invoke the OOM killer when tasks have been
 * stalled on memory for most of a time window, before the machine is
 * stuck refaulting its working set for minutes.
 *
 * What is measured is the PSI "memory full" time: the wall-clock time in
 * which every non-idle task of a scope waits for memory (reclaim,
 * refaults of its working set, compaction), so that no useful work is
 * done.  A sampler on its own workqueue reads the cumulative stall of
 * the system and of each memory cgroup with a memory.max limit eight
 * times per window.  A scope thrashes when, over the last window:
 *
 *   - the stall is at least thrash_threshold_pct percent of the time, and
 *   - the last sample alone is at least that much: it still thrashes.
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
 * thrash_threshold_pct, thrash_window_ms.
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
#include <linux/workqueue.h>
#include <trace/events/oom.h>

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
 * @window_ms: over how long the stall must last
 */
struct oom_thrash_params {
	unsigned int threshold_pct;
	unsigned int window_ms;
};

/**
 * struct oom_thrash - the recent stall history of one scope
 * @stall: stall time of each sample, ns
 * @time: duration of each sample, ns
 * @next: slot of the next sample
 * @count: samples since the last reset, at most %OOM_THRASH_SLOTS
 * @primed: @last_stall and @last_now hold a reading
 * @last_stall: the cumulative stall at the last reading
 * @last_now: the clock at the last reading
 * @window_pct: stall over the last window (or as much of it as is known)
 * @sample_pct: stall of the last sample
 */
struct oom_thrash {
	u64 stall[OOM_THRASH_SLOTS];
	u64 time[OOM_THRASH_SLOTS];
	unsigned int next;
	unsigned int count;
	bool primed;
	u64 last_stall;
	u64 last_now;
	unsigned int window_pct;
	unsigned int sample_pct;
};

/* Forget the samples (the last percentages stay, for the report). */
static void oom_thrash_reset(struct oom_thrash *t)
{
	t->next = 0;
	t->count = 0;
}

/*
 * Take one reading of a scope's cumulative stall @stall at clock @now
 * (both ns) and decide.  The first reading, and one where the clock or
 * the stall went backwards (a new cgroup with the same slot), only
 * primes the history.  Returns true when the scope thrashes; the history
 * is then cleared (hysteresis: a new full window is needed to fire again).
 */
static bool oom_thrash_feed(struct oom_thrash *t, u64 stall, u64 now,
			    const struct oom_thrash_params *p)
{
	u64 window = (u64)p->window_ms * NSEC_PER_MSEC;
	u64 ds, dt, sum_stall = 0, sum_time = 0;
	unsigned int i, slot;

	if (!t->primed || now <= t->last_now || stall < t->last_stall) {
		oom_thrash_reset(t);
		t->window_pct = 0;
		t->sample_pct = 0;
		t->primed = true;
		t->last_stall = stall;
		t->last_now = now;
		return false;
	}
	dt = now - t->last_now;
	ds = min(stall - t->last_stall, dt);
	t->last_stall = stall;
	t->last_now = now;

	slot = t->next;
	t->stall[slot] = ds;
	t->time[slot] = dt;
	t->next = (slot + 1) % OOM_THRASH_SLOTS;
	if (t->count < OOM_THRASH_SLOTS)
		t->count++;

	/* The most recent samples that cover the window. */
	for (i = 0; i < t->count && sum_time < window; i++) {
		slot = (t->next + OOM_THRASH_SLOTS - 1 - i) % OOM_THRASH_SLOTS;
		sum_stall += t->stall[slot];
		sum_time += t->time[slot];
	}
	t->window_pct = div64_u64(sum_stall * 100, sum_time);
	t->sample_pct = div64_u64(ds * 100, dt);

	/* Half a sample period short still counts as a full window. */
	if (sum_time + window / (2 * OOM_THRASH_SAMPLES) < window)
		return false;
	if (t->window_pct < p->threshold_pct || t->sample_pct < p->threshold_pct)
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
	.threshold_pct = 60,
	.window_ms = 5000,
};

static struct oom_thrash oom_thrash_system;
static struct oom_thrash_memcg oom_thrash_memcgs[OOM_THRASH_MEMCGS];
static struct workqueue_struct *oom_thrash_wq;
static void oom_thrash_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(oom_thrash_work, oom_thrash_work_fn);

static void oom_thrash_reset_all(void)
{
	memset(&oom_thrash_system, 0, sizeof(oom_thrash_system));
	memset(oom_thrash_memcgs, 0, sizeof(oom_thrash_memcgs));
}

/* Invoke the OOM killer for @memcg, or the whole system if NULL. */
static void oom_thrash_kill(struct mem_cgroup *memcg, const struct oom_thrash *t,
			    const struct oom_thrash_params *p)
{
	struct oom_control oc = {
		.memcg = memcg,
		.gfp_mask = GFP_KERNEL,
		.order = 0,
		.thrashing = true,
	};

	if (memcg) {
		pr_warn("memory cgroup %llu thrashing: stalled %u%% of the last %u ms, invoking the OOM killer\n",
			cgroup_id(memcg->css.cgroup), t->window_pct, p->window_ms);
		memcg_memory_event(memcg, MEMCG_OOM);
	} else {
		pr_warn("system thrashing: stalled %u%% of the last %u ms, invoking the OOM killer\n",
			t->window_pct, p->window_ms);
	}
	mutex_lock(&oom_lock);
	out_of_memory(&oc);
	mutex_unlock(&oom_lock);
}

static struct oom_thrash_memcg * __maybe_unused oom_thrash_memcg_slot(u64 id)
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

#ifdef CONFIG_MEMCG
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

	for (memcg = mem_cgroup_iter(NULL, NULL, NULL); memcg;
	     memcg = mem_cgroup_iter(NULL, memcg, NULL)) {
		struct cgroup *cgrp = memcg->css.cgroup;
		struct oom_thrash_memcg *m;
		struct psi_group *psi;
		bool fire;

		if (mem_cgroup_is_root(memcg) ||
		    READ_ONCE(memcg->memory.max) == PAGE_COUNTER_MAX)
			continue;
		psi = cgroup_psi(cgrp);
		if (!psi)
			continue;
		m = oom_thrash_memcg_slot(cgroup_id(cgrp));
		if (!m) {
			pr_warn_once("more than %d memory cgroups with a limit: not all are watched for thrashing\n",
				     OOM_THRASH_MEMCGS);
			continue;
		}
		m->seen = true;
		fire = oom_thrash_feed(&m->t, psi_group_total(psi, PSI_MEM_FULL),
				       sched_clock(), p);
		trace_oom_thrash_check(m->id, m->t.sample_pct, m->t.window_pct, fire);
		if (fire || m->t.sample_pct >= p->threshold_pct)
			thrashing = true;
		if (fire)
			oom_thrash_kill(memcg, &m->t, p);
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
		fire = oom_thrash_feed(&oom_thrash_system,
				       psi_group_total(&psi_system, PSI_MEM_FULL),
				       sched_clock(), &p);
		trace_oom_thrash_check(0, oom_thrash_system.sample_pct,
				       oom_thrash_system.window_pct, fire);
		if (fire)
			oom_thrash_kill(NULL, &oom_thrash_system, &p);
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

static ssize_t oom_thrash_param_store(unsigned int *param, unsigned int min,
				      unsigned int max, const char *buf,
				      size_t count)
{
	unsigned int val;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (oom_thrash_parse(buf, min, max, &val))
		return -EINVAL;
	mutex_lock(&oom_thrash_mutex);
	if (val != *param) {
		WRITE_ONCE(*param, val);
		/* Windows measured against the old setting do not count. */
		oom_thrash_reset_all();
	}
	mutex_unlock(&oom_thrash_mutex);
	return count;
}

static ssize_t thrash_threshold_pct_show(struct kobject *kobj,
					 struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(oom_thrash_params.threshold_pct));
}

static ssize_t thrash_threshold_pct_store(struct kobject *kobj,
					  struct kobj_attribute *attr,
					  const char *buf, size_t count)
{
	return oom_thrash_param_store(&oom_thrash_params.threshold_pct, 1, 100,
				      buf, count);
}

static ssize_t thrash_window_ms_show(struct kobject *kobj,
				     struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(oom_thrash_params.window_ms));
}

static ssize_t thrash_window_ms_store(struct kobject *kobj,
				      struct kobj_attribute *attr,
				      const char *buf, size_t count)
{
	return oom_thrash_param_store(&oom_thrash_params.window_ms,
				      OOM_THRASH_WINDOW_MIN_MS,
				      OOM_THRASH_WINDOW_MAX_MS, buf, count);
}

static struct kobj_attribute oom_thrash_enabled_attr =
	__ATTR_RW_MODE(thrash_enabled, 0644);
static struct kobj_attribute oom_thrash_threshold_attr =
	__ATTR_RW_MODE(thrash_threshold_pct, 0644);
static struct kobj_attribute oom_thrash_window_attr =
	__ATTR_RW_MODE(thrash_window_ms, 0644);

static struct attribute *oom_thrash_attrs[] = {
	&oom_thrash_enabled_attr.attr,
	&oom_thrash_threshold_attr.attr,
	&oom_thrash_window_attr.attr,
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
