// SPDX-License-Identifier: GPL-2.0
/*
 * The "kill-parent" OOM policy: a process whose children keep being
 * OOM-killed is the real culprit.  A server that forks a worker per
 * request, each worker exhausting memory, loses one worker per OOM
 * forever under mainline selection; this policy remembers the parents of
 * recent victims and, once one of them has lost @kills children within
 * @window seconds, chooses that parent.
 *
 * Until then it declines and "default" chooses.  History is a fixed ring
 * of recent kills, written and read under oom_lock: nothing is allocated
 * on the OOM path.  A parent is identified by its tgid and start time, so
 * a recycled pid is never blamed for another process's children.
 */
#define pr_fmt(fmt) "oom: " fmt

#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/oom.h>
#include <linux/oom_policy.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>

#define KP_HISTORY	64
#define KP_MAX_KILLS	32
#define KP_MAX_WINDOW	86400

static unsigned int kills = 3;
static unsigned int window = 60;

static int kp_set_kills(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, KP_MAX_KILLS);
}

static const struct kernel_param_ops kp_kills_ops = {
	.set = kp_set_kills,
	.get = param_get_uint,
};
module_param_cb(kills, &kp_kills_ops, &kills, 0644);
MODULE_PARM_DESC(kills, "children OOM-killed within the window that make the parent the victim (1-32, default 3)");

static int kp_set_window(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, KP_MAX_WINDOW);
}

static const struct kernel_param_ops kp_window_ops = {
	.set = kp_set_window,
	.get = param_get_uint,
};
module_param_cb(window, &kp_window_ops, &window, 0644);
MODULE_PARM_DESC(window, "seconds within which the children's kills count (1-86400, default 60)");

/* One OOM kill: whose child was killed, and when (ns since boot). */
struct kp_kill {
	pid_t tgid;
	u64 start_time;
	u64 when;
};

struct kp_history {
	struct kp_kill kill[KP_HISTORY];
	unsigned int next;
};

/* Remember that a child of (@tgid, @start_time) was killed at @now. */
static void kp_record(struct kp_history *h, pid_t tgid, u64 start_time, u64 now)
{
	struct kp_kill *k = &h->kill[h->next];

	k->tgid = tgid;
	k->start_time = start_time;
	k->when = now;
	h->next = (h->next + 1) % KP_HISTORY;
}

/* Forget the kills of the children of (@tgid, @start_time). */
static void kp_forget(struct kp_history *h, pid_t tgid, u64 start_time)
{
	unsigned int i;

	for (i = 0; i < KP_HISTORY; i++)
		if (h->kill[i].tgid == tgid && h->kill[i].start_time == start_time)
			h->kill[i].tgid = 0;
}

/* Kills of children of kill[@i]'s parent within @window_ns before @now. */
static unsigned int kp_count(const struct kp_history *h, unsigned int i,
			     u64 now, u64 window_ns)
{
	unsigned int j, n = 0;

	for (j = 0; j < KP_HISTORY; j++) {
		const struct kp_kill *k = &h->kill[j];

		if (k->tgid && k->tgid == h->kill[i].tgid &&
		    k->start_time == h->kill[i].start_time &&
		    k->when <= now && now - k->when <= window_ns)
			n++;
	}
	return n;
}

/*
 * Is the process (@tgid, @start_time) a culprit at @now: has it had at
 * least @min_kills children killed within @window_ns?
 */
static bool kp_is_culprit(const struct kp_history *h, pid_t tgid,
			  u64 start_time, u64 now, u64 window_ns,
			  unsigned int min_kills)
{
	unsigned int i;

	for (i = 0; i < KP_HISTORY; i++)
		if (h->kill[i].tgid == tgid && h->kill[i].start_time == start_time)
			return kp_count(h, i, now, window_ns) >= min_kills;
	return false;
}

/* Is there any culprit at @now? */
static bool kp_any_culprit(const struct kp_history *h, u64 now, u64 window_ns,
			   unsigned int min_kills)
{
	unsigned int i;

	for (i = 0; i < KP_HISTORY; i++)
		if (h->kill[i].tgid &&
		    kp_count(h, i, now, window_ns) >= min_kills)
			return true;
	return false;
}

/* Under oom_lock. */
static struct kp_history kp_history;
static u64 kp_now;
static u64 kp_window_ns;
static unsigned int kp_min_kills;

static long kp_badness(struct task_struct *p, struct oom_control *oc)
{
	long pages, adj;

	if (!kp_is_culprit(&kp_history, task_tgid_nr(p),
			   p->group_leader->start_time, kp_now, kp_window_ns,
			   kp_min_kills))
		return LONG_MIN;
	pages = oom_task_pages(p, oc, &adj);
	if (pages == LONG_MIN)
		return LONG_MIN;
	return pages + adj * (long)(oc->totalpages / 1000);
}

static enum oom_policy_verdict kp_select(struct oom_control *oc)
{
	struct task_struct *victim;

	kp_now = ktime_get_boottime_ns();
	kp_window_ns = (u64)READ_ONCE(window) * NSEC_PER_SEC;
	kp_min_kills = READ_ONCE(kills);
	if (!kp_any_culprit(&kp_history, kp_now, kp_window_ns, kp_min_kills))
		return OOM_POLICY_DECLINE;

	oom_select_victim(oc, kp_badness);
	victim = oc->chosen;
	if (!victim)
		return OOM_POLICY_DECLINE;
	if (victim != (void *)-1UL) {
		pr_info("kill-parent: %d (%s) lost %u or more children to the OOM killer within %u s\n",
			task_pid_nr(victim), victim->comm, kp_min_kills,
			READ_ONCE(window));
		kp_forget(&kp_history, task_tgid_nr(victim),
			  victim->group_leader->start_time);
	}
	return OOM_POLICY_VICTIM;
}

static void kp_chosen(struct oom_control *oc)
{
	struct task_struct *parent;

	rcu_read_lock();
	parent = rcu_dereference(oc->chosen->real_parent);
	if (parent && !is_global_init(parent) && !(parent->flags & PF_KTHREAD))
		kp_record(&kp_history, task_tgid_nr(parent),
			  parent->group_leader->start_time,
			  ktime_get_boottime_ns());
	rcu_read_unlock();
}

static struct oom_policy kp_policy = {
	.name = "kill-parent",
	.select = kp_select,
	.chosen = kp_chosen,
	.owner = THIS_MODULE,
};

static int __init kp_init(void)
{
	return oom_policy_register(&kp_policy);
}
module_init(kp_init);

static void __exit kp_exit(void)
{
	oom_policy_unregister(&kp_policy);
}
module_exit(kp_exit);

#ifdef CONFIG_OOM_KUNIT_TEST
#include "policy_kill_parent_kunit.h"
#endif

MODULE_DESCRIPTION("OOM policy: kill the parent whose children keep being OOM-killed");
MODULE_LICENSE("GPL");
