#!/usr/bin/env bash
# make mutate: StrykerJS on the compiled sources, one folder at a time (stryker.config.mjs says which tests each
# folder's mutants run against), then the mutation score of each folder and the surviving mutants, listed in
# reports/mutation/<folder>.survivors.txt.
# usage: bash scripts/mutate.sh [FOLDER ...]   (default: every folder of stryker.config.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
folders=("$@")
if [ ${#folders[@]} -eq 0 ]; then
  mapfile -t folders < <(node -e "import('./stryker.config.mjs').then((m) => console.log(Object.keys(m.FOLDERS).join('\n')))")
fi
mkdir -p reports/mutation
for folder in "${folders[@]}"; do
  echo "== mutating src/$folder (log: reports/mutation/${folder//\//-}.log)" >&2
  MUTATE_FOLDER="$folder" npx stryker run stryker.config.mjs > "reports/mutation/${folder//\//-}.log" 2>&1 || {
    tail -20 "reports/mutation/${folder//\//-}.log" >&2
    exit 1
  }
done
node scripts/mutation-score.mjs "${folders[@]}"
