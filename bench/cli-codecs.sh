#!/usr/bin/env bash
# bench/cli-codecs.sh — wall time of `sluice compress` / `sluice decompress` against each
# format's own command-line tool, with hyperfine, sluice and the tool in the same run.
#
# The sample is what scripts/demo makes (ffmpeg testsrc2, 720p yuv420p raw video), of
# SLUICE_BENCH_SECONDS seconds (default 9: 297 MiB). For each format, at the tool's default
# level on both sides (zstd -3, lz4 -1, gzip -6, bzip2 -9):
#   compress    sample -> file (sluice -o: atomic publish) and sample -> /dev/null (stdout)
#   decompress  the tool's stream -> file and -> /dev/null
# bzip2 is slow (about 10 MB/s at -9), so it runs on the first SLUICE_BENCH_BZIP2_MIB MiB
# (default 64) of the sample.
#
# Output: a table on stdout (medians of the wall times hyperfine measured, over SLUICE_BENCH_ROUNDS
# rounds (default 4) of SLUICE_BENCH_RUNS runs (default 3) each, sluice and the tool alternating
# which goes first; ratio = tool time / sluice time, so >= 1 means sluice is as fast or faster;
# CPU = user + system seconds of each) and JSON lines in the format bench/run reads from its Node benchmarks,
# one per measurement, in $SLUICE_BENCH_OUT (default build/bench/cli-codecs.jsonl):
#   {"name": "cli-codec/<fmt>-<compress|decompress>-<file|null>/<sluice|TOOL>/<MiB>MiB",
#    "bytes_per_second": <uncompressed bytes / median wall time>, "median_s", "cpu_s", "runs"}
#
# `bench/run --cli` runs this script and reports its rows with the others (group cli-codec).
#
# Usage: bench/cli-codecs.sh [FORMAT...]   (default: zstd lz4 gzip bzip2)
# Environment: SLUICE_BENCH_ROUNDS, SLUICE_BENCH_RUNS, SLUICE_BENCH_WARMUP (default 1),
#   SLUICE=path/to/sluice (default build/native/sluice, built if missing),
#   SLUICE_BENCH_DIR (default: a fresh directory under /tmp, removed at the end).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

command -v hyperfine >/dev/null || { echo "cli-codecs: hyperfine is missing: scripts/setup --bench" >&2; exit 1; }
for t in ffmpeg zstd lz4 gzip bzip2 python3; do
  command -v "$t" >/dev/null || { echo "cli-codecs: $t is missing: scripts/setup" >&2; exit 1; }
done

sluice=${SLUICE:-$here/build/native/sluice}
if [ ! -x "$sluice" ]; then
  cmake --preset native >/dev/null
  cmake --build --preset native >/dev/null
fi
runs=${SLUICE_BENCH_RUNS:-3}
rounds=${SLUICE_BENCH_ROUNDS:-4}
warmup=${SLUICE_BENCH_WARMUP:-1}
secs=${SLUICE_BENCH_SECONDS:-9}
bz_mib=${SLUICE_BENCH_BZIP2_MIB:-64}
out=${SLUICE_BENCH_OUT:-$here/build/bench/cli-codecs.jsonl}
mkdir -p "$(dirname "$out")"
: > "$out"
formats=("$@")
[ ${#formats[@]} -gt 0 ] || formats=(zstd lz4 gzip bzip2)

if [ -n "${SLUICE_BENCH_DIR:-}" ]; then
  work=$SLUICE_BENCH_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d /tmp/sluice-cli-bench-XXXXXX)
  trap 'rm -rf "$work"' EXIT
fi
cd "$work"
if [ ! -f sample.yuv ]; then
  ffmpeg -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=25" -t "$secs" \
         -pix_fmt yuv420p -f rawvideo -y sample.yuv
fi
[ -f small.yuv ] || head -c $((bz_mib << 20)) sample.yuv > small.yuv

echo "sluice $("$sluice" --version | cut -d' ' -f2) vs the tools; hyperfine, $rounds rounds x $runs runs (+$warmup warm-up), medians"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-24s %5s %9s %9s %6s   %7s %7s\n' case MiB sluice tool ratio "CPU s" "CPU t"

# measure NAME INPUT_BYTES SLUICE_CMD TOOL_CMD: $rounds hyperfine runs of both commands, the
# order swapped every round (the machine's load drifts), $runs timed runs each; the median is
# over all the samples of a command. CPU = user + system seconds (hyperfine's means).
measure() {
  local name=$1 bytes=$2 scmd=$3 tcmd=$4 r
  for r in $(seq 1 "$rounds"); do
    if [ $((r % 2)) = 1 ]; then set -- "$scmd" "$tcmd"; else set -- "$tcmd" "$scmd"; fi
    hyperfine -N --style none --warmup "$warmup" --runs "$runs" --export-json "h$r.json" \
              "$1" "$2" >/dev/null 2>hyperfine.err \
      || { cat hyperfine.err >&2; echo "cli-codecs: $name failed" >&2; exit 1; }
  done
  python3 - "$name" "$bytes" "$rounds" "$out" "$scmd" "$tool" <<'EOF'
import json, statistics, sys
name, nbytes, rounds, out, scmd, tool = (sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4],
                                         sys.argv[5], sys.argv[6])
samples = {'sluice': [], 'tool': []}
cpu = {'sluice': [], 'tool': []}
for r in range(1, rounds + 1):
    for res in json.load(open(f'h{r}.json'))['results']:
        impl = 'sluice' if res['command'] == scmd else 'tool'
        samples[impl] += res['times']
        cpu[impl].append(res['user'] + res['system'])
med = {k: statistics.median(v) for k, v in samples.items()}
cpus = {k: statistics.mean(v) for k, v in cpu.items()}
mib = nbytes >> 20
with open(out, 'a') as f:
    for impl in ('sluice', 'tool'):
        f.write(json.dumps({'name': f'cli-codec/{name}/{impl if impl == "sluice" else tool}/{mib}MiB',
                            'bytes_per_second': nbytes / med[impl], 'median_s': med[impl],
                            'cpu_s': cpus[impl], 'runs': len(samples[impl])}) + '\n')
s, t = med['sluice'], med['tool']
print(f"{name:<24} {mib:>5} {s:>8.3f}s {t:>8.3f}s {t / s:>6.2f}   {cpus['sluice']:>6.3f}s {cpus['tool']:>6.3f}s",
      flush=True)
EOF
}

for f in "${formats[@]}"; do
  case $f in
    zstd)  tool=zstd;  lvl=3; ext=zst; in=sample.yuv ;;
    lz4)   tool=lz4;   lvl=1; ext=lz4; in=sample.yuv ;;
    gzip)  tool=gzip;  lvl=6; ext=gz;  in=sample.yuv ;;
    bzip2) tool=bzip2; lvl=9; ext=bz2; in=small.yuv ;;
    *) echo "cli-codecs: unknown format $f" >&2; exit 2 ;;
  esac
  bytes=$(stat -c %s "$in")
  "$tool" -"$lvl" -c "$in" > "ref.$ext"
  # hyperfine -N runs commands without a shell; redirections need one: sh -c for both sides.
  measure "$f-compress-file" "$bytes" \
    "sh -c '$sluice compress -f $f -l $lvl -o s.out $in'" \
    "sh -c '$tool -$lvl -c $in > t.out'"
  measure "$f-compress-null" "$bytes" \
    "sh -c '$sluice compress -f $f -l $lvl $in > /dev/null'" \
    "sh -c '$tool -$lvl -c $in > /dev/null'"
  measure "$f-decompress-file" "$bytes" \
    "sh -c '$sluice decompress -f $f -o s.out ref.$ext'" \
    "sh -c '$tool -d -c ref.$ext > t.out'"
  measure "$f-decompress-null" "$bytes" \
    "sh -c '$sluice decompress -f $f ref.$ext > /dev/null'" \
    "sh -c '$tool -d -c ref.$ext > /dev/null'"
  "$sluice" decompress -f "$f" -o check.out "ref.$ext" && cmp -s check.out "$in" \
    || { echo "cli-codecs: $f: sluice's output differs" >&2; exit 1; }
  rm -f s.out t.out check.out
done
echo "JSON lines: $out"
