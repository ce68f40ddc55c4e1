"""Every page says which torch computed its outputs; the build records it; a new torch
(or a changed requirements.txt or kernel profile) starts a fresh execution cache."""

import json
from importlib.metadata import version

import pytest

from build_info import EXECUTION_INPUTS, execution_cache_dir
from site_reader import BUILD, SiteReader, source_pages
from site_facts import LANGUAGES

TORCH = version("torch")
FOOTER = {"en": f"Outputs computed with torch {TORCH}.", "ja": f"出力は torch {TORCH} で計算しています。"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_torch_version_on_every_page(lang):
    reader = SiteReader(lang)
    wrong = {}
    for page in source_pages():
        line = reader.page(page).select_one(".component-torch-version")
        text = line.get_text(" ", strip=True) if line else None
        if text != FOOTER[lang]:
            wrong[page] = text
    assert not wrong, f"{lang}: footer line is not {FOOTER[lang]!r} on: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_build_info_records_versions(lang):
    path = BUILD / lang / "build-info.json"
    assert path.exists(), f"{path} is missing: ext/build_info.py writes it at the end of a build"
    info = json.loads(path.read_text(encoding="utf-8"))
    assert info["torch"] == TORCH and info["language"] == lang
    assert list(info) == sorted(info), "keys are sorted, so two builds write the same bytes"


def test_cache_dir_changes_with_requirements_and_profile(tmp_path):
    for name in EXECUTION_INPUTS:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("a\n")
    first = execution_cache_dir(tmp_path)
    assert first == execution_cache_dir(tmp_path), "the same inputs must give the same cache"
    assert first.name.startswith(f"torch-{TORCH}-")
    for name in EXECUTION_INPUTS:
        (tmp_path / name).write_text("b\n")
        assert execution_cache_dir(tmp_path) != first, f"changing {name} must start a new cache"
