// Shared helpers for the md5 / sha256 / blake3 tests: seeded random data (the seed is printed
// and replayable with SLUICE_TEST_SEED), reference digests from the system tools
// (sha256sum, md5sum, b3sum) run on temporary files, guard-page buffers, the forced-kernel
// check, and the JSON vector files. Tests may use OS headers; core may not.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <functional>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sluice/cpu.hpp"
#include "sluice/hash.hpp"
#include "support/printing.hpp"

namespace sluice {
inline std::ostream& operator<<(std::ostream& os, hash_algorithm a) { return os << hash_name(a); }
}  // namespace sluice

namespace hash_test {

using bytes = std::vector<std::uint8_t>;

/// The run's seed: SLUICE_TEST_SEED if set, else random; printed once so a failure replays.
inline std::uint64_t seed() {
  static const std::uint64_t s = [] {
    std::uint64_t v;
    if (const char* e = std::getenv("SLUICE_TEST_SEED"); e && *e) {
      v = std::strtoull(e, nullptr, 0);
    } else {
      std::random_device rd;
      v = (std::uint64_t{rd()} << 32) ^ rd();
    }
    std::cout << "random seed " << v << " (replay with SLUICE_TEST_SEED=" << v << ")"
              << std::endl;
    return v;
  }();
  return s;
}

inline bytes random_bytes(std::mt19937_64& rng, std::size_t n) {
  bytes b(n);
  for (std::size_t i = 0; i < n; i += 8) {
    std::uint64_t r = rng();
    for (std::size_t k = 0; k < 8 && i + k < n; ++k) b[i + k] = static_cast<std::uint8_t>(r >> (8 * k));
  }
  return b;
}

inline std::string hex(const std::uint8_t* p, std::size_t n) { return sluice::to_hex({p, n}); }

/// Digest of `data` fed to a fresh hasher from `make` in pieces whose sizes come from `cuts`
/// (a list of split offsets, ascending).
template <class Make>
std::string digest_split(Make make, const std::uint8_t* data, std::size_t n,
                         const std::vector<std::size_t>& cuts = {}) {
  auto h = make();
  std::size_t at = 0;
  for (std::size_t c : cuts) {
    if (c < at || c > n) continue;
    h->update(data + at, c - at);
    at = c;
  }
  h->update(data + at, n - at);
  std::uint8_t out[64];
  h->digest(out);
  return hex(out, sluice::digest_size(h->algorithm()));
}

/// Reference digests of each input from a system tool (`sha256sum`, `md5sum`, `b3sum`):
/// the inputs are written to files in a temporary directory and the tool runs once per
/// batch of files; its first column is the hex digest.
inline std::vector<std::string> tool_digests(const std::string& tool, const std::vector<bytes>& inputs) {
  namespace fs = std::filesystem;
  char tmpl[] = "/tmp/sluice-hash-test-XXXXXX";
  if (!mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  fs::path dir = tmpl;
  std::vector<std::string> out;
  const std::size_t batch = 64;
  for (std::size_t first = 0; first < inputs.size(); first += batch) {
    std::string cmd = tool;
    std::size_t last = std::min(inputs.size(), first + batch);
    for (std::size_t i = first; i < last; ++i) {
      fs::path f = dir / ("in" + std::to_string(i));
      std::ofstream(f, std::ios::binary)
          .write(reinterpret_cast<const char*>(inputs[i].data()), static_cast<std::streamsize>(inputs[i].size()));
      cmd += " " + f.string();
    }
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) throw std::runtime_error("popen failed: " + cmd);
    char line[4096];
    while (std::fgets(line, sizeof line, p)) {
      std::string s(line);
      out.push_back(s.substr(0, s.find(' ')));
    }
    int rc = pclose(p);
    if (rc != 0) throw std::runtime_error(tool + " failed");
  }
  fs::remove_all(dir);
  if (out.size() != inputs.size()) throw std::runtime_error(tool + ": wrong number of lines");
  return out;
}

/// `n` bytes placed so that the byte after the last one is on a PROT_NONE page: any read
/// past the end faults. Also offers a start at a chosen misalignment (the data then ends
/// flush against the guard page all the same).
class guarded_buffer {
 public:
  explicit guarded_buffer(std::size_t n) : n_(n) {
    page_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    pages_ = (n + page_ - 1) / page_ + 1;
    base_ = static_cast<std::uint8_t*>(
        mmap(nullptr, pages_ * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (base_ == MAP_FAILED) throw std::runtime_error("mmap failed");
    if (mprotect(base_ + (pages_ - 1) * page_, page_, PROT_NONE) != 0)
      throw std::runtime_error("mprotect failed");
  }
  ~guarded_buffer() { munmap(base_, pages_ * page_); }
  guarded_buffer(const guarded_buffer&) = delete;
  guarded_buffer& operator=(const guarded_buffer&) = delete;
  std::uint8_t* data() { return base_ + (pages_ - 1) * page_ - n_; }
  std::size_t size() const { return n_; }

 private:
  std::size_t n_, page_, pages_;
  std::uint8_t* base_;
};

/// Lengths around every boundary that matters: block (64), chunk (1024), SIMD batches of
/// chunks (4, 8, 16 KiB) and their multiples.
inline std::vector<std::size_t> boundary_lengths(bool blake3) {
  std::vector<std::size_t> v;
  for (std::size_t n : {0, 1, 2, 3, 31, 32, 33, 55, 56, 57, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129, 191, 192, 193})
    v.push_back(n);
  for (std::size_t base : {1024, 2048, 3072, 4096, 5120, 8192, 9216, 16384, 32768, 49152, 65536, 131072, 262144, 1048576}) {
    if (!blake3 && base > 16384 && base != 65536 && base != 1048576) continue;
    v.push_back(base - 1);
    v.push_back(base);
    v.push_back(base + 1);
    if (blake3) {
      v.push_back(base - 64);
      v.push_back(base + 64);
      v.push_back(base + 1023);
    }
  }
  return v;
}

struct vector_case {
  bytes input;
  std::string hash;
};

/// tests/vectors/<name>.json: `cases` with either input_len (bytes i % 251, BLAKE3's rule) or
/// input + repeat (an ASCII string repeated).
inline std::vector<vector_case> load_vectors(const std::string& name) {
  namespace pt = boost::property_tree;
  pt::ptree tree;
  pt::read_json(std::string(SLUICE_VECTORS_DIR) + "/" + name + ".json", tree);
  std::vector<vector_case> out;
  for (const auto& [k, c] : tree.get_child("cases")) {
    vector_case vc;
    if (auto len = c.get_optional<std::size_t>("input_len")) {
      vc.input.resize(*len);
      for (std::size_t i = 0; i < *len; ++i) vc.input[i] = static_cast<std::uint8_t>(i % 251);
    } else {
      std::string s = c.get<std::string>("input");
      std::size_t rep = c.get<std::size_t>("repeat", 1);
      for (std::size_t r = 0; r < rep; ++r) vc.input.insert(vc.input.end(), s.begin(), s.end());
    }
    vc.hash = c.get<std::string>("hash");
    out.push_back(std::move(vc));
  }
  return out;
}

/// When ctest registers this run for one kernel (SLUICE_CPU_MASK + SLUICE_EXPECT_KERNEL),
/// checks that the mask forced that kernel; a CPU without the kernel's features skips the
/// whole run visibly (exit 77, ctest SKIP_RETURN_CODE).
inline void check_forced_kernel(const char* selected, std::uint32_t required) {
  const char* want = std::getenv("SLUICE_EXPECT_KERNEL");
  if (!want || !*want) return;
  if ((sluice::cpu::detected() & required) != required) {
    std::cout << "SKIP: this CPU lacks " << sluice::cpu::describe(required & ~sluice::cpu::detected())
              << " needed by kernel " << want << std::endl;
    std::exit(77);
  }
  BOOST_TEST_REQUIRE(std::string(selected) == std::string(want));
}


/// Differential test against a system tool: boundary lengths plus `random_count` random
/// lengths up to 1 MiB, random contents; each input hashed whole, from a misaligned start,
/// in random pieces, in 101 + 103n-byte fragments, and across a save_state/restore_state
/// at a random point. Every result must equal the tool's digest.
template <class Make>
void differential(Make make, const std::string& tool, bool blake3, std::size_t random_count) {
  std::mt19937_64 rng(seed() ^ std::hash<std::string>{}(tool));
  std::vector<std::size_t> lengths = boundary_lengths(blake3);
  for (std::size_t i = 0; i < random_count; ++i)
    lengths.push_back(i % 2 ? rng() % (std::size_t{1} << 20) + 1 : rng() % 5000);
  std::vector<bytes> inputs;
  for (std::size_t n : lengths) inputs.push_back(random_bytes(rng, n));
  const std::vector<std::string> refs = tool_digests(tool, inputs);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const bytes& in = inputs[i];
    const std::size_t n = in.size();
    BOOST_TEST_CONTEXT("length " << n) {
      BOOST_TEST(digest_split(make, in.data(), n) == refs[i]);
      // Misaligned start.
      const std::size_t off = 1 + rng() % 63;
      bytes shifted(n + off);
      if (n) std::memcpy(shifted.data() + off, in.data(), n);
      BOOST_TEST(digest_split(make, shifted.data() + off, n) == refs[i]);
      // Random split points.
      std::vector<std::size_t> cuts;
      if (n > 0) {
        const std::size_t k = 1 + rng() % 6;
        for (std::size_t c = 0; c < k; ++c) cuts.push_back(rng() % (n + 1));
        std::sort(cuts.begin(), cuts.end());
      }
      BOOST_TEST(digest_split(make, in.data(), n, cuts) == refs[i]);
      // 101 + 103n fragments (STYLE.md practice 5).
      if (n <= 300000) {
        std::vector<std::size_t> frag;
        for (std::size_t at = 0, step = 101; at + step < n; step += 103) frag.push_back(at += step);
        BOOST_TEST(digest_split(make, in.data(), n, frag) == refs[i]);
      }
      // Save mid-stream, restore into a fresh hasher, finish there.
      const std::size_t cut = n ? rng() % (n + 1) : 0;
      auto a = make();
      a->update(in.data(), cut);
      const std::vector<std::uint8_t> saved = a->save_state();
      auto b = make();
      b->update(in.data(), n);  // state to be overwritten
      BOOST_TEST_REQUIRE(b->restore_state(saved).is_ok());
      BOOST_TEST((b->save_state() == saved));
      b->update(in.data() + cut, n - cut);
      BOOST_TEST(b->hex_digest() == refs[i]);
      // digest() leaves the state alone: more input may follow.
      a->hex_digest();
      a->update(in.data() + cut, n - cut);
      BOOST_TEST(a->hex_digest() == refs[i]);
    }
  }
}

/// Every split point of short inputs gives the digest of the whole.
template <class Make>
void every_split(Make make, std::size_t max_len) {
  std::mt19937_64 rng(seed() + 1);
  for (std::size_t n = 0; n <= max_len; n += (n < 150 ? 1 : 37)) {
    bytes in = random_bytes(rng, n);
    const std::string whole = digest_split(make, in.data(), n);
    for (std::size_t c = 0; c <= n; ++c)
      BOOST_TEST_REQUIRE(digest_split(make, in.data(), n, {c}) == whole, "length " << n << " split " << c);
    // Byte at a time.
    auto h = make();
    for (std::size_t k = 0; k < n; ++k) h->update(in.data() + k, 1);
    BOOST_TEST_REQUIRE(h->hex_digest() == whole, "length " << n << " byte at a time");
  }
}

/// Inputs ending flush against a PROT_NONE page: a kernel that reads past the end faults.
template <class Make>
void guard_pages(Make make, bool blake3) {
  std::mt19937_64 rng(seed() + 2);
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 260; ++n) lengths.push_back(n);
  for (std::size_t n : boundary_lengths(blake3)) lengths.push_back(n);
  for (std::size_t n : lengths) {
    bytes in = random_bytes(rng, n);
    guarded_buffer g(n);
    if (n) std::memcpy(g.data(), in.data(), n);
    BOOST_TEST_REQUIRE(digest_split(make, g.data(), n) == digest_split(make, in.data(), n), "length " << n);
    if (n > 2) {
      std::vector<std::size_t> cuts{n / 3, n - 1};
      BOOST_TEST_REQUIRE(digest_split(make, g.data(), n, cuts) == digest_split(make, in.data(), n), "length " << n);
    }
  }
}

/// restore_state() refuses bytes it did not produce.
template <class Make>
void rejects_bad_states(Make make, sluice::hash_algorithm other) {
  auto h = make();
  const std::uint8_t msg[] = "some bytes";
  h->update(msg, sizeof msg);
  const std::vector<std::uint8_t> good = h->save_state();
  auto r = make();
  BOOST_TEST(r->restore_state(good).is_ok());
  std::vector<std::uint8_t> bad = good;
  bad.pop_back();
  BOOST_TEST(r->restore_state(bad).kind == sluice::status_kind::invalid_argument);
  bad = good;
  bad.push_back(0);
  BOOST_TEST(r->restore_state(bad).kind == sluice::status_kind::invalid_argument);
  bad = good;
  bad[0] ^= 1;  // magic
  BOOST_TEST(r->restore_state(bad).kind == sluice::status_kind::invalid_argument);
  bad = good;
  bad[4] = static_cast<std::uint8_t>(other);  // another algorithm's id
  BOOST_TEST(r->restore_state(bad).kind == sluice::status_kind::invalid_argument);
  BOOST_TEST(r->restore_state({}).kind == sluice::status_kind::invalid_argument);
  // The failed restores left the good state in place.
  h->update(msg, 3);
  r->update(msg, 3);
  BOOST_TEST(r->hex_digest() == h->hex_digest());
}

}  // namespace hash_test
