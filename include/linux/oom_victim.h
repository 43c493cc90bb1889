/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The OOM victim timeout: how long an OOM victim may take to exit (or be
 * reaped) before the OOM killer stops waiting for it and may choose the
 * next victim.
 */
#ifndef _LINUX_OOM_VICTIM_H
#define _LINUX_OOM_VICTIM_H

#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/mm_types.h>

/* Mainline's timing: a 2 s grace period, then 10 attempts 100 ms apart. */
#define OOM_REAPER_DELAY		(2 * HZ)
#define OOM_REAPER_RETRY_INTERVAL	(HZ / 10)
#define MAX_OOM_REAP_RETRIES		10

/* Bounds and default of /sys/kernel/mm/oom/victim_timeout_ms. */
#define OOM_VICTIM_TIMEOUT_MIN_MS	100
#define OOM_VICTIM_TIMEOUT_MAX_MS	600000
#define OOM_VICTIM_TIMEOUT_DEFAULT_MS	3000

#ifdef CONFIG_OOM_VICTIM_TIMEOUT
extern unsigned int oom_victim_timeout_ms;

/**
 * oom_victim_start() - start the clock of a new OOM victim's address space
 * @mm: the victim's mm, queued for the OOM reaper for the first time
 *
 * The victim has until the deadline, oom_victim_timeout_ms from now, to
 * release @mm.  The reaper leaves it alone for the first two thirds of
 * that time (2 s of the default 3 s, mainline's delay) and retries until
 * the deadline if the mm cannot be reaped.
 *
 * Context: any; does not sleep.
 * Return: the delay in jiffies before the reaper starts.
 */
static inline unsigned long oom_victim_start(struct mm_struct *mm)
{
	unsigned long timeout = msecs_to_jiffies(READ_ONCE(oom_victim_timeout_ms));

	WRITE_ONCE(mm->oom_victim_deadline, jiffies + timeout);
	return timeout * 2 / 3;
}

/* Has the victim owning @mm (queued for reaping) run out of time? */
static inline bool oom_victim_expired(const struct mm_struct *mm)
{
	return time_after_eq(jiffies, READ_ONCE(mm->oom_victim_deadline));
}

/* The reaper's wait before its next attempt on @mm. */
static inline unsigned long oom_reap_retry_wait(const struct mm_struct *mm)
{
	long left = (long)(READ_ONCE(mm->oom_victim_deadline) - jiffies);

	return clamp_t(long, left, 1, OOM_REAPER_RETRY_INTERVAL);
}

/* May the reaper try @mm again after @attempts failed attempts? */
static inline bool oom_reap_may_retry(const struct mm_struct *mm, int attempts)
{
	return !oom_victim_expired(mm);
}
#else
static inline unsigned long oom_victim_start(struct mm_struct *mm)
{
	return OOM_REAPER_DELAY;
}

static inline bool oom_victim_expired(const struct mm_struct *mm)
{
	return false;
}

static inline unsigned long oom_reap_retry_wait(const struct mm_struct *mm)
{
	return OOM_REAPER_RETRY_INTERVAL;
}

static inline bool oom_reap_may_retry(const struct mm_struct *mm, int attempts)
{
	return attempts < MAX_OOM_REAP_RETRIES;
}
#endif /* CONFIG_OOM_VICTIM_TIMEOUT */

#endif /* _LINUX_OOM_VICTIM_H */
