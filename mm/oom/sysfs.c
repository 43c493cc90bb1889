// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/mm/oom: home of the OOM killer extensions' files.
 */
#define pr_fmt(fmt) "oom: " fmt

#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/oom_sysfs.h>

struct kobject *oom_kobj;

static int __init oom_sysfs_init(void)
{
	/* mm_kobj exists from postcore_initcall on. */
	oom_kobj = kobject_create_and_add("oom", mm_kobj);
	if (!oom_kobj) {
		pr_err("cannot create /sys/kernel/mm/oom\n");
		return -ENOMEM;
	}
	return 0;
}
subsys_initcall(oom_sysfs_init);
