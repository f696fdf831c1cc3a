/* record.c — see record.h. */
#include "domain/record.h"
#include "store/store.h"
#include <stdio.h>
#include <string.h>

const char *record_ref(const char *prefix, int64_t id, char out[REF_MAX])
{
	snprintf(out, REF_MAX, "%s%06lld", prefix, (long long)id);
	return out;
}

int64_t record_id(const struct record_def *d, const void *rec)
{
	int64_t id;
	memcpy(&id, (const char *)rec + d->id_offset, sizeof id);
	return id;
}

const char *record_reference(const struct record_def *d, const void *rec, char out[REF_MAX])
{
	return d->ref(record_id(d, rec), out);
}

int record_load(struct store *st, const struct record_def *d, const char *sql, int64_t id, void *rec,
                int64_t *extra, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, sql, "i", id))
		return -1;
	int r = stmt_next(s, e);
	if (r == 1) {
		record_read(d, s, rec);
		if (extra)
			*extra = stmt_int(s, (int)d->nfields);
	}
	stmt_done(s);
	return r;
}

void record_read(const struct record_def *d, struct stmt *s, void *rec)
{
	char *r = rec;
	memset(rec, 0, d->size);
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field_desc *f = &d->fields[i];
		char *p = r + f->offset;
		int64_t v;
		int iv;
		const char *t;
		size_t n;
		switch (f->kind) {
		case FIELD_TEXT:
		case FIELD_STATUS:
			t = stmt_text(s, (int)i); /* cut to the member as snprintf would, without its cost per cell */
			n = strlen(t);
			n = n < f->size ? n : f->size - 1;
			memcpy(p, t, n);
			p[n] = 0;
			break;
		case FIELD_I64:
		case FIELD_MONEY:
			v = stmt_int(s, (int)i);
			memcpy(p, &v, sizeof v);
			break;
		case FIELD_INT:
		case FIELD_BOOL:
			iv = (int)stmt_int(s, (int)i);
			memcpy(p, &iv, sizeof iv);
			break;
		}
	}
}

size_t record_cols(const struct record_def *d, struct sheet_col *cols)
{
	size_t n = 0;
	if (d->ref)
		cols[n++] = (struct sheet_col){ "reference", SHEET_TEXT };
	for (size_t i = 0; i < d->nfields && n < RECORD_MAX_COLS; i++) {
		const struct field_desc *f = &d->fields[i];
		if (!f->col)
			continue;
		/* a char[11] text member holds a YYYY-MM-DD date: a date cell in XLSX */
		enum sheet_kind k = f->kind == FIELD_MONEY                          ? SHEET_MONEY
		                    : f->kind == FIELD_I64 || f->kind == FIELD_INT ? SHEET_NUMBER
		                    : f->kind == FIELD_TEXT && f->size == 11       ? SHEET_DATE
		                                                                   : SHEET_TEXT;
		cols[n++] = (struct sheet_col){ f->col, k };
	}
	return n;
}

int record_sheet_row(const struct record_def *d, const void *rec, struct sheet *sh)
{
	const char *cells[RECORD_MAX_COLS];
	char nums[RECORD_MAX_COLS][24], ref[REF_MAX];
	const char *r = rec;
	size_t n = 0;
	if (d->ref)
		cells[n++] = record_reference(d, rec, ref);
	for (size_t i = 0; i < d->nfields && n < RECORD_MAX_COLS; i++) {
		const struct field_desc *f = &d->fields[i];
		const char *p = r + f->offset;
		int64_t v = 0;
		int iv = 0;
		if (!f->col)
			continue;
		switch (f->kind) {
		case FIELD_TEXT:
			cells[n] = p;
			break;
		case FIELD_STATUS:
			cells[n] = d->status_label ? d->status_label(p) : p;
			break;
		case FIELD_I64:
			memcpy(&v, p, sizeof v);
			snprintf(nums[n], sizeof nums[n], "%lld", (long long)v);
			cells[n] = nums[n];
			break;
		case FIELD_MONEY:
			memcpy(&v, p, sizeof v);
			snprintf(nums[n], sizeof nums[n], "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
			cells[n] = nums[n];
			break;
		case FIELD_INT:
			memcpy(&iv, p, sizeof iv);
			snprintf(nums[n], sizeof nums[n], "%d", iv);
			cells[n] = nums[n];
			break;
		case FIELD_BOOL:
			memcpy(&iv, p, sizeof iv);
			cells[n] = iv ? "yes" : "no";
			break;
		}
		n++;
	}
	return sheet_row(sh, cells);
}
