// CRC kernels with 256-bit VPCLMULQDQ (compiled with -mavx2 -mvpclmulqdq -mpclmul -msse4.2),
// for CPUs that have VPCLMULQDQ but not AVX-512 (e.g. Zen 3, Alder Lake). Four ymm
// accumulators fold 128 bytes per iteration (distance 1024 bits), then the shared tail of
// fold_x86.hpp. Inputs under 256 bytes go to the 128-bit kernel (CRC-32C: crc32 instruction).
#include "fold_x86.hpp"

namespace sluice::detail::crc {
namespace {

[[gnu::always_inline]] inline __m256i kvec256(const fold_pair& f) noexcept {
  return _mm256_broadcastsi128_si256(kvec(f));
}

[[gnu::always_inline]] inline __m256i fold256(__m256i x, __m256i k, __m256i data) noexcept {
  return _mm256_xor_si256(_mm256_xor_si256(_mm256_clmulepi64_epi128(x, k, 0x00),
                                           _mm256_clmulepi64_epi128(x, k, 0x11)),
                          data);
}

[[gnu::always_inline]] inline __m256i load256(const std::uint8_t* p) noexcept {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

/// Small is the kernel for inputs under 256 bytes when kCallSmall (else this file's copy of the
/// 128-bit kernel, inlined).
template <const fold_constants& K, kernel_fn Table, kernel_fn Small, bool kCallSmall>
std::uint64_t fold_vpclmul256(std::uint64_t state, const std::uint8_t* p, std::size_t n) noexcept {
  if (n < 256) {
    if constexpr (kCallSmall) return Small(state, p, n);
    else return fold_sse<K, Table>(state, p, n);
  }
  __m256i y0 = _mm256_xor_si256(load256(p), _mm256_zextsi128_si256(_mm_cvtsi64_si128(
                                                static_cast<long long>(state))));
  __m256i y1 = load256(p + 32), y2 = load256(p + 64), y3 = load256(p + 96);
  p += 128;
  n -= 128;
  const __m256i k8 = kvec256(K.fold[8]);
  while (n >= 128) {
    y0 = fold256(y0, k8, load256(p));
    y1 = fold256(y1, k8, load256(p + 32));
    y2 = fold256(y2, k8, load256(p + 64));
    y3 = fold256(y3, k8, load256(p + 96));
    p += 128;
    n -= 128;
  }
  // Accumulator i's lanes sit 32 * (3 - i) bytes before accumulator 3's.
  const __m256i k2 = kvec256(K.fold[2]);
  y0 = fold256(y0, kvec256(K.fold[6]), fold256(y1, kvec256(K.fold[4]), fold256(y2, k2, y3)));
  while (n >= 32) {
    y0 = fold256(y0, k2, load256(p));
    p += 32;
    n -= 32;
  }
  const __m128i lanes[2] = {_mm256_castsi256_si128(y0), _mm256_extracti128_si256(y0, 1)};
  return finish<K>(lanes, 2, p, p + n);
}

}  // namespace

std::uint64_t crc32_vpclmul256(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_vpclmul256<crc32_fold, crc32_portable, crc32_portable, false>(s, p, n);
}
std::uint64_t crc32c_vpclmul256(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_vpclmul256<crc32c_fold, crc32c_portable, crc32c_sse42, true>(s, p, n);
}
std::uint64_t crc64_vpclmul256(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_vpclmul256<crc64_fold, crc64_portable, crc64_portable, false>(s, p, n);
}
std::uint64_t crc64nvme_vpclmul256(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_vpclmul256<crc64nvme_fold, crc64nvme_portable, crc64nvme_portable, false>(s, p, n);
}

}  // namespace sluice::detail::crc
