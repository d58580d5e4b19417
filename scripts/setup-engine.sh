#!/usr/bin/env bash
# Provisions the real Pulumi engine for the demo, the end-to-end tests and CI.
# Uses `pulumi` from PATH when present (a normal install); otherwise builds `pulumi` (and, when the Go module
# proxy serves it, `pulumi-language-nodejs`) from Pulumi's Go modules at the version of @pulumi/pulumi pinned in
# package.json's devDependencies (the package itself only has a peer range), and caches the binaries under the
# user's cache directory keyed by that version.
# Prints the directory holding the binaries (…/bin) on the last line of stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
version="$(node -p "require('$root/package.json').devDependencies['@pulumi/pulumi'].replace(/^[^0-9]*/, '')")"
# The language host has no version tags: it is pinned by the commit of the release tag pkg/v$version.
langhost_commit="dc7edd58bc13179f81b80983aab4eb7f74a01b41"
cache="${PULUMI_DIALPAD_CINNOX_ENGINE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-dialpad-cinnox/engine}/v$version/bin"
log() { echo "[setup-engine] $*" >&2; }

if [ -z "${PULUMI_DIALPAD_CINNOX_FORCE_BUILD:-}" ] && command -v pulumi >/dev/null 2>&1; then
  log "using pulumi from PATH: $(command -v pulumi) ($(pulumi version 2>/dev/null || echo unknown version))"
  dirname "$(command -v pulumi)"
  exit 0
fi

mkdir -p "$cache"
# Two checkouts (or a test run and the demo) setting up at once share the cache: the second waits for the first's
# build instead of writing the same files beside it, then finds the cache.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.setup.lock"
  flock 9
fi
if [ -x "$cache/pulumi" ] && [ "$("$cache/pulumi" version 2>/dev/null)" = "v$version" ]; then
  log "cached engine v$version in $cache"
else
  command -v go >/dev/null 2>&1 || { log "no pulumi on PATH and no Go toolchain to build it: install Pulumi (https://www.pulumi.com/docs/install/) or Go >= 1.25"; exit 1; }
  log "building pulumi v$version from Pulumi's Go modules (first time only; takes several minutes)..."
  start=$(date +%s)
  ( cd "$root/scripts/engine" && \
    GOTOOLCHAIN=local GOFLAGS=-mod=readonly GONOSUMDB=github.com/pulumi/pulumi \
    go build -trimpath -o "$cache/pulumi.tmp" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi )
  mv "$cache/pulumi.tmp" "$cache/pulumi"
  log "built pulumi in $(( $(date +%s) - start ))s"
fi

# The Node.js language host lives in its own module with no tags; try to build it at the release commit.
# A failed attempt is remembered for a day so that every run does not pay for it again.
if [ ! -x "$cache/pulumi-language-nodejs" ] && [ -z "$(find "$cache" -maxdepth 1 -name .langhost-unavailable -mmin -1440 2>/dev/null)" ]; then
  tmp="$(mktemp -d)"
  cp "$root/scripts/engine/go.mod" "$root/scripts/engine/go.sum" "$tmp/"
  if ( cd "$tmp" && GOTOOLCHAIN=local GOFLAGS=-mod=mod GONOSUMDB=github.com/pulumi/pulumi \
        go get "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$langhost_commit" \
        && go build -trimpath -o "$cache/pulumi-language-nodejs" \
             github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 ) >"$tmp/build.log" 2>&1; then
    log "built pulumi-language-nodejs at $langhost_commit"
  else
    log "pulumi-language-nodejs could not be built here ($(grep -m1 -oE '[0-9]{3} [A-Za-z ]+|server response: .*' "$tmp/build.log" || echo 'see Go output'))."
    log "Programs run through Pulumi's Automation API (its in-process Node.js language server), which needs no language host."
    date -u +%FT%TZ > "$cache/.langhost-unavailable"
  fi
  rm -rf "$tmp"
fi

# The YAML language host (Pulumi's own, module github.com/pulumi/pulumi-yaml, tagged): with it the real `pulumi` CLI
# runs programs written in Pulumi YAML, which is how the tests drive `pulumi up` and `pulumi import` (by id and
# --file, with the code it prints) against the native plugins here, where the Node.js language host is not to be
# had. Built on its own (its go.mod has no replace directives), at a pinned tag.
yaml_version="v1.25.0"
if [ ! -x "$cache/pulumi-language-yaml" ] || [ "$(cat "$cache/.pulumi-language-yaml.version" 2>/dev/null)" != "$yaml_version" ]; then
  tmp="$(mktemp -d)"
  log "building pulumi-language-yaml $yaml_version (first time only)..."
  if ( cd "$tmp" && GOTOOLCHAIN=local GOFLAGS=-mod=mod GOBIN="$tmp/bin" \
        go install -trimpath -ldflags "-s -w" "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$yaml_version" ) >"$tmp/build.log" 2>&1; then
    mv "$tmp/bin/pulumi-language-yaml" "$cache/pulumi-language-yaml"
    echo "$yaml_version" > "$cache/.pulumi-language-yaml.version"
    log "built pulumi-language-yaml $yaml_version"
  else
    log "pulumi-language-yaml could not be built ($(tail -n 3 "$tmp/build.log" | tr '\n' ' ')): YAML programs will not run"
  fi
  rm -rf "$tmp"
fi

# The dynamic-provider plugin ships inside @pulumi/pulumi; the engine looks for it on PATH or beside `pulumi`.
# A copy, not a link: the cache is shared by every clone, and the script itself finds @pulumi/pulumi from
# the program's directory, so it does not depend on the clone that installed it.
plugin="$root/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs"
[ -f "$plugin" ] || { log "missing $plugin: run npm ci first"; exit 1; }
if [ -L "$cache/pulumi-resource-pulumi-nodejs" ] || ! cmp -s "$plugin" "$cache/pulumi-resource-pulumi-nodejs" 2>/dev/null; then
  rm -f "$cache/pulumi-resource-pulumi-nodejs"
  install -m 0755 "$plugin" "$cache/pulumi-resource-pulumi-nodejs.tmp"
  mv "$cache/pulumi-resource-pulumi-nodejs.tmp" "$cache/pulumi-resource-pulumi-nodejs"
fi
"$cache/pulumi" version >&2
echo "$cache"
