#!/usr/bin/env bash
# README.md is assembled from the sections in docs/readme/ (one file per area, edited there), in this order.
set -euo pipefail
cd "$(dirname "$0")/.."
sections=(00-intro usage bot knowledge index-builder multilingual benchmarks emulator 90-deploy)
{
  for name in "${sections[@]}"; do
    file="docs/readme/$name.md"
    [ -f "$file" ] || continue
    cat "$file"
    printf '\n'
  done
} > README.md
