// hash_state_dump — the saved states of native Hashers, for the wasm build's comparison
// (js/test/hash-state-native.test.mjs): a JS createHash(algo).update(prefix).saveState() must
// be byte-identical to the native Hasher::save_state() after the same input.
//
// Prints one line per algorithm and prefix length:
//   <algorithm> <length> <saved state, hex> <digest of the prefix, hex>
// The input is the xorshift32 stream the JS test generates as well (seed 0x9e3779b9; each
// step s ^= s << 13, s ^= s >> 17, s ^= s << 5, byte = s & 0xff). Each prefix is fed to a
// fresh Hasher in update() calls of kChunk bytes (the last one shorter), as the JS test does:
// the saved bytes describe the internal state, and for BLAKE3 (lazily merged chaining values)
// and XXH3 (stripes consumed vs buffered) that depends on how the input was split, not only
// on the input. kChunk is the JS side's staging slice (js/lib/checksum.mjs SLICE), so each
// JS update() reaches the wasm hasher as one call.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "sluice/hash.hpp"

namespace {
constexpr std::size_t kChunk = 32768;
}  // namespace

int main() {
  // Around the block sizes (md5/sha256: 64, blake3: 64-byte blocks in 1024-byte chunks,
  // xxh3: 256-byte internal buffer, 1024-byte stripes block) and across the JS side's 32 KiB
  // staging slices.
  const std::size_t lengths[] = {0,    1,    3,    55,   56,    63,    64,     65,
                                 127,  128,  255,  256,  257,   1023,  1024,   1025,
                                 2048, 4097, 32768, 32773, 65536, 100003, 1048583};
  std::vector<std::uint8_t> data(1048583);
  std::uint32_t s = 0x9e3779b9u;
  for (auto& b : data) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    b = static_cast<std::uint8_t>(s & 0xff);
  }
  for (std::size_t a = 0; a < sluice::hash_algorithm_count; ++a) {
    const auto algo = static_cast<sluice::hash_algorithm>(a);
    for (std::size_t n : lengths) {
      auto h = sluice::Hasher::create(algo);
      if (!h) return 1;
      for (std::size_t off = 0; off < n; off += kChunk)
        h->update(data.data() + off, n - off < kChunk ? n - off : kChunk);
      const std::vector<std::uint8_t> st = h->save_state();
      std::printf("%s %zu %s %s\n", sluice::hash_name(algo), n, sluice::to_hex(st).c_str(),
                  h->hex_digest().c_str());
    }
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}
