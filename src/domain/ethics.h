/* ethics.h — ethics dilemmas and the ethics panel (capability M10): a
 * route anyone can find to ask the panel, named, confidential or
 * anonymously; the chair's triage; quarterly meetings with a quorum; advice
 * back to the person who asked; the force's response to advice for it;
 * "What would you do?" case studies; and the measures of impact.
 *
 * THE RULES (every one enforced here, whatever page, API or CLI calls):
 *   - Raising: the situation (1..ETHICS_TEXT_MAX characters), at least one
 *     Code of Ethics principle (table ethics_principles), the urgency
 *     (routine, quick) and the mode (named, confidential, anonymous).
 *   - Anonymous: anon.h's receipt (argon2id hash only) and the day; no
 *     account, no access-log row (a row carries a time), nothing else. The
 *     raiser reads questions and advice, and answers, with the receipt.
 *   - Who sees a dilemma: its raiser (named, confidential) through "my
 *     dilemmas"; ethics_panel members, except one who raised it or declared
 *     a conflict on it (refused, logged "conflict"); the raiser's name is
 *     shown to the panel for a named dilemma, to the chair alone for a
 *     confidential one, to nobody for an anonymous one.
 *   - Triage (schedule for a meeting, quick-time, redirect, decline) is the
 *     chair's (an ethics_members row flagged chair, term current); redirect
 *     and decline need the reason told to the raiser; a meeting's agenda
 *     holds at most ethics.agenda_max items (default 3); quick-time sets
 *     the advice's due date ethics.quick_days ahead (default 10).
 *   - Advice: by a panel member who neither raised the dilemma nor
 *     declared a conflict on it (duty.h); a scheduled dilemma only once its
 *     meeting's quorum is met (ethics.quorum present, default 5, of whom
 *     ethics.quorum_independent independents, default 2); advice is posted
 *     to the raiser's thread with the feedback date the panel set.
 *   - The force's response to advice for the force: governance.
 *   - Minutes: the open part is for every signed-in person; the closed
 *     part and the agenda for the panel only.
 *   - Case studies: published by the chair from chosen fields (a title and
 *     the chair's own anonymised wording, the advice), read by anyone
 *     signed in; "did this help you?" keeps the answer and the day only.
 *   - Measures: ethics_panel, scrutiny and admin; every count of dilemmas
 *     (and the figures derived from them) goes through disclosure.h.
 *   - Tenure: ethics.max_tenure_years (default 8) from the term's start;
 *     a member within 182 days of it, or past it, is warned. */
#ifndef PROBITY_ETHICS_H
#define PROBITY_ETHICS_H

#include "core/err.h"
#include "domain/actor.h"
#include "domain/anon.h"
#include <stddef.h>
#include <stdint.h>

struct store;

#define ETHICS_TEXT_MAX 5000
#define ETHICS_NPRIN_MAX 16
#define ETHICS_REF_SIZE 16

/* "ETH000012" */
void ethics_ref(int64_t id, char out[ETHICS_REF_SIZE]);

/* The configured principles in order: fn(ctx, key, name). */
int ethics_principles(struct store *st, int (*fn)(void *ctx, const char *key, const char *name), void *ctx,
                      struct err *e);

struct ethics_new {
	const char *situation;
	const char *const *principles; /* keys */
	size_t nprinciples;
	const char *urgency;           /* routine, quick */
	const char *mode;              /* named, confidential, anonymous */
	const char *submit_key;        /* the form's one-time key: a repost returns the same id */
};

/* Check a dilemma without storing it (the check-your-answers step):
 * field errors in errs, in the form's order; 0 when it would be accepted. */
int ethics_validate(struct store *st, const struct ethics_new *in, int anonymous_route, struct errlist *errs);
/* Raise a named or confidential dilemma as who (any signed-in account). */
int ethics_raise(struct store *st, const struct actor *who, const struct ethics_new *in, int64_t *id,
                 struct errlist *errs, struct err *e);
/* Raise an anonymous dilemma: no actor, nothing logged; receipt is shown once. */
int ethics_raise_anon(struct store *st, const struct ethics_new *in, char receipt[ANON_RECEIPT_SIZE],
                      struct errlist *errs, struct err *e);
/* The dilemma a receipt opens (the same message for a malformed and an unknown one). */
int ethics_anon_open(struct store *st, const char *receipt, int64_t *id, struct err *e);

struct ethics_row {
	int64_t id, meeting_id, case_id;
	char ref[ETHICS_REF_SIZE];
	char mode[16], urgency[12], status[16];
	char raised_on[11], meeting_on[11], advised_on[11], feedback_due[11];
	char raiser[160];              /* as this viewer may see it ("" when not) */
	char principles[200];          /* names, comma-separated */
	char situation[ETHICS_TEXT_MAX + 1];
	char triage_note[1001], redirect_to[201];
	char advice[ETHICS_TEXT_MAX + 1], force_advice[ETHICS_TEXT_MAX + 1];
	char force_response[16], force_reason[1001], force_change[1001], force_done_on[11];
	int conflicted;                /* panel list: this viewer may not open it */
	int64_t force_finding_id;      /* the advice to the force as a finding (learning source), 0 none */
	char force_finding_status[20]; /* that finding's status */
	char acu_consent_on[11];       /* the raiser's consent to pass it to the ACU, "" none */
	char intel_ref[16];            /* the intelligence item it was passed as, "" not passed */
};
/* The status as the raiser reads it ("Scheduled for a meeting"...). */
const char *ethics_status_label(const char *status);

struct ethics_msg {
	int64_t seq;
	char author[8];                /* raiser, panel */
	char day[11];
	char body[ETHICS_TEXT_MAX + 1];
};
typedef int (*ethics_msg_fn)(void *ctx, const struct ethics_msg *m);
typedef int (*ethics_row_fn)(void *ctx, const struct ethics_row *r);

/* ---- the raiser ---- */
/* who's own named and confidential dilemmas, newest first (logged as a list). */
int ethics_mine(struct store *st, const struct actor *who, ethics_row_fn fn, void *ctx, struct err *e);
/* One of who's own dilemmas and its thread (logged); another's is ERR_NOTFOUND. */
int ethics_mine_get(struct store *st, const struct actor *who, int64_t id, struct ethics_row *row, ethics_msg_fn fn,
                    void *ctx, struct err *e);
int ethics_mine_reply(struct store *st, const struct actor *who, int64_t id, const char *text, struct errlist *errs,
                      struct err *e);
/* The receipt holder's view and answer (after ethics_anon_open): not logged. */
int ethics_anon_get(struct store *st, int64_t id, struct ethics_row *row, ethics_msg_fn fn, void *ctx, struct err *e);
int ethics_anon_reply(struct store *st, int64_t id, const char *text, struct errlist *errs, struct err *e);

/* ---- the panel ---- */
/* 1 when who is the panel's chair (term current), 0 when not, -1 on error. */
int ethics_is_chair(struct store *st, const struct actor *who, struct err *e);
/* Every dilemma, newest first; status "" for all (logged as a list). */
int ethics_panel_list(struct store *st, const struct actor *who, const char *status, ethics_row_fn fn, void *ctx,
                      struct err *e);
/* One dilemma and its thread, for a panel member without a conflict (logged). */
int ethics_panel_get(struct store *st, const struct actor *who, int64_t id, struct ethics_row *row, ethics_msg_fn fn,
                     void *ctx, struct err *e);
int ethics_declare_conflict(struct store *st, const struct actor *who, int64_t id, struct err *e);
/* The chair's triage: action schedule (meeting_id), quick, redirect (note,
 * redirect_to), decline (note). */
int ethics_triage(struct store *st, const struct actor *who, int64_t id, const char *action, int64_t meeting_id,
                  const char *note, const char *redirect_to, struct errlist *errs, struct err *e);
/* A question (or any message) from the panel to the raiser. */
int ethics_ask(struct store *st, const struct actor *who, int64_t id, const char *text, struct errlist *errs,
               struct err *e);
/* The panel's advice, with the date by which it is fed back and any advice to the force. */
int ethics_advise(struct store *st, const struct actor *who, int64_t id, const char *advice, const char *feedback_due,
                  const char *force_advice, struct errlist *errs, struct err *e);
/* A corruption concern passed to the counter-corruption unit. Consent: the
 * named or confidential raiser only (logged). Pass: the chair (not
 * excluded from the item), once, with a sanitised text; a named or
 * confidential dilemma only after its raiser's consent, its situation and
 * the raiser's name (the chair sees it) going to the ACU; an anonymous one
 * as the sanitised report alone. Made an intelligence item through
 * intel_item_refer; the raiser is told in the thread. */
int ethics_acu_consent(struct store *st, const struct actor *who, int64_t id, struct err *e);
int ethics_pass_to_acu(struct store *st, const struct actor *who, int64_t id, const char *sanitised, char intel_ref[16],
                       struct errlist *errs, struct err *e);
/* The force's response to the advice for it (governance). */
int ethics_force_respond(struct store *st, const struct actor *who, int64_t id, const char *response,
                         const char *reason, const char *change, const char *done_on, struct errlist *errs,
                         struct err *e);
/* The panel's advice to the force and the force's responses (governance,
 * the panel): rows carry the advice to the force, not the dilemma's
 * situation or raiser (logged as a list). */
int ethics_force_list(struct store *st, const struct actor *who, ethics_row_fn fn, void *ctx, struct err *e);
/* Whether who may open the findings tracker, where advice to the force is
 * tracked to completion (the link on the advice-to-the-force page). */
int ethics_force_trackable(const struct actor *who);
/* Whether a page should offer who the advice form / the triage form (no logging). */
int ethics_may_advise(struct store *st, const struct actor *who, const struct ethics_row *r);

/* ---- meetings ---- */
struct ethics_meeting {
	int64_t id;
	char held_on[11];
	char open_minutes[ETHICS_TEXT_MAX + 1], closed_minutes[ETHICS_TEXT_MAX + 1];
	int present, independents, items, quorum, quorum_independent, quorum_met;
	int closed_visible;             /* the viewer is on the panel */
};
struct ethics_action {
	int64_t id, num;
	char text[1001], owner[161], due_on[11], done_on[11];
};
int ethics_meeting_create(struct store *st, const struct actor *who, const char *held_on, int64_t *id,
                          struct errlist *errs, struct err *e);
/* Meetings, newest first: every signed-in person (logged as a list). */
int ethics_meetings(struct store *st, const struct actor *who, int (*fn)(void *ctx, const struct ethics_meeting *m),
                    void *ctx, struct err *e);
/* One meeting (logged); closed minutes, agenda, attendance and actions only for the panel. */
int ethics_meeting_get(struct store *st, const struct actor *who, int64_t id, struct ethics_meeting *m,
                       struct err *e);
/* The agenda (panel; items the viewer is conflicted on come with conflicted set). */
int ethics_agenda(struct store *st, const struct actor *who, int64_t meeting_id, ethics_row_fn fn, void *ctx,
                  struct err *e);
/* Members and whether they were present: fn(ctx, member_id, name, independent, present). */
int ethics_attendance(struct store *st, const struct actor *who, int64_t meeting_id,
                      int (*fn)(void *ctx, int64_t member_id, const char *name, int independent, int present),
                      void *ctx, struct err *e);
/* The chair records who was present (member ids). */
int ethics_attendance_set(struct store *st, const struct actor *who, int64_t meeting_id, const int64_t *members,
                          size_t n, struct err *e);
int ethics_minutes_set(struct store *st, const struct actor *who, int64_t meeting_id, const char *open_part,
                       const char *closed_part, struct errlist *errs, struct err *e);
int ethics_action_add(struct store *st, const struct actor *who, int64_t meeting_id, const char *text,
                      const char *owner, const char *due_on, struct errlist *errs, struct err *e);
int ethics_action_done(struct store *st, const struct actor *who, int64_t action_id, struct err *e);
int ethics_actions(struct store *st, const struct actor *who, int64_t meeting_id,
                   int (*fn)(void *ctx, const struct ethics_action *a), void *ctx, struct err *e);

/* ---- membership ---- */
struct ethics_member {
	int64_t id, account_id;
	char name[160];
	int independent, chair;
	char term_start[11], term_end[11], tenure_ends[11];
	int tenure_warning;             /* within 182 days of the maximum tenure, or past it */
	int attended, meetings;         /* in the 365 days to today */
};
/* Add or change a member (admin, or the chair; the CLI as the system). */
int ethics_member_set(struct store *st, const struct actor *who, const char *username, int independent, int chair,
                      const char *term_start, const char *term_end, struct errlist *errs, struct err *e);
int ethics_members(struct store *st, const struct actor *who, int (*fn)(void *ctx, const struct ethics_member *m),
                   void *ctx, struct err *e);

/* ---- case studies ---- */
struct ethics_case {
	int64_t id, dilemma_id, reads, helped_yes, helped_no;
	char title[201], published_on[11];
	char situation[ETHICS_TEXT_MAX + 1], advice[ETHICS_TEXT_MAX + 1];
	char principles[200];
	int public;                    /* also on the public site (probity publish) */
};
/* The chair puts a case study on the public site, or takes it off (logged).
 * The public site shows what the internal page shows: the title, the
 * chair's anonymised situation, the principles and any advice included. */
int ethics_case_set_public(struct store *st, const struct actor *who, int64_t id, int public, struct err *e);
/* The case studies on the public site, newest first (for probity publish: no
 * reader, nothing logged; only the published fields leave). */
int ethics_public_cases(struct store *st, int (*fn)(void *ctx, const struct ethics_case *c), void *ctx, struct err *e);
/* The chair publishes: title and situation in the chair's own anonymised
 * words; the advice is the panel's, included only when include_advice. */
int ethics_case_publish(struct store *st, const struct actor *who, int64_t dilemma_id, const char *title,
                        const char *situation, int include_advice, int64_t *case_id, struct errlist *errs,
                        struct err *e);
int ethics_cases(struct store *st, const struct actor *who, int (*fn)(void *ctx, const struct ethics_case *c),
                 void *ctx, struct err *e);
/* One case study (counts a read). */
int ethics_case_get(struct store *st, const struct actor *who, int64_t id, struct ethics_case *c, struct err *e);
int ethics_case_helped(struct store *st, const struct actor *who, int64_t id, int helped, struct err *e);

/* ---- measures ---- */
/* Every measure for dilemmas raised in [from, to]: fn(ctx, measure, group,
 * value) with value "" when withheld under disclosure control. The names
 * and exact definitions are in docs/ethics.md. */
typedef int (*ethics_measure_fn)(void *ctx, const char *measure, const char *group, const char *value);
int ethics_measures(struct store *st, const struct actor *who, const char *from, const char *to,
                    ethics_measure_fn fn, void *ctx, struct err *e);

/* The same figures as CSV, header "measure,group,value", into out. */
struct buf;
int ethics_measures_csv(struct store *st, const struct actor *who, const char *from, const char *to, struct buf *out,
                        struct err *e);

/* ---- the panel's register of dilemmas (domain/register.h): CSV/XLSX and
 * JSON. What the panel list shows, and to whom: the panel (and so the
 * chair), never a dilemma a member raised or declared a conflict on; no
 * names, situations or advice, only the dates, routes and outcomes. ---- */
#include "domain/register.h"
#define ETHICS_REGISTER_FIELDS(X)                                                                                 \
	X(I64, id, 0, "d.id", NULL, NULL)                                                                         \
	X(TEXT, raised_on, 11, "d.raised_on", "raised_on", "raised_on")                                           \
	X(TEXT, mode, 16, "d.mode", "mode", "mode")                                                               \
	X(TEXT, urgency, 12, "d.urgency", "urgency", "urgency")                                                   \
	X(STATUS, status, 16, "d.status", "status", "status")                                                     \
	X(TEXT, meeting_on, 11, "COALESCE(m.held_on, '')", "meeting_on", "meeting_on")                           \
	X(TEXT, advised_on, 11, "COALESCE(d.advised_on, '')", "advised_on", "advised_on")                        \
	X(TEXT, feedback_due, 11, "COALESCE(d.feedback_due, '')", "feedback_due", "feedback_due")                \
	X(TEXT, redirect_to, 201, "d.redirect_to", "redirect_to", "redirect_to")                                  \
	X(BOOL, advice_to_force, 0, "CASE WHEN trim(d.force_advice) <> '' THEN 1 ELSE 0 END", "advice_to_force",  \
	  "advice_to_force")                                                                                        \
	X(TEXT, force_response, 16, "COALESCE(d.force_response, '')", "force_response", "force_response")         \
	X(BOOL, case_study, 0, "CASE WHEN c.id IS NULL THEN 0 ELSE 1 END", "case_study", "case_study")
struct ethics_register_row {
	ETHICS_REGISTER_FIELDS(RECORD_MEMBER)
};
struct ethics_register_filter {
	const char *status;     /* "" any */
	int page, per_page;     /* per_page -1: all */
};
enum ethics_register_scope { ETHICS_REGISTER };
int ethics_register_list(struct store *st, const struct actor *who, enum ethics_register_scope scope,
                         const struct ethics_register_filter *f,
                         int (*fn)(void *ctx, const struct ethics_register_row *r), void *ctx, long *total,
                         struct err *e);
int ethics_register_get(struct store *st, const struct actor *who, int64_t id, struct ethics_register_row *out,
                        struct err *e);
extern const struct register_def ethics_register_def;

#endif
