"""Shared fixtures: the built site is read from _build/html/<lang>/ (``make html`` first)."""

import sys

import pytest

from site_reader import BUILD, ROOT, SiteReader

sys.path.insert(0, str(ROOT / "ext"))  # the tests check our extensions' helpers directly


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds a copy of the site (minutes)")


@pytest.fixture(scope="session")
def en():
    return SiteReader("en")


@pytest.fixture(scope="session")
def build_dir():
    return BUILD


@pytest.fixture(scope="module")
def section(en, request):
    """``section(id)``: a section of the English page named by the test module's PAGE."""
    return lambda section_id: en.section(request.module.PAGE, section_id)
