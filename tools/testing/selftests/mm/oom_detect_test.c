// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for the OOM killer's detection knobs: the thrashing detector
 * (/sys/kernel/mm/oom/thrash_*), the OOM victim timeout
 * (/sys/kernel/mm/oom/victim_timeout_ms), their counters in
 * /sys/kernel/mm/oom/stats/ and their tracepoints.
 *
 *	oom_detect_test knobs	  files, modes, defaults, bounds, bad input
 *				  (EINVAL, EACCES, EPERM without CAP_SYS_ADMIN)
 *	oom_detect_test thrash	  a hog cycling through more anonymous memory
 *				  than fits in RAM (zram swap) is killed by the
 *				  detector (lru_gen off, then on), in bounded
 *				  time; with the detector off it is not, for
 *				  twice as long
 *	oom_detect_test loadshift a working set that moves and settles: no kill
 *	oom_detect_test memcg	  a hog thrashing in a limited memcg gets a memcg
 *				  OOM from the detector; the system scope stays
 *				  quiet
 *	oom_detect_test victim	  victims whose mmap_lock is held (by the
 *				  test_oom_reaper module), so that the OOM
 *				  reaper cannot reap them: the reaper gives up
 *				  on one at its deadline; while it is busy with
 *				  that one, the OOM killer gives up on another
 *				  at its deadline and kills the next victim
 *				  then, not before, not much later
 *	oom_detect_test nopsi	  on a kernel booted with psi=0, the detector
 *				  cannot be enabled (EOPNOTSUPP)
 *
 * Each group is skipped as a whole (every test counted) when the kernel is
 * built without its option: CONFIG_OOM_VICTIM_TIMEOUT for victim,
 * CONFIG_OOM_THRASH for the others (knobs: either).  With the option on,
 * a missing interface or precondition (memcg, lru_gen, debugfs, the test
 * module, tracefs) fails.
 *
 * Must run as root in a throwaway guest (it turns on zram swap).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
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
#define TRACING		"/sys/kernel/tracing"
#define EV_THRASH	TRACING "/events/oom/oom_thrash_check"
#define EV_TIMEOUT	TRACING "/events/oom/oom_victim_timeout"
#define REAPER_DIR	"/sys/kernel/debug/test_oom_reaper"
#define REAPER_HOLD	REAPER_DIR "/hold_mmap_lock_ms"
#define REAPER_RELEASE	REAPER_DIR "/release"

/* Tests per group: a group skipped as a whole counts them all. */
#define KNOBS_TESTS	42
#define THRASH_TESTS	6
#define SHIFT_TESTS	4
#define MEMCG_TESTS	4
#define VICTIM_TESTS	6
#define NOPSI_TESTS	3

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
 * How long the detector may take to kill a thrashing hog once its working
 * set is written and the thrashing starts: 9-11 s measured in the test
 * guest (docs: about 8 s; the kill came 20-27 s after the start, 12-17 s
 * of which were the fill, 29-35 s with three guests sharing two host
 * CPUs).  About 2.5x that: a detector that became several times slower
 * fails, whatever the fill took.
 */
#define DETECT_BOUND_S	25
/* And from the hog's start, fill included: a loose bound on the whole. */
#define KILL_BOUND_S	75
/*
 * The detector-off control watches the hog for twice the slowest kill of
 * this run, and at least this long.
 */
#define CONTROL_MIN_S	40
/*
 * How long a working-set shift may take to finish: two fills and 4 s + 2
 * windows of use, 33 s in the test guest (on a contended host the fills
 * alone took 30 s).  About 3x that.
 */
#define SHIFT_BOUND_S	100
/*
 * The victim test (see test_victim()): the first victim's timeout, the
 * second's, how long each holds its mmap_lock (far beyond both), and how
 * early and late the kill after the second victim may come.
 */
#define VICTIM_TA_MS	12000
#define VICTIM_TV_MS	1500
#define VICTIM_HOLD_MS	20000
#define VICTIM_EARLY_MS	50
#define VICTIM_LATE_MS	1000
#define CG_A		"/sys/fs/cgroup/oom_detect_test_a"

/* A result, or a skip when @on is false (the option behind it is off). */
#define result_if(on, pass, ...)					\
	do {								\
		if (on)							\
			ksft_test_result(pass, __VA_ARGS__);		\
		else							\
			ksft_test_result_skip(__VA_ARGS__);		\
	} while (0)

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

static bool thrash_on;

static void detector_off_at_exit(void)
{
	if (thrash_on)
		write_file(ENABLED, "0");
}

/* Kernel messages since kmsg_open(): "Killed process" pids and markers. */
#define MAX_REASONS	8
struct kmsg_scan {
	struct oom_kills kills;
	unsigned long long kill_us[OOM_MAX_KILLS];
	int system_thrash, memcg_thrash, reason;
	/* pid= of each OOM report summary line with reason=thrashing */
	int reason_pid[MAX_REASONS];
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
		if (strstr(msg, "reason=thrashing")) {
			/* oom-kill:...,reason=thrashing,...,task=C,pid=N,uid=U */
			p = strstr(msg, ",task=");
			p = p ? strstr(p, ",pid=") : NULL;
			if (s->reason < MAX_REASONS)
				s->reason_pid[s->reason] = p ? atoi(p + 5) : -1;
			s->reason++;
		}
		p = strstr(msg, "Killed process ");
		if (!p || s->kills.nr >= OOM_MAX_KILLS)
			continue;
		s->kill_us[s->kills.nr] = us;
		s->kills.pid[s->kills.nr] = atoi(p + strlen("Killed process "));
		snprintf(s->kills.line[s->kills.nr], OOM_LINE_LEN, "%s", msg);
		s->kills.nr++;
	}
}

/* Did every reason=thrashing summary line name @pid (and was there one)? */
static bool reason_names(const struct kmsg_scan *s, pid_t pid)
{
	int i;

	if (s->reason < 1 || s->reason > MAX_REASONS)
		return false;
	for (i = 0; i < s->reason; i++)
		if (s->reason_pid[i] != pid)
			return false;
	return true;
}

/*
 * Tracepoints.  trace_start() enables @event (a directory under
 * events/oom/) and empties the buffer; trace_read() returns the buffer's
 * text (malloc'ed, "" if unreadable).
 */
static bool tracing;

static void trace_start(const char *event)
{
	char path[256];
	int fd;

	if (!tracing)
		return;
	snprintf(path, sizeof(path), "%s/enable", event);
	if (write_file(path, "1"))
		ksft_exit_fail_msg("cannot enable %s\n", event);
	fd = open(TRACING "/trace", O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		ksft_exit_fail_msg("cannot clear %s/trace: %s\n", TRACING, strerror(errno));
	close(fd);
}

static char *trace_read(void)
{
	size_t len = 0, size = 1 << 16;
	char *buf = malloc(size);
	int fd = open(TRACING "/trace", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (!buf)
		ksft_exit_fail_msg("out of memory\n");
	while (fd >= 0 && (n = read(fd, buf + len, size - len - 1)) > 0) {
		len += n;
		if (size - len < 4096) {
			size *= 2;
			buf = realloc(buf, size);
			if (!buf)
				ksft_exit_fail_msg("out of memory\n");
		}
	}
	buf[len] = 0;
	if (fd >= 0)
		close(fd);
	return buf;
}

/*
 * The samples expected in @secs: eight per window, at least half of them
 * on a slow host.
 */
static unsigned int min_samples(double secs)
{
	return secs > 0 ? (unsigned int)(secs * 8 * 1000 / TEST_WINDOW_MS / 2) : 8;
}

/* oom_thrash_check events: samples and fires of one scope, and of others. */
struct thrash_trace {
	unsigned int checks, fires, other_checks, other_fires;
};

static void thrash_trace_read(unsigned long long cgroup_id, struct thrash_trace *t)
{
	char *buf = trace_read(), *line, *save = NULL;

	memset(t, 0, sizeof(*t));
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		static const char fmt[] =
			"cgroup_id=%llu sample=%u%% window=%u%% refaults=%u%% fire=%d";
		char *p = strstr(line, "oom_thrash_check: ");
		unsigned long long id;
		unsigned int sp, wp, rp;
		int fire;

		if (!p || sscanf(p + strlen("oom_thrash_check: "), fmt,
				 &id, &sp, &wp, &rp, &fire) != 5)
			continue;
		if (id == cgroup_id) {
			t->checks++;
			t->fires += !!fire;
		} else {
			t->other_checks++;
			t->other_fires += !!fire;
		}
	}
	free(buf);
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

/*
 * Set lru_gen to @mode.  A kernel built with CONFIG_LRU_GEN must allow it:
 * the MGLRU half of the coverage must not vanish silently.  Returns false
 * (skip) only for a kernel built without it.
 */
static bool lru_gen_set(const char *mode)
{
	int cfg = oom_kconfig("CONFIG_LRU_GEN");

	if (!access(LRU_GEN, W_OK) && !write_file(LRU_GEN, mode))
		return true;
	if (cfg)
		ksft_exit_fail_msg("cannot set %s to %s (CONFIG_LRU_GEN=y)\n", LRU_GEN, mode);
	return false;
}

/* Hog size: 1.4 x MemAvailable, compressing 4:1 in zram: thrashes, fits. */
static size_t hog_mb(void)
{
	return mem_avail_mb() * 7 / 5;
}

/* A hog; *@filled (if not NULL) reads a byte when its fill is done. */
static pid_t start_hog(size_t mb, const char *cg, int *filled)
{
	int p[2] = { -1, -1 };
	pid_t pid;

	if (filled && pipe2(p, O_CLOEXEC))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));
	pid = fork();
	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (!pid) {
		set_oom_score_adj(getpid(), 0);
		if (cg && cg_enter(cg))
			_exit(3);
		hog_cycle_notify(mb, p[1]);
	}
	if (filled) {
		close(p[1]);
		fcntl(p[0], F_SETFL, O_NONBLOCK);
		*filled = p[0];
	}
	return pid;
}

/*
 * Wait up to @secs for the hog @pid; returns its status, or -1 if still
 * running.  *@fill_s: seconds from @t0 to the end of its fill (-1: not
 * seen), *@kill_s: to its end (-1: still running).
 */
static int wait_hog(pid_t pid, int filled, unsigned long long t0, int secs,
		    double *fill_s, double *kill_s)
{
	unsigned long long end = t0 + secs * 1000000000ULL;
	int status;
	char c;

	*fill_s = *kill_s = -1;
	while (mono_ns() < end) {
		if (*fill_s < 0 && read(filled, &c, 1) == 1)
			*fill_s = (mono_ns() - t0) / 1e9;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			*kill_s = (mono_ns() - t0) / 1e9;
			close(filled);
			return status;
		}
		usleep(20000);
	}
	close(filled);
	return -1;
}

/* Write @val to @path as root without CAP_SYS_ADMIN: 0 or -errno. */
static int write_without_cap(const char *path, const char *val)
{
	pid_t pid = fork();
	int status;

	if (!pid) {
		int err = oom_drop_cap(CAP_SYS_ADMIN);

		_exit(err ? 100 : -write_file(path, val) & 0xff);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -EINTR;
}

/* Open @path for writing as nobody: 0 or -errno. */
static int open_as_nobody(const char *path)
{
	pid_t pid = fork();
	int status;

	if (!pid) {
		int fd;

		if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
			_exit(100);
		fd = open(path, O_WRONLY);
		_exit(fd < 0 ? errno & 0xff : 0);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -EINTR;
}

static void test_knobs(bool thr, bool vic, bool st)
{
	static const struct { const char *name; bool thrash; } counters[] = {
		{ "invoke_thrash", true }, { "reap_success", false },
		{ "reap_retry", false }, { "reap_giveup", false },
		{ "victim_timeout", false },
	};
	static const struct { const char *path, *bad; } bad[] = {
		{ ENABLED, "2" }, { ENABLED, "-1" }, { ENABLED, "on" },
		{ THRESHOLD, "0" }, { THRESHOLD, "101" }, { THRESHOLD, "5x" },
		{ REFAULT, "101" }, { REFAULT, "-1" }, { REFAULT, "2x" },
		{ WINDOW, "199" }, { WINDOW, "600001" }, { WINDOW, "\n" },
		{ VICTIM_TIMEOUT, "99" }, { VICTIM_TIMEOUT, "600001" },
		{ VICTIM_TIMEOUT, "3s" }, { VICTIM_TIMEOUT, "99999999999" },
	};
	/* A valid value other than the default: only CAP_SYS_ADMIN lacks. */
	static const struct { const char *path, *val; } eperm[] = {
		{ ENABLED, "1" }, { THRESHOLD, "41" }, { REFAULT, "51" },
		{ WINDOW, "9000" }, { VICTIM_TIMEOUT, "1500" },
	};
	char before[32], after[32];
	size_t i;
	int fd, err;

	ksft_set_plan(KNOBS_TESTS);
	for (i = 0; i < ARRAY_SIZE(counters); i++) {
		bool on = st && (counters[i].thrash ? thr : vic || thr);
		char path[128];

		snprintf(path, sizeof(path), STATS "%s", counters[i].name);
		result_if(on, stat_read(counters[i].name) >= 0, "stats/%s readable\n",
			  counters[i].name);
		fd = open(path, O_WRONLY);
		result_if(on, fd < 0 && errno == EACCES, "stats/%s read-only\n",
			  counters[i].name);
		if (fd >= 0)
			close(fd);
	}

	result_if(thr, read_long(ENABLED) == 0, "thrash_enabled is 0 by default\n");
	result_if(thr, read_long(THRESHOLD) == 40 && read_long(WINDOW) == 10000,
		  "threshold 40%%, window 10000 ms by default\n");
	result_if(thr, read_long(REFAULT) == 50, "thrash_refault_pct is 50 by default\n");
	result_if(vic, read_long(VICTIM_TIMEOUT) == 3000,
		  "victim_timeout_ms is 3000 by default\n");

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		bool on = strcmp(bad[i].path, VICTIM_TIMEOUT) ? thr : vic;

		read_file(bad[i].path, before, sizeof(before));
		err = write_file(bad[i].path, bad[i].bad);
		read_file(bad[i].path, after, sizeof(after));
		result_if(on, err == -EINVAL && !strcmp(before, after),
			  "%s <- \"%s\": EINVAL, unchanged (%d, %s)\n",
			  bad[i].path + strlen(OOM_DIR) + 1,
			  strcmp(bad[i].bad, "\n") ? bad[i].bad : "\\n", err, after);
	}

	/* Valid values take effect; restore the defaults. */
	result_if(vic, !write_file(VICTIM_TIMEOUT, "1500") &&
		  read_long(VICTIM_TIMEOUT) == 1500 &&
		  !write_file(VICTIM_TIMEOUT, "3000") && read_long(VICTIM_TIMEOUT) == 3000,
		  "victim_timeout_ms: valid values are stored\n");
	result_if(thr, !write_file(WINDOW, "500") && read_long(WINDOW) == 500 &&
		  !write_file(WINDOW, "10000") &&
		  !write_file(THRESHOLD, "100") && read_long(THRESHOLD) == 100 &&
		  !write_file(THRESHOLD, "40") &&
		  !write_file(REFAULT, "0") && read_long(REFAULT) == 0 &&
		  !write_file(REFAULT, "100") && read_long(REFAULT) == 100 &&
		  !write_file(REFAULT, "50") && read_long(REFAULT) == 50,
		  "thrash_*: valid values are stored\n");
	/* The bounds themselves are valid. */
	result_if(vic, !write_file(VICTIM_TIMEOUT, "100") &&
		  read_long(VICTIM_TIMEOUT) == 100 &&
		  !write_file(VICTIM_TIMEOUT, "600000") &&
		  read_long(VICTIM_TIMEOUT) == 600000 &&
		  !write_file(VICTIM_TIMEOUT, "3000"),
		  "victim_timeout_ms: 100 and 600000 are accepted\n");
	result_if(thr, !write_file(THRESHOLD, "1") && read_long(THRESHOLD) == 1 &&
		  !write_file(THRESHOLD, "40") &&
		  !write_file(WINDOW, "200") && read_long(WINDOW) == 200 &&
		  !write_file(WINDOW, "600000") && read_long(WINDOW) == 600000 &&
		  !write_file(WINDOW, "10000") && read_long(WINDOW) == 10000,
		  "thrash_threshold_pct 1, thrash_window_ms 200 and 600000 are accepted\n");

	/* Only root may write: as nobody, open() fails with EACCES. */
	err = thr ? open_as_nobody(ENABLED) : 0;
	result_if(thr, err == -EACCES, "thrash_enabled, unprivileged open: EACCES (%d)\n", err);
	err = vic ? open_as_nobody(VICTIM_TIMEOUT) : 0;
	result_if(vic, err == -EACCES, "victim_timeout_ms, unprivileged open: EACCES (%d)\n",
		  err);

	/* And root only with CAP_SYS_ADMIN: EPERM, nothing changed. */
	for (i = 0; i < ARRAY_SIZE(eperm); i++) {
		bool on = strcmp(eperm[i].path, VICTIM_TIMEOUT) ? thr : vic;
		const char *name = eperm[i].path + strlen(OOM_DIR) + 1;

		if (!on) {
			ksft_test_result_skip("%s without CAP_SYS_ADMIN: EPERM\n", name);
			continue;
		}
		read_file(eperm[i].path, before, sizeof(before));
		err = write_without_cap(eperm[i].path, eperm[i].val);
		read_file(eperm[i].path, after, sizeof(after));
		ksft_test_result(err == -EPERM && !strcmp(before, after),
				 "%s <- %s without CAP_SYS_ADMIN: EPERM, unchanged (%d, %s)\n",
				 name, eperm[i].val, err, after);
		if (strcmp(before, after))
			write_file(eperm[i].path, before);
	}

	/* Toggling the detector on and off quickly leaves it consistent. */
	for (i = 0; thr && i < 50; i++)
		if (write_file(ENABLED, i & 1 ? "0" : "1"))
			break;
	result_if(thr, i == 50 && read_long(ENABLED) == 0,
		  "thrash_enabled toggled 50 times\n");
}

/*
 * The hog is killed by the detector, and by nothing else, within
 * KILL_BOUND_S.  Returns the time to the kill in seconds, or -1.
 */
static double thrash_kill(const char *mode)
{
	long invoked = stat_read("invoke_thrash");
	long alloc = stat_read("invoke_alloc");
	long kills = stat_read("kill");
	unsigned long long t0, ps0, ws0;
	struct kmsg_scan s = { };
	struct thrash_trace tr;
	size_t mb = hog_mb();
	double kill_s, fill_s;
	int kfd, status, filled;
	pid_t pid;

	if (!lru_gen_set(mode)) {
		ksft_test_result_skip("thrash, lru_gen %s: CONFIG_LRU_GEN is off\n", mode);
		ksft_test_result_skip("thrash, lru_gen %s: oom_thrash_check\n", mode);
		return -1;
	}
	ps0 = psi_full_us();
	ws0 = vmstat_read("pswpout");

	kfd = kmsg_open();
	trace_start(EV_THRASH);
	detector(true);
	t0 = mono_ns();
	pid = start_hog(mb, NULL, &filled);
	status = wait_hog(pid, filled, t0, KILL_BOUND_S, &fill_s, &kill_s);
	detector(false);
	if (status == -1)
		reap(pid);
	kmsg_scan(kfd, &s);
	close(kfd);
	thrash_trace_read(0, &tr);

	ksft_print_msg("thrash: swapouts %llu, full stall %llu ms\n",
		       vmstat_read("pswpout") - ws0, (psi_full_us() - ps0) / 1000);
	ksft_print_msg("lru_gen %s: %zu MiB hog, filled at %.1f s, killed at %.1f s (+%.1f s)\n",
		       mode, mb, fill_s, kill_s, kill_s - fill_s);
	ksft_print_msg("lru_gen %s: thrash +%ld, alloc +%ld, kill +%ld, kills %zu\n", mode,
		       stat_read("invoke_thrash") - invoked,
		       stat_read("invoke_alloc") - alloc, stat_read("kill") - kills,
		       s.kills.nr);
	ksft_print_msg("lru_gen %s: samples %u (fired %u), other scopes %u (fired %u)\n",
		       mode, tr.checks, tr.fires, tr.other_checks, tr.other_fires);
	ksft_test_result(status != -1 && WIFSIGNALED(status) &&
			 WTERMSIG(status) == SIGKILL &&
			 s.kills.nr == 1 && s.kills.pid[0] == pid &&
			 stat_read("invoke_thrash") == invoked + 1 &&
			 stat_read("kill") == kills + 1 &&
			 s.system_thrash == 1 && reason_names(&s, pid) &&
			 fill_s >= 0 && kill_s - fill_s <= DETECT_BOUND_S,
			 "thrash, lru_gen %s: the hog is killed by the detector within %d s of its fill (%.1f s)\n",
			 mode, DETECT_BOUND_S, kill_s < 0 ? -1.0 : kill_s - fill_s);
	/* Samples at the set rate, one decision to fire, for the system. */
	result_if(tracing, tr.checks >= min_samples(kill_s) && tr.fires == 1 &&
		  !tr.other_fires,
		  "thrash, lru_gen %s: oom_thrash_check sampled the system %u times (>= %u) and fired once (%u)\n",
		  mode, tr.checks, min_samples(kill_s), tr.fires);
	return kill_s;
}

/*
 * Control: without the detector the same hog thrashes on, unkilled, for
 * twice as long as the slowest kill above (@kill_s), and the detector
 * does not even sample.
 */
static void thrash_control(double kill_s)
{
	long invoked = stat_read("invoke_thrash");
	int secs = kill_s > 0 ? (int)(2 * kill_s + 1) : KILL_BOUND_S;
	struct kmsg_scan s = { };
	struct thrash_trace tr;
	size_t mb = hog_mb();
	double fill_s, end_s;
	int kfd, status, filled;
	pid_t pid;

	if (secs < CONTROL_MIN_S)
		secs = CONTROL_MIN_S;
	kfd = kmsg_open();
	trace_start(EV_THRASH);
	detector(false);
	pid = start_hog(mb, NULL, &filled);
	status = wait_hog(pid, filled, mono_ns(), secs, &fill_s, &end_s);
	if (status == -1)
		reap(pid);
	kmsg_scan(kfd, &s);
	close(kfd);
	thrash_trace_read(0, &tr);
	ksft_print_msg("control: %d s (fill %.1f s), thrash +%ld, kills %zu, lines %d, %u checks\n",
		       secs, fill_s, stat_read("invoke_thrash") - invoked, s.kills.nr,
		       s.system_thrash + s.reason, tr.checks + tr.other_checks);
	ksft_test_result(status == -1 && stat_read("invoke_thrash") == invoked &&
			 !s.kills.nr && !s.system_thrash && !s.reason,
			 "thrash, detector off: the hog is still running after %d s, nothing invoked\n",
			 secs);
	result_if(tracing, !tr.checks && !tr.other_checks,
		  "thrash, detector off: no oom_thrash_check sample (%u)\n",
		  tr.checks + tr.other_checks);
}

static void test_thrash(void)
{
	double k0, k1;

	ksft_set_plan(THRASH_TESTS);
	k0 = thrash_kill("0");
	k1 = thrash_kill("y");
	thrash_control(k0 > k1 ? k0 : k1);
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
	struct thrash_trace tr;
	int kfd, status;
	pid_t pid;

	if (!lru_gen_set(mode)) {
		ksft_test_result_skip("loadshift, lru_gen %s: CONFIG_LRU_GEN is off\n", mode);
		ksft_test_result_skip("loadshift, lru_gen %s: sampled\n", mode);
		return;
	}
	ps0 = psi_full_us();
	ws0 = vmstat_read("pswpout");

	kfd = kmsg_open();
	trace_start(EV_THRASH);
	detector(true);
	t0 = mono_ns();
	pid = fork();
	if (!pid) {
		set_oom_score_adj(getpid(), 0);
		loadshift_cycle(mb, 2ULL * TEST_WINDOW_MS);
	}
	status = wait_secs(pid, SHIFT_BOUND_S, &ended);
	detector(false);
	if (status == -1)
		reap(pid);
	kmsg_scan(kfd, &s);
	close(kfd);
	thrash_trace_read(0, &tr);
	ksft_print_msg("loadshift %s: 2x%zu MiB, thrash +%ld, kills %zu, swpout %llu, %llu ms\n",
		       mode, mb, stat_read("invoke_thrash") - invoked,
		       s.kills.nr, vmstat_read("pswpout") - ws0,
		       (psi_full_us() - ps0) / 1000);
	ksft_print_msg("loadshift %s: %s %.1f s, status 0x%x\n", mode,
		       status == -1 ? "still running after" : "ended at",
		       ((ended ? ended : mono_ns()) - t0) / 1e9, status);
	ksft_test_result(status != -1 && WIFEXITED(status) && !WEXITSTATUS(status) &&
			 stat_read("invoke_thrash") == invoked && !s.kills.nr,
			 "loadshift, lru_gen %s: settles within %d s, nobody killed\n",
			 mode, SHIFT_BOUND_S);
	/* The detector was watching (it is not quiet because it was off). */
	result_if(tracing, tr.checks >= min_samples(((ended ? ended : mono_ns()) - t0) / 1e9) &&
		  !tr.fires && !tr.other_fires,
		  "loadshift, lru_gen %s: oom_thrash_check sampled %u times, never fired\n",
		  mode, tr.checks);
}

static void test_loadshift(void)
{
	ksft_set_plan(SHIFT_TESTS);
	loadshift_run("0");
	loadshift_run("y");
}

/* A hog thrashing against its memcg's limit; a bystander outside. */
static void test_memcg(void)
{
	long invoked = stat_read("invoke_thrash");
	long memcg_ooms = stat_read("invoke_memcg");
	unsigned long long t0;
	struct kmsg_scan s = { };
	size_t limit = mem_avail_mb() / 4;
	char path[256], events[512];
	struct thrash_trace tr;
	pid_t pid, bystander;
	struct stat cg_st;
	int kfd, status, filled;
	double kill_s, fill_s;

	if (cg_create(CG, limit * MIB) || stat(CG, &cg_st))
		ksft_exit_fail_msg("memcg: cannot create %s\n", CG);
	ksft_set_plan(MEMCG_TESTS);
	snprintf(path, sizeof(path), "%s/memory.swap.max", CG);
	write_file(path, "max");

	bystander = fork();
	if (!bystander) {
		set_oom_score_adj(getpid(), 0);
		pause();
		_exit(0);
	}
	kfd = kmsg_open();
	trace_start(EV_THRASH);
	detector(true);
	t0 = mono_ns();
	pid = start_hog(limit * 2, CG, &filled);
	status = wait_hog(pid, filled, t0, KILL_BOUND_S, &fill_s, &kill_s);
	detector(false);
	snprintf(path, sizeof(path), "%s/memory.pressure", CG);
	memset(events, 0, sizeof(events));
	if (!read_file(path, events, sizeof(events)))
		ksft_print_msg("memcg pressure: %s\n", events);
	if (status == -1)
		reap(pid);
	kmsg_scan(kfd, &s);
	close(kfd);
	/* The cgroup id of a cgroup2 directory is its inode number. */
	thrash_trace_read(cg_st.st_ino, &tr);

	ksft_print_msg("memcg: %zu MiB hog in %zu MiB, filled at %.1f s, killed at %.1f s\n",
		       limit * 2, limit, fill_s, kill_s);
	ksft_print_msg("memcg: thrash +%ld, memcg +%ld, reason pid %d\n",
		       stat_read("invoke_thrash") - invoked,
		       stat_read("invoke_memcg") - memcg_ooms,
		       s.reason ? s.reason_pid[0] : 0);
	ksft_print_msg("memcg: samples %u (fired %u), other scopes %u (fired %u)\n",
		       tr.checks, tr.fires, tr.other_checks, tr.other_fires);
	ksft_test_result(status != -1 && WIFSIGNALED(status) &&
			 s.kills.nr == 1 && s.kills.pid[0] == pid &&
			 fill_s >= 0 && kill_s - fill_s <= DETECT_BOUND_S,
			 "memcg: the hog, and only it, is killed within %d s of its fill (%.1f s)\n",
			 DETECT_BOUND_S, kill_s < 0 ? -1.0 : kill_s - fill_s);
	/* The detector's OOM, not one of the limit: the kill is the detector's. */
	ksft_test_result(reason_names(&s, pid) && s.memcg_thrash == 1 &&
			 !s.system_thrash &&
			 stat_read("invoke_thrash") == invoked + 1 &&
			 stat_read("invoke_memcg") == memcg_ooms,
			 "memcg: reason=thrashing names the hog; invoke_thrash +1, invoke_memcg +0\n");
	result_if(tracing, tr.checks >= min_samples(kill_s) && tr.fires == 1 &&
		  !tr.other_fires,
		  "memcg: oom_thrash_check sampled cgroup %llu %u times (>= %u) and fired once for it (%u)\n",
		  (unsigned long long)cg_st.st_ino, tr.checks, min_samples(kill_s), tr.fires);
	ksft_test_result(!kill(bystander, 0), "memcg: the bystander lives\n");
	reap(bystander);
	rmdir(CG);
}

/*
 * The victim test.  Two victims that the OOM reaper cannot reap: each has
 * oom_score_adj 1000 and anonymous memory, which the reaper would free,
 * but a thread of each holds its mmap_lock for writing (test_oom_reaper)
 * far longer than its timeout, so every attempt of the reaper fails.
 *
 * A, in cgroup CG_A, is killed first, with a long timeout (VICTIM_TA_MS);
 * the task that made that OOM is then killed by the test, so no later
 * OOM looks at A: only the reaper can give up on A, at A's deadline,
 * and until then it is busy retrying A (it handles one victim at a time).
 *
 * V, in cgroup CG, is killed while the reaper is busy with A, with a short
 * timeout (VICTIM_TV_MS).  The task N that made that OOM keeps charging
 * CG, and its OOMs find V pending until V's deadline; then the OOM
 * killer itself gives up on V and kills N.  The gap between the two kills
 * is V's timeout: not much less (the deadline did not come early, nothing
 * reaped V), not much more (the OOM killer noticed the deadline; the
 * reaper would only have got to V after A's).
 */
struct locked_victim {
	pid_t pid, tid;
};

struct holder_arg {
	int fd;
	unsigned int ms;
};

static void *holder_fn(void *arg)
{
	struct holder_arg *h = arg;
	pid_t tid = gettid();
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", h->ms);
	if (write(h->fd, &tid, sizeof(tid)) != sizeof(tid))
		return NULL;
	/* Returns when the hold ends, long after the victim was killed. */
	write_file(REAPER_HOLD, buf);
	return NULL;
}

static char proc_state(pid_t pid, pid_t tid)
{
	char path[64], buf[256], *p;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", pid, tid ? tid : pid);
	if (read_file(path, buf, sizeof(buf)))
		return 0;
	p = strrchr(buf, ')');
	return p && p[1] ? p[2] : 0;
}

/*
 * Start a victim in @cg with @mb MiB of anonymous memory, a thread of
 * which holds its mmap_lock for @hold_ms; return once the lock is held
 * (the holder sleeps, D).
 */
static struct locked_victim locked_victim(const char *cg, size_t mb, unsigned int hold_ms)
{
	struct locked_victim v = { };
	int sync[2], i;

	if (pipe(sync))
		ksft_exit_fail_msg("victim: pipe: %s\n", strerror(errno));
	v.pid = fork();
	if (!v.pid) {
		struct holder_arg h = { sync[1], hold_ms };
		size_t len = mb * MIB;
		pthread_t thread;
		char *mem;

		set_oom_score_adj(getpid(), 1000);
		if (cg_enter(cg))
			_exit(3);
		mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (mem == MAP_FAILED)
			_exit(4);
		memset(mem, 7, len);
		if (pthread_create(&thread, NULL, holder_fn, &h))
			_exit(5);
		for (;;)
			pause();
	}
	close(sync[1]);
	if (read(sync[0], &v.tid, sizeof(v.tid)) != sizeof(v.tid))
		ksft_exit_fail_msg("victim: a victim did not start (status %d)\n",
				   wait_secs(v.pid, 1, NULL));
	close(sync[0]);
	/* The holder waits in TASK_IDLE with the lock held: state I. */
	for (i = 0; i < 500 && proc_state(v.pid, v.tid) != 'I'; i++)
		usleep(20000);
	if (proc_state(v.pid, v.tid) != 'I')
		ksft_exit_fail_msg("victim: the lock holder did not block (state %c)\n",
				   proc_state(v.pid, v.tid));
	return v;
}

/*
 * A task in @cg that charges @pre MiB, waits for a byte on the pipe it
 * returns in *@go, then charges @mb MiB more (and gets the OOM).
 */
static pid_t charger(const char *cg, size_t pre, size_t mb, int *go)
{
	int p[2];
	pid_t pid;

	if (pipe(p))
		ksft_exit_fail_msg("victim: pipe: %s\n", strerror(errno));
	pid = fork();
	if (!pid) {
		char *a, *b, c;

		close(p[1]);
		set_oom_score_adj(getpid(), 0);
		if (cg_enter(cg))
			_exit(3);
		a = mmap(NULL, (pre + 1) * MIB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		b = mmap(NULL, mb * MIB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a == MAP_FAILED || b == MAP_FAILED)
			_exit(4);
		memset(a, 1, pre * MIB);
		if (read(p[0], &c, 1) != 1)
			_exit(5);
		memset(b, 1, mb * MIB);
		_exit(0);
	}
	close(p[0]);
	*go = p[1];
	return pid;
}

/* Wait up to @secs for a kill line in @fd's kmsg; adds it to @s. */
static bool wait_kill(int fd, struct kmsg_scan *s, size_t nr, int secs)
{
	unsigned long long end = mono_ns() + secs * 1000000000ULL;

	while (s->kills.nr < nr && mono_ns() < end) {
		usleep(20000);
		kmsg_scan(fd, s);
	}
	return s->kills.nr >= nr;
}

/* Load test_oom_reaper (from /lib/modules, as the test initramfs has it). */
static bool reaper_module(void)
{
	int cfg = oom_kconfig("CONFIG_TEST_OOM_REAPER");
	int fd, err = 0;

	if (!access(REAPER_HOLD, W_OK))
		return true;
	if (!cfg)
		return false;
	fd = open("/lib/modules/test_oom_reaper.ko", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || syscall(SYS_finit_module, fd, "", 0))
		err = errno;
	if (fd >= 0)
		close(fd);
	if (!access(REAPER_HOLD, W_OK))
		return true;
	if (cfg < 0)
		return false;
	ksft_exit_fail_msg("CONFIG_TEST_OOM_REAPER=m but no %s (load: %s)\n",
			   REAPER_HOLD, strerror(err));
}

static void test_victim(void)
{
	long timeout = stat_read("victim_timeout"), success = stat_read("reap_success");
	long retry = stat_read("reap_retry"), giveup = stat_read("reap_giveup");
	size_t limit = mem_avail_mb() / 4, held = limit * 5 / 8;
	int kfd, go_a, go_n, status, st_a, st_v, i, n_ev = 0;
	int att_a = -1, att_v = -1, ev_a = 0, ev_v = 0;
	struct locked_victim a, v;
	struct kmsg_scan s = { };
	char val[16], state_a, state_v, *buf, *p;
	pid_t ta, next;
	double gap;

	if (!reaper_module())
		oom_skip_all(VICTIM_TESTS, "victim: CONFIG_TEST_OOM_REAPER is off\n");
	if (cg_create(CG, limit * MIB) || cg_create(CG_A, limit * MIB))
		ksft_exit_fail_msg("victim: cannot create %s, %s\n", CG, CG_A);
	ksft_set_plan(VICTIM_TESTS);
	trace_start(EV_TIMEOUT);

	a = locked_victim(CG_A, held, VICTIM_HOLD_MS);
	v = locked_victim(CG, held, VICTIM_HOLD_MS);
	ta = charger(CG_A, 0, held, &go_a);
	next = charger(CG, limit - held - 8, held, &go_n);
	/* Let next fill its part first: its OOM then comes at once. */
	usleep(500000);

	/* A: killed with the long timeout; the reaper then works on A alone. */
	kfd = kmsg_open();
	snprintf(val, sizeof(val), "%d", VICTIM_TA_MS);
	set_knob(VICTIM_TIMEOUT, val);
	if (write(go_a, "x", 1) != 1 || !wait_kill(kfd, &s, 1, 30))
		ksft_exit_fail_msg("victim: A was not killed\n");
	reap(ta);
	/* The reaper starts on A at 2/3 of its timeout and keeps failing. */
	for (i = 0; i < 1000 && stat_read("reap_retry") == retry; i++)
		usleep(20000);
	ksft_print_msg("victim: A (%d) killed, the reaper retries it after %.1f s\n",
		       a.pid, (mono_ns() / 1000 - s.kill_us[0]) / 1e6);

	/* V: killed with the short timeout while the reaper is busy with A. */
	snprintf(val, sizeof(val), "%d", VICTIM_TV_MS);
	set_knob(VICTIM_TIMEOUT, val);
	if (write(go_n, "x", 1) != 1)
		ksft_exit_fail_msg("victim: cannot start next\n");
	status = wait_secs(next, 30, NULL);
	if (status == -1)
		reap(next);
	kmsg_scan(kfd, &s);
	close(kfd);
	state_a = proc_state(a.pid, 0);
	state_v = proc_state(v.pid, 0);

	/*
	 * Let the holders go, once the reaper has given up on A (before,
	 * it would reap A): the victims can then exit.
	 */
	for (i = 0; i < 1000 && stat_read("victim_timeout") < timeout + 2; i++)
		usleep(20000);
	write_file(REAPER_RELEASE, "1");
	st_a = wait_secs(a.pid, 30, NULL);
	st_v = wait_secs(v.pid, 30, NULL);
	if (st_a == -1)
		reap(a.pid);
	if (st_v == -1)
		reap(v.pid);
	/* Anything the reaper does for A, V and next is done by now. */
	usleep(VICTIM_TV_MS * 1000);

	buf = trace_read();
	for (p = buf; (p = strstr(p, "oom_victim_timeout: ")); p++) {
		int pid, attempts;

		if (sscanf(p, "oom_victim_timeout: pid=%d reap_attempts=%d",
			   &pid, &attempts) != 2)
			continue;
		n_ev++;
		if (pid == a.pid) {
			ev_a++;
			att_a = attempts;
		} else if (pid == v.pid) {
			ev_v++;
			att_v = attempts;
		}
	}
	free(buf);
	timeout = stat_read("victim_timeout") - timeout;
	success = stat_read("reap_success") - success;
	retry = stat_read("reap_retry") - retry;
	giveup = stat_read("reap_giveup") - giveup;

	gap = s.kills.nr >= 3 ? (s.kill_us[2] - s.kill_us[1]) / 1000.0 : -1;
	ksft_print_msg("victim: kills %zu (A %d, V %d, next %d: %d, %d, %d), V to next %.0f ms\n",
		       s.kills.nr, a.pid, v.pid, next, s.kills.pid[0],
		       s.kills.nr > 1 ? s.kills.pid[1] : 0,
		       s.kills.nr > 2 ? s.kills.pid[2] : 0, gap);
	ksft_print_msg("victim: victim_timeout +%ld, reap_success +%ld, retry +%ld, giveup +%ld\n",
		       timeout, success, retry, giveup);
	ksft_print_msg("victim: oom_victim_timeout events %d (A %d, reap_attempts %d; V %d, %d)\n",
		       n_ev, ev_a, att_a, ev_v, att_v);
	ksft_test_result(s.kills.nr == 3 && s.kills.pid[0] == a.pid &&
			 s.kills.pid[1] == v.pid && s.kills.pid[2] == next &&
			 status != -1 && WIFSIGNALED(status),
			 "victim: A, then V, then next are OOM-killed\n");
	ksft_test_result(gap >= VICTIM_TV_MS - VICTIM_EARLY_MS &&
			 gap <= VICTIM_TV_MS + VICTIM_LATE_MS,
			 "victim: next is killed at V's %d ms deadline, in [%d, %d] ms (%.0f ms)\n",
			 VICTIM_TV_MS, VICTIM_TV_MS - VICTIM_EARLY_MS,
			 VICTIM_TV_MS + VICTIM_LATE_MS, gap);
	/* A: noticed by the reaper (no OOM looked); V: by the OOM killer. */
	result_if(tracing, n_ev == 2 && ev_a == 1 && att_a > 0 && ev_v == 1 && !att_v,
		  "victim: oom_victim_timeout: A by the reaper (reap_attempts %d), V by the OOM killer (%d)\n",
		  att_a, att_v);
	/*
	 * Two victims timed out; the reaper never reaped either, retried A
	 * every 100 ms from 2/3 of its timeout and gave up on it; V was
	 * already skipped when the reaper got to it.
	 */
	ksft_test_result(timeout == 2 && !success && retry >= 1 && giveup == 1,
			 "victim: victim_timeout +%ld (2), reap_success +%ld (0), reap_retry +%ld (>= 1), reap_giveup +%ld (1)\n",
			 timeout, success, retry, giveup);
	ksft_test_result(state_a == 'D' && state_v == 'D',
			 "victim: both victims were still stuck (%c, %c)\n", state_a, state_v);
	ksft_test_result(st_a != -1 && WIFSIGNALED(st_a) && WTERMSIG(st_a) == SIGKILL &&
			 st_v != -1 && WIFSIGNALED(st_v) && WTERMSIG(st_v) == SIGKILL,
			 "victim: released, both victims exit\n");
	set_knob(VICTIM_TIMEOUT, "3000");
	rmdir(CG);
	rmdir(CG_A);
}

/* Booted with psi=0: the detector cannot be turned on. */
static void test_nopsi(void)
{
	int err;

	if (!access("/proc/pressure/memory", F_OK))
		ksft_exit_fail_msg("nopsi: PSI is on (boot with psi=0)\n");
	ksft_set_plan(NOPSI_TESTS);
	err = write_file(ENABLED, "1");
	ksft_test_result(err == -EOPNOTSUPP && read_long(ENABLED) == 0,
			 "nopsi: thrash_enabled <- 1: EOPNOTSUPP, still 0 (%d)\n", err);
	err = write_file(ENABLED, "0");
	ksft_test_result(!err && read_long(ENABLED) == 0,
			 "nopsi: thrash_enabled <- 0 is accepted (%d)\n", err);
	ksft_test_result(!write_file(THRESHOLD, "50") && read_long(THRESHOLD) == 50 &&
			 !write_file(THRESHOLD, "40"),
			 "nopsi: the other knobs can still be set\n");
}

static const struct {
	const char *name;
	unsigned int tests;
	bool victim;
} groups[] = {
	{ "knobs", KNOBS_TESTS, false }, { "thrash", THRASH_TESTS, false },
	{ "loadshift", SHIFT_TESTS, false }, { "memcg", MEMCG_TESTS, false },
	{ "victim", VICTIM_TESTS, true }, { "nopsi", NOPSI_TESTS, false },
};

int main(int argc, char **argv)
{
	const char *group = argc > 1 ? argv[1] : "knobs";
	bool thr, vic, st;
	size_t g;

	ksft_print_header();
	for (g = 0; g < ARRAY_SIZE(groups) && strcmp(group, groups[g].name); g++)
		;
	if (g == ARRAY_SIZE(groups))
		ksft_exit_fail_msg("unknown group %s (knobs|thrash|loadshift|memcg|victim|nopsi)\n",
				   group);
	if (getuid())
		oom_skip_all(groups[g].tests, "needs root\n");
	thr = oom_feature("CONFIG_OOM_THRASH", ENABLED);
	vic = oom_feature("CONFIG_OOM_VICTIM_TIMEOUT", VICTIM_TIMEOUT);
	st = oom_feature("CONFIG_OOM_STATS", OOM_DIR "/stats");
	thrash_on = thr;
	if (!strcmp(group, "knobs") ? !thr && !vic : groups[g].victim ? !vic : !thr)
		oom_skip_all(groups[g].tests, "CONFIG_%s is not set\n",
			     groups[g].victim ? "OOM_VICTIM_TIMEOUT" :
			     !strcmp(group, "knobs") ? "OOM_THRASH/OOM_VICTIM_TIMEOUT" :
			     "OOM_THRASH");
	/* The counters and tracepoints the functional groups check. */
	if (strcmp(group, "knobs") && strcmp(group, "nopsi") && !st)
		ksft_exit_fail_msg("CONFIG_OOM_STATS is needed for %s\n", group);
	if (strcmp(group, "knobs") && strcmp(group, "nopsi"))
		tracing = oom_feature("CONFIG_EVENT_TRACING",
				      groups[g].victim ? EV_TIMEOUT : EV_THRASH);
	set_oom_score_adj(getpid(), -1000);
	signal(SIGPIPE, SIG_IGN);
	atexit(detector_off_at_exit);
	if (strcmp(group, "knobs") && strcmp(group, "victim") && strcmp(group, "nopsi") &&
	    zram_swap_on("1G"))
		ksft_exit_fail_msg("cannot turn on zram swap\n");

	if (!strcmp(group, "knobs"))
		test_knobs(thr, vic, st);
	else if (!strcmp(group, "thrash"))
		test_thrash();
	else if (!strcmp(group, "loadshift"))
		test_loadshift();
	else if (!strcmp(group, "memcg"))
		test_memcg();
	else if (!strcmp(group, "victim"))
		test_victim();
	else
		test_nopsi();
	ksft_finished();
}
