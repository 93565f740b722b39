"""pcf — product carbon footprints (ISO 14067, GB/T 24067-2024) from Python.

A thin layer over libpcf (the C extension ``pcf._pcf``). Results come back as plain dicts and
lists, or as pandas DataFrames (``Result.to_dataframe()``, ``Result.audit.to_dataframe()``) when
pandas is installed; every library error raises a :class:`pcf.Error` subclass carrying the
library's message and where it happened (``file``, JSON ``path``, ``line``, ``column``).

    >>> with pcf.open_db() as db:
    ...     r = pcf.Model.from_json("examples/models/led-luminaire.json").calculate(db)
    >>> r.total, r.stages["use"]
    >>> r.audit.to_dataframe().groupby("stage", observed=False).kg_co2e.sum()

Units and GWP helpers::

    >>> pcf.convert(2.5, "t", "lb")
    5511.5565546219395
    >>> pcf.gwp("n2o", "AR6")
    273.0

Exceptions (``help(pcf.Error)`` for the attributes), one per library status:

    Error            base of all; message, code, status, file, path, line, column, problems
    InvalidArgument  an argument is missing, out of range, NaN or infinite (also ValueError)
    OutOfMemory      memory could not be allocated (also MemoryError)
    IoError          a file could not be opened, read or written (also OSError)
    NotFound         a named factor, unit, gas, region or key does not exist (also LookupError)
    ParseError       malformed JSON, CSV, number or unit (also ValueError)
    UnitError        units of different dimensions combined (also ValueError)
    DataMissing      input the calculation needs was not given
    Cancelled        a progress callback asked to stop
    InternalError    a bug in pcf
    DatabaseError    the factor database failed (SQLite error, corrupt file)
    VersionError     a file written by a newer, incompatible version
    InvalidModel     a product model breaks a rule (shares, cycles, boundary)
    ReadOnly         a write to something opened read-only
    Unsupported      valid, but this build or format cannot do it
"""
import json as _json
import os as _os

from . import _pcf
from ._pcf import (  # noqa: F401  (re-exported API)
    Cancelled,
    Db,
    DatabaseError,
    DataMissing,
    Error,
    InternalError,
    InvalidArgument,
    InvalidModel,
    IoError,
    Lci,
    Mc,
    NotFound,
    OutOfMemory,
    ParseError,
    ReadOnly,
    System,
    UnitError,
    Unsupported,
    VersionError,
    battery_lifetime_energy,
    cbam_markup,
    cbam_sector,
    co2e,
    convert,
    db_default_path,
    db_schema_version,
    dist_check,
    format_number,
    gases,
    gwp,
    gwp_set_name,
    gwp_source,
    lci_import,
    lci_open,
    mc_limits,
    parse_number,
    parse_quantity,
    parse_rate,
    pact_footprint,
    pact_validate,
    pedigree_gsd,
    pedigree_sigma,
    status_name,
    unit,
    units,
    version,
)

# The public API. The exception classes are public too (pcf.NotFound, ...) but left out of
# __all__, so that help(pcf) lists them in the table above instead of repeating every method
# they inherit from Exception fifteen times.
__all__ = [
    "open_db", "find_db", "Db", "Model", "System", "Result", "Audit", "Mc", "calculate",
    "STAGES", "FLOWS", "error_class",
    "convert", "unit", "units", "parse_quantity", "parse_number", "parse_rate", "format_number",
    "gwp", "gwp_source", "gwp_set_name", "gases", "co2e",
    "pedigree_gsd", "pedigree_sigma", "dist_check", "mc_limits",
    "pact_validate", "pact_footprint",
    "cbam_calc", "cbam_validate", "cbam_markup", "cbam_sector", "CbamResult",
    "battery_lifetime_energy", "BatteryDeclaration",
    "db_default_path", "db_schema_version", "status_name", "version",
    "Lci", "lci_import", "lci_info", "lci_open", "lci_matrices",
]

__version__ = _pcf.version()

# pcf_status value -> exception class (include/pcf/common.h).
_ERROR_CLASSES = {
    1: InvalidArgument,
    2: OutOfMemory,
    3: IoError,
    4: NotFound,
    5: ParseError,
    6: UnitError,
    7: DataMissing,
    8: Cancelled,
    9: InternalError,
    10: DatabaseError,
    11: VersionError,
    12: InvalidModel,
    13: ReadOnly,
    14: Unsupported,
}


def error_class(code):
    """The exception class raised for a pcf_status number (pcf.Error for an unknown one)."""
    return _ERROR_CLASSES.get(code, Error)


# ---------------------------------------------------------------- factor database

_PACKAGE_DIR = _os.path.dirname(_os.path.abspath(__file__))


def find_db():
    """Where :func:`open_db` looks for the factor database when given no path, first found wins:

    1. the ``PCF_DB`` environment variable;
    2. ``factors.db`` inside the installed package (a wheel carries one when it was built with
       the shipped data);
    3. the path compiled into libpcf, ``<datadir>/pcf/factors.db`` (:func:`db_default_path`),
       where ``meson install`` puts it.

    Returns the path (str); raises :class:`pcf.IoError` listing the places tried.
    """
    tried = []
    env = _os.environ.get("PCF_DB")
    if env:
        return env
    tried.append("$PCF_DB (not set)")
    for candidate in (_os.path.join(_PACKAGE_DIR, "factors.db"), db_default_path()):
        if _os.path.isfile(candidate):
            return candidate
        tried.append(candidate)
    err = IoError(
        "no factor database found; tried " + ", ".join(tried) +
        ": pass a path to pcf.open_db(path) or set PCF_DB")
    err.message = str(err)
    err.code = 3
    err.status = status_name(3)
    raise err


def open_db(path=None, *, attach=None, writable=False, create=False):
    """Opens a factor database; use it as a context manager or call ``close()``.

    ``path``: the SQLite file (str or os.PathLike); ``None`` finds one with :func:`find_db`.
    ``attach``: company layers laid over it, winning every lookup: a path, a list of paths
    (named ``company``, ``company2``, ...) or a dict ``{name: path}``.
    ``writable``/``create``: open for :meth:`Db.import_csv` (``create`` makes a new, empty file).

    >>> with pcf.open_db() as db:
    ...     db.search("steel", limit=3)
    """
    if path is None:
        if create:
            raise InvalidArgument("open_db(create=True) needs a path")
        path = find_db()
    db = Db(path, writable=writable, create=create)
    try:
        if attach is not None:
            if isinstance(attach, dict):
                layers = list(attach.items())
            elif isinstance(attach, (str, bytes, _os.PathLike)):
                layers = [("company", attach)]
            else:
                layers = [("company" if i == 0 else "company%d" % (i + 1), p)
                          for i, p in enumerate(attach)]
            for name, layer_path in layers:
                db.attach(layer_path, name)
    except BaseException:
        db.close()
        raise
    return db


# ---------------------------------------------------------------- models and results

STAGES = tuple(_pcf.names()["stages"])  # report order: materials ... end_of_life
FLOWS = tuple(_pcf.names()["flows"])  # fossil, biogenic, biogenic_removal, dluc, aircraft


def _pandas():
    """The pandas module, or ImportError saying how to install it."""
    try:
        import pandas
    except ImportError as e:
        raise ImportError(
            "to_dataframe() needs pandas, which is not installed: install it with "
            "'apt-get install python3-pandas' (Debian/Ubuntu) or 'pip install pandas'") from e
    return pandas


def _frame(rows, first, *, stage="stage"):
    """A DataFrame of dicts: the columns named in ``first``, then the others in the rows' order;
    the ``stage`` column (when present) as an ordered categorical in report order."""
    pd = _pandas()
    columns = list(first)
    for row in rows[:1]:
        columns += [k for k in row if k not in columns]
    df = pd.DataFrame(rows, columns=columns)
    if stage in df.columns:
        df[stage] = pd.Categorical(df[stage], categories=STAGES, ordered=True)
    return df


class Audit(list):
    """The audit trail of a result: one dict per factor applied, in calculation order.

    Each row says what was multiplied (``quantity`` in ``factor_unit`` × ``factor_kg_co2e`` =
    ``kg_co2e``, per declared unit), which factor (``factor_code``, ``factor_name``,
    ``dataset``, ``dataset_version``, ``layer``, ``region_requested``, ``region_used``,
    ``fallback_taken``, ``origin``, ``primary``), what part of the activity (``role``:
    activity, virgin, recycled, ttw, wtt, ...) and which ``flow``; and where it belongs:
    ``stage``, ``product``, ``activity`` (its index in ``Result.activities``),
    ``activity_name`` and ``path`` (the activity's JSON path in the model). ``kg_co2e`` adds up
    to ``Result.total``, and per ``stage`` to ``Result.stages``: a line's stage is the one it
    counts in, which for the biogenic carbon released at end of life is not its material
    activity's.

    A list (of fresh dicts): index it, loop over it, or call :meth:`to_dataframe`.
    """

    __slots__ = ()

    COLUMNS = ("stage", "product", "activity", "activity_name", "path")

    def to_dataframe(self):
        """The audit trail as a pandas DataFrame, one row per line, the columns ``stage``
        (ordered categorical, report order), ``product``, ``activity``, ``activity_name``,
        ``path`` first. Needs pandas (Debian: python3-pandas); raises ImportError without."""
        return _frame(self, self.COLUMNS)


class Model(_pcf.Model):
    """A product model (docs/model-format.md): read it from JSON or a dict, or build it step by
    step; then :meth:`calculate` it against a factor database.

    >>> model = pcf.Model.from_json("examples/models/led-luminaire.json")
    >>> with pcf.open_db() as db:
    ...     print(model.calculate(db).total)

    Building::

        m = pcf.Model()
        p = m.add_product("widget", "Widget")
        m.set_declared_unit(p, 1, "item")
        a = m.add_activity(p, "production", "Electricity", 2.5, "kWh")
        m.set_factor_lookup(a, "electricity", "UK grid electricity - generation", "GB")

    A model is used by one thread at a time; the object serialises callers with a lock. Free it
    with ``close()``, a ``with`` block, or by dropping the last reference.
    """

    __slots__ = ()

    @classmethod
    def from_json(cls, source, filename=None):
        """Reads a model from a JSON file (a path or os.PathLike) or from JSON text (a str that
        starts with ``{``). Errors name the file, line and column, or the JSON path."""
        if isinstance(source, str) and source.lstrip().startswith("{"):
            return cls.from_string(source, filename)
        return cls.from_file(source)

    @classmethod
    def from_dict(cls, data, filename=None):
        """Builds a model from a dict shaped like the JSON format."""
        return cls.from_string(_json.dumps(data, allow_nan=False), filename)

    def to_dict(self):
        """The model as a dict (the JSON format)."""
        return _json.loads(self.to_json())

    def add_pact_part(self, product, pact, quantity, unit, name=None):
        """Adds a supplier's PACT ProductFootprint (JSON text or a dict, v2.x or v3.x) as a
        purchased part: ``quantity`` ``unit`` of it per reference flow of ``product``. Returns
        the activity index. A document that breaks a PACT rule raises ParseError with
        ``problems`` listing every violation."""
        text = pact if isinstance(pact, str) else _json.dumps(pact)
        return self._add_pact_part(product, text, quantity, unit, name)

    def get_section(self, key):
        """The ``pact`` section or an ``x-...`` section as Python data. Raises NotFound."""
        return _json.loads(self.get_section_json(key))

    def set_section(self, key, value):
        """Sets the ``pact`` section or an ``x-...`` section (any JSON-able value); None removes
        it."""
        self.set_section_json(key, None if value is None else _json.dumps(value))

    def calculate(self, db=None, gwp=None):
        """Resolves every factor in ``db`` (a :class:`Db`, or None when every activity carries
        its own factor) and calculates the footprint; returns a :class:`Result`.

        ``gwp``: 'AR4', 'AR5' or 'AR6' overrides the model's set. The GIL is released while the
        library works. On failure the exception's ``problems`` lists every problem found (all
        missing factors at once), each a dict with message, path, severity."""
        return Result(self._calculate(db, gwp))

    def monte_carlo(self, db=None, iterations=10000, seed=1, threads=1, *, gwp=None,
                    percentiles=None, keep_samples=False, sensitivity=True, progress=None):
        """Monte Carlo propagation of every uncertain amount and factor; returns a dict of
        statistics (the library's pcf_mc_to_json document): ``total`` and ``stages`` with mean,
        sd, median, p2_5, p97_5, cv, min, max in kg CO2e per declared unit, ``sensitivity``, the
        ``seed`` and ``generator`` (audit trail), and ``samples`` when ``keep_samples``.

        The same seed gives the same numbers whatever ``threads`` is. ``progress(done, total)``
        is called from this thread now and then; returning True (or Ctrl-C) cancels. Factors
        that are processes of an LCI database in ``db`` (``pcf lci solve``) are sampled from
        that database once per iteration, shared by every activity (docs/lci.md)."""
        with self.resolve(db, gwp) as system:
            with system.monte_carlo(iterations=iterations, seed=seed, threads=threads,
                                    percentiles=percentiles, keep_samples=keep_samples,
                                    sensitivity=sensitivity, progress=progress, lci=db) as mc:
                return _json.loads(mc.to_json())

    def battery_declaration(self, db=None, gwp=None):
        """The EU battery carbon-footprint declaration of this model (regime ``eu-battery``,
        Regulation (EU) 2023/1542 Art. 7 and Annex II; docs/battery-format.md): calculates the
        model in ``db``, checks the battery rules (the ``battery`` section, the electricity of
        main production) and returns a :class:`BatteryDeclaration`, kg CO2e per kWh of the
        energy the battery provides over its service life. A broken rule raises InvalidModel
        with every problem in ``problems``."""
        with self.calculate(db, gwp) as result:
            return BatteryDeclaration(_pcf._battery_declare(self, result._c, db))

    def __repr__(self):
        if self.closed:
            return "<pcf.Model closed>"
        main = self.product_id(0) if self.product_count() else "(empty)"
        return "<pcf.Model %s: %d products, %d activities>" % (
            main, self.product_count(), self.activity_count())


class _Closing:
    """What Result, CbamResult and BatteryDeclaration share: close() and with-blocks over the C
    object ``self._c``, and its diagnostics."""

    __slots__ = ()

    def close(self):
        """Frees the C object now (figures already read stay readable)."""
        self._c.close()

    @property
    def closed(self):
        return self._c.closed

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    @property
    def diagnostics(self):
        """Warnings and notes of the calculation (region fallbacks taken, ...), as dicts."""
        return list(self._c.diagnostics)


class Result(_Closing):
    """A calculated footprint, every figure in kg CO2e per declared unit, as plain Python data.

    ``total``          total kg CO2e (removals and credits included)
    ``stages``         {stage: kg CO2e} in report order, excluded stages included as 0
    ``flows``          {fossil, biogenic, biogenic_removal, dluc, aircraft: kg CO2e}
    ``gases``          {gas key: {"kg": ..., "kg_co2e": ...}}
    ``contributions``  activities sorted by |kg CO2e|, largest first (dicts)
    ``audit``          the audit trail (:class:`Audit`, a list): one dict per factor applied
                       (quantity × factor = kg CO2e, code, dataset, version, layer, region
                       requested and used, stage and activity name)
    ``to_dict()``      the whole result JSON document (as ``pcf calc --format json``)
    ``to_dataframe()`` activities, stages, gases or the audit trail as a pandas DataFrame

    ``close()`` or a ``with`` block frees the C result at once; otherwise garbage collection does.
    """

    __slots__ = ("_c", "_doc", "_sum")

    def __init__(self, c_result):
        self._c = c_result
        self._doc = None
        # The headline figures come from the accessors (cheap); the rest from the JSON
        # document, built on first use. Both carry the same doubles.
        self._sum = c_result.summary()

    def to_json(self):
        """The result JSON text, identical to ``pcf calc --format json``."""
        return self._c.to_json()

    def to_dict(self):
        """The result JSON document as a dict (a fresh copy each call)."""
        return _json.loads(self._c.to_json())

    @property
    def _d(self):
        if self._doc is None:
            self._doc = self.to_dict()
        return self._doc

    @property
    def total(self):
        return self._sum["total"]

    @property
    def total_excluding_removals(self):
        return self._sum["total_excluding_removals"]

    @property
    def product(self):
        return self._d["product"]

    @property
    def declared_unit(self):
        return self._d["product"]["declared_unit"]

    @property
    def boundary(self):
        return self._d["boundary"]

    @property
    def gwp(self):
        return self._d["gwp"]

    @property
    def stages(self):
        return dict(self._sum["stages"])

    @property
    def stage_details(self):
        """[{stage, included, kg_co2e, flows}] in report order."""
        return [dict(s) for s in self._d["stages"]]

    @property
    def flows(self):
        return dict(self._sum["flows"])

    @property
    def gases(self):
        return {g["gas"]: {"kg": g["kg"], "kg_co2e": g["kg_co2e"]} for g in self._d["gases"]}

    @property
    def activities(self):
        return [dict(a) for a in self._d["activities"]]

    @property
    def contributions(self):
        acts = [dict(a, index=i) for i, a in enumerate(self._d["activities"])]
        acts.sort(key=lambda a: -abs(a["kg_co2e"]))
        return acts

    @property
    def audit(self):
        """The audit trail (:class:`Audit`): one dict per factor applied, with the stage,
        product, activity name and path of the activity it belongs to."""
        acts = self._d["activities"]
        out = Audit()
        for line in self._d["lines"]:  # the line's stage is its own (see Audit)
            a = acts[line["activity"]]
            out.append(dict(line, product=a["product"], activity_name=a["name"], path=a["path"]))
        return out

    def to_dataframe(self, table="activities"):
        """A pandas DataFrame of one table of the result, every figure in kg CO2e per declared
        unit (needs pandas, Debian python3-pandas; raises ImportError without):

        ``"activities"``  one row per activity: ``activity`` (index), ``stage``, ``product``,
                          ``name``, ``path``, amount, unit, multiplier, included, ``kg_co2e``,
                          primary
        ``"stages"``      one row per stage in report order: ``stage``, ``included``,
                          ``kg_co2e`` and a column per flow (fossil, biogenic, ...)
        ``"gases"``       one row per gas: ``gas``, ``kg``, ``kg_co2e``
        ``"audit"``       the audit trail, as ``self.audit.to_dataframe()``

        ``stage`` columns are ordered categoricals in report order, so ``groupby("stage")``
        lists the stages as the report does."""
        if table == "activities":
            rows = [dict(a, activity=i) for i, a in enumerate(self._d["activities"])]
            return _frame(rows, ("activity", "stage", "product", "name", "path"))
        if table == "stages":
            rows = [{"stage": s["stage"], "included": s["included"], "kg_co2e": s["kg_co2e"],
                     **s.get("flows", {})} for s in self._d["stages"]]
            return _frame(rows, ("stage", "included", "kg_co2e"))
        if table == "gases":
            return _frame([dict(g) for g in self._d["gases"]], ("gas", "kg", "kg_co2e"))
        if table == "audit":
            return self.audit.to_dataframe()
        raise InvalidArgument(
            "unknown table %r: use 'activities', 'stages', 'gases' or 'audit'" % (table,))

    @property
    def datasets(self):
        return [dict(d) for d in self._d["datasets"]]

    @property
    def notes(self):
        return list(self._d["notes"])

    @property
    def primary_data_share(self):
        return self._d["primary_data_share"]

    def to_pact(self, version=3, model=None, fields=None, random=None):
        """The footprint as a PACT ProductFootprint (dict), ``version`` 2 (v2.3) or 3 (v3.0).

        What a calculation cannot know (company, product ids, reference period) comes from
        ``model``'s ``pact`` section (a :class:`Model`) and then from ``fields``, a dict of PACT
        v3 field names to values (a list for companyIds, productIds, ...), as
        ``pcf calc --format pact`` takes them. ``random``: 16 bytes for a reproducible id."""
        return _json.loads(self.to_pact_json(version, model, fields, random))

    def to_pact_json(self, version=3, model=None, fields=None, random=None):
        """As :meth:`to_pact`, the JSON text."""
        model_json = model.to_json() if model is not None else None
        model_file = (model.filename() or None) if model is not None else None
        return self._c.to_pact_json(version, model_json, model_file, fields, random)

    def to_html(self, mc=None, db=None, lang="en"):
        """A self-contained HTML report (inline SVG charts). ``mc``: a Monte Carlo result of the
        same system (``system.monte_carlo(..., keep_samples=True)`` for the histogram); ``db``:
        the database, for licences and attribution; ``lang``: "en" or "zh"."""
        return self._c.report_html(mc, db, lang)

    def report(self, top_n=10):
        """The readable text report (stage table, flows, top contributors, audit trail)."""
        return self._c.report_text(top_n)

    def to_csv(self):
        """One CSV row per audit line; the last row holds the total."""
        return self._c.report_csv()

    def __repr__(self):
        return "<pcf.Result %s kg CO2e>" % format_number(self.total)


def calculate(model, db=None, gwp=None):
    """Calculates a model given as a :class:`Model`, a dict, a JSON path or JSON text."""
    if isinstance(model, Model):
        return model.calculate(db, gwp)
    m = Model.from_dict(model) if isinstance(model, dict) else Model.from_json(model)
    with m:
        return m.calculate(db, gwp)


# ---------------------------------------------------------------- regimes (docs/regimes.md)

def _cbam_source(doc):
    """(json, path, filename) for a CBAM document given as a dict, JSON text or a path."""
    if isinstance(doc, dict):
        return _json.dumps(doc, allow_nan=False), None, None
    if isinstance(doc, str) and doc.lstrip().startswith("{"):
        return doc, None, None
    return None, _os.fspath(doc), None


class CbamResult(_Closing):
    """The specific embedded emissions (SEE, t CO2e per tonne) of an installation's goods under
    the EU CBAM (Implementing Regulation (EU) 2023/1773, Annex III; docs/cbam-format.md), as
    plain Python data:

    ``year``            the year whose mark-up was applied to default values
    ``installation``    the installation as given (name, country, ...)
    ``processes``       one dict per production process: sector, activity level, attributed
                        emissions term by term, electricity, ``precursors``, ``see_direct``,
                        ``see_indirect``, ``see_total``, ``default_share``
    ``goods``           one dict per good: ``cn_code``, ``process``, SEE direct / indirect /
                        total, ``emissions_counted``, ``see_counted``, ``data_basis``,
                        ``default_share``
    ``precursors``      every precursor of every process, with ``consumer`` (the process id);
                        a default value carries its published values, ``markup`` and source
    ``notes``           what the calculation assumed (transport excluded, missing indirect
                        default values, ...)
    ``to_json()``       the communication template's data (``pcf cbam calc``)
    ``to_csv()``        one row per good (``pcf cbam calc --format csv``)
    ``report(lang)``    the report's CBAM section as text, ``to_html(lang)`` as an HTML page
                        (``pcf cbam calc --format text|html --lang en|zh``)
    ``good(cn_code)``   the good with that CN code
    """

    __slots__ = ("_c", "_doc")

    def __init__(self, c_result):
        self._c = c_result
        self._doc = _json.loads(c_result.to_json())

    def to_json(self):
        """The communication template's data as JSON text, identical to ``pcf cbam calc``."""
        return self._c.to_json()

    def to_csv(self):
        """One CSV row per good, identical to ``pcf cbam calc --format csv``."""
        return self._c.to_csv()

    def to_dict(self):
        """The JSON document as a dict (a fresh copy each call)."""
        return _json.loads(_json.dumps(self._doc))

    def report(self, lang="en"):
        """The report's CBAM section as text: installation, goods with CN codes, SEE direct and
        indirect, precursors, electricity, actual vs default, the mark-up and its source.
        ``lang``: "en" or "zh" (Chinese throughout)."""
        return self._c.report_text(lang)

    def to_html(self, lang="en"):
        """The CBAM section as one self-contained HTML page (``lang`` "en" or "zh")."""
        return self._c.report_html(lang)

    @property
    def year(self):
        return self._doc["year"]

    @property
    def installation(self):
        return dict(self._doc["installation"])

    @property
    def processes(self):
        return [dict(p) for p in self._doc["production_processes"]]

    @property
    def goods(self):
        return [dict(g) for g in self._doc["goods"]]

    @property
    def precursors(self):
        return [dict(pre, consumer=p["id"]) for p in self._doc["production_processes"]
                for pre in p["precursors"]]

    @property
    def notes(self):
        return list(self._doc["notes"])

    def good(self, cn_code):
        """The good with CN code ``cn_code`` (spaces ignored); raises NotFound."""
        want = str(cn_code).replace(" ", "")
        for g in self._doc["goods"]:
            if g["cn_code"] == want:
                return dict(g)
        raise NotFound("no good with CN code %r in this result" % (cn_code,))

    def __repr__(self):
        return "<pcf.CbamResult %s, %d goods>" % (self._doc["installation"].get("name", ""),
                                                  len(self._doc["goods"]))


def cbam_calc(doc, year=None, db=None):
    """Computes the CBAM specific embedded emissions of an installation's goods; returns a
    :class:`CbamResult`.

    ``doc``: the CBAM input document (docs/cbam-format.md) as a dict, JSON text or a path.
    ``year``: the year whose mark-up applies to default values (None: the document's ``year``).
    ``db``: a :class:`Db` for grid factors and ``cbam-cn-2026:`` default values (None when the
    document names no database code). The GIL is released while the library works. A broken
    rule raises InvalidModel (a missing factor NotFound, a mark-up nobody supplied DataMissing)
    with every problem in ``problems``, each with its JSON path."""
    json_text, path, filename = _cbam_source(doc)
    source = {"json": json_text} if path is None else {"path": path}
    return CbamResult(_pcf._cbam_calculate(db=db, year=0 if year is None else year,
                                           filename=filename, **source))


def cbam_validate(doc):
    """Checks a CBAM input document (dict, JSON text or path) against every rule that needs no
    database; returns the problems as dicts (message, path, line, ...), [] when valid."""
    json_text, path, filename = _cbam_source(doc)
    if path is not None:
        with open(path, encoding="utf-8") as f:
            json_text, filename = f.read(), path
    return _pcf._cbam_validate(json_text, filename)


class BatteryDeclaration(_Closing):
    """An EU battery carbon-footprint declaration (Regulation (EU) 2023/1542, Art. 7 and
    Annex II; docs/battery-format.md), from :meth:`Model.battery_declaration`:

    ``lifetime_kwh``          the functional unit's base: kWh over the service life
    ``kg_co2e_per_kwh``       the declared carbon footprint (use stage excluded)
    ``stages``                {RawMaterialExtraction, MainProduction, Distribution, Recycling:
                              kg CO2e per kWh}
    ``absolute_kg_co2e``      kg CO2e of one battery over the four declared stages
    ``use_excluded_kg_co2e``  the use stage, reported apart and not declared
    ``to_json()``             the Battery Pass attributes (``pcf calc --format declaration``)
    ``report(lang)``          the declaration's section of a report as text; ``to_html(lang)``
                              as an HTML ``<section>`` element
    """

    __slots__ = ("_c", "_sum")

    def __init__(self, c_decl):
        self._c = c_decl
        self._sum = c_decl.summary()

    def to_json(self):
        """The declaration as JSON text, identical to ``pcf calc --format declaration``."""
        return self._c.to_json()

    def to_dict(self):
        """The declaration's JSON document as a dict."""
        return _json.loads(self._c.to_json())

    def report(self, lang="en"):
        """The declaration's section of a report as text: functional unit (lifetime energy and
        the numbers it comes from, with their sources), kg CO2e per kWh in total and per declared
        stage, one battery's kg CO2e, the use stage left out. ``lang``: "en" or "zh"."""
        return self._c.report_text(lang)

    def to_html(self, lang="en"):
        """The declaration's section as an HTML ``<section>`` element (``lang`` "en" or "zh")."""
        return self._c.report_html(lang)

    @property
    def lifetime_kwh(self):
        return self._sum["lifetime_kwh"]

    @property
    def kg_co2e_per_kwh(self):
        return self._sum["kg_co2e_per_kwh"]

    @property
    def stages(self):
        return dict(self._sum["stages"])

    @property
    def absolute_kg_co2e(self):
        return self._sum["absolute_kg_co2e"]

    @property
    def use_excluded_kg_co2e(self):
        return self._sum["use_excluded_kg_co2e"]

    def __repr__(self):
        return "<pcf.BatteryDeclaration %s kg CO2e/kWh>" % format_number(self.kg_co2e_per_kwh)


# ---------------------------------------------------------------- life-cycle inventory (pcf lci)

def lci_info(db, name):
    """What the linker decided for the database imported as ``name`` (``pcf lci info``), as a
    dict: counts, ambiguous providers, cut-offs, unit conversions, unmapped greenhouse gases."""
    return _json.loads(_pcf.lci_info(db, name))


def lci_matrices(lci):
    """The matrices of a solved :class:`Lci` as ``scipy.sparse`` (SciPy needed): a dict with
    ``technosphere`` (A, products x processes, CSC, as factorised), ``biosphere`` (B, elementary
    flows x processes, CSR), ``processes`` and ``flows`` (the @ids of the columns and of B's
    rows) and ``scale`` (published reference units per activity, so that the result per unit
    of process j is ``(c @ B @ inv(A))[j] * scale[j]`` for a characterisation row c)."""
    import scipy.sparse as sp

    ap, ai, ax, bp, bj, bx, flows, scale = lci._arrays()
    n = len(ap) - 1
    return {
        "technosphere": sp.csc_matrix((ax, ai, ap), shape=(n, n)),
        "biosphere": sp.csr_matrix((bx, bj, bp), shape=(len(flows), n)),
        "processes": [p["id"] for p in lci.processes()],
        "flows": flows,
        "scale": scale,
    }
