#!/usr/bin/env python3
"""ABI check: the symbols libpcf exports (nm -D --defined-only), the names in
lib/libpcf.map and the PCF_API declarations in include/pcf/*.h must be the same set. A public
declaration keeps PCF_API and the function name on one line. With the static library as a third
argument, every global symbol defined in it must be public API (in libpcf.map) or carry the
internal pcf__ prefix, so that linking libpcf.a into a program cannot clash with its names.
Usage: check-symbols.py LIBPCF.so SOURCE_ROOT [LIBPCF.a]"""
import pathlib
import re
import subprocess
import sys

lib, root = sys.argv[1], pathlib.Path(sys.argv[2])
out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True, text=True,
                     check=True).stdout
exported = {l.split()[-1] for l in out.splitlines() if l.split() and l.split()[-2] in "TDRB"}
exported = {s.split("@")[0] for s in exported}

mapped = set(re.findall(r"^\s+(pcf_[a-z0-9_]+);", (root / "lib/libpcf.map").read_text(), re.M))

declared = set()
for h in sorted((root / "include/pcf").glob("*.h")):
    for line in h.read_text().splitlines():
        if "PCF_API" in line and "#define" not in line:
            m = re.search(r"[ *](pcf_[a-z0-9_]+)\(", line)
            if not m:
                print(f"{h.name}: PCF_API line without a function name: {line.strip()}")
                sys.exit(1)
            declared.add(m.group(1))

ok = True
for name, a, b in (("exported but not declared", exported, declared),
                   ("declared but not exported", declared, exported),
                   ("in libpcf.map but not declared", mapped, declared),
                   ("declared but not in libpcf.map", declared, mapped)):
    diff = sorted(a - b)
    if diff:
        ok = False
        print(f"{name}: {', '.join(diff)}")
bad = sorted(s for s in exported if not s.startswith("pcf_"))
if bad:
    ok = False
    print("exported without the pcf_ prefix:", ", ".join(bad))
n_static = 0
if len(sys.argv) > 3:
    out = subprocess.run(["nm", "-g", "--defined-only", sys.argv[3]], capture_output=True,
                         text=True, check=True).stdout
    # "address type name" lines; uppercase types are global (T text, D/B/R/G/S data, C common,
    # W/V weak). Archive member headers ("file.o:") and blank lines have fewer fields.
    defined = {f[2] for f in (l.split() for l in out.splitlines()) if len(f) == 3}
    n_static = len(defined)
    # ASan marks each instrumented global with an __odr_asan.NAME symbol of its own
    stray = sorted(s for s in defined if s not in mapped and not s.startswith("pcf__")
                   and not s.startswith("__odr_asan."))
    if stray:
        ok = False
        print("global in libpcf.a but neither in libpcf.map nor pcf__-prefixed:", ", ".join(stray))
print(f"{len(exported)} exported, {len(declared)} declared, {len(mapped)} mapped"
      + (f", {n_static} global in libpcf.a" if len(sys.argv) > 3 else ""))
sys.exit(0 if ok else 1)
