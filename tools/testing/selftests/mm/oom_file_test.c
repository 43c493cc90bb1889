// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for per-file OOM badness (CONFIG_OOM_FILE_BADNESS): the
 * oom_badness line of /proc/PID/fdinfo, /proc/PID/oom_score of holders,
 * division among holders, and memcg filtering in a memcg OOM.
 *
 * Needs root for the dma-heap, vgem and memcg tests; those OOMs are
 * confined to a memcg.
 *
 * Whether the tests run is the kernel configuration's decision
 * (/proc/config.gz): with CONFIG_OOM_FILE_BADNESS off they skip; with it on
 * nothing is skipped for a missing interface or device whose option is on
 * (a lost fdinfo line fails the fdinfo assertions, and only those).
 * Without /proc/config.gz, the fdinfo line decides.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/dma-heap.h>
#include <linux/io_uring.h>
#include <drm/drm.h>
#include <drm/drm_mode.h>

#include "../kselftest_harness.h"
#include "oom_util.h"

#define MIB		(1024L * 1024)
#define CG		"/sys/fs/cgroup/oom_file_test"

static long page_size;

/* oom_badness line of fd @fd of @pid; -1 if absent, -2 if unreadable. */
static long fdinfo_badness(pid_t pid, int fd)
{
	char path[64], line[256];
	long val = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", pid, fd);
	f = fopen(path, "re");
	if (!f)
		return -2;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "oom_badness:", 12))
			val = strtol(line + 12, NULL, 10);
	fclose(f);
	return val;
}

static long read_oom_score(pid_t pid)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/oom_score", pid);
	return read_long(path);
}

/* oom_score points that @pages of badness add (see proc_oom_score()). */
static long points_for(long pages)
{
	long total = (meminfo_kb("MemTotal") + meminfo_kb("SwapTotal")) /
		     (page_size / 1024);

	return pages * 1000 / total * 2 / 3;
}

/* Write @bytes of data to @fd: 0, or -1 if a write fails. */
static int fill(int fd, long bytes)
{
	static char buf[1 << 16];
	long done = 0;

	memset(buf, 0x42, sizeof(buf));
	while (done < bytes) {
		long left = bytes - done;
		ssize_t n = write(fd, buf, left < (long)sizeof(buf) ? (size_t)left : sizeof(buf));

		if (n <= 0)
			return -1;
		done += n;
	}
	return 0;
}

static int memfd_with(long bytes)
{
	int fd = memfd_create("oom-file-test", 0);

	if (fd >= 0 && fill(fd, bytes)) {
		close(fd);
		return -1;
	}
	return fd;
}

static bool have_file_badness(void)
{
	int fd = memfd_with(0);
	bool ok = fd >= 0 && fdinfo_badness(getpid(), fd) >= 0;

	if (fd >= 0)
		close(fd);
	return ok;
}

/*
 * Is per-file badness built in?  The configuration, else the fdinfo line.
 * *leak: the configuration says no, yet fdinfo shows the line.
 */
static bool file_badness_on(bool *leak)
{
	int cfg = oom_kconfig("CONFIG_OOM_FILE_BADNESS");

	*leak = !cfg && have_file_badness();
	return cfg >= 0 ? cfg == 1 : have_file_badness();
}

/*
 * Is @opt (the option behind a device or facility a test needs) off?  Only
 * then may its absence skip; unknown (no /proc/config.gz) skips too.
 */
static bool option_off(const char *opt)
{
	return oom_kconfig(opt) != 1;
}

FIXTURE(file) {
	long base;	/* our oom_score before the test's files */
};

FIXTURE_SETUP(file)
{
	bool leak;

	page_size = sysconf(_SC_PAGESIZE);
	if (!file_badness_on(&leak)) {
		ASSERT_FALSE(leak) TH_LOG("CONFIG_OOM_FILE_BADNESS off, yet in fdinfo");
		SKIP(return, "CONFIG_OOM_FILE_BADNESS off");
	}
	ASSERT_EQ(0, set_oom_score_adj(getpid(), 0));
	self->base = read_oom_score(getpid());
	ASSERT_LE(0, self->base);
}

FIXTURE_TEARDOWN(file)
{
}

TEST_F(file, fdinfo_memfd_written)
{
	int fd = memfd_with(16 * MIB);

	ASSERT_LE(0, fd);
	EXPECT_EQ(16 * MIB / page_size, fdinfo_badness(getpid(), fd));
	close(fd);
}

TEST_F(file, fdinfo_memfd_sparse_is_free)
{
	int fd = memfd_with(0);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, 1L << 40));
	EXPECT_EQ(0, fdinfo_badness(getpid(), fd));
	/* One written page in the middle of 1 TiB costs one page. */
	ASSERT_EQ(1, pwrite(fd, "x", 1, 1L << 39));
	EXPECT_EQ(1, fdinfo_badness(getpid(), fd));
	close(fd);
}

TEST_F(file, fdinfo_absent_without_op)
{
	int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, fdinfo_badness(getpid(), fd));
	close(fd);
}

/* A linked tmpfs file survives its holders: it counts only once unlinked. */
TEST_F(file, fdinfo_tmpfs_linked_vs_unlinked)
{
	char path[] = "/tmp/oom_file_testXXXXXX";
	int fd = mkstemp(path);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fill(fd, 4 * MIB));
	EXPECT_EQ(0, fdinfo_badness(getpid(), fd));
	unlink(path);
	EXPECT_EQ(4 * MIB / page_size, fdinfo_badness(getpid(), fd));
	close(fd);
}

/*
 * ramfs (which unprivileged users may mount in a user namespace) never
 * reclaims its pages and has no size limit: an unlinked ramfs file holds
 * all of them for its holders, and counts like a memfd.
 */
TEST_F(file, ramfs_unlinked_counts)
{
	char dir[] = "/tmp/oom_file_ramfsXXXXXX", path[64];
	long pages = 16 * MIB / page_size, delta;
	int fd;

	ASSERT_NE(NULL, mkdtemp(dir));
	/* ramfs is always built in: a failed mount fails. */
	ASSERT_EQ(0, mount("none", dir, "ramfs", 0, NULL))
		TH_LOG("cannot mount ramfs: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fill(fd, 16 * MIB));
	EXPECT_EQ(0, fdinfo_badness(getpid(), fd));
	ASSERT_EQ(0, unlink(path));
	EXPECT_EQ(pages, fdinfo_badness(getpid(), fd));
	delta = read_oom_score(getpid()) - self->base;
	EXPECT_LE(points_for(pages) - 3, delta);
	EXPECT_GE(points_for(pages) + 3, delta);
	close(fd);
	EXPECT_EQ(0, umount2(dir, MNT_DETACH));
	rmdir(dir);
}

/*
 * The pages in a pipe's buffers are in no RSS.  They are freed when both
 * ends are closed, so each end counts half of them: a process holding both
 * ends counts them all, a reader and a writer in two processes half each.
 */
TEST_F(file, pipe_buffers_count)
{
	long per_pipe = MIB / page_size, pages = 16 * per_pipe, delta;
	int fds[16][2], i, status;
	static char buf[1 << 16];
	pid_t child;

	for (i = 0; i < 16; i++) {
		ASSERT_EQ(0, pipe2(fds[i], O_NONBLOCK | O_CLOEXEC));
		ASSERT_EQ(MIB, fcntl(fds[i][1], F_SETPIPE_SZ, MIB));
		ASSERT_EQ(0, fill(fds[i][1], MIB));
	}
	EXPECT_EQ(per_pipe / 2, fdinfo_badness(getpid(), fds[0][0]));
	EXPECT_EQ(per_pipe / 2, fdinfo_badness(getpid(), fds[0][1]));
	delta = read_oom_score(getpid()) - self->base;
	EXPECT_LE(points_for(pages) - 3, delta);
	EXPECT_GE(points_for(pages) + 3, delta);

	/* The reader in a child, the writer here: half each. */
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		close(fds[0][1]);
		pause();
		_exit(0);
	}
	close(fds[0][0]);
	EXPECT_EQ(per_pipe / 2, fdinfo_badness(getpid(), fds[0][1]));
	EXPECT_EQ(per_pipe / 2, fdinfo_badness(child, fds[0][0]));
	kill(child, SIGKILL);
	waitpid(child, &status, 0);

	/* The only end left holds all of it; reading the pipe empty frees it. */
	close(fds[1][1]);
	EXPECT_EQ(per_pipe, fdinfo_badness(getpid(), fds[1][0]));
	while (read(fds[1][0], buf, sizeof(buf)) > 0)
		;
	EXPECT_EQ(0, fdinfo_badness(getpid(), fds[1][0]));
	for (i = 0; i < 16; i++) {
		close(fds[i][0]);
		close(fds[i][1]);
	}
}

/*
 * A FIFO's data dies with its last open although the FIFO has a name:
 * it counts, an equal part per open file.
 */
TEST_F(file, fifo_opens_share)
{
	char dir[] = "/tmp/oom_file_fifoXXXXXX", path[64];
	long pages = MIB / page_size;
	int a, b;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	ASSERT_EQ(0, mkfifo(path, 0600));
	a = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, a);
	ASSERT_EQ(MIB, fcntl(a, F_SETPIPE_SZ, MIB));
	ASSERT_EQ(0, fill(a, MIB));
	EXPECT_EQ(pages, fdinfo_badness(getpid(), a));
	b = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	ASSERT_LE(0, b);
	EXPECT_EQ(pages / 2, fdinfo_badness(getpid(), a));
	EXPECT_EQ(pages / 2, fdinfo_badness(getpid(), b));
	close(b);
	EXPECT_EQ(pages, fdinfo_badness(getpid(), a));
	close(a);
	unlink(path);
	rmdir(dir);
}

#define UNLINK_HELPER	"OOM_FILE_TEST_UNLINK_HELPER"

/*
 * Run by tmpfs_mapped_then_unlinked_counts in a new process image, before
 * the harness's constructors map their shared anonymous pages (shmem files
 * that count, so the process would already be walked): a tmpfs file of
 * 16 MiB is mapped while linked, then unlinked and closed, so that it is
 * held only through the mapping.  Prints the oom_score deltas while mapped
 * and linked and after the unlink, and the expected delta of 16 MiB.
 */
static void __attribute__((constructor(101))) unlink_helper(void)
{
	char path[] = "/tmp/oom_file_testXXXXXX";
	long base, linked, pages;
	void *map;
	int fd;

	if (!getenv(UNLINK_HELPER))
		return;
	page_size = sysconf(_SC_PAGESIZE);
	pages = 16 * MIB / page_size;
	base = read_oom_score(getpid());
	fd = mkstemp(path);
	if (fd < 0)
		_exit(2);
	if (fill(fd, 16 * MIB))
		_exit(3);
	map = mmap(NULL, page_size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		_exit(4);
	linked = read_oom_score(getpid()) - base;
	if (unlink(path) || close(fd))
		_exit(5);
	printf("%ld %ld %ld\n", linked, read_oom_score(getpid()) - base,
	       points_for(pages));
	fflush(stdout);
	_exit(0);
}

/*
 * Mapped while linked (counting nothing), then unlinked and closed: the
 * file is held only through the mapping, and must count from the unlink on.
 */
TEST_F(file, tmpfs_mapped_then_unlinked_counts)
{
	long linked = -1, unlinked = -1, want = -1;
	char out[128] = "";
	int p[2], status, fields;
	pid_t child;
	ssize_t n;

	ASSERT_EQ(0, pipe(p));
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		dup2(p[1], STDOUT_FILENO);
		setenv(UNLINK_HELPER, "1", 1);
		execl("/proc/self/exe", "oom_file_test", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	n = read(p[0], out, sizeof(out) - 1);
	close(p[0]);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("helper killed by signal %d", WTERMSIG(status));
	ASSERT_EQ(0, WEXITSTATUS(status));
	ASSERT_LT(0, n);
	fields = sscanf(out, "%ld %ld %ld", &linked, &unlinked, &want);
	ASSERT_EQ(3, fields);
	EXPECT_GE(3, linked);
	EXPECT_LE(want - 3, unlinked);
	EXPECT_GE(want + 3, unlinked);
}

TEST_F(file, oom_score_counts_memfd)
{
	long pages = 64 * MIB / page_size, delta;
	int fd = memfd_with(64 * MIB);

	ASSERT_LE(0, fd);
	delta = read_oom_score(getpid()) - self->base;
	EXPECT_LE(points_for(pages) - 3, delta);
	EXPECT_GE(points_for(pages) + 3, delta);
	close(fd);
	delta = read_oom_score(getpid()) - self->base;
	EXPECT_GE(3, delta);
}

/* Two processes holding one memfd are charged half each. */
TEST_F(file, shared_memfd_split)
{
	long pages = 64 * MIB / page_size, mine, theirs;
	int fd = memfd_with(64 * MIB);
	pid_t child;

	ASSERT_LE(0, fd);
	child = fork();
	ASSERT_LE(0, child);
	if (!child) {
		for (;;)
			pause();
	}
	/* The child holds the memfd from fork() on: no need to wait. */
	mine = read_oom_score(getpid()) - self->base;
	theirs = read_oom_score(child) - self->base;
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	close(fd);
	EXPECT_LE(points_for(pages / 2) - 5, mine);
	EXPECT_GE(points_for(pages / 2) + 5, mine);
	EXPECT_LE(points_for(pages / 2) - 5, theirs);
	EXPECT_GE(points_for(pages / 2) + 5, theirs);
}

/* dup()s, threads and mappings of one file cost its holder the file once. */
static void *sleeper(void *arg)
{
	pause();
	return NULL;
}

TEST_F(file, one_holder_counts_once)
{
	long pages = 64 * MIB / page_size, delta;
	int fd = memfd_with(64 * MIB), dups[10], i;
	void *maps[100];
	pthread_t t;

	ASSERT_LE(0, fd);
	for (i = 0; i < 10; i++)
		dups[i] = dup(fd);
	ASSERT_EQ(0, pthread_create(&t, NULL, sleeper, NULL));
	/* Mappings hold file references too: they must not dilute ours. */
	for (i = 0; i < 100; i++) {
		maps[i] = mmap(NULL, page_size, PROT_READ, MAP_SHARED, fd, 0);
		ASSERT_NE(MAP_FAILED, maps[i]);
	}
	delta = read_oom_score(getpid()) - self->base;
	EXPECT_LE(points_for(pages) - 3, delta);
	EXPECT_GE(points_for(pages) + 3, delta);
	for (i = 0; i < 100; i++)
		munmap(maps[i], page_size);
	for (i = 0; i < 10; i++)
		close(dups[i]);
	pthread_cancel(t);
	pthread_join(t, NULL);
	close(fd);
}

/*
 * 100,000 descriptors of one memfd: the walk stays correct (the file once)
 * and bounded: the console check catches soft lockups and RCU stalls, and
 * one read of oom_score must take less than OOM_SCORE_READ_MAX_MS (12 ms
 * measured under TCG; the bound is loose, for KASAN and a busy host).
 */
#define OOM_SCORE_READ_MAX_MS	500
TEST_F(file, hundred_thousand_fds)
{
	long pages = 16 * MIB / page_size, delta;
	struct rlimit rl = { 100100, 100100 };
	int fd = memfd_with(16 * MIB), i;
	struct timespec t0, t1;
	double ms;

	ASSERT_LE(0, fd);
	/* Root may raise it up to fs.nr_open (1048576 by default). */
	if (setrlimit(RLIMIT_NOFILE, &rl) && getuid())
		SKIP(return, "cannot raise RLIMIT_NOFILE");
	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &rl));
	ASSERT_LE(100100UL, rl.rlim_cur);
	for (i = 1; i < 100000; i++)
		ASSERT_LE(0, dup(fd)) TH_LOG("dup %d", i);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	delta = read_oom_score(getpid()) - self->base;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000.0 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	TH_LOG("oom_score with 100,000 descriptors read in %.1f ms", ms);
	EXPECT_GT(OOM_SCORE_READ_MAX_MS, ms);
	EXPECT_LE(points_for(pages) - 3, delta);
	EXPECT_GE(points_for(pages) + 3, delta);
	EXPECT_EQ(pages, fdinfo_badness(getpid(), fd));
}

TEST_F(file, adj_min_still_protects)
{
	int fd = memfd_with(32 * MIB);
	pid_t child;
	int status;

	ASSERT_LE(0, fd);
	child = fork();
	ASSERT_LE(0, child);
	if (!child)
		_exit(set_oom_score_adj(getpid(), -1000) ? 1 :
		      read_oom_score(getpid()) == 0 ? 0 : 2);
	ASSERT_EQ(child, waitpid(child, &status, 0));
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("child killed by signal %d", WTERMSIG(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("1: cannot set -1000, 2: oom_score not 0");
	close(fd);
}

/*
 * A memfd registered with an io_uring and then closed is held only through
 * the ring's fixed file table: it must still count toward the ring's holder.
 */
TEST_F(file, uring_registered_memfd_counts)
{
	long pages = 64 * MIB / page_size, delta;
	struct io_uring_params par = { 0 };
	int fd = memfd_with(64 * MIB), ring;

	ASSERT_LE(0, fd);
	ring = syscall(__NR_io_uring_setup, 4, &par);
	if (ring < 0 && option_off("CONFIG_IO_URING"))
		SKIP(return, "io_uring_setup: %s", strerror(errno));
	ASSERT_LE(0, ring) TH_LOG("CONFIG_IO_URING=y: io_uring_setup: %s", strerror(errno));
	ASSERT_EQ(0, syscall(__NR_io_uring_register, ring,
			     IORING_REGISTER_FILES, &fd, 1));
	ASSERT_EQ(0, close(fd));
	EXPECT_EQ(pages, fdinfo_badness(getpid(), ring));
	delta = read_oom_score(getpid()) - self->base;
	EXPECT_LE(points_for(pages) - 3, delta);
	EXPECT_GE(points_for(pages) + 3, delta);
	/* Unregistered, the memfd is gone: nothing left to count. */
	ASSERT_EQ(0, syscall(__NR_io_uring_register, ring,
			     IORING_UNREGISTER_FILES, NULL, 0));
	EXPECT_EQ(0, fdinfo_badness(getpid(), ring));
	delta = read_oom_score(getpid()) - self->base;
	EXPECT_GE(3, delta);
	close(ring);
}

TEST_F(file, dmaheap_buffer)
{
	struct dma_heap_allocation_data d = {
		.len = 8 * MIB, .fd_flags = O_RDWR | O_CLOEXEC,
	};
	int heap = open("/dev/dma_heap/system", O_RDWR);

	if (heap < 0 && option_off("CONFIG_DMABUF_HEAPS_SYSTEM"))
		SKIP(return, "no /dev/dma_heap/system");
	ASSERT_LE(0, heap) TH_LOG("CONFIG_DMABUF_HEAPS_SYSTEM=y: no /dev/dma_heap/system");
	ASSERT_EQ(0, ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d));
	EXPECT_EQ(8 * MIB / page_size, fdinfo_badness(getpid(), d.fd));
	close(d.fd);
	close(heap);
}

/* Fill a vgem dumb buffer of @bytes; return its handle. */
static int vgem_filled(int drm, long bytes, __u32 *handle)
{
	struct drm_mode_create_dumb c = {
		.width = 1024, .height = bytes / 4096, .bpp = 32,
	};
	struct drm_mode_map_dumb m = { 0 };
	char *p;

	if (ioctl(drm, DRM_IOCTL_MODE_CREATE_DUMB, &c))
		return -errno;
	m.handle = c.handle;
	if (ioctl(drm, DRM_IOCTL_MODE_MAP_DUMB, &m))
		return -errno;
	p = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, drm, m.offset);
	if (p == MAP_FAILED)
		return -errno;
	memset(p, 7, c.size);
	munmap(p, c.size);
	*handle = c.handle;
	return 0;
}

TEST_F(file, vgem_object_counted_once)
{
	long pages = 8 * MIB / page_size, delta;
	struct drm_prime_handle exp = { .flags = DRM_CLOEXEC }, imp = { 0 };
	int a = open_vgem(), b;
	__u32 handle = 0;

	if (a < 0 && option_off("CONFIG_DRM_VGEM"))
		SKIP(return, "no vgem device");
	ASSERT_LE(0, a) TH_LOG("CONFIG_DRM_VGEM=y: no vgem device");
	ASSERT_EQ(0, vgem_filled(a, 8 * MIB, &handle));
	EXPECT_EQ(pages, fdinfo_badness(getpid(), a));

	/* The same object imported into a second DRM file of ours. */
	b = open_vgem();
	ASSERT_LE(0, b);
	exp.handle = handle;
	ASSERT_EQ(0, ioctl(a, DRM_IOCTL_PRIME_HANDLE_TO_FD, &exp));
	imp.fd = exp.fd;
	ASSERT_EQ(0, ioctl(b, DRM_IOCTL_PRIME_FD_TO_HANDLE, &imp));
	close(exp.fd);
	EXPECT_EQ(pages / 2, fdinfo_badness(getpid(), a));
	EXPECT_EQ(pages / 2, fdinfo_badness(getpid(), b));
	delta = read_oom_score(getpid()) - self->base;
	EXPECT_LE(points_for(pages) - 3, delta);
	EXPECT_GE(points_for(pages) + 3, delta);
	close(b);
	close(a);
}

/*
 * A memcg OOM must not blame a holder for file pages charged elsewhere:
 * the holder in the OOMing memcg holds 96 MiB of files written (and so
 * charged) outside it, a hog in the same memcg grows anonymous memory to
 * the 48 MiB limit.  The hog must die, the holder live.
 */
static void holder_done(int sig)
{
	_exit(0);
}

/*
 * The file_held column (pages) of @pid's row in the last OOM task dump
 * logged since kmsg_open() on @fd: -1 without a row, -2 without the column.
 */
static long kmsg_dump_file_held(int fd, pid_t pid)
{
	char rec[2048], *w, *save, *p;
	long val = -2;
	int col = -1, i;
	ssize_t n;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		p = strchr(rec, ';');
		if (!p || p[1] != '[')
			continue;
		p[strcspn(p, "\n")] = 0;
		for (w = p; *w; w++)
			if (*w == '[' || *w == ']' || *w == ';')
				*w = ' ';
		if (strstr(p, "  pid  ")) {	/* the header */
			col = -1;
			val = -2;
			for (i = 0, w = strtok_r(p, " ", &save); w;
			     i++, w = strtok_r(NULL, " ", &save))
				if (!strcmp(w, "file_held"))
					col = i;
			if (col >= 0)
				val = -1;
			continue;
		}
		w = strtok_r(p, " ", &save);
		if (col < 0 || !w || atoi(w) != pid)
			continue;
		for (i = 1; i <= col && (w = strtok_r(NULL, " ", &save)); i++)
			;
		if (w)
			val = strtol(w, NULL, 10);
	}
	return val;
}

/* The test with the files @fds[0..@nfds), which this process closes. */
static void foreign_holder_case(struct __test_metadata *_metadata,
				const int *fds, int nfds)
{
	struct sigaction sa = { .sa_handler = holder_done };
	int i, status, kfd, ready[2];
	pid_t holder, hog;
	long held;
	char c;

	ASSERT_EQ(0, pipe(ready));
	holder = fork();
	ASSERT_LE(0, holder);
	if (!holder) {
		/* Exits 0 when asked: a SIGKILL death means the OOM killer. */
		if (sigaction(SIGUSR1, &sa, NULL) || cg_enter(CG) ||
		    write(ready[1], "r", 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	close(ready[1]);
	/* In the memcg before the hog starts: a handshake. */
	ASSERT_EQ(1, read(ready[0], &c, 1)) TH_LOG("the holder did not enter %s", CG);
	close(ready[0]);
	for (i = 0; i < nfds; i++)
		close(fds[i]);	/* the holder is the only one left */
	kfd = kmsg_open();
	ASSERT_LE(0, kfd);

	hog = fork();
	ASSERT_LE(0, hog);
	if (!hog) {
		char *p;

		if (cg_enter(CG))
			_exit(3);
		p = mmap(NULL, 128 * MIB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(4);
		memset(p, 1, 128 * MIB);
		_exit(0);
	}
	ASSERT_EQ(hog, waitpid(hog, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	/*
	 * The memcg OOM's task dump counts what the holder holds for this
	 * memcg: nothing, although its files hold 96 MiB elsewhere.
	 */
	held = kmsg_dump_file_held(kfd, holder);
	close(kfd);
	EXPECT_LE(0, held) TH_LOG("no file_held of the holder in the dump (%ld)", held);
	EXPECT_GE(16, held) TH_LOG("the dump charges the holder %ld pages", held);
	kill(holder, SIGUSR1);
	ASSERT_EQ(holder, waitpid(holder, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
		TH_LOG("the holder was killed (status %#x)", status);
	rmdir(CG);
}

TEST_F(file, memcg_oom_ignores_foreign_file_pages)
{
	int fd, err;

	if (getuid())
		SKIP(return, "must run as root");
	err = cg_create(CG, 48 * MIB);
	if (err && option_off("CONFIG_MEMCG"))
		SKIP(return, "cannot create a memcg");
	ASSERT_EQ(0, err) TH_LOG("CONFIG_MEMCG=y: cannot create %s", CG);
	fd = memfd_with(96 * MIB);
	ASSERT_LE(0, fd);
	foreign_holder_case(_metadata, &fd, 1);
}

/* The same with 96 pipes of 1 MiB, both ends held. */
TEST_F(file, memcg_oom_ignores_foreign_pipe_pages)
{
	int fds[192], i, err;

	if (getuid())
		SKIP(return, "must run as root");
	err = cg_create(CG, 48 * MIB);
	if (err && option_off("CONFIG_MEMCG"))
		SKIP(return, "cannot create a memcg");
	ASSERT_EQ(0, err) TH_LOG("CONFIG_MEMCG=y: cannot create %s", CG);
	for (i = 0; i < 192; i += 2) {
		ASSERT_EQ(0, pipe2(&fds[i], O_NONBLOCK | O_CLOEXEC));
		ASSERT_EQ(MIB, fcntl(fds[i + 1], F_SETPIPE_SZ, MIB));
		ASSERT_EQ(0, fill(fds[i + 1], MIB));
	}
	foreign_holder_case(_metadata, fds, 192);
}

/* Reading fdinfo and oom_score while files close and holders exit. */
static int stop_churn;

static void *churn(void *arg)
{
	while (!__atomic_load_n(&stop_churn, __ATOMIC_RELAXED)) {
		int fd = memfd_with(MIB);

		if (fd >= 0)
			close(fd);
	}
	return NULL;
}

/*
 * /proc/PID/oom_score, or -errno of the open or the read: a task that is
 * gone reads -ENOENT or -ESRCH, nothing else.
 */
static long read_oom_score_errno(pid_t pid)
{
	char path[64], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/oom_score", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n <= 0)
		return n ? n : -ENODATA;
	buf[n] = 0;
	return strtol(buf, NULL, 10);
}

/* A badness read while files come and go: gone (-2), none (-1) or sane. */
static bool badness_valid(long v)
{
	/* Every file here is a churn memfd of at most 1 MiB, or a pipe. */
	return v == -2 || v == -1 || (v >= 0 && v <= MIB / page_size);
}

/* An oom_score read while its task exits: gone, or 0..2000. */
static bool score_valid(long v)
{
	return v == -ENOENT || v == -ESRCH || (v >= 0 && v <= 2000);
}

/*
 * fdinfo and oom_score reads of our own and of an exiting child's files,
 * while a thread creates and closes memfds: at least 2 s and 20 rounds
 * (a count, not a rate: slow kernels take longer, never fail for it).
 * Every value read must be one a reader can see: the file gone, no
 * badness line, or a badness no larger than the biggest file here.
 */
TEST_F(file, reads_race_with_close_and_exit)
{
	time_t end = time(NULL) + 2;
	long reads = 0, bad = 0, v;
	int status, bad_exit = 0;
	pthread_t t;

	ASSERT_EQ(0, pthread_create(&t, NULL, churn, NULL));
	while (reads < 20 || time(NULL) < end) {
		pid_t child = fork();
		int fd;

		ASSERT_LE(0, child);
		if (!child) {
			fd = memfd_with(MIB);
			_exit(fd < 0);
		}
		for (fd = 3; fd < 8; fd++) {
			v = fdinfo_badness(getpid(), fd);
			if (!badness_valid(v) && bad++ < 5)
				TH_LOG("own fd %d: badness %ld", fd, v);
			v = fdinfo_badness(child, fd);
			if (!badness_valid(v) && bad++ < 5)
				TH_LOG("child fd %d: badness %ld", fd, v);
		}
		v = read_oom_score_errno(getpid());
		if ((v < 0 || v > 2000) && bad++ < 5)
			TH_LOG("own oom_score %ld", v);
		v = read_oom_score_errno(child);
		if (!score_valid(v) && bad++ < 5)
			TH_LOG("child's oom_score %ld", v);
		ASSERT_EQ(child, waitpid(child, &status, 0));
		bad_exit += !WIFEXITED(status) || WEXITSTATUS(status);
		reads++;
	}
	__atomic_store_n(&stop_churn, 1, __ATOMIC_RELAXED);
	pthread_join(t, NULL);
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, bad_exit);
}

TEST_HARNESS_MAIN
