#include <criterion/criterion.h>

#include "deploy/plan.h"

Test(deploy_plan, names)
{
    cr_assert_str_eq(deploy_rule_name(DEPLOY_RULE_REST), "rest");
}
