/* procurement.c — the procurement cross-check: contract import, supplier
 * name normalisation and scoring, the matching engine, flag reviews.
 *
 * The engine (procurement_check) loads the contracts, the gift and
 * hospitality offers from organisations and the live business interests
 * once, and groups the records by normalised organisation name. Each
 * distinct supplier name is scored only against the names that could reach
 * the threshold t: since the score is the mean of a bigram score and a word
 * score, both at most 1, a match needs a word score of at least 2t - 1, so
 * (for t > 0.5) it shares at least that share of words, exactly or as a
 * near spelling. An index from each word to the names holding it, and a
 * bigram index over the words for near spellings, give those candidates
 * with a counter each; the survivors are scored exactly. So the cost grows
 * with the number of distinct names and the words they share, not with
 * contracts x records. Gifts of one name are held in date order, so the
 * window before an award is found by binary search. */
#include "domain/procurement.h"
#include "core/csv.h"
#include "core/date.h"
#include "core/fnv.h"
#include "core/seen.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/duty.h"
#include "domain/config.h"
#include "domain/csv_import.h"
#include "domain/interests.h"
#include "domain/listing.h"
#include "domain/people.h"
#include "store/store.h"
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- normalisation and scoring ---- */

static int is_legal_form(const char *w, size_t n)
{
	static const char *const forms[] = { "ltd", "limited", "plc", "llp", "inc", NULL };
	for (int i = 0; forms[i]; i++)
		if (strlen(forms[i]) == n && !memcmp(forms[i], w, n))
			return 1;
	return 0;
}

void supplier_normalise(const char *name, char *out, size_t n)
{
	char tmp[SUPPLIER_NAME_MAX * 2];
	size_t t = 0;
	const unsigned char *p = (const unsigned char *)(name ? name : "");
	for (; *p && t + 6 < sizeof tmp; p++) {
		unsigned char c = *p;
		if (c == '&') {
			memcpy(tmp + t, " and ", 5);
			t += 5;
		} else if (c == '.' || c == '\'') {
			continue;
		} else if (c == 0xE2 && p[1] == 0x80 && p[2] == 0x99) { /* ’ */
			p += 2;
		} else if (isalnum(c)) {
			tmp[t++] = (char)tolower(c);
		} else if (c >= 0x80) {
			tmp[t++] = (char)c;
		} else {
			tmp[t++] = ' ';
		}
	}
	tmp[t] = 0;
	/* Split into words. */
	const char *w[64];
	size_t wl[64], nw = 0;
	for (size_t i = 0; i < t && nw < 64;) {
		while (i < t && tmp[i] == ' ')
			i++;
		if (i >= t)
			break;
		size_t s = i;
		while (i < t && tmp[i] != ' ')
			i++;
		w[nw] = tmp + s;
		wl[nw++] = i - s;
	}
	size_t lo = 0, hi = nw;
	if (hi - lo > 1 && wl[lo] == 3 && !memcmp(w[lo], "the", 3))
		lo++;
	while (hi - lo > 1 && is_legal_form(w[hi - 1], wl[hi - 1]))
		hi--;
	size_t o = 0;
	if (n == 0)
		return;
	for (size_t i = lo; i < hi; i++) {
		if (o && o + 1 < n)
			out[o++] = ' ';
		size_t k = wl[i] < n - 1 - o ? wl[i] : n - 1 - o;
		memcpy(out + o, w[i], k);
		o += k;
	}
	out[o] = 0;
}

/* The distinct bigrams of " name " into bg (sorted); returns how many. */
static int bigrams(const char *norm, uint16_t *bg, int max)
{
	size_t n = strlen(norm);
	int k = 0;
	unsigned char prev = ' ';
	for (size_t i = 0; i <= n && k < max; i++) {
		unsigned char c = i < n ? (unsigned char)norm[i] : ' ';
		bg[k++] = (uint16_t)(prev << 8 | c);
		prev = c;
	}
	/* Insertion sort: names are short, and this runs for every name. */
	for (int i = 1; i < k; i++) {
		uint16_t v = bg[i];
		int j = i;
		while (j > 0 && bg[j - 1] > v) {
			bg[j] = bg[j - 1];
			j--;
		}
		bg[j] = v;
	}
	int u = 0;
	for (int i = 0; i < k; i++)
		if (!u || bg[u - 1] != bg[i])
			bg[u++] = bg[i];
	return u;
}

static double dice(int common, int na, int nb)
{
	return na + nb ? 2.0 * common / (na + nb) : 0.0;
}

/* The Dice coefficient of two names' bigram sets. */
static double bigram_dice(const char *a, const char *b)
{
	uint16_t x[SUPPLIER_NAME_MAX + 2], y[SUPPLIER_NAME_MAX + 2];
	if (!*a || !*b)
		return 0.0;
	int na = bigrams(a, x, SUPPLIER_NAME_MAX + 2), nb = bigrams(b, y, SUPPLIER_NAME_MAX + 2);
	int i = 0, j = 0, common = 0;
	while (i < na && j < nb) {
		if (x[i] == y[j]) {
			common++;
			i++;
			j++;
		} else if (x[i] < y[j]) {
			i++;
		} else {
			j++;
		}
	}
	return dice(common, na, nb);
}

/* Split a normalised name into words (pointers into s, lengths in n). */
static int words(const char *s, const char **w, size_t *n, int max)
{
	int k = 0;
	while (*s && k < max) {
		while (*s == ' ')
			s++;
		if (!*s)
			break;
		const char *b = s;
		while (*s && *s != ' ')
			s++;
		w[k] = b;
		n[k++] = (size_t)(s - b);
	}
	return k;
}

/* Two words are the same when equal, or both at least two letters with a
 * bigram score of at least 0.8 ("system" and "systems" are; "north" and
 * "south" are not). A score of 0.8 needs the shorter word's bigrams to be at
 * least two thirds of the longer's, so most pairs are settled by length. */
static int same_word(const char *x, size_t lx, const char *y, size_t ly)
{
	if (lx == ly && !memcmp(x, y, lx))
		return 2; /* equal */
	if (lx < 2 || ly < 2 || 3 * (lx + 1) < 2 * (ly + 1) || 3 * (ly + 1) < 2 * (lx + 1))
		return 0;
	char a[SUPPLIER_NAME_MAX], b[SUPPLIER_NAME_MAX];
	snprintf(a, sizeof a, "%.*s", (int)lx, x);
	snprintf(b, sizeof b, "%.*s", (int)ly, y);
	return bigram_dice(a, b) >= 0.8 - 1e-9;
}

/* Greedy one-to-one pairing over the same-word matrix (2 equal, 1 near),
 * rows in order, each row taking an equal word before a near one. */
static int greedy_pairs(const unsigned char (*same)[64], int na, int nb, int transpose)
{
	unsigned char used[64] = { 0 };
	int n = 0, rows = transpose ? nb : na, cols = transpose ? na : nb;
	for (int i = 0; i < rows; i++) {
		int hit = -1;
		for (int want = 2; want >= 1 && hit < 0; want--)
			for (int j = 0; j < cols && hit < 0; j++)
				if (!used[j] && (transpose ? same[j][i] : same[i][j]) == want)
					hit = j;
		if (hit >= 0) {
			used[hit] = 1;
			n++;
		}
	}
	return n;
}

/* The Dice coefficient of the two names' words (see same_word), paired one
 * to one, greedily; the pairing is done both ways and the larger kept, so
 * the score is symmetric. */
static double word_dice(const char *a, const char *b)
{
	const char *wa[64], *wb[64];
	size_t la[64], lb[64];
	int na = words(a, wa, la, 64), nb = words(b, wb, lb, 64);
	if (!na || !nb)
		return 0.0;
	unsigned char same[64][64];
	for (int i = 0; i < na; i++)
		for (int j = 0; j < nb; j++)
			same[i][j] = (unsigned char)same_word(wa[i], la[i], wb[j], lb[j]);
	int x = greedy_pairs((const unsigned char (*)[64])same, na, nb, 0),
	    y = greedy_pairs((const unsigned char (*)[64])same, na, nb, 1);
	return dice(x > y ? x : y, na, nb);
}

double supplier_similarity(const char *a, const char *b)
{
	if (!*a || !*b)
		return 0.0;
	return (bigram_dice(a, b) + word_dice(a, b)) / 2.0;
}

double supplier_score(const char *a, const char *b)
{
	char x[SUPPLIER_NAME_MAX], y[SUPPLIER_NAME_MAX];
	supplier_normalise(a, x, sizeof x);
	supplier_normalise(b, y, sizeof y);
	return supplier_similarity(x, y);
}

/* ---- import ---- */

static const char *const our_cols[PC_NCOL] = { "supplier", "contract_ref", "title", "award_date", "value",
	                                       "department" };

int proc_mapping_set(struct proc_mapping *m, const char *spec, struct err *e)
{
	const char *eq = strchr(spec, '=');
	if (!eq)
		return err_set(e, ERR_INPUT, "column mapping \"%s\" is not FIELD=COLUMN", spec);
	for (int i = 0; i < PC_NCOL; i++)
		if (strlen(our_cols[i]) == (size_t)(eq - spec) && !memcmp(our_cols[i], spec, (size_t)(eq - spec))) {
			m->col[i] = eq + 1;
			return 0;
		}
	return err_set(e, ERR_INPUT, "column mapping \"%s\": %.*s is not one of %s", spec, (int)(eq - spec), spec,
	               PROCUREMENT_IMPORT_HEADER);
}

#define VALUE_MAX_PENCE 100000000000000LL /* £1 trillion */

/* One procurement import: the column of each of our fields in the file. */
struct proc_import {
	const struct proc_mapping *map;
	int idx[PC_NCOL];
	struct seen seen; /* contract_ref -> the line it is first on */
	char now[21];
};

/* Header step: our header exactly, or a mapping of our fields to the file's columns. */
static int header_step(struct csv_import *im, struct csv *c, struct err *e)
{
	struct proc_import *pi = im->ctx;
	const struct proc_mapping *map = pi->map;
	time_now_iso(pi->now);
	if (!map) {
		for (int i = 0; i < PC_NCOL; i++)
			pi->idx[i] = i;
		im->ncol = PC_NCOL;
		return csv_expect_header(c, PROCUREMENT_IMPORT_HEADER, e);
	}
	int r = csv_next(c, e);
	if (r < 0)
		return -1;
	if (r == 0)
		return err_set(e, ERR_INPUT, "%s: empty file, expected a header line", c->name);
	for (int i = 0; i < PC_NCOL; i++) {
		pi->idx[i] = -1;
		const char *want = map->col[i] && *map->col[i] ? map->col[i] : our_cols[i];
		for (size_t k = 0; k < c->nf; k++)
			if (!strcmp(csv_field(c, k), want))
				pi->idx[i] = (int)k;
		if (pi->idx[i] < 0 && map->col[i] && *map->col[i])
			return err_set(e, ERR_INPUT, "%s:1: the header has no column \"%s\" (mapped to %s)", c->name, want,
			               our_cols[i]);
		if (pi->idx[i] < 0 && (i == PC_SUPPLIER || i == PC_REF || i == PC_AWARD))
			return err_set(e, ERR_INPUT, "%s:1: the header has no column for %s: map one with %s=COLUMN", c->name,
			               our_cols[i], our_cols[i]);
	}
	return 0;
}

/* Row step: check one contract, then insert it, update it or leave it. */
static int row_step(struct csv_import *im, const struct csv *c, struct err *e)
{
	struct proc_import *pi = im->ctx;
	struct store *st = im->st;
	const char *f[PC_NCOL];
	for (int i = 0; i < PC_NCOL; i++)
		f[i] = pi->idx[i] >= 0 && (size_t)pi->idx[i] < c->nf ? csv_field(c, (size_t)pi->idx[i]) : "";
	int64_t pence = 0;
	char norm[SUPPLIER_NAME_MAX];
	if (!*f[PC_SUPPLIER] || strlen(f[PC_SUPPLIER]) > 200)
		return csv_row_error(e, c, "supplier", "required, at most 200 characters");
	if (!*f[PC_REF] || strlen(f[PC_REF]) > 64)
		return csv_row_error(e, c, "contract_ref", "required, at most 64 characters");
	if (strlen(f[PC_TITLE]) > 300)
		return csv_row_error(e, c, "title", "at most 300 characters");
	if (!date_valid(f[PC_AWARD]))
		return csv_row_error(e, c, "award_date", "%s is not a date (YYYY-MM-DD)",
		                     *f[PC_AWARD] ? f[PC_AWARD] : "(empty)");
	if (*f[PC_VALUE] && money_parse(f[PC_VALUE], VALUE_MAX_PENCE, &pence))
		return csv_row_error(e, c, "value", "\"%s\" is not an amount in pounds and pence", f[PC_VALUE]);
	if (strlen(f[PC_DEPT]) > 200)
		return csv_row_error(e, c, "department", "at most 200 characters");
	int64_t earlier = 0;
	if (!seen_get(&pi->seen, f[PC_REF], &earlier))
		seen_put(&pi->seen, f[PC_REF], c->line);
	if (earlier > 0)
		return csv_row_error(e, c, "contract_ref", "\"%s\" is already on line %ld", f[PC_REF], (long)earlier);
	supplier_normalise(f[PC_SUPPLIER], norm, sizeof norm);
	int64_t same;
	int found = store_int(st, e, &same,
	                      "SELECT supplier = ? AND title = ? AND award_date = ? AND value_pence = ? AND "
	                      "department = ? FROM contracts WHERE contract_ref = ?",
	                      "ttt" "i" "tt", f[PC_SUPPLIER], f[PC_TITLE], f[PC_AWARD], pence, f[PC_DEPT], f[PC_REF]);
	if (found < 0)
		return -1;
	if (found == 0) {
		if (store_exec(st, e,
		               "INSERT INTO contracts(supplier, supplier_norm, contract_ref, title, award_date, value_pence, "
		               "department, created_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?)",
		               "ttttt" "i" "tt", f[PC_SUPPLIER], norm, f[PC_REF], f[PC_TITLE], f[PC_AWARD], pence,
		               f[PC_DEPT], pi->now))
			return -1;
		im->n.created++;
	} else if (!same) {
		if (store_exec(st, e,
		               "UPDATE contracts SET supplier = ?, supplier_norm = ?, title = ?, award_date = ?, "
		               "value_pence = ?, department = ? WHERE contract_ref = ?",
		               "tttt" "i" "tt", f[PC_SUPPLIER], norm, f[PC_TITLE], f[PC_AWARD], pence, f[PC_DEPT],
		               f[PC_REF]))
			return -1;
		im->n.updated++;
	}
	return 0;
}

static const struct csv_import_spec contracts_spec = { NULL, 0, "contracts", header_step, row_step, NULL };

static int import_allowed(struct store *st, const struct actor *who, struct err *e)
{
	if (who && !actor_has(who, ROLE_PSD | ROLE_ADMIN)) {
		alog_write(st, who, "import", "contracts", "", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards can import contract lists");
	}
	return 0;
}

/* path, or (when path is NULL) len bytes at data named name. */
static int import_any(struct store *st, const struct actor *who, const char *path, const char *name,
                      const char *data, size_t len, const struct proc_mapping *map, int dry_run,
                      struct import_stats *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	if (import_allowed(st, who, e))
		return -1;
	struct proc_import pi = { .map = map };
	struct csv_import im = { .st = st, .who = who, .dry_run = dry_run, .ctx = &pi };
	int rc = path ? csv_import_file(&contracts_spec, &im, path, e)
	              : csv_import_mem(&contracts_spec, &im, name, data, len, e);
	seen_free(&pi.seen);
	*s = im.n;
	return rc;
}

int procurement_import(struct store *st, const struct actor *who, const char *path, const struct proc_mapping *map,
                       int dry_run, struct import_stats *s, struct err *e)
{
	return import_any(st, who, path, NULL, NULL, 0, map, dry_run, s, e);
}

int procurement_import_mem(struct store *st, const struct actor *who, const char *name, const char *data,
                           size_t len, const struct proc_mapping *map, int dry_run, struct import_stats *s,
                           struct err *e)
{
	return import_any(st, who, NULL, name, data, len, map, dry_run, s, e);
}

/* ---- the engine ---- */

/* A string arena: blocks that are freed together. */
struct arena {
	char **blocks;
	size_t nblocks, used, size;
};

static const char *arena_dup(struct arena *a, const char *s)
{
	size_t n = strlen(s) + 1;
	if (!a->nblocks || a->used + n > a->size) {
		size_t size = n > 1 << 20 ? n : 1 << 20;
		a->blocks = xrealloc(a->blocks, (a->nblocks + 1) * sizeof *a->blocks);
		a->blocks[a->nblocks++] = xmalloc(size);
		a->used = 0;
		a->size = size;
	}
	char *p = a->blocks[a->nblocks - 1] + a->used;
	memcpy(p, s, n);
	a->used += n;
	return p;
}

static void arena_free(struct arena *a)
{
	for (size_t i = 0; i < a->nblocks; i++)
		free(a->blocks[i]);
	free(a->blocks);
}

struct rec {
	int64_t id, person_id;
	long day;
	const char *date, *name, *staff, *pname;
};

struct con {
	int64_t id;
	long day, from_day;
	const char *supplier, *norm, *ref, *date;
};

/* A distinct normalised organisation name and its records. */
struct nm {
	const char *norm;
	uint32_t *g, *in;          /* gift and interest indexes (gifts in date order) */
	uint32_t ng, cg, ni, ci;
	uint16_t nbg;
};

struct flag {
	uint32_t c, r;
	uint8_t is_interest;
	float score;
};

struct proc_run {
	struct arena a;
	struct con *con;
	size_t ncon;
	struct rec *gift, *intr;
	size_t ngift, nintr;
	struct flag *flag;
	size_t nflag, cflag;
	int window;
	double threshold;
};

size_t proc_run_count(const struct proc_run *r) { return r ? r->nflag : 0; }
int proc_run_window(const struct proc_run *r) { return r->window; }
double proc_run_threshold(const struct proc_run *r) { return r->threshold; }
size_t proc_run_contracts(const struct proc_run *r) { return r->ncon; }

void proc_run_flag(const struct proc_run *r, size_t i, struct proc_flag *f)
{
	const struct flag *x = &r->flag[i];
	const struct con *c = &r->con[x->c];
	const struct rec *rc = x->is_interest ? &r->intr[x->r] : &r->gift[x->r];
	f->contract_id = c->id;
	f->supplier = c->supplier;
	f->contract_ref = c->ref;
	f->award_date = c->date;
	f->match = x->is_interest ? "business_interest" : "gift";
	f->record_id = rc->id;
	f->matched_name = rc->name;
	f->person_id = rc->person_id;
	f->staff_number = rc->staff;
	f->person_name = rc->pname;
	f->record_date = rc->date;
	f->score = x->score;
}

void proc_run_free(struct proc_run *r)
{
	if (!r)
		return;
	arena_free(&r->a);
	free(r->con);
	free(r->gift);
	free(r->intr);
	free(r->flag);
	free(r);
}

/* Name table: open addressing over normalised names. */
struct names {
	struct nm *v;
	size_t n, cap;
	uint32_t *slot;   /* index+1, 0 empty */
	size_t nslot;
};

static void names_find(struct names *t, struct arena *a, const char *norm, uint32_t *out)
{
	if ((t->n + 1) * 2 > t->nslot) {
		size_t ns = t->nslot ? t->nslot * 2 : 4096;
		uint32_t *s = xcalloc(ns, sizeof *s);
		for (size_t i = 0; i < t->n; i++) {
			size_t j = fnv1a(t->v[i].norm) & (ns - 1);
			while (s[j])
				j = (j + 1) & (ns - 1);
			s[j] = (uint32_t)i + 1;
		}
		free(t->slot);
		t->slot = s;
		t->nslot = ns;
	}
	size_t j = fnv1a(norm) & (t->nslot - 1);
	while (t->slot[j]) {
		if (!strcmp(t->v[t->slot[j] - 1].norm, norm)) {
			*out = t->slot[j] - 1;
			return;
		}
		j = (j + 1) & (t->nslot - 1);
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 1024;
		struct nm *v = xrealloc(t->v, cap * sizeof *v);
		t->v = v;
		t->cap = cap;
	}
	struct nm *m = &t->v[t->n];
	memset(m, 0, sizeof *m);
	m->norm = arena_dup(a, norm);
	t->slot[j] = (uint32_t)t->n + 1;
	*out = (uint32_t)t->n++;
}

static void push_u32(uint32_t **v, uint32_t *n, uint32_t *cap, uint32_t x)
{
	if (*n == *cap) {
		uint32_t c = *cap ? *cap * 2 : 4;
		uint32_t *t = xrealloc(*v, c * sizeof *t);
		*v = t;
		*cap = c;
	}
	(*v)[(*n)++] = x;
}

static void names_free(struct names *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].g);
		free(t->v[i].in);
	}
	free(t->v);
	free(t->slot);
}

static void add_flag(struct proc_run *r, uint32_t c, uint32_t rec, int is_interest, double score)
{
	if (r->nflag == r->cflag) {
		size_t cap = r->cflag ? r->cflag * 2 : 256;
		struct flag *f = xrealloc(r->flag, cap * sizeof *f);
		r->flag = f;
		r->cflag = cap;
	}
	r->flag[r->nflag++] = (struct flag){ c, rec, (uint8_t)is_interest, (float)score };
}

static int cmp_flag(const void *pa, const void *pb, void *ctx)
{
	const struct flag *x = pa, *y = pb;
	const struct proc_run *r = ctx;
	const struct rec *rx = x->is_interest ? &r->intr[x->r] : &r->gift[x->r];
	const struct rec *ry = y->is_interest ? &r->intr[y->r] : &r->gift[y->r];
	int d;
	if (x->c != y->c && (d = strcmp(r->con[x->c].ref, r->con[y->c].ref)))
		return d;
	if ((d = strcmp(rx->staff, ry->staff)))
		return d;
	if ((d = strcmp(rx->date, ry->date)))
		return d;
	/* Compare scores as printed (2 decimals), so the order agrees with the CSV. */
	long sx = lround(x->score * 100.0), sy = lround(y->score * 100.0);
	if (sx != sy)
		return sx < sy ? -1 : 1;
	if (x->is_interest != y->is_interest)
		return x->is_interest - y->is_interest;
	return rx->id < ry->id ? -1 : rx->id > ry->id;
}

/* Load one record list (gifts or interests) into recs and the name table. */
static int load_records(struct store *st, struct proc_run *r, struct names *t, int interests, struct err *e)
{
	struct stmt *s;
	int rc = interests
	         ? store_query(st, &s, e,
	                       "SELECT b.id, b.person_id, b.start_date, b.organisation, p.staff_number, "
	                       "p.forenames || ' ' || p.surname FROM business_interests b JOIN people p ON p.id = b.person_id "
	                       "WHERE b.status IN ('applied', 'awaiting_psd', 'approved', 'approved_with_conditions') "
	                       "ORDER BY b.start_date, b.id", "")
	         : store_query(st, &s, e,
	                       "SELECT g.id, g.person_id, g.date_offered, g.offeror_org, p.staff_number, "
	                       "p.forenames || ' ' || p.surname FROM gifts g JOIN people p ON p.id = g.person_id "
	                       "WHERE g.offeror_org <> '' ORDER BY g.date_offered, g.id", "");
	if (rc)
		return -1;
	struct rec **v = interests ? &r->intr : &r->gift;
	size_t *n = interests ? &r->nintr : &r->ngift, cap = 0;
	int x;
	char norm[SUPPLIER_NAME_MAX];
	/* People repeat: keep the last person's strings to share them. */
	int64_t last_person = -1;
	const char *staff = "", *pname = "";
	while ((x = stmt_next(s, e)) == 1) {
		*v = xgrow(*v, *n, &cap, 4096, sizeof **v);
		struct rec *rc2 = &(*v)[*n];
		rc2->id = stmt_int(s, 0);
		rc2->person_id = stmt_int(s, 1);
		const char *date = stmt_text(s, 2);
		rc2->day = date_valid(date) ? date_days(date) : 0;
		rc2->date = arena_dup(&r->a, date);
		rc2->name = arena_dup(&r->a, stmt_text(s, 3));
		if (rc2->person_id != last_person) {
			staff = arena_dup(&r->a, stmt_text(s, 4));
			pname = arena_dup(&r->a, stmt_text(s, 5));
			last_person = rc2->person_id;
		}
		rc2->staff = staff;
		rc2->pname = pname;
		supplier_normalise(rc2->name, norm, sizeof norm);
		if (!*norm)
			continue;
		uint32_t k;
		names_find(t, &r->a, norm, &k);
		struct nm *m = &t->v[k];
		if (interests)
			push_u32(&m->in, &m->ni, &m->ci, (uint32_t)*n);
		else
			push_u32(&m->g, &m->ng, &m->cg, (uint32_t)*n);
		(*n)++;
	}
	stmt_done(s);
	return x < 0 ? -1 : 0;
}

/* The words of every record name: voc gets each distinct word with the
 * names holding it (in g); wcount[i] is name i's word count; vstart/vpost
 * index the words by bigram. */
static void build_words(const struct names *t, struct names *voc, struct arena *va, uint8_t **wcount,
                        uint32_t **vstart, uint32_t **vpost)
{
	*wcount = xmalloc(t->n + 1);
	for (size_t i = 0; i < t->n; i++) {
		const char *w[64];
		size_t l[64];
		int n = words(t->v[i].norm, w, l, 64);
		(*wcount)[i] = (uint8_t)n;
		for (int j = 0; j < n; j++) {
			char word[SUPPLIER_NAME_MAX];
			uint32_t k;
			snprintf(word, sizeof word, "%.*s", (int)l[j], w[j]);
			names_find(voc, va, word, &k);
			struct nm *m = &voc->v[k];
			if (!m->ng || m->g[m->ng - 1] != (uint32_t)i)
				push_u32(&m->g, &m->ng, &m->cg, (uint32_t)i);
		}
	}
	*vstart = xcalloc(65537, sizeof **vstart);
	size_t total = 0;
	for (size_t k = 0; k < voc->n; k++) {
		uint16_t bg[SUPPLIER_NAME_MAX + 2];
		int n = bigrams(voc->v[k].norm, bg, SUPPLIER_NAME_MAX + 2);
		voc->v[k].nbg = (uint16_t)n;
		for (int j = 0; j < n; j++)
			(*vstart)[bg[j] + 1]++;
		total += (size_t)n;
	}
	for (size_t c = 1; c <= 65536; c++)
		(*vstart)[c] += (*vstart)[c - 1];
	*vpost = xmalloc((total + 1) * sizeof **vpost);
	uint32_t *fill = xmalloc(65536 * sizeof *fill);
	memcpy(fill, *vstart, 65536 * sizeof *fill);
	for (size_t k = 0; k < voc->n; k++) {
		uint16_t bg[SUPPLIER_NAME_MAX + 2];
		int n = bigrams(voc->v[k].norm, bg, SUPPLIER_NAME_MAX + 2);
		for (int j = 0; j < n; j++)
			(*vpost)[fill[bg[j]]++] = (uint32_t)k;
	}
	free(fill);
}

/* The vocabulary words that word_dice counts as the same as w (equal, or
 * both at least two letters with a bigram score of at least 0.8), into
 * out->in. vcnt is all zero on entry and on return. */
static void similar_words(const struct names *voc, const uint32_t *vstart, const uint32_t *vpost, uint32_t *vcnt,
                          uint32_t *vtouched, const char *w, struct nm *out)
{
	uint16_t bg[SUPPLIER_NAME_MAX + 2];
	int n = bigrams(w, bg, SUPPLIER_NAME_MAX + 2);
	size_t len = strlen(w), nt = 0;
	for (int j = 0; j < n; j++)
		for (uint32_t p = vstart[bg[j]]; p < vstart[bg[j] + 1]; p++)
			if (!vcnt[vpost[p]]++)
				vtouched[nt++] = vpost[p];
	for (size_t q = 0; q < nt; q++) {
		uint32_t k = vtouched[q];
		const struct nm *v = &voc->v[k];
		int same = !strcmp(v->norm, w) ||
		           (len >= 2 && strlen(v->norm) >= 2 && dice((int)vcnt[k], n, v->nbg) >= 0.8 - 1e-9);
		vcnt[k] = 0;
		if (same)
			push_u32(&out->in, &out->ni, &out->ci, k);
	}
}

int procurement_check(struct store *st, const struct actor *who, const struct proc_options *o,
                      struct proc_run **out, struct err *e)
{
	*out = NULL;
	if (!actor_has(who, PROCUREMENT_ROLES)) {
		alog_write(st, who, "view", "procurement_check", "all", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards and the ACU can run the procurement cross-check");
	}
	struct proc_run *r = xcalloc(1, sizeof *r);
	r->window = o && o->window_months > 0 ? o->window_months
	                                      : (int)config_int(st, "procurement.window_months", 12);
	r->threshold = o && o->threshold > 0 ? o->threshold
	                                     : (double)config_int(st, "procurement.match_threshold_pct", 80) / 100.0;
	struct names t = { 0 };
	uint32_t *post = NULL, *start = NULL, *cnt = NULL, *touched = NULL;
	uint16_t *bgall = NULL;
	uint32_t *bgoff = NULL;
	struct names sup = { 0 }, voc = { 0 }, swc = { 0 };
	struct arena sa = { 0 }, va = { 0 };
	uint8_t *wcount = NULL;
	uint32_t *vstart = NULL, *vpost = NULL, *vcnt = NULL, *vtouched = NULL;
	int rc = -1;

	/* Contracts. */
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT id, supplier, supplier_norm, contract_ref, award_date FROM contracts", ""))
		goto out;
	size_t ccon = 0;
	int x;
	while ((x = stmt_next(s, e)) == 1) {
		if (r->ncon == ccon) {
			ccon = ccon ? ccon * 2 : 1024;
			r->con = xrealloc(r->con, ccon * sizeof *r->con);
		}
		struct con *c = &r->con[r->ncon++];
		c->id = stmt_int(s, 0);
		c->supplier = arena_dup(&r->a, stmt_text(s, 1));
		c->norm = arena_dup(&r->a, stmt_text(s, 2));
		c->ref = arena_dup(&r->a, stmt_text(s, 3));
		c->date = arena_dup(&r->a, stmt_text(s, 4));
		c->day = date_days(c->date);
		char from[11];
		interests_add_months(c->date, -r->window, from);
		c->from_day = from[0] ? date_days(from) : c->day;
	}
	stmt_done(s);
	if (x < 0)
		goto out;
	if (load_records(st, r, &t, 0, e) || load_records(st, r, &t, 1, e))
		goto out;

	/* Bigrams of every record name (to score candidates by merging). */
	size_t nn = t.n;
	bgoff = xmalloc((nn + 1) * sizeof *bgoff);
	bgall = xmalloc((nn * (SUPPLIER_NAME_MAX / 4) + 1) * sizeof *bgall);
	start = xcalloc(65537, sizeof *start);
	cnt = xcalloc(nn + 1, sizeof *cnt);
	touched = xmalloc((nn + 1) * sizeof *touched);
	size_t cap_bg = nn * (SUPPLIER_NAME_MAX / 4) + 1, used = 0;
	for (size_t i = 0; i < nn; i++) {
		uint16_t tmp[SUPPLIER_NAME_MAX + 2];
		int k = bigrams(t.v[i].norm, tmp, SUPPLIER_NAME_MAX + 2);
		if (used + (size_t)k > cap_bg) {
			cap_bg = (used + (size_t)k) * 2;
			bgall = xrealloc(bgall, cap_bg * sizeof *bgall);
		}
		bgoff[i] = (uint32_t)used;
		memcpy(bgall + used, tmp, (size_t)k * sizeof *tmp);
		used += (size_t)k;
		t.v[i].nbg = (uint16_t)k;
		for (int j = 0; j < k; j++)
			start[tmp[j] + 1]++;
	}
	bgoff[nn] = (uint32_t)used;
	for (size_t i = 1; i <= 65536; i++)
		start[i] += start[i - 1];
	/* The bigram postings of the names: only a threshold of 0.5 or less
	 * needs them (above it, candidates come from shared words). */
	post = xmalloc((used + 1) * sizeof *post);
	if (r->threshold <= 0.5) {
		uint32_t *fill = xmalloc(65536 * sizeof *fill);
		memcpy(fill, start, 65536 * sizeof *fill);
		for (size_t i = 0; i < nn; i++)
			for (uint32_t j = bgoff[i]; j < bgoff[i + 1]; j++)
				post[fill[bgall[j]]++] = (uint32_t)i;
		free(fill);
	}

	/* Distinct supplier names, each with its contracts: a name is scored
	 * once against the record names that could reach the threshold. */
	for (size_t ci = 0; ci < r->ncon; ci++) {
		uint32_t k;
		if (!*r->con[ci].norm)
			continue;
		names_find(&sup, &sa, r->con[ci].norm, &k);
		push_u32(&sup.v[k].g, &sup.v[k].ng, &sup.v[k].cg, (uint32_t)ci);
	}
	/* Words: the vocabulary of the record names, each word with the names
	 * holding it, and a bigram index over the vocabulary to find a word's
	 * near spellings. */
	build_words(&t, &voc, &va, &wcount, &vstart, &vpost);
	vcnt = xcalloc(voc.n + 1, sizeof *vcnt);
	vtouched = xmalloc((voc.n + 1) * sizeof *vtouched);
	for (size_t si = 0; si < sup.n; si++) {
		const struct nm *sn = &sup.v[si];
		uint16_t bg[SUPPLIER_NAME_MAX + 2];
		int na = bigrams(sn->norm, bg, SUPPLIER_NAME_MAX + 2);
		size_t nt = 0;
		const char *sw[64];
		size_t sl[64];
		int wa = words(sn->norm, sw, sl, 64);
		if (r->threshold > 0.5) {
			/* The score reaches t only if the word score reaches 2t - 1, so
			 * only names sharing a word (or a near spelling of one) can
			 * match: count, for each, how many of this name's words it
			 * shares, and keep those that could reach it. */
			for (int i = 0; i < wa; i++) {
				uint32_t k;
				size_t before = swc.n;
				char w[SUPPLIER_NAME_MAX];
				snprintf(w, sizeof w, "%.*s", (int)sl[i], sw[i]);
				names_find(&swc, &sa, w, &k);
				if (swc.n > before)
					similar_words(&voc, vstart, vpost, vcnt, vtouched, w, &swc.v[k]);
				const struct nm *ws = &swc.v[k];
				for (uint32_t z = 0; z < ws->ni; z++) {
					const struct nm *vw = &voc.v[ws->in[z]];
					for (uint32_t p = 0; p < vw->ng; p++)
						if (!cnt[vw->g[p]]++)
							touched[nt++] = vw->g[p];
				}
			}
		} else {
			/* A low threshold: every name sharing a bigram is a candidate. */
			for (int j = 0; j < na; j++)
				for (uint32_t p = start[bg[j]]; p < start[bg[j] + 1]; p++)
					if (!cnt[post[p]]++)
						touched[nt++] = post[p];
		}
		for (size_t q = 0; q < nt; q++) {
			uint32_t nm = touched[q];
			uint32_t shared = cnt[nm];
			cnt[nm] = 0;
			if (r->threshold > 0.5 && shared + 1e-9 < (2.0 * r->threshold - 1.0) * (wa + wcount[nm]) / 2.0)
				continue;
			const uint16_t *cb = bgall + bgoff[nm];
			int nb = (int)(bgoff[nm + 1] - bgoff[nm]), i1 = 0, j1 = 0, common = 0;
			while (i1 < na && j1 < nb) {
				if (bg[i1] == cb[j1]) {
					common++;
					i1++;
					j1++;
				} else if (bg[i1] < cb[j1]) {
					i1++;
				} else {
					j1++;
				}
			}
			double bd = dice(common, na, nb);
			/* The word score is at most 1, so a pair whose bigram score is
			 * below 2t - 1 cannot reach t: skip it before scoring words. */
			if (bd + 1e-9 < 2.0 * r->threshold - 1.0)
				continue;
			double sc = (bd + word_dice(sn->norm, t.v[nm].norm)) / 2.0;
			if (sc + 1e-9 < r->threshold)
				continue;
			const struct nm *m = &t.v[nm];
			for (uint32_t z = 0; z < sn->ng; z++) {
				uint32_t ci = sn->g[z];
				const struct con *c = &r->con[ci];
				/* Gifts in date order: the first on or after the window's start. */
				uint32_t lo = 0, hi = m->ng;
				while (lo < hi) {
					uint32_t mid = lo + (hi - lo) / 2;
					if (r->gift[m->g[mid]].day < c->from_day)
						lo = mid + 1;
					else
						hi = mid;
				}
				for (uint32_t g = lo; g < m->ng && r->gift[m->g[g]].day <= c->day; g++)
					add_flag(r, ci, m->g[g], 0, sc);
				for (uint32_t w = 0; w < m->ni; w++)
					add_flag(r, ci, m->in[w], 1, sc);
			}
		}
	}
	if (r->nflag)
		qsort_r(r->flag, r->nflag, sizeof *r->flag, cmp_flag, r);
	rc = 0;
out:
	names_free(&t);
	names_free(&sup);
	names_free(&voc);
	names_free(&swc);
	arena_free(&sa);
	arena_free(&va);
	free(wcount);
	free(vstart);
	free(vpost);
	free(vcnt);
	free(vtouched);
	free(post);
	free(start);
	free(cnt);
	free(touched);
	free(bgall);
	free(bgoff);
	if (rc) {
		proc_run_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

int proc_run_csv(const struct proc_run *r, struct buf *out)
{
	buf_adds(out, PROCUREMENT_CHECK_HEADER "\n");
	for (size_t i = 0; i < r->nflag; i++) {
		struct proc_flag f;
		char score[16];
		proc_run_flag(r, i, &f);
		snprintf(score, sizeof score, "%.2f", f.score);
		const char *cells[] = { f.supplier, f.contract_ref, f.award_date, f.match, f.matched_name, f.staff_number,
			                f.record_date, score };
		for (int k = 0; k < 8; k++) {
			if (k)
				buf_addc(out, ',');
			csv_cell(out, cells[k]);
		}
		buf_addc(out, '\n');
	}
	return out->oom ? -1 : 0;
}

/* ---- reviews ---- */

const struct status_def proc_outcomes[PROC_NOUTCOME] = {
	[PROC_NOT_REVIEWED] = { "", "Not reviewed", "yellow", NULL },
	[PROC_NO_CONCERN] = { "no_concern", "No concern", "green", NULL },
	[PROC_ADVICE_GIVEN] = { "advice_given", "Advice given", "blue", NULL },
	[PROC_REFERRED_TO_ACU] = { "referred_to_acu", "Referred to ACU", "red", NULL },
};

const char *proc_outcome_label(const char *o) { return status_table_label(proc_outcomes, PROC_NOUTCOME, o); }

int procurement_review_get(struct store *st, int64_t contract_id, const char *match, int64_t record_id,
                           struct proc_review *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT r.outcome, r.note, COALESCE((SELECT x.forenames || ' ' || x.surname FROM people x WHERE x.id = a.person_id), a.username, ''), "
	                "r.reviewed_at FROM procurement_reviews r "
	                "LEFT JOIN accounts a ON a.id = r.account_id WHERE r.contract_id = ? AND r.match = ? AND r.record_id = ?",
	                "iti", contract_id, match, record_id))
		return -1;
	int x = stmt_next(s, e);
	if (x == 1) {
		snprintf(out->outcome, sizeof out->outcome, "%s", stmt_text(s, 0));
		snprintf(out->note, sizeof out->note, "%s", stmt_text(s, 1));
		snprintf(out->reviewer, sizeof out->reviewer, "%s", stmt_text(s, 2));
		snprintf(out->reviewed_at, sizeof out->reviewed_at, "%s", stmt_text(s, 3));
	}
	stmt_done(s);
	return x < 0 ? -1 : 0;
}

int procurement_may_review(struct store *st, const struct actor *who, const struct proc_flag_detail *d)
{
	return actor_has(who, ROLE_PSD) && !duty_conflict1(st, who, "psd", d->person_id, DUTY_DECLARANT);
}

int procurement_review(struct store *st, const struct actor *who, int64_t contract_id, const char *match,
                       int64_t record_id, const char *outcome, const char *note, struct errlist *errs,
                       struct err *e)
{
	char obj[64];
	snprintf(obj, sizeof obj, "%lld/%s/%lld", (long long)contract_id, match ? match : "", (long long)record_id);
	if (!actor_has(who, ROLE_PSD)) {
		alog_write(st, who, "review", "procurement_flag", obj, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards can review a flag");
	}
	match = match ? match : "";
	int64_t one, person = 0;
	int r = !strcmp(match, "gift")
	        ? store_int(st, e, &person, "SELECT person_id FROM gifts WHERE id = ?", "i", record_id)
	        : !strcmp(match, "business_interest")
	          ? store_int(st, e, &person, "SELECT person_id FROM business_interests WHERE id = ?", "i", record_id)
	          : 0;
	if (r < 0)
		return -1;
	/* Separation of duties: not a flag about one's own gift or interest (nor,
	 * under duty.line_manager.psd, one's report's). */
	if (r && person) {
		struct duty_party p = { person, 0, DUTY_DECLARANT };
		struct duty_act a = { "review", "review", "procurement_flag", record_id, obj, "psd", &p, 1 };
		if (duty_check(st, who, &a, e))
			return -1;
	}
	int rc2 = store_int(st, e, &one, "SELECT 1 FROM contracts WHERE id = ?", "i", contract_id);
	if (rc2 < 0)
		return -1;
	if (!r || !rc2)
		return err_set(e, ERR_NOTFOUND, "No such flag");
	outcome = outcome ? outcome : "";
	note = note ? note : "";
	if (strcmp(outcome, "no_concern") && strcmp(outcome, "advice_given") && strcmp(outcome, "referred_to_acu"))
		errlist_add(errs, "outcome", "Select no concern, advice given or referred to ACU");
	if (!*note)
		errlist_add(errs, "note", "Enter a note of what you found or did");
	else if (strlen(note) > 1000)
		errlist_add(errs, "note", "Note must be 1000 characters or fewer");
	if (errs->n)
		return err_set(e, ERR_INPUT, "There is a problem with the review");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO procurement_reviews(contract_id, match, record_id, outcome, note, account_id, reviewed_at) "
	               "VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(contract_id, match, record_id) DO UPDATE SET "
	               "outcome = excluded.outcome, note = excluded.note, account_id = excluded.account_id, "
	               "reviewed_at = excluded.reviewed_at",
	               "it" "i" "tt" "i" "t", contract_id, match, record_id, outcome, note, who->account_id, now) ||
	    alog_write(st, who, "review", "procurement_flag", obj, "ok", outcome, e)) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, e);
}

/* ---- contracts ---- */

static void read_contract(struct stmt *s, struct contract *c)
{
	c->id = stmt_int(s, 0);
	snprintf(c->supplier, sizeof c->supplier, "%s", stmt_text(s, 1));
	snprintf(c->contract_ref, sizeof c->contract_ref, "%s", stmt_text(s, 2));
	snprintf(c->title, sizeof c->title, "%s", stmt_text(s, 3));
	snprintf(c->award_date, sizeof c->award_date, "%s", stmt_text(s, 4));
	c->value_pence = stmt_int(s, 5);
	snprintf(c->department, sizeof c->department, "%s", stmt_text(s, 6));
	snprintf(c->created_at, sizeof c->created_at, "%s", stmt_text(s, 7));
}

int contract_get(struct store *st, const struct actor *who, int64_t id, struct contract *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	if (!actor_has(who, PROCUREMENT_ROLES)) {
		alog_writei(st, who, "view", "contract", id, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards and the ACU can see contracts");
	}
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id, supplier, contract_ref, title, award_date, value_pence, department, created_at "
	                "FROM contracts WHERE id = ?", "i", id))
		return -1;
	int x = stmt_next(s, e);
	if (x == 1)
		read_contract(s, out);
	stmt_done(s);
	if (x < 0)
		return -1;
	alog_writei(st, who, "view", "contract", id, x ? "ok" : "failed", x ? "" : "not found", NULL);
	return x ? 0 : err_set(e, ERR_NOTFOUND, "No contract %lld", (long long)id);
}

int contracts_list(struct store *st, const struct actor *who, int page, int per_page, contract_fn fn, void *ctx,
                   long *total, struct err *e)
{
	*total = 0;
	if (!actor_has(who, PROCUREMENT_ROLES)) {
		alog_write(st, who, "view", "contracts", "all", "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards and the ACU can see contracts");
	}
	if (alog_list(st, who, "contract", "all", e, "page=%d", page))
		return -1;
	int64_t limit = list_limit(per_page), off = list_offset(per_page, page); /* per_page -1: all */
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT id, supplier, contract_ref, title, award_date, value_pence, department, created_at, "
	                "COUNT(*) OVER () FROM contracts ORDER BY award_date DESC, contract_ref LIMIT ? OFFSET ?",
	                "ii", limit, off))
		return -1;
	int x;
	struct contract c;
	while ((x = stmt_next(s, e)) == 1) {
		read_contract(s, &c);
		*total = (long)stmt_int(s, 8);
		if (fn(ctx, &c))
			break;
	}
	stmt_done(s);
	return x < 0 ? -1 : 0;
}

int procurement_flag_get(struct store *st, const struct actor *who, int64_t contract_id, const char *match,
                         int64_t record_id, struct proc_flag_detail *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	char obj[64];
	match = match ? match : "";
	snprintf(obj, sizeof obj, "%lld/%.20s/%lld", (long long)contract_id, match, (long long)record_id);
	if (!actor_has(who, PROCUREMENT_ROLES)) {
		alog_write(st, who, "view", "procurement_flag", obj, "refused", "", NULL);
		return err_set(e, ERR_DENIED, "Only Professional Standards and the ACU can see procurement flags");
	}
	if (contract_get(st, who, contract_id, &out->c, e))
		return -1;
	int gift = !strcmp(match, "gift");
	if (!gift && strcmp(match, "business_interest"))
		return err_set(e, ERR_NOTFOUND, "No such flag");
	struct stmt *s;
	int rc = gift ? store_query(st, &s, e,
	                            "SELECT g.id, g.person_id, p.staff_number, p.forenames || ' ' || p.surname, "
	                            "COALESCE(u.name, ''), g.date_offered, g.offeror_org, g.offeror_person, g.kind, "
	                            "g.description, g.value_pence, g.accepted, g.status, g.reason FROM gifts g "
	                            "JOIN people p ON p.id = g.person_id LEFT JOIN units u ON u.id = p.unit_id WHERE g.id = ?",
	                            "i", record_id)
	              : store_query(st, &s, e,
	                            "SELECT b.id, b.person_id, p.staff_number, p.forenames || ' ' || p.surname, "
	                            "COALESCE(u.name, ''), b.start_date, b.organisation, '', b.kind, b.description, 0, 0, "
	                            "b.status, b.conflict FROM business_interests b JOIN people p ON p.id = b.person_id "
	                            "LEFT JOIN units u ON u.id = p.unit_id WHERE b.id = ?",
	                            "i", record_id);
	if (rc)
		return -1;
	int x = stmt_next(s, e);
	if (x == 1) {
		snprintf(out->match, sizeof out->match, "%s", match);
		out->record_id = stmt_int(s, 0);
		out->person_id = stmt_int(s, 1);
		snprintf(out->staff_number, sizeof out->staff_number, "%s", stmt_text(s, 2));
		snprintf(out->person_name, sizeof out->person_name, "%s", stmt_text(s, 3));
		snprintf(out->unit, sizeof out->unit, "%s", stmt_text(s, 4));
		snprintf(out->record_date, sizeof out->record_date, "%s", stmt_text(s, 5));
		snprintf(out->name, sizeof out->name, "%s", stmt_text(s, 6));
		snprintf(out->offeror_person, sizeof out->offeror_person, "%s", stmt_text(s, 7));
		snprintf(out->kind, sizeof out->kind, "%s", stmt_text(s, 8));
		snprintf(out->description, sizeof out->description, "%s", stmt_text(s, 9));
		out->value_pence = stmt_int(s, 10);
		out->accepted = (int)stmt_int(s, 11);
		snprintf(out->status, sizeof out->status, "%s", stmt_text(s, 12));
		snprintf(out->detail, sizeof out->detail, "%s", stmt_text(s, 13));
	}
	stmt_done(s);
	if (x < 0)
		return -1;
	if (x == 0)
		return err_set(e, ERR_NOTFOUND, "No such flag");
	out->score = supplier_score(out->c.supplier, out->name);
	return alog_write(st, who, "view", "procurement_flag", obj, "ok", "", e);
}
