/* migrate.h — the numbered schema migrations compiled into the binary from
 * src/store/migrations/NNN_name.sql by scripts/embed-sql.sh. One source
 * serves both backends: store_pg.c translates SQLite's DDL, unless
 * src/store/migrations/pg/NNN_name.sql gives the PostgreSQL text. */
#ifndef PROBITY_MIGRATE_H
#define PROBITY_MIGRATE_H

struct migration {
	int version;
	const char *name;
	const char *sql;
	/* The PostgreSQL text when src/store/migrations/pg/NNN_name.sql exists;
	 * NULL when store_pg.c's translation of sql is enough (the usual case). */
	const char *pg_sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
