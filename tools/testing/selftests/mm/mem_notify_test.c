// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of /dev/mem_notify, one group per argument:
 *   basic   permissions, -EAGAIN at rest, bad reads/ioctls, the module
 *           parameters (defaults, bad values, both ends of each range);
 *           not seekable; no event while nothing reclaims
 *   wake    a reader is woken under pressure through poll, epoll, SIGIO,
 *           F_SETSIG and a blocking read, within ONSET_MS of the onset of
 *           pressure; the event is sane; reader_interval_ms paces the
 *           notifications of a reader
 *   memcg   limit reclaim in a cgroup notifies readers in it and below,
 *           not readers in the root or a sibling cgroup; an episode below
 *           critical wakes a reader at level low, not one at critical; a
 *           read() into a bad buffer fails with EFAULT and consumes
 *   many    1,000 readers under persisting pressure with a non-default
 *           batch and interval_ms: every round wakes exactly "batch" of
 *           them, rounds are "interval_ms" apart, all are notified in time
 *   demo    3 cache-holding mem_notify_cache demos (tools/mm, found in
 *           $PATH) and a growing hog: with the demos listening only the
 *           hog is killed; without, demos die
 * Every group but basic runs with lru_gen (MGLRU) disabled, then enabled;
 * on a kernel without CONFIG_LRU_GEN the second pass is skipped.  Pressure
 * comes from a "keeper" that allocates until no zone passes its low
 * watermark (so kswapd runs) and keeps it there, without reaching the OOM
 * killer.  The module parameters are restored at exit.
 * Run as root in a disposable guest without swap.
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
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "oom_util.h"
#include "mem_notify_util.h"

#define DEV		"/dev/mem_notify"
#define PARAMS		"/sys/module/mem_notify/parameters/"
#define LRU_GEN		"/sys/kernel/mm/lru_gen/enabled"
#define CG		"/sys/fs/cgroup/"
#define ZRAM		"/dev/zram0"
#define ZRAM_SYS	"/sys/block/zram0/"
#define DEMO		"mem_notify_cache"	/* from tools/mm, in $PATH */
#define MB		(1024UL * 1024)
#define READERS		1000
/*
 * Upper bounds, about 3x what TCG guests on a busy 2-CPU host showed (the
 * figures are printed): the keeper's start to a reader's wakeup (2.9-8.9
 * s, mostly the keeper filling memory); the episode's onset (its first
 * report by reclaim) to the wakeup (0-40 ms; 500 ms, looser, as a tick
 * under TCG can take that long); a memcg hog's or page cache reader's
 * start to the wakeup (1.1-3.4 s); reading CACHE_READ of page cache (5-8
 * s); the end of an episode once pressure is gone (up to 1.5 s).
 */
#define WAKE_MS		25000
#define ONSET_MS	500
#define MEMCG_WAKE_MS	10000
#define READ_MS		25000
#define CALM_MS		5000
/* Non-default parameters of the "many" group: a hard-coded 64 or 100 fails. */
#define MANY_BATCH	150
#define MANY_INTERVAL	300
/* The page cache reader's cgroup limit, and how much it reads. */
#define CACHE_MAX	(96 * MB)
#define CACHE_READ	"192M"

/* Tests per group, per LRU mode where the group runs once per mode. */
#define BASIC_TESTS	18
#define WAKE_TESTS	(M_NR + 1)
#define MEMCG_TESTS	6
#define MANY_TESTS	3
#define DEMO_TESTS	2

enum mech { M_POLL, M_EPOLL, M_SIGIO, M_SETSIG, M_READ, M_NR };
static const char * const mech_name[M_NR] = {
	"poll", "epoll", "SIGIO", "F_SETSIG", "blocking read",
};

static const char * const level_name[] = { "none", "low", "medium", "critical" };

/* lru_gen off then on; a NULL second mode means the kernel has no lru_gen. */
static const char *lru_modes[2];
static int nr_lru_modes;

static void init_lru_modes(void)
{
	int cfg = oom_kconfig("CONFIG_LRU_GEN");

	if (cfg == 1 && access(LRU_GEN, W_OK))
		ksft_exit_fail_msg("CONFIG_LRU_GEN=y but %s is not writable\n", LRU_GEN);
	if (!cfg || (cfg < 0 && access(LRU_GEN, W_OK))) {
		lru_modes[nr_lru_modes++] = NULL;
		return;
	}
	lru_modes[nr_lru_modes++] = "n";
	lru_modes[nr_lru_modes++] = "y";
}

/*
 * Enter LRU mode @i for @tests tests: false (and the tests skipped) if
 * the kernel has no such mode.
 */
static bool enter_lru_mode(int i, unsigned int tests, const char **name)
{
	unsigned int t;

	if (i >= nr_lru_modes) {
		for (t = 0; t < tests; t++)
			ksft_test_result_skip("MGLRU pass: kernel without CONFIG_LRU_GEN\n");
		return false;
	}
	if (!lru_modes[i]) {
		*name = "lru_gen absent";
		return true;
	}
	if (write_file(LRU_GEN, lru_modes[i]))
		ksft_exit_fail_msg("cannot write %s to %s\n", lru_modes[i], LRU_GEN);
	*name = lru_modes[i][0] == 'y' ? "MGLRU" : "classic LRU";
	return true;
}

/* The module parameters: documented defaults and ranges, bad values. */
enum { P_BATCH, P_INTERVAL, P_READER_INTERVAL };

static const struct param {
	const char *name;
	long def, min, max;
	const char *bad[6];	/* each fails with EINVAL */
} params[] = {
	{ "batch", 64, 1, 4096, { "0", "4097", "-1", "x", "1.5", NULL } },
	{ "interval_ms", 100, 10, 10000, { "0", "9", "10001", "-1", "x", NULL } },
	{ "reader_interval_ms", 1000, 10, 600000, { "0", "9", "600001", "-1", "x", NULL } },
};

#define NR_PARAMS	ARRAY_SIZE(params)

static long saved_param[NR_PARAMS];

static long get_param(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), PARAMS "%s", name);
	return read_long(path);
}

static int put_param(const char *name, const char *val)
{
	char path[128];

	snprintf(path, sizeof(path), PARAMS "%s", name);
	return write_file(path, val);
}

/* Set a parameter the test relies on; it must be accepted and read back. */
static void set_param(const char *name, long val)
{
	char buf[32];
	long got;
	int err;

	snprintf(buf, sizeof(buf), "%ld", val);
	err = put_param(name, buf);
	got = get_param(name);
	if (err || got != val)
		ksft_exit_fail_msg("%s=%ld: write %s, reads back %ld\n", name, val,
				   strerror(-err), got);
}

static void restore_params(void)
{
	char buf[32];
	size_t i;

	for (i = 0; i < NR_PARAMS; i++) {
		if (saved_param[i] <= 0)
			continue;
		snprintf(buf, sizeof(buf), "%ld", saved_param[i]);
		put_param(params[i].name, buf);
	}
}

static void save_params(void)
{
	size_t i;

	for (i = 0; i < NR_PARAMS; i++) {
		saved_param[i] = get_param(params[i].name);
		if (saved_param[i] <= 0)
			ksft_exit_fail_msg("%s%s unreadable: %s\n", PARAMS, params[i].name,
					   strerror(-saved_param[i]));
	}
	atexit(restore_params);
}

static bool event_sane(const struct mem_notify_event *ev, ssize_t n,
		       unsigned long long t0, unsigned int scope)
{
	unsigned long long t1 = now_ns();
	unsigned long total = mem_total_kb() / (getpagesize() / 1024);
	const char *why = NULL;
	int i;

	if (n != sizeof(*ev))
		why = "short read";
	else if (ev->size != sizeof(*ev))
		why = "size";
	else if (ev->level < MEM_NOTIFY_LEVEL_LOW || ev->level > MEM_NOTIFY_LEVEL_CRITICAL)
		why = "level";
	else if (ev->scope != scope)
		why = "scope";
	else if (ev->seq < 1)
		why = "seq";
	else if (ev->onset_ns < t0 || ev->onset_ns > ev->timestamp_ns ||
		 ev->timestamp_ns > t1)
		why = "timestamps";
	else if (ev->free_pages > total || ev->available_pages > total)
		why = "page counts";
	else if (ev->page_size != (unsigned int)getpagesize())
		why = "page_size";
	else if ((scope == MEM_NOTIFY_SCOPE_SYSTEM) != !ev->cgroup_id)
		why = "cgroup_id";
	for (i = 0; i < 4; i++)
		if (ev->reserved[i] || ev->reserved32)
			why = "reserved";
	if (n != sizeof(*ev)) {
		ksft_print_msg("event: none (read %zd)\n", n);
		return false;
	}
	ksft_print_msg("event: level %u scope %u seq %llu missed %u round %llu%s%s\n",
		       ev->level, ev->scope, (unsigned long long)ev->seq, ev->missed,
		       (unsigned long long)ev->round, why ? " BAD: " : "", why ? why : "");
	ksft_print_msg("event: onset +%.3f s, read %.3f ms later, free %llu avail %llu pages\n",
		       (ev->onset_ns - t0) / 1e9, (t1 - ev->onset_ns) / 1e6,
		       (unsigned long long)ev->free_pages,
		       (unsigned long long)ev->available_pages);
	return !why;
}

static int open_dev(int flags)
{
	int fd = open(DEV, flags | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

/* True if @fd has nothing to read. */
static bool quiet(int fd)
{
	struct mem_notify_event ev;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, 0) != 0)
		return false;
	return read(fd, &ev, sizeof(ev)) < 0 && errno == EAGAIN;
}

/* Wait up to @ms for an event on @fd and read it; the read() result. */
static ssize_t next_event(int fd, int ms, struct mem_notify_event *ev)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	if (poll(&p, 1, ms) != 1 || !(p.revents & POLLIN))
		return -1;
	return read(fd, ev, sizeof(*ev));
}

static int open_in(const char *cg)
{
	int fd;

	if (cg_enter(cg))
		return -1;
	fd = open_dev(O_RDONLY | O_NONBLOCK);
	cg_enter(CG);
	return fd;
}

static double ms_since(unsigned long long t0)
{
	return (now_ns() - t0) / 1e6;
}

/*
 * Handshake instead of a sleep: wait until no episode of pressure that a
 * reader in @cg (NULL: the root cgroup) hears of is active.  A new reader
 * is due at once, so the next round of an active episode notifies it; one
 * that stays quiet for several wake intervals proves that no round runs
 * for its scopes.  Fails the program if pressure lasts beyond CALM_MS.
 */
static void wait_calm(const char *cg)
{
	long interval = get_param("interval_ms");
	int window = interval * 5 > 500 ? interval * 5 : 500;
	unsigned long long t0 = now_ns();
	int fd, r, tries = 0;

	for (;;) {
		struct pollfd p;

		fd = cg ? open_in(cg) : open_dev(O_RDONLY | O_NONBLOCK);
		if (fd < 0)
			ksft_exit_fail_msg("open %s: %s\n", DEV, strerror(-fd));
		p = (struct pollfd){ .fd = fd, .events = POLLIN };
		r = poll(&p, 1, window);
		close(fd);
		tries++;
		if (!r)
			break;
		if (ms_since(t0) > CALM_MS)
			ksft_exit_fail_msg("pressure did not end within %d ms\n", CALM_MS);
	}
	if (tries > 1)
		ksft_print_msg("calm after %.0f ms (%d probes)\n", ms_since(t0), tries);
}

/* Bad values fail with EINVAL (a number too big for an int: ERANGE), unchanged. */
static void test_param_bad(const struct param *p)
{
	long before = get_param(p->name), after;
	bool ok = before > 0;
	const char *bad = "";
	int i, err;

	for (i = 0; p->bad[i]; i++) {
		err = put_param(p->name, p->bad[i]);
		if (err != -EINVAL) {
			ksft_print_msg("%s=%s: %s, expected EINVAL\n", p->name, p->bad[i],
				       err ? strerror(-err) : "accepted");
			ok = false;
			bad = p->bad[i];
		}
	}
	/* kstrtouint(): a value that does not fit in 32 bits is ERANGE. */
	err = put_param(p->name, "4294967296");
	if (err != -ERANGE) {
		ksft_print_msg("%s=4294967296: %s, expected ERANGE\n", p->name,
			       err ? strerror(-err) : "accepted");
		ok = false;
		bad = "4294967296";
	}
	after = get_param(p->name);
	ksft_test_result(ok && after == before,
			 "%s: %ld-1, %ld+1 and malformed values: EINVAL, 2^32: ERANGE, unchanged (%ld -> %ld)%s%s\n",
			 p->name, p->min, p->max, before, after, *bad ? ", failed on " : "", bad);
}

/* Both ends of the range are accepted (with or without a newline) and read back. */
static void test_param_range(size_t i)
{
	const struct param *p = &params[i];
	char lo[32], hi[32];
	long got_lo, got_hi;
	int err_lo, err_hi;

	snprintf(lo, sizeof(lo), "%ld", p->min);
	snprintf(hi, sizeof(hi), "%ld\n", p->max);
	err_lo = put_param(p->name, lo);
	got_lo = get_param(p->name);
	err_hi = put_param(p->name, hi);
	got_hi = get_param(p->name);
	set_param(p->name, saved_param[i]);
	ksft_test_result(!err_lo && !err_hi && got_lo == p->min && got_hi == p->max,
			 "%s: %ld and %ld accepted and read back (%s %ld, %s %ld)\n", p->name,
			 p->min, p->max, strerror(-err_lo), got_lo, strerror(-err_hi), got_hi);
}

static void test_basic(void)
{
	struct mem_notify_event ev;
	unsigned int level;
	struct stat st;
	int fd, err, status;
	pid_t pid;
	void *noaccess;
	size_t i;
	bool ok;

	ksft_test_result(!stat(DEV, &st) && S_ISCHR(st.st_mode) &&
			 (st.st_mode & 0777) == 0444,
			 "%s is a character device, mode 0444\n", DEV);

	/* Anyone may read; nobody may write. */
	pid = fork();
	if (!pid) {
		/* nobody */
		if (setgid(65534) || setuid(65534))
			_exit(2);
		fd = open_dev(O_RDONLY | O_NONBLOCK);
		if (fd < 0)
			_exit(3);
		if (!quiet(fd))
			_exit(4);
		_exit(open_dev(O_RDWR) == -EACCES ? 0 : 5);
	}
	waitpid(pid, &status, 0);
	ksft_test_result(WIFEXITED(status) && !WEXITSTATUS(status),
			 "an unprivileged user opens it read-only, not read-write (%d)\n",
			 WEXITSTATUS(status));

	fd = open_dev(O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		ksft_exit_fail_msg("open %s: %s\n", DEV, strerror(-fd));
	/* Nothing reclaims: no round may notify a new reader (due at once). */
	usleep(5 * get_param("interval_ms") * 1000);
	ksft_test_result(quiet(fd), "at rest: not readable, read() fails with EAGAIN\n");
	errno = 0;
	ksft_test_result(read(fd, &ev, sizeof(ev) - 1) < 0 && errno == EINVAL,
			 "a read shorter than one record: EINVAL (%s)\n", strerror(errno));
	errno = 0;
	ksft_test_result(lseek(fd, 0, SEEK_SET) < 0 && errno == ESPIPE,
			 "not seekable: ESPIPE (%s)\n", strerror(errno));
	errno = 0;
	ksft_test_result(write(fd, "x", 1) < 0 && errno == EBADF,
			 "write() on a read-only open: EBADF (%s)\n", strerror(errno));

	level = 0;
	err = ioctl(fd, MEM_NOTIFY_IOC_GET_LEVEL, &level);
	ksft_test_result(!err && level == MEM_NOTIFY_LEVEL_LOW,
			 "default minimum level: low (%u)\n", level);
	level = 0;
	err = ioctl(fd, MEM_NOTIFY_IOC_SET_LEVEL, &level) ? errno : 0;
	level = 4;
	err = err == EINVAL && ioctl(fd, MEM_NOTIFY_IOC_SET_LEVEL, &level) && errno == EINVAL;
	level = 9;
	err = err && !ioctl(fd, MEM_NOTIFY_IOC_GET_LEVEL, &level) && level == MEM_NOTIFY_LEVEL_LOW;
	ksft_test_result(err, "levels 0 and 4: EINVAL, the level is unchanged\n");
	level = MEM_NOTIFY_LEVEL_CRITICAL;
	err = ioctl(fd, MEM_NOTIFY_IOC_SET_LEVEL, &level);
	level = 0;
	err = err || ioctl(fd, MEM_NOTIFY_IOC_GET_LEVEL, &level) ||
	      level != MEM_NOTIFY_LEVEL_CRITICAL;
	ksft_test_result(!err, "level critical set and read back\n");
	errno = 0;
	ksft_test_result(ioctl(fd, _IO(MEM_NOTIFY_IOC_MAGIC, 0x7f)) < 0 && errno == ENOTTY &&
			 ioctl(fd, MEM_NOTIFY_IOC_SET_LEVEL, NULL) < 0 && errno == EFAULT,
			 "unknown ioctl: ENOTTY, SET_LEVEL bad pointer: EFAULT\n");

	/* GET_LEVEL into NULL and into a page without access: EFAULT. */
	noaccess = mmap(NULL, getpagesize(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (noaccess == MAP_FAILED)
		ksft_exit_fail_msg("mmap: %s\n", strerror(errno));
	errno = 0;
	ok = ioctl(fd, MEM_NOTIFY_IOC_GET_LEVEL, NULL) < 0 && errno == EFAULT;
	errno = 0;
	ok = ok && ioctl(fd, MEM_NOTIFY_IOC_GET_LEVEL, noaccess) < 0 && errno == EFAULT;
	/* ... and SET_LEVEL from one leaves the level as it was. */
	ok = ok && ioctl(fd, MEM_NOTIFY_IOC_SET_LEVEL, noaccess) < 0 && errno == EFAULT;
	level = 0;
	ok = ok && !ioctl(fd, MEM_NOTIFY_IOC_GET_LEVEL, &level) &&
	     level == MEM_NOTIFY_LEVEL_CRITICAL;
	ksft_test_result(ok, "GET_LEVEL into a bad pointer: EFAULT (%s); SET_LEVEL: unchanged\n",
			 strerror(errno));
	munmap(noaccess, getpagesize());
	close(fd);

	/* The module parameters: documented defaults, errors, ranges. */
	ok = true;
	for (i = 0; i < NR_PARAMS; i++) {
		long v = get_param(params[i].name);

		ksft_print_msg("%s = %ld (documented default %ld)\n", params[i].name, v,
			       params[i].def);
		ok = ok && v == params[i].def;
	}
	ksft_test_result(ok, "parameters at their documented defaults (%ld, %ld, %ld)\n",
			 params[0].def, params[1].def, params[2].def);
	for (i = 0; i < NR_PARAMS; i++)
		test_param_bad(&params[i]);
	for (i = 0; i < NR_PARAMS; i++)
		test_param_range(i);
}

static void on_alarm(int sig)
{
}

/*
 * Wait up to WAKE_MS for an event on @fd by @m; returns the read() result
 * into @ev.
 */
static ssize_t wait_event(int fd, enum mech m, struct mem_notify_event *ev,
			  sigset_t *set)
{
	struct epoll_event e = { .events = EPOLLIN };
	struct timespec to = { WAKE_MS / 1000, (WAKE_MS % 1000) * 1000000L };
	struct itimerval it = { .it_value = { WAKE_MS / 1000, (WAKE_MS % 1000) * 1000 } };
	struct itimerval off = { 0 };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct sigaction sa = { 0 };
	siginfo_t si;
	int ep, r;

	switch (m) {
	case M_POLL:
		r = poll(&p, 1, WAKE_MS);
		if (r != 1 || !(p.revents & POLLIN))
			return -1;
		break;
	case M_EPOLL:
		ep = epoll_create1(EPOLL_CLOEXEC);
		e.data.fd = fd;
		if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e))
			return -1;
		r = epoll_wait(ep, &e, 1, WAKE_MS);
		close(ep);
		if (r != 1 || e.data.fd != fd)
			return -1;
		break;
	case M_SIGIO:
	case M_SETSIG:
		r = sigtimedwait(set, &si, &to);
		if (m == M_SIGIO && r != SIGIO)
			return -1;
		if (m == M_SETSIG && (r != SIGRTMIN + 1 || si.si_fd != fd ||
				      !(si.si_band & POLLIN)))
			return -1;
		break;
	case M_READ:
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		sa.sa_handler = on_alarm;	/* no SA_RESTART: read() fails with EINTR */
		sigaction(SIGALRM, &sa, NULL);
		setitimer(ITIMER_REAL, &it, NULL);
		r = read(fd, ev, sizeof(*ev));
		setitimer(ITIMER_REAL, &off, NULL);
		return r;
	default:
		return -1;
	}
	return read(fd, ev, sizeof(*ev));
}

/*
 * Read the events of @fd for @ms: @repeats counts those at the level of
 * the one before (what reader_interval_ms paces), @level is the last level.
 */
static int read_events_for(int fd, int ms, unsigned int *level, int *repeats)
{
	unsigned long long end = now_ns() + ms * 1000000ULL;
	struct mem_notify_event ev;
	int n = 0;

	for (;;) {
		unsigned long long t = now_ns();

		if (t >= end)
			break;
		if (next_event(fd, (end - t) / 1000000 + 1, &ev) != sizeof(ev))
			continue;
		n++;
		if (ev.level == *level)
			(*repeats)++;
		*level = ev.level;
	}
	return n;
}

/*
 * reader_interval_ms end to end: under persisting pressure, a reader that
 * reads at once is notified again at the same level after 10 ms (every
 * round, interval_ms 100: about 20 times in 2 s), and never after 600000
 * ms.  A hard-coded 1000 ms gives 1-2 repeats in either case.
 */
static void test_reader_interval(const char *lru)
{
	struct mem_notify_event ev;
	unsigned int level = 0, level2 = 0;
	int fd, fd2, fast = 0, slow = 0, n1 = 0, n2 = 0;
	unsigned long long t0;
	bool ok;
	pid_t keeper;

	wait_calm(NULL);
	set_param("reader_interval_ms", 10);
	fd = open_dev(O_RDONLY | O_NONBLOCK);
	if (fd < 0)
		ksft_exit_fail_msg("open: %s\n", strerror(-fd));
	t0 = now_ns();
	keeper = start_keeper();
	ok = next_event(fd, WAKE_MS, &ev) == sizeof(ev);
	ksft_print_msg("%s: first event after %.0f ms\n", lru, ms_since(t0));
	if (ok) {
		level = ev.level;
		n1 = read_events_for(fd, 2000, &level, &fast);
	}
	close(fd);

	set_param("reader_interval_ms", 600000);
	fd2 = open_dev(O_RDONLY | O_NONBLOCK);
	if (fd2 < 0)
		ksft_exit_fail_msg("open: %s\n", strerror(-fd2));
	/* A new reader is due at once, whatever reader_interval_ms says. */
	ok = ok && next_event(fd2, WAKE_MS, &ev) == sizeof(ev);
	if (ok) {
		level2 = ev.level;
		n2 = read_events_for(fd2, 2000, &level2, &slow);
	}
	if (waitpid(keeper, NULL, WNOHANG) == keeper)
		ksft_print_msg("the keeper died early\n");
	stop_child(keeper);
	close(fd2);
	set_param("reader_interval_ms", saved_param[P_READER_INTERVAL]);
	ksft_print_msg("%s: reader_interval_ms 10: %d more events in 2 s, %d same level\n",
		       lru, n1, fast);
	ksft_print_msg("%s: reader_interval_ms 600000: %d more events in 2 s, %d same level\n",
		       lru, n2, slow);
	ksft_test_result(ok && fast >= 5 && !slow,
			 "%s: reader_interval_ms paces a reader: 10 ms -> %d repeats (>= 5), 600000 ms -> %d (0)\n",
			 lru, fast, slow);
}

static void test_wake(void)
{
	struct timespec zero = { 0, 0 };
	sigset_t all;
	int mode, m;

	/* Kept blocked: a late notification must not kill the test. */
	sigemptyset(&all);
	sigaddset(&all, SIGIO);
	sigaddset(&all, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &all, NULL);
	for (mode = 0; mode < 2; mode++) {
		const char *lru;

		if (!enter_lru_mode(mode, WAKE_TESTS, &lru))
			continue;
		for (m = 0; m < M_NR; m++) {
			struct mem_notify_event ev;
			unsigned long long t0, t1;
			double waited, latency = -1;
			sigset_t set;
			bool ok;
			ssize_t n;
			pid_t keeper;
			int fd;

			sigemptyset(&set);
			sigaddset(&set, m == M_SETSIG ? SIGRTMIN + 1 : SIGIO);
			/* The previous run's pressure must have ended. */
			wait_calm(NULL);
			fd = open_dev(O_RDONLY | O_NONBLOCK);
			if (fd < 0)
				ksft_exit_fail_msg("open: %s\n", strerror(-fd));
			if (m == M_SIGIO || m == M_SETSIG) {
				fcntl(fd, F_SETOWN, getpid());
				if (m == M_SETSIG)
					fcntl(fd, F_SETSIG, SIGRTMIN + 1);
				fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC);
			}
			ok = quiet(fd);
			t0 = now_ns();
			keeper = start_keeper();
			n = wait_event(fd, m, &ev, &set);
			t1 = now_ns();
			waited = (t1 - t0) / 1e6;
			stop_child(keeper);
			if (n == sizeof(ev) && ev.onset_ns <= t1)
				latency = (t1 - ev.onset_ns) / 1e6;
			ksft_print_msg("%s: %s: woken %.0f ms after keeper start, %.0f onset\n",
				       lru, mech_name[m], waited, latency);
			ok = ok && event_sane(&ev, n, t0, MEM_NOTIFY_SCOPE_SYSTEM) &&
			     latency >= 0 && latency <= ONSET_MS;
			ksft_test_result(ok,
					 "%s: woken through %s within %d ms, %d ms of the onset, event sane\n",
					 lru, mech_name[m], WAKE_MS, ONSET_MS);
			close(fd);
			while (sigtimedwait(&all, NULL, &zero) > 0)
				;
		}
		test_reader_interval(lru);
	}
}

static unsigned long long cg_id(const char *dir)
{
	struct stat st;

	return stat(dir, &st) ? 0 : st.st_ino;
}

static bool zram_on;

static void zram_off(void)
{
	write_file(ZRAM_SYS "reset", "1");
}

/*
 * zram0 as a plain block device, not swap: its page cache is the only
 * clean, reclaimable memory a disk-less guest has.  False if the kernel
 * has no zram (then the tests that need it skip); a failure to set it up
 * on a kernel with CONFIG_ZRAM=y fails the program.
 */
static bool setup_zram(void)
{
	int cfg = oom_kconfig("CONFIG_ZRAM");

	if (!cfg || (cfg < 0 && access(ZRAM_SYS "disksize", W_OK)))
		return false;
	if (write_file(ZRAM_SYS "disksize", CACHE_READ))
		ksft_exit_fail_msg("cannot size %s\n", ZRAM);
	atexit(zram_off);
	return true;
}

/*
 * A child in @cg that reads all of zram0 once (page cache only, never
 * written, so clean) and reports it on the returned pipe, then waits to
 * be killed.
 */
static pid_t start_cache_reader(const char *cg, int *done)
{
	static char buf[64 * 1024];
	int pfd[2], fd;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid) {
		close(pfd[1]);
		*done = pfd[0];
		return pid;
	}
	close(pfd[0]);
	set_oom_score_adj(getpid(), 0);
	if (cg_enter(cg))
		_exit(1);
	fd = open(ZRAM, O_RDONLY);
	if (fd < 0)
		_exit(2);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	if (write(pfd[1], "d", 1) != 1)
		_exit(3);
	pause();
	_exit(0);
}

/*
 * End-to-end level filtering and read() into a bad buffer.  Limit reclaim
 * of clean page cache succeeds at a light priority, so the episode stays
 * below critical (a memory cgroup's level follows the priority alone).
 * Readers in mn_f at minimum level critical, medium and low (two).  Once
 * the episode has ended (a handshake, so every round has run), the low
 * reader's record carries the episode's highest level L: a reader at
 * medium must be woken if and only if L >= medium, one at critical not at
 * all.  The second low reader's record is read into a page without access:
 * EFAULT, and the record is consumed (mn_read() takes it before copying).
 */
static void test_filter(const char *lru)
{
	int fc, fm, fe, fl, done = -1, r;
	unsigned int lvl = MEM_NOTIFY_LEVEL_CRITICAL;
	struct mem_notify_event ev, evm;
	struct pollfd p;
	unsigned long long t0;
	double woken = -1, read_ms = -1;
	ssize_t n = -1, nm = -1;
	bool ok, below, mwoken, cquiet, efault, consumed;
	void *noaccess;
	char c;
	pid_t pid;

	if (!zram_on) {
		ksft_test_result_skip("%s: level filtering: no zram (CONFIG_ZRAM=n)\n", lru);
		ksft_test_result_skip("%s: read() EFAULT: no zram (CONFIG_ZRAM=n)\n", lru);
		return;
	}
	wait_calm(CG "mn_f");
	fc = open_in(CG "mn_f");
	fm = open_in(CG "mn_f");
	fe = open_in(CG "mn_f");
	fl = open_in(CG "mn_f");
	if (fc < 0 || fm < 0 || fe < 0 || fl < 0)
		ksft_exit_fail_msg("cannot open the readers in mn_f\n");
	ok = !ioctl(fc, MEM_NOTIFY_IOC_SET_LEVEL, &lvl);
	lvl = MEM_NOTIFY_LEVEL_MEDIUM;
	ok = ok && !ioctl(fm, MEM_NOTIFY_IOC_SET_LEVEL, &lvl);
	if (!ok)
		ksft_exit_fail_msg("SET_LEVEL: %s\n", strerror(errno));

	t0 = now_ns();
	pid = start_cache_reader(CG "mn_f", &done);
	if (pid < 0)
		ksft_exit_fail_msg("cannot start the page cache reader\n");
	p = (struct pollfd){ .fd = fl, .events = POLLIN };
	if (poll(&p, 1, MEMCG_WAKE_MS) == 1)
		woken = ms_since(t0);
	/* The reader is done: no more limit reclaim, the level is final. */
	p = (struct pollfd){ .fd = done, .events = POLLIN };
	r = poll(&p, 1, READ_MS);
	if (r == 1 && read(done, &c, 1) == 1)
		read_ms = ms_since(t0);
	close(done);
	wait_calm(CG "mn_f");
	stop_child(pid);
	ksft_print_msg("%s: page cache reader: low reader woken at %.0f ms, %s read in %.0f ms\n",
		       lru, woken, CACHE_READ, read_ms);

	n = read(fl, &ev, sizeof(ev));
	ok = woken >= 0 && read_ms >= 0 &&
	     event_sane(&ev, n, t0, MEM_NOTIFY_SCOPE_MEMCG) && ev.cgroup_id == cg_id(CG "mn_f");
	below = ok && ev.level < MEM_NOTIFY_LEVEL_CRITICAL;
	ksft_test_result(ok && below,
			 "%s: clean page cache limit reclaim: a low reader is woken, the episode stays below critical (%s)\n",
			 lru, ok ? level_name[ev.level] : "no event");

	nm = read(fm, &evm, sizeof(evm));
	mwoken = nm == sizeof(evm);
	if (mwoken)
		ksft_print_msg("%s: medium reader: level %u seq %llu\n", lru, evm.level,
			       (unsigned long long)evm.seq);
	cquiet = quiet(fc);
	ok = below && mwoken == (ev.level >= MEM_NOTIFY_LEVEL_MEDIUM) && cquiet &&
	     (!mwoken || evm.level >= MEM_NOTIFY_LEVEL_MEDIUM);
	ksft_test_result(ok,
			 "%s: an episode at %s wakes a reader at minimum medium: %s, at critical: %s\n",
			 lru, below ? level_name[ev.level] : "?", mwoken ? "yes" : "no",
			 cquiet ? "no" : "yes");

	/* Pending record, episode over: nothing can renotify fe meanwhile. */
	noaccess = mmap(NULL, getpagesize(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (noaccess == MAP_FAILED)
		ksft_exit_fail_msg("mmap: %s\n", strerror(errno));
	p = (struct pollfd){ .fd = fe, .events = POLLIN };
	ok = poll(&p, 1, 0) == 1;
	errno = 0;
	efault = ok && read(fe, noaccess, sizeof(ev)) < 0 && errno == EFAULT;
	ksft_print_msg("%s: read() into PROT_NONE: %s\n", lru, strerror(errno));
	errno = 0;
	efault = efault && read(fe, noaccess, sizeof(ev)) < 0 && errno == EAGAIN;
	consumed = quiet(fe);
	ksft_test_result(ok && efault && consumed,
			 "%s: read() into a bad buffer with a record pending: EFAULT, the record is consumed\n",
			 lru);
	munmap(noaccess, getpagesize());
	close(fc);
	close(fm);
	close(fe);
	close(fl);
}

static void test_memcg(void)
{
	int mode;

	if (cg_create(CG "mn_a", 32 * MB) || cg_create(CG "mn_b", 64 * MB) ||
	    write_file(CG "mn_a/cgroup.subtree_control", "+memory") ||
	    cg_create(CG "mn_a/sub", 64 * MB) || cg_create(CG "mn_a/hog", 64 * MB) ||
	    cg_create(CG "mn_f", CACHE_MAX))
		ksft_exit_fail_msg("cannot create the cgroups\n");
	zram_on = setup_zram();
	for (mode = 0; mode < 2; mode++) {
		struct mem_notify_event ev;
		unsigned long long t0;
		int fa, fb, froot, fz;
		struct pollfd p;
		double woken = -1;
		const char *lru;
		bool ok, marker;
		ssize_t n = -1;
		pid_t hog;

		if (!enter_lru_mode(mode, MEMCG_TESTS, &lru))
			continue;
		wait_calm(CG "mn_a/sub");
		/*
		 * fz last, beside fa (mn_a has children: no process may be in
		 * it): the round that reaches fz has passed fb and froot.
		 */
		fa = open_in(CG "mn_a/sub");
		fb = open_in(CG "mn_b");
		froot = open_dev(O_RDONLY | O_NONBLOCK);
		fz = open_in(CG "mn_a/sub");
		if (fa < 0 || fb < 0 || froot < 0 || fz < 0)
			ksft_exit_fail_msg("cannot open the readers\n");
		p = (struct pollfd){ .fd = fa, .events = POLLIN };
		t0 = now_ns();
		hog = fork();
		if (!hog) {
			char *m;

			cg_enter(CG "mn_a/hog");
			set_oom_score_adj(getpid(), 0);
			/* Twice the limit, slowly: limit reclaim, then a memcg OOM. */
			for (int i = 0; i < 64; i++) {
				m = mmap(NULL, MB, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
				if (m == MAP_FAILED)
					_exit(1);
				memset(m, i, MB);
				usleep(5000);
			}
			_exit(0);
		}
		if (poll(&p, 1, MEMCG_WAKE_MS) == 1) {
			woken = ms_since(t0);
			n = read(fa, &ev, sizeof(ev));
		}
		waitpid(hog, NULL, 0);
		ksft_print_msg("%s: reader in mn_a/sub woken after %.0f ms\n", lru, woken);
		ok = event_sane(&ev, n, t0, MEM_NOTIFY_SCOPE_MEMCG);
		ksft_test_result(ok && ev.cgroup_id == cg_id(CG "mn_a"),
				 "%s: a reader in mn_a/sub learns of limit reclaim in mn_a within %d ms\n",
				 lru, MEMCG_WAKE_MS);
		p = (struct pollfd){ .fd = fz, .events = POLLIN };
		marker = poll(&p, 1, 5 * get_param("interval_ms") + 1000) == 1;
		if (!marker)
			ksft_print_msg("%s: the last reader in mn_a/sub was not notified\n", lru);
		ksft_test_result(marker && quiet(fb),
				 "%s: a reader in the sibling mn_b does not\n", lru);
		ksft_test_result(marker && quiet(froot),
				 "%s: a reader in the root cgroup does not\n", lru);
		close(fa);
		close(fb);
		close(froot);
		close(fz);
		/* The episode must end before the next test. */
		wait_calm(CG "mn_a/sub");
		test_filter(lru);
	}
	rmdir(CG "mn_a/sub");
	rmdir(CG "mn_a/hog");
	rmdir(CG "mn_a");
	rmdir(CG "mn_b");
	rmdir(CG "mn_f");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * 1,000 readers with batch MANY_BATCH and interval_ms MANY_INTERVAL.  Due
 * readers are walked from the head of the list and the notified ones
 * move to its tail, so a round notifies "batch" readers not notified
 * before (the last round the rest): ceil(1000 / batch) rounds.  A rise of
 * the level runs a round at once and renotifies readers whose record is
 * unread, merging it (seq > 1 or missed > 0 on the first read): such a
 * record no longer tells its first round, so only unmerged ones are
 * counted per round, and up to two rises may fold rounds together.
 * Rounds follow each other every interval_ms (the median gap is checked,
 * rises aside).  Everything is bounded: the first event within WAKE_MS,
 * all within (READERS / batch + 5) * interval_ms * 3 more.
 */
static void test_many(void)
{
	static int fds[READERS];
	static unsigned long long round_of[READERS];
	static double seen_ms[4096], gaps[4096];
	struct rlimit rl = { READERS + 64, READERS + 64 };
	long batch = MANY_BATCH, interval = MANY_INTERVAL;
	long all_ms = (READERS / batch + 5) * interval * 3;
	long rounds_expected = (READERS + batch - 1) / batch;
	int mode, i;

	if (setrlimit(RLIMIT_NOFILE, &rl))
		ksft_exit_fail_msg("setrlimit: %s\n", strerror(errno));
	set_param("batch", batch);
	set_param("interval_ms", interval);
	for (mode = 0; mode < 2; mode++) {
		unsigned long long first = 0, last = 0, t0, t_first = 0, t_last = 0;
		int notified = 0, worst = 0, merged = 0, used = 0, r, ep;
		static int per_round[4096];
		double first_ms, spread_ms, median = 0;
		const char *lru;
		long nr_rounds;
		pid_t keeper;

		if (!enter_lru_mode(mode, MANY_TESTS, &lru))
			continue;
		wait_calm(NULL);
		ep = epoll_create1(EPOLL_CLOEXEC);
		memset(per_round, 0, sizeof(per_round));
		memset(seen_ms, 0, sizeof(seen_ms));
		for (i = 0; i < READERS; i++) {
			struct epoll_event e = { .events = EPOLLIN, .data.u32 = i };

			fds[i] = open_dev(O_RDONLY | O_NONBLOCK);
			round_of[i] = 0;
			if (fds[i] < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &e))
				ksft_exit_fail_msg("reader %d: %s\n", i, strerror(errno));
		}
		t0 = now_ns();
		keeper = start_keeper();
		while (notified < READERS &&
		       now_ns() - t0 < (WAKE_MS + all_ms) * 1000000ULL) {
			struct epoll_event e[64];

			r = epoll_wait(ep, e, 64, 100);
			for (int k = 0; k < r; k++) {
				struct mem_notify_event ev;
				int idx = e[k].data.u32;
				unsigned long long rn;

				if (read(fds[idx], &ev, sizeof(ev)) != sizeof(ev) || round_of[idx])
					continue;
				round_of[idx] = ev.round;
				if (ev.seq > 1 || ev.missed)
					merged++;
				if (!first) {
					first = ev.round;
					t_first = now_ns();
				}
				t_last = now_ns();
				last = ev.round > last ? ev.round : last;
				rn = ev.round - first;
				if (rn >= 4096)
					continue;
				if (!seen_ms[rn])
					seen_ms[rn] = (t_last - t0) / 1e6;
				if (!ev.missed && ev.seq == 1 && ++per_round[rn] > worst)
					worst = per_round[rn];
				notified++;
			}
		}
		if (waitpid(keeper, NULL, WNOHANG) == keeper)
			ksft_print_msg("the keeper died early\n");
		stop_child(keeper);
		for (i = 0; i < READERS; i++)
			close(fds[i]);
		close(ep);

		first_ms = t_first ? (t_first - t0) / 1e6 : -1;
		spread_ms = t_first ? (t_last - t_first) / 1e6 : -1;
		nr_rounds = notified ? last - first + 1 : 0;
		ksft_print_msg("%s: %d of %d readers notified in rounds %llu..%llu\n",
			       lru, notified, READERS, first, last);
		ksft_print_msg("%s: first after %.0f ms, all %.0f ms later (bound %ld ms)\n",
			       lru, first_ms, spread_ms, all_ms);
		ksft_test_result(notified == READERS && first_ms <= WAKE_MS && spread_ms <= all_ms,
				 "%s: all %d readers notified, the first within %d ms, all within %ld ms more\n",
				 lru, READERS, WAKE_MS, all_ms);

		/*
		 * Some round notified exactly batch new readers, none more: a
		 * hard-coded or ignored batch fails.
		 */
		for (i = 0; i < nr_rounds && i < 4096; i++) {
			if (i > 0)
				gaps[i - 1] = seen_ms[i] - seen_ms[i - 1];
			if (seen_ms[i])
				used++;
			ksft_print_msg("%s: round +%d: %d new readers, seen at %.0f ms\n", lru, i,
				       per_round[i], seen_ms[i]);
		}
		ksft_print_msg("%s: %d records merged by a rise, %d of %ld rounds seen\n",
			       lru, merged, used, nr_rounds);
		ksft_test_result(notified == READERS && worst == batch &&
				 used >= rounds_expected - 2 && nr_rounds <= rounds_expected,
				 "%s: batch=%ld: at most and at best %ld new readers per round (%d), %d rounds (%ld expected)\n",
				 lru, batch, batch, worst, used, rounds_expected);
		if (nr_rounds > 1 && nr_rounds <= 4096) {
			qsort(gaps, nr_rounds - 1, sizeof(gaps[0]), cmp_double);
			median = gaps[(nr_rounds - 1) / 2];
		}
		ksft_test_result(nr_rounds > 2 && median >= interval / 2,
				 "%s: interval_ms=%ld: rounds %.0f ms apart (median, >= %ld)\n",
				 lru, interval, median, interval / 2);
	}
	set_param("batch", saved_param[P_BATCH]);
	set_param("interval_ms", saved_param[P_INTERVAL]);
}

/* Start a demo holding @mb MiB; waits until its cache is built. */
static pid_t start_demo(unsigned long mb, bool listen)
{
	char size[32], line[128];
	int pfd[2];
	pid_t pid;
	FILE *f;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (!pid) {
		set_oom_score_adj(getpid(), 0);
		dup2(pfd[1], 1);
		close(pfd[0]);
		snprintf(size, sizeof(size), "%lu", mb);
		execlp(DEMO, DEMO, "-m", size, listen ? "-v" : "-n", NULL);
		_exit(127);
	}
	close(pfd[1]);
	f = fdopen(pfd[0], "r");
	/* The demo prints "ready" once its cache is built; keep draining after. */
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "ready"))
			break;
	if (!f || feof(f)) {
		ksft_print_msg("%s did not start (not in $PATH?)\n", DEMO);
		if (f)
			fclose(f);
		stop_child(pid);
		return -1;
	}
	{
		if (!fork()) {
			while (fgets(line, sizeof(line), f))
				ksft_print_msg("demo %d: %s", pid, line);
			_exit(0);
		}
		fclose(f);
	}
	return pid;
}

/* Three demos and a growing hog; returns the number of demos killed. */
static int demo_round(bool listen, bool *hog_killed)
{
	unsigned long avail = meminfo_kb("MemAvailable") / 1024, mb = avail * 30 / 100;
	struct oom_kills k = { 0 };
	pid_t demo[3], hog;
	int kfd = kmsg_open(), killed = 0, i, status;

	ksft_print_msg("%s demos of %lu MiB each, %lu MiB available\n",
		       listen ? "listening" : "deaf", mb, avail);
	for (i = 0; i < 3; i++) {
		demo[i] = start_demo(mb, listen);
		if (demo[i] < 0)
			ksft_exit_fail_msg("cannot start the demos\n");
	}
	hog = fork();
	if (!hog) {
		set_oom_score_adj(getpid(), 0);
		for (;;) {
			char *p = mmap(NULL, MB, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

			if (p == MAP_FAILED)
				_exit(1);
			memset(p, 0x5a, MB);
			usleep(10000);
		}
	}
	waitpid(hog, &status, 0);
	*hog_killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
	usleep(500 * 1000);
	kmsg_collect_kills(kfd, &k);
	close(kfd);
	for (i = 0; i < 3; i++) {
		for (size_t j = 0; j < k.nr; j++)
			if (k.pid[j] == demo[i])
				killed++;
		stop_child(demo[i]);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	for (size_t j = 0; j < k.nr; j++)
		ksft_print_msg("kill: %s\n", k.line[j]);
	return killed;
}

static void test_demo(void)
{
	int mode, killed;
	bool hog_killed;

	/*
	 * Early warning is an admin's choice: a wider gap between the low and
	 * min watermarks gives listeners time to react before the OOM killer.
	 */
	widen_watermarks("400");
	for (mode = 0; mode < 2; mode++) {
		const char *lru;

		if (!enter_lru_mode(mode, DEMO_TESTS, &lru))
			continue;
		killed = demo_round(true, &hog_killed);
		ksft_test_result(killed == 0 && hog_killed,
				 "%s: demos listening: the hog is killed, %d demos\n", lru, killed);
		killed = demo_round(false, &hog_killed);
		ksft_test_result(killed > 0,
				 "%s: demos not listening: %d demos killed\n", lru, killed);
	}
}

static const struct group {
	const char *name;
	void (*run)(void);
	unsigned int tests;	/* the plan: both LRU passes, always */
} groups[] = {
	{ "basic", test_basic, BASIC_TESTS },
	{ "wake", test_wake, 2 * WAKE_TESTS },
	{ "memcg", test_memcg, 2 * MEMCG_TESTS },
	{ "many", test_many, 2 * MANY_TESTS },
	{ "demo", test_demo, 2 * DEMO_TESTS },
};

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "basic";
	const struct group *g = NULL;
	size_t i;

	ksft_print_header();
	for (i = 0; i < ARRAY_SIZE(groups); i++)
		if (!strcmp(name, groups[i].name))
			g = &groups[i];
	if (!g)
		ksft_exit_fail_msg("unknown group %s (basic|wake|memcg|many|demo)\n", name);
	/* Off: skip; on but /dev/mem_notify missing: fail (in oom_feature()). */
	if (!oom_feature("CONFIG_MEM_NOTIFY", DEV))
		oom_skip_all(g->tests, "%s absent (CONFIG_MEM_NOTIFY=n)\n", DEV);
	if (getuid())
		oom_skip_all(g->tests, "needs root\n");
	set_oom_score_adj(getpid(), -1000);
	save_params();
	init_lru_modes();
	if (strcmp(name, "basic") && strcmp(name, "demo"))
		widen_watermarks("200");
	ksft_set_plan(g->tests);
	g->run();
	ksft_finished();
}
