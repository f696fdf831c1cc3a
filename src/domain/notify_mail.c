/* notify_mail.c — digests, the outbox and the SMTP sender. The message text
 * is built from counts and notify_kinds' fixed words only, so no record's
 * content can reach a message; the delivery rules are in notify_mail.h. */
#include "domain/notify_mail.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/notify.h"
#include "store/store.h"
#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

void notify_settings_load(struct notify_settings *s, const char *smtp_url, const char *mail_from,
                          const char *base_url, const char *file_smtp_url, const char *file_mail_from)
{
	const char *u = smtp_url ? smtp_url : getenv("PROBITY_SMTP_URL");
	const char *f = mail_from ? mail_from : getenv("PROBITY_MAIL_FROM");
	if (!u || !*u)
		u = file_smtp_url;
	if (!f || !*f)
		f = file_mail_from;
	const char *b = base_url ? base_url : getenv("PROBITY_BASE_URL");
	snprintf(s->smtp_url, sizeof s->smtp_url, "%s", u ? u : "");
	snprintf(s->mail_from, sizeof s->mail_from, "%s", f ? f : "");
	snprintf(s->base_url, sizeof s->base_url, "%s", b && *b ? b : "http://localhost:8080");
	size_t n = strlen(s->base_url);
	if (n && s->base_url[n - 1] == '/')
		s->base_url[n - 1] = 0;
}

/* ---- preferences ---- */

int notify_pref_get(struct store *st, const struct actor *who, char out[12], struct err *e)
{
	snprintf(out, 12, "daily");
	if (!who || !who->account_id)
		return 0;
	int r = store_text(st, e, out, 12, "SELECT timing FROM notify_prefs WHERE account_id = ?", "i", who->account_id);
	return r < 0 ? -1 : 0;
}

int notify_pref_set(struct store *st, const struct actor *who, const char *timing, struct errlist *errs,
                    struct err *e)
{
	if (!who || !who->account_id)
		return err_set(e, ERR_DENIED, "Sign in to choose your reminders");
	if (!timing || (strcmp(timing, "immediate") && strcmp(timing, "daily") && strcmp(timing, "weekly"))) {
		errlist_add(errs, "timing", "Select how often you want e-mails");
		return err_set(e, ERR_INPUT, "There is a problem with your choice");
	}
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO notify_prefs(account_id, timing, updated_at) VALUES(?, ?, ?) "
	               "ON CONFLICT(account_id) DO UPDATE SET timing = excluded.timing, updated_at = excluded.updated_at",
	               "itt", who->account_id, timing, now) ||
	    alog_writei(st, who, "update", "notify_prefs", who->account_id, "ok", timing, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

/* ---- digests ---- */

static void count_line(struct buf *b, long n, const struct notify_kind *k, long late)
{
	buf_printf(b, "- %ld %s %s", n, n == 1 ? k->noun : k->nouns, k->action);
	if (late)
		buf_printf(b, " (%ld overdue)", late);
	buf_adds(b, "\r\n");
}

/* The digest for one account: counts per kind, then escalations. */
static void digest(const struct notify_settings *cfg, const struct notify_summary *s, const char *timing,
                   struct buf *subject, struct buf *body)
{
	buf_printf(subject, "Probity: %ld thing%s need%s you", s->total, s->total == 1 ? "" : "s",
	         s->total == 1 ? "s" : "");
	if (s->overdue)
		buf_printf(subject, " (%ld overdue)", s->overdue);
	buf_adds(body, "Things that need you in Probity:\r\n\r\n");
	for (int k = 0; k < notify_nkinds; k++)
		if (s->own[k])
			count_line(body, s->own[k], &notify_kinds[k], s->own_late[k]);
	for (int k = 0; k < notify_nkinds; k++)
		if (s->team[k])
			buf_printf(body, "- %ld overdue %s in your team\r\n", s->team[k],
			         s->team[k] == 1 ? notify_kinds[k].noun : notify_kinds[k].nouns);
	buf_printf(body, "\r\nSign in to see them: %s/\r\n\r\n", cfg->base_url);
	buf_printf(body, "This e-mail gives only counts; the records are in Probity. You get these e-mails %s; "
	               "to change that, go to %s/notifications\r\n",
	         !strcmp(timing, "weekly") ? "weekly (daily while anything is overdue)"
	         : !strcmp(timing, "immediate") ? "when something new needs you" : "daily",
	         cfg->base_url);
}

struct pref {
	int64_t account;
	char timing[12];
};

static int pref_cmp(const void *x, const void *y)
{
	const struct pref *a = x, *b = y;
	return a->account < b->account ? -1 : a->account > b->account;
}

int notify_queue_batch(struct store *st, const struct notify_settings *cfg, const struct notify_batch *b,
                       const char *today, long *queued, struct err *e)
{
	*queued = 0;
	int rc = -1, began = 0;
	struct pref *prefs = NULL;
	size_t np = 0, cap = 0;
	struct buf subject, body;
	buf_init(&subject, 0);
	buf_init(&body, 0);
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT account_id, timing FROM notify_prefs", ""))
		goto out;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		prefs = xgrow(prefs, np, &cap, 256, sizeof *prefs);
		prefs[np].account = stmt_int(s, 0);
		snprintf(prefs[np++].timing, sizeof prefs->timing, "%s", stmt_text(s, 1));
	}
	stmt_done(s);
	if (r < 0)
		goto out;
	if (np)
		qsort(prefs, np, sizeof *prefs, pref_cmp);
	long t = date_days(today);
	if (t < 0) {
		err_set(e, ERR_INPUT, "Not a date: %s", today);
		goto out;
	}
	char monday[11], now[21];
	date_format(t - ((t + 3) % 7), monday);   /* 1970-01-01 was a Thursday */
	time_now_iso(now);
	if (store_begin(st, e))
		goto out;
	began = 1;
	long n = notify_batch_size(b);
	for (long i = 0; i < n; i++) {
		struct notify_summary sm;
		notify_batch_get(b, i, &sm);
		if (!sm.total || !*sm.email)
			continue;
		struct pref key = { .account = sm.account_id }, *p = np && sm.account_id
		                                                        ? bsearch(&key, prefs, np, sizeof *prefs, pref_cmp)
		                                                        : NULL;
		const char *timing = p ? p->timing : "daily";
		/* the recipient in the key: p<person id>, or a<account id> for an
		 * account with no person */
		char who[32], keys[2][80];
		snprintf(who, sizeof who, "%c%lld", sm.person_id ? 'p' : 'a',
		         (long long)(sm.person_id ? sm.person_id : sm.account_id));
		int nk = 0;
		if (!strcmp(timing, "daily") || sm.overdue)
			snprintf(keys[nk++], sizeof keys[0], "daily:%s:%s", who, today);
		if (!strcmp(timing, "weekly"))
			snprintf(keys[nk++], sizeof keys[0], "weekly:%s:%s", who, monday);
		if (!strcmp(timing, "immediate"))
			snprintf(keys[nk++], sizeof keys[0], "new:%s:%s", who, sm.newest);
		/* a weekly reader with something overdue gets the daily one only */
		if (nk == 2 && !strcmp(timing, "weekly"))
			nk = 1;
		buf_reset(&subject);
		buf_reset(&body);
		digest(cfg, &sm, timing, &subject, &body);
		for (int k = 0; k < nk; k++) {
			if (store_exec(st, e,
			               "INSERT INTO notify_outbox(msg_key, person_id, account_id, rcpt, subject, body, created_at, "
			               "next_try) VALUES(?, NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?, ?) "
			               "ON CONFLICT(msg_key) DO NOTHING",
			               "tiitttt" "t", keys[k], sm.person_id, sm.account_id, sm.email, buf_str(&subject),
			               buf_str(&body), now, now))
				goto out;
			*queued += store_changes(st);
		}
	}
	char detail[64];
	snprintf(detail, sizeof detail, "%ld digests queued", *queued);
	if (*queued && alog_write(st, NULL, "create", "notify_outbox", today, "ok", detail, e))
		goto out;
	began = 0;
	if (store_commit(st, e))
		goto out;
	rc = 0;
out:
	if (began)
		store_rollback(st);
	if (rc)
		*queued = 0;
	free(prefs);
	buf_release(&subject);
	buf_release(&body);
	return rc;
}

int notify_queue(struct store *st, const struct notify_settings *cfg, const char *today, long *queued,
                 struct err *e)
{
	struct notify_batch *b;
	*queued = 0;
	if (notify_compute(st, today, &b, e))
		return -1;
	int rc = notify_queue_batch(st, cfg, b, today, queued, e);
	notify_batch_free(b);
	return rc;
}

/* ---- the sender ---- */

/* PROBITY_NOTIFY_PAUSE=N:PHASE (tests): stop at the N-th message's PHASE. */
static void maybe_pause(long nth, const char *phase)
{
	const char *v = getenv("PROBITY_NOTIFY_PAUSE");
	if (!v || !*v)
		return;
	char *end;
	long n = strtol(v, &end, 10);
	if (n != nth || *end != ':' || strcmp(end + 1, phase))
		return;
	static const char msg[] = "notify: paused\n";
	if (write(2, msg, sizeof msg - 1) < 0)
		return;
	for (;;)
		pause();
}

struct upload {
	const char *p;
	size_t n, off;
	long nth;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *userp)
{
	struct upload *u = userp;
	size_t room = size * nmemb, left = u->n - u->off;
	if (!left) {
		maybe_pause(u->nth, "body");   /* all but the final dot is with the relay */
		return 0;
	}
	size_t k = left < room ? left : room;
	memcpy(ptr, u->p + u->off, k);
	u->off += k;
	return k;
}

/* The bare address of mail_from ("Probity <probity@force.example>" or
 * "probity@force.example"), for the envelope, into out. */
static void from_address(const char *from, char *out, size_t n)
{
	const char *lt = strchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt)
		snprintf(out, n, "%.*s", (int)(gt - lt - 1), lt + 1);
	else
		snprintf(out, n, "%s", from);
}

/* The message's domain for its Message-ID: mail_from's. */
static const char *from_domain(const char *addr)
{
	const char *at = strrchr(addr, '@');
	return at && at[1] ? at + 1 : "probity.invalid";
}

static int smtp_send(CURL *c, const struct notify_settings *cfg, const char *rcpt, const char *subject,
                     const char *body, const char *msg_key, long nth, char *errbuf, size_t errn)
{
	struct buf m;
	buf_init(&m, 0);
	char date[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	/* the Message-ID is the message key's: a re-sent copy has the same one */
	char mid[160];
	size_t j = 0;
	for (const char *q = msg_key; *q && j < 100; q++)
		mid[j++] = (*q == ':') ? '.' : *q;
	mid[j] = 0;
	char addr[256];
	from_address(cfg->mail_from, addr, sizeof addr);
	buf_printf(&m, "Date: %s\r\nFrom: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s@%s>\r\n"
	             "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
	             "Content-Transfer-Encoding: 8bit\r\nAuto-Submitted: auto-generated\r\n\r\n%s",
	         date, cfg->mail_from, rcpt, subject, mid, from_domain(addr), body);
	struct upload u = { buf_str(&m), m.n, 0, nth };
	struct curl_slist *to = curl_slist_append(NULL, rcpt);
	char from[300];
	snprintf(from, sizeof from, "<%s>", addr);
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, to);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);   /* STARTTLS when the relay offers it */
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	CURLcode r = curl_easy_perform(c);
	curl_slist_free_all(to);
	buf_release(&m);
	if (r != CURLE_OK) {
		snprintf(errbuf, errn, "%s", curl_easy_strerror(r));
		return -1;
	}
	return 0;
}

/* Only one sender at a time: a lock file beside the database, or, for a
 * PostgreSQL database (no file), beside its access log key. The lock is per
 * host: senders on two hosts against one server database are not kept
 * apart by it. */
static int take_lock(struct store *st, int *fd, struct err *e)
{
	char path[4200], key[4096];
	if (store_is_pg_uri(store_path(st))) {
		alog_key_path(st, key, sizeof key);
		if (!key[0])
			return err_set(e, ERR_INPUT, "Name the access log key (--log-key) to send e-mail from a PostgreSQL "
			                             "database");
		snprintf(path, sizeof path, "%s.notify.lock", key);
	} else
		snprintf(path, sizeof path, "%s.notify.lock", store_path(st));
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (*fd < 0)
		return err_set(e, ERR_IO, "cannot open %s", path);
	if (flock(*fd, LOCK_EX | LOCK_NB)) {
		close(*fd);
		*fd = -1;
		return err_set(e, ERR_CONFLICT, "Another notification sender is running");
	}
	return 0;
}

static void later(long minutes, char out[21])
{
	time_t t = time(NULL) + minutes * 60;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int notify_send(struct store *st, const struct notify_settings *cfg, struct notify_send_stats *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (!cfg->smtp_url[0] || !cfg->mail_from[0])
		return err_set(e, ERR_INPUT, "Set the SMTP relay and the sender address (smtp_url, mail_from)");
	if (strpbrk(cfg->mail_from, "\r\n") || !strchr(cfg->mail_from, '@'))
		return err_set(e, ERR_INPUT, "The sender address (mail_from) is not an e-mail address");
	int fd = -1, rc = -1;
	CURL *c = NULL;
	if (take_lock(st, &fd, e))
		return -1;
	c = curl_easy_init();
	if (!c) {
		err_set(e, ERR_IO, "cannot start libcurl");
		goto out;
	}
	long max_attempts = (long)config_int(st, "notify.max_attempts", 8);
	long nth = 0;
	int64_t last = 0;
	enum { BATCH = 200 };
	struct msg {
		int64_t id;
		long attempts;
		char *key, *rcpt, *subject, *body;
	} *m = xcalloc(BATCH, sizeof *m);
	size_t nm = 0;
	int failed = 0;
	for (;;) {
		char now[21];
		time_now_iso(now);
		/* 'sending' rows were left by a sender that died: the lock says none
		 * runs now. Read a batch in id order, then send each. */
		struct stmt *s;
		if (store_query(st, &s, e,
		                "SELECT id, msg_key, rcpt, subject, body, attempts FROM notify_outbox "
		                "WHERE id > ? AND status IN ('queued', 'sending') AND next_try <= ? ORDER BY id LIMIT 200",
		                "it", last, now)) {
			failed = 1;
			break;
		}
		int r;
		nm = 0;
		while (nm < BATCH && (r = stmt_next(s, e)) == 1) {
			m[nm].id = stmt_int(s, 0);
			m[nm].key = xstrdup(stmt_text(s, 1));
			m[nm].rcpt = xstrdup(stmt_text(s, 2));
			m[nm].subject = xstrdup(stmt_text(s, 3));
			m[nm].body = xstrdup(stmt_text(s, 4));
			m[nm++].attempts = (long)stmt_int(s, 5) + 1;
		}
		stmt_done(s);
		if (r < 0)
			failed = 1;
		for (size_t i = 0; i < nm && !failed; i++) {
			struct msg *x = &m[i];
			last = x->id;
			nth++;
			int ok = !store_exec(st, e, "UPDATE notify_outbox SET status = 'sending', attempts = ? WHERE id = ?",
			                     "ii", (int64_t)x->attempts, x->id);
			char why[256] = "";
			if (ok) {
				maybe_pause(nth, "claimed");
				if (!smtp_send(c, cfg, x->rcpt, x->subject, x->body, x->key, nth, why, sizeof why)) {
					time_now_iso(now);
					ok = !store_exec(st, e, "UPDATE notify_outbox SET status = 'sent', sent_at = ?, "
					                        "last_error = '' WHERE id = ?", "ti", now, x->id);
					out->sent += ok;
					if (ok)
						maybe_pause(nth, "sent");
				} else {
					char next[21];
					later(1L << (x->attempts - 1 < 12 ? x->attempts - 1 : 12), next);
					int dead = x->attempts >= max_attempts;
					ok = !store_exec(st, e, "UPDATE notify_outbox SET status = ?, next_try = ?, last_error = ? "
					                        "WHERE id = ?", "ttti", dead ? "failed" : "queued", next, why, x->id);
					if (dead)
						out->failed++;
					else
						out->retry++;
				}
			}
			if (!ok)
				failed = 1;
		}
		for (size_t i = 0; i < nm; i++) {
			free(m[i].key);
			free(m[i].rcpt);
			free(m[i].subject);
			free(m[i].body);
		}
		if (failed || nm == 0)
			break;
	}
	free(m);
	if (failed)
		goto out;
	rc = 0;
out:
	if (c)
		curl_easy_cleanup(c);
	if (fd >= 0)
		close(fd);
	return rc;
}

int notify_outbox_status(struct store *st, const struct actor *who, struct notify_outbox_counts *c,
                         notify_failure_fn fn, void *ctx, struct err *e)
{
	memset(c, 0, sizeof *c);
	if (alog_require(st, who, ROLE_ADMIN, "view", "notify_outbox", 0,
	                 "Only an administrator can see the e-mail outbox", e))
		return -1;
	if (alog_list(st, who, "notify_outbox", "failures", e, "%s", ""))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT COUNT(CASE WHEN status = 'queued' THEN 1 END), "
	                "COUNT(CASE WHEN status = 'sending' THEN 1 END), COUNT(CASE WHEN status = 'sent' THEN 1 END), "
	                "COUNT(CASE WHEN status = 'failed' THEN 1 END) FROM notify_outbox", ""))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		c->queued = (long)stmt_int(s, 0);
		c->sending = (long)stmt_int(s, 1);
		c->sent = (long)stmt_int(s, 2);
		c->failed = (long)stmt_int(s, 3);
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (!fn)
		return 0;
	if (store_query(st, &s, e,
	                "SELECT id, rcpt, attempts, last_error, created_at FROM notify_outbox "
	                "WHERE status = 'failed' OR (status = 'queued' AND attempts > 0) ORDER BY id DESC LIMIT 200", ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1)
		if (fn(ctx, stmt_int(s, 0), stmt_text(s, 1), (long)stmt_int(s, 2), stmt_text(s, 3), stmt_text(s, 4)))
			break;
	stmt_done(s);
	return r < 0 ? -1 : 0;
}
