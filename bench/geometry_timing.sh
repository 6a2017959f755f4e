#!/usr/bin/env bash
# Geometry toolkit timings on the 329-atom Cu14 cluster model and its mirror image (issue:
# "~400 atoms in under a second"). Run after scripts/build; prints wall seconds per command.
set -euo pipefail
cd "$(dirname "$0")/.."
data=tests/data/geometry
full=$data/cu14/cu14-full.xyz
mirror=$data/cu14/cu14-full-mirror.xyz
for files in "$full" "$full $mirror"; do
  start=$(date +%s%N)
  build/atropos inspect $files --json >/dev/null
  end=$(date +%s%N)
  printf "inspect %-60s %d ms\n" "$files" "$(((end - start) / 1000000))"
done
