/* inspections.h — inspections and their findings tracked to completion (M11),
 * and the PCC's response records with the 56-day statutory clock.
 *
 * An inspection (PEEL, national thematic, other) has graded judgments per
 * pillar or question (grades are data: table grade_scales) and findings
 * (recommendation, area for improvement, cause of concern). A finding moves
 *   open -> in_progress -> proposed_complete (evidence) -> signed_off (the
 *   board, its date, an optional caveat such as "work continues") -> closed
 * or to non_compliant (rationale, risk accepted, revisit date); see
 * finding_transition_allowed for the full table. Every change is kept in
 * finding_status_history; dated force updates are kept in finding_updates.
 *
 * Need-to-know, enforced here:
 *   - governance, dcc, admin manage inspections and findings and see owners'
 *     names;
 *   - scrutiny and pcc read them, but see an owner only as the office (post
 *     title and unit), and never who wrote an update or changed a status;
 *   - a sign-off (-> signed_off) is made by the board: dcc or governance;
 *   - the PCC writes the PCC's comments on a response record and publishes
 *     it; dcc or governance write the chief constable's response;
 *   - anyone else is refused, and the refusal is in the access log.
 * Every change, and every refusal, is written to the access log. */
#ifndef PROBITY_INSPECTIONS_H
#define PROBITY_INSPECTIONS_H

#include "core/err.h"
#include "domain/actor.h"
#include "domain/status.h"
#include "domain/versions.h"
#include <stddef.h>
#include <stdint.h>

struct store;
struct import_stats;
struct buf;

#define FINDINGS_IMPORT_HEADER "inspection,published,kind,reference,text,pillar,owner,due"
/* The findings export's columns, which the import also reads: owner is
 * then the owner's name (or a staff number), and the columns after due
 * (status, caveat, updates...) are shown for reading, not imported. */
#define FINDINGS_EXPORT_HEADER \
	"inspection,published,kind,reference,text,pillar,owner,owner_office,owner_unit,due,status,caveat," \
	"follow_up,revisit,latest_update_date,latest_update,flags"

#define INSP_MANAGE (ROLE_GOVERNANCE | ROLE_DCC | ROLE_ADMIN)
#define INSP_READ (INSP_MANAGE | ROLE_SCRUTINY | ROLE_PCC)
#define INSP_BOARD (ROLE_GOVERNANCE | ROLE_DCC)

struct inspection {
	int64_t id;
	char title[301];
	char inspectorate[201];
	char kind[16];              /* peel, thematic, other */
	char fieldwork_from[11], fieldwork_to[11];
	char published[11];         /* report publication date */
	char summary[4001];
	char grade[32];
	/* the response record and the 56-day clock */
	char deadline[11];          /* published + inspections.response_days - 1 (response_deadline) */
	long days_left;             /* negative when past the deadline; once the response is
	                             * published, as on the day it was published (the clock stops) */
	int response_published;
	char response_published_at[11];
	long findings, findings_open;
};

struct inspection_input {
	const char *title, *inspectorate, *kind, *fieldwork_from, *fieldwork_to, *published, *summary, *grade;
};

struct judgment {
	int64_t id;
	char pillar[201];
	char question[301];
	char scale[16];
	char grade[32];
	int carried_over;
};

struct judgment_input {
	const char *pillar, *question, *scale, *grade, *carried_over; /* carried_over "yes" or NULL */
};

struct finding {
	int64_t id;
	int64_t inspection_id;
	char inspection[301];
	char inspection_published[11];
	char kind[24];              /* recommendation, area_for_improvement, cause_of_concern */
	int national;
	char reference[41];
	char text[4001];
	char pillar[201];
	int64_t owner_person_id;    /* 0 when hidden from who or not set */
	char owner_name[200];       /* "" unless who may see staff names */
	char owner_post[128];       /* the owner's office (post title) */
	char owner_unit[128];
	char due[11];
	char status[20];
	char status_at[21];
	char caveat[301];           /* signed_off: the board's caveat */
	char revisit[11];           /* non_compliant: the revisit date */
	char last_update_date[11];
	char last_update[4001];
	long age_days;              /* since the report was published */
	char follow_up[11];         /* signed off with work continuing: the follow-up date */
	/* the tracker's flags, as of today */
	int past_due;               /* active (not signed off or closed) and its due date has passed */
	int follow_up_due;          /* signed off with work continuing and the follow-up date reached */
	int revisit_due;            /* non-compliant and the revisit date reached */
};

struct finding_input {
	const char *kind, *national, *reference, *text, *pillar, *owner, *due; /* owner: a staff number or "" */
};

struct status_change {
	int64_t id;
	char status[20];
	char at[21];
	char by[200];               /* "" unless who may see staff names */
	char note[1001];
	char evidence[2001];
	char board[201];
	char board_date[11];
	char caveat[301];
	char rationale[2001];
	char risk_accepted[1001];
	char revisit[11];
	char follow_up[11];
};

/* A requested status change, as typed in the form. */
struct status_input {
	const char *status, *note, *evidence, *board, *board_date, *caveat, *rationale, *risk_accepted, *revisit;
	const char *follow_up;      /* signed off with a caveat (work continuing): required, the follow-up date */
};

struct finding_update {
	int64_t id;
	char date[11];
	char text[4001];
	char link[301];
	char by[200];               /* "" unless who may see staff names */
	char created_at[21];
};

struct finding_filter {
	int64_t inspection_id;      /* 0 any */
	const char *status;         /* a status, "active" (not signed off or closed), or ""/NULL for any */
	const char *kind;
	const char *q;              /* text in reference, text or inspection title */
	int overdue;                /* active and no update within inspections.update_interval_days */
	int continuing;             /* signed off with a caveat ("with work continuing") */
	int past_due;               /* active and past its due date */
	int follow_up_due;          /* signed off with work continuing, follow-up date reached */
	int revisit_due;            /* non-compliant, revisit date reached */
	const char *sort;           /* age, due, status, reference, owner, inspection; '-' prefix: descending */
	int page, per_page;         /* per_page 0: 50; -1: all */
};

struct response_record {
	int64_t inspection_id;
	char force_name[201];
	char pcc_name[201];
	char chief_constable[201];
	char pcc_statement[8001];
	char cc_response[8001];
	int published;              /* 1 once any version is published (the clock stops) */
	char published_at[11];      /* the first publication: the date the clock stopped */
	char updated_at[21];
	int version;                /* the last version published (0: never); from published_response_get,
	                             * the version shown */
	int changed;                /* the draft differs from that version */
	char published_elsewhere[11]; /* a historic report: comments published outside Probity on this date */
};

/* s.55(5B): the PCC's explanation for one recommendation. */
struct response_explanation {
	int64_t finding_id;
	char reference[41];
	char recommendation[4001];  /* the recommendation's text */
	char action[12];            /* taken, proposed, none; "" when not written yet */
	char proposed_date[11];     /* action proposed: by when */
	char text[4001];
};

struct response_input {
	const char *force_name, *pcc_name, *chief_constable, *pcc_statement, *cc_response;
};

/* ---- labels ---- */
/* A finding's statuses (domain/status.h), in finding_status_defs[] by this enum. */
enum finding_status {
	FINDING_OPEN, FINDING_IN_PROGRESS, FINDING_PROPOSED_COMPLETE, FINDING_SIGNED_OFF, FINDING_CLOSED,
	FINDING_NON_COMPLIANT, FINDING_NSTATUS
};
extern const struct status_def finding_status_defs[FINDING_NSTATUS];
const char *finding_status_label(const char *status);
const char *finding_kind_label(const char *kind);
const char *inspection_kind_label(const char *kind);
/* The statuses, in workflow order, NULL-terminated. */
extern const char *const finding_statuses[];

/* True when a finding may move from -> to (the workflow table). */
int finding_transition_allowed(const char *from, const char *to);
/* True when who may move f to `to` now: the workflow allows it, who manages
 * findings, a sign-off is by the board, and separation of duties (duty.h):
 * nobody signs off a finding they proposed complete (proposer ≠ signer) or
 * that they own. For the page's status options; finding_set_status checks
 * the same and logs a refusal. */
int finding_may_move(struct store *st, const struct actor *who, const struct finding *f, const char *to);
/* True when who may see staff names (owners, authors). */
int insp_sees_names(const struct actor *who);

/* The response deadline for a report published on date published
 * (YYYY-MM-DD): the last day of the period of `days` days beginning with
 * the day of publication (s.55(5A) Police Act 1996: that day is day 1), so
 * published + days - 1; 7 February 2020 and 56 days -> 2 April 2020.
 * *days_left counts from today (0 on the last day). */
void response_deadline(const char *published, long days, char deadline[11], long *days_left);

/* ---- inspections ---- */
typedef int (*inspection_fn)(void *ctx, const struct inspection *in);
int inspection_save(struct store *st, const struct actor *who, int64_t id, const struct inspection_input *in,
                    int64_t *out_id, struct errlist *errs, struct err *e);
int inspection_get(struct store *st, const struct actor *who, int64_t id, struct inspection *out, struct err *e);
/* Which inspections a list shows. */
struct inspection_filter {
	const char *q;    /* a substring of the title; NULL or "" any */
	const char *kind; /* NULL or "" any */
	const char *sort; /* published, title; '-' prefix descending; default -published (newest first) */
	int page;         /* 1-based */
	int per_page;     /* default 50; -1 all */
};
int inspections_list(struct store *st, const struct actor *who, const struct inspection_filter *f, inspection_fn fn,
                     void *ctx, long *total, struct err *e);

typedef int (*judgment_fn)(void *ctx, const struct judgment *j);
int judgment_add(struct store *st, const struct actor *who, int64_t inspection_id, const struct judgment_input *in,
                 struct errlist *errs, struct err *e);
int judgments_list(struct store *st, const struct actor *who, int64_t inspection_id, judgment_fn fn, void *ctx,
                   struct err *e);
/* The grades of a scale ("peel-2021", "peel-2014") best first; fn gets each. */
typedef int (*grade_fn)(void *ctx, const char *scale, const char *grade);
int grades_list(struct store *st, grade_fn fn, void *ctx, struct err *e);

/* ---- findings ---- */
typedef int (*finding_fn)(void *ctx, const struct finding *f);
int finding_add(struct store *st, const struct actor *who, int64_t inspection_id, const struct finding_input *in,
                int64_t *out_id, struct errlist *errs, struct err *e);
/* Learning sources: recommendations that are not an inspection's findings
 * (complaints' IOPC and local learning, the ethics panel's advice to the
 * force), tracked as findings of a source titled title (made the first
 * time, source 'learning', no report, so no 56-day response clock): the
 * same owner, status history, updates and board sign-off. For domain
 * modules only: the caller has decided who may record one (and logged
 * it); the finding's own create row is written here. */
#define LEARNING_COMPLAINTS "Complaints and conduct: learning recommendations"
#define LEARNING_ETHICS "Ethics panel: advice to the force"
int learning_add(struct store *st, const struct actor *who, const char *title, const char *by,
                 const struct finding_input *in, int64_t *out_id, struct errlist *errs, struct err *e);
int finding_get(struct store *st, const struct actor *who, int64_t id, struct finding *out, struct err *e);
int findings_list(struct store *st, const struct actor *who, const struct finding_filter *f, finding_fn fn,
                  void *ctx, long *total, struct err *e);
/* Every finding the list shows for filter f (all pages) as CSV or XLSX
 * (core/sheet.h format), for those who read findings; owners' names only
 * for those who may see them. Logged as an export with the row count. */
int findings_export(struct store *st, const struct actor *who, const struct finding_filter *f, int xlsx,
                    struct buf *out, struct err *e);
/* Change a finding's details (not its status). The same validation as
 * finding_add; the reference must stay unique within its inspection. */
int finding_edit(struct store *st, const struct actor *who, int64_t id, const struct finding_input *in,
                 struct errlist *errs, struct err *e);
/* The staff number of the finding's owner ("" when none), for those who
 * manage findings. */
int finding_owner_staff_number(struct store *st, const struct actor *who, int64_t id, char out[32], struct err *e);
/* Link id to related (both ways shown); related findings of id via fn. */
int finding_link(struct store *st, const struct actor *who, int64_t id, int64_t related, const char *note,
                 struct err *e);
int finding_related(struct store *st, const struct actor *who, int64_t id, finding_fn fn, void *ctx, struct err *e);

/* Move a finding to in->status. Refuses a transition the workflow does not
 * allow (ERR_CONFLICT), a sign-off by anyone but the board (ERR_DENIED), and
 * missing details (ERR_INPUT, in errs): proposed_complete needs evidence;
 * signed_off the board and its date (not in the future); non_compliant the
 * rationale, the risk accepted and a revisit date. */
int finding_set_status(struct store *st, const struct actor *who, int64_t id, const struct status_input *in,
                       struct errlist *errs, struct err *e);
/* The same checks without changing anything (for a confirmation page). */
int finding_check_status(struct store *st, const struct actor *who, int64_t id, const struct status_input *in,
                         struct errlist *errs, struct err *e);
typedef int (*status_fn)(void *ctx, const struct status_change *c);
/* The status history, newest first. */
int finding_history(struct store *st, const struct actor *who, int64_t id, status_fn fn, void *ctx, struct err *e);

/* A dated force update (date not in the future; text required). submit_key
 * (may be NULL) makes a reposted form one update. */
int finding_add_update(struct store *st, const struct actor *who, int64_t id, const char *date, const char *text,
                       const char *link, const char *submit_key, struct errlist *errs, struct err *e);
typedef int (*update_fn)(void *ctx, const struct finding_update *u);
/* Updates newest first. */
int finding_updates(struct store *st, const struct actor *who, int64_t id, update_fn fn, void *ctx, struct err *e);

/* ---- response records ---- */
/* The record for an inspection (an empty draft when none was saved yet). */
int response_get(struct store *st, const struct actor *who, int64_t inspection_id, struct response_record *out,
                 struct err *e);
/* Save the fields who may write (pcc: PCC name and statement; dcc,
 * governance: force, chief constable and their response); the others are
 * left as they are. */
int response_save(struct store *st, const struct actor *who, int64_t inspection_id, const struct response_input *in,
                  struct errlist *errs, struct err *e);
/* What stops publication now, one line each in problems (field "publish"):
 * the Commissioner's statement missing, each recommendation without an
 * s.55(5B) explanation (named), no change since the last version, and a
 * republication without a note of what changed (note may be NULL when only
 * asking). Returns -1 only for a failure; 0 with problems->n == 0 when the
 * record may be published. Reads are logged as views of the record. */
int response_check_publish(struct store *st, const struct actor *who, int64_t inspection_id, const char *note,
                           struct errlist *problems, struct err *e);
/* The PCC publishes the draft as the next version (1, 2, ...), frozen with
 * who published it, the date and, from version 2, the note of what changed.
 * ERR_INPUT (problems filled) when response_check_publish finds any. */
int response_publish(struct store *st, const struct actor *who, int64_t inspection_id, const char *note,
                     struct errlist *problems, struct err *e);
/* A historic report (e.g. imported) whose comments the PCC published
 * outside Probity: record the date they were published (pcc only; a real
 * date, not before the report nor in the future). It stops the 56-day
 * clock; nothing is added to the public site. */
int response_published_elsewhere(struct store *st, const struct actor *who, int64_t inspection_id, const char *date,
                                 struct errlist *errs, struct err *e);
/* s.55(5B) explanation of one recommendation of the inspection (pcc only):
 * action "taken", "proposed" (with a date) or "none", and the text. A
 * change to a published record makes a new draft. */
int response_explain(struct store *st, const struct actor *who, int64_t inspection_id, int64_t finding_id,
                     const char *action, const char *proposed_date, const char *text, struct errlist *errs,
                     struct err *e);
typedef int (*explanation_fn)(void *ctx, const struct response_explanation *x);
/* The draft: every recommendation of the inspection with its explanation
 * (action "" when none yet), in order. */
int response_explanations(struct store *st, const struct actor *who, int64_t inspection_id, explanation_fn fn,
                          void *ctx, struct err *e);
/* The published versions, newest first (internal: with who published). */
int response_versions(struct store *st, const struct actor *who, int64_t inspection_id, record_version_fn fn,
                      void *ctx, struct err *e);
const char *explanation_action_label(const char *action);

/* ---- dashboards ---- */
struct owner_load {
	char office[128];           /* post title, "" when no owner */
	char unit[128];
	long open, under_6m, to_12m, to_24m, over_24m;
	long oldest_days;
};
typedef int (*owner_fn)(void *ctx, const struct owner_load *o);
/* Active findings grouped by owner office, with counts by age band. */
int findings_by_owner(struct store *st, const struct actor *who, owner_fn fn, void *ctx, struct err *e);

struct insp_counts {
	long active, overdue_updates, continuing, non_compliant;
	long responses_overdue;     /* past 56 days and not published */
	long responses_due_soon;    /* not published, deadline within 14 days */
	long reviews_due;           /* further review date within the horizon or past */
	long past_due;              /* active findings past their due date */
	long follow_up_due;         /* signed off with work continuing, follow-up date reached */
	long revisit_due;           /* non-compliant, revisit date reached */
	long for_board;             /* proposed complete: awaiting the board's sign-off */
	long questions_open;        /* panel questions awaiting the force's answer */
};
/* The findings who owns (as a person), for their own home page: open and
 * past their due date. Any signed-in person; logged as a view of their own. */
int findings_owned_counts(struct store *st, const struct actor *who, long *open, long *past_due, struct err *e);
int inspections_counts(struct store *st, const struct actor *who, struct insp_counts *out, struct err *e);

/* ---- import ---- */
/* Import findings (FINDINGS_IMPORT_HEADER) from path ("-" stdin) or from
 * memory. All-or-nothing; a finding is identified by inspection and
 * reference, so a rerun creates nothing twice (changed rows are updated);
 * errors name "file:line: column: problem". who NULL is the system (CLI). */
int findings_import(struct store *st, const struct actor *who, const char *path, int dry_run,
                    struct import_stats *s, struct err *e);
int findings_import_mem(struct store *st, const struct actor *who, const char *name, const char *data, size_t len,
                        int dry_run, struct import_stats *s, struct err *e);

/* ---- publication (public, no personal data, published records only) ---- */
/* Inspections whose response record is published, newest first. */
int published_responses(struct store *st, inspection_fn fn, void *ctx, struct err *e);
/* One published version (0: the current one) with the inspection: the
 * record's fields as frozen at that version; ERR_NOTFOUND unless published. */
int published_response_get(struct store *st, int64_t inspection_id, int version, struct inspection *in,
                           struct response_record *r, struct err *e);
/* The explanations frozen in a published version. */
int published_explanations(struct store *st, int64_t inspection_id, int version, explanation_fn fn, void *ctx,
                           struct err *e);
/* The published versions, newest first, without names. */
int published_versions(struct store *st, int64_t inspection_id, record_version_fn fn, void *ctx, struct err *e);
/* The findings as frozen in a published version of a response record:
 * kind, reference, pillar, text, status, caveat and the latest force update
 * at the time (no owners). */
int published_version_findings(struct store *st, int64_t inspection_id, int version, finding_fn fn, void *ctx,
                               struct err *e);
/* The SQL that freezes an inspection's findings into version ?2 of its
 * response record (?1 the inspection); shared with the demo. */
extern const char response_freeze_findings_sql[];
/* Findings of published records (no owner names), by inspection then id. */
int published_findings(struct store *st, int64_t inspection_id, finding_fn fn, void *ctx, struct err *e);

#endif
