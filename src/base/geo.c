#include "base/geo.h"

#include <math.h>
#include <stddef.h>

#include "base/geo_table.inc"

/* The PC4 number of a postcode ("1234 AB", "1234AB", "1234"; letters in
 * either case; spaces around the whole), or -1 when it is malformed: the
 * first digit is not 0, the letters are two or none, and never SA, SD or SS
 * (which Dutch postcodes do not use). */
static int pc4_of(const char *s)
{
    if (!s) return -1;
    while (*s == ' ') s++;
    int pc = 0;
    for (int k = 0; k < 4; k++, s++) {
        if (*s < '0' || *s > '9') return -1;
        pc = pc * 10 + (*s - '0');
    }
    if (pc < 1000) return -1;
    if (*s == ' ') s++;
    char l[2];
    int nl = 0;
    while (nl < 2 && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))) {
        l[nl++] = (char)(*s >= 'a' ? *s - 'a' + 'A' : *s);
        s++;
    }
    if (nl == 1) return -1;
    if (nl == 2 && l[0] == 'S' && (l[1] == 'A' || l[1] == 'D' || l[1] == 'S')) return -1;
    while (*s == ' ') s++;
    return *s ? -1 : pc;
}

/* The range holding pc, by binary search on the first numbers; NULL when
 * pc lies between ranges. */
static const geo_range *range_of(int pc)
{
    size_t lo = 0, hi = sizeof GEO_RANGES / sizeof GEO_RANGES[0];
    while (lo < hi) { /* the first range starting after pc */
        size_t mid = lo + (hi - lo) / 2;
        if (GEO_RANGES[mid].first <= pc) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return NULL;
    const geo_range *r = &GEO_RANGES[lo - 1];
    return pc <= r->last ? r : NULL;
}

bool geo_postcode(const char *postcode, double *lat, double *lon)
{
    int pc = pc4_of(postcode);
    if (pc < 0) return false;
    const geo_range *r = range_of(pc);
    if (r) {
        *lat = r->lat;
        *lon = r->lon;
    } else {
        const geo_region *g = &GEO_REGIONS[pc / 100 - 10];
        *lat = g->lat;
        *lon = g->lon;
    }
    return true;
}

double geo_km(double lat1, double lon1, double lat2, double lon2)
{
    const double rad = 3.14159265358979323846 / 180.0, earth_km = 6371.0088; /* mean radius */
    double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
    double a = sin(dlat / 2) * sin(dlat / 2) + cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
    if (a > 1) a = 1;
    return 2 * earth_km * asin(sqrt(a));
}
