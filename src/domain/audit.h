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
	int quiet;
	FILE *log;                   /* progress and messages, or NULL */
};

struct audit_ingest_result {
	uint64_t events;             /* events taken in by this run */
	uint64_t alerts;             /* alerts raised by this run */
	uint64_t checkpoints;
	uint64_t rejected;           /* bad lines skipped (skip_bad) */
	uint64_t held_back;          /* bytes of an unfinished last line left for the next run */
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
	int active;                  /* today is within from..until */
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

#endif
