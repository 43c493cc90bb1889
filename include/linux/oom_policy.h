/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pluggable OOM victim selection: a chain of named policies.
 *
 * See Documentation/admin-guide/mm/oom_policy.rst.
 */
#ifndef _LINUX_OOM_POLICY_H
#define _LINUX_OOM_POLICY_H

#include <linux/list.h>
#include <linux/oom.h>

struct module;
struct task_struct;

/* Longest policy name, including the terminating NUL. */
#define OOM_POLICY_NAME_LEN	24

/**
 * enum oom_policy_verdict - what an OOM policy decided
 * @OOM_POLICY_DECLINE: no opinion: the next policy of the chain decides.
 *	oc->chosen must be left NULL.
 * @OOM_POLICY_VICTIM: the selection is made: oc->chosen holds a reference
 *	on the victim (killed through the normal path), or is NULL when no
 *	task is killable, or is (void *)-1UL when an earlier victim is still
 *	exiting and the OOM killer must wait for it.
 * @OOM_POLICY_PANIC: panic the machine instead of killing.
 */
enum oom_policy_verdict {
	OOM_POLICY_DECLINE,
	OOM_POLICY_VICTIM,
	OOM_POLICY_PANIC,
};

/**
 * struct oom_policy - a named OOM victim-selection policy
 * @name: shown in /sys/kernel/mm/oom/policy, the OOM report and the
 *	mark_victim tracepoint; [a-z0-9-], shorter than OOM_POLICY_NAME_LEN
 * @select: decide for @oc.  Called with oom_lock held, for a global or
 *	memcg OOM or sysrq-f, when this policy is active.  It must not
 *	allocate memory or take a lock that an allocating task may hold; it
 *	may sleep only as the OOM killer itself does (it usually does not).
 * @chosen: optional; told the victim the chain chose (oc->chosen is a
 *	task) for every OOM handled while this policy is active, whichever
 *	policy of the chain chose it.  Same context as @select.
 * @owner: THIS_MODULE; the active policy's module cannot be unloaded.
 * @list: private to the policy layer.
 */
struct oom_policy {
	const char *name;
	enum oom_policy_verdict (*select)(struct oom_control *oc);
	void (*chosen)(struct oom_control *oc);
	struct module *owner;
	struct list_head list;
};

#ifdef CONFIG_OOM_POLICY
int oom_policy_register(struct oom_policy *policy);
void oom_policy_unregister(struct oom_policy *policy);

enum oom_policy_verdict oom_policy_select(struct oom_control *oc);
const char *oom_policy_chosen_by(void);
void oom_policy_begin(void);
const char *oom_policy_report(char *buf, size_t size);

long oom_children_pages(struct task_struct *p, struct oom_control *oc);

static inline void oom_policy_set_badness(struct oom_control *oc,
					  oom_badness_fn badness)
{
	oc->badness = badness;
}

static inline long oom_policy_badness(struct task_struct *p,
				      struct oom_control *oc)
{
	return oc->badness(p, oc);
}

static inline bool oom_policy_scores(struct oom_control *oc)
{
	return oc->badness;
}
#else
/* Without the policy layer, the OOM killer selects the mainline way. */
static inline enum oom_policy_verdict oom_policy_select(struct oom_control *oc)
{
	oom_select_victim(oc, NULL);
	return OOM_POLICY_VICTIM;
}

static inline const char *oom_policy_chosen_by(void)
{
	return "";
}

static inline void oom_policy_begin(void)
{
}

static inline const char *oom_policy_report(char *buf, size_t size)
{
	return "";
}

static inline void oom_policy_set_badness(struct oom_control *oc,
					  oom_badness_fn badness)
{
}

static inline long oom_policy_badness(struct task_struct *p,
				      struct oom_control *oc)
{
	return LONG_MIN;
}

static inline bool oom_policy_scores(struct oom_control *oc)
{
	return false;
}
#endif /* CONFIG_OOM_POLICY */

#endif /* _LINUX_OOM_POLICY_H */
