// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minimal OOM policy: "prefer" kills the largest process whose command
 * name is the module parameter "comm", and declines when there is none,
 * so that "default" chooses.  It shows the whole API: registering a named
 * policy, scoring candidates through oom_select_victim() (which keeps the
 * OOM killer's eligibility rules), declining, and unregistering.
 *
 *   insmod oom_policy_prefer.ko comm=batchjob
 *   echo prefer > /sys/kernel/mm/oom/policy
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/oom.h>
#include <linux/oom_policy.h>
#include <linux/sched.h>
#include <linux/string.h>

static char comm[TASK_COMM_LEN];
module_param_string(comm, comm, sizeof(comm), 0644);
MODULE_PARM_DESC(comm, "command name of the processes to kill first");

/* Called for every eligible task; LONG_MIN leaves the task alone. */
static long prefer_badness(struct task_struct *p, struct oom_control *oc)
{
	char name[TASK_COMM_LEN];
	long adj;

	get_task_comm(name, p);
	if (!comm[0] || strcmp(name, comm))
		return LONG_MIN;
	/* Among the preferred, the largest; oom_score_adj -1000 still wins. */
	return oom_task_pages(p, oc, &adj);
}

static enum oom_policy_verdict prefer_select(struct oom_control *oc)
{
	oom_select_victim(oc, prefer_badness);
	return oc->chosen ? OOM_POLICY_VICTIM : OOM_POLICY_DECLINE;
}

static struct oom_policy prefer_policy = {
	.name = "prefer",
	.select = prefer_select,
	.owner = THIS_MODULE,
};

static int __init prefer_init(void)
{
	return oom_policy_register(&prefer_policy);
}
module_init(prefer_init);

static void __exit prefer_exit(void)
{
	oom_policy_unregister(&prefer_policy);
}
module_exit(prefer_exit);

MODULE_DESCRIPTION("Sample OOM policy: kill processes of a given name first");
MODULE_LICENSE("GPL");
