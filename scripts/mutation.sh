#!/usr/bin/env bash
# Mutation testing of the timeliness core with mutmut (configured in pyproject.toml).
# Usage: scripts/mutation.sh            run, then print the score and the surviving mutants
#        mutmut show NAME               see one mutant's diff
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet -e '.[test,mutation]'
export HYPOTHESIS_PROFILE=mutation
rm -rf mutants
log=$(mktemp)
echo "running mutmut (progress in $log) ..."
mutmut run --max-children "${MUTMUT_CHILDREN:-2}" > "$log" 2>&1 || true
mutmut results --all true > mutants/results.txt || true
python - <<'PY'
import collections, re
counts = collections.Counter()
for line in open("mutants/results.txt", encoding="utf-8"):
    m = re.match(r"\s*(\S+): (.+)$", line)
    if m:
        counts[m.group(2).strip()] += 1
total = sum(counts.values())
killed = counts.get("killed", 0)
print(dict(counts))
if total:
    print(f"mutation score: {killed}/{total} killed = {killed / total:.1%}")
PY
grep -v ": killed" mutants/results.txt || true
