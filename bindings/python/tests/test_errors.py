"""The exception hierarchy: one pcf.Error subclass per pcf_status (include/pcf/common.h)."""
import pytest

import pcf

# pcf_status value -> class name (include/pcf/common.h)
STATUS_CLASSES = {
    1: "InvalidArgument", 2: "OutOfMemory", 3: "IoError", 4: "NotFound", 5: "ParseError",
    6: "UnitError", 7: "DataMissing", 8: "Cancelled", 9: "InternalError", 10: "DatabaseError",
    11: "VersionError", 12: "InvalidModel", 13: "ReadOnly", 14: "Unsupported",
}


def test_hierarchy():
    assert issubclass(pcf.Error, Exception)
    for code, name in STATUS_CLASSES.items():
        cls = getattr(pcf, name)
        assert issubclass(cls, pcf.Error), name
        assert cls.__module__ == "pcf" and cls.__name__ == name
    assert issubclass(pcf.InvalidArgument, ValueError)
    assert issubclass(pcf.ParseError, ValueError)
    assert issubclass(pcf.UnitError, ValueError)
    assert issubclass(pcf.NotFound, LookupError)
    assert issubclass(pcf.OutOfMemory, MemoryError)


def test_error_class_lookup():
    for code, name in STATUS_CLASSES.items():
        assert pcf.error_class(code) is getattr(pcf, name)
    assert pcf.error_class(999) is pcf.Error


def test_attributes_defaults():
    e = pcf.Error("plain")
    assert str(e) == "plain"
    assert e.file == "" and e.path == "" and e.line == 0 and e.column == 0


def test_raised_error_carries_status():
    with pytest.raises(pcf.Error) as info:
        pcf.unit("")
    e = info.value
    assert e.code in STATUS_CLASSES
    assert type(e) is getattr(pcf, STATUS_CLASSES[e.code])
    assert e.status == pcf.status_name(e.code)
    assert e.message
