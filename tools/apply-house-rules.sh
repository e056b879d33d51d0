#!/usr/bin/env bash
# The mechanical part of the house rules (issue 11), over the whole repository:
#   1. block-scoped namespaces become file-scoped (dotnet format style, IDE0161, every project of Ctmsr.sln; the Unity
#      package's C# 9 scripts and tests/Ctmsr.Unity.Tests/Stubs are exempt through .editorconfig);
#   2. then lists what needs a person: files with several top-level types (split them, `git mv` the original for the
#      main type), files over 400 lines without a reason at their top, and what the analyzers still report.
# Safe to run repeatedly; it changes only namespace declarations and their indentation. Review with `git diff`.
#
#   tools/apply-house-rules.sh [--no-build]     --no-build skips step 3 (the analyzer build of the solution)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build=yes
[ "${1:-}" = "--no-build" ] && build=no

echo "== 1. file-scoped namespaces (dotnet format style --diagnostics IDE0161)" >&2
dotnet format style Ctmsr.sln --diagnostics IDE0161 --severity warn -v q

echo "== 2. what the house-rules check still finds (one type per file, long files)" >&2
set +e
bash "$here/check-house-rules.sh" "$root"
check=$?

if [ "$build" = yes ]; then
  echo "== 3. analyzer and code-style diagnostics left (rule, file), from a build that does not stop at them" >&2
  log="$(mktemp)"
  dotnet build Ctmsr.sln -c Debug -p:TreatWarningsAsErrors=false --nologo -v:q >"$log" 2>&1
  grep -oE "^[^(]+\([0-9]+,[0-9]+\): (warning|error) (CA|IDE)[0-9]+" "$log" \
    | sed -E "s#^$root/##; s#\([0-9]+,[0-9]+\): (warning|error) # #" | awk '{print $2, $1}' | sort | uniq -c
  rm -f "$log"
fi
exit $check
