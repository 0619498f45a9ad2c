#include <cctype>

#include "registry.hpp"

namespace sluice {

namespace {
struct algo_info { const char* name; std::size_t digest; };
constexpr algo_info kInfo[hash_algorithm_count] = {
    {"crc32", 4},  {"crc32c", 4}, {"crc64", 8},  {"crc64nvme", 8}, {"md5", 16},
    {"sha256", 32}, {"blake3", 32}, {"xxh64", 8}, {"xxh3", 8},      {"xxh128", 16},
};
}  // namespace

const char* hash_name(hash_algorithm a) noexcept { return kInfo[static_cast<int>(a)].name; }
std::size_t digest_size(hash_algorithm a) noexcept { return kInfo[static_cast<int>(a)].digest; }

std::optional<hash_algorithm> parse_hash_name(std::string_view name) noexcept {
  for (std::size_t i = 0; i < hash_algorithm_count; ++i) {
    std::string_view n = kInfo[i].name;
    if (n.size() != name.size()) continue;
    bool same = true;
    for (std::size_t k = 0; k < n.size() && same; ++k)
      same = std::tolower(static_cast<unsigned char>(name[k])) == n[k];
    if (same) return static_cast<hash_algorithm>(i);
  }
  return std::nullopt;
}

std::unique_ptr<Hasher> Hasher::create(hash_algorithm a) {
  switch (a) {
    case hash_algorithm::crc32: return detail::make_crc32_hasher();
    case hash_algorithm::crc32c: return detail::make_crc32c_hasher();
    case hash_algorithm::crc64: return detail::make_crc64_hasher();
    case hash_algorithm::crc64nvme: return detail::make_crc64nvme_hasher();
    case hash_algorithm::md5: return detail::make_md5_hasher();
    case hash_algorithm::sha256: return detail::make_sha256_hasher();
    case hash_algorithm::blake3: return detail::make_blake3_hasher();
    case hash_algorithm::xxh64: return detail::make_xxh64_hasher();
    case hash_algorithm::xxh3: return detail::make_xxh3_hasher();
    case hash_algorithm::xxh128: return detail::make_xxh128_hasher();
  }
  return nullptr;
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string s(bytes.size() * 2, '0');
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    s[2 * i] = digits[bytes[i] >> 4];
    s[2 * i + 1] = digits[bytes[i] & 15];
  }
  return s;
}

std::string Hasher::hex_digest() const {
  std::uint8_t out[max_digest_size];
  digest(out);
  return to_hex({out, digest_size(algorithm())});
}

std::string hash_hex(hash_algorithm a, std::span<const std::uint8_t> data) {
  auto h = Hasher::create(a);
  h->update(data);
  return h->hex_digest();
}

namespace detail {

std::vector<std::uint8_t> begin_state(hash_algorithm a, std::size_t payload_size) {
  std::vector<std::uint8_t> v;
  v.reserve(5 + payload_size);
  for (std::uint8_t b : {state_magic[0], state_magic[1], state_magic[2], state_version,
                         static_cast<std::uint8_t>(a)})
    v.push_back(b);  // (inserting the magic as a range made GCC 12 warn: -Wstringop-overflow)
  return v;
}

std::optional<std::span<const std::uint8_t>> check_state(hash_algorithm a,
                                                         std::span<const std::uint8_t> state,
                                                         std::size_t payload_size) {
  if (state.size() != 5 + payload_size) return std::nullopt;
  if (state[0] != 'S' || state[1] != 'L' || state[2] != 'H') return std::nullopt;
  if (state[3] != state_version || state[4] != static_cast<std::uint8_t>(a)) return std::nullopt;
  return state.subspan(5);
}

}  // namespace detail
}  // namespace sluice
