#!/bin/sh
# Install what Probity needs to build, test and serve, on Debian 12, as root.
# Idempotent and quiet when everything is already there.
set -e
cd "$(dirname "$0")/.."

PKGS="build-essential pkg-config libsqlite3-dev sqlite3 libmicrohttpd-dev libjansson-dev
libsodium-dev libxlsxwriter-dev zlib1g-dev libzstd-dev libcurl4-openssl-dev libssl-dev curl python3 python3-aiosmtpd nodejs npm
libpq-dev postgresql-15
 debootstrap systemd-container"
# The browser test and the benchmarks need these too.
[ -n "$PROBITY_NO_BROWSER" ] || PKGS="$PKGS chromium"
[ -z "$PROBITY_BENCH" ] || PKGS="$PKGS wrk"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node may come from elsewhere than Debian's package (a preinstalled toolchain)
if [ -n "$missing" ] && command -v node >/dev/null && command -v npm >/dev/null; then
	missing=$(echo "$missing" | tr ' ' '\n' | grep -v -x -e nodejs -e npm | tr '\n' ' ')
fi
missing=$(echo $missing)
if [ -n "$missing" ]; then
	echo "deps: installing $missing"
	if [ "$(id -u)" != 0 ]; then echo "deps: run as root to install: $missing" >&2; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
fi

# GOV.UK Frontend (served as static assets), puppeteer-core and axe-core (browser test).
if [ ! -f node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css ] ||
   [ ! -d node_modules/puppeteer-core ] || [ ! -d node_modules/axe-core ]; then
	echo "deps: npm ci"
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
