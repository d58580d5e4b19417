#!/usr/bin/env bash
# The end-to-end tier of `npm test`: each tests/e2e/*.test.ts in a mocha process of its own, one after the other,
# then one line per file and a total. A process per file because the Automation API runs each inline program's
# language server inside the test process, and Node's gRPC client pool outlives each run: one long process doing
# a hundred engine runs (new engine ports each time, some reused) was seen failing an up before its first step
# with `14 UNAVAILABLE: No connection established`, a failure of the test process's gRPC state, not of the
# package. Every file still runs; the exit status is non-zero when any failed. `bash scripts/e2e.sh FILE...` runs
# only those files.
set -uo pipefail
cd "$(dirname "$0")/.."
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(tests/e2e/*.test.ts)
failed=()
summary=()
for f in "${files[@]}"; do
  echo "== $f"
  start=$SECONDS
  if npx mocha "$f"; then
    summary+=("ok     $f ($((SECONDS - start)) s)")
  else
    failed+=("$f")
    summary+=("FAILED $f ($((SECONDS - start)) s)")
  fi
done
echo
echo "e2e: ${#files[@]} file(s), ${#failed[@]} failed"
printf '  %s\n' "${summary[@]}"
[ ${#failed[@]} -eq 0 ]
