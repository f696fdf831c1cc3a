#!/bin/sh
# Write probity(1) from the binary's own --help texts, so the manual never
# drifts from the program: the overview, then every command's --help.
# usage: scripts/manpage.sh ./probity > probity.1
set -e
BIN=${1:-./probity}
VERSION=$("$BIN" --version | sed 's/^probity //')
esc() { sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"; }
cat <<HEAD
.TH PROBITY 1 "" "probity $VERSION" "Probity manual"
.SH NAME
probity \\- integrity and oversight for a police force: web server, command line and ICT audit engine
.SH SYNOPSIS
.B probity
[\\-\\-config FILE] [\\-\\-db FILE] [\\-\\-log\\-key FILE] COMMAND [ARGS]
.SH DESCRIPTION
.nf
HEAD
"$BIN" --help | esc
echo ".fi"
echo ".SH COMMANDS"
for c in $("$BIN" --help | awk '/^commands:/ { f = 1; next } f && /^$/ { exit } f { print $1 }'); do
	echo ".SS $c"
	echo ".nf"
	"$BIN" "$c" --help 2>&1 | esc
	echo ".fi"
done
cat <<TAIL
.SH FILES
.TP
.I /etc/probity/probity.conf
the configuration file (probity config \\-\\-help lists its keys)
.TP
.I /var/lib/probity/probity.db
the database of the packaged service, with its access log key
.I probity.db.logkey
beside it (back the key up apart from the database)
.TP
.I /var/backups/probity
where the daily backup timer writes
.SH ENVIRONMENT
PROBITY_CONFIG names the configuration file; PROBITY_<KEY> overrides a key of it
(PROBITY_PORT, PROBITY_DATABASE ...); PROBITY_DB and PROBITY_LOG_KEY name the
database and the access log key.
.SH SEE ALSO
docs/deploy.md in the source, installed as /usr/share/doc/probity/deploy.md.
TAIL
