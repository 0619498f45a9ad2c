// Bit reading, Exp-Golomb decoding, start-code scanning and NAL unescaping.
//
//   bits/read_bits_u32/{sluice,gstreamer}/1MiB   fixed-width fields of 1..32 bits (a repeating
//                                                width pattern), items = fields read
// (the two read benchmarks report items/s only, so that bench/run compares fields and codes
// per second rather than bytes)
//   bits/read_ue/{sluice,bitloop}/1MiB           ue(v) codes of a typical size mix, items = codes
//   bits/start_code/{sluice,memchr}/{1MiB,64MiB} escaped payloads with a start code every 64 KiB
//   bits/unescape/sluice/1MiB                    emulation-prevention removal, bytes
#include <benchmark/benchmark.h>
#include <gst/base/gstbitreader.h>

#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include "sluice/bits.hpp"
#include "sluice/nal.hpp"

namespace {

constexpr std::size_t MiB = 1u << 20;

// Widths 1..32 in a fixed, irregular order (sum 528 bits per round).
constexpr unsigned kWidths[32] = {5,  13, 1,  32, 7,  24, 3,  16, 11, 2,  29, 8,  19, 4,  27, 6,
                                  31, 9,  14, 22, 10, 17, 25, 12, 30, 15, 20, 18, 26, 21, 28, 23};

const std::vector<std::uint8_t>& random_data(std::size_t n) {
  static std::vector<std::uint8_t> d;
  if (d.size() < n) {
    std::mt19937_64 g(42);
    d.resize(n);
    for (auto& x : d) x = static_cast<std::uint8_t>(g());
  }
  return d;
}

// Fields read per pass: as many whole width rounds as fit in n bytes.
std::size_t fields_per_pass(std::size_t n) { return (n * 8 / 528) * 32; }

void read_bits_sluice(benchmark::State& st) {
  const auto& d = random_data(MiB);
  const std::size_t fields = fields_per_pass(MiB);
  for (auto _ : st) {
    sluice::BitReader r(d.data(), MiB);
    std::uint32_t acc = 0;
    for (std::size_t i = 0; i < fields; i += 32)
      for (unsigned w : kWidths) acc += r.read_u32(w);
    if (!r.ok()) st.SkipWithError("reader failed");
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * fields));
}

void read_bits_gstreamer(benchmark::State& st) {
  const auto& d = random_data(MiB);
  const std::size_t fields = fields_per_pass(MiB);
  for (auto _ : st) {
    GstBitReader r;
    gst_bit_reader_init(&r, d.data(), MiB);
    std::uint32_t acc = 0, v = 0;
    bool ok = true;
    for (std::size_t i = 0; i < fields; i += 32)
      for (unsigned w : kWidths) {
        ok &= gst_bit_reader_get_bits_uint32(&r, &v, w) != 0;
        acc += v;
      }
    if (!ok) st.SkipWithError("reader failed");
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * fields));
}

// ue(v) codes: mostly small (as in slice headers / residual syntax), some large.
struct ue_stream {
  std::vector<std::uint8_t> bytes;
  std::size_t codes = 0;
};
const ue_stream& ue_data() {
  static ue_stream s = [] {
    ue_stream u;
    sluice::BitWriter w(MiB + 64);
    std::mt19937_64 g(7);
    while (w.bit_position() < (MiB - 64) * 8) {
      const std::uint64_t r = g();
      const unsigned bits = (r & 7) < 6 ? static_cast<unsigned>(r >> 3) % 5 : static_cast<unsigned>(r >> 3) % 20;
      w.write_ue((r >> 32) & ((1u << bits) - 1));
      ++u.codes;
    }
    w.write_trailing_bits();
    u.bytes = w.take();
    return u;
  }();
  return s;
}

void read_ue_sluice(benchmark::State& st) {
  const ue_stream& u = ue_data();
  for (auto _ : st) {
    sluice::BitReader r(u.bytes);
    std::uint32_t acc = 0;
    for (std::size_t i = 0; i < u.codes; ++i) acc += r.read_ue();
    if (!r.ok()) st.SkipWithError("reader failed");
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * u.codes));
}

// The textbook reader: one bit at a time (what many hand-written parsers do).
void read_ue_bitloop(benchmark::State& st) {
  const ue_stream& u = ue_data();
  for (auto _ : st) {
    const std::uint8_t* d = u.bytes.data();
    std::uint64_t pos = 0;
    auto bit = [&] { const unsigned b = (d[pos >> 3] >> (7 - (pos & 7))) & 1u; ++pos; return b; };
    std::uint32_t acc = 0;
    for (std::size_t i = 0; i < u.codes; ++i) {
      unsigned z = 0;
      while (bit() == 0) ++z;
      std::uint32_t v = 0;
      for (unsigned k = 0; k < z; ++k) v = (v << 1) | bit();
      acc += (1u << z) - 1 + v;
    }
    benchmark::DoNotOptimize(acc);
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations() * u.codes));
}

// Escaped random payloads (no accidental start codes) with a 4-byte start code every 64 KiB.
const std::vector<std::uint8_t>& annexb(std::size_t n) {
  static std::vector<std::uint8_t> s;
  if (s.size() < n) {
    s.clear();
    std::mt19937_64 g(9);
    std::vector<std::uint8_t> raw(64 * 1024);
    while (s.size() < n) {
      for (auto& x : raw) x = static_cast<std::uint8_t>(g() % 5 == 0 ? 0 : g());
      s.insert(s.end(), {0, 0, 0, 1});
      const auto e = sluice::nal::escape(raw);
      s.insert(s.end(), e.begin(), e.end());
    }
  }
  return s;
}

std::size_t memchr_scan(const std::uint8_t* d, std::size_t n) {
  // Look for each 0x01 and check the two bytes before it.
  std::size_t from = 2;
  while (from < n) {
    const void* q = std::memchr(d + from, 1, n - from);
    if (!q) return n;
    const std::size_t j = static_cast<std::size_t>(static_cast<const std::uint8_t*>(q) - d);
    if (d[j - 1] == 0 && d[j - 2] == 0) return j - 2;
    from = j + 1;
  }
  return n;
}

template <std::size_t (*Find)(const std::uint8_t*, std::size_t)>
void start_code(benchmark::State& st) {
  const std::size_t n = static_cast<std::size_t>(st.range(0)) * MiB;
  const auto& s = annexb(n);
  std::size_t expected = 0;  // counted once, untimed, with the plain byte loop
  for (std::size_t i = 0; i + 3 <= n; ++i)
    if (s[i] == 0 && s[i + 1] == 0 && s[i + 2] == 1) ++expected;
  std::size_t found = 0;
  for (auto _ : st) {
    found = 0;
    for (std::size_t p = 0; p < n;) {
      const std::size_t q = p + Find(s.data() + p, n - p);
      if (q >= n) break;
      ++found;
      p = q + 3;
    }
    benchmark::DoNotOptimize(found);
  }
  if (found != expected) st.SkipWithError("start codes missed");
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * n));
}

std::size_t sluice_find(const std::uint8_t* d, std::size_t n) {
  return sluice::nal::find_start_code(d, n);
}

void unescape_sluice(benchmark::State& st) {
  const auto& s = annexb(MiB);
  std::vector<std::uint8_t> out(MiB);
  for (auto _ : st) benchmark::DoNotOptimize(sluice::nal::unescape(s.data(), MiB, out.data()));
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations() * MiB));
}

}  // namespace

BENCHMARK(read_bits_sluice)->Name("bits/read_bits_u32/sluice/1MiB");
BENCHMARK(read_bits_gstreamer)->Name("bits/read_bits_u32/gstreamer/1MiB");
BENCHMARK(read_ue_sluice)->Name("bits/read_ue/sluice/1MiB");
BENCHMARK(read_ue_bitloop)->Name("bits/read_ue/bitloop/1MiB");
BENCHMARK(start_code<sluice_find>)->Name("bits/start_code/sluice/1MiB")->Arg(1);
BENCHMARK(start_code<memchr_scan>)->Name("bits/start_code/memchr/1MiB")->Arg(1);
BENCHMARK(start_code<sluice_find>)->Name("bits/start_code/sluice/64MiB")->Arg(64);
BENCHMARK(start_code<memchr_scan>)->Name("bits/start_code/memchr/64MiB")->Arg(64);
BENCHMARK(unescape_sluice)->Name("bits/unescape/sluice/1MiB");

BENCHMARK_MAIN();
