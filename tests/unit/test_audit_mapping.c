/* test_audit_mapping.c — a feed's mapping file and JSON Lines records
 * (audit/mapping.h): settings parsed and refused with their line, columns
 * found in a header (a missing one named), codes mapped to words, local
 * times converted to UTC across the clock change (Europe/London: GMT in
 * winter, BST in summer), and JSON Lines values read with their escapes,
 * numbers, true/false and null, nested values refused. */
#include "audit/mapping.h"
#include "test.h"

static const char map_text[] =
	"# a test system\n"
	"column ts = When\n"
	"time format = %d/%m/%Y %H:%M\n"
	"time zone = Europe/London\n"
	"column user = Officer ID\n"
	"fixed system = RMS\n"
	"column device = Dev\n"
	"map device M = mobile\n"
	"map device D = desktop\n"
	"column action = Op\n"
	"map action Read record = view\n"
	"column subject = Person\n";

struct kv {
	const char *names[4];
	const char *vals[4];
	const struct audit_mapping *m;
};

static const char *get(void *ctx, int k)
{
	struct kv *x = ctx;
	for (int i = 0; i < 4; i++)
		if (x->names[i] && strcmp(x->names[i], x->m->column[k]) == 0)
			return x->vals[i];
	return NULL;
}

TEST(parse_and_map)
{
	struct audit_mapping m;
	struct err e = { 0 };
	CHECK(audit_mapping_parse(map_text, &m, &e) == 0);
	CHECK_STR(m.column[EV_USER], "Officer ID");
	CHECK_STR(m.fixed[EV_SYSTEM], "RMS");
	CHECK_INT(m.nvalues, 3);
	const char *hdr[] = { "Op", "When", "Officer ID", "Dev", "Person" };
	int idx[EV_NCOLS];
	CHECK(audit_mapping_columns(&m, hdr, 5, idx, &e) == 0);
	CHECK_INT(idx[EV_TS], 1);
	CHECK_INT(idx[EV_SYSTEM], -1);
	CHECK(audit_mapping_columns(&m, hdr, 3, idx, &e) != 0);
	CHECK_HAS(e.msg, "no column 'Dev'");

	struct kv x = { { "When", "Officer ID", "Dev", "Op" }, { "15/01/2026 10:30", "U1", "M", "Read record" }, &m };
	char out[EV_NCOLS][MAP_VALUE_MAX];
	int bad = -1;
	CHECK(audit_mapping_event(&m, get, &x, out, &bad, &e) != 0);   /* no Person column in the record */
	CHECK_INT(bad, EV_SUBJECT);
	struct audit_mapping m2 = m;
	m2.column[EV_SUBJECT][0] = 0;            /* subject empty: a fixed "" */
	struct kv z = { { "When", "Officer ID", "Dev", "Op" }, { "15/01/2026 10:30", "U1", "M", "Read record" }, &m2 };
	CHECK(audit_mapping_event(&m2, get, &z, out, &bad, &e) == 0);
	CHECK_STR(out[EV_TS], "2026-01-15T10:30:00Z");       /* GMT */
	CHECK_STR(out[EV_DEVICE], "mobile");
	CHECK_STR(out[EV_ACTION], "view");
	CHECK_STR(out[EV_SYSTEM], "RMS");
	CHECK_STR(out[EV_SUBJECT], "");
	z.vals[0] = "15/07/2026 10:30";
	CHECK(audit_mapping_event(&m2, get, &z, out, &bad, &e) == 0);
	CHECK_STR(out[EV_TS], "2026-07-15T09:30:00Z");       /* BST: an hour ahead of UTC */
	z.vals[2] = "X";                                     /* no map for it: kept as sent */
	CHECK(audit_mapping_event(&m2, get, &z, out, &bad, &e) == 0);
	CHECK_STR(out[EV_DEVICE], "X");
	z.vals[0] = "2026-07-15 10:30";
	CHECK(audit_mapping_event(&m2, get, &z, out, &bad, &e) != 0);
	CHECK_INT(bad, EV_TS);
	CHECK_HAS(e.msg, "not a time");
}

TEST(refusals)
{
	struct audit_mapping m;
	struct err e = { 0 };
	CHECK(audit_mapping_parse("column user = U\nfixed system = S\nfixed device = d\nfixed action = view\n", &m, &e));
	CHECK_HAS(e.msg, "ts needs a column");
	CHECK(audit_mapping_parse("column ts = T\ncolumn colour = C\n", &m, &e));
	CHECK_HAS(e.msg, "mapping:2: no field called 'colour'");
	CHECK(audit_mapping_parse("format = xml\n", &m, &e));
	CHECK_HAS(e.msg, "mapping:1: format is csv or jsonl");
	CHECK(audit_mapping_parse("column ts\n", &m, &e));
	CHECK_HAS(e.msg, "expected KEY = VALUE");
	CHECK(audit_mapping_parse("time zone = Mars\n", &m, &e));
	CHECK_HAS(e.msg, "time zone");
	CHECK(audit_mapping_parse("colour = red\n", &m, &e));
	CHECK_HAS(e.msg, "unknown setting");
}

struct got {
	char text[512];
};

static int cat(void *ctx, const char *key, const char *val)
{
	struct got *g = ctx;
	size_t n = strlen(g->text);
	snprintf(g->text + n, sizeof g->text - n, "%s=%s;", key, val);
	return 0;
}

TEST(json_lines)
{
	struct err e = { 0 };
	struct got g = { "" };
	const char *rec = "{\"a\": \"x\\\"y\\u00e9\", \"n\": 12, \"r\": 1.5, \"t\": true, \"z\": null}";
	CHECK(audit_jsonl_object(rec, strlen(rec), cat, &g, &e) == 0);
	CHECK_STR(g.text, "a=x\"y\xc3\xa9;n=12;r=1.5;t=true;z=;");
	CHECK(audit_jsonl_object("{\"a\": [1]}", 10, cat, &g, &e) != 0);
	CHECK_HAS(e.msg, "nested");
	CHECK(audit_jsonl_object("[1]", 3, cat, &g, &e) != 0);
	CHECK(audit_jsonl_object("{\"a\": 1", 7, cat, &g, &e) != 0);
	CHECK(audit_jsonl_object("{\"a\":1,\"a\":2}", 13, cat, &g, &e) != 0);   /* a key twice */
}

TEST_MAIN(T(parse_and_map), T(refusals), T(json_lines))
