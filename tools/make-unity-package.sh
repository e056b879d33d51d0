#!/usr/bin/env bash
# Makes the Unity package (UPM layout) from this build: OUT/com.ctmsr.runtime/ and OUT/com.ctmsr.runtime-VERSION.tgz.
#   bash tools/make-unity-package.sh OUT
# Publishes src/Ctmsr.Runtime for netstandard2.1 (Release), then tools/Ctmsr.UnityPackage assembles and checks the
# package (version and metadata from Directory.Build.props). OUT/com.ctmsr.runtime is replaced only when it holds an
# earlier build of this package.
set -euo pipefail
if [ $# -ne 1 ]; then echo "usage: $0 OUT" >&2; exit 2; fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Its own bin/obj (artifacts/unity-build, incremental between runs): a build or pack of the same projects running at
# the same time (the test suite, another checkout's tools) never shares an obj folder with this one.
artifacts="$repo/artifacts/unity-build"
publish="$out/.publish"
rm -rf "$publish"
dotnet publish "$repo/src/Ctmsr.Runtime/Ctmsr.Runtime.csproj" -c Release -f netstandard2.1 -o "$publish" \
  --artifacts-path "$artifacts" --nologo -v:q -nr:false
dotnet build "$repo/tools/Ctmsr.UnityPackage/Ctmsr.UnityPackage.csproj" -c Release --artifacts-path "$artifacts" --nologo -v:q -nr:false
tool="$artifacts/bin/Ctmsr.UnityPackage/release/ctmsr-unity-package.dll"
version="$(dotnet "$tool" version)"
dotnet "$tool" make --publish "$publish" --out "$out/com.ctmsr.runtime" --tgz "$out/com.ctmsr.runtime-$version.tgz"
rm -rf "$publish"
