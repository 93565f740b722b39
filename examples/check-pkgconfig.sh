#!/bin/sh
# The examples build outside the tree with pkg-config flags alone (STYLE.md rule 38): install
# into a temporary root, then compile erp.c and certify.c exactly as their README says.
set -eu
build="$1"
src="$2"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null
pc=$(find "$dest" -name pcf.pc | head -n 1)
[ -n "$pc" ] || { echo "pcf.pc not installed"; exit 1; }
export PKG_CONFIG_PATH="$(dirname "$pc")"
export PKG_CONFIG_SYSROOT_DIR="$dest"
cc -std=c11 -Wall -Wextra -Werror -o "$dest/pcf-erp" "$src/erp/erp.c" \
    $(pkg-config --cflags --libs pcf sqlite3 nettle)
cc -std=c11 -Wall -Wextra -Werror -o "$dest/pcf-certify" "$src/certify/certify.c" \
    "$src/certify/jcs.c" "$src/certify/keys.c" \
    $(pkg-config --cflags --libs pcf jansson nettle hogweed gsl) -lm
echo "pcf-erp and pcf-certify build with pkg-config pcf alone"
