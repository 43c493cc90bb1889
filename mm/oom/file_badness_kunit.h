/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit tests for per-file OOM badness, included at the end of
 * mm/oom/file_badness.c to reach its static functions.
 */
#ifndef _MM_OOM_FILE_BADNESS_KUNIT_H
#define _MM_OOM_FILE_BADNESS_KUNIT_H

#include <kunit/test.h>
#include <linux/fdtable.h>
#include <linux/shmem_fs.h>

#define KUNIT_MIB	(1024 * 1024)

/* An unlinked shmem file with @written bytes of data out of @size. */
static struct file *oom_kunit_shmem(struct kunit *test, loff_t size,
				    size_t written)
{
	struct file *file = shmem_file_setup("oom-kunit", size, VM_NORESERVE);
	static const char buf[4096] = { 1 };
	loff_t pos = 0;

	if (IS_ERR(file))
		kunit_skip(test, "shmem_file_setup: %ld", PTR_ERR(file));
	while (pos < written) {
		ssize_t n = kernel_write(file, buf, sizeof(buf), &pos);

		if (n != sizeof(buf)) {
			fput(file);
			kunit_skip(test, "kernel_write: %zd", n);
		}
	}
	return file;
}

static void oom_file_test_written(struct kunit *test)
{
	struct file *file = oom_kunit_shmem(test, 8 * KUNIT_MIB, KUNIT_MIB);

	KUNIT_EXPECT_EQ(test, oom_file_pages(file, NULL), KUNIT_MIB / PAGE_SIZE);
	fput(file);
}

static void oom_file_test_sparse(struct kunit *test)
{
	/* 1 TiB of i_size, one page of data: only the page counts. */
	struct file *file = oom_kunit_shmem(test, 1ULL << 40, PAGE_SIZE);

	KUNIT_EXPECT_EQ(test, oom_file_pages(file, NULL), 1);
	fput(file);
}

static const struct file_operations oom_kunit_plain_fops = { };

static void oom_file_test_no_op(struct kunit *test)
{
	struct file *file = oom_kunit_shmem(test, PAGE_SIZE, 0);
	const struct file_operations *fop = file->f_op;

	/* A file without ->oom_badness is not counted at all. */
	file->f_op = &oom_kunit_plain_fops;
	KUNIT_EXPECT_EQ(test, oom_file_pages(file, NULL), -ENOENT);
	file->f_op = fop;
	KUNIT_EXPECT_EQ(test, oom_file_pages(file, NULL), 0);
	fput(file);
}

static void oom_file_test_shared(struct kunit *test)
{
	struct file *file = oom_kunit_shmem(test, KUNIT_MIB, KUNIT_MIB);
	long pages = KUNIT_MIB / PAGE_SIZE;
	unsigned long one = (unsigned long)pages << OOM_SHARE_SHIFT, sum = 0;
	int i;

	/* One reference holds everything... */
	KUNIT_EXPECT_EQ(test, oom_file_share(file, NULL, 0, false), one);
	/* ...two hold half each, and our own reference is no holder. */
	get_file(file);
	KUNIT_EXPECT_EQ(test, oom_file_share(file, NULL, 0, false), one / 2);
	KUNIT_EXPECT_EQ(test, oom_file_share(file, NULL, 1, false), one);
	/* Counted whole when sharing cannot be established. */
	KUNIT_EXPECT_EQ(test, oom_file_share(file, NULL, 0, true), one);
	fput(file);

	/* 1,000 references to 256 pages: their shares still add up. */
	for (i = 1; i < 1000; i++)
		get_file(file);
	for (i = 0; i < 1000; i++)
		sum = oom_add_share(sum, oom_file_share(file, NULL, 0, false));
	KUNIT_EXPECT_GE(test, sum >> OOM_SHARE_SHIFT, pages - 1);
	KUNIT_EXPECT_LE(test, sum >> OOM_SHARE_SHIFT, pages);
	for (i = 0; i < 1000; i++)
		fput(file);
}

static void oom_file_test_fdtable(struct kunit *test)
{
	struct file *file;
	long pages = KUNIT_MIB / PAGE_SIZE;
	int fd1, fd2, err;

	/* The test thread gets a private fd table to install files in. */
	err = unshare_files();
	if (err)
		kunit_skip(test, "unshare_files: %d", err);
	file = oom_kunit_shmem(test, KUNIT_MIB, KUNIT_MIB);
	fd1 = get_unused_fd_flags(0);
	fd2 = get_unused_fd_flags(0);
	KUNIT_ASSERT_GE(test, fd1, 0);
	KUNIT_ASSERT_GE(test, fd2, 0);
	fd_install(fd1, get_file(file));
	fd_install(fd2, file);

	/* Two descriptors of one file in one table: the file once. */
	KUNIT_EXPECT_EQ(test, oom_fdtable_shares(current->files, NULL, false) >> OOM_SHARE_SHIFT,
			pages);
	task_lock(current);
	KUNIT_EXPECT_EQ(test, oom_file_badness(current, NULL), pages);
	task_unlock(current);

	/* A holder outside this table takes a third. */
	get_file(file);
	KUNIT_EXPECT_EQ(test, oom_fdtable_shares(current->files, NULL, false) >>
			OOM_SHARE_SHIFT, 2 * pages / 3);
	fput(file);

	close_fd(fd2);
	KUNIT_EXPECT_EQ(test, oom_fdtable_shares(current->files, NULL, false) >> OOM_SHARE_SHIFT,
			pages);
	close_fd(fd1);
	KUNIT_EXPECT_EQ(test, oom_fdtable_shares(current->files, NULL, false), 0);
}

static void oom_file_test_memcg(struct kunit *test)
{
	struct file *file = oom_kunit_shmem(test, KUNIT_MIB, KUNIT_MIB);
	struct address_space *mapping = file->f_mapping;
	long pages = KUNIT_MIB / PAGE_SIZE;

	/* Global OOM: no filtering. */
	KUNIT_EXPECT_EQ(test, oom_mapping_memcg_pages(mapping, pages, NULL), pages);
	KUNIT_EXPECT_EQ(test, oom_mapping_memcg_pages(mapping, 0, NULL), 0);
#ifdef CONFIG_MEMCG
	/* Everything is charged below the root. */
	if (!mem_cgroup_disabled())
		KUNIT_EXPECT_EQ(test, oom_mapping_memcg_pages(mapping, pages,
							      root_mem_cgroup),
				pages);
#endif
	fput(file);

	/* An empty file has nothing charged anywhere. */
	file = oom_kunit_shmem(test, KUNIT_MIB, 0);
	KUNIT_EXPECT_EQ(test, oom_mapping_memcg_pages(file->f_mapping, pages,
						      (struct mem_cgroup *)test), 0);
	fput(file);
}

static struct kunit_case oom_file_test_cases[] = {
	KUNIT_CASE(oom_file_test_written),
	KUNIT_CASE(oom_file_test_sparse),
	KUNIT_CASE(oom_file_test_no_op),
	KUNIT_CASE(oom_file_test_shared),
	KUNIT_CASE(oom_file_test_fdtable),
	KUNIT_CASE(oom_file_test_memcg),
	{}
};

static struct kunit_suite oom_file_test_suite = {
	.name = "oom_file_badness",
	.test_cases = oom_file_test_cases,
};

kunit_test_suite(oom_file_test_suite);

#endif /* _MM_OOM_FILE_BADNESS_KUNIT_H */
