// SPDX-License-Identifier: GPL-2.0
/*
 * A test module for the OOM reaper: lets a task hold its own mm's
 * mmap_lock for writing, as a task stuck in the kernel with the lock held
 * would, so that the OOM reaper cannot reap that mm.  The selftest
 * oom_detect_test uses it to show that the OOM victim timeout, and not
 * the reaper, is what lets the OOM killer choose the next victim.
 *
 * Two write-only files, for root, in /sys/kernel/debug/test_oom_reaper/:
 *
 *   hold_mmap_lock_ms	write N (1..20000): the writing task takes its mm's
 *			mmap_lock for writing and holds it for N ms, or
 *			until a write to release, then the write() returns.
 *			A fatal signal does not cut it short: a killed task
 *			keeps the lock until then, as an OOM victim stuck
 *			in the kernel would.
 *   release		any write: every holder lets go at once.
 *
 * A holder waits in TASK_IDLE, so it counts neither toward the load nor
 * for the hung-task detector.  What it blocks does: the mm's other
 * threads waiting for the lock in exit_mm() or a coredump sleep
 * uninterruptibly until it lets go, which the 20 s bound keeps below the
 * default hung-task timeout.  Sibling threads can still fault on existing
 * VMAs under their per-VMA locks, so this models a task stuck with the
 * lock held for the OOM reaper, not for the whole process.
 *
 * A holder has the file open, so the module cannot be unloaded while it
 * holds (rmmod fails with EBUSY).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/kstrtox.h>
#include <linux/mmap_lock.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/wait.h>

/* The longest hold accepted, ms. */
#define TEST_OOM_REAPER_MAX_MS		20000

static struct dentry *test_oom_reaper_dir;
/* Bumped by each write to release: holders let go. */
static atomic_t test_oom_reaper_release_gen = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(test_oom_reaper_wait);

static ssize_t hold_mmap_lock_ms_write(struct file *file,
				       const char __user *ubuf, size_t count,
				       loff_t *ppos)
{
	struct mm_struct *mm = current->mm;
	unsigned int ms;
	int gen, err;

	err = kstrtouint_from_user(ubuf, count, 10, &ms);
	if (err)
		return err;
	if (!ms || ms > TEST_OOM_REAPER_MAX_MS)
		return -EINVAL;
	if (!mm)
		return -EINVAL;

	gen = atomic_read(&test_oom_reaper_release_gen);
	if (mmap_write_lock_killable(mm))
		return -EINTR;
	pr_debug("pid %d (%s) holds its mmap_lock for up to %u ms\n",
		 task_pid_nr(current), current->comm, ms);
	wait_event_idle_timeout(test_oom_reaper_wait,
				atomic_read(&test_oom_reaper_release_gen) != gen,
				msecs_to_jiffies(ms));
	mmap_write_unlock(mm);
	pr_debug("pid %d (%s) released its mmap_lock\n",
		 task_pid_nr(current), current->comm);
	return count;
}

static ssize_t release_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	atomic_inc(&test_oom_reaper_release_gen);
	wake_up_all(&test_oom_reaper_wait);
	return count;
}

static const struct file_operations hold_mmap_lock_ms_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = hold_mmap_lock_ms_write,
	.llseek = noop_llseek,
};

static const struct file_operations release_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = release_write,
	.llseek = noop_llseek,
};

static int __init test_oom_reaper_init(void)
{
	test_oom_reaper_dir = debugfs_create_dir("test_oom_reaper", NULL);
	if (IS_ERR(test_oom_reaper_dir))
		return PTR_ERR(test_oom_reaper_dir);
	debugfs_create_file("hold_mmap_lock_ms", 0200, test_oom_reaper_dir,
			    NULL, &hold_mmap_lock_ms_fops);
	debugfs_create_file("release", 0200, test_oom_reaper_dir, NULL,
			    &release_fops);
	return 0;
}

static void __exit test_oom_reaper_exit(void)
{
	debugfs_remove_recursive(test_oom_reaper_dir);
}

module_init(test_oom_reaper_init);
module_exit(test_oom_reaper_exit);
MODULE_DESCRIPTION("Test module for the OOM reaper: hold a task's mmap_lock");
MODULE_LICENSE("GPL");
