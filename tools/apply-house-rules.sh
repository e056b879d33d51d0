#!/usr/bin/env bash
# The house rules' mechanical pass over the whole repository (used once for issue 11; kept for large changes):
#   1. block-scoped namespaces become file-scoped under src/, tools/ and tests/ (`ctmsr-house-rules --fix-namespaces`:
#      braces off, body one indent left, multi-line strings untouched, nothing else changed; the Unity package's C# 9
#      scripts and tests/Ctmsr.Unity.Tests/Stubs are exempt). Not `dotnet format style --diagnostics IDE0161`: on
#      Ctmsr.Runtime, built for two frameworks, it wrote both frameworks' edits into 4 files as unmerged conflicts, and
#      it reorders usings besides;
#   2. lists what needs a person: files with several top-level types (split them, `git mv` the original for the main
#      type) and files over 400 lines without a reason at their top;
#   3. lists the analyzer and code-style diagnostics left, per rule and file (a Debug build of Ctmsr.sln).
# Safe to run repeatedly; it changes only namespace declarations and their indentation. Review with
# `git diff`, fix what steps 2 and 3 list, then build with the default settings (warnings are errors) and commit.
#
#   tools/apply-house-rules.sh [--no-build]     --no-build skips step 3 (the analyzer build of the solution)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
build=yes
[ "${1:-}" = "--no-build" ] && build=no

echo "== 1. file-scoped namespaces (ctmsr-house-rules --fix-namespaces)" >&2
dotnet build "$here/Ctmsr.HouseRules/Ctmsr.HouseRules.csproj" -c Release --nologo -v:q -clp:ErrorsOnly >&2
set +e
dotnet "$here/Ctmsr.HouseRules/bin/Release/net10.0/ctmsr-house-rules.dll" --fix-namespaces "$root"
fixed=$?

echo "== 2. what the house-rules check still finds (one type per file, long files)" >&2
bash "$here/check-house-rules.sh" "$root"
check=$?

if [ "$build" = yes ]; then
  echo "== 3. analyzer and code-style diagnostics left (rule, file), from a build that does not stop at them" >&2
  log="$(mktemp)"
  dotnet build Ctmsr.sln -c Debug -p:TreatWarningsAsErrors=false --nologo >"$log" 2>&1
  # MSBuild repeats each diagnostic (and multi-targeted projects report it per target): count each place once.
  grep -oE "^[^(]+\([0-9]+,[0-9]+\): (warning|error) (CA|IDE)[0-9]+" "$log" | sort -u \
    | sed -E "s#^$root/##; s#\([0-9]+,[0-9]+\): (warning|error) # #" | awk '{print $2, $1}' | sort | uniq -c
  rm -f "$log"
fi
[ $check -eq 0 ] && [ $fixed -eq 0 ]
