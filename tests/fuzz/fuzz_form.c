/* libFuzzer harness for the web layer's decoders of untrusted input
 * (src/web/form.c: percent-decoding, urlencoded query strings and bodies,
 * the Cookie header), the route matcher, and the HTML encoders applied to
 * what they decode. Invariants checked:
 *   - url_decode never yields a NUL byte or invalid UTF-8, never grows its
 *     input, and url_encode of its output decodes back to the same bytes;
 *   - form_parse's keys and values are NUL-free valid UTF-8, at most
 *     HTTP_FIELDS_MAX of them, and re-encoding them parses to the same list;
 *   - cookie_parse gives non-empty names with no ';' in names or values;
 *   - the HTML encoders leave no character that could end text or a quoted
 *     attribute, and the URL encoder only unreserved characters and %XX;
 *   - a matched {id} route parameter is all digits;
 *   - form_join_dates adds only keys that were not sent, as valid text;
 *   - a query's back= becomes a back link (regpage_back) only as one of the
 *     page's own list paths with a query string of unreserved characters,
 *     '%', '=', '&' and '+': never another site, //host or a scheme.
 * Run: sh tests/fuzz/run.sh 300 form (or make fuzz). */
#include "core/csv.h"
#include "web/html.h"
#include "web/http.h"
#include "web/regpage.h"
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_text(const char *s, size_t n)
{
	assert(strlen(s) == n);
	assert(utf8_valid_prefix((const unsigned char *)s, n) == n);
}

static void check_encoders(const char *s)
{
	struct buf b;
	buf_init(&b, 0);
	html_escape(&b, s);
	assert(!strpbrk(buf_str(&b), "<>\"'"));
	buf_reset(&b);
	html_escape_attr(&b, s);
	assert(!strpbrk(buf_str(&b), "<>\"'`="));
	buf_reset(&b);
	url_encode(&b, s);
	for (const char *p = buf_str(&b); *p; p++)
		assert(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~%", *p));
	/* the encoding decodes back to the same bytes */
	struct buf d;
	buf_init(&d, 0);
	assert(url_decode(&d, b.p ? b.p : "", b.n, 0) == 0);
	assert(strcmp(buf_str(&d), s) == 0);
	buf_release(&d);
	buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;

	/* percent-decoding, both flavours */
	for (int plus = 0; plus <= 1; plus++) {
		struct buf b;
		buf_init(&b, HTTP_BODY_MAX);
		if (url_decode(&b, in, size, plus) == 0) {
			assert(b.n <= size);
			check_text(buf_str(&b), b.n);
			check_encoders(buf_str(&b));
			if (!memchr(in, '%', size) && !(plus && memchr(in, '+', size)))
				assert(b.n == size && (size == 0 || memcmp(b.p, in, size) == 0));
			/* as a path for the router */
			if (!plus && b.n && b.p[0] == '/') {
				struct req rq;
				req_init(&rq, "GET", buf_str(&b));
				static const char *patterns[] = { "/gifts/{id}", "/admin/accounts/{id}/roles",
					                          "/people/{person_id}/gifts/{gift_id}", "/units/{name}",
					                          "/assets/*", "/" };
				for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
					if (!route_match(patterns[i], rq.path, &rq))
						continue;
					for (int k = 0; k < rq.nparams; k++) {
						size_t nl = strlen(rq.params[k].name);
						if (nl >= 2 && strcmp(rq.params[k].name + nl - 2, "id") == 0) {
							assert(rq.params[k].value[0]);
							for (const char *p = rq.params[k].value; *p; p++)
								assert(*p >= '0' && *p <= '9');
							assert(req_id(&rq, rq.params[k].name) > 0);
						}
					}
				}
				req_release(&rq);
			}
		}
		buf_release(&b);
	}

	/* urlencoded forms and query strings */
	struct kvlist l = { 0 };
	if (form_parse(&l, in, size) == 0) {
		assert(l.n <= HTTP_FIELDS_MAX);
		{ /* back= as a record page reads it */
			static const char *const lists[] = { "/gifts/register", "/gifts/mine", NULL };
			struct req brq;
			char out[REGPAGE_BACK_MAX];
			req_init(&brq, "GET", "/gifts/1");
			brq.query = l;
			const char *b = regpage_back(&brq, lists, "/", out);
			assert(strcmp(b, "/") == 0 || strncmp(b, "/gifts/register", 15) == 0 || strncmp(b, "/gifts/mine", 11) == 0);
			assert(!strpbrk(b, "\"'<>:#\\ ") && !strstr(b, "//"));
			brq.query = (struct kvlist){ 0 };
			req_release(&brq);
		}
		struct buf enc;
		buf_init(&enc, 0);
		for (size_t i = 0; i < l.n; i++) {
			check_text(l.v[i].k, strlen(l.v[i].k));
			check_text(l.v[i].v, strlen(l.v[i].v));
			if (i)
				buf_addc(&enc, '&');
			url_encode(&enc, l.v[i].k);
			buf_addc(&enc, '=');
			url_encode(&enc, l.v[i].v);
		}
		struct kvlist again = { 0 };
		assert(form_parse(&again, enc.p ? enc.p : "", enc.n) == 0);
		/* an empty key with an empty value encodes to "=", which is kept; a
		 * pair that was skipped on input ("&&") never reached l */
		assert(again.n == l.n);
		for (size_t i = 0; i < l.n; i++) {
			assert(strcmp(again.v[i].k, l.v[i].k) == 0);
			assert(strcmp(again.v[i].v, l.v[i].v) == 0);
		}
		kvlist_release(&again);
		buf_release(&enc);
		/* the date boxes joined: only keys that were not sent are added,
		 * each key and value valid text */
		size_t before = l.n;
		assert(form_join_dates(&l) == 0);
		for (size_t i = before; i < l.n; i++) {
			check_text(l.v[i].k, strlen(l.v[i].k));
			check_text(l.v[i].v, strlen(l.v[i].v));
			for (size_t j = 0; j < before; j++)
				assert(strcmp(l.v[j].k, l.v[i].k) != 0);
		}
	}
	kvlist_release(&l);

	/* the Cookie header: a NUL-terminated copy, as libmicrohttpd gives it */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;
	struct kvlist c = { 0 };
	if (cookie_parse(&c, s) == 0) {
		assert(c.n <= HTTP_FIELDS_MAX);
		for (size_t i = 0; i < c.n; i++) {
			assert(c.v[i].k[0]);
			assert(!strchr(c.v[i].k, ';') && !strchr(c.v[i].v, ';'));
		}
	}
	kvlist_release(&c);
	free(s);
	/* multipart/form-data: the input is the body under a fixed boundary */
	{
		struct kvlist f = { 0 };
		struct upload u[HTTP_FILES_MAX];
		size_t nu = 0;
		if (multipart_parse(&f, u, &nu, in, size, "multipart/form-data; boundary=b") == 0) {
			assert(nu <= HTTP_FILES_MAX);
			for (size_t i = 0; i < nu; i++) {
				assert(u[i].data >= in && u[i].data + u[i].len <= in + size);
				assert(!strchr(u[i].filename, '/') && !strchr(u[i].filename, '\\'));
			}
			for (size_t i = 0; i < f.n; i++)
				check_text(f.v[i].v, strlen(f.v[i].v));
		}
		kvlist_release(&f);
	}
	return 0;
}
