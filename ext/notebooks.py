"""Every page's executed notebook, in its edition's language, downloadable beside its source."""

import json
import re
from pathlib import Path

import myst_nb.sphinx_
import nbformat
from babel.messages.pofile import read_po
from markdown_it.renderer import RendererHTML
from myst_nb.core.utils import coalesce_streams
from myst_parser.parsers.mdit import create_md_parser
from sphinx.errors import ExtensionError
from sphinx.locale import _, admonitionlabels
from sphinx.util import docname_join, logging
from sphinx.util.i18n import docname_to_domain

from build_info import versions

logger = logging.getLogger(__name__)

# Where each edition keeps its notebooks: beside the page sources (_sources/<page>.md), so the
# theme's download button finds them and a zip of one edition carries its notebooks.
FOLDER = "_sources"
# Admonitions become quoted blocks under their title: plain Jupyter has no admonitions.
ADMONITIONS = {"attention", "caution", "danger", "error", "hint", "important", "note", "seealso", "tip", "warning"}
ROLE = re.compile(r"\{(?P<name>[a-z][\w:-]*)\}`(?P<content>[^`]+)`")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
# Words of the first code cell (translated in docs/locale/<lang>/LC_MESSAGES/sphinx.po).
MESSAGES = (
    "The torch that computed the outputs below; with another version, a note is printed.",
    "This notebook's outputs were computed with torch {computed}; you have torch {yours}, "
    "so outputs and error wordings may differ.",
)


# --- the executed notebook in jupyter_execute -------------------------------------------
# MyST-NB writes jupyter_execute/<page>.ipynb from the notebook it read. When the outputs come
# from the execution cache, jupyter-cache merges them into a copy (merge_match_into_notebook
# deep-copies), and the file is written without a single output. The client's notebook is
# the one the page rendered from: it is copied back before MyST-NB writes the file.
_create_client = myst_nb.sphinx_.create_client


def create_client_keeping_outputs(notebook, *args, **kwargs):
    client = _create_client(notebook, *args, **kwargs)
    close = client.close_client

    def close_and_keep_outputs(exc_type, exc, traceback):
        close(exc_type, exc, traceback)
        executed = client.notebook
        if exc_type is None and executed is not notebook:
            notebook.cells, notebook.metadata = executed.cells, executed.metadata

    client.close_client = close_and_keep_outputs
    return client


# --- MyST Markdown to the Markdown plain Jupyter renders --------------------------------


def catalog_of(app, docname):
    """msgid -> msgstr of the page's catalog, as Sphinx uses it (no fuzzy, no empty entry)."""
    domain = docname_to_domain(docname, app.config.gettext_compact)
    for folder in app.config.locale_dirs:
        path = Path(app.srcdir, folder, app.config.language, "LC_MESSAGES", domain + ".po")
        if path.exists():
            with path.open("rb") as f:
                catalog = read_po(f)
            return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    return {}


class PlainMarkdown:
    """One page's Markdown cells, MyST to plain Markdown, each block through ``translate``.

    ``translate(msgid)`` returns the block's text in the edition (None: no translation);
    ``link(role, content)`` the Markdown link of a role (None: a role it cannot write).
    Problems are collected as (line in the cell, what) and reported together.
    """

    def __init__(self, md_config, translate, link, title_of):
        self.parser = create_md_parser(md_config, RendererHTML)
        self.translate, self.link, self.title_of = translate, link, title_of
        self.problems = []

    def convert(self, source, line0=0):
        lines = source.splitlines()
        tokens = self.parser.parse(source)
        edits = []  # (start, end, new lines), end exclusive, in order
        i = 0
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if kind in ("heading_open", "paragraph_open"):
                inline = tokens[i + 1]
                start, end = token.map
                text = self.text(inline, line0 + start)
                if kind == "heading_open":
                    new = "#" * int(token.tag[1]) + " " + text
                else:
                    first = inline.content.split("\n", 1)[0]
                    at = lines[start].find(first)
                    if at < 0:
                        raise ExtensionError(f"cell line {start + 1}: cannot find {first!r} in {lines[start]!r}")
                    new = lines[start][:at] + text  # keeps a list marker, its indent or a quote mark
                edits.append((start, end, [new]))
                i += 3
                continue
            if kind == "table_open":
                end_index = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                edits.append((*token.map, self.table(tokens[i:end_index], lines, line0)))
                i = end_index + 1
                continue
            if kind == "math_block":
                start, end = token.map
                math = self.translate_or_report(token.content.strip(), line0 + start)
                if math is not None and math != token.content.strip():
                    edits.append((start, end, ["$$", *math.splitlines(), "$$"]))
            elif kind in ("myst_target", "myst_line_comment"):
                edits.append((*token.map, []))  # labels and comments render as text in Jupyter
            elif kind in ("fence", "colon_fence") and token.info.strip().startswith("{"):
                edits.append((*token.map, self.directive(token, line0)))
            elif kind in ("fence", "code_block", "html_block", "hr"):
                pass  # code, raw HTML and rules read the same in Jupyter; Sphinx translates none
            elif kind not in ("bullet_list_open", "bullet_list_close", "ordered_list_open",
                              "ordered_list_close", "list_item_open", "list_item_close",
                              "blockquote_open", "blockquote_close"):
                self.problems.append((line0 + token.map[0] if token.map else line0,
                                      f"a {kind} block has no plain-Markdown form here (ext/notebooks.py)"))
            i += 1
        for start, end, new in reversed(edits):
            lines[start:end] = new
        return "\n".join(lines)

    def translate_or_report(self, msgid, line):
        text = self.translate(msgid)
        if text is None:
            self.problems.append((line, f"no translation for the block {msgid[:70]!r}"))
        return text

    def text(self, inline, line):
        """An inline block (paragraph, heading, list item, table cell) in the edition."""
        msgid = inline.content.replace("\n", " ").strip()  # how Sphinx's catalogs spell a block
        text = self.translate_or_report(msgid, line)
        return self.roles(text if text is not None else msgid, line)

    def roles(self, text, line):
        def plain(match):
            link = self.link(match["name"], match["content"])
            if link is None:
                self.problems.append((line, f"the role {{{match['name']}}} has no plain-Markdown form"))
                return match[0]
            return link

        return ROLE.sub(plain, text)

    def table(self, tokens, lines, line0):
        rows, separator = [], None
        for token in tokens:
            if token.type == "tr_open":
                rows.append([])
                if separator is None:
                    separator = lines[token.map[0] + 1]  # alignment row, kept as written
            elif token.type == "inline":
                rows[-1].append(self.text(token, line0 + token.map[0]).replace("|", "\\|") if token.content else "")
        out = ["| " + " | ".join(cells) + " |" for cells in rows]
        return out[:1] + [separator] + out[1:]

    def directive(self, token, line0):
        name, _sep, argument = token.info.strip()[1:].partition("}")
        name, argument = name.strip(), argument.strip()
        body, options = [], {}
        for raw in token.content.splitlines():
            option = OPTION.match(raw) if not body else None
            if option:
                options[option["key"]] = option["value"]
            else:
                body.append(raw)
        body = "\n".join(body).strip("\n")
        line = line0 + token.map[0]
        if name in ADMONITIONS or name == "admonition":
            title = self.text_of(argument, line) if name == "admonition" else str(admonitionlabels[name])
            converted = self.convert(body, line + 1)
            return [f"> **{title}**", ">"] + [f"> {row}".rstrip() for row in converted.splitlines()]
        if name == "toctree":
            if "hidden" in options:
                return []
            out = [f"**{self.text_of(options['caption'], line)}**", ""] if "caption" in options else []
            for entry in filter(None, (e.strip() for e in body.splitlines())):
                explicit = EXPLICIT.match(entry)
                target = explicit["target"] if explicit else entry
                title = self.text_of(explicit["text"], line) if explicit else self.title_of(target)
                out.append("- " + (self.link("doc", f"{title} <{target}>") or entry))
            return out
        self.problems.append((line, f"the directive {{{name}}} has no plain-Markdown form (ext/notebooks.py)"))
        return token.content.splitlines()

    def text_of(self, msgid, line):
        text = self.translate_or_report(msgid, line)
        return self.roles(text if text is not None else msgid, line)


# --- one page's notebook ------------------------------------------------------------------


def torch_check_cell():
    computed = versions()["torch"]
    comment, message = (str(_(m)) for m in MESSAGES)
    # Releases are compared without the local label (+cpu, +cu126): it names the wheel's
    # accelerator build, and the outputs are CPU tensors computed by that release.
    source = "\n".join([
        f"# {comment}",
        "import torch",
        "",
        f"COMPUTED_WITH = {computed!r}",
        'if torch.__version__.split("+")[0] != COMPUTED_WITH.split("+")[0]:',
        f"    print({message!r}.format(computed=COMPUTED_WITH, yours=torch.__version__))",
    ])
    return nbformat.v4.new_code_cell(source, id="torch-version")


class Links:
    """Roles as Markdown links to the published pages: a downloaded notebook is read away
    from the site (a Jupyter folder, Colab), where a relative link would lead nowhere."""

    def __init__(self, app, docname):
        self.app, self.docname = app, docname
        self.std = app.env.domains.standard_domain
        self.base = app.config.html_baseurl or app.config.language_switch_public_url.format(lang=app.config.language)

    def url(self, docname, anchor=""):
        return self.base + docname + ".html" + (f"#{anchor}" if anchor else "")

    def title_of(self, docname):
        """The title of a page named relative to this one (a toctree entry, a {doc} target)."""
        name = docname_join(self.docname, docname)
        return self.app.env.titles[name].astext() if name in self.app.env.titles else docname

    def __call__(self, role, content):
        explicit = EXPLICIT.match(content)
        text, target = (explicit["text"], explicit["target"]) if explicit else (None, content.strip())
        if role == "ref":
            found = self.std.labels.get(target)
            if not found:  # Sphinx itself warns "undefined label", naming the page and line
                return text or target
            docname, anchor, title = found
            return markdown_link(text or title, self.url(docname, anchor))
        if role == "doc":
            target = target.removesuffix(".md")  # relative to this page, as Sphinx reads it
            return markdown_link(text or self.title_of(target), self.url(docname_join(self.docname, target)))
        if role == "term":
            found = self.std.objects.get(("term", target)) or self.std.objects.get(("term", target.lower()))
            if not found:  # Sphinx itself warns "term not in glossary"
                return text or target
            docname, anchor = found[0], found[1]
            return markdown_link(text or target, self.url(docname, anchor))
        if role == "math":
            return f"${content}$"
        return None


def markdown_link(text, url):
    return "[" + text.replace("[", "\\[").replace("]", "\\]") + f"]({url})"


def first_line(page_lines, line, source):
    """0-based line of the page where a Markdown cell starts: MyST-NB's source map points at
    the blank lines before it, which the cell's source leaves out."""
    first = source.split("\n", 1)[0]
    while line < len(page_lines) and page_lines[line] != first:
        line += 1
    return line


def notebook_for_edition(app, docname, executed):
    """The download: the executed notebook, prose in the edition, a torch check first."""
    notebook = nbformat.from_dict(json.loads(json.dumps(executed)))  # a copy to change
    if app.config.language == "en":  # English is the source: its prose is the catalog's msgid
        translate = lambda msgid: msgid  # noqa: E731
    else:
        catalog = catalog_of(app, docname)
        translate = catalog.get
    links = Links(app, docname)
    markdown = PlainMarkdown(app.env.myst_config, translate, links, links.title_of)
    page_lines = Path(app.project.doc2path(docname, absolute=True)).read_text(encoding="utf-8").splitlines()
    source_map = notebook.metadata.get("source_map") or [0] * len(notebook.cells)
    for cell, line in zip(notebook.cells, source_map):
        if cell.cell_type == "markdown":
            cell.source = markdown.convert(cell.source, first_line(page_lines, line, cell.source))
        elif cell.cell_type == "code":
            # the page shows each cell's stdout (and stderr) as one block: so does the notebook
            cell.outputs = coalesce_streams(cell.outputs)
    first_code = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    notebook.cells.insert(first_code, torch_check_cell())
    # file_format and source_map tell MyST-NB how the page was read; a reader's Jupyter has
    # no use for them. kernelspec and language_info stay (what ran the cells).
    notebook.metadata = {k: v for k, v in notebook.metadata.items() if k in ("kernelspec", "language_info")}
    nbformat.validate(notebook)  # the file must open in any Jupyter: fail here, not there
    return notebook, markdown.problems


def has_code(path):
    """A page without a code cell (the cheatsheet's table) has nothing to run: no notebook."""
    return any(c["cell_type"] == "code" for c in json.loads(path.read_text(encoding="utf-8"))["cells"])


def executed_notebooks(app):
    folder = Path(app.env.mystnb_config.output_folder)
    for docname in sorted(app.env.found_docs):
        path = folder / f"{docname}.ipynb"
        if path.exists() and has_code(path):
            yield docname, path


def write_notebooks(app, exception):
    if exception is not None or app.builder.format != "html" or app.builder.name.startswith("epub"):
        return
    if app.config.nb_execution_mode == "off":
        return  # nothing ran: there are no outputs to offer
    for docname, path in executed_notebooks(app):
        executed = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
        notebook, problems = notebook_for_edition(app, docname, executed)
        for line, what in problems:
            where = f"{app.config.language} notebook of {docname}"
            logger.error(f"{where}: {what}. Translate it in the page's catalog (make intl-update) "
                         "or teach ext/notebooks.py the construct.", location=(docname, line + 1))
        target = Path(app.outdir, FOLDER, f"{docname}.ipynb")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


def offer_notebook(app, pagename, templatename, context, doctree):
    """The theme's download button lists _sources/<page>.ipynb when ``ipynb_source`` is set."""
    path = Path(app.env.mystnb_config.output_folder, f"{pagename}.ipynb")
    if app.config.nb_execution_mode != "off" and path.exists() and has_code(path):
        context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    if not hasattr(myst_nb.sphinx_, "create_client"):
        raise ExtensionError("myst_nb.sphinx_.create_client is gone: ext/notebooks.py needs a new hook")
    myst_nb.sphinx_.create_client = create_client_keeping_outputs
    app.connect("html-page-context", offer_notebook)  # priority 500: before the theme's buttons (501)
    app.connect("build-finished", write_notebooks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
