#!/usr/bin/env bash
# The main job on the embedded default: read the bundled example letters into the SQLite
# knowledge base in the data directory, then search it. Extra arguments go to `search`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bin=.venv/bin
"$bin/partnerships" db upgrade
"$bin/partnerships" ingest examples/letters
"$bin/partnerships" search "${@:-terugkeer Marokko}"
echo
echo "Serve the REST API on this base: $bin/partnerships serve   (then open http://127.0.0.1:8000/api/v1/documenten)"
