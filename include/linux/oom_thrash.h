/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OOM killer's thrashing detector: sustained memory stall (PSI) in the
 * whole system or in a memory cgroup with a limit invokes the OOM killer
 * for that scope.
 */
#ifndef _LINUX_OOM_THRASH_H
#define _LINUX_OOM_THRASH_H

#include <linux/oom.h>
#include <linux/types.h>

#ifdef CONFIG_OOM_THRASH
/* Did the thrashing detector invoke this OOM? */
static inline bool is_thrash_oom(const struct oom_control *oc)
{
	return oc->thrashing;
}

/**
 * oom_thrash_report() - the reason shown in the OOM report's summary line
 * @oc: the OOM being handled
 *
 * Return: ",reason=thrashing" for an OOM invoked by the detector, else "".
 */
static inline const char *oom_thrash_report(const struct oom_control *oc)
{
	return is_thrash_oom(oc) ? ",reason=thrashing" : "";
}
#else
static inline bool is_thrash_oom(const struct oom_control *oc)
{
	return false;
}

static inline const char *oom_thrash_report(const struct oom_control *oc)
{
	return "";
}
#endif /* CONFIG_OOM_THRASH */

#endif /* _LINUX_OOM_THRASH_H */
