// Start-code scanning with SSE2: 16 candidate positions per step. Compiled with -msse2.
#include <emmintrin.h>

#include "nal_kernels.hpp"

namespace sluice::detail::nal {

std::size_t find_start_code_sse2(const std::uint8_t* d, std::size_t n) noexcept {
  std::size_t i = 0;
  const __m128i zero = _mm_setzero_si128(), one = _mm_set1_epi8(1);
  // Positions i..i+15 need bytes up to i+17: the loads at i, i+1, i+2 stay inside [d, d+n).
  while (i + 18 <= n) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i + 2));
    int m = _mm_movemask_epi8(_mm_cmpeq_epi8(c, one));
    if (m) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d + i + 1));
      m &= _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, zero), _mm_cmpeq_epi8(b, zero)));
      if (m) return i + static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(m)));
    }
    i += 16;
  }
  return i + find_start_code_portable(d + i, n - i);
}

}  // namespace sluice::detail::nal
