/* about_pages.c — the accessibility statement, the privacy notice and the
 * feedback page linked from every page's footer (see about_pages.h). They
 * describe Probity as it is: what was tested and how, what is known not to
 * work well yet, what personal data it holds and why. The force's name
 * comes from web/brand.h. */
#include "web/about_pages.h"
#include "core/conffile.h"
#include "web/brand.h"
#include "web/layout.h"

static const char *force(void)
{
	return brand_force()[0] ? brand_force() : "the force";
}

void about_accessibility(struct html *h, int public_site)
{
	const char *what = public_site ? "the published records of" : "Probity, the integrity and oversight system of";
	html_f(h, "<h1 class=\"govuk-heading-l\">Accessibility statement</h1>\n"
	          "<p class=\"govuk-body\">This statement applies to %s %s. %s</p>\n",
	       what, force(),
	       public_site ? "They are written by Probity, the force's integrity and oversight system."
	                   : "Police officers, staff, volunteers and the people who oversee the force use it to "
	                     "declare gifts, interests and associations, to make and decide vetting, complaints and "
	                     "counter-corruption records, and to publish what the public may see.");
	html_f(h, "<p class=\"govuk-body\">We want as many people as possible to be able to use it. You should be able "
	          "to:</p>\n<ul class=\"govuk-list govuk-list--bullet\">\n"
	          "<li>change colours, contrast levels and fonts using your browser or device settings</li>\n"
	          "<li>zoom in up to 400%% without the text spilling off the screen</li>\n"
	          "<li>navigate every page using just a keyboard</li>\n"
	          "<li>navigate every page using speech recognition software</li>\n"
	          "<li>listen to every page using a screen reader (including recent versions of JAWS, NVDA and "
	          "VoiceOver)</li>\n</ul>\n"
	          "<p class=\"govuk-body\">The pages are built with the GOV.UK Design System's components and "
	          "patterns, in the device's own font, and dates are written out in full (4 December 2026).</p>\n"
	          "<h2 class=\"govuk-heading-m\">How accessible this service is</h2>\n"
	          "<p class=\"govuk-body\">We know some parts are not fully accessible:</p>\n"
	          "<ul class=\"govuk-list govuk-list--bullet\">\n"
	          "<li>on a narrow phone screen some wide tables (registers, queues) scroll sideways</li>\n"
	          "<li>some charts (trends, the forest plot of rates by group, the audit timelines) have a fixed "
	          "width; every chart has a table of the same figures beside it</li>\n"
	          "<li>downloads are CSV and Excel files, which you open in your own software</li>\n</ul>\n"
	          "<h2 class=\"govuk-heading-m\">How we test it</h2>\n"
	          "<p class=\"govuk-body\">Every change is tested automatically before it is released: a browser "
	          "test visits the main pages of every role and checks them with axe-core against the Web Content "
	          "Accessibility Guidelines version 2.2 at level AA, and fails on any violation.</p>\n"
	          "<h2 class=\"govuk-heading-m\">Compliance status</h2>\n"
	          "<p class=\"govuk-body\">This service is partially compliant with the Web Content Accessibility "
	          "Guidelines version 2.2 AA standard, because of the problems listed above.</p>\n"
	          "<h2 class=\"govuk-heading-m\">Feedback and contact information</h2>\n"
	          "<p class=\"govuk-body\">If you find a problem not listed here, or you need information in a "
	          "different format, use the feedback link at the bottom of every page. We aim to reply within "
	          "5 working days.</p>\n"
	          "<h2 class=\"govuk-heading-m\">Enforcement procedure</h2>\n"
	          "<p class=\"govuk-body\">The Equality and Human Rights Commission is responsible for enforcing the "
	          "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018. If "
	          "you are not happy with how we respond to your complaint, contact the Equality Advisory and Support "
	          "Service (EASS).</p>\n");
}

void about_privacy(struct html *h, int public_site)
{
	html_f(h, "<h1 class=\"govuk-heading-l\">Privacy notice</h1>\n"
	          "<p class=\"govuk-body\">The chief constable of %s is the controller of the personal data in "
	          "Probity, the force's integrity and oversight system.</p>\n",
	       force());
	if (public_site)
		html_f(h, "<p class=\"govuk-body\">The published records name only chief officers (their registers of "
		          "gifts, hospitality and interests, which the law requires the force to publish). Every other "
		          "figure is a count of at least a set number of people, and no cell small enough to identify "
		          "someone is shown. These pages set no cookies and collect nothing about you.</p>\n");
	html_f(h, "<h2 class=\"govuk-heading-m\">What Probity holds, and why</h2>\n"
	          "<ul class=\"govuk-list govuk-list--bullet\">\n"
	          "<li>the force's people: name, staff number, rank or grade, post, unit and line manager, from the "
	          "force's HR system</li>\n"
	          "<li>what people declare: gifts and hospitality, business interests, notifiable associations and "
	          "changes of circumstances, and the decisions on them</li>\n"
	          "<li>vetting applications, clearances and appeals, and equality information given separately, "
	          "which only equality monitoring sees, and only as counts</li>\n"
	          "<li>complaints, conduct matters, counter-corruption intelligence and the audit events of the "
	          "force's systems</li>\n</ul>\n"
	          "<p class=\"govuk-body\">The force uses this to meet the Standards of Professional Behaviour, the "
	          "College of Policing's Vetting Code of Practice and Authorised Professional Practice on counter-"
	          "corruption, and to account to the public and the Police and Crime Commissioner. The law is the Data "
	          "Protection Act 2018: Part 3 (law enforcement processing) for intelligence and conduct matters, and "
	          "the UK GDPR (employment, and the force's public task) for the rest.</p>\n"
	          "<h2 class=\"govuk-heading-m\">Who can see it</h2>\n"
	          "<p class=\"govuk-body\">Only people whose role needs a record can open it: you see your own "
	          "declarations, your line manager sees your team's, Professional Standards, the vetting unit and the "
	          "anti-corruption unit see what their work needs. Every view and change of a sensitive record is "
	          "written to an access log that cannot be altered unnoticed, and the log is checked.</p>\n"
	          "<h2 class=\"govuk-heading-m\">How long it is kept</h2>\n"
	          "<p class=\"govuk-body\">Each kind of record is kept for the period in the force's retention "
	          "schedule, then deleted or reduced to counts.</p>\n"
	          "<h2 class=\"govuk-heading-m\">Your rights</h2>\n"
	          "<p class=\"govuk-body\">You can ask for a copy of the data about you, ask for it to be corrected, "
	          "and in some cases object to its use or ask for it to be deleted. Some rights are limited where "
	          "that is necessary to prevent or detect crime or misconduct. Contact the force's data protection "
	          "officer. If you are unhappy with how your data is used, you can complain to the Information "
	          "Commissioner's Office (ico.org.uk).</p>\n");
	if (!public_site)
		html_f(h, "<h2 class=\"govuk-heading-m\">Cookies</h2>\n"
		          "<p class=\"govuk-body\">Probity sets one cookie, which keeps you signed in. It is needed for "
		          "the service to work, is deleted when you sign out, and is never used to track you.</p>\n");
}

static int accessibility(struct req *rq, struct resp *rs)
{
	struct html h;
	page_begin(&h, rq, rs, "Accessibility statement");
	about_accessibility(&h, 0);
	page_end(&h);
	return 0;
}

static int privacy(struct req *rq, struct resp *rs)
{
	struct html h;
	page_begin(&h, rq, rs, "Privacy notice");
	about_privacy(&h, 0);
	page_end(&h);
	return 0;
}

static int feedback(struct req *rq, struct resp *rs)
{
	struct html h;
	page_begin(&h, rq, rs, "Give feedback on Probity");
	html_f(&h, "<h1 class=\"govuk-heading-l\">Give feedback on Probity</h1>\n"
	           "<p class=\"govuk-body\">Tell us what you were trying to do, on which page, and what happened: a "
	           "problem, something hard to use, or something you would like it to do. Contact the force's ICT "
	           "service desk and ask for the request to go to the Probity service owner.</p>\n"
	           "<div class=\"govuk-warning-text\"><span class=\"govuk-warning-text__icon\" aria-hidden=\"true\">!"
	           "</span><strong class=\"govuk-warning-text__text\"><span class=\"govuk-visually-hidden\">Warning"
	           "</span>Do not include details of a declaration, a case or intelligence in feedback.</strong></div>\n"
	           "<p class=\"govuk-body\">To report wrongdoing, use the <a class=\"govuk-link\" href=\"/report\">anonymous reporting line</a>, not feedback.</p>\n");
	page_end(&h);
	return 0;
}

const struct route about_routes[] = {
	{ "GET", "/accessibility", accessibility, ACCESS_PUBLIC, 0 },
	{ "GET", "/privacy", privacy, ACCESS_PUBLIC, 0 },
	{ "GET", "/feedback", feedback, ACCESS_PUBLIC, 0 },
};
ROUTES_END(about);
