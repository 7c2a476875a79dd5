#include <criterion/criterion.h>
Test(people, placeholder) { cr_assert(1); }
