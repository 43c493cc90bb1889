// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for the OOM killer's detection knobs: the thrashing detector
 * (/sys/kernel/mm/oom/thrash_*), the OOM victim timeout
 * (/sys/kernel/mm/oom/victim_timeout_ms) and their counters in
 * /sys/kernel/mm/oom/stats/.
 *
 *	oom_detect_test knobs	  files, modes, bad input (EINVAL, EACCES)
 *	oom_detect_test thrash	  a hog cycling through more anonymous memory
 *				  than fits in RAM (zram swap) is killed by the
 *				  detector (lru_gen off, then on); with the
 *				  detector off it is not
 *	oom_detect_test loadshift a working set that moves and settles: no kill
 *	oom_detect_test memcg	  a hog thrashing in a limited memcg gets a memcg
 *				  OOM; the system scope stays quiet
 *	oom_detect_test victim	  a victim stuck in the kernel whose memory is
 *				  file-held: the next victim is killed within
 *				  the victim timeout
 *
 * Must run as root in a throwaway guest (it turns on zram swap).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/userfaultfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "oom_thrash_util.h"

#define STATS		OOM_DIR "/stats/"
#define ENABLED		OOM_DIR "/thrash_enabled"
#define THRESHOLD	OOM_DIR "/thrash_threshold_pct"
#define REFAULT		OOM_DIR "/thrash_refault_pct"
#define WINDOW		OOM_DIR "/thrash_window_ms"
#define VICTIM_TIMEOUT	OOM_DIR "/victim_timeout_ms"
#define LRU_GEN		"/sys/kernel/mm/lru_gen/enabled"
#define CG		"/sys/fs/cgroup/oom_detect_test"

/*
 * The test's detector settings: the defaults, written explicitly.  A hog
 * thrashing with zram swap stalls 45-60% of the time ("full"): PSI counts
 * a swap-in as a stall only for a page that was in the working set when
 * it was evicted, which the classic LRU often does not see for a cyclic
 * pattern larger than memory.
 */
#define TEST_WINDOW_MS	10000
#define TEST_THRESHOLD	40
#define TEST_REFAULT	50
/*
 * How long a hog may thrash before the test gives up on a kill (kills
 * came at 20-25 s, 29-35 s with three guests sharing two host CPUs).
 */
#define KILL_WAIT_S	90
/*
 * How long a working-set shift may take to finish: two fills and 4 s +
 * 2 windows of use; on a contended host the fills alone took 30 s.
 */
#define SHIFT_WAIT_S	150

static long stat_read(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), STATS "%s", name);
	return read_long(path);
}

static void set_knob(const char *path, const char *val)
{
	if (write_file(path, val))
		ksft_exit_fail_msg("cannot write %s to %s\n", val, path);
}

static void detector(bool on)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", TEST_WINDOW_MS);
	set_knob(WINDOW, buf);
	snprintf(buf, sizeof(buf), "%d", TEST_THRESHOLD);
	set_knob(THRESHOLD, buf);
	snprintf(buf, sizeof(buf), "%d", TEST_REFAULT);
	set_knob(REFAULT, buf);
	set_knob(ENABLED, on ? "1" : "0");
}

static void detector_off_at_exit(void)
{
	write_file(ENABLED, "0");
}

/* Kernel messages since kmsg_open(): "Killed process" pids and markers. */
struct kmsg_scan {
	struct oom_kills kills;
	unsigned long long kill_us[OOM_MAX_KILLS];
	int system_thrash, memcg_thrash, reason;
};

static void kmsg_scan(int fd, struct kmsg_scan *s)
{
	char rec[2048];
	ssize_t n;

	for (;;) {
		unsigned long long us;
		char *msg, *p;

		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (!msg || sscanf(rec, "%*u,%*u,%llu", &us) != 1)
			continue;
		msg++;
		msg[strcspn(msg, "\n")] = 0;
		s->system_thrash += !!strstr(msg, "system thrashing");
		s->memcg_thrash += !!strstr(msg, "memory cgroup") &&
				   !!strstr(msg, "thrashing: stalled");
		s->reason += !!strstr(msg, "reason=thrashing");
		p = strstr(msg, "Killed process ");
		if (!p || s->kills.nr >= OOM_MAX_KILLS)
			continue;
		s->kill_us[s->kills.nr] = us;
		s->kills.pid[s->kills.nr] = atoi(p + strlen("Killed process "));
		snprintf(s->kills.line[s->kills.nr], OOM_LINE_LEN, "%s", msg);
		s->kills.nr++;
	}
}

/* Wait up to @secs for @pid; returns its status, or -1 if still running. */
static int wait_secs(pid_t pid, int secs, unsigned long long *ended)
{
	unsigned long long end = mono_ns() + secs * 1000000000ULL;
	int status;

	while (mono_ns() < end) {
		if (waitpid(pid, &status, WNOHANG) == pid) {
			if (ended)
				*ended = mono_ns();
			return status;
		}
		usleep(20000);
	}
	return -1;
}

/* The system's PSI memory full total, us. */
static unsigned long long psi_full_us(void)
{
	char buf[256], *p;
	FILE *f = fopen("/proc/pressure/memory", "re");
	unsigned long long v = 0;

	if (!f)
		return 0;
	while (fgets(buf, sizeof(buf), f)) {
		p = strstr(buf, "total=");
		if (!strncmp(buf, "full", 4) && p)
			v = strtoull(p + 6, NULL, 10);
	}
	fclose(f);
	return v;
}

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static bool lru_gen_set(const char *mode)
{
	return !access(LRU_GEN, W_OK) && !write_file(LRU_GEN, mode);
}

/* Hog size: 1.4 x MemAvailable, compressing 4:1 in zram: thrashes, fits. */
static size_t hog_mb(void)
{
	return mem_avail_mb() * 7 / 5;
}

static pid_t start_hog(size_t mb, const char *cg)
{
	pid_t pid = fork();

	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (!pid) {
		set_oom_score_adj(getpid(), 0);
		if (cg && cg_enter(cg))
			_exit(3);
		hog_cycle(mb);
	}
	return pid;
}

static void test_knobs(void)
{
	static const char * const counters[] = {
		"invoke_thrash", "reap_success", "reap_retry", "reap_giveup",
		"victim_timeout",
	};
	static const struct { const char *path, *bad; } bad[] = {
		{ ENABLED, "2" }, { ENABLED, "-1" }, { ENABLED, "on" },
		{ THRESHOLD, "0" }, { THRESHOLD, "101" }, { THRESHOLD, "5x" },
		{ REFAULT, "101" }, { REFAULT, "-1" }, { REFAULT, "2x" },
		{ WINDOW, "199" }, { WINDOW, "600001" }, { WINDOW, "\n" },
		{ VICTIM_TIMEOUT, "99" }, { VICTIM_TIMEOUT, "600001" },
		{ VICTIM_TIMEOUT, "3s" }, { VICTIM_TIMEOUT, "99999999999" },
	};
	char before[32], after[32];
	size_t i;
	int fd;

	ksft_set_plan(2 * ARRAY_SIZE(counters) + 4 + ARRAY_SIZE(bad) + 3);
	for (i = 0; i < ARRAY_SIZE(counters); i++) {
		char path[128];

		snprintf(path, sizeof(path), STATS "%s", counters[i]);
		ksft_test_result(stat_read(counters[i]) >= 0, "stats/%s readable\n",
				 counters[i]);
		fd = open(path, O_WRONLY);
		ksft_test_result(fd < 0 && errno == EACCES, "stats/%s read-only\n",
				 counters[i]);
		if (fd >= 0)
			close(fd);
	}

	ksft_test_result(read_long(ENABLED) == 0, "thrash_enabled is 0 by default\n");
	ksft_test_result(read_long(THRESHOLD) == 40 && read_long(WINDOW) == 10000,
			 "threshold 40%%, window 10000 ms by default\n");
	ksft_test_result(read_long(REFAULT) == 50,
			 "thrash_refault_pct is 50 by default\n");
	ksft_test_result(read_long(VICTIM_TIMEOUT) == 3000,
			 "victim_timeout_ms is 3000 by default\n");

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int err;

		read_file(bad[i].path, before, sizeof(before));
		err = write_file(bad[i].path, bad[i].bad);
		read_file(bad[i].path, after, sizeof(after));
		ksft_test_result(err == -EINVAL && !strcmp(before, after),
				 "%s <- \"%s\": EINVAL, unchanged (%d, %s)\n",
				 bad[i].path + strlen(OOM_DIR) + 1,
				 strcmp(bad[i].bad, "\n") ? bad[i].bad : "\\n", err, after);
	}

	/* Valid values take effect; restore the defaults. */
	ksft_test_result(!write_file(VICTIM_TIMEOUT, "1500") &&
			 read_long(VICTIM_TIMEOUT) == 1500 &&
			 !write_file(VICTIM_TIMEOUT, "3000") &&
			 !write_file(WINDOW, "500") && read_long(WINDOW) == 500 &&
			 !write_file(WINDOW, "10000") &&
			 !write_file(THRESHOLD, "100") && read_long(THRESHOLD) == 100 &&
			 !write_file(THRESHOLD, "40") &&
			 !write_file(REFAULT, "0") && read_long(REFAULT) == 0 &&
			 !write_file(REFAULT, "100") && read_long(REFAULT) == 100 &&
			 !write_file(REFAULT, "50"),
			 "valid values are stored\n");

	/* Only root may write: as nobody, open() fails with EACCES. */
	{
		pid_t pid = fork();
		int status;

		if (!pid) {
			if (setgid(65534) || setuid(65534))
				_exit(2);
			fd = open(ENABLED, O_WRONLY);
			_exit(fd < 0 && errno == EACCES ? 0 : 1);
		}
		waitpid(pid, &status, 0);
		ksft_test_result(WIFEXITED(status) && !WEXITSTATUS(status),
				 "unprivileged write: EACCES\n");
	}

	/* Toggling the detector on and off quickly leaves it consistent. */
	for (i = 0; i < 50; i++)
		if (write_file(ENABLED, i & 1 ? "0" : "1"))
			break;
	ksft_test_result(i == 50 && read_long(ENABLED) == 0,
			 "thrash_enabled toggled 50 times\n");
}

/* The hog is killed by the detector, and by nothing else. */
static void thrash_kill(const char *mode)
{
	long invoked = stat_read("invoke_thrash");
	long alloc = stat_read("invoke_alloc");
	unsigned long long t0, ended = 0, ps0, ws0;
	struct kmsg_scan s = { };
	size_t mb = hog_mb();
	int kfd, status;
	pid_t pid;

	if (mode && !lru_gen_set(mode)) {
		ksft_test_result_skip("thrash, lru_gen %s: cannot set lru_gen\n", mode);
		return;
	}
	ps0 = psi_full_us();
	ws0 = vmstat_read("pswpout");

	kfd = kmsg_open();
	detector(true);
	t0 = mono_ns();
	pid = start_hog(mb, NULL);
	status = wait_secs(pid, KILL_WAIT_S, &ended);
	detector(false);
	if (status == -1)
		reap(pid);
	kmsg_scan(kfd, &s);
	close(kfd);

	ksft_print_msg("thrash: swapouts %llu, full stall %llu ms\n",
		       vmstat_read("pswpout") - ws0, (psi_full_us() - ps0) / 1000);
	ksft_print_msg("lru_gen %s: %zu MiB hog, kill %.1f s, thrash +%ld, alloc +%ld, kills %zu\n",
		       mode ? mode : "-", mb, status == -1 ? -1.0 : (ended - t0) / 1e9,
		       stat_read("invoke_thrash") - invoked,
		       stat_read("invoke_alloc") - alloc, s.kills.nr);
	ksft_test_result(status != -1 && WIFSIGNALED(status) &&
			 WTERMSIG(status) == SIGKILL &&
			 s.kills.nr == 1 && s.kills.pid[0] == pid &&
			 stat_read("invoke_thrash") > invoked &&
			 s.system_thrash >= 1 && s.reason >= 1,
			 "thrash, lru_gen %s: the hog is killed by the detector\n",
			 mode ? mode : "-");
}

/* Control: without the detector the same hog thrashes on, unkilled. */
static void thrash_control(void)
{
	size_t mb = hog_mb();
	pid_t pid;
	int status;

	detector(false);
	pid = start_hog(mb, NULL);
	status = wait_secs(pid, 20, NULL);
	if (status == -1)
		reap(pid);
	ksft_test_result(status == -1,
			 "thrash, detector off: the hog is still running after 20 s\n");
}

static void test_thrash(void)
{
	ksft_set_plan(3);
	thrash_kill("0");
	thrash_kill("y");
	thrash_control();
}

/*
 * Working set A for 4 s, then working set B (A left alone, swapped out)
 * for 2 windows.  Each fits in RAM alone; together they do not.
 */
static void loadshift_run(const char *mode)
{
	long invoked = stat_read("invoke_thrash");
	size_t mb = mem_avail_mb() * 3 / 5;
	struct kmsg_scan s = { };
	unsigned long long ps0, ws0, t0, ended = 0;
	int kfd, status;
	pid_t pid;

	if (mode && !lru_gen_set(mode)) {
		ksft_test_result_skip("loadshift, lru_gen %s: cannot set lru_gen\n", mode);
		return;
	}
	ps0 = psi_full_us();
	ws0 = vmstat_read("pswpout");

	kfd = kmsg_open();
	detector(true);
	t0 = mono_ns();
	pid = fork();
	if (!pid) {
		set_oom_score_adj(getpid(), 0);
		loadshift_cycle(mb, 2ULL * TEST_WINDOW_MS);
	}
	status = wait_secs(pid, SHIFT_WAIT_S, &ended);
	detector(false);
	if (status == -1)
		reap(pid);
	kmsg_scan(kfd, &s);
	close(kfd);
	ksft_print_msg("loadshift %s: 2x%zu MiB, thrash +%ld, kills %zu, swpout %llu, %llu ms\n",
		       mode ? mode : "-", mb, stat_read("invoke_thrash") - invoked,
		       s.kills.nr, vmstat_read("pswpout") - ws0,
		       (psi_full_us() - ps0) / 1000);
	ksft_print_msg("loadshift %s: %s %.1f s, status 0x%x\n", mode ? mode : "-",
		       status == -1 ? "still running after" : "ended at",
		       ((ended ? ended : mono_ns()) - t0) / 1e9, status);
	ksft_test_result(status != -1 && WIFEXITED(status) && !WEXITSTATUS(status) &&
			 stat_read("invoke_thrash") == invoked && !s.kills.nr,
			 "loadshift, lru_gen %s: settles, nobody killed\n",
			 mode ? mode : "-");
}

static void test_loadshift(void)
{
	ksft_set_plan(2);
	loadshift_run("0");
	loadshift_run("y");
}

/* A hog thrashing against its memcg's limit; a bystander outside. */
static void test_memcg(void)
{
	long invoked = stat_read("invoke_thrash");
	long memcg_ooms = stat_read("invoke_memcg");
	unsigned long long t0, ended = 0;
	struct kmsg_scan s = { };
	size_t limit = mem_avail_mb() / 4;
	char path[256], events[512];
	pid_t pid, bystander;
	int kfd, status;

	ksft_set_plan(2);
	if (cg_create(CG, limit * MIB))
		ksft_exit_skip("memcg: cannot create %s\n", CG);
	snprintf(path, sizeof(path), "%s/memory.swap.max", CG);
	write_file(path, "max");

	bystander = fork();
	if (!bystander) {
		set_oom_score_adj(getpid(), 0);
		pause();
		_exit(0);
	}
	kfd = kmsg_open();
	detector(true);
	t0 = mono_ns();
	pid = start_hog(limit * 2, CG);
	status = wait_secs(pid, KILL_WAIT_S, &ended);
	detector(false);
	snprintf(path, sizeof(path), "%s/memory.pressure", CG);
	memset(events, 0, sizeof(events));
	{
		int fd = open(path, O_RDONLY);

		if (fd >= 0 && read(fd, events, sizeof(events) - 1) > 0)
			ksft_print_msg("memcg pressure: %s", events);
		if (fd >= 0)
			close(fd);
	}
	if (status == -1)
		reap(pid);
	kmsg_scan(kfd, &s);
	close(kfd);
	snprintf(path, sizeof(path), "%s/memory.events", CG);
	memset(events, 0, sizeof(events));
	read_file(path, events, sizeof(events));

	ksft_print_msg("memcg: %zu MiB hog in %zu MiB, killed at %.1f s, thrash +%ld, memcg +%ld\n",
		       limit * 2, limit, status == -1 ? -1.0 : (ended - t0) / 1e9,
		       stat_read("invoke_thrash") - invoked,
		       stat_read("invoke_memcg") - memcg_ooms);
	ksft_test_result(status != -1 && WIFSIGNALED(status) &&
			 s.kills.nr == 1 && s.kills.pid[0] == pid &&
			 s.memcg_thrash >= 1 && !s.system_thrash &&
			 stat_read("invoke_thrash") > invoked,
			 "memcg: the hog gets a memcg OOM from the detector\n");
	ksft_test_result(!kill(bystander, 0), "memcg: the bystander lives\n");
	reap(bystander);
	rmdir(CG);
}

/*
 * The victim test.  The stuck victim V: its memory is a memfd (nothing
 * for the reaper to free) and it sleeps uninterruptibly, waiting for the
 * i_rwsem of a tmpfs file that a helper thread of this process holds:
 * the helper writes to that file from a buffer whose page faults wait on
 * a userfaultfd nobody serves.  V has oom_score_adj 1000, so it is the
 * first victim; the next one must be killed within the victim timeout.
 */
struct stuck_writer {
	int file_fd;
	char *buf;
};

static void *stuck_writer_fn(void *arg)
{
	struct stuck_writer *w = arg;

	if (write(w->file_fd, w->buf, 4096) < 0)
		return NULL;
	return NULL;
}

static char proc_state(pid_t pid)
{
	char path[64], buf[256], *p;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, buf, sizeof(buf)))
		return 0;
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : 0;
}

static void test_victim(void)
{
	long timeout_ms = 1500, reaped = stat_read("reap_success");
	size_t limit = mem_avail_mb() / 4, held = limit * 5 / 8;
	struct uffdio_register reg = { };
	struct uffdio_api api = { .api = UFFD_API };
	struct stuck_writer w;
	struct kmsg_scan s = { };
	pid_t victim, next;
	pthread_t thread;
	int uffd, kfd, status, i;
	char val[16];
	double gap;

	ksft_set_plan(4);
	if (access(VICTIM_TIMEOUT, F_OK))
		ksft_exit_skip("victim: %s absent\n", VICTIM_TIMEOUT);
	uffd = syscall(__NR_userfaultfd, O_CLOEXEC);
	if (uffd < 0 || ioctl(uffd, UFFDIO_API, &api))
		ksft_exit_skip("victim: no userfaultfd\n");
	if (cg_create(CG, limit * MIB))
		ksft_exit_skip("victim: cannot create %s\n", CG);
	snprintf(val, sizeof(val), "%ld", timeout_ms);
	set_knob(VICTIM_TIMEOUT, val);

	/* The helper thread: stuck in write() with the file's i_rwsem held. */
	w.file_fd = memfd_create("oom_detect_lock", MFD_CLOEXEC);
	w.buf = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	reg.range.start = (unsigned long)w.buf;
	reg.range.len = 4096;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (w.file_fd < 0 || w.buf == MAP_FAILED || ioctl(uffd, UFFDIO_REGISTER, &reg))
		ksft_exit_fail_msg("victim: userfaultfd setup: %s\n", strerror(errno));
	pthread_create(&thread, NULL, stuck_writer_fn, &w);
	usleep(200000);

	victim = fork();
	if (!victim) {
		int m = memfd_create("oom_detect_held", MFD_CLOEXEC);
		char *chunk = malloc(MIB);
		size_t j;

		set_oom_score_adj(getpid(), 1000);
		if (m < 0 || !chunk || cg_enter(CG))
			_exit(3);
		memset(chunk, 7, MIB);
		for (j = 0; j < held; j++)
			if (write(m, chunk, MIB) != (ssize_t)MIB)
				_exit(4);
		/* D state until the helper's write completes. */
		if (write(w.file_fd, "x", 1) < 0)
			_exit(5);
		_exit(0);
	}
	for (i = 0; i < 500 && proc_state(victim) != 'D'; i++)
		usleep(20000);
	if (proc_state(victim) != 'D')
		ksft_exit_fail_msg("victim: the victim did not block (state %c)\n",
				   proc_state(victim));

	kfd = kmsg_open();
	next = fork();
	if (!next) {
		size_t len = held * MIB;
		char *p;

		set_oom_score_adj(getpid(), 0);
		if (cg_enter(CG))
			_exit(3);
		p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			_exit(4);
		memset(p, 1, len);
		_exit(0);
	}
	status = wait_secs(next, 30, NULL);
	if (status == -1)
		reap(next);
	kmsg_scan(kfd, &s);
	close(kfd);

	gap = s.kills.nr >= 2 ? (s.kill_us[1] - s.kill_us[0]) / 1000.0 : -1;
	ksft_print_msg("victim: kills %zu (%d, %d), %.0f ms apart; first in %c; reaped +%ld\n",
		       s.kills.nr, s.kills.nr ? s.kills.pid[0] : 0,
		       s.kills.nr > 1 ? s.kills.pid[1] : 0, gap, proc_state(victim),
		       stat_read("reap_success") - reaped);
	ksft_test_result(s.kills.nr == 2 && s.kills.pid[0] == victim &&
			 s.kills.pid[1] == next && status != -1 && WIFSIGNALED(status),
			 "victim: the stuck victim, then the next one, are killed\n");
	ksft_test_result(gap >= 0 && gap <= timeout_ms + 500,
			 "victim: the next victim within the %ld ms timeout (%.0f ms)\n",
			 timeout_ms, gap);
	ksft_test_result(proc_state(victim) == 'D',
			 "victim: the first victim was still stuck\n");

	/* Let the helper's write finish: the stuck victim can then die. */
	{
		struct uffdio_zeropage zp = {
			.range = { .start = (unsigned long)w.buf, .len = 4096 },
		};

		ioctl(uffd, UFFDIO_ZEROPAGE, &zp);
	}
	pthread_join(thread, NULL);
	status = wait_secs(victim, 30, NULL);
	ksft_test_result(status != -1 && WIFSIGNALED(status),
			 "victim: released, the first victim exits\n");
	if (status == -1)
		reap(victim);
	set_knob(VICTIM_TIMEOUT, "3000");
	close(uffd);
	close(w.file_fd);
	rmdir(CG);
}

int main(int argc, char **argv)
{
	const char *group = argc > 1 ? argv[1] : "knobs";

	ksft_print_header();
	if (getuid())
		ksft_exit_skip("needs root\n");
	if (access(ENABLED, F_OK))
		ksft_exit_skip("%s absent (CONFIG_OOM_THRASH=n)\n", ENABLED);
	set_oom_score_adj(getpid(), -1000);
	atexit(detector_off_at_exit);
	if (strcmp(group, "knobs") && strcmp(group, "victim") &&
	    zram_swap_on("1G"))
		ksft_exit_fail_msg("cannot turn on zram swap\n");

	if (!strcmp(group, "knobs"))
		test_knobs();
	else if (!strcmp(group, "thrash"))
		test_thrash();
	else if (!strcmp(group, "loadshift"))
		test_loadshift();
	else if (!strcmp(group, "memcg"))
		test_memcg();
	else if (!strcmp(group, "victim"))
		test_victim();
	else
		ksft_exit_fail_msg("unknown group %s (knobs|thrash|loadshift|memcg|victim)\n",
				   group);
	ksft_finished();
}
