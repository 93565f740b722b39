#!/usr/bin/env python3
"""Every C file of the build compiles warning-free under clang too (issue 15: the fuzz build needs
clang, and clang warns where gcc does not, e.g. -Wstring-concatenation, -Wfor-loop-analysis).
Reads the build's compile_commands.json and runs each command with clang, -fsyntax-only and
-Werror (the project's own flags; warnings only gcc knows are ignored). Front-end checks only: no
objects are written, so it costs a few seconds of CPU. Skipped (exit 77) when clang is not
installed (the README's test command does not install it).
Usage: check-clang-warnings.py BUILD_DIR [CLANG]"""
import concurrent.futures
import json
import os
import shlex
import shutil
import subprocess
import sys

SKIP = {"-o", "-MF", "-MQ", "-MT"}  # options followed by a value we drop
DROP = {"-MD", "-MMD", "-c", "-pipe"}


def clang_command(clang, command):
    args = shlex.split(command)
    out, skip = [clang], False
    for a in args[1:]:
        if skip:
            skip = False
        elif a in SKIP:
            skip = True
        elif a not in DROP:
            out.append(a)
    return out + ["-fsyntax-only", "-Werror", "-Wno-unknown-warning-option"]


def main():
    build = sys.argv[1]
    clang = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else shutil.which("clang")
    if not clang:
        print("skipped: clang is not installed")
        return 77
    entries = [e for e in json.load(open(os.path.join(build, "compile_commands.json")))
               if e["file"].endswith(".c")]

    def run(e):
        r = subprocess.run(clang_command(clang, e["command"]), cwd=e["directory"],
                           capture_output=True, text=True)
        return e["file"], r.returncode, r.stderr

    bad = 0
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        for name, rc, err in pool.map(run, entries):
            if rc != 0:
                bad += 1
                print("%s: clang -Werror fails:\n%s" % (name, err))
    print("%d of %d C files compile warning-free under %s" % (len(entries) - bad, len(entries),
                                                              clang))
    return 1 if bad else 0


sys.exit(main())
