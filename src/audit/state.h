/* state.h — saving and restoring the engine's per-event state, for the
 * continuous ingest (src/domain/audit_ingest.c).
 *
 * What is saved is what the events built: each user's R4/R6 counters and
 * R4 history, each (user, special subject) pair's fired rules and R3 days,
 * the still-open R4/R6 alerts (their day's or hour's count keeps growing),
 * the last timestamp and the event count. Users and subjects are saved by
 * name, not by id, and the reference data (staff, associations, flags,
 * assignments) is NOT saved: the caller loads the current reference data
 * into a fresh engine first and then restores the state on top of it. So
 * reference data changed between runs takes effect for later events only;
 * a pair whose subject is no longer special is dropped. */
#ifndef PROBITY_AUDIT_STATE_H
#define PROBITY_AUDIT_STATE_H

#include "audit/engine.h"
#include "core/buf.h"
#include "core/err.h"

/* Append a's state to out. 0, or -1 when out of memory. */
int audit_state_save(const struct audit *a, struct buf *out);
/* Restore a state saved by audit_state_save into a (after audit_init and
 * the reference data, before any event). The restored open alerts are
 * a->alerts[0..a->nalerts). 0, or ERR_INPUT for a damaged state. */
int audit_state_load(struct audit *a, const void *p, size_t n, struct err *e);
/* Drop every alert that no user still points at (the day's R4 / the
 * hour's R6 alert), keeping the open ones first in a->alerts. */
int audit_state_compact(struct audit *a);
/* True when alert i is still open (its day's or hour's count may grow). */
int audit_alert_open(const struct audit *a, uint32_t i);

#endif
