/* html.c — the escaping HTML writer (see html.h for its contract). */
#include "web/html.h"
#include "core/date.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void html_init(struct html *h, struct buf *out)
{
	h->out = out;
	h->rq = NULL;
	h->rs = NULL;
}

/* Escape s into b: & < > " ' always, and ` = too when attr (attribute values). */
static void escape(struct buf *b, const char *s, int attr)
{
	if (!s)
		return;
	const char *run = s;
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		case '`': if (!attr) continue; rep = "&#96;"; break;
		case '=': if (!attr) continue; rep = "&#61;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_adds(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

void html_escape(struct buf *b, const char *s)
{
	escape(b, s, 0);
}

void html_escape_attr(struct buf *b, const char *s)
{
	escape(b, s, 1);
}

void url_encode(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~') {
			buf_addc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_add(b, e, 3);
		}
	}
}

static void bad_format(const char *fmt, char c)
{
	fprintf(stderr, "html_f: unknown conversion %%%c in \"%.80s\"\n", c, fmt);
	abort();
}

void html_vf(struct html *h, const char *fmt, va_list ap)
{
	struct buf *b = h->out;
	const char *run = fmt;
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		buf_add(b, run, (size_t)(p - run));
		p++;
		switch (*p) {
		case 's': html_escape(b, va_arg(ap, const char *)); break;
		case 'a': html_escape_attr(b, va_arg(ap, const char *)); break;
		case 'u': url_encode(b, va_arg(ap, const char *)); break;
		case 'R': {
			const char *s = va_arg(ap, const char *);
			if (s)
				buf_adds(b, s);
			break;
		}
		case 'd': buf_printf(b, "%d", va_arg(ap, int)); break;
		case 'I': buf_printf(b, "%lld", (long long)va_arg(ap, int64_t)); break;
		case 'D': {
			char d[64];
			date_display(va_arg(ap, const char *), d, sizeof d);
			html_escape(b, d);
			break;
		}
		case 'm': {
			char m[32];
			money_format(va_arg(ap, int64_t), m, sizeof m);
			html_escape(b, m);
			break;
		}
		case 'l':
			if (p[1] == 'd') {
				p++;
				buf_printf(b, "%ld", va_arg(ap, long));
			} else if (p[1] == 'l' && p[2] == 'd') {
				p += 2;
				buf_printf(b, "%lld", va_arg(ap, long long));
			} else {
				bad_format(fmt, *p);
			}
			break;
		case 'z':
			if (p[1] != 'u')
				bad_format(fmt, *p);
			p++;
			buf_printf(b, "%zu", va_arg(ap, size_t));
			break;
		case '%': buf_addc(b, '%'); break;
		default: bad_format(fmt, *p ? *p : '0'); return;
		}
		run = p + 1;
	}
	buf_adds(b, run);
}

void html_f(struct html *h, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vf(h, fmt, ap);
	va_end(ap);
}
