#!/usr/bin/env python3
"""ABI check (STYLE.md rule 27a): the symbols libpcf exports (nm -D --defined-only), the names in
lib/libpcf.map and the PCF_API declarations in include/pcf/*.h must be the same set. A public
declaration keeps PCF_API and the function name on one line.
Usage: check-symbols.py LIBPCF.so SOURCE_ROOT"""
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
print(f"{len(exported)} exported, {len(declared)} declared, {len(mapped)} mapped")
sys.exit(0 if ok else 1)
