#!/usr/bin/env bash
# bench/memory.sh — peak resident memory of a long stream decoded by sluice.
#
# For each format, a stream of SIZE bytes (default 2 GiB; compressible like real data: words
# with a few random bytes between, a 16 MiB block repeated) is compressed once by the format's own
# tool into a temporary file, then decoded from stdin by
#   - `sluice decompress` (peak RSS from /usr/bin/time), and
#   - Node 20 through sluice's WHATWG DecompressionStream (bench/js/memory-decompress.mjs:
#     peak RSS from getrusage, and its growth over the process with the module loaded).
# Both outputs are checked against the sha256 of the original (python's hashlib, taken as it is
# generated); a mismatch fails the script.
# bzip2 gets BZIP2_SIZE (default 256 MiB): its encoder runs at ~10 MB/s here, and its memory
# is fixed by the block size (900 kB at -9), not by the stream's length.
#
# Usage: bench/memory.sh [--size BYTES] [--formats "zstd gzip lz4 bzip2"] [--cli PATH]
# Prints a Markdown table. Needs zstd, gzip, lz4, bzip2, python3, node, /usr/bin/time and a
# built CLI (build/native/sluice) and js/dist.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
size=$((2 << 30))
bzip2_size=$((256 << 20))
formats="zstd gzip lz4 bzip2"
cli="$root/build/native/sluice"
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size="$2"; shift 2 ;;
    --formats) formats="$2"; shift 2 ;;
    --cli) cli="$2"; shift 2 ;;
    *) echo "usage: $0 [--size BYTES] [--formats LIST] [--cli PATH]" >&2; exit 2 ;;
  esac
done
[ -x "$cli" ] || { echo "no CLI at $cli (build the native preset, or pass --cli)" >&2; exit 2; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

gen() { # gen BYTES SHAFILE: deterministic sample on stdout, its sha256 (hex) into SHAFILE
  python3 - "$1" "$2" <<'EOF'
import hashlib, random, sys
n = int(sys.argv[1])
sha = hashlib.sha256()
rnd = random.Random(20261124)
words = [bytes(rnd.choice(b'abcdefghijklmnopqrstuvwxyz') for _ in range(rnd.randint(2, 9))) for _ in range(4096)]
parts, length = [], 0
while length < 16 << 20:
    w = rnd.choice(words) + bytes([32])
    if rnd.random() < 0.125: w += rnd.randbytes(rnd.randint(1, 4))
    parts.append(w); length += len(w)
block = b''.join(parts)[:16 << 20]
out = sys.stdout.buffer
while n > 0:
    k = min(n, len(block)); out.write(block[:k]); sha.update(block[:k]); n -= k
open(sys.argv[2], 'w').write(sha.hexdigest())
EOF
}

tool_c() {
  case "$1" in
    zstd) zstd -3 -q -c ;;
    gzip) gzip -1 -c ;;
    lz4) lz4 -q -c ;;
    bzip2) bzip2 -9 -c ;;
  esac
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo "| format | stream | compressed | sluice decompress peak RSS | Node DecompressionStream peak RSS | Node growth over loaded module | wasm heap |"
echo "|---|---|---|---|---|---|---|"
for f in $formats; do
  n=$size; [ "$f" = bzip2 ] && n=$bzip2_size
  gen "$n" "$tmp/want" | tool_c "$f" > "$tmp/in"
  want="$(cat "$tmp/want")"
  csize=$(stat -c %s "$tmp/in")
  got="$(/usr/bin/time -f %M -o "$tmp/rss" "$cli" decompress < "$tmp/in" | sha256sum | cut -d' ' -f1)"
  [ "$got" = "$want" ] || { echo "$f: sluice decompress output differs from the original" >&2; exit 1; }
  cli_kib=$(tail -1 "$tmp/rss")
  js="$(node "$here/js/memory-decompress.mjs" "$f" < "$tmp/in")"
  js_sha="$(node -e 'console.log(JSON.parse(process.argv[1]).sha256)' "$js")"
  [ "$js_sha" = "$want" ] || { echo "$f: DecompressionStream output differs from the original" >&2; exit 1; }
  read -r peak growth heap < <(node -e 'const r = JSON.parse(process.argv[1]); console.log(r.peakRssKiB, r.growthKiB, r.wasmHeapKiB)' "$js")
  echo "| $f | $(mib $((n / 1024))) MiB | $(mib $((csize / 1024))) MiB | $(mib "$cli_kib") MiB | $(mib "$peak") MiB | $(mib "$growth") MiB | $(mib "$heap") MiB |"
  rm -f "$tmp/in"
done
