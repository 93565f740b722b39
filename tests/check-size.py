#!/usr/bin/env python3
"""Lint: no C file of the library is over 1,200 lines and no function in it over 120 lines (a
file or function past that wants splitting along its seams). A function is counted from the '{'
in column 1 that opens it to the '}' in column 1 that closes it, as clang-format lays them out.
Usage: check-size.py LIB_DIR"""
import pathlib
import re
import sys

MAX_FILE_LINES = 1200
MAX_FUNCTION_LINES = 120


def long_functions(lines):
    """(name, first line, length) of each function of more than MAX_FUNCTION_LINES lines."""
    start = name = None
    for i, line in enumerate(lines):
        if line.startswith("{") and start is None:
            j = i - 1
            while j >= 0 and "(" not in lines[j]:
                j -= 1
            m = re.search(r"(\w+)\s*\(", lines[j]) if j >= 0 else None
            name, start = (m.group(1) if m else "?"), i
        elif line.startswith("}") and start is not None:
            n = i - start + 1
            if n > MAX_FUNCTION_LINES:
                yield name, start + 1, n
            start = None


def main():
    bad = 0
    for f in sorted(pathlib.Path(sys.argv[1]).glob("*.c")):
        lines = f.read_text(encoding="utf-8", errors="replace").split("\n")
        n = len(lines) - (1 if lines and lines[-1] == "" else 0)
        if n > MAX_FILE_LINES:
            print(f"{f}: {n} lines, more than {MAX_FILE_LINES}: split it along its seams")
            bad += 1
        for name, first, length in long_functions(lines):
            print(f"{f}:{first}: function {name} is {length} lines, more than "
                  f"{MAX_FUNCTION_LINES}: split it")
            bad += 1
    if bad:
        print(f"{bad} size problem(s)")
        return 1
    print("every file in", sys.argv[1], "is within", MAX_FILE_LINES, "lines and every function within",
          MAX_FUNCTION_LINES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
