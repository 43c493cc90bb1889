// SPDX-License-Identifier: GPL-2.0
/*
 * OOM policies: named, pluggable victim selection.
 *
 * out_of_memory() asks the chain for a decision: first the active policy,
 * then, if it declines, "default" (mainline selection).  A policy may
 * choose a victim, which is then killed through the normal path (so the
 * OOM reaper, memory.oom.group and the OOM report all apply), decide to
 * panic, or decline.  The OOM report and the mark_victim tracepoint name
 * the policy that decided.
 *
 * The active policy is switched through /sys/kernel/mm/oom/policy or the
 * oom_policy= boot parameter.  Readers on the OOM path are SRCU readers:
 * switching takes a mutex and publishes a pointer, unregistering waits for
 * every OOM that may still use the policy, so a policy module can go away
 * while OOMs are in progress.  The active policy's module is pinned.  The
 * OOM path allocates nothing and takes no lock besides the SRCU read side
 * (oom_lock is already held by the caller).
 */
#define pr_fmt(fmt) "oom: " fmt

#include <linux/capability.h>
#include <linux/ctype.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/oom_sysfs.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/srcu.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "policy.h"

/* Registered policies, in registration order; "default" is first. */
static LIST_HEAD(oom_policies);
/* Serializes registration, unregistration and switching. */
static DEFINE_MUTEX(oom_policy_mutex);
DEFINE_STATIC_SRCU(oom_policy_srcu);
/* The policy asked first; NULL until the layer is initialized: default. */
static struct oom_policy __rcu *oom_policy_active;
/* Name from oom_policy=, applied when that policy registers. */
static char oom_policy_boot[OOM_POLICY_NAME_LEN];
static bool oom_policy_boot_pending;
/* The policy that decided the OOM being handled; under oom_lock. */
static char oom_policy_chooser[OOM_POLICY_NAME_LEN];

static bool oom_policy_name_valid(const char *name)
{
	size_t i, len = name ? strlen(name) : 0;

	if (!len || len >= OOM_POLICY_NAME_LEN)
		return false;
	for (i = 0; i < len; i++)
		if (!islower(name[i]) && !isdigit(name[i]) && name[i] != '-')
			return false;
	return true;
}

static struct oom_policy *oom_policy_find(const char *name)
{
	struct oom_policy *policy;

	lockdep_assert_held(&oom_policy_mutex);
	list_for_each_entry(policy, &oom_policies, list)
		if (!strcmp(policy->name, name))
			return policy;
	return NULL;
}

static struct oom_policy *oom_policy_current(void)
{
	return rcu_dereference_protected(oom_policy_active,
					 lockdep_is_held(&oom_policy_mutex));
}

/* Make @policy the active one, pinning its module and releasing the old. */
static int oom_policy_activate(struct oom_policy *policy)
{
	struct oom_policy *old = oom_policy_current();

	if (old == policy)
		return 0;
	/* A module on its way out is as good as unregistered. */
	if (!try_module_get(policy->owner))
		return -EINVAL;
	rcu_assign_pointer(oom_policy_active, policy);
	if (old)
		module_put(old->owner);
	pr_info("OOM policy: %s\n", policy->name);
	return 0;
}

/**
 * oom_policy_register() - make an OOM policy available
 * @policy: the policy; must stay valid until oom_policy_unregister()
 *
 * The policy becomes selectable through /sys/kernel/mm/oom/policy; it
 * becomes active at once if the oom_policy= boot parameter names it and
 * the administrator has not chosen another policy since boot.
 *
 * Context: process context; may sleep.
 * Return: 0, -EINVAL for a missing or invalid name or a missing ->select,
 * -EEXIST if a policy of that name is registered.
 */
int oom_policy_register(struct oom_policy *policy)
{
	int err = 0;

	if (!oom_policy_name_valid(policy->name) || !policy->select)
		return -EINVAL;
	mutex_lock(&oom_policy_mutex);
	if (oom_policy_find(policy->name)) {
		err = -EEXIST;
		goto unlock;
	}
	list_add_tail(&policy->list, &oom_policies);
	if (oom_policy_boot_pending && !strcmp(oom_policy_boot, policy->name)) {
		oom_policy_boot_pending = false;
		if (oom_policy_activate(policy))
			pr_warn("oom_policy=%s: cannot activate\n", policy->name);
	}
unlock:
	mutex_unlock(&oom_policy_mutex);
	return err;
}
EXPORT_SYMBOL_GPL(oom_policy_register);

/**
 * oom_policy_unregister() - withdraw an OOM policy
 * @policy: a registered policy
 *
 * If @policy is active, "default" becomes active.  Returns once no OOM in
 * progress can still call into @policy, so its module may then go away.
 *
 * Context: process context; sleeps.
 */
void oom_policy_unregister(struct oom_policy *policy)
{
	if (WARN_ON_ONCE(policy == &oom_policy_default))
		return;
	mutex_lock(&oom_policy_mutex);
	if (oom_policy_current() == policy) {
		rcu_assign_pointer(oom_policy_active, &oom_policy_default);
		module_put(policy->owner);
		pr_info("OOM policy %s unregistered while active: default\n",
			policy->name);
	}
	list_del_init(&policy->list);
	mutex_unlock(&oom_policy_mutex);
	synchronize_srcu(&oom_policy_srcu);
}
EXPORT_SYMBOL_GPL(oom_policy_unregister);

/* Activate the registered policy @name: 0, or -EINVAL if there is none. */
int oom_policy_set(const char *name)
{
	struct oom_policy *policy;
	int err = -EINVAL;

	mutex_lock(&oom_policy_mutex);
	policy = oom_policy_find(name);
	if (policy)
		err = oom_policy_activate(policy);
	if (!err)
		oom_policy_boot_pending = false;
	mutex_unlock(&oom_policy_mutex);
	return err;
}

/**
 * oom_policy_begin() - forget which policy decided the previous OOM
 *
 * Called at the start of out_of_memory(), so that a victim marked before
 * any policy ran (a task already exiting) is not attributed to one.
 *
 * Context: oom_lock held.
 */
void oom_policy_begin(void)
{
	oom_policy_chooser[0] = '\0';
}

/**
 * oom_policy_chosen_by() - the policy that decided the current OOM
 *
 * Context: oom_lock held.
 * Return: its name, or "" if no policy has decided yet.
 */
const char *oom_policy_chosen_by(void)
{
	return oom_policy_chooser;
}

/**
 * oom_policy_report() - the policy field of the OOM report's summary line
 * @buf: room for the text
 * @size: size of @buf
 *
 * Context: oom_lock held.
 * Return: ",policy=NAME", or "" if no policy decided.
 */
const char *oom_policy_report(char *buf, size_t size)
{
	if (!oom_policy_chooser[0])
		return "";
	snprintf(buf, size, ",policy=%s", oom_policy_chooser);
	return buf;
}

/**
 * oom_policy_select() - let the chain of OOM policies decide
 * @oc: the OOM being handled
 *
 * Asks the active policy, then "default" if it declined.  Records the
 * policy that decided for the OOM report and the mark_victim tracepoint,
 * and tells the active policy which victim was chosen.
 *
 * Context: oom_lock held.  Allocates nothing.
 * Return: %OOM_POLICY_VICTIM with oc->chosen as after select_bad_process(),
 * or %OOM_POLICY_PANIC.
 */
enum oom_policy_verdict oom_policy_select(struct oom_control *oc)
{
	enum oom_policy_verdict verdict = OOM_POLICY_DECLINE;
	struct oom_policy *policy, *chooser;
	int idx;

	lockdep_assert_held(&oom_lock);
	idx = srcu_read_lock(&oom_policy_srcu);
	policy = srcu_dereference(oom_policy_active, &oom_policy_srcu);
	if (!policy)
		policy = &oom_policy_default;
	chooser = policy;
	verdict = policy->select(oc);
	if (verdict == OOM_POLICY_DECLINE) {
		/* A declining policy must not leave a choice behind. */
		if (WARN_ON_ONCE(oc->chosen)) {
			if (oc->chosen != (void *)-1UL)
				put_task_struct(oc->chosen);
			oc->chosen = NULL;
		}
		chooser = &oom_policy_default;
		verdict = oom_policy_default.select(oc);
	}
	strscpy(oom_policy_chooser, chooser->name);
	if (verdict == OOM_POLICY_VICTIM && policy->chosen && oc->chosen &&
	    oc->chosen != (void *)-1UL)
		policy->chosen(oc);
	srcu_read_unlock(&oom_policy_srcu, idx);
	return verdict;
}

/**
 * oom_children_pages() - memory of a process's children
 * @p: the process
 * @oc: the OOM being handled
 *
 * Sums oom_task_pages() over the children of every thread of @p that do
 * not share @p's memory (vfork children and threads are skipped).
 *
 * Context: any context oom_select_victim()'s callbacks run in; takes
 * tasklist_lock for reading.  Does not allocate.
 * Return: pages.
 */
long oom_children_pages(struct task_struct *p, struct oom_control *oc)
{
	struct task_struct *t, *child;
	struct mm_struct *mm = READ_ONCE(p->mm);
	long sum = 0, pages, adj;

	read_lock(&tasklist_lock);
	for_each_thread(p, t) {
		list_for_each_entry(child, &t->children, sibling) {
			if (READ_ONCE(child->mm) == mm)
				continue;
			pages = oom_task_pages(child, oc, &adj);
			if (pages != LONG_MIN)
				sum += pages;
		}
	}
	read_unlock(&tasklist_lock);
	return sum;
}
EXPORT_SYMBOL_GPL(oom_children_pages);

static ssize_t policy_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	struct oom_policy *policy, *active;
	int len = 0;

	mutex_lock(&oom_policy_mutex);
	active = oom_policy_current();
	list_for_each_entry(policy, &oom_policies, list)
		len += sysfs_emit_at(buf, len, policy == active ? "%s[%s]" : "%s%s",
				     len ? " " : "", policy->name);
	mutex_unlock(&oom_policy_mutex);
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}

static ssize_t policy_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	char name[OOM_POLICY_NAME_LEN];
	size_t len = count;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (len && buf[len - 1] == '\n')
		len--;
	if (!len || len >= sizeof(name))
		return -EINVAL;
	memcpy(name, buf, len);
	name[len] = '\0';
	err = oom_policy_set(name);
	return err ? err : count;
}

static struct kobj_attribute oom_policy_attr = __ATTR_RW_MODE(policy, 0644);

static int __init oom_policy_setup(char *str)
{
	if (strscpy(oom_policy_boot, str) < 0 || !oom_policy_name_valid(str)) {
		pr_warn("oom_policy=%s: invalid policy name, ignored\n", str);
		return 1;
	}
	oom_policy_boot_pending = true;
	return 1;
}
__setup("oom_policy=", oom_policy_setup);

/* After /sys/kernel/mm/oom, before the built-in policies register. */
static int __init oom_policy_init(void)
{
	int err;

	mutex_lock(&oom_policy_mutex);
	list_add(&oom_policy_default.list, &oom_policies);
	if (oom_policy_boot_pending && !strcmp(oom_policy_boot, "default"))
		oom_policy_boot_pending = false;
	if (!oom_policy_current())
		rcu_assign_pointer(oom_policy_active, &oom_policy_default);
	mutex_unlock(&oom_policy_mutex);

	if (!oom_kobj)
		return -ENOMEM;
	err = sysfs_create_file(oom_kobj, &oom_policy_attr.attr);
	if (err)
		pr_err("cannot create /sys/kernel/mm/oom/policy: %d\n", err);
	return err;
}
fs_initcall(oom_policy_init);

static int __init oom_policy_boot_check(void)
{
	if (oom_policy_boot_pending)
		pr_info("oom_policy=%s: not registered yet; active once it is\n",
			oom_policy_boot);
	return 0;
}
late_initcall(oom_policy_boot_check);

#ifdef CONFIG_OOM_KUNIT_TEST
#include "policy_kunit.h"
#endif
