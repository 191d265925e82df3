/* store/schema.h - versioned schema: creation and migrations. */
#ifndef DY_SCHEMA_H
#define DY_SCHEMA_H
#include "store/db.h"

/* The version this dyad writes. */
int dy_schema_latest(void);
/* Brings the database to the latest version, one transaction per step. */
int dy_schema_migrate(dy_db *db);

#endif
