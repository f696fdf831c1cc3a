/* admin_pages.c — account administration (administrators only).
 * List and search accounts, create one, change its roles, reset its password,
 * disable (after an "are you sure" page) or enable it, approve or reject
 * another administrator's grant of a sensitive role, list and revoke API
 * tokens. Every rule and every access-log row is the domain's
 * (account_admin_* in src/domain/auth.h): an administrator cannot change
 * their own roles or disable their own account, and a sensitive role waits
 * for a second administrator. */
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/auth.h"
#include "web/layout.h"
#include "web/regpage.h"
#include <stdio.h>
#include <string.h>

#define PER_PAGE 50

/* Roles an administrator grants by hand (staff follows from having a person;
 * line manager from the HR feed). */
static const unsigned grantable[] = {
	ROLE_PSD, ROLE_ACU, ROLE_VETTING, ROLE_REVIEWER, ROLE_DCC, ROLE_GOVERNANCE,
	ROLE_ETHICS_PANEL, ROLE_SCRUTINY, ROLE_PCC, ROLE_ADMIN, ROLE_EQUALITY,
};
#define NGRANTABLE (sizeof grantable / sizeof grantable[0])

static void roles_text(unsigned roles, char *out, size_t n)
{
	size_t used = 0;
	out[0] = 0;
	for (int b = 0; b < ROLE_COUNT; b++) {
		if (!(roles & (1u << b)))
			continue;
		int w = snprintf(out + used, n - used, "%s%s", used ? ", " : "", role_label(1u << b));
		if (w < 0 || (size_t)w >= n - used)
			break;
		used += (size_t)w;
	}
}

static const char *status_tag(const struct account_info *a)
{
	if (a->disabled)
		return "<strong class=\"govuk-tag govuk-tag--grey\">Disabled</strong>";
	if (a->locked_until > time_now_unix())
		return "<strong class=\"govuk-tag govuk-tag--orange\">Locked</strong>";
	return "<strong class=\"govuk-tag govuk-tag--green\">Active</strong>";
}

/* ---- list ---- */

struct list_ctx {
	struct html *h;
	json_t *arr;
};

static int list_row(void *ctx, const struct account_info *a)
{
	struct list_ctx *c = ctx;
	char roles[512], href[64];
	roles_text(a->roles, roles, sizeof roles);
	snprintf(href, sizeof href, "/admin/accounts/%lld", (long long)a->id);
	table_row_begin(c->h);
	table_cell(c->h, 0, "<a class=\"govuk-link\" href=\"%a\">%s</a>", href, a->username);
	table_cell(c->h, 0, "%s", a->name[0] ? a->name : "—");
	table_cell(c->h, 0, "%s", a->staff_number[0] ? a->staff_number : "—");
	table_cell(c->h, 0, "%s", roles[0] ? roles : "None");
	table_cell(c->h, 0, "%R", status_tag(a));
	table_row_end(c->h);
	return 0;
}

/* ---- pending grants of sensitive roles, seen by every administrator ---- */

struct grants_ctx {
	struct html *h;
	const struct req *rq;
	int n;
};

static int grant_row(void *ctx, const struct role_grant *g)
{
	struct grants_ctx *c = ctx;
	char href[64], action[80];
	if (c->n++ == 0) {
		html_f(c->h, "<h2 class=\"govuk-heading-m\">Role grants waiting for a second administrator</h2>\n"
		             "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"Role grants waiting\" tabindex=\"0\"><table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
		             "<th scope=\"col\" class=\"govuk-table__header\">Account</th>"
		             "<th scope=\"col\" class=\"govuk-table__header\">Role</th>"
		             "<th scope=\"col\" class=\"govuk-table__header\">Asked by</th>"
		             "<th scope=\"col\" class=\"govuk-table__header\">Asked at</th>"
		             "<th scope=\"col\" class=\"govuk-table__header\">Decision</th></tr></thead>"
		             "<tbody class=\"govuk-table__body\">\n");
	}
	snprintf(href, sizeof href, "/admin/accounts/%lld", (long long)g->account_id);
	table_row_begin(c->h);
	table_cell(c->h, 0, "<a class=\"govuk-link\" href=\"%a\">%s</a>", href, g->username);
	table_cell(c->h, 0, "%s", role_label(g->role));
	table_cell(c->h, 0, "%s", g->requested_by_name);
	table_cell(c->h, 0, "%D", g->requested_at);
	html_f(c->h, "<td class=\"govuk-table__cell\">");
	if (c->rq->actor->account_id == g->requested_by || c->rq->actor->account_id == g->account_id) {
		html_f(c->h, "Waiting for another administrator");
	} else {
		html_f(c->h, "<div class=\"govuk-button-group\">");
		snprintf(action, sizeof action, "/admin/grants/%lld/approve", (long long)g->id);
		form_begin(c->h, c->rq, action);
		form_button(c->h, "Approve", NULL);
		form_end(c->h);
		snprintf(action, sizeof action, "/admin/grants/%lld/reject", (long long)g->id);
		form_begin(c->h, c->rq, action);
		form_button(c->h, "Reject", "warning");
		form_end(c->h);
		html_f(c->h, "</div>");
	}
	html_f(c->h, "</td>");
	table_row_end(c->h);
	return 0;
}

/* The pending grants (of one account, or of all when account_id is 0). */
static int grants_section(struct html *h, const struct req *rq, int64_t account_id)
{
	struct err e = { 0 };
	struct grants_ctx c = { h, rq, 0 };
	if (role_grants_pending(rq->store, account_id, grant_row, &c, &e))
		return -1;
	if (c.n)
		html_f(h, "</tbody></table></div>\n");
	return 0;
}

static int grant_decide(struct req *rq, struct resp *rs, int approve)
{
	struct err e = { 0 };
	if (role_grant_decide(rq->store, rq->actor, req_id(rq, "id"), approve, &e))
		return page_fail(rq, rs, &e);
	resp_redirect(rs, approve ? "/admin/accounts?done=approved" : "/admin/accounts?done=rejected");
	return 0;
}

static int grant_approve(struct req *rq, struct resp *rs)
{
	return grant_decide(rq, rs, 1);
}

static int grant_reject(struct req *rq, struct resp *rs)
{
	return grant_decide(rq, rs, 0);
}

static int accounts_index(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	struct html h;
	const char *q = req_query(rq, "q");
	int page = req_page(rq);
	long total = 0;
	page_begin(&h, rq, rs, "Accounts");
	const char *done = req_query(rq, "done");
	if (done && strcmp(done, "disabled") == 0)
		banner_success(&h, "Account disabled", NULL);
	else if (done && (strcmp(done, "approved") == 0 || strcmp(done, "rejected") == 0))
		banner_success(&h, strcmp(done, "approved") == 0 ? "Role granted" : "Role grant rejected", NULL);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Accounts</h1>\n");
	if (grants_section(&h, rq, 0))
		return -1;
	button_link(&h, "Create an account", "/admin/accounts/new", NULL);
	form_begin_get(&h, "/admin/accounts");
	html_f(&h, "<div class=\"govuk-form-group\"><label class=\"govuk-label govuk-label--s\" for=\"q\">Search by username, "
	           "name or staff number</label>\n<div class=\"govuk-input__wrapper\">"
	           "<input class=\"govuk-input govuk-!-width-one-half\" id=\"q\" name=\"q\" type=\"search\" value=\"%a\">"
	           "<button type=\"submit\" class=\"govuk-button govuk-button--secondary govuk-!-margin-left-2 govuk-!-margin-bottom-0\" "
	           "data-module=\"govuk-button\">Search</button></div></div>\n",
	       q ? q : "");
	form_end(&h);

	static const struct column cols[] = {
		{ "Username", NULL, 0 }, { "Name", NULL, 0 }, { "Staff number", NULL, 0 }, { "Roles", NULL, 0 },
		{ "Status", NULL, 0 },
	};
	struct buf rows;
	buf_init(&rows, (size_t)4 << 20);
	struct html rh;
	html_init(&rh, &rows);
	struct list_ctx c = { &rh, NULL };
	if (alog_list(rq->store, rq->actor, "account", "all", &e, "q=%s page=%d", q ? q : "", page) ||
	    accounts_list(rq->store, q, page, PER_PAGE, list_row, &c, &total, &e)) {
		buf_release(&rows);
		return -1;
	}
	if (total == 0) {
		html_f(&h, "<p class=\"govuk-body\">No accounts match your search.</p>\n");
	} else {
		char caption[64];
		snprintf(caption, sizeof caption, "%ld account%s", total, total == 1 ? "" : "s");
		table_paged(&h, rq, &(struct list_view){ .caption = caption, LIST_COLS(cols),
		                                         .page = page, .per_page = PER_PAGE, .total = total }, &rows);
	}
	buf_release(&rows);
	page_end(&h);
	return 0;
}

static int api_row(void *ctx, const struct account_info *a)
{
	struct list_ctx *c = ctx;
	json_t *roles = json_array();
	for (int b = 0; b < ROLE_COUNT; b++)
		if (a->roles & (1u << b))
			json_array_append_new(roles, json_string(role_name(1u << b)));
	json_array_append_new(c->arr, json_pack("{s:I, s:s, s:s, s:s, s:o, s:b, s:b, s:s}", "id", (json_int_t)a->id,
	                                        "username", a->username, "name", a->name, "staff_number",
	                                        a->staff_number, "roles", roles, "disabled", a->disabled, "locked",
	                                        a->locked_until > time_now_unix(), "created_at", a->created_at));
	return 0;
}

static int api_accounts(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	long total = 0;
	int page = req_page(rq), per_page = regpage_per_page(rq, PER_PAGE);
	struct list_ctx c = { NULL, json_array() };
	if (alog_list(rq->store, rq->actor, "account", "all", &e, "q=%s page=%d", req_query(rq, "q") ? req_query(rq, "q") : "",
	              page) ||
	    accounts_list(rq->store, req_query(rq, "q"), page, per_page, api_row, &c, &total, &e)) {
		json_decref(c.arr);
		return -1;
	}
	resp_json(rs, 200, regpage_json_page(total, page, per_page, c.arr));
	return 0;
}

/* ---- create ---- */

static void new_page(struct req *rq, struct resp *rs, const struct errlist *errs)
{
	struct html h;
	struct option opts[NGRANTABLE];
	for (size_t i = 0; i < NGRANTABLE; i++)
		opts[i] = (struct option){ role_name(grantable[i]), role_label(grantable[i]), NULL,
			                   kvlist_has(&rq->form, "roles", role_name(grantable[i])) };
	page_begin_errs(&h, rq, rs, errs, "/admin/accounts", "Create an account");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Create an account</h1>\n");
	form_begin(&h, rq, "/admin/accounts");
	form_input(&h, &(struct field){ .name = "username", .label = "Username", .value = req_form(rq, "username"),
	                                .hint = "Letters, digits, dots, dashes or underscores, for example j.smith",
	                                .width = "govuk-input--width-20", .autocomplete = "off", .errs = errs });
	form_input(&h, &(struct field){ .name = "password", .label = "Initial password", .type = "password",
	                                .hint = "At least 12 characters, not a common password. Give it to the person in a safe way.",
	                                .width = "govuk-input--width-20", .autocomplete = "new-password", .errs = errs });
	form_input(&h, &(struct field){ .name = "staff_number", .label = "Staff number (optional)",
	                                .value = req_form(rq, "staff_number"),
	                                .hint = "Links the account to a person in the HR feed. Leave empty for an "
	                                        "account without a person, such as an independent panel member.",
	                                .width = "govuk-input--width-10", .errs = errs });
	form_checkboxes(&h, &(struct field){ .name = "roles", .label = "Roles", .hint = "Select all that apply.",
	                                     .options = opts, .noptions = NGRANTABLE, .errs = errs });
	form_button(&h, "Create account", NULL);
	form_end(&h);
	html_f(&h, "</div></div>\n");
	page_end(&h);
}

static int accounts_new(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	new_page(rq, rs, &errs);
	return 0;
}

/* The roles ticked in the form, refusing unknown names. */
static unsigned form_roles(const struct req *rq, struct errlist *errs)
{
	unsigned roles = 0;
	for (size_t i = 0; i < rq->form.n; i++) {
		if (strcmp(rq->form.v[i].k, "roles") != 0)
			continue;
		unsigned bit = role_parse(rq->form.v[i].v);
		int ok = 0;
		for (size_t j = 0; j < NGRANTABLE; j++)
			ok |= grantable[j] == bit;
		if (!ok) {
			errlist_add(errs, "roles", "Select roles from the list");
			return 0;
		}
		roles |= bit;
	}
	return roles;
}

/* Put a domain error on the form: its field when it names one we show. */
static int domain_error(struct errlist *errs, const struct err *e, const char *fallback_field)
{
	if (e->code != ERR_INPUT && e->code != ERR_CONFLICT && e->code != ERR_NOTFOUND && e->code != ERR_DENIED)
		return -1;
	errlist_add(errs, e->field[0] ? e->field : fallback_field, "%s", e->msg);
	return 0;
}

/* The domain's password rule, as one error on the form's field. */
static void check_password(struct errlist *errs, const char *pass, const char *empty)
{
	struct err e = { 0 };
	if (!pass || !*pass)
		errlist_add(errs, "password", "%s", empty);
	else if (password_check(pass, &e))
		errlist_add(errs, "password", "%s", e.msg);
}

static int accounts_create(struct req *rq, struct resp *rs)
{
	struct errlist errs = { 0 };
	struct err e = { 0 };
	const char *user = req_form(rq, "username");
	const char *pass = req_form(rq, "password");
	const char *staff = req_form(rq, "staff_number");
	unsigned roles = form_roles(rq, &errs);
	if (!user || !*user)
		errlist_add(&errs, "username", "Enter a username");
	else if (!account_username_valid(user))
		errlist_add(&errs, "username", "Username must be 2 to 60 letters, digits, dots, dashes or underscores");
	check_password(&errs, pass, "Enter an initial password");
	int64_t id = 0;
	unsigned pending = 0;
	if (!errs.n && account_admin_create(rq->store, rq->actor, user, pass, staff, roles, &id, &pending, &e) &&
	    domain_error(&errs, &e, "username"))
		return -1;
	if (errs.n) {
		rs->status = 400;
		new_page(rq, rs, &errs);
		return 0;
	}
	char loc[80];
	snprintf(loc, sizeof loc, "/admin/accounts/%lld?done=%s", (long long)id, pending ? "created-pending" : "created");
	resp_redirect(rs, loc);
	return 0;
}

/* ---- one account ---- */

static const char *done_message(const char *done)
{
	static const struct {
		const char *key, *text;
	} msgs[] = {
		{ "created", "Account created" },
		{ "created-pending", "Account created. Its sensitive roles wait for a second administrator's approval." },
		{ "roles", "Roles updated" },
		{ "roles-pending", "Roles updated. Sensitive roles wait for a second administrator's approval." },
		{ "token", "API token revoked" },
		{ "password", "Password reset. The account's sessions and API tokens have been revoked." },
		{ "enabled", "Account enabled" },
	};
	for (size_t i = 0; done && i < sizeof msgs / sizeof msgs[0]; i++)
		if (strcmp(done, msgs[i].key) == 0)
			return msgs[i].text;
	return NULL;
}

/* ---- API tokens ---- */

struct tokens_ctx {
	struct html *h;
	const struct req *rq;
	int n;
};

static int token_row(void *ctx, const struct token_info *t)
{
	struct tokens_ctx *c = ctx;
	char created[21], expires[21], used[21] = "", action[112];
	int live = !t->revoked && t->expires > time_now_unix();
	c->n++;
	time_format_utc(t->expires, "%Y-%m-%d %H:%M", expires, sizeof expires);
	snprintf(created, sizeof created, "%.10s", t->created_at);
	if (t->last_used)
		time_format_utc(t->last_used, "%Y-%m-%d %H:%M", used, sizeof used);
	table_row_begin(c->h);
	table_cell(c->h, 1, "%lld", (long long)t->id);
	table_cell(c->h, 0, "%s", t->label[0] ? t->label : "—");
	table_cell(c->h, 0, "%s", created);
	table_cell(c->h, 0, "%s", expires);
	table_cell(c->h, 0, "%s", t->last_used ? used : "Never");
	table_cell(c->h, 0, "%s", t->revoked ? "Revoked" : live ? "Active" : "Expired");
	html_f(c->h, "<td class=\"govuk-table__cell\">");
	if (!t->revoked) {
		snprintf(action, sizeof action, "/admin/accounts/%lld/tokens/%lld/revoke", (long long)t->account_id,
		         (long long)t->id);
		form_begin(c->h, c->rq, action);
		form_button(c->h, "Revoke", "warning");
		form_end(c->h);
	}
	html_f(c->h, "</td>");
	table_row_end(c->h);
	return 0;
}

static void tokens_section(struct html *h, const struct req *rq, int64_t account_id)
{
	static const struct column cols[] = {
		{ "Id", NULL, 1 }, { "Label", NULL, 0 }, { "Created", NULL, 0 }, { "Expires", NULL, 0 },
		{ "Last used", NULL, 0 }, { "Status", NULL, 0 }, { "Action", NULL, 0 },
	};
	struct err e = { 0 };
	struct buf rows;
	struct html rh;
	buf_init(&rows, (size_t)1 << 20);
	html_init(&rh, &rows);
	struct tokens_ctx c = { &rh, rq, 0 };
	html_f(h, "<h2 class=\"govuk-heading-m\">API tokens</h2>\n");
	if (tokens_list(rq->store, account_id, token_row, &c, &e))
		html_f(h, "<p class=\"govuk-body\">The API tokens could not be listed.</p>\n");
	else if (c.n == 0)
		html_f(h, "<p class=\"govuk-body\">This account has no API tokens. They are made on the server with "
		          "<code>probity token create</code>.</p>\n");
	else
		table_paged(h, rq, &(struct list_view){ .caption = "API tokens", LIST_COLS(cols), .page = 1,
		                                        .per_page = c.n, .total = c.n }, &rows);
	buf_release(&rows);
}

static void show_page(struct req *rq, struct resp *rs, const struct account_info *a, const struct errlist *errs)
{
	struct html h;
	char roles[512], base[64], action[96];
	roles_text(a->roles, roles, sizeof roles);
	snprintf(base, sizeof base, "/admin/accounts/%lld", (long long)a->id);
	page_begin_errs(&h, rq, rs, errs, "/admin/accounts", "Account");
	const char *msg = done_message(req_query(rq, "done"));
	if (msg && !errs->n)
		banner_success(&h, msg, NULL);
	form_error_summary(&h, errs);
	html_f(&h, "<span class=\"govuk-caption-l\">Account</span>\n<h1 class=\"govuk-heading-l\">%s</h1>\n", a->username);
	summary_begin(&h);
	summary_row(&h, "Username", "%s", a->username);
	summary_row(&h, "Person", "%s", a->name[0] ? a->name : "No person (not linked to the HR feed)");
	summary_row(&h, "Staff number", "%s", a->staff_number[0] ? a->staff_number : "—");
	summary_row(&h, "Roles", "%s", roles[0] ? roles : "None");
	summary_row(&h, "Status", "%R", status_tag(a));
	summary_row(&h, "Created", "%D", a->created_at);
	summary_end(&h);

	html_f(&h, "<h2 class=\"govuk-heading-m\">Roles</h2>\n");
	grants_section(&h, rq, a->id);
	if (rq->actor && rq->actor->account_id == a->id) {
		html_f(&h, "<p class=\"govuk-body\">You cannot change your own roles: ask another administrator.</p>\n");
		goto password;
	}
	html_f(&h, "<p class=\"govuk-body\">A grant of Professional Standards, Anti-Corruption, Vetting, Deputy Chief "
	           "Constable, Reviewer or Administrator needs a second administrator's approval. Changing roles "
	           "revokes the account's API tokens.</p>\n");
	struct option opts[NGRANTABLE];
	for (size_t i = 0; i < NGRANTABLE; i++)
		opts[i] = (struct option){ role_name(grantable[i]), role_label(grantable[i]), NULL,
			                   errs->n && rq->form.n ? kvlist_has(&rq->form, "roles", role_name(grantable[i]))
			                                         : (a->roles & grantable[i]) != 0 };
	snprintf(action, sizeof action, "%s/roles", base);
	form_begin(&h, rq, action);
	form_checkboxes(&h, &(struct field){ .name = "roles", .label = "Roles this account holds",
	                                     .hint = "Staff and line manager follow from the HR feed.", .options = opts,
	                                     .noptions = NGRANTABLE, .errs = errs });
	form_button(&h, "Save roles", "secondary");
	form_end(&h);
password:

	html_f(&h, "<h2 class=\"govuk-heading-m\">Reset password</h2>\n");
	if ((a->roles & ROLE_ADMIN) && rq->actor && rq->actor->account_id != a->id) {
		html_f(&h, "<p class=\"govuk-body\">Another administrator's password can only be reset on the server "
		           "with <code>probity user passwd</code>, so no administrator can act as two.</p>\n");
		goto access;
	}
	snprintf(action, sizeof action, "%s/password", base);
	form_begin(&h, rq, action);
	form_input(&h, &(struct field){ .name = "password", .label = "New password", .type = "password",
	                                .hint = "At least 12 characters, not a common password. This signs the account out "
	                                        "everywhere and revokes its API tokens.",
	                                .width = "govuk-input--width-20", .autocomplete = "new-password", .errs = errs });
	form_button(&h, "Reset password", "secondary");
	form_end(&h);

access:
	html_f(&h, "<h2 class=\"govuk-heading-m\">Access</h2>\n");
	if (a->disabled) {
		snprintf(action, sizeof action, "%s/enable", base);
		html_f(&h, "<p class=\"govuk-body\">This account is disabled: it cannot sign in.</p>\n");
		form_begin(&h, rq, action);
		form_button(&h, "Enable account", NULL);
		form_end(&h);
	} else if (rq->actor && rq->actor->account_id == a->id) {
		html_f(&h, "<p class=\"govuk-body\">You cannot disable your own account.</p>\n");
	} else {
		snprintf(action, sizeof action, "%s/disable", base);
		button_link(&h, "Disable account", action, "warning");
	}
	tokens_section(&h, rq, a->id);
	page_end(&h);
}

static int load_account(struct req *rq, struct resp *rs, struct account_info *a)
{
	struct err e = { 0 };
	if (account_get(rq->store, req_id(rq, "id"), a, &e) == 0)
		return 0;
	if (e.code == ERR_NOTFOUND) {
		page_error(rq, rs, 404);
		return 1;
	}
	return -1;
}

static int account_show(struct req *rq, struct resp *rs)
{
	struct account_info a;
	int r = load_account(rq, rs, &a);
	if (r)
		return r > 0 ? 0 : -1;
	struct errlist errs = { 0 };
	show_page(rq, rs, &a, &errs);
	return 0;
}

static void redirect_done(struct resp *rs, int64_t id, const char *done)
{
	char loc[96];
	snprintf(loc, sizeof loc, "/admin/accounts/%lld?done=%s", (long long)id, done);
	resp_redirect(rs, loc);
}

static int account_roles(struct req *rq, struct resp *rs)
{
	struct account_info a;
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int r = load_account(rq, rs, &a);
	if (r)
		return r > 0 ? 0 : -1;
	unsigned want = form_roles(rq, &errs), pending = 0;
	if (!errs.n && account_admin_set_roles(rq->store, rq->actor, a.id, want, &pending, &e) &&
	    domain_error(&errs, &e, "roles"))
		return -1;
	if (errs.n) {
		rs->status = e.code == ERR_DENIED ? 403 : 400;
		account_get(rq->store, a.id, &a, &e);
		show_page(rq, rs, &a, &errs);
		return 0;
	}
	redirect_done(rs, a.id, pending ? "roles-pending" : "roles");
	return 0;
}

static int account_password(struct req *rq, struct resp *rs)
{
	struct account_info a;
	struct errlist errs = { 0 };
	struct err e = { 0 };
	int r = load_account(rq, rs, &a);
	if (r)
		return r > 0 ? 0 : -1;
	const char *pass = req_form(rq, "password");
	check_password(&errs, pass, "Enter a new password");
	if (!errs.n && account_admin_set_password(rq->store, rq->actor, a.id, pass, &e) &&
	    domain_error(&errs, &e, "password"))
		return -1;
	if (errs.n) {
		rs->status = e.code == ERR_DENIED ? 403 : 400;
		show_page(rq, rs, &a, &errs);
		return 0;
	}
	redirect_done(rs, a.id, "password");
	return 0;
}

static int account_disable_confirm(struct req *rq, struct resp *rs)
{
	struct account_info a;
	int r = load_account(rq, rs, &a);
	if (r)
		return r > 0 ? 0 : -1;
	char back[64], action[96];
	snprintf(back, sizeof back, "/admin/accounts/%lld", (long long)a.id);
	snprintf(action, sizeof action, "%s/disable", back);
	struct html h;
	page_begin_back(&h, rq, rs, "Are you sure you want to disable this account?", back);
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
	           "<h1 class=\"govuk-heading-l\">Are you sure you want to disable %s?</h1>\n"
	           "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!</span>"
	           "<strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning</span>"
	           "They will be signed out at once and will not be able to sign in until an administrator enables "
	           "the account again. Nothing they recorded is deleted.</strong></div>\n",
	       a.username);
	if (rq->actor->account_id == a.id) {
		html_f(&h, "<p class=\"govuk-body\">You cannot disable your own account.</p>\n");
	} else {
		form_begin(&h, rq, action);
		html_f(&h, "<div class=\"govuk-button-group\">\n");
		form_button(&h, "Yes, disable the account", "warning");
		html_f(&h, "<a class=\"govuk-link\" href=\"%a\">No, go back</a>\n</div>\n", back);
		form_end(&h);
	}
	html_f(&h, "</div></div>\n");
	page_end(&h);
	return 0;
}

static int set_disabled(struct req *rq, struct resp *rs, int disabled)
{
	struct account_info a;
	struct err e = { 0 };
	int r = load_account(rq, rs, &a);
	if (r)
		return r > 0 ? 0 : -1;
	if (account_admin_set_disabled(rq->store, rq->actor, a.id, disabled, &e)) {
		struct errlist errs = { 0 };
		if (domain_error(&errs, &e, ""))
			return -1;
		rs->status = e.code == ERR_DENIED ? 403 : 400;
		show_page(rq, rs, &a, &errs);
		return 0;
	}
	if (disabled)
		resp_redirect(rs, "/admin/accounts?done=disabled");
	else
		redirect_done(rs, a.id, "enabled");
	return 0;
}

static int account_disable(struct req *rq, struct resp *rs)
{
	return set_disabled(rq, rs, 1);
}

static int account_enable(struct req *rq, struct resp *rs)
{
	return set_disabled(rq, rs, 0);
}

static int account_token_revoke(struct req *rq, struct resp *rs)
{
	struct err e = { 0 };
	int64_t id = req_id(rq, "id");
	if (token_revoke(rq->store, rq->actor, id, req_id(rq, "tid"), &e))
		return page_fail(rq, rs, &e);
	redirect_done(rs, id, "token");
	return 0;
}

const struct route admin_routes[] = {
	{ "GET", "/admin/accounts", accounts_index, ACCESS_PAGE, ROLE_ADMIN },
	{ "GET", "/admin/accounts/new", accounts_new, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/admin/accounts", accounts_create, ACCESS_PAGE, ROLE_ADMIN },
	{ "GET", "/admin/accounts/{id}", account_show, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/admin/accounts/{id}/roles", account_roles, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/admin/accounts/{id}/password", account_password, ACCESS_PAGE, ROLE_ADMIN },
	{ "GET", "/admin/accounts/{id}/disable", account_disable_confirm, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/admin/accounts/{id}/disable", account_disable, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/admin/accounts/{id}/enable", account_enable, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/admin/accounts/{id}/tokens/{tid}/revoke", account_token_revoke, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/admin/grants/{id}/approve", grant_approve, ACCESS_PAGE, ROLE_ADMIN },
	{ "POST", "/admin/grants/{id}/reject", grant_reject, ACCESS_PAGE, ROLE_ADMIN },
	{ "GET", "/api/accounts", api_accounts, ACCESS_API, ROLE_ADMIN },
};
ROUTES_END(admin);
