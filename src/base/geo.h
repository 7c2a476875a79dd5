/* geo: where Dutch postcodes are, without network look-ups. The table of
 * coordinates is shipped with the program (base/geo_table.inc): the centre
 * of the town or district a range of PC4 numbers belongs to, else of the
 * 2-digit region, so positions and distances are approximate (a few km in a
 * town, up to about 30 km by region). Distances are great-circle km. */
#ifndef INSTROOM_BASE_GEO_H
#define INSTROOM_BASE_GEO_H

#include <stdbool.h>

/* The coordinates (degrees) of a Dutch postcode ("1234 AB", "1234AB" or
 * "1234"); false when the postcode is malformed or not in the table. */
bool geo_postcode(const char *postcode, double *lat, double *lon);
/* Great-circle distance in kilometres. */
double geo_km(double lat1, double lon1, double lat2, double lon2);

#endif
