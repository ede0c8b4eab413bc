#!/usr/bin/env bash
# Refresh the vendored front-end files from the versions pinned in package.json (run by hand after changing them).
set -euo pipefail
cd "$(dirname "$0")/.."
npm install --no-audit --no-fund --silent
mkdir -p api/static/vendor
cp node_modules/htmx.org/dist/htmx.min.js api/static/vendor/htmx.min.js
cp node_modules/cytoscape/dist/cytoscape.min.js api/static/vendor/cytoscape.min.js
cp node_modules/chart.js/dist/chart.umd.min.js api/static/vendor/chart.umd.min.js
for pkg in htmx.org cytoscape chart.js; do
  printf '%s %s\n' "$pkg" "$(node -p "require('./node_modules/$pkg/package.json').version")"
done > api/static/vendor/VERSIONS.txt
cat api/static/vendor/VERSIONS.txt
