/* regpage.c — helpers shared by the registers' and AIR pages. */
#include "web/regpage.h"
#include "web/layout.h"
#include <sodium.h>
#include <stdio.h>
#include <string.h>

void regpage_submit_key(const struct req *rq, char key[65])
{
	const char *k = req_form(rq, "submit_key");
	if (k && strlen(k) == 64 && strspn(k, "0123456789abcdef") == 64) {
		snprintf(key, 65, "%s", k);
		return;
	}
	unsigned char r[32];
	randombytes_buf(r, sizeof r);
	sodium_bin2hex(key, 65, r, sizeof r);
}

int regpage_error(struct req *rq, struct resp *rs, const struct err *e)
{
	resp_release(rs);
	resp_init(rs);
	if (e->code == ERR_DENIED) { page_error(rq, rs, 403); return 0; }
	if (e->code == ERR_NOTFOUND) { page_error(rq, rs, 404); return 0; }
	if (e->code == ERR_CONFLICT) { page_error(rq, rs, 409); return 0; }
	return -1;
}

void regpage_export_link(struct html *h, const struct req *rq, const char *path, const char *text)
{
	struct buf q;
	buf_init(&q, 0);
	url_with(&q, rq, "page", NULL, NULL);
	const char *s = buf_str(&q), *qm = strchr(s, '?');
	html_f(h, "<a class=\"govuk-link\" href=\"%a%a\">%s</a>", path, qm ? qm : "", text);
	buf_release(&q);
}

const char *regpage_day(const char *ts, char out[11])
{
	snprintf(out, 11, "%s", ts);
	return out;
}

void regpage_api_error(struct resp *rs, const struct err *e)
{
	int status = e->code == ERR_INPUT ? 400 : e->code == ERR_DENIED ? 403 : e->code == ERR_NOTFOUND ? 404
	             : e->code == ERR_CONFLICT ? 409 : 500;
	buf_reset(&rs->body);
	resp_json_error(rs, status, status == 500 ? "internal error" : e->msg);
}
