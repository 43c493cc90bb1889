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
 * a test: the hog must be the first victim and nobody else may die; and
 * where per-file badness is built in (CONFIG_OOM_FILE_BADNESS), the
 * memory the first victim holds through files must show, close to what
 * the hog wrote, in the "Killed process" line (file-held:), in the
 * file_held column of the OOM report's task dump and in the file_held
 * field of the oom:mark_victim tracepoint.  With -f ROLE it checks only
 * that ROLE died first (to pin down what a kernel without the fix does).
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
#include <sys/syscall.h>
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
#define TRACING		"/sys/kernel/tracing"
/* What a role holds through files besides the hog's: pipes, this page. */
#define SLACK_KB	64

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

/*
 * The hog's file-held progress, in a page shared with the runner: @lo
 * bytes are surely held through files, @hi bytes at most (@lo plus the
 * chunk in flight, which a kill may cut short).
 */
struct progress {
	unsigned long lo, hi;
};

static struct progress *prog;

static void progress_begin(unsigned long bytes)
{
	__atomic_store_n(&prog->hi, prog->lo + bytes, __ATOMIC_SEQ_CST);
}

static void progress_end(unsigned long bytes)
{
	__atomic_store_n(&prog->lo, prog->lo + bytes, __ATOMIC_SEQ_CST);
	__atomic_store_n(&prog->hi, prog->lo, __ATOMIC_SEQ_CST);
}

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

/* Write a CHUNK to @fd; with @count, what is written counts as held. */
static int write_chunk(int fd, bool count)
{
	static char buf[CHUNK];
	size_t done = 0;

	memset(buf, 0xa5, sizeof(buf));
	while (done < sizeof(buf)) {
		ssize_t r;

		if (count)
			progress_begin(sizeof(buf) - done);
		r = write(fd, buf + done, sizeof(buf) - done);
		if (count)
			progress_end(r > 0 ? r : 0);
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
	return write_chunk(memfd_fd, true);
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
	return write_chunk(tmpfs_fd, true);
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
	progress_begin(CHUNK);
	if (ioctl(heap_fd, DMA_HEAP_IOCTL_ALLOC, &d) < 0) {
		progress_end(0);
		return -errno;
	}
	progress_end(CHUNK);
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
	/* The object counts as it is populated: held from the create on. */
	progress_begin(CHUNK);
	if (ioctl(drm_fd, DRM_IOCTL_MODE_CREATE_DUMB, &c) < 0) {
		progress_end(0);
		return -errno;
	}
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
	progress_end(c.size);
	return 0;
}

/* Each chunk fills a new pipe; both ends stay open and nobody reads. */
static int grow_pipe(void)
{
	int p[2], err = 0;

	if (pipe2(p, O_NONBLOCK | O_CLOEXEC))
		return -errno;
	progress_begin(CHUNK);
	if (fcntl(p[1], F_SETPIPE_SZ, CHUNK) < 0)
		err = -errno;
	else
		err = write_chunk(p[1], false);
	if (err) {
		/* Closed: what it held is freed. */
		close(p[0]);
		close(p[1]);
		progress_end(0);
		return err;
	}
	progress_end(CHUNK);
	return 0;
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

/* 0, or the option whose facility the setup could not use. */
static const char *setup(const struct scenario *s)
{
	if (s->grow == grow_tmpfs) {
		mkdir(TMPFS_DIR, 0700);
		if (mount("tmpfs", TMPFS_DIR, "tmpfs", 0, "size=100%")) {
			ksft_print_msg("mount tmpfs: %s\n", strerror(errno));
			return "CONFIG_TMPFS";
		}
	}
	if (s->memcg) {
		unsigned long max = (INNOCENT_MB + 96) * MIB;
		int err = cg_create(CGROUP_DIR, max);

		if (err) {
			ksft_print_msg("cannot create memcg %s: %s\n",
				       CGROUP_DIR, strerror(-err));
			return "CONFIG_MEMCG";
		}
		ksft_print_msg("memcg %s memory.max=%lu MiB\n", CGROUP_DIR,
			       max / MIB);
	}
	return NULL;
}

static const char *role_of(pid_t pid)
{
	int r;

	for (r = 0; r < R_NR; r++)
		if (pids[r] && pids[r] == pid)
			return role_name[r];
	return pid == getpid() ? "runner" : "other";
}

/* ---- what the kernel reported: kmsg and the mark_victim trace ---- */

/* Clear the trace buffer and record oom:mark_victim: 0 or -errno. */
static int trace_start(void)
{
	int fd = open(TRACING "/trace", O_WRONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return write_file(TRACING "/events/oom/mark_victim/enable", "1");
}

/* The file_held= kB of the mark_victim event for @pid, or -1. */
static long trace_file_held(pid_t pid)
{
	static char buf[1 << 18];
	char want[48], *line, *save, *f;
	size_t len = 0;
	long kb = -1;
	ssize_t n;
	int fd = open(TRACING "/trace", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (len < sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	snprintf(want, sizeof(want), "mark_victim: pid=%d ", pid);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (!strstr(line, want))
			continue;
		ksft_print_msg("trace: %s\n", strstr(line, want) + 13);
		f = strstr(line, " file_held=");
		if (f && kb < 0)
			kb = strtol(f + 11, NULL, 10);
	}
	return kb;
}

/* The number after @key in @line (kB of "file-held:"), or -1. */
static long field_after(const char *line, const char *key)
{
	const char *p = strstr(line, key);

	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

/*
 * The file_held column of one task dump: the header's column index (-1
 * without one) and, per role, the value of its row in pages (-1: no row).
 */
struct dump {
	int col;
	long held[R_NR];
};

/* Split a dump line into words, "[" and "]" being blanks: the count. */
static int dump_words(char *line, char **w, int max)
{
	char *p, *save;
	int n = 0;

	for (p = line; *p; p++)
		if (*p == '[' || *p == ']')
			*p = ' ';
	for (p = strtok_r(line, " \t", &save); p && n < max; p = strtok_r(NULL, " \t", &save))
		w[n++] = p;
	return n;
}

static void dump_line(struct dump *d, const char *msg)
{
	char line[OOM_LINE_LEN * 2], *w[16];
	int n, i, r;

	snprintf(line, sizeof(line), "%s", msg);
	if (strstr(msg, "[  pid  ]")) {
		n = dump_words(line, w, 16);
		d->col = -1;
		for (r = 0; r < R_NR; r++)
			d->held[r] = -1;
		for (i = 0; i < n; i++)
			if (!strcmp(w[i], "file_held"))
				d->col = i;
		return;
	}
	if (msg[0] != '[' || d->col < 0)
		return;
	n = dump_words(line, w, 16);
	if (n <= d->col)
		return;
	for (r = 0; r < R_NR; r++)
		if (pids[r] && atoi(w[0]) == pids[r])
			d->held[r] = strtol(w[d->col], NULL, 10);
}

/*
 * Read the kernel messages logged since kmsg_open(): the kills in order
 * (as kmsg_collect_kills()) and the task dump of the OOM that made the
 * first kill (*first).
 */
static void kmsg_parse(int fd, struct oom_kills *k, struct dump *first)
{
	struct dump cur = { .col = -1, .held = { -1, -1, -1 } };
	char rec[2048];
	ssize_t n;

	*first = cur;
	for (;;) {
		char *msg, *p;

		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)	/* overwritten records */
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		msg[strcspn(msg, "\n")] = 0;
		p = strstr(msg, "Killed process ");
		if (!p) {
			dump_line(&cur, msg);
			continue;
		}
		if (k->nr >= OOM_MAX_KILLS)
			continue;
		if (!k->nr)
			*first = cur;
		k->pid[k->nr] = atoi(p + strlen("Killed process "));
		snprintf(k->line[k->nr], OOM_LINE_LEN, "%s", msg);
		k->nr++;
	}
}

/*
 * The file-held outputs of the first kill (M6 of the test audit): what
 * the victim holds through files is the hog's progress if the hog is the
 * victim, nearly nothing otherwise; the task dump, the "Killed process"
 * line and mark_victim agree.
 */
static void check_file_held(const struct oom_kills *k, const struct dump *d,
			    int trace_err)
{
	long lo = prog->lo / 1024, hi = (prog->hi + 1023) / 1024;
	long page_kb = sysconf(_SC_PAGESIZE) / 1024, kb, t, want_lo, want_hi;
	pid_t v = k->nr ? k->pid[0] : 0;
	bool ok;
	int r;

	ksft_print_msg("hog held %ld..%ld kB through files\n", lo, hi);
	if (v == pids[R_HOG]) {
		want_lo = lo > SLACK_KB ? lo - SLACK_KB : 0;
		want_hi = hi + SLACK_KB;
	} else {
		want_lo = 0;
		want_hi = SLACK_KB;
	}
	kb = k->nr ? field_after(k->line[0], "file-held:") : -1;
	ksft_test_result(kb >= 0 && kb >= want_lo && kb <= want_hi,
			 "Killed process %d (%s): file-held:%ldkB, want %ld..%ld\n",
			 v, role_of(v), kb, want_lo, want_hi);

	/* The victim's row as the kill line; the others hold next to nothing. */
	ok = d->col >= 0 && kb >= 0;
	for (r = 0; r < R_NR && ok; r++) {
		long held = d->held[r] * page_kb;

		if (!pids[r])
			continue;
		if (d->held[r] < 0)
			ok = false;
		else if (pids[r] == v)
			ok = labs(held - kb) <= (long)(CHUNK / 1024) + SLACK_KB;
		else if (r == R_HOG)
			ok = held <= hi + SLACK_KB;
		else
			ok = held <= SLACK_KB;
		if (!ok)
			ksft_print_msg("dump: %s %d file_held %ld pages\n", role_name[r],
				       pids[r], d->held[r]);
	}
	ksft_test_result(ok, "task dump: file_held (column %d): hog %ld, innocent %ld pages\n",
			 d->col, d->held[R_HOG], d->held[R_INNOCENT]);

	t = trace_err ? -1 : trace_file_held(v);
	if (trace_err)
		ksft_print_msg("mark_victim tracing: %s\n", strerror(-trace_err));
	ksft_test_result(t >= 0 && kb >= 0 && labs(t - kb) <= (long)(CHUNK / 1024) + SLACK_KB,
			 "mark_victim %d: file_held=%ldkB, the kill line %ldkB\n", v, t, kb);
}

/* A pidfd for @pid, or -1 (then the 100 ms poll notices deaths). */
static int pidfd_of(pid_t pid)
{
	return syscall(SYS_pidfd_open, pid, 0);
}

int main(int argc, char **argv)
{
	const struct scenario *s = NULL;
	struct oom_kills kills = { 0 };
	int timeout = 120, expect = 0, opt, ready[2], kmsg, status, r;
	int file_on = -1, trace_err = -ENOENT, plan = 1;
	const char *first = NULL, *missing;
	bool hog_dead = false, hog_done = false;
	struct pollfd pfd[R_NR + 1];
	char hog_err[8] = "";
	struct dump dump;
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
	/* -e: the victim, then the kill line, the dump and mark_victim. */
	if (expect && !first)
		plan = 4;
	if (getuid())
		oom_skip_all(plan, "must run as root\n");
	ksft_print_msg("scenario %s (%s): %s\n", s->name, s->letter, s->what);

	if (set_oom_score_adj(getpid(), -1000))
		ksft_exit_fail_msg("cannot protect the runner\n");
	/* What the scenario needs: only an option that is off may skip. */
	missing = setup(s);
	if (missing && oom_kconfig(missing) == 0)
		oom_skip_all(plan, "scenario setup failed: %s off\n", missing);
	if (missing)
		ksft_exit_fail_msg("scenario setup failed (%s is on)\n", missing);
	ksft_set_plan(plan);
	prog = mmap(NULL, sizeof(*prog), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (prog == MAP_FAILED)
		ksft_exit_fail_msg("mmap: %s\n", strerror(errno));
	if (plan > 1) {
		file_on = oom_kconfig("CONFIG_OOM_FILE_BADNESS");
		trace_err = trace_start();
	}
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

	/*
	 * Wake on the hog's messages and on any role's death (pidfds): a
	 * protected hog must be stopped as soon as the innocent died, before
	 * it runs out of victims.
	 */
	pfd[0] = (struct pollfd){ ready[0], POLLIN, 0 };
	for (r = 0; r < R_NR; r++)
		pfd[r + 1] = (struct pollfd){ pids[r] ? pidfd_of(pids[r]) : -1, POLLIN, 0 };
	start = time(NULL);
	while (!hog_dead && !hog_done && time(NULL) - start < timeout) {
		pid_t pid;

		if (poll(pfd, R_NR + 1, 100) > 0 && (pfd[0].revents & POLLIN)) {
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
			for (r = 0; r < R_NR; r++)
				if (pids[r] == pid && pfd[r + 1].fd >= 0) {
					close(pfd[r + 1].fd);
					pfd[r + 1].fd = -1;
				}
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
	if (plan > 1 && !trace_err)
		write_file(TRACING "/events/oom/mark_victim/enable", "0");

	kmsg_parse(kmsg, &kills, &dump);
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
	if (plan > 1) {
		/* No /proc/config.gz: the kill line tells. */
		if (file_on < 0)
			file_on = kills.nr && strstr(kills.line[0], "file-held:");
		if (file_on) {
			check_file_held(&kills, &dump, trace_err);
		} else if (kills.nr && strstr(kills.line[0], "file-held:")) {
			/* Built without the option, yet the outputs are there. */
			for (r = 1; r < plan; r++)
				ksft_test_result_fail("file-held shown: option off\n");
		} else {
			for (r = 1; r < plan; r++)
				ksft_test_result_skip("file-held: CONFIG_OOM_FILE_BADNESS off\n");
		}
	}
	ksft_finished();
}
