/* about_pages.h — the footer's pages about Probity itself: the
 * accessibility statement, the privacy notice and how to give feedback.
 * The same text serves the app (/accessibility, /privacy, /feedback: open
 * to anyone, signed in or not) and the public site (probity publish writes
 * accessibility.html and privacy.html). */
#ifndef PROBITY_ABOUT_PAGES_H
#define PROBITY_ABOUT_PAGES_H

#include "web/html.h"

/* The body of each page (h1 onwards); public_site: the published records
 * rather than the app. */
void about_accessibility(struct html *h, int public_site);
void about_privacy(struct html *h, int public_site);

#endif
