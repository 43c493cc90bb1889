/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /dev/mem_notify: the reclaim-side hook.
 * See Documentation/admin-guide/mm/mem_notify.rst.
 */
#ifndef _LINUX_MEM_NOTIFY_H
#define _LINUX_MEM_NOTIFY_H

#include <linux/jump_label.h>
#include <linux/types.h>
#include <uapi/linux/mem_notify.h>

struct mem_cgroup;
struct pglist_data;

#ifdef CONFIG_MEM_NOTIFY
/* Enabled while /dev/mem_notify has at least one open file. */
DECLARE_STATIC_KEY_FALSE(mem_notify_readers);

void __mem_notify_reclaim(struct pglist_data *pgdat, struct mem_cgroup *target,
			  int priority, bool proactive);

/**
 * mem_notify_reclaim() - tell /dev/mem_notify that reclaim is running
 * @pgdat: the node being reclaimed
 * @target: the memory cgroup in limit reclaim, or NULL for global reclaim
 * @priority: the reclaim priority, DEF_PRIORITY (easy) down to 0; 0 also
 *	when an allocation finds the node short and kswapd given up on it
 * @proactive: reclaim asked for by memory.reclaim, not by a shortage
 *
 * Costs a patched-out branch while nobody has the device open.
 *
 * Context: reclaim (kswapd, direct or limit reclaim) or the page
 * allocator's kswapd wakeup, which may be atomic.  Does not sleep,
 * allocate or wait for a lock.
 */
static inline void mem_notify_reclaim(struct pglist_data *pgdat,
				      struct mem_cgroup *target, int priority,
				      bool proactive)
{
	if (static_branch_unlikely(&mem_notify_readers))
		__mem_notify_reclaim(pgdat, target, priority, proactive);
}
#else
static inline void mem_notify_reclaim(struct pglist_data *pgdat,
				      struct mem_cgroup *target, int priority,
				      bool proactive)
{
}
#endif /* CONFIG_MEM_NOTIFY */

#endif /* _LINUX_MEM_NOTIFY_H */
