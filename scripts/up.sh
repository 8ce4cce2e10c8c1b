#!/usr/bin/env bash
# One command for a newcomer: install what is missing, build, and start `wharf up`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node bin/wharf.js up "$@"
