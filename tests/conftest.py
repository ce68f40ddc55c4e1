"""Shared fixtures: the built site is read from _build/html/<lang>/ (``make html`` first)."""

import pytest

from site_reader import SiteReader


@pytest.fixture(scope="session")
def en():
    return SiteReader("en")


@pytest.fixture(scope="module")
def section(en, request):
    """``section(id)``: a section of the English page named by the test module's PAGE."""
    return lambda section_id: en.section(request.module.PAGE, section_id)
