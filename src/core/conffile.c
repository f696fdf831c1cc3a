/* conffile.c — reads probity.conf (see conffile.h). One small table of
 * key/value copies, filled before any thread starts. */
#include "core/conffile.h"
#include "core/xalloc.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
	char *k, *v;
} kv[CONF_KEYS_MAX];
static size_t nkv;
static char loaded[1024];

static void conf_clear(void)
{
	for (size_t i = 0; i < nkv; i++) {
		free(kv[i].k);
		free(kv[i].v);
	}
	nkv = 0;
	loaded[0] = 0;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = 0;
	return s;
}

static int key_ok(const char *k)
{
	if (!*k || strlen(k) > 64)
		return 0;
	for (const char *p = k; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_'))
			return 0;
	return 1;
}

static const char *file_value(const char *key)
{
	for (size_t i = 0; i < nkv; i++)
		if (strcmp(kv[i].k, key) == 0)
			return kv[i].v;
	return NULL;
}

int conffile_load(const char *path, struct err *e)
{
	conf_clear();
	int rc = -1;
	char line[CONF_LINE_MAX];
	FILE *f = fopen(path, "r");
	if (!f)
		return err_set(e, ERR_IO, "cannot read the configuration file %s: %s", path, strerror(errno));
	for (int no = 1; fgets(line, sizeof line, f); no++) {
		size_t len = strlen(line);
		if (len == sizeof line - 1 && line[len - 1] != '\n') {
			err_set(e, ERR_INPUT, "%s:%d: line longer than %d bytes", path, no, CONF_LINE_MAX - 2);
			goto out;
		}
		char *s = trim(line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			err_set(e, ERR_INPUT, "%s:%d: expected key = value", path, no);
			goto out;
		}
		*eq = 0;
		char *k = trim(s), *v = trim(eq + 1);
		if (!key_ok(k)) {
			err_set(e, ERR_INPUT, "%s:%d: '%.64s' is not a key (lower-case letters, digits and _)", path, no,
			        k);
			goto out;
		}
		if (file_value(k)) {
			err_set(e, ERR_INPUT, "%s:%d: %s is set twice", path, no, k);
			goto out;
		}
		if (nkv == CONF_KEYS_MAX) {
			err_set(e, ERR_INPUT, "%s:%d: more than %d keys", path, no, CONF_KEYS_MAX);
			goto out;
		}
		kv[nkv].k = xstrdup(k);
		kv[nkv].v = xstrdup(v);
		nkv++;
	}
	if (ferror(f)) {
		err_set(e, ERR_IO, "cannot read the configuration file %s", path);
		goto out;
	}
	snprintf(loaded, sizeof loaded, "%s", path);
	rc = 0;
out:
	fclose(f);
	if (rc)
		conf_clear();
	return rc;
}

void conf_env_name(const char *key, char *out, size_t n)
{
	size_t j = (size_t)snprintf(out, n, "PROBITY_");
	for (const char *p = key; *p && j + 1 < n; p++)
		out[j++] = (char)toupper((unsigned char)*p);
	if (j < n)
		out[j] = 0;
}

const char *conf_get(const char *key)
{
	char env[96];
	conf_env_name(key, env, sizeof env);
	const char *v = getenv(env);
	return v ? v : file_value(key);
}

const char *conf_source(const char *key)
{
	char env[96];
	conf_env_name(key, env, sizeof env);
	return getenv(env) ? "environment" : file_value(key) ? "file" : NULL;
}

const char *conf_path(void)
{
	return loaded;
}

size_t conf_count(void)
{
	return nkv;
}

const char *conf_key(size_t i)
{
	return i < nkv ? kv[i].k : NULL;
}
