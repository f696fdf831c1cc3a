/* circumstances_pages.c — declared changes of personal circumstances on the
 * web: declare (with the early-intervention referral offer for financial
 * difficulty), my declarations, one declaration with its vetting task, and
 * the vetting/PSD list with filters, sort, paging and CSV export. Every rule
 * lives in src/domain/circumstances.c. */
#include "domain/accesslog.h"
#include "domain/circumstances.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "web/layout.h"
#include "web/regpage.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

static const struct option kind_opts[] = {
	{ "partner_or_coresident", "New partner or someone new living with you", NULL, 0 },
	{ "address", "Change of address", NULL, 0 },
	{ "name", "Change of name", NULL, 0 },
	{ "financial_difficulty", "Financial difficulty",
	  "A county court judgment, an individual voluntary arrangement, bankruptcy or debt you cannot manage", 0 },
	{ "criminal_justice", "Arrest, charge, conviction or caution", "Of you or a member of your family", 0 },
	{ "other", "Something else that could affect your vetting", NULL, 0 },
};
static const struct option fin_opts[] = {
	{ "ccj", "County court judgment", NULL, 0 }, { "iva", "Individual voluntary arrangement", NULL, 0 },
	{ "bankruptcy", "Bankruptcy", NULL, 0 }, { "unmanageable_debt", "Debt I cannot manage", NULL, 0 },
};
static const struct option cj_opts[] = {
	{ "arrest", "Arrest", NULL, 0 }, { "charge", "Charge", NULL, 0 },
	{ "conviction", "Conviction", NULL, 0 }, { "caution", "Caution", NULL, 0 },
};
static const struct option subject_opts[] = { { "self", "Me", NULL, 0 }, { "family", "A family member", NULL, 0 } };
static const struct option referral_opts[] = {
	{ "debt_advice", "Yes, refer me for free, confidential debt advice", NULL, 0 },
	{ "welfare", "Yes, refer me to the welfare service", NULL, 0 },
	{ "both", "Yes, both", NULL, 0 },
	{ "declined", "No, thank you", NULL, 0 },
};

static void new_form(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct html h;
	char key[65];
	regpage_submit_key(rq, key);
	page_begin_errs(&h, rq, rs, errs, "/circumstances/mine", "Declare a change of circumstances");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Declare a change of circumstances</h1>"
	           "<p class=\"govuk-body\">You must tell the vetting unit promptly about anything that may affect your "
	           "vetting. Vetting and Professional Standards will see this declaration; your line manager will not.</p>");
	form_begin(&h, rq, "/circumstances/check");
	form_hidden(&h, "submit_key", key);
	/* the questions only some people need, revealed under their answer */
	struct buf fin, cj;
	struct html hf, hc;
	buf_init(&fin, 1 << 16);
	buf_init(&cj, 1 << 16);
	html_init(&hf, &fin);
	html_init(&hc, &cj);
	form_radios(&hf, &(struct field){ .name = "fin_subtype", .label = "What kind of financial difficulty?",
	                                  .value = req_form(rq, "fin_subtype"), .options = fin_opts, .noptions = 4,
	                                  .errs = errs });
	form_radios(&hf, &(struct field){ .name = "referral", .label = "Would you like an early-intervention referral?",
	                                  .hint = "Getting help early is encouraged and is not held against you.",
	                                  .value = req_form(rq, "referral"), .options = referral_opts, .noptions = 4,
	                                  .errs = errs });
	form_radios(&hc, &(struct field){ .name = "cj_subtype", .label = "What happened?", .value = req_form(rq, "cj_subtype"),
	                                  .options = cj_opts, .noptions = 4, .inline_ = 1, .errs = errs });
	/* a name only where the answer needs one: the partner's, or the family member's */
	struct buf pn, fm;
	struct html hp, hm;
	buf_init(&pn, 1 << 16);
	buf_init(&fm, 1 << 16);
	html_init(&hp, &pn);
	html_init(&hm, &fm);
	form_input(&hp, &(struct field){ .name = "partner_name", .label = "Their name",
	                                 .value = req_form(rq, "partner_name"), .errs = errs });
	form_input(&hm, &(struct field){ .name = "other_person", .label = "The family member's name",
	                                 .value = req_form(rq, "other_person"), .errs = errs });
	const char *who_reveal[2] = { NULL, buf_str(&fm) }; /* subject_opts' order */
	form_radios(&hc, &(struct field){ .name = "subject", .label = "Who was it?", .value = req_form(rq, "subject"),
	                                  .options = subject_opts, .noptions = 2, .reveal = who_reveal, .errs = errs });
	const char *reveal[6] = { buf_str(&pn), NULL, NULL, buf_str(&fin), buf_str(&cj), NULL }; /* kind_opts' order */
	form_radios(&h, &(struct field){ .name = "kind", .label = "What has changed?", .value = req_form(rq, "kind"),
	                                 .options = kind_opts, .noptions = 6, .reveal = reveal, .errs = errs });
	form_date(&h, &(struct field){ .name = "event_date", .label = "Date of the change",
	                               .value = req_form(rq, "event_date"), .errs = errs });
	form_textarea(&h, &(struct field){ .name = "details", .maxlength = 2000, .label = "Describe the change",
	                                   .hint = "For a new address, give the address. For a new partner, their date of "
	                                           "birth and previous names.",
	                                   .value = req_form(rq, "details"), .rows = 4, .errs = errs });
	buf_release(&fin);
	buf_release(&cj);
	buf_release(&pn);
	buf_release(&fm);
	form_button(&h, "Continue", NULL);
	form_end(&h);
	page_end(&h);
}

/* The blank form (GET), and Change on check your answers (POST): the form
 * again, filled with the answers. */
static int circ_new(struct req *rq, struct resp *rs)
{
	return page_staff_form(rq, rs, new_form);
}

/* The posted declaration (the form, check your answers or their hidden fields). */
static struct circumstance_input posted_circ(const struct req *rq)
{
	const char *kind = req_form(rq, "kind");
	int fin = kind && !strcmp(kind, "financial_difficulty");
	/* the partner's name has its own box, revealed under that answer */
	int partner = kind && !strcmp(kind, "partner_or_coresident") && req_form(rq, "partner_name");
	return (struct circumstance_input){
		.kind = kind, .subtype = fin ? req_form(rq, "fin_subtype") : req_form(rq, "cj_subtype"),
		.subject = req_form(rq, "subject"),
		.other_person = partner ? req_form(rq, "partner_name") : req_form(rq, "other_person"),
		.details = req_form(rq, "details"), .event_date = req_form(rq, "event_date"),
		.referral = req_form(rq, "referral"), .submit_key = req_form(rq, "submit_key"),
	};
}

/* The partner's name is asked in its own box: errors about it name that box. */
static void partner_errors(const struct circumstance_input *in, struct errlist *errs)
{
	for (int i = 0; in->kind && !strcmp(in->kind, "partner_or_coresident") && i < errs->n; i++)
		if (!strcmp(errs->item[i].field, "other_person"))
			snprintf(errs->item[i].field, sizeof errs->item[i].field, "partner_name");
}

static const char *nz_str(const char *s) { return s ? s : ""; }

/* Check your answers before the declaration is sent (POST /circumstances/check);
 * errors go back to the form. */
static int circ_check(struct req *rq, struct resp *rs)
{
	struct circumstance_input in = posted_circ(rq);
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (circumstance_check(rq->actor, &in, &errs, &e)) {
		if (e.code == ERR_INPUT) {
			partner_errors(&in, &errs);
			new_form(rq, rs, &errs);
			return 0;
		}
		return page_fail(rq, rs, &e);
	}
	int fin = !strcmp(in.kind, "financial_difficulty"), cj = !strcmp(in.kind, "criminal_justice");
	int named = !strcmp(in.kind, "partner_or_coresident") || (cj && !strcmp(nz_str(in.subject), "family"));
	char day[48];
	date_display(in.event_date, day, sizeof day);
	struct cya_row rows[8];
	size_t n = 0;
	rows[n++] = (struct cya_row){ "What has changed", option_label(kind_opts, 6, in.kind), "kind" };
	if (fin) {
		rows[n++] = (struct cya_row){ "Kind of financial difficulty", option_label(fin_opts, 4, in.subtype), "fin_subtype" };
		rows[n++] = (struct cya_row){ "Early-intervention referral", option_label(referral_opts, 4, in.referral), "referral" };
	}
	if (cj) {
		rows[n++] = (struct cya_row){ "What happened", option_label(cj_opts, 4, in.subtype), "cj_subtype" };
		rows[n++] = (struct cya_row){ "Who was it", option_label(subject_opts, 2, in.subject), "subject" };
	}
	if (named)
		rows[n++] = (struct cya_row){ "Name", in.other_person,
		                              cj ? "other_person" : "partner_name" };
	rows[n++] = (struct cya_row){ "Date of the change", day, "event_date-day" };
	rows[n++] = (struct cya_row){ "Description", in.details, "details" };
	static const char *const fields[] = { "submit_key", "kind", "fin_subtype", "referral", "cj_subtype", "subject",
		                              "partner_name", "other_person", "event_date", "details" };
	cya_page(rq, rs, &(struct cya){
		.title = "Check your answers before sending your declaration",
		.caption = "Declare a change of circumstances", .rows = rows, .nrows = n,
		.fields = fields, .nfields = sizeof fields / sizeof fields[0], .change_action = "/circumstances/new",
		.send_action = "/circumstances",
		.statement = "By sending this declaration you confirm that, to the best of your knowledge, the details "
		             "are correct and complete.",
		.button = "Send declaration" });
	return 0;
}

static int circ_create(struct req *rq, struct resp *rs)
{
	struct circumstance_input in = posted_circ(rq);
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int64_t id = 0;
	int rc = circumstance_declare(rq->store, rq->actor, &in, &id, &errs, &e);
	partner_errors(&in, &errs);
	char where[64];
	snprintf(where, sizeof where, "/circumstances/%lld?done=declared", (long long)id);
	return page_staff_created(rq, rs, rc, &errs, &e, new_form, where);
}

static void read_filters(const struct req *rq, struct circumstance_filter *f)
{
	memset(f, 0, sizeof *f);
	f->kind = req_query(rq, "kind");
	f->task = req_query(rq, "task");
	f->q = req_query(rq, "q");
	const char *r = req_query(rq, "referral");
	f->referral = r && !strcmp(r, "1");
	f->sort = req_query(rq, "sort");
	f->page = req_page(rq);
	f->per_page = regpage_per_page(rq, PER_PAGE);
}

static const char *what(const struct circumstance *c)
{
	return c->subtype[0] ? circumstance_subtype_label(c->subtype) : circumstance_kind_label(c->kind);
}

/* One row; arg non-NULL in the register (with the declarer's column). */
static void table_row(struct html *h, const void *rec, const void *arg)
{
	const struct circumstance *c = rec;
	char ref[REF_MAX];
	table_row_begin(h);
	char back[REGPAGE_BACK_MAX];
	table_cell(h, 0, "<a class=\"govuk-link\" href=\"/circumstances/%I%a\">%s</a>", c->id, regpage_back_arg(h, back),
	           circumstance_ref(c->id, ref));
	table_cell(h, 0, "%D", c->declared_on);
	if (arg)
		table_cell(h, 0, "%s (%s)", c->person_name, c->staff_number);
	table_cell(h, 0, "%s%s", what(c), !strcmp(c->subject, "family") ? " (family member)" : "");
	table_cell(h, 0, "%s", c->referral[0] ? circumstance_referral_label(c->referral) : "-");
	const struct status_def *task = &circumstance_task_statuses[circumstance_task(c)];
	table_cell(h, 0, GOVUK_TAG, task->colour, task->label);
	table_row_end(h);
}

static const struct column cols_reg[] = {
	{ "Reference", NULL, 0 }, { "Declared", "declared", 0 }, { "Declared by", "person", 0 },
	{ "What changed", "kind", 0 }, { "Referral", NULL, 0 }, { "Vetting", NULL, 0 },
};
static const struct column cols_own[] = {
	{ "Reference", NULL, 0 }, { "Declared", "declared", 0 }, { "What changed", "kind", 0 },
	{ "Referral", NULL, 0 }, { "Vetting", NULL, 0 },
};

static int circ_table(struct buf *out, struct req *rq, enum circ_scope scope, const struct circumstance_filter *f,
                      const char *empty, long *total, struct err *e)
{
	int reg = scope == CIRC_REGISTER;
	struct regpage_table t = {
		.caption = reg ? "Declared changes of circumstances" : "My declared changes of circumstances",
		.empty = empty, .cols = reg ? cols_reg : cols_own, .ncols = reg ? 6 : 5, .row = table_row,
		.arg = reg ? "register" : NULL,
	};
	return regpage_list(out, rq, &circumstances_register_def, scope, f, f->page, f->per_page, &t, total, e);
}

/* The register's filters: declarer, what changed, vetting task, referral. */
static void filter_form(struct html *h, struct req *rq, const struct circumstance_filter *f)
{
	struct option kinds[7];
	kinds[0] = (struct option){ "", "Any change", NULL, 0 };
	for (int i = 0; i < 6; i++)
		kinds[i + 1] = (struct option){ kind_opts[i].value, circumstance_kind_label(kind_opts[i].value), NULL, 0 };
	struct option tasks[CIRC_NTASK + 1];
	regpage_status_options(tasks, CIRC_NTASK + 1, "Any", circumstance_task_statuses, CIRC_NTASK);
	form_begin_get(h, "/circumstances/register");
	html_f(h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-third\">");
	form_input(h, &(struct field){ .name = "q", .label = "Declarer", .hint = "Name or staff number",
	                               .value = req_query(rq, "q") });
	html_f(h, "</div><div class=\"govuk-grid-column-one-third\">");
	form_select(h, &(struct field){ .name = "kind", .label = "What changed", .value = req_query(rq, "kind"),
	                                .options = kinds, .noptions = 7 });
	html_f(h, "</div><div class=\"govuk-grid-column-one-third\">");
	form_select(h, &(struct field){ .name = "task", .label = "Vetting", .value = req_query(rq, "task"),
	                                .options = tasks, .noptions = CIRC_NTASK + 1 });
	html_f(h, "</div></div>");
	struct option ref = { "1", "Only those with an early-intervention referral", NULL, f->referral };
	form_checkboxes(h, &(struct field){ .name = "referral", .label = "Referrals", .options = &ref, .noptions = 1 });
	html_f(h, "<div class=\"govuk-button-group\">");
	regpage_filter_buttons(h, rq, "/circumstances/register");
	html_f(h, "</div></form>");
}

/* One scope as a page: heading, the declare button or the register's
 * filters and exports, then the table. */
static int list_page(struct req *rq, struct resp *rs, enum circ_scope scope, const char *title, const char *empty)
{
	struct circumstance_filter f;
	read_filters(rq, &f);
	struct err e = { 0 };
	struct buf table;
	buf_init(&table, 0);
	long total = 0;
	if (circ_table(&table, rq, scope, &f, empty, &total, &e)) {
		buf_release(&table);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin(&h, rq, rs, title);
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1>", title);
	if (scope == CIRC_REGISTER) {
		filter_form(&h, rq, &f);
		regpage_count_exports(&h, rq, total, "declaration", "/circumstances/register");
	} else {
		button_link(&h, "Declare a change of circumstances", "/circumstances/new", NULL);
	}
	html_f(&h, "%R", buf_str(&table));
	buf_release(&table);
	page_end(&h);
	return 0;
}

static int circ_mine(struct req *rq, struct resp *rs)
{
	return list_page(rq, rs, CIRC_MINE, "My changes of circumstances",
	                 "You have not declared any changes of circumstances.");
}

static int circ_register(struct req *rq, struct resp *rs)
{
	return list_page(rq, rs, CIRC_REGISTER, "Changes of circumstances", "No declarations match these filters.");
}

static int circ_export(struct req *rq, struct resp *rs, int xlsx)
{
	struct circumstance_filter f;
	read_filters(rq, &f);
	return regpage_export(rq, rs, &circumstances_register_def, &f, xlsx, "circumstances");
}

static int circ_register_csv(struct req *rq, struct resp *rs) { return circ_export(rq, rs, 0); }
static int circ_register_xlsx(struct req *rq, struct resp *rs) { return circ_export(rq, rs, 1); }

static int circ_show(struct req *rq, struct resp *rs)
{
	struct circumstance *c = xmalloc(sizeof *c);
	struct err e = { 0 };
	if (circumstance_get(rq->store, rq->actor, req_id(rq, "id"), c, &e)) {
		free(c);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	char title[64], ref[REF_MAX];
	snprintf(title, sizeof title, "Declaration %s", circumstance_ref(c->id, ref));
	int own = rq->actor->person_id == c->person_id;
	static const char *const lists[] = { "/circumstances/mine", "/circumstances/register", NULL };
	char back[REGPAGE_BACK_MAX];
	page_begin_back(&h, rq, rs, title,
	                regpage_back(rq, lists, own ? "/circumstances/mine" : "/circumstances/register", back));
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "declared") && own)
		panel_confirm(&h, "Change of circumstances declared", ref,
		              c->referral[0] && strcmp(c->referral, "declined")
		                      ? "The vetting unit will assess it. Your referral has been recorded and you will be contacted."
		                      : "The vetting unit will assess it.");
	html_f(&h, "<span class=\"govuk-caption-l\">Change of circumstances</span><h1 class=\"govuk-heading-l\">%s</h1>",
	       title);
	summary_begin(&h);
	summary_row(&h, "Declared by", "%s (%s), %s", c->person_name, c->staff_number, c->unit);
	summary_row(&h, "Declared on", "%D", c->declared_on);
	summary_row(&h, "What changed", "%s", circumstance_kind_label(c->kind));
	if (c->subtype[0])
		summary_row(&h, "Detail", "%s", circumstance_subtype_label(c->subtype));
	if (c->subject[0])
		summary_row(&h, "Who", "%s", !strcmp(c->subject, "self") ? "The declarer" : "A family member");
	if (c->other_person[0])
		summary_row(&h, "Person concerned", "%s", c->other_person);
	summary_row(&h, "Date of the change", "%D", c->event_date);
	summary_row(&h, "Description", "%s", c->details);
	if (!strcmp(c->kind, "financial_difficulty"))
		summary_row(&h, "Early-intervention referral", "%s", circumstance_referral_label(c->referral));
	summary_row(&h, "Vetting", "%s%s%s",
	            circumstance_task(c) == CIRC_TASK_CLOSED ? "Assessed" : "Waiting for the vetting unit",
	            c->task_outcome[0] ? ": " : "", c->task_outcome);
	summary_end(&h);
	page_end(&h);
	free(c);
	return 0;
}

/* ---- JSON API ---- */

static int api_list(struct req *rq, struct resp *rs, enum circ_scope scope)
{
	struct circumstance_filter f;
	read_filters(rq, &f);
	return regpage_api_list(rq, rs, &circumstances_register_def, scope, &f, f.page, f.per_page);
}

static int api_register(struct req *rq, struct resp *rs) { return api_list(rq, rs, CIRC_REGISTER); }
static int api_mine(struct req *rq, struct resp *rs) { return api_list(rq, rs, CIRC_MINE); }
static int api_one(struct req *rq, struct resp *rs) { return regpage_api_item(rq, rs, &circumstances_register_def); }

const struct route circumstances_routes[] = {
	{ "GET", "/circumstances/new", circ_new, ACCESS_PAGE, 0 },
	{ "POST", "/circumstances", circ_create, ACCESS_PAGE, 0 },
	{ "POST", "/circumstances/new", circ_new, ACCESS_PAGE, 0 },
	{ "POST", "/circumstances/check", circ_check, ACCESS_PAGE, 0 },
	{ "GET", "/circumstances/mine", circ_mine, ACCESS_PAGE, 0 },
	{ "GET", "/circumstances/register", circ_register, ACCESS_PAGE, 0 },
	{ "GET", "/circumstances/register.csv", circ_register_csv, ACCESS_PAGE, 0 },
	{ "GET", "/circumstances/register.xlsx", circ_register_xlsx, ACCESS_PAGE, 0 },
	{ "GET", "/circumstances/{id}", circ_show, ACCESS_PAGE, 0 },
	{ "GET", "/api/circumstances", api_register, ACCESS_API, 0 },
	{ "GET", "/api/circumstances/mine", api_mine, ACCESS_API, 0 },
	{ "GET", "/api/circumstances/{id}", api_one, ACCESS_API, 0 },
};
ROUTES_END(circumstances);
