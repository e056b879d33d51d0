#!/usr/bin/env bash
# Fuzzes one input path of Ctmsr with AFL++ and SharpFuzz for a bounded time.
#
#   tools/fuzz.sh TARGET SECONDS [OUT]
#
# TARGET   model (CtmsrModel.Load, then the Vulkan plan reader and the ONNX Runtime frame-graph builder) or
#          image (the demo's RgbaImage.Load over SkiaSharp's codecs)
# SECONDS  how long afl-fuzz runs (its -V); the CI run uses 45, README's longer run 600
# OUT      working folder (default artifacts/fuzz/TARGET): OUT/bin holds the instrumented harness, OUT/findings what
#          afl-fuzz found; crash inputs are in OUT/findings/default/crashes
#
# Builds tools/Ctmsr.Fuzz in Release (or takes a built one from CTMSR_FUZZ_BIN), copies it to OUT/bin, instruments the
# assemblies under test there with `dotnet sharpfuzz` (the local tool of .config/dotnet-tools.json), runs afl-fuzz over
# tests/fuzz-corpus/TARGET/, prints execs, exec/s, corpus, crashes and hangs, and replays every crash input through the
# uninstrumented target to show its exception. Exits 1 when afl-fuzz saved a crash, 2 on a usage or setup error.
# Needs afl-fuzz (Debian: apt-get install afl++). FUZZ_TIMEOUT_MS (default 2000) is afl-fuzz's -t per input.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

die() { echo "fuzz.sh: $*" >&2; exit 2; }
[ $# -ge 2 ] && [ $# -le 3 ] || die "usage: tools/fuzz.sh (model|image) SECONDS [OUT]"
target="$1"; seconds="$2"; out="${3:-artifacts/fuzz/$target}"
case "$target" in
  # The assemblies whose branches afl-fuzz sees, each optionally with a type-name prefix. sharpfuzz instruments managed
  # code only: SkiaSharp's native codecs run uninstrumented, so the image target is guided by the managed side and by
  # the harness's ImageFeedback (the codec's view of each input as branches).
  model) instrument=(Ctmsr.Runtime.dll Google.Protobuf.dll OnnxSharp.dll) ;;
  image) instrument=(ctmsr-demo.dll SkiaSharp.dll "ctmsr-fuzz.dll Ctmsr.Fuzz.ImageFeedback") ;;
  *) die "unknown target '$target'; the targets are model and image" ;;
esac
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || die "SECONDS must be a positive whole number; got '$seconds'"
corpus="$repo/tests/fuzz-corpus/$target"
[ -d "$corpus" ] || die "the seed corpus '$corpus' does not exist"
command -v afl-fuzz >/dev/null || die "afl-fuzz is not installed: install AFL++ (Debian/Ubuntu: apt-get install afl++)"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if ! dotnet sharpfuzz >/dev/null 2>&1; then
  dotnet tool restore >/dev/null || die "'dotnet tool restore' failed: the sharpfuzz tool (SharpFuzz.CommandLine) is needed"
fi

if [ -n "${CTMSR_FUZZ_BIN:-}" ]; then
  bin="$CTMSR_FUZZ_BIN"
else
  echo "fuzz.sh: building tools/Ctmsr.Fuzz (Release)"
  dotnet build tools/Ctmsr.Fuzz -c Release --nologo -v quiet >/dev/null || die "the build of tools/Ctmsr.Fuzz failed"
  bin="$repo/tools/Ctmsr.Fuzz/bin/Release/net10.0"
fi
[ -f "$bin/ctmsr-fuzz.dll" ] || die "no ctmsr-fuzz.dll in '$bin'"

mkdir -p "$out"
out="$(cd "$out" && pwd)"
rm -rf "$out/bin" "$out/findings"
# The build folder is large (every runtime's native libraries): hard links where the file system allows, and a real
# copy of each assembly sharpfuzz rewrites in place, so the build itself stays uninstrumented.
cp -al "$bin" "$out/bin" 2>/dev/null || { rm -rf "$out/bin"; cp -r "$bin" "$out/bin"; }
for entry in "${instrument[@]}"; do
  read -r dll prefix <<<"$entry"
  [ -f "$bin/$dll" ] || die "'$dll' is not in the harness build"
  cp --remove-destination "$bin/$dll" "$out/bin/$dll"
  # shellcheck disable=SC2086 # the prefix is one word or none
  dotnet sharpfuzz "$out/bin/$dll" $prefix >/dev/null || die "sharpfuzz could not instrument $dll"
done

export AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_FAST_CAL=1
# The target is the dotnet host, not a binary afl-fuzz compiled: SharpFuzz speaks the fork-server protocol itself.
export AFL_SKIP_BIN_CHECK=1
# Where core dumps go to a program (containers, CI), afl-fuzz refuses to start unless told that missed crashes are
# acceptable; crashes still reach it through the fork server, which is what counts here.
if [ "$(head -c 1 /proc/sys/kernel/core_pattern 2>/dev/null)" = "|" ]; then export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1; fi

echo "fuzz.sh: afl-fuzz on '$target' for ${seconds}s over $corpus ($(ls "$corpus" | wc -l) seeds)"
set +e
afl-fuzz -i "$corpus" -o "$out/findings" -t "${FUZZ_TIMEOUT_MS:-2000}" -m none -V "$seconds" \
  -- dotnet "$out/bin/ctmsr-fuzz.dll" "$target" >"$out/afl.log" 2>&1
afl_rc=$?
set -e
stats="$out/findings/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
  tail -n 30 "$out/afl.log" >&2
  die "afl-fuzz did not run (exit $afl_rc); its log is $out/afl.log"
fi
stat() { awk -F' *: *' -v k="$1" '$1 == k { print $2 }' "$stats"; }
crashes=("$out"/findings/default/crashes/id:*)
hangs=("$out"/findings/default/hangs/id:*)
[ -e "${crashes[0]}" ] || crashes=()
[ -e "${hangs[0]}" ] || hangs=()
echo "fuzz.sh: $target: $(stat execs_done) execs in $(stat run_time)s ($(stat execs_per_sec) exec/s), corpus $(stat corpus_count) (seeds $(ls "$corpus" | wc -l)), edges $(stat edges_found), crashes ${#crashes[@]}, hangs ${#hangs[@]}"
for h in "${hangs[@]}"; do echo "fuzz.sh: hang (over ${FUZZ_TIMEOUT_MS:-2000} ms): $h"; done
if [ ${#crashes[@]} -gt 0 ]; then
  for c in "${crashes[@]}"; do echo "fuzz.sh: CRASH: $c"; done
  echo "fuzz.sh: replaying the crash inputs through the uninstrumented target:"
  dotnet "$bin/ctmsr-fuzz.dll" replay "$target" "${crashes[@]}" | grep -v '^run' || true
  echo "fuzz.sh: save each as tests/fuzz-corpus/regressions/$target/NAME and fix it (see README, Fuzzing)"
  exit 1
fi
exit 0
