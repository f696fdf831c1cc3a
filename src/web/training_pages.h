/* training_pages.h — the person's training and policies on the home page. */
#ifndef PROBITY_TRAINING_PAGES_H
#define PROBITY_TRAINING_PAGES_H

#include "web/html.h"
#include "web/http.h"

/* How many of rq's actor's own courses and policies are due or overdue, with
 * a link to /training. Writes nothing when none. */
void training_home(struct html *h, struct req *rq);

/* The training and policy section of person_id's Annual Integrity Review
 * return: their own courses and policies to acknowledge (the buttons come
 * back to back, an /air/returns/ path) when rq's actor is the person; the
 * courses when the actor is their line manager or a training reader;
 * nothing otherwise. */
void training_air_section(struct html *h, struct req *rq, int64_t person_id, const char *back);

#endif
