// SPDX-License-Identifier: GPL-2.0
/*
 * The "classic" OOM policy: the heuristics of the 2.6 badness() function
 * on top of today's memory accounting.
 *
 * - A task running swapoff (or unmerging KSM pages) is killed first: the
 *   OOM killer's own OOM-origin rule, kept for every policy.
 * - A forking parent is charged half of the memory of each child that has
 *   its own address space.
 * - CPU time and run time protect: the score is divided by the square root
 *   of the CPU time (in units of 8 s) and by the fourth root of the run
 *   time (in units of 1024 s).
 * - A niced task (nice > 0) counts double: its work is less important.
 * - A task with CAP_SYS_ADMIN or CAP_SYS_RESOURCE counts a quarter, and
 *   one with CAP_SYS_RAWIO (it may be driving hardware) a quarter again.
 *
 * 2.6 started from total_vm; this starts from what mainline counts (rss,
 * swap, page tables, and memory held through files), because total_vm
 * overstates processes that map much and touch little.  oom_score_adj is
 * applied last as mainline does, and -1000 still protects absolutely.
 */
#define pr_fmt(fmt) "oom: " fmt

#include <linux/capability.h>
#include <linux/math.h>
#include <linux/module.h>
#include <linux/oom.h>
#include <linux/oom_policy.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>

/**
 * struct oom_classic_task - what the classic score depends on
 * @pages: the task's own memory, oom_task_pages()
 * @children_pages: the memory of its children
 * @cpu_ns: CPU time used
 * @run_ns: time since it started
 * @nice: its nice value
 * @admin: has CAP_SYS_ADMIN or CAP_SYS_RESOURCE
 * @rawio: has CAP_SYS_RAWIO
 * @adj: its oom_score_adj
 * @totalpages: memory the OOM is about
 */
struct oom_classic_task {
	long pages;
	long children_pages;
	u64 cpu_ns;
	u64 run_ns;
	int nice;
	bool admin;
	bool rawio;
	long adj;
	unsigned long totalpages;
};

static long oom_classic_score(const struct oom_classic_task *t)
{
	unsigned long cpu = div_u64(t->cpu_ns, NSEC_PER_SEC) >> 3;
	unsigned long run = div_u64(t->run_ns, NSEC_PER_SEC) >> 10;
	long points = t->pages + t->children_pages / 2;

	if (cpu)
		points /= (long)int_sqrt(cpu);
	if (run)
		points /= (long)int_sqrt(int_sqrt(run));
	if (t->nice > 0)
		points *= 2;
	if (t->admin)
		points /= 4;
	if (t->rawio)
		points /= 4;
	return points + t->adj * (long)(t->totalpages / 1000);
}

static long oom_classic_badness(struct task_struct *p, struct oom_control *oc)
{
	struct oom_classic_task t = { .totalpages = oc->totalpages };

	t.pages = oom_task_pages(p, oc, &t.adj);
	if (t.pages == LONG_MIN)
		return LONG_MIN;
	t.children_pages = oom_children_pages(p, oc);
	t.cpu_ns = p->utime + p->stime;
	t.run_ns = ktime_get_ns() - p->start_time;
	t.nice = task_nice(p);
	t.admin = has_capability_noaudit(p, CAP_SYS_ADMIN) ||
		  has_capability_noaudit(p, CAP_SYS_RESOURCE);
	t.rawio = has_capability_noaudit(p, CAP_SYS_RAWIO);
	return oom_classic_score(&t);
}

static enum oom_policy_verdict oom_classic_select(struct oom_control *oc)
{
	oom_select_victim(oc, oom_classic_badness);
	return OOM_POLICY_VICTIM;
}

static struct oom_policy oom_classic_policy = {
	.name = "classic",
	.select = oom_classic_select,
	.owner = THIS_MODULE,
};

static int __init oom_classic_init(void)
{
	return oom_policy_register(&oom_classic_policy);
}
module_init(oom_classic_init);

static void __exit oom_classic_exit(void)
{
	oom_policy_unregister(&oom_classic_policy);
}
module_exit(oom_classic_exit);

#ifdef CONFIG_OOM_KUNIT_TEST
#include "policy_classic_kunit.h"
#endif

MODULE_DESCRIPTION("OOM policy: the classic 2.6 badness heuristics");
MODULE_LICENSE("GPL");
