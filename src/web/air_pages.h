/* air_pages.h — the Annual Integrity Review's reminders on the home page. */
#ifndef PROBITY_AIR_PAGES_H
#define PROBITY_AIR_PAGES_H

#include "web/html.h"
#include "web/http.h"

/* Reminder cards for rq's actor: their own review when it is open, and
 * their team's reviews to sign off or overdue. Writes nothing when none. */
void air_home(struct html *h, struct req *rq);

#endif
