"""Shared fixtures. meson passes where things are through the environment:
PYTHONPATH (the build dir holding the `pcf` package), PCF_CLI (build/cli/pcf),
PCF_SOURCE_ROOT and PCF_BUILD_ROOT."""
import os
import pathlib

import pytest

import pcf

DATA = pathlib.Path(__file__).parent / "data"


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


@pytest.fixture(scope="session")
def test_db_path(tmp_path_factory):
    """A small factor database from tests/data/factors-test.csv (real DESNZ 2025 and MEE rows)."""
    path = tmp_path_factory.mktemp("testdb") / "factors-test.db"
    with pcf.open_db(path, create=True) as db:
        db.import_csv(DATA / "factors-test.csv")
    return path


@pytest.fixture
def test_db(test_db_path):
    with pcf.open_db(test_db_path) as db:
        yield db
