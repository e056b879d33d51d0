#!/usr/bin/env bash
# What kill -9 during training costs. Trains a short run on generated images (ctmsr-train train --synthetic, preset
# tiny) once without interruption, then again with kill -9 at several points -- at fixed fractions of the run's time,
# just after a checkpoint, in the middle of a checkpoint write, twice in one run, and before the first checkpoint --
# resuming each with `train --resume <run>/checkpoint.ckpt` until it finishes. For each kill it reports the iterations
# lost (completed at the kill, from metrics.csv, minus the checkpoint's, from the resume's "resuming ... at iteration"
# line), the seconds from the resume's start to that line (process start, checkpoint read and verified, trainer
# rebuilt), and whether the final model.onnx and the metrics (all columns but the wall-clock seconds) are
# byte-identical to the uninterrupted run's.
#
#   tools/kill9-train.sh                 # ITERS=120 EVERY=20 THREADS=1 by default
#   ITERS=300 EVERY=50 tools/kill9-train.sh
#
# Needs: bash, dotnet, sha256sum, awk; builds src/Ctmsr.Training (Release) when ctmsr-train.dll is missing.
# Leaves everything under $WORK (a new /tmp/ctmsr-kill9.* folder unless set) and prints a markdown table.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DLL=${CTMSR_TRAIN_DLL:-$ROOT/src/Ctmsr.Training/bin/Release/net10.0/ctmsr-train.dll}
ITERS=${ITERS:-120}
EVERY=${EVERY:-20}
THREADS=${THREADS:-1}
WORK=${WORK:-$(mktemp -d /tmp/ctmsr-kill9.XXXXXX)}
mkdir -p "$WORK"

if [ ! -f "$DLL" ]; then
  echo "building src/Ctmsr.Training (Release) ..." >&2
  dotnet build "$ROOT/src/Ctmsr.Training" -c Release -v q >&2
fi

ARGS=(train --synthetic --preset tiny --iterations "$ITERS" --dtm-iterations $((ITERS / 4)) --checkpoint-every "$EVERY"
      --batch-size 4 --patch-size 32 --warmup 10 --grad-norm-every 0 --seed 7 --threads "$THREADS")

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

# The last iteration index metrics.csv records as complete (-1 when none): rows have 12 fields.
last_row() { [ -f "$1/metrics.csv" ] && awk -F, 'NR > 1 && NF == 12 { it = $1 } END { print (it == "" ? -1 : it) }' "$1/metrics.csv" || echo -1; }

# Every column of metrics.csv but the wall-clock seconds (7th).
metrics_digest() { cut -d, -f1-6,8- "$1/metrics.csv" | sha256sum | cut -c1-16; }

# Runs ctmsr-train with stderr timestamped line by line into $2; $1 is the run folder. Blocks until it ends.
run_logged() {
  local dir=$1 log=$2; shift 2
  { dotnet "$DLL" "$@" --out "$dir" 2>&1 >/dev/null || echo "exit code $?"; } |
    while IFS= read -r line; do printf '%s %s\n' "$(now)" "$line"; done > "$log"
}

echo "work folder: $WORK; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# 1. The uninterrupted reference.
REF=$WORK/ref
t0=$(now)
run_logged "$REF" "$WORK/ref.log" "${ARGS[@]}"
t1=$(now)
REF_WALL=$(elapsed "$t0" "$t1")
REF_SHA=$(sha256sum "$REF/model.onnx" | cut -c1-16)
REF_METRICS=$(metrics_digest "$REF")
REF_START=$(awk -v t0="$t0" '/ run: preset/ { printf "%.2f", $1 - t0; exit }' "$WORK/ref.log")
FIRST=$(awk -v t0="$t0" '/checkpoint at / { printf "%.2f", $1 - t0; exit }' "$WORK/ref.log")
REF_RATE=$(awk -v s="$REF_START" -v w="$REF_WALL" -v n="$ITERS" 'BEGIN { printf "%.1f", n / (w - s) }')
echo "reference: $ITERS iterations in ${REF_WALL} s (${REF_START} s to the first iteration; ~${REF_RATE} it/s incl. checkpoints; first checkpoint at ${FIRST} s); model sha256 $REF_SHA" >&2

# Starts a run in $1 (fresh or --resume) in the background; sets PID and START.
start_run() {
  local dir=$1; shift
  START=$(now)
  dotnet "$DLL" "$@" --out "$dir" > "$dir.stdout" 2> "$dir.stderr" &
  PID=$!
}

wait_tmp_appears() { # $1 dir, $2 which appearance (1-based); returns 1 when the run ends first
  local tmp=$1/checkpoint.ckpt.tmp n=0
  while :; do
    while [ ! -e "$tmp" ]; do kill -0 "$PID" 2>/dev/null || return 1; done
    n=$((n + 1))
    [ "$n" -ge "$2" ] && return 0
    while [ -e "$tmp" ]; do :; done
  done
}

wait_ckpt_count() { # $1 dir, $2 number of checkpoints written (rename events seen via the file's inode)
  local ck=$1/checkpoint.ckpt n=0 last=""
  while :; do
    kill -0 "$PID" 2>/dev/null || return 1
    if [ -e "$ck" ]; then
      local ino; ino=$(stat -c %i "$ck" 2>/dev/null || echo "")
      if [ -n "$ino" ] && [ "$ino" != "$last" ]; then last=$ino; n=$((n + 1)); [ "$n" -ge "$2" ] && return 0; fi
    fi
    sleep 0.002
  done
}

wait_ckpt_change() { # $1 dir, $2 the checkpoint's inode now; returns when a new checkpoint has replaced it
  while [ "$(stat -c %i "$1/checkpoint.ckpt" 2>/dev/null)" = "$2" ]; do
    kill -0 "$PID" 2>/dev/null || return 1
    sleep 0.002
  done
}

ROWS=()
# Kill, then resume until done (killing the resumed run too when a second point is given).
scenario() {
  local name=$1 how=$2 arg=$3 second=${4:-}
  local dir=$WORK/$name
  rm -rf "$dir"; mkdir -p "$dir"
  start_run "$dir" "${ARGS[@]}"
  local killed_at=""
  case $how in
    time) sleep "$arg" ;;
    tmp) wait_tmp_appears "$dir" "$arg" || true ;;
    ckpt) wait_ckpt_count "$dir" "$arg" || true ;;
  esac
  kill -9 "$PID" 2>/dev/null || true
  killed_at=$(elapsed "$START" "$(now)")
  wait "$PID" 2>/dev/null || true
  local tmp_left=no
  if [ -e "$dir/checkpoint.ckpt.tmp" ]; then
    tmp_left="yes ($(stat -c %s "$dir/checkpoint.ckpt.tmp") of $(stat -c %s "$REF/checkpoint.ckpt") bytes)"
  fi
  local done_its=$(( $(last_row "$dir") + 1 ))
  local kills=1 resumed_at="" resume_s="" lost=""
  if [ ! -e "$dir/checkpoint.ckpt" ]; then
    # Nothing to resume from: the run starts again.
    lost=$done_its; resumed_at="0 (no checkpoint yet: started again)"
    run_logged "$dir" "$dir.resume.log" "${ARGS[@]}"
    resume_s="-"
  else
    local r0; r0=$(now)
    if [ -n "$second" ]; then
      # Resume, then kill the resumed run in the middle of its next checkpoint write.
      START=$r0
      dotnet "$DLL" train --resume "$dir/checkpoint.ckpt" --threads "$THREADS" > /dev/null 2> "$dir.resume1.log" &
      PID=$!
      if [ -e "$dir/checkpoint.ckpt.tmp" ]; then
        # The killed write's leftover .tmp is reused (truncated) by the next write: wait for that checkpoint first.
        wait_ckpt_change "$dir" "$(stat -c %i "$dir/checkpoint.ckpt")" || true
        [ "$second" -gt 1 ] && { wait_tmp_appears "$dir" $((second - 1)) || true; }
      else
        wait_tmp_appears "$dir" "$second" || true
      fi
      kill -9 "$PID" 2>/dev/null || true
      wait "$PID" 2>/dev/null || true
      kills=2
      resumed_at=$(sed -n 's/.* at iteration \([0-9]*\)\/.*/\1/p' "$dir.resume1.log" | head -1)
      lost=$(( done_its - resumed_at ))
      done_its=$(( $(last_row "$dir") + 1 ))
      if [ -e "$dir/checkpoint.ckpt.tmp" ]; then tmp_left="$tmp_left; 2nd: yes"; else tmp_left="$tmp_left; 2nd: no"; fi
      r0=$(now)
    fi
    run_logged "$dir" "$dir.resume.log" train --resume "$dir/checkpoint.ckpt" --threads "$THREADS"
    local at; at=$(sed -n 's/.* at iteration \([0-9]*\)\/.*/\1/p' "$dir.resume.log" | head -1)
    resume_s=$(awk -v t0="$r0" '/resuming / { printf "%.2f", $1 - t0; exit }' "$dir.resume.log")
    if [ -n "$second" ]; then lost="$lost + $(( done_its - at ))"; resumed_at="$resumed_at, $at"; else lost=$(( done_its - at )); resumed_at=$at; fi
  fi
  local sha metrics same=no msame=no
  sha=$(sha256sum "$dir/model.onnx" 2>/dev/null | cut -c1-16 || echo none)
  metrics=$(metrics_digest "$dir")
  [ "$sha" = "$REF_SHA" ] && same=yes
  [ "$metrics" = "$REF_METRICS" ] && msame=yes
  ROWS+=("| $name | $killed_at | $kills | $tmp_left | $resumed_at | $lost | $resume_s | $same | $msame |")
  echo "${ROWS[-1]}" >&2
}

half=$(awk -v w="$REF_WALL" 'BEGIN { printf "%.2f", w * 0.5 }')
scenario "t30%" time "$(awk -v w="$REF_WALL" 'BEGIN { printf "%.2f", w * 0.3 }')"
scenario "t55%" time "$half"
scenario "t80%" time "$(awk -v w="$REF_WALL" 'BEGIN { printf "%.2f", w * 0.8 }')"
scenario "after-ckpt-2" ckpt 2
scenario "mid-write-3" tmp 3
scenario "mid-write-2+again" tmp 2 2
scenario "before-1st-ckpt" time "$(awk -v f="$FIRST" 'BEGIN { printf "%.2f", f * 0.8 }')"

echo
echo "kill -9 during \`ctmsr-train ${ARGS[*]}\` ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at the end)"
echo "reference: ${REF_WALL} s uninterrupted, ${REF_START} s of it before the first iteration, ~${REF_RATE} it/s; model sha256 ${REF_SHA}..."
echo
echo "| kill point | killed at (s) | kills | checkpoint .tmp left at kill | resumed at iteration | iterations lost | resume start -> trainer ready (s) | model.onnx identical | metrics identical |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
