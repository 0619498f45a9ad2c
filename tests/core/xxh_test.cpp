// xxh64, xxh3 (64-bit) and xxh128 with seed 0: xxHash's own sanity values
// (tests/vectors/xxhash.json), the xxhsum tool at test time, streaming and the one-shots of
// sluice/xxhash.hpp, saved states (including
// states whose fields were tampered with) and guard pages. ctest runs it once per CPU mask so
// that each copy of XXH3 (AVX2, baseline) is exercised; SLUICE_TEST_EXPECT
// names the copy the mask must select. Random choices derive from one printed seed.
#define BOOST_TEST_MODULE core.xxhash
#include <boost/test/unit_test.hpp>

#include <cstring>
#include <regex>

#include "core/crc_test_support.hpp"
#include "hash/registry.hpp"
#include "sluice/crc.hpp"
#include "sluice/xxhash.hpp"
#include "support/printing.hpp"

using sluice::hash_algorithm;

using crc_test::mask_guard;
BOOST_TEST_GLOBAL_FIXTURE(mask_guard);

namespace {

struct algo {
  const char* name;
  hash_algorithm a;
  const char* xxhsum_flag;
};
constexpr algo kAlgos[] = {{"xxh64", hash_algorithm::xxh64, "-H1"},
                           {"xxh3", hash_algorithm::xxh3, "-H3"},
                           {"xxh128", hash_algorithm::xxh128, "-H2"}};

std::unique_ptr<sluice::Hasher> make_hasher(hash_algorithm a) {
  switch (a) {
    case hash_algorithm::xxh64: return sluice::detail::make_xxh64_hasher();
    case hash_algorithm::xxh3: return sluice::detail::make_xxh3_hasher();
    case hash_algorithm::xxh128: return sluice::detail::make_xxh128_hasher();
    default: return nullptr;
  }
}

std::string hash_hex(hash_algorithm a, const std::uint8_t* p, std::size_t n) {
  auto h = make_hasher(a);
  h->update(p, n);
  return h->hex_digest();
}

/// The one-shot functions of sluice/xxhash.hpp, in the canonical hex form.
std::string oneshot_hex(hash_algorithm a, const std::uint8_t* p, std::size_t n) {
  char b[33];
  switch (a) {
    case hash_algorithm::xxh64:
      std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(sluice::xxh64(p, n)));
      break;
    case hash_algorithm::xxh3:
      std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(sluice::xxh3(p, n)));
      break;
    default: {
      const auto v = sluice::xxh128(p, n);
      std::snprintf(b, sizeof b, "%016llx%016llx", static_cast<unsigned long long>(v.high),
                    static_cast<unsigned long long>(v.low));
    }
  }
  return b;
}

/// xxHash's sanity buffer (xxhash.json's _comment gives the recipe).
std::vector<std::uint8_t> sanity_buffer(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  std::uint64_t gen = 2654435761u;
  for (auto& b : v) {
    b = static_cast<std::uint8_t>(gen >> 56);
    gen *= 11400714785074694797ull;
  }
  return v;
}

constexpr std::size_t MiB = 1u << 20;

std::size_t random_length(std::mt19937_64& g, std::size_t max) {
  return (g() & 1) ? g() % 2500 : g() % (max + 1);
}

}  // namespace

BOOST_AUTO_TEST_CASE(forced_update_copy_took_effect) {
  for (const auto& x : kAlgos) {
    const char* k = sluice::xxh_kernel_name(x.a);
    BOOST_REQUIRE(k != nullptr);
    BOOST_TEST_MESSAGE(x.name << ": " << k);
    const std::string want = crc_test::expected_kernel(x.name);
    if (!want.empty()) BOOST_TEST(k == want, x.name << " uses " << k << ", expected " << want);
  }
  const std::uint32_t old = sluice::cpu::set_mask(0);
  BOOST_TEST(std::string(sluice::xxh_kernel_name(hash_algorithm::xxh3)) == "baseline");
  sluice::cpu::set_mask(old);
  BOOST_TEST(std::string(sluice::xxh_kernel_name(hash_algorithm::xxh3, 100)) == "baseline");
  BOOST_TEST(sluice::xxh_kernel_name(hash_algorithm::crc32) == nullptr);
}

BOOST_AUTO_TEST_CASE(xxhash_sanity_values) {
  const auto t = crc_test::read_vectors("xxhash.json");
  const auto buf = sanity_buffer(4096);
  int cases = 0;
  for (const auto& x : kAlgos)
    for (const auto& [_, c] : t.get_child(x.name)) {
      const auto n = c.get<std::size_t>("len");
      const auto want = c.get<std::string>("hex");
      BOOST_TEST(hash_hex(x.a, buf.data(), n) == want, x.name << " len " << n);
      BOOST_TEST(oneshot_hex(x.a, buf.data(), n) == want, x.name << " one-shot len " << n);
      auto h = make_hasher(x.a);  // byte by byte
      for (std::size_t i = 0; i < n; ++i) h->update(buf.data() + i, 1);
      BOOST_TEST(h->hex_digest() == want, x.name << " bytewise len " << n);
      ++cases;
    }
  BOOST_TEST(cases == 31);
}

BOOST_AUTO_TEST_CASE(against_xxhsum) {
  auto g = crc_test::rng_for("against_xxhsum");
  crc_test::temp_dir dir;
  std::vector<std::vector<std::uint8_t>> inputs;
  for (std::size_t n : {0u, 1u, 3u, 4u, 8u, 9u, 16u, 17u, 128u, 129u, 240u, 241u, 256u, 1023u, 1024u,
                        1025u, 2047u, 2048u, 2049u, 4096u, 65536u + 7u})
    inputs.push_back(crc_test::random_bytes(g, n));
  for (int i = 0; i < 8; ++i) inputs.push_back(crc_test::random_bytes(g, g() % (MiB + 1)));
  std::string files;
  for (std::size_t i = 0; i < inputs.size(); ++i) files += " " + dir.write("in" + std::to_string(i), inputs[i]);
  for (const auto& x : kAlgos) {
    // xxhsum 0.8.1 prints "<hex>  <file>" for -H1/-H2 and "XXH3 (<file>) = <hex>" for -H3.
    std::istringstream out(crc_test::run(std::string("xxhsum ") + x.xxhsum_flag + files));
    const std::regex hexre(x.a == hash_algorithm::xxh128 ? "([0-9a-f]{32})" : "([0-9a-f]{16})");
    for (const auto& in : inputs) {
      std::string line;
      BOOST_REQUIRE(std::getline(out, line));
      std::smatch mm;
      BOOST_REQUIRE_MESSAGE(std::regex_search(line, mm, hexre), "unexpected xxhsum line: " << line);
      // Fed in random pieces, so the streaming paths and every update copy are crossed.
      auto h = make_hasher(x.a);
      for (std::size_t at = 0; at < in.size();) {
        const std::size_t piece = std::min<std::size_t>(in.size() - at, g() % (g() & 1 ? 300 : 9000));
        h->update(in.data() + at, piece);
        at += piece;
      }
      BOOST_TEST(h->hex_digest() == mm[1].str(), x.name << " len " << in.size());
      BOOST_TEST(hash_hex(x.a, in.data(), in.size()) == mm[1].str(), x.name << " whole, len " << in.size());
      BOOST_TEST(oneshot_hex(x.a, in.data(), in.size()) == mm[1].str(), x.name << " one-shot, len " << in.size());
    }
  }
}

BOOST_AUTO_TEST_CASE(against_baseline_copy_random_lengths_and_alignments) {
  auto g = crc_test::rng_for("against_baseline");
  const auto buf = crc_test::random_bytes(g, MiB + 64);
  for (const auto& x : kAlgos)
    for (int i = 0; i < 30; ++i) {
      const std::size_t n = random_length(g, MiB), off = g() % 64;
      const std::string mine = hash_hex(x.a, buf.data() + off, n);
      const std::string mine1 = oneshot_hex(x.a, buf.data() + off, n);
      const std::uint32_t old = sluice::cpu::set_mask(0);
      const std::string base = hash_hex(x.a, buf.data() + off, n);
      sluice::cpu::set_mask(old);
      BOOST_TEST(mine == base, x.name << " len " << n << " offset " << off);
      BOOST_TEST(mine1 == base, x.name << " one-shot, len " << n << " offset " << off);
    }
}

BOOST_AUTO_TEST_CASE(every_split_point_of_short_inputs) {
  auto g = crc_test::rng_for("every_split");
  for (const auto& x : kAlgos)
    for (std::size_t n = 0; n <= 300; n += (n < 80 ? 1 : 37)) {
      const auto buf = crc_test::random_bytes(g, n);
      const std::string whole = hash_hex(x.a, buf.data(), n);
      for (std::size_t k = 0; k <= n; ++k) {
        auto h = make_hasher(x.a);
        h->update(buf.data(), k);
        h->update(buf.data() + k, n - k);
        BOOST_TEST(h->hex_digest() == whole, x.name << " len " << n << " split " << k);
      }
    }
}

BOOST_AUTO_TEST_CASE(save_and_restore_mid_stream) {
  auto g = crc_test::rng_for("save_restore");
  for (const auto& x : kAlgos)
    for (int round = 0; round < 20; ++round) {
      const auto buf = crc_test::random_bytes(g, random_length(g, 300000));
      const std::string whole = hash_hex(x.a, buf.data(), buf.size());
      const std::size_t k = buf.empty() ? 0 : g() % (buf.size() + 1);
      auto a = make_hasher(x.a);
      a->update(buf.data(), k);
      const auto saved = a->save_state();
      auto b = make_hasher(x.a);
      const std::uint8_t junk[5] = {1, 2, 3};
      b->update(junk, sizeof junk);
      BOOST_REQUIRE(b->restore_state(saved).is_ok());
      BOOST_TEST(b->hex_digest() == a->hex_digest());
      b->update(buf.data() + k, buf.size() - k);
      BOOST_TEST(b->hex_digest() == whole, x.name << " len " << buf.size() << " saved at " << k);
      // The saved bytes are the same whichever object or copy produced them.
      auto c = make_hasher(x.a);
      BOOST_REQUIRE(c->restore_state(saved).is_ok());
      BOOST_TEST((c->save_state() == saved));
    }
}

BOOST_AUTO_TEST_CASE(restore_rejects_foreign_and_tampered_states) {
  auto g = crc_test::rng_for("tampered");
  const auto buf = crc_test::random_bytes(g, 5000);
  for (const auto& x : kAlgos) {
    auto h = make_hasher(x.a);
    h->update(buf.data(), 1234);
    const auto s = h->save_state();
    for (const auto& y : kAlgos)
      if (y.a != x.a) BOOST_TEST(h->restore_state(make_hasher(y.a)->save_state()).is_error());
    auto t = s;
    t.pop_back();
    BOOST_TEST(h->restore_state(t).is_error());
    BOOST_TEST(h->restore_state({}).is_error());
    auto put32 = [](std::vector<std::uint8_t>& v, std::size_t at, std::uint32_t val) {
      for (int i = 0; i < 4; ++i) v[at + i] = static_cast<std::uint8_t>(val >> (8 * i));
    };
    auto put64 = [](std::vector<std::uint8_t>& v, std::size_t at, std::uint64_t val) {
      for (int i = 0; i < 8; ++i) v[at + i] = static_cast<std::uint8_t>(val >> (8 * i));
    };
    if (x.a == hash_algorithm::xxh64) {
      BOOST_TEST(s.size() == 5u + 76u);
      t = s; put32(t, 5 + 72, 32);                 // memsize beyond the 32-byte buffer
      BOOST_TEST(h->restore_state(t).is_error());
      t = s; put64(t, 5, 3); put32(t, 5 + 72, 5);  // more buffered than ever fed
      BOOST_TEST(h->restore_state(t).is_error());
    } else {
      BOOST_TEST(s.size() == 5u + 340u);
      const std::size_t buffered = 5 + 64 + 256, stripes = buffered + 4, total = stripes + 8;
      t = s; put32(t, buffered, 257);              // beyond xxHash's 256-byte buffer
      BOOST_TEST(h->restore_state(t).is_error());
      t = s; put64(t, stripes, 16);                // a stripe count that would overrun the secret
      BOOST_TEST(h->restore_state(t).is_error());
      t = s; put64(t, total, 100);                 // short total but a consumed block
      BOOST_TEST(h->restore_state(t).is_error());
    }
    BOOST_TEST(h->restore_state(s).is_ok());     // and the original still restores
    h->update(buf.data() + 1234, buf.size() - 1234);
    BOOST_TEST(h->hex_digest() == hash_hex(x.a, buf.data(), buf.size()));
  }
}

BOOST_AUTO_TEST_CASE(guard_pages_around_the_input) {
  auto g = crc_test::rng_for("guard_pages");
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 300; ++n) lengths.push_back(n);
  for (std::size_t n : {1023u, 1024u, 1025u, 2047u, 2048u, 2049u, 4095u, 4096u, 65536u + 13u, 300001u}) lengths.push_back(n);
  for (const bool at_end : {true, false})
    for (const std::size_t n : lengths) {
      crc_test::guarded_buffer buf(n, at_end);
      const auto bytes = crc_test::random_bytes(g, n);
      if (n) std::memcpy(buf.data(), bytes.data(), n);
      for (const auto& x : kAlgos)
      {
        const std::string want = hash_hex(x.a, bytes.data(), n);
        BOOST_TEST(hash_hex(x.a, buf.data(), n) == want,
                   x.name << " len " << n << (at_end ? " flush before" : " flush after") << " a guard page");
        BOOST_TEST(oneshot_hex(x.a, buf.data(), n) == want,
                   x.name << " one-shot len " << n << (at_end ? " flush before" : " flush after") << " a guard page");
      }
    }
}
