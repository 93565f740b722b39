#!/usr/bin/env python3
"""The CFP study report (`pcf report`).

For every example model, in English and Chinese: the HTML has every section of an ISO 14067
clause 7 / GB/T 24067-2024 study report, every <svg> is well-formed XML, nothing is loaded from
outside, and the Chinese report holds no English word except names and codes (every name the
model, the factor database or the study gives is taken out before looking). With a study file
and Monte Carlo, the study's fields, the verification block and the uncertainty section appear.
Then headless Chromium: a screenshot of the Chinese report and PDFs (zh and en) through
`pcf report --format pdf`; pdftotext must find every Chinese section heading, and the first page
must not be blank.

Usage: check-study-report.py PCF FACTORS_DB MODELS_DIR STUDY_JSON OUT_DIR
Exit 77 (skipped) for the Chromium part when chromium or poppler-utils are missing."""
import glob
import html
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SECTIONS = ["general", "goal", "scope", "inventory", "results", "interpretation", "limitations",
            "verification", "appendix"]
ZH_HEADINGS = ["1 一般信息", "2 研究目的", "3 研究范围", "4 生命周期清单分析", "5 结果",
               "6 结果解释", "7 局限性", "8 核查", "附录：审计追踪"]
# Codes that stay as they are in a Chinese text.
CODES = {"ISO", "GB/T", "GWP", "GWP100", "CO2", "CH4", "N2O", "SF6", "NF3", "AR4", "AR5", "AR6",
         "pcf", "SHA", "EU", "CFP", "ρ", "dLUC", "Annex", "UN"}


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def run(cmd, rc=0):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != rc:
        fail(f"{' '.join(cmd)} exited {p.returncode}, expected {rc}\n{p.stdout}\n{p.stderr}")
    return p


def names_from(pcf, db, model):
    """Every text the report may show as given: names, codes, dataset and licence texts."""
    res = json.loads(run([pcf, "calc", model, "--db", db, "--format", "json"]).stdout)
    out = set()
    prod = res["product"]
    out.add(prod["id"])
    out.add(prod.get("declared_unit", {}).get("description", ""))
    for v in (prod.get("name") or {}).values():
        out.add(v)
    for a in res["activities"]:
        out.update([a["name"], a.get("product_id", ""), a.get("path", "")])
    for line in res["lines"]:
        for k in ("factor_name", "factor_code", "dataset", "dataset_version", "region_used",
                  "region_requested", "gwp_basis", "layer"):
            out.add(str(line.get(k) or ""))
    con = sqlite3.connect(db)
    for row in con.execute("SELECT name, version, publisher, license, attribution FROM datasets"):
        out.update(row)
    for (lic,) in con.execute("SELECT DISTINCT license FROM factors"):
        out.add(lic)
    con.close()
    # a battery under the eu-battery regime: the declaration's section shows the texts of the
    # model's "battery" section (manufacturer, model, plant, study link, sources) as given
    def texts(v):
        if isinstance(v, str):
            yield v
        elif isinstance(v, dict):
            for x in v.values():
                yield from texts(x)
        elif isinstance(v, list):
            for x in v:
                yield from texts(x)
    with open(model, encoding="utf-8") as f:
        out.update(texts(json.load(f).get("battery", {})))
    # the Monte Carlo drivers name activities with their JSON path: "name ($.path)"
    out.update(f"{a['name']} ({a.get('path', '')})" for a in res["activities"])
    # texts the library itself writes for a factor without a name or dataset of its own are not
    # names: the Chinese report must say them in Chinese
    out -= {"own factor", "own data", "supplier PCF"}
    return sorted((n for n in out if n), key=len, reverse=True)


def visible_text(page):
    page = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", "\n", page)
    return html.unescape(page)


def english_left(page, names):
    """English words of the Chinese report once every given name is taken out."""
    text = visible_text(page)
    # names cut with an ellipsis in charts: take out each "start…" whose start begins a name
    def cut(m):
        head = m.group(1).strip()
        return " " if any(n.startswith(head) for n in names) else m.group(0)
    text = re.sub(r"([^\n]{1,200})…", cut, text)
    for n in names:
        text = text.replace(n, " ")
    text = re.sub(r"\b[0-9a-f]{16,}\b", " ", text)  # digests and key fingerprints are codes
    words = re.findall(r"[A-Za-z][A-Za-z]{2,}", text)
    return sorted({w for w in words if w not in CODES})


def check_html(page, label):
    for sid in SECTIONS:
        if f'<section id="{sid}">' not in page:
            fail(f"{label}: section {sid} missing")
    if "<script" in page or re.search(r'(src|href)="https?:', page):
        fail(f"{label}: script or external resource")
    for i, svg in enumerate(re.findall(r"<svg.*?</svg>", page, flags=re.S)):
        try:
            ET.fromstring(svg)
        except ET.ParseError as e:
            fail(f"{label}: svg {i} is not well-formed XML: {e}")
    if "standards.md" in page:
        fail(f"{label}: cites a file outside the project")


def html_part(pcf, db, models_dir, study, out):
    models = sorted(glob.glob(os.path.join(models_dir, "*.json")))
    if len(models) < 6:
        fail(f"only {len(models)} example models")
    for model in models:
        names = names_from(pcf, db, model)
        base = os.path.basename(model)[:-5]
        for lang in ("en", "zh"):
            path = os.path.join(out, f"{base}-{lang}.html")
            run([pcf, "report", model, "--db", db, "--lang", lang, "--output", path])
            page = open(path, encoding="utf-8").read()
            check_html(page, path)
            if lang == "zh":
                left = english_left(page, names)
                if left:
                    fail(f"{path}: English words in the Chinese report: {left}")
        print(f"{base}: en and zh reports, every section")

    tea = os.path.join(models_dir, "green-tea.json")
    st = json.load(open(study, encoding="utf-8"))
    # the verification block shows a certificate's id and key as given
    st["verification"]["certificate_id"] = "0" * 63 + "1"
    st["verification"]["key_fingerprint"] = "ab" * 32  # a code: hex digits
    study2 = os.path.join(out, "study.json")
    json.dump(st, open(study2, "w", encoding="utf-8"), ensure_ascii=False)
    for lang in ("en", "zh"):
        path = os.path.join(out, f"tea-study-{lang}.html")
        run([pcf, "report", tea, "--db", db, "--lang", lang, "--study", study2, "--mc", "300",
             "--seed", "7", "--output", path])
        page = open(path, encoding="utf-8").read()
        check_html(page, path)
        for key in ("commissioner", "goal", "cut_off_criteria", "geography"):
            want = st[key][lang]
            if html.escape(want, quote=True) not in page:
                fail(f"{path}: study field {key} ({want!r}) not shown")
        for cut in st["cut_off_excluded"]:
            if html.escape(cut[lang], quote=True) not in page:
                fail(f"{path}: cut-off exclusion not shown")
        if "0" * 63 + "1" not in page or "ab" * 32 not in page:
            fail(f"{path}: certificate id or key fingerprint missing")
        mc_heading = "总碳足迹的蒙特卡洛分布" if lang == "zh" else "Monte Carlo distribution"
        if mc_heading not in page:
            fail(f"{path}: no Monte Carlo section")
        if lang == "zh":
            left = english_left(page, names_from(pcf, db, tea))
            if left:
                fail(f"{path}: English words in the Chinese report: {left}")
    # A misspelt study key is an error naming it, not a silently missing field.
    bad = os.path.join(out, "bad-study.json")
    json.dump({"comissioner": "x"}, open(bad, "w"))
    p = run([pcf, "report", tea, "--db", db, "--study", bad], rc=1)
    if "$.comissioner" not in p.stderr:
        fail("unknown study key not named: " + p.stderr)
    p = run([pcf, "report", tea, "--db", db, "--format", "pdf"], rc=2)
    if "--output" not in p.stderr:
        fail("pdf without --output: " + p.stderr)
    print("study fields, verification block, Monte Carlo; a misspelt key is refused")


def nonwhite_share(png):
    """Share of non-white pixels, decoded by pdftoppm's sibling: convert to PPM with Python."""
    data = open(png, "rb").read()
    # a PPM (P6) is simplest: header, width, height, maxval, then RGB bytes
    parts = data.split(b"\n", 3)
    w, h = map(int, parts[1].split())
    pix = parts[3]
    dark = sum(1 for i in range(0, len(pix) - 2, 3 * 7) if pix[i] < 200 or pix[i + 1] < 200)
    return dark / (w * h / 7)


def chromium_part(pcf, db, models_dir, study, out):
    chromium = shutil.which("chromium")
    if not chromium or not shutil.which("pdftotext") or not shutil.which("pdftoppm"):
        print("skipped: chromium or poppler-utils (pdftotext, pdftoppm) missing")
        sys.exit(77)
    fc = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    if not fc.stdout.strip():
        fail("no font covers Chinese (apt-get install fonts-wqy-microhei): glyphs would be boxes")
    tea = os.path.join(models_dir, "green-tea.json")
    zh_html = os.path.join(out, "tea-study-zh.html")
    shot = os.path.join(out, "tea-zh.png")
    with tempfile.TemporaryDirectory() as prof:
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        f"--user-data-dir={prof}", "--window-size=1100,2400",
                        f"--screenshot={shot}", "file://" + os.path.abspath(zh_html)],
                       capture_output=True, timeout=240)
    if not os.path.exists(shot) or os.path.getsize(shot) < 10000:
        fail("no screenshot of the Chinese report")
    for lang, model in (("zh", tea), ("en", os.path.join(models_dir, "led-luminaire.json"))):
        pdf = os.path.join(out, f"report-{lang}.pdf")
        run([pcf, "report", model, "--db", db, "--lang", lang, "--study", study, "--format", "pdf",
             "--output", pdf])
        if open(pdf, "rb").read(5) != b"%PDF-":
            fail(f"{pdf} is not a PDF")
        text = run(["pdftotext", "-layout", pdf, "-"]).stdout
        if lang == "zh":
            for h in ZH_HEADINGS:
                if h.replace(" ", "") not in text.replace(" ", ""):
                    fail(f"{pdf}: heading {h} not in the PDF text")
            if not re.search(r"[\u4e00-\u9fff]{4}", text):
                fail(f"{pdf}: no Chinese text")
        run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", pdf, os.path.join(out, f"page-{lang}")])
        ppm = glob.glob(os.path.join(out, f"page-{lang}*.ppm"))
        if not ppm or nonwhite_share(ppm[0]) < 0.005:
            fail(f"{pdf}: the first page is blank")
        print(f"{lang} PDF: {os.path.getsize(pdf)} bytes, headings found, page 1 drawn")


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    pcf, db, models_dir, study, out = sys.argv[1:]
    os.makedirs(out, exist_ok=True)
    html_part(pcf, db, models_dir, study, out)
    chromium_part(pcf, db, models_dir, study, out)
    print("ok")


if __name__ == "__main__":
    main()
