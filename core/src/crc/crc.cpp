// The public CRC functions: per-call kernel choice, combine(), hex forms.
//
// Dispatch: each CRC has a constexpr list of kernels, best first, each with the cpu features it
// needs; the portable kernel needs none and is last, so a choice always exists. Every call of
// 16 bytes or more reads cpu::features() (two relaxed atomic loads behind one call) and takes
// the first kernel whose needs are met and whose minimum input size (if any: WebAssembly's
// sparse-multiple kernels) the call reaches. There is no cached pointer to invalidate, so a test
// (or SLUICE_CPU_MASK) that changes the mask is honoured by the very next call, from any
// thread. Under 16 bytes no SIMD kernel would do anything but call the table kernel, so the
// check is skipped.
#include "sluice/crc.hpp"

#include "crc_math.hpp"
#include "kernels.hpp"
#if defined(SLUICE_CRC_WASM)
#include "crc_sparse.hpp"
#endif
#include "sluice/cpu.hpp"

namespace sluice {
namespace detail::crc {
namespace {

struct entry {
  const char* name;
  std::uint32_t needs;
  kernel_fn fn;
  std::size_t min_size = 0;  ///< taken only for inputs of at least this many bytes
};

#if defined(SLUICE_CRC_X86)
constexpr std::uint32_t kPclmul = cpu::sse2 | cpu::ssse3 | cpu::sse41 | cpu::pclmul;
constexpr std::uint32_t kSse42 = cpu::sse2 | cpu::sse42 | cpu::pclmul;
constexpr std::uint32_t kV256 = kPclmul | cpu::avx | cpu::avx2 | cpu::vpclmul;
constexpr std::uint32_t kV512 =
    kPclmul | cpu::avx | cpu::avx2 | cpu::avx512f | cpu::avx512bw | cpu::avx512vl | cpu::vpclmul;
#define SLUICE_CRC_X86_KERNELS(c)                         \
  {"vpclmul512", kV512, c##_vpclmul512},                  \
  {"vpclmul256", kV256, c##_vpclmul256},                  \
  {"pclmul", kPclmul, c##_pclmul},
#endif

constexpr entry kCrc32[] = {
#if defined(SLUICE_CRC_X86)
    SLUICE_CRC_X86_KERNELS(crc32)
#endif
#if defined(SLUICE_CRC_WASM)
    {"wasm-sparse", 0, crc32_wasm_sparse, sparse_min_size<4, crc32_sparse>},
    {"wasm-slice16", 0, crc32_wasm},
#endif
    {"portable", 0, crc32_portable}};
constexpr entry kCrc32c[] = {
#if defined(SLUICE_CRC_X86)
    {"vpclmul512", kV512 | cpu::sse42, crc32c_vpclmul512},
    {"vpclmul256", kV256 | cpu::sse42, crc32c_vpclmul256},
    {"sse42", kSse42, crc32c_sse42},
    {"pclmul", kPclmul, crc32c_pclmul},
#endif
#if defined(SLUICE_CRC_WASM)
    {"wasm-sparse", 0, crc32c_wasm_sparse, sparse_min_size<5, crc32c_sparse2>},
    {"wasm-slice16", 0, crc32c_wasm},
#endif
    {"portable", 0, crc32c_portable}};
constexpr entry kCrc64[] = {
#if defined(SLUICE_CRC_X86)
    SLUICE_CRC_X86_KERNELS(crc64)
#endif
#if defined(SLUICE_CRC_WASM)
    {"wasm-sparse", 0, crc64_wasm_sparse, sparse_min_size<11, crc64_sparse2>},
    {"wasm-slice16", 0, crc64_wasm},
#endif
    {"portable", 0, crc64_portable}};
constexpr entry kCrc64nvme[] = {
#if defined(SLUICE_CRC_X86)
    SLUICE_CRC_X86_KERNELS(crc64nvme)
#endif
#if defined(SLUICE_CRC_WASM)
    {"wasm-sparse", 0, crc64nvme_wasm_sparse, sparse_min_size<11, crc64nvme_sparse2>},
    {"wasm-slice16", 0, crc64nvme_wasm},
#endif
    {"portable", 0, crc64nvme_portable}};

template <std::size_t N>
[[gnu::always_inline]] inline const entry& choose(const entry (&list)[N], std::size_t n) noexcept {
  if constexpr (N == 1) {
    return list[0];
  } else {
    const std::uint32_t f = cpu::features();
    for (std::size_t i = 0; i + 1 < N; ++i)
      if ((f & list[i].needs) == list[i].needs && n >= list[i].min_size) return list[i];
    return list[N - 1];
  }
}

template <std::size_t N>
[[gnu::always_inline]] inline std::uint64_t run(const entry (&list)[N], std::uint64_t raw,
                                                const void* data, std::size_t n) noexcept {
  const auto* p = static_cast<const std::uint8_t*>(data);
  if (n < 16) return list[N - 1].fn(raw, p, n);
  return choose(list, n).fn(raw, p, n);
}

template <std::size_t N>
const char* name_for(const entry (&list)[N], std::size_t size) noexcept {
  return size < 16 ? list[N - 1].name : choose(list, size).name;
}

/// a * b mod P for reflected width-bit values (bit j = coefficient of x^(W-1-j)).
template <unsigned W>
std::uint64_t mulmod(std::uint64_t a, std::uint64_t b, std::uint64_t rpoly) noexcept {
  std::uint64_t prod = 0;
  for (std::uint64_t m = 1ull << (W - 1); m; m >>= 1) {  // a's coefficients of x^0, x^1, ...
    if (a & m) prod ^= b;
    b = (b & 1) ? (b >> 1) ^ rpoly : b >> 1;            // b *= x
  }
  return prod;
}

/// crc(A ‖ B) = crc(A) * x^(8 len_b) + crc(B) (mod P), because init == xorout for all four.
template <unsigned W, const params& P>
std::uint64_t combine_raw(std::uint64_t a, std::uint64_t b, std::uint64_t len_b) noexcept {
  static constexpr shift_powers pw = make_shift_powers(P);
  static constexpr std::uint64_t rpoly = reflected_poly(P);
  std::uint64_t x = 1ull << (W - 1);  // x^0
  for (unsigned k = 0; len_b; ++k, len_b >>= 1)
    if (len_b & 1) x = mulmod<W>(x, pw.pow[k], rpoly);
  return mulmod<W>(a, x, rpoly) ^ b;
}

std::string hex(std::uint64_t v, int digits) {
  static const char d[] = "0123456789abcdef";
  std::string s(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, v >>= 4) s[static_cast<std::size_t>(i)] = d[v & 15];
  return s;
}

}  // namespace
}  // namespace detail::crc

namespace dc = detail::crc;

crc32_t crc32(const void* data, std::size_t size, crc32_t prev) noexcept {
  const std::uint32_t raw = ~static_cast<std::uint32_t>(prev);
  return crc32_t{~static_cast<std::uint32_t>(dc::run(dc::kCrc32, raw, data, size))};
}
crc32c_t crc32c(const void* data, std::size_t size, crc32c_t prev) noexcept {
  const std::uint32_t raw = ~static_cast<std::uint32_t>(prev);
  return crc32c_t{~static_cast<std::uint32_t>(dc::run(dc::kCrc32c, raw, data, size))};
}
crc64_t crc64(const void* data, std::size_t size, crc64_t prev) noexcept {
  const std::uint64_t raw = ~static_cast<std::uint64_t>(prev);
  return crc64_t{~dc::run(dc::kCrc64, raw, data, size)};
}
crc64nvme_t crc64nvme(const void* data, std::size_t size, crc64nvme_t prev) noexcept {
  const std::uint64_t raw = ~static_cast<std::uint64_t>(prev);
  return crc64nvme_t{~dc::run(dc::kCrc64nvme, raw, data, size)};
}

crc32_t combine(crc32_t a, crc32_t b, std::uint64_t len_b) noexcept {
  return crc32_t{static_cast<std::uint32_t>(dc::combine_raw<32, dc::crc32_params>(
      static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b), len_b))};
}
crc32c_t combine(crc32c_t a, crc32c_t b, std::uint64_t len_b) noexcept {
  return crc32c_t{static_cast<std::uint32_t>(dc::combine_raw<32, dc::crc32c_params>(
      static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b), len_b))};
}
crc64_t combine(crc64_t a, crc64_t b, std::uint64_t len_b) noexcept {
  return crc64_t{dc::combine_raw<64, dc::crc64_params>(static_cast<std::uint64_t>(a),
                                                       static_cast<std::uint64_t>(b), len_b)};
}
crc64nvme_t combine(crc64nvme_t a, crc64nvme_t b, std::uint64_t len_b) noexcept {
  return crc64nvme_t{dc::combine_raw<64, dc::crc64nvme_params>(
      static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b), len_b)};
}

std::string to_hex(crc32_t c) { return dc::hex(static_cast<std::uint32_t>(c), 8); }
std::string to_hex(crc32c_t c) { return dc::hex(static_cast<std::uint32_t>(c), 8); }
std::string to_hex(crc64_t c) { return dc::hex(static_cast<std::uint64_t>(c), 16); }
std::string to_hex(crc64nvme_t c) { return dc::hex(static_cast<std::uint64_t>(c), 16); }

const char* crc_kernel_name(hash_algorithm a, std::size_t size) noexcept {
  switch (a) {
    case hash_algorithm::crc32: return dc::name_for(dc::kCrc32, size);
    case hash_algorithm::crc32c: return dc::name_for(dc::kCrc32c, size);
    case hash_algorithm::crc64: return dc::name_for(dc::kCrc64, size);
    case hash_algorithm::crc64nvme: return dc::name_for(dc::kCrc64nvme, size);
    default: return nullptr;
  }
}

}  // namespace sluice
