// SPDX-License-Identifier: GPL-2.0
/*
 * The "panic" OOM policy: a machine out of memory panics instead of
 * killing a process, for systems where a reboot (kdump, a watchdog, a
 * cluster manager failing over) is safer than running on with a process
 * missing.
 *
 * Only a real global OOM panics.  sysrq-f is a request to kill, and a
 * memory cgroup at its limit is not the machine out of memory: both are
 * declined and handled by "default".  Unlike vm.panic_on_oom, this can be
 * switched at run time and shows which policy panicked.
 */
#define pr_fmt(fmt) "oom: " fmt

#include <linux/module.h>
#include <linux/oom.h>
#include <linux/oom_policy.h>

/* Pure decision, shared with the KUnit test. */
static enum oom_policy_verdict oom_panic_verdict(bool sysrq, bool memcg)
{
	return sysrq || memcg ? OOM_POLICY_DECLINE : OOM_POLICY_PANIC;
}

static enum oom_policy_verdict oom_panic_select(struct oom_control *oc)
{
	return oom_panic_verdict(is_sysrq_oom(oc), is_memcg_oom(oc));
}

static struct oom_policy oom_panic_policy = {
	.name = "panic",
	.select = oom_panic_select,
	.owner = THIS_MODULE,
};

static int __init oom_panic_init(void)
{
	return oom_policy_register(&oom_panic_policy);
}
module_init(oom_panic_init);

static void __exit oom_panic_exit(void)
{
	oom_policy_unregister(&oom_panic_policy);
}
module_exit(oom_panic_exit);

#ifdef CONFIG_OOM_KUNIT_TEST
#include "policy_panic_kunit.h"
#endif

MODULE_DESCRIPTION("OOM policy: panic on a global out-of-memory");
MODULE_LICENSE("GPL");
