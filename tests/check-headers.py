#!/usr/bin/env python3
"""ABI check: every public header compiles on its own as strict C11, and the
umbrella header also as C++. Usage: check-headers.py CC CXX SRC_INCLUDE BUILD_INCLUDE"""
import pathlib
import subprocess
import sys
import tempfile

cc, cxx, src_inc, build_inc = sys.argv[1:5]
headers = sorted(p.name for p in pathlib.Path(src_inc, "pcf").glob("*.h")) + ["version.h"]
failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for h in headers:
        f = pathlib.Path(tmp, "t.c")
        f.write_text(f"#include <pcf/{h}>\nint main(void) {{ return 0; }}\n")
        r = subprocess.run([cc, "-std=c11", "-pedantic", "-Wall", "-Wextra", "-Werror",
                            "-I", src_inc, "-I", build_inc, "-c", str(f), "-o", str(f) + ".o"],
                           capture_output=True, text=True)
        if r.returncode:
            failed += 1
            print(f"pcf/{h} does not compile alone as C11:\n{r.stderr}")
    if cxx:
        f = pathlib.Path(tmp, "t.cc")
        f.write_text("#include <pcf/pcf.h>\nint main() { return pcf_version() > 0 ? 0 : 1; }\n")
        r = subprocess.run([cxx, "-std=c++11", "-pedantic", "-Wall", "-Wextra", "-Werror",
                            "-I", src_inc, "-I", build_inc, "-c", str(f), "-o", str(f) + ".o"],
                           capture_output=True, text=True)
        if r.returncode:
            failed += 1
            print(f"pcf/pcf.h does not compile as C++:\n{r.stderr}")
print(f"{len(headers)} headers checked, {failed} failed")
sys.exit(1 if failed else 0)
