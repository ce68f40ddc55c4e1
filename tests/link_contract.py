"""The link contract: every address readers may share, in both editions.

``tests/link_contract.txt`` lists, one per line, every public page (``cases/outputs-tensor.html``),
every labelled section (``cases/outputs-tensor.html#case-3-1-2``) and every page's executed
notebook (``_sources/cases/outputs-tensor.ipynb``, the download ext/notebooks.py writes). tests/test_link_contract.py
fails when an entry stops working in either edition, and when a page or a label exists in
docs/ without an entry, so every new address is added on purpose.

``make link-contract`` (``python tests/link_contract.py --write``) adds the addresses of new
pages and labels. It never removes one: an address, once published, stays. A page that
moves keeps its old address through a redirect (``redirects`` in conf.py); an entry is
only deleted by hand, knowingly.
"""

import sys
from pathlib import Path

from site_reader import code_cells, source_labels, source_pages  # tests/ is on sys.path: python runs the script from it

CONTRACT = Path(__file__).resolve().with_name("link_contract.txt")
HEADER = """\
# Link contract: every address below must keep working in both editions
# (/en/<version>/… and /ja/<version>/…). tests/test_link_contract.py checks it.
# `make link-contract` adds new pages and labels; nothing is ever removed automatically.
# A moved page keeps its entry and gets a redirect in conf.py (`redirects`).
"""

def has_code(page):
    """A page with a code cell offers its executed notebook for download."""
    return bool(code_cells(page))


def source_entries():
    """Addresses the sources define today: each page, then each of its labels; the notebooks."""
    entries = []
    for page in source_pages():
        entries.append(f"{page}.html")
        entries += [f"{page}.html#{label}" for label in source_labels(page)]
    return entries + [f"_sources/{page}.ipynb" for page in source_pages() if has_code(page)]


def read_contract(path=CONTRACT):
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def write_contract(path=CONTRACT):
    """Keep every entry, add the new ones; grouped by page, pages in name order."""
    old = read_contract(path) if path.exists() else []
    entries = list(dict.fromkeys(old + source_entries()))
    order = {e: i for i, e in enumerate(source_entries())}
    entries.sort(key=lambda e: (e.split("#")[0], "#" in e, order.get(e, len(order)), e))
    path.write_text(HEADER + "\n".join(entries) + "\n", encoding="utf-8")
    return sorted(set(entries) - set(old))


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python tests/link_contract.py --write")
    added = write_contract()
    print(f"{CONTRACT.name}: {len(added)} new entries" + "".join(f"\n  + {e}" for e in added))
