/* test_web.c — the web layer without a socket: the escaping writer in every
 * context, the decoders of query strings, forms and cookies, route matching,
 * the layout helpers, and the router's access, CSRF and error decisions
 * against a real temporary database. */
#include "domain/auth.h"
#include "store/store.h"
#include "test.h"
#include "web/html.h"
#include "web/http.h"
#include "web/api.h"
#include "web/errmap.h"
#include "web/layout.h"
#include "web/regpage.h"
#include "core/date.h"
#include <stdio.h>
#include <unistd.h>

static const char *fmt1(const char *fmt, const char *arg)
{
	static struct buf b;
	buf_release(&b);
	buf_init(&b, 0);
	struct html h;
	html_init(&h, &b);
	html_f(&h, fmt, arg);
	return buf_str(&b);
}

TEST(test_html_text_escapes_markup)
{
	CHECK_STR(fmt1("<p>%s</p>", "<script>alert('x')</script> & \"q\""),
	          "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>");
	CHECK_STR(fmt1("[%s]", NULL), "[]");
	CHECK_STR(fmt1("[%s]", "plain £ text"), "[plain £ text]");
}

TEST(test_html_attribute_escapes_quotes_and_equals)
{
	CHECK_STR(fmt1("<input value=\"%a\">", "\" onfocus=alert(1) x=`y` 'z' <b>&"),
	          "<input value=\"&quot; onfocus&#61;alert(1) x&#61;&#96;y&#96; &#39;z&#39; &lt;b&gt;&amp;\">");
}

TEST(test_html_url_component_encodes_everything_unsafe)
{
	CHECK_STR(fmt1("/x?q=%u", "a b&c=d/é?#\"<"), "/x?q=a%20b%26c%3Dd%2F%C3%A9%3F%23%22%3C");
	CHECK_STR(fmt1("%u", "AZaz09-._~"), "AZaz09-._~");
	CHECK_STR(fmt1("%u", "javascript:alert(1)"), "javascript%3Aalert%281%29");
}

TEST(test_html_raw_is_explicit_only)
{
	CHECK_STR(fmt1("<div>%R</div>", "<b>trusted</b>"), "<div><b>trusted</b></div>");
}

TEST(test_html_numbers_money_and_percent)
{
	struct buf b;
	buf_init(&b, 0);
	struct html h;
	html_init(&h, &b);
	html_f(&h, "%d|%ld|%lld|%zu|%I|%m|%m|100%%", -5, 123456789L, -9000000000LL, (size_t)42, (int64_t)7,
	       (int64_t)123456, (int64_t)5);
	CHECK_STR(buf_str(&b), "-5|123456789|-9000000000|42|7|£1,234.56|£0.05|100%");
	buf_release(&b);
}

TEST(test_url_decode_percent_and_plus)
{
	struct buf b;
	buf_init(&b, 1024);
	CHECK_INT(url_decode(&b, "a%20b+c", 7, 1), 0);
	CHECK_STR(buf_str(&b), "a b c");
	buf_reset(&b);
	CHECK_INT(url_decode(&b, "a%20b+c", 7, 0), 0);
	CHECK_STR(buf_str(&b), "a b+c");
	buf_reset(&b);
	CHECK_INT(url_decode(&b, "%C2%a3", 6, 1), 0);
	CHECK_STR(buf_str(&b), "£");
	buf_release(&b);
}

TEST(test_url_decode_keeps_malformed_escapes)
{
	struct buf b;
	buf_init(&b, 1024);
	CHECK_INT(url_decode(&b, "100%zz%2%", 9, 1), 0);
	CHECK_STR(buf_str(&b), "100%zz%2%");
	buf_reset(&b);
	CHECK_INT(url_decode(&b, "%4", 2, 1), 0);
	CHECK_STR(buf_str(&b), "%4");
	buf_release(&b);
}

TEST(test_url_decode_refuses_nul_and_bad_utf8)
{
	struct buf b;
	buf_init(&b, 1024);
	CHECK_INT(url_decode(&b, "a%00b", 5, 1), -1);
	buf_reset(&b);
	CHECK_INT(url_decode(&b, "%ff%fe", 6, 1), -1);
	buf_reset(&b);
	CHECK_INT(url_decode(&b, "%C3", 3, 1), -1);   /* truncated sequence */
	buf_release(&b);
}

TEST(test_form_parse_repeated_keys_and_empty_values)
{
	struct kvlist l = { 0 };
	const char *s = "roles=psd&name=J+Smith&&roles=admin&flag&x=&%3D=%26";
	CHECK_INT(form_parse(&l, s, strlen(s)), 0);
	CHECK_INT(l.n, 6);
	CHECK_STR(kvlist_get(&l, "roles"), "psd");
	CHECK(kvlist_has(&l, "roles", "admin"));
	CHECK(kvlist_has(&l, "roles", "psd"));
	CHECK(!kvlist_has(&l, "roles", "acu"));
	CHECK_STR(kvlist_get(&l, "name"), "J Smith");
	CHECK_STR(kvlist_get(&l, "flag"), "");
	CHECK_STR(kvlist_get(&l, "x"), "");
	CHECK_STR(kvlist_get(&l, "="), "&");
	CHECK(kvlist_get(&l, "missing") == NULL);
	kvlist_release(&l);
}

TEST(test_form_parse_refuses_nul_and_too_many_fields)
{
	struct kvlist l = { 0 };
	CHECK_INT(form_parse(&l, "a=%00", 5), -1);
	kvlist_release(&l);
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i <= HTTP_FIELDS_MAX; i++)
		buf_adds(&b, "a=1&");
	CHECK_INT(form_parse(&l, b.p, b.n), -1);
	kvlist_release(&l);
	buf_release(&b);
	CHECK_INT(form_parse(&l, "", 0), 0);
	CHECK_INT(l.n, 0);
	kvlist_release(&l);
}

TEST(test_cookie_parse)
{
	struct kvlist l = { 0 };
	CHECK_INT(cookie_parse(&l, " a=1;probity_session=abc ; junk; q=\"quoted\"; =novalue; e="), 0);
	CHECK_STR(kvlist_get(&l, "a"), "1");
	CHECK_STR(kvlist_get(&l, "probity_session"), "abc");
	CHECK_STR(kvlist_get(&l, "q"), "quoted");
	CHECK_STR(kvlist_get(&l, "e"), "");
	CHECK(kvlist_get(&l, "junk") == NULL);
	CHECK_INT(l.n, 4);
	kvlist_release(&l);
	CHECK_INT(cookie_parse(&l, ""), 0);
	CHECK_INT(l.n, 0);
	kvlist_release(&l);
}

TEST(test_route_match_numeric_ids)
{
	struct req rq;
	req_init(&rq, "GET", "/");
	CHECK(route_match("/gifts/{id}", "/gifts/12", &rq));
	CHECK_STR(req_param(&rq, "id"), "12");
	CHECK_INT(req_id(&rq, "id"), 12);
	CHECK(!route_match("/gifts/{id}", "/gifts/new", NULL));
	CHECK(!route_match("/gifts/{id}", "/gifts/012", NULL));
	CHECK(!route_match("/gifts/{id}", "/gifts/", NULL));
	CHECK(!route_match("/gifts/{id}", "/gifts/12/", NULL));
	CHECK(!route_match("/gifts/{id}", "/gifts/1234567890123456789", NULL));
	CHECK(route_match("/gifts/{id}/decision", "/gifts/7/decision", &rq));
	CHECK_INT(req_id(&rq, "id"), 7);
	CHECK(route_match("/people/{person_id}/gifts/{gift_id}", "/people/3/gifts/9", &rq));
	CHECK_INT(req_id(&rq, "person_id"), 3);
	CHECK_INT(req_id(&rq, "gift_id"), 9);
	CHECK(route_match("/units/{name}", "/units/north-area", &rq));
	CHECK_STR(req_param(&rq, "name"), "north-area");
	CHECK(route_match("/assets/*", "/assets/app/app.js", NULL));
	CHECK(!route_match("/assets/*", "/assets/", NULL));
	CHECK(!route_match("/login", "/login/", NULL));
	CHECK(!route_match("/login", "/logi", NULL));
	req_release(&rq);
}

TEST(test_router_find_and_method_mismatch)
{
	struct req rq;
	int mismatch;
	req_init(&rq, "GET", "/admin/accounts/5");
	const struct route *r = router_find(&rq, &mismatch);
	CHECK(r != NULL);
	CHECK(r && strcmp(r->pattern, "/admin/accounts/{id}") == 0);
	CHECK_INT(req_id(&rq, "id"), 5);
	req_release(&rq);

	req_init(&rq, "HEAD", "/healthz");
	CHECK(router_find(&rq, &mismatch) != NULL);
	req_release(&rq);

	req_init(&rq, "DELETE", "/login");
	CHECK(router_find(&rq, &mismatch) == NULL);
	CHECK_INT(mismatch, 1);
	req_release(&rq);

	req_init(&rq, "GET", "/no/such/page");
	CHECK(router_find(&rq, &mismatch) == NULL);
	CHECK_INT(mismatch, 0);
	req_release(&rq);
}

static const char *header(const struct resp *rs, const char *name)
{
	return kvlist_get_ci(&rs->headers, name);
}

TEST(test_router_anonymous_page_redirects_to_login_with_next)
{
	struct req rq;
	struct resp rs;
	req_init(&rq, "GET", "/admin/accounts");
	rq.raw_query = "q=a b&page=2";
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 303);
	CHECK_STR(header(&rs, "Location"), "/login?next=%2Fadmin%2Faccounts%3Fq%3Da%20b%26page%3D2");
	resp_release(&rs);
	req_release(&rq);
}

TEST(test_router_api_without_credentials_is_401_json)
{
	struct req rq;
	struct resp rs;
	const char *paths[] = { "/api/accounts", "/api/anything" };
	for (int i = 0; i < 2; i++) {
		req_init(&rq, "GET", paths[i]);
		resp_init(&rs);
		router_dispatch(&rq, &rs);
		CHECK_INT(rs.status, 401);
		CHECK_STR(rs.ctype, "application/json");
		CHECK_HAS(buf_str(&rs.body), "{\"error\":");
		CHECK(header(&rs, "Location") == NULL);
		resp_release(&rs);
		req_release(&rq);
	}
}

/* Bodies are read only after router_admit; the size a body may have comes
 * from its route, and only the file-upload routes allow more than 1 MiB. */
TEST(test_router_admit_refuses_before_the_body_and_sizes_come_from_routes)
{
	struct req rq;
	struct resp rs;
	req_init(&rq, "POST", "/findings/7/evidence");
	resp_init(&rs);
	CHECK_INT(router_admit(&rq, &rs), 1); /* anonymous: refused before any body */
	CHECK_INT(rs.status, 303);
	CHECK(rq.route != NULL && rq.route->body_max == HTTP_UPLOAD_MAX);
	resp_release(&rs);
	req_release(&rq);

	req_init(&rq, "POST", "/login");
	resp_init(&rs);
	CHECK_INT(router_admit(&rq, &rs), 0); /* the public sign-in form goes on, anonymous */
	CHECK(rq.actor == NULL);
	CHECK(rq.route != NULL && rq.route->body_max == 0);
	resp_release(&rs);
	req_release(&rq);

	int mismatch;
	req_init(&rq, "POST", "/gifts");
	CHECK(router_find(&rq, &mismatch) != NULL && rq.nparams == 0);
	CHECK(router_find(&rq, &mismatch)->body_max == 0);
	req_release(&rq);
}

TEST(test_router_unknown_page_is_404_html)
{
	struct req rq;
	struct resp rs;
	req_init(&rq, "GET", "/nowhere");
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 404);
	CHECK_HAS(rs.ctype, "text/html");
	CHECK_HAS(buf_str(&rs.body), "Page not found");
	resp_release(&rs);
	req_release(&rq);

	req_init(&rq, "PUT", "/login");
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 405);
	CHECK(header(&rs, "Allow") != NULL);
	resp_release(&rs);
	req_release(&rq);
}

/* A session for a new account on a scratch database. */
struct fixture {
	char path[64];
	struct store *st;
	char admin_token[TOKEN_HEX], admin_csrf[TOKEN_HEX];
	char staff_token[TOKEN_HEX], staff_csrf[TOKEN_HEX];
};

static int fixture_open(struct fixture *f)
{
	struct err e = { 0 };
	int64_t a, s;
	snprintf(f->path, sizeof f->path, "/tmp/probity-test-web-%d.db", (int)getpid());
	unlink(f->path);
	if (auth_init() || store_open(&f->st, f->path, &e) ||
	    account_add(f->st, "ada", "a long enough password", NULL, ROLE_ADMIN, &a, &e) ||
	    account_add(f->st, "sam", "a long enough password", NULL, ROLE_PSD, &s, &e) ||
	    session_create(f->st, a, f->admin_token, f->admin_csrf, &e) ||
	    session_create(f->st, s, f->staff_token, f->staff_csrf, &e)) {
		fprintf(stderr, "fixture: %s\n", e.msg);
		return -1;
	}
	return 0;
}

static void fixture_close(struct fixture *f)
{
	char p[80];
	store_close(f->st);
	unlink(f->path);
	snprintf(p, sizeof p, "%s-wal", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", f->path);
	unlink(p);
	snprintf(p, sizeof p, "%s.logkey", f->path);
	unlink(p);
}

static void with_cookie(struct req *rq, struct store *st, const char *token)
{
	char c[128];
	snprintf(c, sizeof c, "other=1; %s=%s", SESSION_COOKIE, token);
	cookie_parse(&rq->cookies, c);
	rq->store = st;
}

static long refusals(struct store *st, const char *action)
{
	int64_t n = -1;
	store_int(st, NULL, &n, "SELECT COUNT(*) FROM access_log WHERE action = ? AND outcome = 'refused'", "t", action);
	return (long)n;
}

TEST(test_router_post_without_csrf_is_refused_and_logged)
{
	struct fixture f;
	if (fixture_open(&f)) {
		CHECK(!"fixture");
		return;
	}
	struct req rq;
	struct resp rs;
	long before = refusals(f.st, "csrf");
	req_init(&rq, "POST", "/logout");
	with_cookie(&rq, f.st, f.admin_token);
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 403);
	CHECK_INT(refusals(f.st, "csrf"), before + 1);
	resp_release(&rs);
	req_release(&rq);

	/* a wrong token is refused too */
	req_init(&rq, "POST", "/logout");
	with_cookie(&rq, f.st, f.admin_token);
	kvlist_add(&rq.form, "csrf", 4, f.staff_csrf, strlen(f.staff_csrf));
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 403);
	CHECK_INT(refusals(f.st, "csrf"), before + 2);
	resp_release(&rs);
	req_release(&rq);

	/* the session's own token passes, and the handler signs out */
	req_init(&rq, "POST", "/logout");
	with_cookie(&rq, f.st, f.admin_token);
	kvlist_add(&rq.form, "csrf", 4, f.admin_csrf, strlen(f.admin_csrf));
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 303);
	CHECK_STR(header(&rs, "Location"), "/login?done=signed-out");
	CHECK_HAS(header(&rs, "Set-Cookie"), "Max-Age=0");
	resp_release(&rs);
	req_release(&rq);

	/* that session no longer signs anyone in */
	req_init(&rq, "GET", "/");
	with_cookie(&rq, f.st, f.admin_token);
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 303);
	resp_release(&rs);
	req_release(&rq);
	fixture_close(&f);
}

TEST(test_router_role_refusal_is_403_and_logged)
{
	struct fixture f;
	if (fixture_open(&f)) {
		CHECK(!"fixture");
		return;
	}
	struct req rq;
	struct resp rs;
	long before = refusals(f.st, "access");
	req_init(&rq, "GET", "/admin/accounts");
	with_cookie(&rq, f.st, f.staff_token);
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 403);
	CHECK_HAS(buf_str(&rs.body), "permission");
	CHECK_INT(refusals(f.st, "access"), before + 1);
	resp_release(&rs);
	req_release(&rq);

	req_init(&rq, "GET", "/api/accounts");
	with_cookie(&rq, f.st, f.staff_token);
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 403);
	CHECK_STR(rs.ctype, "application/json");
	resp_release(&rs);
	req_release(&rq);

	/* the administrator gets the page, and the JSON */
	req_init(&rq, "GET", "/admin/accounts");
	with_cookie(&rq, f.st, f.admin_token);
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 200);
	CHECK_HAS(buf_str(&rs.body), ">sam</a>");
	resp_release(&rs);
	req_release(&rq);

	req_init(&rq, "GET", "/api/accounts");
	with_cookie(&rq, f.st, f.admin_token);
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 200);
	CHECK_HAS(buf_str(&rs.body), "\"username\":\"sam\"");
	CHECK_HAS(buf_str(&rs.body), "\"total\":2");
	resp_release(&rs);
	req_release(&rq);

	/* signed in, an unknown page is still a 404, and shows the navigation */
	req_init(&rq, "GET", "/no/such/page");
	with_cookie(&rq, f.st, f.admin_token);
	resp_init(&rs);
	router_dispatch(&rq, &rs);
	CHECK_INT(rs.status, 404);
	CHECK_HAS(buf_str(&rs.body), "Sign out");
	resp_release(&rs);
	req_release(&rq);
	fixture_close(&f);
}

TEST(test_layout_input_keeps_value_escaped_and_shows_error)
{
	struct buf b;
	buf_init(&b, 0);
	struct html h;
	html_init(&h, &b);
	struct errlist errs = { 0 };
	errlist_add(&errs, "offeror", "Enter who offered it");
	form_error_summary(&h, &errs);
	form_input(&h, &(struct field){ .name = "offeror", .label = "Offered by", .value = "\"><script>", .errs = &errs });
	const char *s = buf_str(&b);
	CHECK_HAS(s, "<a href=\"#offeror\">Enter who offered it</a>");
	CHECK_HAS(s, "govuk-form-group--error");
	CHECK_HAS(s, "value=\"&quot;&gt;&lt;script&gt;\"");
	CHECK_HAS(s, "aria-describedby=\"offeror-error\"");
	CHECK(!strstr(s, "<script>"));
	buf_release(&b);
}

TEST(test_layout_sort_links_keep_filters_and_drop_page)
{
	struct req rq;
	req_init(&rq, "GET", "/gifts/register");
	const char *q = "offeror=A%26B&page=3&sort=date";
	form_parse(&rq.query, q, strlen(q));
	struct buf b;
	buf_init(&b, 0);
	struct html h;
	html_init(&h, &b);
	const struct column cols[] = { { "Date", "date", 0 }, { "Value", "value", 1 }, { "Notes", NULL, 0 } };
	table_begin(&h, &rq, "Register", cols, 3);
	const char *s = buf_str(&b);
	CHECK_HAS(s, "href=\"/gifts/register?offeror&#61;A%26B&amp;sort&#61;-date\"");
	CHECK_HAS(s, "aria-sort=\"ascending\"");
	CHECK_HAS(s, "href=\"/gifts/register?offeror&#61;A%26B&amp;sort&#61;value\"");
	CHECK_HAS(s, "<th scope=\"col\" class=\"govuk-table__header\">Notes</th>");
	buf_reset(&b);
	pagination(&h, &rq, 3, 50, 1000);
	s = buf_str(&b);
	CHECK_HAS(s, "aria-label=\"Page 20\"");
	CHECK_HAS(s, "aria-current=\"page\">3<");
	CHECK_HAS(s, "rel=\"prev\"");
	CHECK_HAS(s, "govuk-pagination__item--ellipses");
	CHECK(!strstr(s, "aria-label=\"Page 10\""));
	buf_release(&b);
	req_release(&rq);
}

TEST(test_resp_header_refuses_crlf)
{
	struct resp rs;
	resp_init(&rs);
	CHECK_INT(resp_header(&rs, "X-Test", "a\r\nSet-Cookie: x=1"), -1);
	CHECK_INT(resp_header(&rs, "X-Test", "ok"), 0);
	CHECK_STR(header(&rs, "x-test"), "ok");
	resp_release(&rs);
}

TEST(test_static_content_types)
{
	CHECK_STR(static_content_type("a.css"), "text/css; charset=utf-8");
	CHECK_STR(static_content_type("govuk-frontend.min.js"), "text/javascript; charset=utf-8");
	CHECK_STR(static_content_type("bold.woff2"), "font/woff2");
	CHECK_STR(static_content_type("x.svg"), "image/svg+xml");
	CHECK_STR(static_content_type("noext"), "application/octet-stream");
}

/* The one error map: each err code has one status; a storage or internal
 * failure is answered "internal error" on pages and the API, never with its
 * message, while a refusal or an input error keeps the domain's message. */
TEST(test_errmap_status_and_public_message_per_code)
{
	CHECK_INT(err_http_status(ERR_INPUT), 400);
	CHECK_INT(err_http_status(ERR_DENIED), 403);
	CHECK_INT(err_http_status(ERR_NOTFOUND), 404);
	CHECK_INT(err_http_status(ERR_CONFLICT), 409);
	int internal[] = { ERR_OK, ERR_DB, ERR_IO, ERR_NOMEM, ERR_INTERNAL, 99, -1 };
	for (size_t i = 0; i < sizeof internal / sizeof internal[0]; i++) {
		struct err e = { 0 };
		err_set(&e, internal[i], "prepare: no such table: gifts");
		CHECK_INT(err_http_status(internal[i]), 500);
		CHECK(err_is_internal(internal[i]));
		CHECK_STR(err_public_msg(&e), "internal error");
	}
	struct err in = { 0 };
	err_set(&in, ERR_INPUT, "Date offered must be a real date");
	CHECK(!err_is_internal(ERR_INPUT));
	CHECK_STR(err_public_msg(&in), "Date offered must be a real date");
}

TEST(test_errmap_storage_error_never_reaches_page_or_api)
{
	struct err e = { 0 };
	err_set(&e, ERR_DB, "prepare: no such table: gifts");
	const char *paths[] = { "/gifts/register", "/api/gifts" };
	for (int i = 0; i < 2; i++) {
		struct req rq;
		struct resp rs;
		req_init(&rq, "GET", paths[i]);
		resp_init(&rs);
		buf_adds(&rs.body, "half a page");
		CHECK_INT(page_fail(&rq, &rs, &e), 0);
		CHECK_INT(rs.status, 500);
		CHECK(!strstr(buf_str(&rs.body), "no such table"));
		CHECK(!strstr(buf_str(&rs.body), "half a page"));
		if (i == 0)
			CHECK_HAS(buf_str(&rs.body), "Sorry, there is a problem with the service");
		else
			CHECK_HAS(buf_str(&rs.body), "{\"error\":{\"code\":\"internal\",\"message\":\"internal error\",\"field\":null}}");
		resp_release(&rs);
		req_release(&rq);
	}
	/* an input error is a 400 with its message, not a 500 */
	struct req rq;
	struct resp rs;
	req_init(&rq, "GET", "/api/inspections");
	resp_init(&rs);
	err_set(&e, ERR_INPUT, "Enter a date like 2026-03-27");
	api_fail(&rq, &rs, &e);
	CHECK_INT(rs.status, 400);
	CHECK_HAS(buf_str(&rs.body), "{\"error\":{\"code\":\"invalid\",\"message\":\"Enter a date like 2026-03-27\",\"field\":null}}");
	/* the field it is about, when the domain named one */
	err_field(&e, ERR_INPUT, "from", "Enter a date like 2026-03-27");
	api_fail(&rq, &rs, &e);
	CHECK_HAS(buf_str(&rs.body), "\"field\":\"from\"}}");
	/* a storage error never names its field either */
	err_field(&e, ERR_DB, "from", "no such column from");
	api_fail(&rq, &rs, &e);
	CHECK_HAS(buf_str(&rs.body), "\"field\":null}}");
	resp_release(&rs);
	req_release(&rq);
}

/* The GOV.UK date input's boxes become the one YYYY-MM-DD value handlers read. */
TEST(test_form_join_dates)
{
	struct kvlist l = { 0 };
	const char *q = "a-day=4&a-month=12&a-year=2026&b-day=&b-month=&b-year=&c-day=31&c-month=4&c-year=2026"
	                "&d=2025-01-01&d-day=1&d-month=2&d-year=2020&e-day=4&e-month=&e-year=26";
	CHECK_INT(form_parse(&l, q, strlen(q)), 0);
	CHECK_INT(form_join_dates(&l), 0);
	CHECK_STR(kvlist_get(&l, "a"), "2026-12-04");
	CHECK_STR(kvlist_get(&l, "b"), "");
	CHECK_STR(kvlist_get(&l, "c"), "2026-4-31");   /* not a real date: refused by date_valid */
	CHECK(!date_valid(kvlist_get(&l, "c")));
	CHECK_STR(kvlist_get(&l, "d"), "2025-01-01");  /* sent by itself: kept */
	CHECK_STR(kvlist_get(&l, "e"), "26--4");
	CHECK(!date_valid(kvlist_get(&l, "e")));
	CHECK_STR(kvlist_get(&l, "a-day"), "4");       /* the boxes stay for re-display */
	kvlist_release(&l);
}

/* A wrong box is named, marked alone, linked from the summary; the post is a 400. */
TEST(test_layout_date_input_names_the_wrong_part)
{
	struct req rq;
	struct resp rs;
	req_init(&rq, "POST", "/gifts");
	resp_init(&rs);
	const char *q = "date_offered-day=4&date_offered-month=&date_offered-year=2026";
	CHECK_INT(form_parse(&rq.form, q, strlen(q)), 0);
	CHECK_INT(form_join_dates(&rq.form), 0);
	struct html h;
	html_init(&h, &rs.body);
	h.rq = &rq;
	h.rs = &rs;
	struct errlist errs = { 0 };
	errlist_add(&errs, "date_offered", "Date offered must be a real date, like 2026-03-27");
	form_error_summary(&h, &errs);
	form_date(&h, &(struct field){ .name = "date_offered", .label = "Date offered",
	                               .value = req_form(&rq, "date_offered"), .errs = &errs });
	const char *s = buf_str(&rs.body);
	CHECK_INT(rs.status, 400);
	CHECK_HAS(s, "<a href=\"#date_offered-month\">Date offered must include a month</a>");
	CHECK_HAS(s, "<span class=\"govuk-visually-hidden\">Error:</span> Date offered must include a month</p>");
	CHECK_HAS(s, "govuk-input--error govuk-input--width-2\" id=\"date_offered-month\"");
	CHECK(!strstr(s, "govuk-input--error govuk-input--width-2\" id=\"date_offered-day\""));
	CHECK(!strstr(s, "govuk-input--error govuk-input--width-4\" id=\"date_offered-year\""));
	CHECK_HAS(s, "name=\"date_offered-day\" type=\"text\" inputmode=\"numeric\" value=\"4\"");
	CHECK_HAS(s, "name=\"date_offered-year\" type=\"text\" inputmode=\"numeric\" value=\"2026\"");
	CHECK_HAS(s, "<legend class=\"govuk-fieldset__legend govuk-fieldset__legend--s\">Date offered</legend>");
	/* a stored date re-displays as its three boxes, without leading zeros */
	buf_reset(&rs.body);
	h.rq = NULL;
	form_date(&h, &(struct field){ .name = "due", .label = "Due", .value = "2027-03-05" });
	s = buf_str(&rs.body);
	CHECK_HAS(s, "name=\"due-day\" type=\"text\" inputmode=\"numeric\" value=\"5\"");
	CHECK_HAS(s, "name=\"due-month\" type=\"text\" inputmode=\"numeric\" value=\"3\"");
	/* dates on pages are read as people read them */
	buf_reset(&rs.body);
	html_f(&h, "%D|%D|%D", "2026-12-04", "2026-07-04T11:05:00Z", "None");
	CHECK_STR(buf_str(&rs.body), "4 December 2026|4 July 2026 at 12:05pm|None");
	resp_release(&rs);
	req_release(&rq);
}

/* The API contract (web/api.h): the /api/v1 name, the one envelope over a
 * whole list with its next link, "" as null, the old name's headers, and
 * per_page's maximum refused before any handler runs. */
TEST(test_api_version_envelope_and_limits)
{
	struct req rq;
	req_init(&rq, "GET", "/api/v1/air/rounds");
	api_version_path(&rq);
	CHECK_STR(rq.path, "/api/air/rounds");
	CHECK_INT(rq.api_v1, 1);
	req_release(&rq);
	req_init(&rq, "GET", "/api/v1x/air/rounds");
	api_version_path(&rq);
	CHECK_STR(rq.path, "/api/v1x/air/rounds");
	CHECK_INT(rq.api_v1, 0);
	req_release(&rq);

	static const struct route list = { .method = "GET", .pattern = "/api/air/rounds", .access = ACCESS_API };
	static const char *q = "per_page=2&page=1";
	struct resp rs;
	req_init(&rq, "GET", "/api/air/rounds");
	rq.route = &list;
	CHECK_INT(form_parse(&rq.query, q, strlen(q)), 0);
	resp_init(&rs);
	CHECK_INT(api_admit(&rq, &rs), 0);
	resp_json(&rs, 200, json_pack("{s:[{s:i,s:s},{s:i,s:s},{s:i,s:s}]}", "items", "id", 1, "name", "", "id", 2, "name",
	                              "b", "id", 3, "name", "c"));
	api_finish(&rq, &rs);
	CHECK_HAS(buf_str(&rs.body), "{\"items\":[{\"id\":1,\"name\":null},{\"id\":2,\"name\":\"b\"}],\"total\":3,"
	                             "\"page\":1,\"per_page\":2,\"next\":\"/api/v1/air/rounds?per_page=2&page=2\"}");
	int deprecated = 0;
	for (size_t i = 0; i < rs.headers.n; i++)
		deprecated |= !strcmp(rs.headers.v[i].k, "Deprecation") && !strcmp(rs.headers.v[i].v, "true");
	CHECK_INT(deprecated, 1);
	resp_release(&rs);
	req_release(&rq);

	static const char *over = "per_page=501";
	req_init(&rq, "GET", "/api/air/rounds");
	rq.route = &list;
	CHECK_INT(form_parse(&rq.query, over, strlen(over)), 0);
	resp_init(&rs);
	CHECK_INT(api_admit(&rq, &rs), 1);
	CHECK_INT(rs.status, 400);
	CHECK_HAS(buf_str(&rs.body), "\"code\":\"invalid\"");
	CHECK_HAS(buf_str(&rs.body), "\"field\":\"per_page\"");
	resp_release(&rs);
	req_release(&rq);
}

/* Back links: a list's row carries back= its path and query; a record's page
 * takes back= only as one of its own list paths with a query string. */
static const char *back_for(const char *q, char out[REGPAGE_BACK_MAX])
{
	static const char *const lists[] = { "/gifts/register", "/gifts/mine", NULL };
	struct req rq;
	req_init(&rq, "GET", "/gifts/12");
	form_parse(&rq.query, q, strlen(q));
	const char *b = regpage_back(&rq, lists, "/", out);
	static char copy[REGPAGE_BACK_MAX];
	snprintf(copy, sizeof copy, "%s", b);
	req_release(&rq);
	return copy;
}

TEST(test_regpage_back_only_to_its_own_lists)
{
	char out[REGPAGE_BACK_MAX];
	/* a row of /gifts/register?status=approved&sort=-date&page=2 */
	struct req rq;
	req_init(&rq, "GET", "/gifts/register");
	const char *q = "status=approved&sort=-date&page=2&back=%2Fx";
	form_parse(&rq.query, q, strlen(q));
	struct buf b;
	buf_init(&b, 0);
	struct html h;
	html_init(&h, &b);
	CHECK_STR(regpage_back_arg(&h, out), "");   /* outside a list's rows: nothing */
	h.rq = &rq;
	CHECK_STR(regpage_back_arg(&h, out), "?back=%2Fgifts%2Fregister%3Fstatus%3Dapproved%26sort%3D-date%26page%3D2");
	buf_release(&b);
	req_release(&rq);
	/* the record page reads it back */
	CHECK_STR(back_for("back=%2Fgifts%2Fregister%3Fstatus%3Dapproved%26sort%3D-date%26page%3D2", out),
	          "/gifts/register?status=approved&sort=-date&page=2");
	CHECK_STR(back_for("back=%2Fgifts%2Fmine", out), "/gifts/mine");
	CHECK_STR(back_for("back=%2Fgifts%2Fregister%3Fq%3DA%2526B", out), "/gifts/register?q=A%26B");
	/* never anywhere else */
	CHECK_STR(back_for("", out), "/");
	CHECK_STR(back_for("back=https%3A%2F%2Fevil.example%2F", out), "/");
	CHECK_STR(back_for("back=%2F%2Fevil.example", out), "/");
	CHECK_STR(back_for("back=javascript%3Aalert(1)", out), "/");
	CHECK_STR(back_for("back=%2Fgifts%2Fregisterx", out), "/");
	CHECK_STR(back_for("back=%2Fgifts%2Fregister%2F..%2F..%2Fadmin", out), "/");
	CHECK_STR(back_for("back=%2Fgifts%2Fregister%3Fa%3D%22%3E%3Cscript%3E", out), "/");
	CHECK_STR(back_for("back=%2Fgifts%2Fregister%3Fnext%3Dhttps%3A%2F%2Fevil.example", out), "/");
	CHECK_STR(back_for("back=%2Finterests%2Fregister", out), "/");
	CHECK_STR(back_for("back=%2Fgifts%2Fregister%3Fa%23frag", out), "/");
}

TEST_MAIN(T(test_html_text_escapes_markup), T(test_html_attribute_escapes_quotes_and_equals),
          T(test_html_url_component_encodes_everything_unsafe), T(test_html_raw_is_explicit_only),
          T(test_html_numbers_money_and_percent), T(test_url_decode_percent_and_plus),
          T(test_url_decode_keeps_malformed_escapes), T(test_url_decode_refuses_nul_and_bad_utf8),
          T(test_form_parse_repeated_keys_and_empty_values), T(test_form_parse_refuses_nul_and_too_many_fields),
          T(test_cookie_parse), T(test_route_match_numeric_ids), T(test_router_find_and_method_mismatch),
          T(test_router_anonymous_page_redirects_to_login_with_next), T(test_router_api_without_credentials_is_401_json),
          T(test_router_unknown_page_is_404_html), T(test_router_post_without_csrf_is_refused_and_logged),
          T(test_router_role_refusal_is_403_and_logged), T(test_layout_input_keeps_value_escaped_and_shows_error),
          T(test_layout_sort_links_keep_filters_and_drop_page), T(test_resp_header_refuses_crlf),
          T(test_static_content_types), T(test_errmap_status_and_public_message_per_code),
          T(test_errmap_storage_error_never_reaches_page_or_api), T(test_form_join_dates),
          T(test_layout_date_input_names_the_wrong_part),
          T(test_router_admit_refuses_before_the_body_and_sizes_come_from_routes),
          T(test_api_version_envelope_and_limits), T(test_regpage_back_only_to_its_own_lists))
