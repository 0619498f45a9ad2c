// Shared by the CRC and xxHash tests: replayable randomness, the CPU-mask run set-up, JSON
// vectors, guard-page buffers and running reference tools. Tests may use OS headers; core may not.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "sluice/cpu.hpp"

namespace crc_test {

/// The run's seed: SLUICE_TEST_SEED if set (to replay a failure), else from the clock. Printed.
inline std::uint64_t seed() {
  static const std::uint64_t s = [] {
    const char* e = std::getenv("SLUICE_TEST_SEED");
    const std::uint64_t v = e ? std::strtoull(e, nullptr, 0) : std::random_device{}() * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint64_t>(::getpid());
    std::printf("random seed: SLUICE_TEST_SEED=%llu (set it to replay this run)\n",
                static_cast<unsigned long long>(v));
    std::fflush(stdout);
    return v;
  }();
  return s;
}

/// A generator per test case, derived from the run seed and the case name.
inline std::mt19937_64 rng_for(const char* name) {
  std::uint64_t h = seed();
  for (const char* c = name; *c; ++c) h = (h ^ static_cast<unsigned char>(*c)) * 0x100000001B3ull;
  return std::mt19937_64(h);
}

inline std::vector<std::uint8_t> random_bytes(std::mt19937_64& g, std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(g() >> 56);
  return v;
}

/// Runs with SLUICE_CPU_MASK naming features this CPU lacks are skipped (exit 77, which ctest
/// reports as a skip), because the kernel they force cannot run here.
struct mask_guard {
  mask_guard() {
    const char* m = std::getenv("SLUICE_CPU_MASK");
    const std::string have = "," + sluice::cpu::describe(sluice::cpu::detected()) + ",";
    std::printf("cpu: detected %s; SLUICE_CPU_MASK=%s; in use %s\n", have.c_str(), m ? m : "(unset)",
                sluice::cpu::describe(sluice::cpu::features()).c_str());
    if (m && std::string(m) != "all" && std::string(m) != "none") {
      std::stringstream ss(m);
      std::string tok;
      while (std::getline(ss, tok, ','))
        if (have.find("," + tok + ",") == std::string::npos) {
          std::printf("SKIP: this CPU lacks '%s', which SLUICE_CPU_MASK asks for\n", tok.c_str());
          std::fflush(stdout);
          std::_Exit(77);
        }
    }
  }
};

/// The expected kernel for `algo` from SLUICE_TEST_EXPECT ("crc32=pclmul,xxh3=avx2,..."), or "".
inline std::string expected_kernel(const std::string& algo) {
  const char* e = std::getenv("SLUICE_TEST_EXPECT");
  if (!e) return {};
  std::stringstream ss(e);
  std::string tok;
  while (std::getline(ss, tok, ','))
    if (tok.rfind(algo + "=", 0) == 0) return tok.substr(algo.size() + 1);
  return {};
}

inline boost::property_tree::ptree read_vectors(const char* file) {
  boost::property_tree::ptree t;
  boost::property_tree::read_json(std::string(SLUICE_TEST_VECTORS_DIR) + "/" + file, t);
  return t;
}

/// `len` readable bytes placed flush against a PROT_NONE page: after them (at_end) or before
/// them. Any read past the window faults.
class guarded_buffer {
 public:
  guarded_buffer(std::size_t len, bool at_end) : len_(len) {
    page_ = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t data_pages = (len + page_ - 1) / page_ + 1;
    total_ = (data_pages + 2) * page_;
    void* m = ::mmap(nullptr, total_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    BOOST_REQUIRE(m != MAP_FAILED);
    base_ = static_cast<std::uint8_t*>(m);
    BOOST_REQUIRE(::mprotect(base_, page_, PROT_NONE) == 0);
    BOOST_REQUIRE(::mprotect(base_ + total_ - page_, page_, PROT_NONE) == 0);
    data_ = at_end ? base_ + total_ - page_ - len : base_ + page_;
  }
  ~guarded_buffer() { ::munmap(base_, total_); }
  guarded_buffer(const guarded_buffer&) = delete;
  guarded_buffer& operator=(const guarded_buffer&) = delete;
  std::uint8_t* data() { return data_; }
  std::size_t size() const { return len_; }

 private:
  std::size_t len_, page_ = 0, total_ = 0;
  std::uint8_t* base_ = nullptr;
  std::uint8_t* data_ = nullptr;
};

/// A scratch directory removed at the end of the scope.
class temp_dir {
 public:
  temp_dir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "sluice-crc-XXXXXX").string();
    BOOST_REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::string write(const std::string& name, const std::vector<std::uint8_t>& bytes) const {
    const auto p = path_ / name;
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                             static_cast<std::streamsize>(bytes.size()));
    return p.string();
  }

 private:
  std::filesystem::path path_;
};

/// Standard output of a shell command; fails the test when it cannot run or exits non-zero.
inline std::string run(const std::string& cmd) {
  std::string out;
  FILE* f = ::popen(cmd.c_str(), "r");
  BOOST_REQUIRE_MESSAGE(f != nullptr, "cannot run: " << cmd);
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  const int rc = ::pclose(f);
  BOOST_REQUIRE_MESSAGE(rc == 0, "command failed (" << rc << "): " << cmd);
  return out;
}

inline std::string hex_of(const std::uint8_t* p, std::size_t n) {
  static const char d[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    s += d[p[i] >> 4];
    s += d[p[i] & 15];
  }
  return s;
}

}  // namespace crc_test
