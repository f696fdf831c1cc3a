/* registers_publish.h — what of the gifts and business-interests registers
 * the force publishes, decided here so that the public site's writer
 * (web/registers_publish.c) only lays it out and no rule about whose data
 * leaves the force lives in src/web.
 *
 * The rule: only chief officers' entries. Gifts flagged publishable (set when
 * a chief officer declares, or on import for a chief officer), once decided
 * (approved, refused or recorded: the Specified Information Order asks for
 * offers accepted or declined). Business interests of people with
 * chief_officer = 1, once approved, and kept when later withdrawn or ended;
 * applications and refusals are never published. No other person's data is
 * read. The public site is built by the CLI (probity publish), so there is
 * no actor: the rule itself is the need-to-know. */
#ifndef PROBITY_REGISTERS_PUBLISH_H
#define PROBITY_REGISTERS_PUBLISH_H

#include "core/err.h"
#include "domain/record.h"
#include <stdint.h>

struct store;

/* The published rows as field lists (domain/record.h): kind, member, size,
 * SQL, JSON key, export column (the public site lays them out itself). */
#define PUBLISHED_GIFT_FIELDS(X) \
	X(I64, id, 0, "g.id", NULL, NULL) \
	X(TEXT, date_offered, 11, "g.date_offered", NULL, NULL) \
	X(TEXT, chief_officer, 200, "p.forenames || ' ' || p.surname", NULL, NULL) \
	X(TEXT, role, 128, "COALESCE(po.title, p.rank)", NULL, NULL)     /* post title, else rank */ \
	X(TEXT, offeror_org, 201, "g.offeror_org", NULL, NULL)           /* "" for a private individual, not named */ \
	X(TEXT, kind, 16, "g.kind", NULL, NULL)                          /* gift, hospitality, other */ \
	X(TEXT, description, 1001, "g.description", NULL, NULL) \
	X(MONEY, value_pence, 0, "g.value_pence", NULL, NULL) \
	X(BOOL, accepted, 0, "g.accepted <> 0", NULL, NULL) \
	X(TEXT, status, 20, "g.status", NULL, NULL)                      /* approved, refused, recorded */

#define PUBLISHED_INTEREST_FIELDS(X) \
	X(I64, id, 0, "b.id", NULL, NULL) \
	X(TEXT, chief_officer, 200, "p.forenames || ' ' || p.surname", NULL, NULL) \
	X(TEXT, role, 128, "COALESCE(po.title, p.rank)", NULL, NULL) \
	X(TEXT, kind, 24, "b.kind", NULL, NULL) \
	X(TEXT, organisation, 201, "b.organisation", NULL, NULL) \
	X(TEXT, description, 1001, "b.description", NULL, NULL) \
	X(INT, hours_per_week, 0, "b.hours_per_week", NULL, NULL) \
	X(TEXT, start_date, 11, "b.start_date", NULL, NULL) \
	X(TEXT, status, 32, "b.status", NULL, NULL) /* approved, approved_with_conditions, withdrawn, ended */ \
	X(TEXT, conditions, 1001, "b.conditions", NULL, NULL) \
	X(TEXT, end_date, 11, "b.end_date", NULL, NULL)

struct published_gift {
	PUBLISHED_GIFT_FIELDS(RECORD_MEMBER)
};

struct published_interest {
	PUBLISHED_INTEREST_FIELDS(RECORD_MEMBER)
};

/* fn returns non-zero to stop (the call then returns that value). */
typedef int (*published_gift_fn)(void *ctx, const struct published_gift *g);
typedef int (*published_interest_fn)(void *ctx, const struct published_interest *it);

/* The published gifts, newest offer first. */
int registers_published_gifts(struct store *st, published_gift_fn fn, void *ctx, struct err *e);
/* The published business interests, by holder's surname, then newest first. */
int registers_published_interests(struct store *st, published_interest_fn fn, void *ctx, struct err *e);

#endif
