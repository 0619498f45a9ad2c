// Runs the fuzz entry point without libFuzzer (ctest core.bits_fuzz_replay): every file of the
// seed corpus, then deterministic mutations of each (bit flips, truncations, byte insertions,
// splices) from a printed seed. Any property failure aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const fs::path dir = argc > 1 ? fs::path(argv[1]) : fs::path(SLUICE_FUZZ_CORPUS);
  std::vector<std::vector<std::uint8_t>> corpus;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file() || e.path().filename() == "README.md") continue;
    std::ifstream f(e.path(), std::ios::binary);
    corpus.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  if (corpus.empty()) {
    std::fprintf(stderr, "no seed corpus in %s\n", dir.c_str());
    return 1;
  }
  const char* e = std::getenv("SLUICE_TEST_SEED");
  const std::uint64_t seed = e ? std::strtoull(e, nullptr, 0) : std::random_device{}();
  std::printf("fuzz replay: %zu seeds from %s, mutation seed %llu (SLUICE_TEST_SEED)\n",
              corpus.size(), dir.c_str(), static_cast<unsigned long long>(seed));
  std::mt19937_64 g(seed);
  std::size_t runs = 0;
  for (const auto& c : corpus) {
    LLVMFuzzerTestOneInput(c.data(), c.size());
    ++runs;
  }
  for (int i = 0; i < 20000; ++i) {
    std::vector<std::uint8_t> m = corpus[g() % corpus.size()];
    const int edits = 1 + static_cast<int>(g() % 4);
    for (int k = 0; k < edits; ++k) {
      switch (g() % 5) {
        case 0: if (!m.empty()) m[g() % m.size()] ^= static_cast<std::uint8_t>(1u << (g() % 8)); break;
        case 1: if (!m.empty()) m.resize(g() % m.size()); break;
        case 2: m.insert(m.begin() + static_cast<std::ptrdiff_t>(m.empty() ? 0 : g() % m.size()),
                         static_cast<std::uint8_t>(g() % 4)); break;
        case 3: if (!m.empty()) m[g() % m.size()] = static_cast<std::uint8_t>(g()); break;
        case 4: {
          const auto& o = corpus[g() % corpus.size()];
          if (!o.empty()) m.insert(m.end(), o.begin() + static_cast<std::ptrdiff_t>(g() % o.size()), o.end());
          break;
        }
      }
    }
    LLVMFuzzerTestOneInput(m.data(), m.size());
    ++runs;
  }
  std::printf("fuzz replay: %zu inputs, all properties held\n", runs);
  return 0;
}
