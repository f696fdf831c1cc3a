/* home_pages.c — the signed-in landing page: what this account can do,
 * as GOV.UK-styled cards chosen by role. The cards link to each
 * capability's own pages. */
#include "domain/inspections.h"
#include "web/inspections_pages.h"
#include "web/air_pages.h"
#include "web/audit_pages.h"
#include "web/ethics_pages.h"
#include "web/layout.h"
#include "web/notify_pages.h"
#include "web/training_pages.h"
#include "web/vetting_pages.h"

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
	{ "Declare a notifiable association", "/associations/new",
	  "Tell Professional Standards about an association that could compromise you. Your line manager will not see it.",
	  ROLE_STAFF },
	{ "Declare a change of circumstances", "/circumstances/new",
	  "A new partner or address, a change of name, financial difficulty, an arrest or conviction.", ROLE_STAFF },
	{ "My annual integrity review", "/air/mine", "Review your declarations each year with your line manager.",
	  ROLE_STAFF },
	{ "Notifiable associations register", "/associations/register",
	  "Assess declared associations, see reviews due, filter and export.", ROLE_PSD | ROLE_ACU },
	{ "Changes of circumstances", "/circumstances/register",
	  "Declared changes of personal circumstances and early-intervention referrals.", ROLE_VETTING | ROLE_PSD },
	{ "Annual integrity review rounds", "/air", "Open a round, roll it out in waves, track completion and overdue reviews.",
	  ROLE_ADMIN | ROLE_VETTING | ROLE_PSD },
	{ "My team's integrity reviews", "/air/team", "Hold integrity conversations and sign off your team's reviews.",
	  ROLE_MANAGER },
	{ "Accounts", "/admin/accounts", "Create accounts, set roles, reset passwords, disable access.", ROLE_ADMIN },
	{ "Reminders and e-mail", "/admin/notifications",
	  "Reminder windows and escalation for each kind of task, and the e-mail outbox with any failures.", ROLE_ADMIN },
	{ "Gifts policy settings", "/gifts/settings", "The value above which an offer goes on to Professional Standards.",
	  ROLE_ADMIN },
	{ "My business interests", "/interests/mine",
	  "Apply for a second job, business or other outside interest, appeal a decision, or tell us it has ended.",
	  ROLE_STAFF },
	{ "Business interests to decide", "/interests/awaiting",
	  "Applications from your team to comment on, PSD decisions, and appeals for the DCC.",
	  ROLE_MANAGER | ROLE_PSD | ROLE_DCC },
	{ "Business interests register", "/interests/register",
	  "Search, filter and export every business interest; reviews due and figures.", ROLE_PSD | ROLE_DCC | ROLE_ADMIN },
	{ "Registers settings", "/procurement/settings",
	  "The procurement window and name match threshold, and how often business interests are reviewed.", ROLE_ADMIN },
	{ "Procurement cross-check", "/procurement",
	  "Contracts whose suppliers gave gifts or hospitality before the award, or in which staff hold interests.",
	  ROLE_PSD | ROLE_ACU | ROLE_ADMIN },
	{ "Audit alerts", "/audit/alerts",
	  "Possible misuse of force systems found in their audit logs: triage, decide, refer for investigation.",
	  ROLE_ACU },
	{ "Counter-corruption intelligence", "/intel",
	  "Graded, categorised intelligence: lines of enquiry, interventions, reviewed closure, anonymous reports.",
	  ROLE_ACU },
	{ "Intelligence awaiting my review", "/intel/items?status=awaiting_review",
	  "Closures of intelligence items sent to you for review.", ROLE_REVIEWER },
	{ "Audit referrals", "/audit/referrals", "Alerts referred for investigation by the counter-corruption unit.",
	  ROLE_ACU },
	{ "Audit decisions to countersign", "/audit/countersign",
	  "No further action and mutes on ICT audit alerts that need a reviewer's countersignature.", ROLE_REVIEWER },
	{ "Audit coverage", "/audit/coverage",
	  "Every system and device sending audit events, events per day and the last received: evidence for "
	  "inspectors.", ROLE_ACU },
	{ "Search the audit trail", "/audit/trail",
	  "Who looked at a person or a record, and what a user looked at, across every force system.", ROLE_ACU },
	{ "Stop and search fairness", "/stopsearch",
	  "How often each ethnic group is searched compared with White people, find rates, trends over months.",
	  ROLE_PSD | ROLE_GOVERNANCE | ROLE_SCRUTINY | ROLE_DCC | ROLE_PCC | ROLE_ADMIN },
	{ "Complaints and conduct", "/complaints",
	  "Complaint and conduct cases, reflective practice, misconduct proceedings and the IOPC bulletin measures.",
	  ROLE_PSD | ROLE_GOVERNANCE | ROLE_SCRUTINY | ROLE_DCC | ROLE_PCC | ROLE_ADMIN },
	{ "Ask the ethics panel", "/ethics",
	  "Not sure what the right thing to do is? Ask the ethics panel, with your name, in confidence or "
	  "anonymously, and read its case studies.", 0 },
	{ "Reasonable grounds dip samples", "/stopsearch/samples",
	  "Draw a random sample of search records, judge the recorded grounds, compare with past samples.",
	  ROLE_SCRUTINY },
	{ "My training and policies", "/training",
	  "The courses you must complete and the integrity policies to acknowledge, with their due dates.", ROLE_STAFF },
	{ "My team's training", "/training/team", "Who in your team is due or overdue on their training.", ROLE_MANAGER },
	{ "Training compliance", "/training/compliance",
	  "Who has had the Code of Ethics and abuse-of-position training, who is overdue; by unit; policies; export.",
	  ROLE_PSD | ROLE_TRAINING | ROLE_ADMIN },
	{ "Use of force fairness", "/useofforce",
	  "How often each ethnic group is subjected to force, taser in particular, beside England and Wales.",
	  ROLE_PSD | ROLE_GOVERNANCE | ROLE_SCRUTINY | ROLE_DCC | ROLE_PCC },
	{ "Body-worn video dip samples", "/useofforce/samples",
	  "Watch a random sample of use of force on body-worn video and judge whether it was proportionate.",
	  ROLE_SCRUTINY },
};

static int home(struct req *rq, struct resp *rs)
{
	struct html h;
	const struct actor *a = rq->actor;
	page_begin(&h, rq, rs, "Home");
	html_f(&h, "<span class=\"govuk-caption-l\">%s</span>\n<h1 class=\"govuk-heading-l\">What do you want to do?</h1>\n",
	       a->name[0] ? a->name : a->username);
	notify_home(&h, rq);
	air_home(&h, rq);
	vetting_home_card(&h, rq);
	ethics_home(&h, rq);
	audit_home(&h, rq);
	training_home(&h, rq);
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
