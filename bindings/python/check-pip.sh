#!/bin/sh
# Done-when of the Python package: `pip install --no-build-isolation --no-index .` works with
# Debian's python3 + python3-mesonpy in a venv, and the installed package computes.
# Skips (77) when python3-mesonpy or python3-venv is not installed.
# Usage: check-pip.sh PYTHON SOURCE_ROOT
set -eu
py="$1"
src="$2"
"$py" -c 'import mesonpy' 2>/dev/null || { echo "python3-mesonpy not installed: skipped"; exit 77; }
"$py" -c 'import ensurepip' 2>/dev/null || { echo "python3-venv not installed: skipped"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Build from a copy, so meson-python's files never land in the checkout another test may read.
mkdir "$tmp/src"
(cd "$src" && tar cf - --exclude='./build*' --exclude='./.git' --exclude='./.mesonpy*' .) |
    (cd "$tmp/src" && tar xf -)
"$py" -m venv --system-site-packages "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --no-build-isolation --no-index --no-cache-dir "$tmp/src"
cd "$tmp"
"$tmp/venv/bin/python" - "$src" <<'PY'
import os, sys
import pcf
src = sys.argv[1]
assert pcf.__file__.startswith(sys.prefix), pcf.__file__  # the venv's copy, not the build dir
# PEP 561: the type stubs and the marker install with the package
pkg = os.path.dirname(pcf.__file__)
assert os.path.isfile(os.path.join(pkg, "__init__.pyi")), os.listdir(pkg)
assert os.path.isfile(os.path.join(pkg, "py.typed")), os.listdir(pkg)
# 2.5 t = 2500 kg / 0.45359237 kg per lb (exact by definition) = 5511.5565546219... lb
v = pcf.convert(2.5, "t", "lb")
assert abs(v - 2500 / 0.45359237) < 1e-9, v
# The wheel carries the shipped factors.db inside the package, found without PCF_DB.
os.environ.pop("PCF_DB", None)
assert pcf.find_db() == os.path.join(os.path.dirname(pcf.__file__), "factors.db"), pcf.find_db()
print("pip-installed pcf", pcf.version(), "from", os.path.dirname(pcf.__file__))
# The README's three lines.
model = os.path.join(src, "examples", "models", "led-luminaire.json")
if os.path.exists(model):
    with pcf.open_db() as db:
        print(pcf.Model.from_json(model).calculate(db).total)
PY
