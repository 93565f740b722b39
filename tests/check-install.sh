#!/bin/sh
# Done-when of the foundation: after `meson install --destdir`, a program outside the tree builds
# against libpcf with `pkg-config --cflags --libs pcf` alone, and runs.
set -eu
build="$1"
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >/dev/null
pc=$(find "$dest" -name pcf.pc | head -n 1)
[ -n "$pc" ] || { echo "pcf.pc not installed"; exit 1; }
prefix=$(pkg-config --variable=prefix "$pc")
export PKG_CONFIG_PATH="$(dirname "$pc")"
export PKG_CONFIG_SYSROOT_DIR="$dest"
cat > "$dest/consumer.c" <<'C'
#include <pcf/pcf.h>
#include <stdio.h>
int main(void)
{
    double kg;
    if (pcf_unit_convert(2.5, "t", "kg", &kg, NULL) != PCF_OK || kg != 2500.0)
        return 1;
    printf("pcf %s: 2.5 t = %g kg\n", pcf_version_string(), kg);
    return pcf_version() == PCF_VERSION_NUMBER ? 0 : 1;
}
C
cc -std=c11 -Wall -Werror "$dest/consumer.c" -o "$dest/consumer" $(pkg-config --cflags --libs pcf)
LD_LIBRARY_PATH="$dest$prefix/lib:$dest$prefix/lib/$(cc -print-multiarch 2>/dev/null || true)" "$dest/consumer"
