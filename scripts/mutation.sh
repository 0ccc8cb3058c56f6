#!/usr/bin/env bash
# Mutation testing with mutmut (configured in pyproject.toml), in two sets:
#   core   the law and the two engines that loop over it (_law, _engine)
#   data   reading SSDA903 and plain files, periods, placing and grouping rows, the window and
#          the annual figures (_read, _validate, _report/figures.py, _years.py)
# Usage: scripts/mutation.sh [core|data|all]   run (default: all), then print each set's score
#                                             and its surviving mutants
#        scripts/mutation.sh resume           carry on from the last run's mutants/ (a whole
#                                             run takes hours on two cores): every verdict of a
#                                             function unchanged since is kept (a timeout too: a
#                                             mutant that hangs is caught, and would hang again),
#                                             survivors are tried again with today's tests
#                                             (coverage collected afresh), untried ones tried
#        mutmut show NAME                     see one mutant's diff
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
core=("iro_schedule._law.*" "iro_schedule._engine.*")
data=("iro_schedule._read.*" "iro_schedule._validate.*" "iro_schedule._report.*" "iro_schedule._years.*")
case "$which" in
  core) globs=("${core[@]}") ;;
  data) globs=("${data[@]}") ;;
  all|resume) globs=("${core[@]}" "${data[@]}") ;;
  *) echo "usage: $0 [core|data|all|resume]" >&2; exit 2 ;;
esac
python -m pip install --quiet -e '.[test,mutation]'
export HYPOTHESIS_PROFILE=mutation
log=$(mktemp)
if [ "$which" = resume ]; then
  [ -d mutants ] || { echo "nothing to resume: run $0 core|data|all first" >&2; exit 2; }
  python - <<'PY'
import glob, json
for meta in glob.glob("mutants/**/*.meta", recursive=True):
    with open(meta) as handle:
        data = json.load(handle)
    codes = data["exit_code_by_key"]
    for name, code in codes.items():
        if code in (0, 33):  # survived, reached by no test: try again
            codes[name] = None
    with open(meta, "w") as handle:
        json.dump(data, handle)
PY
  rm -f mutants/mutmut-stats.json
  which=all
  echo "resuming mutmut (progress in $log) ..."
  # With no names given, mutmut keeps every verdict already reached.
  mutmut run --max-children "${MUTMUT_CHILDREN:-2}" > "$log" 2>&1 || true
else
  rm -rf mutants
  echo "running mutmut on the $which set (progress in $log) ..."
  mutmut run --max-children "${MUTMUT_CHILDREN:-2}" "${globs[@]}" > "$log" 2>&1 || true
fi
mutmut results --all true > mutants/results.txt || true
python - "$which" <<'PY'
import collections, re, sys
sets = {"core": ("_law", "_engine"), "data": ("_read", "_validate", "_report", "_years")}
chosen = sets if sys.argv[1] == "all" else {sys.argv[1]: sets[sys.argv[1]]}
counts = {name: collections.Counter() for name in chosen}
for line in open("mutants/results.txt", encoding="utf-8"):
    m = re.match(r"\s*iro_schedule\.(\w+)\S*: (.+)$", line)
    if not m:
        continue
    for name, packages in chosen.items():
        if m.group(1) in packages:
            counts[name][m.group(2).strip()] += 1
for name, found in counts.items():
    total = sum(v for k, v in found.items() if k != "not checked")
    killed = found.get("killed", 0)
    print(name, dict(found))
    if total:
        print(f"{name}: mutation score {killed}/{total} killed = {killed / total:.1%}")
PY
grep -v ": killed\|: not checked" mutants/results.txt || true
