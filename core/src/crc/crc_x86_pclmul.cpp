// CRC kernels for x86-64 with PCLMULQDQ (compiled with -msse4.1 -mpclmul only).
// Eight 128-bit accumulators fold 128 bytes per iteration (distance 1024 bits), which hides
// the multiplier's latency; they are then folded into one, which folds 16 bytes at a time.
// The folding constants are computed at compile time from each polynomial (crc_math.hpp).
// Cost: ~16 carry-less multiplies per 128 bytes; inputs under 32 bytes go to the table kernel.
#include "fold_x86.hpp"

namespace sluice::detail::crc {
namespace {

template <const fold_constants& K, kernel_fn Finish>
std::uint64_t fold_pclmul(std::uint64_t state, const std::uint8_t* p, std::size_t n) noexcept {
  if (n < 32) return Finish(state, p, n);
  __m128i x0 = _mm_xor_si128(load128(p), _mm_cvtsi64_si128(static_cast<long long>(state)));
  p += 16;
  n -= 16;
  if (n >= 112) {
    __m128i x1 = load128(p), x2 = load128(p + 16), x3 = load128(p + 32), x4 = load128(p + 48);
    __m128i x5 = load128(p + 64), x6 = load128(p + 80), x7 = load128(p + 96);
    p += 112;
    n -= 112;
    const __m128i k8 = kvec(K.fold[8]);
    while (n >= 128) {
      x0 = _mm_xor_si128(fold128(x0, k8), load128(p));
      x1 = _mm_xor_si128(fold128(x1, k8), load128(p + 16));
      x2 = _mm_xor_si128(fold128(x2, k8), load128(p + 32));
      x3 = _mm_xor_si128(fold128(x3, k8), load128(p + 48));
      x4 = _mm_xor_si128(fold128(x4, k8), load128(p + 64));
      x5 = _mm_xor_si128(fold128(x5, k8), load128(p + 80));
      x6 = _mm_xor_si128(fold128(x6, k8), load128(p + 96));
      x7 = _mm_xor_si128(fold128(x7, k8), load128(p + 112));
      p += 128;
      n -= 128;
    }
    // Accumulator i sits (7 - i) * 128 bits before accumulator 7.
    const __m128i a = _mm_xor_si128(fold128(x0, kvec(K.fold[7])), fold128(x1, kvec(K.fold[6])));
    const __m128i b = _mm_xor_si128(fold128(x2, kvec(K.fold[5])), fold128(x3, kvec(K.fold[4])));
    const __m128i c = _mm_xor_si128(fold128(x4, kvec(K.fold[3])), fold128(x5, kvec(K.fold[2])));
    const __m128i d = _mm_xor_si128(fold128(x6, kvec(K.fold[1])), x7);
    x0 = _mm_xor_si128(_mm_xor_si128(a, b), _mm_xor_si128(c, d));
  }
  const __m128i k1 = kvec(K.fold[1]);
  while (n >= 16) {
    x0 = _mm_xor_si128(fold128(x0, k1), load128(p));
    p += 16;
    n -= 16;
  }
  return finish<Finish>(x0, p, n);
}

}  // namespace

std::uint64_t crc32_pclmul(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_pclmul<crc32_fold, crc32_portable>(s, p, n);
}
std::uint64_t crc32c_pclmul(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_pclmul<crc32c_fold, crc32c_portable>(s, p, n);
}
std::uint64_t crc64_pclmul(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_pclmul<crc64_fold, crc64_portable>(s, p, n);
}
std::uint64_t crc64nvme_pclmul(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return fold_pclmul<crc64nvme_fold, crc64nvme_portable>(s, p, n);
}

}  // namespace sluice::detail::crc
