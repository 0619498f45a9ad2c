// BLAKE3: the official test vectors, b3sum differential tests around every chunk and SIMD
// batch boundary, streaming, save/restore, guard pages, every kernel against the portable
// one (hash_many directly, too), and the subtree API used by multi-threaded hashing.
#define BOOST_TEST_MODULE blake3
#include "hash_test_util.hpp"
#include "core/src/hash/blake3_impl.hpp"
#include "core/src/hash/registry.hpp"
#include "sluice/blake3.hpp"

#include <bit>

using namespace hash_test;
namespace d = sluice::detail;
namespace b3 = sluice::detail::b3;

namespace {
auto make = [] { return d::make_blake3_hasher(); };

const b3::kernel& selected() { return b3::select(); }
}  // namespace

BOOST_AUTO_TEST_CASE(forced_kernel) {
  BOOST_TEST_MESSAGE("blake3 kernel: " << d::blake3_kernel_name() << ", cpu "
                                       << sluice::cpu::describe(sluice::cpu::features()));
  check_forced_kernel(d::blake3_kernel_name(), selected().required);
}

BOOST_AUTO_TEST_CASE(official_vectors) {
  auto cases = load_vectors("blake3");
  BOOST_TEST_REQUIRE(cases.size() == 22u);
  for (const auto& c : cases) {
    BOOST_TEST(digest_split(make, c.input.data(), c.input.size()) == c.hash, "input_len " << c.input.size());
    // And fed in 1000-byte pieces (chunk state and stack paths rather than whole subtrees).
    auto h = make();
    for (std::size_t at = 0; at < c.input.size(); at += 1000)
      h->update(c.input.data() + at, std::min<std::size_t>(1000, c.input.size() - at));
    BOOST_TEST(h->hex_digest() == c.hash, "input_len " << c.input.size() << " in pieces");
  }
}

BOOST_AUTO_TEST_CASE(against_b3sum) { differential(make, "b3sum", true, 20); }
BOOST_AUTO_TEST_CASE(every_split_point) { every_split(make, 2100); }
BOOST_AUTO_TEST_CASE(guard_page) { guard_pages(make, true); }
BOOST_AUTO_TEST_CASE(bad_saved_states) { rejects_bad_states(make, sluice::hash_algorithm::sha256); }

BOOST_AUTO_TEST_CASE(saved_state_layout) {
  auto h = make();
  BOOST_TEST(h->save_state().size() == 5u + 8u + 32u + 64u + 3u + 55u * 32u);
  // A corrupt field inside a well-framed state is refused.
  std::vector<std::uint8_t> s = h->save_state();
  s[5 + 104] = 65;  // buffered bytes > 64
  BOOST_TEST(h->restore_state(s).kind == sluice::status_kind::invalid_argument);
}

// A well-framed state whose stack depth was changed would give a wrong digest (an all-zero
// one for an empty stack slot): restore refuses it, as it refuses stray bytes after the
// buffered input. Every state that update() or append_subtree() leaves is accepted, and
// finishes to the right digest.
BOOST_AUTO_TEST_CASE(saved_state_stack_depth_must_fit_the_chunk_count) {
  std::mt19937_64 rng(seed() + 7);
  const bytes data = random_bytes(rng, 70 * 1024 + 5);
  auto check = [&](sluice::Hasher& h, std::size_t done, const std::string& what) {
    const std::vector<std::uint8_t> good = h.save_state();
    auto r = make();
    BOOST_TEST_REQUIRE(r->restore_state(good).is_ok(), what);
    r->update(data.data() + done, data.size() - done);
    BOOST_TEST(r->hex_digest() == digest_split(make, data.data(), data.size()), what);
    const unsigned depth = good[5 + 106];
    for (unsigned wrong = 0; wrong <= 55; ++wrong) {
      if (wrong == depth) continue;
      std::vector<std::uint8_t> bad = good;
      bad[5 + 106] = static_cast<std::uint8_t>(wrong);
      BOOST_TEST(make()->restore_state(bad).kind == sluice::status_kind::invalid_argument,
                 what << ": depth " << depth << " changed to " << wrong << " was accepted");
    }
    const unsigned buffered = good[5 + 104];
    if (buffered < 64) {
      std::vector<std::uint8_t> bad = good;
      bad[5 + 40 + 63] = 1;  // a byte past the buffered input
      BOOST_TEST(make()->restore_state(bad).kind == sluice::status_kind::invalid_argument, what);
    }
  };
  for (std::size_t n : {0, 1, 1023, 1024, 1025, 2048, 3072, 3073, 4096, 7168, 8192, 8193, 15360, 65536, 69632}) {
    auto h = make();
    h->update(data.data(), n);
    check(*h, n, "update " + std::to_string(n));
  }
  // After append_subtree (the multi-threaded path), with nothing update()d after it.
  auto g = sluice::Blake3Hasher::create();
  BOOST_TEST_REQUIRE(g->append_subtree(sluice::blake3::subtree_cv(data.data(), 4, 0), 4).is_ok());
  check(*g, 4096, "append 4 chunks");
  BOOST_TEST_REQUIRE(g->append_subtree(sluice::blake3::subtree_cv(data.data() + 4096, 1, 4), 1).is_ok());
  check(*g, 5120, "append 4 + 1 chunks");
}

// Each kernel the CPU has, forced through the mask, against the portable kernel: whole
// hashes, and hash_many directly with every input count 1..40, chunk and parent modes.
BOOST_AUTO_TEST_CASE(every_kernel_matches_portable) {
  std::mt19937_64 rng(seed() + 10);
  std::vector<bytes> inputs;
  for (std::size_t n : {0, 1, 1024, 1025, 4097, 8193, 16383, 16385, 40000, 70000, 262145})
    inputs.push_back(random_bytes(rng, n));
  const std::uint32_t saved = sluice::cpu::set_mask(0);
  BOOST_TEST(std::string(d::blake3_kernel_name()) == "portable");
  std::vector<std::string> ref;
  for (const auto& in : inputs) ref.push_back(digest_split(make, in.data(), in.size()));
  const bytes many = random_bytes(rng, 40 * 1024 + 7);
  const std::uint32_t key[8] = {1, 2, 3, 4, 5, 6, 7, 0xffffffffu};
  for (const auto& k : b3::kernels()) {
    if ((sluice::cpu::detected() & k.required) != k.required) {
      BOOST_TEST_MESSAGE("kernel " << k.name << " not on this CPU");
      continue;
    }
    sluice::cpu::set_mask(k.required);
    BOOST_TEST(std::string(d::blake3_kernel_name()) == k.name);
    for (std::size_t i = 0; i < inputs.size(); ++i)
      BOOST_TEST(digest_split(make, inputs[i].data(), inputs[i].size()) == ref[i], k.name << " length " << inputs[i].size());
    for (std::size_t n = 1; n <= 40; ++n) {
      for (std::size_t blocks : {1, 2, 16}) {
        std::vector<const std::uint8_t*> ptrs;
        for (std::size_t j = 0; j < n; ++j) ptrs.push_back(many.data() + 1 + j * 1024);  // misaligned
        // A counter that carries into the high word inside the batch.
        const std::uint64_t counter = 0xfffffffaull;
        bytes o1(32 * n), o2(32 * n);
        k.hash_many(ptrs.data(), n, blocks, key, counter, true, 0, b3::chunk_start, b3::chunk_end, o1.data());
        b3::hash_many_portable(ptrs.data(), n, blocks, key, counter, true, 0, b3::chunk_start, b3::chunk_end, o2.data());
        BOOST_TEST((o1 == o2), k.name << " chunks n=" << n << " blocks=" << blocks);
        k.hash_many(ptrs.data(), n, blocks, key, 7, false, b3::parent, 0, 0, o1.data());
        b3::hash_many_portable(ptrs.data(), n, blocks, key, 7, false, b3::parent, 0, 0, o2.data());
        BOOST_TEST((o1 == o2), k.name << " parents n=" << n << " blocks=" << blocks);
      }
    }
  }
  sluice::cpu::set_mask(saved);
}

// hash_many with every lane's input ending flush against a guard page.
BOOST_AUTO_TEST_CASE(hash_many_guard_page) {
  std::mt19937_64 rng(seed() + 11);
  for (std::size_t n : {1, 3, 4, 5, 8, 15, 16, 17, 31, 33}) {
    std::vector<std::unique_ptr<guarded_buffer>> bufs;
    std::vector<const std::uint8_t*> ptrs;
    for (std::size_t j = 0; j < n; ++j) {
      bufs.push_back(std::make_unique<guarded_buffer>(1024));
      bytes r = random_bytes(rng, 1024);
      std::memcpy(bufs.back()->data(), r.data(), 1024);
      ptrs.push_back(bufs.back()->data());
    }
    bytes o1(32 * n), o2(32 * n);
    b3::select().hash_many(ptrs.data(), n, 16, b3::iv, 0, true, 0, b3::chunk_start, b3::chunk_end, o1.data());
    b3::hash_many_portable(ptrs.data(), n, 16, b3::iv, 0, true, 0, b3::chunk_start, b3::chunk_end, o2.data());
    BOOST_TEST((o1 == o2), "n=" << n);
  }
}

// Subtree CVs appended to a Blake3Hasher give the same digest as hashing the bytes.
BOOST_AUTO_TEST_CASE(subtree_api) {
  std::mt19937_64 rng(seed() + 12);
  const bytes data = random_bytes(rng, (64 << 10) + 2048);  // 64 chunks + the longest tail
  for (std::size_t chunks_total : {2, 3, 5, 16, 17, 40, 63, 64}) {
    const std::size_t n = chunks_total * 1024 + 1 + rng() % 1023;  // whole chunks + a tail
    const std::string want = digest_split(make, data.data(), n);
    // Greedy aligned decomposition, each subtree as one CV or as two halves merged.
    auto h = sluice::Blake3Hasher::create();
    std::uint64_t c = 0;
    bool split = false;
    while (c < chunks_total) {
      std::uint64_t k = std::bit_floor(chunks_total - c);
      if (c) k = std::min<std::uint64_t>(k, c & (~c + 1));
      sluice::blake3::chaining_value cv;
      if (split && k >= 2)
        cv = sluice::blake3::parent_cv(sluice::blake3::subtree_cv(data.data() + c * 1024, k / 2, c),
                                       sluice::blake3::subtree_cv(data.data() + (c + k / 2) * 1024, k / 2, c + k / 2));
      else
        cv = sluice::blake3::subtree_cv(data.data() + c * 1024, k, c);
      split = !split;
      BOOST_TEST_REQUIRE(h->append_subtree(cv, k).is_ok());
      c += k;
      BOOST_TEST(h->size() == c * 1024);
    }
    h->update(data.data() + chunks_total * 1024, n - chunks_total * 1024);
    BOOST_TEST(h->hex_digest() == want, "chunks " << chunks_total);
    // The same after some bytes were update()d first (a full chunk still buffered).
    if (chunks_total < 4) continue;
    auto g = sluice::Blake3Hasher::create();
    g->update(data.data(), 1024);
    BOOST_TEST_REQUIRE(g->append_subtree(sluice::blake3::subtree_cv(data.data() + 1024, 1, 1), 1).is_ok());
    BOOST_TEST_REQUIRE(g->append_subtree(sluice::blake3::subtree_cv(data.data() + 2048, 2, 2), 2).is_ok());
    g->update(data.data() + 4096, n - 4096);
    BOOST_TEST(g->hex_digest() == digest_split(make, data.data(), n));
  }
  // Preconditions are checked and leave the state alone.
  auto h = sluice::Blake3Hasher::create();
  const auto cv = sluice::blake3::subtree_cv(data.data(), 1, 0);
  h->update(data.data(), 10);
  BOOST_TEST(h->append_subtree(cv, 1).kind == sluice::status_kind::invalid_argument);  // mid-chunk
  auto g = sluice::Blake3Hasher::create();
  BOOST_TEST(g->append_subtree(cv, 3).kind == sluice::status_kind::invalid_argument);  // not 2^k
  BOOST_TEST(g->append_subtree(cv, 1).is_ok());
  BOOST_TEST(g->append_subtree(cv, 2).kind == sluice::status_kind::invalid_argument);  // misaligned
  BOOST_TEST(g->size() == 1024u);
}

// The right edge of the tree from last_subtree_cv and root_hash, against b3sum: complete
// subtrees up to a right-edge node at every level (from 1 chunk to the whole input but its
// left child), the rest with last_subtree_cv (any number of whole chunks 1..256, the last one
// full or partial: every batch size of every kernel, padded lanes included), folded with
// parent_cv and finished with root_hash. Runs with each forced kernel (hash_tests.cmake).
BOOST_AUTO_TEST_CASE(right_edge_api) {
  std::mt19937_64 rng(seed() + 13);
  std::vector<bytes> inputs;
  for (std::size_t chunks : {2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 18, 31, 32, 33, 63, 64, 65, 100,
                             127, 128, 129, 255, 256, 257})
    for (std::size_t tail : {std::size_t{1}, std::size_t{1024}, 1 + rng() % 1023})
      inputs.push_back(random_bytes(rng, (chunks - 1) * 1024 + tail));
  const auto refs = tool_digests("b3sum", inputs);
  namespace bl = sluice::blake3;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const bytes& in = inputs[i];
    const std::uint64_t prefix = (in.size() - 1) / 1024;  // whole chunks before the last byte
    for (std::uint64_t level = 1; level <= std::bit_ceil(prefix); level *= 2) {
      const std::uint64_t edge = prefix & ~(level - 1);
      if (edge == 0) continue;
      std::vector<bl::chaining_value> left;  // the complete subtrees of [0, edge)
      for (std::uint64_t c = 0; c < edge;) {
        std::uint64_t k = std::bit_floor(edge - c);
        if (c) k = std::min<std::uint64_t>(k, c & (~c + 1));
        left.push_back(bl::subtree_cv(in.data() + c * 1024, k, c));
        c += k;
      }
      bl::chaining_value right = bl::last_subtree_cv(in.data() + edge * 1024, in.size() - edge * 1024, edge);
      while (left.size() > 1) {
        right = bl::parent_cv(left.back(), right);
        left.pop_back();
      }
      const auto digest = bl::root_hash(left[0], right);
      BOOST_TEST(hex(digest.data(), digest.size()) == refs[i],
                 "length " << in.size() << " edge chunk " << edge << " kernel " << d::blake3_kernel_name());
    }
  }
}
