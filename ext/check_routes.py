"""Every check cell names how it checks; the build holds its code to that, and shows it.

A cell tagged ``check`` carries a second tag, its route (``ROUTES``). Under the cell the
page shows a one-line note naming the route, in the page's language
(``docs/locale/<lang>/LC_MESSAGES/sphinx.po``). The note is drawn from the tag, and the
build fails, naming the page, the cell's line and its section, unless the code keeps to it:

* no route lets a check compare two values that both come from reverse-mode autograd:
  autograd agreeing with itself proves nothing. A value counts as reverse-mode when it comes
  from a reverse-mode call (``REVERSE``), from ``.grad``, from a function of the page that
  makes such a call, or from a name assigned from one, in any earlier cell of the page;
* ``closed-form``: the cell calls no differentiation API at all;
* ``forward-mode``: it calls a forward-mode API and no reverse-mode one;
* ``finite-differences``: it calls ``gradcheck``/``gradgradcheck`` or a function named
  ``finite_difference…``, and no reverse-mode API outside such a function (a finite
  difference only evaluates what it differentiates, even if that is itself a gradient);
* ``premise``: it tests a stated behaviour itself (an error message, a ``None``, a
  default, what was freed) and may call autograd to provoke it.

Every check cell must also be able to fail: it asserts, compares or runs ``gradcheck``.
"""

import ast
from html import escape

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.texescape import escape as tex_escape

from execution_checks import CHECK, cell_source, code_cells

logger = logging.getLogger(__name__)

# route tag -> the note shown under the cell (translated in sphinx.po)
ROUTES = {
    "closed-form": "Checked against the closed form",
    "forward-mode": "Checked against forward-mode differentiation",
    "finite-differences": "Checked against finite differences",
    "premise": "Checked by testing the stated behaviour directly",
}
REVERSE, FORWARD, FINITE = "reverse-mode", "forward-mode", "finite differences"
# Last name of a call -> its mode. torch.autograd.functional.jvp is a double backward.
REVERSE_NAMES = {"grad", "backward", "jacrev", "vjp", "vhp", "hvp", "hessian", "grad_and_value"}
FORWARD_NAMES = {"jacfwd", "make_dual", "unpack_dual", "dual_level", "linearize"}
FINITE_NAMES = {"gradcheck", "gradgradcheck"}
COMPARISONS = {"assert_close", "allclose", "isclose", "equal"}
METADATA = {"shape", "dtype", "device", "ndim", "numel", "size", "dim", "requires_grad", "is_leaf", "grad_fn"}
MUTATORS = {"append", "extend", "insert", "update", "add", "setdefault"}  # rows.append(row)


def is_finite_difference(name):
    return name in FINITE_NAMES or "finite_difference" in name


class Page:
    """The page's code, read once: its imports and the functions that use reverse mode."""

    def __init__(self, trees):
        self.imports = {}
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and node.module:
                    for alias in node.names:
                        self.imports[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        self.helpers = set()
        defs = [n for t in trees for n in ast.walk(t) if isinstance(n, ast.FunctionDef)]
        grew = True
        while grew:
            grew = False
            for fn in defs:
                if fn.name in self.helpers or is_finite_difference(fn.name):
                    continue
                if any(isinstance(n, ast.Call) and self.mode(n) == REVERSE for n in ast.walk(fn)):
                    self.helpers.add(fn.name)
                    grew = True
        # names that hold results of each mode, as the cells run (REVERSE: see derived())
        self.held = {REVERSE: set(), FORWARD: set(), FINITE: set()}

    def dotted(self, func):
        parts = []
        while isinstance(func, ast.Attribute):
            parts.append(func.attr)
            func = func.value
        if isinstance(func, ast.Name):
            parts.append(func.id)
            if len(parts) == 1:
                return self.imports.get(func.id, func.id)
        return ".".join(reversed(parts))

    def mode(self, call):
        """REVERSE, FORWARD, FINITE or None for what the call computes."""
        full = self.dotted(call.func)
        name = full.rpartition(".")[2]
        if is_finite_difference(name):
            return FINITE
        if name == "jacobian":
            strategy = next((k.value for k in call.keywords if k.arg == "strategy"), None)
            forward = isinstance(strategy, ast.Constant) and strategy.value == "forward-mode"
            return FORWARD if forward else REVERSE
        if name == "jvp":
            return REVERSE if "functional" in full else FORWARD
        if name in FORWARD_NAMES or "forward_ad" in full:
            return FORWARD
        if name in REVERSE_NAMES or (name in self.helpers and "." not in full):
            return REVERSE
        return None

    def derived(self, node):
        """True when the expression's value comes from reverse-mode autograd.

        A tensor's shape, dtype or size, and ``zeros_like(g)``, say nothing of its values.
        """
        if isinstance(node, ast.Attribute) and node.attr in METADATA:
            return False
        if isinstance(node, ast.Call):
            mode = self.mode(node)
            name = self.dotted(node.func).rpartition(".")[2]
            if mode == FINITE or name in METADATA or name.endswith("_like"):
                return False
            if mode == REVERSE:
                return True
            parts = [*node.args, *(k.value for k in node.keywords)]
            func = node.func
            parts.append(func.value if isinstance(func, ast.Attribute) else func)
            return any(self.derived(p) for p in parts)
        if isinstance(node, ast.Name):
            return node.id in self.held[REVERSE]
        if isinstance(node, ast.Attribute) and node.attr == "grad":
            return True
        return any(self.derived(child) for child in ast.iter_child_nodes(node))

    def uses(self, node, mode):
        """True when the expression calls a ``mode`` API or reads a name holding its result."""
        return any(
            (isinstance(n, ast.Call) and self.mode(n) == mode)
            or (isinstance(n, ast.Name) and n.id in self.held[mode])
            for n in ast.walk(node)
        )

    def modes_of(self, node):
        return {REVERSE: self.derived(node), FORWARD: self.uses(node, FORWARD), FINITE: self.uses(node, FINITE)}

    def run(self, statements, visit=None):
        """Follow assignments in order: which names hold reverse-mode results.

        ``visit(node)`` sees each statement (a compound one: its header) before it runs.
        """
        for st in statements:
            if isinstance(st, (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom)):
                continue
            if visit is not None:
                visit(header(st))
            if isinstance(st, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and st.value is not None:
                targets = st.targets if isinstance(st, ast.Assign) else [st.target]
                value = self.modes_of(st.value)
                if isinstance(st, ast.AugAssign):
                    value = {m: v or self.modes_of(st.target)[m] for m, v in value.items()}
                for target in targets:
                    self.assign(target, value)
            elif isinstance(st, ast.For):
                zipped = isinstance(st.iter, ast.Call) and self.dotted(st.iter.func) == "zip"
                if zipped and isinstance(st.target, ast.Tuple) and len(st.target.elts) == len(st.iter.args):
                    for element, source in zip(st.target.elts, st.iter.args):  # for got, want in zip(a, b)
                        self.assign(element, self.modes_of(source))
                else:
                    self.assign(st.target, self.modes_of(st.iter))
            elif isinstance(st, ast.With):
                for item in st.items:
                    if item.optional_vars is not None:
                        self.assign(item.optional_vars, self.modes_of(item.context_expr))
            elif isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
                call = st.value  # rows.append(row): rows now holds what row holds
                arguments = [*call.args, *(k.value for k in call.keywords)]
                func = call.func
                if isinstance(func, ast.Attribute) and func.attr in MUTATORS:
                    value = {m: any(self.modes_of(a)[m] for a in arguments) for m in self.held}
                    self.assign(func.value, value, only_add=True)
            for field in ("body", "orelse", "finalbody"):
                self.run(getattr(st, field, []), visit)
            for handler in getattr(st, "handlers", []):
                self.run(handler.body, visit)

    def assign(self, target, value, only_add=False):
        """``value``: for each mode, whether the assigned value holds a result of it."""
        if isinstance(target, ast.Name):
            for mode, holds in value.items():
                if holds:
                    self.held[mode].add(target.id)
                elif not only_add:
                    self.held[mode].discard(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self.assign(element, value, only_add)
        elif isinstance(target, ast.Starred):
            self.assign(target.value, value, only_add)
        elif isinstance(target, (ast.Subscript, ast.Attribute)):
            self.assign(target.value, value, only_add=True)  # loop[name] = g, box.t = g


def outside_finite_differences(tree):
    """The nodes of the cell, leaving out the bodies of finite-difference functions."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.FunctionDef) and is_finite_difference(node.name):
            continue
        stack.extend(ast.iter_child_nodes(node))


def header(st):
    """A statement without the statements it contains (a loop's iterable, a test, a with)."""
    if isinstance(st, ast.For):
        return st.iter
    if isinstance(st, (ast.If, ast.While)):
        return st.test
    if isinstance(st, ast.With):
        return ast.Tuple([item.context_expr for item in st.items], ast.Load())
    if isinstance(st, ast.Try):
        return ast.Pass()
    return st


def self_comparisons(page, node):
    """Source of each comparison in ``node`` whose two sides are both reverse-mode results."""
    negated = {id(n.operand) for n in ast.walk(node) if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.Not)}
    found = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Call) and page.dotted(sub.func).rpartition(".")[2] in COMPARISONS:
            sides = sub.args[:2] + [k.value for k in sub.keywords if k.arg in ("actual", "expected", "other")]
        elif isinstance(sub, ast.Compare) and all(isinstance(op, ast.Eq) for op in sub.ops):
            sides = [sub.left, *sub.comparators]
        else:
            continue
        if id(sub) not in negated and sum(page.derived(side) for side in sides) >= 2:
            found.append(ast.unparse(sub))
    return found


def can_fail(page, tree):
    return any(
        isinstance(node, ast.Assert)
        or (isinstance(node, ast.Call) and page.dotted(node.func).rpartition(".")[2] in COMPARISONS | FINITE_NAMES)
        for node in ast.walk(tree)
    )


def problems(page, route, tree):
    """What is wrong with a check cell that declares ``route``; empty when nothing is.

    Runs the cell's statements on ``page`` (which names hold reverse-mode results).
    """
    uses_forward, uses_finite = page.uses(tree, FORWARD), page.uses(tree, FINITE)
    compared = []
    page.run(tree.body, visit=lambda node: compared.extend(self_comparisons(page, node)))
    found = [
        f"compares two results of reverse-mode autograd ({text}): autograd agreeing with "
        "itself proves nothing; compare with the closed form, forward mode or finite differences"
        for text in compared
    ]
    calls = [n for n in outside_finite_differences(tree) if isinstance(n, ast.Call)]
    modes = {}
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and page.mode(call):
            modes.setdefault(page.mode(call), []).append(page.dotted(call.func))
    outside = [page.dotted(c.func) for c in calls if page.mode(c) == REVERSE]
    if route == "closed-form" and modes:
        names = sorted({name for names in modes.values() for name in names})
        found.append(f"a closed-form check calls no differentiation API, this one calls {', '.join(names)}")
    if route == "forward-mode":
        if not uses_forward:
            found.append("a forward-mode check calls torch.func.jacfwd/jvp, torch.autograd.forward_ad "
                         "or jacobian(..., strategy=\"forward-mode\"), or reads a result of one; this one does not")
        if REVERSE in modes:
            found.append(f"a forward-mode check calls no reverse-mode API, this one calls {', '.join(sorted(set(modes[REVERSE])))}")
    if route == "finite-differences":
        if not uses_finite:
            found.append("a finite-differences check calls gradcheck or a finite_difference function, "
                         "or reads a result of one; this one does not")
        if outside:
            found.append(f"reverse-mode calls outside the finite differences: {', '.join(sorted(set(outside)))}")
    if not can_fail(page, tree):
        found.append("it asserts nothing, so it cannot fail")
    return found


def section_of(node):
    while node is not None and not isinstance(node, nodes.section):
        node = node.parent
    return node["ids"][0] if node is not None and node["ids"] else "(no section)"


class check_route(nodes.Element):
    """The note under a check cell; its words are drawn when the page is written."""


def check_cells(app, doctree):
    docname = app.env.docname
    cells = list(code_cells(doctree))
    trees = {}
    for cell in cells:
        try:
            trees[id(cell)] = ast.parse(cell_source(cell))
        except SyntaxError:
            trees[id(cell)] = None  # a cell that shows a SyntaxError on purpose
    page = Page([t for t in trees.values() if t is not None])
    for cell in cells:
        tree = trees[id(cell)]
        tags = cell.get("cell_metadata", {}).get("tags", [])
        routes = [t for t in tags if t in ROUTES]
        where = (docname, cell.line)
        if CHECK in tags:
            if len(routes) != 1:
                logger.error(
                    "check cell in section %r declares %s; tag it with exactly one of %s "
                    "(how it checks: README, rule 2).",
                    section_of(cell), f"the routes {routes}" if routes else "no route",
                    ", ".join(ROUTES), location=where,
                )
            elif tree is None:
                logger.error("check cell in section %r is not valid Python.", section_of(cell), location=where)
            else:
                wrong = problems(page, routes[0], tree)
                if wrong:
                    logger.error(
                        "check cell in section %r (route %s): %s.",
                        section_of(cell), routes[0], "; ".join(wrong), location=where,
                    )
                cell.parent.insert(cell.parent.index(cell) + 1, check_route(route=routes[0]))
                continue  # problems() ran the cell
        elif routes:
            logger.error(
                "the cell in section %r has the route tag %r but no 'check' tag.",
                section_of(cell), routes[0], location=where,
            )
        if tree is not None:
            page.run(tree.body)


def visit_html(self, node):
    route = node["route"]
    self.body.append(
        f'<p class="check-route check-route-{route}"><small>\u2713 {escape(_(ROUTES[route]))}</small></p>\n'
    )
    raise nodes.SkipNode


def visit_latex(self, node):
    """The book says it too: the route under the cell, small, after a check mark (amssymb)."""
    words = tex_escape(str(_(ROUTES[node["route"]])), self.config.latex_engine)
    self.body.append(f"\n\\par\\noindent{{\\small $\\checkmark$ {words}}}\\par\n")
    raise nodes.SkipNode


def skip(self, node):
    raise nodes.SkipNode


def setup(app):
    app.add_node(
        check_route,
        html=(visit_html, None),
        latex=(visit_latex, None),
        text=(skip, None),
        man=(skip, None),
        texinfo=(skip, None),
    )
    app.connect("doctree-read", check_cells)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
