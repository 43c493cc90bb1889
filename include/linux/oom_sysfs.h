/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /sys/kernel/mm/oom: the directory of the OOM killer extensions.
 */
#ifndef _LINUX_OOM_SYSFS_H
#define _LINUX_OOM_SYSFS_H

struct kobject;

#ifdef CONFIG_OOM_SYSFS
/*
 * The kobject of /sys/kernel/mm/oom, created at subsys_initcall time:
 * users add their attribute groups from a later initcall.  NULL if the
 * directory could not be created.
 */
extern struct kobject *oom_kobj;
#endif

#endif /* _LINUX_OOM_SYSFS_H */
