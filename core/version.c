/* SPDX-License-Identifier: MIT */
#include <budgetkit/budgetkit.h>

const char *bk_version(void)
{
    return BK_VERSION;
}
