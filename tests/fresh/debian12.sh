#!/bin/sh
# The deployment issue's "done when", on a fresh Debian 12 (docs/deploy.md):
# a minimal Debian 12 root is made with debootstrap and booted under its own
# systemd (systemd-nspawn, sharing the host's network), the package built by
# scripts/deb.sh is installed into it with apt, the service is configured
# through /etc/probity/probity.conf and started with systemctl, a member of
# staff signs in through an OpenID Connect provider (tests/oidc/provider.mjs,
# on the host), declares gifts while the backup unit runs, and the backup is
# restored into a fresh directory with its access log verified. Then the
# package is purged: the service is gone and the data is kept.
#
# Needs root, network access to a Debian mirror, debootstrap and
# systemd-nspawn (scripts/deps.sh installs them). A machine that cannot
# boot a container at all (not root, no namespaces) is reported as
# "SKIPPED" with the reason before anything is installed into it; every
# failure once its systemd is running is a test failure.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1
MIRROR=${PROBITY_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=$ROOT/build/fresh
R=$TMP/root
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL=http://127.0.0.1:$PORT

skip() { echo "fresh-debian12: SKIPPED ($1)"; echo "0 passed, 0 failed"; exit 0; }
[ "$(id -u)" = 0 ] || skip "not root"
command -v debootstrap >/dev/null || skip "debootstrap is not installed"
command -v systemd-nspawn >/dev/null || skip "systemd-nspawn is not installed"

# ---- a fresh Debian 12 root (debootstrap's output cached as a tarball; each
# run unpacks a pristine copy) ----
mkdir -p "$CACHE"
if [ ! -s "$CACHE/bookworm.tar" ]; then
	rm -rf "$CACHE/new"
	if ! debootstrap --variant=minbase --include=systemd,systemd-sysv,dbus,ca-certificates \
		bookworm "$CACHE/new" "$MIRROR" >"$TMP/debootstrap.log" 2>&1; then
		tail -5 "$TMP/debootstrap.log"
		skip "debootstrap could not reach $MIRROR"
	fi
	tar -C "$CACHE/new" -cf "$CACHE/bookworm.tar.part" . && mv "$CACHE/bookworm.tar.part" "$CACHE/bookworm.tar"
	rm -rf "$CACHE/new"
fi
mkdir -p "$R"
tar -C "$R" -xf "$CACHE/bookworm.tar" || skip "cannot unpack the Debian root"
# a real Debian 12 install has its updates and security suites enabled
cat >"$R/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
echo "fresh-debian12" >"$R/etc/hostname"

# ---- the package ----
DEB=$(sh scripts/deb.sh "$BIN" "$TMP" 2>"$TMP/deberr")
[ -f "$DEB" ] && ok "the package builds" || { fail "the package builds" "$(cat "$TMP/deberr")"; finish; exit 1; }
cp "$DEB" "$R/root/probity.deb"
cp tests/fixtures/hr.csv "$R/srv/hr.csv"; chmod 0644 "$R/srv/hr.csv"

# ---- boot it ----
mkdir -p /run/systemd/nspawn
systemd-nspawn -q -D "$R" -b --register=no --keep-unit -M "probity-fresh-$$" >"$TMP/boot.log" 2>&1 </dev/null &
NSPAWN=$!
cleanup() {
	[ -n "$IDPPID" ] && kill "$IDPPID" 2>/dev/null
	[ -n "$LEADER" ] && nsenter -t "$LEADER" -a -- /bin/systemctl poweroff >/dev/null 2>&1
	for _ in $(seq 1 100); do kill -0 "$NSPAWN" 2>/dev/null || break; sleep 0.1; done
	kill "$NSPAWN" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
# the container's PID 1 is systemd-nspawn's child whose command is systemd
# (nspawn forks through an intermediate child first: look again each time)
leader() {
	for p in $(ps -o pid= --ppid "$NSPAWN" 2>/dev/null); do
		[ "$(cat /proc/$p/comm 2>/dev/null)" = systemd ] && { echo "$p"; return; }
	done
}
# inside: run a shell command inside the booted Debian, as root
inside() { nsenter -t "$LEADER" -a -- /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 /bin/sh -c "$1"; }
LEADER=""
state=""
for _ in $(seq 1 600); do
	kill -0 "$NSPAWN" 2>/dev/null || break
	LEADER=$(leader)
	if [ -n "$LEADER" ]; then
		state=$(inside "systemctl is-system-running" 2>/dev/null)
		case "$state" in running|degraded) break;; esac
	fi
	sleep 0.2
done
if [ -z "$LEADER" ]; then
	tail -5 "$TMP/boot.log"
	skip "this machine cannot boot a container"
fi
case "$state" in
running|degraded) ok "a fresh Debian 12 boots under systemd ($state)";;
*) tail -5 "$TMP/boot.log"; skip "the container's systemd did not come up in 120 s (state: ${state:-none})";;
esac
expect "it is Debian 12" 12 "$(inside '. /etc/os-release; echo $VERSION_ID')"
expect "nothing of Probity's is there before" "" "$(inside 'command -v probity; getent passwd probity')"

# ---- apt install ----
if inside "apt-get update -q >/root/apt.log 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q /root/probity.deb >>/root/apt.log 2>&1"; then
	ok "apt install ./probity_VERSION_amd64.deb on a fresh Debian 12"
else
	fail "apt install ./probity_VERSION_amd64.deb on a fresh Debian 12" "$(tail -15 "$R/root/apt.log")"
	finish; exit 1
fi
expect "probity --version runs" "$("$BIN" --version)" "$(inside 'probity --version')"
check_has "the probity system user exists" "$R/etc/passwd" "probity:"
expect "/var/lib/probity belongs to it" "probity probity 750" "$(inside 'stat -c "%U %G %a" /var/lib/probity')"
expect "nothing was enabled or started by the install" "inactive disabled" "$(inside 'systemctl is-active probity; systemctl is-enabled probity' | tr '\n' ' ' | sed 's/ $//')"

# ---- the identity provider (on the host; the container shares its network) ----
PP=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
IDP=http://127.0.0.1:$PP
node tests/oidc/provider.mjs "$PP" probity-fresh fresh-secret-for-tests "$URL/login/sso/callback" >"$TMP/idp.log" 2>&1 &
IDPPID=$!
for _ in $(seq 1 100); do grep -q listening "$TMP/idp.log" && break; sleep 0.1; done
grep -q listening "$TMP/idp.log" && ok "the identity provider started" || fail "the identity provider started" "$(cat "$TMP/idp.log")"
curl -s -o /dev/null -X POST -d '{"claims": {"sub": "u-1003", "employee_id": "1003"}, "mode": "good"}' "$IDP/control"

# ---- configure, as the ICT team would (docs/deploy.md) ----
inside "printf '%s\n' fresh-secret-for-tests >/etc/probity/oidc-secret && chown root:probity /etc/probity/oidc-secret && chmod 0640 /etc/probity/oidc-secret"
# the port in place of the packaged one; the sign-in settings added
inside "sed -i 's/^port = .*/port = $PORT/' /etc/probity/probity.conf && cat >>/etc/probity/probity.conf" <<EOF

# added by tests/fresh/debian12.sh
public_url = $URL
oidc_issuer = $IDP
oidc_client_id = probity-fresh
oidc_client_secret_file = /etc/probity/oidc-secret
oidc_claim = employee_id
oidc_match = staff_number
EOF
check "probity config check passes the configuration file" inside "runuser -u probity -- env PROBITY_CONFIG=/etc/probity/probity.conf probity config check"
P="runuser -u probity -- env PROBITY_CONFIG=/etc/probity/probity.conf probity"
check "init as the probity user" inside "cd /var/lib/probity && $P init"
check "the HR feed imports" inside "cd /var/lib/probity && $P people import /srv/hr.csv"
check "an account for staff number 1003" inside "cd /var/lib/probity && printf '%s\n' correct-horse-battery >/tmp/pw && chmod 644 /tmp/pw && $P user add priya --password-file /tmp/pw --staff-number 1003 && rm /tmp/pw"

# ---- systemd ----
check "systemctl enable --now probity" inside "systemctl enable --now probity.service"
expect "the service is active (Type=notify: ready means answering)" active "$(inside 'systemctl is-active probity.service')"
expect "it runs as the probity user" probity "$(inside 'stat -c %U /proc/$(systemctl show -p MainPID --value probity.service)')"
expect "/healthz answers at once" 200 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/healthz")"
expect "/readyz: migrations current, disk free" 200 "$(curl -s -o /dev/null -w "%{http_code}" "$URL/readyz")"
inside "journalctl -u probity.service --no-pager" >"$TMP/journal"
check_has "its JSON request lines are in the journal" "$TMP/journal" '"route":"/healthz"'

# ---- a member of staff signs in through the identity provider ----
hdr() { sed -n "s/^$1: //Ip" "$2" | tr -d '\r' | head -1; }
J=$TMP/priya.jar
curl -s -o /dev/null -D "$TMP/h1" -c "$J" -b "$J" "$URL/login/sso?next=/gifts/mine"
curl -s -o /dev/null -D "$TMP/h2" "$(hdr Location "$TMP/h1")"
expect "the provider sends her back with a code" 303 "$(curl -s -o /dev/null -D "$TMP/h3" -c "$J" -b "$J" -w "%{http_code}" "$(hdr Location "$TMP/h2")")"
expect "to the page she asked for" "/gifts/mine" "$(hdr Location "$TMP/h3")"
expect "her session works" 200 "$(curl -s -o "$TMP/page" -b "$J" -w "%{http_code}" "$URL/gifts/mine")"
check_has "signed in as Priya Nair" "$TMP/page" "Priya Nair"

# ---- a backup taken by the backup unit while she declares gifts ----
DB=$R/var/lib/probity/probity.db
T=$(curl -s -b "$J" "$URL/gifts/new" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' | head -1)
BEFORE=$(sqlite3 "$DB" "select count(*) from gifts")
N=80
(
	i=0
	while [ $i -lt $N ]; do
		curl -s -o /dev/null -b "$J" --data-urlencode "csrf=$T" \
			--data-urlencode "submit_key=$(printf '%064d' $i)" --data-urlencode "accepted=yes" \
			--data-urlencode "kind=hospitality" --data-urlencode "date_offered=2025-05-01" \
			--data-urlencode "offeror_org=Load Test Ltd" --data-urlencode "description=Lunch" \
			--data-urlencode "value=12.00" --data-urlencode "reason=Meeting" "$URL/gifts"
		i=$((i + 1))
	done
) &
LOAD=$!
for _ in $(seq 1 200); do [ "$(sqlite3 "$DB" "select count(*) from gifts")" -gt "$BEFORE" ] && break; sleep 0.05; done
check "systemctl start probity-backup.service while she declares" inside "systemctl start probity-backup.service"
wait $LOAD
AFTER=$(sqlite3 "$DB" "select count(*) from gifts")
expect "every declaration was stored" $((BEFORE + N)) "$AFTER"
B=$(inside "ls -t /var/backups/probity/*.db | head -1")
[ -n "$B" ] && ok "the backup is in /var/backups/probity ($B)" || fail "the backup is in /var/backups/probity" "$(inside 'journalctl -u probity-backup.service --no-pager | tail -5')"
INB=$(sed -n 's/^  *"gifts": \([0-9]*\).*/\1/p' "$R$B.manifest")
[ -n "$INB" ] && [ "$INB" -gt "$BEFORE" ] && ok "the backup holds declarations made while it ran ($INB of $AFTER)" ||
	fail "the backup holds declarations made while it ran" "before $BEFORE, backup $INB, after $AFTER"
check "probity backup --verify passes" inside "$P backup --verify $B"

# ---- restored into a fresh directory, the access log verified ----
inside "install -d -o probity -g probity -m 0750 /var/lib/probity-restore && install -o probity -g probity -m 0600 /var/lib/probity/probity.db.logkey /var/lib/probity-restore/r.db.logkey"
check "probity restore into a fresh directory" inside "cd /var/lib/probity-restore && runuser -u probity -- env PROBITY_CONFIG=/dev/null probity --db /var/lib/probity-restore/r.db restore $B"
check "the restored access log verifies" inside "cd /var/lib/probity-restore && runuser -u probity -- env PROBITY_CONFIG=/dev/null probity --db /var/lib/probity-restore/r.db verify-log"
expect "the restore has the backup's gifts" "$INB" "$(sqlite3 "$R/var/lib/probity-restore/r.db" "select count(*) from gifts")"
expect "and her sign-in through the provider" 1 "$(sqlite3 "$R/var/lib/probity-restore/r.db" "select count(*) from access_log where action = 'login' and outcome = 'ok' and detail like 'sso:%'")"

# ---- the timers are there for the administrator to enable ----
for t in probity-backup.timer probity-retention.timer probity-notify.timer; do
	expect "$t is installed, not enabled" disabled "$(inside "systemctl is-enabled $t")"
done

# ---- purge ----
check "apt purge probity" inside "DEBIAN_FRONTEND=noninteractive apt-get purge -y -q probity >/root/purge.log 2>&1"
expect "the service is gone" "" "$(inside 'systemctl list-unit-files probity.service --no-legend')"
[ -f "$DB" ] && ok "the data is kept after a purge" || fail "the data is kept after a purge"
finish
