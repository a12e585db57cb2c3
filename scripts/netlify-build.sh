#!/usr/bin/env bash
# Netlify's build: install the .NET SDK pinned by global.json if the image lacks it, install the
# pinned npm packages (Pagefind), then build. Any error in a referat exits 1 and fails the deploy.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v dotnet >/dev/null 2>&1; then
  version=$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' global.json)
  curl -sSL https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
  bash /tmp/dotnet-install.sh --channel "${version%.*}" --install-dir "$HOME/.dotnet"
  export PATH="$HOME/.dotnet:$PATH"
fi
npm ci --no-audit --no-fund
dotnet run --project src/SiteGen -c Release -- build
