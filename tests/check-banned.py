#!/usr/bin/env python3
"""Lint: the library never prints, exits, aborts, parses by the locale or
touches process-global state. A line may use a banned call only with a comment containing
"allowed:" and the reason. Usage: check-banned.py LIB_DIR"""
import pathlib
import re
import sys

BANNED = ["printf", "fprintf", "puts", "fputs", "perror", "exit", "abort", "atoi", "atof", "atol",
          "strtod", "strtok", "sprintf", "vsprintf", "strcpy", "strcat", "gets", "rand", "srand",
          "setlocale", "getenv", "system", "gsl_set_error_handler", "gsl_set_error_handler_off",
          "gsl_rng_env_setup", "sqlite3_config", "assert_se", "strerror", "signal", "atexit"]
pat = re.compile(r"(?<![A-Za-z0-9_.>])(" + "|".join(BANNED) + r")\s*\(")
bad = 0
for f in sorted(pathlib.Path(sys.argv[1]).rglob("*.[ch]")):
    in_comment = False
    for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
        code = line
        if in_comment:
            if "*/" not in code:
                continue
            code = code.split("*/", 1)[1]
            in_comment = False
        code = re.sub(r"/\*.*?\*/", "", code)
        if "/*" in code:
            code, in_comment = code.split("/*", 1)[0], True
        code = re.sub(r'"(\\.|[^"\\])*"', '""', code.split("//")[0])
        m = pat.search(code)
        if m and "allowed:" not in line:
            bad += 1
            print(f"{f}:{n}: {m.group(1)}() is banned in lib/ (the library never prints, "
                  f"exits, aborts or parses by the locale): {line.strip()}")
print(f"banned-call check: {bad} problem(s)")
sys.exit(1 if bad else 0)
