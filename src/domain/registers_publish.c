/* registers_publish.c — the publication rule of registers_publish.h as two
 * fixed statements: chief officers' decided, publishable gifts and their
 * approved (or since withdrawn or ended) business interests. */
#include "domain/registers_publish.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

#define GIFTS_SQL \
	"SELECT " PUBLISHED_GIFT_FIELDS(RECORD_SQL) "0 FROM gifts g JOIN people p ON p.id = g.person_id " \
	"LEFT JOIN posts po ON po.id = p.post_id WHERE g.publishable = 1 AND g.status IN ('approved', 'refused', 'recorded') " \
	"ORDER BY g.date_offered DESC, g.id DESC"

#define INTERESTS_SQL \
	"SELECT " PUBLISHED_INTEREST_FIELDS(RECORD_SQL) "0 FROM business_interests b " \
	"JOIN people p ON p.id = b.person_id LEFT JOIN posts po ON po.id = p.post_id WHERE p.chief_officer = 1 " \
	"AND b.status IN ('approved', 'approved_with_conditions', 'withdrawn', 'ended') " \
	"ORDER BY p.surname, p.forenames, b.start_date DESC, b.id"

#define RECORD_TYPE struct published_gift
static const struct field_desc gift_fields[] = { PUBLISHED_GIFT_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE
#define RECORD_TYPE struct published_interest
static const struct field_desc interest_fields[] = { PUBLISHED_INTEREST_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE

static const struct record_def gift_record = { gift_fields, sizeof gift_fields / sizeof gift_fields[0],
	                                       sizeof(struct published_gift), offsetof(struct published_gift, id),
	                                       NULL, NULL };
static const struct record_def interest_record = { interest_fields, sizeof interest_fields / sizeof interest_fields[0],
	                                           sizeof(struct published_interest),
	                                           offsetof(struct published_interest, id), NULL, NULL };

int registers_published_gifts(struct store *st, published_gift_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, GIFTS_SQL, ""))
		return -1;
	int r = 0, stop = 0;
	struct published_gift g;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		record_read(&gift_record, s, &g);
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
		record_read(&interest_record, s, &it);
		stop = fn(ctx, &it);
	}
	stmt_done(s);
	return stop ? stop : r < 0 ? -1 : 0;
}
