#!/usr/bin/env bash
# The main job on the embedded default: build (or refresh) the SQLite knowledge base in the
# data directory from the bundled example letters, start the web app and print its URL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/partnerships demo "$@"
