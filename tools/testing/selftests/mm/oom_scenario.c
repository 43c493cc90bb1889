// SPDX-License-Identifier: GPL-2.0
/*
 * oom_scenario - which process does the OOM killer choose first?
 *
 * Starts an "innocent" process holding 48 MiB of anonymous memory and a
 * "hog" that grows until something is killed, then reports the kernel's
 * "Killed process" lines and which of its processes died first.  The hog
 * grows through one of several kinds of memory (see usage()), some of
 * which stock oom_badness() cannot see.
 *
 * Run as root in a disposable guest: it exhausts memory on purpose.
 * Without -e it only reports (ok unless the setup failed).  With -e it is
 * a test: the hog must be the first victim and nobody else may die.  With
 * -f ROLE it checks only that ROLE died first (to pin down what a kernel
 * without the fix does).
 *
 * The runner itself runs at oom_score_adj -1000 so that it survives to
 * report; every role it starts resets its own value.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/dma-heap.h>
#include <drm/drm.h>
#include <drm/drm_mode.h>

#include "oom_util.h"

#define MIB		(1024UL * 1024)
#define INNOCENT_MB	48
#define CHUNK		MIB
#define HOG_RETRIES	200	/* 10 ms apart */
#define CGROUP_DIR	"/sys/fs/cgroup/oom_scenario"
#define TMPFS_DIR	"/tmp/oom_scenario"

enum role { R_HOG, R_INNOCENT, R_SPARSE, R_NR };
static const char * const role_name[R_NR] = { "hog", "innocent", "sparse" };

struct scenario {
	const char *name;
	const char *letter;
	const char *what;
	int (*grow)(void);	/* add one CHUNK; 0 or -errno */
	int hog_adj;
	bool sparse;
	bool memcg;
};

static pid_t pids[R_NR];

/* ---- hog growth strategies: each adds one CHUNK of memory ---- */

static int grow_anon(void)
{
	char *p = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -errno;
	memset(p, 0x5a, CHUNK);
	return 0;
}

static int write_chunk(int fd)
{
	static char buf[CHUNK];
	size_t done = 0;

	memset(buf, 0xa5, sizeof(buf));
	while (done < sizeof(buf)) {
		ssize_t r = write(fd, buf + done, sizeof(buf) - done);

		if (r < 0)
			return -errno;
		done += r;
	}
	return 0;
}

static int memfd_fd = -1;

static int grow_memfd(void)
{
	if (memfd_fd < 0) {
		memfd_fd = memfd_create("oom-hog", 0);
		if (memfd_fd < 0)
			return -errno;
	}
	return write_chunk(memfd_fd);
}

static int tmpfs_fd = -1;

static int grow_tmpfs(void)
{
	if (tmpfs_fd < 0) {
		char path[] = TMPFS_DIR "/hogXXXXXX";

		tmpfs_fd = mkstemp(path);
		if (tmpfs_fd < 0)
			return -errno;
		unlink(path);
	}
	return write_chunk(tmpfs_fd);
}

static int heap_fd = -1;

static int grow_dmaheap(void)
{
	struct dma_heap_allocation_data d = {
		.len = CHUNK,
		.fd_flags = O_RDWR | O_CLOEXEC,
	};

	if (heap_fd < 0) {
		heap_fd = open("/dev/dma_heap/system", O_RDWR | O_CLOEXEC);
		if (heap_fd < 0)
			return -errno;
	}
	/* The dma-buf fd is kept open: it is the only reference. */
	if (ioctl(heap_fd, DMA_HEAP_IOCTL_ALLOC, &d) < 0)
		return -errno;
	return 0;
}

static int drm_fd = -1;

static int grow_vgem(void)
{
	struct drm_mode_create_dumb c = {
		.width = 1024, .height = CHUNK / 4096, .bpp = 32,
	};
	struct drm_mode_map_dumb m = { 0 };
	char *p;

	if (drm_fd < 0) {
		drm_fd = open_vgem();
		if (drm_fd < 0)
			return drm_fd;
	}
	if (ioctl(drm_fd, DRM_IOCTL_MODE_CREATE_DUMB, &c) < 0)
		return -errno;
	m.handle = c.handle;
	if (ioctl(drm_fd, DRM_IOCTL_MODE_MAP_DUMB, &m) < 0)
		return -errno;
	p = mmap(NULL, c.size, PROT_READ | PROT_WRITE, MAP_SHARED, drm_fd,
		 m.offset);
	if (p == MAP_FAILED)
		return -errno;
	/* Populate the object's shmem pages, then drop the mapping: the
	 * memory is now held only through the GEM handle.
	 */
	memset(p, 0x3c, c.size);
	munmap(p, c.size);
	return 0;
}

/* Each chunk fills a new pipe; both ends stay open and nobody reads. */
static int grow_pipe(void)
{
	int p[2], err = 0;

	if (pipe2(p, O_NONBLOCK | O_CLOEXEC))
		return -errno;
	if (fcntl(p[1], F_SETPIPE_SZ, CHUNK) < 0)
		err = -errno;
	else
		err = write_chunk(p[1]);
	if (err) {
		close(p[0]);
		close(p[1]);
	}
	return err;
}

static const struct scenario scenarios[] = {
	{ "anon", "a", "anonymous memory", grow_anon, 0, false, false },
	{ "memfd", "b", "write() into a memfd", grow_memfd, 0, false, false },
	{ "tmpfs", "c", "write() into an unlinked tmpfs file", grow_tmpfs, 0, false, false },
	{ "dmaheap", "d", "dma-buf heap (system) allocations", grow_dmaheap, 0, false, false },
	{ "vgem", "e", "vgem GEM objects", grow_vgem, 0, false, false },
	{ "sparse", "f", "anonymous, beside a 1 TiB sparse memfd", grow_anon, 0, true, false },
	{ "memcg", "g", "memfd, hog and innocent in one memcg", grow_memfd, 0, false, true },
	{ "adj", "h", "anonymous hog at oom_score_adj -1000", grow_anon, -1000, false, false },
	{ "pipe", "i", "write() into pipes that nobody reads", grow_pipe, 0, false, false },
};

static void print_usage(void)
{
	size_t i;

	fprintf(stderr, "usage: oom_scenario [-e | -f ROLE] [-t seconds] SCENARIO\n"
		"  -e  test mode: fail unless the hog is the first and only victim\n"
		"      (for 'adj': unless the protected hog survives and the innocent dies)\n"
		"  -f  test mode: fail unless ROLE (hog, innocent, sparse) died first\n"
		"  -t  give up after this many seconds (default 120)\n"
		"scenarios:\n");
	for (i = 0; i < ARRAY_SIZE(scenarios); i++)
		fprintf(stderr, "  %-8s (%s) %s\n", scenarios[i].name,
			scenarios[i].letter, scenarios[i].what);
	exit(2);
}

/* Child side: name the process and set its oom_score_adj. */
static void become(const char *comm, int adj)
{
	char name[16];

	snprintf(name, sizeof(name), "oom-%s", comm);
	prctl(PR_SET_NAME, name);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (set_oom_score_adj(getpid(), adj))
		_exit(3);
}

static void signal_ready(int ready, char c)
{
	if (write(ready, &c, 1) != 1)
		_exit(3);
}

static void innocent_main(int ready)
{
	char *p = mmap(NULL, INNOCENT_MB * MIB, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(3);
	memset(p, 1, INNOCENT_MB * MIB);
	signal_ready(ready, 'i');
	for (;;)
		pause();
}

static void sparse_main(int ready)
{
	int fd = memfd_create("oom-sparse", 0);

	if (fd < 0 || ftruncate(fd, 1ULL << 40))
		_exit(3);
	signal_ready(ready, 's');
	for (;;)
		pause();
}

static void hog_main(const struct scenario *s, int ready)
{
	unsigned long limit = 2 * mem_total_kb() / 1024, n;
	struct rlimit rl = { 1 << 16, 1 << 16 };
	int err, retries = 0;

	setrlimit(RLIMIT_NOFILE, &rl);
	for (n = 0; n < limit; n++) {
		err = s->grow();
		if (!err) {
			retries = 0;
			continue;
		}
		/* Like a real hog, keep trying while memory is short. */
		if ((err == -ENOMEM || err == -ENOSPC) && retries++ < HOG_RETRIES) {
			usleep(10 * 1000);
			n--;
			continue;
		}
		dprintf(ready, "E%03d", -err);
		break;
	}
	/* Reached the limit: hold everything. */
	signal_ready(ready, 'd');
	for (;;)
		pause();
}

static pid_t spawn(enum role r, const struct scenario *s, int ready)
{
	pid_t pid = fork();

	if (pid < 0)
		ksft_exit_fail_msg("fork: %s\n", strerror(errno));
	if (pid)
		return pid;
	if (s->memcg && r != R_SPARSE && cg_enter(CGROUP_DIR))
		_exit(3);
	become(role_name[r], r == R_HOG ? s->hog_adj : 0);
	switch (r) {
	case R_HOG:
		hog_main(s, ready);
		break;
	case R_INNOCENT:
		innocent_main(ready);
		break;
	default:
		sparse_main(ready);
	}
	_exit(0);
}

static int setup(const struct scenario *s)
{
	if (s->grow == grow_tmpfs) {
		mkdir(TMPFS_DIR, 0700);
		if (mount("tmpfs", TMPFS_DIR, "tmpfs", 0, "size=100%")) {
			ksft_print_msg("mount tmpfs: %s\n", strerror(errno));
			return -1;
		}
	}
	if (s->memcg) {
		unsigned long max = (INNOCENT_MB + 96) * MIB;

		if (cg_create(CGROUP_DIR, max)) {
			ksft_print_msg("cannot create memcg %s: %s\n",
				       CGROUP_DIR, strerror(errno));
			return -1;
		}
		ksft_print_msg("memcg %s memory.max=%lu MiB\n", CGROUP_DIR,
			       max / MIB);
	}
	return 0;
}

static const char *role_of(pid_t pid)
{
	int r;

	for (r = 0; r < R_NR; r++)
		if (pids[r] && pids[r] == pid)
			return role_name[r];
	return pid == getpid() ? "runner" : "other";
}

int main(int argc, char **argv)
{
	const struct scenario *s = NULL;
	struct oom_kills kills = { 0 };
	int timeout = 120, expect = 0, opt, ready[2], kmsg, status, r;
	const char *first = NULL;
	bool hog_dead = false, hog_done = false;
	char hog_err[8] = "";
	time_t start;
	size_t i;

	while ((opt = getopt(argc, argv, "ef:t:")) != -1) {
		if (opt == 'e')
			expect = 1;
		else if (opt == 'f')
			first = optarg;
		else if (opt == 't')
			timeout = atoi(optarg);
		else
			print_usage();
	}
	if (optind != argc - 1)
		print_usage();
	for (i = 0; i < ARRAY_SIZE(scenarios); i++)
		if (!strcmp(argv[optind], scenarios[i].name) ||
		    !strcmp(argv[optind], scenarios[i].letter))
			s = &scenarios[i];
	if (!s)
		print_usage();

	ksft_print_header();
	ksft_set_plan(1);
	if (getuid())
		ksft_exit_skip("must run as root\n");
	ksft_print_msg("scenario %s (%s): %s\n", s->name, s->letter, s->what);

	if (set_oom_score_adj(getpid(), -1000))
		ksft_exit_fail_msg("cannot protect the runner\n");
	if (setup(s))
		ksft_exit_skip("scenario setup failed\n");
	kmsg = kmsg_open();
	if (kmsg < 0)
		ksft_exit_fail_msg("/dev/kmsg: %s\n", strerror(-kmsg));
	if (pipe2(ready, O_CLOEXEC))
		ksft_exit_fail_msg("pipe: %s\n", strerror(errno));

	pids[R_INNOCENT] = spawn(R_INNOCENT, s, ready[1]);
	if (s->sparse)
		pids[R_SPARSE] = spawn(R_SPARSE, s, ready[1]);
	/* Let the innocent (and sparse holder) settle before the hog starts. */
	for (r = s->sparse ? 2 : 1; r > 0; r--) {
		char c;

		if (read(ready[0], &c, 1) != 1)
			ksft_exit_fail_msg("a role died during setup\n");
	}
	pids[R_HOG] = spawn(R_HOG, s, ready[1]);
	ksft_print_msg("pids: runner=%d hog=%d innocent=%d sparse=%d\n",
		       getpid(), pids[R_HOG], pids[R_INNOCENT], pids[R_SPARSE]);

	start = time(NULL);
	while (!hog_dead && !hog_done && time(NULL) - start < timeout) {
		struct pollfd pfd = { ready[0], POLLIN, 0 };
		pid_t pid;

		if (poll(&pfd, 1, 100) > 0) {
			char buf[16];
			ssize_t n = read(ready[0], buf, sizeof(buf) - 1);

			if (n > 0) {
				buf[n] = 0;
				if (strchr(buf, 'd'))
					hog_done = true;
				if (strchr(buf, 'E'))
					snprintf(hog_err, sizeof(hog_err), "%s",
						 strchr(buf, 'E') + 1);
			}
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			ksft_print_msg("%s (pid %d) died: %s %d\n", role_of(pid),
				       pid, WIFSIGNALED(status) ? "signal" : "exit",
				       WIFSIGNALED(status) ? WTERMSIG(status) :
				       WEXITSTATUS(status));
			if (pid == pids[R_HOG])
				hog_dead = true;
			if (pid == pids[R_INNOCENT]) {
				/*
				 * A protected hog has had its answer: stop
				 * it before it runs out of victims.
				 */
				if (s->hog_adj == -1000 && !hog_dead) {
					kill(pids[R_HOG], SIGSTOP);
					hog_done = true;
				}
			}
		}
	}
	if (!hog_dead && !hog_done)
		ksft_print_msg("timeout after %d s\n", timeout);
	if (hog_err[0])
		ksft_print_msg("hog stopped growing: error %s\n", hog_err);

	for (r = 0; r < R_NR; r++)
		if (pids[r])
			kill(pids[r], SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
	if (s->memcg)
		rmdir(CGROUP_DIR);
	if (s->grow == grow_tmpfs)
		umount(TMPFS_DIR);

	kmsg_collect_kills(kmsg, &kills);
	for (i = 0; i < kills.nr; i++)
		ksft_print_msg("KILLED %s pid=%d: %s\n", role_of(kills.pid[i]),
			       kills.pid[i], kills.line[i]);
	ksft_print_msg("RESULT scenario=%s first=%s kills=%zu\n", s->letter,
		       kills.nr ? role_of(kills.pid[0]) : "none", kills.nr);

	if (first) {
		ksft_test_result(kills.nr && !strcmp(role_of(kills.pid[0]), first),
				 "%s: %s died first\n", s->name, first);
	} else if (!expect) {
		ksft_test_result_pass("%s: report\n", s->name);
	} else if (s->hog_adj == -1000) {
		bool hog_killed = false;

		for (i = 0; i < kills.nr; i++)
			hog_killed |= kills.pid[i] == pids[R_HOG];
		ksft_test_result(!hog_killed && kills.nr &&
				 kills.pid[0] == pids[R_INNOCENT],
				 "%s: protected hog survives, innocent killed\n",
				 s->name);
	} else {
		ksft_test_result(kills.nr == 1 && kills.pid[0] == pids[R_HOG],
				 "%s: hog is the first and only victim\n",
				 s->name);
	}
	ksft_finished();
}
