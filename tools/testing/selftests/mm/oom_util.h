/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the OOM selftests: oom_score_adj, memcg setup, the
 * vgem device, and collecting the kernel's "Killed process" lines from
 * /dev/kmsg.
 */
#ifndef __SELFTESTS_MM_OOM_UTIL_H
#define __SELFTESTS_MM_OOM_UTIL_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <linux/capability.h>
#include <drm/drm.h>

#include "../kselftest.h"

#define OOM_MAX_KILLS	32
#define OOM_LINE_LEN	200

static inline int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	err = n < 0 ? -errno : 0;
	close(fd);
	return err;
}

/* The number at the start of a file such as /proc/PID/oom_score, or -errno. */
static inline long read_long(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char buf[32];
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	return strtol(buf, NULL, 10);
}

static inline int set_oom_score_adj(pid_t pid, int adj)
{
	char path[64], val[16];

	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", pid);
	snprintf(val, sizeof(val), "%d", adj);
	return write_file(path, val);
}

static inline unsigned long meminfo_kb(const char *field)
{
	char line[128];
	size_t len = strlen(field);
	unsigned long kb = 0;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, len) && line[len] == ':') {
			kb = strtoul(line + len + 1, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

static inline unsigned long mem_total_kb(void)
{
	return meminfo_kb("MemTotal");
}

/*
 * Whether the running kernel was built with @opt ("CONFIG_..."), from
 * /proc/config.gz: 1 (=y or =m), 0 (not set), -1 (no /proc/config.gz).
 * The tests use it to tell "option off" (skip) from "option on, interface
 * missing" (fail): a probe of the interface alone cannot.
 */
static inline int oom_kconfig(const char *opt)
{
	size_t len = strlen(opt);
	char line[256];
	int ret = 0;
	FILE *f;

	if (access("/proc/config.gz", R_OK))
		return -1;
	f = popen("zcat /proc/config.gz 2>/dev/null", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, opt, len) && line[len] == '=' &&
		    (line[len + 1] == 'y' || line[len + 1] == 'm'))
			ret = 1;
	if (pclose(f))
		return -1;
	return ret;
}

/*
 * Is the feature behind @opt there?  With /proc/config.gz the option
 * decides, and an enabled option whose @path is missing is a failure of
 * the whole program (the interface was lost, not configured out), as is a
 * disabled one whose @path exists (the feature leaked into a kernel built
 * without it); without /proc/config.gz, @path decides.
 */
static inline bool oom_feature(const char *opt, const char *path)
{
	int cfg = oom_kconfig(opt);

	if (cfg == 1 && path && access(path, F_OK))
		ksft_exit_fail_msg("%s=y but %s is missing\n", opt, path);
	if (!cfg && path && !access(path, F_OK))
		ksft_exit_fail_msg("%s is not set but %s exists\n", opt, path);
	if (cfg >= 0)
		return cfg == 1;
	return !path || !access(path, F_OK);
}

/*
 * Skip a whole group of @n tests: its plan and one skip per test, so that
 * the summary counts what did not run.
 */
static inline __noreturn __printf(2, 3) void oom_skip_all(unsigned int n,
							   const char *fmt, ...)
{
	char why[160];
	va_list ap;
	unsigned int i;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	why[strcspn(why, "\n")] = 0;
	ksft_set_plan(n);
	for (i = 0; i < n; i++)
		ksft_test_result_skip("%s\n", why);
	ksft_print_cnts();
	exit(KSFT_SKIP);
}

/*
 * Drop capability @cap from the effective set of the calling process (a
 * child forked for the purpose): root without it, for the EPERM tests of
 * files that check capable().  Returns 0 or -errno.
 */
static inline int oom_drop_cap(int cap)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -errno;
	d[cap / 32].effective &= ~(1U << (cap % 32));
	return syscall(SYS_capset, &h, d) ? -errno : 0;
}

/* Create a cgroup-v2 memcg with @max bytes of memory.max and no swap. */
static inline int cg_create(const char *dir, unsigned long max)
{
	char path[256], val[32];
	int err;

	err = write_file("/sys/fs/cgroup/cgroup.subtree_control", "+memory");
	if (err)
		return err;
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	snprintf(val, sizeof(val), "%lu", max);
	snprintf(path, sizeof(path), "%s/memory.max", dir);
	err = write_file(path, val);
	if (err)
		return err;
	/* memory.swap.max is absent without swap accounting: not an error. */
	snprintf(path, sizeof(path), "%s/memory.swap.max", dir);
	write_file(path, "0");
	return 0;
}

static inline int cg_enter(const char *dir)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	return write_file(path, "0");
}

/* Open the first DRM device whose driver is vgem. */
static inline int open_vgem(void)
{
	char path[64], name[16];
	int i, fd;

	for (i = 0; i < 16; i++) {
		struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(name, 0, sizeof(name));
		if (!ioctl(fd, DRM_IOCTL_VERSION, &v) && !strcmp(name, "vgem"))
			return fd;
		close(fd);
	}
	return -ENODEV;
}

/* /dev/kmsg positioned after everything logged so far. */
static inline int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	lseek(fd, 0, SEEK_END);
	return fd;
}

struct oom_kills {
	size_t nr;
	pid_t pid[OOM_MAX_KILLS];
	char line[OOM_MAX_KILLS][OOM_LINE_LEN];
};

/* Collect "Killed process PID" lines logged since kmsg_open(), in order. */
static inline void kmsg_collect_kills(int fd, struct oom_kills *k)
{
	char rec[2048];
	ssize_t n;

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
		p = strstr(msg, "Killed process ");
		if (!p || k->nr >= OOM_MAX_KILLS)
			continue;
		msg[strcspn(msg, "\n")] = 0;
		k->pid[k->nr] = atoi(p + strlen("Killed process "));
		snprintf(k->line[k->nr], OOM_LINE_LEN, "%s", msg);
		k->nr++;
	}
}

#endif /* __SELFTESTS_MM_OOM_UTIL_H */
