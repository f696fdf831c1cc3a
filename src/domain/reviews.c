/* reviews.c — independent panel reviews: the record, its question and
 * answer thread, follow-up actions, members, linked findings and
 * publication. Need-to-know is enforced here (see reviews.h). */
#include "domain/reviews.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/validate.h"
#include "store/store.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DENY_READ "You do not have access to panel reviews"
#define DENY_EDIT "Only the independent panel (scrutiny) can change a review"

static int exists(struct store *st, int64_t id, struct err *e)
{
	int64_t n;
	int r = store_int(st, e, &n, "SELECT id FROM reviews WHERE id = ?", "i", id);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No review %lld", (long long)id);
}

int review_save(struct store *st, const struct actor *who, int64_t id, const struct review_input *in, int64_t *out_id,
                struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, REVIEW_EDIT, id ? "update" : "create", "review", id, DENY_EDIT, e))
		return -1;
	if (id && exists(st, id, e))
		return -1;
	if (!*nz(in->topic))
		errlist_add(errs, "topic", "Enter the topic of the review");
	check_len(errs, "topic", "Topic", in->topic, 300);
	check_len(errs, "scope", "What was looked at", in->scope, 4000);
	check_len(errs, "method", "How the review was done", in->method, 4000);
	check_len(errs, "found", "What was found", in->found, 4000);
	check_len(errs, "members", "Panel members", in->members, 1000);
	if (*nz(in->further_review) && !date_valid(in->further_review))
		errlist_add(errs, "further_review", "Further review date must be a real date, like 2026-03-27");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the review");
	char now[21];
	time_now_iso(now);
	int64_t orig = id;
	if (store_begin(st, e))
		return -1;
	if (id) {
		if (store_exec(st, e,
		               "UPDATE reviews SET topic = ?, scope = ?, method = ?, found = ?, "
		               "further_done_on = CASE WHEN further_review = ? THEN further_done_on ELSE '' END, "
		               "further_review = ?, updated_at = ? WHERE id = ?",
		               "ttttttti", in->topic, nz(in->scope), nz(in->method), nz(in->found), nz(in->further_review),
		               nz(in->further_review), now, id) ||
		    store_exec(st, e, "DELETE FROM review_members WHERE review_id = ?", "i", id))
			goto fail;
	} else {
		if (store_exec(st, e,
		               "INSERT INTO reviews(topic, scope, method, found, further_review, created_by, created_at, "
		               "updated_at) VALUES(?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?)",
		               "ttttt" "i" "tt", in->topic, nz(in->scope), nz(in->method), nz(in->found),
		               nz(in->further_review), who->account_id, now, now))
			goto fail;
		id = store_last_id(st);
	}
	/* Members: one per line, trimmed, blank lines skipped. */
	const char *p = nz(in->members);
	while (*p) {
		const char *end = strchr(p, '\n');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		char name[201];
		while (n && (*p == ' ' || *p == '\t')) { p++; n--; }
		while (n && (p[n - 1] == ' ' || p[n - 1] == '\r' || p[n - 1] == '\t')) n--;
		if (n && n < sizeof name) {
			memcpy(name, p, n);
			name[n] = 0;
			if (store_exec(st, e, "INSERT INTO review_members(review_id, name) VALUES(?, ?) ON CONFLICT DO NOTHING",
			               "it", id, name))
				goto fail;
		}
		p = end ? end + 1 : p + strlen(p);
	}
	/* members differing from the published version make a draft (the other
	 * fields, questions and actions by the triggers of migration 028) */
	if (store_exec(st, e,
	               "UPDATE reviews SET changed = 1 WHERE id = ?1 AND version > 0 AND "
	               "COALESCE((SELECT string_agg(name, '\n') FROM (SELECT name FROM review_members m "
	               "WHERE m.review_id = ?1 ORDER BY name) AS members), '') IS DISTINCT FROM "
	               "(SELECT members FROM review_versions v WHERE v.review_id = ?1 AND v.version = reviews.version)",
	               "i", id) ||
	    alog_writei(st, who, orig ? "update" : "create", "review", id, "ok", "", e))
		goto fail;
	if (out_id)
		*out_id = id;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

#define REVIEW_COLUMNS \
	"r.id, r.topic, r.scope, r.method, r.found, r.further_review, r.published, r.published_at, r.updated_at, " \
	"(SELECT COUNT(*) FROM review_questions q WHERE q.review_id = r.id), " \
	"(SELECT COUNT(*) FROM review_questions q WHERE q.review_id = r.id AND q.response <> ''), " \
	"(SELECT COUNT(*) FROM review_actions a WHERE a.review_id = r.id AND a.done = 0), " \
	"COALESCE((SELECT string_agg(name, '\n') FROM (SELECT name FROM review_members m " \
	"WHERE m.review_id = r.id ORDER BY name) AS members), ''), r.version, r.changed, r.further_done_on "

static void read_review(struct stmt *s, struct review *r)
{
	memset(r, 0, sizeof *r);
	r->id = stmt_int(s, 0);
	copy(r->topic, sizeof r->topic, stmt_text(s, 1));
	copy(r->scope, sizeof r->scope, stmt_text(s, 2));
	copy(r->method, sizeof r->method, stmt_text(s, 3));
	copy(r->found, sizeof r->found, stmt_text(s, 4));
	copy(r->further_review, sizeof r->further_review, stmt_text(s, 5));
	r->published = (int)stmt_int(s, 6);
	copy(r->published_at, sizeof r->published_at, stmt_text(s, 7));
	copy(r->updated_at, sizeof r->updated_at, stmt_text(s, 8));
	r->questions = (long)stmt_int(s, 9);
	r->answered = (long)stmt_int(s, 10);
	r->actions_open = (long)stmt_int(s, 11);
	copy(r->members, sizeof r->members, stmt_text(s, 12));
	r->version = (int)stmt_int(s, 13);
	r->changed = (int)stmt_int(s, 14);
	copy(r->further_done_on, sizeof r->further_done_on, stmt_text(s, 15));
}

int review_further_done(struct store *st, const struct actor *who, int64_t id, struct err *e)
{
	char today[11];
	int64_t n = 0;
	if (alog_require(st, who, REVIEW_EDIT, "review", "review", id, DENY_EDIT, e))
		return -1;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM reviews WHERE id = ? AND further_review <> '' AND further_done_on = ''",
	              "i", id) < 0)
		return -1;
	if (!n)
		return err_set(e, ERR_CONFLICT, "This review has no further review waiting");
	date_today(today);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE reviews SET further_done_on = ? WHERE id = ?", "ti", today, id) ||
	    alog_writei(st, who, "review", "review", id, "ok", "further review done", e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int review_get(struct store *st, const struct actor *who, int64_t id, struct review *out, struct err *e)
{
	if (alog_require(st, who, REVIEW_READ, "view", "review", id, DENY_READ, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT " REVIEW_COLUMNS "FROM reviews r WHERE r.id = ?", "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		read_review(s, out);
	stmt_done(s);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "No review %lld", (long long)id);
}

static int list_reviews(struct store *st, int mode, const char *horizon, review_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT " REVIEW_COLUMNS "FROM reviews r "
	                "WHERE (?1 = 0) OR (?1 = 1 AND r.further_review <> '' AND r.further_review <= ?2 AND r.further_done_on = '') "
	                "OR (?1 = 2 AND r.published = 1) "
	                "ORDER BY CASE WHEN ?1 = 1 THEN r.further_review END ASC, r.created_at DESC, r.id DESC",
	                "dt", mode, horizon))
		return -1;
	struct review *x = xmalloc(sizeof *x);
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		read_review(s, x);
		stop = fn(ctx, x);
	}
	free(x);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

int reviews_list(struct store *st, const struct actor *who, int due_only, review_fn fn, void *ctx, struct err *e)
{
	if (alog_require(st, who, REVIEW_READ, "view", "review", 0, DENY_READ, e) ||
	    alog_list(st, who, "review", due_only ? "due" : "all", e, "due=%d", due_only))
		return -1;
	char today[11], horizon[11];
	date_today(today);
	date_format(date_days(today) + (long)config_int(st, "inspections.review_horizon_days", 90), horizon);
	return list_reviews(st, due_only ? 1 : 0, horizon, fn, ctx, e);
}

int published_reviews(struct store *st, review_fn fn, void *ctx, struct err *e)
{
	return list_reviews(st, 2, "", fn, ctx, e);
}

int review_ask(struct store *st, const struct actor *who, int64_t review_id, const char *question,
               struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, REVIEW_EDIT, "update", "review", review_id, DENY_EDIT, e) || exists(st, review_id, e))
		return -1;
	if (!*nz(question))
		errlist_add(errs, "question", "Enter the question for the force");
	check_len(errs, "question", "Question", question, 2000);
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the question");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "INSERT INTO review_questions(review_id, question, asked_at) VALUES(?, ?, ?)", "itt",
	               review_id, question, now) ||
	    store_exec(st, e, "UPDATE reviews SET updated_at = ? WHERE id = ?", "ti", now, review_id) ||
	    alog_writei(st, who, "update", "review", review_id, "ok", "question asked", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int review_answer(struct store *st, const struct actor *who, int64_t review_id, int64_t question_id,
                  const char *response, const char *date, struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, REVIEW_ANSWER, "update", "review", review_id,
	                 "Only governance can answer the panel's questions for the force", e) ||
	    exists(st, review_id, e))
		return -1;
	char today[11];
	date_today(today);
	if (!*nz(response))
		errlist_add(errs, "response", "Enter the force's response");
	check_len(errs, "response", "Response", response, 4000);
	if (*nz(date) && !date_valid(date))
		errlist_add(errs, "response_date", "Response date must be a real date, like 2026-03-27");
	else if (*nz(date) && strcmp(date, today) > 0)
		errlist_add(errs, "response_date", "Response date must be today or in the past");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the response");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "UPDATE review_questions SET response = ?, response_date = ?, responded_by = NULLIF(?, 0) "
	               "WHERE id = ? AND review_id = ?",
	               "tti" "ii", response, *nz(date) ? date : today, who->account_id, question_id, review_id))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		return err_set(e, ERR_NOTFOUND, "No question %lld on this review", (long long)question_id);
	}
	if (store_exec(st, e, "UPDATE reviews SET updated_at = ? WHERE id = ?", "ti", now, review_id) ||
	    alog_writei(st, who, "update", "review", review_id, "ok", "question answered", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/* One reader for live and published questions: columns (id, number (0:
 * count them), question, asked_at, response, response_date). */
static int read_questions(struct stmt *s, question_fn fn, void *ctx, struct err *e)
{
	struct review_question *q = xmalloc(sizeof *q);
	int r, stop = 0, n = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(q, 0, sizeof *q);
		q->id = stmt_int(s, 0);
		q->number = stmt_int(s, 1) ? (int)stmt_int(s, 1) : ++n;
		copy(q->question, sizeof q->question, stmt_text(s, 2));
		copy(q->asked_at, sizeof q->asked_at, stmt_text(s, 3));
		copy(q->response, sizeof q->response, stmt_text(s, 4));
		copy(q->response_date, sizeof q->response_date, stmt_text(s, 5));
		stop = fn(ctx, q);
	}
	free(q);
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

static int each_question(struct store *st, int64_t review_id, int published_only, question_fn fn, void *ctx,
                         struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT q.id, 0, q.question, q.asked_at, q.response, q.response_date FROM review_questions q "
	                "JOIN reviews r ON r.id = q.review_id WHERE q.review_id = ? AND (? = 0 OR r.published = 1) "
	                "ORDER BY q.id", "id", review_id, published_only))
		return -1;
	return read_questions(s, fn, ctx, e);
}

int review_questions(struct store *st, const struct actor *who, int64_t review_id, question_fn fn, void *ctx,
                     struct err *e)
{
	if (alog_require(st, who, REVIEW_READ, "view", "review", review_id, DENY_READ, e))
		return -1;
	return each_question(st, review_id, 0, fn, ctx, e);
}

int published_review_questions(struct store *st, int64_t review_id, int version, question_fn fn, void *ctx,
                               struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT 0, number, question, '', response, response_date FROM review_version_questions "
	                "WHERE review_id = ? AND version = ? ORDER BY number", "ii", review_id, (int64_t)version))
		return -1;
	return read_questions(s, fn, ctx, e);
}

int review_add_action(struct store *st, const struct actor *who, int64_t review_id, const char *action,
                      const char *owner, const char *due, struct errlist *errs, struct err *e)
{
	if (alog_require(st, who, REVIEW_EDIT, "update", "review", review_id, DENY_EDIT, e) || exists(st, review_id, e))
		return -1;
	if (!*nz(action))
		errlist_add(errs, "action", "Enter the follow-up action");
	check_len(errs, "action", "Action", action, 1000);
	if (!*nz(owner))
		errlist_add(errs, "owner", "Enter who owns the action (an office, not a person's name)");
	check_len(errs, "owner", "Owner", owner, 200);
	if (*nz(due) && !date_valid(due))
		errlist_add(errs, "due", "Due date must be a real date, like 2026-03-27");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the action");
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "INSERT INTO review_actions(review_id, action, owner, due) VALUES(?, ?, ?, ?)", "ittt",
	               review_id, action, owner, nz(due)) ||
	    alog_writei(st, who, "update", "review", review_id, "ok", "action added", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int review_action_done(struct store *st, const struct actor *who, int64_t review_id, int64_t action_id,
                       struct err *e)
{
	if (alog_require(st, who, REVIEW_EDIT, "update", "review", review_id, DENY_EDIT, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE review_actions SET done = 1 WHERE id = ? AND review_id = ?", "ii", action_id,
	               review_id))
		goto fail;
	if (store_changes(st) != 1) {
		store_rollback(st);
		return err_set(e, ERR_NOTFOUND, "No such action");
	}
	if (alog_writei(st, who, "update", "review", review_id, "ok", "action done", e))
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}

/* One reader for live and published actions: columns (id, or the number
 * in a published version; action, owner, due, done). */
static int read_actions(struct stmt *s, action_fn fn, void *ctx, struct err *e)
{
	struct review_action a;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		memset(&a, 0, sizeof a);
		a.id = stmt_int(s, 0);
		copy(a.action, sizeof a.action, stmt_text(s, 1));
		copy(a.owner, sizeof a.owner, stmt_text(s, 2));
		copy(a.due, sizeof a.due, stmt_text(s, 3));
		a.done = (int)stmt_int(s, 4);
		stop = fn(ctx, &a);
	}
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

static int each_action(struct store *st, int64_t review_id, int published_only, action_fn fn, void *ctx,
                       struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT a.id, a.action, a.owner, a.due, a.done FROM review_actions a JOIN reviews r "
	                "ON r.id = a.review_id WHERE a.review_id = ? AND (? = 0 OR r.published = 1) ORDER BY a.id",
	                "id", review_id, published_only))
		return -1;
	return read_actions(s, fn, ctx, e);
}

int review_actions(struct store *st, const struct actor *who, int64_t review_id, action_fn fn, void *ctx,
                   struct err *e)
{
	if (alog_require(st, who, REVIEW_READ, "view", "review", review_id, DENY_READ, e))
		return -1;
	return each_action(st, review_id, 0, fn, ctx, e);
}

int published_review_actions(struct store *st, int64_t review_id, int version, action_fn fn, void *ctx,
                             struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT number, action, owner, due, done FROM review_version_actions "
	                "WHERE review_id = ? AND version = ? ORDER BY number", "ii", review_id, (int64_t)version))
		return -1;
	return read_actions(s, fn, ctx, e);
}

int review_link_finding(struct store *st, const struct actor *who, int64_t review_id, int64_t finding_id,
                        struct err *e)
{
	if (alog_require(st, who, REVIEW_EDIT, "update", "review", review_id, DENY_EDIT, e) || exists(st, review_id, e))
		return -1;
	int64_t n;
	int r = store_int(st, e, &n, "SELECT id FROM findings WHERE id = ?", "i", finding_id);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_INPUT, "There is no finding %lld", (long long)finding_id);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "INSERT INTO review_findings(review_id, finding_id) VALUES(?, ?) ON CONFLICT DO NOTHING",
	               "ii", review_id, finding_id) ||
	    alog_writei(st, who, "update", "review", review_id, "ok", "finding linked", e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

int review_findings(struct store *st, const struct actor *who, int64_t review_id, review_finding_fn fn, void *ctx,
                    struct err *e)
{
	if (who && alog_require(st, who, REVIEW_READ, "view", "review", review_id, DENY_READ, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT f.id, f.reference, i.title, f.status FROM review_findings rf "
	                "JOIN findings f ON f.id = rf.finding_id JOIN inspections i ON i.id = f.inspection_id "
	                "WHERE rf.review_id = ? ORDER BY i.published, f.id", "i", review_id))
		return -1;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1)
		stop = fn(ctx, stmt_int(s, 0), stmt_text(s, 1), stmt_text(s, 2), stmt_text(s, 3));
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

int review_check_publish(struct store *st, const struct actor *who, int64_t review_id, const char *note,
                         struct errlist *problems, struct err *e)
{
	if (alog_require(st, who, REVIEW_EDIT, "publish", "review", review_id, DENY_EDIT, e))
		return -1;
	struct review r;
	if (review_get(st, who, review_id, &r, e))
		return -1;
	version_check_publish(r.version, r.changed, note, problems);
	return 0;
}

int review_publish(struct store *st, const struct actor *who, int64_t review_id, const char *note,
                   struct errlist *problems, struct err *e)
{
	if (alog_require(st, who, REVIEW_EDIT, "publish", "review", review_id, DENY_EDIT, e) || exists(st, review_id, e))
		return -1;
	struct review *r = xmalloc(sizeof *r);
	struct stmt *q;
	int found = 0;
	if (store_query(st, &q, e, "SELECT " REVIEW_COLUMNS "FROM reviews r WHERE r.id = ?", "i", review_id)) {
		free(r);
		return -1;
	}
	found = stmt_next(q, e);
	if (found == 1)
		read_review(q, r);
	stmt_done(q);
	if (found != 1) {
		free(r);
		return found < 0 ? -1 : err_set(e, ERR_NOTFOUND, "No review %lld", (long long)review_id);
	}
	version_check_publish(r->version, r->changed, note ? note : "", problems);
	if (problems->n) {
		free(r);
		return err_set(e, ERR_INPUT, "%s", problems->item[0].msg);
	}
	char today[11];
	date_today(today);
	int64_t v = r->version + 1;
	if (store_begin(st, e)) {
		free(r);
		return -1;
	}
	if (store_exec(st, e,
	               "INSERT INTO review_versions(review_id, version, published_at, account_id, by_name, note, topic, "
	               "scope, method, found, further_review, members) VALUES(?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?, ?)",
	               "iiti" "tttttttt", review_id, v, today, who->account_id, who->name, nz(note), r->topic, r->scope,
	               r->method, r->found, r->further_review, r->members) ||
	    store_exec(st, e,
	               "INSERT INTO review_version_questions(review_id, version, number, question, response, response_date) "
	               "SELECT q.review_id, ?2, (SELECT COUNT(*) FROM review_questions x WHERE x.review_id = q.review_id "
	               "AND x.id <= q.id), q.question, q.response, q.response_date FROM review_questions q "
	               "WHERE q.review_id = ?1",
	               "ii", review_id, v) ||
	    store_exec(st, e,
	               "INSERT INTO review_version_actions(review_id, version, number, action, owner, due, done) "
	               "SELECT a.review_id, ?2, (SELECT COUNT(*) FROM review_actions x WHERE x.review_id = a.review_id "
	               "AND x.id <= a.id), a.action, a.owner, a.due, a.done FROM review_actions a WHERE a.review_id = ?1",
	               "ii", review_id, v) ||
	    store_exec(st, e,
	               "UPDATE reviews SET published = 1, published_at = CASE WHEN published = 1 THEN published_at "
	               "ELSE ? END, version = ?, changed = 0 WHERE id = ?",
	               "tii", today, v, review_id))
		goto fail;
	char detail[32];
	snprintf(detail, sizeof detail, "version %lld", (long long)v);
	if (alog_writei(st, who, "publish", "review", review_id, "ok", detail, e))
		goto fail;
	free(r);
	return store_commit(st, e);
fail:
	free(r);
	store_rollback(st);
	return -1;
}

#define VERSIONS_SQL \
	"SELECT version, published_at, by_name, note FROM review_versions WHERE review_id = ? ORDER BY version DESC"

int review_versions(struct store *st, const struct actor *who, int64_t review_id, record_version_fn fn,
                    void *ctx, struct err *e)
{
	if (alog_require(st, who, REVIEW_READ, "view", "review", review_id, DENY_READ, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e, VERSIONS_SQL, "i", review_id))
		return -1;
	return versions_read(s, 1, fn, ctx, e);
}

int published_review_versions(struct store *st, int64_t review_id, record_version_fn fn, void *ctx, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, VERSIONS_SQL, "i", review_id))
		return -1;
	return versions_read(s, 0, fn, ctx, e);
}

int published_review_get(struct store *st, int64_t review_id, int version, struct review *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT v.version, v.published_at, v.topic, v.scope, v.method, v.found, v.further_review, "
	                "v.members, r.published_at FROM reviews r JOIN review_versions v ON v.review_id = r.id "
	                "AND v.version = CASE WHEN ?2 > 0 THEN ?2 ELSE r.version END "
	                "WHERE r.id = ?1 AND r.published = 1",
	                "ii", review_id, (int64_t)version))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		out->id = review_id;
		out->published = 1;
		out->version = (int)stmt_int(s, 0);
		copy(out->updated_at, sizeof out->updated_at, stmt_text(s, 1)); /* this version's date */
		copy(out->topic, sizeof out->topic, stmt_text(s, 2));
		copy(out->scope, sizeof out->scope, stmt_text(s, 3));
		copy(out->method, sizeof out->method, stmt_text(s, 4));
		copy(out->found, sizeof out->found, stmt_text(s, 5));
		copy(out->further_review, sizeof out->further_review, stmt_text(s, 6));
		copy(out->members, sizeof out->members, stmt_text(s, 7));
		copy(out->published_at, sizeof out->published_at, stmt_text(s, 8));
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	return r ? 0 : err_set(e, ERR_NOTFOUND, "Review %lld has no published version %d", (long long)review_id, version);
}
