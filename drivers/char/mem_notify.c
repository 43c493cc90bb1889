// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/mem_notify: a character device that becomes readable when memory is
 * under pressure, so that applications can drop caches before the OOM
 * killer has to kill anyone.
 *
 * Detection.  shrink_node() calls mem_notify_reclaim() for every node that
 * global reclaim (kswapd or direct) or memory cgroup limit reclaim works
 * on, with classic LRU and with MGLRU alike; and wakeup_kswapd() calls it
 * for a node that is short of memory while kswapd has given up on it
 * (nothing left to reclaim), which reclaim alone would not report until
 * the next direct reclaim, just before the OOM killer.  The hook computes a level from
 * the node's free pages against its watermarks and from the reclaim
 * priority (see below), raises the level of the affected scope (the system, or a slot
 * for the memory cgroup in limit reclaim) and, when a scope enters pressure
 * or its level rises, kicks the worker.  It only reads counters, updates
 * atomics and takes one spinlock by trylock: it never allocates, sleeps or
 * waits, and is safe in atomic context.  Proactive reclaim
 * (memory.reclaim) is not pressure and is ignored.
 *
 * Levels and hysteresis follow the page allocator's view of a node: a zone
 * "has room" while its free pages are above its high watermark plus the
 * lowmem reserve it keeps against allocations for the node's highest zone.
 * Reclaim on a node with a zone that has room is not pressure.  Otherwise
 * the level is the lowest over the node's zones: critical at or below the
 * min watermark (plus reserve) or at reclaim priority DEF_PRIORITY - 8 or
 * less, medium at or below the low watermark, in direct reclaim or at
 * priority DEF_PRIORITY - 4 or less, low otherwise (kswapd at work).  Once
 * raised, a scope stays in pressure until the worker sees it clear: for
 * the system, every node that reported pressure has a zone with room
 * again; for a memory cgroup, which has no watermarks, its usage is a
 * margin (1/32) below its limit, or no limit reclaim happened for a
 * second.  Levels only rise within an episode.
 *
 * Waking.  The worker runs at once when a scope enters pressure or its level
 * rises, then every "interval_ms" while any scope is in pressure.  Each run
 * is a round that walks the readers from the head of the list and notifies
 * at most "batch" of those that are due, moving each notified reader to the
 * tail: under persisting pressure every reader is reached, a bounded number
 * per round.  A reader is due when the level is at least its minimum, its
 * previous notification is read, and "reader_interval_ms" have passed since
 * its last notification or the level is higher than then.
 *
 * Memory cgroups.  A reader records its memory cgroup at open().  Readers
 * outside the root cgroup are also notified of limit reclaim in their cgroup
 * or any ancestor.
 *
 * The device is readable by everyone: what it tells (a pressure level, free
 * and available pages, the id of a reader's own cgroup or its ancestors) is
 * in /proc/meminfo, /proc/pressure and the cgroup files already; a reader's
 * state is charged to its memory cgroup and bounded by RLIMIT_NOFILE; and
 * the rate limits are global, so readers cannot make the kernel do more
 * work per event by opening more files, only wait longer for their turn.
 */
#define pr_fmt(fmt) "mem_notify: " fmt

#include <linux/atomic.h>
#include <linux/cgroup.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mem_notify.h>
#include <linux/memcontrol.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/swap.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

/* Reclaim priorities at or below which pressure is medium, critical. */
#define MN_PRIO_MEDIUM		(DEF_PRIORITY - 4)
#define MN_PRIO_CRITICAL	(DEF_PRIORITY - 8)

/* Memory cgroups in limit reclaim tracked at once. */
#define MN_MEMCG_SLOTS		8

/* A memory cgroup episode ends after this long without limit reclaim. */
#define MN_MEMCG_QUIET_NS	NSEC_PER_SEC

DEFINE_STATIC_KEY_FALSE(mem_notify_readers);

static unsigned int mn_batch = 64;
static unsigned int mn_interval_ms = 100;
static unsigned int mn_reader_interval_ms = 1000;

static int mn_set_batch(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 1, 4096);
}

static int mn_set_interval(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 10, 10000);
}

static int mn_set_reader_interval(const char *val, const struct kernel_param *kp)
{
	return param_set_uint_minmax(val, kp, 10, 600000);
}

static const struct kernel_param_ops mn_batch_ops = {
	.set = mn_set_batch,
	.get = param_get_uint,
};

static const struct kernel_param_ops mn_interval_ops = {
	.set = mn_set_interval,
	.get = param_get_uint,
};

static const struct kernel_param_ops mn_reader_interval_ops = {
	.set = mn_set_reader_interval,
	.get = param_get_uint,
};

module_param_cb(batch, &mn_batch_ops, &mn_batch, 0644);
MODULE_PARM_DESC(batch, "Readers notified per wake round (1-4096)");
module_param_cb(interval_ms, &mn_interval_ops, &mn_interval_ms, 0644);
MODULE_PARM_DESC(interval_ms, "Milliseconds between wake rounds (10-10000)");
module_param_cb(reader_interval_ms, &mn_reader_interval_ops,
		&mn_reader_interval_ms, 0644);
MODULE_PARM_DESC(reader_interval_ms,
		 "Minimum milliseconds between two notifications of one reader at the same level (10-600000)");

/**
 * struct mn_sample - one zone as reclaim sees it
 * @free: free pages
 * @min: min watermark
 * @low: low watermark
 * @high: high watermark
 * @reserve: lowmem reserve this zone keeps against allocations that could
 *	use the node's highest zone (what the page allocator adds to the
 *	watermarks for them)
 * @priority: reclaim priority
 * @direct: direct reclaim by an allocating task, not kswapd
 * @watermarks: the fields above @priority are meaningful (global reclaim)
 */
struct mn_sample {
	unsigned long free;
	unsigned long min;
	unsigned long low;
	unsigned long high;
	unsigned long reserve;
	int priority;
	bool direct;
	bool watermarks;
};

/* The level of pressure that one reclaim pass shows for one zone. */
static unsigned int mn_level(const struct mn_sample *s)
{
	unsigned int level = MEM_NOTIFY_LEVEL_LOW;

	if (s->watermarks) {
		if (s->free <= s->min + s->reserve)
			return MEM_NOTIFY_LEVEL_CRITICAL;
		if (s->free <= s->low + s->reserve || s->direct)
			level = MEM_NOTIFY_LEVEL_MEDIUM;
	}
	if (s->priority <= MN_PRIO_CRITICAL)
		return MEM_NOTIFY_LEVEL_CRITICAL;
	if (s->priority <= MN_PRIO_MEDIUM)
		level = max_t(unsigned int, level, MEM_NOTIFY_LEVEL_MEDIUM);
	return level;
}

/* A zone has room again above its high watermark plus its reserve. */
static bool mn_zone_clear(const struct mn_sample *s)
{
	return s->free >= s->high + s->reserve;
}

/*
 * The pressure on @pgdat: none if any of its zones has room (allocations
 * can be served there and kswapd considers the node balanced), else the
 * lowest level over its zones.
 */
static unsigned int mn_node_level(struct pglist_data *pgdat, int priority,
				  bool direct)
{
	unsigned int level = MEM_NOTIFY_LEVEL_CRITICAL;
	int i, top = -1;

	for (i = 0; i < MAX_NR_ZONES; i++)
		if (managed_zone(&pgdat->node_zones[i]))
			top = i;
	if (top < 0)
		return MEM_NOTIFY_LEVEL_NONE;
	for (i = 0; i <= top; i++) {
		struct zone *zone = &pgdat->node_zones[i];
		struct mn_sample s = {
			.priority = priority,
			.direct = direct,
			.watermarks = true,
		};

		if (!managed_zone(zone))
			continue;
		s.free = zone_page_state(zone, NR_FREE_PAGES);
		s.min = min_wmark_pages(zone);
		s.low = low_wmark_pages(zone);
		s.high = high_wmark_pages(zone);
		s.reserve = max_t(long, zone->lowmem_reserve[top], 0);
		if (mn_zone_clear(&s))
			return MEM_NOTIFY_LEVEL_NONE;
		level = min(level, mn_level(&s));
	}
	return level;
}

/**
 * struct mn_scope - pressure on the system or on one memory cgroup
 * @memcg: the cgroup (a reference is held), NULL for the system
 * @cgroup_id: cgroup_id() of @memcg
 * @level: level of the current episode, MEM_NOTIFY_LEVEL_NONE if none
 * @onset_ns: when the episode began
 * @last_ns: when reclaim last reported pressure
 */
struct mn_scope {
	struct mem_cgroup *memcg;
	u64 cgroup_id;
	atomic_t level;
	atomic64_t onset_ns;
	atomic64_t last_ns;
};

/**
 * struct mn_client - one open file of /dev/mem_notify
 * @node: on mn_clients, under mn_lock
 * @wait: readers and pollers
 * @fasync: SIGIO subscribers
 * @lock: protects @ev, @pending and @missed against read()
 * @ev: the notification to return
 * @pending: @ev is not read yet
 * @missed: notifications merged into @ev
 * @min_level: lowest level the reader wants
 * @last_level: level of the last notification
 * @last_ms: when it was notified last
 * @seq: notifications so far
 * @memcg: the reader's memory cgroup (a reference is held); NULL for the
 *	root cgroup, whose readers get system events only
 */
struct mn_client {
	struct list_head node;
	wait_queue_head_t wait;
	struct fasync_struct *fasync;
	spinlock_t lock;	/* ev, pending, missed */
	struct mem_notify_event ev;
	bool pending;
	u32 missed;
	unsigned int min_level;
	unsigned int last_level;
	u64 last_ms;
	u64 seq;
	struct mem_cgroup *memcg;
};

static DEFINE_MUTEX(mn_lock);
static LIST_HEAD(mn_clients);
static u64 mn_rounds;

static struct mn_scope mn_system;
/* Nodes on which reclaim reported pressure during the system episode. */
static nodemask_t mn_nodes;
static struct mn_scope mn_memcg[MN_MEMCG_SLOTS];
/* Claims and releases of mn_memcg[]; the reclaim hook only trylocks it. */
static DEFINE_SPINLOCK(mn_memcg_lock);

static struct workqueue_struct *mn_wq;
static void mn_work_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(mn_work, mn_work_fn);

static void mn_client_init(struct mn_client *c)
{
	INIT_LIST_HEAD(&c->node);
	init_waitqueue_head(&c->wait);
	spin_lock_init(&c->lock);
	c->min_level = MEM_NOTIFY_LEVEL_LOW;
}

/* Should @c be notified of pressure at @level now? */
static bool mn_client_due(struct mn_client *c, unsigned int level, u64 now_ms,
			  unsigned int reader_interval_ms)
{
	if (level < READ_ONCE(c->min_level))
		return false;
	if (!c->seq)
		return true;
	if (level > c->last_level)
		return true;
	if (READ_ONCE(c->pending))
		return false;
	return now_ms - c->last_ms >= reader_interval_ms;
}

/*
 * Whether @c hears of @scope: every reader hears of the system, readers in
 * a cgroup or below it hear of that cgroup.
 */
static bool mn_client_in_scope(struct mn_client *c, struct mn_scope *scope)
{
	if (!scope->memcg)
		return true;
#ifdef CONFIG_MEMCG
	return c->memcg && mem_cgroup_is_descendant(c->memcg, scope->memcg);
#else
	return false;	/* no cgroup scopes */
#endif
}

static void mn_client_notify(struct mn_client *c, const struct mem_notify_event *ev,
			     u64 now_ms)
{
	spin_lock(&c->lock);
	if (c->pending)
		c->missed++;
	c->ev = *ev;
	c->ev.seq = ++c->seq;
	c->ev.missed = c->missed;
	c->pending = true;
	c->last_level = ev->level;
	c->last_ms = now_ms;
	spin_unlock(&c->lock);
	wake_up_interruptible_poll(&c->wait, EPOLLIN | EPOLLRDNORM);
	kill_fasync(&c->fasync, SIGIO, POLL_IN);
}

/*
 * One wake round for @scope: notify at most @batch due readers from the
 * head of @clients and move them to its tail, in order.  Returns how many
 * were notified.  Caller holds mn_lock (or owns @clients).
 */
static unsigned int mn_round(struct list_head *clients, struct mn_scope *scope,
			     const struct mem_notify_event *ev, u64 now_ms,
			     unsigned int batch, unsigned int reader_interval_ms)
{
	struct mn_client *c, *tmp;
	unsigned int n = 0;
	LIST_HEAD(woken);

	list_for_each_entry_safe(c, tmp, clients, node) {
		if (n >= batch)
			break;
		if (!mn_client_in_scope(c, scope) ||
		    !mn_client_due(c, ev->level, now_ms, reader_interval_ms))
			continue;
		mn_client_notify(c, ev, now_ms);
		list_move_tail(&c->node, &woken);
		n++;
	}
	list_splice_tail(&woken, clients);
	return n;
}

/* Raise @scope to @level; true if it entered pressure or rose. */
static bool mn_scope_raise(struct mn_scope *scope, unsigned int level, u64 now)
{
	int old = atomic_read(&scope->level);

	atomic64_set(&scope->last_ns, now);
	do {
		if (level <= old)
			return false;
		if (old == MEM_NOTIFY_LEVEL_NONE)
			atomic64_set(&scope->onset_ns, now);
	} while (!atomic_try_cmpxchg(&scope->level, &old, level));
	return true;
}

#ifdef CONFIG_MEMCG
/* The lower of memory.max and memory.high, in pages. */
static unsigned long mn_memcg_limit(struct mem_cgroup *memcg)
{
	return min(READ_ONCE(memcg->memory.max), READ_ONCE(memcg->memory.high));
}

/*
 * Raise the slot of @memcg to @level, claiming a free slot if @memcg has
 * none.  Slots are claimed, raised and released under mn_memcg_lock, so a
 * raise never lands on a slot reused by another cgroup; reclaim only
 * trylocks it and drops the report if the lock is busy or every slot is
 * taken (readers in @memcg still get system events then).
 */
static bool mn_memcg_raise(struct mem_cgroup *memcg, unsigned int level, u64 now)
{
	struct mn_scope *scope = NULL;
	bool raised = false;
	int i;

	if (!spin_trylock(&mn_memcg_lock))
		return false;
	for (i = 0; i < MN_MEMCG_SLOTS; i++) {
		if (mn_memcg[i].memcg == memcg) {
			scope = &mn_memcg[i];
			goto raise;
		}
		if (!scope && !mn_memcg[i].memcg)
			scope = &mn_memcg[i];
	}
	if (!scope || !css_tryget(&memcg->css))
		goto out;
	scope->memcg = memcg;
	scope->cgroup_id = cgroup_id(memcg->css.cgroup);
	atomic_set(&scope->level, MEM_NOTIFY_LEVEL_NONE);
raise:
	raised = mn_scope_raise(scope, level, now);
out:
	spin_unlock(&mn_memcg_lock);
	return raised;
}

static bool mn_memcg_clear(struct mn_scope *scope, u64 now)
{
	unsigned long limit = mn_memcg_limit(scope->memcg);
	unsigned long usage = page_counter_read(&scope->memcg->memory);

	if (now - atomic64_read(&scope->last_ns) >= MN_MEMCG_QUIET_NS)
		return true;
	return usage + max(limit >> 5, 1UL) <= limit;
}

static void mn_memcg_fill(struct mem_notify_event *ev, struct mn_scope *scope)
{
	unsigned long limit = mn_memcg_limit(scope->memcg);
	unsigned long usage = page_counter_read(&scope->memcg->memory);
	unsigned long free = usage < limit ? limit - usage : 0;

	ev->free_pages = free;
	ev->available_pages = free +
		memcg_page_state(scope->memcg, NR_ACTIVE_FILE) +
		memcg_page_state(scope->memcg, NR_INACTIVE_FILE);
	ev->cgroup_id = scope->cgroup_id;
}

static struct mem_cgroup *mn_reader_memcg(void)
{
	struct mem_cgroup *memcg = get_mem_cgroup_from_mm(current->mm);

	if (memcg && mem_cgroup_is_root(memcg)) {
		mem_cgroup_put(memcg);
		return NULL;
	}
	return memcg;
}
#else
static bool mn_memcg_raise(struct mem_cgroup *memcg, unsigned int level, u64 now)
{
	return false;
}

static bool mn_memcg_clear(struct mn_scope *scope, u64 now)
{
	return true;
}

static void mn_memcg_fill(struct mem_notify_event *ev, struct mn_scope *scope)
{
}

static struct mem_cgroup *mn_reader_memcg(void)
{
	return NULL;
}
#endif /* CONFIG_MEMCG */

static void mn_kick(void)
{
	if (mn_wq)
		mod_delayed_work(mn_wq, &mn_work, 0);
}

/**
 * __mem_notify_reclaim() - reclaim reports pressure; see mem_notify_reclaim()
 * @pgdat: the node being reclaimed
 * @target: the memory cgroup in limit reclaim, or NULL for global reclaim
 * @priority: the reclaim priority
 * @proactive: reclaim asked for by memory.reclaim
 */
void __mem_notify_reclaim(struct pglist_data *pgdat, struct mem_cgroup *target,
			  int priority, bool proactive)
{
	struct mn_sample s = { .priority = priority };
	u64 now = ktime_get_ns();
	unsigned int level;
	bool kick;

	if (proactive)
		return;
	if (target && !mem_cgroup_is_root(target)) {
		kick = mn_memcg_raise(target, mn_level(&s), now);
	} else {
		level = mn_node_level(pgdat, priority, !current_is_kswapd());
		/* Reclaim on a node that has room again is not pressure. */
		if (level == MEM_NOTIFY_LEVEL_NONE)
			return;
		node_set(pgdat->node_id, mn_nodes);
		/*
		 * The node's bit before the level: a worker that ends the
		 * episode meanwhile sees the bit and takes the report back
		 * (pairs with the atomic_try_cmpxchg() in mn_scope_tick()).
		 */
		smp_mb__after_atomic();
		kick = mn_scope_raise(&mn_system, level, now);
	}
	if (kick)
		mn_kick();
}

static void mn_fill(struct mem_notify_event *ev, struct mn_scope *scope,
		    unsigned int level)
{
	memset(ev, 0, sizeof(*ev));
	ev->size = sizeof(*ev);
	ev->level = level;
	ev->onset_ns = atomic64_read(&scope->onset_ns);
	ev->timestamp_ns = atomic64_read(&scope->last_ns);
	ev->page_size = PAGE_SIZE;
	ev->round = mn_rounds;
	if (scope->memcg) {
		ev->scope = MEM_NOTIFY_SCOPE_MEMCG;
		mn_memcg_fill(ev, scope);
	} else {
		ev->scope = MEM_NOTIFY_SCOPE_SYSTEM;
		ev->free_pages = global_zone_page_state(NR_FREE_PAGES);
		ev->available_pages = si_mem_available();
	}
}

/* End @scope's episode if it cleared; otherwise run a wake round for it. */
static bool mn_scope_tick(struct mn_scope *scope, u64 now)
{
	int level = atomic_read(&scope->level);
	struct mem_notify_event ev;
	bool clear;

	if (level == MEM_NOTIFY_LEVEL_NONE)
		return false;
	if (scope->memcg) {
		clear = mn_memcg_clear(scope, now);
	} else {
		int nid;

		/* The episode ends when every node that had pressure has room. */
		for_each_node_mask(nid, mn_nodes)
			if (mn_node_level(NODE_DATA(nid), DEF_PRIORITY, false) ==
			    MEM_NOTIFY_LEVEL_NONE)
				node_clear(nid, mn_nodes);
		clear = nodes_empty(mn_nodes);
	}
	/* A level raised meanwhile keeps the episode going. */
	if (clear && atomic_try_cmpxchg(&scope->level, &level, MEM_NOTIFY_LEVEL_NONE)) {
		/*
		 * Reclaim that reported pressure on a node after the scan
		 * above found the level still up, so its raise changed
		 * nothing: it set the node's bit, take its report back
		 * rather than lose it (if reclaim then stops, as when
		 * kswapd gives up, nothing would report it again).
		 */
		if (scope->memcg || nodes_empty(mn_nodes))
			return false;
		mn_scope_raise(scope, level, now);
	}
	level = atomic_read(&scope->level);
	if (level == MEM_NOTIFY_LEVEL_NONE)
		return false;
	mn_rounds++;
	mn_fill(&ev, scope, level);
	mn_round(&mn_clients, scope, &ev, div_u64(now, NSEC_PER_MSEC),
		 READ_ONCE(mn_batch), READ_ONCE(mn_reader_interval_ms));
	return true;
}

static void mn_work_fn(struct work_struct *work)
{
	u64 now = ktime_get_ns();
	bool active;
	int i;

	mutex_lock(&mn_lock);
	active = mn_scope_tick(&mn_system, now);
	for (i = 0; i < MN_MEMCG_SLOTS; i++) {
		struct mn_scope *scope = &mn_memcg[i];

		/* Only this work releases slots: ->memcg is stable here. */
		if (!READ_ONCE(scope->memcg))
			continue;
		if (mn_scope_tick(scope, now)) {
			active = true;
			continue;
		}
		spin_lock(&mn_memcg_lock);
		if (atomic_read(&scope->level) == MEM_NOTIFY_LEVEL_NONE) {
			mem_cgroup_put(scope->memcg);
			scope->memcg = NULL;
		} else {
			active = true;
		}
		spin_unlock(&mn_memcg_lock);
	}
	mutex_unlock(&mn_lock);
	if (active)
		queue_delayed_work(mn_wq, &mn_work,
				   msecs_to_jiffies(READ_ONCE(mn_interval_ms)));
}

static int mn_open(struct inode *inode, struct file *file)
{
	struct mn_client *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c)
		return -ENOMEM;
	mn_client_init(c);
	c->memcg = mn_reader_memcg();
	file->private_data = c;
	mutex_lock(&mn_lock);
	list_add_tail(&c->node, &mn_clients);
	mutex_unlock(&mn_lock);
	static_branch_inc(&mem_notify_readers);
	return stream_open(inode, file);
}

static int mn_release(struct inode *inode, struct file *file)
{
	struct mn_client *c = file->private_data;

	static_branch_dec(&mem_notify_readers);
	mutex_lock(&mn_lock);
	list_del(&c->node);
	mutex_unlock(&mn_lock);
	if (c->memcg)
		mem_cgroup_put(c->memcg);
	kfree(c);
	return 0;
}

static ssize_t mn_read(struct file *file, char __user *buf, size_t count,
		       loff_t *ppos)
{
	struct mn_client *c = file->private_data;
	struct mem_notify_event ev;
	int ret;

	if (count < sizeof(ev))
		return -EINVAL;
	for (;;) {
		spin_lock(&c->lock);
		if (c->pending) {
			ev = c->ev;
			c->pending = false;
			c->missed = 0;
			spin_unlock(&c->lock);
			break;
		}
		spin_unlock(&c->lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(c->wait, READ_ONCE(c->pending));
		if (ret)
			return ret;
	}
	if (copy_to_user(buf, &ev, sizeof(ev)))
		return -EFAULT;
	return sizeof(ev);
}

static __poll_t mn_poll(struct file *file, poll_table *wait)
{
	struct mn_client *c = file->private_data;

	poll_wait(file, &c->wait, wait);
	return READ_ONCE(c->pending) ? EPOLLIN | EPOLLRDNORM : 0;
}

static int mn_fasync(int fd, struct file *file, int on)
{
	struct mn_client *c = file->private_data;

	return fasync_helper(fd, file, on, &c->fasync);
}

static long mn_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct mn_client *c = file->private_data;
	u32 __user *up = (u32 __user *)arg;
	u32 level;

	switch (cmd) {
	case MEM_NOTIFY_IOC_SET_LEVEL:
		if (get_user(level, up))
			return -EFAULT;
		if (level < MEM_NOTIFY_LEVEL_LOW || level > MEM_NOTIFY_LEVEL_CRITICAL)
			return -EINVAL;
		WRITE_ONCE(c->min_level, level);
		return 0;
	case MEM_NOTIFY_IOC_GET_LEVEL:
		return put_user(READ_ONCE(c->min_level), up);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations mn_fops = {
	.owner		= THIS_MODULE,
	.open		= mn_open,
	.release	= mn_release,
	.read		= mn_read,
	.poll		= mn_poll,
	.fasync		= mn_fasync,
	.unlocked_ioctl	= mn_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static struct miscdevice mn_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "mem_notify",
	.fops	= &mn_fops,
	.mode	= 0444,
};

static int __init mem_notify_init(void)
{
	int ret;

	mn_wq = alloc_workqueue("mem_notify", WQ_MEM_RECLAIM | WQ_HIGHPRI | WQ_UNBOUND, 1);
	if (!mn_wq)
		return -ENOMEM;
	ret = misc_register(&mn_dev);
	if (ret) {
		destroy_workqueue(mn_wq);
		mn_wq = NULL;
		pr_err("cannot register /dev/mem_notify: %d\n", ret);
	}
	return ret;
}
device_initcall(mem_notify_init);

#ifdef CONFIG_MEM_NOTIFY_KUNIT_TEST
#include "mem_notify_kunit.h"
#endif
