// wasm/hash_exports.cpp — the checksum hot path as plain wasm exports (no Embind).
//
// The glue is built with -sDYNAMIC_EXECUTION=0, which makes every Embind call go through a
// generic invoker (about twice the cost of a direct call). A one-shot crc32 of 16 bytes is
// a few nanoseconds of work, so the per-call cost is all that matters there: these functions
// are EMSCRIPTEN_KEEPALIVE exports listed in -sEXPORTED_FUNCTIONS and called from JS as
// `Module._sluice_…` with numbers only (pointers and sizes are wasm32 numbers).
//
// Memory: one static staging block (kStagingBytes) that JS copies input into; digests and
// saved states are written to a static output block. Neither ever moves, so JS may keep the
// addresses; it must still take a fresh HEAPU8 view after any call that can allocate
// (sluice_hasher_create / _restore / _save may grow the heap).
//
// One-shots never allocate after the first call per algorithm: md5/sha256/blake3 reuse one
// cached Hasher each (reset before use); the CRCs and the xxHash family call core's pure
// one-shot functions directly.
//
// Algorithm ids are sluice::hash_algorithm's values (crc32 = 0 … xxh128 = 9, the INTERFACE.md
// order); js/lib/checksum.mjs has the same table and checks it against sluice_hash_name().
#include <emscripten/em_macros.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <new>
#include <vector>

#include "sluice/crc.hpp"
#include "sluice/hash.hpp"
#include "sluice/xxhash.hpp"

namespace {

using sluice::hash_algorithm;
using sluice::Hasher;

// JS stages inputs larger than this in slices of this size (checksum.mjs SLICE): 256 KiB
// measured fastest for every algorithm at 1 MiB and 64 MiB (see checksum.mjs).
constexpr std::size_t kStagingBytes = 256u << 10;
constexpr std::size_t kOutBytes = 4096;          // digests and saved states (largest: blake3)

alignas(64) std::uint8_t g_staging[kStagingBytes];  // cache-line aligned
alignas(16) std::uint8_t g_out[kOutBytes];
std::unique_ptr<Hasher> g_cached[sluice::hash_algorithm_count];

void put_be32(std::uint8_t* out, std::uint32_t v) {
  for (int i = 3; i >= 0; --i, v >>= 8) out[i] = static_cast<std::uint8_t>(v);
}
void put_be64(std::uint8_t* out, std::uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<std::uint8_t>(v);
}

bool valid(int algo) { return algo >= 0 && algo < static_cast<int>(sluice::hash_algorithm_count); }

}  // namespace

extern "C" {

/// Address of the staging block (constant for the life of the module).
EMSCRIPTEN_KEEPALIVE std::uint8_t* sluice_hash_staging() { return g_staging; }
EMSCRIPTEN_KEEPALIVE std::size_t sluice_hash_staging_size() { return kStagingBytes; }
/// Address of the output block where digests and saved states are written.
EMSCRIPTEN_KEEPALIVE std::uint8_t* sluice_hash_out() { return g_out; }

/// The INTERFACE.md name of algorithm `algo` (a NUL-terminated string in the heap), or 0.
EMSCRIPTEN_KEEPALIVE const char* sluice_hash_name(int algo) {
  return valid(algo) ? sluice::hash_name(static_cast<hash_algorithm>(algo)) : nullptr;
}

/// Digest of `n` bytes at `data`, written to the output block. Returns the digest size, or 0
/// when `algo` is not an algorithm id (or a cached hasher could not be allocated).
EMSCRIPTEN_KEEPALIVE int sluice_hash_oneshot(int algo, const std::uint8_t* data, std::size_t n) {
  std::uint8_t* out = g_out;
  switch (algo) {
    case 0: put_be32(out, static_cast<std::uint32_t>(sluice::crc32(data, n))); return 4;
    case 1: put_be32(out, static_cast<std::uint32_t>(sluice::crc32c(data, n))); return 4;
    case 2: put_be64(out, static_cast<std::uint64_t>(sluice::crc64(data, n))); return 8;
    case 3: put_be64(out, static_cast<std::uint64_t>(sluice::crc64nvme(data, n))); return 8;
    case 7: put_be64(out, sluice::xxh64(data, n)); return 8;
    case 8: put_be64(out, sluice::xxh3(data, n)); return 8;
    case 9: {
      const auto v = sluice::xxh128(data, n);
      put_be64(out, v.high);
      put_be64(out + 8, v.low);
      return 16;
    }
    case 4: case 5: case 6: {
      auto& h = g_cached[algo];
      if (!h) {
        h = Hasher::create(static_cast<hash_algorithm>(algo));
        if (!h) return 0;
      } else {
        h->reset();
      }
      h->update(data, n);
      h->digest(out);
      return static_cast<int>(sluice::digest_size(static_cast<hash_algorithm>(algo)));
    }
    default: return 0;
  }
}

/// A new streaming hasher, or 0 (unknown id, out of memory).
EMSCRIPTEN_KEEPALIVE Hasher* sluice_hasher_create(int algo) {
  if (!valid(algo)) return nullptr;
  return Hasher::create(static_cast<hash_algorithm>(algo)).release();
}

EMSCRIPTEN_KEEPALIVE void sluice_hasher_update(Hasher* h, const std::uint8_t* data, std::size_t n) {
  h->update(data, n);
}

/// Writes the digest so far to the output block (the state is unchanged); returns its size.
EMSCRIPTEN_KEEPALIVE int sluice_hasher_digest(Hasher* h) {
  h->digest(g_out);
  return static_cast<int>(sluice::digest_size(h->algorithm()));
}

EMSCRIPTEN_KEEPALIVE void sluice_hasher_reset(Hasher* h) { h->reset(); }
EMSCRIPTEN_KEEPALIVE void sluice_hasher_free(Hasher* h) { delete h; }
EMSCRIPTEN_KEEPALIVE int sluice_hasher_algorithm(Hasher* h) { return static_cast<int>(h->algorithm()); }

/// Hasher::save_state() written to the output block; returns its size, or -1 when it does
/// not fit (it always does: the largest, blake3's, is well under kOutBytes).
EMSCRIPTEN_KEEPALIVE int sluice_hasher_save(Hasher* h) {
  const std::vector<std::uint8_t> s = h->save_state();
  if (s.size() > kOutBytes) return -1;
  std::memcpy(g_out, s.data(), s.size());
  return static_cast<int>(s.size());
}

/// A new hasher of `algo` continuing the state saved in `n` bytes at `data` (native or wasm
/// save_state(): the bytes are the same), or 0 when the bytes are not such a state.
EMSCRIPTEN_KEEPALIVE Hasher* sluice_hasher_restore(int algo, const std::uint8_t* data, std::size_t n) {
  if (!valid(algo)) return nullptr;
  auto h = Hasher::create(static_cast<hash_algorithm>(algo));
  if (!h) return nullptr;
  if (h->restore_state({data, n}).is_error()) return nullptr;
  return h.release();
}

}  // extern "C"
