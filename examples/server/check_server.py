#!/usr/bin/python3
"""Test of pcf-pact-server: certifies the example models with pcf-certify, starts the
server on an ephemeral port of 127.0.0.1 and calls every endpoint with urllib:

- /auth/token: client credentials with HTTP Basic; a wrong secret, a missing client and another
  grant type are refused as RFC 6749 section 5.2 says, with no token;
- /2/footprints and /3/footprints: the full list, pagination through Link rel="next" (absolute,
  same host) until it ends, with every footprint once; v2 $filter and v3 filter parameters,
  and a bad filter refused with 400 BadRequest;
- /2/footprints/{id} and /3/footprints/{id}: every footprint; an unknown id 404 NotFound, a
  malformed one 400;
- /2/events and /3/events: the four PACT CloudEvents accepted (200, empty body); a malformed
  event, a wrong content type, a body over 64 KiB and broken JSON refused with 400;
- a missing, wrong or expired token: v2 403 AccessDenied / 401 TokenExpired, v3 401, and no
  data in the body;
- a URL and headers over the 16 KiB bound, and bytes that are not HTTP, get an error without
  crashing the server: it answers the next request, and stops cleanly on SIGTERM.

The responses are validated against the official PACT OpenAPI schemas with python3-jsonschema
when the specification is where tests/check-pact-conformance.py looks for it (its licence keeps
it out of the project); otherwise that part prints "skipped" (the rest still runs).

With --load (a benchmark): 2 clients x 10,000 requests (keep-alive), all must succeed; prints
requests/s and the latency median, p99 and maximum.

Usage: check_server.py PCF_PACT_SERVER PCF_CERTIFY FACTORS_DB MODELS_DIR SOURCE_ROOT [--load]"""
import base64
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

server_exe, certify, db, models_dir, root = sys.argv[1:6]
load = "--load" in sys.argv[6:]
# one certified footprint per example model
N = len([f for f in os.listdir(models_dir) if f.endswith(".json")])
failed = 0

SITE = {"pact": {
    "companyName": "Example Manufacturing Co. (illustrative placeholder, not a real company)",
    "companyIds": ["urn:pathfinder:company:customcode:vendor-assigned:example-co"],
    "productCategoryCpc": "0",
    "referencePeriodStart": "2025-01-01T00:00:00Z",
    "referencePeriodEnd": "2026-01-01T00:00:00Z",
    "fossilCarbonContent": 0, "exemptedEmissionsPercent": 0,
    "packagingEmissionsIncluded": False}}


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print("FAIL:", what)


class Server:
    def __init__(self, tmp, *extra):
        self.p = subprocess.Popen(
            [server_exe, "--records", os.path.join(tmp, "certs"), "--clients",
             os.path.join(tmp, "clients.txt"), "--site", os.path.join(tmp, "site.json"),
             "--db", db, "--port", "0", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.p.stdout.readline()
        if "listening on http://127.0.0.1:" not in line:
            sys.exit(f"FAIL: the server did not start: {line}{self.p.stderr.read()}")
        self.port = int(line.split("127.0.0.1:")[1].split()[0])
        self.base = f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        out, err = self.p.communicate(timeout=30)
        return self.p.returncode, out, err


def call(url, method="GET", token=None, body=None, headers=None, basic=None):
    """(status, headers, body text) of one request."""
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    if basic:
        h["Authorization"] = "Basic " + base64.b64encode(basic.encode()).decode()
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def get_token(base, secret="s3cret"):
    st, _, body = call(base + "/auth/token", "POST", body="grant_type=client_credentials",
                       basic="acme:" + secret,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    return st, json.loads(body) if body else {}


# ---- the official schemas, when present ------------------------------------------------------
schemas = {}
def official_schema_dir():
    """The directory tests/check-pact-conformance.py reads the official specification from."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        "pact_conformance", os.path.join(root, "tests", "check-pact-conformance.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.official_schema_dir(root)


spec_dir = official_schema_dir()
if os.path.isdir(spec_dir):
    try:
        import jsonschema
        import yaml
        for v in ("2", "3"):
            with open(os.path.join(spec_dir, "v" + v, "openapi.yaml"), encoding="utf-8") as f:
                schemas[v] = yaml.safe_load(f)["components"]
    except ImportError as e:
        print(f"schema validation: skipped ({e.name} is not installed)")
else:
    print(f"schema validation: skipped (the PACT specification is not in {spec_dir})")
validated = 0


def validate(v, doc, what, ref):
    """Validates doc against the spec's schema ref ("list", "one" or a component name)."""
    global validated
    if v not in schemas:
        return
    if ref == "list":
        schema = {"type": "object", "required": ["data"], "properties": {"data": {
            "type": "array", "items": {"$ref": "#/components/schemas/ProductFootprint"}}}}
    elif ref == "one":
        schema = {"type": "object", "required": ["data"], "properties": {
            "data": {"$ref": "#/components/schemas/ProductFootprint"}}}
    else:
        schema = {"$ref": "#/components/schemas/" + ref}
    schema["components"] = schemas[v]
    try:
        jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER).validate(doc)
        validated += 1
    except jsonschema.ValidationError as e:
        check(False, f"{what}: not valid against PACT v{v} {ref}: {e.message} at "
                     f"{list(e.absolute_path)}")


def error_body(v, body, code, what):
    try:
        doc = json.loads(body)
    except ValueError:
        check(False, f"{what}: the error body is not JSON: {body[:80]}")
        return
    check(doc.get("code") == code and doc.get("message"), f"{what}: error {doc}, expected {code}")
    check("data" not in doc, f"{what}: an error response carries data")
    validate(v, doc, what, "Error")


EVENT_TYPES = {
    "2": {"published": "org.wbcsd.pathfinder.ProductFootprint.Published.v1",
          "created": "org.wbcsd.pathfinder.ProductFootprintRequest.Created.v1",
          "fulfilled": "org.wbcsd.pathfinder.ProductFootprintRequest.Fulfilled.v1",
          "rejected": "org.wbcsd.pathfinder.ProductFootprintRequest.Rejected.v1"},
    "3": {"published": "org.wbcsd.pact.ProductFootprint.PublishedEvent.3",
          "created": "org.wbcsd.pact.ProductFootprint.RequestCreatedEvent.3",
          "fulfilled": "org.wbcsd.pact.ProductFootprint.RequestFulfilledEvent.3",
          "rejected": "org.wbcsd.pact.ProductFootprint.RequestRejectedEvent.3"}}


def event(v, kind, ids, pf=None):
    ev = {"type": EVENT_TYPES[v][kind], "specversion": "1.0", "id": f"ev-{kind}",
          "source": "//test.example/events", "time": "2026-01-01T00:00:00Z"}
    if kind == "published":
        ev["data"] = {"pfIds": ids}
    elif kind == "created":
        urn = "urn:pathfinder:product:customcode:vendor-assigned:x"
        ev["data"] = ({"pf": {"productIds": [urn]}, "comment": "please"} if v == "2"
                      else {"productId": [urn], "comment": "please"})
    elif kind == "fulfilled":
        ev["data"] = {"requestEventId": "ev-created", "pfs": [pf] if pf else []}
    else:
        ev["data"] = {"requestEventId": "ev-created",
                      "error": {"code": "NotFound", "message": "no such product"}}
    return ev


def raw(port, data):
    """Sends raw bytes; returns the first line of the answer ('' when the server closed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.sendall(data)
        try:
            return s.recv(200).decode(errors="replace").split("\r\n")[0]
        except (ConnectionResetError, socket.timeout):
            return ""


def functional(tmp, srv):
    base = srv.base
    # tokens
    st, tok = get_token(base)
    check(st == 200 and tok.get("token_type", "").lower() == "bearer" and
          len(tok.get("access_token", "")) == 64, f"token: {st} {tok}")
    token = tok["access_token"]
    st, bad = get_token(base, "wrong")
    check(st == 401 and bad.get("error") == "invalid_client" and "access_token" not in bad,
          f"wrong secret: {st} {bad}")
    st, _, body = call(base + "/auth/token", "POST", body="grant_type=client_credentials")
    check(st == 401 and "access_token" not in body, f"no client: {st} {body}")
    st, _, body = call(base + "/auth/token", "POST", body="grant_type=password",
                       basic="acme:s3cret")
    check(st == 400 and json.loads(body).get("error") == "unsupported_grant_type",
          f"grant type: {st} {body}")

    all_ids = {}
    for v in ("2", "3"):
        # the whole list, then page by page through the Link header
        st, hd, body = call(f"{base}/{v}/footprints?limit=1000", token=token)
        check(st == 200 and hd.get("Link") is None, f"v{v} list: {st}")
        doc = json.loads(body)
        validate(v, doc, f"v{v} list", "list")
        ids = [f["id"] for f in doc["data"]]
        all_ids[v] = doc["data"]
        check(len(ids) == N and len(set(ids)) == N, f"v{v}: {len(ids)} footprints, expected {N}")
        want_spec = "2.3.0" if v == "2" else "3.0.0"
        check(all(f["specVersion"] == want_spec for f in doc["data"]), f"v{v} specVersion")
        url, paged, pages = f"{base}/{v}/footprints?limit=2", [], 0
        while url and pages < 10:
            st, hd, body = call(url, token=token)
            page = json.loads(body)["data"]
            check(st == 200 and len(page) <= 2, f"v{v} page {pages}: {st}, {len(page)} items")
            paged += [f["id"] for f in page]
            link = hd.get("Link")
            url = None
            if link:
                check(link.startswith(f"<http://127.0.0.1:{srv.port}/{v}/footprints?") and
                      link.endswith('>; rel="next"'), f"v{v} Link: {link}")
                url = link[1:link.index(">")]
            pages += 1
        check(paged == ids and pages == 4, f"v{v} pagination gave {paged} in {pages} pages")
        # one by one
        for f in doc["data"]:
            st, _, body = call(f"{base}/{v}/footprints/{f['id']}", token=token)
            one = json.loads(body)
            check(st == 200 and one["data"] == f, f"v{v} get {f['id']}: {st}")
            validate(v, one, f"v{v} get", "one")
        st, _, body = call(f"{base}/{v}/footprints/00000000-0000-4000-8000-000000000000",
                           token=token)
        check(st == 404, f"v{v} unknown id: {st}")
        error_body(v, body, "NotFound", f"v{v} unknown id")
        st, _, body = call(f"{base}/{v}/footprints/not-a-uuid", token=token)
        check(st == 400, f"v{v} malformed id: {st}")
        error_body(v, body, "BadRequest", f"v{v} malformed id")

        # events
        for kind in ("published", "created", "fulfilled", "rejected"):
            ev = event(v, kind, ids[:2], doc["data"][0])
            validate(v, ev, f"v{v} {kind} event (the test's own)",
                     {"published": "PublishedEvent", "created": "RequestCreatedEvent",
                      "fulfilled": "RequestFulfilledEvent",
                      "rejected": "RequestRejectedEvent"}[kind])
            st, _, body = call(f"{base}/{v}/events", "POST", token=token, body=json.dumps(ev),
                               headers={"Content-Type": "application/cloudevents+json"})
            check(st == 200 and body == "", f"v{v} {kind} event: {st} {body}")
        bad_events = [
            ("no type", json.dumps({"specversion": "1.0", "id": "x", "source": "s",
                                    "time": "2026-01-01T00:00:00Z", "data": {}}),
             "application/cloudevents+json"),
            ("bad pfIds", json.dumps(event(v, "published", ["nope"])),
             "application/cloudevents+json"),
            ("the other version's type", json.dumps(event("3" if v == "2" else "2", "published",
                                                          [])), "application/cloudevents+json"),
            ("broken JSON", '{"type": ', "application/cloudevents+json"),
            ("text/plain", json.dumps(event(v, "published", [])), "text/plain"),
            ("70 KiB", json.dumps(event(v, "created", [])) + " " * 70000,
             "application/cloudevents+json"),
        ]
        for what, body_text, ctype in bad_events:
            st, _, body = call(f"{base}/{v}/events", "POST", token=token, body=body_text,
                               headers={"Content-Type": ctype})
            check(st == 400, f"v{v} event {what}: {st}")
            error_body(v, body, "BadRequest", f"v{v} event {what}")

        # tokens: missing or wrong gets no data
        for what, t in (("missing", None), ("wrong", "0" * 64), ("short", "abc")):
            st, _, body = call(f"{base}/{v}/footprints", token=t)
            check(st == (401 if v == "3" else 403), f"v{v} {what} token: {st}")
            error_body(v, body, "AccessDenied", f"v{v} {what} token")
            st, _, body = call(f"{base}/{v}/footprints/{ids[0]}", token=t)
            check(st in (401, 403) and ids[0] not in body, f"v{v} {what} token on get: {st}")
        st, _, body = call(f"{base}/{v}/footprints", "DELETE", token=token)
        check(st == (501 if v == "3" else 400), f"v{v} DELETE: {st}")
        error_body(v, body, "NotImplemented", f"v{v} DELETE")

    # v3 filters
    v3 = all_ids["3"]
    first = v3[0]
    q = urllib.parse.urlencode

    def v3_list(params):
        st, _, body = call(f"{base}/3/footprints?{params}", token=token)
        return st, (json.loads(body).get("data") if st == 200 else body)

    st, got = v3_list(q({"productId": first["productIds"][0].upper()}))
    check(st == 200 and [f["id"] for f in got] == [first["id"]], f"v3 productId: {st} {got}")
    st, got = v3_list(q([("productId", first["productIds"][0]),
                         ("productId", v3[1]["productIds"][0])]))
    check(st == 200 and len(got) == 2, "v3 two productIds (OR)")
    st, got = v3_list(q({"companyId": SITE["pact"]["companyIds"][0], "status": "active"}))
    check(st == 200 and len(got) == N, f"v3 companyId and status: {st}")
    st, got = v3_list(q({"status": "Deprecated"}))
    check(st == 200 and got == [], "v3 status Deprecated")
    # valid for 3 years after the reference period's end (2026-01-01)
    st, got = v3_list(q({"validOn": "2027-06-01T00:00:00Z"}))
    check(st == 200 and len(got) == N, "v3 validOn inside the validity period")
    st, got = v3_list(q({"validOn": "2025-06-01T00:00:00Z"}))
    check(st == 200 and got == [], "v3 validOn before the validity period")
    st, got = v3_list(q({"validBefore": "2030-01-01T00:00:00Z",
                         "validAfter": "2025-12-31T00:00:00Z"}))
    check(st == 200 and len(got) == N, "v3 validBefore and validAfter")
    st, got = v3_list(q({"geography": "NOWHERE"}))
    check(st == 200 and got == [], "v3 geography that no footprint has")
    st, got = v3_list(q({"x-acme-invoice": "1"}))
    check(st == 200 and len(got) == N, "v3 an x- filter of another host is ignored")
    for bad in ({"validOn": "yesterday"}, {"status": "Gone"}, {"colour": "red"},
                {"limit": "-1"}):
        st, body = v3_list(q(bad))
        check(st == 400, f"v3 bad filter {bad}: {st}")
        error_body("3", body, "BadRequest", f"v3 bad filter {bad}")

    # v2 $filter
    v2 = all_ids["2"]

    def v2_list(flt):
        st, _, body = call(f"{base}/2/footprints?" + q({"$filter": flt}), token=token)
        return st, (json.loads(body).get("data") if st == 200 else body)

    st, got = v2_list(f"productIds/any(p:(p eq '{v2[2]['productIds'][0]}'))")
    check(st == 200 and [f["id"] for f in got] == [v2[2]["id"]], f"v2 productIds/any: {st}")
    st, got = v2_list("companyIds/any(c:(c eq 'urn:pathfinder:company:customcode:"
                      "vendor-assigned:example-co')) and created ge '2000-01-01T00:00:00Z'")
    check(st == 200 and len(got) == N, f"v2 companyIds/any and created: {st}")
    st, got = v2_list("pcf/referencePeriodEnd lt '2020-01-01T00:00:00Z'")
    check(st == 200 and got == [], f"v2 pcf/referencePeriodEnd: {st}")
    st, got = v2_list(f"productNameCompany eq '{v2[3]['productNameCompany']}'")
    check(st == 200 and [f["id"] for f in got] == [v2[3]["id"]], "v2 productNameCompany eq")
    st, body = v2_list("pcf/geographyCountry eq")
    check(st == 400, f"v2 malformed $filter: {st}")
    error_body("2", body, "BadRequest", "v2 malformed $filter")

    # hostile requests: the server answers with an error and keeps serving
    st, _, _ = call(base + "/3/footprints?x-pad=" + "a" * 20000, token=token)
    check(st in (414, 431, 400), f"a 20 KB URL: {st}")
    st, _, _ = call(base + "/3/footprints", token=token, headers={"X-Pad": "b" * 20000})
    check(st in (431, 400, 413), f"a 20 KB header: {st}")
    first_line = raw(srv.port, b"\x16\x03\x01 not http at all\r\n\r\n")
    check(first_line == "" or " 400 " in first_line, f"bytes that are not HTTP: {first_line}")
    st, _, body = call(base + "/nowhere", token=token)
    check(st == 404, f"unknown path: {st}")
    error_body("3", body, "NotFound", "unknown path")
    st, _, _ = call(f"{base}/3/footprints", token=token)
    check(st == 200, "the server does not answer after the hostile requests")


def expiry(tmp):
    srv = Server(tmp, "--token-ttl", "1")
    try:
        st, tok = get_token(srv.base)
        check(st == 200 and tok.get("expires_in") == 1, f"short token: {tok}")
        time.sleep(2.2)
        for v, code in (("2", 401), ("3", 401)):
            st, _, body = call(f"{srv.base}/{v}/footprints", token=tok["access_token"])
            check(st == code, f"v{v} expired token: {st}")
            error_body(v, body, "TokenExpired", f"v{v} expired token")
    finally:
        srv.stop()


def load_test(srv, n=10000, clients=2):
    st, tok = get_token(srv.base)
    token = tok["access_token"]
    _, _, body = call(srv.base + "/3/footprints", token=token)
    ids = [f["id"] for f in json.loads(body)["data"]]
    lat, errors = [[] for _ in range(clients)], []

    def client(k):
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
        h = {"Authorization": "Bearer " + token}
        for i in range(n):
            v = "3" if i % 2 else "2"
            path = f"/{v}/footprints?limit=5" if i % 4 < 2 else f"/{v}/footprints/{ids[i % N]}"
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers=h)
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    errors.append(f"{path}: {r.status}")
            except (OSError, http.client.HTTPException) as e:
                errors.append(f"{path}: {e}")
                conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
            lat[k].append(time.perf_counter() - t0)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    secs = time.perf_counter() - t0
    every = sorted(x for per in lat for x in per)
    p99 = every[int(0.99 * (len(every) - 1))]
    print(f"load: {clients} clients x {n} requests (lists of 5 and single footprints, v2 and v3, "
          f"keep-alive): {len(every)} requests in {secs:.1f} s = {len(every) / secs:.0f} "
          f"requests/s; latency median {statistics.median(every) * 1000:.2f} ms, "
          f"p99 {p99 * 1000:.2f} ms, max {every[-1] * 1000:.1f} ms; {len(errors)} errors; "
          f"load average {os.getloadavg()[0]:.1f} (shared machine)")
    check(not errors, f"load: {len(errors)} errors, first {errors[:3]}")


with tempfile.TemporaryDirectory() as tmp:
    r = subprocess.run([certify, "--db", db, "--out", os.path.join(tmp, "certs"), models_dir],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"FAIL: pcf-certify: {r.stderr}")
    with open(os.path.join(tmp, "site.json"), "w") as f:
        json.dump(SITE, f)
    with open(os.path.join(tmp, "clients.txt"), "w") as f:
        f.write("# client_id secret\nacme s3cret\nother other-secret\n")
    srv = Server(tmp)
    try:
        if load:
            load_test(srv)
        else:
            functional(tmp, srv)
    finally:
        rc, out, err = srv.stop()
    check(rc == 0 and "stopped" in out, f"the server did not stop cleanly: {rc} {err}")
    if not load:
        expiry(tmp)

if schemas and not load:
    print(f"schema validation: {validated} documents valid against the PACT OpenAPI schemas")
print("server:", "FAILED" if failed else "ok")
sys.exit(1 if failed else 0)
