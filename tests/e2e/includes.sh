#!/bin/sh
# The tree is the architecture: each layer includes only the layers below it
# (docs/ARCHITECTURE.md). core needs nothing; store sits on core; the audit
# engine on core; the domain on store, core and the engine; the demo fixtures
# (src/demo, which write tables directly) on the domain; the web layer on the
# domain and never the demo; the CLI may use any of them (it is the top). A
# file that includes upwards fails here, named with its line.
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1

allowed() { # LAYER: the include folders it may use
	case $1 in
	core) echo "core" ;;
	store) echo "core store" ;;
	audit) echo "core audit" ;;
	domain) echo "core store audit domain" ;;
	demo) echo "core store audit domain demo" ;;
	web) echo "core store domain web" ;;
	esac
}

for layer in core store audit domain demo web; do
	ok_dirs=$(allowed $layer)
	bad=""
	for f in src/$layer/*.c src/$layer/*.h; do
		[ -f "$f" ] || continue
		bad="$bad$(grep -n '^#include "[a-z_]*/' "$f" | while IFS= read -r line; do
			dir=$(echo "$line" | sed 's/^[0-9]*:#include "\([a-z_]*\)\/.*/\1/')
			case " $ok_dirs " in *" $dir "*) ;; *) printf '%s:%s ' "$f" "${line%%:*}" ;; esac
		done)"
	done
	if [ -z "$bad" ]; then ok "src/$layer includes only $ok_dirs"; else fail "src/$layer includes only $ok_dirs" "$bad"; fi
done

# The rule holds of something: the demo layer exists and the web layer uses the domain.
[ -f src/demo/demo.h ] && grep -q '#include "domain/' src/web/gifts_pages.c && ok "layers found" || fail "layers found"
finish
