/* training_pages.h — the person's training and policies on the home page. */
#ifndef PROBITY_TRAINING_PAGES_H
#define PROBITY_TRAINING_PAGES_H

#include "web/html.h"
#include "web/http.h"

/* How many of rq's actor's own courses and policies are due or overdue, with
 * a link to /training. Writes nothing when none. */
void training_home(struct html *h, struct req *rq);

#endif
