/* brand.h — Probity's own brand, and the force's, on every page and on the
 * public site. Probity is not a GOV.UK service: it uses GOV.UK Frontend's
 * components and patterns with its own name, icons and system font (the
 * stylesheet is built from GOV.UK Frontend's Sass, assets/scss/), never GDS
 * Transport or the crown. A force sets its name, logo and accent colour in
 * the configuration file (force_name, brand_logo, brand_colour; `probity
 * config --help`): with none, the name is the database's force unit, the
 * logo Probity's mark and the colour Probity's blue. Loaded once at start-up
 * (serve, publish) and read-only afterwards. */
#ifndef PROBITY_BRAND_H
#define PROBITY_BRAND_H

#include "core/buf.h"
#include "core/err.h"
#include <stddef.h>

struct store;

/* The one service name: page titles, the header and the manifest agree. */
#define BRAND_SERVICE "Probity"
#define BRAND_DEFAULT_COLOUR "#24527a"

/* Read the configuration (and the force's name from st when force_name is
 * not set). ERR_INPUT when brand_colour is not #rrggbb, ERR_IO when
 * brand_logo cannot be read or is not an .svg or .png of at most 256 KiB. */
int brand_load(struct store *st, struct err *e);
/* The force's name ("" when none is known). */
const char *brand_force(void);
/* The accent colour, "#rrggbb". */
const char *brand_colour(void);
/* 1 when s is a colour brand_colour accepts (#rrggbb). */
int brand_colour_valid(const char *s);
/* The logo's URL on the site ("/assets/brand/logo.svg" or ".png"). */
const char *brand_logo_url(void);
/* The logo's bytes (borrowed) and the stylesheet that sets the accent
 * colour (GOV.UK Frontend's --govuk-brand-colour and the header's). */
void brand_logo(const char **data, size_t *len);
void brand_css(struct buf *out);
/* Add /assets/brand.css and the logo to the static assets (after static_load). */
void brand_add_assets(void);

#endif
