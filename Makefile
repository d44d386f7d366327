# govkg set-up and everyday commands. Every target is idempotent and quick when nothing changed.
PYTHON_SYS ?= python3.11
VENV       := .venv
PY         := $(VENV)/bin/python
DATA       ?= var
HOST       ?= 127.0.0.1
PORT       ?= 5000

VENV_STAMP   := $(VENV)/.requirements.stamp
ASSETS_STAMP := web/static/vendor/.assets.stamp
BUILD_INPUTS := $(shell find graph_builder ontology data/gazettes -type f ! -name '*.pyc' ! -path '*/__pycache__/*' 2>/dev/null)

.PHONY: venv assets build run test bench clean

venv: $(VENV_STAMP)

$(VENV_STAMP): requirements.txt
	test -x $(PY) || $(PYTHON_SYS) -m venv $(VENV)
	$(PY) -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $@

assets: $(VENV_STAMP)
	@if test -f package.json; then $(MAKE) --no-print-directory $(ASSETS_STAMP); else echo "no package.json: no front-end assets"; fi

$(ASSETS_STAMP): package.json $(wildcard package-lock.json) $(wildcard web/assets.py)
	npm ci --no-audit --no-fund
	$(PY) -m web.assets
	mkdir -p $(dir $@) && touch $@

build: $(DATA)/build.json

$(DATA)/build.json: $(VENV_STAMP) $(BUILD_INPUTS)
	$(PY) -m graph_builder build data/gazettes --out $(DATA)

run: venv assets build
	$(PY) -m web serve --data $(DATA) --host $(HOST) --port $(PORT)

test: venv assets
	$(PY) -m pytest -q

SCALE      ?= 1,10

# corpora of SCALE copies of the bundled gazettes; e.g. make bench SCALE=100 (or SCALE=1,10,100)
bench: venv
	$(PY) bench/run.py --scales $(SCALE)

clean:
	rm -rf $(DATA) .pytest_cache
