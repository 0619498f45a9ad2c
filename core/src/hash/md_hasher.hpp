// Internal: the Hasher shared by the 64-byte-block Merkle-Damgard hashes (MD5, SHA-256):
// input buffering to whole blocks, the final padding (0x80, zeros, the message length in bits
// in the last 8 bytes of the last block), and the saved-state format.
//
// Traits (one struct per algorithm):
//   static constexpr hash_algorithm algorithm;
//   static constexpr std::size_t words;              // chaining words (4 for MD5, 8 for SHA-256)
//   static constexpr std::uint32_t init[words];      // initial chaining value
//   static constexpr bool big_endian;                // digest words and length field byte order
//   static compress_fn compress() noexcept;          // the block function to use now
//   static constexpr const char* bad_state;          // message for restore_state() errors
//
// Saved-state payload (after registry.hpp's header): the chaining words as little-endian u32,
// the byte count as little-endian u64, then 64 bytes of buffered input (unused ones zero).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "registry.hpp"
#include "sluice/hash.hpp"

namespace sluice::detail {

inline void md_store32(std::uint8_t* p, std::uint32_t v, bool big) noexcept {
  for (int i = 0; i < 4; ++i) p[big ? 3 - i : i] = static_cast<std::uint8_t>(v >> (8 * i));
}
inline std::uint32_t md_load_le32(const std::uint8_t* p) noexcept {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
         std::uint32_t{p[3]} << 24;
}

template <class Traits>
class md_hasher final : public Hasher {
 public:
  static constexpr std::size_t kWords = Traits::words;
  static constexpr std::size_t kPayload = 4 * kWords + 8 + 64;

  md_hasher() noexcept { reset(); }
  hash_algorithm algorithm() const noexcept override { return Traits::algorithm; }

  void reset() noexcept override {
    std::memcpy(state_, Traits::init, sizeof state_);
    total_ = 0;
  }

  void update(const std::uint8_t* data, std::size_t size) noexcept override {
    if (size == 0) return;
    std::size_t used = static_cast<std::size_t>(total_ & 63);
    total_ += size;
    if (used + size < 64) {  // the common case for tiny updates: no block function call
      std::memcpy(buf_ + used, data, size);
      return;
    }
    const auto fn = Traits::compress();
    if (used) {
      const std::size_t take = 64 - used;
      std::memcpy(buf_ + used, data, take);
      fn(state_, buf_, 1);
      data += take;
      size -= take;
    }
    if (size >= 64) {
      fn(state_, data, size / 64);
      data += size & ~std::size_t{63};
      size &= 63;
    }
    if (size) std::memcpy(buf_, data, size);
  }

  void digest(std::uint8_t* out) const noexcept override {
    std::uint32_t st[kWords];
    std::memcpy(st, state_, sizeof st);
    std::uint8_t tail[128] = {};
    const std::size_t used = static_cast<std::size_t>(total_ & 63);
    std::memcpy(tail, buf_, used);
    tail[used] = 0x80;
    const std::size_t n = used < 56 ? 64 : 128;
    const std::uint64_t bits = total_ * 8;  // the length in bits, mod 2^64
    const bool be = Traits::big_endian;
    md_store32(tail + n - 8, static_cast<std::uint32_t>(be ? bits >> 32 : bits), be);
    md_store32(tail + n - 4, static_cast<std::uint32_t>(be ? bits : bits >> 32), be);
    Traits::compress()(st, tail, n / 64);
    for (std::size_t i = 0; i < kWords; ++i) md_store32(out + 4 * i, st[i], be);
  }

  std::vector<std::uint8_t> save_state() const override {
    std::vector<std::uint8_t> v = begin_state(Traits::algorithm, kPayload);
    std::uint8_t p[kPayload] = {};
    for (std::size_t i = 0; i < kWords; ++i) md_store32(p + 4 * i, state_[i], false);
    md_store32(p + 4 * kWords, static_cast<std::uint32_t>(total_), false);
    md_store32(p + 4 * kWords + 4, static_cast<std::uint32_t>(total_ >> 32), false);
    std::memcpy(p + 4 * kWords + 8, buf_, static_cast<std::size_t>(total_ & 63));
    v.insert(v.end(), p, p + kPayload);
    return v;
  }

  status restore_state(std::span<const std::uint8_t> state) override {
    auto p = check_state(Traits::algorithm, state, kPayload);
    if (!p) return error(status_kind::invalid_argument, Traits::bad_state);
    const std::uint8_t* b = p->data();
    for (std::size_t i = 0; i < kWords; ++i) state_[i] = md_load_le32(b + 4 * i);
    total_ = md_load_le32(b + 4 * kWords) | std::uint64_t{md_load_le32(b + 4 * kWords + 4)} << 32;
    std::memcpy(buf_, b + 4 * kWords + 8, 64);
    return ok();
  }

 private:
  std::uint32_t state_[kWords];
  std::uint64_t total_;  ///< bytes hashed so far; total_ % 64 of them wait in buf_
  std::uint8_t buf_[64] = {};
};

}  // namespace sluice::detail
