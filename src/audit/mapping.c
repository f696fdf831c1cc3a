/* mapping.c — a feed's mapping file and JSON Lines records turned into
 * events.csv's fields (see mapping.h and docs/audit.md, "Mapping files"). */
#include "audit/mapping.h"
#include "audit/trail.h"
#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const field_names[EV_NCOLS] = { "ts",          "user",      "system",  "device", "action",
	                                           "record_type", "record_id", "subject", "reason" };

static int field_of(const char *w)
{
	for (int k = 0; k < EV_NCOLS; k++)
		if (strcmp(w, field_names[k]) == 0)
			return k;
	return -1;
}

/* Copy s[0..n) trimmed of spaces into out (size cap); -1 when too long. */
static int trim_copy(const char *s, size_t n, char *out, size_t cap)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n >= cap)
		return -1;
	memcpy(out, s, n);
	out[n] = 0;
	return 0;
}

int audit_mapping_parse(const char *text, struct audit_mapping *m, struct err *e)
{
	memset(m, 0, sizeof *m);
	int ln = 0;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		ln++;
		char line[512], key[256], val[256];
		if (trim_copy(p, n, line, sizeof line))
			return err_set(e, ERR_INPUT, "mapping:%d: line too long", ln);
		p += n + (nl ? 1 : 0);
		if (!line[0] || line[0] == '#')
			continue;
		char *eq = strchr(line, '=');
		if (!eq)
			return err_set(e, ERR_INPUT, "mapping:%d: expected KEY = VALUE", ln);
		if (trim_copy(line, (size_t)(eq - line), key, sizeof key) || trim_copy(eq + 1, strlen(eq + 1), val, sizeof val) ||
		    strlen(val) >= MAP_TEXT_MAX)
			return err_set(e, ERR_INPUT, "mapping:%d: value too long", ln);
		char w1[64] = "", w2[64] = "";
		const char *rest = key;
		int nw = sscanf(key, "%63s %63s", w1, w2);
		if (nw >= 1)
			rest = key + strlen(w1);
		while (*rest == ' ' || *rest == '\t')
			rest++;
		if (strcmp(key, "format") == 0) {
			if (strcmp(val, "csv") && strcmp(val, "jsonl"))
				return err_set(e, ERR_INPUT, "mapping:%d: format is csv or jsonl", ln);
			m->jsonl = strcmp(val, "jsonl") == 0;
		} else if (strcmp(key, "time format") == 0) {
			if (strlen(val) >= sizeof m->time_format)
				return err_set(e, ERR_INPUT, "mapping:%d: time format too long", ln);
			strcpy(m->time_format, val);
		} else if (strcmp(key, "time zone") == 0) {
			if (strlen(val) >= sizeof m->time_zone || (strchr(val, '/') == NULL && strcmp(val, "UTC")))
				return err_set(e, ERR_INPUT, "mapping:%d: time zone is UTC or a zone like Europe/London", ln);
			strcpy(m->time_zone, val);
		} else if ((strcmp(w1, "column") == 0 || strcmp(w1, "fixed") == 0) && nw == 2) {
			int k = field_of(rest);
			if (k < 0)
				return err_set(e, ERR_INPUT, "mapping:%d: no field called '%s' (ts, user, system, device, action, "
				                             "record_type, record_id, subject, reason)", ln, rest);
			if (w1[0] == 'c') {
				if (!val[0])
					return err_set(e, ERR_INPUT, "mapping:%d: which column?", ln);
				strcpy(m->column[k], val);
				m->fixed[k][0] = 0;
			} else {
				strcpy(m->fixed[k], val);
				m->column[k][0] = 0;
			}
		} else if (strcmp(w1, "map") == 0 && nw == 2) {
			const char *native = rest + strlen(w2);
			while (*native == ' ' || *native == '\t')
				native++;
			int k = field_of(w2);
			if (k < 0 || !*native)
				return err_set(e, ERR_INPUT, "mapping:%d: expected map FIELD NATIVE = VALUE", ln);
			if (m->nvalues == MAP_MAX_VALUES)
				return err_set(e, ERR_INPUT, "mapping:%d: at most %d value maps", ln, MAP_MAX_VALUES);
			struct map_value *v = &m->values[m->nvalues++];
			v->field = k;
			snprintf(v->from, sizeof v->from, "%s", native);
			strcpy(v->to, val);
		} else {
			return err_set(e, ERR_INPUT, "mapping:%d: unknown setting '%s'", ln, key);
		}
	}
	for (int k = EV_TS; k <= EV_ACTION; k++)
		if (!m->column[k][0] && !m->fixed[k][0])
			return err_set(e, ERR_INPUT, "mapping: %s needs a column (column %s = NAME) or a fixed value",
			               field_names[k], field_names[k]);
	return 0;
}

int audit_mapping_columns(const struct audit_mapping *m, const char *const *names, size_t n, int idx[EV_NCOLS],
                          struct err *e)
{
	for (int k = 0; k < EV_NCOLS; k++) {
		idx[k] = -1;
		if (!m->column[k][0])
			continue;
		for (size_t i = 0; i < n; i++)
			if (strcmp(names[i], m->column[k]) == 0) {
				idx[k] = (int)i;
				break;
			}
		if (idx[k] < 0)
			return err_set(e, ERR_INPUT, "the header has no column '%s' (for %s)", m->column[k], field_names[k]);
	}
	return 0;
}

/* The native time text s as unix seconds, by format and zone. */
static int64_t native_time(const struct audit_mapping *m, const char *s)
{
	if (!m->time_format[0]) {
		size_t n = strlen(s);
		return n == 20 ? trail_ts_parse(s, n, 0) : -1;
	}
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	const char *end = strptime(s, m->time_format, &tm);
	if (!end || *end)
		return -1;
	if (!m->time_zone[0] || strcmp(m->time_zone, "UTC") == 0)
		return (int64_t)timegm(&tm);
	/* the process's zone is set to the feed's (the command line ingests one
	 * feed per process; Probity's own times are all UTC) */
	const char *cur = getenv("TZ");
	if (!cur || strcmp(cur, m->time_zone) != 0) {
		setenv("TZ", m->time_zone, 1);
		tzset();
	}
	tm.tm_isdst = -1;
	time_t t = mktime(&tm);
	return t == (time_t)-1 ? -1 : (int64_t)t;
}

int audit_mapping_event(const struct audit_mapping *m, const char *(*get)(void *ctx, int k), void *ctx,
                        char out[EV_NCOLS][MAP_VALUE_MAX], int *bad, struct err *e)
{
	for (int k = 0; k < EV_NCOLS; k++) {
		const char *v = m->column[k][0] ? get(ctx, k) : m->fixed[k];
		if (!v) {
			*bad = k;
			return err_set(e, ERR_INPUT, "no %s (%s)", m->column[k], field_names[k]);
		}
		for (int i = 0; i < m->nvalues; i++)
			if (m->values[i].field == k && strcmp(m->values[i].from, v) == 0) {
				v = m->values[i].to;
				break;
			}
		if (k == EV_TS) {
			int64_t t = native_time(m, v);
			int32_t day, sod;
			if (t >= 0 && t < 253402300800) {     /* up to 9999-12-31T23:59:59Z */
				trail_ts_format(t, out[k]);
				if (audit_parse_ts(out[k], strlen(out[k]), &day, &sod))
					t = -1;
			} else {
				t = -1;
			}
			if (t < 0) {
				*bad = k;
				return err_set(e, ERR_INPUT, "'%.60s' is not a time in the feed's format (%s)", v,
				               m->time_format[0] ? m->time_format : "YYYY-MM-DDTHH:MM:SSZ");
			}
			continue;
		}
		size_t n = strlen(v);
		if (n >= MAP_VALUE_MAX) {
			*bad = k;
			return err_set(e, ERR_INPUT, "%s is longer than %d bytes", field_names[k], MAP_VALUE_MAX - 1);
		}
		memcpy(out[k], v, n + 1);
	}
	return 0;
}

/* ---- JSON Lines: one flat object per line (jansson) ---- */

int audit_jsonl_object(const char *p, size_t n, int (*fn)(void *ctx, const char *key, const char *val), void *ctx,
                       struct err *e)
{
	json_error_t je;
	json_t *o = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
	if (!o)
		return err_set(e, ERR_INPUT, "column %d: %s", je.column, je.text);
	int rc = 0;
	if (!json_is_object(o)) {
		rc = err_set(e, ERR_INPUT, "column 1: expected a JSON object");
		goto out;
	}
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v) {
		char num[64];
		const char *t;
		if (json_is_string(v)) {
			t = json_string_value(v);
		} else if (json_is_integer(v)) {
			snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			t = num;
		} else if (json_is_real(v)) {
			snprintf(num, sizeof num, "%.17g", json_real_value(v));
			t = num;
		} else if (json_is_true(v) || json_is_false(v)) {
			t = json_is_true(v) ? "true" : "false";
		} else if (json_is_null(v)) {
			t = "";
		} else {
			rc = err_set(e, ERR_INPUT, "key %.60s: nested objects and arrays are not read", key);
			goto out;
		}
		if (fn(ctx, key, t)) {
			rc = -1;
			goto out;
		}
	}
out:
	json_decref(o);
	return rc;
}
