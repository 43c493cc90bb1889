// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the OOM policies (/sys/kernel/mm/oom/policy), one group per
 * argument:
 *   sysfs        listing, switching, bad names, privileges, module pinning,
 *                the oom_policy= boot parameter (boot with oom_policy=classic)
 *   kill-parent  default keeps killing a forking parent's children;
 *                kill-parent kills the parent after "kills" child kills
 *   classic      the niced one of two equal hogs dies first
 *   prefer       the sample policy kills the named process first, then
 *                declines and default decides
 *   storm        policy modules loaded, switched and unloaded during a
 *                storm of memcg OOMs
 *   panic        (boot with oom_policy=panic) sysrq-f and a memcg OOM do
 *                not panic; a global OOM does
 *   bootparam K  (boot with oom_policy=VALUE) a VALUE of kind K: "invalid"
 *                (not a policy name), "unregistered" (never registered) or
 *                "default": default is active, the kernel logged the
 *                warning of that kind and no other
 * Policy modules are loaded from /lib/modules/NAME.ko (or
 * $OOM_POLICY_MODULES/NAME.ko), else with modprobe.
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
#include <linux/capability.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "oom_util.h"

#define POLICY		"/sys/kernel/mm/oom/policy"
#define KILLS		"/sys/kernel/mm/oom/stats/kill"
#define KP_PARAMS	"/sys/module/oom_kill_parent/parameters/"
#define CG		"/sys/fs/cgroup/oom_policy_test"
#define MB		(1024UL * 1024)
#define OOM_WAIT_S	60	/* bound on any wait for an OOM kill */

/* Is @name the bracketed (active) entry? */
static bool policy_active(const char *name)
{
	char buf[512], want[64];

	snprintf(want, sizeof(want), "[%s]", name);
	return !read_file(POLICY, buf, sizeof(buf)) && strstr(buf, want);
}

static bool policy_listed(const char *name)
{
	char buf[512], *tok, *save;

	if (read_file(POLICY, buf, sizeof(buf)))
		return false;
	for (tok = strtok_r(buf, " []\n", &save); tok; tok = strtok_r(NULL, " []\n", &save))
		if (!strcmp(tok, name))
			return true;
	return false;
}

static int policy_write(const char *name)
{
	return write_file(POLICY, name);
}

/*
 * Load policy module @name: from $OOM_POLICY_MODULES/NAME.ko (default
 * /lib/modules/NAME.ko, where the test initramfs has them), else with
 * modprobe.  Already loaded is fine.
 */
static int module_load(const char *name, const char *params)
{
	const char *dir = getenv("OOM_POLICY_MODULES");
	char path[256];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s.ko", dir ? dir : "/lib/modules", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(path, sizeof(path), "modprobe -q %s %s", name, params);
		return system(path) ? -ENOENT : 0;
	}
	if (syscall(SYS_finit_module, fd, params, 0))
		err = -errno;
	close(fd);
	return err == -EEXIST ? 0 : err;
}

static int module_unload(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) ? -errno : 0;
}

/*
 * With oom_score_adj @adj, touch anonymous memory until killed, or @limit
 * bytes (0: no limit).
 */
/*
 * Allocate and touch @limit bytes (0: without end), 1 MiB at a time, with
 * oom_score_adj @adj.  With @one_oom, stop at the first OOM kill after the
 * start: the trigger of exactly one OOM, whatever MemAvailable promised.
 */
static void hog_adj(unsigned long limit, int adj, bool one_oom)
{
	unsigned long long kills = vmstat_read("oom_kill");
	unsigned long done = 0;

	set_oom_score_adj(getpid(), adj);
	while (!limit || done < limit) {
		char *p;

		if (one_oom && vmstat_read("oom_kill") != kills)
			break;
		p = mmap(NULL, MB, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED) {
			usleep(1000);
			continue;
		}
		memset(p, 0x5a, MB);
		done += MB;
	}
}

static void hog(unsigned long limit)
{
	hog_adj(limit, 0, false);
}

/*
 * Wait up to @secs seconds for child @pid: its pid, with *status, or 0 if
 * it did not end in time, in which case it is SIGKILLed and reaped (the
 * caller's test then fails instead of hanging).
 */
static pid_t wait_bounded(pid_t pid, int *status, int secs)
{
	int i;

	for (i = 0; i < secs * 20; i++) {
		pid_t w = waitpid(pid, status, WNOHANG);

		if (w)
			return w;
		usleep(50 * 1000);
	}
	ksft_print_msg("%d still running after %d s: killed\n", pid, secs);
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return 0;
}

/* Wait up to @secs seconds for one byte on @fd: 0, or -1. */
static int read_byte_bounded(int fd, int secs)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	char c;

	if (poll(&pfd, 1, secs * 1000) != 1 || read(fd, &c, 1) != 1)
		return -1;
	return 0;
}

/*
 * A child that holds @mb MiB, then sleeps; niced by @nice; in memcg @cg
 * unless NULL.  Returns once the memory is in place, or -1 (child gone)
 * if it is not in place within OOM_WAIT_S.
 */
static pid_t spawn_holder_in(unsigned long mb, int nice, const char *comm,
			     const char *cg)
{
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid) {
		close(fds[1]);
		if (read_byte_bounded(fds[0], OOM_WAIT_S)) {
			ksft_print_msg("holder %d died early\n", pid);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			pid = -1;
		}
		close(fds[0]);
		return pid;
	}
	close(fds[0]);
	if (cg && cg_enter(cg))
		_exit(3);
	if (comm)
		prctl(PR_SET_NAME, comm);
	if (nice)
		setpriority(PRIO_PROCESS, 0, nice);
	hog(mb * MB);
	if (write(fds[1], "r", 1) != 1)
		_exit(1);
	for (;;)
		pause();
}

static pid_t spawn_holder(unsigned long mb, int nice, const char *comm)
{
	return spawn_holder_in(mb, nice, comm, NULL);
}

static pid_t spawn_hog(void)
{
	pid_t pid = fork();

	if (pid)
		return pid;
	hog(0);
	_exit(0);
}

static bool killed_by_sigkill(int status)
{
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/* Is there an "oom-kill:" line for @pid naming @policy among new records? */
static bool kmsg_has_policy_kill(int kfd, pid_t pid, const char *policy)
{
	char rec[2048], want_pid[32], want_pol[48];
	bool found = false;
	ssize_t n;

	snprintf(want_pid, sizeof(want_pid), ",pid=%d,", pid);
	snprintf(want_pol, sizeof(want_pol), ",policy=%s", policy);
	for (;;) {
		n = read(kfd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		if (strstr(rec, "oom-kill:") && strstr(rec, want_pid) &&
		    strstr(rec, want_pol))
			found = true;
	}
	return found;
}

#define TRACING		"/sys/kernel/tracing"

/* Clear the trace buffer and record the mark_victim event. */
static int trace_victims(void)
{
	int fd = open(TRACING "/trace", O_WRONLY | O_TRUNC | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	close(fd);
	return write_file(TRACING "/events/oom/mark_victim/enable", "1");
}

/* Did a mark_victim event for @pid carry policy=@policy? */
static bool trace_has_victim(pid_t pid, const char *policy)
{
	static char buf[1 << 18];
	char want_pid[32], want_pol[48], *line, *save;
	size_t len = 0;
	ssize_t n;
	int fd = open(TRACING "/trace", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	while (len < sizeof(buf) - 1 &&
	       (n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	snprintf(want_pid, sizeof(want_pid), "mark_victim: pid=%d ", pid);
	snprintf(want_pol, sizeof(want_pol), " policy=%s", policy);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strstr(line, want_pid) && strstr(line, want_pol))
			return true;
	return false;
}

static int drop_cap_sys_admin(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	d[CAP_SYS_ADMIN / 32].effective &= ~(1U << (CAP_SYS_ADMIN % 32));
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

/* Run @fn in a child and return its exit status (as a negative errno). */
static int in_child(int (*fn)(void))
{
	int status;
	pid_t pid = fork();

	if (!pid)
		_exit(-fn() & 0xff);
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? -WEXITSTATUS(status) : -EINTR;
}

static int write_as_nobody(void)
{
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return -ECHILD;
	return policy_write("panic");
}

static int write_without_cap(void)
{
	int err = drop_cap_sys_admin();

	return err ? err : policy_write("panic");
}

static void test_sysfs(void)
{
	static const char * const bad[] = {
		"\n", "nosuch", "Default", "default extra", "default\n\n",
		"a-name-much-longer-than-any-policy-name",
	};
	char buf[512];
	size_t i;
	int err;

	ksft_set_plan(13);
	err = read_file(POLICY, buf, sizeof(buf));
	ksft_print_msg("policy: %s\n", err ? "unreadable" : buf);
	ksft_test_result(!err && policy_listed("default") && policy_listed("panic") &&
			 policy_active("default"),
			 "lists default and panic, default active\n");

	/* Booted with oom_policy=classic: it activates when it registers. */
	err = module_load("oom_classic", "");
	ksft_test_result(!err && policy_active("classic"),
			 "oom_policy=classic activates the module when loaded (%d)\n", err);
	err = module_unload("oom_classic");
	ksft_test_result(err == -EWOULDBLOCK && policy_active("classic"),
			 "active policy's module is pinned: rmmod -EWOULDBLOCK (%d)\n", err);
	ksft_test_result(!policy_write("default") && !module_unload("oom_classic") &&
			 !policy_listed("classic"),
			 "after switching away, rmmod works and classic is gone\n");
	err = policy_write("classic");
	ksft_test_result(err == -EINVAL && policy_active("default"),
			 "unloaded policy: -EINVAL (%d)\n", err);

	err = 0;
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int e = policy_write(bad[i]);

		if (e != -EINVAL) {
			ksft_print_msg("'%s': %d, want -EINVAL\n", bad[i], e);
			err = 1;
		}
	}
	ksft_test_result(!err && policy_active("default"),
			 "bad names: -EINVAL, default still active\n");

	err = in_child(write_as_nobody);
	ksft_test_result(err == -EACCES && policy_active("default"),
			 "unprivileged write: -EACCES (%d), unchanged\n", err);
	err = in_child(write_without_cap);
	ksft_test_result(err == -EPERM && policy_active("default"),
			 "write without CAP_SYS_ADMIN: -EPERM (%d), unchanged\n", err);

	ksft_test_result(!policy_write("panic\n") && policy_active("panic") &&
			 !policy_write("default") && policy_active("default"),
			 "switch to panic and back (trailing newline accepted)\n");

	err = module_load("oom_kill_parent", "kills=4 window=30");
	ksft_test_result(!err && read_long(KP_PARAMS "kills") == 4 &&
			 read_long(KP_PARAMS "window") == 30,
			 "kill-parent loads with kills=4 window=30 (%d)\n", err);
	err = 0;
	for (i = 0; i < 4; i++) {
		static const char * const v[] = { "0", "33", "x", "-1" };

		if (write_file(KP_PARAMS "kills", v[i]) != -EINVAL)
			err = 1;
	}
	ksft_test_result(!err && read_long(KP_PARAMS "kills") == 4,
			 "kills: 0, 33, x, -1 rejected with -EINVAL, value unchanged\n");
	ksft_test_result(write_file(KP_PARAMS "window", "0") == -EINVAL &&
			 write_file(KP_PARAMS "window", "86401") == -EINVAL &&
			 read_long(KP_PARAMS "window") == 30,
			 "window: 0, 86401 rejected, value unchanged\n");
	ksft_test_result(!module_unload("oom_kill_parent") && !policy_listed("kill-parent"),
			 "kill-parent unloads\n");
}

/*
 * A forker that starts @hogs hogs one after another, each after the
 * previous one died; reports each SIGKILLed one as a byte on @wfd.
 */
static void forker(int hogs, int wfd)
{
	int i, status;

	set_oom_score_adj(getpid(), 0);
	for (i = 0; i < hogs; i++) {
		pid_t pid = fork();

		if (!pid) {
			close(wfd);
			hog(0);
			_exit(0);
		}
		waitpid(pid, &status, 0);
		if (killed_by_sigkill(status) && write(wfd, "k", 1) != 1)
			_exit(3);
	}
	_exit(0);
}

/* Run a forker of @hogs; return its wait status, *kills its child kills. */
static int run_forker(int hogs, int *kills, pid_t *pidp)
{
	int fds[2], status;
	char c;
	pid_t pid;

	*kills = 0;
	if (pipe(fds))
		return -1;
	pid = fork();
	if (!pid) {
		close(fds[0]);
		forker(hogs, fds[1]);
	}
	*pidp = pid;
	close(fds[1]);
	while (read(fds[0], &c, 1) == 1)
		(*kills)++;
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

static void test_kill_parent(void)
{
	int status, kills, kfd, err;
	pid_t pid;

	ksft_set_plan(5);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	kfd = kmsg_open();
	err = trace_victims();
	if (err)
		ksft_print_msg("mark_victim tracing: %d\n", err);

	status = run_forker(5, &kills, &pid);
	ksft_test_result(WIFEXITED(status) && !WEXITSTATUS(status) && kills == 5,
			 "default: all 5 children killed (%d), the forker lives\n", kills);

	err = module_load("oom_kill_parent", "kills=3 window=60");
	if (!err)
		err = policy_write("kill-parent");
	ksft_test_result(!err && policy_active("kill-parent"),
			 "kill-parent loaded and active (%d)\n", err);
	status = run_forker(8, &kills, &pid);
	/* Let the orphaned last hog be killed and reaped. */
	while (wait(NULL) > 0)
		;
	ksft_test_result(killed_by_sigkill(status) && kills == 3,
			 "kill-parent: forker SIGKILLed after %d child kills (want 3)\n",
			 kills);
	ksft_test_result(kfd >= 0 && kmsg_has_policy_kill(kfd, pid, "kill-parent"),
			 "the OOM report names kill-parent for the forker %d\n", pid);
	ksft_test_result(trace_has_victim(pid, "kill-parent"),
			 "the mark_victim event names kill-parent for the forker\n");
	policy_write("default");
	module_unload("oom_kill_parent");
}

/*
 * Two hogs, the niced one 3/4 the size of the other, and a protected
 * trigger that allocates until the first OOM kill.  The trigger may take
 * up to 9/10 of MemAvailable, so with the hogs (7/16 of it) memory runs
 * out even where MemAvailable underestimates what is free; it stops at
 * the first kill, so the OOM killer never runs out of victims where
 * MemAvailable overestimates it.  Returns the first victim's pid; *niced
 * and *plain are the hogs, *trigger_ok tells whether the trigger
 * (oom_score_adj -1000) survived.
 */
static pid_t rank_round(pid_t *niced, pid_t *plain, bool *trigger_ok)
{
	unsigned long avail = meminfo_kb("MemAvailable") / 1024;
	struct oom_kills k = { 0 };
	int kfd = kmsg_open(), status;
	pid_t trigger;

	ksft_print_msg("hogs of %lu and %lu (niced) MiB\n", avail / 4, avail * 3 / 16);
	*trigger_ok = false;
	*plain = spawn_holder(avail / 4, 0, "plain_hog");
	*niced = spawn_holder(avail * 3 / 16, 10, "niced_hog");
	if (*plain > 0 && *niced > 0) {
		trigger = fork();
		if (!trigger) {
			hog_adj(avail * 9 / 10 * MB, -1000, true);
			_exit(0);
		}
		*trigger_ok = trigger > 0 &&
			      wait_bounded(trigger, &status, OOM_WAIT_S) == trigger &&
			      WIFEXITED(status) && !WEXITSTATUS(status);
	}
	kmsg_collect_kills(kfd, &k);
	close(kfd);
	if (*plain > 0)
		kill(*plain, SIGKILL);
	if (*niced > 0)
		kill(*niced, SIGKILL);
	while (wait(NULL) > 0)
		;
	return k.nr ? k.pid[0] : 0;
}

static void test_classic(void)
{
	pid_t first, niced, plain;
	bool trigger_ok;
	int err;

	ksft_set_plan(4);
	first = rank_round(&niced, &plain, &trigger_ok);
	ksft_test_result(first == plain, "default: the larger, plain hog %d dies first (got %d)\n",
			 plain, first);

	err = module_load("oom_classic", "");
	if (!err)
		err = policy_write("classic");
	ksft_test_result(!err && policy_active("classic"), "classic active (%d)\n", err);
	first = rank_round(&niced, &plain, &trigger_ok);
	ksft_test_result(first == niced, "classic: the smaller, niced hog %d dies first (got %d)\n",
			 niced, first);
	ksft_test_result(trigger_ok, "the -1000 trigger was never killed\n");
	policy_write("default");
	module_unload("oom_classic");
}

/*
 * In a 64 MiB memcg, the small "preferme" (8 MiB, in place before the hog
 * starts: a handshake, not a sleep) is killed first although the hog is
 * bigger; with it gone, prefer declines and default kills the hog.  Every
 * wait is bounded and leftovers are killed, so a wrong victim fails the
 * test instead of hanging the boot.
 */
static void test_prefer(void)
{
	struct oom_kills k = { 0 };
	pid_t named, big = -1;
	int err, kfd, status;
	bool big_killed = false;

	ksft_set_plan(3);
	err = module_load("oom_policy_prefer", "comm=preferme");
	if (!err)
		err = policy_write("prefer");
	ksft_test_result(!err && policy_active("prefer"), "prefer active (%d)\n", err);
	err = cg_create(CG, 64 * MB);
	if (err) {
		ksft_print_msg("cannot create %s: %d\n", CG, err);
		ksft_test_result_fail("first victim: the small 'preferme' (no memcg)\n");
		ksft_test_result_fail("then default kills the hog (no memcg)\n");
		goto out;
	}
	kfd = kmsg_open();
	named = spawn_holder_in(8, 0, "preferme", CG);
	if (named > 0) {
		big = fork();
		if (!big) {
			if (cg_enter(CG))
				_exit(3);
			hog(0);
			_exit(0);
		}
	}
	if (big > 0)
		big_killed = wait_bounded(big, &status, OOM_WAIT_S) == big &&
			     killed_by_sigkill(status);
	/* Kill whatever is left: the named one if prefer did not kill it. */
	write_file(CG "/cgroup.kill", "1");
	while (wait(NULL) > 0)
		;
	if (kfd >= 0)
		kmsg_collect_kills(kfd, &k);
	ksft_test_result(named > 0 && kfd >= 0 && k.nr >= 2 && k.pid[0] == named,
			 "first victim: the small 'preferme' %d (got %d)\n", named,
			 k.nr ? k.pid[0] : 0);
	ksft_test_result(big > 0 && big_killed && k.nr >= 2 && k.pid[1] == big,
			 "then prefer declines and default kills the hog %d (got %d)\n",
			 big, k.nr > 1 ? k.pid[1] : 0);
	if (kfd >= 0)
		close(kfd);
out:
	policy_write("default");
	module_unload("oom_policy_prefer");
	rmdir(CG);
}

static void test_storm(void)
{
	/* Module, policy, parameters (the stormer must not become a culprit). */
	static const char * const mods[][3] = {
		{ "oom_classic", "classic", "" },
		{ "oom_kill_parent", "kill-parent", "kills=32" },
		{ "oom_policy_prefer", "prefer", "" },
	};
	long kills0 = read_long(KILLS), kills;
	int i, err = 0, rounds = 0;
	pid_t stormer;
	time_t t0;

	ksft_set_plan(2);
	if (cg_create(CG, 16 * MB)) {
		ksft_test_result_fail("load, switch, unload during OOMs: no memcg\n");
		ksft_test_result_fail("memcg OOM kills happened: no memcg\n");
		return;
	}
	stormer = fork();
	if (!stormer) {
		cg_enter(CG);
		for (;;) {
			pid_t h = spawn_hog();

			waitpid(h, NULL, 0);
		}
	}
	/*
	 * At least 30 rounds, and on until the storm has seen 10 OOM kills
	 * (a slow guest loads modules faster than its hogs fill the
	 * memcg), for at most 60 s.
	 */
	t0 = time(NULL);
	for (i = 0; i < 30 || (read_long(KILLS) - kills0 < 10 && time(NULL) - t0 < 60); i++) {
		const char *const *m = mods[i % 3];
		int e;

		e = module_load(m[0], m[2]);
		if (!e)
			e = policy_write(m[1]);
		usleep(50 * 1000);
		if (!e)
			e = policy_write("default");
		if (!e)
			e = module_unload(m[0]);
		if (e) {
			ksft_print_msg("round %d (%s): %d\n", i, m[1], e);
			err = e;
		}
		rounds++;
	}
	kill(stormer, SIGKILL);
	waitpid(stormer, NULL, 0);
	/* The stormer's last hog may still be running: kill the memcg. */
	write_file(CG "/cgroup.kill", "1");
	while (wait(NULL) > 0)
		;
	ksft_test_result(!err,
			 "%d rounds of load, switch, unload during OOMs, none failed\n",
			 rounds);
	kills = read_long(KILLS) - kills0;
	ksft_print_msg("OOM kills during the storm: %ld\n", kills);
	ksft_test_result(kills >= 10, "memcg OOM kills happened throughout\n");
	/* The killed tasks leave the memcg as they finish exiting. */
	for (i = 0; i < 100 && rmdir(CG) && errno == EBUSY; i++)
		usleep(20 * 1000);
}

/*
 * Booted with oom_policy=panic: sysrq-f and a memcg OOM are declined (and
 * handled by default), a global OOM panics.  Every planned result is
 * printed before the global OOM, the last a real check, so that the
 * harness can require all of them: a panic on sysrq-f or on the memcg OOM
 * cuts the output short and fails the boot.
 */
static void test_panic(void)
{
	unsigned long long kills0 = vmstat_read("oom_kill");
	int kfd, status, err;
	pid_t sleeper, big = -1;

	ksft_set_plan(4);
	ksft_test_result(policy_active("panic"), "oom_policy=panic is active\n");
	kfd = kmsg_open();
	sleeper = spawn_holder(4, 0, "sleeper");
	err = write_file("/proc/sysrq-trigger", "f");
	ksft_test_result(sleeper > 0 && !err && kfd >= 0 &&
			 wait_bounded(sleeper, &status, OOM_WAIT_S) == sleeper &&
			 killed_by_sigkill(status) &&
			 kmsg_has_policy_kill(kfd, sleeper, "default"),
			 "sysrq-f: no panic, default killed %d\n", sleeper);
	err = cg_create(CG, 16 * MB);
	if (!err) {
		big = fork();
		if (!big) {
			if (cg_enter(CG))
				_exit(3);
			hog(0);
			_exit(0);
		}
	}
	ksft_test_result(!err && big > 0 && kfd >= 0 &&
			 wait_bounded(big, &status, OOM_WAIT_S) == big &&
			 killed_by_sigkill(status) &&
			 kmsg_has_policy_kill(kfd, big, "default"),
			 "memcg OOM: no panic, default killed %d (%d)\n", big, err);
	rmdir(CG);
	/* Both OOMs killed, neither panicked, and panic is still in charge. */
	ksft_test_result(policy_active("panic") && vmstat_read("oom_kill") >= kills0 + 2,
			 "after sysrq-f and a memcg OOM: panic still active, %llu kills\n",
			 vmstat_read("oom_kill") - kills0);
	fflush(stdout);
	hog(0);
	ksft_print_msg("still alive after a global OOM\n");
	exit(1);
}

/* The value of oom_policy= on the kernel command line, or NULL. */
static const char *cmdline_policy(char *buf, size_t size)
{
	char line[4096], *p, *end;
	const char *found = NULL;

	if (read_file("/proc/cmdline", line, sizeof(line)))
		return NULL;
	for (p = line; (p = strstr(p, "oom_policy=")); p += 11) {
		if (p != line && p[-1] != ' ')
			continue;
		end = p + 11 + strcspn(p + 11, " ");
		snprintf(buf, size, "%.*s", (int)(end - p - 11), p + 11);
		found = buf;
	}
	return found;
}

/* Does any kernel message since boot contain @text? */
static bool kmsg_since_boot_has(const char *text)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	char rec[2048];
	bool found = false;
	ssize_t n;

	if (fd < 0)
		return false;
	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		if (strstr(rec, text))
			found = true;
	}
	close(fd);
	return found;
}

/*
 * Booted with oom_policy=VALUE of @kind: "invalid" (not a policy name:
 * warned and ignored), "unregistered" (a valid name no policy ever
 * registers: noted as pending at the end of boot) or "default".  In every
 * case default is active and the kernel logged exactly the message of
 * that kind.
 */
static void test_bootparam(const char *kind)
{
	char val[256], invalid[320], pending[320];
	const char *v = cmdline_policy(val, sizeof(val));
	bool want_invalid = !strcmp(kind, "invalid");
	bool want_pending = !strcmp(kind, "unregistered");
	bool has_invalid, has_pending;
	int err;

	ksft_set_plan(4);
	if (!want_invalid && !want_pending && strcmp(kind, "default"))
		ksft_exit_fail_msg("bootparam: kind %s: want invalid|unregistered|default\n",
				   kind);
	ksft_test_result(v && (strcmp(kind, "default") || !strcmp(v, "default")),
			 "booted with oom_policy=%s\n", v ? v : "(none)");
	if (!v)
		v = "";
	snprintf(invalid, sizeof(invalid), "oom: oom_policy=%s: invalid policy name, ignored", v);
	snprintf(pending, sizeof(pending),
		 "oom: oom_policy=%s: not registered yet; active once it is", v);
	has_invalid = kmsg_since_boot_has(invalid);
	has_pending = kmsg_since_boot_has(pending);
	/*
	 * Default active; the value, unless it is "default", is no policy
	 * and writing it fails.
	 */
	if (!strcmp(v, "default")) {
		err = policy_write("default");
		ksft_test_result(!err && policy_active("default"),
				 "default is active and selectable (%d)\n", err);
	} else {
		err = policy_write(v);
		ksft_test_result(policy_active("default") && !policy_listed(v) &&
				 err == -EINVAL && policy_active("default"),
				 "default is active, %s not listed, writing it: -EINVAL (%d)\n",
				 v, err);
	}
	ksft_test_result(has_invalid == want_invalid,
			 "kmsg %s '%s'\n", want_invalid ? "has" : "lacks", invalid);
	ksft_test_result(has_pending == want_pending,
			 "kmsg %s '%s'\n", want_pending ? "has" : "lacks", pending);
}

/* The groups, and how many results each plans (for a whole skip). */
static const struct {
	const char *name;
	unsigned int plan;
} groups[] = {
	{ "sysfs", 13 }, { "kill-parent", 5 }, { "classic", 4 },
	{ "prefer", 3 }, { "storm", 2 }, { "panic", 4 }, { "bootparam", 4 },
};

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";
	unsigned int plan = 0;
	size_t i;

	ksft_print_header();
	for (i = 0; i < ARRAY_SIZE(groups); i++)
		if (!strcmp(what, groups[i].name))
			plan = groups[i].plan;
	if (!plan || (!strcmp(what, "bootparam") && argc < 3))
		ksft_exit_fail_msg("usage: oom_policy_test %s\n",
				   "sysfs|kill-parent|classic|prefer|storm|panic|bootparam KIND");
	/* The option decides; with it on, a missing file fails. */
	if (!oom_feature("CONFIG_OOM_POLICY", POLICY))
		oom_skip_all(plan, "no %s (CONFIG_OOM_POLICY off)\n", POLICY);
	if (getuid())
		oom_skip_all(plan, "needs root\n");
	if (!strcmp(what, "sysfs"))
		test_sysfs();
	else if (!strcmp(what, "kill-parent"))
		test_kill_parent();
	else if (!strcmp(what, "classic"))
		test_classic();
	else if (!strcmp(what, "prefer"))
		test_prefer();
	else if (!strcmp(what, "storm"))
		test_storm();
	else if (!strcmp(what, "panic"))
		test_panic();
	else
		test_bootparam(argv[2]);
	ksft_finished();
}
