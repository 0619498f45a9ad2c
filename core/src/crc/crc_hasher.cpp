// Hasher classes for the four CRCs (Hasher::create's crc32 ... crc64nvme).
// State: the finished CRC so far. Saved state payload: that value, width/8 bytes little-endian.
// Digest: the value big-endian, so that to_hex(digest) is INTERFACE.md's form.
#include "../hash/registry.hpp"
#include "sluice/crc.hpp"

namespace sluice {
namespace {

template <typename T, hash_algorithm A, T (*Fn)(const void*, std::size_t, T) noexcept>
class crc_hasher final : public Hasher {
  using U = std::underlying_type_t<T>;
  static constexpr std::size_t kBytes = sizeof(U);

 public:
  hash_algorithm algorithm() const noexcept override { return A; }
  void update(const std::uint8_t* data, std::size_t size) noexcept override {
    value_ = Fn(data, size, value_);
  }
  void digest(std::uint8_t* out) const noexcept override {
    const U v = static_cast<U>(value_);
    for (std::size_t i = 0; i < kBytes; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * (kBytes - 1 - i)));
  }
  void reset() noexcept override { value_ = T{}; }
  std::vector<std::uint8_t> save_state() const override {
    auto s = detail::begin_state(A, kBytes);
    const U v = static_cast<U>(value_);
    for (std::size_t i = 0; i < kBytes; ++i) s.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return s;
  }
  status restore_state(std::span<const std::uint8_t> state) override {
    const auto payload = detail::check_state(A, state, kBytes);
    if (!payload) return error(status_kind::invalid_argument, "not a saved state of this CRC");
    U v = 0;
    for (std::size_t i = 0; i < kBytes; ++i) v |= static_cast<U>((*payload)[i]) << (8 * i);
    value_ = T{v};
    return ok();
  }

 private:
  T value_{};
};

}  // namespace

namespace detail {
std::unique_ptr<Hasher> make_crc32_hasher() {
  return std::make_unique<crc_hasher<crc32_t, hash_algorithm::crc32, crc32>>();
}
std::unique_ptr<Hasher> make_crc32c_hasher() {
  return std::make_unique<crc_hasher<crc32c_t, hash_algorithm::crc32c, crc32c>>();
}
std::unique_ptr<Hasher> make_crc64_hasher() {
  return std::make_unique<crc_hasher<crc64_t, hash_algorithm::crc64, crc64>>();
}
std::unique_ptr<Hasher> make_crc64nvme_hasher() {
  return std::make_unique<crc_hasher<crc64nvme_t, hash_algorithm::crc64nvme, crc64nvme>>();
}
}  // namespace detail

}  // namespace sluice
