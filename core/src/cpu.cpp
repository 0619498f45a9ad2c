#include "sluice/cpu.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>  // compiler-provided, not an OS header
#endif

namespace sluice::cpu {

namespace {

struct named { std::uint32_t flag; const char* name; };
constexpr named kNames[] = {
    {sse2, "sse2"},       {ssse3, "ssse3"},       {sse41, "sse41"},       {sse42, "sse42"},
    {pclmul, "pclmul"},   {avx, "avx"},           {avx2, "avx2"},         {bmi2, "bmi2"},
    {sha_ni, "sha"},      {avx512f, "avx512f"},   {avx512bw, "avx512bw"}, {avx512vl, "avx512vl"},
    {vpclmul, "vpclmul"}, {wasm_simd128, "simd128"},
};

std::uint32_t detect() noexcept {
  std::uint32_t f = 0;
#if defined(__x86_64__) || defined(__i386__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  if (d & (1u << 26)) f |= sse2;
  if (c & (1u << 9)) f |= ssse3;
  if (c & (1u << 19)) f |= sse41;
  if (c & (1u << 20)) f |= sse42;
  if (c & (1u << 1)) f |= pclmul;
  const bool osxsave = c & (1u << 27);
  const bool has_avx = c & (1u << 28);
  std::uint64_t xcr0 = 0;
  if (osxsave) {
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = (static_cast<std::uint64_t>(hi) << 32) | lo;
  }
  const bool ymm = (xcr0 & 0x6) == 0x6;            // XMM and YMM state saved by the OS
  const bool zmm = ymm && (xcr0 & 0xe0) == 0xe0;   // opmask, ZMM_Hi256, Hi16_ZMM
  if (has_avx && ymm) f |= avx;
  unsigned max = __get_cpuid_max(0, nullptr);
  if (max >= 7) {
    __cpuid_count(7, 0, a, b, c, d);
    if ((b & (1u << 5)) && (f & avx)) f |= avx2;
    if (b & (1u << 8)) f |= bmi2;
    if (b & (1u << 29)) f |= sha_ni;
    if (zmm) {
      if (b & (1u << 16)) f |= avx512f;
      if (b & (1u << 30)) f |= avx512bw;
      if (b & (1u << 31)) f |= avx512vl;
    }
    if ((c & (1u << 10)) && (f & avx)) f |= vpclmul;
  }
#elif defined(__wasm_simd128__)
  f |= wasm_simd128;
#endif
  return f;
}

std::uint32_t parse_env_mask() noexcept {
  const char* e = std::getenv("SLUICE_CPU_MASK");  // NOLINT(concurrency-mt-unsafe): read once
  if (!e || !*e || std::strcmp(e, "all") == 0) return ~0u;
  if (std::strcmp(e, "none") == 0) return 0;
  std::uint32_t m = 0;
  std::string s(e);
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    std::string tok = s.substr(start, end - start);
    for (const auto& n : kNames)
      if (tok == n.name) m |= n.flag;
    start = end + 1;
  }
  return m;
}

std::atomic<std::uint32_t> g_detected{0};
std::atomic<std::uint32_t> g_mask{0};
std::atomic<bool> g_init{false};

constexpr std::uint32_t current_of(std::uint32_t detected, std::uint32_t mask) noexcept {
  return (detected & mask & ~detail::features_ready) | detail::features_ready;
}

void init() noexcept {
  if (g_init.load(std::memory_order_acquire)) return;
  // Racing initialisations compute the same values; relaxed stores then a release flag.
  const std::uint32_t d = detect();
  const std::uint32_t m = parse_env_mask();
  g_detected.store(d, std::memory_order_relaxed);
  g_mask.store(m, std::memory_order_relaxed);
  detail::g_current.store(current_of(d, m), std::memory_order_relaxed);
  g_init.store(true, std::memory_order_release);
}

}  // namespace

namespace detail {
// Zero (not ready) until init(): constant-initialised, so any static constructor may ask.
constinit std::atomic<std::uint32_t> g_current{0};

std::uint32_t features_slow() noexcept {
  init();
  return g_current.load(std::memory_order_relaxed) & ~features_ready;
}
}  // namespace detail

std::uint32_t detected() noexcept {
  init();
  return g_detected.load(std::memory_order_relaxed);
}

// Tests change the mask from one thread; kernels read features() on every call, so the next
// call after set_mask() uses the new mask.
std::uint32_t set_mask(std::uint32_t mask) noexcept {
  init();
  const std::uint32_t old = g_mask.exchange(mask, std::memory_order_relaxed);
  detail::g_current.store(current_of(g_detected.load(std::memory_order_relaxed), mask),
                          std::memory_order_relaxed);
  return old;
}

std::string describe(std::uint32_t flags) {
  std::string s;
  for (const auto& n : kNames)
    if (flags & n.flag) {
      if (!s.empty()) s += ',';
      s += n.name;
    }
  return s.empty() ? "none" : s;
}

}  // namespace sluice::cpu
