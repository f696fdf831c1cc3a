/* test_auth.c — the account and sign-in rules of src/domain/auth.c (issue 13):
 * one account per person, no change of one's own roles, a second
 * administrator for sensitive roles, the break-glass log, the password
 * rules, the lockout and its counted work, the same answer for every
 * refused sign-in, session lifetimes and API token expiry and revocation;
 * sign-ins kept per connection answer a repeat request without the
 * lookups, and a sign-out, a role change, a disabled account or a revoked
 * token made on another connection take effect at its very next lookup. */
#include "test.h"
#include "fixture.h"
#include "domain/accesslog.h"
#include <string.h>

static struct actor ada, bea, cal;

__attribute__((constructor)) static void setup(void)
{
	fixture_open("auth");
	static const char *const hr[] = {
		"1,Ann,Boss,officer,Inspector,Team,,,2010-01-01,",
		"2,Bob,Other,staff,,Team,,1,2012-01-01,",
		NULL,
	};
	fixture_people(hr);
	fixture_account("ada", NULL, ROLE_ADMIN, &ada);
	fixture_account("bea", NULL, ROLE_ADMIN, &bea);
	fixture_account("cal", "2", 0, &cal);
}

static int64_t count(const char *sql, const char *arg)
{
	int64_t n = -1;
	store_int(st, NULL, &n, sql, "t", arg);
	return n;
}

TEST(test_second_account_for_a_staff_number_is_refused)
{
	struct err e = { 0 };
	CHECK(account_add(st, "cal2", "a long enough password", "2", 0, NULL, &e) != 0);
	CHECK_INT(e.code, ERR_CONFLICT);
	CHECK_HAS(e.msg, "already has an account (cal)");
	memset(&e, 0, sizeof e);
	CHECK(account_admin_create(st, &ada, "cal3", "a long enough password", "2", 0, NULL, NULL, &e) != 0);
	CHECK_HAS(e.msg, "each person has one account");
	/* the database refuses it too */
	CHECK(store_exec(st, NULL, "UPDATE accounts SET person_id = (SELECT person_id FROM accounts WHERE username = 'cal') "
	                           "WHERE username = 'bea'", "") != 0);
	/* a person without an account can have one */
	CHECK_INT(account_add(st, "ann", "a long enough password", "1", 0, NULL, &e), 0);
}

TEST(test_admin_cannot_change_own_roles)
{
	struct err e = { 0 };
	unsigned pending = 0;
	int64_t before = count("SELECT COUNT(*) FROM access_log WHERE username = ? AND outcome = 'refused'", "ada");
	CHECK(account_admin_set_roles(st, &ada, ada.account_id, ROLE_ADMIN | ROLE_ACU, &pending, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_HAS(e.msg, "your own roles");
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE username = ? AND outcome = 'refused'", "ada"), before + 1);
	fixture_load("ada", &ada);
	CHECK(!(ada.roles & ROLE_ACU));
	CHECK_INT(count("SELECT COUNT(*) FROM role_grants WHERE account_id = (SELECT id FROM accounts WHERE username = ?)",
	                "ada"), 0);
}

static int first_grant(void *ctx, const struct role_grant *g)
{
	*(struct role_grant *)ctx = *g;
	return 1;
}

TEST(test_equality_role_waits_for_a_second_admin)
{
	struct err e = { 0 };
	unsigned pending = 0;
	/* the unsuppressed equality figures: granted only when a second administrator approves */
	CHECK_INT(account_admin_set_roles(st, &ada, cal.account_id, cal.roles | ROLE_EQUALITY, &pending, &e), 0);
	CHECK_INT(pending, ROLE_EQUALITY);
	fixture_load("cal", &cal);
	CHECK(!(cal.roles & ROLE_EQUALITY));
	CHECK_STR(role_name(ROLE_EQUALITY), "equality");
	CHECK_INT(role_parse("equality"), ROLE_EQUALITY);
}

TEST(test_sensitive_role_waits_for_a_second_admin)
{
	struct err e = { 0 };
	unsigned pending = 0;
	struct role_grant g = { 0 };
	/* governance is granted at once; acu waits */
	CHECK_INT(account_admin_set_roles(st, &ada, cal.account_id, ROLE_GOVERNANCE | ROLE_ACU, &pending, &e), 0);
	CHECK_INT(pending, ROLE_ACU);
	fixture_load("cal", &cal);
	CHECK(cal.roles & ROLE_GOVERNANCE);
	CHECK(!(cal.roles & ROLE_ACU));
	CHECK_INT(role_grants_pending(st, cal.account_id, first_grant, &g, &e), 0);
	CHECK_INT(g.role, ROLE_ACU);
	CHECK_INT(g.requested_by, ada.account_id);
	/* the administrator who asked cannot approve */
	CHECK(role_grant_decide(st, &ada, g.id, 1, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	fixture_load("cal", &cal);
	CHECK(!(cal.roles & ROLE_ACU));
	/* a non-administrator cannot either */
	CHECK(role_grant_decide(st, &cal, g.id, 1, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	/* a second one can */
	CHECK_INT(role_grant_decide(st, &bea, g.id, 1, &e), 0);
	fixture_load("cal", &cal);
	CHECK(cal.roles & ROLE_ACU);
	CHECK(count("SELECT COUNT(*) FROM access_log WHERE username = ? AND detail LIKE 'asked to grant role acu%'",
	            "ada") >= 1);
	CHECK(count("SELECT COUNT(*) FROM access_log WHERE username = ? AND detail LIKE 'approved grant of role acu%'",
	            "bea") >= 1);
	/* decided once only */
	CHECK(role_grant_decide(st, &bea, g.id, 0, &e) != 0);
	/* rejection leaves the role off */
	CHECK_INT(account_admin_set_roles(st, &bea, cal.account_id, ROLE_GOVERNANCE | ROLE_ACU | ROLE_PSD, &pending, &e),
	          0);
	CHECK_INT(pending, ROLE_PSD);
	memset(&g, 0, sizeof g);
	role_grants_pending(st, cal.account_id, first_grant, &g, &e);
	CHECK_INT(role_grant_decide(st, &ada, g.id, 0, &e), 0);
	fixture_load("cal", &cal);
	CHECK(!(cal.roles & ROLE_PSD));
	/* nobody approves a grant to themselves */
	CHECK_INT(account_admin_set_roles(st, &ada, bea.account_id, ROLE_ADMIN | ROLE_DCC, &pending, &e), 0);
	memset(&g, 0, sizeof g);
	role_grants_pending(st, bea.account_id, first_grant, &g, &e);
	CHECK(g.id > 0);
	CHECK(role_grant_decide(st, &bea, g.id, 1, &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
}

TEST(test_admin_cannot_reset_another_admins_password)
{
	struct err e = { 0 };
	CHECK(account_admin_set_password(st, &ada, bea.account_id, "ada now knows this one", &e) != 0);
	CHECK_INT(e.code, ERR_DENIED);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE username = ? AND outcome = 'refused' "
	                "AND detail = 'reset another administrator''s password'", "ada"), 1);
	/* a non-administrator's, and one's own, are allowed */
	CHECK_INT(account_admin_set_password(st, &ada, cal.account_id, "cal's new long password", &e), 0);
	CHECK_INT(account_admin_set_password(st, &ada, ada.account_id, "ada's new long password", &e), 0);
	CHECK_INT(account_set_password(st, "ada", "long-password-1", &e), 0);
}

TEST(test_host_changes_are_logged_as_break_glass)
{
	struct err e = { 0 };
	CHECK_INT(account_set_role(st, "cal", ROLE_VETTING, 1, &e), 0);
	CHECK(count("SELECT COUNT(*) FROM access_log WHERE detail LIKE 'break-glass: granted role vetting of ' || ? || '%'",
	            "cal") == 1);
	CHECK_INT(account_set_role(st, "cal", ROLE_VETTING, 0, &e), 0);
}

TEST(test_password_rules)
{
	struct err e = { 0 };
	CHECK(password_check("1234567890", &e) != 0);       /* the reproduction: too short */
	CHECK_HAS(e.msg, "at least 12");
	CHECK(password_check("123456789012", &e) != 0);     /* long enough, but listed */
	CHECK_HAS(e.msg, "too common");
	CHECK(password_check("QWERTY123456", &e) != 0);     /* listed, in any case */
	CHECK(password_is_common("Password2026!"));           /* a listed word plus digits */
	CHECK(password_is_common("SUPERMAN123456"));
	CHECK(!password_is_common("correct-horse-battery"));
	CHECK_INT(password_check("correct-horse-battery", &e), 0);
	char longpw[PASSWORD_MAX + 2];
	memset(longpw, 'a', sizeof longpw - 1);
	longpw[sizeof longpw - 1] = 0;
	CHECK(password_check(longpw, &e) != 0);
	CHECK(account_add(st, "weak", "1234567890", NULL, 0, NULL, &e) != 0);
	CHECK(account_add(st, "weak", "letmein12345", NULL, 0, NULL, &e) != 0);
}

TEST(test_lockout_counts_the_work_and_says_the_same)
{
	struct err e = { 0 };
	struct actor out;
	char msg_unknown[512], msg_long[512];
	CHECK_INT(account_add(st, "lou", "lou's long password", NULL, 0, NULL, &e), 0);
	/* unknown name: one (dummy) verification, the common message */
	unsigned long v = auth_verify_count();
	CHECK(auth_login(st, "nobody-here", "a wrong password", &out, &e) != 0);
	CHECK_INT(auth_verify_count(), v + 1);
	snprintf(msg_unknown, sizeof msg_unknown, "%s", e.msg);
	CHECK_STR(e.msg, LOGIN_REFUSED);
	/* over-long password: refused before any lookup, same message, no hash */
	char longpw[PASSWORD_MAX + 2];
	memset(longpw, 'x', sizeof longpw - 1);
	longpw[sizeof longpw - 1] = 0;
	v = auth_verify_count();
	CHECK(auth_login(st, "lou", longpw, &out, &e) != 0);
	snprintf(msg_long, sizeof msg_long, "%s", e.msg);
	CHECK(auth_login(st, "nobody-here", longpw, &out, &e) != 0);
	CHECK_INT(auth_verify_count(), v);
	CHECK_STR(msg_long, msg_unknown);
	CHECK_STR(e.msg, msg_unknown);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE object_id = ? AND detail = 'password too long'", "lou"), 1);
	/* five wrong passwords: five real verifications, then locked */
	for (int i = 0; i < 5; i++) {
		v = auth_verify_count();
		CHECK(auth_login(st, "lou", "a wrong password", &out, &e) != 0);
		CHECK_INT(auth_verify_count(), v + 1);
		CHECK_STR(e.msg, msg_unknown);
	}
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE object_id = ? AND detail = 'wrong password'", "lou"), 5);
	/* locked: the right password is refused, with the same message and the
	 * same (dummy) work, and the account's hash is not checked again */
	v = auth_verify_count();
	CHECK(auth_login(st, "lou", "lou's long password", &out, &e) != 0);
	CHECK_INT(auth_verify_count(), v + 1);
	CHECK_STR(e.msg, msg_unknown);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE object_id = ? AND detail = 'wrong password'", "lou"), 5);
	CHECK_INT(count("SELECT COUNT(*) FROM access_log WHERE object_id = ? AND detail = 'locked'", "lou"), 1);
	/* after the lock the count starts again */
	CHECK_INT(store_exec(st, NULL, "UPDATE accounts SET locked_until = 1 WHERE username = 'lou'", ""), 0);
	CHECK_INT(auth_login(st, "lou", "lou's long password", &out, &e), 0);
	CHECK_STR(out.username, "lou");
}

TEST(test_session_absolute_lifetime)
{
	struct err e = { 0 };
	struct actor out;
	char tok[TOKEN_HEX], csrf[TOKEN_HEX], c2[TOKEN_HEX];
	CHECK_INT(session_create(st, cal.account_id, tok, csrf, &e), 0);
	CHECK_INT(session_lookup(st, tok, &out, c2, &e), 1);
	/* in use all along (never idle), but signed in 13 hours ago */
	CHECK_INT(store_exec(st, NULL, "UPDATE sessions SET created = created - 46800", ""), 0);
	CHECK_INT(session_lookup(st, tok, &out, c2, &e), 0);
}

static int count_live(void *ctx, const struct token_info *t)
{
	*(int *)ctx += !t->revoked;
	return 0;
}

TEST(test_api_tokens_expire_and_are_revoked)
{
	struct err e = { 0 };
	struct actor out;
	char t1[TOKEN_HEX], t2[TOKEN_HEX];
	int live = 0;
	CHECK_INT(account_add(st, "api1", "an api user's password", NULL, ROLE_SCRUTINY, NULL, &e), 0);
	CHECK_INT(token_create(st, "api1", "one", 0, t1, &e), 0);
	CHECK_INT(token_lookup(st, t1, &out, &e), 1);
	CHECK(count("SELECT COUNT(*) FROM api_tokens WHERE label = ? AND last_used > 0 "
	            "AND expires BETWEEN last_used + 89 * 86400 AND last_used + 91 * 86400", "one") == 1);
	/* expired */
	CHECK_INT(store_exec(st, NULL, "UPDATE api_tokens SET expires = 1 WHERE label = 'one'", ""), 0);
	CHECK_INT(token_lookup(st, t1, &out, &e), 0);
	/* a password change revokes every token */
	CHECK_INT(token_create(st, "api1", "two", 7, t2, &e), 0);
	CHECK_INT(token_lookup(st, t2, &out, &e), 1);
	CHECK_INT(account_set_password(st, "api1", "another long password", &e), 0);
	CHECK_INT(token_lookup(st, t2, &out, &e), 0);
	/* a role change */
	CHECK_INT(token_create(st, "api1", "three", 0, t2, &e), 0);
	CHECK_INT(account_set_role(st, "api1", ROLE_PCC, 1, &e), 0);
	CHECK_INT(token_lookup(st, t2, &out, &e), 0);
	/* disabling */
	CHECK_INT(token_create(st, "api1", "four", 0, t2, &e), 0);
	CHECK_INT(account_set_disabled(st, "api1", 1, &e), 0);
	CHECK_INT(account_set_disabled(st, "api1", 0, &e), 0);
	CHECK_INT(token_lookup(st, t2, &out, &e), 0);
	/* revoke one by id */
	CHECK_INT(token_create(st, "api1", "five", 0, t2, &e), 0);
	int64_t acc = 0, tid = 0;
	account_id_by_username(st, "api1", &acc, &e);
	tokens_list(st, acc, count_live, &live, &e);
	CHECK_INT(live, 1);
	store_int(st, NULL, &tid, "SELECT id FROM api_tokens WHERE label = 'five'", "");
	CHECK(token_revoke(st, &cal, 0, tid, &e) != 0); /* not an administrator */
	CHECK_INT(token_lookup(st, t2, &out, &e), 1);
	CHECK_INT(token_revoke(st, &ada, acc, tid, &e), 0);
	CHECK_INT(token_lookup(st, t2, &out, &e), 0);
}

/* A second connection, as another of the server's threads (or another
 * process) has: what one changes, the other's next lookup sees. */
TEST(test_kept_signins_end_at_the_next_request)
{
	struct err e = { 0 };
	struct store *other = NULL;
	struct actor out;
	char tok[TOKEN_HEX], csrf[TOKEN_HEX], c2[TOKEN_HEX], api[TOKEN_HEX];
	CHECK_INT(store_open(&other, dbpath, &e), 0);
	CHECK_INT(account_add(st, "kept", "kept's long password", NULL, ROLE_SCRUTINY, NULL, &e), 0);
	int64_t acc = 0;
	account_id_by_username(st, "kept", &acc, &e);

	/* allowed: a repeat lookup is answered from the kept sign-in, the same actor */
	CHECK_INT(session_create(st, acc, tok, csrf, &e), 0);
	CHECK_INT(session_lookup(other, tok, &out, c2, &e), 1);
	unsigned long hits = auth_signin_hits();
	memset(&out, 0, sizeof out);
	c2[0] = 0;
	CHECK_INT(session_lookup(other, tok, &out, c2, &e), 1);
	CHECK_INT(auth_signin_hits(), hits + 1);
	CHECK_STR(out.username, "kept");
	CHECK_INT(out.account_id, acc);
	CHECK_INT(out.roles & ROLE_SCRUTINY, ROLE_SCRUTINY);
	CHECK_STR(c2, csrf);

	/* a role granted and one removed elsewhere: the next lookup has them */
	CHECK_INT(account_set_role(st, "kept", ROLE_PCC, 1, &e), 0);
	CHECK_INT(session_lookup(other, tok, &out, c2, &e), 1);
	CHECK_INT(out.roles & ROLE_PCC, ROLE_PCC);
	CHECK_INT(account_set_role(st, "kept", ROLE_SCRUTINY, 0, &e), 0);
	CHECK_INT(session_lookup(other, tok, &out, c2, &e), 1);
	CHECK_INT(out.roles & ROLE_SCRUTINY, 0);
	CHECK_INT(session_lookup(other, tok, &out, c2, &e), 1); /* kept again */

	/* refused: signed out on another connection */
	hits = auth_signin_hits();
	CHECK_INT(session_destroy(st, tok, &e), 0);
	CHECK_INT(session_lookup(other, tok, &out, c2, &e), 0);
	CHECK_INT(auth_signin_hits(), hits);

	/* refused: the account disabled elsewhere (which ends its sessions too) */
	CHECK_INT(session_create(st, acc, tok, csrf, &e), 0);
	CHECK_INT(session_lookup(other, tok, &out, c2, &e), 1);
	CHECK_INT(session_lookup(other, tok, &out, c2, &e), 1);
	hits = auth_signin_hits();
	CHECK_INT(account_set_disabled(st, "kept", 1, &e), 0);
	CHECK_INT(session_lookup(other, tok, &out, c2, &e), 0);
	CHECK_INT(auth_signin_hits(), hits);
	CHECK_INT(account_set_disabled(st, "kept", 0, &e), 0);

	/* an API token: kept, then revoked elsewhere */
	CHECK_INT(token_create(st, "kept", "kept", 0, api, &e), 0);
	CHECK_INT(token_lookup(other, api, &out, &e), 1);
	hits = auth_signin_hits();
	CHECK_INT(token_lookup(other, api, &out, &e), 1);
	CHECK_INT(auth_signin_hits(), hits + 1);
	CHECK_STR(out.username, "kept");
	int64_t tid = 0;
	store_int(st, NULL, &tid, "SELECT id FROM api_tokens WHERE label = 'kept'", "");
	CHECK_INT(token_revoke(st, &ada, acc, tid, &e), 0);
	CHECK_INT(token_lookup(other, api, &out, &e), 0);

	/* a token's account disabled elsewhere */
	CHECK_INT(token_create(st, "kept", "kept2", 0, api, &e), 0);
	CHECK_INT(token_lookup(other, api, &out, &e), 1);
	CHECK_INT(token_lookup(other, api, &out, &e), 1);
	CHECK_INT(account_set_disabled(st, "kept", 1, &e), 0);
	CHECK_INT(token_lookup(other, api, &out, &e), 0);
	store_close(other);
}

TEST_MAIN(T(test_second_account_for_a_staff_number_is_refused), T(test_admin_cannot_change_own_roles),
          T(test_sensitive_role_waits_for_a_second_admin), T(test_equality_role_waits_for_a_second_admin), T(test_admin_cannot_reset_another_admins_password), T(test_host_changes_are_logged_as_break_glass),
          T(test_password_rules), T(test_lockout_counts_the_work_and_says_the_same),
          T(test_session_absolute_lifetime), T(test_api_tokens_expire_and_are_revoked),
          T(test_kept_signins_end_at_the_next_request))
