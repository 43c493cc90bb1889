/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * /dev/mem_notify: memory pressure notification for applications.
 * See Documentation/admin-guide/mm/mem_notify.rst.
 */
#ifndef _UAPI_LINUX_MEM_NOTIFY_H
#define _UAPI_LINUX_MEM_NOTIFY_H

#include <linux/ioctl.h>
#include <linux/types.h>

/* Pressure levels, in increasing severity. */
#define MEM_NOTIFY_LEVEL_NONE		0
#define MEM_NOTIFY_LEVEL_LOW		1	/* background reclaim is running */
#define MEM_NOTIFY_LEVEL_MEDIUM		2	/* allocations reclaim directly */
#define MEM_NOTIFY_LEVEL_CRITICAL	3	/* at the min watermark, or reclaim struggles */

/* What the pressure is on. */
#define MEM_NOTIFY_SCOPE_SYSTEM		0	/* the whole machine */
#define MEM_NOTIFY_SCOPE_MEMCG		1	/* the reader's memory cgroup or an ancestor */

/**
 * struct mem_notify_event - one record returned by read() on /dev/mem_notify
 * @size: sizeof(struct mem_notify_event) as filled in by the kernel; a
 *	later kernel may append fields, never reorder them
 * @level: MEM_NOTIFY_LEVEL_LOW, _MEDIUM or _CRITICAL
 * @scope: MEM_NOTIFY_SCOPE_SYSTEM or MEM_NOTIFY_SCOPE_MEMCG
 * @missed: notifications merged into this record because the previous one
 *	had not been read yet
 * @seq: this reader's notification count, starting at 1
 * @onset_ns: CLOCK_MONOTONIC time at which this episode of pressure began
 * @timestamp_ns: CLOCK_MONOTONIC time at which reclaim last reported
 *	pressure at @level
 * @free_pages: system scope: free pages; memcg scope: pages left below the
 *	cgroup's limit (memory.max or memory.high, the lower)
 * @available_pages: system scope: MemAvailable in pages; memcg scope:
 *	@free_pages plus the cgroup's file LRU pages
 * @cgroup_id: memcg scope: id of the cgroup in limit reclaim (the inode
 *	number of its cgroupfs directory); 0 otherwise
 * @round: number of the wake round that notified this reader; a round wakes
 *	at most the "batch" parameter's number of readers
 * @page_size: size in bytes of the pages counted above
 * @reserved: zero
 */
struct mem_notify_event {
	__u32 size;
	__u32 level;
	__u32 scope;
	__u32 missed;
	__u64 seq;
	__u64 onset_ns;
	__u64 timestamp_ns;
	__u64 free_pages;
	__u64 available_pages;
	__u64 cgroup_id;
	__u64 round;
	__u32 page_size;
	__u32 reserved32;
	__u64 reserved[4];
};

#define MEM_NOTIFY_IOC_MAGIC		0xB9
/* The lowest level this reader is notified of (default: LOW). */
#define MEM_NOTIFY_IOC_SET_LEVEL	_IOW(MEM_NOTIFY_IOC_MAGIC, 0x00, __u32)
#define MEM_NOTIFY_IOC_GET_LEVEL	_IOR(MEM_NOTIFY_IOC_MAGIC, 0x01, __u32)

#endif /* _UAPI_LINUX_MEM_NOTIFY_H */
