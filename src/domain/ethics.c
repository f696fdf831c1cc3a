/* ethics.c — ethics dilemmas, the panel's work and the measures of impact;
 * the rules are stated in ethics.h. The anonymous side reuses anon.h (the
 * receipt, its slow hash) and, like the anonymous reporting line, takes no
 * actor and writes no access-log row: a row would carry the time. */
#include "domain/ethics.h"
#include "domain/inspections.h"
#include "domain/intel.h"
#include "domain/listing.h"
#include "core/buf.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/disclosure.h"
#include "domain/duty.h"
#include "domain/validate.h"
#include "store/store.h"
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PANEL_ROLES ROLE_ETHICS_PANEL
#define DENY_PANEL "Only members of the ethics panel can see the panel's dilemmas"
#define DENY_CHAIR "Only the chair of the ethics panel can do this"
#define TENURE_WARN_DAYS 182

void ethics_ref(int64_t id, char out[ETHICS_REF_SIZE]) { snprintf(out, ETHICS_REF_SIZE, "ETH%06lld", (long long)id); }

const char *ethics_status_label(const char *s)
{
	if (!s)
		return "";
	if (strcmp(s, "received") == 0)
		return "Received";
	if (strcmp(s, "scheduled") == 0)
		return "Scheduled for a meeting";
	if (strcmp(s, "quick_time") == 0)
		return "Being answered quick-time";
	if (strcmp(s, "advised") == 0)
		return "Advice given";
	if (strcmp(s, "redirected") == 0)
		return "Redirected";
	if (strcmp(s, "declined") == 0)
		return "Declined";
	return s;
}

int ethics_principles(struct store *st, int (*fn)(void *ctx, const char *key, const char *name), void *ctx,
                      struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = -1;
	if (store_query(st, &s, e, "SELECT key, name FROM ethics_principles ORDER BY position", ""))
		return -1;
	while ((r = stmt_next(s, e)) == 1)
		if (fn(ctx, stmt_text(s, 0), stmt_text(s, 1)))
			goto out;
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	return rc;
}

/* ---- raising ---- */

static int one_of(const char *v, const char *const *set)
{
	for (; v && *set; set++)
		if (strcmp(v, *set) == 0)
			return 1;
	return 0;
}

int ethics_validate(struct store *st, const struct ethics_new *in, int anonymous_route, struct errlist *errs)
{
	static const char *const urg[] = { "routine", "quick", NULL };
	static const char *const modes[] = { "named", "confidential", "anonymous", NULL };
	if (blank(in->situation))
		errlist_add(errs, "situation", "Describe the situation you want advice on");
	else if (strlen(in->situation) > ETHICS_TEXT_MAX)
		errlist_add(errs, "situation", "The situation must be %d characters or fewer", ETHICS_TEXT_MAX);
	if (!in->nprinciples)
		errlist_add(errs, "principles", "Select at least one principle of the Code of Ethics");
	else if (in->nprinciples > ETHICS_NPRIN_MAX)
		errlist_add(errs, "principles", "Select %d principles at most", ETHICS_NPRIN_MAX);
	for (size_t i = 0; i < in->nprinciples && i < ETHICS_NPRIN_MAX && !errlist_get(errs, "principles"); i++) {
		struct err e2 = { 0 };
		char k[40];
		if (store_text(st, &e2, k, sizeof k, "SELECT key FROM ethics_principles WHERE key = ?", "t",
		               in->principles[i]) != 1)
			errlist_add(errs, "principles", "Select principles from the list");
	}
	if (!one_of(in->urgency, urg))
		errlist_add(errs, "urgency", "Select how soon you need an answer");
	if (!anonymous_route && !one_of(in->mode, modes))
		errlist_add(errs, "mode", "Select whether you want to be named, kept confidential or anonymous");
	else if (!anonymous_route && strcmp(in->mode, "anonymous") == 0)
		errlist_add(errs, "mode", "To ask anonymously, use the anonymous route: it keeps nothing about you");
	return errs->n;
}

static int add_message(struct store *st, int64_t id, const char *author, const char *text, struct err *e)
{
	char today[11];
	int64_t seq;
	date_today(today);
	if (store_exec(st, e, "UPDATE ethics_dilemmas SET last_seq = last_seq + 1 WHERE id = ?", "i", id) ||
	    store_int(st, e, &seq, "SELECT last_seq FROM ethics_dilemmas WHERE id = ?", "i", id) != 1 ||
	    store_exec(st, e, "INSERT INTO ethics_messages(dilemma_id, seq, author, day, body) VALUES (?, ?, ?, ?, ?)",
	               "iitt" "t", id, seq, author, today, text))
		return -1;
	return 0;
}

/* Insert the dilemma row and its principles inside the caller's transaction. */
static int insert_dilemma(struct store *st, const struct ethics_new *in, int64_t raiser, const char *hash,
                          int64_t *id, struct err *e)
{
	char today[11];
	date_today(today);
	if (store_exec(st, e,
	               "INSERT INTO ethics_dilemmas(mode, raiser_id, receipt_hash, raised_on, situation, urgency, "
	               "submit_key) VALUES (?, NULLIF(?, 0), ?, ?, ?, ?, ?)",
	               "titttt" "t", hash ? "anonymous" : in->mode, raiser, hash, today, in->situation, in->urgency,
	               hash ? NULL : in->submit_key))
		return -1;
	*id = store_last_id(st);
	for (size_t i = 0; i < in->nprinciples; i++)
		if (store_exec(st, e,
		               "INSERT INTO ethics_dilemma_principles(dilemma_id, principle) VALUES (?, ?) "
		               "ON CONFLICT (dilemma_id, principle) DO NOTHING",
		               "it", *id, in->principles[i]))
			return -1;
	return 0;
}

int ethics_raise(struct store *st, const struct actor *who, const struct ethics_new *in, int64_t *id,
                 struct errlist *errs, struct err *e)
{
	char ref[ETHICS_REF_SIZE];
	*id = 0;
	if (!who || !who->account_id)
		return err_set(e, ERR_DENIED, "Sign in to ask the ethics panel, or ask anonymously");
	if (ethics_validate(st, in, 0, errs))
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	if (in->submit_key) {
		int64_t prev;
		int r = store_int(st, e, &prev, "SELECT id FROM ethics_dilemmas WHERE submit_key = ? AND raiser_id = ?",
		                  "ti", in->submit_key, who->account_id);
		if (r < 0)
			return -1;
		if (r == 1) {
			*id = prev;
			return 0;
		}
	}
	if (store_begin(st, e))
		return -1;
	if (insert_dilemma(st, in, who->account_id, NULL, id, e))
		goto fail;
	ethics_ref(*id, ref);
	if (alog_write(st, who, "create", "ethics_dilemma", ref, "ok", in->mode, e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	*id = 0;
	return -1;
}

static int insert_anon(struct store *st, void *ctx, const char *hash, struct err *e)
{
	int64_t id;
	return insert_dilemma(st, ctx, 0, hash, &id, e);
}

int ethics_raise_anon(struct store *st, const struct ethics_new *in, char receipt[ANON_RECEIPT_SIZE],
                      struct errlist *errs, struct err *e)
{
	receipt[0] = 0;
	if (ethics_validate(st, in, 1, errs))
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	return anon_receipt_issue(st, receipt, insert_anon, (void *)in, e);
}

int ethics_anon_open(struct store *st, const char *receipt, int64_t *id, struct err *e)
{
	return anon_receipt_find(st, receipt, "SELECT id FROM ethics_dilemmas WHERE receipt_hash = ?", "dilemma", id, e);
}

/* ---- reading ---- */

/* One statement for every view; the raiser's name is chosen in C by who looks. */
#define ROW_SQL                                                                                                       \
	"SELECT d.id, COALESCE(d.meeting_id, 0), COALESCE(c.id, 0), d.mode, d.urgency, d.status, d.raised_on, "       \
	"COALESCE(m.held_on, ''), COALESCE(d.advised_on, ''), COALESCE(d.feedback_due, ''), "                          \
	"COALESCE(p.forenames || ' ' || p.surname, a.username, ''), d.situation, d.triage_note, d.redirect_to, "       \
	"d.advice, d.force_advice, COALESCE(d.force_response, ''), d.force_reason, d.force_change, "                   \
	"COALESCE(d.force_done_on, ''), COALESCE(d.raiser_id, 0), "                                                   \
	"(SELECT COUNT(*) FROM ethics_conflicts x WHERE x.dilemma_id = d.id AND x.account_id = ?), "                   \
	"COALESCE(d.force_finding_id, 0), COALESCE((SELECT f.status FROM findings f WHERE f.id = d.force_finding_id), '') " \
	", COALESCE(d.acu_consent_on, ''), COALESCE((SELECT i.reference FROM intel_items i WHERE i.id = d.intel_item_id), '') " \
	"FROM ethics_dilemmas d LEFT JOIN ethics_meetings m ON m.id = d.meeting_id "                                   \
	"LEFT JOIN ethics_cases c ON c.dilemma_id = d.id LEFT JOIN accounts a ON a.id = d.raiser_id "                  \
	"LEFT JOIN people p ON p.id = a.person_id "

/* The names of dilemma id's principles, in the Code's order, ", "-joined
 * into out (empty when they cannot be read: a display field). */
static void principles_of(struct store *st, int64_t id, char *out, size_t size)
{
	struct stmt *q = NULL;
	struct err e2 = { 0 };
	size_t n = 0;
	out[0] = 0;
	if (store_query(st, &q, &e2,
	                "SELECT p.name FROM ethics_dilemma_principles dp JOIN ethics_principles p ON p.key = dp.principle "
	                "WHERE dp.dilemma_id = ? ORDER BY p.position",
	                "i", id) == 0)
		while (stmt_next(q, &e2) == 1 && n < size) {
			int w = snprintf(out + n, size - n, "%s%s", n ? ", " : "", stmt_text(q, 0));
			if (w < 0)
				break;
			n += (size_t)w;
		}
	stmt_done(q);
}

/* who sees the raiser's name: 2 the raiser/any panel member (named), 1 the chair only (confidential). */
static void read_row(struct store *st, struct stmt *s, struct ethics_row *o, int chair)
{
	o->id = stmt_int(s, 0);
	o->meeting_id = stmt_int(s, 1);
	o->case_id = stmt_int(s, 2);
	ethics_ref(o->id, o->ref);
	copy(o->mode, sizeof o->mode, stmt_text(s, 3));
	copy(o->urgency, sizeof o->urgency, stmt_text(s, 4));
	copy(o->status, sizeof o->status, stmt_text(s, 5));
	copy(o->raised_on, sizeof o->raised_on, stmt_text(s, 6));
	copy(o->meeting_on, sizeof o->meeting_on, stmt_text(s, 7));
	copy(o->advised_on, sizeof o->advised_on, stmt_text(s, 8));
	copy(o->feedback_due, sizeof o->feedback_due, stmt_text(s, 9));
	o->raiser[0] = 0;
	if (strcmp(o->mode, "named") == 0 || (strcmp(o->mode, "confidential") == 0 && chair))
		copy(o->raiser, sizeof o->raiser, stmt_text(s, 10));
	copy(o->situation, sizeof o->situation, stmt_text(s, 11));
	copy(o->triage_note, sizeof o->triage_note, stmt_text(s, 12));
	copy(o->redirect_to, sizeof o->redirect_to, stmt_text(s, 13));
	copy(o->advice, sizeof o->advice, stmt_text(s, 14));
	copy(o->force_advice, sizeof o->force_advice, stmt_text(s, 15));
	copy(o->force_response, sizeof o->force_response, stmt_text(s, 16));
	copy(o->force_reason, sizeof o->force_reason, stmt_text(s, 17));
	copy(o->force_change, sizeof o->force_change, stmt_text(s, 18));
	copy(o->force_done_on, sizeof o->force_done_on, stmt_text(s, 19));
	o->conflicted = stmt_int(s, 21) > 0;
	o->force_finding_id = stmt_int(s, 22);
	copy(o->force_finding_status, sizeof o->force_finding_status, stmt_text(s, 23));
	copy(o->acu_consent_on, sizeof o->acu_consent_on, stmt_text(s, 24));
	copy(o->intel_ref, sizeof o->intel_ref, stmt_text(s, 25));
	principles_of(st, o->id, o->principles, sizeof o->principles);
}

static int thread(struct store *st, int64_t id, ethics_msg_fn fn, void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = -1;
	struct ethics_msg *m;
	if (!fn)
		return 0;
	m = xmalloc(sizeof *m);
	if (store_query(st, &s, e, "SELECT seq, author, day, body FROM ethics_messages WHERE dilemma_id = ? ORDER BY seq",
	                "i", id))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		m->seq = stmt_int(s, 0);
		copy(m->author, sizeof m->author, stmt_text(s, 1));
		copy(m->day, sizeof m->day, stmt_text(s, 2));
		copy(m->body, sizeof m->body, stmt_text(s, 3));
		if (fn(ctx, m))
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	free(m);
	return rc;
}

/* Load dilemma id into row: 1 found, 0 not, -1 error. *raiser gets its raiser's account. */
static int load(struct store *st, const struct actor *who, int64_t id, int chair, struct ethics_row *row,
                int64_t *raiser, struct err *e)
{
	struct stmt *s = NULL;
	int r;
	if (store_query(st, &s, e, ROW_SQL "WHERE d.id = ?", "ii", who ? who->account_id : 0, id))
		return -1;
	r = stmt_next(s, e);
	if (r == 1) {
		read_row(st, s, row, chair);
		if (raiser)
			*raiser = stmt_int(s, 20);
	}
	stmt_done(s);
	return r;
}

/* Read every row of the prepared query s (ROW_SQL ...) to fn, then release s. */
static int list_rows(struct store *st, struct stmt *s, int chair, ethics_row_fn fn, void *ctx, struct err *e)
{
	struct ethics_row *row = xmalloc(sizeof *row);
	int r, rc = -1;
	while ((r = stmt_next(s, e)) == 1) {
		read_row(st, s, row, chair);
		if (fn(ctx, row))
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	free(row);
	return rc;
}

int ethics_mine(struct store *st, const struct actor *who, ethics_row_fn fn, void *ctx, struct err *e)
{
	if (!who || !who->account_id)
		return err_set(e, ERR_DENIED, "Sign in to see your dilemmas");
	if (alog_list(st, who, "ethics_dilemma", "mine", e, "own"))
		return -1;
	struct stmt *s = NULL;
	if (store_query(st, &s, e, ROW_SQL "WHERE d.raiser_id = ? ORDER BY d.raised_on DESC, d.id DESC", "ii",
	                who->account_id, who->account_id))
		return -1;
	return list_rows(st, s, 1, fn, ctx, e);
}

int ethics_mine_get(struct store *st, const struct actor *who, int64_t id, struct ethics_row *row, ethics_msg_fn fn,
                    void *ctx, struct err *e)
{
	int64_t raiser = 0;
	int r;
	if (!who || !who->account_id)
		return err_set(e, ERR_DENIED, "Sign in to see your dilemmas");
	r = load(st, who, id, 1, row, &raiser, e);
	if (r < 0)
		return -1;
	if (r == 0 || raiser != who->account_id) {
		alog_writei(st, who, "view", "ethics_dilemma", id, "refused", "not the raiser", NULL);
		return err_set(e, ERR_NOTFOUND, "You have no dilemma with this number");
	}
	if (alog_write(st, who, "view", "ethics_dilemma", row->ref, "ok", "raiser", e))
		return -1;
	return thread(st, id, fn, ctx, e);
}

static int reply(struct store *st, int64_t id, const char *text, struct errlist *errs, struct err *e,
                 const struct actor *who)
{
	char ref[ETHICS_REF_SIZE];
	if (blank(text))
		errlist_add(errs, "text", "Write your message");
	else if (strlen(text) > ETHICS_TEXT_MAX)
		errlist_add(errs, "text", "Your message must be %d characters or fewer", ETHICS_TEXT_MAX);
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	ethics_ref(id, ref);
	if (store_begin(st, e))
		return -1;
	if (add_message(st, id, "raiser", text, e) ||
	    (who && alog_write(st, who, "reply", "ethics_dilemma", ref, "ok", "raiser", e)) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int ethics_mine_reply(struct store *st, const struct actor *who, int64_t id, const char *text, struct errlist *errs,
                      struct err *e)
{
	int64_t raiser = 0;
	struct ethics_row *row = xmalloc(sizeof *row);
	int r = -1;
	if (!who || !who->account_id) {
		r = err_set(e, ERR_DENIED, "Sign in to answer the panel");
		goto out;
	}
	r = load(st, who, id, 1, row, &raiser, e);
	if (r < 0)
		goto out;
	if (r == 0 || raiser != who->account_id) {
		alog_writei(st, who, "reply", "ethics_dilemma", id, "refused", "not the raiser", NULL);
		r = err_set(e, ERR_NOTFOUND, "You have no dilemma with this number");
		goto out;
	}
	r = reply(st, id, text, errs, e, who);
out:
	free(row);
	return r;
}

int ethics_anon_get(struct store *st, int64_t id, struct ethics_row *row, ethics_msg_fn fn, void *ctx, struct err *e)
{
	int r = load(st, NULL, id, 0, row, NULL, e);
	if (r < 0)
		return -1;
	if (r == 0 || strcmp(row->mode, "anonymous") != 0)
		return err_set(e, ERR_NOTFOUND, "No dilemma has this receipt");
	return thread(st, id, fn, ctx, e);
}

int ethics_anon_reply(struct store *st, int64_t id, const char *text, struct errlist *errs, struct err *e)
{
	char mode[16];
	int r = store_text(st, e, mode, sizeof mode, "SELECT mode FROM ethics_dilemmas WHERE id = ?", "i", id);
	if (r < 0)
		return -1;
	if (r == 0 || strcmp(mode, "anonymous") != 0)
		return err_set(e, ERR_NOTFOUND, "No dilemma has this receipt");
	return reply(st, id, text, errs, e, NULL);
}

/* ---- the panel ---- */

int ethics_is_chair(struct store *st, const struct actor *who, struct err *e)
{
	char today[11];
	int64_t n = 0;
	if (!who || !who->account_id || !actor_has(who, ROLE_ETHICS_PANEL))
		return 0;
	date_today(today);
	if (store_int(st, e, &n,
	              "SELECT COUNT(*) FROM ethics_members WHERE account_id = ? AND chair = 1 AND term_start <= ? "
	              "AND (term_end IS NULL OR term_end >= ?)",
	              "itt", who->account_id, today, today) < 0)
		return -1;
	return n > 0;
}

static int require_chair(struct store *st, const struct actor *who, const char *action, const char *type,
                         int64_t id, struct err *e)
{
	int c = ethics_is_chair(st, who, e);
	if (c < 0)
		return -1;
	if (!c) {
		alog_writei(st, who, action, type, id, "refused", "not the chair", NULL);
		return err_set(e, ERR_DENIED, DENY_CHAIR);
	}
	return 0;
}

int ethics_panel_list(struct store *st, const struct actor *who, const char *status, ethics_row_fn fn, void *ctx,
                      struct err *e)
{
	int chair;
	if (alog_require(st, who, PANEL_ROLES, "list", "ethics_dilemma", 0, DENY_PANEL, e))
		return -1;
	if ((chair = ethics_is_chair(st, who, e)) < 0)
		return -1;
	if (alog_list(st, who, "ethics_dilemma", "panel", e, "status=%s", status ? status : ""))
		return -1;
	struct stmt *s = NULL;
	if (store_query(st, &s, e,
	                ROW_SQL "WHERE COALESCE(d.raiser_id, 0) <> ? AND (? = '' OR d.status = ?) "
	                        "ORDER BY d.raised_on DESC, d.id DESC",
	                "iitt", who->account_id, who->account_id, status ? status : "", status ? status : ""))
		return -1;
	return list_rows(st, s, chair, fn, ctx, e);
}

/* Separation of duties on a decision about dilemma row: never the raiser. */
static int duty(struct store *st, const struct actor *who, const struct ethics_row *row, int64_t raiser,
                const char *action, const char *verb, struct err *e)
{
	struct duty_party p = { 0, raiser, DUTY_DECLARANT };
	struct duty_act a = { .action = action, .verb = verb, .object_type = "ethics_dilemma", .object_id = row->id,
		              .object_ref = row->ref, .kind = NULL, .parties = &p, .nparties = raiser ? 1 : 0 };
	return duty_check(st, who, &a, e);
}

/* The panel's gate for one item: role, exists, not raised by who, no
 * conflict declared. verb names a decision (triage, advice, publishing):
 * the raiser is then refused by duty.h's rule, logged as separation of
 * duties; for reading and asking, as "conflict: raiser". */
static int panel_open(struct store *st, const struct actor *who, int64_t id, const char *action, const char *verb,
                      struct ethics_row *row, int64_t *raiser, int *chair, struct err *e)
{
	int r;
	if (alog_require(st, who, PANEL_ROLES, action, "ethics_dilemma", id, DENY_PANEL, e))
		return -1;
	if ((*chair = ethics_is_chair(st, who, e)) < 0)
		return -1;
	r = load(st, who, id, *chair, row, raiser, e);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No dilemma with this number");
	if (verb && *raiser == who->account_id)
		return duty(st, who, row, *raiser, action, verb, e);
	if (*raiser == who->account_id || row->conflicted) {
		alog_write(st, who, action, "ethics_dilemma", row->ref, "refused",
		           *raiser == who->account_id ? "conflict: raiser" : "conflict: declared", NULL);
		return err_set(e, ERR_DENIED, "You are excluded from this dilemma: %s",
		               *raiser == who->account_id ? "you raised it" : "you declared a conflict");
	}
	return 0;
}

int ethics_panel_get(struct store *st, const struct actor *who, int64_t id, struct ethics_row *row, ethics_msg_fn fn,
                     void *ctx, struct err *e)
{
	int64_t raiser;
	int chair;
	if (panel_open(st, who, id, "view", NULL, row, &raiser, &chair, e))
		return -1;
	if (alog_write(st, who, "view", "ethics_dilemma", row->ref, "ok", chair ? "chair" : "panel", e))
		return -1;
	return thread(st, id, fn, ctx, e);
}

int ethics_acu_consent(struct store *st, const struct actor *who, int64_t id, struct err *e)
{
	char today[11], ref[ETHICS_REF_SIZE];
	int64_t n = 0;
	ethics_ref(id, ref);
	if (!who || !who->account_id)
		return err_set(e, ERR_DENIED, "Sign in to give your consent");
	date_today(today);
	if (store_begin(st, e))
		return -1;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM ethics_dilemmas WHERE id = ? AND raiser_id = ?", "ii", id,
	              who->account_id) < 0)
		goto fail;
	if (!n) {   /* not theirs (or anonymous: no account): the same answer as a missing one */
		alog_write(st, who, "consent", "ethics_dilemma", ref, "refused", "not the raiser", NULL);
		store_rollback(st);
		return err_set(e, ERR_NOTFOUND, "No dilemma of yours with this number");
	}
	if (store_exec(st, e, "UPDATE ethics_dilemmas SET acu_consent_on = ? WHERE id = ? AND acu_consent_on IS NULL", "ti",
	               today, id) ||
	    alog_write(st, who, "consent", "ethics_dilemma", ref, "ok", "pass to the counter-corruption unit", e) ||
	    store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int ethics_pass_to_acu(struct store *st, const struct actor *who, int64_t id, const char *sanitised, char intel_ref[16],
                       struct errlist *errs, struct err *e)
{
	struct ethics_row *row = xmalloc(sizeof *row);
	int64_t raiser, item = 0;
	int chair, rc = -1, anonymous;
	struct buf orig = BUF_INIT;
	intel_ref[0] = 0;
	if (panel_open(st, who, id, "refer", NULL, row, &raiser, &chair, e))
		goto out;
	if (!chair) {
		alog_write(st, who, "refer", "ethics_dilemma", row->ref, "refused", "not the chair", NULL);
		err_set(e, ERR_DENIED, DENY_CHAIR);
		goto out;
	}
	anonymous = strcmp(row->mode, "anonymous") == 0;
	if (row->intel_ref[0]) {
		err_set(e, ERR_CONFLICT, "This concern has already been passed to the counter-corruption unit as %s",
		        row->intel_ref);
		goto out;
	}
	if (!anonymous && !row->acu_consent_on[0]) {
		alog_write(st, who, "refer", "ethics_dilemma", row->ref, "refused", "no consent", NULL);
		err_set(e, ERR_CONFLICT, "The person who raised it has not consented to it going to the counter-corruption unit");
		goto out;
	}
	if (blank(sanitised))
		errlist_add(errs, "sanitised", "Write the concern as it may be shared, with nothing that identifies "
		                               "the person who raised it");
	check_len(errs, "sanitised", "The sanitised concern", sanitised, 4000);
	if (errs->n) {
		err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
		goto out;
	}
	/* an anonymous raiser stays anonymous: the ACU gets the sanitised report
	 * only; a consenting one's own words, and their name when named */
	buf_init(&orig, 0);
	if (anonymous)
		buf_adds(&orig, sanitised);
	else
		buf_printf(&orig, "%s\n\nPassed by the ethics panel (%s) with the consent of the person who raised it, "
		                  "given on %s%s%s.",
		           row->situation, row->ref, row->acu_consent_on, row->raiser[0] ? ": " : "", row->raiser);
	if (store_begin(st, e))
		goto out;
	if (intel_item_refer(st, who, anonymous ? "anonymous" : "named", buf_str(&orig), sanitised, &item, intel_ref, e) ||
	    store_exec(st, e, "UPDATE ethics_dilemmas SET intel_item_id = ? WHERE id = ?", "ii", item, id) ||
	    add_message(st, id, "panel", "The panel has passed the concern you raised to the counter-corruption unit.", e) ||
	    alog_write(st, who, "refer", "ethics_dilemma", row->ref, "ok", intel_ref, e) || store_commit(st, e)) {
		store_rollback(st);
		goto out;
	}
	rc = 0;
out:
	buf_release(&orig);
	free(row);
	return rc;
}

int ethics_declare_conflict(struct store *st, const struct actor *who, int64_t id, struct err *e)
{
	char today[11], ref[ETHICS_REF_SIZE];
	int64_t n;
	if (alog_require(st, who, PANEL_ROLES, "declare_conflict", "ethics_dilemma", id, DENY_PANEL, e))
		return -1;
	int r = store_int(st, e, &n, "SELECT id FROM ethics_dilemmas WHERE id = ?", "i", id);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No dilemma with this number");
	date_today(today);
	ethics_ref(id, ref);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO ethics_conflicts(dilemma_id, account_id, declared_on) VALUES (?, ?, ?) "
	               "ON CONFLICT (dilemma_id, account_id) DO NOTHING",
	               "iit", id, who->account_id, today) ||
	    alog_write(st, who, "declare_conflict", "ethics_dilemma", ref, "ok", "", e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

static int agenda_count(struct store *st, int64_t meeting_id, int64_t *n, struct err *e)
{
	return store_int(st, e, n, "SELECT COUNT(*) FROM ethics_dilemmas WHERE meeting_id = ?", "i", meeting_id) < 0 ? -1
	                                                                                                            : 0;
}

int ethics_triage(struct store *st, const struct actor *who, int64_t id, const char *action, int64_t meeting_id,
                  const char *note, const char *redirect_to, struct errlist *errs, struct err *e)
{
	static const char *const acts[] = { "schedule", "quick", "redirect", "decline", NULL };
	struct ethics_row *row = xmalloc(sizeof *row);
	int64_t raiser, n, cap = config_int(st, "ethics.agenda_max", 3);
	int chair, rc = -1;
	char msg[1400];
	if (panel_open(st, who, id, "triage", "triage", row, &raiser, &chair, e))
		goto out;
	if (!chair) {
		alog_write(st, who, "triage", "ethics_dilemma", row->ref, "refused", "not the chair", NULL);
		err_set(e, ERR_DENIED, DENY_CHAIR);
		goto out;
	}
	if (strcmp(row->status, "received") != 0 && strcmp(row->status, "scheduled") != 0) {
		err_set(e, ERR_CONFLICT, "This dilemma has already been %s", ethics_status_label(row->status));
		goto out;
	}
	if (!one_of(action, acts))
		errlist_add(errs, "action", "Select what happens to this dilemma");
	else if (strcmp(action, "schedule") == 0) {
		char held[11];
		int r = store_text(st, e, held, sizeof held, "SELECT held_on FROM ethics_meetings WHERE id = ?", "i",
		                   meeting_id);
		if (r < 0)
			goto out;
		if (r == 0)
			errlist_add(errs, "meeting_id", "Select the meeting");
		else if (row->meeting_id != meeting_id) {
			if (agenda_count(st, meeting_id, &n, e))
				goto out;
			if (n >= cap)
				errlist_add(errs, "meeting_id", "That meeting's agenda is full (%lld items at most): choose another",
				            (long long)cap);
		}
	} else if (strcmp(action, "redirect") == 0 || strcmp(action, "decline") == 0) {
		if (strcmp(action, "redirect") == 0 && blank(redirect_to))
			errlist_add(errs, "redirect_to", "Say where the dilemma should go instead");
		if (blank(note))
			errlist_add(errs, "note", "Give the reason the person who asked will read");
		check_len(errs, "note", "The reason", note, 1000);
		check_len(errs, "redirect_to", "Where", redirect_to, 200);
	}
	if (errs->n) {
		err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
		goto out;
	}
	if (store_begin(st, e))
		goto out;
	int bad;
	if (strcmp(action, "schedule") == 0)
		bad = store_exec(st, e, "UPDATE ethics_dilemmas SET status = 'scheduled', meeting_id = ? WHERE id = ?", "ii",
		                 meeting_id, id);
	else if (strcmp(action, "quick") == 0) { /* the advice is due within ethics.quick_days (default 10) */
		char due[11], today[11];
		date_today(today);
		date_format(date_days(today) + (long)config_int(st, "ethics.quick_days", 10), due);
		bad = store_exec(st, e,
		                 "UPDATE ethics_dilemmas SET status = 'quick_time', meeting_id = NULL, feedback_due = ? "
		                 "WHERE id = ?",
		                 "ti", due, id);
	}
	else {
		bad = store_exec(st, e,
		                 "UPDATE ethics_dilemmas SET status = ?, triage_note = ?, redirect_to = ?, meeting_id = NULL "
		                 "WHERE id = ?",
		                 "ttti", strcmp(action, "redirect") == 0 ? "redirected" : "declined", note,
		                 redirect_to ? redirect_to : "", id);
		if (!bad) {
			if (strcmp(action, "redirect") == 0)
				snprintf(msg, sizeof msg, "The panel has redirected your dilemma to: %s. Why: %s", redirect_to, note);
			else
				snprintf(msg, sizeof msg, "The panel has declined your dilemma. Why: %s", note);
			bad = add_message(st, id, "panel", msg, e);
		}
	}
	if (bad || alog_write(st, who, "triage", "ethics_dilemma", row->ref, "ok", action, e) || store_commit(st, e)) {
		store_rollback(st);
		goto out;
	}
	rc = 0;
out:
	free(row);
	return rc;
}

int ethics_ask(struct store *st, const struct actor *who, int64_t id, const char *text, struct errlist *errs,
               struct err *e)
{
	struct ethics_row *row = xmalloc(sizeof *row);
	int64_t raiser;
	int chair, rc = -1;
	if (panel_open(st, who, id, "ask", NULL, row, &raiser, &chair, e))
		goto out;
	if (blank(text))
		errlist_add(errs, "text", "Write your question");
	check_len(errs, "text", "The question", text, ETHICS_TEXT_MAX);
	if (errs->n) {
		err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
		goto out;
	}
	if (store_begin(st, e))
		goto out;
	if (add_message(st, id, "panel", text, e) || alog_write(st, who, "ask", "ethics_dilemma", row->ref, "ok", "", e) ||
	    store_commit(st, e)) {
		store_rollback(st);
		goto out;
	}
	rc = 0;
out:
	free(row);
	return rc;
}

/* The quorum of meeting id: present, independents among them, whether met. */
static int quorum(struct store *st, int64_t id, int *present, int *indep, int *met, struct err *e)
{
	int64_t p = 0, i = 0;
	if (store_int(st, e, &p, "SELECT COUNT(*) FROM ethics_attendance WHERE meeting_id = ?", "i", id) < 0 ||
	    store_int(st, e, &i,
	              "SELECT COUNT(*) FROM ethics_attendance t JOIN ethics_members m ON m.id = t.member_id "
	              "WHERE t.meeting_id = ? AND m.independent = 1",
	              "i", id) < 0)
		return -1;
	*present = (int)p;
	*indep = (int)i;
	*met = p >= config_int(st, "ethics.quorum", 5) && i >= config_int(st, "ethics.quorum_independent", 2);
	return 0;
}

int ethics_may_advise(struct store *st, const struct actor *who, const struct ethics_row *r)
{
	struct err e = { 0 };
	if (!actor_has(who, ROLE_ETHICS_PANEL) || r->conflicted)
		return 0;
	if (strcmp(r->status, "quick_time") == 0)
		return ethics_is_chair(st, who, &e) == 1;
	return strcmp(r->status, "scheduled") == 0;
}

/* Advice to the force is tracked to completion in the findings tracker, as
 * finding REF of the learning source LEARNING_ETHICS (owner, updates, board
 * sign-off, reminders), inside the caller's transaction. */
static int force_track(struct store *st, const struct actor *who, int64_t id, const char *ref,
                       const char *force_advice, struct err *e)
{
	if (blank(force_advice))
		return 0;
	struct finding_input in = { "recommendation", "no", ref, force_advice, "Ethics panel advice to the force", "", "" };
	struct errlist fe = { 0 };
	int64_t fid = 0;
	if (learning_add(st, who, LEARNING_ETHICS, "The ethics panel", &in, &fid, &fe, e))
		return -1;
	return store_exec(st, e, "UPDATE ethics_dilemmas SET force_finding_id = ? WHERE id = ?", "ii", fid, id);
}

int ethics_advise(struct store *st, const struct actor *who, int64_t id, const char *advice, const char *feedback_due,
                  const char *force_advice, struct errlist *errs, struct err *e)
{
	struct ethics_row *row = xmalloc(sizeof *row);
	int64_t raiser;
	int chair, rc = -1, present, indep, met;
	char today[11];
	if (panel_open(st, who, id, "advise", "give advice on", row, &raiser, &chair, e))
		goto out;
	if (strcmp(row->status, "scheduled") == 0) {
		if (quorum(st, row->meeting_id, &present, &indep, &met, e))
			goto out;
		if (!met) { /* told on the form: the chair records who was present, then advice can be given */
			alog_write(st, who, "advise", "ethics_dilemma", row->ref, "refused", "no quorum", NULL);
			errlist_add(errs, "advice",
			            "The meeting is not quorate (%d present, %d independent; %lld and %lld needed): the chair "
			            "records who was present first",
			            present, indep, (long long)config_int(st, "ethics.quorum", 5),
			            (long long)config_int(st, "ethics.quorum_independent", 2));
			err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
			goto out;
		}
	} else if (strcmp(row->status, "quick_time") == 0) {
		if (!chair) {
			alog_write(st, who, "advise", "ethics_dilemma", row->ref, "refused", "quick-time: not the chair", NULL);
			err_set(e, ERR_DENIED, "The chair records quick-time advice");
			goto out;
		}
	} else {
		err_set(e, ERR_CONFLICT, "Advice is given on a dilemma scheduled for a meeting or answered quick-time");
		goto out;
	}
	date_today(today);
	if (blank(advice))
		errlist_add(errs, "advice", "Write the panel's advice in plain words");
	check_len(errs, "advice", "The advice", advice, ETHICS_TEXT_MAX);
	if (!date_valid(feedback_due))
		errlist_add(errs, "feedback_due", "Enter the date by which the advice goes back, for example 27 3 2027");
	else if (strcmp(feedback_due, today) < 0)
		errlist_add(errs, "feedback_due", "The date the advice goes back must be today or later");
	/* the findings tracker's limit: advice to the force is tracked there */
	check_len(errs, "force_advice", "Advice to the force", force_advice, 4000);
	if (errs->n) {
		err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
		goto out;
	}
	if (store_begin(st, e))
		goto out;
	if (store_exec(st, e,
	               "UPDATE ethics_dilemmas SET status = 'advised', advice = ?, advised_on = ?, feedback_due = ?, "
	               "force_advice = ? WHERE id = ?",
	               "tttti", advice, today, feedback_due, force_advice ? force_advice : "", id) ||
	    add_message(st, id, "panel", advice, e) ||
	    force_track(st, who, id, row->ref, force_advice, e) ||
	    alog_write(st, who, "advise", "ethics_dilemma", row->ref, "ok", chair ? "chair" : "panel", e) ||
	    store_commit(st, e)) {
		store_rollback(st);
		goto out;
	}
	rc = 0;
out:
	free(row);
	return rc;
}

int ethics_force_respond(struct store *st, const struct actor *who, int64_t id, const char *response,
                         const char *reason, const char *change, const char *done_on, struct errlist *errs,
                         struct err *e)
{
	static const char *const resp[] = { "accepted", "partly", "not_accepted", NULL };
	char ref[ETHICS_REF_SIZE], fa[8];
	ethics_ref(id, ref);
	if (alog_require(st, who, ROLE_GOVERNANCE, "respond", "ethics_dilemma", id,
	                 "Governance records the force's response to the panel's advice", e))
		return -1;
	int r = store_text(st, e, fa, sizeof fa,
	                   "SELECT CASE WHEN trim(force_advice) <> '' THEN 'yes' ELSE 'no' END FROM ethics_dilemmas "
	                   "WHERE id = ? AND status = 'advised'",
	                   "i", id);
	if (r < 0)
		return -1;
	if (r == 0 || strcmp(fa, "yes") != 0)
		return err_set(e, ERR_CONFLICT, "This dilemma has no advice to the force to respond to");
	if (!one_of(response, resp))
		errlist_add(errs, "response", "Select whether the force accepted the advice");
	else if (strcmp(response, "accepted") != 0 && blank(reason))
		errlist_add(errs, "reason", "Give the reasons the advice was not accepted in full");
	check_len(errs, "reason", "The reasons", reason, 1000);
	check_len(errs, "change", "The change", change, 1000);
	if (done_on && *done_on && !date_valid(done_on))
		errlist_add(errs, "done_on", "Enter a real date the change was completed, or leave it blank");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE ethics_dilemmas SET force_response = ?, force_reason = ?, force_change = ?, "
	               "force_done_on = NULLIF(?, '') WHERE id = ?",
	               "tttti", response, reason ? reason : "", change ? change : "", done_on ? done_on : "", id) ||
	    alog_write(st, who, "respond", "ethics_dilemma", ref, "ok", response, e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

struct force_ctx { ethics_row_fn fn; void *ctx; };
static int force_row(void *ctx, const struct ethics_row *r)
{
	struct force_ctx *f = ctx;
	struct ethics_row *o = xmalloc(sizeof *o);
	*o = *r;
	o->situation[0] = 0;
	o->raiser[0] = 0;
	o->advice[0] = 0;
	int rc = f->fn(f->ctx, o);
	free(o);
	return rc;
}

int ethics_force_trackable(const struct actor *who) { return actor_has(who, INSP_READ); }

int ethics_force_list(struct store *st, const struct actor *who, ethics_row_fn fn, void *ctx, struct err *e)
{
	struct force_ctx f = { fn, ctx };
	if (alog_require(st, who, ROLE_GOVERNANCE | ROLE_ETHICS_PANEL, "list", "ethics_force_advice", 0,
	                 "Only governance and the ethics panel can see the advice to the force", e))
		return -1;
	if (alog_list(st, who, "ethics_force_advice", "all", e, "all"))
		return -1;
	struct stmt *s = NULL;
	if (store_query(st, &s, e,
	                ROW_SQL "WHERE d.status = 'advised' AND trim(d.force_advice) <> '' "
	                        "ORDER BY d.advised_on DESC, d.id DESC",
	                "i", who->account_id))
		return -1;
	return list_rows(st, s, 0, force_row, &f, e);
}

/* ---- meetings ---- */

int ethics_meeting_create(struct store *st, const struct actor *who, const char *held_on, int64_t *id,
                          struct errlist *errs, struct err *e)
{
	char now[21];
	*id = 0;
	if (require_chair(st, who, "create", "ethics_meeting", 0, e))
		return -1;
	if (!date_valid(held_on))
		errlist_add(errs, "held_on", "Enter the date of the meeting, for example 27 3 2027");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "INSERT INTO ethics_meetings(held_on, created_at) VALUES (?, ?)", "tt", held_on, now))
		goto fail;
	*id = store_last_id(st);
	if (alog_writei(st, who, "create", "ethics_meeting", *id, "ok", held_on, e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

static void read_meeting(struct store *st, struct stmt *s, struct ethics_meeting *m, int panel)
{
	struct err e2 = { 0 };
	m->id = stmt_int(s, 0);
	copy(m->held_on, sizeof m->held_on, stmt_text(s, 1));
	copy(m->open_minutes, sizeof m->open_minutes, stmt_text(s, 2));
	copy(m->closed_minutes, sizeof m->closed_minutes, panel ? stmt_text(s, 3) : "");
	m->items = (int)stmt_int(s, 4);
	m->closed_visible = panel;
	m->quorum = (int)config_int(st, "ethics.quorum", 5);
	m->quorum_independent = (int)config_int(st, "ethics.quorum_independent", 2);
	quorum(st, m->id, &m->present, &m->independents, &m->quorum_met, &e2);
}

#define MEETING_SQL                                                                                                   \
	"SELECT m.id, m.held_on, m.open_minutes, m.closed_minutes, "                                                   \
	"(SELECT COUNT(*) FROM ethics_dilemmas d WHERE d.meeting_id = m.id) FROM ethics_meetings m "

int ethics_meetings(struct store *st, const struct actor *who, int (*fn)(void *ctx, const struct ethics_meeting *m),
                    void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	struct ethics_meeting *m = xmalloc(sizeof *m);
	int r, rc = -1, panel = actor_has(who, ROLE_ETHICS_PANEL);
	if (!who || !who->account_id) {
		err_set(e, ERR_DENIED, "Sign in to see the ethics panel's meetings");
		goto out;
	}
	if (alog_list(st, who, "ethics_meeting", panel ? "panel" : "open", e, "all"))
		goto out;
	if (store_query(st, &s, e, MEETING_SQL "ORDER BY m.held_on DESC, m.id DESC", ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		read_meeting(st, s, m, panel);
		if (fn(ctx, m))
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	free(m);
	return rc;
}

int ethics_meeting_get(struct store *st, const struct actor *who, int64_t id, struct ethics_meeting *m,
                       struct err *e)
{
	struct stmt *s = NULL;
	int r, panel = actor_has(who, ROLE_ETHICS_PANEL);
	if (!who || !who->account_id)
		return err_set(e, ERR_DENIED, "Sign in to see the ethics panel's meetings");
	if (store_query(st, &s, e, MEETING_SQL "WHERE m.id = ?", "i", id))
		return -1;
	r = stmt_next(s, e);
	if (r == 1)
		read_meeting(st, s, m, panel);
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No meeting with this number");
	return alog_writei(st, who, "view", "ethics_meeting", id, "ok", panel ? "open and closed" : "open part", e);
}

int ethics_agenda(struct store *st, const struct actor *who, int64_t meeting_id, ethics_row_fn fn, void *ctx,
                  struct err *e)
{
	int chair;
	if (alog_require(st, who, PANEL_ROLES, "agenda", "ethics_meeting", meeting_id, DENY_PANEL, e))
		return -1;
	if ((chair = ethics_is_chair(st, who, e)) < 0)
		return -1;
	struct stmt *s = NULL;
	if (store_query(st, &s, e, ROW_SQL "WHERE d.meeting_id = ? ORDER BY d.id", "ii", who->account_id, meeting_id))
		return -1;
	return list_rows(st, s, chair, fn, ctx, e);
}

int ethics_attendance(struct store *st, const struct actor *who, int64_t meeting_id,
                      int (*fn)(void *ctx, int64_t member_id, const char *name, int independent, int present),
                      void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = -1;
	char held[11];
	if (alog_require(st, who, PANEL_ROLES, "attendance", "ethics_meeting", meeting_id, DENY_PANEL, e))
		return -1;
	r = store_text(st, e, held, sizeof held, "SELECT held_on FROM ethics_meetings WHERE id = ?", "i", meeting_id);
	if (r <= 0)
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No meeting with this number");
	/* members whose term covers the meeting, and anyone recorded present */
	if (store_query(st, &s, e,
	                "SELECT m.id, COALESCE(p.forenames || ' ' || p.surname, a.username), m.independent, "
	                "(SELECT COUNT(*) FROM ethics_attendance t WHERE t.meeting_id = ? AND t.member_id = m.id) "
	                "FROM ethics_members m JOIN accounts a ON a.id = m.account_id LEFT JOIN people p ON p.id = a.person_id "
	                "WHERE (m.term_start <= ? AND (m.term_end IS NULL OR m.term_end >= ?)) OR EXISTS (SELECT 1 FROM "
	                "ethics_attendance t2 WHERE t2.meeting_id = ? AND t2.member_id = m.id) ORDER BY 2",
	                "itti", meeting_id, held, held, meeting_id))
		return -1;
	while ((r = stmt_next(s, e)) == 1)
		if (fn(ctx, stmt_int(s, 0), stmt_text(s, 1), (int)stmt_int(s, 2), stmt_int(s, 3) > 0))
			goto out;
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	return rc;
}

int ethics_attendance_set(struct store *st, const struct actor *who, int64_t meeting_id, const int64_t *members,
                          size_t n, struct err *e)
{
	int64_t x;
	if (require_chair(st, who, "attendance", "ethics_meeting", meeting_id, e))
		return -1;
	int r = store_int(st, e, &x, "SELECT id FROM ethics_meetings WHERE id = ?", "i", meeting_id);
	if (r <= 0)
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No meeting with this number");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "DELETE FROM ethics_attendance WHERE meeting_id = ?", "i", meeting_id))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		r = store_int(st, e, &x, "SELECT id FROM ethics_members WHERE id = ?", "i", members[i]);
		if (r < 0)
			goto fail;
		if (r == 0) {
			err_set(e, ERR_INPUT, "Select members of the panel only");
			goto fail;
		}
		if (store_exec(st, e,
		               "INSERT INTO ethics_attendance(meeting_id, member_id) VALUES (?, ?) "
		               "ON CONFLICT (meeting_id, member_id) DO NOTHING",
		               "ii", meeting_id, members[i]))
			goto fail;
	}
	char d[32];
	snprintf(d, sizeof d, "%zu present", n);
	if (alog_writei(st, who, "attendance", "ethics_meeting", meeting_id, "ok", d, e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int ethics_minutes_set(struct store *st, const struct actor *who, int64_t meeting_id, const char *open_part,
                       const char *closed_part, struct errlist *errs, struct err *e)
{
	if (require_chair(st, who, "minutes", "ethics_meeting", meeting_id, e))
		return -1;
	check_len(errs, "open_minutes", "The open part", open_part, ETHICS_TEXT_MAX);
	check_len(errs, "closed_minutes", "The closed part", closed_part, ETHICS_TEXT_MAX);
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE ethics_meetings SET open_minutes = ?, closed_minutes = ? WHERE id = ?", "tti",
	               open_part ? open_part : "", closed_part ? closed_part : "", meeting_id))
		goto fail;
	if (store_changes(st) == 0) {
		err_set(e, ERR_NOTFOUND, "No meeting with this number");
		goto fail;
	}
	if (alog_writei(st, who, "minutes", "ethics_meeting", meeting_id, "ok", "", e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int ethics_action_add(struct store *st, const struct actor *who, int64_t meeting_id, const char *text,
                      const char *owner, const char *due_on, struct errlist *errs, struct err *e)
{
	int64_t num = 0;
	if (require_chair(st, who, "action", "ethics_meeting", meeting_id, e))
		return -1;
	if (blank(text))
		errlist_add(errs, "action_text", "Describe the action");
	check_len(errs, "action_text", "The action", text, 1000);
	if (blank(owner))
		errlist_add(errs, "owner", "Name who owns the action");
	check_len(errs, "owner", "The owner", owner, 160);
	if (!date_valid(due_on))
		errlist_add(errs, "due_on", "Enter the date the action is due, for example 27 3 2027");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	if (store_begin(st, e))
		return -1;
	if (store_int(st, e, &num, "SELECT COALESCE(MAX(num), 0) + 1 FROM ethics_actions WHERE meeting_id = ?", "i",
	              meeting_id) != 1 ||
	    store_exec(st, e, "INSERT INTO ethics_actions(meeting_id, num, text, owner, due_on) VALUES (?, ?, ?, ?, ?)",
	               "iittt", meeting_id, num, text, owner, due_on) ||
	    alog_writei(st, who, "action", "ethics_meeting", meeting_id, "ok", "added", e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int ethics_action_done(struct store *st, const struct actor *who, int64_t action_id, struct err *e)
{
	char today[11];
	if (require_chair(st, who, "action_done", "ethics_action", action_id, e))
		return -1;
	date_today(today);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE ethics_actions SET done_on = ? WHERE id = ? AND done_on IS NULL", "ti", today,
	               action_id) ||
	    alog_writei(st, who, "action_done", "ethics_action", action_id, "ok", "", e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int ethics_actions(struct store *st, const struct actor *who, int64_t meeting_id,
                   int (*fn)(void *ctx, const struct ethics_action *a), void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	struct ethics_action a;
	int r, rc = -1;
	if (alog_require(st, who, PANEL_ROLES, "actions", "ethics_meeting", meeting_id, DENY_PANEL, e))
		return -1;
	if (store_query(st, &s, e,
	                "SELECT id, num, text, owner, due_on, COALESCE(done_on, '') FROM ethics_actions "
	                "WHERE meeting_id = ? ORDER BY num",
	                "i", meeting_id))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		a.id = stmt_int(s, 0);
		a.num = stmt_int(s, 1);
		copy(a.text, sizeof a.text, stmt_text(s, 2));
		copy(a.owner, sizeof a.owner, stmt_text(s, 3));
		copy(a.due_on, sizeof a.due_on, stmt_text(s, 4));
		copy(a.done_on, sizeof a.done_on, stmt_text(s, 5));
		if (fn(ctx, &a))
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	return rc;
}

/* ---- membership ---- */

int ethics_member_set(struct store *st, const struct actor *who, const char *username, int independent, int chair,
                      const char *term_start, const char *term_end, struct errlist *errs, struct err *e)
{
	int64_t acc = 0;
	if (who && who->account_id && !actor_has(who, ROLE_ADMIN)) {
		int c = ethics_is_chair(st, who, e);
		if (c < 0)
			return -1;
		if (!c) {
			alog_write(st, who, "member", "ethics_member", username, "refused", "role", NULL);
			return err_set(e, ERR_DENIED, "Only an administrator or the chair can change the panel's membership");
		}
	}
	int r = store_int(st, e, &acc, "SELECT id FROM accounts WHERE username = ?", "t", username ? username : "");
	if (r < 0)
		return -1;
	if (r == 0)
		errlist_add(errs, "username", "No account has this user name");
	if (!date_valid(term_start))
		errlist_add(errs, "term_start", "Enter the date the term starts");
	if (term_end && *term_end && (!date_valid(term_end) || strcmp(term_end, term_start ? term_start : "") < 0))
		errlist_add(errs, "term_end", "The term's end must be a real date on or after its start");
	if (errs->n)
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	if (store_begin(st, e))
		return -1;
	if ((chair && store_exec(st, e, "UPDATE ethics_members SET chair = 0 WHERE account_id <> ?", "i", acc)) ||
	    store_exec(st, e,
	               "INSERT INTO ethics_members(account_id, independent, chair, term_start, term_end) "
	               "VALUES (?, ?, ?, ?, NULLIF(?, '')) ON CONFLICT (account_id) DO UPDATE SET "
	               "independent = excluded.independent, chair = excluded.chair, term_start = excluded.term_start, "
	               "term_end = excluded.term_end",
	               "iddtt", acc, independent ? 1 : 0, chair ? 1 : 0, term_start, term_end ? term_end : "") ||
	    store_exec(st, e,
	               "INSERT INTO account_roles(account_id, role) VALUES (?, 'ethics_panel') "
	               "ON CONFLICT (account_id, role) DO NOTHING",
	               "i", acc) ||
	    alog_write(st, who, "member", "ethics_member", username, "ok", chair ? "chair" : "member", e) ||
	    store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int ethics_members(struct store *st, const struct actor *who, int (*fn)(void *ctx, const struct ethics_member *m),
                   void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	struct ethics_member m;
	int r, rc = -1;
	char today[11], yago[11];
	int64_t years = config_int(st, "ethics.max_tenure_years", 8);
	if (alog_require(st, who, PANEL_ROLES | ROLE_ADMIN, "list", "ethics_member", 0,
	                 "Only the ethics panel and administrators can see the panel's membership", e))
		return -1;
	if (alog_list(st, who, "ethics_member", "all", e, "all"))
		return -1;
	date_today(today);
	date_format(date_days(today) - 365, yago);
	if (store_query(st, &s, e,
	                "SELECT m.id, m.account_id, COALESCE(p.forenames || ' ' || p.surname, a.username), m.independent, "
	                "m.chair, m.term_start, COALESCE(m.term_end, ''), "
	                "(SELECT COUNT(*) FROM ethics_attendance t JOIN ethics_meetings g ON g.id = t.meeting_id "
	                "WHERE t.member_id = m.id AND g.held_on > ? AND g.held_on <= ?), "
	                "(SELECT COUNT(*) FROM ethics_meetings g WHERE g.held_on > ? AND g.held_on <= ? "
	                "AND g.held_on >= m.term_start AND (m.term_end IS NULL OR g.held_on <= m.term_end)) "
	                "FROM ethics_members m JOIN accounts a ON a.id = m.account_id LEFT JOIN people p ON p.id = a.person_id "
	                "ORDER BY m.chair DESC, 3",
	                "tttt", yago, today, yago, today))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		int y, mo, d;
		memset(&m, 0, sizeof m);
		m.id = stmt_int(s, 0);
		m.account_id = stmt_int(s, 1);
		copy(m.name, sizeof m.name, stmt_text(s, 2));
		m.independent = (int)stmt_int(s, 3);
		m.chair = (int)stmt_int(s, 4);
		copy(m.term_start, sizeof m.term_start, stmt_text(s, 5));
		copy(m.term_end, sizeof m.term_end, stmt_text(s, 6));
		m.attended = (int)stmt_int(s, 7);
		m.meetings = (int)stmt_int(s, 8);
		if (date_parse(m.term_start, &y, &mo, &d) == 0) {
			y += (int)years;
			if (mo == 2 && d == 29)
				d = 28;
			snprintf(m.tenure_ends, sizeof m.tenure_ends, "%04d-%02d-%02d", y, mo, d);
			m.tenure_warning = date_days(m.tenure_ends) - date_days(today) <= TENURE_WARN_DAYS;
		}
		if (fn(ctx, &m))
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	return rc;
}

/* ---- case studies ---- */

int ethics_case_publish(struct store *st, const struct actor *who, int64_t dilemma_id, const char *title,
                        const char *situation, int include_advice, int64_t *case_id, struct errlist *errs,
                        struct err *e)
{
	struct ethics_row *row = xmalloc(sizeof *row);
	int64_t raiser;
	int chair, rc = -1;
	char today[11];
	*case_id = 0;
	if (panel_open(st, who, dilemma_id, "publish", "publish", row, &raiser, &chair, e))
		goto out;
	if (!chair) {
		alog_write(st, who, "publish", "ethics_dilemma", row->ref, "refused", "not the chair", NULL);
		err_set(e, ERR_DENIED, DENY_CHAIR);
		goto out;
	}
	if (strcmp(row->status, "advised") != 0) {
		err_set(e, ERR_CONFLICT, "A case study is published once the panel has given its advice");
		goto out;
	}
	if (row->case_id) {
		err_set(e, ERR_CONFLICT, "This dilemma is already published as a case study");
		goto out;
	}
	if (blank(title))
		errlist_add(errs, "title", "Give the case study a title");
	check_len(errs, "title", "The title", title, 200);
	if (blank(situation))
		errlist_add(errs, "situation", "Describe the situation in words that identify nobody");
	check_len(errs, "situation", "The situation", situation, ETHICS_TEXT_MAX);
	if (errs->n) {
		err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
		goto out;
	}
	date_today(today);
	if (store_begin(st, e))
		goto out;
	if (store_exec(st, e,
	               "INSERT INTO ethics_cases(dilemma_id, title, situation, advice, published_on) VALUES (?, ?, ?, ?, ?)",
	               "ittt" "t", dilemma_id, title, situation, include_advice ? row->advice : "", today))
		goto fail;
	*case_id = store_last_id(st);
	if (alog_write(st, who, "publish", "ethics_dilemma", row->ref, "ok", "case study", e) || store_commit(st, e))
		goto fail;
	rc = 0;
	goto out;
fail:
	store_rollback(st);
out:
	free(row);
	return rc;
}

#define CASE_SQL                                                                                                      \
	"SELECT c.id, c.dilemma_id, c.reads, "                                                                         \
	"(SELECT COUNT(*) FROM ethics_case_responses r WHERE r.case_id = c.id AND r.helped = 1), "                     \
	"(SELECT COUNT(*) FROM ethics_case_responses r WHERE r.case_id = c.id AND r.helped = 0), "                     \
	"c.title, c.published_on, c.situation, c.advice, c.public FROM ethics_cases c "

static void read_case(struct store *st, struct stmt *s, struct ethics_case *c)
{
	c->id = stmt_int(s, 0);
	c->dilemma_id = stmt_int(s, 1);
	c->reads = stmt_int(s, 2);
	c->helped_yes = stmt_int(s, 3);
	c->helped_no = stmt_int(s, 4);
	copy(c->title, sizeof c->title, stmt_text(s, 5));
	copy(c->published_on, sizeof c->published_on, stmt_text(s, 6));
	copy(c->situation, sizeof c->situation, stmt_text(s, 7));
	copy(c->advice, sizeof c->advice, stmt_text(s, 8));
	c->public = (int)stmt_int(s, 9);
	principles_of(st, c->dilemma_id, c->principles, sizeof c->principles);
}

/* Each case study sql (a fixed statement over CASE_SQL, no parameters) gives, to fn. */
static int each_case(struct store *st, const char *sql, int (*fn)(void *ctx, const struct ethics_case *c), void *ctx,
                     struct err *e)
{
	struct stmt *s = NULL;
	struct ethics_case *c = xmalloc(sizeof *c);
	int r, rc = -1;
	if (store_query(st, &s, e, sql, ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		read_case(st, s, c);
		if (fn(ctx, c))
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	free(c);
	return rc;
}

int ethics_cases(struct store *st, const struct actor *who, int (*fn)(void *ctx, const struct ethics_case *c),
                 void *ctx, struct err *e)
{
	if (!who || !who->account_id)
		return err_set(e, ERR_DENIED, "Sign in to read the case studies");
	if (alog_list(st, who, "ethics_case", "all", e, "published"))
		return -1;
	return each_case(st, CASE_SQL "ORDER BY c.published_on DESC, c.id DESC", fn, ctx, e);
}

int ethics_case_get(struct store *st, const struct actor *who, int64_t id, struct ethics_case *c, struct err *e)
{
	struct stmt *s = NULL;
	int r;
	if (!who || !who->account_id)
		return err_set(e, ERR_DENIED, "Sign in to read the case studies");
	if (store_exec(st, e, "UPDATE ethics_cases SET reads = reads + 1 WHERE id = ?", "i", id))
		return -1;
	if (store_query(st, &s, e, CASE_SQL "WHERE c.id = ?", "i", id))
		return -1;
	r = stmt_next(s, e);
	if (r == 1)
		read_case(st, s, c);
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No case study with this number");
	return alog_writei(st, who, "view", "ethics_case", id, "ok", "", e);
}

int ethics_case_set_public(struct store *st, const struct actor *who, int64_t id, int public, struct err *e)
{
	int64_t n = 0;
	if (require_chair(st, who, "publish", "ethics_case", id, e))
		return -1;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM ethics_cases WHERE id = ?", "i", id) < 0)
		return -1;
	if (!n)
		return err_set(e, ERR_NOTFOUND, "No case study with this number");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE ethics_cases SET public = ? WHERE id = ?", "di", public ? 1 : 0, id) ||
	    alog_writei(st, who, "publish", "ethics_case", id, "ok", public ? "public site: on" : "public site: off", e) ||
	    store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int ethics_public_cases(struct store *st, int (*fn)(void *ctx, const struct ethics_case *c), void *ctx, struct err *e)
{
	return each_case(st, CASE_SQL "WHERE c.public = 1 ORDER BY c.published_on DESC, c.id DESC", fn, ctx, e);
}

int ethics_case_helped(struct store *st, const struct actor *who, int64_t id, int helped, struct err *e)
{
	char today[11];
	int64_t x;
	if (!who || !who->account_id)
		return err_set(e, ERR_DENIED, "Sign in to answer");
	int r = store_int(st, e, &x, "SELECT id FROM ethics_cases WHERE id = ?", "i", id);
	if (r <= 0)
		return r < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No case study with this number");
	date_today(today);
	/* the answer and the day only: who answered is not kept with it */
	return store_exec(st, e, "INSERT INTO ethics_case_responses(case_id, day, helped) VALUES (?, ?, ?)", "itd", id,
	                  today, helped ? 1 : 0);
}

/* ---- measures ---- */

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* The nearest-rank percentile p (0..100) of sorted v[0..n). */
static long pct(const long *v, size_t n, int p)
{
	size_t rank = (size_t)((p * n + 99) / 100);
	if (rank < 1)
		rank = 1;
	return v[rank - 1];
}

static void quarter(const char *day, char out[8])
{
	int y, m, d;
	if (date_parse(day, &y, &m, &d))
		snprintf(out, 8, "?");
	else
		snprintf(out, 8, "%04d-Q%d", y, (m - 1) / 3 + 1);
}

struct mctx {
	ethics_measure_fn fn;
	void *ctx;
	long k;
	int rc;
};

static void emit(struct mctx *m, const char *measure, const char *group, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void emit(struct mctx *m, const char *measure, const char *group, const char *fmt, ...)
{
	char v[64];
	va_list ap;
	if (m->rc)
		return;
	va_start(ap, fmt);
	vsnprintf(v, sizeof v, fmt, ap);
	va_end(ap);
	m->rc = m->fn(m->ctx, measure, group, v);
}

/* A count of dilemmas: withheld when small. */
static void emit_count(struct mctx *m, const char *measure, const char *group, long n)
{
	if (disclosure_small(n, m->k))
		emit(m, measure, group, "%s", "");
	else
		emit(m, measure, group, "%ld", n);
}

/* Times from raising to advice, in days, for urgency ("" for all). */
static int times(struct store *st, struct mctx *m, const char *urgency, const char *label, const char *from,
                 const char *to, struct err *e)
{
	struct stmt *s = NULL;
	long *v = NULL;
	size_t n = 0, cap = 0;
	int r;
	if (store_query(st, &s, e,
	                "SELECT raised_on, advised_on FROM ethics_dilemmas WHERE raised_on >= ? AND raised_on <= ? "
	                "AND advised_on IS NOT NULL AND (? = '' OR urgency = ?)",
	                "tttt", from, to, urgency, urgency))
		return -1;
	while ((r = stmt_next(s, e)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[n++] = date_days(stmt_text(s, 1)) - date_days(stmt_text(s, 0));
	}
	stmt_done(s);
	if (r < 0) {
		free(v);
		return -1;
	}
	emit_count(m, "advised", label, (long)n);
	if (n == 0 || disclosure_small((long)n, m->k)) {
		emit(m, "days_to_advice_median", label, "%s", "");
		emit(m, "days_to_advice_p90", label, "%s", "");
	} else {
		qsort(v, n, sizeof *v, cmp_long);
		if (n % 2)
			emit(m, "days_to_advice_median", label, "%ld", v[n / 2]);
		else
			emit(m, "days_to_advice_median", label, "%.1f", (v[n / 2 - 1] + v[n / 2]) / 2.0);
		emit(m, "days_to_advice_p90", label, "%ld", pct(v, n, 90));
	}
	free(v);
	return 0;
}

/* One measure counted per quarter and group from sql, which gives (day,
 * group) rows of the period [?1, ?2] ordered by group, then day: with_all
 * first emits the period's total as group "all"; then each group's total
 * ("all GROUP") and each quarter's count ("2026 Q1 GROUP"). *rows: the rows. */
static int per_quarter(struct store *st, struct mctx *m, const char *measure, int with_all, const char *sql,
                       const char *from, const char *to, long *rows, struct err *e)
{
	struct stmt *q = NULL;
	struct { char g[96]; long n; } *cells = NULL;
	size_t nc = 0, cc = 0;
	int r;
	*rows = 0;
	if (store_query(st, &q, e, sql, "tt", from, to))
		return -1;
	while ((r = stmt_next(q, e)) == 1) {
		char qq[8], g[96];
		quarter(stmt_text(q, 0), qq);
		snprintf(g, sizeof g, "%s %s", qq, stmt_text(q, 1));
		if (nc && strcmp(cells[nc - 1].g, g) == 0) {
			cells[nc - 1].n++;
		} else {
			if (nc == cc) {
				cc = cc ? 2 * cc : 32;
				cells = xrealloc(cells, cc * sizeof *cells);
			}
			snprintf(cells[nc].g, sizeof cells[nc].g, "%s", g);
			cells[nc++].n = 1;
		}
		(*rows)++;
	}
	stmt_done(q);
	if (r < 0) {
		free(cells);
		return -1;
	}
	if (with_all)
		emit_count(m, measure, "all", *rows);
	for (size_t i = 0; i < nc;) { /* the period's total per group (cells are in group order) */
		size_t j = i;
		long tot = 0;
		const char *name = strchr(cells[i].g, ' ') + 1;
		char g[104];
		for (; j < nc && strcmp(strchr(cells[j].g, ' ') + 1, name) == 0; j++)
			tot += cells[j].n;
		snprintf(g, sizeof g, "all %s", name);
		emit_count(m, measure, g, tot);
		i = j;
	}
	for (size_t i = 0; i < nc; i++)
		emit_count(m, measure, cells[i].g, cells[i].n);
	free(cells);
	return 0;
}

int ethics_measures(struct store *st, const struct actor *who, const char *from, const char *to,
                    ethics_measure_fn fn, void *ctx, struct err *e)
{
	struct mctx m = { fn, ctx, disclosure_k(st), 0 };
	struct stmt *s = NULL;
	int64_t raised = 0, returned = 0;
	int r;
	if (who && who->account_id &&
	    alog_require(st, who, ROLE_ETHICS_PANEL | ROLE_SCRUTINY | ROLE_ADMIN, "measures", "ethics_measure", 0,
	                 "Only the ethics panel, the scrutiny panel and administrators can see the ethics measures", e))
		return -1;
	if (!date_valid(from) || !date_valid(to) || strcmp(from, to) > 0)
		return err_set(e, ERR_INPUT, "Give a period: two real dates, the first not after the second");
	if (alog_list(st, who, "ethics_measure", "all", e, "from=%s to=%s", from, to))
		return -1;
	/* dilemmas raised per quarter by mode: one row per (day's quarter) needs grouping in C */
	long nraised = 0;
	if (per_quarter(st, &m, "raised", 1,
	                "SELECT raised_on, mode FROM ethics_dilemmas WHERE raised_on >= ? AND raised_on <= ? "
	                "ORDER BY mode, raised_on",
	                from, to, &nraised, e))
		return -1;
	raised = nraised;
	if (times(st, &m, "", "all", from, to, e) || times(st, &m, "routine", "routine", from, to, e) ||
	    times(st, &m, "quick", "quick-time", from, to, e))
		return -1;
	if (store_int(st, e, &returned,
	              "SELECT COUNT(*) FROM ethics_dilemmas WHERE raised_on >= ? AND raised_on <= ? "
	              "AND status IN ('advised', 'redirected', 'declined')",
	              "tt", from, to) < 0)
		return -1;
	emit_count(&m, "answer_returned", "all", (long)returned);
	if (raised == 0 || disclosure_small((long)raised, m.k) || disclosure_small((long)returned, m.k))
		emit(&m, "answer_returned_pct", "all", "%s", "");
	else
		emit(&m, "answer_returned_pct", "all", "%.1f", 100.0 * (double)returned / (double)raised);
	/* themes: principle per dilemma, by the principle's position then day */
	long nthemes = 0;
	if (per_quarter(st, &m, "theme", 0,
	                "SELECT d.raised_on, p.name FROM ethics_dilemmas d JOIN ethics_dilemma_principles dp "
	                "ON dp.dilemma_id = d.id JOIN ethics_principles p ON p.key = dp.principle "
	                "WHERE d.raised_on >= ? AND d.raised_on <= ? ORDER BY p.position, d.raised_on",
	                from, to, &nthemes, e))
		return -1;
	/* advice to the force and the force's response: not counts of people */
	if (store_query(st, &s, e,
	                "SELECT COALESCE(force_response, 'awaiting'), COUNT(*), "
	                "COUNT(CASE WHEN force_done_on IS NOT NULL OR EXISTS (SELECT 1 FROM findings f WHERE "
	                "f.id = force_finding_id AND f.status IN ('signed_off', 'closed')) THEN 1 END) FROM ethics_dilemmas "
	                "WHERE raised_on >= ? AND raised_on <= ? AND trim(force_advice) <> '' "
	                "GROUP BY COALESCE(force_response, 'awaiting') ORDER BY 1",
	                "tt", from, to))
		return -1;
	while ((r = stmt_next(s, e)) == 1 && !m.rc) {
		emit(&m, "force_advice", stmt_text(s, 0), "%lld", (long long)stmt_int(s, 1));
		emit(&m, "force_change_made", stmt_text(s, 0), "%lld", (long long)stmt_int(s, 2));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	/* case studies published in the period: reads and answers */
	if (store_query(st, &s, e,
	                "SELECT COUNT(*), COALESCE(SUM(reads), 0), "
	                "(SELECT COUNT(*) FROM ethics_case_responses r JOIN ethics_cases c2 ON c2.id = r.case_id "
	                "WHERE c2.published_on >= ? AND c2.published_on <= ? AND r.helped = 1), "
	                "(SELECT COUNT(*) FROM ethics_case_responses r JOIN ethics_cases c2 ON c2.id = r.case_id "
	                "WHERE c2.published_on >= ? AND c2.published_on <= ? AND r.helped = 0) "
	                "FROM ethics_cases WHERE published_on >= ? AND published_on <= ?",
	                "tttttt", from, to, from, to, from, to))
		return -1;
	if ((r = stmt_next(s, e)) == 1) {
		emit(&m, "case_studies", "published", "%lld", (long long)stmt_int(s, 0));
		emit(&m, "case_studies", "reads", "%lld", (long long)stmt_int(s, 1));
		emit(&m, "case_studies", "helped yes", "%lld", (long long)stmt_int(s, 2));
		emit(&m, "case_studies", "helped no", "%lld", (long long)stmt_int(s, 3));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	/* attendance and quorum per meeting held (not those still to come) */
	char today[11], upto[11];
	date_today(today);
	snprintf(upto, sizeof upto, "%s", strcmp(to, today) < 0 ? to : today);
	if (store_query(st, &s, e,
	                "SELECT id, held_on FROM ethics_meetings WHERE held_on >= ? AND held_on <= ? ORDER BY held_on",
	                "tt", from, upto))
		return -1;
	{
		int met_n = 0, total = 0;
		while ((r = stmt_next(s, e)) == 1 && !m.rc) {
			int present, indep, met;
			char held[11];
			copy(held, sizeof held, stmt_text(s, 1));
			if (quorum(st, stmt_int(s, 0), &present, &indep, &met, e)) {
				r = -1;
				break;
			}
			emit(&m, "attendance", held, "%d", present);
			emit(&m, "quorum_met", held, "%s", met ? "yes" : "no");
			total++;
			met_n += met;
		}
		stmt_done(s);
		if (r < 0)
			return -1;
		emit(&m, "meetings", "held", "%d", total);
		emit(&m, "meetings", "quorate", "%d", met_n);
	}
	return m.rc ? err_set(e, ERR_IO, "could not write the measures") : 0;
}

static int csv_row(void *ctx, const char *measure, const char *group, const char *value)
{
	struct buf *b = ctx;
	csv_cell(b, measure);
	buf_addc(b, ',');
	csv_cell(b, group);
	buf_addc(b, ',');
	csv_cell(b, value);
	buf_adds(b, "\r\n");
	return b->oom ? -1 : 0;
}

int ethics_measures_csv(struct store *st, const struct actor *who, const char *from, const char *to, struct buf *out,
                        struct err *e)
{
	buf_adds(out, "measure,group,value\r\n");
	return ethics_measures(st, who, from, to, csv_row, out, e);
}

/* ---- the panel's register ---- */

#define REG_JOINS "FROM ethics_dilemmas d LEFT JOIN ethics_meetings m ON m.id = d.meeting_id " \
	"LEFT JOIN ethics_cases c ON c.dilemma_id = d.id "
/* need-to-know as the panel list: never one's own or a conflicted item */
#define REG_VISIBLE "(d.raiser_id IS NULL OR d.raiser_id <> ?1) AND NOT EXISTS (SELECT 1 FROM ethics_conflicts x " \
	"WHERE x.dilemma_id = d.id AND x.account_id = ?1) "
#define RECORD_TYPE struct ethics_register_row
static const struct field_desc reg_fields[] = { ETHICS_REGISTER_FIELDS(RECORD_FIELD) };
#undef RECORD_TYPE
#define REG_NFIELDS (sizeof reg_fields / sizeof reg_fields[0])

static const char *reg_ref(int64_t id, char out[REF_MAX])
{
	char r[ETHICS_REF_SIZE];
	ethics_ref(id, r);
	snprintf(out, REF_MAX, "%s", r);
	return out;
}

static const struct record_def reg_record = { reg_fields, REG_NFIELDS, sizeof(struct ethics_register_row),
	                                      offsetof(struct ethics_register_row, id), reg_ref, ethics_status_label };

int ethics_register_list(struct store *st, const struct actor *who, enum ethics_register_scope scope,
                         const struct ethics_register_filter *f,
                         int (*fn)(void *ctx, const struct ethics_register_row *r), void *ctx, long *total,
                         struct err *e)
{
	(void)scope;
	*total = 0;
	if (alog_require(st, who, PANEL_ROLES, "list", "ethics_register", 0, DENY_PANEL, e) ||
	    alog_list(st, who, "ethics_register", "all", e, "status=%s page=%d", (f->status ? f->status : ""), f->page))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT " ETHICS_REGISTER_FIELDS(RECORD_SQL) "COUNT(*) OVER () " REG_JOINS "WHERE " REG_VISIBLE
	                "AND (?2 = '' OR d.status = ?2) ORDER BY d.raised_on DESC, d.id DESC LIMIT ?3 OFFSET ?4",
	                "iti" "i", who->account_id, (f->status ? f->status : ""), list_limit(f->per_page),
	                list_offset(f->per_page, f->page)))
		return -1;
	struct ethics_register_row *r = xmalloc(sizeof *r);
	int rc, stop = 0;
	while (!stop && (rc = stmt_next(s, e)) == 1) {
		record_read(&reg_record, s, r);
		*total = (long)stmt_int(s, (int)REG_NFIELDS);
		stop = fn(ctx, r);
	}
	free(r);
	stmt_done(s);
	return !stop && rc < 0 ? -1 : 0;
}

int ethics_register_get(struct store *st, const struct actor *who, int64_t id, struct ethics_register_row *out,
                        struct err *e)
{
	struct ethics_row *row = xmalloc(sizeof *row);
	int64_t raiser;
	int chair, r, rc = -1;
	struct stmt *s = NULL;
	/* the panel item's own check: the panel, not the raiser, not conflicted (refusals logged) */
	if (panel_open(st, who, id, "view", NULL, row, &raiser, &chair, e))
		goto out;
	if (store_query(st, &s, e,
	                "SELECT " ETHICS_REGISTER_FIELDS(RECORD_SQL) "0 " REG_JOINS "WHERE d.id = ?2 AND " REG_VISIBLE,
	                "ii", who->account_id, id))
		goto out;
	if ((r = stmt_next(s, e)) != 1) {
		if (r == 0)
			err_set(e, ERR_NOTFOUND, "No dilemma with this number");
		goto out;
	}
	record_read(&reg_record, s, out);
	rc = alog_write(st, who, "view", "ethics_dilemma", row->ref, "ok", "register", e);
out:
	stmt_done(s);
	free(row);
	return rc;
}

REGISTER_ADAPTERS(ethreg, struct ethics_register_row, struct ethics_register_filter, enum ethics_register_scope,
                  ethics_register_list, ethics_register_get)

const struct register_def ethics_register_def = {
	.record = &reg_record,
	.list = ethreg_reg_list,
	.get = ethreg_reg_get,
	.register_scope = ETHICS_REGISTER,
	.export_roles = PANEL_ROLES,
	.object_type = "ethics_register",
	.deny_msg = DENY_PANEL,
	.title = "Ethics dilemmas",
};
