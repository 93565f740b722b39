"""The package's surface: every public callable has a docstring and an inspectable signature
(help() and IDEs show the arguments of the C functions too), and the names the README and the
brief promise exist."""
import inspect

import pcf

PROMISED = ["open_db", "find_db", "Db", "Model", "Result", "calculate", "convert", "gwp", "co2e",
            "units", "unit", "gases", "Error", "STAGES", "FLOWS", "pact_validate",
            "pact_footprint", "pedigree_gsd", "format_number"]


def public_callables():
    seen = []
    for name in dir(pcf._pcf):
        obj = getattr(pcf._pcf, name)
        if name.startswith("_") or (isinstance(obj, type) and issubclass(obj, BaseException)):
            continue
        if isinstance(obj, type):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and callable(getattr(obj, attr)):
                    seen.append((f"{name}.{attr}", getattr(obj, attr)))
        elif callable(obj):
            seen.append((name, obj))
    return seen


def test_promised_names():
    for name in PROMISED:
        assert hasattr(pcf, name), name


def test_signatures_and_docs():
    items = public_callables()
    assert len(items) > 80
    for name, obj in items:
        assert obj.__doc__, name
        inspect.signature(obj)  # raises ValueError when the C docstring has no signature


def test_type_names():
    for cls in (pcf.Db, pcf.System, pcf.Mc):  # C types the package exports as its own
        assert cls.__module__ == "pcf", cls
    assert pcf.Db.__name__ == "Db"
    assert issubclass(pcf.Model, pcf._pcf.Model)
