#!/usr/bin/env bash
# Checks the house rules that no analyzer covers (issue 11), over src/ and tools/ (build output and the Unity package's
# C# 9 scripts left out): one top-level type per file, file-scoped namespaces, and a reason at the top of any file over
# 400 lines ("// Over 400 lines because ..." among its first 10 lines). Lists each offending file; exits 1 if any.
# CI runs the same check as the test Repository_SrcAndTools_FollowTheHouseRules (tests/Ctmsr.HouseRules.Tests).
#
#   tools/check-house-rules.sh [REPOSITORY_ROOT]      (default: this script's repository)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="${1:-$(dirname "$here")}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/Ctmsr.HouseRules/Ctmsr.HouseRules.csproj" -c Release --nologo -v:q -clp:ErrorsOnly >&2
exec dotnet "$here/Ctmsr.HouseRules/bin/Release/net10.0/ctmsr-house-rules.dll" "$root"
