/* procurement_pages.c — the procurement cross-check on the web: the flags
 * (contracts whose supplier gave gifts or hospitality before the award, or
 * in which a member of staff holds a business interest) with their review
 * status, one flag with both records side by side and PSD's review form,
 * the contract list, the import form (paste the CSV, optionally map the
 * columns), and the flags as CSV. Rules live in src/domain/procurement.c. */
#include "domain/accesslog.h"
#include "domain/config.h"
#include "core/xalloc.h"
#include "domain/gifts.h"
#include "domain/interests.h"
#include "domain/people.h"
#include "domain/procurement.h"
#include "store/store.h"
#include "web/http.h"
#include "web/layout.h"
#include "web/regpage.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 50

static const struct option outcome_opts[] = {
	{ "no_concern", "No concern", NULL, 0 },
	{ "advice_given", "Advice given", "To the member of staff or to procurement", 0 },
	{ "referred_to_acu", "Referred to ACU", "The Anti-Corruption Unit will look into it", 0 },
};

static const char *outcome_tag(const char *o)
{
	int i = status_table_index(proc_outcomes, PROC_NOUTCOME, o);
	return i >= 0 ? proc_outcomes[i].colour : "yellow";
}

/* The window from ?window_months= (1..120), else 0 (the configured one). */
static int window_of(const struct req *rq)
{
	const char *w = req_query(rq, "window_months");
	int n = w ? atoi(w) : 0;
	return n >= 1 && n <= 120 ? n : 0;
}

/* ---- the flags ---- */

static int procurement_flags(struct req *rq, struct resp *rs)
{
	struct proc_options o = { window_of(rq), 0 };
	struct proc_run *r = NULL;
	struct err e = { 0 };
	if (procurement_check(rq->store, rq->actor, &o, &r, &e))
		return page_fail(rq, rs, &e);
	const char *show = req_query(rq, "show");
	const char *match = req_query(rq, "match");
	show = show && (!strcmp(show, "open") || !strcmp(show, "reviewed")) ? show : "";
	match = match && (!strcmp(match, "gift") || !strcmp(match, "business_interest")) ? match : "";
	int page = req_page(rq);
	struct html h;
	page_begin(&h, rq, rs, "Procurement cross-check");
	const char *done = req_query(rq, "done");
	if (done && !strcmp(done, "reviewed"))
		banner_success(&h, "Review recorded", NULL);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Procurement cross-check</h1>"
	           "<p class=\"govuk-body\">Each contract's supplier is matched by name against the organisations that "
	           "offered gifts or hospitality in the <strong>%d months</strong> up to the award, and against staff "
	           "business interests applied for or approved. Names match when their similarity is at least "
	           "<strong>%ld%%</strong>.</p>",
	       proc_run_window(r), (long)(proc_run_threshold(r) * 100 + 0.5));
	html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/procurement/contracts\">Contracts (%zu)</a>",
	       proc_run_contracts(r));
	if (actor_has(rq->actor, ROLE_PSD | ROLE_ADMIN))
		html_f(&h, " · <a class=\"govuk-link\" href=\"/procurement/import\">Import a contract list</a>");
	html_f(&h, " · <a class=\"govuk-link\" href=\"/procurement/flags.csv%a%a\">Download the flags (CSV)</a></p>",
	       o.window_months ? "?window_months=" : "", o.window_months ? req_query(rq, "window_months") : "");
	static const struct option shows[] = { { "", "All flags", NULL, 0 }, { "open", "Not reviewed", NULL, 0 },
		                               { "reviewed", "Reviewed", NULL, 0 } };
	static const struct option matches[] = { { "", "Gifts and interests", NULL, 0 },
		                                 { "gift", "Gifts and hospitality", NULL, 0 },
		                                 { "business_interest", "Business interests", NULL, 0 } };
	char wbuf[8];
	snprintf(wbuf, sizeof wbuf, "%d", proc_run_window(r));
	form_begin_get(&h, "/procurement");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "show", .label = "Show", .value = show, .options = shows, .noptions = 3 });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_select(&h, &(struct field){ .name = "match", .label = "Matched with", .value = match, .options = matches,
	                                 .noptions = 3 });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\">");
	form_input(&h, &(struct field){ .name = "window_months", .label = "Window (months)", .value = wbuf,
	                                .width = "govuk-input--width-3", .inputmode = "numeric" });
	html_f(&h, "</div><div class=\"govuk-grid-column-one-quarter\"><div class=\"govuk-!-margin-top-6\">");
	form_button(&h, "Apply", "secondary");
	html_f(&h, "</div></div></div></form>");

	static const struct column cols[] = {
		{ "Contract", NULL, 0 }, { "Supplier", NULL, 0 }, { "Awarded", NULL, 0 }, { "Matched with", NULL, 0 },
		{ "Name as recorded", NULL, 0 }, { "Staff member", NULL, 0 }, { "Record date", NULL, 0 },
		{ "Score", NULL, 1 }, { "Review", NULL, 0 },
	};
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	long total = 0, open = 0;
	size_t n = proc_run_count(r);
	long first = (long)(page - 1) * PER_PAGE;
	for (size_t i = 0; i < n; i++) {
		struct proc_flag f;
		proc_run_flag(r, i, &f);
		if (*match && strcmp(match, f.match))
			continue;
		struct proc_review rv;
		if (procurement_review_get(rq->store, f.contract_id, f.match, f.record_id, &rv, &e)) {
			buf_release(&rows);
			proc_run_free(r);
			return page_fail(rq, rs, &e);
		}
		if (!rv.outcome[0])
			open++;
		if ((!strcmp(show, "open") && rv.outcome[0]) || (!strcmp(show, "reviewed") && !rv.outcome[0]))
			continue;
		total++;
		if (total <= first || total > first + PER_PAGE)
			continue;
		table_row_begin(&hr);
		table_cell(&hr, 0, "<a class=\"govuk-link\" href=\"/procurement/flags/%I/%u/%I\">%s</a>", f.contract_id,
		           f.match, f.record_id, f.contract_ref);
		table_cell(&hr, 0, "%s", f.supplier);
		table_cell(&hr, 0, "%D", f.award_date);
		table_cell(&hr, 0, "%s", !strcmp(f.match, "gift") ? "Gift or hospitality" : "Business interest");
		table_cell(&hr, 0, "%s", f.matched_name);
		table_cell(&hr, 0, "%s (%s)", f.person_name, f.staff_number);
		table_cell(&hr, 0, "%D", f.record_date);
		char sc[16];
		snprintf(sc, sizeof sc, "%.2f", f.score);
		table_cell(&hr, 1, "%s", sc);
		table_cell(&hr, 0, GOVUK_TAG, outcome_tag(rv.outcome),
		           proc_outcome_label(rv.outcome));
		table_row_end(&hr);
	}
	html_f(&h, "<p class=\"govuk-body\"><strong>%ld</strong> flag%s shown; %ld not yet reviewed.</p>", total,
	       total == 1 ? "" : "s", open);
	if (total == 0) {
		html_f(&h, "<p class=\"govuk-body\">No flags. %s</p>",
		       proc_run_contracts(r) ? "No supplier matches a gift offeror or a business interest."
		                             : "Import procurement's contract list to run the cross-check.");
	} else {
		table_paged(&h, rq, &(struct list_view){ .caption = "Flags", LIST_COLS(cols),
		                                         .page = page, .per_page = PER_PAGE, .total = total }, &rows);
	}
	buf_release(&rows);
	proc_run_free(r);
	page_end(&h);
	return 0;
}

static int procurement_flags_csv(struct req *rq, struct resp *rs)
{
	struct proc_options o = { window_of(rq), 0 };
	struct proc_run *r = NULL;
	struct err e = { 0 };
	if (procurement_check(rq->store, rq->actor, &o, &r, &e))
		return page_fail(rq, rs, &e);
	int rc = proc_run_csv(r, &rs->body);
	proc_run_free(r);
	if (rc)
		return -1;
	regpage_export_download(rs, "procurement-flags", 0);
	return 0;
}

/* ---- one flag, side by side ---- */

static void flag_page(struct req *rq, struct resp *rs, const struct proc_flag_detail *d, const struct errlist *errs)
{
	struct html h;
	struct err e = { 0 };
	struct proc_review rv;
	procurement_review_get(rq->store, d->c.id, d->match, d->record_id, &rv, &e);
	int gift = !strcmp(d->match, "gift");
	char title[160], d1[11];
	snprintf(title, sizeof title, "%s%s: %s", errs->n ? "Error: " : "", d->c.contract_ref,
	         gift ? "gift or hospitality from the supplier" : "business interest in the supplier");
	page_begin_back(&h, rq, rs, title, "/procurement");
	form_error_summary(&h, errs);
	char sc[16];
	snprintf(sc, sizeof sc, "%.2f", d->score);
	html_f(&h, "<span class=\"govuk-caption-l\">Procurement flag · name similarity %s</span>"
	           "<h1 class=\"govuk-heading-l\">%s</h1>",
	       sc, title + (errs->n ? 7 : 0));
	html_f(&h, "<p class=\"govuk-body\">" GOVUK_TAG "</p>", outcome_tag(rv.outcome),
	       proc_outcome_label(rv.outcome));
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-one-half\">"
	           "<h2 class=\"govuk-heading-m\">Contract</h2>");
	summary_begin(&h);
	summary_row(&h, "Supplier", "%s", d->c.supplier);
	summary_row(&h, "Reference", "%s", d->c.contract_ref);
	summary_row(&h, "Title", "%s", d->c.title);
	summary_row(&h, "Award date", "%D", d->c.award_date);
	summary_row(&h, "Value", "%m", d->c.value_pence);
	summary_row(&h, "Department", "%s", d->c.department);
	summary_end(&h);
	html_f(&h, "</div><div class=\"govuk-grid-column-one-half\"><h2 class=\"govuk-heading-m\">%s</h2>",
	       gift ? "Gift or hospitality" : "Business interest");
	summary_begin(&h);
	if (gift) {
		summary_row(&h, "Offered by", "%s%s%s", d->name, d->offeror_person[0] ? ", " : "", d->offeror_person);
		summary_row(&h, "Offered to", "%s (%s), %s", d->person_name, d->staff_number, d->unit);
		summary_row(&h, "Date offered", "%D", d->record_date);
		summary_row(&h, "What", "%s: %s", !strcmp(d->kind, "gift") ? "Gift" : !strcmp(d->kind, "hospitality") ? "Hospitality" : "Other",
		            d->description);
		summary_row(&h, "Value", "%m", d->value_pence);
		summary_row(&h, "Accepted or declined", "%s", d->accepted ? "Accepted" : "Declined");
		summary_row(&h, "Reason", "%s", d->detail);
		char gref[REF_MAX];
		gift_ref(d->record_id, gref);
		summary_row(&h, "Declaration", "<a class=\"govuk-link\" href=\"/gifts/%I\">%s</a> (%s)", d->record_id, gref,
		            gift_status_label(d->status));
	} else {
		summary_row(&h, "Organisation", "%s", d->name);
		summary_row(&h, "Held by", "%s (%s), %s", d->person_name, d->staff_number, d->unit);
		summary_row(&h, "Kind", "%s", interest_kind_label(d->kind));
		summary_row(&h, "Start date", "%D", d->record_date);
		summary_row(&h, "Description", "%s", d->description);
		summary_row(&h, "Possible conflict", "%s", d->detail);
		char bref[REF_MAX];
		interest_ref(d->record_id, bref);
		summary_row(&h, "Record", "<a class=\"govuk-link\" href=\"/interests/%I\">%s</a> (%s)", d->record_id, bref,
		            interest_status_label(d->status));
	}
	summary_end(&h);
	html_f(&h, "</div></div>");
	if (rv.outcome[0]) {
		html_f(&h, "<h2 class=\"govuk-heading-m\">Review</h2>");
		summary_begin(&h);
		summary_row(&h, "Outcome", "%s", proc_outcome_label(rv.outcome));
		summary_row(&h, "Note", "%s", rv.note);
		summary_row(&h, "By", "%s on %D", rv.reviewer, regpage_day(rv.reviewed_at, d1));
		summary_end(&h);
	}
	if (procurement_may_review(rq->store, rq->actor, d)) {
		char action[128];
		snprintf(action, sizeof action, "/procurement/flags/%lld/%s/%lld/review", (long long)d->c.id, d->match,
		         (long long)d->record_id);
		html_f(&h, "<h2 class=\"govuk-heading-m\">%s</h2>", rv.outcome[0] ? "Change the review" : "Review this flag");
		form_begin(&h, rq, action);
		form_radios(&h, &(struct field){ .name = "outcome", .label = "Outcome",
		                                 .value = req_form(rq, "outcome") ? req_form(rq, "outcome") : rv.outcome,
		                                 .options = outcome_opts, .noptions = 3, .errs = errs });
		form_textarea(&h, &(struct field){ .name = "note", .maxlength = 1000, .label = "Note",
		                                   .hint = "What you checked, advice given, or why you referred it",
		                                   .value = req_form(rq, "note") ? req_form(rq, "note") : rv.note, .rows = 4,
		                                   .errs = errs });
		form_button(&h, "Record review", NULL);
		form_end(&h);
	}
	page_end(&h);
}

static int procurement_flag(struct req *rq, struct resp *rs)
{
	struct proc_flag_detail *d = xmalloc(sizeof *d);
	struct err e = { 0 };
	struct errlist errs = { 0 };
	int rc = 0;
	if (procurement_flag_get(rq->store, rq->actor, req_id(rq, "cid"), req_param(rq, "match"), req_id(rq, "rid"), d,
	                         &e))
		rc = page_fail(rq, rs, &e);
	else
		flag_page(rq, rs, d, &errs);
	free(d);
	return rc;
}

static int procurement_flag_review(struct req *rq, struct resp *rs)
{
	int64_t cid = req_id(rq, "cid"), rid = req_id(rq, "rid");
	const char *match = req_param(rq, "match");
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (!procurement_review(rq->store, rq->actor, cid, match, rid, req_form(rq, "outcome"), req_form(rq, "note"),
	                        &errs, &e)) {
		resp_redirect(rs, "/procurement?done=reviewed");
		return 0;
	}
	if (e.code != ERR_INPUT)
		return page_fail(rq, rs, &e);
	struct proc_flag_detail *d = xmalloc(sizeof *d);
	int rc = 0;
	if (procurement_flag_get(rq->store, rq->actor, cid, match, rid, d, &e))
		rc = page_fail(rq, rs, &e);
	else
		flag_page(rq, rs, d, &errs);
	free(d);
	return rc;
}

/* ---- contracts ---- */

static int contract_row(void *ctx, const struct contract *c)
{
	struct html *h = ctx;
	table_row_begin(h);
	table_cell(h, 0, "%s", c->contract_ref);
	table_cell(h, 0, "%s", c->supplier);
	table_cell(h, 0, "%s", c->title);
	table_cell(h, 0, "%D", c->award_date);
	table_cell(h, 1, "%m", c->value_pence);
	table_cell(h, 0, "%s", c->department);
	table_row_end(h);
	return 0;
}

static int procurement_contracts(struct req *rq, struct resp *rs)
{
	static const struct column cols[] = {
		{ "Reference", NULL, 0 }, { "Supplier", NULL, 0 }, { "Title", NULL, 0 },
		{ "Award date", NULL, 0 }, { "Value", NULL, 1 }, { "Department", NULL, 0 },
	};
	struct buf rows;
	buf_init(&rows, 0);
	struct html hr;
	html_init(&hr, &rows);
	long total = 0;
	struct err e = { 0 };
	int page = req_page(rq);
	if (contracts_list(rq->store, rq->actor, page, PER_PAGE, contract_row, &hr, &total, &e)) {
		buf_release(&rows);
		return page_fail(rq, rs, &e);
	}
	struct html h;
	page_begin_back(&h, rq, rs, "Contracts", "/procurement");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Contracts</h1><p class=\"govuk-body\">%ld contract%s from procurement's "
	           "lists, newest award first.</p>",
	       total, total == 1 ? "" : "s");
	list_table(&h, rq, &(struct list_view){ .caption = "Contracts", LIST_COLS(cols), .empty = "No contracts yet.",
	                                        .page = page,
	                                        .per_page = PER_PAGE, .total = total }, &rows);
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static int contract_json(void *ctx, const struct contract *c)
{
	json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)c->id,
	                                     "contract_ref", c->contract_ref, "supplier", c->supplier, "title", c->title,
	                                     "award_date", c->award_date, "value_pence", (json_int_t)c->value_pence,
	                                     "department", c->department, "created_at", c->created_at));
	return 0;
}

/* The contracts list as JSON (docs/API.md), as the page: newest award first. */
static int api_contracts(struct req *rq, struct resp *rs)
{
	long total = 0;
	struct err e = { 0 };
	int page = req_page(rq), per_page = regpage_per_page(rq, PER_PAGE);
	json_t *items = json_array();
	if (contracts_list(rq->store, rq->actor, page, per_page, contract_json, items, &total, &e)) {
		json_decref(items);
		return api_fail(rq, rs, &e);
	}
	resp_json(rs, 200, regpage_json_page(total, page, per_page, items));
	return 0;
}

/* ---- import ---- */

static const char *const map_fields[PC_NCOL] = { "map_supplier", "map_contract_ref", "map_title", "map_award_date",
	                                         "map_value", "map_department" };
static const char *const map_labels[PC_NCOL] = { "Supplier column", "Contract reference column", "Title column",
	                                         "Award date column", "Value column", "Department column" };

static void import_form(struct req *rq, struct resp *rs, const struct errlist *errs, const char *result)
{
	struct html h;
	page_begin_errs(&h, rq, rs, errs, "/procurement", "Import a contract list");
	if (result)
		banner_success(&h, "Contract list read", result);
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Import a contract list</h1>"
	           "<p class=\"govuk-body\">Upload procurement's file (CSV, or an Excel workbook: its first sheet), "
	           "or paste the CSV, with the header "
	           "<code>" PROCUREMENT_IMPORT_HEADER "</code>. A contract already held (by its reference) is updated. "
	           "If one row is wrong, nothing is imported. The command line does the same: "
	           "<code>probity procurement import FILE</code>.</p>");
	form_begin_upload(&h, rq, "/procurement/import");
	form_file(&h, &(struct field){ .name = "file", .label = "Contract list (CSV or XLSX file)", .errs = errs });
	form_textarea(&h, &(struct field){ .name = "csv", .label = "Or paste the CSV", .value = req_form(rq, "csv"),
	                                   .rows = 12, .errs = errs });
	html_f(&h, "<details class=\"govuk-details\"><summary class=\"govuk-details__summary\"><span "
	           "class=\"govuk-details__summary-text\">The file has different column names</span></summary>"
	           "<div class=\"govuk-details__text\"><p class=\"govuk-body\">Give the file's column name for each of "
	           "ours. Leave blank where the name is the same, or the file has no such column (supplier, reference "
	           "and award date are needed).</p>");
	for (int i = 0; i < PC_NCOL; i++)
		form_input(&h, &(struct field){ .name = map_fields[i], .label = map_labels[i],
		                                .value = req_form(rq, map_fields[i]), .width = "govuk-input--width-20",
		                                .errs = errs });
	html_f(&h, "</div></details>");
	static const struct option dry[] = { { "yes", "Check the file only, without importing", NULL, 0 } };
	struct option d0 = dry[0];
	d0.checked = req_form(rq, "dry_run") != NULL;
	form_checkboxes(&h, &(struct field){ .name = "dry_run", .label = "Check first", .options = &d0, .noptions = 1 });
	form_button(&h, "Import contracts", NULL);
	form_end(&h);
	page_end(&h);
}

/* The import pages are PSD's and admin's: 1 (a logged 403 sent) for anyone else. */
static int import_refused(struct req *rq, struct resp *rs)
{
	if (actor_has(rq->actor, ROLE_PSD | ROLE_ADMIN))
		return 0;
	alog_write(rq->store, rq->actor, "access", "request", rq->path, "refused", "role required", NULL);
	page_error(rq, rs, 403);
	return 1;
}

static int procurement_import_get(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	if (import_refused(rq, rs))
		return 0;
	import_form(rq, rs, &errs, NULL);
	return 0;
}

static int procurement_import_post(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *csv = req_form(rq, "csv");
	struct proc_mapping map = { { 0 } };
	int mapped = 0;
	for (int i = 0; i < PC_NCOL; i++) {
		const char *v = req_form(rq, map_fields[i]);
		if (v && *v) {
			map.col[i] = v;
			mapped = 1;
		}
	}
	if (import_refused(rq, rs))
		return 0;
	const struct upload *u = req_file(rq, "file");
	if (!u && (!csv || !*csv)) {
		errlist_add(&errs, "file", "Choose the contract list file, or paste it");
		import_form(rq, rs, &errs, NULL);
		return 0;
	}
	int dry = req_form(rq, "dry_run") != NULL;
	struct import_stats s;
	if (procurement_import_mem(rq->store, rq->actor, u ? u->filename : "contracts.csv", u ? u->data : csv,
	                           u ? u->len : strlen(csv), mapped ? &map : NULL, dry, &s, &e)) {
		if (e.code == ERR_DENIED || err_is_internal(e.code))
			return page_fail(rq, rs, &e);
		errlist_add(&errs, "csv", "%s. Nothing was imported", e.msg);
		import_form(rq, rs, &errs, NULL);
		return 0;
	}
	char msg[200];
	snprintf(msg, sizeof msg, "%s%ld rows: %ld new contracts, %ld updated, %ld unchanged.",
	         dry ? "Checked only, nothing imported. " : "", s.rows, s.created, s.updated, s.unchanged);
	import_form(rq, rs, &errs, msg);
	return 0;
}

/* ---- settings (admin) ---- */

static void settings_form(struct req *rq, struct resp *rs, const struct errlist *errs, int saved)
{
	struct html h;
	char w[16], t[16], m[16];
	snprintf(w, sizeof w, "%lld", (long long)config_int(rq->store, "procurement.window_months", 12));
	snprintf(t, sizeof t, "%lld", (long long)config_int(rq->store, "procurement.match_threshold_pct", 80));
	snprintf(m, sizeof m, "%lld", (long long)config_int(rq->store, "interests.review_months", 12));
	const char *pw = req_form(rq, "window_months"), *pt = req_form(rq, "threshold_pct"),
	           *pm = req_form(rq, "review_months");
	page_begin_errs(&h, rq, rs, errs, "/", "Registers settings");
	if (saved)
		banner_success(&h, "Settings saved", NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Business interests and procurement settings</h1>");
	form_begin(&h, rq, "/procurement/settings");
	form_input(&h, &(struct field){ .name = "window_months", .label = "Procurement window (months)",
	                                .hint = "Gifts and hospitality from a supplier dated within this many months "
	                                        "before a contract award, up to and including the award date, are "
	                                        "flagged. 1 to 120.",
	                                .value = pw ? pw : w, .width = "govuk-input--width-3", .inputmode = "numeric",
	                                .errs = errs });
	form_input(&h, &(struct field){ .name = "threshold_pct", .label = "Name match threshold (%)",
	                                .hint = "How alike a supplier's name and an offeror's or organisation's name must "
	                                        "be to match, from 50 to 100. 100 means the same after normalising.",
	                                .value = pt ? pt : t, .width = "govuk-input--width-3", .inputmode = "numeric",
	                                .errs = errs });
	form_input(&h, &(struct field){ .name = "review_months", .label = "Business interest review interval (months)",
	                                .hint = "How long after an approval or a review the next review is due. 1 to 36.",
	                                .value = pm ? pm : m, .width = "govuk-input--width-3", .inputmode = "numeric",
	                                .errs = errs });
	form_button(&h, "Save settings", NULL);
	form_end(&h);
	page_end(&h);
}

static int procurement_settings(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	if (!actor_has(rq->actor, ROLE_ADMIN)) {
		alog_write(rq->store, rq->actor, "access", "request", rq->path, "refused", "role required", NULL);
		page_error(rq, rs, 403);
		return 0;
	}
	const char *done = req_query(rq, "done");
	settings_form(rq, rs, &errs, done && !strcmp(done, "saved"));
	return 0;
}

/* A whole number lo..hi, or -1. */
static long whole(const char *s, long lo, long hi)
{
	if (!s || !*s || strlen(s) > 4)
		return -1;
	long v = 0;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v >= lo && v <= hi ? v : -1;
}

static int procurement_settings_save(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	if (!actor_has(rq->actor, ROLE_ADMIN)) { /* refused and logged by the domain, outside any transaction */
		config_set(rq->store, rq->actor, "procurement.window_months", "", &e);
		return page_fail(rq, rs, &e);
	}
	long w = whole(req_form(rq, "window_months"), 1, 120), t = whole(req_form(rq, "threshold_pct"), 50, 100),
	     m = whole(req_form(rq, "review_months"), 1, 36);
	if (w < 0)
		errlist_add(&errs, "window_months", "Enter the window as a whole number of months from 1 to 120");
	if (t < 0)
		errlist_add(&errs, "threshold_pct", "Enter the threshold as a whole number from 50 to 100");
	if (m < 0)
		errlist_add(&errs, "review_months", "Enter the review interval as a whole number of months from 1 to 36");
	if (errs.n) {
		settings_form(rq, rs, &errs, 0);
		return 0;
	}
	char vw[16], vt[16], vm[16];
	snprintf(vw, sizeof vw, "%ld", w);
	snprintf(vt, sizeof vt, "%ld", t);
	snprintf(vm, sizeof vm, "%ld", m);
	const char *const kv[] = { "procurement.window_months", vw, "procurement.match_threshold_pct", vt,
		                   "interests.review_months", vm, NULL };
	if (config_set_all(rq->store, rq->actor, kv, &e))
		return page_fail(rq, rs, &e);
	resp_redirect(rs, "/procurement/settings?done=saved");
	return 0;
}

/* GET /api/procurement/flags: the flags as JSON, with the same filters as
 * the page (window_months, match, show) and paging. */
static int api_flags(struct req *rq, struct resp *rs)
{
	struct proc_options o = { window_of(rq), 0 };
	struct proc_run *r = NULL;
	struct err e = { 0 };
	if (procurement_check(rq->store, rq->actor, &o, &r, &e)) {
		api_fail(rq, rs, &e);
		return 0;
	}
	const char *show = req_query(rq, "show"), *match = req_query(rq, "match");
	show = show && (!strcmp(show, "open") || !strcmp(show, "reviewed")) ? show : "";
	match = match && (!strcmp(match, "gift") || !strcmp(match, "business_interest")) ? match : "";
	int page = req_page(rq), per_page = regpage_per_page(rq, PER_PAGE);
	long total = 0, first = (long)(page - 1) * per_page;
	json_t *items = json_array();
	for (size_t i = 0; i < proc_run_count(r); i++) {
		struct proc_flag f;
		struct proc_review rv;
		proc_run_flag(r, i, &f);
		if (*match && strcmp(match, f.match))
			continue;
		if (procurement_review_get(rq->store, f.contract_id, f.match, f.record_id, &rv, &e)) {
			json_decref(items);
			proc_run_free(r);
			return page_fail(rq, rs, &e);
		}
		if ((!strcmp(show, "open") && rv.outcome[0]) || (!strcmp(show, "reviewed") && !rv.outcome[0]))
			continue;
		++total;
		if (per_page > 0 && (total <= first || total > first + per_page)) /* -1: every flag (web/api.h) */
			continue;
		json_array_append_new(items,
		        json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:f, s:{s:s, s:s, s:s, s:s}}",
		                  "contract_id", (json_int_t)f.contract_id, "supplier", f.supplier, "contract_ref",
		                  f.contract_ref, "award_date", f.award_date, "match", f.match, "record_id",
		                  (json_int_t)f.record_id, "matched_name", f.matched_name, "staff_number", f.staff_number,
		                  "name", f.person_name, "record_date", f.record_date, "score", round(f.score * 100) / 100, "review",
		                  "outcome", rv.outcome, "note", rv.note, "reviewer", rv.reviewer, "reviewed_at",
		                  rv.reviewed_at));
	}
	proc_run_free(r);
	resp_json(rs, 200, regpage_json_page(total, page, per_page, items));
	return 0;
}

const struct route procurement_routes[] = {
	{ "GET", "/procurement", procurement_flags, ACCESS_PAGE, 0 },
	{ "GET", "/api/procurement/flags", api_flags, ACCESS_API, 0 },
	{ "GET", "/api/procurement/contracts", api_contracts, ACCESS_API, 0 },
	{ "GET", "/procurement/flags.csv", procurement_flags_csv, ACCESS_PAGE, 0 },
	{ "GET", "/procurement/contracts", procurement_contracts, ACCESS_PAGE, 0 },
	{ "GET", "/procurement/settings", procurement_settings, ACCESS_PAGE, 0 },
	{ "POST", "/procurement/settings", procurement_settings_save, ACCESS_PAGE, 0 },
	{ "GET", "/procurement/import", procurement_import_get, ACCESS_PAGE, 0 },
	{ "POST", "/procurement/import", procurement_import_post, ACCESS_PAGE, 0, HTTP_UPLOAD_MAX },
	{ "GET", "/procurement/flags/{cid}/{match}/{rid}", procurement_flag, ACCESS_PAGE, 0 },
	{ "POST", "/procurement/flags/{cid}/{match}/{rid}/review", procurement_flag_review, ACCESS_PAGE, 0 },
};
ROUTES_END(procurement);
