#include <criterion/criterion.h>
Test(admin, placeholder) { cr_assert(1); }
