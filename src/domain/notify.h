/* notify.h — the one notification model: what needs whom, and by when.
 *
 * Notices are computed from the records themselves every time (nothing is
 * copied, so nothing goes stale): each kind of task is one entry in a table
 * in notify.c — a fixed SQL statement naming, for every open record, who
 * must act (a person, an account, or a role), whose record it is, when it
 * arose and when it is due. Marking a notice done is doing the thing: when
 * the record leaves its awaiting state the notice is gone.
 *
 * Need-to-know follows the pages: a notice goes to the person the page would
 * show the record to (a declarant's current line manager; the account a
 * closure or an alert is assigned to) or to the holders of the role whose
 * page lists it (PSD, DCC, vetting, ACU, reviewer, governance, PCC) — never
 * to the subject of the record itself, and never to the account that made
 * a decision awaiting countersignature. Associations go only to PSD; a line
 * manager is never told of a team member's association or clearance.
 *
 * Escalation: a notice addressed to a person (or an account with a person)
 * that is overdue by the kind's escalation days (config
 * notify.KIND.escalate_days) is also shown to that person's line manager as
 * "overdue in your team", naming only the kind of task.
 *
 * Windows: a dated notice (a review date, an expiry) is shown from
 * notify.KIND.before_days before it is due; an awaiting-decision notice is
 * due notify.KIND.due_days after it arose (day 1 being the day it arose) and
 * is shown at once, or from before_days before that date when it has them. */
#ifndef PROBITY_NOTIFY_H
#define PROBITY_NOTIFY_H

#include "core/err.h"
#include "domain/actor.h"
#include <stdint.h>

struct store;

struct notify_kind {
	const char *key;        /* stable: config keys notify.KEY.*, message text, docs */
	const char *title;      /* one item in the app: "Gift or hospitality declaration to decide" */
	const char *noun;       /* "gift or hospitality declaration" */
	const char *nouns;      /* "gift or hospitality declarations" */
	const char *action;     /* "to decide" */
	unsigned roles;         /* rows naming nobody go to these roles (0: dropped) */
	unsigned link_roles;    /* the link is shown only to these roles (0: everyone it reaches) */
	const char *href;       /* the record's page; may hold one %lld (the row's link id) */
	int before_days;        /* default window before the due date */
	int due_days;           /* default: due this many days after it arose (0: the row's own date) */
	int escalate_days;      /* default: overdue days before the line manager is told (0: never) */
	const char *team_href;  /* where the line manager is sent for an escalation */
	/* Columns: to_person, to_account, subject_person, not_account, record_id,
	 * link_id, due, since (0 and '' where they do not apply). A statement
	 * beginning "SELECT 0, 0," names nobody and goes to roles only. */
	const char *sql;
	const char *bind;       /* its one parameter: "h" the window's horizon (today +
	                         * before_days), "d" today, "" none */
	/* Instead of sql (NULL), dates computed in C: fn(ctx, to_person,
	 * record_id, due) for each row, of one person and of one manager's
	 * direct reports when those are non-zero, else of the force. */
	int (*source)(struct store *st, const char *today, int64_t person, int64_t manager,
	              int (*fn)(void *ctx, int64_t to_person, int64_t record_id, const char *due), void *ctx,
	              struct err *e);
	/* Optional, for one reader (the header's count): sql narrowed to the
	 * rows addressed to the reader's person or their reports, whose id is
	 * the parameter after sql's own (?1 or ?2), so it reaches them through
	 * an index instead of reading the whole force's rows. */
	const char *reader_sql;
};

/* The kinds, in the order messages list them. Adding a source is one entry. */
extern const struct notify_kind notify_kinds[];
extern const int notify_nkinds;
const struct notify_kind *notify_kind_find(const char *key);

/* A kind's window in force (config, else the default above). */
struct notify_window {
	int before_days;
	int due_days;
	int escalate_days;
};
void notify_window_get(struct store *st, const struct notify_kind *k, struct notify_window *w);
/* Set a kind's before/escalate days (admin only; 0..3650; logged). */
int notify_window_set(struct store *st, const struct actor *who, const char *key, const char *before,
                      const char *escalate, struct errlist *errs, struct err *e);

struct notice {
	const struct notify_kind *kind;
	int team;               /* an escalation: overdue work of someone the reader manages */
	int64_t record_id;
	char href[96];          /* "" when the reader cannot open the record */
	char due[11];           /* YYYY-MM-DD, "" when none */
	char since[11];
	long overdue;           /* days past due; 0 when not overdue */
};
typedef int (*notice_fn)(void *ctx, const struct notice *n);

/* who's notices, newest first, at most limit of them (0: all) through fn;
 * *total and *overdue count all of them. Logged as one list row. */
int notify_list(struct store *st, const struct actor *who, int limit, notice_fn fn, void *ctx, long *total,
                long *overdue, struct err *e);
/* The count in the header. Not logged: it is the number of one's own tasks
 * and says nothing about any record. */
int notify_count(struct store *st, const struct actor *who, long *n, struct err *e);
/* The same notices counted per kind: per_kind (notify_nkinds entries, or
 * NULL) gets who's own notices of notify_kinds[k] (escalations about one's
 * team are in *total only), *total what notify_count gives. The one count
 * function the header and the home page's cards share. Not logged; kept
 * as notify_count_kinds is. */
int notify_counts(struct store *st, const struct actor *who, long *per_kind, long *total, struct err *e);
/* The same per kind: counts (notify_nkinds of them, indexed as notify_kinds)
 * gets who's notices of each kind, escalations included; they add up to
 * notify_count's. Not logged. Kept per connection with the write
 * generation (store_generation) and the day: a repeat costs one indexed read
 * until anything but the access log or a session is written, by any process,
 * or the day turns. */
int notify_count_kinds(struct store *st, const struct actor *who, long *counts, struct err *e);

/* ---- the whole force at once (digests, the benchmark) ---- */

struct notify_batch;
/* Every recipient's notices as counts per kind, for the day today. The
 * recipients are every current member of the force (leavers and people
 * whose account is disabled excluded), whether or not they have an account,
 * and the accounts with no person. */
int notify_compute(struct store *st, const char *today, struct notify_batch **out, struct err *e);
void notify_batch_free(struct notify_batch *b);
/* Recipients with at least one notice, and notices in all. */
long notify_batch_accounts(const struct notify_batch *b);
long notify_batch_notices(const struct notify_batch *b);

/* One recipient's counts in a batch (i from 0 to notify_batch_size - 1). */
struct notify_summary {
	int64_t account_id;     /* 0: a person with no account */
	int64_t person_id;      /* 0: an account with no person */
	const char *email;      /* "" when the person has none; borrowed from the batch */
	long total, overdue;
	const long *own;        /* per kind (notify_nkinds): the recipient's own notices */
	const long *own_late;   /* ... of which overdue */
	const long *team;       /* per kind: escalations about the recipient's team */
	char newest[11];        /* the newest notice's since date */
};
long notify_batch_size(const struct notify_batch *b);
int notify_batch_get(const struct notify_batch *b, long i, struct notify_summary *out);

#endif
