// SHA-256: FIPS 180 vectors, sha256sum differential tests, streaming, save/restore, guard
// pages, and every kernel against the portable one.
#define BOOST_TEST_MODULE sha256
#include "hash_test_util.hpp"
#include "core/src/hash/registry.hpp"
#include "core/src/hash/sha256.hpp"

using namespace hash_test;
namespace d = sluice::detail;

namespace {
auto make = [] { return d::make_sha256_hasher(); };

const d::sha256_kernel_info& selected_info() {
  for (const auto& k : d::sha256_kernels())
    if (std::string(k.name) == d::sha256_kernel_name()) return k;
  throw std::runtime_error("unknown kernel");
}
}  // namespace

BOOST_AUTO_TEST_CASE(forced_kernel) {
  BOOST_TEST_MESSAGE("sha256 kernel: " << d::sha256_kernel_name() << ", cpu "
                                       << sluice::cpu::describe(sluice::cpu::features()));
  check_forced_kernel(d::sha256_kernel_name(), selected_info().required);
}

BOOST_AUTO_TEST_CASE(published_vectors) {
  auto cases = load_vectors("sha256");
  BOOST_TEST_REQUIRE(cases.size() == 5u);
  for (const auto& c : cases) {
    BOOST_TEST(digest_split(make, c.input.data(), c.input.size()) == c.hash);
  }
}

BOOST_AUTO_TEST_CASE(against_sha256sum) { differential(make, "sha256sum", false, 16); }
BOOST_AUTO_TEST_CASE(every_split_point) { every_split(make, 400); }
BOOST_AUTO_TEST_CASE(guard_page) { guard_pages(make, false); }
BOOST_AUTO_TEST_CASE(bad_saved_states) { rejects_bad_states(make, sluice::hash_algorithm::md5); }

BOOST_AUTO_TEST_CASE(saved_state_layout) {
  // 5-byte header + 104 payload bytes, whatever the platform (wasm32 gives the same bytes).
  auto h = make();
  BOOST_TEST(h->save_state().size() == 5u + 104u);
  BOOST_TEST(h->algorithm() == sluice::hash_algorithm::sha256);
}

// Each kernel the CPU has, forced through the mask, against the portable kernel.
BOOST_AUTO_TEST_CASE(every_kernel_matches_portable) {
  std::mt19937_64 rng(seed() + 10);
  std::vector<bytes> inputs;
  for (std::size_t n : {0, 1, 63, 64, 65, 127, 128, 1000, 4096, 65537}) inputs.push_back(random_bytes(rng, n));
  const std::uint32_t saved = sluice::cpu::set_mask(0);
  BOOST_TEST(std::string(d::sha256_kernel_name()) == "portable");
  std::vector<std::string> ref;
  for (const auto& in : inputs) ref.push_back(digest_split(make, in.data(), in.size()));
  for (const auto& k : d::sha256_kernels()) {
    if ((sluice::cpu::detected() & k.required) != k.required) {
      BOOST_TEST_MESSAGE("kernel " << k.name << " not on this CPU");
      continue;
    }
    sluice::cpu::set_mask(k.required);
    BOOST_TEST(std::string(d::sha256_kernel_name()) == k.name);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      BOOST_TEST(digest_split(make, inputs[i].data(), inputs[i].size()) == ref[i], k.name << " length " << inputs[i].size());
      // Block function directly, from a misaligned address.
      bytes buf(inputs[i].size() / 64 * 64 + 1);
      if (buf.size() > 1) std::memcpy(buf.data() + 1, inputs[i].data(), buf.size() - 1);
      std::uint32_t s1[8] = {1, 2, 3, 4, 5, 6, 7, 8}, s2[8] = {1, 2, 3, 4, 5, 6, 7, 8};
      k.fn(s1, buf.data() + 1, buf.size() / 64);
      d::sha256_compress_portable(s2, buf.data() + 1, buf.size() / 64);
      BOOST_TEST(std::memcmp(s1, s2, sizeof s1) == 0);
    }
  }
  sluice::cpu::set_mask(saved);
}

// cpu::features() is an inline read of a word set_mask() rewrites: every mask change must be
// visible to the very next query and the very next kernel choice, in both directions.
BOOST_AUTO_TEST_CASE(set_mask_is_seen_by_the_next_call) {
  namespace cpu = sluice::cpu;
  const std::uint32_t saved = cpu::set_mask(~0u);
  const std::uint32_t all = cpu::detected();
  BOOST_TEST(cpu::features() == all);
  BOOST_TEST(cpu::set_mask(0) == ~0u);  // returns the previous mask
  BOOST_TEST(cpu::features() == 0u);
  BOOST_TEST(std::string(d::sha256_kernel_name()) == "portable");
  for (std::uint32_t bit = 1; bit != 0; bit <<= 1) {
    cpu::set_mask(bit);
    BOOST_TEST(cpu::features() == (all & bit), "mask " << bit);
  }
  cpu::set_mask(~0u);
  BOOST_TEST(cpu::features() == all);
  const auto& best = d::sha256_kernels().front();
  if ((all & best.required) == best.required) BOOST_TEST(std::string(d::sha256_kernel_name()) == best.name);
  cpu::set_mask(saved);
}
