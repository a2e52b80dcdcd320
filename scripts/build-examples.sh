#!/usr/bin/env bash
# Builds the examples in examples/ (Vite, webpack 5, React 19, Vue 3), each from the packed npm
# tarball (pkg/milvus-import-monitor-<version>.tgz, made by scripts/package.sh) as a user's
# project would install it. No lockfiles: the versions are exact in each package.json, and npm's
# cache makes every install after the first a local one.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)
[ -f "pkg/milvus-import-monitor-$version.tgz" ] || { echo "pkg/milvus-import-monitor-$version.tgz is missing: run make package" >&2; exit 1; }
for example in ${*:-vite webpack react vue}; do
  echo "examples/$example:"
  (
    cd "examples/$example"
    # Without a lockfile npm would keep an installed copy of the same version: the tarball is
    # rebuilt with every change, so its copy is always replaced.
    rm -rf node_modules/milvus-import-monitor dist
    npm install --no-package-lock --no-audit --no-fund --loglevel=error
    npm run --silent build
  )
done
