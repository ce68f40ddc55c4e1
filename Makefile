# autograd-grad-guide: build, test and maintain the site.
# Every target sets up .venv itself (Python 3.11, requirements.txt) on a fresh machine.

PYTHON     ?= python3.11
VENV       ?= .venv
BIN        := $(VENV)/bin
BUILDDIR   ?= _build
LANGS      ?= en ja
LOCALEDIR  := docs/locale
# -W: warnings are errors; --keep-going: report them all, then fail; -n: nitpicky refs.
SPHINXOPTS ?= -W --keep-going -n -q

.PHONY: help venv html test clean intl-update intl-stat dist bench bench-pages

help:
	@echo "make html        build the site into $(BUILDDIR)/html/<lang>/ (LANGS='$(LANGS)')"
	@echo "make test        build, then run the tests on the output"
	@echo "make intl-update regenerate the message templates, update the Japanese catalogs"
	@echo "make intl-stat   translated / fuzzy / untranslated counts per catalog"
	@echo "make clean       remove $(BUILDDIR)/ (the execution cache too)"
	@echo "make dist        zips of the built site that read offline: dist/*.zip"
	@echo "make bench       build times (cold, no-op, prose edit, code edit) and notebooks executed"
	@echo "make bench-pages Lighthouse scores, bytes and LCP per page and edition (gzip server)"

# The stamp is newer than requirements.txt once it is installed.
$(VENV)/.installed: requirements.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

venv: $(VENV)/.installed

html: venv
	@for lang in $(LANGS); do \
	  echo "building $$lang -> $(BUILDDIR)/html/$$lang/"; \
	  $(BIN)/sphinx-build -b html -c . -D language=$$lang -d $(BUILDDIR)/doctrees/$$lang \
	    docs $(BUILDDIR)/html/$$lang $(SPHINXOPTS) || exit 1; \
	done
	@cp docs/_root/index.html $(BUILDDIR)/html/index.html

# Templates come from a gettext build that executes nothing: outputs are not translated.
intl-update: venv
	NB_EXECUTION_MODE=off $(BIN)/sphinx-build -b gettext -c . docs $(BUILDDIR)/gettext -q
	$(BIN)/sphinx-intl update -p $(BUILDDIR)/gettext -d $(LOCALEDIR) -l ja -w 0

intl-stat: venv
	$(BIN)/sphinx-intl stat -d $(LOCALEDIR) -l ja

test: html
	$(BIN)/python -m pytest tests

clean:
	rm -rf $(BUILDDIR)

# --- offline zips and benchmarks (not part of `make test`) ---------------------------
dist: html
	rm -rf dist
	$(BIN)/python tools/dist.py $(LANGS)

# Rebuilds the site several times from scratch: minutes. Prints a table.
bench: venv
	$(BIN)/python bench/build.py

# Lighthouse 12.2.3 from bench/package-lock.json, Debian's chromium (never a downloaded one).
bench/node_modules/.package-lock.json: bench/package.json bench/package-lock.json
	cd bench && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
	@touch $@

bench-pages: html bench/node_modules/.package-lock.json
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)
	CHROME_PATH=/usr/bin/chromium $(BIN)/python bench/pages.py
