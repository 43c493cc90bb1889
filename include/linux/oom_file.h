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

#ifdef CONFIG_OOM_FILE_BADNESS
unsigned long oom_file_badness(struct task_struct *p, struct mem_cgroup *memcg);
long oom_file_pages(struct file *file, struct mem_cgroup *memcg);
unsigned long oom_mapping_memcg_pages(struct address_space *mapping,
				      unsigned long pages,
				      struct mem_cgroup *memcg);
void oom_file_show_fdinfo(struct seq_file *m, struct file *file);
const char *oom_file_dump_task(struct task_struct *p, struct mem_cgroup *memcg,
			       char *buf, size_t size);
const char *oom_file_kill_info(struct task_struct *p, char *buf, size_t size);

/* The task dump's file_held column: without the option, none. */
#define OOM_FILE_DUMP_HDR	" file_held"
#else
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
