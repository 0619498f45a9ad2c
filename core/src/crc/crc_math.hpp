// Internal: the polynomial arithmetic behind every CRC kernel, evaluated at compile time.
//
// All four CRCs sluice offers are *reflected* CRCs with init = xorout = all ones:
//
//   name        width  polynomial (normal form)   source: the CRC catalogue (reveng) entries
//   crc32       32     0x04C11DB7                 CRC-32/ISO-HDLC
//   crc32c      32     0x1EDC6F41                 CRC-32/ISCSI
//   crc64       64     0x42F0E1EBA9EA3693         CRC-64/XZ
//   crc64nvme   64     0xAD93D23594C93659         CRC-64/NVME
//
// Conventions used by every kernel (see crc_x86_pclmul.cpp for the derivation):
//   - a "raw state" is the CRC register before the final xor; kernels map raw state -> raw state;
//   - reflected W-bit value: bit j is the coefficient of x^(W-1-j);
//   - a reflected 64-bit folding constant: bit j is the coefficient of x^(63-j).
//
// The functions here are constexpr and only ever evaluated in constant initialisers (the
// constexpr tables below, static constexpr locals in the kernels): none is called at run time,
// so none is emitted, and translation units compiled with different -m flags (one per
// instruction set) cannot share an out-of-line copy compiled for the wrong CPU. (They are not
// consteval because clang 14, emscripten 3.1.6's compiler, rejects consteval calls inside
// consteval function templates.)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace sluice::detail::crc {

/// Catalogue parameters of one CRC. `poly` excludes the x^width term.
struct params {
  unsigned width;
  std::uint64_t poly;
};

inline constexpr params crc32_params{32, 0x04C11DB7u};
inline constexpr params crc32c_params{32, 0x1EDC6F41u};
inline constexpr params crc64_params{64, 0x42F0E1EBA9EA3693u};
inline constexpr params crc64nvme_params{64, 0xAD93D23594C93659u};

constexpr std::uint64_t reverse_bits(std::uint64_t v, unsigned bits) {
  std::uint64_t r = 0;
  for (unsigned i = 0; i < bits; ++i) r |= ((v >> i) & 1u) << (bits - 1 - i);
  return r;
}

constexpr std::uint64_t width_mask(unsigned w) { return w == 64 ? ~0ull : (1ull << w) - 1; }

/// v * x^n mod P, in normal form (bit i = coefficient of x^i), by n multiplications by x.
constexpr std::uint64_t mul_xpow(std::uint64_t v, std::uint64_t n, params p) {
  const std::uint64_t top = 1ull << (p.width - 1);
  const std::uint64_t mask = width_mask(p.width);
  for (std::uint64_t i = 0; i < n; ++i) {
    const bool carry = (v & top) != 0;
    v = (v << 1) & mask;
    if (carry) v ^= p.poly;
  }
  return v;
}

/// x^n mod P, in normal form.
constexpr std::uint64_t xpow_mod(std::uint64_t n, params p) { return mul_xpow(1, n, p); }

/// The polynomial reflected into `width` bits: what the table kernels shift by.
constexpr std::uint64_t reflected_poly(params p) { return reverse_bits(p.poly, p.width); }

/// Byte tables for slicing-by-8: t[0] is the classic one-byte table, t[k][b] advances t[k-1][b]
/// through one more zero byte.
template <typename T>
struct slice8_tables {
  T t[8][256];
};

template <typename T>
constexpr slice8_tables<T> make_slice8(params p) {
  slice8_tables<T> s{};
  const T rp = static_cast<T>(reflected_poly(p));
  for (unsigned b = 0; b < 256; ++b) {
    T c = static_cast<T>(b);
    for (int k = 0; k < 8; ++k) c = (c & 1) ? static_cast<T>((c >> 1) ^ rp) : static_cast<T>(c >> 1);
    s.t[0][b] = c;
  }
  for (unsigned k = 1; k < 8; ++k)
    for (unsigned b = 0; b < 256; ++b) {
      const T prev = s.t[k - 1][b];
      s.t[k][b] = static_cast<T>((prev >> 8) ^ s.t[0][prev & 0xff]);
    }
  return s;
}

/// Folding constants for carry-less-multiply kernels. A 128-bit block X = H*x^64 + L that is
/// followed by D more message bits is replaced by H*k_hi + L*k_lo with
///   k_hi = x^(64+D-1) mod P,  k_lo = x^(D-1) mod P
/// (the -1 compensates for the carry-less product of two reflected 64-bit values landing one
/// bit low in a reflected 128-bit register). fold[i] is for D = 128*i bits, i = 1..16.
struct fold_pair {
  std::uint64_t lo;  ///< multiplies the low qword of the register (H, the earlier bits)
  std::uint64_t hi;  ///< multiplies the high qword (L)
};

struct fold_constants {
  fold_pair fold[17];
  /// The last step folds every remaining register straight into T = message * x^W (degree
  /// < 64+W): a register followed by D = 128*j + 8*r more message bits is multiplied by
  /// tail[r][j] = {x^(64+D+W-1) mod P, x^(D+W-1) mod P}. r = 0..15 is the length of the final
  /// partial block, j = 0..15 the number of whole blocks after the register.
  fold_pair tail[16][16];
  // Barrett reduction of T to the CRC (fold_x86.hpp, reduce()).
  unsigned width;
  std::uint64_t mu;       ///< floor(x^(64+W) / P) without its x^0 term, divided by x, reflected 64-bit
  std::uint64_t poly;     ///< P without its x^0 term, divided by x, reflected 64-bit (x^64 at bit 0)
};

constexpr std::uint64_t reflect64(std::uint64_t normal) { return reverse_bits(normal, 64); }

/// Bits 1..64 of the Barrett quotient floor(x^(64+W) / P), as a 64-bit normal-form value
/// (bit i-1 = coefficient of x^i). Long division with a W-bit window of the remainder.
constexpr std::uint64_t barrett_quotient_high(params p) {
  const std::uint64_t mask = width_mask(p.width);
  std::uint64_t q = 0, win = 0;
  bool top = true;  // the dividend's x^(64+W)
  for (int d = 64 + static_cast<int>(p.width); d >= static_cast<int>(p.width); --d) {
    if (top) {
      const int bit = d - static_cast<int>(p.width);
      if (bit >= 1) q |= 1ull << (bit - 1);
      win ^= p.poly;
    }
    top = (win >> (p.width - 1)) & 1u;
    win = (win << 1) & mask;
  }
  return q;
}

constexpr fold_constants make_fold_constants(params p) {
  // Running powers, each step multiplying by a few more x: a few thousand shifts in all, well
  // inside clang's constant-evaluation step limit.
  fold_constants c{};
  std::uint64_t hi = xpow_mod(127, p);  // x^(D-1) for D = 128
  for (unsigned i = 1; i <= 16; ++i, hi = mul_xpow(hi, 128, p)) {
    c.fold[i].hi = reflect64(hi);
    c.fold[i].lo = reflect64(mul_xpow(hi, 64, p));
  }
  hi = xpow_mod(p.width - 1, p);  // x^(D+W-1) for D = 0, then D = 8 s = 128 j + 8 r
  for (unsigned s = 0; s < 256; ++s, hi = mul_xpow(hi, 8, p)) {
    c.tail[s % 16][s / 16].hi = reflect64(hi);
    c.tail[s % 16][s / 16].lo = reflect64(mul_xpow(hi, 64, p));
  }
  c.width = p.width;
  c.mu = reflect64(barrett_quotient_high(p));
  // P = x^W + poly; (P - 1) / x in normal form is (x^W + poly) >> 1.
  const std::uint64_t top = p.width == 64 ? 1ull << 63 : 1ull << (p.width - 1);
  c.poly = reflect64(top | (p.poly >> 1));
  return c;
}

/// x^(8*2^k) mod P in reflected width-bit form, k = 0..63: the squares that combine() multiplies.
struct shift_powers {
  std::uint64_t pow[64];
};

constexpr shift_powers make_shift_powers(params p) {
  shift_powers s{};
  // x^8 first, then square modulo P by polynomial multiplication in normal form.
  std::uint64_t cur = xpow_mod(8, p);
  for (unsigned k = 0; k < 64; ++k) {
    s.pow[k] = reverse_bits(cur, p.width);
    // cur = cur * cur mod P
    std::uint64_t acc = 0, a = cur;
    for (unsigned i = 0; i < p.width; ++i) {
      if ((cur >> i) & 1u) acc ^= a;
      const bool carry = (a >> (p.width - 1)) & 1u;
      a = (a << 1) & width_mask(p.width);
      if (carry) a ^= p.poly;
    }
    cur = acc;
  }
  return s;
}

inline constexpr auto crc32_tables = make_slice8<std::uint32_t>(crc32_params);
inline constexpr auto crc32c_tables = make_slice8<std::uint32_t>(crc32c_params);
inline constexpr auto crc64_tables = make_slice8<std::uint64_t>(crc64_params);
inline constexpr auto crc64nvme_tables = make_slice8<std::uint64_t>(crc64nvme_params);

inline constexpr fold_constants crc32_fold = make_fold_constants(crc32_params);
inline constexpr fold_constants crc32c_fold = make_fold_constants(crc32c_params);
inline constexpr fold_constants crc64_fold = make_fold_constants(crc64_params);
inline constexpr fold_constants crc64nvme_fold = make_fold_constants(crc64nvme_params);

}  // namespace sluice::detail::crc
