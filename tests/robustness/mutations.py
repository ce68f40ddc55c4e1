"""Mutation test of the build's checks (``make test-mutations``).

Each fault below is what a careless edit, a torch upgrade or a half-finished translation
does to the repository. For each one, one at a time, this copies the repository to a temp
folder (with the execution cache, so unchanged pages are not executed again), applies the
fault, runs the one check that must catch it, and asserts that the check fails with the
expected plain message: the file, the line, what went wrong and what to do, in one line,
with no framework traceback. It prints a table of faults caught / total and exits 1 unless
every fault is caught. A fault that finds nothing to break counts as NOT caught.

    python tests/robustness/mutations.py            # all faults, two at a time
    python tests/robustness/mutations.py -k stderr  # faults whose name contains "stderr"
"""

import argparse
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po, write_po

from sandbox import build_env, make_copy  # the script's folder is on sys.path

DOCS = "docs"
LOCALE = "docs/locale/ja/LC_MESSAGES"
PY = ".venv/bin/python"
BUILD_EN = ["make", "html", "LANGS=en"]
BUILD_JA = ["make", "html", "LANGS=ja"]
PROBLEM_LINE = re.compile(r": (WARNING|ERROR|CRITICAL): ")
TIMEOUT = 900


class CannotApply(Exception):
    """The repository has nothing this fault can break, or the check is missing."""


@dataclass
class Expect:
    """What the check must print: every regex matches; a build prints one problem line."""

    patterns: list
    lines: tuple = None  # (first, last) source lines the message's ":N:" must fall in
    one_problem: bool = True  # a build fault yields exactly one WARNING/ERROR line
    commands: list = field(default_factory=list)


# --- helpers to edit pages ------------------------------------------------------------

def pages(repo):
    docs = repo / DOCS
    return sorted(
        p for p in docs.rglob("*.md")
        if not any(part.startswith(("_", ".")) or part == "locale" for part in p.relative_to(docs).parts)
        and p.name != "README.md"
    )


def rel(repo, path):
    return path.relative_to(repo).as_posix()


def code_cells(text):
    """(fence line, closing line, option lines, body lines) of each code cell, 1-based."""
    lines = text.splitlines()
    cells, i = [], 0
    while i < len(lines):
        if lines[i].startswith("```{code-cell}"):
            j = i + 1
            while j < len(lines) and not lines[j].startswith("```"):
                j += 1
            opts = [k for k in range(i + 1, j) if lines[k].startswith(":")]
            cells.append((i + 1, j + 1, opts, lines[i + 1:j]))
            i = j
        i += 1
    return cells


def append(path, block):
    """Append a block to a page; returns the (first, last) line of the block."""
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    first = text.count("\n") + 1
    path.write_text(text + block.strip("\n") + "\n", encoding="utf-8")
    return first, first + block.strip("\n").count("\n")


def index_page(repo):
    return repo / DOCS / "index.md"


def line_of(message_path):
    return rf"{re.escape(message_path)}:(\d+): "


# --- the faults ---------------------------------------------------------------------

def untagged_exception(repo):
    """A careless edit drops the tag of a cell that is meant to raise."""
    for page in pages(repo):
        text = page.read_text(encoding="utf-8")
        for fence, close, opts, _body in code_cells(text):
            tagged = [k for k in opts if text.splitlines()[k].strip() == ":tags: [raises-exception]"]
            if tagged:
                lines = text.splitlines()
                del lines[tagged[0]]
                page.write_text("\n".join(lines) + "\n", encoding="utf-8")
                return Expect(
                    [line_of(rel(repo, page)) + r"ERROR: cell raised \w+", "Fix the code, or tag the cell"],
                    lines=(fence, close), commands=[BUILD_EN],
                )
    raise CannotApply("no cell tagged raises-exception in docs/")


def tagged_does_not_raise(repo):
    """A cell is tagged raises-exception although it runs fine."""
    page = index_page(repo)
    text = page.read_text(encoding="utf-8")
    for fence, close, opts, _body in code_cells(text):
        if not opts:
            lines = text.splitlines()
            lines.insert(fence, ":tags: [raises-exception]")
            page.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return Expect(
                [line_of(rel(repo, page)) + r"ERROR: the cell tagged 'raises-exception' did not raise",
                 "Make it raise, or remove the tag"],
                lines=(fence, close + 1), commands=[BUILD_EN],
            )
    raise CannotApply("no untagged code cell in docs/index.md")


def stderr_output(repo):
    page = index_page(repo)
    span = append(page, '```{code-cell} ipython3\nimport warnings\nwarnings.warn("deprecated")\n```')
    return Expect(
        [line_of(rel(repo, page)) + "WARNING: stderr was found in the cell outputs", "opt the cell in"],
        lines=span, commands=[BUILD_EN],
    )


def check_disagrees(repo):
    """What a torch upgrade that changes a result does: a check cell's values disagree."""
    page = index_page(repo)
    span = append(page, (
        "```{code-cell} ipython3\n:tags: [check, premise]\nimport torch\n"
        "x = torch.tensor([1.0, 2.0], requires_grad=True)\n"
        "torch.testing.assert_close(torch.autograd.grad((x * x).sum(), x)[0], 2 * x.detach() + 1)\n```"
    ))
    return Expect(
        [line_of(rel(repo, page)) + r"ERROR: check cell failed: AssertionError: Tensor-likes are not close!",
         "correct the claim"],
        lines=span, commands=[BUILD_EN],
    )


def memory_address(repo):
    page = index_page(repo)
    span = append(page, "```{code-cell} ipython3\nimport torch\n(torch.ones(2, requires_grad=True) * 2).sum().grad_fn\n```")
    return Expect(
        [line_of(rel(repo, page)) + r"ERROR: an output shows a memory address", "Print something stable instead"],
        lines=span, commands=[BUILD_EN],
    )


def undefined_label(repo):
    page = index_page(repo)
    span = append(page, "See {ref}`case-9-9-9` for more.")
    return Expect(
        [line_of(rel(repo, page)) + r"WARNING: undefined label: 'case-9-9-9'", "Fix the name"],
        lines=span, commands=[BUILD_EN],
    )


def missing_anchor(repo):
    page = index_page(repo)
    target = next((rel(repo / DOCS, p) for p in pages(repo) if p != page), "index.md")
    span = append(page, f"See [that case]({target}#case-9-9-9).")
    return Expect(
        [line_of(rel(repo, page)) + r"WARNING: local id not found in doc .*'case-9-9-9'", "Fix the link"],
        lines=span, commands=[BUILD_EN],
    )


CHECKED_PAGE = "docs/cases/outputs-tensor.md"
CHECKED_SECTION = "case-3-1-2"


def first_check_cell(repo):
    """The first cell tagged check in CHECKED_SECTION: its page, text and cell."""
    page = repo / CHECKED_PAGE
    text = page.read_text(encoding="utf-8")
    label = text.splitlines().index(f"({CHECKED_SECTION})=") + 1
    lines = text.splitlines()
    for fence, close, opts, _body in code_cells(text):
        if fence > label and any(lines[k].startswith(":tags: [check") for k in opts):
            return page, lines, (fence, close)
    raise CannotApply(f"no check cell in {CHECKED_PAGE}#{CHECKED_SECTION}")


def check_recomputes_itself(repo):
    """A check cell rewritten to compare the result with reverse-mode autograd run again."""
    page, lines, (fence, close) = first_check_cell(repo)
    lines[fence:close - 1] = [
        ":tags: [check, premise]",
        "a, b, x, x2, y, y2 = shared_example()",
        "torch.testing.assert_close(result, torch.autograd.grad(x, a, grad_outputs=v))",
    ]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Expect(
        [line_of(CHECKED_PAGE) + rf"ERROR: check cell in section '{CHECKED_SECTION}' \(route premise\): "
         r"compares two results of reverse-mode autograd", "compare with the closed form"],
        lines=(fence, fence + 4), commands=[BUILD_EN],
    )


SITE_RULE_TEST = "tests/test_check_cells.py"


def check_cell_removed(repo):
    """A section that calls autograd and prints its result loses its check cell."""
    page, lines, (fence, close) = first_check_cell(repo)
    del lines[fence - 1:close]
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    name = Path(CHECKED_PAGE).relative_to(DOCS).with_suffix("").as_posix()
    return Expect(
        [re.escape(f"{name}.md: sections that call autograd and state a result without a cell tagged 'check'")
         + rf".*'{CHECKED_SECTION}'"],
        one_problem=False,
        commands=[BUILD_EN, [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             f"{SITE_RULE_TEST}::test_every_section_that_calls_autograd_checks_or_shows_an_error[{name}]"]],
    )


# Japanese catalogs: edited through babel, written back without line wrapping.

def catalogs(repo):
    return sorted((repo / LOCALE).rglob("*.po"))


def load(po):
    with po.open("rb") as f:
        return read_po(f)


def save(po, catalog):
    with po.open("wb") as f:
        write_po(f, catalog, width=0, include_previous=True)


def first_translated(repo):
    for po in catalogs(repo):
        catalog = load(po)
        for message in catalog:
            if message.id and message.string and not message.fuzzy:
                return po, catalog, message
    raise CannotApply("no translated entry in the Japanese catalogs")


def snippet(message_id):
    text = message_id if isinstance(message_id, str) else message_id[0]
    return re.escape(repr(str(text)[:20])[:-1])


TRANSLATIONS = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_translations.py"]


def untranslated(repo):
    po, catalog, message = first_translated(repo)
    message.string = ""
    save(po, catalog)
    return Expect([rf"{re.escape(rel(repo, po))}:\d+: untranslated: {snippet(message.id)}"],
                  one_problem=False, commands=[TRANSLATIONS])


def fuzzy(repo):
    po, catalog, message = first_translated(repo)
    message.flags.add("fuzzy")
    save(po, catalog)
    return Expect([rf"{re.escape(rel(repo, po))}:\d+: fuzzy: {snippet(message.id)}"],
                  one_problem=False, commands=[TRANSLATIONS])


def obsolete(repo):
    po = catalogs(repo)[0]
    catalog = load(po)
    catalog.obsolete["A sentence the page no longer has."] = Message(
        "A sentence the page no longer has.", "ページにもう無い文。")
    save(po, catalog)
    return Expect([rf"{re.escape(rel(repo, po))}:\d+: obsolete: 'A sentence the page"],
                  one_problem=False, commands=[TRANSLATIONS])


REF = re.compile(r"\{ref\}`[^`]*`")


def dropped_reference(repo):
    """A translator drops a {ref} from a sentence (or a whole translated sentence has none)."""
    for po in catalogs(repo):
        catalog = load(po)
        for message in catalog:
            if isinstance(message.id, str) and REF.search(message.id) and message.locations:
                message.string = REF.sub("", message.string or message.id) + "（参照）"
                message.flags.discard("fuzzy")
                save(po, catalog)
                page = Path(po.relative_to(repo / LOCALE)).with_suffix(".md").as_posix()
                return Expect(
                    [line_of(f"docs/{page}") + r"WARNING: inconsistent (term )?references in translated message",
                     re.escape(f"({rel(repo, po)}) must keep every reference")],
                    commands=[BUILD_JA],
                )
    raise CannotApply("no catalog entry with a {ref} in docs/locale/ja")


def notebook_block_untranslated(repo):
    """A page's heading loses its Japanese: the Japanese notebook would show it in English."""
    po = repo / LOCALE / "cases" / "outputs-tensor.po"
    if not po.exists():
        raise CannotApply(f"{rel(repo, po)} is missing")
    catalog = load(po)
    message = next((m for m in catalog if isinstance(m.id, str) and m.id.startswith("Case ") and m.string), None)
    if message is None:
        raise CannotApply(f"{rel(repo, po)} has no translated case heading")
    message.string = ""
    save(po, catalog)
    line = int(message.locations[0][1])
    return Expect([line_of("docs/cases/outputs-tensor.md") + r"ERROR: ja notebook of cases/outputs-tensor: "
                   r"no translation for the block " + snippet(message.id), "Translate it in the page's catalog"],
                  lines=(line, line), commands=[BUILD_JA])


CONTRACT = "tests/link_contract.txt"
CONTRACT_TEST = "tests/test_link_contract.py"


def contract_labels(repo):
    return [l.strip() for l in (repo / CONTRACT).read_text(encoding="utf-8").splitlines()
            if "#" in l and not l.startswith("#")]


def contract_address_breaks(repo):
    """A section's label is renamed: its published address stops working."""
    everything = "\n".join(p.read_text(encoding="utf-8") for p in (repo / "docs").rglob("*.*")
                           if p.suffix in (".md", ".po", ".html"))
    for entry in contract_labels(repo):
        page, label = entry.split("#", 1)
        src = repo / DOCS / Path(page).with_suffix(".md")
        if everything.count(label) != 1 or not src.exists():
            continue  # referenced elsewhere: the build itself would fail on the {ref}
        text = src.read_text(encoding="utf-8")
        src.write_text(text.replace(f"({label})=", f"({label}-renamed)="), encoding="utf-8")
        return Expect([re.escape(f"{entry}: no element with id {label!r} in en/{page}")], one_problem=False,
                      commands=[BUILD_EN, [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                           f"{CONTRACT_TEST}::test_every_contract_address_works[en]"]])
    raise CannotApply("every contract label is referenced from a page")


def contract_entry_deleted(repo):
    """Someone deletes an address from the contract to make a test pass."""
    entry = contract_labels(repo)[0]
    path = repo / CONTRACT
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(l for l in lines if l.strip() != entry) + "\n", encoding="utf-8")
    return Expect([r"not in link_contract\.txt: \[[^]]*" + re.escape(repr(entry)), "make link-contract"],
                  one_problem=False,
                  commands=[[PY, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             f"{CONTRACT_TEST}::test_contract_lists_every_page_and_label_of_the_sources"]])


OFFLINE_TEST = "tests/test_offline.py"


def external_asset(repo):
    """A page loads an image from another host: the site works offline."""
    page = index_page(repo)
    append(page, '<img src="https://example.org/pixel.png" alt="">')
    return Expect([r"en/index\.html: <img src=https://example\.org/pixel\.png>"], one_problem=False,
                  commands=[BUILD_EN, [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                       f"{OFFLINE_TEST}::test_no_asset_from_another_host[en]"]])


UI_LANGUAGE = [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider",
               "tests/test_ui_language.py::test_japanese_page_speaks_japanese[index.html]"]


def theme_word_in_english(repo):
    """A theme word loses its Japanese entry: the theme's own Japanese catalog has none."""
    po = repo / LOCALE / "sphinx.po"
    catalog = load(po)
    message = catalog.get("Color mode")
    if message is None:
        raise CannotApply(f"{rel(repo, po)} has no entry for the theme's 'Color mode'")
    del catalog["Color mode"]
    save(po, catalog)
    return Expect([r"ja/index\.html: English a reader sees or hears", re.escape("aria-label='Color mode'>")],
                  one_problem=False, commands=[BUILD_JA, UI_LANGUAGE])


def japanese_search_splits_apart(repo):
    """The Japanese index goes back to Sphinx's own splitter, which cuts grad_outputs apart."""
    conf = repo / "conf.py"
    text = conf.read_text(encoding="utf-8")
    if 'extensions += ["ja_search"]' not in text:
        raise CannotApply("conf.py does not load ext/ja_search.py")
    conf.write_text(text.replace('extensions += ["ja_search"]', ""), encoding="utf-8")
    return Expect([r"ja: 'grad_outputs' misses \["], one_problem=False, commands=[BUILD_JA, [
        PY, "-m", "pytest", "-q", "-p", "no:cacheprovider",
        "tests/test_search.py::test_search_finds_exactly_the_pages_that_use_the_word[ja-grad_outputs]"]])


def theme_markup_changes(repo):
    """The theme's next version writes its bootstrap.js tag otherwise: ext/lean_theme's rewrite
    no longer matches, and the build must say which assumption broke instead of shipping
    the theme's markup as it is."""
    import pydata_sphinx_theme

    macros = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "webpack-macros.html"
    text = macros.read_text(encoding="utf-8")
    changed = text.replace('<script defer src="{{ pathto(\'_static/scripts/bootstrap.js\'',
                           '<script defer="defer" src="{{ pathto(\'_static/scripts/bootstrap.js\'')
    if changed == text:
        raise CannotApply(f"{macros} has no bootstrap.js script tag")
    shadow = repo / DOCS / "_templates" / "static" / "webpack-macros.html"  # found before the theme's own
    shadow.parent.mkdir(parents=True, exist_ok=True)
    shadow.write_text(changed, encoding="utf-8")
    return Expect([r"docs/[\w/-]+\.md: WARNING: lean_theme: pydata-sphinx-theme [\d.]+, sphinx-book-theme [\d.]+: assumption "
                   r"'bootstrap\.js script at the end of body' no longer holds"], commands=[BUILD_EN])
TYPOGRAPHY = "tests/test_ja_typography.py"
TITLED_JAPANESE_REF = re.compile(r"「(\{ref\}`[\u3040-\u30ff\u4e00-\u9fff][^`<]*<([^`>]+)>`)」")


def ja_page_test(repo, po, test):
    page = Path(po.relative_to(repo / LOCALE)).with_suffix("").as_posix()
    return page, [PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{TYPOGRAPHY}::{test}[{page}]"]


def italic_japanese(repo):
    """A translator carries the English *emphasis* over to a Japanese word."""
    for po in catalogs(repo):
        catalog = load(po)
        for message in catalog:
            if message.id and "**" in (message.string or "") and re.search(r"\*\*[^*`]+\*\*", message.string):
                message.string = re.sub(r"\*\*([^*`]+)\*\*", r"*\1*", message.string, count=1)
                save(po, catalog)
                page, test = ja_page_test(repo, po, "test_no_italics_on_japanese")
                return Expect([re.escape(f"ja/{page}.html: italics on Japanese text")], one_problem=False,
                              commands=[BUILD_JA, test])
    raise CannotApply("no Japanese entry with **bold** to turn into italics")


def space_around_japanese_link(repo):
    """A translator puts the half-width spaces of code spans around a Japanese link."""
    for po in catalogs(repo):
        catalog = load(po)
        for message in catalog:
            if message.id and TITLED_JAPANESE_REF.search(message.string or ""):
                message.string = TITLED_JAPANESE_REF.sub(r" \1 ", message.string, count=1)
                save(po, catalog)
                page, test = ja_page_test(repo, po, "test_no_half_width_space_beside_japanese_link_text")
                return Expect([re.escape(f"ja/{page}.html: a half-width space between Japanese text")],
                              one_problem=False, commands=[BUILD_JA, test])
    raise CannotApply("no Japanese entry with 「{ref}`日本語 <label>`」")


def error_heading_in_sentence(repo):
    """A reference to an error section loses its short title: the whole heading lands in the prose."""
    for po in catalogs(repo):
        catalog = load(po)
        for message in catalog:
            match = re.search(r"\{ref\}`[^`<]+<(errors-[\w-]+)>`", message.string or "")
            if message.id and match and po.name != "errors.po":
                message.string = message.string.replace(match.group(0), f"{{ref}}`{match.group(1)}`", 1)
                save(po, catalog)
                page, test = ja_page_test(repo, po, "test_no_error_heading_pasted_into_a_sentence")
                return Expect([re.escape(f"ja/{page}.html: a reference pastes a whole error heading")],
                              one_problem=False, commands=[BUILD_JA, test])
    raise CannotApply("no Japanese entry with a titled reference to an errors-… section")


def glossary_link_dropped(repo):
    """An edit rewrites the start page's first sentence and drops its glossary link."""
    page = repo / DOCS / "index.md"
    text = page.read_text(encoding="utf-8")
    if "{term}`gradients <gradient>`" not in text:
        raise CannotApply("docs/index.md does not link its first 'gradients' to the glossary")
    page.write_text(text.replace("{term}`gradients <gradient>`", "gradients", 1), encoding="utf-8")
    return Expect([r"en: first uses that do not link to the glossary", r"index: 'gradient' in 'computes the gradients"],
                  one_problem=False, commands=[BUILD_EN, [
                      PY, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                      "tests/test_glossary.py::test_each_term_links_to_the_glossary_at_its_first_use[en]"]])


FAULTS = [
    ("exception in an untagged cell", "make html (en)", untagged_exception),
    ("tagged raises-exception, does not raise", "make html (en)", tagged_does_not_raise),
    ("stderr in an output, not opted in", "make html (en)", stderr_output),
    ("check cell whose values disagree", "make html (en)", check_disagrees),
    ("memory address in an output", "make html (en)", memory_address),
    ("check compares autograd with itself", "make html (en)", check_recomputes_itself),
    ("section's check cell removed", "pytest test_check_cells", check_cell_removed),
    ("untranslated Japanese entry", "pytest test_translations", untranslated),
    ("fuzzy Japanese entry", "pytest test_translations", fuzzy),
    ("obsolete Japanese entry", "pytest test_translations", obsolete),
    ("translation drops a reference", "make html (ja)", dropped_reference),
    ("notebook block without Japanese", "make html (ja)", notebook_block_untranslated),
    ("broken internal link ({ref} label)", "make html (en)", undefined_label),
    ("broken anchor (Markdown link #id)", "make html (en)", missing_anchor),
    ("link-contract address stops working", "pytest test_link_contract", contract_address_breaks),
    ("link-contract entry deleted", "pytest test_link_contract", contract_entry_deleted),
    ("external URL in a page asset", "pytest test_offline", external_asset),
    ("theme word without Japanese", "pytest test_ui_language", theme_word_in_english),
    ("Japanese search cuts identifiers apart", "pytest test_search", japanese_search_splits_apart),
    ("theme markup no longer as assumed", "make html (en)", theme_markup_changes),
    ("italics on Japanese text", "pytest test_ja_typography", italic_japanese),
    ("space around a Japanese link", "pytest test_ja_typography", space_around_japanese_link),
    ("error heading pasted into a sentence", "pytest test_ja_typography", error_heading_in_sentence),
    ("glossary term not linked at first use", "pytest test_glossary", glossary_link_dropped),
]


# --- running ------------------------------------------------------------------------

def judge(expect, returncode, log):
    """None when the check caught the fault as expected, else why not."""
    if returncode == 0:
        return "the check passed"
    if "Traceback (most recent call last)" in log:
        return "a Python traceback instead of a plain message"
    for pattern in expect.patterns:
        match = re.search(pattern, log)
        if not match:
            return f"no message matching {pattern!r}"
        if expect.lines and match.groups() and match.group(1).isdigit():
            n = int(match.group(1))
            if not expect.lines[0] <= n <= expect.lines[1]:
                return f"message points at line {n}, the fault is at lines {expect.lines[0]}-{expect.lines[1]}"
    if expect.one_problem:
        problems = [l for l in log.splitlines() if PROBLEM_LINE.search(l)]
        if len(problems) != 1:
            return f"{len(problems)} problem lines instead of one"
    return None


def run_fault(name, check, apply):
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="mutation-") as tmp:
        repo = make_copy(Path(tmp) / "repo", with_cache=True)
        try:
            expect = apply(repo)
        except CannotApply as why:
            return name, check, False, f"NOT RUN: {why}", "", time.monotonic() - started
        log, returncode = "", 0
        for command in expect.commands:
            proc = subprocess.run(command, cwd=repo, env=build_env(), capture_output=True, text=True,
                                  timeout=TIMEOUT)
            log += proc.stdout + proc.stderr
            returncode = proc.returncode
            if returncode:
                break
        why = judge(expect, returncode, log)
        message = next((l.strip() for l in log.splitlines() if re.search(expect.patterns[0], l)), "")
        message = message.replace(str(repo) + "/", "")
    return name, check, why is None, why or "caught", message if why is None else log[-3000:], time.monotonic() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-k", default="", help="run only faults whose name contains this")
    parser.add_argument("-j", type=int, default=2, help="faults run side by side (default 2)")
    args = parser.parse_args()
    faults = [f for f in FAULTS if args.k.lower() in f[0].lower()]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=args.j) as pool:
        results = list(pool.map(lambda f: run_fault(*f), faults))
    width = max(len(r[0]) for r in results)
    cwidth = max(len(r[1]) for r in results)
    print(f"\n{'fault':<{width}} | {'check':<{cwidth}} | caught | time")
    print(f"{'-' * width}-+-{'-' * cwidth}-+--------+-----")
    for name, check, caught, _why, _message, seconds in results:
        print(f"{name:<{width}} | {check:<{cwidth}} | {'yes' if caught else 'NO':<6} | {seconds:3.0f}s")
    caught = sum(r[2] for r in results)
    print(f"\n{caught}/{len(results)} faults caught ({time.monotonic() - started:.0f}s)\n")
    for name, _check, ok, _why, message, _seconds in results:
        if ok:
            print(f"- {name}:\n    {message}")
    for name, check, ok, why, message, _seconds in results:
        if not ok:
            print(f"\nNOT CAUGHT: {name} ({check}): {why}")
            if message:
                print("    " + message.strip().replace("\n", "\n    "))
    return 0 if caught == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
