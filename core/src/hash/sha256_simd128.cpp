// SHA-256 block kernel for WebAssembly SIMD128: the message schedule four words at a time in
// i32x4 vectors, the rounds in scalar code.
//
// Compiled with -msimd128 only into the SIMD module (sources.cmake, SLUICE_HASH_WASM_SIMD):
// within that module the kernel is a constant choice (sha256.cpp).
//
// Why it pays: the scalar kernel is bound by the number of instructions, not by the rounds'
// dependency chain. Computing W[16..63] with i32x4 shifts moves about a quarter of the work to
// the vector units, and adding K[t] in the same vector pass leaves one load per round; the
// rounds of one 16-word group are interleaved with the schedule of the next, so that the
// vector work overlaps the scalar rounds in V8's (in-order emitted) code.
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

inline v128_t bswap32x4(v128_t v) noexcept {
  return wasm_i8x16_shuffle(v, v, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
}

// sigma0(x) = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3), per lane.
inline v128_t ssig0(v128_t x) noexcept {
  return wasm_v128_xor(
      wasm_v128_xor(wasm_v128_xor(wasm_u32x4_shr(x, 7), wasm_i32x4_shl(x, 25)),
                    wasm_v128_xor(wasm_u32x4_shr(x, 18), wasm_i32x4_shl(x, 14))),
      wasm_u32x4_shr(x, 3));
}
// sigma1(x) = rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10), per lane.
inline v128_t ssig1(v128_t x) noexcept {
  return wasm_v128_xor(
      wasm_v128_xor(wasm_v128_xor(wasm_u32x4_shr(x, 17), wasm_i32x4_shl(x, 15)),
                    wasm_v128_xor(wasm_u32x4_shr(x, 19), wasm_i32x4_shl(x, 13))),
      wasm_u32x4_shr(x, 10));
}

/// W[t..t+3] from x0 = W[t-16..t-13], x1 = W[t-12..t-9], x2 = W[t-8..t-5], x3 = W[t-4..t-1].
inline v128_t schedule(v128_t x0, v128_t x1, v128_t x2, v128_t x3) noexcept {
  const v128_t zero = wasm_i32x4_const(0, 0, 0, 0);
  const v128_t w15 = wasm_i32x4_shuffle(x0, x1, 1, 2, 3, 4);  // W[t-15..t-12]
  const v128_t w7 = wasm_i32x4_shuffle(x2, x3, 1, 2, 3, 4);   // W[t-7..t-4]
  v128_t t = wasm_i32x4_add(wasm_i32x4_add(x0, w7), ssig0(w15));
  // Lanes 0-1: s1(W[t-2]), s1(W[t-1]); lanes 2-3 get s1(0) = 0.
  t = wasm_i32x4_add(t, ssig1(wasm_i32x4_shuffle(x3, zero, 2, 3, 4, 4)));
  // Lanes 2-3: s1(W[t]), s1(W[t+1]), now final in lanes 0-1.
  return wasm_i32x4_add(t, ssig1(wasm_i32x4_shuffle(zero, t, 0, 0, 4, 5)));
}

}  // namespace

void sha256_compress_simd128(std::uint32_t state[8], const std::uint8_t* blocks,
                             std::size_t nblocks) noexcept {
  using std::rotr;
  alignas(16) std::uint32_t wk[64];  // W[t] + K[t]
  const auto* k = reinterpret_cast<const v128_t*>(sha256_k);
  auto put = [&](int t, v128_t w) noexcept {
    wasm_v128_store(wk + t, wasm_i32x4_add(w, wasm_v128_load(k + t / 4)));
  };

#define S0(x) (rotr((x), 2) ^ rotr((x), 13) ^ rotr((x), 22))
#define S1(x) (rotr((x), 6) ^ rotr((x), 11) ^ rotr((x), 25))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
// Maj(a, b, c) = (a & (b ^ c)) + (b & c): the two terms never share a bit, and only the
// first waits for the newest value a (one AND, where ((a ^ b) & (b ^ c)) ^ b takes three
// dependent steps). b ^ c is the previous round's a ^ b. Measured: 4% over the xor form,
// the rounds being bound by this dependency chain more than by the instruction count.
#define ROUND(a, b, c, d, e, f, g, h, i)                        \
  do {                                                          \
    std::uint32_t t1 = (h) + S1(e) + CH((e), (f), (g)) + wk[i]; \
    const std::uint32_t ab = (a) ^ (b);                         \
    (d) += t1;                                                  \
    (h) = t1 + ((((b) & (c)) + ((a) & bc)) + S0(a));            \
    bc = ab;                                                    \
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
#undef CH
#undef S1
#undef S0
}

}  // namespace sluice::detail
