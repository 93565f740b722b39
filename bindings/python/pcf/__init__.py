"""pcf — product carbon footprints (ISO 14067, GB/T 24067-2024) from Python.

A thin layer over libpcf (the C extension ``pcf._pcf``). Results come back as plain dicts and
lists; every library error raises a :class:`pcf.Error` subclass carrying the library's message
and where it happened (``file``, JSON ``path``, ``line``, ``column``).

Units and GWP helpers::

    >>> pcf.convert(2.5, "t", "lb")
    5511.5565546219395
    >>> pcf.gwp("n2o", "AR6")
    273.0
"""
from . import _pcf
from ._pcf import (  # noqa: F401  (re-exported API)
    Cancelled,
    DatabaseError,
    DataMissing,
    Error,
    InternalError,
    InvalidArgument,
    InvalidModel,
    IoError,
    NotFound,
    OutOfMemory,
    ParseError,
    ReadOnly,
    UnitError,
    Unsupported,
    VersionError,
    convert,
    format_number,
    gases,
    gwp,
    gwp_set_name,
    gwp_source,
    parse_number,
    parse_quantity,
    status_name,
    unit,
    units,
    version,
)

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
