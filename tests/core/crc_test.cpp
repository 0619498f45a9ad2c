// CRC-32, CRC-32C, CRC-64/XZ, CRC-64/NVME: catalogue check values, a bit-at-a-time reference
// built from the catalogue parameters (tests/vectors/crc.json), zlib (in process and python3's
// zlib.crc32 at test time), the portable kernel (by masking CPU features), streaming, combine,
// saved states and guard pages.
//
// ctest runs this executable once per CPU mask (tests/core/crc_tests.cmake): SLUICE_CPU_MASK
// restricts the features and SLUICE_TEST_EXPECT names the kernel each CRC must then use.
// Every random choice derives from one printed seed (SLUICE_TEST_SEED replays it).
#define BOOST_TEST_MODULE core.crc
#include <zlib.h>

#include <boost/test/unit_test.hpp>

#include <cstring>

#include "core/crc_test_support.hpp"
#include "crc/crc_sparse.hpp"
#include "crc/kernels.hpp"
#include "hash/registry.hpp"
#include "sluice/cpu.hpp"
#include "sluice/crc.hpp"
#include "support/printing.hpp"

using sluice::hash_algorithm;

using crc_test::mask_guard;
BOOST_TEST_GLOBAL_FIXTURE(mask_guard);

namespace {

// --- the catalogue model ------------------------------------------------------------------

struct model {
  std::string name;
  hash_algorithm algo;
  unsigned width;
  std::uint64_t poly, init, xorout;
  bool refin, refout;
  std::uint64_t check;
};

const std::vector<model>& models() {
  static const std::vector<model> m = [] {
    std::vector<model> v;
    const auto t = crc_test::read_vectors("crc.json");
    for (const auto& [_, a] : t.get_child("algorithms")) {
      model x;
      x.name = a.get<std::string>("name");
      x.algo = *sluice::parse_hash_name(x.name);
      x.width = a.get<unsigned>("width");
      x.poly = std::stoull(a.get<std::string>("poly"), nullptr, 16);
      x.init = std::stoull(a.get<std::string>("init"), nullptr, 16);
      x.xorout = std::stoull(a.get<std::string>("xorout"), nullptr, 16);
      x.refin = a.get<bool>("refin");
      x.refout = a.get<bool>("refout");
      x.check = std::stoull(a.get<std::string>("check"), nullptr, 16);
      v.push_back(x);
    }
    BOOST_REQUIRE_EQUAL(v.size(), 4u);
    return v;
  }();
  return m;
}

std::uint64_t reflect(std::uint64_t v, unsigned bits) {
  std::uint64_t r = 0;
  for (unsigned i = 0; i < bits; ++i) r |= ((v >> i) & 1u) << (bits - 1 - i);
  return r;
}

/// The Rocksoft model, one bit at a time, MSB-first register: independent of every table,
/// reflection trick and folding constant in core/src/crc.
std::uint64_t reference(const model& m, const std::uint8_t* p, std::size_t n) {
  const std::uint64_t top = 1ull << (m.width - 1);
  const std::uint64_t mask = m.width == 64 ? ~0ull : (1ull << m.width) - 1;
  std::uint64_t reg = m.init;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t byte = m.refin ? reflect(p[i], 8) : p[i];
    reg ^= byte << (m.width - 8);
    for (int k = 0; k < 8; ++k) reg = ((reg & top) ? (reg << 1) ^ m.poly : reg << 1) & mask;
  }
  if (m.refout) reg = reflect(reg, m.width);
  return (reg ^ m.xorout) & mask;
}

// --- uniform access to the four typed APIs -------------------------------------------------

std::uint64_t crc(hash_algorithm a, const std::uint8_t* p, std::size_t n, std::uint64_t prev = 0) {
  switch (a) {
    case hash_algorithm::crc32:
      return static_cast<std::uint32_t>(sluice::crc32(p, n, sluice::crc32_t{static_cast<std::uint32_t>(prev)}));
    case hash_algorithm::crc32c:
      return static_cast<std::uint32_t>(sluice::crc32c(p, n, sluice::crc32c_t{static_cast<std::uint32_t>(prev)}));
    case hash_algorithm::crc64:
      return static_cast<std::uint64_t>(sluice::crc64(p, n, sluice::crc64_t{prev}));
    case hash_algorithm::crc64nvme:
      return static_cast<std::uint64_t>(sluice::crc64nvme(p, n, sluice::crc64nvme_t{prev}));
    default: BOOST_FAIL("not a CRC"); return 0;
  }
}

std::uint64_t combine(hash_algorithm a, std::uint64_t x, std::uint64_t y, std::uint64_t len) {
  switch (a) {
    case hash_algorithm::crc32:
      return static_cast<std::uint32_t>(sluice::combine(sluice::crc32_t{static_cast<std::uint32_t>(x)}, sluice::crc32_t{static_cast<std::uint32_t>(y)}, len));
    case hash_algorithm::crc32c:
      return static_cast<std::uint32_t>(sluice::combine(sluice::crc32c_t{static_cast<std::uint32_t>(x)}, sluice::crc32c_t{static_cast<std::uint32_t>(y)}, len));
    case hash_algorithm::crc64:
      return static_cast<std::uint64_t>(sluice::combine(sluice::crc64_t{x}, sluice::crc64_t{y}, len));
    case hash_algorithm::crc64nvme:
      return static_cast<std::uint64_t>(sluice::combine(sluice::crc64nvme_t{x}, sluice::crc64nvme_t{y}, len));
    default: BOOST_FAIL("not a CRC"); return 0;
  }
}

/// The same call with every CPU feature masked off: the portable kernel.
std::uint64_t portable_crc(hash_algorithm a, const std::uint8_t* p, std::size_t n) {
  const std::uint32_t old = sluice::cpu::set_mask(0);
  const std::uint64_t v = crc(a, p, n);
  sluice::cpu::set_mask(old);
  return v;
}

std::unique_ptr<sluice::Hasher> make_hasher(hash_algorithm a) {
  switch (a) {
    case hash_algorithm::crc32: return sluice::detail::make_crc32_hasher();
    case hash_algorithm::crc32c: return sluice::detail::make_crc32c_hasher();
    case hash_algorithm::crc64: return sluice::detail::make_crc64_hasher();
    case hash_algorithm::crc64nvme: return sluice::detail::make_crc64nvme_hasher();
    default: return nullptr;
  }
}

std::string hex(const model& m, std::uint64_t v) {
  char b[17];
  std::snprintf(b, sizeof b, m.width == 32 ? "%08llx" : "%016llx", static_cast<unsigned long long>(v));
  return b;
}

std::size_t random_length(std::mt19937_64& g, std::size_t max) {
  // Half the draws small (where the kernels' edges are), half anywhere up to max.
  return (g() & 1) ? g() % 1024 : g() % (max + 1);
}

constexpr std::size_t MiB = 1u << 20;

}  // namespace

BOOST_AUTO_TEST_CASE(forced_kernel_choice_took_effect) {
  for (const auto& m : models()) {
    const char* k = sluice::crc_kernel_name(m.algo);
    BOOST_REQUIRE(k != nullptr);
    BOOST_TEST_MESSAGE(m.name << ": kernel " << k);
    const std::string want = crc_test::expected_kernel(m.name);
    if (!want.empty()) BOOST_TEST(k == want, m.name << " uses " << k << ", expected " << want);
    BOOST_TEST(std::string(sluice::crc_kernel_name(m.algo, 15)) == "portable");
    // Masking at run time is honoured by the next call, and undone as well.
    const std::uint32_t old = sluice::cpu::set_mask(0);
    BOOST_TEST(std::string(sluice::crc_kernel_name(m.algo)) == "portable");
    sluice::cpu::set_mask(old);
    BOOST_TEST(std::string(sluice::crc_kernel_name(m.algo)) == k);
  }
  BOOST_TEST(sluice::crc_kernel_name(hash_algorithm::sha256) == nullptr);
}

BOOST_AUTO_TEST_CASE(catalogue_check_values) {
  const auto t = crc_test::read_vectors("crc.json");
  const std::string input = t.get<std::string>("check_input");
  const auto* p = reinterpret_cast<const std::uint8_t*>(input.data());
  for (const auto& m : models()) {
    BOOST_TEST(reference(m, p, input.size()) == m.check, m.name << ": the reference itself");
    BOOST_TEST(crc(m.algo, p, input.size()) == m.check, m.name);
    BOOST_TEST(portable_crc(m.algo, p, input.size()) == m.check, m.name << " portable");
    auto h = make_hasher(m.algo);
    h->update(p, input.size());
    BOOST_TEST(h->hex_digest() == hex(m, m.check), m.name << " hasher");
  }
  BOOST_TEST(sluice::to_hex(sluice::crc32(p, 9)) == "cbf43926");
  BOOST_TEST(sluice::to_hex(sluice::crc32c(p, 9)) == "e3069283");
  BOOST_TEST(sluice::to_hex(sluice::crc64(p, 9)) == "995dc9bbdf1939fa");
  BOOST_TEST(sluice::to_hex(sluice::crc64nvme(p, 9)) == "ae8b14860a799888");
  // The empty message: init ^ xorout = 0 for all four.
  for (const auto& m : models()) BOOST_TEST(crc(m.algo, nullptr, 0) == 0u, m.name);
}

BOOST_AUTO_TEST_CASE(against_bitwise_reference) {
  auto g = crc_test::rng_for("against_bitwise_reference");
  const auto buf = crc_test::random_bytes(g, MiB + 64);
  for (const auto& m : models()) {
    for (std::size_t n = 0; n <= 300; ++n) {
      const std::size_t off = g() % 64;
      BOOST_TEST(crc(m.algo, buf.data() + off, n) == reference(m, buf.data() + off, n),
                 m.name << " len " << n << " offset " << off);
    }
    for (int i = 0; i < 4; ++i) {
      const std::size_t n = g() % (MiB + 1), off = g() % 64;
      BOOST_TEST(crc(m.algo, buf.data() + off, n) == reference(m, buf.data() + off, n),
                 m.name << " len " << n << " offset " << off);
    }
  }
}

BOOST_AUTO_TEST_CASE(against_portable_kernel_random_lengths_and_alignments) {
  auto g = crc_test::rng_for("against_portable");
  const auto buf = crc_test::random_bytes(g, MiB + 64);
  for (const auto& m : models()) {
    for (int i = 0; i < 40; ++i) {
      const std::size_t n = random_length(g, MiB), off = g() % 64;
      BOOST_TEST(crc(m.algo, buf.data() + off, n) == portable_crc(m.algo, buf.data() + off, n),
                 m.name << " len " << n << " offset " << off);
    }
  }
}

BOOST_AUTO_TEST_CASE(every_short_length_at_every_offset) {
  auto g = crc_test::rng_for("every_short_length");
  const auto buf = crc_test::random_bytes(g, 1100 + 64);
  for (const auto& m : models())
    for (std::size_t off = 0; off < 16; ++off)
      for (std::size_t n = 0; n <= 1100; n += (n < 600 ? 1 : 7))
        BOOST_TEST(crc(m.algo, buf.data() + off, n) == portable_crc(m.algo, buf.data() + off, n),
                   m.name << " len " << n << " offset " << off);
}

BOOST_AUTO_TEST_CASE(crc32_against_zlib_in_process) {
  auto g = crc_test::rng_for("zlib_in_process");
  const auto buf = crc_test::random_bytes(g, MiB + 64);
  for (int i = 0; i < 60; ++i) {
    const std::size_t n = random_length(g, MiB), off = g() % 64;
    const auto z = ::crc32_z(0, buf.data() + off, n);
    BOOST_TEST(crc(hash_algorithm::crc32, buf.data() + off, n) == z, "len " << n << " offset " << off);
  }
  // zlib's combine is an independent implementation of the same algebra, for huge lengths too.
  for (int i = 0; i < 200; ++i) {
    const auto a = static_cast<std::uint32_t>(g()), b = static_cast<std::uint32_t>(g());
    const std::uint64_t len = g() >> (1 + g() % 63);  // z_off64_t is signed
    BOOST_TEST(combine(hash_algorithm::crc32, a, b, len) ==
                   ::crc32_combine64(a, b, static_cast<z_off64_t>(len)),
               "len " << len);
  }
}

BOOST_AUTO_TEST_CASE(crc32_against_python_zlib) {
  auto g = crc_test::rng_for("python_zlib");
  crc_test::temp_dir dir;
  std::vector<std::vector<std::uint8_t>> inputs;
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{4095}, std::size_t{65536}})
    inputs.push_back(crc_test::random_bytes(g, n));
  for (int i = 0; i < 4; ++i) inputs.push_back(crc_test::random_bytes(g, g() % (MiB + 1)));
  inputs.push_back(crc_test::random_bytes(g, 2 * MiB + g() % MiB));  // AVX-512 prefetch path
  std::string cmd =
      "python3 -c \"import sys, zlib\nfor f in sys.argv[1:]: print('%08x' % zlib.crc32(open(f, 'rb').read()))\"";
  for (std::size_t i = 0; i < inputs.size(); ++i) cmd += " " + dir.write("in" + std::to_string(i), inputs[i]);
  std::istringstream out(crc_test::run(cmd));
  for (const auto& in : inputs) {
    std::string line;
    BOOST_REQUIRE(std::getline(out, line));
    BOOST_TEST(sluice::to_hex(sluice::crc32(in.data(), in.size())) == line, "len " << in.size());
  }
}

BOOST_AUTO_TEST_CASE(streaming_in_random_pieces) {
  auto g = crc_test::rng_for("streaming");
  for (const auto& m : models()) {
    for (int round = 0; round < 6; ++round) {
      const auto buf = crc_test::random_bytes(g, random_length(g, MiB));
      const std::uint64_t whole = crc(m.algo, buf.data(), buf.size());
      // Continuation through `prev`.
      std::uint64_t c = 0;
      auto h = make_hasher(m.algo);
      for (std::size_t at = 0; at < buf.size();) {
        const std::size_t piece = std::min<std::size_t>(buf.size() - at, g() % (g() & 1 ? 64 : 70000));
        c = crc(m.algo, buf.data() + at, piece, c);
        h->update(buf.data() + at, piece);
        at += piece;
      }
      BOOST_TEST(c == whole, m.name << " len " << buf.size());
      BOOST_TEST(h->hex_digest() == hex(m, whole), m.name << " hasher len " << buf.size());
      // The 101 + 103 n fragment pattern (STYLE practice 5).
      auto h2 = make_hasher(m.algo);
      for (std::size_t at = 0, k = 0; at < buf.size(); ++k) {
        const std::size_t piece = std::min(buf.size() - at, 101 + 103 * k);
        h2->update(buf.data() + at, piece);
        at += piece;
      }
      BOOST_TEST(h2->hex_digest() == hex(m, whole), m.name << " 101+103n, len " << buf.size());
    }
  }
}

BOOST_AUTO_TEST_CASE(every_split_point_of_short_inputs) {
  auto g = crc_test::rng_for("every_split");
  for (const auto& m : models())
    for (std::size_t n = 0; n <= 80; ++n) {
      const auto buf = crc_test::random_bytes(g, n);
      const std::uint64_t whole = reference(m, buf.data(), n);
      for (std::size_t k = 0; k <= n; ++k) {
        auto h = make_hasher(m.algo);
        h->update(buf.data(), k);
        h->update(buf.data() + k, n - k);
        BOOST_TEST(h->hex_digest() == hex(m, whole), m.name << " len " << n << " split " << k);
        const std::uint64_t a = crc(m.algo, buf.data(), k), b = crc(m.algo, buf.data() + k, n - k);
        BOOST_TEST(combine(m.algo, a, b, n - k) == whole, m.name << " combine len " << n << " split " << k);
      }
    }
}

BOOST_AUTO_TEST_CASE(combine_random_splits) {
  auto g = crc_test::rng_for("combine");
  for (const auto& m : models()) {
    for (int round = 0; round < 20; ++round) {
      const auto buf = crc_test::random_bytes(g, random_length(g, MiB));
      const std::uint64_t whole = crc(m.algo, buf.data(), buf.size());
      const std::size_t k = buf.empty() ? 0 : g() % (buf.size() + 1);
      const std::size_t j = k + (buf.size() == k ? 0 : g() % (buf.size() - k + 1));
      const std::uint64_t a = crc(m.algo, buf.data(), k);
      const std::uint64_t b = crc(m.algo, buf.data() + k, j - k);
      const std::uint64_t c = crc(m.algo, buf.data() + j, buf.size() - j);
      BOOST_TEST(combine(m.algo, combine(m.algo, a, b, j - k), c, buf.size() - j) == whole,
                 m.name << " splits " << k << "," << j << " of " << buf.size());
      BOOST_TEST(combine(m.algo, a, combine(m.algo, b, c, buf.size() - j), buf.size() - k) == whole,
                 m.name << " right-nested, splits " << k << "," << j << " of " << buf.size());
    }
    // Associativity for lengths far beyond memory, where every bit of len_b matters.
    for (int i = 0; i < 50; ++i) {
      const std::uint64_t mask = m.width == 64 ? ~0ull : 0xffffffffull;
      const std::uint64_t a = g() & mask, b = g() & mask, c = g() & mask;
      const std::uint64_t l1 = g() >> (1 + g() % 63), l2 = g() >> (1 + g() % 63);
      BOOST_TEST(combine(m.algo, combine(m.algo, a, b, l1), c, l2) ==
                     combine(m.algo, a, combine(m.algo, b, c, l2), l1 + l2),
                 m.name << " lengths " << l1 << ", " << l2);
    }
    BOOST_TEST(combine(m.algo, 0x1234u, 0u, 0) == 0x1234u, m.name << " empty B");
  }
}

// The AVX-512 kernel prefetches on inputs of 2 MiB or more (crc_x86_avx512.cpp,
// kPrefetchMinSize), 4 KiB per prefetch while more than 8 KiB + 256 bytes are left, then goes
// on 256 bytes at a time: lengths on both sides of the threshold and of those loop ends, start
// offsets 0..63, continued states and split updates, against the bit-at-a-time model, zlib
// (crc32) and the portable kernel. (Under the other masks the same inputs test those kernels.)
BOOST_AUTO_TEST_CASE(large_inputs_around_the_prefetch_threshold) {
  auto g = crc_test::rng_for("prefetch_threshold");
  constexpr std::size_t T = 2 * MiB;
  const auto buf = crc_test::random_bytes(g, 3 * MiB + 4096);
  std::vector<std::size_t> lengths = {T - 1, T, T + 1, T + 63, T + 255, T + 256, T + 4095,
                                      T + 4096, T + 8447, T + 8448, T + 12543, T + 12544, 3 * MiB};
  for (int i = 0; i < 3; ++i) lengths.push_back(T + g() % (MiB + 1));
  for (const auto& m : models()) {
    const std::uint64_t wmask = m.width == 64 ? ~0ull : (1ull << m.width) - 1;
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      const std::size_t n = lengths[i], off = g() % 64;
      const std::uint8_t* p = buf.data() + off;
      const std::uint64_t got = crc(m.algo, p, n);
      const std::uint32_t old = sluice::cpu::set_mask(0);
      const std::uint64_t want = crc(m.algo, p, n);
      sluice::cpu::set_mask(old);
      BOOST_TEST(got == want, m.name << " len " << n << " offset " << off);
      if (m.algo == hash_algorithm::crc32)
        BOOST_TEST(got == ::crc32_z(0, p, n), "zlib: len " << n << " offset " << off);
      if (i % 4 == 0)  // the bit-at-a-time model takes ~50 ms per 2 MiB
        BOOST_TEST(got == reference(m, p, n), m.name << " model: len " << n << " offset " << off);
      // Continued from an earlier CRC: a prefix of 1..999 bytes, then the large piece, through
      // `prev` and through a Hasher.
      if (i % 4 == 1) {
        const std::size_t pre = 1 + g() % 999;
        const std::uint64_t whole = reference(m, buf.data(), pre + n);
        BOOST_TEST(crc(m.algo, buf.data() + pre, n, crc(m.algo, buf.data(), pre)) == whole,
                   m.name << " prefix " << pre << " then len " << n);
        auto h = make_hasher(m.algo);
        h->update(buf.data(), pre);
        h->update(buf.data() + pre, n);
        BOOST_TEST(h->hex_digest() == hex(m, whole), m.name << " hasher: prefix " << pre << " then len " << n);
      }
      const std::uint64_t prev = g() & wmask;
      const std::uint64_t cont = crc(m.algo, p, n, prev);
      sluice::cpu::set_mask(0);
      const std::uint64_t cont_portable = crc(m.algo, p, n, prev);
      sluice::cpu::set_mask(old);
      BOOST_TEST(cont == cont_portable, m.name << " len " << n << " offset " << off << " prev " << prev);
    }
  }
}

BOOST_AUTO_TEST_CASE(guard_pages_around_the_input) {
  auto g = crc_test::rng_for("guard_pages");
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 1100; ++n) lengths.push_back(n);
  for (std::size_t n : {4095u, 4096u, 4097u, 8191u, 65536u + 13u, 300000u}) lengths.push_back(n);
  for (const bool at_end : {true, false}) {
    // One mapping per length would be slow; the largest mapping serves every length at_end by
    // moving the window, and a fresh one per length puts each window flush after its guard.
    for (const std::size_t n : lengths) {
      if (!at_end && n > 1100 && n != 300000u) continue;
      crc_test::guarded_buffer buf(n, at_end);
      const auto bytes = crc_test::random_bytes(g, n);
      if (n) std::memcpy(buf.data(), bytes.data(), n);
      for (const auto& m : models())
        BOOST_TEST(crc(m.algo, buf.data(), n) == portable_crc(m.algo, bytes.data(), n),
                   m.name << " len " << n << (at_end ? " flush before" : " flush after") << " a guard page");
    }
  }
}

BOOST_AUTO_TEST_CASE(hasher_save_and_restore_mid_stream) {
  auto g = crc_test::rng_for("save_restore");
  for (const auto& m : models()) {
    for (int round = 0; round < 10; ++round) {
      const auto buf = crc_test::random_bytes(g, random_length(g, 200000));
      const std::size_t k = buf.empty() ? 0 : g() % (buf.size() + 1);
      auto a = make_hasher(m.algo);
      a->update(buf.data(), k);
      const auto saved = a->save_state();
      const std::string mid = a->hex_digest();
      BOOST_TEST(a->hex_digest() == mid, "digest() leaves the state alone");
      auto b = make_hasher(m.algo);
      const std::uint8_t junk[3] = {1, 2, 3};
      b->update(junk, sizeof junk);  // restore replaces whatever was there
      BOOST_TEST(b->restore_state(saved).is_ok());
      BOOST_TEST(b->hex_digest() == mid);
      b->update(buf.data() + k, buf.size() - k);
      a->update(buf.data() + k, buf.size() - k);
      BOOST_TEST(b->hex_digest() == hex(m, reference(m, buf.data(), buf.size())), m.name << " len " << buf.size());
      BOOST_TEST(a->hex_digest() == b->hex_digest());
      a->reset();
      BOOST_TEST(a->hex_digest() == hex(m, 0));
    }
    // Rejections: another algorithm's state, wrong length, bad magic, bad version.
    auto h = make_hasher(m.algo);
    auto s = h->save_state();
    BOOST_TEST(s.size() == 5 + m.width / 8);
    for (const auto& other : models())
      if (other.algo != m.algo) BOOST_TEST(h->restore_state(make_hasher(other.algo)->save_state()).is_error());
    auto t = s; t.pop_back();
    BOOST_TEST(h->restore_state(t).kind == sluice::status_kind::invalid_argument);
    t = s; t.push_back(0);
    BOOST_TEST(h->restore_state(t).is_error());
    t = s; t[0] = 'X';
    BOOST_TEST(h->restore_state(t).is_error());
    t = s; t[3] = 99;
    BOOST_TEST(h->restore_state(t).is_error());
    BOOST_TEST(h->restore_state({}).is_error());
  }
}

BOOST_AUTO_TEST_CASE(strong_types_do_not_mix) {
  static_assert(!std::is_convertible_v<sluice::crc32_t, std::uint32_t>);
  static_assert(!std::is_convertible_v<std::uint32_t, sluice::crc32_t>);
  static_assert(!std::is_convertible_v<sluice::crc32_t, sluice::crc32c_t>);
  static_assert(!std::is_convertible_v<sluice::crc64_t, sluice::crc64nvme_t>);
  static_assert(sizeof(sluice::crc32c_t) == 4 && sizeof(sluice::crc64nvme_t) == 8);
  const std::uint8_t d[] = {1, 2, 3};
  BOOST_TEST((sluice::crc32c(d) == sluice::crc32c(d, sizeof d)));
  BOOST_TEST((sluice::crc32c(d) != sluice::crc32c(d, 2)));
}

// --- WebAssembly's sparse-multiple kernel (crc_sparse.hpp), here with its scalar 16-byte words:
// the same template sluice-nosimd.wasm runs (sluice.wasm's SIMD128 words are exercised by
// tests/wasm/selftest.cpp and js/test/checksum.test.mjs in both builds).

namespace sparse_test {
namespace dc = sluice::detail::crc;

// A term moved by one byte is no longer a multiple: the compile-time check can fail.
constexpr dc::sparse_multiple<4> off_by_one{515, {515 - 234, 515 - 230, 515 - 172, 515}};
static_assert(!dc::divides(dc::crc32_params, off_by_one));
static_assert(!dc::divides(dc::crc32c_params, dc::crc32_sparse));
static_assert(!dc::divides(dc::crc64_params, dc::crc64nvme_sparse));

/// Lengths where the kernel changes course: its minimum, the ends of the 16-byte steps, the
/// moves of the history at every segment boundary (N = (n - degree) rounded down to 16
/// crossing k * kSegment), plus random ones.
std::vector<std::size_t> lengths(std::size_t degree, std::size_t min, std::mt19937_64& g) {
  std::vector<std::size_t> v;
  for (std::size_t n = min; n < min + 40; ++n) v.push_back(n);
  for (std::size_t k = 1; k <= 3; ++k)
    for (std::size_t n = k * dc::sparse::kSegment + degree - 40; n < k * dc::sparse::kSegment + degree + 40; ++n)
      v.push_back(n);
  for (int i = 0; i < 40; ++i) v.push_back(min + g() % (300u << 10));
  return v;
}

template <unsigned W, std::size_t K, const dc::sparse_multiple<K>& Q, dc::kernel_fn table>
void check(const model& m, std::mt19937_64& g, const std::vector<std::uint8_t>& buf) {
  constexpr std::size_t min = dc::sparse_min_size<K, Q>;
  BOOST_TEST_MESSAGE(m.name << ": degree " << Q.degree << " bytes, from " << min << " bytes");
  const std::uint64_t wmask = W == 64 ? ~0ull : (1ull << W) - 1;
  std::size_t done = 0;
  for (std::size_t n : lengths(Q.degree, min, g)) {
    const std::size_t off = g() % 16;
    const std::uint8_t* p = buf.data() + off;
    // From the initial state: against the bit-at-a-time catalogue model (every fourth length,
    // it is slow) and the portable slicing-by-8 kernel.
    const std::uint64_t raw = dc::sparse_crc<W, K, Q, table>(wmask, p, n);
    BOOST_TEST(raw == table(wmask, p, n), m.name << " len " << n << " offset " << off);
    if (done++ % 4 == 0)
      BOOST_TEST((~raw & wmask) == reference(m, p, n), m.name << " len " << n << " offset " << off);
    // From an arbitrary state (a continued stream).
    const std::uint64_t st = g() & wmask;
    const std::uint64_t cont = dc::sparse_crc<W, K, Q, table>(st, p, n);
    BOOST_TEST(cont == table(st, p, n), m.name << " len " << n << " offset " << off << " state " << st);
  }
}

/// What crc_wasm.cpp composes: the second stage for what it can take, the table kernel below.
template <unsigned W, std::size_t K, const dc::sparse_multiple<K>& Q, dc::kernel_fn table>
std::uint64_t stage2(std::uint64_t s, const std::uint8_t* p, std::size_t n) noexcept {
  return n < dc::sparse_min_size<K, Q> ? table(s, p, n) : dc::sparse_crc<W, K, Q, table>(s, p, n);
}
}  // namespace sparse_test

BOOST_AUTO_TEST_CASE(sparse_multiple_kernel_scalar_words) {
  namespace dc = sluice::detail::crc;
  using sparse_test::check;
  using sparse_test::stage2;
  auto g = crc_test::rng_for("sparse_multiple");
  // Longest input: the largest minimum (21184) + 300 KiB of random length + offset 15.
  const auto buf = crc_test::random_bytes(g, 360u << 10);
  for (const auto& m : models()) {
    switch (m.algo) {
      case hash_algorithm::crc32: check<32, 4, dc::crc32_sparse, dc::crc32_portable>(m, g, buf); break;
      case hash_algorithm::crc32c:
        check<32, 3, dc::crc32c_sparse, dc::crc32c_portable>(m, g, buf);
        check<32, 5, dc::crc32c_sparse2, dc::crc32c_portable>(m, g, buf);
        check<32, 3, dc::crc32c_sparse, stage2<32, 5, dc::crc32c_sparse2, dc::crc32c_portable>>(m, g, buf);
        break;
      case hash_algorithm::crc64:
        check<64, 7, dc::crc64_sparse, dc::crc64_portable>(m, g, buf);
        check<64, 11, dc::crc64_sparse2, dc::crc64_portable>(m, g, buf);
        check<64, 7, dc::crc64_sparse, stage2<64, 11, dc::crc64_sparse2, dc::crc64_portable>>(m, g, buf);
        break;
      case hash_algorithm::crc64nvme:
        check<64, 7, dc::crc64nvme_sparse, dc::crc64nvme_portable>(m, g, buf);
        check<64, 11, dc::crc64nvme_sparse2, dc::crc64nvme_portable>(m, g, buf);
        check<64, 7, dc::crc64nvme_sparse, stage2<64, 11, dc::crc64nvme_sparse2, dc::crc64nvme_portable>>(m, g, buf);
        break;
      default: BOOST_FAIL("not a CRC");
    }
  }
}
