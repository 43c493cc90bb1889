// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM victim timeout, /sys/kernel/mm/oom/victim_timeout_ms: how long
 * an OOM victim may hold on to its memory before the OOM killer moves on.
 *
 * The clock starts when the victim is queued for the OOM reaper.  The
 * reaper waits two thirds of the timeout for the victim to exit on its own,
 * then reaps its address space, retrying every 100 ms while the mmap_lock
 * is contended, until the deadline.  At the deadline the victim's mm gets
 * MMF_OOM_SKIP, from the reaper or from the next OOM that finds the victim
 * still there, whichever comes first, and that OOM may choose another
 * victim.  The default of 3 s is mainline's timing: a 2 s delay, then up
 * to 10 attempts 100 ms apart.
 */
#define pr_fmt(fmt) "oom: " fmt

#include <linux/capability.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/kstrtox.h>
#include <linux/oom_sysfs.h>
#include <linux/oom_victim.h>
#include <linux/sysfs.h>

unsigned int oom_victim_timeout_ms = OOM_VICTIM_TIMEOUT_DEFAULT_MS;

/*
 * Parse a timeout written to victim_timeout_ms into @ms.  Returns 0, or
 * -EINVAL for anything but a decimal number of milliseconds within
 * [OOM_VICTIM_TIMEOUT_MIN_MS, OOM_VICTIM_TIMEOUT_MAX_MS].
 */
static int oom_victim_timeout_parse(const char *buf, unsigned int *ms)
{
	unsigned int val;

	if (kstrtouint(buf, 10, &val))
		return -EINVAL;
	if (val < OOM_VICTIM_TIMEOUT_MIN_MS || val > OOM_VICTIM_TIMEOUT_MAX_MS)
		return -EINVAL;
	*ms = val;
	return 0;
}

static ssize_t victim_timeout_ms_show(struct kobject *kobj,
				      struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(oom_victim_timeout_ms));
}

static ssize_t victim_timeout_ms_store(struct kobject *kobj,
				       struct kobj_attribute *attr,
				       const char *buf, size_t count)
{
	unsigned int ms;
	int err;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	err = oom_victim_timeout_parse(buf, &ms);
	if (err)
		return err;
	/* Applies to victims killed from now on. */
	WRITE_ONCE(oom_victim_timeout_ms, ms);
	return count;
}

static struct kobj_attribute oom_victim_timeout_attr =
	__ATTR_RW_MODE(victim_timeout_ms, 0644);

static int __init oom_victim_init(void)
{
	int err;

	if (!oom_kobj)
		return -ENODEV;
	err = sysfs_create_file(oom_kobj, &oom_victim_timeout_attr.attr);
	if (err)
		pr_err("cannot create /sys/kernel/mm/oom/victim_timeout_ms: %d\n", err);
	return err;
}
late_initcall(oom_victim_init);

#ifdef CONFIG_OOM_KUNIT_TEST
#include "victim_kunit.h"
#endif
