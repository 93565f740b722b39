#!/bin/sh
# The examples build outside the tree with pkg-config flags alone: install
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
# A host program as the README has it: it turns GSL's aborting error handler off itself, so
# `pkg-config --cflags --libs pcf` alone must bring GSL's headers and libraries.
cat > "$dest/host.c" <<'HOST'
#include <gsl/gsl_errno.h>
#include <pcf/pcf.h>
int main(void)
{
    gsl_set_error_handler_off();
    return pcf_version() > 0 ? 0 : 1;
}
HOST
cc -std=c11 -Wall -Wextra -Werror -o "$dest/host" "$dest/host.c" $(pkg-config --cflags --libs pcf)
# No placeholder address in the installed file.
if grep -q "example.invalid" "$pc"; then echo "pcf.pc has a placeholder URL"; exit 1; fi
echo "pcf-erp and pcf-certify build with pkg-config pcf alone"
