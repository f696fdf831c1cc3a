/* engine.h — the ICT audit rule engine: rules R1-R6 (docs/audit.md) as a
 * state machine fed one event at a time, in time order.
 *
 * All state is in plain structs owned by struct audit: interned users and
 * special subjects, per-user R4/R6 counters, per (user, subject) R1/R2/R3/R5
 * state, and the alerts raised so far. Memory grows with the working set
 * (users x special subjects they touch uncovered), never with the number of
 * events. The batch scan (scan.h) and a later continuous ingest drive the
 * same functions: load the reference data with audit_add_*, then call
 * audit_event for each event, then audit_finish. */
#ifndef PROBITY_AUDIT_ENGINE_H
#define PROBITY_AUDIT_ENGINE_H

#include "audit/hash.h"
#include "core/buf.h"
#include "core/err.h"
#include <stdint.h>
#include <stdio.h>

enum audit_rule { AUDIT_R1 = 1, AUDIT_R2, AUDIT_R3, AUDIT_R4, AUDIT_R5, AUDIT_R6 };

/* events.csv columns, in file order. */
enum audit_col {
	EV_TS, EV_USER, EV_SYSTEM, EV_DEVICE, EV_ACTION, EV_RECORD_TYPE, EV_RECORD_ID,
	EV_SUBJECT, EV_REASON, EV_NCOLS
};
#define AUDIT_EVENTS_HEADER "ts,user,system,device,action,record_type,record_id,subject,reason"
#define AUDIT_ALERTS_HEADER "rule,user,key,first_ts"

#define AUDIT_R3_MAX 8    /* most distinct days R3 can be set to need */
#define AUDIT_R4_MAX 64   /* longest R4 median window */

/* Rule thresholds. audit_config_default gives SPEC.md's values. */
struct audit_config {
	unsigned r3_days;      /* R3 fires at this many distinct days ... (3) */
	unsigned r3_window;    /* ... within this many consecutive days (30) */
	unsigned r4_floor;     /* R4 threshold is at least this (100) */
	unsigned r4_factor;    /* ... and factor x median (4) */
	unsigned r4_min_days;  /* R4 needs this many previous active days (7) */
	unsigned r4_window;    /* the median is over at most this many days (28) */
	unsigned r6_count;     /* R6 fires at this many print/export in an hour (50) */
	int explain;           /* keep what audit_write_explain needs */
};

void audit_config_default(struct audit_config *c);

/* One day of an R3 window: the first uncovered access that day. */
struct audit_day {
	int32_t day;   /* days since 1970-01-01 */
	int32_t sod;   /* second of the day */
	int64_t line;  /* line of the event in events.csv */
};

/* Per user: R4 (search/view per day) and R6 (print/export per clock hour):
 * the fields the scan touches on every event, 40 bytes, so the users of a
 * large force (5,000 x 40 bytes) stay in the cache; the R4 history, read
 * once per user and day, is apart (struct audit_hist). */
struct audit_user {
	int32_t r4_day;        /* day of r4_count; INT32_MIN before any */
	uint32_t r4_count;     /* search/view events so far that day */
	uint32_t r4_fire;      /* the count at which R4 fires that day; 0: cannot */
	int32_t r6_hour;       /* day * 24 + hour of r6_count; INT32_MIN before any */
	uint32_t r6_count;
	int32_t r4_alert;      /* index of that day's R4 alert, -1 when none */
	int32_t r6_alert;      /* index of that hour's R6 alert, -1 when none */
	uint32_t r4_median2;   /* 2 x median behind r4_fire */
	uint8_t nhist, hpos;   /* previous active days kept (struct audit_hist); oldest at hpos */
};

/* Per user (parallel to struct audit_user): R4's previous active days. */
struct audit_hist {
	uint32_t hist[AUDIT_R4_MAX];    /* daily counts, a ring in day order */
	uint32_t sorted[AUDIT_R4_MAX];  /* the same counts, ascending */
};

enum { SUBJ_STAFF = 1, SUBJ_VULN = 2, SUBJ_WATCH = 4, SUBJ_ASSOC = 8 };

/* A special subject: one in staff.csv's person, vulnerable.csv,
 * watchlist.csv or associations.csv. Other subjects are never stored. */
struct audit_subject {
	uint8_t flags;
	uint32_t staff_user;   /* a staff member whose person this is */
	uint32_t vuln_note;    /* offsets into notes of the flag and category */
	uint32_t watch_note;
};

/* State of one (user, special subject): rules fired, R3's recent days. */
struct audit_pair {
	uint8_t fired;         /* bit (1 << rule) */
	uint8_t r3n;
	struct audit_day r3[AUDIT_R3_MAX - 1];
};

struct audit_alert {
	uint8_t rule;
	uint32_t user;         /* user id */
	uint32_t key;          /* subject id (R1, R2, R3, R5); R4/R6: see ts */
	char ts[20];           /* first_ts; R4's key is ts[0..10), R6's ts[0..13) */
	int64_t line;          /* the event that completed the condition */
	uint32_t count;        /* R4/R6: the whole day's / hour's count */
	uint32_t fire;         /* R4: T + 1 */
	uint32_t median2;      /* R4: 2 x median */
	uint32_t ndays;        /* R4: previous active days used; R3: days below */
	uint32_t note;         /* offset into notes of the event's description */
	struct audit_day days[AUDIT_R3_MAX];  /* R3 */
};

struct audit_range {
	int32_t from, to;      /* day numbers, inclusive */
	uint32_t next;         /* next range of the same (user, reason); UINT32_MAX ends */
};

#define AUDIT_SBITS_LG 20                 /* 2^20 bits: 128 KiB */

struct audit {
	struct audit_config cfg;
	struct intern users, subjects, reasons;
	/* one bit per value of a special subject's hash (its top AUDIT_SBITS_LG
	 * bits): most events' subjects are not special and are turned away by
	 * this bitmap, which stays in the cache, instead of by a probe of the
	 * subjects table, which misses it */
	uint64_t *sbits;
	struct audit_user *u;
	struct audit_hist *uh;            /* parallel to u */
	struct audit_subject *s;          /* parallel to subjects */
	uint32_t u_cap, uh_cap, s_cap;
	struct map64 assoc;               /* (user, subject) -> note of the relationship */
	struct map64 cover;               /* (user, reason) -> first range */
	struct audit_range *ranges;
	uint32_t nranges, ranges_cap;
	struct map64 pair_of;             /* (user, subject) -> pair index */
	struct audit_pair *pairs;
	uint32_t npairs, pairs_cap;
	struct audit_alert *alerts;
	uint32_t nalerts, alerts_cap;
	struct buf notes;                 /* NUL-terminated texts; offset 0 is "" */
	char prev_ts[20];                 /* the last event's ts (all 0 before) */
	int32_t day, hour, sod_hour;      /* of prev_ts: day, day*24+hour, hour*3600 */
	uint64_t events;
	/* the last event taken by audit_event: its user's id and its subject's
	 * (-1 when it has none or not a special one), so a caller needs no
	 * second look-up */
	int64_t ev_uid, ev_sid;
};

/* Set up a with cfg (NULL: defaults); 0, or ERR_INPUT for a bad config. */
int audit_init(struct audit *a, const struct audit_config *cfg, struct err *e);
void audit_release(struct audit *a);

/* Reference rows (the fields of staff.csv, associations.csv, ...). On a bad
 * value they return ERR_INPUT, set *bad to the index of the faulty field
 * and e->msg to what is wrong (without file or line). */
int audit_add_staff(struct audit *a, const struct slice f[4], int *bad, struct err *e);
int audit_add_association(struct audit *a, const struct slice f[4], int *bad, struct err *e);
int audit_add_vulnerable(struct audit *a, const struct slice f[2], int *bad, struct err *e);
int audit_add_watch(struct audit *a, const struct slice f[2], int *bad, struct err *e);
int audit_add_assignment(struct audit *a, const struct slice f[4], int *bad, struct err *e);

/* The id of user s, adding it (with fresh R4/R6 state) when new; 0, or -1
 * when out of memory. For restoring a saved state (audit/state.h). */
int audit_user_intern(struct audit *a, struct slice s, uint32_t *id);

/* Feed one event (f in events.csv column order; line is for --explain).
 * 0; or ERR_INPUT (a bad timestamp, or one before the previous event's) with
 * *bad the faulty field; the event is then ignored and the state unchanged;
 * or ERR_NOMEM. */
int audit_event(struct audit *a, const struct slice f[EV_NCOLS], int64_t line, int *bad, struct err *e);

/* Close the open days and hours and sort the alerts (rule, user, key). */
void audit_finish(struct audit *a);
/* Write alerts.csv / the explanation CSV (after audit_finish). 0 or -1
 * on a write error. */
int audit_write_alerts(const struct audit *a, FILE *f);
int audit_write_explain(const struct audit *a, FILE *f);

/* Parse YYYY-MM-DDTHH:MM:SSZ (exactly 20 bytes, a real date and time):
 * 0 with the day number and second of day, or -1. */
int audit_parse_ts(const char *p, size_t n, int32_t *day, int32_t *sod);
/* Parse YYYY-MM-DD: 0 with its day number, or -1. */
int audit_parse_date(const char *p, size_t n, int32_t *day);

#endif
