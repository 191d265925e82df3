/* code/countries.h - which three-letter actor code prefixes name a state. */
#ifndef DY_COUNTRIES_H
#define DY_COUNTRIES_H
/* 1 when the first three letters of code are an ISO 3166-1 alpha-3 code
 * (or a CAMEO code for a state outside ISO, e.g. Kosovo, former USSR). */
int dy_is_country_code(const char *code);
/* The CAMEO code of a state given its ISO alpha-3 code (ROU -> ROM, TLS -> TMP,
 * XKX -> KSV); iso itself when they agree. */
const char *dy_cameo_country(const char *iso);
/* The ISO alpha-3 code for a CAMEO state code that differs from it (ROM ->
 * ROU), else NULL. Reads the first three letters of cameo. */
const char *dy_iso_country(const char *cameo);
#endif
