/* conffile.h — the configuration file an ICT team edits, /etc/probity/probity.conf.
 * `key = value` lines; '#' starts a comment line; blank lines are skipped.
 * Keys are lower-case letters, digits and '_'; a value runs to the end of
 * the line with surrounding blanks removed (no quoting: a value may hold
 * spaces, '#' and '='). Every key can be overridden by the environment
 * variable PROBITY_<KEY in upper case> (database: PROBITY_DATABASE).
 * Loaded once at start-up by main.c, read-only afterwards (the one global
 * the style allows); conf_get is then safe from any thread. The keys
 * themselves are documented in docs/deploy.md and `probity config --help`. */
#ifndef PROBITY_CONFFILE_H
#define PROBITY_CONFFILE_H

#include "core/err.h"
#include <stddef.h>

#define CONF_DEFAULT_PATH "/etc/probity/probity.conf"
#define CONF_KEYS_MAX 256
#define CONF_LINE_MAX 4096

/* Read path, replacing what an earlier call loaded. 0, or ERR_IO when it
 * cannot be read, ERR_INPUT "PATH:LINE: problem" for a malformed line, a bad
 * key or a key given twice (nothing is kept then). */
int conffile_load(const char *path, struct err *e);
/* The value of key: $PROBITY_<KEY> when set, else the file's, else NULL.
 * Borrowed: valid until the next conffile_load. */
const char *conf_get(const char *key);
/* Where conf_get(key) came from: "environment", "file" or NULL. */
const char *conf_source(const char *key);
/* The path loaded ("" when none), and the file's keys in file order:
 * conf_key(i) for i < conf_count(), NULL past the end. */
const char *conf_path(void);
size_t conf_count(void);
const char *conf_key(size_t i);
/* The environment variable for key ("PROBITY_" + KEY in upper case) in out. */
void conf_env_name(const char *key, char *out, size_t n);

#endif
