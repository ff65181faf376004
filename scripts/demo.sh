#!/usr/bin/env bash
# The main job on the embedded default: read the bundled example letters.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/partnerships extract examples/letters "$@"
