#!/usr/bin/env bash
# npm run demo: build the package, then run the demo on the real Pulumi engine against the emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
exec npx tsx scripts/demo.ts
