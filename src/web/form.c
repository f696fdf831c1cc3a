/* form.c — decoders for what a client sends: percent-encoding, urlencoded
 * query strings and form bodies, the Cookie header; and the key/value list
 * they fill. Everything here reads hostile bytes, so every loop is bounded
 * by the input length and every output goes into a capped buffer; the
 * libFuzzer harness tests/fuzz/fuzz_form.c exercises these functions. */
#include "core/csv.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "web/http.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int kvlist_add(struct kvlist *l, const char *k, size_t kn, const char *v, size_t vn)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct kv *p = xrealloc(l->v, cap * sizeof *p);
		l->v = p;
		l->cap = cap;
	}
	char *s = xmalloc(kn + vn + 2);
	memcpy(s, k, kn);
	s[kn] = 0;
	memcpy(s + kn + 1, v, vn);
	s[kn + 1 + vn] = 0;
	l->v[l->n].k = s;
	l->v[l->n].v = s + kn + 1;
	l->n++;
	return 0;
}

void kvlist_release(struct kvlist *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].k);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

const char *kvlist_get(const struct kvlist *l, const char *k)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].k, k) == 0)
			return l->v[i].v;
	return NULL;
}

int form_join_dates(struct kvlist *l)
{
	size_t n = l->n; /* the keys added here are not revisited */
	for (size_t i = 0; i < n; i++) {
		const char *k = l->v[i].k;
		size_t kn = strlen(k);
		char base[64], key[72];
		if (kn <= 4 || kn - 4 >= sizeof base || strcmp(k + kn - 4, "-day") != 0)
			continue;
		memcpy(base, k, kn - 4);
		base[kn - 4] = 0;
		if (kvlist_get(l, base))
			continue;
		snprintf(key, sizeof key, "%s-month", base);
		const char *month = kvlist_get(l, key);
		snprintf(key, sizeof key, "%s-year", base);
		const char *year = kvlist_get(l, key);
		const char *day = l->v[i].v;
		char iso[11], joined[128];
		unsigned bad;
		enum date_parts_rc rc = date_parts_check(day, month, year, iso, &bad);
		const char *v = rc == DATE_PARTS_OK ? iso : rc == DATE_PARTS_EMPTY ? "" : joined;
		if (rc != DATE_PARTS_OK && rc != DATE_PARTS_EMPTY) /* a box too long to be a date: "x" (no cut UTF-8) */
			snprintf(joined, sizeof joined, "%s-%s-%s", !year ? "" : strlen(year) > 40 ? "x" : year,
			         !month ? "" : strlen(month) > 40 ? "x" : month, strlen(day) > 40 ? "x" : day);
		if (kvlist_add(l, base, strlen(base), v, strlen(v)))
			return -1;
	}
	return 0;
}

const char *kvlist_get_ci(const struct kvlist *l, const char *k)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcasecmp(l->v[i].k, k) == 0)
			return l->v[i].v;
	return NULL;
}

int kvlist_has(const struct kvlist *l, const char *k, const char *v)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].k, k) == 0 && strcmp(l->v[i].v, v) == 0)
			return 1;
	return 0;
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int url_decode(struct buf *out, const char *p, size_t n, int plus_space)
{
	size_t start = out->n;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c == '%' && i + 2 < n) {
			int hi = hexval((unsigned char)p[i + 1]), lo = hexval((unsigned char)p[i + 2]);
			if (hi >= 0 && lo >= 0) {
				c = (unsigned char)(hi * 16 + lo);
				i += 2;
			}
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (c == 0)
			return -1;
		if (buf_addc(out, (char)c))
			return -1;
	}
	size_t len = out->n - start;
	if (len && utf8_valid_prefix((const unsigned char *)out->p + start, len) != len)
		return -1;
	return 0;
}

int form_parse(struct kvlist *out, const char *p, size_t n)
{
	struct buf k, v;
	int rc = -1;
	buf_init(&k, HTTP_BODY_MAX);
	buf_init(&v, HTTP_BODY_MAX);
	size_t i = 0, fields = 0;
	while (i < n) {
		const char *amp = memchr(p + i, '&', n - i);
		size_t end = amp ? (size_t)(amp - p) : n;
		if (end > i) {
			const char *eq = memchr(p + i, '=', end - i);
			size_t kend = eq ? (size_t)(eq - p) : end;
			if (++fields > HTTP_FIELDS_MAX)
				goto out;
			buf_reset(&k);
			buf_reset(&v);
			if (url_decode(&k, p + i, kend - i, 1))
				goto out;
			if (eq && url_decode(&v, eq + 1, end - kend - 1, 1))
				goto out;
			if (kvlist_add(out, k.p ? k.p : "", k.n, v.p ? v.p : "", v.n))
				goto out;
		}
		i = end + 1;
	}
	rc = 0;
out:
	buf_release(&k);
	buf_release(&v);
	return rc;
}

int cookie_parse(struct kvlist *out, const char *header)
{
	const char *p = header;
	size_t fields = 0;
	while (p && *p) {
		const char *semi = strchr(p, ';');
		const char *end = semi ? semi : p + strlen(p);
		const char *a = p, *b = end;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		const char *eq = memchr(a, '=', (size_t)(b - a));
		if (eq && eq > a) {
			const char *ke = eq;
			while (ke > a && (ke[-1] == ' ' || ke[-1] == '\t'))
				ke--;
			const char *vs = eq + 1;
			while (vs < b && (*vs == ' ' || *vs == '\t'))
				vs++;
			const char *ve = b;
			if (ve - vs >= 2 && *vs == '"' && ve[-1] == '"') {
				vs++;
				ve--;
			}
			if (++fields > HTTP_FIELDS_MAX)
				return -1;
			if (kvlist_add(out, a, (size_t)(ke - a), vs, (size_t)(ve - vs)))
				return -1;
		}
		p = semi ? semi + 1 : NULL;
	}
	return 0;
}

/* ---- multipart/form-data (RFC 7578) ---- */

static const char *memfind(const char *h, size_t hn, const char *nd, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	for (const char *p = h, *end = h + hn - nn; p <= end; p++) {
		p = memchr(p, nd[0], (size_t)(end - p) + 1);
		if (!p)
			return NULL;
		if (memcmp(p, nd, nn) == 0)
			return p;
	}
	return NULL;
}

/* The value of param (e.g. "boundary", "name") in a header value such as
 * `form-data; name="x"; filename="a.csv"`, copied into out. 0 if found. */
static int header_param(const char *h, size_t hn, const char *param, char *out, size_t outn)
{
	size_t pn = strlen(param);
	for (size_t i = 0; i + pn < hn; i++) {
		if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ' || h[i - 1] == '\t') &&
		    strncasecmp(h + i, param, pn) == 0 && h[i + pn] == '=') {
			size_t j = i + pn + 1, k = 0;
			int quoted = j < hn && h[j] == '"';
			if (quoted)
				j++;
			for (; j < hn; j++) {
				char c = h[j];
				if (quoted ? c == '"' : (c == ';' || c == ' ' || c == '\r' || c == '\n'))
					break;
				if (quoted && c == '\\' && j + 1 < hn)
					c = h[++j];
				if (k + 1 >= outn)
					return -1;
				out[k++] = c;
			}
			out[k] = 0;
			return 0;
		}
	}
	return -1;
}

/* Valid text for a form field: no NUL and valid UTF-8. */
static int text_ok(const char *p, size_t n)
{
	return !memchr(p, 0, n) && utf8_valid_prefix((const unsigned char *)p, n) == n;
}

int multipart_parse(struct kvlist *fields, struct upload *files, size_t *nfiles, const char *body, size_t n,
                    const char *ctype)
{
	char boundary[200], delim[210];
	*nfiles = 0;
	if (!ctype || strncasecmp(ctype, "multipart/form-data", 19) != 0 ||
	    header_param(ctype, strlen(ctype), "boundary", boundary, sizeof boundary) || !boundary[0] ||
	    strlen(boundary) > 70)
		return -1;
	int dn = snprintf(delim, sizeof delim, "--%s", boundary);
	/* The body opens with the first delimiter (a preamble is allowed but unused). */
	const char *p = memfind(body, n, delim, (size_t)dn), *end = body + n;
	if (!p)
		return -1;
	p += dn;
	size_t nparts = 0;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* the close delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return -1;
		p += 2;
		if (++nparts > HTTP_FIELDS_MAX)
			return -1;
		const char *hend = memfind(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (!hend)
			return -1;
		/* Headers of this part. */
		char name[64] = "", filename[256] = "", pctype[128] = "";
		int has_filename = 0, has_name = 0;
		for (const char *h = p; h < hend;) {
			const char *eol = memfind(h, (size_t)(hend - h), "\r\n", 2);
			if (!eol)
				eol = hend;
			size_t hl = (size_t)(eol - h);
			if (hl > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
				has_name = header_param(h + 20, hl - 20, "name", name, sizeof name) == 0;
				has_filename = header_param(h + 20, hl - 20, "filename", filename, sizeof filename) == 0;
			} else if (hl > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
				const char *v = h + 13;
				while (v < eol && *v == ' ')
					v++;
				size_t vn = (size_t)(eol - v) < sizeof pctype - 1 ? (size_t)(eol - v) : sizeof pctype - 1;
				memcpy(pctype, v, vn);
				pctype[vn] = 0;
			}
			h = eol + 2;
		}
		const char *data = hend + 4;
		/* The part ends at CRLF + delimiter. */
		char next[214];
		int nn = snprintf(next, sizeof next, "\r\n%s", delim);
		const char *stop = memfind(data, (size_t)(end - data), next, (size_t)nn);
		if (!stop || !has_name || !text_ok(name, strlen(name)))
			return -1;
		size_t len = (size_t)(stop - data);
		if (has_filename) {
			/* Keep only the last path component of what the browser sent. */
			const char *base = filename;
			for (const char *q = filename; *q; q++)
				if (*q == '/' || *q == '\\')
					base = q + 1;
			if (!text_ok(base, strlen(base)))
				return -1;
			if (*nfiles >= HTTP_FILES_MAX)
				return -1;
			struct upload *u = &files[(*nfiles)++];
			snprintf(u->name, sizeof u->name, "%s", name);
			snprintf(u->filename, sizeof u->filename, "%s", base);
			snprintf(u->ctype, sizeof u->ctype, "%s", pctype);
			u->data = data;
			u->len = len;
		} else {
			if (!text_ok(data, len) || kvlist_add(fields, name, strlen(name), data, len))
				return -1;
		}
		p = stop + nn;
	}
}
