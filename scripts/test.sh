#!/usr/bin/env bash
# Set up and run every check: lint, types, then unit, integration and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests benchmarks scripts fuzz
.venv/bin/ruff format --check src tests benchmarks scripts fuzz
.venv/bin/mypy
.venv/bin/pytest tests/unit tests/integration tests/e2e "$@"
