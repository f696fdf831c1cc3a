/* layout.c — the GOV.UK page skeleton and form, table and list patterns.
 * Markup follows govuk-frontend 6.6.0's component templates (the fixtures in
 * node_modules/govuk-frontend/dist/govuk/components/ folders). Probity is not a
 * GOV.UK site, so the header is the "generic header" (no crown) with the
 * service navigation below it. No inline script or style anywhere: the CSP
 * forbids them; assets/app.js adds the js-enabled classes. */
#include "web/layout.h"
#include "web/brand.h"
#include "domain/accesslog.h"
#include "domain/notify.h"
#include "core/conffile.h"
#include "core/date.h"
#include "core/xalloc.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The service navigation: shown to accounts holding any of roles (0: every
 * signed-in account). "prefix" marks the item current for paths under it. */
static const struct nav_item {
	const char *label;
	const char *href;
	const char *prefix;
	unsigned roles;
} nav[] = {
	{ "Home", "/", "/", 0 },
	{ "My declarations", "/gifts/mine", "/gifts/mine", ROLE_STAFF },
	{ "Awaiting my decision", "/gifts/awaiting", "/gifts/awaiting", ROLE_MANAGER | ROLE_PSD },
	{ "Gifts register", "/gifts/register", "/gifts/register", ROLE_PSD | ROLE_ADMIN },
	{ "Interests", "/interests/register", "/interests", ROLE_PSD | ROLE_DCC },
	{ "Associations", "/associations/register", "/associations", ROLE_PSD | ROLE_ACU },
	{ "Circumstances", "/circumstances/register", "/circumstances/register", ROLE_PSD | ROLE_VETTING },
	{ "Procurement", "/procurement", "/procurement", ROLE_PSD | ROLE_ACU },
	{ "Integrity reviews", "/air", "/air", ROLE_PSD | ROLE_VETTING | ROLE_ADMIN },
	{ "ICT alerts", "/audit/alerts", "/audit", ROLE_ACU },
	{ "Intelligence", "/intel", "/intel", ROLE_ACU | ROLE_REVIEWER },
	{ "Risk picture", "/risk", "/risk", ROLE_ACU | ROLE_PSD },
	{ "Vetting", "/vetting", "/vetting", ROLE_VETTING },
	{ "Inspections", "/inspections", "/inspections", ROLE_GOVERNANCE | ROLE_DCC | ROLE_SCRUTINY | ROLE_PCC },
	{ "Stop and search", "/stopsearch", "/stopsearch", ROLE_GOVERNANCE | ROLE_SCRUTINY | ROLE_PSD },
	{ "Use of force", "/useofforce", "/useofforce", ROLE_GOVERNANCE | ROLE_SCRUTINY | ROLE_PSD },
	{ "Complaints", "/complaints", "/complaints", ROLE_PSD | ROLE_DCC | ROLE_PCC },
	{ "Ethics panel", "/ethics", "/ethics", 0 },
	{ "Training", "/training/compliance", "/training/", ROLE_TRAINING },
	{ "Accounts", "/admin/accounts", "/admin/", ROLE_ADMIN },
};

static int nav_current(const char *path, const struct nav_item *n)
{
	if (!path)
		return 0;
	if (strcmp(n->prefix, "/") == 0)
		return strcmp(path, "/") == 0;
	return strncmp(path, n->prefix, strlen(n->prefix)) == 0;
}

static void header(struct html *h, const struct req *rq)
{
	html_f(h, "<header class=\"govuk-template__header\">\n"
	          "<div class=\"govuk-generic-header probity-header\">\n"
	          "<div class=\"govuk-generic-header__container govuk-width-container\">\n"
	          "<div class=\"govuk-generic-header__logo\">"
	          "<a href=\"/\" class=\"govuk-generic-header__homepage-link probity-header__brand\">"
	          "<img class=\"probity-header__logo\" src=\"%a\" alt=\"\" width=\"32\" height=\"32\">%s</a></div>\n",
	       brand_logo_url(), brand_force()[0] ? brand_force() : BRAND_SERVICE);
	if (rq->actor) {
		html_f(h, "<div class=\"probity-header__account\">%s", rq->actor->name[0] ? rq->actor->name : rq->actor->username);
		long n = 0;
		struct err ne = { 0 };
		if (rq->store && rq->actor->account_id && !notify_count(rq->store, rq->actor, &n, &ne))
			html_f(h, " <a class=\"govuk-link govuk-link--inverse probity-header__needs\" href=\"/notifications\">"
			          "%ld thing%s need%s you</a>", n, n == 1 ? "" : "s", n == 1 ? "s" : "");
		html_f(h, "</div>\n");
	}
	html_f(h, "</div>\n</div>\n");

	html_f(h, "<section aria-label=\"Service information\" class=\"govuk-service-navigation\" "
	          "data-module=\"govuk-service-navigation\">\n<div class=\"govuk-width-container\">\n"
	          "<div class=\"govuk-service-navigation__container\">\n"
	          "<span class=\"govuk-service-navigation__service-name\">"
	          "<a href=\"/\" class=\"govuk-service-navigation__link\">" BRAND_SERVICE "</a></span>\n");
	if (rq->actor) {
		html_f(h, "<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\">\n"
		          "<button type=\"button\" class=\"govuk-service-navigation__toggle govuk-js-service-navigation-toggle\" "
		          "aria-controls=\"navigation\" hidden aria-hidden=\"true\">Menu</button>\n"
		          "<ul class=\"govuk-service-navigation__list\" id=\"navigation\">\n");
		for (size_t i = 0; i < sizeof nav / sizeof nav[0]; i++) {
			const struct nav_item *n = &nav[i];
			if (n->roles && !actor_has(rq->actor, n->roles))
				continue;
			if (nav_current(rq->path, n))
				html_f(h, "<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
				          "<a class=\"govuk-service-navigation__link\" href=\"%a\" aria-current=\"page\">"
				          "<strong class=\"govuk-service-navigation__active-fallback\">%s</strong></a></li>\n",
				       n->href, n->label);
			else
				html_f(h, "<li class=\"govuk-service-navigation__item\">"
				          "<a class=\"govuk-service-navigation__link\" href=\"%a\">%s</a></li>\n",
				       n->href, n->label);
		}
		if (rq->via == AUTH_SESSION)
			html_f(h, "<li class=\"govuk-service-navigation__item probity-signout\">"
			          "<form method=\"post\" action=\"/logout\" novalidate>"
			          "<input type=\"hidden\" name=\"csrf\" value=\"%a\">"
			          "<button type=\"submit\" class=\"govuk-service-navigation__link probity-link-button\">Sign out</button>"
			          "</form></li>\n",
			       rq->csrf);
		html_f(h, "</ul>\n</nav>\n");
	}
	html_f(h, "</div>\n</div>\n</section>\n</header>\n");
}

/* The page up to where its Back goes: head, header and phase banner. */
static void begin_top(struct html *h, const struct req *rq, struct resp *rs, const char *title)
{
	html_init(h, &rs->body);
	h->rq = rq;
	h->rs = rs;
	rs->ctype = "text/html; charset=utf-8";
	html_f(h, "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\">\n<head>\n"
	          "<meta charset=\"utf-8\">\n<title>%s – " BRAND_SERVICE "</title>\n"
	          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\n"
	          "<meta name=\"theme-color\" content=\"%a\">\n"
	          "<link rel=\"icon\" sizes=\"48x48\" href=\"/favicon.ico\">\n"
	          "<link rel=\"icon\" sizes=\"any\" href=\"/assets/app/images/favicon.svg\" type=\"image/svg+xml\">\n"
	          "<link rel=\"apple-touch-icon\" href=\"/assets/app/images/probity-icon-180.png\">\n"
	          "<link rel=\"manifest\" href=\"/assets/app/manifest.json\">\n"
	          "<link rel=\"stylesheet\" href=\"/assets/app/probity.css\">\n"
	          "<link rel=\"stylesheet\" href=\"/assets/app/app.css\">\n"
	          "<link rel=\"stylesheet\" href=\"/assets/brand.css\">\n"
	          "</head>\n<body class=\"govuk-template__body\">\n"
	          "<a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">Skip to main content</a>\n",
	       title, brand_colour());
	header(h, rq);
	html_f(h, "<div class=\"govuk-width-container\">\n"
	          "<div class=\"govuk-phase-banner\"><p class=\"govuk-phase-banner__content\">"
	          "<strong class=\"govuk-tag govuk-phase-banner__content__tag\">Beta</strong>"
	          "<span class=\"govuk-phase-banner__text\">This is a new service. Every view and change of a "
	          "sensitive record is logged.</span></p></div>\n");
}

/* The main region's start, after the Back. */
static void begin_main(struct html *h, const struct req *rq)
{
	html_f(h, "<main class=\"govuk-main-wrapper\" id=\"main-content\">\n");
	if (rq->actor && actor_has(rq->actor, ROLE_ADMIN) && server_disk_full())
		banner_important(h, "The database disk is full: nothing can be saved and users are told the service is "
		                    "unavailable. Free space on the server, then restart Probity.");
}

static void begin(struct html *h, const struct req *rq, struct resp *rs, const char *title, const char *back)
{
	begin_top(h, rq, rs, title);
	if (back)
		html_f(h, "<a href=\"%a\" class=\"govuk-back-link\">Back</a>\n", back);
	begin_main(h, rq);
}

void page_begin(struct html *h, const struct req *rq, struct resp *rs, const char *title)
{
	begin(h, rq, rs, title, NULL);
}

void page_begin_back(struct html *h, const struct req *rq, struct resp *rs, const char *title, const char *back_href)
{
	begin(h, rq, rs, title, back_href);
}

/* What a page's title starts with: "Error: " when errs holds any (GOV.UK's pattern). */
static const char *error_prefix(const struct errlist *errs)
{
	return errs && errs->n ? "Error: " : "";
}

void page_begin_errs(struct html *h, const struct req *rq, struct resp *rs, const struct errlist *errs,
                     const char *back_href, const char *fmt, ...)
{
	char title[400];
	size_t k = (size_t)snprintf(title, sizeof title, "%s", error_prefix(errs));
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(title + k, sizeof title - k, fmt, ap);
	va_end(ap);
	begin(h, rq, rs, title, back_href);
}

void page_end(struct html *h)
{
	html_f(h, "</main>\n</div>\n"
	          "<footer class=\"govuk-footer\">\n<div class=\"govuk-width-container\">\n"
	          "<div class=\"govuk-footer__meta\">\n"
	          "<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">\n"
	          "<h2 class=\"govuk-visually-hidden\">Support links</h2>\n"
	          "<ul class=\"govuk-footer__inline-list\">\n"
	          "<li class=\"govuk-footer__inline-list-item\"><a class=\"govuk-footer__link\" href=\"/\">Home</a></li>\n"
	          "<li class=\"govuk-footer__inline-list-item\"><a class=\"govuk-footer__link\" href=\"/accessibility\">"
	          "Accessibility statement</a></li>\n"
	          "<li class=\"govuk-footer__inline-list-item\"><a class=\"govuk-footer__link\" href=\"/privacy\">"
	          "Privacy notice</a></li>\n"
	          "<li class=\"govuk-footer__inline-list-item\"><a class=\"govuk-footer__link\" href=\"%a\">"
	          "Feedback</a></li>\n"
	          "</ul>\n"
	          "<span class=\"govuk-footer__licence-description\">Probity: integrity and oversight for the force. "
	          "Use of this system is monitored and recorded.</span>\n"
	          "</div>\n</div>\n</div>\n</footer>\n"
	          "<script type=\"module\" src=\"/assets/app/app.js\"></script>\n"
	          "</body>\n</html>\n",
	       conf_get("feedback_url") && *conf_get("feedback_url") ? conf_get("feedback_url") : "/feedback");
}

void page_error(const struct req *rq, struct resp *rs, int status)
{
	const char *title, *text, *json;
	switch (status) {
	case 400:
		title = "Sorry, there is a problem with your request";
		text = "The request could not be read. Go back and try again.";
		json = "bad request";
		break;
	case 403:
		title = "You do not have permission to see this page";
		text = "If you think you should have access, ask your system administrator.";
		json = "forbidden";
		break;
	case 404:
		title = "Page not found";
		text = "If you typed the web address, check it is correct. If you pasted the web address, "
		       "check you copied the entire address.";
		json = "not found";
		break;
	case 405:
		title = "This page cannot be used that way";
		text = "The page exists but does not accept this kind of request.";
		json = "method not allowed";
		break;
	case 409:
		title = "This has already been done";
		text = "Someone has already acted on this record, perhaps you in another tab. Go back and reload it.";
		json = "conflict: already decided";
		break;
	case 413:
		title = "What you sent is too large";
		text = "Go back and send less: forms and files are limited to 1 MB.";
		json = "request body too large";
		break;
	case 503:
		title = "Sorry, the service is busy";
		text = "Try again in a few seconds. Nothing you entered has been saved: go back, and send it again.";
		json = "busy: try again in a few seconds";
		break;
	case 507: /* the disk is full: answered as 503 with its own words */
		status = 503;
		title = "Sorry, the service is unavailable";
		text = "Nothing can be saved at the moment. The administrators have been told. "
		       "Nothing you entered has been saved: try again later.";
		json = "service unavailable";
		break;
	default:
		status = 500;
		title = "Sorry, there is a problem with the service";
		text = "Try again later. Nothing you entered has been saved unless you were told it was.";
		json = "internal error";
		break;
	}
	resp_release(rs);
	resp_init(rs);
	if (status == 503)
		resp_header(rs, "Retry-After", HTTP_RETRY_AFTER);
	if (req_is_api(rq)) {
		resp_json_error(rs, status, json);
		return;
	}
	rs->status = status;
	struct html h;
	page_begin(&h, rq, rs, title);
	html_f(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">\n"
	           "<h1 class=\"govuk-heading-l\">%s</h1>\n<p class=\"govuk-body\">%s</p>\n",
	       title, text);
	if (status == 404 || status == 403)
		html_f(&h, "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to the home page</a></p>\n");
	html_f(&h, "</div></div>\n");
	page_end(&h);
}

int page_staff_form(struct req *rq, struct resp *rs, void (*form)(struct req *, struct resp *, const struct errlist *))
{
	if (!rq->actor->person_id) {
		alog_write(rq->store, rq->actor, "access", "request", rq->path, "refused", "no staff record", NULL);
		page_error(rq, rs, 403);
		return 0;
	}
	struct errlist errs = { 0 };
	form(rq, rs, &errs);
	return 0;
}

int page_staff_created(struct req *rq, struct resp *rs, int rc, const struct errlist *errs, const struct err *e,
                       void (*form)(struct req *, struct resp *, const struct errlist *), const char *where)
{
	if (!rc) {
		resp_redirect(rs, where);
		return 0;
	}
	if (e->code != ERR_INPUT)
		return page_fail(rq, rs, e);
	form(rq, rs, errs);
	return 0;
}

void banner_success(struct html *h, const char *heading, const char *text)
{
	html_f(h, "<div class=\"govuk-notification-banner govuk-notification-banner--success\" role=\"alert\" "
	          "aria-labelledby=\"govuk-notification-banner-title\" data-module=\"govuk-notification-banner\">\n"
	          "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
	          "id=\"govuk-notification-banner-title\">Success</h2></div>\n"
	          "<div class=\"govuk-notification-banner__content\">"
	          "<h3 class=\"govuk-notification-banner__heading\">%s</h3>\n",
	       heading);
	if (text && *text)
		html_f(h, "<p class=\"govuk-body\">%s</p>\n", text);
	html_f(h, "</div>\n</div>\n");
}

void banner_important(struct html *h, const char *text)
{
	html_f(h, "<div class=\"govuk-notification-banner\" role=\"region\" "
	          "aria-labelledby=\"govuk-notification-banner-title\" data-module=\"govuk-notification-banner\">\n"
	          "<div class=\"govuk-notification-banner__header\"><h2 class=\"govuk-notification-banner__title\" "
	          "id=\"govuk-notification-banner-title\">Important</h2></div>\n"
	          "<div class=\"govuk-notification-banner__content\">"
	          "<p class=\"govuk-notification-banner__heading\">%s</p></div>\n</div>\n",
	       text);
}

/* ---- forms ---- */

void form_csrf(struct html *h, const struct req *rq)
{
	if (rq->csrf[0])
		html_f(h, "<input type=\"hidden\" name=\"csrf\" value=\"%a\">\n", rq->csrf);
}

void form_begin(struct html *h, const struct req *rq, const char *action)
{
	html_f(h, "<form method=\"post\" action=\"%a\" novalidate>\n", action);
	form_csrf(h, rq);
}

void form_begin_upload(struct html *h, const struct req *rq, const char *action)
{
	html_f(h, "<form method=\"post\" action=\"%a\" enctype=\"multipart/form-data\" novalidate>\n", action);
	form_csrf(h, rq);
}

void form_begin_get(struct html *h, const char *action)
{
	html_f(h, "<form method=\"get\" action=\"%a\" novalidate>\n", action);
}

void form_end(struct html *h)
{
	html_f(h, "</form>\n");
}

void form_hidden(struct html *h, const char *name, const char *value)
{
	html_f(h, "<input type=\"hidden\" name=\"%a\" value=\"%a\">\n", name, value ? value : "");
}

/* ---- the GOV.UK date input ---- */

/* The day, month and year boxes the user sent for the date field name, from
 * the request h is writing for (form, then query), when that request's
 * value of name is value (value NULL: any); 0 when there are none. */
static int date_parts_sent(const struct html *h, const char *name, const char *value, const char *part[3])
{
	if (!h->rq)
		return 0;
	const struct kvlist *lists[2] = { &h->rq->form, &h->rq->query };
	char key[72];
	for (int i = 0; i < 2; i++) {
		snprintf(key, sizeof key, "%s-day", name);
		if (!(part[0] = kvlist_get(lists[i], key)))
			continue;
		const char *joined = kvlist_get(lists[i], name);
		if (value && (!joined || strcmp(joined, value) != 0))
			continue;
		snprintf(key, sizeof key, "%s-month", name);
		part[1] = kvlist_get(lists[i], key);
		snprintf(key, sizeof key, "%s-year", name);
		part[2] = kvlist_get(lists[i], key);
		return 1;
	}
	return 0;
}

/* The message to show for a date field whose check said err, given the
 * boxes sent: when a box is missing or wrong, the GOV.UK wording naming it
 * ("Date offered must include a month"), its subject taken from err (the
 * words before " must "); otherwise err. *bad gets the boxes to mark (all
 * three when the error is about the date as a whole). */
static void date_message(const char *err, const char *part[3], char *msg, size_t n, unsigned *bad)
{
	char iso[11], subject[200];
	enum date_parts_rc rc = date_parts_check(part[0], part[1], part[2], iso, bad);
	if (rc == DATE_PARTS_OK || rc == DATE_PARTS_EMPTY) {
		*bad = DATE_PART_DAY | DATE_PART_MONTH | DATE_PART_YEAR;
		snprintf(msg, n, "%s", err);
		return;
	}
	const char *must = strstr(err, " must ");
	if (must)
		snprintf(subject, sizeof subject, "%.*s", (int)(must - err), err);
	else
		snprintf(subject, sizeof subject, "Date");
	date_parts_message(rc, *bad, subject, msg, n);
}

static const char *first_part(unsigned bad)
{
	return bad & DATE_PART_DAY ? "day" : bad & DATE_PART_MONTH ? "month" : "year";
}

void form_error_summary(struct html *h, const struct errlist *errs)
{
	if (!errs || errs->n == 0)
		return;
	/* a form post that fails validation answers 400 (docs/web.md) */
	if (h->rs && h->rq && h->rq->method && strcmp(h->rq->method, "POST") == 0 && h->rs->status == 200)
		h->rs->status = 400;
	html_f(h, "<div class=\"govuk-error-summary\" data-module=\"govuk-error-summary\">\n<div role=\"alert\">\n"
	          "<h2 class=\"govuk-error-summary__title\">There is a problem</h2>\n"
	          "<div class=\"govuk-error-summary__body\">\n<ul class=\"govuk-list govuk-error-summary__list\">\n");
	for (int i = 0; i < errs->n; i++) {
		const char *field = errs->item[i].field, *part[3];
		if (field[0] && date_parts_sent(h, field, NULL, part)) {
			/* a date input: link to its first wrong box */
			char msg[256];
			unsigned bad;
			date_message(errs->item[i].msg, part, msg, sizeof msg, &bad);
			html_f(h, "<li><a href=\"#%a-%s\">%s</a></li>\n", field, first_part(bad), msg);
		} else if (field[0]) {
			html_f(h, "<li><a href=\"#%a\">%s</a></li>\n", field, errs->item[i].msg);
		} else {
			html_f(h, "<li>%s</li>\n", errs->item[i].msg);
		}
	}
	html_f(h, "</ul>\n</div>\n</div>\n</div>\n");
}

static const char *field_error(const struct field *f)
{
	return f->errs ? errlist_get(f->errs, f->name) : NULL;
}

/* A form group's label (or h1 label), hint and error message; adds their
 * ids to the aria-describedby value in desc. */
static void group_label(struct html *h, const struct field *f, const char *err, struct buf *desc)
{
	if (f->heading)
		html_f(h, "<h1 class=\"govuk-label-wrapper\"><label class=\"govuk-label govuk-label--l\" for=\"%a\">%s</label></h1>\n",
		       f->name, f->label);
	else
		html_f(h, "<label class=\"govuk-label\" for=\"%a\">%s</label>\n", f->name, f->label);
	if (f->hint) {
		html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%s</div>\n", f->name, f->hint);
		buf_printf(desc, "%s%s-hint", desc->n ? " " : "", f->name);
	}
	if (err) {
		html_f(h, "<p id=\"%a-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>\n",
		       f->name, err);
		buf_printf(desc, "%s%s-error", desc->n ? " " : "", f->name);
	}
}

/* Opening of a form group: the label, hint and error message (group_label). */
static void group_open(struct html *h, const struct field *f, const char *err, struct buf *desc)
{
	html_f(h, "<div class=\"govuk-form-group%s\">\n", err ? " govuk-form-group--error" : "");
	group_label(h, f, err, desc);
}

static void describedby(struct html *h, const struct buf *desc)
{
	if (desc->n)
		html_f(h, " aria-describedby=\"%a\"", buf_str(desc));
}

/* A single-control field's group: its error (or NULL), desc started for
 * aria-describedby; the caller writes the control and releases desc. */
static const char *field_open(struct html *h, const struct field *f, struct buf *desc)
{
	const char *err = field_error(f);
	buf_init(desc, 1024);
	group_open(h, f, err, desc);
	return err;
}

void form_input(struct html *h, const struct field *f)
{
	struct buf desc;
	const char *err = field_open(h, f, &desc);
	if (f->prefix)
		html_f(h, "<div class=\"govuk-input__wrapper\"><div class=\"govuk-input__prefix\" aria-hidden=\"true\">%s</div>",
		       f->prefix);
	html_f(h, "<input class=\"govuk-input%s%s%s\" id=\"%a\" name=\"%a\" type=\"%a\" value=\"%a\"",
	       f->width ? " " : "", f->width ? f->width : "", err ? " govuk-input--error" : "", f->name, f->name,
	       f->type ? f->type : "text", f->value ? f->value : "");
	if (f->autocomplete)
		html_f(h, " autocomplete=\"%a\"", f->autocomplete);
	if (f->inputmode)
		html_f(h, " inputmode=\"%a\"", f->inputmode);
	if (f->type && strcmp(f->type, "password") == 0)
		html_f(h, " spellcheck=\"false\"");
	describedby(h, &desc);
	html_f(h, ">");
	if (f->prefix)
		html_f(h, "</div>");
	html_f(h, "\n</div>\n");
	buf_release(&desc);
}

void form_file(struct html *h, const struct field *f)
{
	struct buf desc;
	const char *err = field_open(h, f, &desc);
	html_f(h, "<input class=\"govuk-file-upload%s\" id=\"%a\" name=\"%a\" type=\"file\"",
	       err ? " govuk-file-upload--error" : "", f->name, f->name);
	describedby(h, &desc);
	html_f(h, ">\n</div>\n");
	buf_release(&desc);
}

const char *option_label(const struct option *o, size_t n, const char *v)
{
	for (size_t i = 0; v && i < n; i++)
		if (!strcmp(o[i].value, v))
			return o[i].label;
	return v ? v : "";
}

void optlist_add(struct optlist *o, const char *v, const char *l)
{
	if (o->n >= OPTLIST_MAX)
		return;
	snprintf(o->v[o->n], sizeof o->v[0], "%s", v);
	snprintf(o->l[o->n], sizeof o->l[0], "%s", l);
	o->o[o->n].value = o->v[o->n];
	o->o[o->n].label = o->l[o->n];
	o->n++;
}

/* Markup of govuk-frontend's date-input component: a fieldset whose
 * legend is the label, and day, month and year boxes named NAME-day,
 * NAME-month, NAME-year (joined into NAME by form_join_dates). */
void form_date(struct html *h, const struct field *f)
{
	const char *err = field_error(f);
	const char *id = f->id ? f->id : f->name;
	const char *part[3] = { NULL, NULL, NULL };
	char split[3][16] = { "", "", "" };
	char msg[256];
	unsigned bad = 0;
	if (!date_parts_sent(h, f->name, f->value, part) && f->value && f->value[0]) {
		/* a stored YYYY-MM-DD (or a single value someone posted): its parts */
		int y, m, d;
		if (date_parse(f->value, &y, &m, &d) == 0) {
			snprintf(split[0], sizeof split[0], "%d", d);
			snprintf(split[1], sizeof split[1], "%d", m);
			snprintf(split[2], sizeof split[2], "%d", y);
		} else { /* "year-month-day" as far as it goes */
			const char *v = f->value;
			for (int i = 2; i >= 0 && *v; i--) {
				size_t len = strcspn(v, "-"), keep = len < 15 ? len : 15;
				while (keep < len && keep && ((unsigned char)v[keep] & 0xC0) == 0x80)
					keep--; /* never cut a UTF-8 character */
				snprintf(split[i], sizeof split[i], "%.*s", (int)keep, v);
				v += len + (v[len] == '-');
			}
		}
		for (int i = 0; i < 3; i++)
			part[i] = split[i];
	}
	if (err)
		date_message(err, part, msg, sizeof msg, &bad);
	struct buf desc;
	buf_init(&desc, 1024);
	const char *hint = f->hint ? f->hint : "For example, 27 3 2026";
	buf_printf(&desc, "%s-hint", id);
	if (err)
		buf_printf(&desc, " %s-error", id);
	html_f(h, "<div class=\"govuk-form-group%s\">\n<fieldset class=\"govuk-fieldset\" role=\"group\"",
	       err ? " govuk-form-group--error" : "");
	describedby(h, &desc);
	html_f(h, ">\n");
	if (f->heading)
		html_f(h, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--l\"><h1 class=\"govuk-fieldset__heading\">%s</h1></legend>\n",
		       f->label);
	else
		html_f(h, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>\n", f->label);
	html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%s</div>\n", id, hint);
	if (err)
		html_f(h, "<p id=\"%a-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>\n",
		       id, msg);
	html_f(h, "<div class=\"govuk-date-input\" id=\"%a\">\n", id);
	static const struct {
		const char *key, *label, *width;
		unsigned bit;
	} boxes[3] = { { "day", "Day", "2", DATE_PART_DAY }, { "month", "Month", "2", DATE_PART_MONTH },
		       { "year", "Year", "4", DATE_PART_YEAR } };
	for (int i = 0; i < 3; i++)
		html_f(h, "<div class=\"govuk-date-input__item\">\n<div class=\"govuk-form-group\">\n"
		          "<label class=\"govuk-label govuk-date-input__label\" for=\"%a-%s\">%s</label>\n"
		          "<input class=\"govuk-input govuk-date-input__input%s govuk-input--width-%s\" id=\"%a-%s\" "
		          "name=\"%a-%s\" type=\"text\" inputmode=\"numeric\" value=\"%a\">\n</div>\n</div>\n",
		       id, boxes[i].key, boxes[i].label, err && (bad & boxes[i].bit) ? " govuk-input--error" : "",
		       boxes[i].width, id, boxes[i].key, f->name, boxes[i].key, part[i] ? part[i] : "");
	html_f(h, "</div>\n</fieldset>\n</div>\n");
	buf_release(&desc);
}

void form_textarea(struct html *h, const struct field *f)
{
	const char *err = field_error(f);
	struct buf desc;
	buf_init(&desc, 1024);
	if (f->maxlength) {
		/* govuk-frontend's character-count: the count the domain enforces */
		html_f(h, "<div class=\"govuk-form-group%s govuk-character-count\" data-module=\"govuk-character-count\" "
		          "data-maxlength=\"%d\">\n",
		       err ? " govuk-form-group--error" : "", f->maxlength);
		buf_printf(&desc, "%s-info", f->name);
		group_label(h, f, err, &desc);
	} else {
		group_open(h, f, err, &desc);
	}
	html_f(h, "<textarea class=\"govuk-textarea%s%s\" id=\"%a\" name=\"%a\" rows=\"%d\"", err ? " govuk-textarea--error" : "",
	       f->maxlength ? " govuk-js-character-count" : "", f->name, f->name, f->rows ? f->rows : 5);
	describedby(h, &desc);
	html_f(h, ">%s</textarea>\n", f->value ? f->value : "");
	if (f->maxlength)
		html_f(h, "<div id=\"%a-info\" class=\"govuk-hint govuk-character-count__message\">"
		          "You can enter up to %d characters</div>\n",
		       f->name, f->maxlength);
	html_f(h, "</div>\n");
	buf_release(&desc);
}

void form_select(struct html *h, const struct field *f)
{
	struct buf desc;
	const char *err = field_open(h, f, &desc);
	html_f(h, "<select class=\"govuk-select%s\" id=\"%a\" name=\"%a\"", err ? " govuk-select--error" : "", f->name, f->name);
	describedby(h, &desc);
	html_f(h, ">\n");
	for (size_t i = 0; i < f->noptions; i++) {
		const struct option *o = &f->options[i];
		int sel = f->value && strcmp(f->value, o->value) == 0;
		html_f(h, "<option value=\"%a\"%s>%s</option>\n", o->value, sel ? " selected" : "", o->label);
	}
	html_f(h, "</select>\n</div>\n");
	buf_release(&desc);
}

/* Radios and checkboxes share the fieldset markup. */
static void choices(struct html *h, const struct field *f, const char *kind)
{
	const char *err = field_error(f);
	struct buf desc;
	buf_init(&desc, 1024);
	if (f->hint)
		buf_printf(&desc, "%s-hint", f->name);
	if (err)
		buf_printf(&desc, "%s%s-error", desc.n ? " " : "", f->name);
	html_f(h, "<div class=\"govuk-form-group%s\">\n<fieldset class=\"govuk-fieldset\"", err ? " govuk-form-group--error" : "");
	describedby(h, &desc);
	html_f(h, ">\n");
	if (f->heading)
		html_f(h, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--l\"><h1 class=\"govuk-fieldset__heading\">%s</h1></legend>\n",
		       f->label);
	else
		html_f(h, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">%s</legend>\n", f->label);
	if (f->hint)
		html_f(h, "<div id=\"%a-hint\" class=\"govuk-hint\">%s</div>\n", f->name, f->hint);
	if (err)
		html_f(h, "<p id=\"%a-error\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> %s</p>\n",
		       f->name, err);
	int radio = strcmp(kind, "radios") == 0;
	html_f(h, "<div class=\"govuk-%s%s%s\" data-module=\"govuk-%s\">\n", kind,
	       radio && f->inline_ ? " govuk-radios--inline" : "", radio ? "" : " govuk-checkboxes--small", kind);
	for (size_t i = 0; i < f->noptions; i++) {
		const struct option *o = &f->options[i];
		char id[96];
		if (i == 0)
			snprintf(id, sizeof id, "%s", f->name);
		else
			snprintf(id, sizeof id, "%s-%zu", f->name, i + 1);
		int checked = radio ? (f->value && strcmp(f->value, o->value) == 0) : o->checked;
		const char *reveal = radio && f->reveal ? f->reveal[i] : NULL;
		html_f(h, "<div class=\"govuk-%s__item\">\n<input class=\"govuk-%s__input\" id=\"%a\" name=\"%a\" type=\"%s\" value=\"%a\"%s",
		       kind, kind, id, f->name, radio ? "radio" : "checkbox", o->value, checked ? " checked" : "");
		if (reveal)
			html_f(h, " data-aria-controls=\"conditional-%a\"", id);
		if (o->hint)
			html_f(h, " aria-describedby=\"%a-item-hint\"", id);
		html_f(h, ">\n<label class=\"govuk-label govuk-%s__label\" for=\"%a\">%s</label>\n", kind, id, o->label);
		if (o->hint)
			html_f(h, "<div id=\"%a-item-hint\" class=\"govuk-hint govuk-%s__hint\">%s</div>\n", id, kind, o->hint);
		html_f(h, "</div>\n");
		if (reveal)
			html_f(h, "<div class=\"govuk-radios__conditional%s\" id=\"conditional-%a\">\n%R</div>\n",
			       checked ? "" : " govuk-radios__conditional--hidden", id, reveal);
	}
	html_f(h, "</div>\n</fieldset>\n</div>\n");
	buf_release(&desc);
}

void form_radios(struct html *h, const struct field *f)
{
	choices(h, f, "radios");
}

void form_checkboxes(struct html *h, const struct field *f)
{
	choices(h, f, "checkboxes");
}

void form_button(struct html *h, const char *text, const char *variant)
{
	html_f(h, "<button type=\"submit\" class=\"govuk-button%s%s\" data-module=\"govuk-button\" data-prevent-double-click=\"true\">%s</button>\n",
	       variant ? " govuk-button--" : "", variant ? variant : "", text);
}

void form_period(struct html *h, const char *action, const char *from, const char *to)
{
	form_begin_get(h, action);
	form_input(h, &(struct field){ .name = "from", .label = "From (YYYY-MM-DD)", .value = from,
	                               .width = "govuk-input--width-10" });
	form_input(h, &(struct field){ .name = "to", .label = "To (YYYY-MM-DD)", .value = to,
	                               .width = "govuk-input--width-10" });
	form_button(h, "Show", "secondary");
	form_end(h);
}

void button_link(struct html *h, const char *text, const char *href, const char *variant)
{
	html_f(h, "<a href=\"%a\" role=\"button\" draggable=\"false\" class=\"govuk-button%s%s\" data-module=\"govuk-button\">%s</a>\n",
	       href, variant ? " govuk-button--" : "", variant ? variant : "", text);
}

/* ---- URLs, tables, pagination, summary lists ---- */

static void encode_path(struct buf *out, const char *path)
{
	const char *p = path ? path : "/";
	while (*p) {
		const char *slash = strchr(p, '/');
		if (slash == p) {
			buf_addc(out, '/');
			p++;
			continue;
		}
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		char seg[512];
		if (n >= sizeof seg)
			n = sizeof seg - 1;
		memcpy(seg, p, n);
		seg[n] = 0;
		url_encode(out, seg);
		p += n;
		if (!slash)
			break;
	}
}

void url_with(struct buf *out, const struct req *rq, const char *key, const char *val, const char *drop)
{
	encode_path(out, rq->path);
	char sep = '?';
	for (size_t i = 0; i < rq->query.n; i++) {
		const struct kv *q = &rq->query.v[i];
		if ((key && strcmp(q->k, key) == 0) || (drop && strcmp(q->k, drop) == 0) || !q->v[0])
			continue;
		buf_addc(out, sep);
		sep = '&';
		url_encode(out, q->k);
		buf_addc(out, '=');
		url_encode(out, q->v);
	}
	if (key && val) {
		buf_addc(out, sep);
		url_encode(out, key);
		buf_addc(out, '=');
		url_encode(out, val);
	}
}

void table_begin(struct html *h, const struct req *rq, const char *caption, const struct column *cols, size_t n)
{
	const char *sort = req_query(rq, "sort");
	/* a table wider than a phone scrolls in its own focusable region
	 * instead of widening the page (closed by table_end) */
	html_f(h, "<div class=\"probity-table-scroll\" role=\"region\" aria-label=\"%a\" tabindex=\"0\">\n"
	          "<table class=\"govuk-table probity-table\">\n", caption ? caption : "Table");
	if (caption)
		html_f(h, "<caption class=\"govuk-table__caption govuk-table__caption--m\">%s</caption>\n", caption);
	html_f(h, "<thead class=\"govuk-table__head\">\n<tr class=\"govuk-table__row\">\n");
	for (size_t i = 0; i < n; i++) {
		const struct column *c = &cols[i];
		const char *num = c->numeric ? " govuk-table__header--numeric" : "";
		if (!c->sort) {
			html_f(h, "<th scope=\"col\" class=\"govuk-table__header%s\">%s</th>\n", num, c->label);
			continue;
		}
		int asc = sort && strcmp(sort, c->sort) == 0;
		int desc = sort && sort[0] == '-' && strcmp(sort + 1, c->sort) == 0;
		char next[80];
		snprintf(next, sizeof next, "%s%s", asc ? "-" : "", c->sort);
		struct buf u;
		buf_init(&u, 16384);
		url_with(&u, rq, "sort", next, "page");
		html_f(h, "<th scope=\"col\" class=\"govuk-table__header%s\" aria-sort=\"%s\">"
		          "<a class=\"govuk-link probity-sort\" href=\"%a\">%s%s</a></th>\n",
		       num, asc ? "ascending" : desc ? "descending" : "none", buf_str(&u), c->label,
		       asc ? " ▲" : desc ? " ▼" : "");
		buf_release(&u);
	}
	html_f(h, "</tr>\n</thead>\n<tbody class=\"govuk-table__body\">\n");
}

void table_row_begin(struct html *h)
{
	html_f(h, "<tr class=\"govuk-table__row\">\n");
}

void govuk_tag(struct html *h, const char *colour, const char *label)
{
	html_f(h, GOVUK_TAG, colour, label);
}

void table_cell(struct html *h, int numeric, const char *fmt, ...)
{
	html_f(h, "<td class=\"govuk-table__cell%s\">", numeric ? " govuk-table__cell--numeric" : "");
	va_list ap;
	va_start(ap, fmt);
	html_vf(h, fmt, ap);
	va_end(ap);
	html_f(h, "</td>\n");
}

static char *slice_str(const struct slice *f)
{
	char *s = xmalloc(f->n + 1);
	memcpy(s, f->p, f->n);
	s[f->n] = 0;
	return s;
}

void table_cell_slice(struct html *h, const struct slice *f)
{
	char *s = slice_str(f);
	table_cell(h, 0, "%s", s);
	free(s);
}

void table_cell_slice_date(struct html *h, const struct slice *f)
{
	char *s = slice_str(f);
	table_cell(h, 0, "%D", s);
	free(s);
}

void table_row_end(struct html *h)
{
	html_f(h, "</tr>\n");
}

void table_end(struct html *h)
{
	html_f(h, "</tbody>\n</table>\n</div>\n");
}

static void page_link(struct html *h, const struct req *rq, int p, int current)
{
	char n[16];
	snprintf(n, sizeof n, "%d", p);
	struct buf u;
	buf_init(&u, 16384);
	url_with(&u, rq, "page", n, NULL);
	if (p == current)
		html_f(h, "<li class=\"govuk-pagination__item govuk-pagination__item--current\">"
		          "<a class=\"govuk-link govuk-pagination__link\" href=\"%a\" aria-label=\"Page %d\" aria-current=\"page\">%d</a></li>\n",
		       buf_str(&u), p, p);
	else
		html_f(h, "<li class=\"govuk-pagination__item\">"
		          "<a class=\"govuk-link govuk-pagination__link\" href=\"%a\" aria-label=\"Page %d\">%d</a></li>\n",
		       buf_str(&u), p, p);
	buf_release(&u);
}

void pagination(struct html *h, const struct req *rq, int page, int per_page, long total)
{
	if (per_page <= 0 || total <= per_page)
		return;
	long lp = (total + per_page - 1) / per_page;
	int last = lp > 1000000 ? 1000000 : (int)lp;
	if (page > last)
		page = last;
	char n[16];
	struct buf u;
	buf_init(&u, 16384);
	html_f(h, "<nav class=\"govuk-pagination\" aria-label=\"Pagination\">\n");
	if (page > 1) {
		snprintf(n, sizeof n, "%d", page - 1);
		url_with(&u, rq, "page", n, NULL);
		html_f(h, "<div class=\"govuk-pagination__prev\"><a class=\"govuk-link govuk-pagination__link\" href=\"%a\" rel=\"prev\">"
		          "<svg class=\"govuk-pagination__icon govuk-pagination__icon--prev\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">"
		          "<path d=\"m6.5938-0.0078125-6.7266 6.7266 6.7441 6.4062 1.377-1.449-4.1856-3.9768h12.896v-2h-12.984l4.2931-4.293-1.414-1.414z\"></path></svg>"
		          "<span class=\"govuk-pagination__link-title\">Previous<span class=\"govuk-visually-hidden\"> page</span></span></a></div>\n",
		       buf_str(&u));
	}
	html_f(h, "<ul class=\"govuk-pagination__list\">\n");
	/* First, last and the neighbours of the current page; "⋯" for gaps. */
	int show[5] = { 1, page - 1, page, page + 1, last }, prev = 0;
	for (int i = 0; i < 5; i++) {
		int p = show[i];
		if (p < 1 || p > last || p <= prev)
			continue;
		if (p > prev + 1)
			html_f(h, "<li class=\"govuk-pagination__item govuk-pagination__item--ellipses\">&ctdot;</li>\n");
		page_link(h, rq, p, page);
		prev = p;
	}
	html_f(h, "</ul>\n");
	if (page < last) {
		buf_reset(&u);
		snprintf(n, sizeof n, "%d", page + 1);
		url_with(&u, rq, "page", n, NULL);
		html_f(h, "<div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" href=\"%a\" rel=\"next\">"
		          "<span class=\"govuk-pagination__link-title\">Next<span class=\"govuk-visually-hidden\"> page</span></span>"
		          "<svg class=\"govuk-pagination__icon govuk-pagination__icon--next\" xmlns=\"http://www.w3.org/2000/svg\" height=\"13\" width=\"15\" aria-hidden=\"true\" focusable=\"false\" viewBox=\"0 0 15 13\">"
		          "<path d=\"m8.107-0.0078125-1.4136 1.414 4.2926 4.293h-12.986v2h12.896l-4.1855 3.9766 1.377 1.4492 6.7441-6.4062-6.7246-6.7266z\"></path></svg></a></div>\n",
		       buf_str(&u));
	}
	html_f(h, "</nav>\n");
	buf_release(&u);
}

void summary_begin(struct html *h)
{
	html_f(h, "<dl class=\"govuk-summary-list\">\n");
}

void summary_row(struct html *h, const char *key, const char *fmt, ...)
{
	html_f(h, "<div class=\"govuk-summary-list__row\">\n<dt class=\"govuk-summary-list__key\">%s</dt>\n"
	          "<dd class=\"govuk-summary-list__value\">",
	       key);
	va_list ap;
	va_start(ap, fmt);
	html_vf(h, fmt, ap);
	va_end(ap);
	html_f(h, "</dd>\n</div>\n");
}

void summary_end(struct html *h)
{
	html_f(h, "</dl>\n");
}

void table_paged(struct html *h, const struct req *rq, const struct list_view *v, const struct buf *rows)
{
	if (!rows->n && v->total > 0 && v->per_page > 0) { /* a page past the last: say so, not an empty table */
		long pages = (v->total + v->per_page - 1) / v->per_page;
		struct buf u;
		buf_init(&u, 0);
		url_with(&u, rq, "page", "1", NULL);
		html_f(h, "<p class=\"govuk-body\">There is no page %d: this list has %ld page%s. <a class=\"govuk-link\" "
		          "href=\"%a\">Go to the first page</a>.</p>",
		       v->page, pages, pages == 1 ? "" : "s", buf_str(&u));
		buf_release(&u);
	} else {
		table_begin(h, rq, v->caption, v->cols, v->ncols);
		html_f(h, "%R", buf_str(rows));
		table_end(h);
	}
	pagination(h, rq, v->page, v->per_page, v->total);
}

void list_table(struct html *h, const struct req *rq, const struct list_view *v, const struct buf *rows)
{
	if (v->total == 0) {
		if (v->empty)
			html_f(h, "<p class=\"govuk-body\">%s</p>", v->empty);
		return;
	}
	table_paged(h, rq, v, rows);
}

/* the request's answers as hidden fields, for cya_page's two forms */
static void cya_hidden(struct html *h, struct req *rq, const struct cya *c)
{
	for (size_t i = 0; i < c->nfields; i++) {
		const char *v = req_form(rq, c->fields[i]);
		if (v)
			form_hidden(h, c->fields[i], v);
	}
}

void cya_page(struct req *rq, struct resp *rs, const struct cya *c)
{
	struct html h;
	char title[400];
	snprintf(title, sizeof title, "%s%s", error_prefix(c->upload ? c->upload->errs : NULL), c->title);
	begin_top(&h, rq, rs, title);
	/* Back posts the answers to the form, as Change does: a link would open it empty */
	form_begin(&h, rq, c->change_action);
	cya_hidden(&h, rq, c);
	html_f(&h, "<button type=\"submit\" class=\"govuk-back-link probity-back-button\">Back</button></form>\n");
	begin_main(&h, rq);
	if (c->upload && c->upload->errs)
		form_error_summary(&h, c->upload->errs);
	if (c->caption)
		html_f(&h, "<span class=\"govuk-caption-l\">%s</span>", c->caption);
	html_f(&h, "<h1 class=\"govuk-heading-l\">%s</h1><dl class=\"govuk-summary-list\">", c->title);
	for (size_t i = 0; i < c->nrows; i++) {
		const struct cya_row *r = &c->rows[i];
		html_f(&h, "<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">%s</dt>"
		           "<dd class=\"govuk-summary-list__value\">%s</dd><dd class=\"govuk-summary-list__actions\">",
		       r->label, r->value && *r->value ? r->value : "Not given");
		char action[160];
		snprintf(action, sizeof action, "%s#%s", c->change_action, r->field ? r->field : "");
		form_begin(&h, rq, action);
		cya_hidden(&h, rq, c);
		html_f(&h, "<button type=\"submit\" class=\"probity-link-button govuk-link\">Change<span "
		           "class=\"govuk-visually-hidden\"> %s</span></button></form></dd></div>",
		       r->label);
	}
	html_f(&h, "</dl>");
	if (c->statement)
		html_f(&h, "<h2 class=\"govuk-heading-m\">Now send it</h2><p class=\"govuk-body\">%s</p>", c->statement);
	if (c->upload)
		form_begin_upload(&h, rq, c->send_action);
	else
		form_begin(&h, rq, c->send_action);
	cya_hidden(&h, rq, c);
	if (c->upload)
		form_file(&h, c->upload);
	form_button(&h, c->button, NULL);
	form_end(&h);
	page_end(&h);
}

void panel_confirm(struct html *h, const char *title, const char *ref, const char *next)
{
	html_f(h, "<div class=\"govuk-panel govuk-panel--confirmation\"><h2 class=\"govuk-panel__title\">%s</h2>"
	          "<div class=\"govuk-panel__body\">Your reference<br><strong>%s</strong></div></div>",
	       title, ref);
	if (next)
		html_f(h, "<p class=\"govuk-body\">%s</p>", next);
}
