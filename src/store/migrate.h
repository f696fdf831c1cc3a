/* migrate.h — the numbered schema migrations compiled into the binary from
 * src/store/migrations/NNN_name.sql by scripts/embed-sql.sh. */
#ifndef PROBITY_MIGRATE_H
#define PROBITY_MIGRATE_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
