// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for /sys/kernel/mm/oom/stats/: the files exist and are read-only,
 * and a memcg OOM and a sysrq-f OOM bump the right counters.
 *
 * Needs root, CONFIG_OOM_STATS, cgroup v2 at /sys/fs/cgroup and
 * /proc/sysrq-trigger.  The OOMs it causes are confined to a memcg, or
 * (sysrq-f) aimed at a decoy with oom_score_adj 1000.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
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

/* Why the tests cannot run here, or NULL. */
static const char *stats_missing(void)
{
	if (getuid())
		return "must run as root";
	if (access(STATS_DIR, R_OK))
		return STATS_DIR " missing (CONFIG_OOM_STATS=n?)";
	return NULL;
}

TEST(files_exist_and_read)
{
	size_t i;

	if (stats_missing())
		SKIP(return, "%s", stats_missing());
	for (i = 0; i < ARRAY_SIZE(counters); i++) {
		long v = read_stat(counters[i]);

		EXPECT_LE(0, v) TH_LOG("counter %zu: %ld", i, v);
	}
}

TEST(files_read_only)
{
	char path[128];
	size_t i;

	if (stats_missing())
		SKIP(return, "%s", stats_missing());
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
	int status;
	pid_t pid;

	if (stats_missing())
		SKIP(return, "%s", stats_missing());
	if (cg_create(CG, 16 << 20))
		SKIP(return, "cannot create a memcg");
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
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	rmdir(CG);
	ASSERT_TRUE(WIFSIGNALED(status)) TH_LOG("child exited with %d", WEXITSTATUS(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	EXPECT_LE(memcg + 1, read_stat("invoke_memcg"));
	EXPECT_LE(kills + 1, read_stat("kill"));
	/* The global OOM killer was not involved. */
	EXPECT_EQ(alloc, read_stat("invoke_alloc"));
}

/* sysrq-f kills the task with the highest badness: our decoy. */
TEST(sysrq_oom_counted)
{
	long sysrq, kills;
	int status, i;
	pid_t pid, w = 0;

	if (stats_missing())
		SKIP(return, "%s", stats_missing());
	if (access("/proc/sysrq-trigger", W_OK))
		SKIP(return, "no /proc/sysrq-trigger");
	ASSERT_EQ(0, set_oom_score_adj(getpid(), -1000));
	sysrq = read_stat("invoke_sysrq");
	kills = read_stat("kill");

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		if (set_oom_score_adj(getpid(), 1000))
			_exit(3);
		for (;;)
			pause();
	}
	/* Let the child set its oom_score_adj first. */
	usleep(200 * 1000);
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

TEST_HARNESS_MAIN
