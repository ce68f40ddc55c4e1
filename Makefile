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

.PHONY: help venv html test clean intl-update intl-stat

# --- reproducible builds and tested checks (issue 8) ----------------------------------
# Dates in the build come from the last commit, not the clock (Sphinx honours it).
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
.PHONY: test-repro test-mutations check-deps

# Two clean builds in two temp copies; fails unless every file under _build/html is equal.
test-repro: venv
	$(BIN)/python tests/robustness/reproducible.py

# Breaks a temp copy once per fault; fails unless every check catches its fault plainly.
test-mutations: venv
	$(BIN)/python tests/robustness/mutations.py

# Every pin exact; a fresh venv installs requirements.txt; pip check passes there.
check-deps: venv
	PYTHON=$(PYTHON) $(BIN)/python tests/robustness/check_deps.py
# ---------------------------------------------------------------------------------------

help:
	@echo "make html        build the site into $(BUILDDIR)/html/<lang>/ (LANGS='$(LANGS)')"
	@echo "make test        build, then run the tests on the output"
	@echo "make intl-update regenerate the message templates, update the Japanese catalogs"
	@echo "make intl-stat   translated / fuzzy / untranslated counts per catalog"
	@echo "make clean       remove $(BUILDDIR)/ (the execution cache too)"
	@echo "make test-repro  two clean builds must give byte-identical sites"
	@echo "make test-mutations  break a copy once per fault; every check must catch its fault"
	@echo "make check-deps  requirements.txt: exact pins, clean install in a fresh venv, pip check"

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
