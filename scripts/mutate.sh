#!/usr/bin/env bash
# make mutate: StrykerJS on the compiled sources, one folder (or part of a folder) at a time (stryker.config.mjs says
# which tests each one's mutants run against: scripts/mutation-folders.mjs), then the mutation score of each folder and the surviving mutants,
# listed in reports/mutation/<folder>.survivors.txt.
# usage: bash scripts/mutate.sh [FOLDER ...]   (default: every folder of stryker.config.mjs)
set -euo pipefail
cd "$(dirname "$0")/.."
folders=("$@")
if [ ${#folders[@]} -eq 0 ]; then
  mapfile -t folders < <(node -e "import('./scripts/mutation-folders.mjs').then((m) => console.log(Object.keys(m.FOLDERS).join('\n')))")
fi
mkdir -p reports/mutation
for folder in "${folders[@]}"; do
  # each run as "name part" (part empty for a folder mutated whole)
  mapfile -t runs < <(node -e "import('./scripts/mutation-folders.mjs').then((m) => console.log(m.runsOf('$folder').map((r) => \`\${r.name} \${r.part ?? ''}\`).join('\n')))")
  for run in "${runs[@]}"; do
    name=${run%% *}
    part=${run#* }
    echo "== mutating src/$folder${part:+ ($part)} (log: reports/mutation/$name.log)" >&2
    MUTATE_FOLDER="$folder" MUTATE_PART="$part" npx stryker run stryker.config.mjs > "reports/mutation/$name.log" 2>&1 || {
      tail -20 "reports/mutation/$name.log" >&2
      exit 1
    }
  done
done
node scripts/mutation-score.mjs "${folders[@]}"
