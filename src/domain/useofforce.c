/* useofforce.c — use of force fairness: the records' import, the Home
 * Office table, the report, figures, trend and officers (see useofforce.h
 * and docs/use-of-force.md). Dip samples are in useofforce_sample.c.
 *
 * The report sums uof_counts (people by area, day, group and tactic), which
 * the importer keeps in step with uof_records in the same transaction, so a
 * report over years is a few thousand rows of arithmetic. Rates, ratios and
 * intervals are stop and search's own (ss_compute); disclosure control is
 * disclosure.h's rule. */
#include "domain/useofforce.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/seen.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/config.h"
#include "domain/csv_import.h"
#include "domain/disclosure.h"
#include "store/store.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const int uof_order[7] = { SS_WHITE, SS_BLACK, SS_ASIAN, SS_MIXED, SS_OTHER, SS_NOT_RECORDED, SS_TOTAL };

const char *uof_group_name(int g)
{
	return g == SS_NOT_RECORDED ? "Not reported" : ss_group_names[g];
}

/* ------------------------------------------------------------- tactics */

static void tactics_config(struct store *st, char *out, size_t n)
{
	if (store_text(st, NULL, out, n, "SELECT value FROM config WHERE key = 'useofforce.tactics'", "") != 1 || !*out)
		snprintf(out, n, "%s", UOF_TACTICS_DEFAULT);
}

/* Whether name (len n) is one of the ';'-separated items of list. */
static int in_list(const char *list, const char *name, size_t n)
{
	const char *p = list;
	while (p && *p) {
		const char *semi = strchr(p, ';');
		size_t k = semi ? (size_t)(semi - p) : strlen(p);
		if (k == n && !memcmp(p, name, n))
			return 1;
		p = semi ? semi + 1 : NULL;
	}
	return 0;
}

int uof_tactic_valid(struct store *st, const char *name)
{
	char list[1024];
	if (!name || !*name)
		return 0;
	if (!strcmp(name, UOF_TASER_DISCHARGE) || !strcmp(name, UOF_FIREARMS))
		return 1;
	tactics_config(st, list, sizeof list);
	return in_list(list, name, strlen(name));
}

void uof_tactic_list(struct store *st, char *out, size_t n)
{
	char list[1024];
	tactics_config(st, list, sizeof list);
	snprintf(out, n, "%s;%s;%s", list, UOF_TASER_DISCHARGE, UOF_FIREARMS);
}

/* The tactic group a tactic also counts under, or NULL. */
static const char *tactic_group(const char *t, size_t n)
{
	if ((n == 11 && !memcmp(t, "taser_fired", 11)) || (n == 16 && !memcmp(t, "taser_drive_stun", 16)))
		return UOF_TASER_DISCHARGE;
	if (n > 8 && !memcmp(t, "firearm_", 8))
		return UOF_FIREARMS;
	return NULL;
}

/* ---------------------------------------------------------------- import */

enum { C_REF, C_DATE, C_STAFF, C_ETH, C_GENDER, C_AGE, C_TACTICS, C_REASON, C_SINJ, C_OINJ, C_OUTCOME, C_BWV, NCOL };
static const char *const colnames[NCOL] = { "incident_ref", "date", "officer_staff_number", "subject_ethnicity",
	"subject_gender", "subject_age_band", "tactics", "reason", "subject_injured", "officer_injured", "outcome",
	"body_worn_video" };

/* A file at least this large (about 40,000 rows) for a new area is loaded
 * without the date index, which is built again at the end (uof_header_step). */
#define UOF_REINDEX_BYTES (4u << 20)

/* A stored record of the area (read once, before the check): its id, its
 * group and yes/no answers (2: not recorded), and at text offset at its
 * date, officer, gender, age band, tactics, reason and outcome, each
 * NUL-terminated. */
struct uof_old {
	int64_t id;
	int grp, yn[3];
	size_t at;
};
enum { O_DATE, O_STAFF, O_GENDER, O_AGE, O_TACTICS, O_REASON, O_OUTCOME, O_NTEXT };
/* A row to write: new (id 0) or changed (the stored id), its seq, group
 * and yes/no answers, and at text offset at the file's fields (NCOL of
 * them) then its tags. */
struct uof_kept {
	int64_t id;
	int seq, grp, yn[3];
	size_t at;
};

struct uof_import {
	const char *area;
	struct uof_import_stats *s;
	char tactics[1024];     /* the configured set */
	struct seen seq;        /* incident_ref -> rows of it so far in this file */
	/* (day, tactic, group) -> change in people, keyed by one integer (delta_key):
	 * an open-addressing table of integers, no string built or compared per row */
	int64_t *dk, *dv;       /* key 0: empty slot (a key is never 0: days start at year 1) */
	size_t dcap, dn;
	char tac[64][64];       /* tactic index -> name ("" is any tactic, index 0) */
	size_t tlen[64];        /* and its length */
	int ntac;
	int fresh;              /* the area had no records: no row can be stored already */
	int reindex;            /* uof_records_date to be dropped for this import and built again at the end */
	/* Checked before the write lock (csv_import.h's apply step): the area's
	 * stored records read once (key "incident_ref\037seq" -> index in old),
	 * the rows to write kept in rows, and the use-of-force import counter
	 * as it was then (another import of records in between refuses this
	 * one at the write: its look-ups would be stale). */
	struct seen oldkey;
	struct uof_old *old;
	size_t nold, oldcap;
	struct uof_kept *rows;
	size_t nrows, rowcap;
	struct buf text;
	int64_t gen;
	const char *fname;      /* the file's name, for the write's refusal */
	int staged;             /* rows and counts are in uof_import_rows and uofcount_import_rows */
};

static int yes_no(const char *v)
{
	if (!*v) return 2;
	if (!strcasecmp(v, "yes")) return 1;
	if (!strcasecmp(v, "no")) return 0;
	return -1;
}

/* The keys a record counts under in uof_counts, after '' (any tactic):
 * each of its tactics in order, then its tactic groups (taser discharge,
 * firearms), each once; fn gets each key as p[0..l). The record's tags
 * (count_keys) and its counts (add_delta) both walk them here. */
static void each_tactic_key(const char *tactics, void (*fn)(void *ctx, const char *p, size_t l), void *ctx)
{
	int taser = 0, fire = 0;
	const char *p = tactics;
	while (p && *p) {
		const char *semi = strchr(p, ';');
		size_t l = semi ? (size_t)(semi - p) : strlen(p);
		const char *g = tactic_group(p, l);
		if (g && !strcmp(g, UOF_TASER_DISCHARGE)) taser = 1;
		if (g && !strcmp(g, UOF_FIREARMS)) fire = 1;
		fn(ctx, p, l);
		p = semi ? semi + 1 : NULL;
	}
	if (taser)
		fn(ctx, UOF_TASER_DISCHARGE, strlen(UOF_TASER_DISCHARGE));
	if (fire)
		fn(ctx, UOF_FIREARMS, strlen(UOF_FIREARMS));
}

/* The ';'-joined keys count_keys writes. */
struct key_list {
	char *out;
	size_t n, k;            /* out's size, bytes used */
};

/* Append p[0..l) and ';' to the key list, if it fits. */
static void put_key(void *ctx, const char *p, size_t l)
{
	struct key_list *o = ctx;
	if (o->k + l + 2 > o->n)
		return;
	memcpy(o->out + o->k, p, l);
	o->out[o->k + l] = ';';
	o->out[o->k + l + 1] = 0;
	o->k += l + 1;
}

/* The keys but '' ';'-joined into out (n bytes). */
static void count_keys(const char *tactics, char *out, size_t n)
{
	struct key_list o = { out, n, 0 };
	out[0] = 0;
	each_tactic_key(tactics, put_key, &o);
}

/* The index of tactic p[0..l) in x->tac, added when new (-1 when full). */
static int tactic_index(struct uof_import *x, const char *p, size_t l)
{
	for (int i = 0; i < x->ntac; i++)
		if (x->tlen[i] == l && !memcmp(x->tac[i], p, l))
			return i;
	if (x->ntac >= 64 || l >= sizeof x->tac[0])
		return -1;
	memcpy(x->tac[x->ntac], p, l);
	x->tac[x->ntac][l] = 0;
	x->tlen[x->ntac] = l;
	return x->ntac++;
}

/* day "YYYY-MM-DD" (checked), tactic index, group as one integer; and back. */
static int64_t delta_key(const char *day, int t, int grp)
{
	int64_t y = atoi(day), m = atoi(day + 5), d = atoi(day + 8);
	return ((y * 372 + (m - 1) * 31 + (d - 1)) * 64 + t) * 8 + grp;
}

static void delta_day(int64_t key, char out[11], int *t, int *grp)
{
	*grp = (int)(key % 8);
	key /= 8;
	*t = (int)(key % 64);
	key /= 64;
	snprintf(out, 11, "%04d-%02d-%02d", (int)(key / 372), (int)(key % 372 / 31 + 1), (int)(key % 31 + 1));
}

static void delta_grow(struct uof_import *x)
{
	size_t cap = x->dcap ? x->dcap * 2 : 4096;
	int64_t *k = xcalloc(cap, sizeof *k), *v = xcalloc(cap, sizeof *v);
	for (size_t i = 0; i < x->dcap; i++)
		if (x->dk[i]) {
			size_t j = (size_t)((uint64_t)x->dk[i] * 0x9E3779B97F4A7C15ULL >> 20) & (cap - 1);
			while (k[j])
				j = (j + 1) & (cap - 1);
			k[j] = x->dk[i];
			v[j] = x->dv[i];
		}
	free(x->dk);
	free(x->dv);
	x->dk = k, x->dv = v, x->dcap = cap;
}

static void delta_add(struct uof_import *x, int64_t key, int d)
{
	if (x->dn * 2 >= x->dcap)
		delta_grow(x);
	size_t m = x->dcap - 1, j = (size_t)((uint64_t)key * 0x9E3779B97F4A7C15ULL >> 20) & m;
	while (x->dk[j] && x->dk[j] != key)
		j = (j + 1) & m;
	if (!x->dk[j]) {
		x->dk[j] = key;
		x->dn++;
	}
	x->dv[j] += d;
}

/* Count a record (d = 1) or take it back (d = -1) under '' and the keys
 * each_tactic_key gives, in that order. The day and each tactic's index
 * are found once per record, with no key string built. */
struct delta_at {
	struct uof_import *x;
	int64_t base;           /* the day's key with tactic 0, group 0 */
	int grp, d;
};

static void add_key_delta(void *ctx, const char *p, size_t l)
{
	struct delta_at *c = ctx;
	int t = tactic_index(c->x, p, l);
	if (t >= 0)
		delta_add(c->x, c->base + t * 8 + c->grp, c->d);
}

static void add_delta(struct uof_import *x, const char *day, const char *tactics, int grp, int d)
{
	struct delta_at c = { x, delta_key(day, 0, grp) - grp, grp, d };
	add_key_delta(&c, "", 0);
	each_tactic_key(tactics, add_key_delta, &c);
}

/* Check the tactics field: non-empty, each in the configured set, none twice. */
static int check_tactics(const struct csv *c, const char *list, const char *v, struct err *e)
{
	if (!*v)
		return csv_row_error(e, c, colnames[C_TACTICS], "is blank: give at least one tactic");
	if (strlen(v) > 250)
		return csv_row_error(e, c, colnames[C_TACTICS], "is longer than 250 characters");
	const char *p = v;
	while (p) {
		const char *semi = strchr(p, ';');
		size_t l = semi ? (size_t)(semi - p) : strlen(p);
		if (!in_list(list, p, l))
			return csv_row_error(e, c, colnames[C_TACTICS], "'%.*s' is not a configured tactic (useofforce.tactics)",
			                     (int)l, p);
		for (const char *q = v; q < p;) {
			const char *s2 = strchr(q, ';');
			if ((size_t)(s2 - q) == l && !memcmp(q, p, l))
				return csv_row_error(e, c, colnames[C_TACTICS], "'%.*s' is given twice", (int)l, p);
			q = s2 + 1;
		}
		p = semi ? semi + 1 : NULL;
	}
	return 0;
}

static const char *yn_text(int v) { return v == 2 ? NULL : v ? "1" : "0"; }

/* The record's tags: ";" + its tactics and tactic groups + ";". */
static void tags_of(const char *tactics, char *out, size_t n)
{
	char keys[1200];
	count_keys(tactics, keys, sizeof keys);
	snprintf(out, n, ";%s", keys);
}

void uof_tag_pattern(const char *t, char out[160])
{
	size_t k = 0;
	out[0] = 0;
	if (!t || !*t)
		return;
	out[k++] = '%';
	out[k++] = ';';
	for (; *t && k + 4 < 160; t++) {
		if (*t == '_' || *t == '%' || *t == '!')
			out[k++] = '!';
		out[k++] = *t;
	}
	out[k++] = ';';
	out[k++] = '%';
	out[k] = 0;
}

static int uof_row_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct uof_import *x = im->ctx;
	const char *f[NCOL];
	for (int i = 0; i < NCOL; i++)
		f[i] = csv_field(c, (size_t)i);
	if (!*f[C_REF] || strlen(f[C_REF]) > 60)
		return csv_row_error(e, c, colnames[C_REF], "must be 1 to 60 characters");
	if (!date_valid(f[C_DATE]))
		return csv_row_error(e, c, colnames[C_DATE], "'%s' is not a date like 2024-03-31", f[C_DATE]);
	if (!*f[C_STAFF] || strlen(f[C_STAFF]) > 30)
		return csv_row_error(e, c, colnames[C_STAFF], "must be 1 to 30 characters");
	int grp = ss_group_officer(f[C_ETH]);
	if (grp < 0)
		return csv_row_error(e, c, colnames[C_ETH], "'%s' is not one of White, Black, Asian, Mixed, Other or blank",
		                     f[C_ETH]);
	static const int shortcols[] = { C_GENDER, C_AGE };
	for (size_t i = 0; i < 2; i++)
		if (strlen(f[shortcols[i]]) > 30)
			return csv_row_error(e, c, colnames[shortcols[i]], "is longer than 30 characters");
	if (check_tactics(c, x->tactics, f[C_TACTICS], e))
		return -1;
	if (strlen(f[C_REASON]) > 100)
		return csv_row_error(e, c, colnames[C_REASON], "is longer than 100 characters");
	if (strlen(f[C_OUTCOME]) > 60)
		return csv_row_error(e, c, colnames[C_OUTCOME], "is longer than 60 characters");
	int yn[3];
	static const int yncols[3] = { C_SINJ, C_OINJ, C_BWV };
	for (int i = 0; i < 3; i++)
		if ((yn[i] = yes_no(f[yncols[i]])) < 0)
			return csv_row_error(e, c, colnames[yncols[i]], "'%s' is not yes, no or blank", f[yncols[i]]);
	int seq = seen_bump(&x->seq, f[C_REF]) + 1;
	char tags[300];
	tags_of(f[C_TACTICS], tags, sizeof tags);
	int64_t id = 0;
	const struct uof_old *o = NULL;
	int same = 0;
	if (!x->fresh) { /* the area had records before this file: is this row one of them? */
		char key[100];
		int64_t k;
		snprintf(key, sizeof key, "%s\037%d", f[C_REF], seq);
		if (seen_get(&x->oldkey, key, &k)) {
			o = &x->old[k];
			const char *ot = x->text.p + o->at;
			const char *ov[O_NTEXT];
			for (int i = 0; i < O_NTEXT; i++) {
				ov[i] = ot;
				ot += strlen(ot) + 1;
			}
			id = o->id;
			same = !strcmp(ov[O_DATE], f[C_DATE]) && !strcmp(ov[O_STAFF], f[C_STAFF]) && o->grp == grp &&
			       !strcmp(ov[O_GENDER], f[C_GENDER]) && !strcmp(ov[O_AGE], f[C_AGE]) &&
			       !strcmp(ov[O_TACTICS], f[C_TACTICS]) && !strcmp(ov[O_REASON], f[C_REASON]) &&
			       o->yn[0] == yn[0] && o->yn[1] == yn[1] && !strcmp(ov[O_OUTCOME], f[C_OUTCOME]) &&
			       o->yn[2] == yn[2];
			if (!same) /* the stored record's counts come off */
				add_delta(x, ov[O_DATE], ov[O_TACTICS], o->grp, -1);
		}
	}
	x->s->rows++;
	if (same)
		return 0;
	/* kept for the write: the fields, then the tags */
	if (x->nrows == x->rowcap) {
		x->rowcap = x->rowcap ? 2 * x->rowcap : 1024;
		x->rows = xrealloc(x->rows, x->rowcap * sizeof *x->rows);
	}
	x->rows[x->nrows++] = (struct uof_kept){ id, seq, grp, { yn[0], yn[1], yn[2] }, x->text.n };
	for (int i = 0; i < NCOL; i++)
		buf_add(&x->text, f[i], strlen(f[i]) + 1);
	buf_add(&x->text, tags, strlen(tags) + 1);
	if (x->text.oom)
		return err_set(e, ERR_NOMEM, "%s: out of memory keeping the rows to import", c->name);
	if (id) {
		im->n.updated++;
		x->s->updated++;
	} else {
		im->n.created++;
		x->s->created++;
	}
	add_delta(x, f[C_DATE], f[C_TACTICS], grp, 1);
	return 0;
}

struct delta_order {
	uint64_t key; /* tactic's rank by name, day, group */
	size_t slot;  /* in x->dk */
};

static int by_delta_order(const void *a, const void *b)
{
	uint64_t p = ((const struct delta_order *)a)->key, q = ((const struct delta_order *)b)->key;
	return p < q ? -1 : p > q;
}

/* Finish step, still without the write lock: the rows to write and the
 * counted changes copied into this connection's own temporary tables
 * (one transaction of the temporary database only), so the write is three
 * statements. The counts go in uof_counts' key order (tactic, day, group),
 * so each row goes in next to the last rather than at a random place. */
static int uof_finish_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	(void)c;
	struct uof_import *x = im->ctx;
	if (im->dry_run)
		return 0;
	int rank[64] = { 0 };
	for (int a = 0; a < x->ntac; a++)
		for (int b = 0; b < x->ntac; b++)
			rank[a] += strcmp(x->tac[b], x->tac[a]) < 0;
	struct delta_order *o = xcalloc(x->dn ? x->dn : 1, sizeof *o);
	size_t n = 0;
	for (size_t i = 0; i < x->dcap; i++)
		if (x->dk[i] && x->dv[i]) {
			int64_t day = x->dk[i] / 512; /* delta_key's day number */
			int t = (int)(x->dk[i] / 8 % 64);
			o[n].key = (uint64_t)rank[t] << 40 | (uint64_t)day << 3 | (uint64_t)(x->dk[i] % 8);
			o[n++].slot = i;
		}
	qsort(o, n, sizeof *o, by_delta_order);
	int rc = store_begin_read(im->st, e);
	if (rc) {
		free(o);
		return -1;
	}
	x->staged = 1;
	rc = store_exec(im->st, e, "DROP TABLE IF EXISTS uof_import_rows", "") ||
	     store_exec(im->st, e, "DROP TABLE IF EXISTS uofcount_import_rows", "") ||
	     store_exec(im->st, e,
	                "CREATE TEMP TABLE uof_import_rows(n INTEGER PRIMARY KEY, incident_ref TEXT, "
	                "seq INTEGER, date TEXT, officer_staff_number TEXT, grp INTEGER, gender TEXT, age_band TEXT, "
	                "tactics TEXT, tags TEXT, reason TEXT, subject_injured INTEGER, officer_injured INTEGER, "
	                "outcome TEXT, bwv INTEGER)", "") ||
	     store_exec(im->st, e,
	                "CREATE TEMP TABLE uofcount_import_rows(n INTEGER PRIMARY KEY, day TEXT, tactic TEXT, grp INTEGER, "
	                "people BIGINT)", "") ? -1 : 0;
	for (size_t k = 0; k < x->nrows && !rc; k++) {
		const struct uof_kept *r = &x->rows[k];
		if (r->id)
			continue; /* changed records are updated one by one */
		const char *f[NCOL + 1];
		csv_import_unpack(x->text.p + r->at, f, NCOL + 1);
		rc = store_exec(im->st, e,
		                "INSERT INTO uof_import_rows(n, incident_ref, seq, date, officer_staff_number, grp, "
		                "gender, age_band, tactics, tags, reason, subject_injured, officer_injured, outcome, bwv) "
		                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		                "isdssdsssssssss", (int64_t)k + 1, f[C_REF], r->seq, f[C_DATE], f[C_STAFF], r->grp,
		                f[C_GENDER], f[C_AGE], f[C_TACTICS], f[NCOL], f[C_REASON], yn_text(r->yn[0]),
		                yn_text(r->yn[1]), f[C_OUTCOME], yn_text(r->yn[2]));
	}
	for (size_t k = 0; k < n && !rc; k++) {
		size_t i = o[k].slot;
		char day[11];
		int t, grp;
		delta_day(x->dk[i], day, &t, &grp);
		rc = store_exec(im->st, e,
		                "INSERT INTO uofcount_import_rows(n, day, tactic, grp, people) VALUES (?, ?, ?, ?, ?)",
		                "itsdi", (int64_t)k + 1, day, x->tac[t], grp, x->dv[i]);
	}
	free(o);
	if (rc) {
		store_rollback(im->st);
		return -1;
	}
	return store_commit(im->st, e);
}

/* The write, with the write lock held: unless another import of records
 * was written since this file's look-ups (then they may be stale: refused,
 * to run again), the new records in one statement (the date index, when
 * dropped for a large new area, built again after them), the changed ones
 * one by one, and the counts in one statement. */
static int uof_apply_step(struct csv_import *im, struct err *e)
{
	struct uof_import *x = im->ctx;
	int64_t gen = 0;
	int r = store_int(im->st, e, &gen, "SELECT value FROM change_counters WHERE name = 'uof_import'", "");
	if (r < 0)
		return -1;
	if ((r ? gen : 0) != x->gen)
		return err_set(e, ERR_CONFLICT, "%s: another use of force import was written while this file was "
		               "checked: nothing was imported, run the import again", x->fname);
	if (store_exec(im->st, e,
	               "INSERT INTO change_counters(name, value) VALUES ('uof_import', 1) "
	               "ON CONFLICT(name) DO UPDATE SET value = change_counters.value + 1", "") ||
	    (x->reindex && store_exec(im->st, e, "DROP INDEX uof_records_date", "")) ||
	    store_exec(im->st, e,
	               "INSERT INTO uof_records(area, incident_ref, seq, date, officer_staff_number, grp, gender, age_band, "
	               "tactics, tags, reason, subject_injured, officer_injured, outcome, bwv) "
	               "SELECT ?, incident_ref, seq, date, officer_staff_number, grp, gender, age_band, tactics, tags, "
	               "reason, subject_injured, officer_injured, outcome, bwv FROM uof_import_rows ORDER BY n",
	               "t", x->area) ||
	    (x->reindex && store_exec(im->st, e, "CREATE INDEX uof_records_date ON uof_records(area, date)", "")))
		return -1;
	for (size_t k = 0; k < x->nrows; k++) {
		const struct uof_kept *w = &x->rows[k];
		if (!w->id)
			continue;
		const char *f[NCOL + 1];
		csv_import_unpack(x->text.p + w->at, f, NCOL + 1);
		if (store_exec(im->st, e,
		               "UPDATE uof_records SET date = ?, officer_staff_number = ?, grp = ?, gender = ?, age_band = ?,"
		               " tactics = ?, tags = ?, reason = ?, subject_injured = ?, officer_injured = ?, outcome = ?, bwv = ?"
		               " WHERE id = ?",
		               "ssdsssssssssi", f[C_DATE], f[C_STAFF], w->grp, f[C_GENDER], f[C_AGE], f[C_TACTICS], f[NCOL],
		               f[C_REASON], yn_text(w->yn[0]), yn_text(w->yn[1]), f[C_OUTCOME], yn_text(w->yn[2]), w->id))
			return -1;
	}
	return store_exec(im->st, e,
	                  "INSERT INTO uof_counts(area, day, tactic, grp, people) "
	                  "SELECT ?, day, tactic, grp, people FROM uofcount_import_rows WHERE n > 0 ORDER BY n "
	                  "ON CONFLICT(area, tactic, day, grp) DO UPDATE SET people = uof_counts.people + excluded.people",
	                  "t", x->area);
}

/* The area's stored records, read once into x (one read transaction, with
 * the import counter the write will compare). */
static int read_stored(struct uof_import *x, struct store *st, struct err *e)
{
	struct stmt *q;
	if (store_query(st, &q, e,
	                "SELECT incident_ref, seq, id, grp, COALESCE(subject_injured, 2), COALESCE(officer_injured, 2), "
	                "COALESCE(bwv, 2), date, officer_staff_number, gender, age_band, tactics, reason, outcome "
	                "FROM uof_records WHERE area = ?", "t", x->area))
		return -1;
	int r;
	while ((r = stmt_next(q, e)) == 1) {
		char key[100];
		snprintf(key, sizeof key, "%s\037%lld", stmt_text(q, 0), (long long)stmt_int(q, 1));
		if (x->nold == x->oldcap) {
			x->oldcap = x->oldcap ? 2 * x->oldcap : 1024;
			x->old = xrealloc(x->old, x->oldcap * sizeof *x->old);
		}
		struct uof_old *o = &x->old[x->nold];
		*o = (struct uof_old){ stmt_int(q, 2), (int)stmt_int(q, 3),
			               { (int)stmt_int(q, 4), (int)stmt_int(q, 5), (int)stmt_int(q, 6) }, x->text.n };
		for (int i = 0; i < O_NTEXT; i++) {
			const char *v = stmt_text(q, 7 + i);
			buf_add(&x->text, v, strlen(v) + 1);
		}
		seen_put(&x->oldkey, key, (int64_t)x->nold++);
	}
	stmt_done(q);
	if (r < 0)
		return -1;
	if (x->text.oom)
		return err_set(e, ERR_NOMEM, "out of memory reading the area's records");
	return 0;
}

static int uof_header_step(struct csv_import *im, struct csv *c, struct err *e)
{
	struct uof_import *x = im->ctx;
	int64_t any = 0;
	x->fname = c->name;
	if (csv_expect_header(c, UOF_HEADER, e) || store_begin_read(im->st, e))
		return -1;
	int r = store_int(im->st, e, &x->gen, "SELECT value FROM change_counters WHERE name = 'uof_import'", "");
	if (r == 0)
		x->gen = 0;
	if (r < 0 || store_int(im->st, e, &any, "SELECT COUNT(*) FROM uof_records WHERE area = ?", "t", x->area) < 0 ||
	    (any && read_stored(x, im->st, e))) {
		store_rollback(im->st);
		return -1;
	}
	if (store_commit(im->st, e))
		return -1;
	x->fresh = any == 0;
	/* A large file for a new area: its rows come in incident order, so each
	 * would go into the (area, date) index at a random place, about a third
	 * of the write's time. Dropping the index and building it again after
	 * the rows (one sort) inside the same transaction is quicker, and a
	 * failed write rolls the drop back. SQLite only: on PostgreSQL the drop
	 * would lock the table against readers until the commit. The definition
	 * is migration 034's. */
	x->reindex = x->fresh && c->len >= UOF_REINDEX_BYTES && !strcmp(store_backend(im->st), "sqlite");
	return 0;
}

static const struct csv_import_spec uof_spec = {
	.header_fn = uof_header_step,
	.ncol = NCOL,
	.object_type = "useofforce_records",
	.row_fn = uof_row_step,
	.finish_fn = uof_finish_step,
	.apply_fn = uof_apply_step,
};

static int import_any(struct store *st, const char *path, const char *name, const char *data, size_t len,
                      const char *area, int dry_run, struct uof_import_stats *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	if (!area || !*area || strlen(area) > 100 ||
	    utf8_valid_prefix((const unsigned char *)area, strlen(area)) != strlen(area))
		return err_set(e, ERR_INPUT, "--area must be a name of 1 to 100 characters (UTF-8)");
	struct uof_import x = { .area = area, .s = s };
	buf_init(&x.text, (size_t)4 << 30);
	tactics_config(st, x.tactics, sizeof x.tactics);
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &x };
	/* A large file touches many pages of the records' and tactics' indexes:
	 * keep them in memory for the import. */
	if (store_cache_mib(st, 256, e))
		return -1;
	int rc = path ? csv_import_file(&uof_spec, &im, path, e) : csv_import_mem(&uof_spec, &im, name, data, len, e);
	store_cache_mib(st, 0, NULL);
	if (x.staged) {
		store_exec(st, NULL, "DROP TABLE IF EXISTS uof_import_rows", "");
		store_exec(st, NULL, "DROP TABLE IF EXISTS uofcount_import_rows", "");
	}
	seen_free(&x.seq);
	seen_free(&x.oldkey);
	free(x.old);
	free(x.rows);
	buf_release(&x.text);
	free(x.dk);
	free(x.dv);
	if (rc) {
		memset(s, 0, sizeof *s);
		return -1;
	}
	s->unchanged = s->rows - s->created - s->updated;
	return 0;
}

int uof_import(struct store *st, const char *path, const char *area, int dry_run, struct uof_import_stats *s,
               struct err *e)
{
	return import_any(st, path, NULL, NULL, 0, area, dry_run, s, e);
}

int uof_import_mem(struct store *st, const char *name, const char *data, size_t len, const char *area, int dry_run,
                   struct uof_import_stats *s, struct err *e)
{
	return import_any(st, NULL, name, data, len, area, dry_run, s, e);
}

/* ------------------------------------------------------- the national table */

struct nat_import {
	const char *year;
	int wide;               /* 2018-19 layout: Chinese and Don't know columns */
	long rows;
};

#define NAT_HEADER_1920                                                                                     \
	"Police Force,Type of force,Tactic,White,Black (or Black British),Asian (or Asian British),Mixed,Other," \
	"Not reported,Number of times tactic reported"
#define NAT_HEADER_1819                                                                                     \
	"Police Force,Type of force,Tactic,White,Black (or Black British),Asian (or Asian British),Chinese,"   \
	"Mixed,Other,Don't know,Not reported,Number of times tactic reported"

static int nat_header(struct csv_import *im, struct csv *c, struct err *e)
{
	struct nat_import *x = im->ctx;
	int r = csv_next(c, e);
	if (r != 1)
		return r < 0 ? -1 : err_set(e, ERR_INPUT, "%s: empty file", c->name);
	struct buf h = BUF_INIT;
	buf_init(&h, 4096);
	for (size_t i = 0; i < c->nf; i++) {
		if (i)
			buf_addc(&h, ',');
		buf_adds(&h, csv_field(c, i));
	}
	if (!strcmp(buf_str(&h), NAT_HEADER_1920))
		im->ncol = 10;
	else if (!strcmp(buf_str(&h), NAT_HEADER_1819))
		im->ncol = 12, x->wide = 1;
	buf_release(&h);
	if (!im->ncol)
		return err_set(e, ERR_INPUT, "%s:1: header: expected the Home Office table's header %s (or 2018-19's)",
		               c->name, NAT_HEADER_1920);
	return store_exec(im->st, e, "DELETE FROM uof_national WHERE year = ?", "t", x->year);
}

/* A published count: blank (not applicable) is 0; else a whole number, maybe written 123.0. */
static int count_cell(const struct csv *c, size_t col, const char *name, int64_t *out, struct err *e)
{
	const char *v = csv_field(c, col);
	*out = 0;
	if (!*v)
		return 0;
	char *end;
	double d = strtod(v, &end);
	if (*end || d < 0 || d > 1e12 || d != floor(d))
		return csv_row_error(e, c, name, "'%s' is not a whole number", v);
	*out = (int64_t)d;
	return 0;
}

static int nat_row(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct nat_import *x = im->ctx;
	const char *force = csv_field(c, 0), *type = csv_field(c, 1), *tactic = csv_field(c, 2);
	if (!*force || strlen(force) > 60)
		return csv_row_error(e, c, "Police Force", "must be 1 to 60 characters");
	if (!*tactic || strlen(tactic) > 100 || strlen(type) > 100)
		return csv_row_error(e, c, "Tactic", "must be 1 to 100 characters");
	int64_t v[9];
	static const char *const names[] = { "White", "Black", "Asian", "Chinese", "Mixed", "Other", "Don't know",
		                             "Not reported", "Number of times tactic reported" };
	int64_t white, black, asian, mixed, other, nr, total;
	if (x->wide) {
		for (size_t i = 0; i < 9; i++)
			if (count_cell(c, 3 + i, names[i], &v[i], e))
				return -1;
		white = v[0], black = v[1], asian = v[2], mixed = v[4], other = v[3] + v[5], nr = v[6] + v[7], total = v[8];
	} else {
		static const int map[7] = { 0, 1, 2, 4, 5, 7, 8 };
		for (size_t i = 0; i < 7; i++)
			if (count_cell(c, 3 + i, names[map[i]], &v[i], e))
				return -1;
		white = v[0], black = v[1], asian = v[2], mixed = v[3], other = v[4], nr = v[5], total = v[6];
	}
	char t[128];
	/* The published names hold line breaks ("Handcuffing\n, of which"): one line. */
	size_t k = 0;
	for (const char *p = tactic; *p && k + 1 < sizeof t; p++)
		if (*p != '\n' && *p != '\r')
			t[k++] = *p;
	t[k] = 0;
	if (store_exec(im->st, e,
	               "INSERT INTO uof_national(year, force, type, tactic, white, black, asian, mixed, other, not_reported,"
	               " total) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	               " ON CONFLICT(year, force, type, tactic) DO UPDATE SET white = excluded.white, black = excluded.black,"
	               " asian = excluded.asian, mixed = excluded.mixed, other = excluded.other,"
	               " not_reported = excluded.not_reported, total = excluded.total",
	               "ttttiiiiiii", x->year, force, type, t, white, black, asian, mixed, other, nr, total))
		return -1;
	x->rows++;
	im->n.created++;
	return 0;
}

static const struct csv_import_spec nat_spec = {
	.object_type = "useofforce_national",
	.header_fn = nat_header,
	.row_fn = nat_row,
};

static int year_valid(const char *y)
{
	return y && strlen(y) == 7 && y[0] == '2' && y[1] == '0' && y[4] == '-' && y[2] >= '0' && y[2] <= '9' &&
	       y[3] >= '0' && y[3] <= '9' && y[5] >= '0' && y[5] <= '9' && y[6] >= '0' && y[6] <= '9' &&
	       ((y[2] - '0') * 10 + (y[3] - '0') + 1) % 100 == (y[5] - '0') * 10 + (y[6] - '0');
}

int uof_national_import(struct store *st, const char *path, const char *year, int dry_run, long *rows,
                        char year_out[8], struct err *e)
{
	*rows = 0;
	char y[8] = "";
	if (year && *year) {
		snprintf(y, sizeof y, "%s", year);
	} else {
		/* "...2019-20.csv" */
		for (const char *p = path; *p; p++)
			if (year_valid((snprintf(y, sizeof y, "%.7s", p), y)))
				break;
			else
				y[0] = 0;
	}
	if (!year_valid(y))
		return err_set(e, ERR_INPUT, "%s: give the financial year as --year 2019-20 (the file name does not say it)",
		               path);
	struct nat_import x = { .year = y };
	struct csv_import im = { .st = st, .dry_run = dry_run, .ctx = &x };
	if (csv_import_file(&nat_spec, &im, path, e))
		return -1;
	*rows = x.rows;
	snprintf(year_out, 8, "%s", y);
	return 0;
}

/* ---------------------------------------------------------------- report */

int uof_query_check(struct store *st, const struct uof_query *q, struct errlist *errs, struct err *e)
{
	struct errlist local = { 0 };
	if (!errs)
		errs = &local;
	int before = errs->n;
	if (!q->area || !*q->area)
		errlist_add(errs, "area", "Choose an area");
	if (!q->from || !date_valid(q->from))
		errlist_add(errs, "from", "Enter the first day as a real date, for example 1 4 2023");
	if (!q->to || !date_valid(q->to))
		errlist_add(errs, "to", "Enter the last day as a real date, for example 31 3 2024");
	else if (q->from && date_valid(q->from) && strcmp(q->from, q->to) > 0)
		errlist_add(errs, "to", "The last day must be the same as or after the first day");
	if (q->tactic && *q->tactic && !uof_tactic_valid(st, q->tactic))
		errlist_add(errs, "tactic", "Choose a tactic from the list");
	if (errs->n > before)
		return err_field(e, ERR_INPUT, errs->item[before].field, "%s", errs->item[before].msg);
	return 0;
}

/* 0 full view, 1 the disclosure-controlled view; -1 refused (logged). */
static int view_kind(struct store *st, const struct actor *who, const char *what, struct err *e)
{
	if (!who || actor_has(who, UOF_FULL_ROLES))
		return 0;
	if (actor_has(who, UOF_SUPPRESSED_ROLES))
		return 1;
	alog_write(st, who, "view", what, "", "refused", "role", NULL);
	err_set(e, ERR_DENIED, "Use of force analysis is for governance, PSD, the DCC, the scrutiny panel and the PCC");
	return -1;
}

void uof_report_disclose(struct store *st, struct uof_report *r)
{
	r->suppressed = 1;
	r->k = disclosure_k(st);
	r->hidden = ss_rows_disclose(r->rows, r->k);
}

void uof_trend_disclose(struct store *st, struct ss_month *m, size_t n)
{
	long k = disclosure_k(st);
	for (size_t i = 0; i < n; i++)
		ss_rows_disclose(m[i].rows, k);
}

static void query_detail(const struct uof_query *q, char *out, size_t n)
{
	snprintf(out, n, "%s %s..%s%s%s", q->area, q->from, q->to, q->tactic && *q->tactic ? " tactic " : "",
	         q->tactic && *q->tactic ? q->tactic : "");
}

int uof_report(struct store *st, const struct actor *who, const struct uof_query *q, struct uof_report *out,
               struct err *e)
{
	memset(out, 0, sizeof *out);
	int kind = view_kind(st, who, "useofforce_report", e);
	if (kind < 0 || uof_query_check(st, q, NULL, e))
		return -1;
	int64_t pop[5];
	int has[5];
	struct ss_counts c[SS_NGROUPS];
	memset(c, 0, sizeof c);
	if (ss_population_load(st, q->area, pop, has, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT grp, SUM(people) FROM uof_counts WHERE area = ? AND tactic = ? AND day >= ? AND day <= ?"
	                " GROUP BY grp",
	                "tttt", q->area, q->tactic ? q->tactic : "", q->from, q->to))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int g = (int)stmt_int(s, 0);
		if (g >= 0 && g < SS_NGROUPS)
			c[g].searches = stmt_int(s, 1);
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	ss_compute(c, pop, has, out->rows);
	if (kind)
		uof_report_disclose(st, out);
	char detail[200];
	query_detail(q, detail, sizeof detail);
	if (who && alog_write(st, who, "view", "useofforce_report", q->area, "ok", detail, e))
		return -1;
	return 0;
}

void uof_report_csv(const struct uof_report *rep, struct buf *out)
{
	buf_adds(out, UOF_REPORT_HEADER "\n");
	for (int i = 0; i < 7; i++) {
		int g = uof_order[i];
		const struct ss_row *r = &rep->rows[g];
		char pop[24] = "", people[24];
		if (r->has_pop && (g == SS_TOTAL || g < SS_NOT_STATED))
			snprintf(pop, sizeof pop, "%lld", (long long)r->pop);
		if (rep->hidden & (1u << g))
			snprintf(people, sizeof people, "[c]");
		else
			snprintf(people, sizeof people, "%lld", (long long)r->c.searches);
		buf_printf(out, "%s,%s,%s,%s,%s,%s,%s\n", uof_group_name(g), pop, people, r->rate, r->ratio, r->ci_low,
		           r->ci_high);
	}
}

static void named_add(struct uof_named *v, int *n, const char *name, int64_t k)
{
	if (*n >= 10)
		return;
	snprintf(v[*n].name, sizeof v[*n].name, "%s", *name ? name : "(not recorded)");
	v[(*n)++].n = k;
}

int uof_figures(struct store *st, const struct actor *who, const struct uof_query *q, struct uof_figures *out,
                struct err *e)
{
	memset(out, 0, sizeof *out);
	int kind = view_kind(st, who, "useofforce_figures", e);
	if (kind < 0 || uof_query_check(st, q, NULL, e))
		return -1;
	char pat[160];
	uof_tag_pattern(q->tactic, pat);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT r.grp, COUNT(*),"
	                " SUM(CASE WHEN r.subject_injured = 1 THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN r.subject_injured IS NOT NULL THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN r.officer_injured = 1 THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN r.officer_injured IS NOT NULL THEN 1 ELSE 0 END),"
	                " SUM(CASE WHEN r.bwv = 1 THEN 1 ELSE 0 END), SUM(CASE WHEN r.bwv IS NOT NULL THEN 1 ELSE 0 END)"
	                " FROM uof_records r WHERE r.area = ? AND r.date >= ? AND r.date <= ?"
	                " AND (? = '' OR r.tags LIKE ? ESCAPE '!')"
	                " GROUP BY r.grp",
	                "ttttt", q->area, q->from, q->to, pat, pat))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		int g = (int)stmt_int(s, 0);
		if (g < 0 || g >= SS_NGROUPS)
			continue;
		struct uof_group_figures f = { stmt_int(s, 1), stmt_int(s, 2), stmt_int(s, 3), stmt_int(s, 4),
			                       stmt_int(s, 5), stmt_int(s, 6), stmt_int(s, 7) };
		out->g[g] = f;
		struct uof_group_figures *T = &out->g[SS_TOTAL];
		T->people += f.people, T->subj_inj += f.subj_inj, T->subj_inj_known += f.subj_inj_known;
		T->off_inj += f.off_inj, T->off_inj_known += f.off_inj_known, T->bwv_on += f.bwv_on, T->bwv_known += f.bwv_known;
	}
	stmt_done(s);
	if (r < 0)
		return -1;
	if (kind) {
		struct ss_row rows[SS_NGROUPS + 1];
		memset(rows, 0, sizeof rows);
		for (int g = 0; g < SS_NGROUPS; g++)
			rows[g].c.searches = out->g[g].people;
		out->hidden = ss_rows_disclose(rows, disclosure_k(st));
		long kk = disclosure_k(st);
		for (int g = 0; g <= SS_NGROUPS; g++) {
			struct uof_group_figures *x = &out->g[g];
			if (out->hidden & (1u << g)) {
				memset(x, 0, sizeof *x);
				continue;
			}
			/* A count of 1 to k-1 within a group shown is withheld too (-1). */
			int64_t *cell[] = { &x->subj_inj, &x->subj_inj_known, &x->off_inj, &x->off_inj_known, &x->bwv_on,
				            &x->bwv_known };
			for (size_t i = 0; i < sizeof cell / sizeof cell[0]; i++)
				if (disclosure_small((long)*cell[i], kk))
					*cell[i] = -1;
		}
	}
	long k = kind ? disclosure_k(st) : 0;
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0 ? store_query(st, &s, e,
		                            "SELECT r.reason, COUNT(*) FROM uof_records r WHERE r.area = ? AND r.date >= ?"
		                            " AND r.date <= ? AND (? = '' OR r.tags LIKE ? ESCAPE '!') GROUP BY r.reason"
		                            " ORDER BY COUNT(*) DESC, r.reason",
		                            "ttttt", q->area, q->from, q->to, pat, pat)
		              : store_query(st, &s, e,
		                            "SELECT r.outcome, COUNT(*) FROM uof_records r WHERE r.area = ? AND r.date >= ?"
		                            " AND r.date <= ? AND (? = '' OR r.tags LIKE ? ESCAPE '!') GROUP BY r.outcome"
		                            " ORDER BY COUNT(*) DESC, r.outcome",
		                            "ttttt", q->area, q->from, q->to, pat, pat))
			return -1;
		while ((r = stmt_next(s, e)) == 1) {
			int64_t n = stmt_int(s, 1);
			if (disclosure_small((long)n, k))
				continue; /* a reason or outcome given for fewer than k people is not named */
			if (pass == 0)
				named_add(out->reasons, &out->nreasons, stmt_text(s, 0), n);
			else
				named_add(out->outcomes, &out->noutcomes, stmt_text(s, 0), n);
		}
		stmt_done(s);
		if (r < 0)
			return -1;
	}
	char detail[200];
	query_detail(q, detail, sizeof detail);
	return who ? alog_write(st, who, "view", "useofforce_figures", q->area, "ok", detail, e) : 0;
}

int uof_trend(struct store *st, const struct actor *who, const struct uof_query *q, struct ss_month **months,
              size_t *n, struct err *e)
{
	*months = NULL;
	*n = 0;
	int kind = view_kind(st, who, "useofforce_trend", e);
	if (kind < 0 || uof_query_check(st, q, NULL, e))
		return -1;
	int64_t pop[5];
	int has[5];
	if (ss_population_load(st, q->area, pop, has, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT SUBSTR(day, 1, 7) AS m, grp, SUM(people) FROM uof_counts"
	                " WHERE area = ? AND tactic = ? AND day >= ? AND day <= ? GROUP BY SUBSTR(day, 1, 7), grp"
	                " ORDER BY m, grp",
	                "tttt", q->area, q->tactic ? q->tactic : "", q->from, q->to))
		return -1;
	ss_key *names;
	struct ss_counts (*cnt)[SS_NGROUPS];
	long got = ss_read_keyed(s, 1, &names, &cnt, e);
	if (got < 0)
		return -1;
	size_t nm = (size_t)got;
	struct ss_month *v = nm ? xcalloc(nm, sizeof *v) : NULL;
	for (size_t i = 0; i < nm; i++)
		snprintf(v[i].month, sizeof v[i].month, "%s", names[i]);
	free(names);
	for (size_t i = 0; i < nm; i++)
		ss_compute(cnt[i], pop, has, v[i].rows);
	if (kind)
		uof_trend_disclose(st, v, nm);
	free(cnt);
	*months = v;
	*n = nm;
	char detail[200];
	query_detail(q, detail, sizeof detail);
	return who ? alog_write(st, who, "view", "useofforce_trend", q->area, "ok", detail, e) : 0;
}

/* The Home Office table's row for a query's tactic (docs/use-of-force.md). */
static const char *ho_tactic(const char *t)
{
	static const struct { const char *ours, *theirs; } map[] = {
		{ "", "*Total Tactics" },
		{ "handcuffing", "Handcuffing, of which" },
		{ "limb_restraints", "Limb / Body restraints" },
		{ "ground_restraint", "Ground restraint" },
		{ "unarmed_skills", "*Total Unarmed skills" },
		{ "spit_guard", "Spit and bite guard" },
		{ "irritant_spray", "Irritant spray, of which" },
		{ "baton", "Baton, of which" },
		{ "taser_drawn", "CED non-discharge" },
		{ "taser_aimed", "CED non-discharge" },
		{ "taser_red_dot", "CED non-discharge" },
		{ "taser_arced", "CED non-discharge" },
		{ "taser_fired", "CED discharge" },
		{ "taser_drive_stun", "CED discharge" },
		{ UOF_TASER_DISCHARGE, "CED discharge" },
		{ "firearm_aimed", "*Total Firearms" },
		{ "firearm_fired", "*Total Firearms" },
		{ UOF_FIREARMS, "*Total Firearms" },
		{ "dog_deployed", "Dog deployed" },
		{ "other", "Other / improvised" },
	};
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
		if (!strcmp(map[i].ours, t ? t : ""))
			return map[i].theirs;
	return NULL;
}

int uof_national_beside(struct store *st, const struct actor *who, const struct uof_query *q,
                        struct uof_national **out, size_t *n, struct err *e)
{
	*out = NULL;
	*n = 0;
	int kind = view_kind(st, who, "useofforce_national", e);
	if (kind < 0 || uof_query_check(st, q, NULL, e))
		return -1;
	const char *tac = ho_tactic(q->tactic);
	if (!tac)
		return 0;
	char force[64] = "";
	if (store_text(st, e, force, sizeof force, "SELECT value FROM config WHERE key = 'useofforce.home_office_force'",
	               "") < 0)
		return -1;
	if (!*force)
		snprintf(force, sizeof force, "%s", q->area);
	int64_t ewpop[5], apop[5];
	int ewhas[5], ahas[5];
	if (ss_population_load(st, "England and Wales", ewpop, ewhas, e) || ss_population_load(st, q->area, apop, ahas, e))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT year, force, white, black, asian, mixed, other, not_reported FROM uof_national"
	                " WHERE tactic = ? AND (force = 'Total England and Wales' OR force = ?)"
	                " ORDER BY year DESC, CASE WHEN force = 'Total England and Wales' THEN 0 ELSE 1 END",
	                "tt", tac, force))
		return -1;
	struct uof_national *v = NULL;
	size_t nv = 0;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		v = xrealloc(v, (nv + 1) * sizeof *v);
		struct uof_national *x = &v[nv++];
		memset(x, 0, sizeof *x);
		snprintf(x->year, sizeof x->year, "%s", stmt_text(s, 0));
		snprintf(x->force, sizeof x->force, "%s", stmt_text(s, 1));
		snprintf(x->ho_tactic, sizeof x->ho_tactic, "%s", tac);
		x->ew = !strcmp(x->force, "Total England and Wales");
		struct ss_counts c[SS_NGROUPS];
		memset(c, 0, sizeof c);
		c[SS_WHITE].searches = stmt_int(s, 2);
		c[SS_BLACK].searches = stmt_int(s, 3);
		c[SS_ASIAN].searches = stmt_int(s, 4);
		c[SS_MIXED].searches = stmt_int(s, 5);
		c[SS_OTHER].searches = stmt_int(s, 6);
		c[SS_NOT_RECORDED].searches = stmt_int(s, 7);
		ss_compute(c, x->ew ? ewpop : apop, x->ew ? ewhas : ahas, x->rows);
	}
	stmt_done(s);
	if (r < 0) {
		free(v);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

int uof_areas(struct store *st, const struct actor *who, uof_area_fn fn, void *ctx, struct err *e)
{
	if (who && (view_kind(st, who, "useofforce_areas", e) < 0 || alog_list(st, who, "useofforce_areas", "all", e, "%s", "")))
		return -1;
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT area, MIN(day), MAX(day), SUM(people) FROM uof_counts WHERE tactic = ''"
	                " GROUP BY area ORDER BY area",
	                ""))
		return -1;
	int r;
	while ((r = stmt_next(s, e)) == 1)
		if (fn(ctx, stmt_text(s, 0), stmt_text(s, 1), stmt_text(s, 2), stmt_int(s, 3)))
			break;
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- officers */

static int cmp_officer(const void *x, const void *y)
{
	const struct uof_officer *a = x, *b = y;
	if (a->listed != b->listed)
		return b->listed - a->listed;
	return a->people != b->people ? (a->people < b->people ? 1 : -1) : strcmp(a->staff_number, b->staff_number);
}

int uof_officers(struct store *st, const struct actor *who, const struct uof_query *q, struct uof_officer **out,
                 size_t *n, int64_t *min_people, double *zlim, struct err *e)
{
	*out = NULL;
	*n = 0;
	if (who && !actor_has(who, ROLE_PSD)) {
		alog_write(st, who, "view", "useofforce_officers", q->area ? q->area : "", "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Officer-level use of force figures are for Professional Standards only");
	}
	if (uof_query_check(st, q, NULL, e))
		return -1;
	*min_people = config_int(st, "useofforce.officer_min_people", 20);
	*zlim = (double)config_int(st, "useofforce.officer_z", 3);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT r.officer_staff_number, COALESCE(p.forenames || ' ' || p.surname, ''), r.grp, COUNT(*),"
	                " SUM(CASE WHEN r.tags LIKE '%;taser!_%' ESCAPE '!' THEN 1 ELSE 0 END)"
	                " FROM uof_records r LEFT JOIN people p ON p.staff_number = r.officer_staff_number"
	                " WHERE r.area = ? AND r.date >= ? AND r.date <= ?"
	                " GROUP BY r.officer_staff_number, COALESCE(p.forenames || ' ' || p.surname, ''), r.grp"
	                " ORDER BY r.officer_staff_number",
	                "ttt", q->area, q->from, q->to))
		return -1;
	struct ss_tally *t, all;
	size_t nv;
	if (ss_tally_officers(s, &t, &nv, &all, e))
		return -1;
	struct uof_officer *v = xcalloc(nv ? nv : 1, sizeof *v);
	const int64_t N = all.n, K = all.known, M = all.minority, T = all.flagged;
	size_t keep = 0;
	for (size_t i = 0; i < nv; i++) {
		struct uof_officer *o = &v[keep];
		if (t[i].n < *min_people)
			continue;
		memcpy(o->staff_number, t[i].staff_number, sizeof o->staff_number);
		memcpy(o->name, t[i].name, sizeof o->name);
		o->people = t[i].n, o->known = t[i].known, o->minority = t[i].minority, o->taser = t[i].flagged;
		o->minority_z = ss_ztest(o->minority, o->known, M, K);
		o->taser_z = ss_ztest(o->taser, o->people, T, N);
		o->listed = fabs(o->minority_z) >= *zlim || o->taser_z >= *zlim;
		keep++;
	}
	free(t);
	qsort(v, keep, sizeof *v, cmp_officer);
	*out = v;
	*n = keep;
	char detail[200];
	snprintf(detail, sizeof detail, "%s %s..%s: %zu officers", q->area, q->from, q->to, keep);
	return alog_write(st, who, "view", "useofforce_officers", q->area, "ok", detail, e);
}
