/* inspections_pages.h — what the home page and the inspections JSON API
 * borrow from the inspections pages: the "Inspections and scrutiny" section
 * with each role's items (updates overdue, reviews due for follow-up,
 * responses past 56 days), and the findings list's query string. */
#ifndef PROBITY_INSPECTIONS_PAGES_H
#define PROBITY_INSPECTIONS_PAGES_H

#include "web/html.h"
#include "web/http.h"

struct finding_filter;
struct record_version;

/* Rows per page of the inspections and findings lists, pages and API alike. */
#define INSPECTIONS_PER_PAGE 50

/* Writes nothing for an account without an inspections role. */
void inspections_home(struct html *h, const struct req *rq);

/* The findings list's filter from the query string (status, kind, q, view,
 * sort, page), for /findings and /api/findings alike. */
void findings_read_filter(const struct req *rq, struct finding_filter *f);

/* The confirmation page before publishing a version of a record (a response
 * record, a panel review): "Publish version N of the <what>", a warning
 * listing the notice's items when there are any, then either the problems
 * that stop publication with a way back, or the Publish button with, from
 * the second version on, the "What changed since the last version" note. */
struct publish_confirm {
	const char *title;         /* "Publish the review" (": name" is added) */
	const char *name;          /* the record's title, the caption */
	const char *what;          /* "review" */
	int version;               /* versions published so far */
	const char *back;          /* the record's page */
	const char *back_label;    /* "Back to the review" */
	const char *action;        /* where the form posts */
	const char *problems_lead; /* warning text above the problems, or NULL */
	const char *notice_lead;   /* warning text above the notice's items */
	const char *notice;        /* <li> items this program built, or NULL/"" */
	int explain;               /* say that a version cannot be changed once published */
};
void publish_confirm_page(struct req *rq, struct resp *rs, const struct publish_confirm *pc,
                          const struct errlist *problems, const struct errlist *errs);

/* A row of a versions table (number, date published, by, what changed), for
 * response_versions and review_versions; ctx is the struct html. */
int version_row(void *ctx, const struct record_version *v);

/* A form post's failure: an input error shows page(id) again with errs and
 * answers 400; anything else goes through the error map (page_fail). */
int form_post_failed(struct req *rq, struct resp *rs, int64_t id, const struct errlist *errs, const struct err *e,
                     int (*page)(struct req *, struct resp *, int64_t, const struct errlist *));

#endif
