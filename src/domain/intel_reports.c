/* intel_reports.c — the anonymous line's storage and the ACU's queue; the
 * guarantees are in intel_reports.h. The reporter's functions take no
 * actor and write no access-log row: a row would carry the time. */
#include "domain/intel_reports.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/validate.h"
#include "store/store.h"
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Add a message (and its pictures) to report id, as author. */
static int add_message(struct store *st, int64_t id, const char *author, const char *text, const struct buf *pics,
                       const char *const *ctypes, size_t npics, struct err *e)
{
	char today[11];
	int64_t seq;
	date_today(today);
	if (store_exec(st, e, "UPDATE anon_reports SET last_seq = last_seq + 1 WHERE id = ?", "i", id) ||
	    store_int(st, e, &seq, "SELECT last_seq FROM anon_reports WHERE id = ?", "i", id) != 1 ||
	    store_exec(st, e, "INSERT INTO anon_messages(report_id, seq, author, day, body) VALUES (?, ?, ?, ?, ?)",
	               "iittt", id, seq, author, today, text))
		return -1;
	for (size_t i = 0; i < npics; i++)
		if (store_exec(st, e, "INSERT INTO anon_attachments(report_id, seq, ctype, data) VALUES (?, ?, ?, ?)",
		               "iitb", id, seq, ctypes[i], pics[i].p, pics[i].n))
			return -1;
	return 0;
}

/* The text and the category (its key into key[24]), as the form asks them. */
static void text_checks(struct store *st, const char *text, const char *category, char key[24], struct errlist *errs)
{
	if (blank(text))
		errlist_add(errs, "text", "Tell us what you want to report");
	else if (strlen(text) > ANON_TEXT_MAX)
		errlist_add(errs, "text", "Your report must be %d characters or fewer", ANON_TEXT_MAX);
	if (category && *category) {
		struct err e2 = { 0 };
		if (store_text(st, &e2, key, 24, "SELECT key FROM intel_categories WHERE key = ?", "t", category) != 1)
			errlist_add(errs, "category", "Select a category from the list, or none");
	}
}

int anon_report_check(struct store *st, const char *text, const char *category, struct errlist *errs, struct err *e)
{
	char key[24] = "";
	text_checks(st, text, category, key, errs);
	return errs->n ? err_set(e, ERR_INPUT, "%s", errs->item[0].msg) : 0;
}

/* What a report stores under its receipt: the report, then its first message. */
struct new_report {
	const char *text, *key;
	struct buf *pics;
	const char *const *ctypes;
	size_t npics;
};

static int insert_report(struct store *st, void *ctx, const char *hash, struct err *e)
{
	const struct new_report *r = ctx;
	char today[11];
	date_today(today);
	return store_exec(st, e, "INSERT INTO anon_reports(receipt_hash, received, category) VALUES (?, ?, NULLIF(?, ''))",
	                  "ttt", hash, today, r->key) ||
	       add_message(st, store_last_id(st), "reporter", r->text, r->pics, r->ctypes, r->npics, e);
}

int anon_report_submit(struct store *st, const char *text, const char *category, const struct anon_file *files,
                       size_t nfiles, char receipt[ANON_RECEIPT_SIZE], struct errlist *errs, struct err *e)
{
	struct buf pics[ANON_FILES_MAX];
	const char *ctypes[ANON_FILES_MAX];
	size_t npics = 0;
	char key[24] = "";
	int rc = -1;
	receipt[0] = 0;
	text_checks(st, text, category, key, errs);
	if (nfiles > ANON_FILES_MAX)
		errlist_add(errs, "file", "Attach %d pictures at most", ANON_FILES_MAX);
	for (size_t i = 0; i < nfiles && i < ANON_FILES_MAX && !errlist_get(errs, "file"); i++) {
		struct err fe = { 0 };
		if (files[i].len > ANON_FILE_MAX) {
			errlist_add(errs, "file", "Each picture must be smaller than 4 MB");
			break;
		}
		buf_init(&pics[npics], ANON_FILE_MAX);
		if (anon_strip_image(files[i].data, files[i].len, &pics[npics], &ctypes[npics], &fe)) {
			buf_release(&pics[npics]);
			errlist_add(errs, "file", "%s", fe.msg);
			break;
		}
		npics++;
	}
	if (errs->n) {
		err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
		goto out;
	}
	struct new_report r = { text, key, pics, ctypes, npics };
	rc = anon_receipt_issue(st, receipt, insert_report, &r, e);
out:
	for (size_t i = 0; i < npics; i++)
		buf_release(&pics[i]);
	return rc;
}

int anon_report_open(struct store *st, const char *receipt, int64_t *id, struct err *e)
{
	return anon_receipt_find(st, receipt, "SELECT id FROM anon_reports WHERE receipt_hash = ?", "report", id, e);
}

static int thread(struct store *st, int64_t id, int (*fn)(void *ctx, const struct anon_msg *m), void *ctx,
                  struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = -1;
	struct anon_msg *m = xmalloc(sizeof *m);
	if (store_query(st, &s, e,
	                "SELECT seq, author, day, body, (SELECT COUNT(*) FROM anon_attachments a "
	                "WHERE a.report_id = m.report_id AND a.seq = m.seq) FROM anon_messages m "
	                "WHERE report_id = ? ORDER BY seq",
	                "i", id))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		m->seq = stmt_int(s, 0);
		copy(m->author, sizeof m->author, stmt_text(s, 1));
		copy(m->day, sizeof m->day, stmt_text(s, 2));
		copy(m->body, sizeof m->body, stmt_text(s, 3));
		m->attachments = (int)stmt_int(s, 4);
		if (fn(ctx, m))
			goto out;
	}
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	free(m);
	return rc;
}

int anon_report_thread(struct store *st, int64_t id, int (*fn)(void *ctx, const struct anon_msg *m), void *ctx,
                       struct err *e)
{
	return thread(st, id, fn, ctx, e);
}

static int check_text(const char *text, struct errlist *errs, const char *field)
{
	if (blank(text))
		errlist_add(errs, field, "Write your message");
	else if (strlen(text) > ANON_TEXT_MAX)
		errlist_add(errs, field, "Your message must be %d characters or fewer", ANON_TEXT_MAX);
	return errs->n;
}

int anon_report_reply(struct store *st, int64_t id, const char *text, struct errlist *errs, struct err *e)
{
	if (check_text(text, errs, "text"))
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	if (store_begin(st, e))
		return -1;
	if (add_message(st, id, "reporter", text, NULL, NULL, 0, e) ||
	    store_exec(st, e, "UPDATE anon_reports SET status = 'open' WHERE id = ? AND status = 'new'", "i", id) ||
	    store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

/* ---- the ACU's side ---- */

static void read_row(struct stmt *s, struct anon_report_row *o)
{
	o->id = stmt_int(s, 0);
	o->item_id = stmt_int(s, 1);
	copy(o->received, sizeof o->received, stmt_text(s, 2));
	copy(o->status, sizeof o->status, stmt_text(s, 3));
	copy(o->category, sizeof o->category, stmt_text(s, 4));
	copy(o->category_name, sizeof o->category_name, stmt_text(s, 5));
	o->messages = stmt_int(s, 6);
	o->last_seq = stmt_int(s, 7);
	copy(o->last_author, sizeof o->last_author, stmt_text(s, 8));
	copy(o->first_text, sizeof o->first_text, stmt_text(s, 9));
}

static const char LIST_SQL[] =
	"SELECT r.id, COALESCE(r.item_id, 0), r.received, r.status, COALESCE(r.category, ''), COALESCE(c.name, ''), "
	"(SELECT COUNT(*) FROM anon_messages m WHERE m.report_id = r.id), r.last_seq, "
	"COALESCE((SELECT author FROM anon_messages m WHERE m.report_id = r.id ORDER BY seq DESC LIMIT 1), ''), "
	"COALESCE((SELECT substr(body, 1, 200) FROM anon_messages m WHERE m.report_id = r.id AND seq = 1), '') "
	"FROM anon_reports r LEFT JOIN intel_categories c ON c.key = r.category "
	"ORDER BY r.status = 'converted', r.received DESC, r.id DESC LIMIT 500";

static const char GET_SQL[] =
	"SELECT r.id, COALESCE(r.item_id, 0), r.received, r.status, COALESCE(r.category, ''), COALESCE(c.name, ''), "
	"(SELECT COUNT(*) FROM anon_messages m WHERE m.report_id = r.id), r.last_seq, "
	"COALESCE((SELECT author FROM anon_messages m WHERE m.report_id = r.id ORDER BY seq DESC LIMIT 1), ''), "
	"COALESCE((SELECT substr(body, 1, 200) FROM anon_messages m WHERE m.report_id = r.id AND seq = 1), '') "
	"FROM anon_reports r LEFT JOIN intel_categories c ON c.key = r.category WHERE r.id = ?";

int anon_reports_list(struct store *st, const struct actor *who, int (*fn)(void *ctx, const struct anon_report_row *r),
                      void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = -1;
	if (alog_require(st, who, ROLE_ACU, "list", "anon_report", 0, "Only the counter-corruption unit reads reports", e) ||
	    alog_list(st, who, "anon_report", "all", e, "%s", ""))
		return -1;
	if (store_query(st, &s, e, LIST_SQL, ""))
		goto out;
	while ((r = stmt_next(s, e)) == 1) {
		struct anon_report_row row;
		read_row(s, &row);
		if (fn(ctx, &row))
			goto out;
	}
	if (r < 0)
		goto out;
	stmt_done(s);
	s = NULL;
	rc = alog_write(st, who, "list", "anon_report", "", "ok", NULL, e);
out:
	stmt_done(s);
	return rc;
}

static int get_row(struct store *st, int64_t id, struct anon_report_row *row, struct err *e)
{
	struct stmt *s = NULL;
	if (store_query(st, &s, e, GET_SQL, "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1)
		read_row(s, row);
	stmt_done(s);
	if (r < 0)
		return -1;
	return r == 0 ? err_set(e, ERR_NOTFOUND, "No anonymous report %lld", (long long)id) : 0;
}

int anon_report_get(struct store *st, const struct actor *who, int64_t id, struct anon_report_row *row,
                    int (*fn)(void *ctx, const struct anon_msg *m), void *ctx, struct err *e)
{
	if (alog_require(st, who, ROLE_ACU, "view", "anon_report", id, "Only the counter-corruption unit reads reports",
	                 e) ||
	    get_row(st, id, row, e) || (fn && thread(st, id, fn, ctx, e)))
		return -1;
	return alog_writei(st, who, "view", "anon_report", id, "ok", NULL, e);
}

int anon_report_ask(struct store *st, const struct actor *who, int64_t id, const char *text, struct errlist *errs,
                    struct err *e)
{
	struct anon_report_row row;
	if (alog_require(st, who, ROLE_ACU, "message", "anon_report", id, "Only the counter-corruption unit answers",
	                 e) ||
	    get_row(st, id, &row, e))
		return -1;
	if (check_text(text, errs, "text"))
		return err_set(e, ERR_INPUT, "%s", errs->item[0].msg);
	if (store_begin(st, e))
		return -1;
	if (add_message(st, id, "acu", text, NULL, NULL, 0, e) ||
	    store_exec(st, e, "UPDATE anon_reports SET status = 'open' WHERE id = ? AND status = 'new'", "i", id) ||
	    alog_writei(st, who, "message", "anon_report", id, "ok", NULL, e) || store_commit(st, e)) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

int anon_attachments_list(struct store *st, const struct actor *who, int64_t report_id,
                          int (*fn)(void *ctx, int64_t id, int64_t seq), void *ctx, struct err *e)
{
	struct stmt *s = NULL;
	int r, rc = -1;
	if (alog_require(st, who, ROLE_ACU, "view", "anon_report", report_id, "Only the counter-corruption unit", e))
		return -1;
	if (store_query(st, &s, e, "SELECT id, seq FROM anon_attachments WHERE report_id = ? ORDER BY id", "i",
	                report_id))
		goto out;
	while ((r = stmt_next(s, e)) == 1)
		if (fn(ctx, stmt_int(s, 0), stmt_int(s, 1)))
			goto out;
	rc = r < 0 ? -1 : 0;
out:
	stmt_done(s);
	return rc;
}

int anon_attachment_get(struct store *st, const struct actor *who, int64_t report_id, int64_t att_id, char ctype[16],
                        void **out, size_t *n, struct err *e)
{
	struct stmt *s = NULL;
	*out = NULL;
	*n = 0;
	if (alog_require(st, who, ROLE_ACU, "view", "anon_attachment", att_id, "Only the counter-corruption unit", e))
		return -1;
	if (store_query(st, &s, e, "SELECT ctype, data FROM anon_attachments WHERE id = ? AND report_id = ?", "ii", att_id,
	                report_id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		size_t len;
		const void *p = stmt_blob(s, 1, &len);
		copy(ctype, 16, stmt_text(s, 0));
		*out = xmalloc(len ? len : 1);
		if (len)
			memcpy(*out, p, len);
		*n = len;
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No such attachment");
	return alog_writei(st, who, "view", "anon_attachment", att_id, "ok", NULL, e);
}
