/* store/schema.h - versioned schema: creation and migrations. */
#ifndef DY_SCHEMA_H
#define DY_SCHEMA_H
#include "store/db.h"

/* The version this dyad writes. */
int dy_schema_latest(void);
/* Reads meta.schema_version (0 for a new database). */
int dy_schema_version(dy_db *db, int *version);
/* Brings the database to the latest version, one transaction per step. */
int dy_schema_migrate(dy_db *db);

#endif
