#include <criterion/criterion.h>
Test(orgs, placeholder) { cr_assert(1); }
