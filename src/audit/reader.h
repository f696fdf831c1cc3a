/* reader.h — the audit engine's streaming CSV reader.
 * Reads a file in large blocks into one buffer (carrying a partial last
 * record over to the next block), so memory stays at one block whatever the
 * file size. A record is returned as slices into that buffer: nothing is
 * copied except a quoted field holding doubled quotes, which is unescaped
 * into a scratch area. Plain lines (no quote, CR or non-ASCII byte) take a
 * vectorised fast path; everything else goes through a full RFC 4180 parser
 * that checks quoting, UTF-8 and field sizes and names line and column.
 *
 * Accepted: LF or CRLF line ends, quoted fields holding commas, doubled
 * quotes, CR and LF, a UTF-8 byte order mark, a last line without a line
 * end. Rejected (RDR_BAD, with "file:line:column: ..." in the err): a wrong
 * number of fields, an empty line, a quote inside an unquoted field, text
 * after a closing quote, a CR not followed by LF outside quotes, an
 * unterminated quote, a field over RDR_FIELD_MAX bytes, invalid UTF-8.
 * After RDR_BAD the reader has skipped the bad record up to the end of the
 * physical line where the fault was found, so the caller may go on. */
#ifndef PROBITY_AUDIT_READER_H
#define PROBITY_AUDIT_READER_H

#include "core/buf.h"
#include "core/err.h"
#include <stddef.h>
#include <stdint.h>

#define RDR_FIELD_MAX 8192
#define RDR_MAX_FIELDS 16
#define RDR_BLOCK ((size_t)1 << 20)
#define RDR_PAD 64

enum { RDR_EOF = 0, RDR_OK = 1, RDR_BAD = -1, RDR_FATAL = -2 };

struct rdr {
	char name[256];       /* file name for messages */
	int fd;               /* -1 when reading from memory */
	const char *mem;      /* memory source (tests, fuzzing) */
	size_t mem_n, mem_pos, mem_chunk;
	char *buf;            /* cap + RDR_PAD bytes */
	size_t cap, pos, end; /* unread bytes are buf[pos..end) */
	int eof;              /* the source is exhausted */
	int skip;             /* discard up to the next LF before the next record */
	uint64_t base;        /* file offset of buf[0] */
	uint64_t size;        /* file size when known, else 0 */
	uint64_t ahead;       /* a file: asked to be read ahead up to this offset */
	long line;            /* physical line number at buf[pos] (1-based) */
	/* the last record returned, or the bytes skipped after RDR_BAD */
	const char *rec;
	size_t rec_n;
	long rec_line;
	char *scratch;        /* unescaped quoted fields */
	size_t scratch_cap;
};

/* Open path for reading; block is the buffer size (0: RDR_BLOCK). */
int rdr_open(struct rdr *r, const char *path, size_t block, struct err *e);
/* Read from p[0..n) (borrowed until rdr_close), handing the parser at most
 * chunk bytes per refill (0: all), in a buffer of block bytes. */
int rdr_open_mem(struct rdr *r, const char *name, const char *p, size_t n,
                 size_t block, size_t chunk, struct err *e);
void rdr_close(struct rdr *r);

/* Read the next record into f[0..want) (want <= RDR_MAX_FIELDS). The slices
 * are borrowed until the next call. Returns RDR_OK, RDR_EOF, RDR_BAD (the
 * record is malformed; e says where; r->rec holds the skipped bytes) or
 * RDR_FATAL (a read error; stop). */
int rdr_next(struct rdr *r, struct slice *f, size_t want, struct err *e);
/* Read the header record and check it is exactly the names in `header`
 * (comma-separated). A leading byte order mark is skipped. */
int rdr_header(struct rdr *r, const char *header, struct err *e);
/* 1-based byte column where field k of the last record starts (for
 * messages about a field's value). */
long rdr_field_col(const struct rdr *r, size_t k);
/* Bytes consumed so far (for progress). */
static inline uint64_t rdr_offset(const struct rdr *r)
{
	return r->base + r->pos;
}

#endif
