#!/usr/bin/env bash
# Installs, builds and runs the whole test suite (what CI runs).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# Reference implementations and official clients the suite checks against (npm registry).
npm ci --prefix tests/js --no-audit --no-fund --loglevel=error
ctest --preset dev -j2
