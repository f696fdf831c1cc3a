/* notify_mail.h — e-mail digests of the notification model (notify.h):
 * preferences, the outbox, and the sender that delivers it through the
 * force's SMTP relay (libcurl).
 *
 * What a message holds: counts, kinds of task and a link — never a name,
 * a category, a reference or any text from a record (the body is built only
 * from notify_kinds' fixed words and numbers). Nothing is sent about or to
 * an anonymous reporter: they have no account, and no kind names them.
 *
 * Exactly once: each message has a key (account, event, due period) that is
 * unique in the outbox, so computing the same digest twice queues it once.
 * The sender holds a lock file (DB.notify.lock; on PostgreSQL, beside the
 * access log key) so only one sender runs on a host;
 * it marks a row 'sending' (committed) before talking to the relay and
 * 'sent' (committed) as soon as the relay accepts it. A sender killed
 * before the relay's acceptance leaves the row 'sending', and the next run
 * sends it again: nothing is lost, and the relay never had the first copy.
 * The one window that can double a message is the instant between the
 * relay's "250 OK" and our commit; the second copy then carries the same
 * Message-ID, which mail clients collapse. */
#ifndef PROBITY_NOTIFY_MAIL_H
#define PROBITY_NOTIFY_MAIL_H

#include "core/err.h"
#include "domain/actor.h"
#include <stdint.h>

struct store;
struct notify_batch;

struct notify_settings {
	char smtp_url[512];   /* smtp://relay:25, smtps://relay:465, smtp://user:pass@relay:587 */
	char mail_from[256];
	char base_url[256];   /* the link in every message */
};
/* The one place the mail settings are read: the command-line values (NULL:
 * not given) win over the environment (PROBITY_SMTP_URL, PROBITY_MAIL_FROM,
 * PROBITY_BASE_URL), which wins over the configuration file's smtp_url and
 * mail_from (file_smtp_url, file_mail_from; NULL: not set); base_url
 * defaults to http://localhost:8080. mail_from may carry a display name,
 * "Probity <probity@force.example>". */
void notify_settings_load(struct notify_settings *s, const char *smtp_url, const char *mail_from,
                          const char *base_url, const char *file_smtp_url, const char *file_mail_from);

/* ---- preferences ---- */
/* who's digest timing: "immediate", "daily" (the default) or "weekly". */
int notify_pref_get(struct store *st, const struct actor *who, char out[12], struct err *e);
int notify_pref_set(struct store *st, const struct actor *who, const char *timing, struct errlist *errs,
                    struct err *e);

/* ---- the outbox ---- */
/* Compute every account's notices for today and queue the digests due now
 * (one transaction; a key already queued is left alone). Daily: one a day.
 * Weekly: one a week (keyed by its Monday), and daily while anything is
 * overdue (mandatory reminders). Immediate: one whenever a newer notice
 * appears, and daily while anything is overdue. Only accounts whose person
 * has an e-mail address. */
int notify_queue(struct store *st, const struct notify_settings *cfg, const char *today, long *queued,
                 struct err *e);
/* As notify_queue over a batch already computed for today. */
int notify_queue_batch(struct store *st, const struct notify_settings *cfg, const struct notify_batch *b,
                       const char *today, long *queued, struct err *e);

struct notify_send_stats {
	long sent, retry, failed;
};
/* Send every queued message whose time has come, with retries: a failed
 * attempt is tried again after 1, 2, 4... minutes, and marked failed after
 * notify.max_attempts. Exits when nothing is due now. ERR_CONFLICT when
 * another sender holds the lock. For the tests, PROBITY_NOTIFY_PAUSE=N:PHASE
 * stops the sender (it writes "notify: paused" to standard error) at the
 * N-th message of the run, PHASE being "claimed" (marked sending, nothing
 * sent), "body" (the message sent but for its final dot) or "sent" (marked
 * sent). */
int notify_send(struct store *st, const struct notify_settings *cfg, struct notify_send_stats *out, struct err *e);

struct notify_outbox_counts {
	long queued, sending, sent, failed;
};
/* Outbox figures and the failed messages (admin only; logged). fn gets
 * each failed message's id, recipient address, attempts, last error and
 * creation time. */
typedef int (*notify_failure_fn)(void *ctx, int64_t id, const char *rcpt, long attempts, const char *error,
                                 const char *created_at);
int notify_outbox_status(struct store *st, const struct actor *who, struct notify_outbox_counts *c,
                         notify_failure_fn fn, void *ctx, struct err *e);

#endif
