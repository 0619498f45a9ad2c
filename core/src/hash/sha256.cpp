// SHA-256 (FIPS 180-4): the portable kernel, run-time kernel selection and the Hasher.
#include "sha256.hpp"

#include <atomic>
#include <bit>
#include <cstring>

#include "md_hasher.hpp"
#include "registry.hpp"
#include "sluice/cpu.hpp"

namespace sluice::detail {

// FIPS 180-4 section 4.2.2: first 32 bits of the fractional parts of the cube roots of the
// first 64 primes.
alignas(64) const std::uint32_t sha256_k[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u,
    0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu,
    0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu,
    0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
    0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu,
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u,
    0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u,
    0xc67178f2u,
};

namespace {

// FIPS 180-4 section 5.3.3: initial hash value H(0).
constexpr std::uint32_t kSha256Init[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
                                          0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u};

inline std::uint32_t load_be32(const std::uint8_t* p) noexcept {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  if constexpr (std::endian::native == std::endian::little) v = __builtin_bswap32(v);
  return v;
}
}  // namespace

// FIPS 180-4 section 6.2.2, the 64 rounds unrolled 16 at a time with the eight working
// variables renamed instead of moved, and the schedule kept in a rolling 16-word window.
void sha256_compress_portable(std::uint32_t state[8], const std::uint8_t* blocks,
                              std::size_t nblocks) noexcept {
  using std::rotr;
#define S0(x) (rotr((x), 2) ^ rotr((x), 13) ^ rotr((x), 22))
#define S1(x) (rotr((x), 6) ^ rotr((x), 11) ^ rotr((x), 25))
#define s0(x) (rotr((x), 7) ^ rotr((x), 18) ^ ((x) >> 3))
#define s1(x) (rotr((x), 17) ^ rotr((x), 19) ^ ((x) >> 10))
#define CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
// Maj(a, b, c) = ((a ^ b) & (b ^ c)) ^ b, and this round's a ^ b is the next round's b ^ c
// (its b and c are this round's a and b): one operation fewer per round (3-4% here).
#define ROUND(a, b, c, d, e, f, g, h, i)                                        \
  do {                                                                          \
    std::uint32_t t1 = (h) + S1(e) + CH((e), (f), (g)) + sha256_k[j + (i)] + w[(i)]; \
    const std::uint32_t ab = (a) ^ (b);                                         \
    (d) += t1;                                                                  \
    (h) = t1 + S0(a) + ((ab & bc) ^ (b));                                       \
    bc = ab;                                                                    \
  } while (0)
#define EXPAND(i) (w[(i)] += s1(w[((i) + 14) & 15]) + w[((i) + 9) & 15] + s0(w[((i) + 1) & 15]))
#define ROUNDS16                              \
  ROUND(a, b, c, d, e, f, g, h, 0);           \
  ROUND(h, a, b, c, d, e, f, g, 1);           \
  ROUND(g, h, a, b, c, d, e, f, 2);           \
  ROUND(f, g, h, a, b, c, d, e, 3);           \
  ROUND(e, f, g, h, a, b, c, d, 4);           \
  ROUND(d, e, f, g, h, a, b, c, 5);           \
  ROUND(c, d, e, f, g, h, a, b, 6);           \
  ROUND(b, c, d, e, f, g, h, a, 7);           \
  ROUND(a, b, c, d, e, f, g, h, 8);           \
  ROUND(h, a, b, c, d, e, f, g, 9);           \
  ROUND(g, h, a, b, c, d, e, f, 10);          \
  ROUND(f, g, h, a, b, c, d, e, 11);          \
  ROUND(e, f, g, h, a, b, c, d, 12);          \
  ROUND(d, e, f, g, h, a, b, c, 13);          \
  ROUND(c, d, e, f, g, h, a, b, 14);          \
  ROUND(b, c, d, e, f, g, h, a, 15)

  for (; nblocks; --nblocks, blocks += 64) {
    std::uint32_t w[16];
    for (int i = 0; i < 16; ++i) w[i] = load_be32(blocks + 4 * i);
    std::uint32_t a = state[0], b = state[1], c = state[2], d = state[3];
    std::uint32_t e = state[4], f = state[5], g = state[6], h = state[7];
    std::uint32_t bc = b ^ c;
    int j = 0;
    ROUNDS16;
    for (j = 16; j < 64; j += 16) {
      EXPAND(0); EXPAND(1); EXPAND(2); EXPAND(3); EXPAND(4); EXPAND(5); EXPAND(6); EXPAND(7);
      EXPAND(8); EXPAND(9); EXPAND(10); EXPAND(11); EXPAND(12); EXPAND(13); EXPAND(14);
      EXPAND(15);
      ROUNDS16;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
  }
#undef ROUNDS16
#undef EXPAND
#undef ROUND
#undef CH
#undef s1
#undef s0
#undef S1
#undef S0
}

namespace {

// Best first; the portable kernel is last and needs nothing, so selection never fails.
constexpr sha256_kernel_info kImpls[] = {
#if defined(SLUICE_HASH_X86)
    {"shani", cpu::sha_ni | cpu::sse41 | cpu::ssse3, &sha256_compress_shani},
#endif
#if defined(SLUICE_HASH_WASM_SIMD)
    // Built only into a module that requires SIMD anyway: a constant choice (required = 0).
    {"simd128", 0, &sha256_compress_simd128},
#endif
    {"portable", 0, &sha256_compress_portable},
};
constexpr std::size_t kImplCount = sizeof kImpls / sizeof kImpls[0];

// (features << 8) | (index + 1) of the last selection; 0 = none yet. One relaxed load per
// call; a stale value after a concurrent set_mask() still names a kernel the CPU has.
std::atomic<std::uint64_t> g_choice{0};

const sha256_kernel_info& select() noexcept {
  const std::uint32_t f = cpu::features();
  std::uint64_t c = g_choice.load(std::memory_order_relaxed);
  if (c != 0 && static_cast<std::uint32_t>(c >> 8) == f) return kImpls[(c & 0xff) - 1];
  std::size_t i = 0;
  while (i + 1 < kImplCount && (f & kImpls[i].required) != kImpls[i].required) ++i;
  g_choice.store((std::uint64_t{f} << 8) | (i + 1), std::memory_order_relaxed);
  return kImpls[i];
}

}  // namespace

std::span<const sha256_kernel_info> sha256_kernels() noexcept { return {kImpls, kImplCount}; }
sha256_compress_fn sha256_kernel() noexcept { return select().fn; }
const char* sha256_kernel_name() noexcept { return select().name; }

namespace {

struct sha256_traits {
  static constexpr hash_algorithm algorithm = hash_algorithm::sha256;
  static constexpr std::size_t words = 8;
  static constexpr const std::uint32_t (&init)[8] = kSha256Init;
  static constexpr bool big_endian = true;  // FIPS 180-4 5.1.1 / 6.2.2: big-endian words
  static constexpr const char* bad_state = "not a saved sha256 state";
  static sha256_compress_fn compress() noexcept { return sha256_kernel(); }
};

}  // namespace

std::unique_ptr<Hasher> make_sha256_hasher() { return std::make_unique<md_hasher<sha256_traits>>(); }

}  // namespace sluice::detail
