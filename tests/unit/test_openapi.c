#include <criterion/criterion.h>
Test(openapi, placeholder) { cr_assert(1); }
