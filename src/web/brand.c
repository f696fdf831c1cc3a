/* brand.c — the force's name, logo and accent colour (see brand.h). */
#include "web/brand.h"
#include "core/conffile.h"
#include "core/xalloc.h"
#include "domain/people.h"
#include "web/http.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LOGO_MAX ((size_t)256 << 10)

static struct {
	char force[200];
	char colour[8];
	char logo_url[40];
	char *logo;        /* owned: the configured file, else NULL (Probity's mark, compiled in) */
	size_t logo_len;
	struct buf css;
} brand = { "", BRAND_DEFAULT_COLOUR, "/assets/brand/logo.svg", NULL, 0, { 0 } };

int brand_colour_valid(const char *s)
{
	if (!s || s[0] != '#' || strlen(s) != 7)
		return 0;
	for (int i = 1; i < 7; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static int read_logo(const char *path, struct err *e)
{
	const char *dot = strrchr(path, '.');
	if (!dot || (strcmp(dot, ".svg") && strcmp(dot, ".png")))
		return err_set(e, ERR_IO, "brand_logo %s: the logo must be an .svg or .png file", path);
	FILE *f = fopen(path, "rb");
	struct stat sb;
	if (!f || fstat(fileno(f), &sb) || (size_t)sb.st_size > LOGO_MAX || sb.st_size == 0) {
		if (f)
			fclose(f);
		return err_set(e, ERR_IO, "brand_logo %s: cannot read it, or it is empty or over 256 KiB", path);
	}
	brand.logo_len = (size_t)sb.st_size;
	brand.logo = xmalloc(brand.logo_len);
	size_t got = fread(brand.logo, 1, brand.logo_len, f);
	fclose(f);
	if (got != brand.logo_len)
		return err_set(e, ERR_IO, "brand_logo %s: cannot read it", path);
	snprintf(brand.logo_url, sizeof brand.logo_url, "/assets/brand/logo%s", dot);
	return 0;
}

int brand_load(struct store *st, struct err *e)
{
	const char *v = conf_get("brand_colour");
	if (v && !brand_colour_valid(v))
		return err_set(e, ERR_INPUT, "brand_colour %s: give a colour as #rrggbb, for example #24527a", v);
	snprintf(brand.colour, sizeof brand.colour, "%s", v ? v : BRAND_DEFAULT_COLOUR);
	v = conf_get("force_name");
	if (v && *v)
		snprintf(brand.force, sizeof brand.force, "%s", v);
	else if (st && org_force_name(st, brand.force, sizeof brand.force, e))
		return -1;
	v = conf_get("brand_logo");
	free(brand.logo);
	brand.logo = NULL;
	if (v && *v && read_logo(v, e))
		return -1;
	buf_release(&brand.css);
	buf_init(&brand.css, 0);
	buf_printf(&brand.css,
	           "/* brand.css: the force's accent colour (configuration key brand_colour) */\n"
	           ":root{--govuk-brand-colour:%s}\n.probity-header{background:%s}\n",
	           brand.colour, brand.colour);
	return 0;
}

const char *brand_force(void) { return brand.force; }
const char *brand_colour(void) { return brand.colour; }
const char *brand_logo_url(void) { return brand.logo_url; }

void brand_logo(const char **data, size_t *len)
{
	if (brand.logo) {
		*data = brand.logo;
		*len = brand.logo_len;
		return;
	}
	*data = NULL;
	*len = 0;
	for (size_t i = 0; i < embedded_assets_count; i++)
		if (!strcmp(embedded_assets[i].url, "/assets/app/images/probity-logo.svg")) {
			*data = embedded_assets[i].data;
			*len = (size_t)(embedded_assets[i].end - embedded_assets[i].data);
		}
}

void brand_css(struct buf *out)
{
	buf_add(out, brand.css.p ? brand.css.p : "", brand.css.n);
}

void brand_add_assets(void)
{
	const char *data;
	size_t len;
	brand_logo(&data, &len);
	if (data)
		static_add(brand.logo_url, data, len, 3600);
	static_add("/assets/brand.css", brand.css.p ? brand.css.p : "", brand.css.n, 3600);
}
