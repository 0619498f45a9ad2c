// A temporary directory of random files for tests that hand files to sluice and to the
// reference tools; removed with everything in it when the object goes.
#pragma once

#include <stdlib.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

namespace test_support {

struct TempDir {
  /// prefix: the directory's name before the random suffix, under /tmp.
  explicit TempDir(const std::string& prefix) {
    std::string t = "/tmp/" + prefix + "-XXXXXX";
    if (!::mkdtemp(t.data())) throw std::runtime_error("mkdtemp failed");
    path = t;
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  /// Writes n bytes of std::mt19937(seed) output to path/name; returns its path.
  std::string file(const std::string& name, std::size_t n, std::uint32_t seed) const {
    std::mt19937 rng(seed);
    std::string data(n, '\0');
    for (auto& c : data) c = static_cast<char>(rng());
    std::ofstream(path + "/" + name, std::ios::binary) << data;
    return path + "/" + name;
  }

  std::string path;
};

}  // namespace test_support
