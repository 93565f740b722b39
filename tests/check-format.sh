#!/bin/sh
# Lint: C sources match .clang-format. Skips (77) without clang-format.
root="$1"
command -v clang-format >/dev/null 2>&1 || { echo "clang-format not installed: skipped"; exit 77; }
cd "$root" || exit 1
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find lib include cli tests examples bindings -name '*.[ch]')
[ -n "$files" ] || files=$(find lib include cli tests examples bindings -name '*.[ch]' 2>/dev/null)
clang-format --dry-run --Werror $files && echo "format check: $(echo "$files" | wc -w) files clean"
