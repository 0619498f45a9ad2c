// Start-code scanning with AVX2: 64 candidate positions per step. Compiled with -mavx2.
#include <immintrin.h>

#include "nal_kernels.hpp"

namespace sluice::detail::nal {

namespace {
inline __m256i load(const std::uint8_t* p) noexcept {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
// Bit k set when a start code begins at p + k (k < 32). Reads p[0 .. 34).
inline unsigned hits(const std::uint8_t* p) noexcept {
  const __m256i zero = _mm256_setzero_si256();
  const __m256i a = _mm256_cmpeq_epi8(load(p), zero);
  const __m256i b = _mm256_cmpeq_epi8(load(p + 1), zero);
  const __m256i c = _mm256_cmpeq_epi8(load(p + 2), _mm256_set1_epi8(1));
  return static_cast<unsigned>(_mm256_movemask_epi8(_mm256_and_si256(_mm256_and_si256(a, b), c)));
}
}  // namespace

std::size_t find_start_code_avx2(const std::uint8_t* d, std::size_t n) noexcept {
  std::size_t i = 0;
  const __m256i one = _mm256_set1_epi8(1);
  // Fast filter: a start code at k needs d[k+2] == 1; test 64 such bytes at once.
  while (i + 66 <= n) {
    const __m256i c0 = _mm256_cmpeq_epi8(load(d + i + 2), one);
    const __m256i c1 = _mm256_cmpeq_epi8(load(d + i + 34), one);
    if (!_mm256_testz_si256(_mm256_or_si256(c0, c1), _mm256_or_si256(c0, c1))) {
      if (unsigned m = hits(d + i)) return i + static_cast<std::size_t>(__builtin_ctz(m));
      if (unsigned m = hits(d + i + 32)) return i + 32 + static_cast<std::size_t>(__builtin_ctz(m));
    }
    i += 64;
  }
  while (i + 34 <= n) {
    if (unsigned m = hits(d + i)) return i + static_cast<std::size_t>(__builtin_ctz(m));
    i += 32;
  }
  return i + find_start_code_portable(d + i, n - i);
}

}  // namespace sluice::detail::nal
