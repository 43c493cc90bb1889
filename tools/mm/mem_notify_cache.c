// SPDX-License-Identifier: GPL-2.0
/*
 * mem_notify_cache - an application cache that gives memory back when
 * /dev/mem_notify reports pressure.
 *
 * Builds a cache of -m MiB (anonymous memory in 1 MiB chunks, as a
 * decoded-image or query cache would be), prints "ready", then waits on
 * /dev/mem_notify with poll().  On a low-pressure event it frees half of
 * what is left of the cache, on a medium or critical one all of it.  With
 * -n it holds the cache and never listens, as an application unaware of
 * memory pressure would.  -l sets the lowest level it is woken for.
 *
 * Usage: mem_notify_cache [-m MiB] [-l 1|2|3] [-n] [-v]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/mem_notify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#define CHUNK	(1024UL * 1024)

static const char * const level_name[] = { "none", "low", "medium", "critical" };

int main(int argc, char **argv)
{
	unsigned long mb = 64, left, i;
	unsigned int level = MEM_NOTIFY_LEVEL_LOW;
	bool listen = true, verbose = false;
	char **chunk;
	int opt, fd;

	while ((opt = getopt(argc, argv, "m:l:nv")) != -1) {
		switch (opt) {
		case 'm':
			mb = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			level = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			listen = false;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-m MiB] [-l 1|2|3] [-n] [-v]\n", argv[0]);
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	chunk = calloc(mb, sizeof(*chunk));
	if (!chunk)
		return 1;
	for (i = 0; i < mb; i++) {
		chunk[i] = mmap(NULL, CHUNK, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (chunk[i] == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		memset(chunk[i], (int)i, CHUNK);
	}
	left = mb;

	fd = -1;
	if (listen) {
		fd = open("/dev/mem_notify", O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			perror("/dev/mem_notify");
			return 1;
		}
		if (ioctl(fd, MEM_NOTIFY_IOC_SET_LEVEL, &level)) {
			perror("MEM_NOTIFY_IOC_SET_LEVEL");
			return 2;
		}
	}
	printf("ready: %lu MiB cached%s\n", mb, listen ? ", listening" : "");

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct mem_notify_event ev;
		unsigned long drop;

		if (fd < 0) {
			pause();
			continue;
		}
		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			return 1;
		if (read(fd, &ev, sizeof(ev)) != sizeof(ev))
			continue;
		drop = ev.level >= MEM_NOTIFY_LEVEL_MEDIUM ? left : (left + 1) / 2;
		for (i = 0; i < drop; i++)
			munmap(chunk[--left], CHUNK);
		if (verbose)
			printf("%s pressure: freed %lu MiB, %lu MiB left\n",
			       ev.level < 4 ? level_name[ev.level] : "?", drop, left);
	}
}
