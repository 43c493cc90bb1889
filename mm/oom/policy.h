/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to the OOM policy layer and the policies built with it.
 */
#ifndef _MM_OOM_POLICY_H
#define _MM_OOM_POLICY_H

#include <linux/oom_policy.h>

/* The last policy of every chain: mainline victim selection. */
extern struct oom_policy oom_policy_default;

int oom_policy_set(const char *name);

#endif /* _MM_OOM_POLICY_H */
