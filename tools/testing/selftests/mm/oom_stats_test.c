// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for /sys/kernel/mm/oom/stats/: the files exist and are read-only,
 * and a memcg OOM, a memcg OOM with nothing killable, a memcg OOM while
 * the victim is still exiting, a sysrq-f OOM and a global OOM bump the
 * right counters.
 *
 * Needs root, CONFIG_OOM_STATS, cgroup v2 at /sys/fs/cgroup and
 * /proc/sysrq-trigger.  The OOMs it causes are confined to a memcg, or
 * (sysrq-f, the global OOM) aimed at a child with oom_score_adj 1000.
 * Skips only where the kernel's configuration lacks the feature (by
 * /proc/config.gz): with the option on, a missing file or cgroup fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "../kselftest_harness.h"
#include "oom_util.h"

#define STATS_DIR	"/sys/kernel/mm/oom/stats"
#define CG		"/sys/fs/cgroup/oom_stats_test"

static const char * const counters[] = {
	"invoke_alloc", "invoke_memcg", "invoke_sysrq",
	"kill", "no_victim", "victim_pending",
};

static long read_stat(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), STATS_DIR "/%s", name);
	return read_long(path);
}

/*
 * Why the tests cannot run here (not root, CONFIG_OOM_STATS off), or NULL.
 * With the option on, a missing directory is no reason to skip: the tests
 * then assert it exists.  Without /proc/config.gz, the directory decides.
 */
static const char *stats_skip(void)
{
	int cfg = oom_kconfig("CONFIG_OOM_STATS");

	if (getuid())
		return "must run as root";
	if (cfg <= 0 && access(STATS_DIR, R_OK))
		return STATS_DIR " missing (CONFIG_OOM_STATS=n)";
	return NULL;
}

/*
 * Where the tests do not skip: NULL, or why they must fail (the directory
 * lost with the option on, or present in a kernel built without it).
 */
static const char *stats_broken(void)
{
	int cfg = oom_kconfig("CONFIG_OOM_STATS");

	if (access(STATS_DIR, R_OK))
		return "CONFIG_OOM_STATS=y but no " STATS_DIR;
	if (cfg == 0)
		return "CONFIG_OOM_STATS is not set but " STATS_DIR " exists";
	return NULL;
}

/* cg_create(): a failure is a reason to skip only without CONFIG_MEMCG. */
static int memcg_create(unsigned long max, bool *off)
{
	int err = cg_create(CG, max);

	*off = err && oom_kconfig("CONFIG_MEMCG") == 0;
	return err;
}

/* Wait up to @secs seconds for @pid: its pid, or 0 (then it is killed). */
static pid_t wait_bounded(pid_t pid, int *status, int secs)
{
	pid_t w = 0;
	int i;

	for (i = 0; i < secs * 20 && !w; i++) {
		w = waitpid(pid, status, WNOHANG);
		if (!w)
			usleep(50 * 1000);
	}
	if (!w) {
		kill(pid, SIGKILL);
		waitpid(pid, status, 0);
	}
	return w;
}

/*
 * Fork a child that sets its oom_score_adj to @adj and reports that on a
 * pipe, then runs @fn (never returning) or, without @fn, sleeps.  Returns
 * once the adjustment is in place (a handshake, not a sleep), -1 if the
 * child failed to set it.
 */
static pid_t fork_adj(int adj, void (*fn)(void))
{
	struct pollfd pfd;
	int fds[2], status;
	pid_t pid;
	char c;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		close(fds[0]);
		if (set_oom_score_adj(getpid(), adj) || write(fds[1], "r", 1) != 1)
			_exit(3);
		close(fds[1]);
		if (fn)
			fn();
		for (;;)
			pause();
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 10000) != 1 || read(fds[0], &c, 1) != 1) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		pid = -1;
	}
	close(fds[0]);
	return pid;
}

TEST(files_exist_and_read)
{
	size_t i;

	if (stats_skip())
		SKIP(return, "%s", stats_skip());
	ASSERT_TRUE(!stats_broken()) TH_LOG("%s", stats_broken());
	for (i = 0; i < ARRAY_SIZE(counters); i++) {
		long v = read_stat(counters[i]);

		EXPECT_LE(0, v) TH_LOG("counter %zu: %ld", i, v);
	}
}

TEST(files_read_only)
{
	char path[128];
	size_t i;

	if (stats_skip())
		SKIP(return, "%s", stats_skip());
	ASSERT_TRUE(!stats_broken()) TH_LOG("%s", stats_broken());
	for (i = 0; i < ARRAY_SIZE(counters); i++) {
		long before = read_stat(counters[i]);
		int fd;

		snprintf(path, sizeof(path), STATS_DIR "/%s", counters[i]);
		fd = open(path, O_WRONLY);
		EXPECT_EQ(-1, fd);
		EXPECT_EQ(EACCES, errno) TH_LOG("counter %zu", i);
		if (fd >= 0)
			close(fd);
		EXPECT_EQ(before, read_stat(counters[i]));
	}
}

/* A child in a 16 MiB memcg touching 64 MiB is killed by a memcg OOM. */
TEST(memcg_oom_counted)
{
	long memcg, kills, alloc;
	int status, err;
	bool off;
	pid_t pid;

	if (stats_skip())
		SKIP(return, "%s", stats_skip());
	ASSERT_TRUE(!stats_broken()) TH_LOG("%s", stats_broken());
	err = memcg_create(16 << 20, &off);
	if (off)
		SKIP(return, "CONFIG_MEMCG off");
	ASSERT_EQ(0, err) TH_LOG("cannot create %s", CG);
	memcg = read_stat("invoke_memcg");
	kills = read_stat("kill");
	alloc = read_stat("invoke_alloc");

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		size_t sz = 64 << 20;
		char *p;

		if (cg_enter(CG) || set_oom_score_adj(getpid(), 0))
			_exit(3);
		p = mmap(NULL, sz, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(4);
		memset(p, 1, sz);
		_exit(0);
	}
	ASSERT_EQ(pid, wait_bounded(pid, &status, 60));
	rmdir(CG);
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("child exited with %d", WEXITSTATUS(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	EXPECT_LE(memcg + 1, read_stat("invoke_memcg"));
	EXPECT_LE(kills + 1, read_stat("kill"));
	/* The global OOM killer was not involved. */
	EXPECT_EQ(alloc, read_stat("invoke_alloc"));
}

/*
 * Write up to @mb MiB into a new memfd, 1 MiB at a time: exits 0 at the
 * first ENOMEM (the memcg is full), 1 if everything fit, 2 on another
 * error.  The memfd's pages are charged to the writer's memcg.
 */
static void __noreturn memfd_writer(long mb)
{
	static char buf[1 << 20];
	int fd = memfd_create("oom_stats_test", 0);
	long i;

	if (fd < 0)
		_exit(2);
	memset(buf, 0x5a, sizeof(buf));
	for (i = 0; i < mb; ) {
		ssize_t n = write(fd, buf, sizeof(buf));

		if (n < 0)
			_exit(errno == ENOMEM ? 0 : 2);
		if (n == sizeof(buf))
			i++;
	}
	_exit(1);
}

/*
 * A memcg OOM with nothing to kill: the only task in the memcg has
 * oom_score_adj -1000 and writes past memory.max into a memfd.  The OOM
 * finds no victim (no_victim), kills nobody, and the write fails.
 */
TEST(memcg_oom_no_victim)
{
	long memcg, kills, none;
	int status, err;
	bool off;
	pid_t pid;

	if (stats_skip())
		SKIP(return, "%s", stats_skip());
	ASSERT_TRUE(!stats_broken()) TH_LOG("%s", stats_broken());
	err = memcg_create(16 << 20, &off);
	if (off)
		SKIP(return, "CONFIG_MEMCG off");
	ASSERT_EQ(0, err) TH_LOG("cannot create %s", CG);
	memcg = read_stat("invoke_memcg");
	kills = read_stat("kill");
	none = read_stat("no_victim");

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (set_oom_score_adj(getpid(), -1000) || cg_enter(CG))
			_exit(3);
		memfd_writer(64);
	}
	ASSERT_EQ(pid, wait_bounded(pid, &status, 60));
	rmdir(CG);
	ASSERT_TRUE(WIFEXITED(status)) TH_LOG("writer killed by signal %d", WTERMSIG(status));
	EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("0: ENOMEM, 1: no limit, 2/3: error");
	EXPECT_LE(memcg + 1, read_stat("invoke_memcg"));
	EXPECT_LE(none + 1, read_stat("no_victim"));
	EXPECT_EQ(kills, read_stat("kill"));
}

/* Run on CPU 0 only: 0 or -1. */
static int pin_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/*
 * A victim still exiting when the next memcg OOM comes.  In a 32 MiB
 * memcg, a holder (oom_score_adj 1000) holds 20 MiB; a writer at -1000
 * fills the memcg through a memfd.  Both run on CPU 0 only, the writer
 * SCHED_FIFO: once the first OOM has killed the holder, the holder cannot
 * run to exit before the writer sleeps (or RT throttling lets it, within
 * a second), so the writer's next OOMs find the victim pending.  Then the
 * holder's memory is gone, the writer fills the memcg again and fails with
 * nobody left to kill.
 */
/* The slow tests: the harness's default of 30 s is short under TCG. */
FIXTURE(slow) {
};

FIXTURE_SETUP(slow)
{
}

FIXTURE_TEARDOWN(slow)
{
}

TEST_F_TIMEOUT(slow, memcg_oom_victim_pending, 300)
{
	long pending, kills, none;
	int status, round, killed = 0, i, err;
	pid_t holder, writer;
	bool off;

	if (stats_skip())
		SKIP(return, "%s", stats_skip());
	ASSERT_TRUE(!stats_broken()) TH_LOG("%s", stats_broken());
	pending = read_stat("victim_pending");
	kills = read_stat("kill");
	none = read_stat("no_victim");
	/* Up to 3 rounds: RT throttling may let the holder exit at once. */
	for (round = 0; round < 3 && read_stat("victim_pending") == pending; round++) {
		err = memcg_create(32 << 20, &off);
		if (off)
			SKIP(return, "CONFIG_MEMCG off");
		ASSERT_EQ(0, err) TH_LOG("cannot create %s", CG);
		holder = fork();
		ASSERT_LE(0, holder);
		if (!holder) {
			char *p;

			if (cg_enter(CG) || set_oom_score_adj(getpid(), 1000) || pin_cpu0())
				_exit(3);
			p = mmap(NULL, 20 << 20, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				_exit(4);
			memset(p, 1, 20 << 20);
			for (;;)
				pause();
		}
		/* The holder's 20 MiB in place: memory.current says so. */
		for (i = 0; i < 400 && read_long(CG "/memory.current") < (20L << 20); i++)
			usleep(50 * 1000);
		ASSERT_LE(20L << 20, read_long(CG "/memory.current"));
		writer = fork();
		ASSERT_LE(0, writer);
		if (!writer) {
			struct sched_param sp = { .sched_priority = 1 };

			if (set_oom_score_adj(getpid(), -1000) || cg_enter(CG) ||
			    pin_cpu0() || sched_setscheduler(0, SCHED_FIFO, &sp))
				_exit(3);
			memfd_writer(64);
		}
		ASSERT_EQ(writer, wait_bounded(writer, &status, 60));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
			TH_LOG("writer status %#x", status);
		ASSERT_EQ(holder, wait_bounded(holder, &status, 60));
		killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
		rmdir(CG);
	}
	TH_LOG("%d rounds, %d holders killed", round, killed);
	EXPECT_LT(pending, read_stat("victim_pending"));
	EXPECT_EQ(round, killed);
	EXPECT_LE(kills + round, read_stat("kill"));
	EXPECT_LE(none + round, read_stat("no_victim"));
}

/* sysrq-f kills the task with the highest badness: our decoy. */
TEST(sysrq_oom_counted)
{
	long sysrq, kills;
	int status, i;
	pid_t pid, w = 0;

	if (stats_skip())
		SKIP(return, "%s", stats_skip());
	ASSERT_TRUE(!stats_broken()) TH_LOG("%s", stats_broken());
	if (access("/proc/sysrq-trigger", W_OK) &&
	    oom_kconfig("CONFIG_MAGIC_SYSRQ") != 1)
		SKIP(return, "no /proc/sysrq-trigger");
	ASSERT_EQ(0, set_oom_score_adj(getpid(), -1000));
	sysrq = read_stat("invoke_sysrq");
	kills = read_stat("kill");

	/* Returns once the child's oom_score_adj is set. */
	pid = fork_adj(1000, NULL);
	ASSERT_LT(0, pid);
	ASSERT_EQ(0, write_file("/proc/sysrq-trigger", "f"));
	/* sysrq-f runs from a workqueue: wait up to 10 s. */
	for (i = 0; i < 100 && w == 0; i++) {
		w = waitpid(pid, &status, WNOHANG);
		if (!w)
			usleep(100 * 1000);
	}
	if (w != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		ASSERT_EQ(pid, w) TH_LOG("decoy not killed by sysrq-f");
	}
	ASSERT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	EXPECT_EQ(sysrq + 1, read_stat("invoke_sysrq"));
	EXPECT_EQ(kills + 1, read_stat("kill"));
}

/* Touch anonymous memory until killed. */
static void hog_forever(void)
{
	for (;;) {
		char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p != MAP_FAILED)
			memset(p, 1, 1 << 20);
	}
}

/*
 * A global OOM: a child at oom_score_adj 1000 in the root memcg touches
 * memory until the OOM killer (invoke_alloc) kills it.
 */
TEST_F_TIMEOUT(slow, global_oom_counted, 300)
{
	long alloc, kills, memcg;
	int status;
	pid_t pid;

	if (stats_skip())
		SKIP(return, "%s", stats_skip());
	ASSERT_TRUE(!stats_broken()) TH_LOG("%s", stats_broken());
	ASSERT_EQ(0, set_oom_score_adj(getpid(), -1000));
	alloc = read_stat("invoke_alloc");
	kills = read_stat("kill");
	memcg = read_stat("invoke_memcg");
	pid = fork_adj(1000, hog_forever);
	ASSERT_LT(0, pid);
	ASSERT_EQ(pid, wait_bounded(pid, &status, 120)) TH_LOG("hog not killed");
	ASSERT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	EXPECT_LE(alloc + 1, read_stat("invoke_alloc"));
	EXPECT_LE(kills + 1, read_stat("kill"));
	EXPECT_EQ(memcg, read_stat("invoke_memcg"));
}

TEST_HARNESS_MAIN
