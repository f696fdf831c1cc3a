/* trail.h — the audit trail's segment format: a batch of events (one day of
 * one checkpoint at most) packed column by column, each string column
 * dictionary-encoded, rows clustered by user (a per-user row index, the
 * stored order kept as a column) and cut into blocks compressed with zstd
 * one by one, so a user's search decodes only that user's blocks; plus a
 * Bloom filter of the users and subjects it holds so a query skips segments
 * that cannot match without decompressing them. Format 1 segments (PTS1,
 * unclustered, one frame per stream) are still read. No SQL here: the domain
 * (src/domain/audit_trail.c) keeps the segments; the format is in
 * docs/audit.md ("The audit trail store"). */
#ifndef PROBITY_AUDIT_TRAIL_H
#define PROBITY_AUDIT_TRAIL_H

#include "audit/engine.h"
#include "audit/hash.h"
#include "core/buf.h"
#include "core/err.h"
#include <stdint.h>

#define TRAIL_NSTR (EV_NCOLS - 1)   /* user .. reason */
#define TRAIL_BLOCK 1024            /* rows per compressed block (format 2) */

/* Events being packed into one segment. */
struct trail_builder {
	uint32_t n, cap;
	int64_t first_ts, last_ts;      /* unix seconds */
	int32_t day;                    /* days since 1970-01-01 of every event */
	int64_t *t;                     /* per event: its time (never below the previous one) */
	uint32_t *ids[TRAIL_NSTR];      /* per event: its dictionary id (the raw column: its text's offset in text) */
	uint32_t *rlen;                 /* per event: the raw column's text length */
	uint32_t *place;                /* per event: its place in the batch once split (NULL: its index) */
	/* An event is added as text and given its dictionary ids later, by
	 * trail_builder_intern (split and pack call it): the ingest's reading
	 * thread only copies the event, the sealing thread interns it. */
	uint32_t ninterned;             /* events [0, ninterned) have their ids */
	uint32_t *toff;                 /* per event not yet interned: where its texts start in text */
	uint16_t *flen;                 /* per event x TRAIL_NSTR: its texts' lengths (at most RDR_FIELD_MAX) */
	char *text;                     /* the events' texts (user .. reason), each followed by one byte */
	size_t text_n, text_cap;
	struct intern dict[TRAIL_NSTR];
	uint32_t *map[TRAIL_NSTR];      /* packing: dictionary id -> the segment's (all ~0 between packs) */
	uint32_t map_n[TRAIL_NSTR];
	char hour[13];                  /* the last event's hour text, and its time */
	int64_t hour_t;
	void *zc;                       /* the zstd compression context, kept across segments */
	unsigned char *out;             /* packing: the frame being written, and its compressed form */
	size_t out_cap;
	char *z;
	size_t z_cap;
};


/* Columns kept as plain strings, not dictionary-encoded (nearly unique). */
#define TRAIL_RAW(c) ((c) == EV_RECORD_ID - 1)

void trail_builder_init(struct trail_builder *b);
void trail_builder_release(struct trail_builder *b);
void trail_builder_reset(struct trail_builder *b);
/* The time of event text ts (validated by the engine), quickly for events
 * of the same hour as the last one. */
int64_t trail_builder_ts(struct trail_builder *b, const struct slice *ts);
/* Add one event of time t (its texts copied; interned later). 0 or -1
 * (memory, or a field over 65535 bytes). */
int trail_builder_add(struct trail_builder *b, const struct slice f[EV_NCOLS], int64_t t);
/* Give the events [ninterned, upto) their dictionary ids (upto is at most
 * n). 0 or -1 (memory). */
int trail_builder_intern(struct trail_builder *b, uint32_t upto);
/* Pack the events rows[0..nrows) (ascending; rows NULL: all; interned) into seg
 * (the segment) and bloom (its filter); *crc is the CRC-32 of seg. Each
 * row's index in the builder is kept as its place in the batch. 0, or -1
 * with e set. */
int trail_builder_pack(struct trail_builder *b, int level, const uint32_t *rows, uint32_t nrows, struct buf *seg,
                       struct buf *bloom, uint32_t *crc, struct err *e);
/* Reorder the events by user bucket (stable), each keeping its place;
 * cnt[k] .. cnt[k + 1] are then bucket k's (cnt has 2^bits + 1 entries).
 * The events must be interned (trail_builder_intern). */
void trail_builder_split(struct trail_builder *b, unsigned bits, uint32_t *cnt);
/* The bucket (0 .. 2^bits - 1) of a user: a batch's events are split into
 * user-clustered segments by it, so a user's search reads one in 2^bits. */
uint32_t trail_user_bucket(const char *p, size_t n, unsigned bits);

/* "YYYY-MM-DDTHH:MM:SSZ" (or a prefix "YYYY-MM-DD", "YYYY-MM-DDTHH") as
 * unix seconds; -1 when not such a text. up: a prefix means its end. */
int64_t trail_ts_parse(const char *s, size_t n, int up);
void trail_ts_format(int64_t t, char out[21]);

/* Whether the filter bloom may hold key p[0..n) of kind 'u' (user) or 's'
 * (subject). */
int trail_bloom_may(const void *bloom, size_t n, char kind, const char *p, size_t len);

/* What a query asks for; NULL or "" fields match anything. */
struct trail_match {
	const char *f[EV_NCOLS];        /* exact values per column (EV_TS unused) */
	int64_t from, to;               /* ts range, inclusive (INT64_MIN/MAX: open) */
	uint32_t *place;                /* set: before each call, the row's place in its batch */
	const unsigned char *blocks;    /* set: only the blocks b < nblocks with blocks[b] (subject index) */
	uint32_t nblocks;
	void *zd;                       /* a decompression context to use (trail_dctx_new), or NULL: one per segment */
};
/* A zstd decompression context kept across the segments of one search
 * (creating one costs more than decoding a small segment); not shared
 * between threads. */
void *trail_dctx_new(void);
void trail_dctx_free(void *zd);

/* Call fn for every event of segment seg[0..n) that matches m, in stored
 * order (the order of their places); f[EV_TS] is the ts text. fn returns nonzero to stop (that value is
 * returned). -1 with e set for a damaged segment. */
typedef int (*trail_fn)(void *ctx, const struct slice f[EV_NCOLS]);
int trail_seg_scan(const void *seg, size_t n, const struct trail_match *m, trail_fn fn, void *ctx, struct err *e);

#endif
