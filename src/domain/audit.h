/* audit.h — ICT audit monitoring inside Probity (M8 parts 2 and 3):
 * continuous ingest of audit events through the engine (src/audit/), the
 * reference data it needs, and the counter-corruption unit's triage of the
 * alerts. See docs/audit.md. */
#ifndef PROBITY_DOMAIN_AUDIT_H
#define PROBITY_DOMAIN_AUDIT_H

#include "audit/engine.h"
#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include "domain/people.h"
#include "domain/status.h"
#include <stdint.h>
#include <stdio.h>

struct store;

/* ---- ingest (audit_ingest.c) ---- */

struct audit_ingest_opts {
	const char *path;            /* events file (events.csv format), or "-" */
	uint64_t checkpoint_events;  /* checkpoint after this many events (0: 1,000,000) */
	double checkpoint_seconds;   /* ... or after this long (0: 1 s) */
	uint64_t throttle;           /* test aid: sleep 1 ms after every N events (0: never) */
	int skip_bad;                /* report bad lines and go on (else stop at the first) */
	const char *feed;            /* a declared feed (audit_feed_add) the events come from, or NULL */
	const char *until;           /* with feed: the delivery is complete up to this time (moves the feed's
	                              * latest time like an event would), or NULL */
	int quiet;
	FILE *log;                   /* progress and messages, or NULL */
};

struct audit_ingest_result {
	uint64_t events;             /* events taken in by this run */
	uint64_t alerts;             /* alerts raised by this run */
	uint64_t checkpoints;
	uint64_t rejected;           /* bad lines skipped (skip_bad) */
	uint64_t held_back;          /* bytes of an unfinished last line left for the next run */
	uint64_t quarantined;        /* with a feed: events put in quarantine (too late, in the future) */
	uint64_t drained;            /* with a feed: events that went through the rules (all feeds) */
	uint64_t waiting;            /* with a feed: events still waiting for the watermark (all feeds) */
	char watermark[21];          /* with a feed: the watermark ("" while a feed has sent nothing) */
	char holding[64];            /* ... the feed holding it back */
	double seconds;
};

/* Take in the events of o->path after the checkpointed offset, through the
 * engine restored from its last checkpoint, raising alerts into
 * audit_alerts. Checkpoints (state, offset, new alerts, daily counts) are
 * single transactions. 0, or -1 with e set (everything up to the last
 * checkpoint is kept). */
int audit_ingest(struct store *st, const struct audit_ingest_opts *o, struct audit_ingest_result *r,
                 struct err *e);

/* Ingest the events.csv text p[0..len) (with its header) in one run with
 * one checkpoint at the end (the demo force's events). name is for
 * messages; no input offset is kept. */
int audit_ingest_mem(struct store *st, const char *name, const char *p, size_t len, struct audit_ingest_result *r,
                     struct err *e);

/* Feeds merged by a watermark: with o->feed, audit_ingest stores the
 * delivery's events as they arrive (audit_pending; too late or in the
 * future: audit_quarantine), then puts every waiting event of every feed
 * up to the watermark minus audit.allowed_lateness_seconds through the rules
 * in time order. The watermark: the earliest latest-event time across the
 * declared feeds, "" (and *holding names it) while a feed has sent nothing.
 * audit_feeds_drain does the second half alone. */
int audit_watermark(struct store *st, char wm[21], char holding[64], struct err *e);
int audit_feeds_drain(struct store *st, const struct audit_ingest_opts *o, struct audit_ingest_result *r,
                      struct err *e);

/* The quarantine (the system or the counter-corruption unit; logged):
 * events a feed sent too late (before the rules' clock) or too far in the
 * future (audit.future_tolerance_seconds), or that the engine refused. */
struct audit_quarantine_rec {
	int64_t id, line;
	char feed[64], why[16], detail[256], received_at[24];
	char f[EV_NCOLS][256];
};
/* Where the merge stands, for the coverage page (ACU; the page's view is
 * logged by audit_coverage): the watermark, the feed holding it back (one
 * that has sent nothing yet), the rules' clock, how many events wait and
 * how many are quarantined. */
struct audit_merge_status {
	char watermark[21], holding[64], clock[21];
	int64_t waiting, quarantined;
};
int audit_merge_status(struct store *st, const struct actor *who, struct audit_merge_status *out, struct err *e);
int audit_quarantine_list(struct store *st, const struct actor *who,
                          int (*fn)(void *ctx, const struct audit_quarantine_rec *q), void *ctx, struct err *e);
/* One page of the quarantine, oldest first: limit events from offset (limit
 * 0: all); *total gets how many there are. The list is logged. */
int audit_quarantine_page(struct store *st, const struct actor *who, long offset, long limit,
                          int (*fn)(void *ctx, const struct audit_quarantine_rec *q), void *ctx, long *total,
                          struct err *e);
/* One quarantined event (before it is dropped: the confirmation), logged. */
int audit_quarantine_get(struct store *st, const struct actor *who, int64_t id, struct audit_quarantine_rec *q,
                         struct err *e);
/* Release: back to the waiting events when it can now go through the rules
 * in time order (else ERR_INPUT saying why); drop: delete it, logged with
 * the event's fields and the reason given. */
int audit_quarantine_release(struct store *st, const struct actor *who, int64_t id, struct err *e);
int audit_quarantine_drop(struct store *st, const struct actor *who, int64_t id, const char *reason,
                          struct err *e);

/* Turn Probity's own access_log reads of sensitive records (after the last
 * one taken) into events of system PROBITY and ingest them. *events gets
 * how many were taken in, *skipped how many were older than the engine's
 * last event (and so could not be taken in order). */
int audit_ingest_self(struct store *st, FILE *log, uint64_t *events, uint64_t *skipped, struct err *e);

/* The rule thresholds from the config table. */
int audit_config_load(struct store *st, struct audit_config *c, struct err *e);

/* Write the stored alerts as alerts.csv (rule,user,key,first_ts, sorted). */
int audit_alerts_csv(struct store *st, FILE *f, struct err *e);

/* ---- reference data imports (audit_import.c) ---- */

enum audit_ref { AUDIT_REF_VULNERABLE, AUDIT_REF_WATCHLIST, AUDIT_REF_ASSIGNMENTS, AUDIT_REF_STAFF };

/* Import a reference CSV (headers as in the audit-bench files: subject,flag /
 * subject,category / user,reason,from,to / user,person,surname,unit — the
 * last sets people.person_ref of existing staff). All-or-nothing,
 * rerunnable, dry_run writes nothing. */
int audit_import(struct store *st, enum audit_ref kind, const char *path, int dry_run, struct import_stats *s,
                 struct err *e);

/* ---- triage (audit_alerts.c) ---- */

extern const char *const audit_rule_names[7];     /* "association", ... */
extern const char *const audit_rule_plain[7];     /* the rule in plain words */

/* An alert's statuses (domain/status.h), in alert_statuses[] by this enum. */
enum alert_status { ALERT_NEW, ALERT_NFA, ALERT_ADVICE, ALERT_REFERRED, ALERT_NSTATUS };
extern const struct status_def alert_statuses[ALERT_NSTATUS];
/* A decision's state, a mute's and a referral's status, likewise. */
enum decision_state { DECISION_IN_FORCE, DECISION_PENDING, DECISION_COUNTERSIGNED, DECISION_REJECTED, DECISION_NSTATE };
extern const struct status_def audit_decision_states[DECISION_NSTATE];
enum mute_state { MUTE_IN_FORCE, MUTE_PENDING, MUTE_REJECTED, MUTE_NSTATE };
extern const struct status_def audit_mute_states[MUTE_NSTATE];
enum referral_status { REFERRAL_OPEN, REFERRAL_CLOSED, REFERRAL_NSTATUS };
extern const struct status_def audit_referral_statuses[REFERRAL_NSTATUS];

struct audit_alert_rec {
	int64_t id;
	int rule;
	char user[64];
	char key[128];
	char first_ts[24];
	int rule_version;
	char system[32];
	char device[16];
	int64_t count;
	char detail[1024];
	char status[16];
	char decision_note[512];
	char decided_by[64];
	char decided_at[24];
	char created_at[24];
	int64_t person_id;           /* the user's person, 0 when unknown */
	char person_name[200];
	char unit[128];
	int muted;                   /* an active mute covers it */
	char rule_params[128];
	int64_t referral_id;
	char assignee[64];           /* username, "" when unassigned */
	int pending;                 /* a decision awaits countersignature */
	int chief_officer;           /* the user is a chief officer */
	/* The pseudonymised queue (audit.pseudonymise): pages show `shown`,
	 * never `user` (kept for the domain's own look-ups): the code until the
	 * acting analyst revealed this alert's user, person_name then "Name
	 * hidden". Without the setting shown is the staff number, code "". */
	char shown[64];
	char code[16];
	int revealed;
};

struct audit_filter {
	int rule;                    /* 0: any */
	const char *system;          /* NULL/"": any */
	const char *device;
	int64_t unit_id;             /* 0: any (with its sub-units) */
	const char *from, *to;       /* first_ts day range, YYYY-MM-DD ("" any) */
	const char *status;          /* "", new, nfa, advice, referred */
	const char *user;            /* staff number, "" any */
	int show_muted;              /* include muted alerts */
	const char *sort;            /* -ts (default), ts, rule, -rule, user, -user, status, -status */
	int page, per_page;
};

typedef int (*audit_alert_fn)(void *ctx, const struct audit_alert_rec *a);

/* The queue (ACU only): fn for each alert of the page; *total matches. */
int audit_alerts_list(struct store *st, const struct actor *who, const struct audit_filter *f, audit_alert_fn fn,
                      void *ctx, long *total, struct err *e);
/* Counts under the same filters: per rule (by_rule[1..6]) and per day
 * (fn(ctx, "YYYY-MM-DD", n) in day order) for the caller to bucket. */
int audit_alerts_counts(struct store *st, const struct actor *who, const struct audit_filter *f, long by_rule[7],
                        int (*day_fn)(void *ctx, const char *day, long n), void *ctx, struct err *e);

struct audit_event_rec {
	char ts[24], system[32], device[16], action[16], record_type[32], record_id[128], reason[128];
	char covered[64];
	char detail[1024];
	int64_t line;
};

/* The events behind alert id, and the user's daily event counts for the
 * `days` days up to its day (counts[0] is the oldest; day0 its date). */
int audit_alert_events(struct store *st, const struct actor *who, int64_t id,
                       int (*fn)(void *ctx, const struct audit_event_rec *ev), void *ctx, struct err *e);
int audit_user_daily(struct store *st, const struct actor *who, const char *user, const char *last_day, int days,
                     long *counts, struct err *e);

/* For R1: the declared association behind the alert (text), "" if none.
 * For R3: the subject's vulnerable flag. */
int audit_alert_context(struct store *st, const struct audit_alert_rec *a, char *out, size_t n, struct err *e);

struct audit_mute_rec {
	int64_t id;
	int rule;
	char user[64], from_date[11], until_date[11], reason[512], created_by[64], created_at[24];
	int active;                  /* in force (countersigned where needed) and today is within from..until */
	char state[16];              /* in_force, pending (countersignature), rejected */
};
/* The mutes of rule for user, newest first (ACU only). */
int audit_mutes_list(struct store *st, const struct actor *who, int rule, const char *user,
                     int (*fn)(void *ctx, const struct audit_mute_rec *m), void *ctx, struct err *e);

struct audit_referral_rec {
	int64_t id, alert_id;
	char summary[512], status[16], created_by[64], created_at[24];
	int rule;
	char user[64], key[128];
};
int audit_referrals_list(struct store *st, const struct actor *who,
                         int (*fn)(void *ctx, const struct audit_referral_rec *r), void *ctx, struct err *e);

/* Load one alert (ACU only; the view is access-logged). */
int audit_alert_get(struct store *st, const struct actor *who, int64_t id, struct audit_alert_rec *out,
                    struct err *e);

enum { AUDIT_DECIDE_NFA = 1, AUDIT_DECIDE_ADVICE, AUDIT_DECIDE_REFER };

/* Record a decision on an alert (ACU only). NFA needs a reason; refer
 * creates a referral. Errors for the form go into errs. */
int audit_alert_decide(struct store *st, const struct actor *who, int64_t id, int decision, const char *note,
                       struct errlist *errs, struct err *e);

/* Separation of duties (duty.h, kind "acu"): nobody decides an alert about
 * their own look-up or about a look-up of their own record, nor mutes a
 * rule for themselves (nor, under duty.line_manager.acu, for someone they
 * manage). The predicates say whether to offer the forms; the actions
 * enforce it (ERR_DENIED, logged). */
int audit_alert_may_decide(struct store *st, const struct actor *who, const struct audit_alert_rec *a);
int audit_may_mute(struct store *st, const struct actor *who, const char *user);
/* Mute rule for user from today until `until` (YYYY-MM-DD) with a reason. */
int audit_mute(struct store *st, const struct actor *who, int rule, const char *user, const char *until,
               const char *reason, struct errlist *errs, struct err *e);

/* Decision history: every decision on alert id, oldest first (ACU only). */
struct audit_decision_rec {
	int64_t id, alert_id;
	char decision[16], note[512], decided_by[64], decided_at[24], state[16], why[160];
	char countersigned_by[64], countersigned_at[24], countersign_note[512];
};
int audit_decisions_list(struct store *st, const struct actor *who, int64_t alert_id,
                         int (*fn)(void *ctx, const struct audit_decision_rec *d), void *ctx, struct err *e);

/* What awaits the reviewer role's countersignature: decisions and mutes
 * (kind "decision" / "mute"), oldest first (reviewer only; logged). */
struct audit_pending_rec {
	char kind[10];
	int64_t id, alert_id;
	int rule;
	char user[64], key[128], what[16], note[512], by[64], at[24], why[160], until[11];
};
int audit_pending_list(struct store *st, const struct actor *who,
                       int (*fn)(void *ctx, const struct audit_pending_rec *p), void *ctx, struct err *e);
/* Countersign (accept) or reject a pending decision or mute (reviewer role
 * only; not the proposer, nor anyone conflicted with the alert's parties
 * under duty.h; a rejection needs a note). Accepting puts it in force. */
int audit_countersign(struct store *st, const struct actor *who, const char *kind, int64_t id, int accept,
                      const char *note, struct errlist *errs, struct err *e);
/* The pseudonymised queue (setting audit.pseudonymise, 1 = on). A user's
 * code is "U-XXXX-XXXX": 32 bits of BLAKE2b of the staff number keyed with
 * a key derived from the access log key (outside the database), so a code
 * is stable and cannot be turned back into a staff number without that key.
 * audit_pseudonym_key: 1 and k filled when the setting is on, 0 off, -1 error. */
int audit_pseudonym_key(struct store *st, unsigned char k[32], struct err *e);
void audit_code_of(const unsigned char k[32], const char *user, size_t n, char out[16]);
/* Reveal alert id's user to the acting analyst (ACU only; the setting on;
 * a reason of 1 to 500 characters): recorded and access-logged. */
int audit_alert_reveal(struct store *st, const struct actor *who, int64_t id, const char *reason, struct err *e);
struct audit_reveal_rec {
	int64_t id, alert_id;
	int rule;
	char user[64], by[64], reason[512], at[24];
};
/* Every reveal, newest first: who revealed whom on which alert and why
 * (the reviewer role; logged). */
int audit_reveals_list(struct store *st, const struct actor *who,
                       int (*fn)(void *ctx, const struct audit_reveal_rec *r), void *ctx, struct err *e);

/* Assign alert id to the acting analyst (to_me) or to nobody (ACU only; logged). */
int audit_alert_assign(struct store *st, const struct actor *who, int64_t id, int to_me, struct err *e);

/* ---- the audit trail store (audit_trail.c) ---- */

/* Events on their way into the store: added as the engine takes them,
 * packed into segments (one UTC day at most, src/audit/trail.h), written by
 * audit_trail_write inside the ingest checkpoint's transaction and dropped
 * from memory by audit_trail_written once it committed. */
struct audit_trail_writer;
struct audit_trail_writer *audit_trail_writer_new(void);
void audit_trail_writer_free(struct audit_trail_writer *w);
int audit_trail_add(struct audit_trail_writer *w, const struct slice f[EV_NCOLS], struct err *e);
/* Hand the events added so far to the sealing thread, so they are packed
 * while the checkpoint does its other work (audit_trail_write waits). */
int audit_trail_seal(struct audit_trail_writer *w, struct err *e);
int audit_trail_write(struct audit_trail_writer *w, struct store *st, const char *source, const char *now,
                      struct err *e);
void audit_trail_written(struct audit_trail_writer *w);

/* A search of the trail. NULL or "" fields match anything; from/to are
 * times or days (YYYY-MM-DD[THH[:MM:SSZ]]), both inclusive. */
struct audit_trail_q {
	const char *subject, *record, *user, *system, *action, *device;
	const char *from, *to;
	long offset, limit;          /* the page: fn gets matches [offset, offset+limit); limit 0: all */
};
typedef int (*audit_trail_fn)(void *ctx, const struct slice f[EV_NCOLS]);
/* The stored events matching q, in time order (ties in stored order): fn
 * for each of the page, *total all matches (may be NULL). The counter-
 * corruption unit only (or the system, for the command line); purpose (why
 * the search is made) is required and written to the access log with the
 * filters, as is a refusal. ERR_INPUT for a missing purpose, a bad time or a
 * to before from. */
int audit_trail_query(struct store *st, const struct actor *who, const struct audit_trail_q *q, const char *purpose,
                      audit_trail_fn fn, void *ctx, long *total, struct err *e);
/* One events.csv row (SPEC.md's format, RFC 4180 quoting, LF). */
int audit_trail_csv_row(struct buf *b, const struct slice f[EV_NCOLS]);

/* The stored events behind alert a (ACU only; the search is logged with
 * purpose "evidence for alert A<id>"): R4 the user's whole day, R6 the
 * user's prints and exports of the hour, R1/R2/R3/R5 every access to the
 * subject, by anyone, in the 30 days up to the alert's day (so the
 * subject's other accessors show). *total counts them; fn gets the first
 * `limit` (0: all). */
int audit_alert_trail(struct store *st, const struct actor *who, const struct audit_alert_rec *a, long limit,
                      audit_trail_fn fn, void *ctx, long *total, struct err *e);

struct audit_prune_result {
	long segments, events;
	char before[11];             /* days before this were removed */
};
/* Delete whole segments whose day is older than audit.retention_days before
 * today (system or admin only; logged). */
int audit_trail_prune(struct store *st, const struct actor *who, struct audit_prune_result *r, struct err *e);

/* Coverage, the evidence that every system and device is monitored: per
 * system and device, events per day over the last `days` days (at most
 * AUDIT_COVERAGE_MAX_DAYS, per_day[0] is first_day), the last event ever
 * received and whether it is older than audit.silence_hours (ACU only;
 * logged). */
#define AUDIT_COVERAGE_MAX_DAYS 90
struct audit_coverage_rec {
	char system[32], device[16], last_ts[24], first_day[11];
	int days;
	int64_t per_day[AUDIT_COVERAGE_MAX_DAYS];
	int64_t total, silent_hours;
	int empty_days;
	int silent;                  /* silent for longer than audit.silence_hours */
};
typedef int (*audit_coverage_fn)(void *ctx, const struct audit_coverage_rec *c);
int audit_coverage(struct store *st, const struct actor *who, int days, audit_coverage_fn fn, void *ctx,
                   struct err *e);

/* Feeds: one per force system, with the interval expected between its
 * deliveries (0: none). Declaring is for the system (command line) or an
 * administrator; the list is for the counter-corruption unit (logged). A
 * feed is silent when it has delivered nothing yet, or nothing for longer
 * than its interval. */
int audit_feed_add(struct store *st, const struct actor *who, const char *name, int64_t interval_seconds,
                   struct err *e);
/* Give feed name a mapping file's text (audit/mapping.h; checked here),
 * or "" to take events.csv again. The system or an administrator; logged. */
int audit_feed_set_mapping(struct store *st, const struct actor *who, const char *name, const char *text,
                           struct err *e);
struct audit_feed_rec {
	char name[64], last_delivery[24], last_event[24];
	int64_t interval_seconds, events, quiet_seconds;
	int silent;
};
int audit_feeds_list(struct store *st, const struct actor *who, int (*fn)(void *ctx, const struct audit_feed_rec *f),
                     void *ctx, struct err *e);

/* Store statistics: segments, events, bytes of segment data. */
int audit_trail_stats(struct store *st, int64_t *segments, int64_t *events, int64_t *bytes, struct err *e);

#endif
