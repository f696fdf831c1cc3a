/* layout.h — the GOV.UK Frontend page skeleton and form patterns.
 * Modelled on govuk-frontend's dist/govuk/template.njk and its component
 * templates; every value goes through html_f, so it is escaped. A typical
 * handler:
 *
 *   struct html h;
 *   page_begin(&h, rq, rs, "Declare a gift");
 *   form_error_summary(&h, &errs);
 *   html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1>", "Declare a gift");
 *   form_begin(&h, rq, "/gifts");
 *   form_input(&h, &(struct field){ .name = "offeror_org", .label = "Who offered it",
 *                                   .value = req_form(rq, "offeror_org"), .errs = &errs });
 *   form_button(&h, "Submit", NULL);
 *   form_end(&h);
 *   page_end(&h);
 *
 * Field ids equal field names, so the error summary links #name to the field
 * (for radios and checkboxes, to the first item). */
#ifndef PROBITY_LAYOUT_H
#define PROBITY_LAYOUT_H

#include "core/err.h"
#include "web/html.h"
#include "web/errmap.h"
#include "web/http.h"

/* Start a page: doctype, head, skip link, header with the navigation for
 * rq->actor's roles, phase banner, and open <main>. Sets rs->ctype. The
 * title becomes "title – Probity". h writes into rs->body. */
void page_begin(struct html *h, const struct req *rq, struct resp *rs, const char *title);
/* As page_begin with a back link above <main> (href: a local path). */
void page_begin_back(struct html *h, const struct req *rq, struct resp *rs, const char *title, const char *back_href);
/* As page_begin_back (page_begin when back_href is NULL) for a page that
 * may show errors: the title is fmt's text, with "Error: " before it when
 * errs holds any, as GOV.UK asks, so a screen reader hears it first. */
void page_begin_errs(struct html *h, const struct req *rq, struct resp *rs, const struct errlist *errs,
                     const char *back_href, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Close <main>, write the footer and the script tag. */
void page_end(struct html *h);

/* A whole error page (404, 403, 405, 400, 413, 500) — JSON {"error"} under /api/. */
void page_error(const struct req *rq, struct resp *rs, int status);
/* The blank form of a declaration only a member of staff can make: an
 * account with no staff record gets a 403, logged as refused. */
int page_staff_form(struct req *rq, struct resp *rs, void (*form)(struct req *, struct resp *, const struct errlist *));
/* The answer to posting that form, rc being the domain call's: a redirect to
 * where on success, the form again with errs on invalid input (a 400), else
 * page_fail. */
int page_staff_created(struct req *rq, struct resp *rs, int rc, const struct errlist *errs, const struct err *e,
                       void (*form)(struct req *, struct resp *, const struct errlist *), const char *where);

/* GOV.UK notification banners: success (green, after a redirect, e.g. on
 * ?done=created) and important (blue). */
void banner_success(struct html *h, const char *heading, const char *text);
void banner_important(struct html *h, const char *text);

/* A GOV.UK tag: colour is one of the tag modifiers (grey, green, red, ...;
 * a status table's colour, domain/status.h). GOVUK_TAG is its markup as an
 * html_f format taking (colour, label), for use inside table_cell. */
#define GOVUK_TAG "<strong class=\"govuk-tag govuk-tag--%a\">%s</strong>"
void govuk_tag(struct html *h, const char *colour, const char *label);

/* ---- forms ---- */

struct option {
	const char *value;
	const char *label;
	const char *hint;
	int checked;               /* checkboxes: set it to keep the user's input, e.g.
	                            * kvlist_has(&rq->form, "roles", "psd"); radios and
	                            * selects compare field.value instead */
};

/* The label of the option whose value is v (check your answers, lists);
 * v itself when none is, "" for NULL. */
const char *option_label(const struct option *o, size_t n, const char *v);

/* Options built at run time, from data (categories, reviewers...): a
 * struct option array with room for its strings; allocate it (it is big). */
#define OPTLIST_MAX 48
struct optlist {
	struct option o[OPTLIST_MAX];
	char v[OPTLIST_MAX][128], l[OPTLIST_MAX][128];
	size_t n;
};
/* Add value v with label l (silently ignored past OPTLIST_MAX). */
void optlist_add(struct optlist *o, const char *v, const char *l);

struct field {
	const char *name;          /* name and id */
	const char *id;            /* form_date: another id than name (several forms on one page); NULL: name */
	const char *label;         /* label, or legend for radios/checkboxes/dates */
	const char *hint;
	const char *value;         /* the current value: keeps the user's input (NULL: empty) */
	const char *type;          /* input type, default "text" ("password", "email", "number"); dates: form_date */
	const char *width;         /* e.g. "govuk-input--width-20", "govuk-!-width-one-half" */
	const char *autocomplete;
	const char *inputmode;     /* e.g. "numeric" */
	const char *prefix;        /* e.g. "£" */
	int heading;               /* the label/legend is the page's h1 */
	int rows;                  /* textarea rows, default 5 */
	int maxlength;             /* textarea: the domain's limit; shows a GOV.UK character count */
	int inline_;               /* inline radios */
	const struct option *options;
	size_t noptions;
	const char *const *reveal; /* radios: per option, markup this program built (another
	                            * html buffer) shown only when that option is chosen —
	                            * the GOV.UK conditional reveal; NULL entries: none */
	const struct errlist *errs; /* the field's error is errlist_get(errs, name) */
};

/* <form method="post" action="..." novalidate> with the hidden CSRF field. */
void form_begin(struct html *h, const struct req *rq, const char *action);
void form_end(struct html *h);
/* A POST form that can carry files (multipart/form-data), with the CSRF field. */
void form_begin_upload(struct html *h, const struct req *rq, const char *action);
/* A GOV.UK file upload field; the file arrives as req_file(rq, f->name). */
void form_file(struct html *h, const struct field *f);
/* A GET form (search, filters): no CSRF field. */
void form_begin_get(struct html *h, const char *action);
void form_csrf(struct html *h, const struct req *rq);
void form_hidden(struct html *h, const char *name, const char *value);
/* "There is a problem" with a link to each field (in errs' order: add errors
 * in the order the fields appear); nothing when errs is empty. On a POST page
 * begun with page_begin it also sets the status to 400. */
void form_error_summary(struct html *h, const struct errlist *errs);
void form_input(struct html *h, const struct field *f);
void form_textarea(struct html *h, const struct field *f);
void form_radios(struct html *h, const struct field *f);
void form_checkboxes(struct html *h, const struct field *f);
void form_select(struct html *h, const struct field *f);
/* The GOV.UK date input: day, month and year boxes (NAME-day, NAME-month,
 * NAME-year) in a fieldset whose legend is f->label. The request layer joins
 * them into NAME (form_join_dates), so a handler reads req_form(rq, NAME) as
 * YYYY-MM-DD and checks it as before; f->value is that joined value, and the
 * boxes re-display what the user typed. When the field has an error and a
 * box is missing or wrong, the message names it ("Date offered must include
 * a month", "... must be a real date", "Year must include 4 numbers") and
 * only those boxes are marked; form_error_summary writes the same message
 * and links to the first wrong box (#NAME-day, #NAME-month, #NAME-year). */
void form_date(struct html *h, const struct field *f);
/* variant: NULL (primary), "secondary", "warning". */
void form_button(struct html *h, const char *text, const char *variant);
/* A GET form to action choosing a period: From and To (YYYY-MM-DD) text
 * inputs holding from and to, and a secondary Show button. */
void form_period(struct html *h, const char *action, const char *from, const char *to);
/* A link styled as a button. */
void button_link(struct html *h, const char *text, const char *href, const char *variant);

/* ---- tables, pagination, summary lists ---- */

struct column {
	const char *label;
	const char *sort;          /* the ?sort= key, or NULL when not sortable */
	int numeric;
};

/* <table> with a caption and header row, in a focusable region that scrolls
 * sideways when the table is wider than the screen (table_end closes both).
 * Sortable columns link to the
 * current URL with sort=KEY (or -KEY when already sorted ascending by KEY),
 * keeping the other filters and dropping the page. */
void table_begin(struct html *h, const struct req *rq, const char *caption, const struct column *cols, size_t n);
void table_row_begin(struct html *h);
/* One cell, formatted like html_f; numeric cells are right-aligned. */
void table_cell(struct html *h, int numeric, const char *fmt, ...);
/* One text cell holding f's bytes (a field of a stored event; escaped). */
void table_cell_slice(struct html *h, const struct slice *f);
/* The same for a date or UTC stamp, shown as people read it (html_f's %D). */
void table_cell_slice_date(struct html *h, const struct slice *f);
void table_row_end(struct html *h);
void table_end(struct html *h);

/* GOV.UK pagination for page (1-based) of total rows at per_page, linking to
 * the current URL with page=N. Nothing when there is one page. */
void pagination(struct html *h, const struct req *rq, int page, int per_page, long total);
/* A list's table as shown: caption, columns, the text when nothing
 * matches, and which page of how many rows. */
struct list_view {
	const char *caption;
	const struct column *cols;
	size_t ncols;
	const char *empty;  /* list_table: shown when total is 0; NULL: nothing */
	int page;           /* 1-based */
	int per_page;
	long total;
};
/* .cols and .ncols of a list_view from a static array. */
#define LIST_COLS(a) .cols = (a), .ncols = sizeof(a) / sizeof((a)[0])
/* A list's table from rows already rendered into a side buffer: table_begin
 * (caption, cols), the rows, table_end, then pagination (a page past the
 * last says so instead of an empty table). */
void table_paged(struct html *h, const struct req *rq, const struct list_view *v, const struct buf *rows);
/* As table_paged, but when total is 0 the paragraph empty instead (nothing
 * when empty is NULL). */
void list_table(struct html *h, const struct req *rq, const struct list_view *v, const struct buf *rows);

/* Check your answers (the GOV.UK pattern) before a form that creates a
 * record is sent: rows[] (label, the answer as people read it; an empty
 * answer shows "Not given") in a summary list, each with a Change button
 * that posts the answers back to change_action (the form, kept filled: no
 * answer goes into a URL; the Back above the page does the same), then the
 * statement and the button that posts every field in fields[] (as the
 * request carries them) to send_action. */
struct cya_row {
	const char *label;
	const char *value;
	const char *field;  /* the form field Change goes to (its id, for the #fragment) */
};
struct cya {
	const char *title;         /* "Check your answers before ..." */
	const char *caption;       /* above the title, or NULL */
	const struct cya_row *rows;
	size_t nrows;
	const char *const *fields; /* the form's field names, all carried to both actions */
	size_t nfields;
	const char *change_action;
	const char *send_action;
	const char *statement;     /* what sending means, or NULL */
	const char *button;        /* e.g. "Submit declaration" */
	/* A file input on the send form (which then posts multipart), or NULL:
	 * a file cannot be carried between the steps without keeping it, so it
	 * is chosen on this page; its .errs (after a failed send) are shown in
	 * an error summary. */
	const struct field *upload;
};
void cya_page(struct req *rq, struct resp *rs, const struct cya *c);
/* The GOV.UK confirmation panel after a record is created: title, "Your
 * reference" and ref, then what happens next (a paragraph, or NULL). */
void panel_confirm(struct html *h, const char *title, const char *ref, const char *next);

void summary_begin(struct html *h);
/* One row: key text, the value formatted like html_f. */
void summary_row(struct html *h, const char *key, const char *fmt, ...);
void summary_end(struct html *h);

/* The current path and query with key set to val (val NULL: removed) and
 * drop removed (may be NULL), percent-encoded: safe inside href="%a". */
void url_with(struct buf *out, const struct req *rq, const char *key, const char *val, const char *drop);

#endif
