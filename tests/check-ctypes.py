#!/usr/bin/env python3
"""ABI check: call the shared library through ctypes, as P/Invoke or JNA
would, with no header. Usage: check-ctypes.py LIBPCF.so"""
import ctypes
import sys

lib = ctypes.CDLL(sys.argv[1])
lib.pcf_version.restype = ctypes.c_int
lib.pcf_version_string.restype = ctypes.c_char_p
lib.pcf_status_str.restype = ctypes.c_char_p
lib.pcf_status_str.argtypes = [ctypes.c_int]
lib.pcf_unit_convert.restype = ctypes.c_int
lib.pcf_unit_convert.argtypes = [ctypes.c_double, ctypes.c_char_p, ctypes.c_char_p,
                                 ctypes.POINTER(ctypes.c_double), ctypes.c_void_p]


class Error(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int32), ("line", ctypes.c_int32), ("column", ctypes.c_int32),
                ("reserved_", ctypes.c_int32), ("message", ctypes.c_char * 1024),
                ("file", ctypes.c_char * 512), ("path", ctypes.c_char * 256)]


assert lib.pcf_version() >= 100, lib.pcf_version()
assert lib.pcf_version_string().decode().count(".") == 2
assert lib.pcf_status_str(0) == b"success"
assert lib.pcf_status_str(6) == b"unit mismatch"
assert lib.pcf_status_str(12345) == b"unknown status"
out = ctypes.c_double()
err = Error()
assert lib.pcf_unit_convert(1.0, b"kWh", b"MJ", ctypes.byref(out), ctypes.byref(err)) == 0
assert abs(out.value - 3.6) < 1e-12
assert lib.pcf_unit_convert(1.0, b"kWh", b"kg", ctypes.byref(out), ctypes.byref(err)) == 6
assert b"energy" in err.message and b"mass" in err.message, err.message
print("ctypes smoke test passed:", lib.pcf_version_string().decode())
