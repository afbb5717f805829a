# Two entry points for newcomers (see README): `make demo` and `make test`.
# Both create .venv from the hash-pinned lock file on first use; the venv's pip is first replaced
# by the pinned one in requirements-bootstrap.txt, so the interpreter's bundled pip cannot matter.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): requirements-bootstrap.txt requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-bootstrap.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

.PHONY: setup demo test lint lock
setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/reportedly analyze examples/grain-corridor.txt --published 2023-07-12 --outlet "Example Wire"

test: $(STAMP)
	$(BIN)/python -m pytest
	$(BIN)/ruff check .
	$(BIN)/mypy

lock:
	uv pip compile requirements-bootstrap.in --generate-hashes --python-version 3.11 -o requirements-bootstrap.txt
	uv pip compile pyproject.toml --extra dev --extra accurate --extra dask --generate-hashes --python-version 3.11 -o requirements.lock
