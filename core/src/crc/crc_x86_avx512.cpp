// CRC kernels with 512-bit VPCLMULQDQ (compiled with -mavx512f -mavx512bw -mavx512vl
// -mvpclmulqdq -mpclmul -msse4.2). Same folding as crc_x86_pclmul.cpp, four 128-bit lanes per
// register: four zmm accumulators fold 256 bytes per iteration (distance 2048 bits; on inputs
// of 2 MiB or more with a software prefetch of the page 8 KiB ahead every 4 KiB), then
// one zmm folds 64 bytes at a time (inputs from 64 bytes start here); its four lanes are
// multiplied straight into T (one zmm multiply per half) and the shared finish of
// fold_x86.hpp adds the last blocks and the partial block and reduces. Under 64 bytes this
// file's inlined copy of the 128-bit kernel runs, or for CRC-32C the crc32-instruction kernel,
// which is faster there.
#include "fold_x86.hpp"

namespace sluice::detail::crc {
namespace {

[[gnu::always_inline]] inline __m512i kvec512(const fold_pair& f) noexcept {
  const auto lo = static_cast<long long>(f.lo), hi = static_cast<long long>(f.hi);
  return _mm512_set_epi64(hi, lo, hi, lo, hi, lo, hi, lo);
}

/// fold(x) ^ data, the three-way xor in one ternary-logic instruction.
[[gnu::always_inline]] inline __m512i fold512(__m512i x, __m512i k, __m512i data) noexcept {
  return _mm512_ternarylogic_epi64(_mm512_clmulepi64_epi128(x, k, 0x00),
                                   _mm512_clmulepi64_epi128(x, k, 0x11), data, 0x96);
}

/// Distance from the fold position to the page whose start is prefetched (see the main loop);
/// at least 4096, so that the 4 KiB folded after each prefetch is inside the input too.
constexpr std::ptrdiff_t kPrefetchAhead = 8192;
/// Inputs from this size on take the prefetching loop: above a core's L2 (1-2 MiB on CPUs
/// with VPCLMULQDQ), so that data still in L2 do not pay for prefetches.
constexpr std::size_t kPrefetchMinSize = std::size_t{2} << 20;

[[gnu::always_inline]] inline __m512i load512(const std::uint8_t* p) noexcept {
  return _mm512_loadu_si512(p);
}

/// Small is the kernel for inputs under 64 bytes when kCallSmall (for CRC-32C the crc32
/// instruction is faster there), else this file's copy of the 128-bit kernel, inlined.
template <const fold_constants& K, kernel_fn Table, kernel_fn Small, bool kCallSmall>
[[gnu::always_inline]] inline std::uint64_t fold_vpclmul512(std::uint64_t state, const std::uint8_t* p, std::size_t n) noexcept {
  if (n < 64) {
    if constexpr (kCallSmall) return Small(state, p, n);
    else return fold_sse<K, Table>(state, p, n);
  }
  const std::uint8_t* const end = p + n;
  __m512i z0 = _mm512_xor_si512(load512(p), _mm512_zextsi128_si512(_mm_cvtsi64_si128(
                                                static_cast<long long>(state))));
  p += 64;
  const __m512i k4 = kvec512(K.fold[4]);
  if (end - p >= 192) {
    __m512i z1 = load512(p), z2 = load512(p + 64), z3 = load512(p + 128);
    p += 192;
    const __m512i k16 = kvec512(K.fold[16]);
    const auto step = [&]() {
      z0 = fold512(z0, k16, load512(p));
      z1 = fold512(z1, k16, load512(p + 64));
      z2 = fold512(z2, k16, load512(p + 128));
      z3 = fold512(z3, k16, load512(p + 192));
      p += 256;
    };
    // Inputs of kPrefetchMinSize or more, page by page while the page kPrefetchAhead bytes
    // on is inside the input: first the first four lines of that page are prefetched, then
    // the 4 KiB here are folded. The hardware's L2 streamer stops at every 4 KiB page and has
    // to be trained again on the next one; the prefetched lines start it there early (one
    // prefetch per 1 KiB). Measured on a Zen 4 (bench_crc, 256 MiB from DRAM): +12-17%.
    // Smaller inputs are likely in cache, where the prefetches cost 1-2% (1 MiB rows). (The
    // same loop in the 256-bit kernel, forced on that Zen 4, made 256 MiB 25% slower, 18.9
    // against 25-27 GB/s, so it is not there.)
    if (n >= kPrefetchMinSize) while (end - p >= kPrefetchAhead + 256) {
      const auto* a = reinterpret_cast<const char*>(
          (reinterpret_cast<std::uintptr_t>(p) + kPrefetchAhead) & ~std::uintptr_t{4095});
      _mm_prefetch(a, _MM_HINT_T0);
      _mm_prefetch(a + 64, _MM_HINT_T0);
      _mm_prefetch(a + 128, _MM_HINT_T0);
      _mm_prefetch(a + 192, _MM_HINT_T0);
      for (int i = 0; i < 16; ++i) step();
    }
    while (end - p >= 256) step();
    // Accumulator i's lanes sit 64 * (3 - i) bytes before accumulator 3's.
    z0 = fold512(z0, kvec512(K.fold[12]), fold512(z1, kvec512(K.fold[8]), fold512(z2, k4, z3)));
  }
  while (end - p >= 64) {
    z0 = fold512(z0, k4, load512(p));
    p += 64;
  }
  // Lane i holds bytes 16i..16i+15 of the last 64; it is followed by 3 - i lanes, then k whole
  // blocks and r bytes, so it takes tail[r][3 - i + k]: tail[r][k..k+3] read as one register,
  // lanes reversed. The four products are then summed into one register for finish().
  const auto k = static_cast<std::size_t>(end - p) / 16;
  const auto r = static_cast<std::size_t>(end - p) % 16;
  const __m512i kz = _mm512_shuffle_i64x2(_mm512_loadu_si512(&K.tail[r][k]),
                                          _mm512_loadu_si512(&K.tail[r][k]), 0x1B);
  const __m512i f = _mm512_xor_si512(_mm512_clmulepi64_epi128(z0, kz, 0x00),
                                     _mm512_clmulepi64_epi128(z0, kz, 0x11));
  const __m256i h = _mm256_xor_si256(_mm512_castsi512_si256(f), _mm512_extracti64x4_epi64(f, 1));
  const __m128i t = _mm_xor_si128(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1));
  return finish_folded<K>(t, p, end);
}

}  // namespace

std::uint64_t crc32_vpclmul512(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_vpclmul512<crc32_fold, crc32_portable, crc32_portable, false>(s, p, n);
}
std::uint64_t crc32c_vpclmul512(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_vpclmul512<crc32c_fold, crc32c_portable, crc32c_sse42, true>(s, p, n);
}
std::uint64_t crc64_vpclmul512(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_vpclmul512<crc64_fold, crc64_portable, crc64_portable, false>(s, p, n);
}
std::uint64_t crc64nvme_vpclmul512(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_vpclmul512<crc64nvme_fold, crc64nvme_portable, crc64nvme_portable, false>(s, p, n);
}

}  // namespace sluice::detail::crc
