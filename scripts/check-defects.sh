#!/usr/bin/env bash
# Every injected defect against `ringpool check` (issue 10): for each defect of
# `ringpool conform --list-defects`, runs `ringpool check --profile vendor --inject-defect NAME`
# with the defaults (seed 1, 200 runs), then replays the saved scenario with `ringpool conform`
# on the same defect. Prints one table row per defect and the median shrunk length.
# Exit status: 0 every defect found and replayed to the same clause, 1 otherwise.
#
#   scripts/check-defects.sh [--bin build/cli/ringpool] [--markdown] [--only NAME...] [-- CHECK-ARGS...]
set -euo pipefail

bin=build/cli/ringpool
markdown=false
only=()
extra=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --markdown) markdown=true; shift ;;
    --only) only+=("$2"); shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "check-defects.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -x "$bin" ]] || { echo "check-defects.sh: no ringpool binary at $bin (scripts/build.sh first)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

listing=$("$bin" conform --list-defects)  # "SENTENCE NAME what it breaks", one per line
if [[ ${#only[@]} -gt 0 ]]; then
  defects=("${only[@]}")
else
  mapfile -t defects < <(awk '{print $2}' <<<"$listing")  # names: a sentence may have several defects
fi

row() {
  if $markdown; then printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@"
  else printf '%-8s %-36s %-7s %-6s %-7s %-7s %s\n' "$@"; fi
}
if $markdown; then
  echo '| sentence | defect | its clause | found in run | found as | shrunk to | conform replay |'
  echo '|---|---|---|---|---|---|---|'
else
  row sentence defect "its" run "found" shrunk "conform replay"
fi

lengths=()
missed=0
for defect in "${defects[@]}"; do
  name=$(awk -v d="$defect" '$1 == d || $2 == d {print $2 " " $1}' <<<"$listing")
  sentence=${name#* }
  name=${name% *}
  dir="$work/$sentence"
  out=$("$bin" check --profile vendor --inject-defect "$name" --save "$dir" --report "$dir/report" \
          --quiet "${extra[@]}" 2>&1 || true)
  failed=$(grep -m1 -E '^FAILED: run [0-9]+' <<<"$out" || true)
  if [[ -z "$failed" ]]; then
    row "$sentence" "$name" "${sentence%.*}" "-" "-" "-" "not found"
    missed=$((missed + 1))
    continue
  fi
  run=$(sed -E 's/^FAILED: run ([0-9]+).*/\1/' <<<"$failed")
  clause=$(sed -E 's/.* fails ([A-Z]+-[0-9a-z]+);.*/\1/' <<<"$failed")
  shrunk=$(sed -E 's/.* to ([0-9]+) commands.*/\1/' <<<"$failed")
  lengths+=("$shrunk")
  file=$(find "$dir" -maxdepth 1 -name '*.toml' | head -1)
  verdict="no file saved"
  if [[ -n "$file" ]]; then
    replay=$("$bin" conform --target reference --profile vendor --inject-defect "$name" --scenarios "$file" \
               --report "$dir/replay" 2>&1 || true)
    failed_clauses=$(grep -oE '^ +[A-Z]+-[0-9a-z]+ \[doc\] step' <<<"$replay" | awk '{print $1}' | sort -u | tr '\n' ' ')
    if grep -qw -- "$clause" <<<"$failed_clauses"; then verdict="fails $clause"
    else verdict="fails ${failed_clauses:-nothing}(not $clause)"; missed=$((missed + 1)); fi
    # The shrunk scenario must pass without the defect (the model never fails a valid server).
    if ! "$bin" conform --target reference --profile vendor --scenarios "$file" --quiet --report "$dir/clean" >/dev/null 2>&1; then
      verdict="$verdict; FAILS WITHOUT THE DEFECT"; missed=$((missed + 1))
    fi
  fi
  row "$sentence" "$name" "${sentence%.*}" "$run" "$clause" "$shrunk" "$verdict"
done

if [[ ${#lengths[@]} -gt 0 ]]; then
  median=$(printf '%s\n' "${lengths[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
  echo "found ${#lengths[@]} of ${#defects[@]}; median shrunk length $median commands; problems: $missed"
fi
[[ $missed -eq 0 ]]
