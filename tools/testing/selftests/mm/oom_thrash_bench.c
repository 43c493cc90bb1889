// SPDX-License-Identifier: GPL-2.0
/*
 * oom_thrash_bench: how fast a thrashing machine recovers, for the
 * thrashing detector's comparison with mainline, MGLRU's min_ttl_ms and
 * earlyoom.
 *
 *	oom_thrash_bench -m MODE [-t SECS] [-l]
 *
 * MODE is how the machine is protected: "none" (mainline OOM killer
 * only), "min_ttl" (lru_gen on, min_ttl_ms 1000), "earlyoom" (/bin/earlyoom
 * with its defaults, started here) or "detect" (thrash_enabled 1, default
 * threshold and window).  With zram swap on, a heartbeat task touches its
 * 16 MiB every 100 ms while a hog cycles through 1.4 x MemAvailable of
 * anonymous memory (compressible 4:1).  Prints one line:
 *
 *	RESULT mode=M kill_s=K recover_s=R heartbeat_stall_ms=H hog_killed=0|1
 *	       heartbeat_killed=0|1
 *
 * kill_s: hog start to its death (-1: not killed within SECS, default 60);
 * recover_s: hog start to MemAvailable back at 90% of its value before;
 * heartbeat_stall_ms: the heartbeat's longest delay beyond its 100 ms.
 * With -l, the hog is replaced by a working-set shift that settles (60%
 * of MemAvailable, then another 60%) and the line reports
 * "loadshift_kills=N": processes killed, which should be 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "oom_thrash_util.h"

#define HEARTBEAT_MB	16
#define PERIOD_NS	100000000ULL

/* Written by the heartbeat, read by the parent: shared memory. */
struct heartbeat_result {
	unsigned long long max_stall_ns;
};

static void heartbeat(struct heartbeat_result *r)
{
	size_t len = HEARTBEAT_MB * MIB, psz = getpagesize(), off;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long long due, now;

	if (p == MAP_FAILED)
		_exit(2);
	memset(p, 1, len);
	due = mono_ns() + PERIOD_NS;
	for (;;) {
		now = mono_ns();
		if (now < due) {
			usleep((due - now) / 1000);
			now = mono_ns();
		}
		if (now - due > __atomic_load_n(&r->max_stall_ns, __ATOMIC_RELAXED))
			__atomic_store_n(&r->max_stall_ns, now - due, __ATOMIC_RELAXED);
		for (off = 0; off < len; off += psz)
			p[off]++;
		due = mono_ns() + PERIOD_NS;
	}
}

static pid_t spawn_earlyoom(void)
{
	pid_t pid = fork();

	if (!pid) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execl("/bin/earlyoom", "earlyoom", (char *)NULL);
		_exit(127);
	}
	return pid;
}

int main(int argc, char **argv)
{
	const char *mode = "none";
	int secs = 60, opt, status, shift = 0;
	struct heartbeat_result *hb;
	unsigned long long t0, killed = 0, recovered = 0;
	size_t avail0;
	pid_t hbpid, hog, eo = 0;
	bool hb_dead;

	while ((opt = getopt(argc, argv, "m:t:l")) != -1) {
		if (opt == 'm')
			mode = optarg;
		else if (opt == 't')
			secs = atoi(optarg);
		else if (opt == 'l')
			shift = 1;
		else
			return 2;
	}
	set_oom_score_adj(getpid(), -1000);
	if (zram_swap_on("1G")) {
		fprintf(stderr, "oom_thrash_bench: no zram swap\n");
		return 1;
	}
	if (!strcmp(mode, "min_ttl")) {
		if (write_file("/sys/kernel/mm/lru_gen/enabled", "y") ||
		    write_file("/sys/kernel/mm/lru_gen/min_ttl_ms", "1000"))
			return 1;
	} else if (!strcmp(mode, "earlyoom")) {
		eo = spawn_earlyoom();
		sleep(2);
		if (waitpid(eo, &status, WNOHANG) == eo) {
			fprintf(stderr, "oom_thrash_bench: earlyoom did not start\n");
			return 1;
		}
		set_oom_score_adj(eo, -1000);
	} else if (!strcmp(mode, "detect")) {
		if (write_file(OOM_DIR "/thrash_enabled", "1"))
			return 1;
	} else if (strcmp(mode, "none")) {
		return 2;
	}

	hb = mmap(NULL, sizeof(*hb), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (hb == MAP_FAILED)
		return 1;
	hbpid = fork();
	if (!hbpid)
		heartbeat(hb);
	sleep(1);
	__atomic_store_n(&hb->max_stall_ns, 0, __ATOMIC_RELAXED);
	avail0 = mem_avail_mb();

	t0 = mono_ns();
	hog = fork();
	if (!hog) {
		set_oom_score_adj(getpid(), 0);
		if (shift)
			loadshift_cycle(avail0 * 3 / 5, 20000);
		hog_cycle(avail0 * 7 / 5);
	}
	while (mono_ns() - t0 < secs * 1000000000ULL) {
		if (!killed && waitpid(hog, &status, WNOHANG) == hog)
			killed = mono_ns();
		if (killed && mem_avail_mb() >= avail0 * 9 / 10) {
			recovered = mono_ns();
			break;
		}
		usleep(50000);
	}
	if (!killed) {
		kill(hog, SIGKILL);
		waitpid(hog, &status, 0);
	}
	hb_dead = waitpid(hbpid, NULL, WNOHANG) == hbpid;
	if (shift) {
		int kills = hb_dead + (killed && WIFSIGNALED(status));

		printf("RESULT mode=%s loadshift_kills=%d heartbeat_stall_ms=%.0f\n",
		       mode, kills, hb->max_stall_ns / 1e6);
	} else {
		printf("RESULT mode=%s kill_s=%.2f recover_s=%.2f ", mode,
		       killed ? (killed - t0) / 1e9 : -1.0,
		       recovered ? (recovered - t0) / 1e9 : -1.0);
		printf("heartbeat_stall_ms=%.0f hog_killed=%d heartbeat_killed=%d\n",
		       hb->max_stall_ns / 1e6,
		       killed && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		       hb_dead);
	}
	if (!hb_dead) {
		kill(hbpid, SIGKILL);
		waitpid(hbpid, NULL, 0);
	}
	if (eo) {
		kill(eo, SIGTERM);
		waitpid(eo, NULL, 0);
	}
	if (!strcmp(mode, "detect"))
		write_file(OOM_DIR "/thrash_enabled", "0");
	if (!strcmp(mode, "min_ttl"))
		write_file("/sys/kernel/mm/lru_gen/min_ttl_ms", "0");
	return 0;
}
