// SHA-256 block kernel for WebAssembly SIMD128: the message schedule four words at a time in
// i32x4 vectors, the rounds in scalar code.
//
// Compiled with -msimd128 only into the SIMD module (sources.cmake, SLUICE_HASH_WASM_SIMD):
// within that module the kernel is a constant choice (sha256.cpp).
//
// What bounds it (V8 11 / Node 20 on x86-64, read from `node --print-wasm-code`): TurboFan
// emits the 64 rounds as straight-line code with two-operand instructions (every rotate of a
// value that is still needed costs a register copy; no rorx) and twelve allocatable
// registers (so some working variables live in stack slots). The loop body, about 39
// instructions per round, runs at about 5.4 per cycle, close to the core's 6-wide dispatch,
// so instructions have to go; but each round also has two dependency chains (e -> Sigma1 ->
// e', a -> Sigma0 -> a') of about 5 cycles, and every variant that made either longer was
// slower however few instructions it had. The choices below (each measured in Node 20
// against the previous form) take out instructions without lengthening either chain:
//   - the schedule in vectors, with K[t] added in the same pass: one scalar add per round
//     for W[t] + K[t];
//   - sigma1 of two words at once with 64-bit shifts of a duplicated pair (below);
//   - Sigma(x) as rotr(x ^ rotr(x, m), n) ^ rotr(x, p): 7 instructions instead of 8 with
//     one copy fewer, one step deeper; the e chain gets the step back by adding d to
//     h + W + K + Ch before Sigma1 is ready, so that e' is one add after Sigma1;
//   - Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b, where b ^ c is the previous round's a ^ b;
//   - empty asm statements (OPAQUE) that keep LLVM from re-associating these sums into an
//     order with a longer chain (without them: 1% fewer instructions, a 6-cycle chain, 4%
//     slower) and from SLP-vectorizing the rounds (a variant with fewer of them became
//     i32x4 code with shift pairs for the rotates: twice the instructions).
// Rounds of one 16-word group are interleaved with the schedule of the next, so that the
// vector work sits among the scalar rounds. (V8 schedules the pure vector and scalar
// operations itself: moving the schedule steps after the rounds in this source gave the same
// machine code but for where the K loads sit; commuting operands in the rounds gave
// identical code.) The state and the K pointer are re-read for every block (see the loop):
// what V8 carries around the block loop costs spill slots and moves (2587 -> 2544
// instructions per block, +2.9%).
//
// Instruction count alone does not predict the speed. Measured slower than this form in
// alternating runs of the kernel (Node 20, CPU time), so not worth retrying:
//   - K[t] as an immediate in lea [h + W + K] instead of the vector add (2490-2513
//     instructions, 1.4-2.8% slower; with K last, V8 folded it into the Ch add: 6% slower);
//   - h + W + K in the vector unit (splat h, add, extract): 1 scalar add fewer per round,
//     3% slower; W + K read back from memory instead of extracted from lanes: 4% slower;
//     two rounds' W + K as one i64 lane (extract + shift): 3% slower;
//   - Sigma as rotr(x ^ rotr(x, m) ^ rotr(x, q), n) (same count, other DAG): 2.5-4% slower;
//     Maj without the carried b ^ c: 5% slower;
//   - the state in locals across blocks: 4% slower; reloading it for the feed-forward
//     (a second barrier, or volatile reads): 4% slower;
//   - two blocks per loop iteration (unrolled): equal, or 15% slower with the K change;
//     loading the next block during rounds 48-63: 0.7% slower;
//   - emcc -O1/-O2 for this file: equal (-O2 is the same wasm); -Os: 10x slower.
// Also measured, in the last round of this work (standalone kernel module, V8 code of the
// whole function; this form: 2528 instructions, 222 stack-slot references):
//   - Sigma in the nested form rotr(rotr(x ^ rotr(x, q), m) ^ x, n) (Sigma0: q, m, n = 9, 11,
//     2; Sigma1: 14, 5, 6): 6 instructions with one register copy and one temporary, so 2357
//     instructions and 120 stack-slot references, but each chain one step deeper (6 cycles):
//     3.3-3.8% slower; in every other round only: 2475 instructions, 3.9% slower; for Sigma0
//     or Sigma1 alone V8 spilled more (2521 / 2688 instructions);
//   - W + K through a static array read with volatile loads (constant addresses): V8 does not
//     fold those loads into the add and keeps the memory base in a register: 2650;
//   - binaryen's wasm-opt over the module (-O1 to -O4, -Oz, --flatten alone or with
//     --simplify-locals-notee-nostructure / --local-cse / --rereloop, --rse,
//     --coalesce-locals, --reorder-locals, --ssa-nomerge, --optimize-instructions
//     --converge): V8's code is the same 2528 instructions (2527 with --flatten --rereloop
//     -O1): TurboFan builds the same graph from any local order, so there is nothing to gain;
//   - the other two ways to pair Sigma's rotates in the form above (rotr(x ^ rotr(x, 9), 13) ^
//     rotr(x, 2) and rotr(x ^ rotr(x, 20), 2) ^ rotr(x, 13) for Sigma0, likewise for Sigma1,
//     all nine combinations): the same V8 code;
//   - a' = ((hkc + Maj) + s1) + Sigma0(a) (Maj added before s1, which shortens e -> a' but
//     puts Maj on the a -> a' chain: 6 cycles): 2548 instructions, 12.5% slower;
//   - in the one-shot, copying and hashing in 16 KiB or 64 KiB slices instead of 256 KiB:
//     the same (1.478-1.512x hash-wasm against 1.488-1.503x).
// What bounds it: besides the two 5-cycle chains, each round has 23 scalar ALU operations (6
// rotates, 8 xor, 2 and, 7 add; the register copies need no ALU: move elimination) for the 4
// integer ALUs of this Zen 4 core, at least 5.75 cycles per round from the ports alone; the
// critical operations wait behind the others for a port, so every form with a longer chain
// loses even where it has fewer instructions, and every form with fewer ALU operations found
// so far has a longer chain.
// Where the time goes (Node 20, 3.65 GHz, CPU time, alternating rounds, medians of 21):
// the kernel alone runs at 0.503-0.507 GB/s, about 460 cycles per block (7.2 per round, 5.5
// instructions per cycle), 1.52-1.54x hash-wasm's 0.33 GB/s, whose block function is 3664 V8
// instructions (976 stack-slot references) called once per block. The one-shot adds the copy
// into the heap (perf at 64 MiB: kernel 91%, memmove 3.4%, everything else under 1%): the same
// hasher calls over the staging block without the copy are 1.53-1.54x at 1 MiB and 64 MiB,
// the one-shot 1.50x at 1 MiB (1.498, 1.505) and 1.49x at 64 MiB; the copy alone runs at
// 42 GB/s from cache (1 MiB) and 19 GB/s from DRAM (64 MiB), 1.2% and 2.7% of the time.
//
// FIPS 180-4 section 6.2.2. The schedule step for W[t..t+3] (section 6.2.2 step 1):
//   W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16]
// s0 and the W[t-7] term are vector-wide; s1 needs W[t-2], W[t-1], so it is applied to lanes
// 0-1 first (inputs from the previous vector) and then to lanes 2-3 (inputs just computed).
#include <wasm_simd128.h>

#include <bit>
#include <cstring>

#include "sha256.hpp"

namespace sluice::detail {

namespace {

// A swizzle with a constant index vector becomes one pshufb in V8; the equivalent
// i8x16.shuffle became six instructions.
inline v128_t bswap32x4(v128_t v) noexcept {
  return wasm_i8x16_swizzle(v, wasm_i8x16_const(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12));
}

// sigma0(x) = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3), per lane.
inline v128_t ssig0(v128_t x) noexcept {
  return wasm_v128_xor(
      wasm_v128_xor(wasm_v128_xor(wasm_u32x4_shr(x, 7), wasm_i32x4_shl(x, 25)),
                    wasm_v128_xor(wasm_u32x4_shr(x, 18), wasm_i32x4_shl(x, 14))),
      wasm_u32x4_shr(x, 3));
}
// sigma1(x) = rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10) of lanes 0 and 2 of d = [x, x, y, y]: in
// a 64-bit lane holding x twice, x:x >> n has rotr(x, n) in its low half, so two 64-bit
// shifts replace four 32-bit shifts and two ORs. Lanes 1 and 3 of the result are garbage.
inline v128_t ssig1_pair(v128_t d) noexcept {
  return wasm_v128_xor(wasm_v128_xor(wasm_u64x2_shr(d, 17), wasm_u64x2_shr(d, 19)),
                       wasm_u32x4_shr(d, 10));
}

/// W[t..t+3] from x0 = W[t-16..t-13], x1 = W[t-12..t-9], x2 = W[t-8..t-5], x3 = W[t-4..t-1].
inline v128_t schedule(v128_t x0, v128_t x1, v128_t x2, v128_t x3) noexcept {
  const v128_t zero = wasm_i32x4_const(0, 0, 0, 0);
  const v128_t w15 = wasm_i32x4_shuffle(x0, x1, 1, 2, 3, 4);  // W[t-15..t-12]
  const v128_t w7 = wasm_i32x4_shuffle(x2, x3, 1, 2, 3, 4);   // W[t-7..t-4]
  v128_t t = wasm_i32x4_add(wasm_i32x4_add(x0, w7), ssig0(w15));
  // Lanes 0-1: s1(W[t-2]), s1(W[t-1]); lanes 2-3 get 0.
  const v128_t s = ssig1_pair(wasm_i32x4_shuffle(x3, x3, 2, 2, 3, 3));
  t = wasm_i32x4_add(t, wasm_i32x4_shuffle(s, zero, 0, 2, 4, 4));
  // Lanes 2-3: s1(W[t]), s1(W[t+1]), now final in lanes 0-1.
  const v128_t u = ssig1_pair(wasm_i32x4_shuffle(t, t, 0, 0, 1, 1));
  return wasm_i32x4_add(t, wasm_i32x4_shuffle(zero, u, 0, 0, 4, 6));
}

}  // namespace

void sha256_compress_simd128(std::uint32_t state[8], const std::uint8_t* blocks,
                             std::size_t nblocks) noexcept {
  using std::rotr;
  alignas(16) std::uint32_t wk[64];  // W[t] + K[t]
  const auto* k = reinterpret_cast<const v128_t*>(sha256_k);
  const v128_t* kl = k;
  auto put = [&](int t, v128_t w) noexcept {
    wasm_v128_store(wk + t, wasm_i32x4_add(w, wasm_v128_load(kl + t / 4)));
  };

// Sigma0(x) = rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22), Sigma1(x) = rotr(x, 6) ^ rotr(x, 11) ^
// rotr(x, 25), each with one rotate moved out of the XOR (see the top of the file).
#define S0(x) (rotr((x) ^ rotr((x), 11), 2) ^ rotr((x), 22))
#define S1(x) (rotr((x) ^ rotr((x), 5), 6) ^ rotr((x), 25))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
// Keeps x as computed: LLVM may not fold it into a differently ordered sum. Emits nothing.
#define OPAQUE(x) __asm__("" : "+r"(x))
// One round, the working variables renamed instead of moved. With
//   hkc = h + (W[t] + K[t]) + Ch(e, f, g)  and  s1 = Sigma1(e):
//   e' = d + T1 = (d + hkc) + s1,   a' = T1 + Maj(a, b, c) + Sigma0(a),   T1 = hkc + s1.
// Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b with b ^ c = bc, the previous round's a ^ b.
#define ROUND(a, b, c, d, e, f, g, h, i)     \
  do {                                       \
    std::uint32_t hkc = (h) + wk[i];         \
    OPAQUE(hkc);                             \
    hkc += CH((e), (f), (g));                \
    OPAQUE(hkc);                             \
    std::uint32_t s1 = S1(e);                \
    OPAQUE(s1);                              \
    std::uint32_t t1 = hkc + s1;             \
    (d) += hkc;                              \
    OPAQUE(d);                               \
    (d) += s1;                               \
    const std::uint32_t ab = (a) ^ (b);      \
    std::uint32_t mj = (ab & bc) ^ (b);      \
    OPAQUE(mj);                              \
    t1 += mj;                                \
    OPAQUE(t1);                              \
    (h) = t1 + S0(a);                        \
    bc = ab;                                 \
  } while (0)
#define ROUNDS4(base)                          \
  ROUND(a, b, c, d, e, f, g, h, (base) + 0);   \
  ROUND(h, a, b, c, d, e, f, g, (base) + 1);   \
  ROUND(g, h, a, b, c, d, e, f, (base) + 2);   \
  ROUND(f, g, h, a, b, c, d, e, (base) + 3)
#define ROUNDS4B(base)                         \
  ROUND(e, f, g, h, a, b, c, d, (base) + 0);   \
  ROUND(d, e, f, g, h, a, b, c, (base) + 1);   \
  ROUND(c, d, e, f, g, h, a, b, (base) + 2);   \
  ROUND(b, c, d, e, f, g, h, a, (base) + 3)

  for (; nblocks; --nblocks, blocks += 64) {
    v128_t x0 = bswap32x4(wasm_v128_load(blocks));
    v128_t x1 = bswap32x4(wasm_v128_load(blocks + 16));
    v128_t x2 = bswap32x4(wasm_v128_load(blocks + 32));
    v128_t x3 = bswap32x4(wasm_v128_load(blocks + 48));
    put(0, x0);
    put(4, x1);
    put(8, x2);
    put(12, x3);
    // Read the state from memory for every block. Without this barrier LLVM forwards the
    // stores of the previous block's feed-forward to these loads, so the eight sums become
    // values carried around the loop in V8 (spill slots and moves at the loop head): 2587
    // instructions per block in V8's code against 2568 with it, kernel 0.500 -> 0.513 GB/s.
    __asm__ volatile("" ::: "memory");
    // The same for K: without the opaque pointer LLVM hoists the sixteen K vectors out of
    // the loop, and V8 keeps them in spill slots across it (2568 -> 2544 instructions per
    // block, +0.3-0.7% in alternating runs).
    kl = k;
    __asm__("" : "+r"(kl));
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    std::uint32_t bc = b ^ c;
    // Rounds 16j..16j+15 with the schedule of W[16(j+1)..16(j+1)+15] between each four,
    // written out so that every wk[] offset is a constant.
#define GROUP(j)                       \
  x0 = schedule(x0, x1, x2, x3);       \
  put((j) + 16, x0);                   \
  ROUNDS4(j);                          \
  x1 = schedule(x1, x2, x3, x0);       \
  put((j) + 20, x1);                   \
  ROUNDS4B((j) + 4);                   \
  x2 = schedule(x2, x3, x0, x1);       \
  put((j) + 24, x2);                   \
  ROUNDS4((j) + 8);                    \
  x3 = schedule(x3, x0, x1, x2);       \
  put((j) + 28, x3);                   \
  ROUNDS4B((j) + 12)
    GROUP(0);
    GROUP(16);
    GROUP(32);
#undef GROUP
    ROUNDS4(48);
    ROUNDS4B(52);
    ROUNDS4(56);
    ROUNDS4B(60);
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
  }
#undef ROUNDS4B
#undef ROUNDS4
#undef ROUND
#undef OPAQUE
#undef CH
#undef S1
#undef S0
}

}  // namespace sluice::detail
