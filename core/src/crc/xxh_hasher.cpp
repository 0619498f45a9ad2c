// Hasher classes for xxh64, xxh3 (64-bit) and xxh128, seed 0, from the xxHash library.
//
// xxHash is used header-only (XXH_INLINE_ALL) in both targets, from Debian's libxxhash-dev
// natively and from Debian's xxhash source package in wasm (target sluice_dep::xxhash gives the
// include directory). Inlining lets the compiler specialise the streaming code, and it makes
// the per-instruction-set copy of XXH3 possible (xxh_kernels.hpp): XXH3 updates and one-shots
// of 1 KiB or more go to the AVX2 copy when cpu::features() has AVX2; in sluice.wasm every XXH3
// call goes to xxh3_simd128.cpp; this file's own copy (SSE2 on x86-64, xxHash's SSE2 path on
// Emscripten's SSE2 emulation in sluice.wasm — only for the last stripes of a digest — and
// scalar in sluice-nosimd.wasm) does the rest.
//
// Digests are the canonical big-endian forms that `xxhsum -H1` (xxh64), `-H3` (xxh3) and
// `-H2` (xxh128) print.
//
// Saved state: the xxHash state structs are *not* copied as bytes. XXH3_state_t holds size_t
// fields and a pointer to the secret (4 bytes in wasm32, 8 on x86-64) and is padded to 64-byte
// alignment, so its bytes differ between the targets. Instead the fields that carry the hash
// are written as fixed-width little-endian integers, and restore_state() re-initialises the
// struct with XXH*_reset() before overwriting them, after checking that they are consistent
// (an out-of-range buffered size or stripe count would make xxHash read out of bounds):
//   xxh64 (76 bytes):   total_len u64, v[4] u64, mem64 32 bytes, memsize u32
//   xxh3/xxh128 (340):  acc[8] u64, buffer 256 bytes, bufferedSize u32, nbStripesSoFar u64,
//                       totalLen u64
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstring>

#include "../hash/registry.hpp"
#include "sluice/cpu.hpp"
#include "sluice/crc.hpp"
#include "sluice/xxhash.hpp"
#include "xxh_kernels.hpp"

namespace sluice {
namespace detail::xxh {

void xxh3_update_baseline(void* state, const void* data, std::size_t size) noexcept {
  (void)XXH3_64bits_update(static_cast<XXH3_state_t*>(state), data, size);
}
std::uint64_t xxh3_64_baseline(const void* data, std::size_t size) noexcept {
  return XXH3_64bits(data, size);
}
void xxh3_128_baseline(const void* data, std::size_t size, std::uint64_t out[2]) noexcept {
  const XXH128_hash_t h = XXH3_128bits(data, size);
  out[0] = h.high64;
  out[1] = h.low64;
}

namespace {

struct xxh3_variant {
  const char* name;
  xxh3_update_fn fn;
  xxh3_64_fn one64;
  xxh3_128_fn one128;
};

/// The copy of XXH3's update for `size` bytes under the current cpu::features(). Short
/// updates mostly fill xxHash's 256-byte buffer, where the vector width does not matter.
xxh3_variant choose(std::size_t size) noexcept {
#if defined(SLUICE_CRC_X86)
  if (size >= 1024) {
    const std::uint32_t f = cpu::features();
    constexpr std::uint32_t k256 = cpu::avx | cpu::avx2;
    if ((f & k256) == k256) return {"avx2", xxh3_update_avx2, xxh3_64_avx2, xxh3_128_avx2};
  }
#elif defined(SLUICE_XXH_WASM_SIMD)
  // sluice.wasm: SIMD128 is there by construction (js/lib/wasm.mjs loaded this module only
  // after WebAssembly.validate accepted SIMD), so no feature check; short inputs go through
  // xxHash's short paths inside the simd128 functions anyway.
  (void)size;
  return {"simd128", xxh3_update_simd128, xxh3_64_simd128, xxh3_128_simd128};
#else
  (void)size;
#endif
  return {"baseline", xxh3_update_baseline, xxh3_64_baseline, xxh3_128_baseline};
}

void xxh3_update(XXH3_state_t* s, const void* data, std::size_t size) noexcept {
  choose(size).fn(s, data, size);
}

// Little-endian field writer/reader for the saved state.
struct writer {
  std::vector<std::uint8_t>& v;
  void u32(std::uint32_t x) { for (int i = 0; i < 4; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i))); }
  void u64(std::uint64_t x) { for (int i = 0; i < 8; ++i) v.push_back(static_cast<std::uint8_t>(x >> (8 * i))); }
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    v.insert(v.end(), b, b + n);
  }
};
struct reader {
  std::span<const std::uint8_t> s;
  std::size_t at = 0;
  std::uint32_t u32() { std::uint32_t x = 0; for (int i = 0; i < 4; ++i) x |= std::uint32_t{s[at++]} << (8 * i); return x; }
  std::uint64_t u64() { std::uint64_t x = 0; for (int i = 0; i < 8; ++i) x |= std::uint64_t{s[at++]} << (8 * i); return x; }
  void bytes(void* p, std::size_t n) { std::memcpy(p, s.data() + at, n); at += n; }
};

void put_be64(std::uint8_t* out, std::uint64_t v) noexcept {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(v >> (56 - 8 * i));
}

constexpr status bad_state() noexcept {
  return error(status_kind::invalid_argument, "not a saved state of this xxHash algorithm");
}

class xxh64_hasher final : public Hasher {
 public:
  static constexpr std::size_t kPayload = 8 + 32 + 32 + 4;
  xxh64_hasher() noexcept { reset(); }
  hash_algorithm algorithm() const noexcept override { return hash_algorithm::xxh64; }
  void update(const std::uint8_t* data, std::size_t size) noexcept override {
    if (size) (void)XXH64_update(&st_, data, size);
  }
  void digest(std::uint8_t* out) const noexcept override { put_be64(out, XXH64_digest(&st_)); }
  void reset() noexcept override { (void)XXH64_reset(&st_, 0); }
  std::vector<std::uint8_t> save_state() const override {
    auto v = begin_state(hash_algorithm::xxh64, kPayload);
    writer w{v};
    w.u64(st_.total_len);
    for (auto x : st_.v) w.u64(x);
    w.bytes(st_.mem64, 32);
    w.u32(st_.memsize);
    return v;
  }
  status restore_state(std::span<const std::uint8_t> state) override {
    const auto payload = check_state(hash_algorithm::xxh64, state, kPayload);
    if (!payload) return bad_state();
    XXH64_state_t s;
    (void)XXH64_reset(&s, 0);
    reader r{*payload};
    s.total_len = r.u64();
    for (auto& x : s.v) x = r.u64();
    r.bytes(s.mem64, 32);
    s.memsize = r.u32();
    if (s.memsize >= 32 || s.memsize > s.total_len || (s.total_len < 32 && s.memsize != s.total_len))
      return bad_state();
    st_ = s;
    return ok();
  }

 private:
  XXH64_state_t st_;
};

template <hash_algorithm A>
class xxh3_hasher final : public Hasher {
  static constexpr bool k128 = A == hash_algorithm::xxh128;

 public:
  static constexpr std::size_t kPayload = 64 + XXH3_INTERNALBUFFER_SIZE + 4 + 8 + 8;
  xxh3_hasher() noexcept { reset(); }
  hash_algorithm algorithm() const noexcept override { return A; }
  void update(const std::uint8_t* data, std::size_t size) noexcept override {
    if (size) xxh3_update(&st_, data, size);
  }
  void digest(std::uint8_t* out) const noexcept override {
    if constexpr (k128) {
      const XXH128_hash_t h = XXH3_128bits_digest(&st_);
      put_be64(out, h.high64);
      put_be64(out + 8, h.low64);
    } else {
      put_be64(out, XXH3_64bits_digest(&st_));
    }
  }
  void reset() noexcept override { reset(st_); }
  std::vector<std::uint8_t> save_state() const override {
    auto v = begin_state(A, kPayload);
    writer w{v};
    for (auto x : st_.acc) w.u64(x);
    w.bytes(st_.buffer, XXH3_INTERNALBUFFER_SIZE);
    w.u32(st_.bufferedSize);
    w.u64(st_.nbStripesSoFar);
    w.u64(st_.totalLen);
    return v;
  }
  status restore_state(std::span<const std::uint8_t> state) override {
    const auto payload = check_state(A, state, kPayload);
    if (!payload) return bad_state();
    reader r{*payload};
    std::uint64_t acc[8];
    for (auto& x : acc) x = r.u64();
    std::uint8_t buffer[XXH3_INTERNALBUFFER_SIZE];
    r.bytes(buffer, sizeof buffer);
    const std::uint32_t buffered = r.u32();
    const std::uint64_t stripes = r.u64();
    const std::uint64_t total = r.u64();
    reset(st_);  // secret pointer, stripes per block, seed: as for a fresh seed-0 hash
    if (buffered > XXH3_INTERNALBUFFER_SIZE || buffered > total || stripes >= st_.nbStripesPerBlock ||
        (total <= XXH3_INTERNALBUFFER_SIZE && (buffered != total || stripes != 0)))
      return bad_state();
    std::memcpy(st_.acc, acc, sizeof acc);
    std::memcpy(st_.buffer, buffer, sizeof buffer);
    st_.bufferedSize = buffered;
    st_.nbStripesSoFar = static_cast<std::size_t>(stripes);
    st_.totalLen = total;
    return ok();
  }

 private:
  static void reset(XXH3_state_t& s) noexcept {
    XXH3_INITSTATE(&s);
    if constexpr (k128) (void)XXH3_128bits_reset(&s);
    else (void)XXH3_64bits_reset(&s);
    // xxHash's reset leaves the input buffer as it was, and save_state() writes all of it:
    // without this, bytes the input never wrote would be whatever the memory held before
    // (another hash's input, in a reused heap block), and the saved state would depend on it.
    std::memset(s.buffer, 0, sizeof s.buffer);
  }
  XXH3_state_t st_;  // 64-byte aligned member: the class is over-aligned, new handles it
};

}  // namespace
}  // namespace detail::xxh

namespace detail {
std::unique_ptr<Hasher> make_xxh64_hasher() { return std::make_unique<xxh::xxh64_hasher>(); }
std::unique_ptr<Hasher> make_xxh3_hasher() {
  return std::make_unique<xxh::xxh3_hasher<hash_algorithm::xxh3>>();
}
std::unique_ptr<Hasher> make_xxh128_hasher() {
  return std::make_unique<xxh::xxh3_hasher<hash_algorithm::xxh128>>();
}
}  // namespace detail

std::uint64_t xxh64(const void* data, std::size_t size) noexcept {
#if defined(SLUICE_CRC_X86)
  // The library's streaming functions give the same value, and GCC (12, x86-64) compiles
  // their 32-byte loop (XXH64_update) to ~14.5 GB/s where the one-shot XXH64()'s runs at
  // ~10.5 GB/s (bench_crc, 4 KiB to 256 MiB). Their fixed cost (~25 ns: reset, digest) is
  // repaid from about 1 KiB on.
  if (size >= 2048) {
    XXH64_state_t st;
    (void)XXH64_reset(&st, 0);
    (void)XXH64_update(&st, data, size);
    return XXH64_digest(&st);
  }
#endif
  return XXH64(data, size, 0);
}
std::uint64_t xxh3(const void* data, std::size_t size) noexcept {
  return detail::xxh::choose(size).one64(data, size);
}
xxh128_value xxh128(const void* data, std::size_t size) noexcept {
  std::uint64_t v[2];
  detail::xxh::choose(size).one128(data, size, v);
  return {v[0], v[1]};
}

const char* xxh_kernel_name(hash_algorithm a, std::size_t size) noexcept {
  switch (a) {
    case hash_algorithm::xxh64: return "scalar";
    case hash_algorithm::xxh3:
    case hash_algorithm::xxh128: return detail::xxh::choose(size).name;
    default: return nullptr;
  }
}

}  // namespace sluice
