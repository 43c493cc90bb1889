/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by oom_detect_test and oom_thrash_bench: a thrashing hog,
 * a working-set shift and a clock (zram swap is in oom_util.h).
 */
#ifndef __SELFTESTS_MM_OOM_THRASH_UTIL_H
#define __SELFTESTS_MM_OOM_THRASH_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>

#include "oom_util.h"

#define OOM_DIR		"/sys/kernel/mm/oom"
#define MIB		(1024UL * 1024)

static inline unsigned long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * Fill a page so that it compresses about 4:1 (a quarter of it from a
 * xorshift generator, the rest zero): zram then holds several pages per
 * page of RAM, the swap is really used and the pages are not "same
 * filled" (which zram would store for free).
 */
static inline void fill_page(char *page, uint64_t *seed)
{
	uint64_t *w = (uint64_t *)page;
	size_t i;

	for (i = 0; i < 1024 / sizeof(*w); i++) {
		*seed ^= *seed << 13;
		*seed ^= *seed >> 7;
		*seed ^= *seed << 17;
		w[i] = *seed;
	}
}

/*
 * An anonymous working set of @mb MiB, written once and then touched
 * (one write per page) in a cycle for ever: with more than fits in RAM,
 * every page is evicted just before it is used again.  Once the working
 * set is written, one byte goes to @fd (if not -1): the thrashing starts.
 * Does not return.
 */
static inline void hog_cycle_notify(size_t mb, int fd)
{
	size_t len = mb * MIB, psz = getpagesize(), off;
	uint64_t seed = 0x9e3779b97f4a7c15ULL ^ getpid();
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		_exit(2);
	for (off = 0; off < len; off += psz)
		fill_page(p + off, &seed);
	if (fd >= 0 && write(fd, "f", 1) != 1)
		_exit(2);
	for (;;)
		for (off = 0; off < len; off += psz)
			p[off + 2048]++;
}

static inline void hog_cycle(size_t mb)
{
	hog_cycle_notify(mb, -1);
}

/* Write one byte of each page of @p (@len bytes), in cycles, for @ms ms. */
static inline void touch_for(char *p, size_t len, unsigned long long ms)
{
	unsigned long long end = mono_ns() + ms * 1000000ULL;
	size_t psz = getpagesize(), off;

	while (mono_ns() < end)
		for (off = 0; off < len; off += psz)
			p[off + 2048]++;
}

/*
 * A working-set shift that settles: @mb MiB used for 4 s, then another
 * @mb MiB for @b_ms while the first is left alone (to be swapped out).
 * Each fits in memory alone.  Exits 0.
 *
 * The new set is in use while it is built: after each 4 MiB written, the
 * part written so far is touched again.  Written once and left alone
 * until the end of its fill instead, its first pages are colder than
 * the old set, which was in use until the fill began, and MGLRU evicts
 * them first; on a slow (contended) host the new set was then refaulted
 * at 100% of evictions for over 10 s: thrashing, not a shift that
 * settles.
 */
static inline void loadshift_cycle(size_t mb, unsigned long long b_ms)
{
	size_t len = mb * MIB, psz = getpagesize(), off, done, end;
	uint64_t seed = 42;
	char *a, *b;

	a = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	b = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED || b == MAP_FAILED)
		_exit(2);
	for (off = 0; off < len; off += psz)
		fill_page(a + off, &seed);
	touch_for(a, len, 4000);
	for (done = 0; done < len; done = end) {
		end = done + 4 * MIB < len ? done + 4 * MIB : len;
		for (off = done; off < end; off += psz)
			fill_page(b + off, &seed);
		for (off = 0; off < end; off += psz)
			b[off + 2048]++;
	}
	touch_for(b, len, b_ms);
	_exit(0);
}

/* MemTotal and MemAvailable in MiB. */
static inline size_t mem_total_mb(void)
{
	return meminfo_kb("MemTotal") >> 10;
}

static inline size_t mem_avail_mb(void)
{
	return meminfo_kb("MemAvailable") >> 10;
}

#endif /* __SELFTESTS_MM_OOM_THRASH_UTIL_H */
