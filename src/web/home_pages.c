/* home_pages.c — the signed-in landing page: what this account can do,
 * as GOV.UK-styled cards chosen by role. The cards link to each
 * capability's own pages. */
#include "core/xalloc.h"
#include "domain/inspections.h"
#include "domain/notify.h"
#include "web/inspections_pages.h"
#include "web/air_pages.h"
#include "web/audit_pages.h"
#include "web/ethics_pages.h"
#include "web/layout.h"
#include "web/notify_pages.h"
#include "web/training_pages.h"
#include "web/vetting_pages.h"
#include <stdlib.h>
#include <string.h>

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

/* The count a work card shows: how many of the reader's own notices (the
 * one notification model, domain/notify.h) are of the card's kinds. */
struct card_count {
	const char *href;   /* the card's */
	const char *kinds;  /* notify kind keys, space-separated */
	const char *one, *many;
};

static const struct card_count card_counts[] = {
	{ "/gifts/awaiting", "gift_manager gift_psd", "gift awaiting your decision", "gifts awaiting your decision" },
	{ "/interests/awaiting", "interest_manager interest_psd interest_appeal", "business interest awaiting you",
	  "business interests awaiting you" },
	{ "/associations/register", "association_assess association_review", "association to assess or review",
	  "associations to assess or review" },
	{ "/air/mine", "air_return", "review to complete", "reviews to complete" },
	{ "/air/team", "air_signoff", "review to sign off", "reviews to sign off" },
	{ "/audit/alerts", "audit_unassigned audit_assigned", "alert to triage", "alerts to triage" },
	{ "/audit/countersign", "audit_countersign", "decision to countersign", "decisions to countersign" },
	{ "/intel", "intel_intervention", "intervention due", "interventions due" },
	{ "/intel/items?status=awaiting_review", "intel_review", "closure to review", "closures to review" },
	{ "/training", "training_course policy_acknowledge", "course or policy due", "courses or policies due" },
	{ "/ethics", "ethics_triage ethics_advice ethics_question ethics_action", "ethics panel task waiting",
	  "ethics panel tasks waiting" },
	{ "/complaints", "rprp_review", "reflective practice review due", "reflective practice reviews due" },
	{ "/useofforce/samples", "uof_sample", "dip sample to assess", "dip samples to assess" },
};

/* The card's count of per_kind (NULL when the counts could not be had). */
static long card_count_of(const struct card_count *c, const long *per_kind)
{
	long n = 0;
	for (int k = 0; per_kind && k < notify_nkinds; k++) {
		const char *key = notify_kinds[k].key, *p = c->kinds;
		size_t len = strlen(key);
		while ((p = strstr(p, key)) != NULL) {
			if ((p == c->kinds || p[-1] == ' ') && (p[len] == ' ' || !p[len])) {
				n += per_kind[k];
				break;
			}
			p += len;
		}
	}
	return n;
}

/* A work card's count: how many of its kinds need the reader (0: none, or
 * not a work card) and the words after the number, n == 1 or not. */
static long card_count(const struct card *c, const long *per_kind, const char **words)
{
	for (size_t i = 0; i < sizeof card_counts / sizeof card_counts[0]; i++) {
		if (strcmp(card_counts[i].href, c->href) != 0)
			continue;
		long n = card_count_of(&card_counts[i], per_kind);
		*words = n == 1 ? card_counts[i].one : card_counts[i].many;
		return n;
	}
	return 0;
}

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
	long *per_kind = xcalloc((size_t)notify_nkinds, sizeof *per_kind), total = 0;
	struct err ne = { 0 };
	if (notify_counts(rq->store, a, per_kind, &total, &ne)) {
		free(per_kind);
		per_kind = NULL;   /* the cards without counts rather than no page */
	}
	html_f(&h, "<div class=\"govuk-grid-row probity-cards\">\n");
	int shown = 0;
	for (size_t i = 0; i < sizeof cards / sizeof cards[0]; i++) {
		const struct card *c = &cards[i];
		if (c->roles && !actor_has(a, c->roles))
			continue;
		const char *words = "";
		long n = card_count(c, per_kind, &words);
		if (n > 0) /* "4 gifts awaiting your decision", read with the card's link */
			html_f(&h, "<div class=\"govuk-grid-column-one-third probity-card\">\n"
			           "<h2 class=\"govuk-heading-m\"><a class=\"govuk-link govuk-link--no-visited-state\" href=\"%a\" "
			           "aria-describedby=\"card-count-%zu\">%s</a></h2>\n"
			           "<p class=\"govuk-body probity-card-count\" id=\"card-count-%zu\"><strong class=\"probity-count\">"
			           "%ld</strong> %s</p>\n<p class=\"govuk-body\">%s</p>\n</div>\n",
			       c->href, i, c->title, i, n, words, c->text);
		else
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
	free(per_kind);
	page_end(&h);
	return 0;
}

const struct route home_routes[] = {
	{ "GET", "/", home, ACCESS_PAGE, 0 },
};
ROUTES_END(home);
