// CRC-32C with the SSE4.2 crc32 instruction (compiled with -msse4.2 -mpclmul only).
//
// One crc32 instruction has a latency of about 3 cycles but a throughput of one per cycle, so
// three independent streams over three adjacent blocks of B bytes keep it busy. The three
// partial CRCs are then merged: the first is multiplied by x^(8*2B) mod P and the second by
// x^(8B) mod P with PCLMULQDQ, and crc32(0, product) reduces the 64-bit product mod P.
// Derivation: for a reflected 32-bit state c and constant k, PCLMULQDQ(c, k) read as 8
// message bytes is c*k*x; the crc32 instruction from state 0 multiplies a message qword by
// x^32 mod P. So c*x^N is obtained with k = x^(N-33) mod P, computed at compile time below.
// Cost: 8 bytes per cycle per core in the 3-stream loop; blocks of 1 KiB, then 128 B, then a
// single stream for what remains.
#include <nmmintrin.h>
#include <wmmintrin.h>

#include <cstring>

#include "crc_math.hpp"
#include "kernels.hpp"

namespace sluice::detail::crc {
namespace {

/// x^(8*bytes - 33) mod P for CRC-32C, reflected into 32 bits.
constexpr std::uint64_t shift_constant(std::size_t bytes) {
  return reverse_bits(xpow_mod(8 * bytes - 33, crc32c_params), 32);
}

[[gnu::always_inline]] inline std::uint64_t load64(const std::uint8_t* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

template <std::size_t B>
[[gnu::always_inline]] inline std::uint32_t three_way(std::uint32_t c, const std::uint8_t*& p,
                                                      std::size_t& n) noexcept {
  static constexpr std::uint64_t k2 = shift_constant(2 * B);
  static constexpr std::uint64_t k1 = shift_constant(B);
  const __m128i kk = _mm_set_epi64x(static_cast<long long>(k1), static_cast<long long>(k2));
  while (n >= 3 * B) {
    std::uint64_t c0 = c, c1 = 0, c2 = 0;
    for (std::size_t i = 0; i < B; i += 8) {
      c0 = _mm_crc32_u64(c0, load64(p + i));
      c1 = _mm_crc32_u64(c1, load64(p + B + i));
      c2 = _mm_crc32_u64(c2, load64(p + 2 * B + i));
    }
    const __m128i v = _mm_set_epi64x(static_cast<long long>(c1), static_cast<long long>(c0));
    const __m128i prod = _mm_xor_si128(_mm_clmulepi64_si128(v, kk, 0x00),   // c0 * k2
                                       _mm_clmulepi64_si128(v, kk, 0x11));   // c1 * k1
    c = static_cast<std::uint32_t>(
        _mm_crc32_u64(0, static_cast<std::uint64_t>(_mm_cvtsi128_si64(prod))) ^ c2);
    p += 3 * B;
    n -= 3 * B;
  }
  return c;
}

}  // namespace

std::uint64_t crc32c_sse42(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  std::uint32_t c = static_cast<std::uint32_t>(s);
  if (n >= 3 * 1024) c = three_way<1024>(c, p, n);
  if (n >= 3 * 128) c = three_way<128>(c, p, n);
  std::uint64_t c64 = c;
  while (n >= 8) {
    c64 = _mm_crc32_u64(c64, load64(p));
    p += 8;
    n -= 8;
  }
  c = static_cast<std::uint32_t>(c64);
  if (n & 4) {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    c = _mm_crc32_u32(c, w);
    p += 4;
  }
  if (n & 2) {
    std::uint16_t h;
    std::memcpy(&h, p, 2);
    c = _mm_crc32_u16(c, h);
    p += 2;
  }
  if (n & 1) c = _mm_crc32_u8(c, *p);
  return c;
}

}  // namespace sluice::detail::crc
