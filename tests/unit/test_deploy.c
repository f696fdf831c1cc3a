/* Unit tests for running as a service: the configuration file
 * (core/conffile) and the client address behind trusted proxies
 * (web/request.c forwarded_client). */
#include "test.h"
#include "core/conffile.h"
#include "web/http.h"
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];

static int load(const char *text, struct err *e)
{
	snprintf(path, sizeof path, "/tmp/probity-conf-%d", (int)getpid());
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	int rc = conffile_load(path, e);
	unlink(path);
	return rc;
}

TEST(test_conf_reads_keys_comments_and_blanks)
{
	struct err e = { 0 };
	CHECK_INT(load("# Probity\n\ndatabase = /var/lib/probity/probity.db\n  port=8080  \r\n"
	               "mail_from = Probity <probity@force.example> # not a comment\n", &e), 0);
	CHECK_STR(conf_get("database"), "/var/lib/probity/probity.db");
	CHECK_STR(conf_get("port"), "8080");
	CHECK_STR(conf_get("mail_from"), "Probity <probity@force.example> # not a comment");
	CHECK(conf_get("listen") == NULL);
	CHECK_INT((int)conf_count(), 3);
	CHECK_STR(conf_key(1), "port");
	CHECK(conf_key(3) == NULL);
	CHECK_STR(conf_source("port"), "file");
}

TEST(test_conf_environment_overrides_the_file)
{
	struct err e = { 0 };
	CHECK_INT(load("port = 8080\n", &e), 0);
	setenv("PROBITY_PORT", "9090", 1);
	setenv("PROBITY_PUBLIC_URL", "https://probity.example", 1);
	CHECK_STR(conf_get("port"), "9090");
	CHECK_STR(conf_source("port"), "environment");
	CHECK_STR(conf_get("public_url"), "https://probity.example");
	unsetenv("PROBITY_PORT");
	unsetenv("PROBITY_PUBLIC_URL");
	CHECK_STR(conf_get("port"), "8080");
	char env[64];
	conf_env_name("smtp_url", env, sizeof env);
	CHECK_STR(env, "PROBITY_SMTP_URL");
}

TEST(test_conf_refuses_bad_lines_and_keeps_nothing)
{
	struct err e = { 0 };
	CHECK(load("port = 1\nno equals sign\n", &e) != 0);
	CHECK_HAS(e.msg, ":2: expected key = value");
	CHECK(conf_get("port") == NULL); /* nothing half-loaded */
	CHECK(load("Port = 1\n", &e) != 0);
	CHECK_HAS(e.msg, "is not a key");
	CHECK(load("port = 1\nport = 2\n", &e) != 0);
	CHECK_HAS(e.msg, ":2: port is set twice");
	CHECK(conffile_load("/nonexistent/probity.conf", &e) != 0);
	CHECK_INT(e.code, ERR_IO);
}

TEST(test_forwarded_client_believes_only_trusted_proxies)
{
	char out[64];
	const char *trusted = "10.0.0.5, 10.0.0.6 ::1";
	forwarded_client("192.0.2.1", "203.0.113.9", trusted, out, sizeof out);
	CHECK_STR(out, "192.0.2.1"); /* the peer is not a proxy: its header is ignored */
	forwarded_client("10.0.0.5", "203.0.113.9", trusted, out, sizeof out);
	CHECK_STR(out, "203.0.113.9");
	forwarded_client("10.0.0.5", "198.51.100.7, 203.0.113.9", trusted, out, sizeof out);
	CHECK_STR(out, "203.0.113.9"); /* the left entry is the client's own claim */
	forwarded_client("10.0.0.5", "203.0.113.9, 10.0.0.6", trusted, out, sizeof out);
	CHECK_STR(out, "203.0.113.9"); /* a chain of trusted proxies */
	forwarded_client("10.0.0.5", "203.0.113.9, not-an-address", trusted, out, sizeof out);
	CHECK_STR(out, "10.0.0.5"); /* malformed: keep what is known */
	forwarded_client("10.0.0.5", NULL, trusted, out, sizeof out);
	CHECK_STR(out, "10.0.0.5");
	forwarded_client("::1", " 2001:db8::1 ", trusted, out, sizeof out);
	CHECK_STR(out, "2001:db8::1");
	forwarded_client("10.0.0.5", "203.0.113.9", NULL, out, sizeof out);
	CHECK_STR(out, "10.0.0.5"); /* no proxies configured */
}

TEST_MAIN(T(test_conf_reads_keys_comments_and_blanks), T(test_conf_environment_overrides_the_file),
          T(test_conf_refuses_bad_lines_and_keeps_nothing), T(test_forwarded_client_believes_only_trusted_proxies))
