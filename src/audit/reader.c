/* reader.c — block-buffered RFC 4180 reader with a vectorised fast path.
 * Invariant: buf[end] is a '\n' sentinel and RDR_PAD bytes follow it, so the
 * fast path can load 16 bytes at a time without bounds checks and always
 * stops at a line feed; it treats the sentinel as "need more input". */
#include "audit/reader.h"
#include "core/csv.h"
#include "core/xalloc.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { NEED_MORE = 2, SLOW = 3 };

/* The buffers (xalloc: a failure aborts, so this cannot fail). */
static void setup(struct rdr *r, const char *name, size_t block)
{
	snprintf(r->name, sizeof r->name, "%s", name);
	r->cap = block ? block : RDR_BLOCK;
	r->buf = xcalloc(1, r->cap + RDR_PAD);
	r->scratch_cap = (size_t)RDR_MAX_FIELDS * (RDR_FIELD_MAX + 1);
	r->scratch = xmalloc(r->scratch_cap);
	r->buf[0] = '\n';
	r->line = 1;
}

int rdr_open(struct rdr *r, const char *path, size_t block, struct err *e)
{
	memset(r, 0, sizeof *r);
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return err_set(e, ERR_IO, "%s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(r->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			close(r->fd);
			r->fd = -1;
			return err_set(e, ERR_IO, "%s: is a directory", path);
		}
		if (S_ISREG(st.st_mode))
			r->size = (uint64_t)st.st_size;
	}
#ifdef POSIX_FADV_SEQUENTIAL
	posix_fadvise(r->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	setup(r, path, block);
	return 0;
}

int rdr_open_mem(struct rdr *r, const char *name, const char *p, size_t n,
                 size_t block, size_t chunk, struct err *e)
{
	memset(r, 0, sizeof *r);
	r->fd = -1;
	r->mem = p;
	r->mem_n = n;
	r->mem_chunk = chunk;
	r->size = n;
	(void)e;
	setup(r, name, block);
	return 0;
}

void rdr_close(struct rdr *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	r->fd = -1;
	free(r->buf);
	free(r->scratch);
	r->buf = r->scratch = NULL;
}

#define RDR_AHEAD ((uint64_t)32 << 20)

/* Move the unread bytes to the front and read more after them.
 * 1: bytes added; 0: end of input; 2: the buffer is full; -1: read error. */
static int refill(struct rdr *r, struct err *e)
{
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->base += r->pos;
		r->end -= r->pos;
		r->pos = 0;
		r->buf[r->end] = '\n';
	}
	if (r->eof)
		return 0;
	if (r->end == r->cap)
		return 2;
	for (;;) {
		ssize_t n;
		size_t room = r->cap - r->end;
		if (r->fd >= 0) {
			n = read(r->fd, r->buf + r->end, room);
		} else {
			size_t left = r->mem_n - r->mem_pos;
			if (r->mem_chunk && room > r->mem_chunk)
				room = r->mem_chunk;
			n = (ssize_t)(left < room ? left : room);
			if (n)
				memcpy(r->buf + r->end, r->mem + r->mem_pos, (size_t)n);
			r->mem_pos += (size_t)n;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set(e, ERR_IO, "%s: read error: %s", r->name, strerror(errno));
			return -1;
		}
		if (n == 0) {
			r->eof = 1;
			return 0;
		}
		r->end += (size_t)n;
		r->buf[r->end] = '\n';
#ifdef POSIX_FADV_WILLNEED
		/* a big file not (or no longer) in the page cache: the kernel
		 * reads the next RDR_AHEAD bytes while the events before them go
		 * through, instead of each read() waiting for the disk */
		uint64_t at = r->base + r->end;
		if (r->fd >= 0 && r->size > RDR_AHEAD && at + RDR_AHEAD / 2 > r->ahead && r->ahead < r->size) {
			if (r->ahead < at)
				r->ahead = at;
			posix_fadvise(r->fd, (off_t)r->ahead, (off_t)RDR_AHEAD, POSIX_FADV_WILLNEED);
			r->ahead += RDR_AHEAD;
		}
#endif
		return 1;
	}
}

#ifdef __SSE2__
/* A plain line: find the want-1 commas and the line feed 16 bytes at a time.
 * Anything else (quote, CR, a byte >= 0x80, a wrong field count, a long
 * field) is left to parse_slow, which also produces the error messages. */
static int parse_fast(struct rdr *r, struct slice *f, size_t want)
{
	const char *p = r->buf + r->pos, *q = p, *fs = p;
	const char *end = r->buf + r->end;
	size_t nf = 0;
	const __m128i vc = _mm_set1_epi8(','), vn = _mm_set1_epi8('\n');
	const __m128i vq = _mm_set1_epi8('"'), vr = _mm_set1_epi8('\r');
	for (;;) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)q);
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vc), _mm_cmpeq_epi8(v, vn)),
		                         _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, vq), _mm_cmpeq_epi8(v, vr)), v));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		while (bits) {
			const char *c = q + __builtin_ctz(bits);
			bits &= bits - 1;
			if (*c == ',') {
				if (nf + 1 >= want)
					return SLOW;
				f[nf].p = fs;
				f[nf].n = (size_t)(c - fs);
				nf++;
				fs = c + 1;
				continue;
			}
			const char *le = c;   /* the line end: LF, or CR of a CRLF */
			if (*c == '\r') {
				if (c + 1 >= end || c[1] != '\n')
					return SLOW;
				c++;
			} else if (*c != '\n') {
				return SLOW;
			}
			if (c >= end)
				return r->eof ? SLOW : NEED_MORE;
			if (nf + 1 != want)
				return SLOW;
			f[nf].p = fs;
			f[nf].n = (size_t)(le - fs);
			if ((size_t)(le - p) > RDR_FIELD_MAX)
				for (size_t i = 0; i < want; i++)
					if (f[i].n > RDR_FIELD_MAX)
						return SLOW;
			r->rec = p;
			r->rec_n = (size_t)(c + 1 - p);
			r->rec_line = r->line++;
			r->pos = (size_t)(c + 1 - r->buf);
			return RDR_OK;
		}
		q += 16;
	}
}
#else
static int parse_fast(struct rdr *r, struct slice *f, size_t want)
{
	(void)r; (void)f; (void)want;
	return SLOW;
}
#endif

/* Line number and 1-based column of x inside the record starting at p. */
static void locate(const struct rdr *r, const char *p, const char *x, long *line, long *col)
{
	const char *ls = p;
	long l = r->line;
	for (const char *q = p; q < x; q++)
		if (*q == '\n') {
			l++;
			ls = q + 1;
		}
	*line = l;
	*col = (long)(x - ls) + 1;
}

/* The full parser for one record at buf[pos]. RDR_OK, RDR_BAD or NEED_MORE. */
static int parse_slow(struct rdr *r, struct slice *f, size_t want, struct err *e)
{
	const char *b = r->buf, *end = b + r->end, *p = b + r->pos, *q = p;
	const char *errp = NULL;
	char msg[160];
	size_t nf = 0, sn = 0, mlf = 0;
	const char *ml = NULL; /* opening quote of the first field spanning lines */
	long lines = 0;       /* line feeds consumed inside quoted fields */
	int term = 0;         /* the record ended with a line feed */
	for (;;) {
		const char *fs = q;
		struct slice v;
		if (q < end && *q == '"') {
			const char *seg = ++q;
			size_t flen = 0, s0 = sn;
			int copied = 0;
			for (;;) {
				if (q >= end) {
					if (!r->eof)
						return NEED_MORE;
					errp = fs;
					snprintf(msg, sizeof msg, "field %zu: unterminated quoted field (the quote opens here)", nf + 1);
					goto bad;
				}
				if (*q == '"') {
					if (q + 1 >= end && !r->eof)
						return NEED_MORE;
					if (q + 1 < end && q[1] == '"') {
						memcpy(r->scratch + sn, seg, (size_t)(q + 1 - seg));
						sn += (size_t)(q + 1 - seg);
						copied = 1;
						q += 2;
						seg = q;
					} else {
						break;
					}
				} else {
					if (*q == '\n') {
						lines++;
						if (!ml) {
							ml = fs;
							mlf = nf + 1;
						}
					}
					q++;
				}
				if (++flen > RDR_FIELD_MAX) {
					errp = fs;
					snprintf(msg, sizeof msg, "field %zu: quoted field longer than %d bytes (unterminated quote?)",
					         nf + 1, RDR_FIELD_MAX);
					goto bad;
				}
			}
			if (copied) {
				memcpy(r->scratch + sn, seg, (size_t)(q - seg));
				sn += (size_t)(q - seg);
				v.p = r->scratch + s0;
				v.n = sn - s0;
			} else {
				v.p = seg;
				v.n = (size_t)(q - seg);
			}
			q++;
			if (q < end && *q != ',' && *q != '\n' && *q != '\r') {
				errp = q;
				snprintf(msg, sizeof msg, "field %zu: text after the closing quote", nf + 1);
				goto bad;
			}
		} else {
			while (q < end && *q != ',' && *q != '\n' && *q != '\r' && *q != '"')
				q++;
			if ((size_t)(q - fs) > RDR_FIELD_MAX) {
				errp = fs + RDR_FIELD_MAX;
				snprintf(msg, sizeof msg, "field %zu longer than %d bytes", nf + 1, RDR_FIELD_MAX);
				goto bad;
			}
			if (q < end && *q == '"') {
				errp = q;
				snprintf(msg, sizeof msg, "field %zu: quote inside an unquoted field "
				         "(quote the whole field and double the quote)", nf + 1);
				goto bad;
			}
			v.p = fs;
			v.n = (size_t)(q - fs);
		}
		if (q >= end && !r->eof)
			return NEED_MORE;
		if (nf >= want) {
			errp = fs - 1;
			snprintf(msg, sizeof msg, "more than %zu fields", want);
			goto bad;
		}
		f[nf++] = v;
		if (q < end && *q == ',') {
			q++;
			continue;
		}
		if (q < end && *q == '\r') {
			if (q + 1 >= end && !r->eof)
				return NEED_MORE;
			if (q + 1 >= end || q[1] != '\n') {
				errp = q;
				snprintf(msg, sizeof msg, "carriage return not followed by a line feed");
				goto bad;
			}
			if (nf < want) {
				errp = q;
				goto few;
			}
			q++;
		}
		if (nf < want) {
			errp = q;
			goto few;
		}
		if (q < end) {
			q++;
			term = 1;
		}
		break;
	}
	size_t ok = utf8_valid_prefix((const unsigned char *)p, (size_t)(q - p));
	if (ok != (size_t)(q - p)) {
		errp = p + ok;
		snprintf(msg, sizeof msg, "invalid UTF-8");
		goto bad;
	}
	r->rec = p;
	r->rec_n = (size_t)(q - p);
	r->rec_line = r->line;
	r->line += lines + term;
	r->pos = (size_t)(q - b);
	return RDR_OK;
few:
	if (nf == 1 && errp == p)
		snprintf(msg, sizeof msg, "empty line");
	else
		snprintf(msg, sizeof msg, "%zu field%s, expected %zu", nf, nf == 1 ? "" : "s", want);
bad:
	if (ml && ml < errp) {
		/* A quoted field ran over a line end and the record then went
		 * wrong: most likely that quote was never closed. Blame it, so
		 * that only its line is skipped and the lines after it are read
		 * as records again. */
		long l, c;
		locate(r, p, errp, &l, &c);
		char m2[sizeof msg];
		snprintf(m2, sizeof m2, "%s", msg);
		snprintf(msg, sizeof msg, "field %zu: unterminated quote? The quoted field opened here runs on "
		         "to line %ld, where: %.90s", mlf, l, m2);
		errp = ml;
	}
	/* Skip the record up to the end of the physical line holding errp. */
	const char *nl = memchr(errp, '\n', (size_t)(end - errp));
	if (!nl && !r->eof && !(r->pos == 0 && r->end == r->cap))
		return NEED_MORE;
	long eline, ecol;
	locate(r, p, errp, &eline, &ecol);
	err_set(e, ERR_INPUT, "%s:%ld:%ld: %s", r->name, eline, ecol, msg);
	r->rec = p;
	r->rec_line = r->line;
	if (nl) {
		r->rec_n = (size_t)(nl + 1 - p);
		r->line = eline + 1;
	} else {
		r->rec_n = (size_t)(end - p);
		r->line = eline;
		r->skip = !r->eof;
	}
	r->pos = (size_t)(p + r->rec_n - b);
	return RDR_BAD;
}

int rdr_next(struct rdr *r, struct slice *f, size_t want, struct err *e)
{
	if (want < 1 || want > RDR_MAX_FIELDS)
		return err_set(e, ERR_INTERNAL, "rdr_next: bad field count"), RDR_FATAL;
	while (r->skip) {
		const char *nl = memchr(r->buf + r->pos, '\n', r->end - r->pos);
		if (nl) {
			r->pos = (size_t)(nl + 1 - r->buf);
			r->line++;
			r->skip = 0;
			break;
		}
		r->pos = r->end;
		int g = refill(r, e);
		if (g < 0)
			return RDR_FATAL;
		if (g == 0)
			r->skip = 0;
	}
	for (;;) {
		if (r->pos == r->end) {
			int g = refill(r, e);
			if (g < 0)
				return RDR_FATAL;
			if (r->pos == r->end)
				return RDR_EOF;
		}
		int rc = parse_fast(r, f, want);
		if (rc == SLOW)
			rc = parse_slow(r, f, want, e);
		if (rc != NEED_MORE)
			return rc;
		int g = refill(r, e);
		if (g < 0)
			return RDR_FATAL;
		if (g == 2) {
			/* Only reachable with a block smaller than the largest record
			 * the field limits allow. */
			err_set(e, ERR_INPUT, "%s:%ld:1: record longer than the %zu-byte buffer",
			        r->name, r->line, r->cap);
			r->rec = r->buf;
			r->rec_n = r->end;
			r->rec_line = r->line;
			r->pos = r->end;
			r->skip = 1;
			return RDR_BAD;
		}
	}
}

int rdr_header(struct rdr *r, const char *header, struct err *e)
{
	struct slice f[RDR_MAX_FIELDS];
	size_t want = 1;
	for (const char *s = header; *s; s++)
		want += *s == ',';
	if (r->base == 0 && r->pos == 0) {
		while (r->end < 3 && !r->eof)
			if (refill(r, e) < 0)
				return -1;
		if (r->end >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0)
			r->pos = 3;
	}
	int rc = rdr_next(r, f, want, e);
	if (rc == RDR_EOF)
		return err_set(e, ERR_INPUT, "%s: empty file, expected the header line %s", r->name, header);
	if (rc == RDR_BAD) {
		char m[sizeof e->msg];
		snprintf(m, sizeof m, "%s", e->msg);
		return err_set(e, ERR_INPUT, "%s (the header line must be %s)", m, header);
	}
	if (rc != RDR_OK)
		return -1;
	const char *s = header;
	for (size_t i = 0; i < want; i++) {
		size_t n = strcspn(s, ",");
		if (f[i].n != n || memcmp(f[i].p, s, n) != 0) {
			long line, col = rdr_field_col(r, i);
			line = r->rec_line;
			return err_set(e, ERR_INPUT, "%s:%ld:%ld: header field %zu is \"%.*s\", expected \"%.*s\" "
			               "(the header line must be %s)", r->name, line, col, i + 1,
			               (int)(f[i].n > 64 ? 64 : f[i].n), f[i].p, (int)n, s, header);
		}
		s += n + 1;
	}
	return 0;
}

long rdr_field_col(const struct rdr *r, size_t k)
{
	const char *p = r->rec, *end = p + r->rec_n, *ls = p, *q;
	size_t fi = 0;
	int inq = 0;
	if (k == 0)
		return 1;
	for (q = p; q < end; q++) {
		if (*q == '\n')
			ls = q + 1;
		if (*q == '"')
			inq = !inq;
		else if (*q == ',' && !inq && ++fi == k)
			return (long)(q + 1 - ls) + 1;
	}
	return (long)(q - ls) + 1;
}
