/* audit_query.h — questions asked of the ICT audit data Probity holds, for
 * an intelligence line of enquiry ("ICT audit check"): the accesses one
 * user made, or who accessed one record or person, over a period.
 *
 * WHAT IS SEARCHED TODAY. Probity does not yet keep every audit event: the
 * ingest (docs/audit.md) stores the events behind each alert
 * (audit_alert_events, with the alert's user) and R3's evidence days
 * (audit_r3_evidence), nothing else. So a check answers "among the events
 * Probity kept", and says so in its result. When the full searchable audit
 * trail lands (issue 17), only this function's body changes: its callers
 * ask the same question and get the wider answer. */
#ifndef PROBITY_AUDIT_QUERY_H
#define PROBITY_AUDIT_QUERY_H

#include "core/err.h"
#include <stdint.h>

struct store;

enum audit_query_mode {
	AUDIT_Q_USER = 1,   /* target: a staff number; the events that user made */
	AUDIT_Q_RECORD,     /* target: a record id or subject; the events that touched it */
};

struct audit_query {
	enum audit_query_mode mode;
	const char *target;
	const char *from, *to;     /* YYYY-MM-DD inclusive */
	int limit;                 /* rows passed to fn at most (the count is of all) */
};

struct audit_query_row {
	char ts[24], user[64], system[32], action[16], record_type[32], record_id[128], reason[128];
};

/* The scope of the search, for the result's wording. */
#define AUDIT_QUERY_SCOPE "the audit events Probity keeps (those behind ICT alerts and R3 evidence)"

/* Run q: fn for each matching event, oldest first, up to q->limit; *count
 * all matches. The caller has done the role check (this reads no record
 * of its own). */
int audit_query_run(struct store *st, const struct audit_query *q,
                    int (*fn)(void *ctx, const struct audit_query_row *r), void *ctx, long *count, struct err *e);

#endif
