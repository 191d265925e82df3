/* code/cameo.h - the CAMEO event code table: names, Goldstein values, quad classes.
 *
 * The table is generated from data/src/cameo.tsv by data/gen/gen_cameo.py into
 * code/cameo_table.c; it is static, read-only data, so every function here is
 * thread-safe and returns pointers the caller must not free. */
#ifndef DY_CAMEO_H
#define DY_CAMEO_H

typedef struct dy_cameo_info {
    const char *code;  /* "04", "042", "0421": 2, 3 or 4 digits */
    const char *name;  /* short meaning, e.g. "Make a visit" */
    double goldstein;  /* Goldstein conflict-cooperation value, -10..+10 */
    int quad;          /* 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict */
} dy_cameo_info;

/* Entry for exactly `code` (e.g. "0421"), or NULL if it is not a CAMEO code. */
const dy_cameo_info *dy_cameo_lookup(const char *code);

/* Quad class from the root: 01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4;
 * 0 when `code` is not a valid CAMEO code. */
int dy_cameo_quad(const char *code);

/* Goldstein value of `code`, falling back to its parents ("0421" -> "042" -> "04").
 * Sets *found (if not NULL) to 1 when some ancestor was found, else 0 and returns 0.0. */
double dy_cameo_goldstein(const char *code, int *found);

/* Number of entries and the i-th entry (sorted by code), for listings; NULL if out of range. */
int dy_cameo_count(void);
const dy_cameo_info *dy_cameo_at(int i);

#endif
