#include "hasher_driver.hpp"

#include <new>

namespace sluice::wasm {

HasherDriver::HasherDriver(const std::string& algorithm, std::size_t staging_bytes) {
  if (staging_bytes == 0) staging_bytes = default_staging_bytes;
  const auto a = parse_hash_name(algorithm);
  if (!a) {
    construct_error_ = error(status_kind::unsupported, "unknown hash algorithm");
  } else if (staging_bytes > max_staging_bytes) {
    construct_error_ = error(status_kind::invalid_argument, "hash staging buffer larger than 64 MiB");
  } else {
    staging_.reset(new (std::nothrow) std::uint8_t[staging_bytes]);
    hasher_ = staging_ ? Hasher::create(*a) : nullptr;
    if (!hasher_) {
      staging_.reset();
      construct_error_ = error(status_kind::limit_exceeded, "out of memory creating a hasher");
    } else {
      capacity_ = staging_bytes;
    }
  }
  last_ = construct_error_;
}

int HasherDriver::update(std::size_t n) {
  if (last_.is_error()) return kind();
  if (n > capacity_) {
    last_ = error(status_kind::invalid_argument, "hash update larger than the staging buffer");
    return kind();
  }
  hasher_->update(staging_.get(), n);
  return 0;
}

std::uintptr_t HasherDriver::digest() {
  if (last_.is_error()) return 0;
  hasher_->digest(digest_);
  return reinterpret_cast<std::uintptr_t>(digest_);
}

void HasherDriver::reset() {
  if (hasher_) hasher_->reset();
  last_ = construct_error_;
}

}  // namespace sluice::wasm
