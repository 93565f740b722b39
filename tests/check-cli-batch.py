#!/usr/bin/env python3
"""CLI check of `pcf batch`, on the shipped example models:

- every record's result is byte for byte the document `pcf calc MODEL --format json` prints,
  with the whitespace between tokens removed (also with --mc, against `pcf calc --mc N --seed
  <the record's seed>`), for models given inline and as {"path": ...};
- 1% broken lines (2 of 200: malformed JSON, an unknown factor code) get error records naming
  their line, the other 198 are computed, and the exit status is 1;
- --threads 1, 2 and 3 write the same bytes;
- a run killed with SIGKILL mid-way (its input fed through a pipe, so the kill lands while lines
  are in flight) and finished with --resume gives the uninterrupted output: no line lost or
  repeated; a torn last line is cut off first; a resume against another input is refused;
- misuse exits 2.
Usage: check-cli-batch.py PCF FACTORS_DB SOURCE_ROOT"""
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

pcf, db, root = sys.argv[1:4]
models = sorted(pathlib.Path(root, "examples", "models").glob("*.json"))
failed = 0


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print("FAIL:", what)


def compact(text):
    """JSON text without the whitespace between tokens (strings untouched)."""
    out, in_str, esc = [], False, False
    for c in text:
        if in_str:
            out.append(c)
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif c not in " \n\r\t":
            out.append(c)
    return "".join(out)


def calc(model, *args):
    r = subprocess.run([pcf, "calc", str(model), "--db", db, "--quiet", "--format", "json", *args],
                       capture_output=True, text=True, check=True)
    return compact(r.stdout)


def batch(input_path, *args, expect=None):
    r = subprocess.run([pcf, "batch", str(input_path), "--db", db, *args], capture_output=True,
                       text=True)
    if expect is not None:
        check(r.returncode == expect, f"pcf batch {' '.join(args)} exited {r.returncode}, "
                                      f"expected {expect}: {r.stderr}")
    return r


def result_text(record_line):
    """The bytes of the record's "result" value (it is the last member)."""
    i = record_line.index(',"result":')
    check(record_line.endswith("}"), "a record does not end with }")
    return record_line[i + len(',"result":'):-1]


def inline(model, new_id=None):
    doc = json.loads(model.read_text())
    if new_id:
        doc["products"][0]["id"] = new_id
    return json.dumps(doc, ensure_ascii=False)


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)

    # 1. Byte equality with single runs: inline and by path (relative to the input's folder).
    src = tmp / "examples.jsonl"
    lines = [inline(m) for m in models]
    rel = os.path.relpath(models[0], tmp)
    lines.append(json.dumps({"path": rel}))
    src.write_text("\n".join(lines) + "\n")
    out = batch(src, expect=0).stdout.splitlines()
    check(len(out) == len(lines), f"{len(out)} records for {len(lines)} lines")
    singles = [calc(m) for m in models] + [calc(models[0])]
    for n, (rec, want) in enumerate(zip(out, singles), 1):
        j = json.loads(rec)
        check(j["line"] == n and j["status"] == "ok", f"record {n}: {rec[:120]}")
        check(j["id"] == j["result"]["product"]["id"], f"record {n}: id is not the product id")
        check(result_text(rec) == want, f"line {n}: the result differs from pcf calc's")

    # ... and with Monte Carlo: the record's seed reproduces the numbers with pcf calc.
    mc = batch(src, "--mc", "300", "--seed", "42", expect=0).stdout.splitlines()
    for n in (1, 3):
        j = json.loads(mc[n - 1])
        want = calc(models[n - 1], "--mc", "300", "--seed", str(j["seed"]))
        check(result_text(mc[n - 1]) == want, f"line {n}: --mc result differs from pcf calc's")
        check(j["result"]["monte_carlo"]["seed"] == j["seed"], "the seed is not the one used")
    # the seed depends on the model id and the base seed only, not on the line
    rev = tmp / "reversed.jsonl"
    rev.write_text("\n".join(reversed(lines)) + "\n")
    mc_rev = batch(rev, "--mc", "300", "--seed", "42", expect=0).stdout.splitlines()
    check(result_text(mc_rev[-2]) == result_text(mc[1]),
          "the same model gives other Monte Carlo numbers at another place in the input")

    # 2. 200 lines, 2 broken (1%): error records for them, the other 198 computed.
    many = tmp / "many.jsonl"
    rows = [inline(models[i % len(models)], f"p{i + 1}") for i in range(200)]
    rows[49] = rows[49][:-20]  # line 50: cut short, malformed JSON
    bad = json.loads(rows[149])
    bad["products"][0]["stages"]["materials"][0]["factor"] = "no-such:factor"
    rows[149] = json.dumps(bad, ensure_ascii=False)  # line 150: an unknown factor code
    many.write_text("\n".join(rows) + "\n")
    r = batch(many, "--threads", "2", expect=1)
    recs = [json.loads(x) for x in r.stdout.splitlines()]
    check([x["line"] for x in recs] == list(range(1, 201)), "records are not lines 1..200")
    errs = [x for x in recs if x["status"] == "error"]
    check([x["line"] for x in errs] == [50, 150], f"error lines {[x['line'] for x in errs]}")
    check(errs and errs[0]["error"]["code"] == "PCF_ERR_PARSE" and
          errs[0]["error"].get("line") == 50, "line 50's error does not name its line")
    check(len(errs) == 2 and errs[1]["id"] == "p150" and "no-such:factor" in json.dumps(errs[1]),
          "line 150's error does not name the missing factor")
    oks = [x for x in recs if x["status"] == "ok"]
    check(len(oks) == 198, f"{len(oks)} lines computed, expected 198")
    check(all(x["id"] == f"p{x['line']}" for x in oks), "an id does not match its line")
    check("198 ok, 2 failed" in r.stderr, f"summary: {r.stderr}")
    check("\r" not in r.stderr, "progress was drawn although stderr is not a terminal")

    # 3. Thread counts write the same bytes.
    outs = [batch(many, "--threads", str(t), "--mc", "50").stdout for t in (1, 2, 3)]
    check(outs[0] == outs[1] == outs[2], "--threads 1, 2 and 3 write different records")

    # 4. Kill mid-run, then --resume. The killed run reads "many.jsonl" in folder k/, a FIFO
    # the test feeds, so the kill lands while lines are in flight; error records name the
    # input as given, so every run here names it "many.jsonl" from its own folder.
    def batch_in(cwd, *args):
        return subprocess.run([pcf, "batch", "many.jsonl", "--db", db, *args], cwd=cwd,
                              capture_output=True, text=True)

    r = batch_in(tmp, "-o", "full.jsonl")
    check(r.returncode == 1, f"the full run exited {r.returncode}")
    want = (tmp / "full.jsonl").read_text()
    kdir = tmp / "k"
    kdir.mkdir()
    os.mkfifo(kdir / "many.jsonl")
    part = tmp / "part.jsonl"
    p = subprocess.Popen([pcf, "batch", "many.jsonl", "--db", db, "-o", str(part),
                          "--threads", "2"], cwd=kdir, stderr=subprocess.DEVNULL)
    fifo = open(kdir / "many.jsonl", "w")
    fifo.write("\n".join(rows[:120]) + "\n")
    fifo.flush()
    deadline = time.time() + 60
    while time.time() < deadline:  # wait until some records are out, then kill
        if part.exists() and part.read_text().count("\n") >= 40:
            break
        time.sleep(0.02)
    p.send_signal(signal.SIGKILL)
    p.wait()
    try:
        fifo.close()
    except BrokenPipeError:
        pass
    got = part.read_text()
    n_before = got.count("\n")
    check(40 <= n_before < 200, f"the killed run wrote {n_before} records")
    check(want.startswith(got), "the killed run's records are not a prefix of the full output")
    with open(part, "a") as f:  # a torn record, as a kill during a write leaves
        f.write('{"line":%d,"id":"p%d","sta' % (n_before + 1, n_before + 1))
    r = batch_in(tmp, "-o", str(part), "--resume", "--threads", "2")
    check(r.returncode == 1, "the resumed run does not report the failed lines")
    check(part.read_text() == want, "resumed output differs from the uninterrupted one")
    check(f"{n_before} already done" in r.stderr and "torn last line" in r.stderr,
          f"resume summary: {r.stderr}")
    # resuming a finished file computes nothing, and still says 2 lines failed
    r = batch_in(tmp, "-o", str(part), "--resume")
    check(r.returncode == 1 and part.read_text() == want and
          "0 ok, 0 failed, 200 already done (2 of them failed)" in r.stderr,
          f"resuming a complete file: {r.stderr}")
    # the output of another input is refused, and left as it was
    r = batch(src, "-o", str(part), "--resume", expect=1)
    check("another input" in r.stderr and part.read_text() == want,
          f"resume against another input: {r.stderr}")

    # 5. Misuse.
    batch(src, "--resume", expect=2)
    batch(src, "--threads", "0", expect=2)
    batch(src, "--seed", "3", expect=2)
    batch(src, "--bogus", expect=2)
    batch(src, str(src), expect=2)
    r = subprocess.run([pcf, "batch", "--help"], capture_output=True, text=True)
    check(r.returncode == 0 and "--resume" in r.stdout, "pcf batch --help")

print("cli-batch:", "FAILED" if failed else "ok")
sys.exit(1 if failed else 0)
