#!/bin/sh
# Installing Probity as an ICT team would (docs/deploy.md): `make install`
# into a staging root (PREFIX, DESTDIR), and the Debian package built by
# scripts/deb.sh (make deb): its dependencies, contents, configuration
# file, units and maintainer scripts, and its binary run from the unpacked
# package against the packaged configuration, from a directory with no
# source tree. Installing it with apt on a fresh Debian 12 booted under
# systemd is tests/fresh/debian12.sh (make test runs it).
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1

# ---- make install ----
make -s install BIN="$BIN" DESTDIR="$TMP/inst" PREFIX=/usr/local >"$TMP/out" 2>&1 && ok "make install" || fail "make install" "$(cat "$TMP/out")"
for f in usr/local/bin/probity usr/local/share/man/man1/probity.1 usr/local/lib/systemd/system/probity.service \
	usr/local/lib/systemd/system/probity-backup.timer usr/local/etc/probity/probity.conf \
	usr/local/share/doc/probity/deploy.md; do
	[ -f "$TMP/inst/$f" ] && ok "installed $f" || fail "installed $f"
done
check_has "the unit runs the installed binary" "$TMP/inst/usr/local/lib/systemd/system/probity.service" "ExecStart=/usr/local/bin/probity serve"
check_lacks "no placeholder is left in the units" "$TMP/inst/usr/local/lib/systemd/system/probity.service" "@BINDIR@"
check_has "the manual has every command's help" "$TMP/inst/usr/local/share/man/man1/probity.1" ".SS backup"
check_has "the manual has the serve options" "$TMP/inst/usr/local/share/man/man1/probity.1" "trusted-proxies"
if command -v man >/dev/null; then
	man -l "$TMP/inst/usr/local/share/man/man1/probity.1" 2>"$TMP/manerr" | grep -q "PROBITY(1)" && ok "the manual renders" || fail "the manual renders" "$(cat "$TMP/manerr")"
fi
echo "port = 9999" >"$TMP/inst/usr/local/etc/probity/probity.conf"
make -s install BIN="$BIN" DESTDIR="$TMP/inst" PREFIX=/usr/local >/dev/null 2>&1
expect "a second install keeps the administrator's configuration" "port = 9999" "$(cat "$TMP/inst/usr/local/etc/probity/probity.conf")"

# ---- the Debian package ----
DEB=$(sh scripts/deb.sh "$BIN" "$TMP" 2>"$TMP/deberr")
[ -f "$DEB" ] && ok "the package builds" || { fail "the package builds" "$(cat "$TMP/deberr")"; finish; exit 1; }
dpkg-deb -f "$DEB" Depends >"$TMP/depends"
for p in libsqlite3-0 libmicrohttpd12 libsodium23 libjansson4 adduser; do
	check_has "it depends on $p" "$TMP/depends" "$p"
done
dpkg-deb -c "$DEB" >"$TMP/contents"
for f in ./usr/bin/probity ./lib/systemd/system/probity.service ./lib/systemd/system/probity-backup.service \
	./lib/systemd/system/probity-backup.timer ./lib/systemd/system/probity-retention.timer \
	./lib/systemd/system/probity-notify.timer ./lib/systemd/system/probity-notify.service \
	./etc/probity/probity.conf ./usr/share/man/man1/probity.1.gz ./usr/share/doc/probity/deploy.md; do
	check_has "the package holds $f" "$TMP/contents" " $f"
done
dpkg-deb -e "$DEB" "$TMP/control"
check_has "the configuration file is a conffile (kept on upgrade)" "$TMP/control/conffiles" "/etc/probity/probity.conf"
check_has "postinst makes the probity system user" "$TMP/control/postinst" "adduser --system"
check_has "postinst makes /var/lib/probity" "$TMP/control/postinst" "/var/lib/probity"
if grep -Eq 'systemctl (enable|start)|deb-systemd-helper enable' "$TMP/control/postinst"; then
	fail "nothing is enabled or started that the administrator did not enable"
else
	ok "nothing is enabled or started that the administrator did not enable"
fi
check_lacks "purging keeps the data" "$TMP/control/postrm" "rm -rf"
command -v sh >/dev/null && sh -n "$TMP/control/postinst" && sh -n "$TMP/control/prerm" && sh -n "$TMP/control/postrm" &&
	ok "the maintainer scripts parse" || fail "the maintainer scripts parse"

dpkg-deb -x "$DEB" "$TMP/root"
U=$TMP/root/lib/systemd/system/probity.service
for l in Type=notify NotifyAccess=all Restart=on-failure NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes \
	PrivateTmp=yes "ReadWritePaths=/var/lib/probity" User=probity "ExecStart=/usr/bin/probity serve"; do
	check_has "the service unit has $l" "$U" "$l"
done
if command -v systemd-analyze >/dev/null && [ -d /run/systemd/system ]; then
	systemd-analyze verify "$U" >"$TMP/verify" 2>&1 && ok "systemd-analyze verify" || fail "systemd-analyze verify" "$(cat "$TMP/verify")"
fi
P=$TMP/root/usr/bin/probity
expect "the packaged binary runs" "$("$BIN" --version)" "$("$P" --version)"

# run from the unpacked package with its own configuration file, the data
# directory moved under $TMP (as PROBITY_<KEY> overrides allow)
mkdir -p "$TMP/var/lib" "$TMP/var/backups" "$TMP/elsewhere"
cd "$TMP/elsewhere" || exit 1
export PROBITY_CONFIG=$TMP/root/etc/probity/probity.conf
export PROBITY_DATABASE=$TMP/var/lib/probity.db PROBITY_BACKUP_DIR=$TMP/var/backups
check "config check passes the packaged configuration" "$P" config check
check "init with the packaged configuration" "$P" init
[ -f "$TMP/var/lib/probity.db" ] && ok "the database is where the configuration says" || fail "the database is where the configuration says"
"$P" serve --port 0 >"$TMP/pserve.log" 2>&1 &
PS=$!
trap 'kill $PS 2>/dev/null; wait $PS 2>/dev/null; rm -rf "$TMP"' EXIT
PURL=""
for _ in $(seq 1 100); do
	PURL=$(grep -o 'http://[^ ]*/' "$TMP/pserve.log" | head -1)
	[ -n "$PURL" ] && curl -s -o /dev/null "${PURL}healthz" && break
	sleep 0.1
done
expect "the packaged binary serves /healthz" 200 "$(curl -s -o /dev/null -w "%{http_code}" "${PURL}healthz")"
expect "and the GOV.UK assets, from a directory with no source" 200 "$(curl -s -o /dev/null -w "%{http_code}" "${PURL}assets/govuk/govuk-frontend.min.js")"
expect "and the sign-in page" 200 "$(curl -s -o "$TMP/login" -w "%{http_code}" "${PURL}login")"
check_has "the sign-in page links the stylesheet" "$TMP/login" "govuk-frontend.min.css"
"$P" publish --out "$TMP/site" >/dev/null 2>&1
check "publish from there writes the GOV.UK stylesheet it links" cmp "$TMP/site/assets/govuk-frontend.min.css" \
	"$ROOT/node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css"
[ -n "$(ls "$TMP/site/assets/fonts" 2>/dev/null)" ] && ok "and its fonts" || fail "and its fonts"
check "backup into the configured backup_dir" "$P" backup
expect "one backup there" 1 "$(ls "$TMP/var/backups" | grep -c '\.db$')"
finish
