/* test_audit_subjidx.c — the audit trail's subject index (audit/subjidx.h,
 * domain/audit_subjidx.h): for every subject of a busy batch split into
 * user-clustered segments, the index names exactly the segments and blocks
 * that hold it (nothing missed, nothing extra), and a scan of only those
 * blocks gives what a full scan gives; damaged parts and markers are
 * refused; through the store, "who accessed subject S" gives the same
 * answer with the index, without it (as a store written before it), and
 * with a format-1 (PTS1) segment beside the indexed ones. */
#include "test.h"
#include "fixture.h"
#include "trail_v1.h"
#include "audit/subjidx.h"
#include "core/xalloc.h"
#include "domain/audit.h"
#include "domain/audit_subjidx.h"

__attribute__((constructor)) static void setup(void)
{
	fixture_open("audit_subjidx");
}

/* event i of a busy day: 301 users, subjects P0..P96 often, P100..P8100
 * rarely, EVERY every 40th row, none every 13th */
static void ev(struct slice f[EV_NCOLS], char v[EV_NCOLS][64], int i)
{
	trail_ts_format(trail_ts_parse("2026-03-01T00:00:00Z", 20, 0) + i * 4, v[0]);
	snprintf(v[1], 64, "U%d", (i * 7919) % 301);
	snprintf(v[2], 64, "%s", i % 3 ? "RMS" : "PNC");
	snprintf(v[3], 64, "desktop");
	snprintf(v[4], 64, "view");
	snprintf(v[5], 64, "person");
	snprintf(v[6], 64, "R%d", i);
	if (i % 40 == 0)
		snprintf(v[7], 64, "EVERY");
	else if (i % 13 == 0)
		v[7][0] = 0;
	else
		snprintf(v[7], 64, "P%d", i % 5 ? (i * 7919) % 8001 + 100 : i % 97);
	v[8][0] = 0;
	ev_slices(f, v);
}

#define NEV 20000
#define BITS 3

TEST(the_index_names_exactly_the_blocks_that_hold_a_subject)
{
	struct trail_builder b;
	struct err e = { 0 };
	char v[EV_NCOLS][64];
	struct slice f[EV_NCOLS];
	uint32_t cnt[(1u << BITS) + 1], crc;
	struct buf seg[1u << BITS], bloom = BUF_INIT;
	struct subjidx x;
	trail_builder_init(&b);
	subjidx_init(&x);
	for (int i = 0; i < NEV; i++) {
		ev(f, v, i);
		CHECK(trail_builder_add(&b, f, trail_builder_ts(&b, &f[EV_TS])) == 0);
	}
	CHECK(trail_builder_intern(&b, b.n) == 0);
	trail_builder_split(&b, BITS, cnt);
	uint32_t *rows = xmalloc(NEV * sizeof *rows);
	for (uint32_t r = 0; r < NEV; r++)
		rows[r] = r;
	for (uint32_t k = 0; k < (1u << BITS); k++) {
		buf_init(&seg[k], 0);
		CHECK(trail_builder_pack(&b, 3, rows + cnt[k], cnt[k + 1] - cnt[k], &seg[k], &bloom, &crc, &e) == 0);
	}
	CHECK_INT(subjidx_build(&x, &b, BITS, cnt, &e), 0);
	unsigned pbits, ubits;
	CHECK_INT(subjidx_marker_read(x.marker.p, x.marker.n, &pbits, &ubits, &e), 0);
	CHECK_INT(ubits, BITS);
	CHECK(pbits >= 1 && x.nparts > 1);
	for (size_t i = 0; i < x.nparts; i++)
		CHECK(x.part[i].crc == subjidx_crc(x.data.p + x.part[i].off, x.part[i].len));
	long checked = 0, bad = 0, blocks_read = 0, blocks_all = 0;
	for (int s = -3; s < 1000; s++) {
		char subj[16];
		if (s == -3)
			snprintf(subj, sizeof subj, "EVERY");
		else if (s < 0)
			snprintf(subj, sizeof subj, "ABSENT%d", -s);
		else
			snprintf(subj, sizeof subj, "P%d", s);
		uint32_t h = subjidx_hash(subj, strlen(subj)), pk = subjidx_pkey(h, pbits), *pv = NULL;
		size_t nv = 0, cap = 0;
		for (size_t i = 0; i < x.nparts; i++)
			if (x.part[i].pkey == pk)
				CHECK_INT(subjidx_part_find(x.data.p + x.part[i].off, x.part[i].len, pk, pbits, h, &pv, &nv, &cap, &e), 0);
		/* per segment: the blocks the index names hold the subject, and
		 * the other blocks do not */
		for (uint32_t k = 0; k < (1u << BITS); k++) {
			uint32_t nb = (cnt[k + 1] - cnt[k] + TRAIL_BLOCK - 1) / TRAIL_BLOCK;
			unsigned char mask[64] = { 0 };
			for (size_t j = 0; j < nv; j++)
				if ((pv[j] & ((1u << BITS) - 1)) == k)
					mask[pv[j] >> BITS] = 1;
			struct trail_match m;
			memset(&m, 0, sizeof m);
			m.from = INT64_MIN;
			m.to = INT64_MAX;
			m.f[EV_SUBJECT] = subj;
			struct coll all = { BUF_INIT, 0 }, some = { BUF_INIT, 0 };
			CHECK(trail_seg_scan(seg[k].p, seg[k].n, &m, collect, &all, &e) == 0);
			m.blocks = mask;
			m.nblocks = 64;
			CHECK(trail_seg_scan(seg[k].p, seg[k].n, &m, collect, &some, &e) == 0);
			bad += all.n != some.n || all.out.n != some.out.n || (all.out.n && memcmp(all.out.p, some.out.p, all.out.n));
			for (uint32_t bk = 0; bk < nb; bk++) {
				unsigned char one[64] = { 0 };
				one[bk] = 1;
				m.blocks = one;
				struct coll c = { BUF_INIT, 0 };
				CHECK(trail_seg_scan(seg[k].p, seg[k].n, &m, collect, &c, &e) == 0);
				bad += (c.n > 0) != mask[bk];
				blocks_read += mask[bk];
				blocks_all++;
				buf_release(&c.out);
			}
			for (uint32_t bk = nb; bk < 64; bk++)
				bad += mask[bk];
			buf_release(&all.out);
			buf_release(&some.out);
		}
		free(pv);
		checked++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(checked, 1003);
	/* most subjects are in few blocks: far fewer blocks read than held */
	CHECK(blocks_read * 4 < blocks_all);
	for (uint32_t k = 0; k < (1u << BITS); k++)
		buf_release(&seg[k]);
	buf_release(&bloom);
	free(rows);

	/* damaged parts and markers are refused, not misread */
	uint32_t *pv = NULL;
	size_t nv = 0, cap = 0;
	const struct subjidx_part *p = &x.part[0];
	const char *d = x.data.p + p->off;
	CHECK(subjidx_part_find(d, p->len - 1, p->pkey, pbits, 1, &pv, &nv, &cap, &e) == -1);
	CHECK(strstr(e.msg, "subject index damaged") != NULL);
	char *longer = xmalloc(p->len + 1);
	memcpy(longer, d, p->len);
	longer[p->len] = 0;
	CHECK(subjidx_part_find(longer, p->len + 1, p->pkey, pbits, 1, &pv, &nv, &cap, &e) == -1);
	CHECK(subjidx_part_find(d, p->len, p->pkey, pbits + 1, 1, &pv, &nv, &cap, &e) == -1);
	CHECK(subjidx_part_find(d, 0, p->pkey, pbits, 1, &pv, &nv, &cap, &e) == -1);
	free(longer);
	free(pv);
	char mk[32];
	memcpy(mk, x.marker.p, x.marker.n);
	CHECK(subjidx_marker_read(mk, x.marker.n - 1, &pbits, &ubits, &e) == -1);
	mk[0] = 'Q';
	CHECK(subjidx_marker_read(mk, x.marker.n, &pbits, &ubits, &e) == -1);
	subjidx_release(&x);
	trail_builder_release(&b);
}

static void ask(const char *subj, const char *user, struct coll *c)
{
	struct err e = { 0 };
	struct actor sys;
	actor_system(&sys);
	struct audit_trail_q q;
	memset(&q, 0, sizeof q);
	q.subject = subj;
	q.user = user;
	buf_reset(&c->out);
	c->n = 0;
	CHECK_INT(audit_trail_query(st, &sys, &q, "index test", collect, c, NULL, &e), 0);
}

TEST(with_the_index_without_it_and_beside_format_1)
{
	struct err e = { 0 };
	char v[EV_NCOLS][64];
	struct slice f[EV_NCOLS];
	struct audit_trail_writer *w = audit_trail_writer_new();
	for (int i = 0; i < NEV; i++) {
		ev(f, v, i);
		CHECK_INT(audit_trail_add(w, f, &e), 0);
	}
	CHECK_INT(store_begin(st, &e), 0);
	CHECK_INT(audit_trail_write(w, st, "test", "2026-03-02T00:00:00Z", &e), 0);
	CHECK_INT(store_commit(st, &e), 0);
	audit_trail_written(w);
	audit_trail_writer_free(w);
	/* a format-1 segment stored before the index existed (batch 0, no index) */
	CHECK_INT(store_exec(st, &e,
	                     "INSERT INTO audit_segments(source, day, first_ts, last_ts, events, checksum, bloom, data, "
	                     "created_at) VALUES ('old', '2026-03-01', '2026-03-01T00:00:00Z', '2026-03-01T00:02:49Z', 40, "
	                     "?, ?, ?, '2026-03-01T00:00:00Z')",
	                     "ibb", (int64_t)subjidx_crc(seg_v1, sizeof seg_v1), "", (size_t)0, seg_v1, sizeof seg_v1),
	         0);
	int64_t markers = 0, segs = 0;
	CHECK(store_int(st, &e, &markers, "SELECT COUNT(*) FROM audit_subject_index WHERE pkey = 0", "") == 1);
	CHECK(store_int(st, &e, &segs, "SELECT COUNT(*) FROM audit_segments", "") == 1);
	CHECK_INT(markers, 1);
	CHECK_INT(segs, (1 << BITS) + 1);
	static const char *const subjects[] = { "EVERY", "P5", "P0", "P1", "P96", "P33", "P100", "P4000", "ABSENT", NULL };
	struct coll idx = { BUF_INIT, 0 };
	struct buf want = BUF_INIT;
	for (int pass = 0; pass < 2; pass++) {
		for (int k = 0; subjects[k]; k++) {
			const char *s = subjects[k];
			for (int u = 0; u < 2; u++) {
				const char *user = u ? "U17" : NULL;
				buf_reset(&want);
				for (int i = 0; i < NEV; i++) {
					ev(f, v, i);
					if (!strcmp(v[7], s) && (!user || !strcmp(v[1], user)))
						ev_line(&want, f);
				}
				for (int i = 0; i < 40; i++) {
					ev_v1(f, v, i);
					if (!strcmp(v[7], s) && (!user || !strcmp(v[1], user)))
						ev_line(&want, f);
				}
				/* the first pass with the index, the second without (the
				 * scan): both give exactly the events of the subject */
				ask(s, user, &idx);
				CHECK(idx.out.n == want.n && (!want.n || memcmp(idx.out.p, want.p, want.n) == 0));
			}
		}
		CHECK_INT(store_exec(st, &e, "DELETE FROM audit_subject_index", ""), 0);
	}
	ask("P5", NULL, &idx);
	CHECK(idx.n > 1);
	buf_release(&idx.out);
	buf_release(&want);
}

TEST_MAIN(T(the_index_names_exactly_the_blocks_that_hold_a_subject), T(with_the_index_without_it_and_beside_format_1))
