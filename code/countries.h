/* code/countries.h - which three-letter actor code prefixes name a state. */
#ifndef DY_COUNTRIES_H
#define DY_COUNTRIES_H
/* 1 when the first three letters of code are an ISO 3166-1 alpha-3 code
 * (or a CAMEO code for a state outside ISO, e.g. Kosovo, former USSR). */
int dy_is_country_code(const char *code);
#endif
