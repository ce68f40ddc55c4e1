# autograd-grad-guide: build, test and maintain the site.
# Every target sets up .venv itself (Python 3.11, requirements.txt) on a fresh machine.

PYTHON     ?= python3.11
VENV       ?= .venv
BIN        := $(VENV)/bin
BUILDDIR   ?= _build
# The editions and their translations, as conf.py's EDITIONS declares them.
# (Read once: a recursive `?=` would run the script again at every use of $(LANGS).)
ifndef LANGS
LANGS      := $(shell $(PYTHON) tools/site_facts.py languages)
endif
TRANSLATIONS := $(shell $(PYTHON) tools/site_facts.py translations)
LOCALEDIR  := docs/locale
# -W: warnings are errors; --keep-going: report them all, then fail; -n: nitpicky refs.
SPHINXOPTS ?= -W --keep-going -n -q
# Pages are read two at a time (bench/README.md); each kernel's sockets are files in a folder of
# its own (ext/ipc_kernels.py), so parallel readers share no port. SPHINXJOBS=1 reads serially.
SPHINXJOBS ?= 2

# Dates in the build come from the last commit, not the clock (Sphinx honours it).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

# The first target, so that `make` without one prints this and builds nothing.
.PHONY: help
help:
	@echo "make html        build the site into $(BUILDDIR)/html/<lang>/ (LANGS='$(LANGS)')"
	@echo "make test        lint, build (site, PDF, EPUB), then run the tests on the output"
	@echo "make test-fast   lint, then the tests on the site as last built, without the slow ones"
	@echo "make lint        ruff (pyproject.toml)"
	@echo "make test-browser build, then only the browser tests (Debian chromium; screenshots in $(BUILDDIR)/screenshots/)"
	@echo "make intl-update regenerate the message templates, update the Japanese catalogs"
	@echo "make intl-stat   translated / fuzzy / untranslated counts per catalog"
	@echo "make clean       remove $(BUILDDIR)/ (the execution cache too)"
	@echo "make test-repro  two clean builds must give byte-identical sites"
	@echo "make test-mutations  break a copy once per fault; every check must catch its fault"
	@echo "make check-deps  requirements.txt: exact pins, clean install in a fresh venv, pip check"
	@echo "make pdf         the PDF of each edition: $(BUILDDIR)/pdf/<lang>/autograd-grad-guide-<lang>.pdf (LaTeX, Debian TeX Live)"
	@echo "make epub        the EPUB of each edition: $(BUILDDIR)/epub/<lang>/autograd-grad-guide-<lang>.epub"
	@echo "make dist        zips of the built site that read offline: dist/*.zip"
	@echo "make bench       build times (cold, no-op, prose edit, code edit) and notebooks executed"
	@echo "make bench-pages Lighthouse scores, bytes and LCP per page and edition (gzip server)"
	@echo "make link-contract  add new pages and labels to tests/link_contract.txt (review the diff)"
	@echo "make rtd-html | rtd-htmlzip | rtd-pdf | rtd-epub   what Read the Docs runs (.readthedocs.yaml)"

# The stamp is newer than requirements.txt once it is installed.
$(VENV)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

.PHONY: venv
venv: $(VENV)/.installed

# One edition ($$lang, inside the loops below) with any builder: every builder of an edition
# shares its doctrees, so the books reuse what the HTML build read and executed.
EDITION_BUILD = $(BIN)/sphinx-build -c . -D language=$$lang -d $(BUILDDIR)/doctrees/$$lang $(SPHINXOPTS) -j $(SPHINXJOBS)

.PHONY: html
html: venv
	@for lang in $(LANGS); do \
	  echo "building $$lang -> $(BUILDDIR)/html/$$lang/"; \
	  $(EDITION_BUILD) -b html docs $(BUILDDIR)/html/$$lang || exit 1; \
	done
	@$(BIN)/python tools/site_facts.py chooser $(BUILDDIR)/html/index.html

# --- the books: a PDF and an EPUB per edition. They reuse the HTML build's doctrees (and the
# execution cache), so no notebook runs again. The PDF needs TeX Live from Debian (.ci/run):
# pdflatex for English, uplatex + Harano Aji for Japanese (conf.py). LaTeX runs in
# $(BUILDDIR)/latex/<lang>/ (its log: <name>.log there).
BOOK = autograd-grad-guide-$$lang
.PHONY: pdf
pdf: venv
	@for lang in $(LANGS); do \
	  echo "building $$lang -> $(BUILDDIR)/pdf/$$lang/$(BOOK).pdf"; \
	  $(EDITION_BUILD) -b latex docs $(BUILDDIR)/latex/$$lang || exit 1; \
	  $(MAKE) -s -C $(BUILDDIR)/latex/$$lang all-pdf LATEXMKOPTS="-silent" >$(BUILDDIR)/latex/$$lang/latexmk.out 2>&1 \
	    || { echo "LaTeX failed: see $(BUILDDIR)/latex/$$lang/latexmk.out and $(BOOK).log"; exit 1; }; \
	  mkdir -p $(BUILDDIR)/pdf/$$lang && cp $(BUILDDIR)/latex/$$lang/$(BOOK).pdf $(BUILDDIR)/pdf/$$lang/; \
	done

# EPUB 3 wants a version; a fresh folder, as the EPUB builder packs every file it finds there.
.PHONY: epub
epub: venv
	@for lang in $(LANGS); do \
	  echo "building $$lang -> $(BUILDDIR)/epub/$$lang/$(BOOK).epub"; \
	  rm -rf $(BUILDDIR)/epub/$$lang; \
	  $(EDITION_BUILD) -b epub -D version=local -D epub_basename=$(BOOK) docs $(BUILDDIR)/epub/$$lang || exit 1; \
	done

# Templates come from a gettext build that executes nothing: outputs are not translated.
.PHONY: intl-update
intl-update: venv
	NB_EXECUTION_MODE=off $(BIN)/sphinx-build -b gettext -c . docs $(BUILDDIR)/gettext -q
	@# sphinx.po is kept by hand: the words of extensions and themes are not in sphinx.pot,
	@# and updating it from there would mark them obsolete.
	rm -f $(BUILDDIR)/gettext/sphinx.pot
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -d $(LOCALEDIR) $(TRANSLATIONS:%=-l %) -w 0

.PHONY: intl-stat
intl-stat: venv
	$(BIN)/sphinx-intl stat -d $(LOCALEDIR) $(TRANSLATIONS:%=-l %)

# Lint first: a mistake ruff sees fails in seconds, before the build. The books reuse the
# HTML build's doctrees: `make pdf epub` adds about half a minute to a built site.
.PHONY: test
test: lint html pdf epub browser-deps
	$(BIN)/python -m pytest tests

# The inner loop: no build (the site as last built), and not the tests marked slow.
.PHONY: test-fast
test-fast: lint
	$(BIN)/python -m pytest tests -m "not slow"

# ruff, configured in pyproject.toml: unused or undefined names, likely bugs.
.PHONY: lint
lint: venv
	$(BIN)/ruff check .

# --- browser tests (tests/browser/): Debian's chromium driven by Playwright, axe-core from npm.
# Without /usr/bin/chromium they are skipped locally (one line says how to install it) and fail
# under CI=true. axe-core is installed from tests/browser/package-lock.json, never a browser.
AXE := tests/browser/node_modules/axe-core/axe.min.js

$(AXE): tests/browser/package-lock.json
	@if command -v npm >/dev/null; then \
	  cd tests/browser && npm ci --no-audit --no-fund --silent && touch node_modules/axe-core/axe.min.js; \
	else echo "npm not found: the axe accessibility tests will be skipped"; fi

.PHONY: browser-deps
browser-deps: $(AXE)

.PHONY: test-browser
test-browser: html browser-deps
	$(BIN)/python -m pytest tests/browser

.PHONY: clean
clean:
	rm -rf $(BUILDDIR)

# --- the checks tested, reproducible builds, exact pins (.ci/run runs them after make test)
# Two clean builds in two temp copies; fails unless every file under _build/html is equal.
.PHONY: test-repro
test-repro: venv
	$(BIN)/python tests/robustness/reproducible.py

# Breaks a temp copy once per fault; fails unless every check catches its fault plainly.
.PHONY: test-mutations
test-mutations: venv
	$(BIN)/python tests/robustness/mutations.py

# Every pin exact; a fresh venv installs requirements.txt; pip check passes there.
.PHONY: check-deps
check-deps: venv
	PYTHON=$(PYTHON) $(BIN)/python tests/robustness/check_deps.py

# --- offline zips and benchmarks (not part of `make test`) ---------------------------
.PHONY: dist
dist: html
	rm -rf dist
	$(BIN)/python tools/dist.py $(LANGS)

# Rebuilds the site several times from scratch: minutes. Prints a table.
.PHONY: bench
bench: venv
	$(BIN)/python bench/build.py

# Lighthouse 12.2.3 from bench/package-lock.json, Debian's chromium (never a downloaded one).
bench/node_modules/.package-lock.json: bench/package.json bench/package-lock.json
	cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

.PHONY: bench-pages
bench-pages: html bench/node_modules/.package-lock.json
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)
	CHROME_PATH=/usr/bin/chromium $(BIN)/python bench/pages.py

# --- Read the Docs and permanent links ------------------------------------------------
# .readthedocs.yaml calls the rtd-* targets. Read the Docs runs them in its own virtualenv
# (its python first on PATH, requirements already installed), once per project:
# READTHEDOCS_LANGUAGE picks the edition, READTHEDOCS_OUTPUT is where it collects each
# format (html/, htmlzip/*.zip, epub/*.epub). Outside Read the Docs: en, $(BUILDDIR)/readthedocs.
RTD_PYTHON ?= python
RTD_LANG   := $(or $(READTHEDOCS_LANGUAGE),en)
RTD_OUT    := $(abspath $(or $(READTHEDOCS_OUTPUT),$(BUILDDIR)/readthedocs))
RTD_NAME   := autograd-grad-guide-$(RTD_LANG)
RTD_WORK   := $(BUILDDIR)/rtd/$(RTD_LANG)
RTD_SPHINX := $(RTD_PYTHON) -m sphinx -c . -D language=$(RTD_LANG) $(SPHINXOPTS)

.PHONY: rtd-html
rtd-html:
	$(RTD_SPHINX) -b html -d $(RTD_WORK)/doctrees-html docs $(RTD_OUT)/html

# The download is the same multi-page site as the web edition, in one folder.
.PHONY: rtd-htmlzip
rtd-htmlzip:
	@test -f $(RTD_OUT)/html/index.html || { echo "rtd-htmlzip: run rtd-html first"; exit 1; }
	rm -rf $(RTD_WORK)/zip && mkdir -p $(RTD_WORK)/zip $(RTD_OUT)/htmlzip
	cp -r $(RTD_OUT)/html $(RTD_WORK)/zip/$(RTD_NAME)
	cd $(RTD_WORK)/zip && $(RTD_PYTHON) -m zipfile -c $(RTD_OUT)/htmlzip/$(RTD_NAME).zip $(RTD_NAME)

# The PDF: Sphinx's LaTeX builder, then latexmk (Read the Docs' build image has TeX Live;
# .readthedocs.yaml names the Japanese packages). Its own doctrees, like rtd-epub's.
.PHONY: rtd-pdf
rtd-pdf:
	rm -rf $(RTD_WORK)/latex
	$(RTD_SPHINX) -b latex -d $(RTD_WORK)/doctrees-latex docs $(RTD_WORK)/latex
	$(MAKE) -s -C $(RTD_WORK)/latex all-pdf LATEXMKOPTS="-silent" >/dev/null
	mkdir -p $(RTD_OUT)/pdf && cp $(RTD_WORK)/latex/$(RTD_NAME).pdf $(RTD_OUT)/pdf/

# EPUB 3 wants a version: the Read the Docs version name (latest, stable, …).
# A fresh folder: the EPUB builder packs every file it finds there (stale pages too).
.PHONY: rtd-epub
rtd-epub:
	rm -rf $(RTD_WORK)/epub
	$(RTD_SPHINX) -b epub -D version=$(or $(READTHEDOCS_VERSION),local) -D epub_basename=$(RTD_NAME) -d $(RTD_WORK)/doctrees-epub docs $(RTD_WORK)/epub
	mkdir -p $(RTD_OUT)/epub && cp $(RTD_WORK)/epub/$(RTD_NAME).epub $(RTD_OUT)/epub/

# Every page and labelled section readers may link to; tests/test_link_contract.py keeps it.
.PHONY: link-contract
link-contract: venv
	PYTHONPATH=tools $(BIN)/python tests/link_contract.py --write
