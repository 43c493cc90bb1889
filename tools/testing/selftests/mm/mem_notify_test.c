// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of /dev/mem_notify, one group per argument:
 *   basic   permissions, -EAGAIN at rest, bad reads/ioctls/parameters,
 *           not seekable; no event while nothing reclaims
 *   wake    a reader is woken under pressure through poll, epoll, SIGIO,
 *           F_SETSIG and a blocking read; the event is sane
 *   memcg   limit reclaim in a cgroup notifies readers in it and below,
 *           not readers in the root or a sibling cgroup
 *   many    1,000 readers under persisting pressure: every round wakes at
 *           most "batch" of them, all are notified
 *   demo    3 cache-holding mem_notify_cache demos (tools/mm, found in
 *           $PATH) and a growing hog: with the demos listening only the
 *           hog is killed; without, demos die
 * Every group but basic runs with lru_gen (MGLRU) disabled, then enabled,
 * when the kernel has it.  Pressure comes from a "keeper" that allocates
 * until no zone passes its low watermark (so kswapd runs) and keeps it
 * there, without reaching the OOM killer.
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
#include <sys/wait.h>

#include "oom_util.h"
#include "mem_notify_util.h"

#define DEV		"/dev/mem_notify"
#define PARAMS		"/sys/module/mem_notify/parameters/"
#define LRU_GEN		"/sys/kernel/mm/lru_gen/enabled"
#define CG		"/sys/fs/cgroup/"
#define DEMO		"mem_notify_cache"	/* from tools/mm, in $PATH */
#define MB		(1024UL * 1024)
#define WAIT_MS		60000
#define READERS		1000

static const char *lru_modes[2];
static int nr_lru_modes;

/* lru_gen off then on, if the kernel has it; else the one mode there is. */
static void init_lru_modes(void)
{
	if (access(LRU_GEN, W_OK)) {
		lru_modes[nr_lru_modes++] = NULL;
		return;
	}
	lru_modes[nr_lru_modes++] = "n";
	lru_modes[nr_lru_modes++] = "y";
}

static const char *set_lru_mode(int i)
{
	if (!lru_modes[i])
		return "lru_gen absent";
	if (write_file(LRU_GEN, lru_modes[i]))
		ksft_exit_fail_msg("cannot write %s to %s\n", lru_modes[i], LRU_GEN);
	return lru_modes[i][0] == 'y' ? "MGLRU" : "classic LRU";
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

static void test_basic(void)
{
	struct mem_notify_event ev;
	unsigned int level;
	struct stat st;
	int fd, err, status;
	pid_t pid;
	long batch;

	ksft_set_plan(11);
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
	usleep(500 * 1000);
	ksft_test_result(quiet(fd), "at rest: not readable, read() fails with EAGAIN\n");
	errno = 0;
	ksft_test_result(read(fd, &ev, sizeof(ev) - 1) < 0 && errno == EINVAL,
			 "a read shorter than one record: EINVAL (%s)\n", strerror(errno));
	errno = 0;
	ksft_test_result(lseek(fd, 0, SEEK_SET) < 0 && errno == ESPIPE,
			 "not seekable: ESPIPE (%s)\n", strerror(errno));
	ksft_test_result(write(fd, "x", 1) < 0 && errno == EBADF,
			 "write() on a read-only open: EBADF\n");

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
			 "unknown ioctl: ENOTTY, bad pointer: EFAULT\n");

	batch = read_long(PARAMS "batch");
	err = write_file(PARAMS "batch", "0") == -EINVAL &&
	      write_file(PARAMS "batch", "100000") == -EINVAL &&
	      write_file(PARAMS "interval_ms", "1") == -EINVAL &&
	      write_file(PARAMS "reader_interval_ms", "x") == -EINVAL &&
	      read_long(PARAMS "batch") == batch;
	ksft_test_result(err && batch > 0,
			 "parameters: out of range -> EINVAL, unchanged (batch %ld)\n", batch);
	close(fd);
}

enum mech { M_POLL, M_EPOLL, M_SIGIO, M_SETSIG, M_READ, M_NR };
static const char * const mech_name[M_NR] = {
	"poll", "epoll", "SIGIO", "F_SETSIG", "blocking read",
};

static void on_alarm(int sig)
{
}

/* Wait for an event on @fd by @m; returns the read() result into @ev. */
static ssize_t wait_event(int fd, enum mech m, struct mem_notify_event *ev,
			  sigset_t *set)
{
	struct epoll_event e = { .events = EPOLLIN };
	struct timespec to = { WAIT_MS / 1000, 0 };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct sigaction sa = { 0 };
	siginfo_t si;
	int ep, r;

	switch (m) {
	case M_POLL:
		r = poll(&p, 1, WAIT_MS);
		if (r != 1 || !(p.revents & POLLIN))
			return -1;
		break;
	case M_EPOLL:
		ep = epoll_create1(EPOLL_CLOEXEC);
		e.data.fd = fd;
		if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e))
			return -1;
		r = epoll_wait(ep, &e, 1, WAIT_MS);
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
		alarm(WAIT_MS / 1000);
		r = read(fd, ev, sizeof(*ev));
		alarm(0);
		return r;
	default:
		return -1;
	}
	return read(fd, ev, sizeof(*ev));
}

static void test_wake(void)
{
	struct timespec zero = { 0, 0 };
	sigset_t all;
	int mode, m;

	ksft_set_plan(nr_lru_modes * M_NR);
	/* Kept blocked: a late notification must not kill the test. */
	sigemptyset(&all);
	sigaddset(&all, SIGIO);
	sigaddset(&all, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &all, NULL);
	for (mode = 0; mode < nr_lru_modes; mode++) {
		const char *lru = set_lru_mode(mode);

		for (m = 0; m < M_NR; m++) {
			struct mem_notify_event ev;
			unsigned long long t0;
			sigset_t set;
			bool ok;
			ssize_t n;
			pid_t keeper;
			int fd;

			sigemptyset(&set);
			sigaddset(&set, m == M_SETSIG ? SIGRTMIN + 1 : SIGIO);
			fd = open_dev(O_RDONLY | O_NONBLOCK);
			if (fd < 0)
				ksft_exit_fail_msg("open: %s\n", strerror(-fd));
			if (m == M_SIGIO || m == M_SETSIG) {
				fcntl(fd, F_SETOWN, getpid());
				if (m == M_SETSIG)
					fcntl(fd, F_SETSIG, SIGRTMIN + 1);
				fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC);
			}
			/* The previous run's pressure must have cleared. */
			usleep(300 * 1000);
			ok = quiet(fd);
			t0 = now_ns();
			keeper = start_keeper();
			n = wait_event(fd, m, &ev, &set);
			stop_child(keeper);
			ok = ok && event_sane(&ev, n, t0, MEM_NOTIFY_SCOPE_SYSTEM);
			ksft_test_result(ok, "%s: woken through %s, event sane\n", lru,
					 mech_name[m]);
			close(fd);
			while (sigtimedwait(&all, NULL, &zero) > 0)
				;
		}
	}
}

static unsigned long long cg_id(const char *dir)
{
	struct stat st;

	return stat(dir, &st) ? 0 : st.st_ino;
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

static void test_memcg(void)
{
	int mode;

	ksft_set_plan(nr_lru_modes * 3);
	if (cg_create(CG "mn_a", 32 * MB) || cg_create(CG "mn_b", 64 * MB) ||
	    write_file(CG "mn_a/cgroup.subtree_control", "+memory") ||
	    cg_create(CG "mn_a/sub", 64 * MB) || cg_create(CG "mn_a/hog", 64 * MB))
		ksft_exit_fail_msg("cannot create the cgroups\n");
	for (mode = 0; mode < nr_lru_modes; mode++) {
		const char *lru = set_lru_mode(mode);
		int fa = open_in(CG "mn_a/sub"), fb = open_in(CG "mn_b");
		int froot = open_dev(O_RDONLY | O_NONBLOCK);
		struct pollfd p = { .fd = fa, .events = POLLIN };
		struct mem_notify_event ev;
		unsigned long long t0 = now_ns();
		bool ok;
		ssize_t n = -1;
		pid_t hog;

		if (fa < 0 || fb < 0 || froot < 0)
			ksft_exit_fail_msg("cannot open the readers\n");
		hog = fork();
		if (!hog) {
			char *p;

			cg_enter(CG "mn_a/hog");
			set_oom_score_adj(getpid(), 0);
			/* Twice the limit, slowly: limit reclaim, then a memcg OOM. */
			for (int i = 0; i < 64; i++) {
				p = mmap(NULL, MB, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
				if (p == MAP_FAILED)
					_exit(1);
				memset(p, i, MB);
				usleep(5000);
			}
			_exit(0);
		}
		if (poll(&p, 1, WAIT_MS) == 1)
			n = read(fa, &ev, sizeof(ev));
		waitpid(hog, NULL, 0);
		ok = event_sane(&ev, n, t0, MEM_NOTIFY_SCOPE_MEMCG);
		ksft_test_result(ok && ev.cgroup_id == cg_id(CG "mn_a"),
				 "%s: a reader in mn_a/sub learns of limit reclaim in mn_a\n",
				 lru);
		usleep(300 * 1000);
		ksft_test_result(quiet(fb), "%s: a reader in the sibling mn_b does not\n", lru);
		ksft_test_result(quiet(froot), "%s: a reader in the root cgroup does not\n", lru);
		close(fa);
		close(fb);
		close(froot);
		/* Let the episode end before the next mode. */
		sleep(2);
	}
	rmdir(CG "mn_a/sub");
	rmdir(CG "mn_a/hog");
	rmdir(CG "mn_a");
	rmdir(CG "mn_b");
}

static void test_many(void)
{
	static int fds[READERS];
	static unsigned long long round_of[READERS];
	struct rlimit rl = { READERS + 64, READERS + 64 };
	int mode, i;

	ksft_set_plan(nr_lru_modes * 2);
	if (setrlimit(RLIMIT_NOFILE, &rl))
		ksft_exit_fail_msg("setrlimit: %s\n", strerror(errno));
	for (mode = 0; mode < nr_lru_modes; mode++) {
		const char *lru = set_lru_mode(mode);
		long batch = read_long(PARAMS "batch");
		unsigned long long first = 0, last = 0, t0, min_rounds;
		int ep = epoll_create1(EPOLL_CLOEXEC), notified = 0, worst = 0, r;
		int per_round[4096] = { 0 };
		pid_t keeper;

		for (i = 0; i < READERS; i++) {
			struct epoll_event e = { .events = EPOLLIN, .data.u32 = i };

			fds[i] = open_dev(O_RDONLY | O_NONBLOCK);
			round_of[i] = 0;
			if (fds[i] < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fds[i], &e))
				ksft_exit_fail_msg("reader %d: %s\n", i, strerror(errno));
		}
		sleep(1);
		t0 = now_ns();
		keeper = start_keeper();
		while (notified < READERS && now_ns() - t0 < WAIT_MS * 1000000ULL) {
			struct epoll_event e[64];

			r = epoll_wait(ep, e, 64, 1000);
			for (int k = 0; k < r; k++) {
				struct mem_notify_event ev;
				int idx = e[k].data.u32;

				if (read(fds[idx], &ev, sizeof(ev)) != sizeof(ev) || round_of[idx])
					continue;
				round_of[idx] = ev.round;
				if (!first)
					first = ev.round;
				last = ev.round > last ? ev.round : last;
				if (ev.round - first < 4096 &&
				    ++per_round[ev.round - first] > worst)
					worst = per_round[ev.round - first];
				notified++;
			}
		}
		if (waitpid(keeper, NULL, WNOHANG) == keeper)
			ksft_print_msg("the keeper died early\n");
		stop_child(keeper);
		ksft_print_msg("%s: %d of %d readers notified in rounds %llu..%llu\n",
			       lru, notified, READERS, first, last);
		ksft_print_msg("%s: at most %d per round (batch %ld)\n", lru, worst, batch);
		ksft_test_result(notified == READERS, "%s: all %d readers notified\n", lru,
				 READERS);
		min_rounds = batch > 0 ? (READERS + batch - 1) / batch : 0;
		ksft_test_result(batch > 0 && worst > 0 && worst <= batch &&
				 last - first + 1 >= min_rounds,
				 "%s: no round woke more than batch=%ld readers\n", lru, batch);
		for (i = 0; i < READERS; i++)
			close(fds[i]);
		close(ep);
		sleep(1);
	}
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

	ksft_set_plan(nr_lru_modes * 2);
	/*
	 * Early warning is an admin's choice: a wider gap between the low and
	 * min watermarks gives listeners time to react before the OOM killer.
	 */
	widen_watermarks("400");
	for (mode = 0; mode < nr_lru_modes; mode++) {
		const char *lru = set_lru_mode(mode);

		killed = demo_round(true, &hog_killed);
		ksft_test_result(killed == 0 && hog_killed,
				 "%s: demos listening: the hog is killed, %d demos\n", lru, killed);
		killed = demo_round(false, &hog_killed);
		ksft_test_result(killed > 0,
				 "%s: demos not listening: %d demos killed\n", lru, killed);
	}
}

int main(int argc, char **argv)
{
	const char *group = argc > 1 ? argv[1] : "basic";

	ksft_print_header();
	if (access(DEV, F_OK))
		ksft_exit_skip("%s absent (CONFIG_MEM_NOTIFY=n)\n", DEV);
	if (getuid())
		ksft_exit_skip("needs root\n");
	set_oom_score_adj(getpid(), -1000);
	init_lru_modes();
	if (strcmp(group, "basic") && strcmp(group, "demo"))
		widen_watermarks("200");
	if (!strcmp(group, "basic"))
		test_basic();
	else if (!strcmp(group, "wake"))
		test_wake();
	else if (!strcmp(group, "memcg"))
		test_memcg();
	else if (!strcmp(group, "many"))
		test_many();
	else if (!strcmp(group, "demo"))
		test_demo();
	else
		ksft_exit_fail_msg("unknown group %s (basic|wake|memcg|many|demo)\n", group);
	ksft_finished();
}
