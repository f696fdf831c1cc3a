#!/bin/sh
# Build the Debian package from a built binary with dpkg-deb (no debhelper,
# so it builds wherever the binary does). Its Depends are read from the
# binary itself: the Debian package of every shared library it names (its
# NEEDED entries, not their own dependencies),
# at least the version it was built against.
# usage: scripts/deb.sh BINARY OUTDIR   (prints the .deb's path)
set -e
BIN=${1:?binary}
OUT=${2:?output directory}
VERSION=$("$BIN" --version | sed 's/^probity //')
ARCH=$(dpkg --print-architecture)
ROOT=$OUT/probity_${VERSION}_$ARCH
rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN"
make -s install BIN="$BIN" DESTDIR="$ROOT" PREFIX=/usr SYSTEMDDIR=/lib/systemd/system SYSCONFDIR=/etc >/dev/null
strip --strip-unneeded "$ROOT/usr/bin/probity" 2>/dev/null || true
gzip -9n "$ROOT/usr/share/man/man1/probity.1"

needed=$(objdump -p "$BIN" | awk '/NEEDED/ { print $2 }')
deps=$(ldd "$BIN" | awk '/=> \// { print $1, $3 }' | while read -r name lib; do
	echo "$needed" | grep -qxF "$name" || continue
	real=$(readlink -f "$lib")
	dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || true
done | cut -d: -f1 | sort -u | while read -r pkg; do
	printf '%s (>= %s), ' "$pkg" "$(dpkg-query -W -f='${Version}' "$pkg" | sed 's/-[^-]*$//')"
done)
size=$(du -sk "$ROOT" | cut -f1)
cat >"$ROOT/DEBIAN/control" <<CONTROL
Package: probity
Version: $VERSION
Architecture: $ARCH
Maintainer: Probity maintainers <probity@localhost>
Depends: ${deps}adduser
Section: admin
Priority: optional
Installed-Size: $size
Homepage: https://github.com/probity/probity
Description: integrity and oversight system for a police force
 One binary: the web server (GOV.UK pages and a JSON API), the command line
 and the ICT audit engine, on SQLite. Registers of gifts, hospitality and
 business interests, vetting, counter-corruption intelligence, complaints,
 stop and search fairness, ICT audit monitoring, with a keyed access log.
 Installs a systemd service, daily backup and retention timers and a
 notifications timer; none is enabled or started by the package.
CONTROL
echo /etc/probity/probity.conf >"$ROOT/DEBIAN/conffiles"
for s in postinst prerm postrm; do
	install -m 0755 packaging/debian/$s "$ROOT/DEBIAN/$s"
done
dpkg-deb --root-owner-group --build "$ROOT" "$OUT/probity_${VERSION}_$ARCH.deb" >/dev/null
rm -rf "$ROOT"
echo "$OUT/probity_${VERSION}_$ARCH.deb"
