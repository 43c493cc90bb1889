// SPDX-License-Identifier: GPL-2.0
/*
 * The "default" OOM policy: mainline victim selection, the task with the
 * highest oom_badness() (with CONFIG_OOM_FILE_BADNESS, memory held through
 * files included).  It ends every chain: when the active policy declines,
 * this one decides, so every OOM gets a decision.
 */
#include <linux/oom.h>

#include "policy.h"

static enum oom_policy_verdict oom_default_select(struct oom_control *oc)
{
	oom_select_victim(oc, NULL);
	return OOM_POLICY_VICTIM;
}

struct oom_policy oom_policy_default = {
	.name = "default",
	.select = oom_default_select,
};
