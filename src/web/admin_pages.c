/* admin_pages.c — account administration (administrators only).
 * List and search accounts, create one, change its roles, reset its password,
 * disable (after an "are you sure" page) or enable it. Every change goes
 * through src/domain/auth.h, which logs it as the system; this file adds an
 * access-log row naming the administrator who asked for it. An administrator
 * cannot remove their own admin role or disable their own account, so the
 * force is never locked out of its own system by one click. */
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/auth.h"
#include "web/layout.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define PER_PAGE 50

/* Roles an administrator grants by hand (staff follows from having a person;
 * line manager from the HR feed). */
static const unsigned grantable[] = {
	ROLE_PSD, ROLE_ACU, ROLE_VETTING, ROLE_REVIEWER, ROLE_DCC, ROLE_GOVERNANCE,
	ROLE_ETHICS_PANEL, ROLE_SCRUTINY, ROLE_PCC, ROLE_ADMIN,
};
#define NGRANTABLE (sizeof grantable / sizeof grantable[0])

static void log_admin(struct req *rq, int64_t id, const char *detail)
{
	struct err e = { 0 };
	if (alog_writei(rq->store, rq->actor, "admin", "account", id, "ok", detail, &e))
		fprintf(stderr, "probity: access log: %s\n", e.msg);
}

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
	html_f(&h, "<h1 class=\"govuk-heading-l\">Accounts</h1>\n");
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
		table_paged(&h, rq, caption, cols, sizeof cols / sizeof cols[0], &rows, page, PER_PAGE, total);
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
	int page = req_page(rq);
	struct list_ctx c = { NULL, json_array() };
	if (alog_list(rq->store, rq->actor, "account", "all", &e, "q=%s page=%d", req_query(rq, "q") ? req_query(rq, "q") : "",
	              page) ||
	    accounts_list(rq->store, req_query(rq, "q"), page, PER_PAGE, api_row, &c, &total, &e)) {
		json_decref(c.arr);
		return -1;
	}
	resp_json(rs, 200, json_pack("{s:o, s:I, s:i, s:i}", "accounts", c.arr, "total", (json_int_t)total, "page", page,
	                             "per_page", PER_PAGE));
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
	page_begin_back(&h, rq, rs, errs->n ? "Error: Create an account" : "Create an account", "/admin/accounts");
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n");
	form_error_summary(&h, errs);
	html_f(&h, "<h1 class=\"govuk-heading-l\">Create an account</h1>\n");
	form_begin(&h, rq, "/admin/accounts");
	form_input(&h, &(struct field){ .name = "username", .label = "Username", .value = req_form(rq, "username"),
	                                .hint = "Letters, digits, dots, dashes or underscores, for example j.smith",
	                                .width = "govuk-input--width-20", .autocomplete = "off", .errs = errs });
	form_input(&h, &(struct field){ .name = "password", .label = "Initial password", .type = "password",
	                                .hint = "At least 10 characters. Give it to the person in a safe way.",
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
	if (e->code != ERR_INPUT && e->code != ERR_CONFLICT && e->code != ERR_NOTFOUND)
		return -1;
	errlist_add(errs, e->field[0] ? e->field : fallback_field, "%s", e->msg);
	return 0;
}

/* The same rule account_add applies, checked here too so that every problem
 * with the form is listed at once. */
static int username_ok(const char *u)
{
	size_t n = strlen(u);
	if (n < 2 || n > 60)
		return 0;
	for (; *u; u++)
		if (!isalnum((unsigned char)*u) && *u != '.' && *u != '_' && *u != '-')
			return 0;
	return 1;
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
	else if (!username_ok(user))
		errlist_add(&errs, "username", "Username must be 2 to 60 letters, digits, dots, dashes or underscores");
	if (!pass || !*pass)
		errlist_add(&errs, "password", "Enter an initial password");
	else if (strlen(pass) < PASSWORD_MIN)
		errlist_add(&errs, "password", "Password must be at least %d characters", PASSWORD_MIN);
	int64_t id = 0;
	if (!errs.n && account_add(rq->store, user, pass, staff, roles, &id, &e) && domain_error(&errs, &e, "username"))
		return -1;
	if (errs.n) {
		rs->status = 400;
		new_page(rq, rs, &errs);
		return 0;
	}
	char detail[160], loc[80];
	snprintf(detail, sizeof detail, "created account %s", user);
	log_admin(rq, id, detail);
	snprintf(loc, sizeof loc, "/admin/accounts/%lld?done=created", (long long)id);
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
		{ "roles", "Roles updated" },
		{ "password", "Password reset. The account's sessions have been signed out." },
		{ "enabled", "Account enabled" },
	};
	for (size_t i = 0; done && i < sizeof msgs / sizeof msgs[0]; i++)
		if (strcmp(done, msgs[i].key) == 0)
			return msgs[i].text;
	return NULL;
}

static void show_page(struct req *rq, struct resp *rs, const struct account_info *a, const struct errlist *errs)
{
	struct html h;
	char roles[512], base[64], action[96];
	roles_text(a->roles, roles, sizeof roles);
	snprintf(base, sizeof base, "/admin/accounts/%lld", (long long)a->id);
	page_begin_back(&h, rq, rs, errs->n ? "Error: Account" : "Account", "/admin/accounts");
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
	summary_row(&h, "Created", "%s", a->created_at);
	summary_end(&h);

	html_f(&h, "<h2 class=\"govuk-heading-m\">Roles</h2>\n");
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

	html_f(&h, "<h2 class=\"govuk-heading-m\">Reset password</h2>\n");
	snprintf(action, sizeof action, "%s/password", base);
	form_begin(&h, rq, action);
	form_input(&h, &(struct field){ .name = "password", .label = "New password", .type = "password",
	                                .hint = "At least 10 characters. This signs the account out everywhere.",
	                                .width = "govuk-input--width-20", .autocomplete = "new-password", .errs = errs });
	form_button(&h, "Reset password", "secondary");
	form_end(&h);

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
	unsigned want = form_roles(rq, &errs);
	if (!errs.n && rq->actor->account_id == a.id && (a.roles & ROLE_ADMIN) && !(want & ROLE_ADMIN))
		errlist_add(&errs, "roles", "You cannot remove your own administrator role");
	char detail[600];
	size_t used = (size_t)snprintf(detail, sizeof detail, "roles of %s:", a.username);
	for (size_t i = 0; !errs.n && i < NGRANTABLE; i++) {
		unsigned bit = grantable[i];
		int has = (a.roles & bit) != 0, wants = (want & bit) != 0;
		if (has == wants)
			continue;
		if (account_set_role(rq->store, a.username, bit, wants, &e)) {
			if (domain_error(&errs, &e, "roles"))
				return -1;
			break;
		}
		if (used < sizeof detail)
			used += (size_t)snprintf(detail + used, sizeof detail - used, " %c%s", wants ? '+' : '-', role_name(bit));
	}
	if (errs.n) {
		rs->status = 400;
		account_get(rq->store, a.id, &a, &e);
		show_page(rq, rs, &a, &errs);
		return 0;
	}
	log_admin(rq, a.id, detail);
	redirect_done(rs, a.id, "roles");
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
	if (!pass || !*pass)
		errlist_add(&errs, "password", "Enter a new password");
	else if (strlen(pass) < PASSWORD_MIN)
		errlist_add(&errs, "password", "Password must be at least %d characters", PASSWORD_MIN);
	if (!errs.n && account_set_password(rq->store, a.username, pass, &e) && domain_error(&errs, &e, "password"))
		return -1;
	if (errs.n) {
		rs->status = 400;
		show_page(rq, rs, &a, &errs);
		return 0;
	}
	char detail[128];
	snprintf(detail, sizeof detail, "reset the password of %s", a.username);
	log_admin(rq, a.id, detail);
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
	if (disabled && rq->actor->account_id == a.id) {
		struct errlist errs = { 0 };
		errlist_add(&errs, "", "You cannot disable your own account");
		rs->status = 400;
		show_page(rq, rs, &a, &errs);
		return 0;
	}
	if (account_set_disabled(rq->store, a.username, disabled, &e))
		return -1;
	char detail[128];
	snprintf(detail, sizeof detail, "%s account %s", disabled ? "disabled" : "enabled", a.username);
	log_admin(rq, a.id, detail);
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
	{ "GET", "/api/accounts", api_accounts, ACCESS_API, ROLE_ADMIN },
};
ROUTES_END(admin);
