// Multi-threaded BLAKE3 (native/): identical to the single-threaded Hasher and to b3sum for
// 1..4 threads and awkward lengths, with every kernel.
#define BOOST_TEST_MODULE blake3_mt
#include "hash_test_util.hpp"
#include "core/src/hash/blake3_impl.hpp"
#include "core/src/hash/registry.hpp"
#include "sluice/native/blake3_mt.hpp"

using namespace hash_test;

namespace {
std::string mt_hex(const bytes& b, std::size_t n, unsigned threads) {
  auto d = sluice::native::blake3_hash_parallel(b.data(), n, threads);
  return hex(d.data(), d.size());
}
std::string st_hex(const bytes& b, std::size_t n) {
  auto h = sluice::detail::make_blake3_hasher();
  h->update(b.data(), n);
  return h->hex_digest();
}
}  // namespace

BOOST_AUTO_TEST_CASE(matches_single_thread_and_b3sum) {
  std::mt19937_64 rng(seed() + 20);
  const std::size_t min = sluice::native::blake3_min_parallel_bytes();
  constexpr std::size_t K = 1024, M = 1024 * 1024;
  // Around the threshold and 2^k chunks (the last work unit, from the last multiple of the
  // unit size before the last byte to the end, is then a full 128..1024-chunk unit with a
  // full or one-byte last chunk, or a lone chunk); units of 128 chunks (up to 4 MiB on two
  // threads), 256 (4-8 MiB), 512 and 1024 (16 MiB and up on two threads, 32 on four); a
  // last unit one chunk short of a whole one, and with fewer chunks than one AVX-512 batch.
  std::vector<std::size_t> lengths = {0, 1, 1024, min - 1, min, min + 1, min + 1024, min + 1025,
                                      M - 1, M, M + 1, M + 1024, M + 1025, 2 * M - 1, 2 * M + 1,
                                      (3 << 20) + 5, 4 * M - 1, (4 << 20) + 1023, 4 * M + 1,
                                      5'000'000, 8 * M + 1, 1151 * K, 1151 * K + 1, 909 * K + 77,
                                      16 * M - 1, 16 * M + 1, 32 * M + 4095, 33 * M - 1};
  for (int i = 0; i < 6; ++i) lengths.push_back(min + rng() % (6u << 20));
  std::vector<bytes> inputs;
  for (std::size_t n : lengths) inputs.push_back(random_bytes(rng, n));
  const auto refs = tool_digests("b3sum", inputs);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::size_t n = inputs[i].size();
    BOOST_TEST(st_hex(inputs[i], n) == refs[i], "single-threaded length " << n);
    for (unsigned t = 1; t <= 4; ++t) BOOST_TEST(mt_hex(inputs[i], n, t) == refs[i], "length " << n << " threads " << t);
  }
  BOOST_TEST(mt_hex(inputs.back(), inputs.back().size(), 0) == refs.back());  // hardware threads
}

// The threaded path with each kernel the CPU has (they hash the subtrees).
BOOST_AUTO_TEST_CASE(every_kernel) {
  std::mt19937_64 rng(seed() + 21);
  const bytes in = random_bytes(rng, (2 << 20) + 12345);
  const std::string want = st_hex(in, in.size());
  const std::uint32_t saved = sluice::cpu::set_mask(~0u);
  for (const auto& k : sluice::detail::b3::kernels()) {
    if ((sluice::cpu::detected() & k.required) != k.required) continue;
    sluice::cpu::set_mask(k.required);
    for (unsigned t : {2u, 3u}) BOOST_TEST(mt_hex(in, in.size(), t) == want, k.name << " threads " << t);
  }
  sluice::cpu::set_mask(saved);
}
