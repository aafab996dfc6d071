#!/usr/bin/env bash
# Installs the real AI coding CLIs into <repo>/.tools (never into the project's own node_modules or
# package.json) so test/tools/*.test.ts can run them against the proxy. Idempotent: each pinned version is
# installed once; a second run only checks the installed package.json versions.
#
# Versions are pinned to the ones documented in protocols.md §6.11, so header/UA assertions stay stable.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
prefix="$repo/.tools"

packages=(
  "@anthropic-ai/claude-code@2.1.197"
  "@openai/codex@0.171.0"
  "@google/gemini-cli@0.61.0"
)

installed_version() {
  local manifest="$prefix/node_modules/$1/package.json"
  [[ -f "$manifest" ]] || return 0
  node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version)' "$manifest"
}

missing=()
for spec in "${packages[@]}"; do
  name="${spec%@*}"
  version="${spec##*@}"
  if [[ "$(installed_version "$name")" != "$version" ]]; then missing+=("$spec"); fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-clis: all CLIs already installed in $prefix"
  exit 0
fi

mkdir -p "$prefix"
echo "install-clis: installing ${missing[*]} into $prefix"
# --no-save: .tools gets no package.json of its own, so nothing here can leak into the repo's manifests.
# Install all three in one call: npm prunes packages it was not asked for when a later call runs without a
# manifest. Claude Code's postinstall copies its per-platform native binary into bin/claude.exe.
npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix" "${packages[@]}"

for spec in "${packages[@]}"; do
  name="${spec%@*}"
  echo "install-clis: $name $(installed_version "$name")"
done
