// SPDX-License-Identifier: GPL-2.0
/*
 * Per-file OOM badness: memory that a task holds only through open files
 * counts toward its OOM badness.
 *
 * oom_badness() counts a task's RSS, swap entries and page tables.  Memory
 * held only through a file is invisible there: a memfd or an unlinked tmpfs
 * file that the task write()s, dma-buf heap buffers, GPU objects.  Files
 * whose file_operations implement ->oom_badness report how many pages
 * closing them by every holder would free; here each reference that a task
 * holds, in its fd table or through one of its mappings, adds its share of
 * that to the task's badness.
 *
 * Division among holders is by file reference: one reference is worth
 * 1/file_count() of the file.  That costs one atomic read, needs no lock and
 * no allocation, and has the properties we want: a memfd shared by two
 * processes costs each half; a file referenced several times by one process
 * (dup(), threads sharing the fd table, mappings) costs it at most the whole
 * file, never more.  Counting distinct processes instead would need a walk
 * of every process per file, or per-file state.
 *
 * References held by the task's own mappings count toward the task, so
 * mapping a file many times cannot dilute the holder's share.  The VMAs
 * are only walked in an mm that has mapped such a file at some time
 * (mm->oom_file_mapped, set by mmap_region()), so the OOM killer's cost
 * for the other tasks is a walk of their fd tables alone.  If the
 * mmap_lock cannot be taken without waiting, the fd-table references are
 * counted whole instead of shared: an OOM may then overestimate a holder,
 * never underestimate one.
 *
 * Context: the walk runs under task_lock() and rcu_read_lock(); it takes a
 * reference only on files that implement ->oom_badness, takes no sleeping
 * lock (the mmap_lock only by trylock) and allocates nothing.
 */
#define pr_fmt(fmt) "oom: " fmt

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/oom_file.h>
#include <linux/pagemap.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/seq_file.h>
#include <linux/swap.h>
#include <linux/xarray.h>

/*
 * Shares are summed in units of 1/65536 page and rounded once at the end:
 * rounding each reference's share down would make a file with more
 * references than pages (a memfd dup()ed 100,000 times) count nothing.
 */
#define OOM_SHARE_SHIFT		16

/* No file can pin more than RAM and swap together. */
static unsigned long oom_file_max_pages(void)
{
	return totalram_pages() + total_swap_pages;
}

/* Add @share (scaled by OOM_SHARE_SHIFT) to @sum, saturating at RAM + swap. */
static unsigned long oom_add_share(unsigned long sum, unsigned long share)
{
	unsigned long max = oom_file_max_pages() << OOM_SHARE_SHIFT;

	return min(sum + min(share, max), max);
}

/**
 * oom_file_pages() - the OOM badness of one open file
 * @file: the file; the caller holds a reference
 * @memcg: if not NULL, count only pages charged to @memcg or its descendants
 *
 * Calls @file's ->oom_badness and clamps its answer to [0, RAM + swap], so
 * that no implementation can make a task's sum negative or overflow it.
 *
 * Context: any context that ->oom_badness allows: it must not sleep.
 * Return: the file's pages, or -ENOENT if it does not implement
 * ->oom_badness.
 */
long oom_file_pages(struct file *file, struct mem_cgroup *memcg)
{
	long pages;

	if (!file->f_op->oom_badness)
		return -ENOENT;
	pages = file->f_op->oom_badness(file, memcg);
	if (pages <= 0)
		return 0;
	return min_t(unsigned long, pages, oom_file_max_pages());
}
EXPORT_SYMBOL_GPL(oom_file_pages);

/*
 * The share of @file that one reference holds, scaled by OOM_SHARE_SHIFT.
 * @ours references were taken by the caller for the duration of the walk
 * and are not holders.
 */
static unsigned long oom_file_share(struct file *file, struct mem_cgroup *memcg,
				    long ours, bool whole)
{
	long pages = oom_file_pages(file, memcg);
	long refs = file_count(file) - ours;

	if (pages <= 0)
		return 0;
	if (whole)
		return (unsigned long)pages << OOM_SHARE_SHIFT;
	return ((unsigned long)pages << OOM_SHARE_SHIFT) / max(refs, 1L);
}

static unsigned long oom_fdtable_shares(struct files_struct *files,
					struct mem_cgroup *memcg, bool whole)
{
	unsigned long sum = 0;
	struct fdtable *fdt;
	unsigned int fd;

	rcu_read_lock();
	fdt = files_fdtable(files);
	for (fd = find_first_bit(fdt->open_fds, fdt->max_fds); fd < fdt->max_fds;
	     fd = find_next_bit(fdt->open_fds, fdt->max_fds, fd + 1)) {
		struct file *file = rcu_dereference_raw(fdt->fd[fd]);
		const struct file_operations *fop;

		/*
		 * Skip files without ->oom_badness before paying for a
		 * reference.  struct file is SLAB_TYPESAFE_BY_RCU, so even a
		 * file closed and reused meanwhile has a valid f_op, whose
		 * module cannot go away before rcu_read_unlock().
		 */
		if (!file)
			continue;
		fop = READ_ONCE(file->f_op);
		if (!fop || !fop->oom_badness)
			continue;
		file = get_file_rcu(&fdt->fd[fd]);
		if (!file)
			continue;
		sum = oom_add_share(sum, oom_file_share(file, memcg, 1, whole));
		fput(file);
	}
	rcu_read_unlock();
	return sum;
}

static unsigned long oom_mm_file_shares(struct mm_struct *mm,
					struct mem_cgroup *memcg, bool *locked)
{
	VMA_ITERATOR(vmi, mm, 0);
	struct vm_area_struct *vma;
	unsigned long sum = 0;

	*locked = mmap_read_trylock(mm);
	if (!*locked)
		return 0;
	for_each_vma(vmi, vma) {
		struct file *file = vma->vm_file;

		if (file && file->f_op->oom_badness)
			sum = oom_add_share(sum, oom_file_share(file, memcg, 0, false));
	}
	mmap_read_unlock(mm);
	return sum;
}

/**
 * oom_file_badness() - pages a task holds through its files and mappings
 * @p: the task; the caller holds task_lock(@p), or @p is current
 * @memcg: if not NULL, count only pages charged to @memcg or its descendants
 *
 * Sums, over every reference to a file implementing ->oom_badness that
 * @p's fd table or @p's mappings hold, that reference's share of the file.
 *
 * Context: task_lock(@p) held, or @p is current: either keeps @p's files
 * and mm from going away.  Does not sleep or allocate.
 * Return: pages, at most RAM + swap.
 */
unsigned long oom_file_badness(struct task_struct *p, struct mem_cgroup *memcg)
{
	unsigned long sum = 0;
	/* Without an mm there are no mapping references to account for. */
	bool mappings_counted = true;

	lockdep_assert(p == current || lockdep_is_held(&p->alloc_lock));
	/* Most mms never mapped such a file: skip their VMAs. */
	if (p->mm && READ_ONCE(p->mm->oom_file_mapped))
		sum = oom_mm_file_shares(p->mm, memcg, &mappings_counted);
	if (p->files)
		sum = oom_add_share(sum, oom_fdtable_shares(p->files, memcg,
							    !mappings_counted));
	return sum >> OOM_SHARE_SHIFT;
}

/* Whether @memcg (NULL: not charged) is @oom_memcg or below it. */
static bool oom_memcg_within(struct mem_cgroup *memcg, struct mem_cgroup *oom_memcg)
{
#ifdef CONFIG_MEMCG
	return memcg && mem_cgroup_is_descendant(memcg, oom_memcg);
#else
	return false;	/* there is no memcg OOM */
#endif
}

/**
 * oom_mapping_memcg_pages() - estimate the part of a mapping a memcg pays for
 * @mapping: a page-cache mapping (for example a shmem file's)
 * @pages: resident pages of @mapping
 * @memcg: the memory cgroup in OOM, or NULL for a global OOM
 *
 * Files shared across memory cgroups must not make a memcg OOM kill a
 * holder whose file pages are charged elsewhere.  Counting every folio's
 * memcg would cost a walk of the whole mapping, so up to
 * %OOM_MEMCG_SAMPLES folios spread over the file are sampled and @pages is
 * scaled by the fraction charged to @memcg or its descendants.  The result
 * is deterministic for the same page cache.
 *
 * Context: any; takes rcu_read_lock() only.
 * Return: the estimated number of @pages charged to @memcg.
 */
unsigned long oom_mapping_memcg_pages(struct address_space *mapping,
				      unsigned long pages,
				      struct mem_cgroup *memcg)
{
	XA_STATE(xas, &mapping->i_pages, 0);
	unsigned long step, seen = 0, hits = 0;
	unsigned int i;

	if (!memcg || !pages)
		return pages;
	step = max(DIV_ROUND_UP(i_size_read(mapping->host), PAGE_SIZE) /
		   OOM_MEMCG_SAMPLES, 1UL);
	rcu_read_lock();
	for (i = 0; i < OOM_MEMCG_SAMPLES; i++) {
		struct folio *folio;
		struct mem_cgroup *fmemcg;

		xas_set(&xas, step * i);
		do {
			folio = xas_find(&xas, ULONG_MAX);
		} while (xas_retry(&xas, folio));
		if (!folio)
			break;
		/* Swapped out: not charged to memory, nothing to free there. */
		if (xa_is_value(folio))
			continue;
		seen++;
		fmemcg = folio_memcg_check(folio);
		if (oom_memcg_within(fmemcg, memcg))
			hits++;
	}
	rcu_read_unlock();
	if (!seen)
		return 0;
	return mult_frac(pages, hits, seen);
}
EXPORT_SYMBOL_GPL(oom_mapping_memcg_pages);

/**
 * oom_file_show_fdinfo() - print a file's OOM badness in /proc/PID/fdinfo
 * @m: the fdinfo seq_file
 * @file: the file, referenced by the caller
 *
 * Prints "oom_badness: <pages>" for files that implement ->oom_badness: the
 * pages the file pins as a whole, before division among its holders.
 */
void oom_file_show_fdinfo(struct seq_file *m, struct file *file)
{
	long pages = oom_file_pages(file, NULL);

	if (pages >= 0)
		seq_printf(m, "oom_badness:\t%ld\n", pages);
}

/**
 * oom_file_dump_task() - the file_held column of the OOM report's task dump
 * @p: the task; the caller holds task_lock(@p)
 * @memcg: the memory cgroup in OOM, or NULL
 * @buf: room for the column
 * @size: size of @buf
 *
 * Return: @buf, holding the pages @p holds through files as counted for
 * this OOM, right-aligned under %OOM_FILE_DUMP_HDR.
 */
const char *oom_file_dump_task(struct task_struct *p, struct mem_cgroup *memcg,
			       char *buf, size_t size)
{
	snprintf(buf, size, " %9lu", oom_file_badness(p, memcg));
	return buf;
}

/**
 * oom_file_kill_info() - the file-held field of the "Killed process" line
 * @p: the victim; the caller holds task_lock(@p)
 * @buf: room for the field
 * @size: size of @buf
 *
 * Return: @buf, holding ", file-held:<kB>kB".
 */
const char *oom_file_kill_info(struct task_struct *p, char *buf, size_t size)
{
	snprintf(buf, size, ", file-held:%lukB",
		 oom_file_badness(p, NULL) << (PAGE_SHIFT - 10));
	return buf;
}

#ifdef CONFIG_OOM_KUNIT_TEST
#include "file_badness_kunit.h"
#endif
