# Factory Direct — the two commands of the README's quick start:
#   make run    set everything up, then open the app on the demo workspace
#   make test   set everything up, then run the whole test suite
#   make check  the fast gates before a commit: ruff, mypy, the core tests (under 30 s with mypy's cache warm)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO := demo/demo-factory.fdw
TS := $(wildcard resources/i18n/*.ts)
QM := $(TS:.ts=.qm)

.PHONY: run test check setup system-deps translations bench clean

run: setup $(DEMO)
	$(BIN)/python main.py --workspace $(DEMO)

test: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/lint-imports --no-cache

# The `core` marker is tests/core's (tests/conftest.py); naming the folder spares collecting the other 1,200 tests.
check: $(VENV)/.installed translations
	$(BIN)/ruff check .
	$(BIN)/mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m core tests/core

setup: system-deps $(VENV)/.installed translations

system-deps:
	@bash packaging/install_system_deps.sh

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

translations: $(QM)

resources/i18n/%.qm: resources/i18n/%.ts $(VENV)/.installed
	$(BIN)/pyside6-lrelease -silent $< -qm $@

$(DEMO): | $(VENV)/.installed
	$(BIN)/python main.py demo $(DEMO)

bench: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/startup.py
	$(BIN)/python bench/pricing.py

clean:
	rm -rf $(VENV) demo resources/i18n/*.qm .pytest_cache .mypy_cache .ruff_cache
