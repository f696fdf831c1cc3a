/* vetting_pages.h — the vetting part of the home page (vetting_pages.c). */
#ifndef PROBITY_VETTING_PAGES_H
#define PROBITY_VETTING_PAGES_H

#include "web/html.h"
#include "web/http.h"

/* Cards for the vetting unit ("N people need their vetting refreshed"),
 * the DCC (appeals) and the scrutiny panel (the published report). */
void vetting_home_card(struct html *h, struct req *rq);

#endif
