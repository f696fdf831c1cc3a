/* registers_publish.c — the publication rule of registers_publish.h as two
 * fixed statements: chief officers' decided, publishable gifts and their
 * approved (or since withdrawn or ended) business interests. */
#include "domain/registers_publish.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

#define GIFTS_SQL \
	"SELECT g.id, g.date_offered, p.forenames || ' ' || p.surname, COALESCE(po.title, p.rank), g.offeror_org, " \
	"g.kind, g.description, g.value_pence, g.accepted, g.status FROM gifts g JOIN people p ON p.id = g.person_id " \
	"LEFT JOIN posts po ON po.id = p.post_id WHERE g.publishable = 1 AND g.status IN ('approved', 'refused', 'recorded') " \
	"ORDER BY g.date_offered DESC, g.id DESC"

#define INTERESTS_SQL \
	"SELECT b.id, p.forenames || ' ' || p.surname, COALESCE(po.title, p.rank), b.kind, b.organisation, b.description, " \
	"b.hours_per_week, b.start_date, b.status, b.conditions, b.end_date FROM business_interests b " \
	"JOIN people p ON p.id = b.person_id LEFT JOIN posts po ON po.id = p.post_id WHERE p.chief_officer = 1 " \
	"AND b.status IN ('approved', 'approved_with_conditions', 'withdrawn', 'ended') " \
	"ORDER BY p.surname, p.forenames, b.start_date DESC, b.id"

#define COPY(dst, col) snprintf(dst, sizeof dst, "%s", stmt_text(s, col))

int registers_published_gifts(struct store *st, published_gift_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, GIFTS_SQL, ""))
		return -1;
	int r = 0, stop = 0;
	struct published_gift g;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(&g, 0, sizeof g);
		g.id = stmt_int(s, 0);
		COPY(g.date_offered, 1);
		COPY(g.chief_officer, 2);
		COPY(g.role, 3);
		COPY(g.offeror_org, 4);
		COPY(g.kind, 5);
		COPY(g.description, 6);
		g.value_pence = stmt_int(s, 7);
		g.accepted = stmt_int(s, 8) != 0;
		COPY(g.status, 9);
		stop = fn(ctx, &g);
	}
	stmt_done(s);
	return stop ? stop : r < 0 ? -1 : 0;
}

int registers_published_interests(struct store *st, published_interest_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, INTERESTS_SQL, ""))
		return -1;
	int r = 0, stop = 0;
	struct published_interest it;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(&it, 0, sizeof it);
		it.id = stmt_int(s, 0);
		COPY(it.chief_officer, 1);
		COPY(it.role, 2);
		COPY(it.kind, 3);
		COPY(it.organisation, 4);
		COPY(it.description, 5);
		it.hours_per_week = (int)stmt_int(s, 6);
		COPY(it.start_date, 7);
		COPY(it.status, 8);
		COPY(it.conditions, 9);
		COPY(it.end_date, 10);
		stop = fn(ctx, &it);
	}
	stmt_done(s);
	return stop ? stop : r < 0 ? -1 : 0;
}
