/* store/internal.h - what the store's files share and nobody else sees. */
#ifndef DY_STORE_INTERNAL_H
#define DY_STORE_INTERNAL_H
#include "store/db.h"
#include "store/store.h"

dy_db *dy_store_db(dy_store *s);
void dy_store_set_error(dy_store *s, const char *msg);

#endif
