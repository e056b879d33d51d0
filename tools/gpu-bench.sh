#!/usr/bin/env bash
# ctmsr-gpubench: build it here, run it on a GPU machine that has a Vulkan driver but no .NET and no ONNX Runtime.
#
#   tools/gpu-bench.sh [--build-only] [--print-dir] [--out-dir DIR] [--no-loader] [-- | GPUBENCH ARGS...]
#       (needs the .NET SDK) publishes tools/Ctmsr.GpuBench self-contained and trimmed for linux-x64 into DIR (default
#       artifacts/ctmsr-gpubench-linux-x64), with a Vulkan loader (libvulkan.so.1) and a copy of this script beside the
#       executable, then runs it there with GPUBENCH ARGS unless --build-only. --print-dir prints the folder's path as
#       the last line.
#   FOLDER/gpu-bench.sh [GPUBENCH ARGS...]      (inside the built folder, no .NET needed) runs the bench.
#   tools/gpu-bench.sh --run FOLDER [GPUBENCH ARGS...]   runs an already built folder, without building.
#
# GPUBENCH ARGS: see `ctmsr-gpubench --help` (--quick, --device NAME, --model PATH, --out FILE, ...). The JSON goes to
# ./ctmsr-gpubench.json unless --out says otherwise.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
exe_name=ctmsr-gpubench

run_folder() {
  local dir="$1"; shift
  if [ ! -x "$dir/$exe_name" ]; then
    echo "gpu-bench.sh: $dir/$exe_name is missing; build the folder with tools/gpu-bench.sh --build-only" >&2
    exit 2
  fi
  # A driver installed outside the loader's usual places (NVIDIA's container layout): point the loader at it.
  if [ -z "${VK_DRIVER_FILES:-}" ] && [ -z "${VK_ICD_FILENAMES:-}" ]; then
    local found=""
    for d in /etc/vulkan/icd.d /usr/share/vulkan/icd.d /usr/local/share/vulkan/icd.d; do
      if compgen -G "$d/*.json" >/dev/null; then found=yes; fi
    done
    if [ -z "$found" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]; then
      export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
      echo "gpu-bench.sh: using the driver manifest $VK_DRIVER_FILES" >&2
    fi
  fi
  # The tool itself prefers the libvulkan.so.1 beside it; nothing else needs a library path.
  exec "$dir/$exe_name" "$@"
}

# Inside a built folder: just run.
if [ -x "$here/$exe_name" ]; then
  run_folder "$here" "$@"
fi

build_only=0; print_dir=0; loader=1; out_dir=""; run_dir=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build-only) build_only=1 ;;
    --print-dir) print_dir=1 ;;
    --no-loader) loader=0 ;;
    --out-dir) out_dir="$2"; shift ;;
    --run) run_dir="$2"; shift ;;
    --) shift; args+=("$@"); break ;;
    *) args+=("$1") ;;
  esac
  shift
done

if [ -n "$run_dir" ]; then
  run_folder "$(cd "$run_dir" && pwd)" ${args[@]+"${args[@]}"}
fi

repo="$(cd "$here/.." && pwd)"
[ -n "$out_dir" ] || out_dir="$repo/artifacts/ctmsr-gpubench-linux-x64"
if ! command -v dotnet >/dev/null 2>&1; then
  echo "gpu-bench.sh: building needs the .NET SDK (dotnet); on a machine without it, run FOLDER/gpu-bench.sh from a folder built elsewhere" >&2
  exit 2
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
# A clean folder, so no file of an earlier build is left behind; but never empty a folder that is not a build of this.
if [ -n "$(ls -A "$out_dir")" ]; then
  if [ ! -e "$out_dir/$exe_name" ]; then
    echo "gpu-bench.sh: $out_dir is not empty and holds no $exe_name; give an empty or new --out-dir" >&2
    exit 2
  fi
  find "$out_dir" -mindepth 1 -delete
fi
echo "gpu-bench.sh: publishing $exe_name (self-contained, trimmed, linux-x64) into $out_dir" >&2
dotnet publish "$repo/tools/Ctmsr.GpuBench/Ctmsr.GpuBench.csproj" -c Release -r linux-x64 --nologo -v quiet -o "$out_dir" >&2

if [ "$loader" = 1 ]; then
  # Carry a Vulkan loader: a GPU machine may have the NVIDIA driver (its ICD) and no libvulkan.so.1.
  src="$(ldconfig -p 2>/dev/null | awk '/libvulkan\.so\.1 .*x86-64/ {print $NF; exit}')"
  if [ -n "$src" ] && [ -f "$src" ]; then
    cp -L "$src" "$out_dir/libvulkan.so.1"
  else
    tmp="$(mktemp -d)"
    if (cd "$tmp" && apt-get download libvulkan1 >/dev/null 2>&1) && dpkg -x "$tmp"/libvulkan1_*.deb "$tmp/x"; then
      cp -L "$(find "$tmp/x" -name 'libvulkan.so.1' | head -1)" "$out_dir/libvulkan.so.1"
    else
      echo "gpu-bench.sh: warning: no libvulkan.so.1 to carry (install libvulkan1); the folder will use the target's loader" >&2
    fi
    rm -rf "$tmp"
  fi
fi
cp "$here/gpu-bench.sh" "$out_dir/gpu-bench.sh"
chmod +x "$out_dir/gpu-bench.sh" "$out_dir/$exe_name"

size="$(du -sm "$out_dir" | cut -f1)"
echo "gpu-bench.sh: built $out_dir ($size MiB); copy that folder to the GPU machine and run ./gpu-bench.sh there" >&2
if [ "$build_only" = 0 ]; then
  "$out_dir/gpu-bench.sh" ${args[@]+"${args[@]}"}
fi
if [ "$print_dir" = 1 ]; then
  echo "$out_dir"
fi
