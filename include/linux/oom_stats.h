/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OOM killer event counters, shown in /sys/kernel/mm/oom/stats/.
 */
#ifndef _LINUX_OOM_STATS_H
#define _LINUX_OOM_STATS_H

#include <linux/atomic.h>
#include <linux/oom.h>

/**
 * enum oom_stat_item - what the OOM killer counts
 * @OOM_STAT_INVOKE_ALLOC: out_of_memory() for a failed page allocation
 * @OOM_STAT_INVOKE_MEMCG: out_of_memory() for a memory cgroup at its limit
 * @OOM_STAT_INVOKE_SYSRQ: out_of_memory() from sysrq-f
 * @OOM_STAT_KILL: a victim was killed
 * @OOM_STAT_NO_VICTIM: no killable process was found
 * @OOM_STAT_VICTIM_PENDING: an earlier victim is still exiting, so the
 *	OOM killer waited instead of choosing another
 * @NR_OOM_STAT_ITEMS: number of counters
 */
enum oom_stat_item {
	OOM_STAT_INVOKE_ALLOC,
	OOM_STAT_INVOKE_MEMCG,
	OOM_STAT_INVOKE_SYSRQ,
	OOM_STAT_KILL,
	OOM_STAT_NO_VICTIM,
	OOM_STAT_VICTIM_PENDING,
	NR_OOM_STAT_ITEMS
};

#ifdef CONFIG_OOM_STATS
extern atomic_long_t oom_stats[NR_OOM_STAT_ITEMS];

static inline void oom_stat_inc(enum oom_stat_item item)
{
	atomic_long_inc(&oom_stats[item]);
}

/**
 * oom_stat_cause() - the counter that an out_of_memory() call belongs to
 * @oc: the OOM context
 *
 * Return: %OOM_STAT_INVOKE_SYSRQ, %OOM_STAT_INVOKE_MEMCG or
 * %OOM_STAT_INVOKE_ALLOC.
 */
static inline enum oom_stat_item oom_stat_cause(const struct oom_control *oc)
{
	if (is_sysrq_oom(oc))
		return OOM_STAT_INVOKE_SYSRQ;
	if (is_memcg_oom(oc))
		return OOM_STAT_INVOKE_MEMCG;
	return OOM_STAT_INVOKE_ALLOC;
}

/* Called once per out_of_memory() that the OOM killer acts on. */
static inline void oom_stat_invoke(const struct oom_control *oc)
{
	oom_stat_inc(oom_stat_cause(oc));
}

/* Called after victim selection: count the outcomes that kill nobody. */
static inline void oom_stat_selected(const struct oom_control *oc)
{
	if (!oc->chosen)
		oom_stat_inc(OOM_STAT_NO_VICTIM);
	else if (oc->chosen == (void *)-1UL)
		oom_stat_inc(OOM_STAT_VICTIM_PENDING);
}
#else
static inline void oom_stat_inc(enum oom_stat_item item) { }
static inline void oom_stat_invoke(const struct oom_control *oc) { }
static inline void oom_stat_selected(const struct oom_control *oc) { }
#endif /* CONFIG_OOM_STATS */

#endif /* _LINUX_OOM_STATS_H */
