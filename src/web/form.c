/* form.c — decoders for what a client sends: percent-encoding, urlencoded
 * query strings and form bodies, the Cookie header; and the key/value list
 * they fill. Everything here reads hostile bytes, so every loop is bounded
 * by the input length and every output goes into a capped buffer; the
 * libFuzzer harness tests/fuzz/fuzz_form.c exercises these functions. */
#include "core/csv.h"
#include "web/http.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int kvlist_add(struct kvlist *l, const char *k, size_t kn, const char *v, size_t vn)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		struct kv *p = realloc(l->v, cap * sizeof *p);
		if (!p)
			return -1;
		l->v = p;
		l->cap = cap;
	}
	char *s = malloc(kn + vn + 2);
	if (!s)
		return -1;
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
