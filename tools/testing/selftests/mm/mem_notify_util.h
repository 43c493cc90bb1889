/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by mem_notify_test and mem_notify_bench: a clock, the
 * watermark gap, and a "keeper" that holds memory just below the low
 * watermarks so that reclaim reports pressure without an OOM kill.
 */
#ifndef __SELFTESTS_MM_MEM_NOTIFY_UTIL_H
#define __SELFTESTS_MM_MEM_NOTIFY_UTIL_H

#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "oom_util.h"

#define MN_MAX_ZONES	8
#define MN_WSF		"/proc/sys/vm/watermark_scale_factor"

static inline unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static char mn_wsf_saved[16];

static inline void restore_watermarks(void)
{
	if (mn_wsf_saved[0])
		write_file(MN_WSF, mn_wsf_saved);
}

/*
 * Widen the gaps between the min, low and high watermarks to @factor
 * (vm.watermark_scale_factor, in 1/10000 of memory): the keeper then
 * holds memory below the low watermarks with room to spare above min, and
 * listeners get time to act before the OOM killer.  Restored at exit.
 */
static inline void widen_watermarks(const char *factor)
{
	if (!mn_wsf_saved[0]) {
		if (read_file(MN_WSF, mn_wsf_saved, sizeof(mn_wsf_saved)))
			ksft_exit_fail_msg("vm.watermark_scale_factor unreadable\n");
		atexit(restore_watermarks);
	}
	if (write_file(MN_WSF, factor))
		ksft_exit_fail_msg("cannot set vm.watermark_scale_factor\n");
}

/*
 * True when no zone of node 0 passes the page allocator's low watermark
 * check for an allocation that may use every zone (free above low plus
 * the zone's lowmem protection for the highest zone): then an allocation
 * wakes kswapd.  -errno if /proc/zoneinfo cannot be parsed.
 */
static inline int below_low(void)
{
	long free[MN_MAX_ZONES], low[MN_MAX_ZONES], managed[MN_MAX_ZONES];
	long prot[MN_MAX_ZONES][MN_MAX_ZONES] = { { 0 } };
	int n = -1, top = -1, i;
	char line[512];
	FILE *fp = fopen("/proc/zoneinfo", "re");

	if (!fp)
		return -errno;
	while (fgets(line, sizeof(line), fp)) {
		char *p;
		long v;

		if (!strncmp(line, "Node ", 5)) {
			if (strncmp(line, "Node 0,", 7) || ++n >= MN_MAX_ZONES)
				break;
			free[n] = -1;
			low[n] = -1;
			managed[n] = -1;
		} else if (n < 0) {
			continue;
		} else if (sscanf(line, " pages free %ld", &v) == 1) {
			free[n] = v;
		} else if (sscanf(line, " low %ld", &v) == 1) {
			low[n] = v;
		} else if (sscanf(line, " managed %ld", &v) == 1) {
			managed[n] = v;
		} else if (strstr(line, "protection: (")) {
			p = strstr(line, "protection: (") + strlen("protection: (");
			for (i = 0; i < MN_MAX_ZONES && *p; i++) {
				prot[n][i] = strtol(p, &p, 10);
				p += strspn(p, ", ");
				if (*p == ')')
					break;
			}
		}
	}
	fclose(fp);
	if (n >= MN_MAX_ZONES)
		n = MN_MAX_ZONES - 1;
	for (i = 0; i <= n; i++)
		if (managed[i] > 0)
			top = i;
	if (top < 0)
		return -ENOENT;
	for (i = 0; i <= top; i++)
		if (managed[i] > 0 && free[i] >= low[i] + prot[i][top])
			return 0;
	return 1;
}

/*
 * A child that keeps node 0 just below its low watermarks: kswapd is woken
 * again and again and memory stays short, but allocations still succeed
 * above the min watermarks.  Killed by the caller.
 */
static inline pid_t start_keeper(void)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	set_oom_score_adj(getpid(), 1000);
	for (;;) {
		int below = below_low();
		char *p;

		if (below < 0)
			_exit(1);
		if (below) {
			usleep(20000);
			continue;
		}
		p = mmap(NULL, 256 * 1024, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (p == MAP_FAILED)
			usleep(20000);
	}
}

static inline void stop_child(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

#endif /* __SELFTESTS_MM_MEM_NOTIFY_UTIL_H */
