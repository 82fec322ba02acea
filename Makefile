# Every target creates and reuses .venv itself; it reinstalls only when pyproject.toml or
# constraints.txt change. Needs only Python >= 3.11 and make.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: serve build check test test-oldest report bench bench-latency lock messages clean

$(VENV)/.runtime: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	@touch $@

$(VENV)/.test: $(VENV)/.runtime package.json package-lock.json
	$(PIP) -e '.[test]'
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund --prefix . ; \
	  else echo "npm not found: workflow lint tests will be skipped (install nodejs and npm)"; fi
	@touch $@

serve: $(VENV)/.runtime
	$(PY) build.py serve --host $(HOST) --port $(PORT)

build: $(VENV)/.runtime
	$(PY) build.py build $(if $(BASE_URL),--base-url $(BASE_URL))

report: $(VENV)/.runtime
	$(PY) build.py report $(REPORT_ARGS)

check: $(VENV)/.runtime
	$(PY) build.py check

# Test modules run side by side on every core (pytest-xdist); a module stays on one worker, so the
# site a module builds once is built once. The slowest modules go first (tests/conftest.py).
test: $(VENV)/.test
	$(PY) -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

# The tests with every runtime dependency at the oldest version pyproject.toml allows (its own .venv-oldest).
test-oldest:
	@test -x .venv-oldest/bin/python || $(PYTHON) -m venv .venv-oldest
	$(PYTHON) tools/oldest_versions.py > .venv-oldest/constraints.txt
	.venv-oldest/bin/python -m pip install --quiet --disable-pip-version-check -c .venv-oldest/constraints.txt -e '.[test]'
	.venv-oldest/bin/python -m pip list --disable-pip-version-check
	.venv-oldest/bin/python -m pytest -q -n auto --dist loadfile --no-loadscope-reorder

bench: $(VENV)/.test
	$(PY) bench/bench_vs_hugo.py $(BENCH_ARGS)
	$(PY) bench/bench_latency.py

# Only the search latency on a phone (CPU slowed 4×), on the real content.
bench-latency: $(VENV)/.test
	$(PY) bench/bench_latency.py

lock: $(VENV)/.test
	$(PY) -m pip freeze --exclude-editable | sed '1i # Pinned versions for every install (make uses: pip install -c constraints.txt ...).\n# Regenerate: make lock' > constraints.txt

clean:
	rm -rf site .site.*

messages: $(VENV)/.runtime
	$(VENV)/bin/pybabel extract -F babel.cfg -k _ -o .messages.pot --omit-header .
	for lang in fi sv en; do $(VENV)/bin/pybabel update -i .messages.pot -o hakemisto/locale/$$lang.po -l $$lang --omit-header --no-fuzzy-matching; done
	rm -f .messages.pot
