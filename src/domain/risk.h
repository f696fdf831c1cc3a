/* risk.h — the tactical risk picture and the tasking meeting (capability
 * M7, docs/risk.md): every source Probity holds about a person drawn
 * together, indicators that explain themselves, and early interventions
 * tracked to their outcome.
 *
 * THE RULES.
 *   - An indicator is a fixed rule over one source (risk_defs, in
 *     configuration order) with settings an administrator changes through
 *     config (risk.<key>.on/.weight/.window_days/.threshold; risk_settings_set
 *     keeps each change as a numbered version). It holds for a person when
 *     at least `threshold` records of its source fall in the window
 *     [as_of - window_days, as_of] (window 0: any date up to as_of); for
 *     gifts the records are counted per offeror.
 *   - A person's score is the sum of the weights of the indicators that hold;
 *     the level is Critical at risk.level.critical or more, Warning at
 *     risk.level.warning or more. The peer percentile is the share of peers
 *     (same rank or grade, same kind of unit, still serving) with a lower
 *     score: floor(100 x lower / peers).
 *   - Every indicator that holds is listed with its records. Nothing here is
 *     a finding: a person decides.
 *   - Nobody decides about, or closes an intervention about, themselves, nor
 *     (duty.line_manager.acu) about someone they line-manage (duty.h, kind
 *     "acu"); an intervention's owner is not its subject.
 *
 * NEED TO KNOW. The picture, the scores, the report and the meetings are
 * the ACU's and PSD's only; nobody sees their own picture. Indicators over
 * intelligence are ACU-only: PSD sees that one holds (with no evidence)
 * when risk.psd_sees_acu_only is 1, else PSD's scores leave them out. Every
 * view, list and refusal is written to the access log. Aggregates (the
 * learning table, the agenda's counts) go through disclosure.h. */
#ifndef PROBITY_RISK_H
#define PROBITY_RISK_H

#include "core/buf.h"
#include "core/err.h"
#include "domain/actor.h"
#include <stddef.h>
#include <stdint.h>

struct store;

#define RISK_ROLES (ROLE_ACU | ROLE_PSD)
#define RISK_REPORT_HEADER "staff_number,name,unit,score,level,peer_percentile,indicators"

enum risk_ind {
	RISK_ALLEGATIONS, RISK_ASSOCIATION_HIGH, RISK_FINANCIAL, RISK_ARREST, RISK_ICT_ALERT, RISK_VETTING,
	RISK_INTEREST_CONTINUING, RISK_GIFTS_OFFEROR, RISK_INTEL,
	RISK_NIND
};

/* The fixed part of an indicator: config key, name, source, whether its
 * evidence is the ACU's only, and its rule as a sentence taking (threshold,
 * window_days) in that order through printf. */
struct risk_def { const char *key, *name, *source; int acu_only; const char *rule; };
extern const struct risk_def risk_defs[RISK_NIND];

/* An indicator as configured now. */
struct risk_indicator {
	const struct risk_def *def;
	int on, weight, window_days, threshold;
	char rule[256];    /* the rule's words with this configuration's numbers */
};
struct risk_config {
	struct risk_indicator ind[RISK_NIND];
	int warning, critical, meeting_days, psd_sees_acu_only;
	int64_t version;   /* the last settings version, 0 when the defaults */
};
void risk_config_load(struct store *st, struct risk_config *c);
/* Set risk settings (admin only): kv as config_set_all (keys without the
 * "risk." prefix: "allegations.weight", "level.critical"...), each value a
 * whole number >= 0; all or none, one new version. */
int risk_settings_set(struct store *st, const struct actor *who, const char *const *kv, struct err *e);
/* The settings form (admin only): kv holds every field of the form (keys as
 * risk_settings_set's). Each value is checked and every problem added to
 * errs in kv's order, naming the setting (then ERR_INPUT); when there is
 * none, the values that differ from the configuration in force become one
 * new version through risk_settings_set (*changed: how many; 0 makes no
 * version). A refusal is logged. */
int risk_settings_update(struct store *st, const struct actor *who, const char *const *kv, int *changed,
                         struct errlist *errs, struct err *e);
/* The words for a setting's key ("Weight of Repeated allegations"); "" when
 * there is no such setting. */
void risk_setting_label(const char *key, char *out, size_t n);

/* "critical", "warning" or "" for a score. */
const char *risk_level(const struct risk_config *c, int score);
const char *risk_level_label(const char *level);

/* One record in a picture or as evidence. type: "gift", "interest",
 * "association", "circumstance", "clearance", "post", "alert", "intel",
 * "allegation", "intervention", "intel_intervention", "decision". */
struct risk_item {
	char type[24];
	int64_t id;
	char ref[32];      /* the record's reference where it has one (case ref, intel ref) */
	char date[11];
	char label[320];
};

struct risk_hit {
	int ind;           /* enum risk_ind */
	int weight;
	int hidden;        /* ACU-only evidence withheld from this viewer */
	size_t nev;
	struct risk_item *ev;
};

/* ---- one person's picture ---- */
#define RISK_NSRC 9
struct risk_source {
	const char *key, *title, *note;  /* note: what the source does and does not show */
	int hidden;                      /* not shown to this viewer (ACU only) */
	size_t n;
	struct risk_item *items;         /* newest first */
};
struct risk_picture {
	int64_t person_id, manager_id;
	char staff_number[32], name[200], rank[64], unit[128], unit_kind[16], post[128], manager[200];
	char post_level[16], clearance[160];   /* the post's required level; the clearance in force, or "" */
	char as_of[11];
	int score;
	const char *level;
	int percentile, peers;
	size_t nhits;
	struct risk_hit hits[RISK_NIND];
	struct risk_source src[RISK_NSRC];
};
/* The picture of person_id as of as_of (NULL: today) for who (ACU/PSD, not
 * themselves); the view, or the refusal, is logged. Release with
 * risk_picture_release. */
int risk_picture(struct store *st, const struct actor *who, int64_t person_id, const char *as_of,
                 struct risk_picture *out, struct err *e);
void risk_picture_release(struct risk_picture *p);

/* ---- everyone's scores ---- */
struct risk_row {
	int64_t person_id;
	char staff_number[32], name[200], unit[128];
	int score, percentile;
	const char *level;
	char indicators[512];   /* names that hold, ';'-separated, configuration order */
	char keys[256];         /* the same as config keys */
};
/* Every serving person whose level is at least min_level ("", "warning",
 * "critical"), by score descending then staff number. Logged as a list. */
int risk_scores(struct store *st, const struct actor *who, const char *as_of, const char *min_level,
                int (*fn)(void *ctx, const struct risk_row *r), void *ctx, struct err *e);
/* The report as CSV (RISK_REPORT_HEADER) into out. */
int risk_report_csv(struct store *st, const struct actor *who, const char *as_of, const char *min_level,
                    struct buf *out, struct err *e);

/* The score and the config keys (';'-separated) of the indicators that hold
 * for person_id on as_of, every indicator counted. No access check and no
 * log: for this module's records (an intervention's score when recorded)
 * and the demo's fixtures, never for showing to a user. */
int risk_person_score(struct store *st, int64_t person_id, const char *as_of, int *score, char *keys, size_t nk,
                      struct err *e);

/* ---- interventions ---- */
struct risk_code { const char *key, *label; };
extern const struct risk_code risk_intervention_kinds[];
extern const struct risk_code risk_departments[];
const char *risk_code_label(const struct risk_code *t, const char *key);

struct risk_intervention {
	int64_t id, person_id, meeting_id, owner_id;
	char person[200], staff_number[32], kind[32], detail[1024], owner[64], due_date[11], review_date[11];
	char status[16], outcome[2048], substantiated[4], closed_on[11], closed_by[64];
	int score_at_start, score_at_review, reviewed;
	char indicators_at_start[256], indicators_at_review[256];
};
struct risk_intervention_input {
	int64_t person_id, meeting_id;   /* meeting 0: outside a meeting */
	const char *kind, *detail, *owner, *due_date, *review_date;   /* owner: a username */
};
/* Record an intervention (ACU/PSD; not about themselves; the owner, an
 * ACU/PSD account, is not its subject). The person's score and indicators
 * now are kept with it. */
int risk_intervention_add(struct store *st, const struct actor *who, const struct risk_intervention_input *in,
                          int64_t *id, struct errlist *errs, struct err *e);
/* Close it with its outcome: status "completed" or "not_completed", the
 * outcome text, substantiated "yes"/"no". The person's score and indicators
 * at the review are kept. Not by its subject (duty.h). */
int risk_intervention_close(struct store *st, const struct actor *who, int64_t id, const char *status,
                            const char *outcome, const char *substantiated, struct errlist *errs, struct err *e);
int risk_intervention_get(struct store *st, const struct actor *who, int64_t id, struct risk_intervention *out,
                          struct err *e);
/* 1 when who may close it now (offer the form), else 0. */
int risk_may_close(struct store *st, const struct actor *who, const struct risk_intervention *v);
/* Interventions: of a meeting (meeting_id), of a person (person_id), or
 * the open ones owned by who past their due date (overdue = 1). Logged. */
int risk_interventions_list(struct store *st, const struct actor *who, int64_t meeting_id, int64_t person_id,
                            int overdue, int (*fn)(void *ctx, const struct risk_intervention *v), void *ctx,
                            struct err *e);

/* ---- the tasking meeting ---- */
struct risk_meeting_row { int64_t id; char held_on[11], chair[64]; long agenda, decisions, interventions; };
int risk_meetings_list(struct store *st, const struct actor *who,
                       int (*fn)(void *ctx, const struct risk_meeting_row *m), void *ctx, struct err *e);
/* Hold a meeting on held_on (ACU/PSD): who chairs it. The agenda is built
 * now: people at Critical; people at Warning who were below it as of the
 * previous meeting; people with an open intervention whose review date is
 * on or before held_on. */
int risk_meeting_create(struct store *st, const struct actor *who, const char *held_on, int64_t *id,
                        struct errlist *errs, struct err *e);

struct risk_agenda_row {
	int64_t id, person_id;
	char staff_number[32], name[200], reason[16], level[12], indicators[512];
	int score, removed;
};
struct risk_attendee { char department[24], name[200]; };
struct risk_decision { int64_t id, person_id; char person[200], decision[2048], decided_by[64], created_at[24]; };
#define RISK_COUNT_ROWS 16
struct risk_meeting {
	int64_t id, chair_id;
	char held_on[11], chair[64], since[11], notes[4096];
	int is_chair;
	/* new since the previous meeting (or the meeting period): counts, with
	 * hide[i] set where disclosure control withholds the cell */
	int intel_hidden;                 /* the viewer is not ACU */
	int nintel, nalerts;
	char intel_cat[RISK_COUNT_ROWS][96];
	long intel_n[RISK_COUNT_ROWS];
	unsigned char intel_hide[RISK_COUNT_ROWS];
	int alert_rule[RISK_COUNT_ROWS];
	long alert_n[RISK_COUNT_ROWS];
	unsigned char alert_hide[RISK_COUNT_ROWS];
	long k;
};
int risk_meeting_get(struct store *st, const struct actor *who, int64_t id, struct risk_meeting *out,
                     struct err *e);
int risk_agenda_list(struct store *st, const struct actor *who, int64_t meeting_id,
                     int (*fn)(void *ctx, const struct risk_agenda_row *r), void *ctx, struct err *e);
int risk_attendees_list(struct store *st, const struct actor *who, int64_t meeting_id,
                        int (*fn)(void *ctx, const struct risk_attendee *a), void *ctx, struct err *e);
int risk_decisions_list(struct store *st, const struct actor *who, int64_t meeting_id,
                        int (*fn)(void *ctx, const struct risk_decision *d), void *ctx, struct err *e);
/* The chair edits the agenda: add a person (by staff number), or remove
 * (remove = 1) / restore (remove = 0) an agenda row. */
int risk_agenda_add(struct store *st, const struct actor *who, int64_t meeting_id, const char *staff_number,
                    struct errlist *errs, struct err *e);
int risk_agenda_remove(struct store *st, const struct actor *who, int64_t meeting_id, int64_t agenda_id, int remove,
                       struct err *e);
/* The chair records who attended, by department (risk_departments). */
int risk_attendee_add(struct store *st, const struct actor *who, int64_t meeting_id, const char *department,
                      const char *name, struct errlist *errs, struct err *e);
int risk_meeting_notes(struct store *st, const struct actor *who, int64_t meeting_id, const char *notes,
                       struct errlist *errs, struct err *e);
/* A decision about a person on the agenda (ACU/PSD; not about themselves). */
int risk_decision_add(struct store *st, const struct actor *who, int64_t meeting_id, int64_t person_id,
                      const char *decision, struct errlist *errs, struct err *e);

/* ---- learning what works ---- */
struct risk_learning_row {
	long flagged, intervened, substantiated;
	unsigned char hide_flagged, hide_intervened, hide_substantiated;
	int precision_pct;   /* substantiated / flagged, -1 when withheld or no one flagged */
};
struct risk_learning {
	char from[11], to[11];
	long k;
	struct risk_learning_row ind[RISK_NIND], any;
};
/* For meetings held from..to: per indicator, the people on an agenda with
 * it, those who had an intervention after, and those whose concern was
 * later substantiated (an intervention closed as substantiated, or a
 * misconduct or gross misconduct finding). Cells under k people withheld. */
int risk_learning(struct store *st, const struct actor *who, const char *from, const char *to,
                  struct risk_learning *out, struct err *e);
int risk_learning_csv(struct store *st, const struct actor *who, const char *from, const char *to, struct buf *out,
                      struct err *e);

#endif
