/* static.c — the CSS, JavaScript, fonts and images, served from memory.
 * They are compiled into the binary (scripts/embed-assets.sh), so probity
 * serves from any directory; --assets-root DIR reads them from DIR instead
 * (development: edit assets/app.css and restart, no rebuild).
 * Every file is read once at start-up into a sorted table keyed by its URL;
 * a request is answered only when its path is exactly one of those keys, so
 * no request can reach a file outside the table (no directory traversal).
 *
 *   /assets/govuk/...          node_modules/govuk-frontend/dist/govuk/ (its JS and map)
 *   /assets/app/probity.css    build/gen/probity.css: GOV.UK Frontend's Sass
 *                              built with Probity's brand (assets/scss/)
 *   /assets/app/...            assets/ (our own app.js, app.css, icons, manifest)
 *   /favicon.ico               assets/images/favicon.ico
 * No GDS Transport font or crown image is served: they are GOV.UK's alone.
 * The table is written before the worker starts and only read afterwards. */
#include "web/http.h"
#include "core/fnv.h"
#include "core/xalloc.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ASSET_FILE_MAX ((size_t)16 << 20)
#define GOVUK_DIR "node_modules/govuk-frontend/dist/govuk"

struct asset {
	char *url;
	const char *data;    /* owned, shared with another entry (alias), or compiled in */
	size_t len;
	const char *ctype;
	char etag[20];       /* "\"%016llx\"" */
	int cache_seconds;
};

static struct asset *assets;
static size_t nassets, capassets;

const char *static_content_type(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" },
		{ ".map", "application/json" },
		{ ".json", "application/json" },
		{ ".woff2", "font/woff2" },
		{ ".woff", "font/woff" },
		{ ".png", "image/png" },
		{ ".svg", "image/svg+xml" },
		{ ".ico", "image/x-icon" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');
	if (dot)
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (strcmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

static void add_asset(const char *url, const char *data, size_t len, int cache_seconds)
{
	if (nassets == capassets) {
		size_t cap = capassets ? capassets * 2 : 64;
		struct asset *p = xrealloc(assets, cap * sizeof *p);
		assets = p;
		capassets = cap;
	}
	struct asset *a = &assets[nassets];
	a->url = xstrdup(url);
	a->data = data;
	a->len = len;
	a->ctype = strcmp(url, "/assets/app/manifest.json") == 0 ? "application/manifest+json" : static_content_type(url);
	uint64_t h = fnv1a_bytes(data, len); /* a cheap, stable validator */
	snprintf(a->etag, sizeof a->etag, "\"%016llx\"", (unsigned long long)h);
	a->cache_seconds = cache_seconds;
	nassets++;
}

static int read_file(const char *path, char **data, size_t *len, struct err *e)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return err_set(e, ERR_IO, "cannot read %s", path);
	struct stat sb;
	if (fstat(fileno(f), &sb) || (size_t)sb.st_size > ASSET_FILE_MAX) {
		fclose(f);
		return err_set(e, ERR_IO, "%s: too large or unreadable", path);
	}
	size_t n = (size_t)sb.st_size;
	char *p = xmalloc(n ? n : 1);
	if (fread(p, 1, n, f) != n) {
		free(p);
		fclose(f);
		return err_set(e, ERR_IO, "cannot read %s", path);
	}
	fclose(f);
	*data = p;
	*len = n;
	return 0;
}

/* Load dir (recursively) under url_prefix; also under alias_prefix when set,
 * sharing the bytes. Names starting with '.' are skipped. */
static int load_dir(const char *dir, const char *url_prefix, const char *alias_prefix, int cache_seconds, int depth,
                    struct err *e)
{
	if (depth > 4)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return err_set(e, ERR_IO, "cannot open %s", dir);
	int rc = 0;
	struct dirent *de;
	while (!rc && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		char path[2048], url[1024], alias[1024];
		snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
		snprintf(url, sizeof url, "%s/%s", url_prefix, de->d_name);
		if (alias_prefix)
			snprintf(alias, sizeof alias, "%s/%s", alias_prefix, de->d_name);
		struct stat sb;
		if (stat(path, &sb))
			continue;
		if (S_ISDIR(sb.st_mode)) {
			rc = load_dir(path, url, alias_prefix ? alias : NULL, cache_seconds, depth + 1, e);
			continue;
		}
		if (!S_ISREG(sb.st_mode) || strstr(de->d_name, ".scss")) /* Sass sources are built, not served */
			continue;
		char *data;
		size_t len;
		if ((rc = read_file(path, &data, &len, e)))
			break;
		add_asset(url, data, len, cache_seconds);
		if (alias_prefix)
			add_asset(alias, data, len, cache_seconds);
	}
	closedir(d);
	return rc;
}

static int load_file(const char *path, const char *url, int cache_seconds, struct err *e)
{
	char *data;
	size_t len;
	if (read_file(path, &data, &len, e))
		return -1;
	add_asset(url, data, len, cache_seconds);
	return 0;
}

static int cmp_asset(const void *a, const void *b)
{
	return strcmp(((const struct asset *)a)->url, ((const struct asset *)b)->url);
}

int static_load(const char *root, struct err *e)
{
	char dir[1024], path[1200];
	const int year = 365 * 24 * 3600; /* GOV.UK Frontend is pinned: its files never change under a URL */
	const int day = 24 * 3600;        /* ours may change with a deploy; ETags make revalidation cheap */
	if (!root || !*root) {
		for (size_t i = 0; i < embedded_assets_count; i++) {
			const struct embedded_asset *ea = &embedded_assets[i];
			add_asset(ea->url, ea->data, (size_t)(ea->end - ea->data), ea->cache_seconds);
		}
		qsort(assets, nassets, sizeof *assets, cmp_asset);
		return 0;
	}
	snprintf(dir, sizeof dir, "%s/%s", root, GOVUK_DIR);
	struct stat sb;
	if (stat(dir, &sb) || !S_ISDIR(sb.st_mode))
		return err_set(e, ERR_IO, "GOV.UK Frontend not found at %s: run scripts/deps.sh, or pass --assets-root "
		                          "the directory holding node_modules/", dir);
	static const char *top[] = { "govuk-frontend.min.js", "govuk-frontend.min.js.map" };
	for (size_t i = 0; i < sizeof top / sizeof top[0]; i++) {
		char url[128];
		snprintf(path, sizeof path, "%s/%s", dir, top[i]);
		snprintf(url, sizeof url, "/assets/govuk/%s", top[i]);
		if (stat(path, &sb) == 0 && load_file(path, url, year, e))
			return -1;
	}
	snprintf(path, sizeof path, "%s/build/gen/probity.css", root);
	if (load_file(path, "/assets/app/probity.css", day, e))
		return -1;
	snprintf(path, sizeof path, "%s/assets/images/favicon.ico", root);
	if (load_file(path, "/favicon.ico", day, e))
		return -1;
	snprintf(path, sizeof path, "%s/assets", root);
	if (load_dir(path, "/assets/app", NULL, day, 0, e))
		return -1;
	qsort(assets, nassets, sizeof *assets, cmp_asset);
	return 0;
}

void static_add(const char *url, const char *data, size_t len, int cache_seconds)
{
	add_asset(url, data, len, cache_seconds);
	qsort(assets, nassets, sizeof *assets, cmp_asset);
}

int static_serve(const struct req *rq, struct resp *rs)
{
	if (!rq->path || (strncmp(rq->path, "/assets/", 8) != 0 && strcmp(rq->path, "/favicon.ico") != 0))
		return 0;
	if (strcmp(rq->method, "GET") != 0 && strcmp(rq->method, "HEAD") != 0)
		return 0;
	struct asset key = { .url = rq->path };
	const struct asset *a = nassets ? bsearch(&key, assets, nassets, sizeof *assets, cmp_asset) : NULL;
	if (!a)
		return 0;
	rs->status = 200;
	rs->ctype = a->ctype;
	rs->cache_seconds = a->cache_seconds;
	resp_header(rs, "ETag", a->etag);
	const char *inm = req_header(rq, "If-None-Match");
	if (inm && strstr(inm, a->etag)) {
		rs->status = 304;
		rs->static_body = "";
		rs->static_len = 0;
		return 1;
	}
	rs->static_body = a->data;
	rs->static_len = a->len;
	return 1;
}
