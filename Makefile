# `make run` and `make test` work from a clean clone: both begin with `make install`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FRONTEND := tools/cypher-frontend

.PHONY: install run test lint check bench bench-import bench-match bench-dedupe bench-registration bench-search bench-expertise clean

install: $(VENV)/.install-stamp $(FRONTEND)/node_modules/.install-stamp

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

$(VENV)/.install-stamp: $(VENV)/bin/python pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

$(FRONTEND)/node_modules/.install-stamp: $(FRONTEND)/package.json $(FRONTEND)/package-lock.json
	@command -v npm >/dev/null || { echo "The Neo4j Cypher front-end check needs Node.js and npm." >&2; exit 1; }
	cd $(FRONTEND) && npm ci --silent --no-audit --no-fund
	@touch $@

run: install
	$(VENV)/bin/talent serve --host 127.0.0.1 --port 8000 --demo 2000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy api graph talent matching bench tests

test: install lint
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
	$(PY) -m bench.expertise $(EXPERTISE_DATA)

clean:
	rm -rf $(VENV) $(FRONTEND)/node_modules
