/* people.h — the organisation: people, units, posts, line management.
 * The HR feed (people import) is the source of truth; rerunning it updates
 * people by staff number. */
#ifndef PROBITY_PEOPLE_H
#define PROBITY_PEOPLE_H

#include "core/err.h"
#include "domain/actor.h"
#include <stddef.h>
#include <stdint.h>

struct store;

#define PEOPLE_HEADER "staff_number,forenames,surname,kind,rank_or_grade,unit,post,line_manager,start_date,leave_date"

struct person {
	int64_t id;
	char staff_number[32];
	char forenames[96];
	char surname[96];
	char kind[16];
	char rank[64];
	int64_t unit_id;
	char unit[128];
	char post[128];
	int64_t manager_id;
	char manager_name[200];
	char start_date[11];
	char leave_date[11];
};

struct import_stats {
	long rows;       /* data rows read */
	long created;
	long updated;
	long unchanged;
};

/* Import the HR feed at path ("-" for stdin). All-or-nothing: on any bad
 * row nothing is written and e names "file:line: column: problem". With
 * dry_run the file is checked and counted but nothing is written. */
int people_import(struct store *st, const char *path, int dry_run, struct import_stats *s, struct err *e);

/* Load one person. Need-to-know: the person themself, their line manager,
 * psd, acu, vetting, admin. Refusals are logged. */
int person_get(struct store *st, const struct actor *who, int64_t id, struct person *out, struct err *e);
/* The force's name as its organisation tree has it (the unit of kind
 * "force", else the one top unit) into out; "" when there is none. For the
 * pages' header: not personal data, not logged. */
int org_force_name(struct store *st, char *out, size_t n, struct err *e);
int person_id_by_staff_number(struct store *st, const char *staff_number, int64_t *id, struct err *e);
/* True when manager_id line-manages person_id directly. */
int person_manages(struct store *st, int64_t manager_id, int64_t person_id);

/* Units in hierarchy order (parents before children, by name), with their
 * depth below the top. fn returns non-zero to stop. */
typedef int (*unit_fn)(void *ctx, int64_t id, const char *name, int depth);
int units_list(struct store *st, unit_fn fn, void *ctx, struct err *e);

#endif
