# Two entry points that work on a fresh machine with only Python 3 and make:
#   make demo   analyse the bundled corpus in corpora/ (its own virtualenv: .venv)
#   make test   run the test suite (its own virtualenv: .venv-test)
PYTHON ?= python3
OUT ?= out

.PHONY: demo test test-reimpl lint bench docs clean

.venv/.installed: pyproject.toml
	$(PYTHON) -m venv .venv
	.venv/bin/python -m pip install -q --upgrade pip
	.venv/bin/python -m pip install -q -e .
	touch $@

.venv-test/.installed: pyproject.toml
	$(PYTHON) -m venv .venv-test
	.venv-test/bin/python -m pip install -q --upgrade pip
	.venv-test/bin/python -m pip install -q -e '.[test]'
	touch $@

# The same tests of normalization, with the pure-Python OpenCC port instead of the official binding
# (both install a module named `opencc`, so it gets an environment of its own).
.venv-reimpl/.installed: pyproject.toml
	$(PYTHON) -m venv .venv-reimpl
	.venv-reimpl/bin/python -m pip install -q --upgrade pip
	.venv-reimpl/bin/python -m pip install -q -e '.[test]'
	.venv-reimpl/bin/python -m pip uninstall -q -y opencc
	.venv-reimpl/bin/python -m pip install -q opencc-python-reimplemented
	touch $@

demo: .venv/.installed
	.venv/bin/policytext analyze corpora/documents -o $(OUT)
	@echo "open $(OUT)/report.html; tables in $(OUT)/comparison.xlsx, measures in $(OUT)/measures.csv"

test: .venv-test/.installed
	.venv-test/bin/python -m pytest -q

test-reimpl: .venv-reimpl/.installed
	.venv-reimpl/bin/python -m pytest -q tests/test_normalize.py tests/test_convert.py

lint: .venv-test/.installed
	.venv-test/bin/python -m pip install -q ruff mypy
	.venv-test/bin/ruff check policytext tests benchmarks scripts
	.venv-test/bin/mypy policytext

# regenerate docs/cli.md and the README's example outputs (tests/test_docs.py checks both)
docs: .venv-test/.installed
	.venv-test/bin/python -m typer policytext.cli utils docs --name policytext --output docs/cli.md
	.venv-test/bin/python scripts/readme_examples.py

bench: .venv/.installed
	for f in benchmarks/bench_*.py; do .venv/bin/python $$f || exit 1; done

clean:
	rm -rf .venv .venv-test .venv-reimpl $(OUT) build dist .pytest_cache
