/* audit_trail.c — the audit trail store: every ingested event kept in
 * compressed columnar segments (rows of audit_segments, written in the
 * ingest checkpoint's transaction), searched by the counter-corruption unit
 * with a stated purpose that goes to the access log, and pruned after the
 * retention period. The segment format is src/audit/trail.c's. */
#include "audit/mapping.h"
#include "audit/trail.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "domain/accesslog.h"
#include "domain/audit.h"
#include "domain/audit_subjidx.h"
#include "domain/config.h"
#include "store/store.h"
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define TRAIL_BATCH_MAX (1u << 17) /* events per batch (one day of one checkpoint at most) */
#define TRAIL_BUCKET_MIN 2048      /* a batch is split by user bucket into segments of about this many at least */
#define TRAIL_BITS_MAX 6           /* into 64 buckets at most */
#define TRAIL_LEVEL 3              /* zstd level */

struct packed {
	struct buf seg, bloom;
	uint32_t crc, n;
	int64_t first, last;
	unsigned bits;             /* the batch's user buckets: 2^bits (0: one segment) */
	uint32_t bucket;
	int batch_start;           /* the batch's first segment */
	struct subjidx *sx;        /* the batch's subject index (on its first segment) */
};

/* events per day, system and device since the last checkpoint */
struct cov {
	int32_t day;
	char system[32], device[16];
	size_t nsys, ndev;         /* their lengths */
	int64_t events, last;
};

struct audit_trail_writer {
	struct trail_builder b;
	struct packed *p;
	size_t np, cap;
	struct cov *cov;
	size_t ncov, cov_cap;
	/* A batch completed mid-run (a new day, or a full batch) is packed and
	 * compressed by a second thread while this one goes on reading: the
	 * builder is swapped with `spare` and handed over. Only one batch is
	 * in hand at a time and the next hand-over, audit_trail_write and the
	 * end wait for it, so the segments are appended in batch order and a
	 * checkpoint writes exactly the events taken in before it.
	 * The sealing thread also interns the batch's texts (its dictionary
	 * look-ups miss the cache) unless this thread did: while the sealer is
	 * busy with the batch before, this one interns share sixteenths of the
	 * events it has taken in, share rising by one at each hand-over that
	 * finds the sealer still busy (this thread then waits) and falling by
	 * one at each that finds it idle, so the two threads' work evens out. */
	struct trail_builder spare;
	unsigned share;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int th_on, busy, quit, failed;
	struct err err;            /* the sealing thread's failure, reported at the next wait */
};

struct audit_trail_writer *audit_trail_writer_new(void)
{
	struct audit_trail_writer *w = xcalloc(1, sizeof *w);
	trail_builder_init(&w->b);
	trail_builder_init(&w->spare);
	w->share = 8;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	return w;
}

static void packed_free(struct audit_trail_writer *w)
{
	for (size_t i = 0; i < w->np; i++) {
		buf_release(&w->p[i].seg);
		buf_release(&w->p[i].bloom);
		if (w->p[i].sx)
			subjidx_release(w->p[i].sx);
		free(w->p[i].sx);
	}
	w->np = 0;
}

void audit_trail_writer_free(struct audit_trail_writer *w)
{
	if (!w)
		return;
	if (w->th_on) {
		pthread_mutex_lock(&w->mu);
		w->quit = 1;
		pthread_cond_broadcast(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->th, NULL);
	}
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	packed_free(w);
	free(w->p);
	free(w->cov);
	trail_builder_release(&w->b);
	trail_builder_release(&w->spare);
	free(w);
}

static struct packed *new_packed(struct audit_trail_writer *w)
{
	if (w->np == w->cap) {
		w->cap = w->cap ? 2 * w->cap : 8;
		w->p = xrealloc(w->p, w->cap * sizeof *w->p);
	}
	struct packed *k = &w->p[w->np];
	memset(k, 0, sizeof *k);
	buf_init(&k->seg, 0);
	buf_init(&k->bloom, 0);
	return k;
}

/* Pack the builder's events (a batch) into new pending segments: one, or
 * for a batch of more than 2 x TRAIL_BUCKET_MIN events one per user bucket
 * (user-clustered segments: a user's search reads only its bucket's). */
static int seal(struct audit_trail_writer *w, struct trail_builder *b, struct err *e)
{
	uint32_t n = b->n;
	if (!n)
		return 0;
	unsigned bits = 0;
	while (bits < TRAIL_BITS_MAX && (n >> (bits + 1)) >= TRAIL_BUCKET_MIN)
		bits++;
	uint32_t nbk = 1u << bits, cnt[(1u << TRAIL_BITS_MAX) + 1];
	uint32_t *rows = NULL;
	int rc = 0;
	if (trail_builder_intern(b, b->n))
		return err_set(e, ERR_NOMEM, "out of memory");
	if (bits) {
		trail_builder_split(b, bits, cnt);
		rows = xmalloc((size_t)n * sizeof *rows);
		for (uint32_t r = 0; r < n; r++)
			rows[r] = r;
	} else {
		cnt[0] = 0;
		cnt[1] = n;
	}
	int first = 1;
	size_t first_p = w->np;
	for (uint32_t k = 0; k < nbk && rc == 0; k++) {
		uint32_t m = cnt[k + 1] - cnt[k];
		if (!m)
			continue;
		struct packed *p = new_packed(w);
		p->n = m;
		p->first = b->t[cnt[k]];
		p->last = b->t[cnt[k + 1] - 1];
		p->bits = bits;
		p->bucket = k;
		p->batch_start = first;
		if (trail_builder_pack(b, TRAIL_LEVEL, rows ? rows + cnt[k] : NULL, m, &p->seg, &p->bloom, &p->crc, e)) {
			buf_release(&p->seg);
			buf_release(&p->bloom);
			rc = -1;
			break;
		}
		w->np++;
		first = 0;
	}
	free(rows);
	if (rc == 0 && w->np > first_p) {
		/* the batch's subject index; a batch it cannot index (none today)
		 * is kept without one and searched by scanning */
		struct subjidx *x = xmalloc(sizeof *x);
		struct err ie = { 0 };
		subjidx_init(x);
		if (subjidx_build(x, b, bits, cnt, &ie) == 0) {
			w->p[first_p].sx = x;
		} else {
			subjidx_release(x);
			free(x);
		}
	}
	if (rc == 0)
		trail_builder_reset(b);
	return rc;
}

/* the sealing thread: packs the spare builder's batch whenever one is handed over */
static void *sealer(void *arg)
{
	struct audit_trail_writer *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		if (w->busy) {
			pthread_mutex_unlock(&w->mu);
			struct err e = { 0 };
			int rc = seal(w, &w->spare, &e);
			pthread_mutex_lock(&w->mu);
			if (rc && !w->failed) {
				w->failed = 1;
				w->err = e;
			}
			__atomic_store_n(&w->busy, 0, __ATOMIC_RELAXED);
			pthread_cond_broadcast(&w->cv);
		} else if (w->quit) {
			break;
		} else {
			pthread_cond_wait(&w->cv, &w->mu);
		}
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Wait until the sealing thread has no batch in hand; its failure, if any. */
static int seal_wait(struct audit_trail_writer *w, struct err *e)
{
	if (!w->th_on)
		return 0;
	pthread_mutex_lock(&w->mu);
	while (w->busy)
		pthread_cond_wait(&w->cv, &w->mu);
	int rc = 0;
	if (w->failed) {
		*e = w->err;
		rc = -1;
	}
	pthread_mutex_unlock(&w->mu);
	return rc;
}

/* Hand the builder's batch to the sealing thread (started on first use;
 * sealed here if it cannot be). */
static int seal_async(struct audit_trail_writer *w, struct err *e)
{
	if (!w->b.n)
		return 0;
	if (!w->th_on) {
		if (pthread_create(&w->th, NULL, sealer, w) != 0)
			return seal(w, &w->b, e);
		w->th_on = 1;
	}
	if (__atomic_load_n(&w->busy, __ATOMIC_RELAXED)) {
		if (w->share < 16)
			w->share++;
	} else if (w->share > 0) {
		w->share--;
	}
	if (seal_wait(w, e))
		return -1;
	struct trail_builder t = w->spare;
	w->spare = w->b;
	w->b = t;
	memcpy(w->b.hour, w->spare.hour, sizeof w->b.hour);   /* the hour cache goes on */
	w->b.hour_t = w->spare.hour_t;
	pthread_mutex_lock(&w->mu);
	__atomic_store_n(&w->busy, 1, __ATOMIC_RELAXED);
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

int audit_trail_add(struct audit_trail_writer *w, const struct slice f[EV_NCOLS], struct err *e)
{
	int64_t t = trail_builder_ts(&w->b, &f[EV_TS]);
	if (w->b.n && ((t >= 0 ? t / 86400 : -1) != w->b.day || w->b.n >= TRAIL_BATCH_MAX) && seal_async(w, e))
		return -1;
	/* coverage: the day, system and device of the event */
	int32_t day = (int32_t)(t >= 0 ? t / 86400 : -1);
	struct cov *c = NULL;
	for (size_t i = w->ncov; i-- > 0;)
		if (w->cov[i].day == day && w->cov[i].nsys == f[EV_SYSTEM].n && w->cov[i].ndev == f[EV_DEVICE].n &&
		    !memcmp(w->cov[i].system, f[EV_SYSTEM].p, f[EV_SYSTEM].n) &&
		    !memcmp(w->cov[i].device, f[EV_DEVICE].p, f[EV_DEVICE].n)) {
			c = &w->cov[i];
			break;
		}
	if (!c) {
		if (w->ncov == w->cov_cap) {
			w->cov_cap = w->cov_cap ? 2 * w->cov_cap : 16;
			w->cov = xrealloc(w->cov, w->cov_cap * sizeof *w->cov);
		}
		c = &w->cov[w->ncov++];
		memset(c, 0, sizeof *c);
		c->day = day;
		snprintf(c->system, sizeof c->system, "%.*s", (int)f[EV_SYSTEM].n, f[EV_SYSTEM].p);
		snprintf(c->device, sizeof c->device, "%.*s", (int)f[EV_DEVICE].n, f[EV_DEVICE].p);
		/* (a name too long for the field was cut, and is not matched again, as before) */
		c->nsys = f[EV_SYSTEM].n < sizeof c->system ? f[EV_SYSTEM].n : SIZE_MAX;
		c->ndev = f[EV_DEVICE].n < sizeof c->device ? f[EV_DEVICE].n : SIZE_MAX;
	}
	c->events++;
	if (t > c->last)
		c->last = t;
	if (trail_builder_add(&w->b, f, t))
		return err_set(e, ERR_NOMEM, "out of memory (or a field over 65535 bytes)");
	/* the work is shared (share, above) */
	if ((w->b.n & 1023) == 0 && w->th_on && __atomic_load_n(&w->busy, __ATOMIC_RELAXED) &&
	    trail_builder_intern(&w->b, (uint32_t)((uint64_t)w->b.n * w->share / 16)))
		return err_set(e, ERR_NOMEM, "out of memory");
	return 0;
}

int audit_trail_seal(struct audit_trail_writer *w, struct err *e)
{
	/* the checkpoint waits for the sealer anyway: what this thread can do
	 * of the batch it does while the sealer finishes the one before */
	if (w->th_on && __atomic_load_n(&w->busy, __ATOMIC_RELAXED) && trail_builder_intern(&w->b, w->b.n))
		return err_set(e, ERR_NOMEM, "out of memory");
	return seal_async(w, e);
}

int audit_trail_write(struct audit_trail_writer *w, struct store *st, const char *source, const char *now,
                      struct err *e)
{
	if (seal_wait(w, e) || seal(w, &w->b, e))
		return -1;
	/* a batch's segments share a number (unique, rising with the ids) so a
	 * search merges them back into the batch's stored order */
	int64_t base = 0, batch = 0;
	if (w->np && store_int(st, e, &base, "SELECT COALESCE(MAX(id), 0) FROM audit_segments", "") < 0)
		return -1;
	for (size_t i = 0; i < w->np; i++) {
		struct packed *k = &w->p[i];
		char a[21], z[21];
		trail_ts_format(k->first, a);
		trail_ts_format(k->last, z);
		char day[11];
		memcpy(day, a, 10);
		day[10] = 0;
		if (k->batch_start || !batch)
			batch = base + 1 + (int64_t)i;
		if (store_exec(st, e,
		               "INSERT INTO audit_segments(source, day, first_ts, last_ts, events, checksum, bloom, data, "
		               "created_at, ubits, ubucket, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		               "ttttiibbtiii", source, day, a, z, (int64_t)k->n, (int64_t)k->crc, k->bloom.p, k->bloom.n,
		               k->seg.p, k->seg.n, now, (int64_t)k->bits, (int64_t)k->bucket, batch))
			return -1;
		if (k->sx && audit_subjidx_write(st, batch, day, k->sx, e))
			return -1;
	}
	for (size_t i = 0; i < w->ncov; i++) {
		char day[11], last[21];
		date_format(w->cov[i].day, day);
		trail_ts_format(w->cov[i].last, last);
		if (store_exec(st, e,
		               "INSERT INTO audit_coverage(day, system, device, events, last_ts) VALUES (?, ?, ?, ?, ?) "
		               "ON CONFLICT(day, system, device) DO UPDATE SET events = audit_coverage.events + excluded.events, "
		               "last_ts = CASE WHEN excluded.last_ts > audit_coverage.last_ts THEN excluded.last_ts "
		               "ELSE audit_coverage.last_ts END",
		               "tttit", day, w->cov[i].system, w->cov[i].device, w->cov[i].events, last))
			return -1;
	}
	return 0;
}

void audit_trail_written(struct audit_trail_writer *w)
{
	packed_free(w);
	w->ncov = 0;
}

int audit_coverage(struct store *st, const struct actor *who, int days, audit_coverage_fn fn, void *ctx,
                   struct err *e)
{
	if (alog_require(st, who, ROLE_ACU, "view", "audit_coverage", 0,
	                 "Only the counter-corruption unit can see audit coverage", e) ||
	    alog_list(st, who, "audit_coverage", "all", e, "days=%d", days))
		return -1;
	if (days < 1 || days > AUDIT_COVERAGE_MAX_DAYS)
		days = AUDIT_COVERAGE_MAX_DAYS;
	char today[11], first[11], now[21];
	date_today(today);
	time_now_iso(now);
	long t0 = date_days(today) - days + 1;
	date_format(t0, first);
	int64_t silence = config_int(st, "audit.silence_hours", 24);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT system, device, (SELECT MAX(last_ts) FROM audit_coverage c2 WHERE c2.system = c.system "
	                "AND c2.device = c.device) FROM audit_coverage c GROUP BY system, device ORDER BY system, device",
	                ""))
		return -1;
	struct audit_coverage_rec *rows = NULL;
	size_t n = 0, cap = 0;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		struct audit_coverage_rec *x = &rows[n++];
		memset(x, 0, sizeof *x);
		snprintf(x->system, sizeof x->system, "%s", stmt_text(s, 0));
		snprintf(x->device, sizeof x->device, "%s", stmt_text(s, 1));
		snprintf(x->last_ts, sizeof x->last_ts, "%s", stmt_text(s, 2));
		snprintf(x->first_day, sizeof x->first_day, "%s", first);
		x->days = days;
		int64_t lt = trail_ts_parse(x->last_ts, strlen(x->last_ts), 0), nt = trail_ts_parse(now, strlen(now), 0);
		x->silent_hours = lt >= 0 && nt >= lt ? (nt - lt) / 3600 : -1;
		x->silent = x->silent_hours > silence;
	}
	stmt_done(s);
	if (r < 0)
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (store_query(st, &s, e,
		                "SELECT day, events FROM audit_coverage WHERE system = ? AND device = ? AND day >= ? "
		                "ORDER BY day",
		                "ttt", rows[i].system, rows[i].device, first))
			goto fail;
		while ((r = stmt_next(s, e)) == 1) {
			long d = date_days(stmt_text(s, 0)) - t0;
			if (d >= 0 && d < days) {
				rows[i].per_day[d] = stmt_int(s, 1);
				rows[i].total += stmt_int(s, 1);
			}
		}
		stmt_done(s);
		if (r < 0)
			goto fail;
		for (int d = 0; d < days; d++)
			rows[i].empty_days += rows[i].per_day[d] == 0;
		if (fn(ctx, &rows[i]))
			break;
	}
	free(rows);
	return 0;
fail:
	free(rows);
	return -1;
}

/* ---- queries ---- */

int audit_trail_csv_row(struct buf *b, const struct slice f[EV_NCOLS])
{
	for (int i = 0; i < EV_NCOLS; i++) {
		if (i)
			buf_addc(b, ',');
		const struct slice *s = &f[i];
		int q = 0;
		for (size_t j = 0; j < s->n && !q; j++)
			q = s->p[j] == ',' || s->p[j] == '"' || s->p[j] == '\n' || s->p[j] == '\r';
		if (!q) {
			buf_add(b, s->p, s->n);
			continue;
		}
		buf_addc(b, '"');
		for (size_t j = 0; j < s->n; j++) {
			if (s->p[j] == '"')
				buf_addc(b, '"');
			buf_addc(b, s->p[j]);
		}
		buf_addc(b, '"');
	}
	return buf_addc(b, '\n');
}

struct qctx {
	const struct audit_trail_q *q;
	audit_trail_fn fn;
	void *ctx;
	long seen;
	int stop;
};

static int q_each(void *c, const struct slice f[EV_NCOLS])
{
	struct qctx *x = c;
	long i = x->seen++;
	if (x->stop || i < x->q->offset || (x->q->limit && i >= x->q->offset + x->q->limit))
		return 0;
	if (x->fn(x->ctx, f))
		x->stop = 1;
	return 0;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* a segment that may hold a match */
struct cand {
	int64_t id, crc, batch, ubits, ubucket;
	const unsigned char *blocks;    /* the subject index's blocks (NULL: all) */
	uint32_t nblocks;
};

static int by_id(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* the candidates, as they are found */
struct cands {
	struct cand *c;
	size_t n, cap;
};

/* Add the rows of s (id, checksum, ubits, ubucket, batch of segments) to
 * the candidates and release it; a user's search (user, ulen) keeps only
 * the segments of the user's bucket. */
static int cands_take(struct stmt *s, struct cands *c, const char *user, size_t ulen, struct err *e)
{
	int r;
	while ((r = stmt_next(s, e)) > 0) {
		int64_t bits = stmt_int(s, 2);
		if (ulen && bits > 0 && bits <= 32 && trail_user_bucket(user, ulen, (unsigned)bits) != stmt_int(s, 3))
			continue;
		if (c->n == c->cap) {
			c->cap = c->cap ? c->cap * 2 : 64;
			c->c = xrealloc(c->c, c->cap * sizeof *c->c);
		}
		struct cand *k = &c->c[c->n++];
		k->id = stmt_int(s, 0);
		k->crc = stmt_int(s, 1);
		k->ubits = bits;
		k->ubucket = stmt_int(s, 3);
		k->batch = stmt_int(s, 4);
		k->blocks = NULL;
		k->nblocks = 0;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

/* A user's search: the segments of the user's bucket at every split a batch
 * may have (0 to 32 bits; an unsplit batch or a format-1 segment is bucket
 * 0 of 0 bits), each a range of audit_segments_bucket (migration 061). */
static int cands_user(struct store *st, const char *user, size_t ulen, const char *lo, const char *hi,
                      struct cands *c, struct err *e)
{
	struct stmt *s;
	for (unsigned bits = 0; bits <= 32; bits++)
		if (store_query(st, &s, e,
		                "SELECT id, checksum, ubits, ubucket, batch FROM audit_segments "
		                "WHERE ubits = ? AND ubucket = ? AND last_ts >= ? AND first_ts <= ?",
		                "iitt", (int64_t)bits, (int64_t)trail_user_bucket(user, ulen, bits), lo, hi) ||
		    cands_take(s, c, NULL, 0, e))
			return -1;
	return 0;
}

static int by_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* A subject's search: in each batch its index covers, the segments of the
 * buckets it names (with a user, the user's bucket only); every batch
 * without an index (format 1's are batch 0), all of its segments. The
 * batches are listed from audit_segments_batch (migration 061) by one
 * seek each, not by reading every segment's row. */
static int cands_subject(struct store *st, const struct audit_sx *x, const char *user, size_t ulen, const char *lo,
                         const char *hi, struct cands *c, struct err *e)
{
	uint32_t *bk = NULL;
	size_t cap = 0;
	int rc = 0;
	struct stmt *s;
	for (size_t i = 0; rc == 0 && i < x->nb; i++) {
		const struct audit_sx_batch *b = &x->b[i];
		if (!b->nhit)
			continue;
		if (b->nhit > cap) {
			cap = b->nhit;
			bk = xrealloc(bk, cap * sizeof *bk);
		}
		uint32_t m = b->ubits >= 32 ? UINT32_MAX : (1u << b->ubits) - 1;
		for (size_t k = 0; k < b->nhit; k++)
			bk[k] = x->hit[b->hit0 + k] & m;
		qsort(bk, b->nhit, sizeof *bk, by_u32);
		for (size_t k = 0; rc == 0 && k < b->nhit; k++) {
			if (k && bk[k] == bk[k - 1])
				continue;
			if (ulen && b->ubits && trail_user_bucket(user, ulen, b->ubits) != bk[k])
				continue;
			if (store_query(st, &s, e,
			                "SELECT id, checksum, ubits, ubucket, batch FROM audit_segments "
			                "WHERE batch = ? AND ubucket = ? AND last_ts >= ? AND first_ts <= ?",
			                "iitt", b->batch, (int64_t)bk[k], lo, hi) ||
			    cands_take(s, c, user, ulen, e))
				rc = -1;
		}
	}
	free(bk);
	if (rc)
		return -1;
	/* the batches without an index: every batch, one seek each */
	if (store_query(st, &s, e,
	                "WITH RECURSIVE b(x) AS (SELECT MIN(batch) FROM audit_segments UNION ALL "
	                "SELECT (SELECT MIN(batch) FROM audit_segments WHERE batch > b.x) FROM b WHERE b.x IS NOT NULL) "
	                "SELECT x FROM b WHERE x IS NOT NULL",
	                ""))
		return -1;
	int64_t *un = NULL;
	size_t nun = 0, ucap = 0;
	int r;
	while ((r = stmt_next(s, e)) > 0) {
		int64_t batch = stmt_int(s, 0);
		if (batch && audit_subjidx_indexed(x, batch))
			continue;
		if (nun == ucap) {
			ucap = ucap ? 2 * ucap : 16;
			un = xrealloc(un, ucap * sizeof *un);
		}
		un[nun++] = batch;
	}
	stmt_done(s);
	for (size_t i = 0; r == 0 && i < nun; i++)
		if (store_query(st, &s, e,
		                "SELECT id, checksum, ubits, ubucket, batch FROM audit_segments "
		                "WHERE batch = ? AND last_ts >= ? AND first_ts <= ?",
		                "itt", un[i], lo, hi) ||
		    cands_take(s, c, user, ulen, e))
			r = -1;
	free(un);
	return r < 0 ? -1 : 0;
}

/* Read segment c's data, check it and scan it. */
static int scan_one(struct store *st, const struct cand *c, const struct trail_match *m, trail_fn fn, void *ctx,
                    struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e, "SELECT data FROM audit_segments WHERE id = ?", "i", c->id))
		return -1;
	int y = stmt_next(s, e), rc = y < 0 ? -1 : 0;
	if (y > 0) {                    /* else pruned meanwhile */
		size_t dn;
		const void *data = stmt_blob(s, 0, &dn);
		if ((uint32_t)crc32(0L, (const Bytef *)data, (uInt)dn) != (uint32_t)c->crc)
			rc = err_set(e, ERR_INTERNAL, "audit trail segment %lld fails its checksum: the store is damaged",
			             (long long)c->id);
		else if (trail_seg_scan(data, dn, m, fn, ctx, e))
			rc = -1;
	}
	stmt_done(s);
	return rc;
}

/* The matches of a batch's segments, put back in the batch's stored order
 * (by place) before they go out. */
struct merge {
	struct buf b;                   /* per match: EV_NCOLS x (u32 length, bytes) */
	struct mrow { uint32_t place; size_t off; } *ent;
	size_t n, cap;
	uint32_t place;                 /* set by the scan before each match */
};

static int merge_add(void *ctx, const struct slice f[EV_NCOLS])
{
	struct merge *g = ctx;
	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 256;
		g->ent = xrealloc(g->ent, g->cap * sizeof *g->ent);
	}
	g->ent[g->n].place = g->place;
	g->ent[g->n++].off = g->b.n;
	for (int i = 0; i < EV_NCOLS; i++) {
		uint32_t n = (uint32_t)f[i].n;
		buf_add(&g->b, &n, sizeof n);
		buf_add(&g->b, f[i].p, f[i].n);
	}
	return g->b.oom ? -1 : 0;
}

static int by_place(const void *a, const void *b)
{
	const struct mrow *x = a, *y = b;
	return x->place < y->place ? -1 : x->place > y->place;
}

static int merge_emit(struct merge *g, trail_fn fn, void *ctx)
{
	qsort(g->ent, g->n, sizeof *g->ent, by_place);
	for (size_t i = 0; i < g->n; i++) {
		struct slice f[EV_NCOLS];
		const char *p = g->b.p + g->ent[i].off;
		for (int k = 0; k < EV_NCOLS; k++) {
			uint32_t n;
			memcpy(&n, p, sizeof n);
			f[k].p = p + sizeof n;
			f[k].n = n;
			p += sizeof n + n;
		}
		if (fn(ctx, f))
			return -1;
	}
	return 0;
}

int audit_trail_query(struct store *st, const struct actor *who, const struct audit_trail_q *q, const char *purpose,
                      audit_trail_fn fn, void *ctx, long *total, struct err *e)
{
	if (!actor_has(who, ROLE_ACU) && !(who && who->account_id == 0)) {
		alog_write(st, who, "search", "audit_events", "trail", "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only the counter-corruption unit can search the audit trail");
	}
	const char *p = nz(purpose);
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	if (!*p)
		return err_field(e, ERR_INPUT, "purpose", "Enter the purpose of the search (for example the complaint or "
		                             "investigation it is for)");
	if (strlen(purpose) > 500)
		return err_field(e, ERR_INPUT, "purpose", "The purpose must be 500 characters or fewer");
	struct trail_match m;
	memset(&m, 0, sizeof m);
	m.f[EV_USER] = q->user;
	m.f[EV_SYSTEM] = q->system;
	m.f[EV_DEVICE] = q->device;
	m.f[EV_ACTION] = q->action;
	m.f[EV_RECORD_ID] = q->record;
	m.f[EV_SUBJECT] = q->subject;
	m.from = INT64_MIN;
	m.to = INT64_MAX;
	if (q->from && *q->from && (m.from = trail_ts_parse(q->from, strlen(q->from), 0)) < 0)
		return err_field(e, ERR_INPUT, "from", "From must be a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM:SSZ)");
	if (q->to && *q->to && (m.to = trail_ts_parse(q->to, strlen(q->to), 1)) < 0)
		return err_field(e, ERR_INPUT, "to", "To must be a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM:SSZ)");
	if (m.from > m.to) /* nothing could match: say so rather than answer "0 events" */
		return err_field(e, ERR_INPUT, "to", "To must be on or after From");
	if (alog_list(st, who, "audit_events", "trail", e,
	              "purpose=%s subject=%s record=%s user=%s system=%s action=%s device=%s from=%s to=%s", purpose,
	              nz(q->subject), nz(q->record), nz(q->user), nz(q->system), nz(q->action), nz(q->device),
	              nz(q->from), nz(q->to)))
		return -1;
	/* the search is on disk before any of its results goes out (a caller's
	 * own transaction commits it later, with the rest of its work) */
	if (!store_in_transaction(st) && store_sync(st, e))
		return -1;
	char lo[21] = "0000", hi[21] = "9999";
	if (m.from != INT64_MIN)
		trail_ts_format(m.from, lo);
	if (m.to != INT64_MAX)
		trail_ts_format(m.to, hi);
	struct qctx x = { q, fn, ctx, 0, 0 };
	struct stmt *s;
	struct cands c = { NULL, 0, 0 };
	size_t ulen = q->user ? strlen(q->user) : 0;
	int subj = q->subject && *q->subject;
	/* first which segments may match, from the indexes of audit_segments
	 * alone (a row's selected columns are all read when it is stepped:
	 * selecting data early would read every segment); a subject's from its
	 * subject index (audit_subjidx.c: which batches, buckets and blocks
	 * hold it) */
	struct audit_sx sx;
	memset(&sx, 0, sizeof sx);
	int r = 0, rc = 0;
	if (subj) {
		if (audit_subjidx_find(st, q->subject, &sx, e) || cands_subject(st, &sx, q->user, ulen, lo, hi, &c, e))
			r = -1;
	} else if (ulen) {
		r = cands_user(st, q->user, ulen, lo, hi, &c, e);
	} else if (store_query(st, &s, e,
	                       "SELECT id, checksum, ubits, ubucket, batch FROM audit_segments "
	                       "WHERE last_ts >= ? AND first_ts <= ?",
	                       "tt", lo, hi) ||
	           cands_take(s, &c, NULL, 0, e)) {
		r = -1;
	}
	struct cand *cd = c.c;
	size_t nc = c.n;
	if (nc)
		qsort(cd, nc, sizeof *cd, by_id);
	/* then each one's Bloom filter (stored before its data: cheap to read) */
	size_t kept = 0;
	for (size_t i = 0; r == 0 && i < nc; i++) {
		int may = 1, ix = -1;
		if (subj && (ix = audit_subjidx_blocks(&sx, cd[i].batch, cd[i].ubits, cd[i].ubucket, &cd[i].blocks,
		                                       &cd[i].nblocks, e)) == -2) {
			r = -1;
			break;
		}
		if (ix == 0)
			may = 0;
		else if (ulen || (ix < 0 && subj)) {
			if (store_query(st, &s, e, "SELECT bloom FROM audit_segments WHERE id = ?", "i", cd[i].id)) {
				r = -1;
				break;
			}
			int y = stmt_next(s, e);
			size_t bn = 0;
			const void *bloom = y > 0 ? stmt_blob(s, 0, &bn) : NULL;
			may = y > 0 && (!ulen || trail_bloom_may(bloom, bn, 'u', q->user, ulen)) &&
			      (!q->subject || !*q->subject || trail_bloom_may(bloom, bn, 's', q->subject, strlen(q->subject)));
			stmt_done(s);
			if (y < 0)
				r = -1;
		}
		if (may)
			cd[kept++] = cd[i];
	}
	nc = kept;
	struct merge mg = { BUF_INIT, NULL, 0, 0, 0 };
	m.zd = nc ? trail_dctx_new() : NULL;
	for (size_t i = 0; r == 0 && rc == 0 && i < nc;) {
		/* the candidate segments of one batch: several are merged by place */
		size_t j = i + 1;
		while (j < nc && cd[i].batch && cd[j].batch == cd[i].batch)
			j++;
		m.place = j - i > 1 ? &mg.place : NULL;
		mg.n = 0;
		buf_reset(&mg.b);
		for (size_t k = i; rc == 0 && k < j; k++) {
			m.blocks = cd[k].blocks;
			m.nblocks = cd[k].nblocks;
			rc = scan_one(st, &cd[k], &m, m.place ? merge_add : q_each, m.place ? (void *)&mg : (void *)&x, e);
		}
		if (rc == 0 && m.place)
			rc = merge_emit(&mg, q_each, &x);
		i = j;
	}
	trail_dctx_free(m.zd);
	free(mg.ent);
	buf_release(&mg.b);
	audit_subjidx_free(&sx);
	free(cd);
	if (r < 0 || rc)
		return -1;
	if (total)
		*total = x.seen;
	return 0;
}

struct evctx {
	audit_trail_fn fn;
	void *ctx;
	long n, limit;
	int outputs_only;
	const unsigned char *k;         /* the pseudonymised queue: users as codes */
	const struct audit_alert_rec *a;
};

static int ev_each(void *c, const struct slice f[EV_NCOLS])
{
	struct evctx *x = c;
	if (x->outputs_only && !((f[EV_ACTION].n == 5 && !memcmp(f[EV_ACTION].p, "print", 5)) ||
	                         (f[EV_ACTION].n == 6 && !memcmp(f[EV_ACTION].p, "export", 6))))
		return 0;
	if ((!x->limit || x->n < x->limit) && x->k) {
		/* every user as a code, but the alert's own once revealed */
		struct slice g[EV_NCOLS];
		char code[16];
		memcpy(g, f, sizeof g);
		if (!(x->a->revealed && f[EV_USER].n == strlen(x->a->user) &&
		      !memcmp(f[EV_USER].p, x->a->user, f[EV_USER].n))) {
			audit_code_of(x->k, f[EV_USER].p, f[EV_USER].n, code);
			g[EV_USER].p = code;
			g[EV_USER].n = strlen(code);
		}
		x->fn(x->ctx, g);
	} else if (!x->limit || x->n < x->limit) {
		x->fn(x->ctx, f);
	}
	x->n++;
	return 0;
}

int audit_alert_trail(struct store *st, const struct actor *who, const struct audit_alert_rec *a, long limit,
                      audit_trail_fn fn, void *ctx, long *total, struct err *e)
{
	struct audit_trail_q q;
	char purpose[64], from[11], to[11];
	memset(&q, 0, sizeof q);
	snprintf(purpose, sizeof purpose, "evidence for alert A%lld", (long long)a->id);
	unsigned char k[32];
	int on = audit_pseudonym_key(st, k, e);
	if (on < 0)
		return -1;
	struct evctx x = { fn, ctx, 0, limit, 0, on ? k : NULL, a };
	if (a->rule == AUDIT_R4 || a->rule == AUDIT_R6) {
		q.user = a->user;
		q.from = q.to = a->key;
		x.outputs_only = a->rule == AUDIT_R6;
	} else {
		snprintf(to, sizeof to, "%.10s", a->first_ts);
		if (!date_valid(to))
			return err_set(e, ERR_INTERNAL, "alert A%lld has no valid first event time", (long long)a->id);
		date_format(date_days(to) - 29, from);
		q.subject = a->key;
		q.from = from;
		q.to = to;
	}
	if (audit_trail_query(st, who, &q, purpose, ev_each, &x, NULL, e))
		return -1;
	if (total)
		*total = x.n;
	return 0;
}

int audit_trail_prune(struct store *st, const struct actor *who, struct audit_prune_result *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	if (!(who && who->account_id == 0) && !actor_has(who, ROLE_ADMIN)) {
		alog_write(st, who, "prune", "audit_events", "trail", "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only an administrator can prune the audit trail");
	}
	int64_t keep = config_int(st, "audit.retention_days", 2557);
	if (keep < 1)
		return err_set(e, ERR_INPUT, "audit.retention_days must be at least 1");
	char today[11];
	date_today(today);
	date_format(date_days(today) - keep, r->before);
	int64_t n = 0, ev = 0;
	if (store_begin(st, e))
		return -1;
	if (store_int(st, e, &n, "SELECT COUNT(*) FROM audit_segments WHERE day < ?", "t", r->before) < 0 ||
	    store_int(st, e, &ev, "SELECT COALESCE(SUM(events), 0) FROM audit_segments WHERE day < ?", "t",
	              r->before) < 0 ||
	    store_exec(st, e, "DELETE FROM audit_segments WHERE day < ?", "t", r->before) ||
	    store_exec(st, e, "DELETE FROM audit_coverage WHERE day < ?", "t", r->before) ||
	    audit_subjidx_prune(st, r->before, e))
		goto fail;
	char d[96];
	snprintf(d, sizeof d, "before=%s segments=%lld events=%lld", r->before, (long long)n, (long long)ev);
	if (alog_write(st, who, "prune", "audit_events", "trail", "ok", d, e) || store_commit(st, e))
		goto fail;
	r->segments = (long)n;
	r->events = (long)ev;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int audit_trail_stats(struct store *st, int64_t *segments, int64_t *events, int64_t *bytes, struct err *e)
{
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT COUNT(*), COALESCE(SUM(events), 0), COALESCE(SUM(length(data) + length(bloom)), 0) "
	                "FROM audit_segments",
	                ""))
		return -1;
	int r = stmt_next(s, e);
	if (r > 0) {
		*segments = stmt_int(s, 0);
		*events = stmt_int(s, 1);
		*bytes = stmt_int(s, 2);
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}

int audit_feed_add(struct store *st, const struct actor *who, const char *name, int64_t interval_seconds,
                   struct err *e)
{
	if (!(who && who->account_id == 0) && !actor_has(who, ROLE_ADMIN)) {
		alog_write(st, who, "create", "audit_feed", nz(name), "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only an administrator can declare audit feeds");
	}
	name = nz(name);
	size_t n = strlen(name);
	if (!n || n > 63)
		return err_field(e, ERR_INPUT, "name", "A feed name is 1 to 63 characters");
	for (size_t i = 0; i < n; i++)
		if (!((name[i] >= 'A' && name[i] <= 'Z') || (name[i] >= 'a' && name[i] <= 'z') ||
		      (name[i] >= '0' && name[i] <= '9') || name[i] == '-' || name[i] == '_' || name[i] == '.'))
			return err_field(e, ERR_INPUT, "name", "A feed name has letters, digits, '-', '_' and '.' only");
	if (interval_seconds < 0)
		return err_field(e, ERR_INPUT, "interval", "The interval cannot be negative");
	char now[21];
	time_now_iso(now);
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e,
	               "INSERT INTO audit_feeds(name, interval_seconds, created_at) VALUES (?, ?, ?) "
	               "ON CONFLICT(name) DO UPDATE SET interval_seconds = excluded.interval_seconds",
	               "tit", name, interval_seconds, now))
		goto fail;
	char d[64];
	snprintf(d, sizeof d, "interval=%llds", (long long)interval_seconds);
	if (alog_write(st, who, "create", "audit_feed", name, "ok", d, e) || store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int audit_feed_set_mapping(struct store *st, const struct actor *who, const char *name, const char *text,
                           struct err *e)
{
	if (!(who && who->account_id == 0) && !actor_has(who, ROLE_ADMIN)) {
		alog_write(st, who, "update", "audit_feed", nz(name), "refused", "role", NULL);
		return err_set(e, ERR_DENIED, "Only an administrator can set an audit feed's mapping");
	}
	struct audit_mapping m;
	if (strlen(nz(text)) >= 8192)
		return err_set(e, ERR_INPUT, "a mapping file is at most 8191 bytes");
	if (*nz(text) && audit_mapping_parse(text, &m, e))
		return -1;
	if (store_begin(st, e))
		return -1;
	if (store_exec(st, e, "UPDATE audit_feeds SET mapping = ? WHERE name = ?", "tt", nz(text), nz(name)))
		goto fail;
	if (store_changes(st) != 1) {
		err_set(e, ERR_NOTFOUND, "no feed called %s", nz(name));
		goto fail;
	}
	if (alog_write(st, who, "update", "audit_feed", name, "ok", *nz(text) ? "mapping set" : "mapping removed", e) ||
	    store_commit(st, e))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int audit_feeds_list(struct store *st, const struct actor *who, int (*fn)(void *ctx, const struct audit_feed_rec *f),
                     void *ctx, struct err *e)
{
	if (!(who && who->account_id == 0) &&
	    alog_require(st, who, ROLE_ACU, "view", "audit_feed", 0, "Only the counter-corruption unit can see audit feeds",
	                 e))
		return -1;
	if (alog_list(st, who, "audit_feed", "all", e, "%s", ""))
		return -1;
	char now[21];
	time_now_iso(now);
	int64_t nt = trail_ts_parse(now, strlen(now), 0);
	struct stmt *s;
	if (store_query(st, &s, e,
	                "SELECT f.name, f.interval_seconds, "
	                "CASE WHEN f.last_delivery <> '' THEN f.last_delivery ELSE COALESCE(MAX(g.created_at), '') END, "
	                "CASE WHEN f.latest_ts <> '' THEN f.latest_ts ELSE COALESCE(MAX(g.last_ts), '') END, "
	                "f.events + COALESCE(SUM(g.events), 0) FROM audit_feeds f "
	                "LEFT JOIN audit_segments g ON g.source = f.name "
	                "GROUP BY f.name, f.interval_seconds, f.last_delivery, f.latest_ts, f.events ORDER BY f.name",
	                ""))
		return -1;
	struct audit_feed_rec f;
	int r;
	while ((r = stmt_next(s, e)) == 1) {
		memset(&f, 0, sizeof f);
		snprintf(f.name, sizeof f.name, "%s", stmt_text(s, 0));
		f.interval_seconds = stmt_int(s, 1);
		snprintf(f.last_delivery, sizeof f.last_delivery, "%s", stmt_text(s, 2));
		snprintf(f.last_event, sizeof f.last_event, "%s", stmt_text(s, 3));
		f.events = stmt_int(s, 4);
		int64_t lt = f.last_delivery[0] ? trail_ts_parse(f.last_delivery, strlen(f.last_delivery), 0) : -1;
		f.quiet_seconds = lt >= 0 && nt >= lt ? nt - lt : -1;
		f.silent = !f.last_delivery[0] || (f.interval_seconds > 0 && f.quiet_seconds > f.interval_seconds);
		if (fn(ctx, &f))
			break;
	}
	stmt_done(s);
	return r < 0 ? -1 : 0;
}
