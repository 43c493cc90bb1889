// SPDX-License-Identifier: GPL-2.0
/*
 * mem_notify_bench - what /dev/mem_notify costs the allocation path, and how
 * soon it wakes a reader.
 *
 *   mem_notify_bench fault [-m MiB] [-s secs] [-i readers] [-c limit_MiB]
 *	Page faults per second for -s seconds.  Without -c: map -m MiB,
 *	touch every page, unmap, again (no reclaim).  With -c: in a memory
 *	cgroup limited to -c MiB with zram swap (set up here when no swap is
 *	on), touch -m MiB over and over, so that every fault reclaims (limit
 *	reclaim, the mem_notify hook's path).  -i opens that many idle
 *	readers (never read) first; they need the device.
 *	Prints "RESULT mode=fault reclaim=0|1 readers=N faults_per_s=X".
 *
 *   mem_notify_bench latency [-r runs]
 *	Per run: a keeper pushes node 0 below its low watermarks; a reader
 *	blocked in poll() notes the time it wakes; latency is that minus the
 *	event's onset_ns (CLOCK_MONOTONIC on both sides).  Prints
 *	"RESULT mode=latency runs=N median_ms=X max_ms=Y".
 *
 * Run as root in a disposable guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/mem_notify.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "oom_util.h"
#include "mem_notify_util.h"

#define CG	"/sys/fs/cgroup/mem_notify_bench"
#define MB	(1024UL * 1024)

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void child_in_memcg(unsigned long limit_mb)
{
	char path[256];

	if (cg_create(CG, limit_mb * MB) || cg_enter(CG)) {
		fprintf(stderr, "mem_notify_bench: cannot set up %s\n", CG);
		exit(1);
	}
	/* cg_create() forbids swap; this workload needs it. */
	snprintf(path, sizeof(path), "%s/memory.swap.max", CG);
	write_file(path, "max");
}

/* Faults for @secs seconds; returns faults per second. */
static double fault_loop(unsigned long mb, int secs, bool reclaim)
{
	size_t len = mb * MB, page = getpagesize(), off;
	unsigned long long end = now_ns() + secs * 1000000000ULL, faults = 0;
	unsigned long long start = now_ns();
	char *p = NULL;
	unsigned int pass = 0;

	if (reclaim) {
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return -1;
	}
	while (now_ns() < end) {
		if (!reclaim) {
			p = mmap(NULL, len, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				return -1;
		}
		/* One byte per page: cheap to compress, never a zero page. */
		for (off = 0; off < len; off += page)
			p[off] = (char)(pass + 1);
		faults += len / page;
		pass++;
		if (!reclaim)
			munmap(p, len);
	}
	return faults / ((now_ns() - start) / 1e9);
}

static int bench_fault(int argc, char **argv)
{
	unsigned long mb = 64, limit = 0;
	int secs = 5, readers = 0, opt, i, status, pfd[2];
	struct rlimit rl;
	double rate = -1;
	pid_t pid;

	while ((opt = getopt(argc, argv, "m:s:i:c:")) != -1) {
		switch (opt) {
		case 'm':
			mb = strtoul(optarg, NULL, 0);
			break;
		case 's':
			secs = atoi(optarg);
			break;
		case 'i':
			readers = atoi(optarg);
			break;
		case 'c':
			limit = strtoul(optarg, NULL, 0);
			break;
		default:
			return 2;
		}
	}
	rl.rlim_cur = readers + 64;
	rl.rlim_max = rl.rlim_cur;
	if (setrlimit(RLIMIT_NOFILE, &rl))
		return 1;
	for (i = 0; i < readers; i++)
		if (open("/dev/mem_notify", O_RDONLY | O_NONBLOCK) < 0) {
			perror("/dev/mem_notify");
			return 4;
		}
	if (limit && zram_swap_on("512M")) {
		fprintf(stderr, "mem_notify_bench: no zram swap\n");
		return 4;
	}
	if (pipe(pfd))
		return 1;
	pid = fork();
	if (!pid) {
		if (limit)
			child_in_memcg(limit);
		rate = fault_loop(mb, secs, limit);
		if (write(pfd[1], &rate, sizeof(rate)) != sizeof(rate))
			_exit(1);
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], &rate, sizeof(rate)) != sizeof(rate))
		rate = -1;
	waitpid(pid, &status, 0);
	if (limit)
		rmdir(CG);
	if (rate < 0)
		return 1;
	printf("RESULT mode=fault reclaim=%d readers=%d faults_per_s=%.0f\n",
	       limit ? 1 : 0, readers, rate);
	return 0;
}

static int bench_latency(int argc, char **argv)
{
	int runs = 10, opt, r, done = 0;
	double *ms;

	while ((opt = getopt(argc, argv, "r:")) != -1) {
		if (opt != 'r')
			return 2;
		runs = atoi(optarg);
	}
	if (runs < 1)
		return 2;
	ms = calloc(runs, sizeof(*ms));
	if (!ms)
		return 1;
	widen_watermarks("200");
	for (r = 0; r < runs; r++) {
		int fd = open("/dev/mem_notify", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct mem_notify_event ev;
		unsigned long long woke;
		pid_t keeper;

		if (fd < 0) {
			perror("/dev/mem_notify");
			return 4;
		}
		/* Start from rest: the previous episode must have ended. */
		usleep(500 * 1000);
		if (poll(&p, 1, 0) != 0) {
			fprintf(stderr, "run %d: not at rest\n", r);
			close(fd);
			continue;
		}
		keeper = start_keeper();
		if (poll(&p, 1, 60000) == 1) {
			woke = now_ns();
			if (read(fd, &ev, sizeof(ev)) == sizeof(ev) && woke >= ev.onset_ns)
				ms[done++] = (woke - ev.onset_ns) / 1e6;
		}
		stop_child(keeper);
		close(fd);
	}
	if (!done)
		return 1;
	qsort(ms, done, sizeof(*ms), cmp_double);
	printf("RESULT mode=latency runs=%d median_ms=%.2f max_ms=%.2f\n",
	       done, ms[done / 2], ms[done - 1]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mem_notify_bench fault|latency [options]\n");
		return 2;
	}
	set_oom_score_adj(getpid(), -1000);
	if (!strcmp(argv[1], "fault"))
		return bench_fault(argc - 1, argv + 1);
	if (!strcmp(argv[1], "latency"))
		return bench_latency(argc - 1, argv + 1);
	fprintf(stderr, "mem_notify_bench: unknown mode %s\n", argv[1]);
	return 2;
}
