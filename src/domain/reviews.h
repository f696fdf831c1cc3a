/* reviews.h — independent panel reviews (M11): the record an ethics and
 * transparency panel keeps of a scrutiny review — topic; what was looked at
 * and why it matters; how (meetings, documents, who attended); what was
 * found; numbered questions, each with the force's response and its date;
 * follow-up actions with an owner (an office) and a due date; the date for
 * further review; the panel members; and the findings it examined.
 *
 * Need-to-know, enforced here: scrutiny creates and edits reviews, asks
 * questions, adds actions, links findings and publishes; governance answers
 * questions; scrutiny, governance, dcc, pcc and admin read reviews. A review
 * holds no staff personal data: panel members are office holders, action
 * owners are offices. Changes and refusals go to the access log. */
#ifndef PROBITY_REVIEWS_H
#define PROBITY_REVIEWS_H

#include "core/err.h"
#include "domain/actor.h"
#include "domain/versions.h"
#include <stdint.h>

struct store;

#define REVIEW_READ (ROLE_SCRUTINY | ROLE_GOVERNANCE | ROLE_DCC | ROLE_PCC | ROLE_ADMIN)
#define REVIEW_EDIT ROLE_SCRUTINY
#define REVIEW_ANSWER ROLE_GOVERNANCE

struct review {
	int64_t id;
	char topic[301];
	char scope[4001];
	char method[4001];
	char found[4001];
	char further_review[11];
	int published;
	char published_at[11];
	char members[1001];         /* one name per line */
	long questions, answered, actions_open;
	char updated_at[21];
	int version;                /* the last version published (0: never); from published_review_get,
	                             * the version shown */
	int changed;                /* changed since that version: a draft to publish again */
	char further_done_on[11];   /* the further review held (marked done), "" not yet; a new
	                             * further-review date clears it */
};

struct review_input {
	const char *topic, *scope, *method, *found, *further_review, *members; /* members: one per line */
};

struct review_question {
	int64_t id;
	int number;                 /* 1, 2, ... in the order asked */
	char question[2001];
	char asked_at[21];
	char response[4001];
	char response_date[11];
};

struct review_action {
	int64_t id;
	char action[1001];
	char owner[201];
	char due[11];
	int done;
};

typedef int (*review_fn)(void *ctx, const struct review *r);
typedef int (*question_fn)(void *ctx, const struct review_question *q);
typedef int (*action_fn)(void *ctx, const struct review_action *a);

/* Create (id 0) or edit a review. further_review: "" or a date. */
int review_save(struct store *st, const struct actor *who, int64_t id, const struct review_input *in, int64_t *out_id,
                struct errlist *errs, struct err *e);
/* Mark the further review held (scrutiny; logged): it leaves the reviews due
 * and the review_further reminder. ERR_CONFLICT when none is waiting. */
int review_further_done(struct store *st, const struct actor *who, int64_t id, struct err *e);
int review_get(struct store *st, const struct actor *who, int64_t id, struct review *out, struct err *e);
/* Reviews, due for follow-up first when due_only (further review date
 * within inspections.review_horizon_days, or past), else newest first. */
int reviews_list(struct store *st, const struct actor *who, int due_only, review_fn fn, void *ctx, struct err *e);

int review_ask(struct store *st, const struct actor *who, int64_t review_id, const char *question,
               struct errlist *errs, struct err *e);
/* The force's response (governance), dated date ("" for today). */
int review_answer(struct store *st, const struct actor *who, int64_t review_id, int64_t question_id,
                  const char *response, const char *date, struct errlist *errs, struct err *e);
int review_questions(struct store *st, const struct actor *who, int64_t review_id, question_fn fn, void *ctx,
                     struct err *e);

int review_add_action(struct store *st, const struct actor *who, int64_t review_id, const char *action,
                      const char *owner, const char *due, struct errlist *errs, struct err *e);
int review_action_done(struct store *st, const struct actor *who, int64_t review_id, int64_t action_id,
                       struct err *e);
int review_actions(struct store *st, const struct actor *who, int64_t review_id, action_fn fn, void *ctx,
                   struct err *e);

/* Link a finding the review examined. */
int review_link_finding(struct store *st, const struct actor *who, int64_t review_id, int64_t finding_id,
                        struct err *e);
/* The ids, references and inspection titles of linked findings. */
typedef int (*review_finding_fn)(void *ctx, int64_t finding_id, const char *reference, const char *inspection,
                                 const char *status);
int review_findings(struct store *st, const struct actor *who, int64_t review_id, review_finding_fn fn, void *ctx,
                    struct err *e);

/* What stops publication now (problems, field "publish" or "note"):
 * nothing changed since the last version; from version 2, no note of what
 * changed (note NULL: only asking). Unanswered questions do not stop it:
 * the confirmation page lists them. */
int review_check_publish(struct store *st, const struct actor *who, int64_t review_id, const char *note,
                         struct errlist *problems, struct err *e);
/* Publish the review as the next version (1, 2, ...): the record, its
 * questions and answers, actions and members frozen with who published
 * it, the date and the note. ERR_INPUT with problems when any. */
int review_publish(struct store *st, const struct actor *who, int64_t review_id, const char *note,
                   struct errlist *problems, struct err *e);
/* The versions, newest first (with who published them). */
int review_versions(struct store *st, const struct actor *who, int64_t review_id, record_version_fn fn,
                    void *ctx, struct err *e);

/* For publication: published reviews only (who is not checked); the
 * fields as frozen in the current version. */
int published_reviews(struct store *st, review_fn fn, void *ctx, struct err *e);
/* One published version (0: the current one); ERR_NOTFOUND unless published. */
int published_review_get(struct store *st, int64_t review_id, int version, struct review *out, struct err *e);
int published_review_questions(struct store *st, int64_t review_id, int version, question_fn fn, void *ctx,
                               struct err *e);
int published_review_actions(struct store *st, int64_t review_id, int version, action_fn fn, void *ctx,
                             struct err *e);
/* The published versions, newest first, without names. */
int published_review_versions(struct store *st, int64_t review_id, record_version_fn fn, void *ctx, struct err *e);

#endif
