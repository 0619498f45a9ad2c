// XXH3 (streaming update and one-shots) with a WebAssembly SIMD128 inner loop: built only into
// sluice.wasm (compiled with -msimd128; core/src/crc/sources.cmake records it in
// SLUICE_WASM_SIMD_SOURCES so that sluice-nosimd.wasm leaves it out).
//
// xxHash 0.8.1 has no wasm SIMD code path. Compiled with -msse2, its SSE2 path runs on
// Emscripten's SSE2-on-SIMD128 headers, whose emulated _mm_shuffle_epi32 / _mm_mul_epu32 cost
// extra shuffles per 16 bytes. Here only the two per-stripe steps are our own, written from the
// algorithm in xxHash's specification (doc/xxhash_spec.md, "XXH3 ... accumulate" and
// "scramble"): for the eight 64-bit lanes i of a 64-byte stripe,
//   accumulate: k = data[i] ^ secret[i]; acc[i ^ 1] += data[i]; acc[i] += lo32(k) * hi32(k)
//   scramble:   acc[i] ^= acc[i] >> 47; acc[i] ^= secret[i]; acc[i] *= PRIME32_1
// Two lanes per v128: the lane swap is one i64x2 shuffle, and lo32*hi32 for four lanes is a
// u64x2 extmul_low and extmul_high of the low and high 32-bit halves that two two-operand i32x4
// shuffles gather (in Node 20 about 14 against 11 GB/s for the SSE2-emulation path, one-shot
// on 1 MiB in cache). xxHash's own driver code takes
// them as its f_acc512 / f_scramble arguments (XXH3_update, XXH3_hashLong_*b_internal), so
// block handling, the stream state and its buffer, the last stripe and the final merge are
// xxHash's, and the state stays exactly what every other copy of XXH3 would leave
// (xxh_kernels.hpp). The results are checked against xxHash's own (SSE2-path) copy, xxHash's
// sanity values and xxhsum by the wasm tests.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <wasm_simd128.h>

#include "xxh_kernels.hpp"

namespace sluice::detail::xxh {
namespace {

[[gnu::always_inline]] inline void accumulate_512(void* XXH_RESTRICT acc, const void* XXH_RESTRICT input,
                                                  const void* XXH_RESTRICT secret) {
  auto* a = static_cast<v128_t*>(acc);  // xxHash aligns the accumulators to 64 bytes
  const auto* in = static_cast<const std::uint8_t*>(input);
  const auto* key = static_cast<const std::uint8_t*>(secret);
  for (int i = 0; i < 4; i += 2) {
    // Lanes 2i..2i+3 at once: one pair of shuffles gathers the low and the high 32-bit halves
    // of all four data^key lanes, and extmul_low/high multiply them pairwise.
    const v128_t d0 = wasm_v128_load(in + 16 * i);
    const v128_t d1 = wasm_v128_load(in + 16 * i + 16);
    const v128_t k0 = wasm_v128_xor(d0, wasm_v128_load(key + 16 * i));
    const v128_t k1 = wasm_v128_xor(d1, wasm_v128_load(key + 16 * i + 16));
    const v128_t lo = wasm_i32x4_shuffle(k0, k1, 0, 2, 4, 6);
    const v128_t hi = wasm_i32x4_shuffle(k0, k1, 1, 3, 5, 7);
    a[i] = wasm_i64x2_add(a[i], wasm_i64x2_add(wasm_i64x2_shuffle(d0, d0, 1, 0),
                                               wasm_u64x2_extmul_low_u32x4(lo, hi)));
    a[i + 1] = wasm_i64x2_add(a[i + 1], wasm_i64x2_add(wasm_i64x2_shuffle(d1, d1, 1, 0),
                                                       wasm_u64x2_extmul_high_u32x4(lo, hi)));
  }
}

[[gnu::always_inline]] inline void scramble(void* XXH_RESTRICT acc, const void* XXH_RESTRICT secret) {
  auto* a = static_cast<v128_t*>(acc);
  const auto* key = static_cast<const std::uint8_t*>(secret);
  const v128_t prime = wasm_i64x2_splat(XXH_PRIME32_1);
  for (int i = 0; i < 4; ++i) {
    v128_t x = a[i];
    x = wasm_v128_xor(x, wasm_u64x2_shr(x, 47));
    x = wasm_v128_xor(x, wasm_v128_load(key + 16 * i));
    a[i] = wasm_i64x2_mul(x, prime);
  }
}

}  // namespace

void xxh3_update_simd128(void* state, const void* data, std::size_t size) noexcept {
  (void)XXH3_update(static_cast<XXH3_state_t*>(state), static_cast<const xxh_u8*>(data), size,
                    accumulate_512, scramble);
}

// One-shots: inputs up to XXH3_MIDSIZE_MAX (240 bytes) take XXH3's short paths, which have no
// stripes; longer ones are "hashLong" with the default secret, as XXH3_64bits/XXH3_128bits do
// for seed 0.
std::uint64_t xxh3_64_simd128(const void* data, std::size_t size) noexcept {
  if (size <= XXH3_MIDSIZE_MAX) return XXH3_64bits(data, size);
  return XXH3_hashLong_64b_internal(data, size, XXH3_kSecret, sizeof(XXH3_kSecret), accumulate_512,
                                    scramble);
}
void xxh3_128_simd128(const void* data, std::size_t size, std::uint64_t out[2]) noexcept {
  XXH128_hash_t h;
  if (size <= XXH3_MIDSIZE_MAX)
    h = XXH3_128bits(data, size);
  else
    h = XXH3_hashLong_128b_internal(data, size, XXH3_kSecret, sizeof(XXH3_kSecret), accumulate_512,
                                    scramble);
  out[0] = h.high64;
  out[1] = h.low64;
}

}  // namespace sluice::detail::xxh
