// wasm/hasher_driver.hpp — drives one sluice::Hasher from JavaScript.
//
// The driver owns a staging block in the wasm heap: JS copies a slice of its data to
// input_pointer() (at most input_capacity() bytes), calls update(n), and repeats; digest()
// writes digest_size() bytes into a second block and returns its address. As with the
// TransformDriver, JS must take a fresh HEAPU8 view after every call.
//
// Errors (an unknown algorithm, an update larger than the staging block, a failed
// allocation) are sticky statuses, never exceptions; kind() and message() describe them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "sluice/hash.hpp"
#include "sluice/status.hpp"

namespace sluice::wasm {

class HasherDriver {
 public:
  static constexpr std::size_t default_staging_bytes = 64 * 1024;
  static constexpr std::size_t max_staging_bytes = 64u * 1024 * 1024;

  /// `algorithm` is an INTERFACE.md name (case-insensitive); 0 bytes of staging means the default.
  HasherDriver(const std::string& algorithm, std::size_t staging_bytes);

  std::uintptr_t input_pointer() const { return reinterpret_cast<std::uintptr_t>(staging_.get()); }
  std::size_t input_capacity() const { return hasher_ ? capacity_ : 0; }
  /// Hashes the first `n` bytes of the staging block. Returns 0 (ok) or the error kind.
  int update(std::size_t n);
  /// Writes the digest (the state is unchanged) and returns its address, or 0 on error.
  std::uintptr_t digest();
  std::size_t digest_size() const { return hasher_ ? sluice::digest_size(hasher_->algorithm()) : 0; }
  /// The canonical (lower-case) name, or "" when the algorithm is unknown.
  std::string algorithm() const { return hasher_ ? hash_name(hasher_->algorithm()) : ""; }
  /// Starts a new hash; clears an update error (not a construction error).
  void reset();

  int kind() const { return static_cast<int>(last_.kind); }
  std::string message() const { return last_.to_string(); }

 private:
  std::unique_ptr<Hasher> hasher_;
  std::unique_ptr<std::uint8_t[]> staging_;
  std::size_t capacity_ = 0;
  std::uint8_t digest_[max_digest_size] = {};
  status last_ = ok();
  status construct_error_ = ok();
};

}  // namespace sluice::wasm
