#include <criterion/criterion.h>
Test(guidance, placeholder_build) { cr_assert(1); }
