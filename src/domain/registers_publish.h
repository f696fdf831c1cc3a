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
#include <stdint.h>

struct store;

struct published_gift {
	int64_t id;
	char date_offered[11];
	char chief_officer[200];  /* forenames surname */
	char role[128];           /* post title, else rank */
	char offeror_org[201];    /* "" for a private individual, who is not named */
	char kind[16];            /* gift, hospitality, other */
	char description[1001];
	int64_t value_pence;
	int accepted;
	char status[20];          /* approved, refused, recorded */
};

struct published_interest {
	int64_t id;
	char chief_officer[200];
	char role[128];
	char kind[24];
	char organisation[201];
	char description[1001];
	int hours_per_week;
	char start_date[11];
	char status[32];          /* approved, approved_with_conditions, withdrawn, ended */
	char conditions[1001];
	char end_date[11];
};

/* fn returns non-zero to stop (the call then returns that value). */
typedef int (*published_gift_fn)(void *ctx, const struct published_gift *g);
typedef int (*published_interest_fn)(void *ctx, const struct published_interest *it);

/* The published gifts, newest offer first. */
int registers_published_gifts(struct store *st, published_gift_fn fn, void *ctx, struct err *e);
/* The published business interests, by holder's surname, then newest first. */
int registers_published_interests(struct store *st, published_interest_fn fn, void *ctx, struct err *e);

#endif
