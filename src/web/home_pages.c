/* home_pages.c — the signed-in landing page: what this account can do,
 * as GOV.UK-styled cards chosen by role. The cards link to each
 * capability's own pages. */
#include "domain/inspections.h"
#include "web/inspections_pages.h"
#include "web/layout.h"

struct card {
	const char *title;
	const char *href;
	const char *text;
	unsigned roles;    /* 0: everyone signed in */
};

static const struct card cards[] = {
	{ "Declare a gift or hospitality", "/gifts/new",
	  "Tell us about any gift or hospitality you were offered, whether you accepted it or not.", ROLE_STAFF },
	{ "My declarations", "/gifts/mine", "See what you have declared and the decisions on it.", ROLE_STAFF },
	{ "Awaiting my decision", "/gifts/awaiting", "Declarations by your team, or referred to PSD, waiting for a decision.",
	  ROLE_MANAGER | ROLE_PSD },
	{ "Force register", "/gifts/register", "Search, filter and export the force-wide gifts and hospitality register.",
	  ROLE_PSD | ROLE_ADMIN },
	{ "My team's declarations", "/gifts/team", "Every declaration made by the people you line-manage.",
	  ROLE_MANAGER },
	{ "Accounts", "/admin/accounts", "Create accounts, set roles, reset passwords, disable access.", ROLE_ADMIN },
	{ "Gifts policy settings", "/gifts/settings", "The value above which an offer goes on to Professional Standards.",
	  ROLE_ADMIN },
};

static int home(struct req *rq, struct resp *rs)
{
	struct html h;
	const struct actor *a = rq->actor;
	page_begin(&h, rq, rs, "Home");
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span>\n<h1 class=\"govuk-heading-l\">What do you want to do?</h1>\n",
	       a->name[0] ? a->name : a->username);
	html_f(&h, "<div class=\"govuk-grid-row probity-cards\">\n");
	int shown = 0;
	for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++) {
		const struct card *c = &cards[i];
		if (c->roles && !actor_has(a, c->roles))
			continue;
		html_f(&h, "<div class=\"govuk-grid-column-one-third probity-card\">\n"
		           "<h2 class=\"govuk-heading-m\"><a class=\"govuk-link govuk-link--no-visited-state\" href=\"%a\">%s</a></h2>\n"
		           "<p class=\"govuk-body\">%s</p>\n</div>\n",
		       c->href, c->title, c->text);
		shown++;
	}
	html_f(&h, "</div>\n");
	inspections_home(&h, rq);
	if (!shown && !actor_has(a, INSP_READ))
		html_f(&h, "<p class=\"govuk-body\">Your account has no roles yet. Ask your system administrator for the "
		           "access you need.</p>\n");
	html_f(&h, "<h2 class=\"govuk-heading-s\">Your roles</h2>\n<ul class=\"govuk-list govuk-list--bullet\">\n");
	for (int b = 0; b < ROLE_COUNT; b++)
		if (a->roles & (1u << b))
			html_f(&h, "<li>%s</li>\n", role_label(1u << b));
	html_f(&h, "</ul>\n");
	page_end(&h);
	return 0;
}

const struct route home_routes[] = {
	{ "GET", "/", home, ACCESS_PAGE, 0 },
};
ROUTES_END(home);
