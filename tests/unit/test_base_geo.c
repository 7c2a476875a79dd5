#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>

#include "base/geo.h"
#include "base/geo_table.inc"

/* The Netherlands, with a margin. */
static bool in_nl(double lat, double lon)
{
    return lat > 50.7 && lat < 53.6 && lon > 3.3 && lon < 7.3;
}

Test(geo, accepts_the_written_forms)
{
    const char *forms[] = {"6811 GH", "6811GH", "6811", "6811 gh", " 6811 GH ", "6811gH"};
    double lat0 = 0, lon0 = 0;
    cr_assert(geo_postcode("6811 GH", &lat0, &lon0));
    for (size_t k = 0; k < sizeof forms / sizeof forms[0]; k++) {
        double lat = 0, lon = 0;
        cr_assert(geo_postcode(forms[k], &lat, &lon), "'%s'", forms[k]);
        cr_assert_eq(lat, lat0, "'%s'", forms[k]);
        cr_assert_eq(lon, lon0, "'%s'", forms[k]);
    }
}

Test(geo, refuses_malformed_postcodes)
{
    const char *bad[] = {"",       "0123 AB", "681 GH",  "68111",    "6811 G", "6811 SA", "6811 sd", "6811SS",
                         "6811-GH", "6811 GHX", "abcd",   "6811  GH", "68 11",  "６８１１", "6811 G1", " "};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        double lat = 99, lon = 99;
        cr_assert(!geo_postcode(bad[k], &lat, &lon), "'%s' refused", bad[k]);
        cr_assert_eq(lat, 99, "nothing written for '%s'", bad[k]);
    }
    double lat, lon;
    cr_assert(!geo_postcode(NULL, &lat, &lon));
}

Test(geo, the_table_is_sorted_and_every_range_lies_near_its_region)
{
    size_t n = sizeof GEO_RANGES / sizeof GEO_RANGES[0];
    cr_assert_gt(n, 90);
    for (size_t k = 0; k < n; k++) {
        const geo_range *r = &GEO_RANGES[k];
        cr_assert(r->first >= 1000 && r->first <= r->last && r->last <= 9999, "%s", r->name);
        if (k > 0) cr_assert_gt(r->first, GEO_RANGES[k - 1].last, "%s overlaps the range before", r->name);
        cr_assert(in_nl(r->lat, r->lon), "%s", r->name);
        const geo_region *g = &GEO_REGIONS[r->first / 100 - 10];
        double km = geo_km(r->lat, r->lon, g->lat, g->lon);
        cr_assert_lt(km, 40, "%s is %.0f km from its region's point (%s)", r->name, km, g->name);
    }
    for (int k = 0; k < 90; k++) cr_assert(in_nl(GEO_REGIONS[k].lat, GEO_REGIONS[k].lon), "region %d", k + 10);
}

Test(geo, every_pc4_has_a_place_in_the_netherlands)
{
    char pc[8];
    for (int n = 1000; n <= 9999; n++) {
        snprintf(pc, sizeof pc, "%d AB", n);
        double lat = 0, lon = 0;
        cr_assert(geo_postcode(pc, &lat, &lon), "%s", pc);
        cr_assert(in_nl(lat, lon), "%s at %f, %f", pc, lat, lon);
    }
}

static double km_between(const char *a, const char *b)
{
    double la, loa, lb, lob;
    cr_assert(geo_postcode(a, &la, &loa), "%s", a);
    cr_assert(geo_postcode(b, &lb, &lob), "%s", b);
    return geo_km(la, loa, lb, lob);
}

Test(geo, distances_between_programme_towns_are_about_right)
{
    /* Road-map distances between the centres, give or take the precision
     * of the table. */
    struct {
        const char *a, *b;
        double lo, hi;
    } cases[] = {
        {"6811 GH", "6511 AB", 12, 22},  /* Arnhem - Nijmegen, about 16 km */
        {"6811 GH", "7001 AB", 20, 32},  /* Arnhem - Doetinchem, about 27 km */
        {"6711 AB", "6701 LM", 5, 10},   /* Ede - Wageningen, about 8 km */
        {"3011 NP", "2311 WX", 25, 35},  /* Rotterdam - Leiden, about 30 km */
        {"3011 NP", "3111 AB", 4, 9},    /* Rotterdam - Schiedam, about 6 km */
        {"2311 WX", "2351 AB", 1, 4},    /* Leiden - Leiderdorp */
        {"1011 AB", "9711 AB", 135, 155}, /* Amsterdam - Groningen, about 145 km */
        {"6211 AB", "9711 AB", 260, 285}, /* Maastricht - Groningen, about 270 km */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double km = km_between(cases[k].a, cases[k].b);
        cr_assert(km >= cases[k].lo && km <= cases[k].hi, "%s - %s: %.1f km", cases[k].a, cases[k].b, km);
    }
    cr_assert_eq(km_between("6822 EF", "6824 JK"), 0, "one range, one point");
    cr_assert_gt(km_between("6811 GH", "6841 AB"), 2, "Arnhem Zuid has its own point");
}

Test(geo, haversine)
{
    cr_assert_eq(geo_km(52, 5, 52, 5), 0);
    cr_assert_float_eq(geo_km(0, 0, 0, 1), 111.195, 0.01, "one degree along the equator");
    cr_assert_float_eq(geo_km(52, 5, 53, 5), 111.195, 0.01, "one degree along a meridian");
    cr_assert_float_eq(geo_km(51.9, 4.4, 52.1, 5.1), geo_km(52.1, 5.1, 51.9, 4.4), 1e-9, "symmetric");
    cr_assert_float_eq(geo_km(0, 0, 0, 180), 20015.1, 0.5, "half the globe");
    cr_assert(!isnan(geo_km(90, 0, -90, 0)));
}
