// The Hasher registry over all ten algorithms (hasher.cpp): names, sizes, Hasher::create,
// one-shots, saved states that only their own algorithm accepts, and every digest against the
// system's reference tool at test time (md5sum, sha256sum, b3sum, xxhsum, python3 zlib) or, for
// the CRCs without a tool, the catalogue check values of INTERFACE.md.
// Registered by tests/core/crc_tests.cmake once core/src/hash/blake3.cpp exists (i.e. once all
// ten factories do). Random inputs derive from one printed seed (SLUICE_TEST_SEED replays it).
#define BOOST_TEST_MODULE core.hasher_registry
#include <boost/test/unit_test.hpp>

#include <regex>

#include "core/crc_test_support.hpp"
#include "sluice/hash.hpp"
#include "support/printing.hpp"

using sluice::hash_algorithm;

namespace {

std::vector<hash_algorithm> all() {
  std::vector<hash_algorithm> v;
  for (std::size_t i = 0; i < sluice::hash_algorithm_count; ++i) v.push_back(static_cast<hash_algorithm>(i));
  return v;
}

/// The reference tool's command for an algorithm, or "" for the CRCs python does not have.
std::string tool(hash_algorithm a) {
  switch (a) {
    case hash_algorithm::md5: return "md5sum";
    case hash_algorithm::sha256: return "sha256sum";
    case hash_algorithm::blake3: return "b3sum";
    case hash_algorithm::xxh64: return "xxhsum -H1";
    case hash_algorithm::xxh3: return "xxhsum -H3";
    case hash_algorithm::xxh128: return "xxhsum -H2";
    case hash_algorithm::crc32:
      return "python3 -c \"import sys, zlib\nfor f in sys.argv[1:]: print('%08x  %s' % (zlib.crc32(open(f, 'rb').read()), f))\"";
    default: return "";
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(names_and_sizes) {
  const char* names[] = {"crc32", "crc32c", "crc64", "crc64nvme", "md5", "sha256", "blake3", "xxh64", "xxh3", "xxh128"};
  const std::size_t sizes[] = {4, 4, 8, 8, 16, 32, 32, 8, 8, 16};
  for (auto a : all()) {
    const auto i = static_cast<std::size_t>(a);
    BOOST_TEST(std::string(sluice::hash_name(a)) == names[i]);
    BOOST_TEST(sluice::digest_size(a) == sizes[i]);
    BOOST_TEST(sluice::digest_size(a) <= sluice::max_digest_size);
    BOOST_TEST((sluice::parse_hash_name(names[i]) == a));
    std::string upper = names[i];
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    BOOST_TEST((sluice::parse_hash_name(upper) == a));
  }
  BOOST_TEST(!sluice::parse_hash_name("crc16").has_value());
  BOOST_TEST(!sluice::parse_hash_name("").has_value());
}

BOOST_AUTO_TEST_CASE(create_gives_the_right_hasher) {
  for (auto a : all()) {
    auto h = sluice::Hasher::create(a);
    BOOST_REQUIRE_MESSAGE(h != nullptr, sluice::hash_name(a));
    BOOST_TEST((h->algorithm() == a));
    BOOST_TEST(h->hex_digest().size() == 2 * sluice::digest_size(a));
  }
}

BOOST_AUTO_TEST_CASE(crc_check_values_through_the_registry) {
  const std::string check = "123456789";
  const std::span<const std::uint8_t> s(reinterpret_cast<const std::uint8_t*>(check.data()), check.size());
  BOOST_TEST(sluice::hash_hex(hash_algorithm::crc32, s) == "cbf43926");
  BOOST_TEST(sluice::hash_hex(hash_algorithm::crc32c, s) == "e3069283");
  BOOST_TEST(sluice::hash_hex(hash_algorithm::crc64, s) == "995dc9bbdf1939fa");
  BOOST_TEST(sluice::hash_hex(hash_algorithm::crc64nvme, s) == "ae8b14860a799888");
}

BOOST_AUTO_TEST_CASE(every_digest_against_its_reference_tool) {
  auto g = crc_test::rng_for("reference_tools");
  crc_test::temp_dir dir;
  std::vector<std::vector<std::uint8_t>> inputs;
  for (std::size_t n : {0u, 1u, 63u, 64u, 65u, 1024u, 1025u, 4096u}) inputs.push_back(crc_test::random_bytes(g, n));
  for (int i = 0; i < 3; ++i) inputs.push_back(crc_test::random_bytes(g, g() % (1u << 20)));
  std::string files;
  for (std::size_t i = 0; i < inputs.size(); ++i) files += " " + dir.write("in" + std::to_string(i), inputs[i]);
  for (auto a : all()) {
    const std::string cmd = tool(a);
    if (cmd.empty()) continue;  // crc32c, crc64, crc64nvme: catalogue values above, and tests/core/crc_test.cpp
    std::istringstream out(crc_test::run(cmd + files));
    const std::regex hexre("([0-9a-f]{" + std::to_string(2 * sluice::digest_size(a)) + "})");
    for (const auto& in : inputs) {
      std::string line;
      BOOST_REQUIRE(std::getline(out, line));
      std::smatch m;
      BOOST_REQUIRE_MESSAGE(std::regex_search(line, m, hexre), "unexpected output: " << line);
      auto h = sluice::Hasher::create(a);
      for (std::size_t at = 0, k = 0; at < in.size(); ++k) {  // 101 + 103 n fragments
        const std::size_t piece = std::min(in.size() - at, 101 + 103 * k);
        h->update(in.data() + at, piece);
        at += piece;
      }
      BOOST_TEST(h->hex_digest() == m[1].str(), sluice::hash_name(a) << " len " << in.size());
      BOOST_TEST(sluice::hash_hex(a, in) == m[1].str(), sluice::hash_name(a) << " one-shot, len " << in.size());
    }
  }
}

BOOST_AUTO_TEST_CASE(saved_states_belong_to_their_algorithm) {
  auto g = crc_test::rng_for("saved_states");
  const auto buf = crc_test::random_bytes(g, 10000);
  for (auto a : all()) {
    const std::size_t k = g() % buf.size();
    auto h = sluice::Hasher::create(a);
    h->update(buf.data(), k);
    const auto saved = h->save_state();
    BOOST_TEST(saved.size() >= 5u);
    for (auto b : all()) {
      auto other = sluice::Hasher::create(b);
      const auto st = other->restore_state(saved);
      if (a == b) {
        BOOST_TEST(st.is_ok());
        other->update(buf.data() + k, buf.size() - k);
        BOOST_TEST(other->hex_digest() == sluice::hash_hex(a, buf), sluice::hash_name(a));
      } else {
        BOOST_TEST(st.kind == sluice::status_kind::invalid_argument,
                   sluice::hash_name(b) << " accepted a state of " << sluice::hash_name(a));
      }
    }
  }
}
