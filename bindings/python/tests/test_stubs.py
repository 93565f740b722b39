"""The type stubs (pcf/__init__.pyi, shipped with py.typed) against the runtime: every public
name and class member in the stubs exists at runtime and every public one at runtime is in the
stubs, with the same parameter names (where the runtime can tell them) and the same exception
bases. Also: the stubs and py.typed sit next to the imported package, as installed."""
import ast
import inspect
import pathlib

import pytest

import pcf

STUB = pathlib.Path(pcf.__file__).with_name("__init__.pyi")


def stub_tree():
    return ast.parse(STUB.read_text(encoding="utf-8"))


def public(name):
    return not name.startswith("_")


def stub_top_level():
    """{name: node} of what the stub defines at top level (imports left out)."""
    out = {}
    for node in stub_tree().body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            out[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            out[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out[t.id] = node
    return out


def runtime_public():
    return {n for n in dir(pcf) if public(n)}


def class_members(node):
    """Public names a stub class defines (methods, properties, attributes), plus the dunder
    methods it declares."""
    names = {}
    for item in node.body:
        if isinstance(item, ast.FunctionDef):
            names[item.name] = item
        elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
            names[item.target.id] = item
    return names


def stub_members(top, node):
    """Public member names of a stub class, with those of its bases defined in the stubs."""
    names = {n for n in class_members(node) if public(n)}
    for b in node.bases:
        if isinstance(b, ast.Name) and isinstance(top.get(b.id), ast.ClassDef):
            names |= stub_members(top, top[b.id])
    return names


def runtime_members(cls):
    """Public names a runtime class defines itself or inherits from pcf (not from builtins)."""
    names = set()
    for base in cls.__mro__:
        if base.__module__ == "builtins":
            continue
        names |= {n for n in vars(base) if public(n)}
    return names


def params(fn):
    """Parameter names after self/cls, or None when the runtime cannot tell them."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    names = list(sig.parameters)
    return names


def stub_params(node, method):
    a = node.args
    names = [x.arg for x in a.posonlyargs + a.args]
    if method and "staticmethod" not in [getattr(d, "id", "") for d in node.decorator_list]:
        names = names[1:]
    if a.vararg:
        names.append(a.vararg.arg)
    names += [x.arg for x in a.kwonlyargs]
    if a.kwarg:
        names.append(a.kwarg.arg)
    return names


def test_stubs_and_marker_installed():
    assert STUB.is_file()
    assert STUB.with_name("py.typed").is_file()


def test_every_public_name_both_ways():
    stub = {n for n in stub_top_level() if public(n)}
    runtime = runtime_public()
    assert stub - runtime == set(), "in the stubs, missing at runtime"
    assert runtime - stub == set(), "at runtime, missing from the stubs"


def test_all_is_in_the_stubs_and_exists():
    stub = stub_top_level()
    for name in pcf.__all__:
        assert name in stub, name
        assert hasattr(pcf, name), name


def test_functions_have_the_runtime_parameters():
    checked = 0
    for name, node in stub_top_level().items():
        if not isinstance(node, ast.FunctionDef) or not public(name):
            continue
        got = params(getattr(pcf, name))
        if got is not None:
            assert stub_params(node, method=False) == got, name
            checked += 1
    assert checked > 25  # every function: C ones carry their signature in the docstring


def test_classes_have_the_runtime_members_and_parameters():
    checked = 0
    top = stub_top_level()
    for name, node in top.items():
        if not isinstance(node, ast.ClassDef) or not public(name):
            continue
        cls = getattr(pcf, name)
        members = class_members(node)
        assert stub_members(top, node) == runtime_members(cls), name
        for member, item in members.items():
            assert hasattr(cls, member), f"{name}.{member}"
            if not isinstance(item, ast.FunctionDef) or not public(member):
                continue
            decorators = [getattr(d, "id", "") for d in item.decorator_list]
            static = inspect.getattr_static(cls, member)
            if "property" in decorators:
                assert isinstance(static, property) or inspect.isgetsetdescriptor(static), \
                    f"{name}.{member} is a property at runtime"
                continue
            if "classmethod" in decorators:
                got = params(getattr(cls, member))  # bound: cls already left out
            else:
                got = params(getattr(cls, member))
                got = got[1:] if got else got  # unbound: drop self
            if got is not None:
                assert stub_params(item, method=True) == got, f"{name}.{member}"
                checked += 1
    assert checked > 70  # every method but those whose C signature cannot be read


@pytest.mark.parametrize("name", ["InvalidArgument", "OutOfMemory", "IoError", "NotFound",
                                  "ParseError", "UnitError", "DataMissing", "Unsupported"])
def test_exception_bases(name):
    node = stub_top_level()[name]
    bases = [b.id for b in node.bases]
    runtime = [b.__name__ for b in getattr(pcf, name).__bases__]
    assert bases == runtime
