// SPDX-License-Identifier: GPL-2.0
/*
 * OOM killer event counters: one read-only file per counter in
 * /sys/kernel/mm/oom/stats/.
 *
 * The counters are bumped from out_of_memory() and the kill path with a
 * single atomic increment: no lock, no allocation, nothing on the
 * allocation fast path.
 */
#define pr_fmt(fmt) "oom: " fmt

#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/oom_stats.h>
#include <linux/oom_sysfs.h>
#include <linux/sysfs.h>

atomic_long_t oom_stats[NR_OOM_STAT_ITEMS];

struct oom_stat_attr {
	struct kobj_attribute attr;
	enum oom_stat_item item;
};

static ssize_t oom_stat_show(struct kobject *kobj, struct kobj_attribute *attr,
			     char *buf)
{
	struct oom_stat_attr *sa = container_of(attr, struct oom_stat_attr, attr);

	return sysfs_emit(buf, "%lu\n",
			  (unsigned long)atomic_long_read(&oom_stats[sa->item]));
}

#define OOM_STAT_ATTR(_name, _item)					\
	static struct oom_stat_attr oom_stat_attr_##_name = {		\
		.attr = __ATTR(_name, 0444, oom_stat_show, NULL),	\
		.item = _item,						\
	}

OOM_STAT_ATTR(invoke_alloc, OOM_STAT_INVOKE_ALLOC);
OOM_STAT_ATTR(invoke_memcg, OOM_STAT_INVOKE_MEMCG);
OOM_STAT_ATTR(invoke_sysrq, OOM_STAT_INVOKE_SYSRQ);
OOM_STAT_ATTR(kill, OOM_STAT_KILL);
OOM_STAT_ATTR(no_victim, OOM_STAT_NO_VICTIM);
OOM_STAT_ATTR(victim_pending, OOM_STAT_VICTIM_PENDING);

static struct attribute *oom_stat_attrs[] = {
	&oom_stat_attr_invoke_alloc.attr.attr,
	&oom_stat_attr_invoke_memcg.attr.attr,
	&oom_stat_attr_invoke_sysrq.attr.attr,
	&oom_stat_attr_kill.attr.attr,
	&oom_stat_attr_no_victim.attr.attr,
	&oom_stat_attr_victim_pending.attr.attr,
	NULL
};

static const struct attribute_group oom_stat_group = {
	.name = "stats",
	.attrs = oom_stat_attrs,
};

static int __init oom_stats_init(void)
{
	int err;

	BUILD_BUG_ON(ARRAY_SIZE(oom_stat_attrs) != NR_OOM_STAT_ITEMS + 1);
	if (!oom_kobj)
		return -ENODEV;
	err = sysfs_create_group(oom_kobj, &oom_stat_group);
	if (err)
		pr_err("cannot create /sys/kernel/mm/oom/stats: %d\n", err);
	return err;
}
late_initcall(oom_stats_init);

#ifdef CONFIG_OOM_KUNIT_TEST
#include "stats_kunit.h"
#endif
