/* html.h — the one writer every page goes through. It escapes by default:
 * a value becomes text unless the format explicitly asks for trusted markup,
 * so a forgotten escape cannot happen.
 *
 * html_f(h, fmt, ...) copies fmt (the page's own markup, a string literal)
 * and formats each conversion by its context:
 *   %s  const char *  HTML text: & < > " ' escaped (NULL writes nothing)
 *   %a  const char *  an attribute value (quote it: value="%a"): also ` and =
 *   %u  const char *  one URL component, percent-encoded (?q=%u, /x/%u)
 *   %R  const char *  trusted markup written as it is: only for markup this
 *                     program built (e.g. another html buffer), never data
 *   %d int   %ld long   %lld long long   %zu size_t   %I int64_t
 *   %m  int64_t pence as money: "£1,234.56"
 *   %D  const char *  a date or UTC timestamp as people read it, in UK time:
 *                     "4 December 2026", "4 December 2026 at 5:12pm"
 *                     (anything else as %s; see date_display in core/date.h)
 *   %%  a percent sign
 * Any other conversion is a programming error: html_f aborts, so a test
 * finds it at once. */
#ifndef PROBITY_HTML_H
#define PROBITY_HTML_H

#include "core/buf.h"
#include <stdarg.h>
#include <stdint.h>

struct req;
struct resp;

struct html {
	struct buf *out;   /* borrowed: usually &rs->body */
	/* Set by page_begin (NULL after html_init): the request whose form a
	 * page re-displays (the GOV.UK date input reads its day, month and year
	 * boxes from it) and the response (an error summary on a POST sets 400). */
	const struct req *rq;
	struct resp *rs;
};

void html_init(struct html *h, struct buf *out);
void html_f(struct html *h, const char *fmt, ...);
void html_vf(struct html *h, const char *fmt, va_list ap);

/* The encoders, one per context. */
void html_escape(struct buf *b, const char *s);
void html_escape_attr(struct buf *b, const char *s);
void url_encode(struct buf *b, const char *s);

#endif
