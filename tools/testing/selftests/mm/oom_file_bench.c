// SPDX-License-Identifier: GPL-2.0
/*
 * oom_file_bench - how long does one OOM victim decision take when every
 * task holds many open files?
 *
 * Creates F memfds (one page written in each), forks N tasks that inherit
 * them all, then R times: writes a marker to the trace buffer, triggers an
 * OOM with sysrq-f and waits for a victim to die.  The decision time runs
 * from the entry of out_of_memory(), seen by a kprobe event when the
 * kernel has kprobe events (else from the marker, which adds the sysrq
 * work item's scheduling latency), to the oom:mark_victim event: victim
 * selection over all tasks (each task's badness, with per-file badness a
 * walk of its F descriptors) and the kill.  So that printing does not
 * dominate, the task dump of the OOM report is switched off
 * (vm.oom_dump_tasks = 0), the console only gets KERN_ALERT and worse
 * during the runs, and runs are 0.6 s apart so that the report's rate
 * limit (10 per 5 s) never changes what a run does.
 *
 * Prints "RESULT tasks=N fds=F runs=R median_us=.. min_us=.. max_us=..
 * start=kprobe|marker".
 * Run as root in a disposable guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "oom_util.h"

#define TRACING "/sys/kernel/tracing"
#define PRINTK	"/proc/sys/kernel/printk"

static char printk_saved[64];

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Timestamps (s) of the marker "OOMBENCH <run>" and of the next mark_victim. */
static int trace_times(int run, double *start, double *victim)
{
	char line[512], tag[32];
	FILE *f = fopen(TRACING "/trace", "re");
	bool seen = false;

	if (!f)
		return -errno;
	snprintf(tag, sizeof(tag), "OOMBENCH %d\n", run);
	*start = *victim = -1;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strstr(line, ": ");
		char *ts;

		if (line[0] == '#' || !colon)
			continue;
		/* "  comm-pid  [cpu] flags  12345.678901: event: ..." */
		*colon = 0;
		ts = strrchr(line, ' ');
		if (!ts)
			continue;
		if (!seen && strstr(colon + 2, tag)) {
			*start = atof(ts + 1);
			seen = true;
		} else if (seen && strstr(colon + 2, "oom_start:")) {
			*start = atof(ts + 1);
		} else if (seen && strstr(colon + 2, "mark_victim:")) {
			*victim = atof(ts + 1);
			break;
		}
	}
	fclose(f);
	return *start >= 0 && *victim >= 0 ? 0 : -ENOENT;
}

int main(int argc, char **argv)
{
	int tasks = 1000, fds = 1000, runs = 5, opt, i, r, done = 0;
	bool kprobe;
	double *us;
	pid_t *pids;
	struct rlimit rl;

	while ((opt = getopt(argc, argv, "n:f:r:")) != -1) {
		switch (opt) {
		case 'n':
			tasks = atoi(optarg);
			break;
		case 'f':
			fds = atoi(optarg);
			break;
		case 'r':
			runs = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: oom_file_bench [-n tasks] [-f fds] [-r runs]\n");
			return 2;
		}
	}
	if (tasks < runs + 1 || fds < 0 || runs < 1) {
		fprintf(stderr, "oom_file_bench: need tasks > runs >= 1, fds >= 0\n");
		return 2;
	}
	us = calloc(runs, sizeof(*us));
	pids = calloc(tasks, sizeof(*pids));
	if (!us || !pids)
		return 1;

	rl.rlim_cur = fds + 64;
	rl.rlim_max = rl.rlim_cur;
	if (setrlimit(RLIMIT_NOFILE, &rl)) {
		perror("setrlimit");
		return 1;
	}
	if (set_oom_score_adj(getpid(), -1000) ||
	    write_file("/proc/sys/vm/oom_dump_tasks", "0") ||
	    write_file(TRACING "/events/oom/mark_victim/enable", "1") ||
	    write_file(TRACING "/tracing_on", "1")) {
		fprintf(stderr, "oom_file_bench: needs root, tracefs and oom events\n");
		return 4;
	}
	/* Start the clock at out_of_memory() when kprobe events exist. */
	kprobe = (!write_file(TRACING "/kprobe_events", "p:oombench/oom_start out_of_memory") ||
		  !access(TRACING "/events/oombench/oom_start", F_OK)) &&
		 !write_file(TRACING "/events/oombench/oom_start/enable", "1");
	for (i = 0; i < fds; i++) {
		int fd = memfd_create("bench", 0);

		if (fd < 0 || write(fd, "x", 1) != 1) {
			perror("memfd");
			return 1;
		}
	}
	for (i = 0; i < tasks; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			perror("fork");
			return 1;
		}
		if (!pids[i]) {
			set_oom_score_adj(getpid(), 0);
			for (;;)
				pause();
		}
	}
	sleep(1);
	if (read_file(PRINTK, printk_saved, sizeof(printk_saved)) ||
	    write_file(PRINTK, "1"))
		printk_saved[0] = 0;
	for (r = 0; r < runs; r++) {
		char marker[32];
		double start = 0, victim = 0;
		pid_t dead;

		close(open(TRACING "/trace", O_WRONLY | O_TRUNC));	/* clear */
		snprintf(marker, sizeof(marker), "OOMBENCH %d", r);
		write_file(TRACING "/trace_marker", marker);
		write_file("/proc/sysrq-trigger", "f");
		dead = wait(NULL);
		if (dead < 0) {
			perror("wait");
			break;
		}
		for (i = 0; i < tasks; i++)
			if (pids[i] == dead)
				pids[i] = 0;
		if (trace_times(r, &start, &victim)) {
			fprintf(stderr, "run %d: no marker/mark_victim pair\n", r);
			continue;
		}
		us[done++] = (victim - start) * 1e6;
		usleep(600 * 1000);
	}
	if (printk_saved[0])
		write_file(PRINTK, printk_saved);
	for (i = 0; i < tasks; i++)
		if (pids[i])
			kill(pids[i], SIGKILL);
	while (wait(NULL) > 0)
		;
	if (!done)
		return 1;
	qsort(us, done, sizeof(*us), cmp_double);
	printf("RESULT tasks=%d fds=%d runs=%d median_us=%.0f min_us=%.0f max_us=%.0f start=%s\n",
	       tasks, fds, done, us[done / 2], us[0], us[done - 1], kprobe ? "kprobe" : "marker");
	return 0;
}
