"""Shared fixtures. meson passes where things are through the environment:
PYTHONPATH (the build dir holding the `pcf` package), PCF_CLI (build/cli/pcf),
PCF_SOURCE_ROOT and PCF_BUILD_ROOT."""
import os
import pathlib

import pytest


@pytest.fixture(scope="session")
def source_root():
    return pathlib.Path(os.environ.get("PCF_SOURCE_ROOT", pathlib.Path(__file__).parents[3]))


@pytest.fixture(scope="session")
def build_root():
    root = os.environ.get("PCF_BUILD_ROOT")
    if not root:
        pytest.skip("PCF_BUILD_ROOT not set (run through meson test)")
    return pathlib.Path(root)


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("PCF_CLI")
    if not path or not os.path.exists(path):
        pytest.skip("PCF_CLI not set (run through meson test)")
    return path
