"""README rule 2 on every page: claims are checked by a visible cell, by a declared route.

* Every section whose own cells call autograd (``torch.autograd.grad``, ``backward``,
  ``torch.func.*``, forward mode …) has a cell tagged ``check``, or shows only errors, live
  (a traceback from a cell tagged ``raises-exception``).
* Under every check cell the page shows the note of its route, in the page's language.
* ``ext/check_routes.py`` holds check cells to their route; its analysis is tested here on
  small cells, then on every built page.
"""

import ast

import pytest
from babel.messages.pofile import read_po

import check_routes
from site_reader import DOCS, SiteReader, cell_sources, own_cells, source_pages
from site_facts import LANGUAGES

PAGES = [page for page in source_pages() if page != "404"]
AUTOGRAD = (check_routes.REVERSE, check_routes.FORWARD)


def parsed(sources):
    trees = []
    for source in sources:
        try:
            trees.append(ast.parse(source))
        except SyntaxError:  # a cell that shows a SyntaxError on purpose
            pass
    return trees


def calls_autograd(page, source):
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    return any(isinstance(n, ast.Call) and page.mode(n) in AUTOGRAD for n in ast.walk(tree))


def tags(cell):
    return [c[len("tag_"):] for c in cell.get("class", []) if c.startswith("tag_")]


def value_outputs(cell):
    return [o for o in cell.select("div.cell_output div.output") if "traceback" not in o.get("class", [])]


@pytest.mark.parametrize("name", PAGES)
def test_every_section_that_calls_autograd_checks_or_shows_an_error(en, name):
    soup = en.page(name)
    page = check_routes.Page(parsed(c.select_one("div.cell_input").get_text() for c in soup.select("div.cell")))
    missing = []
    for section in soup.find_all("section", id=True):
        cells = own_cells(section)
        if not any(calls_autograd(page, cell.select_one("div.cell_input").get_text()) for cell in cells):
            continue
        if cell_sources(section, tag="check"):
            continue
        shows_values = any(value_outputs(cell) for cell in cells)
        live_error = any("raises-exception" in tags(cell) and tracebacks_of(cell) for cell in cells)
        if shows_values or not live_error:
            missing.append(section["id"])
    assert not missing, (
        f"{name}.md: sections that call autograd and state a result without a cell tagged "
        f"'check' (or that show no error live): {missing}"
    )


def tracebacks_of(cell):
    return cell.select("div.cell_output div.output.traceback")


def sphinx_catalog():
    with (DOCS / "locale" / "ja" / "LC_MESSAGES" / "sphinx.po").open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id}


@pytest.fixture(scope="module")
def readers(en):
    return {"en": en, "ja": SiteReader("ja")}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_every_check_cell_shows_its_route(readers, lang, name):
    words = {route: note for route, note in check_routes.ROUTES.items()}
    if lang == "ja":
        catalog = sphinx_catalog()
        words = {route: catalog[note] for route, note in words.items()}
    soup = readers[lang].page(name)
    wrong = []
    for cell in soup.select("div.cell.tag_check"):
        routes = [t for t in tags(cell) if t in check_routes.ROUTES]
        note = cell.find_next_sibling()
        section = cell.find_parent("section")["id"]
        expected = f"\u2713 {words[routes[0]]}" if len(routes) == 1 else None
        if note is None or "check-route" not in note.get("class", []) or note.get_text() != expected:
            wrong.append((section, routes, note.get_text() if note is not None else None))
        elif f"check-route-{routes[0]}" not in note["class"]:
            wrong.append((section, routes, note["class"]))
    assert not wrong, f"{lang}/{name}.html: check cells without the note of their route: {wrong}"
    assert len(soup.select("p.check-route")) == len(soup.select("div.cell.tag_check"))


def test_every_route_note_has_a_japanese_entry():
    catalog = sphinx_catalog()
    missing = [note for note in check_routes.ROUTES.values() if not catalog.get(note)]
    assert not missing, f"docs/locale/ja/LC_MESSAGES/sphinx.po has no translation for {missing}"


def test_the_check_pages_have_checks_at_all(en):
    """The site-wide test above reads the pages it was meant to: they hold check cells."""
    counts = {name: len(en.page(name).select("div.cell.tag_check")) for name in PAGES}
    assert all(counts[name] > 0 for name in ("basics", "parameters-to-vector", "topics/errors")), counts


# --- the route analysis on small pages -------------------------------------------------


def problems(*cells, route="closed-form"):
    """Problems of the last cell, a check with ``route``, after the earlier cells ran."""
    trees = [ast.parse(source) for source in cells]
    page = check_routes.Page(trees)
    for tree in trees[:-1]:
        page.run(tree.body)
    return check_routes.problems(page, route, trees[-1])


CALL = "x = torch.ones(2, requires_grad=True)\n(g,) = torch.autograd.grad((x * x).sum(), x)"


def test_a_closed_form_check_passes():
    assert problems(CALL, "torch.testing.assert_close(g, 2 * x.detach())") == []


def test_a_recomputation_by_reverse_mode_fails_on_every_route():
    recompute = "torch.testing.assert_close(g, torch.autograd.grad((x * x).sum(), x)[0])"
    for route in check_routes.ROUTES:
        found = problems(CALL, recompute, route=route)
        assert any("compares two results of reverse-mode autograd" in p for p in found), (route, found)


def test_a_reverse_mode_value_from_an_earlier_cell_counts():
    expected = "expected = torch.autograd.functional.jacobian(lambda t: (t * t).sum(), x)"
    found = problems(CALL, expected, "torch.testing.assert_close(g, expected)", route="premise")
    assert found and "compares two results" in found[0]


def test_names_assigned_again_from_a_closed_form_are_clean():
    found = problems(CALL, "expected = torch.autograd.grad((x * x).sum(), x)[0]", "expected = 2 * x.detach()",
                     "torch.testing.assert_close(g, expected)")
    assert found == []


def test_shapes_and_zeros_like_of_a_gradient_are_not_its_values():
    assert problems(CALL, "v = torch.arange(g.numel(), dtype=g.dtype)\ntorch.testing.assert_close(g * 0, torch.zeros_like(g) * v)") == []


def test_zipped_loops_keep_each_side_apart():
    forward = "reference = torch.func.jacfwd(lambda t: (t * t).sum())(x.detach())"
    check = "for got, want in zip((g,), (reference,)):\n    torch.testing.assert_close(got, want)"
    assert problems(CALL, forward, check, route="forward-mode") == []


def test_a_closed_form_check_calls_no_differentiation_api():
    found = problems(CALL, "torch.testing.assert_close(g, torch.func.jacfwd(lambda t: t * t)(x).diagonal())")
    assert any("closed-form check calls no differentiation API" in p for p in found), found


def test_a_forward_mode_check_needs_forward_mode_and_no_reverse_mode():
    found = problems(CALL, "torch.testing.assert_close(g, 2 * x.detach())", route="forward-mode")
    assert any("calls torch.func.jacfwd/jvp" in p for p in found), found
    found = problems(CALL, "J = torch.func.jacrev(lambda t: (t * t).sum())(x)\nassert J.shape == x.shape",
                     route="forward-mode")
    assert any("calls no reverse-mode API" in p for p in found), found
    assert problems(CALL, "J = torch.func.jacfwd(lambda t: t * t)(x.detach())\ntorch.testing.assert_close(g, J.sum(0))",
                    route="forward-mode") == []


def test_functional_jvp_is_reverse_mode_and_functional_jacobian_only_in_forward_strategy():
    reverse = "j = torch.autograd.functional.jvp(lambda t: t * t, x, v)\nassert j is not None"
    assert any("calls no reverse-mode API" in p for p in problems(CALL, reverse, route="forward-mode"))
    forward = ("J = torch.autograd.functional.jacobian(lambda t: t * t, x, vectorize=True, strategy=\"forward-mode\")\n"
               "torch.testing.assert_close(g, J.sum(0))")
    assert problems(CALL, forward, route="forward-mode") == []


def test_finite_differences_may_differentiate_inside_the_difference_only():
    helper = ("def penalty(t):\n    (gt,) = torch.autograd.grad((t ** 3).sum(), t, create_graph=True)\n"
              "    return gt.sum()")
    check = ("def finite_difference(f, t, h=1e-6):\n    return (f(t + h) - f(t - h)) / (2 * h)\n"
             "torch.testing.assert_close(g, finite_difference(lambda s: (s * s).sum(), x))")
    assert problems(CALL, helper, check, route="finite-differences") == []
    outside = check + "\nassert penalty(x) is not None"
    found = problems(CALL, helper, outside, route="finite-differences")
    assert any("reverse-mode calls outside the finite differences: penalty" in p for p in found), found
    assert any("calls gradcheck or a finite_difference" in p
               for p in problems(CALL, "assert g is not None", route="finite-differences"))


def test_a_page_function_that_calls_autograd_is_reverse_mode():
    helper = "def gradient_of(t):\n    return torch.autograd.grad((t * t).sum(), t)[0]"
    found = problems(CALL, helper, "torch.testing.assert_close(g, gradient_of(x))", route="premise")
    assert found and "compares two results" in found[0]


def test_a_check_that_asserts_nothing_fails():
    assert any("cannot fail" in p for p in problems(CALL, "print(g)", route="premise"))


def test_a_negated_comparison_of_two_results_is_allowed():
    other = "(h,) = torch.autograd.grad((x ** 3).sum(), x)"
    assert problems(CALL, other, "assert not torch.allclose(g, h)", route="premise") == []
