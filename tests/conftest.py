"""Shared fixtures: the built site is read from _build/html/<lang>/ (``make html`` first)."""

import pytest

from site_reader import BUILD, SiteReader


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds a copy of the site (minutes)")


@pytest.fixture(scope="session")
def en():
    return SiteReader("en")


@pytest.fixture(scope="session")
def build_dir():
    return BUILD
