/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-file OOM badness: memory that a task holds only through open files
 * counts toward its OOM badness.
 * See Documentation/admin-guide/mm/oom_file_badness.rst.
 */
#ifndef _LINUX_OOM_FILE_H
#define _LINUX_OOM_FILE_H

#include <linux/stddef.h>
#include <linux/types.h>

struct address_space;
struct file;
struct mem_cgroup;
struct seq_file;
struct task_struct;
struct vm_area_struct;

#ifdef CONFIG_OOM_FILE_BADNESS
#include <linux/fs.h>
#include <linux/mm_types.h>

/**
 * oom_file_note_mapping() - remember that @vma maps a file with OOM badness
 * @vma: a VMA whose ->vm_file is final (after the file's ->mmap)
 *
 * Lets oom_file_badness() skip the walk of the VMAs of every mm that never
 * mapped such a file.  Caller holds the mmap_lock for writing.
 */
static inline void oom_file_note_mapping(struct vm_area_struct *vma)
{
	struct file *file = vma->vm_file;

	if (file && file->f_op->oom_badness && !vma->vm_mm->oom_file_mapped)
		WRITE_ONCE(vma->vm_mm->oom_file_mapped, true);
}

unsigned long oom_file_badness(struct task_struct *p, struct mem_cgroup *memcg);
long oom_file_pages(struct file *file, struct mem_cgroup *memcg);
unsigned long oom_mapping_memcg_pages(struct address_space *mapping,
				      unsigned long pages,
				      struct mem_cgroup *memcg);
void oom_file_show_fdinfo(struct seq_file *m, struct file *file);
const char *oom_file_dump_task(struct task_struct *p, struct mem_cgroup *memcg,
			       char *buf, size_t size);
const char *oom_file_kill_info(struct task_struct *p, char *buf, size_t size);

/*
 * Pages that ->oom_badness implementations sample to estimate which part of
 * a file a memcg is charged for.
 */
#define OOM_MEMCG_SAMPLES	16

/* The task dump's file_held column: without the option, none. */
#define OOM_FILE_DUMP_HDR	" file_held"
#else
static inline void oom_file_note_mapping(struct vm_area_struct *vma)
{
}

static inline unsigned long oom_file_badness(struct task_struct *p,
					     struct mem_cgroup *memcg)
{
	return 0;
}

static inline void oom_file_show_fdinfo(struct seq_file *m, struct file *file)
{
}

static inline const char *oom_file_dump_task(struct task_struct *p,
					     struct mem_cgroup *memcg,
					     char *buf, size_t size)
{
	return "";
}

static inline const char *oom_file_kill_info(struct task_struct *p, char *buf,
					     size_t size)
{
	return "";
}

#define OOM_FILE_DUMP_HDR	""
#endif /* CONFIG_OOM_FILE_BADNESS */

#endif /* _LINUX_OOM_FILE_H */
