/* evidence.c — evidence files for inspection findings: type detection by
 * content, size limit, storage as a BLOB, need-to-know on download. */
#include "domain/evidence.h"
#include "core/csv.h"
#include "core/date.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/inspections.h"
#include "domain/validate.h"
#include "store/store.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

const char *evidence_detect(const void *data, size_t n, const char *filename)
{
	const unsigned char *p = data;
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && memcmp(p, "\xff\xd8\xff", 3) == 0)
		return "image/jpeg";
	if (n >= 4 && memcmp(p, "PK\x03\x04", 4) == 0) {
		if (ends_with(filename, ".docx"))
			return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
		if (ends_with(filename, ".xlsx"))
			return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
		if (ends_with(filename, ".pptx"))
			return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
		return NULL;
	}
	if (n > 0 && !memchr(p, 0, n) && utf8_valid_prefix(p, n) == n) {
		if (ends_with(filename, ".csv"))
			return "text/csv; charset=utf-8";
		if (ends_with(filename, ".txt"))
			return "text/plain; charset=utf-8";
	}
	return NULL;
}

void evidence_download_name(const struct evidence *ev, const void *data, size_t n, char *name, size_t name_n,
                            const char **ctype)
{
	static const struct { const char *prefix, *ext; } exts[] = {
		{ "application/pdf", "pdf" },
		{ "image/png", "png" },
		{ "image/jpeg", "jpg" },
		{ "application/vnd.openxmlformats-officedocument.wordprocessingml", "docx" },
		{ "application/vnd.openxmlformats-officedocument.spreadsheetml", "xlsx" },
		{ "application/vnd.openxmlformats-officedocument.presentationml", "pptx" },
		{ "text/csv", "csv" },
		{ "text/plain", "txt" },
	};
	const char *t = evidence_detect(data, n, ev->filename), *ext = "bin";
	for (size_t i = 0; t && i < sizeof exts / sizeof exts[0]; i++)
		if (!strncmp(t, exts[i].prefix, strlen(exts[i].prefix)))
			ext = exts[i].ext;
	*ctype = t ? t : "application/octet-stream";
	snprintf(name, name_n, "EV%06lld.%s", (long long)ev->id, ext);
}

int evidence_may_download(const struct actor *who)
{
	return actor_has(who, INSP_MANAGE);
}

int evidence_attach(struct store *st, const struct actor *who, int64_t finding_id, const char *filename,
                    const void *data, size_t n, const char *description, int64_t *id, struct errlist *errs,
                    struct err *e)
{
	if (!actor_has(who, INSP_MANAGE)) {
		alog_writei(st, who, "create", "evidence", finding_id, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only governance, the DCC or an administrator can attach evidence");
	}
	int64_t exists = 0;
	if (store_int(st, e, &exists, "SELECT COUNT(*) FROM findings WHERE id = ?", "i", finding_id) < 0)
		return -1;
	if (!exists)
		return err_set(e, ERR_NOTFOUND, "No such finding");
	int64_t max = config_int(st, "evidence.max_bytes", 5242880);
	const char *ctype = NULL;
	if (!data || n == 0)
		errlist_add(errs, "file", "Choose a file to upload");
	else if ((int64_t)n > max)
		errlist_add(errs, "file", "The file must be smaller than %lld MB", (long long)(max / (1024 * 1024)));
	else if (!filename || !*filename || strlen(filename) > 200)
		errlist_add(errs, "file", "The file needs a name of 200 characters or fewer");
	else if (!(ctype = evidence_detect(data, n, filename)))
		errlist_add(errs, "file", "The file must be a PDF, PNG, JPEG, Word, Excel, PowerPoint, CSV or text file");
	if (description && strlen(description) > 500)
		errlist_add(errs, "description", "Description must be 500 characters or fewer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the evidence");
	unsigned char d[32];
	char hex[65], now[21];
	crypto_hash_sha256(d, data, n);
	sodium_bin2hex(hex, sizeof hex, d, sizeof d);
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO evidence(finding_id, filename, ctype, size, sha256, description, data, account_id, "
	               "created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)",
	               "ittitt" "b" "it", finding_id, filename, ctype, (int64_t)n, hex, description ? description : "",
	               data, n, who->account_id, now))
		goto fail;
	int64_t eid = store_last_id(st);
	char detail[300];
	snprintf(detail, sizeof detail, "evidence %lld: %s (%zu bytes)", (long long)eid, filename, n);
	if (alog_writei(st, who, "update", "finding", finding_id, "ok", detail, e))
		goto fail;
	if (store_commit(st, e))
		return -1;
	if (id)
		*id = eid;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

static void read_meta(struct stmt *s, struct evidence *ev)
{
	memset(ev, 0, sizeof *ev);
	ev->id = stmt_int(s, 0);
	ev->finding_id = stmt_int(s, 1);
	copy(ev->filename, sizeof ev->filename, stmt_text(s, 2));
	copy(ev->ctype, sizeof ev->ctype, stmt_text(s, 3));
	ev->size = stmt_int(s, 4);
	copy(ev->sha256, sizeof ev->sha256, stmt_text(s, 5));
	copy(ev->description, sizeof ev->description, stmt_text(s, 6));
	copy(ev->created_at, sizeof ev->created_at, stmt_text(s, 7));
}

int evidence_list(struct store *st, const struct actor *who, int64_t finding_id, evidence_fn fn, void *ctx,
                  struct err *e)
{
	if (!actor_has(who, INSP_READ)) {
		alog_writei(st, who, "view", "evidence", finding_id, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "You do not have access to this finding");
	}
	if (alog_list(st, who, "evidence", "finding", e, "finding=%lld", (long long)finding_id))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id, finding_id, filename, ctype, size, sha256, description, created_at FROM evidence "
	                "WHERE finding_id = ? ORDER BY id DESC", "i", finding_id))
		return -1;
	struct evidence ev;
	int r, stop = 0;
	while (!stop && (r = stmt_next(s, e)) == 1) {
		read_meta(s, &ev);
		stop = fn(ctx, &ev);
	}
	stmt_done(s);
	return !stop && r < 0 ? -1 : 0;
}

int evidence_get(struct store *st, const struct actor *who, int64_t finding_id, int64_t id, struct evidence *out,
                 struct buf *data, struct err *e)
{
	if (!evidence_may_download(who)) {
		alog_writei(st, who, "download", "evidence", id, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Evidence files can be opened by governance, the DCC and administrators only");
	}
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id, finding_id, filename, ctype, size, sha256, description, created_at, data "
	                "FROM evidence WHERE id = ? AND finding_id = ?", "ii", id, finding_id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		size_t n;
		read_meta(s, out);
		const void *p = stmt_blob(s, 8, &n);
		buf_add(data, p, n);
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_NOTFOUND, "No such evidence");
	if (data->oom)
		return err_set(e, ERR_NOMEM, "out of memory");
	return alog_writei(st, who, "download", "evidence", id, "ok", out->filename, e);
}
