// BitReader / BitWriter / StreamBitReader and the NAL helpers: table-driven reads at every bit
// offset, Exp-Golomb round trips over the value range's edges, errors, guard pages, start-code
// kernels against a naive scanner, emulation prevention against the spec's rules, and the
// Transform contract over a grid of read/write limits.
#define BOOST_TEST_MODULE core.bits
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/mman.h>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <type_traits>
#include <vector>

#include "sluice/bits.hpp"
#include "sluice/cpu.hpp"
#include "sluice/nal.hpp"
#include "support/printing.hpp"

namespace bdata = boost::unit_test::data;
using namespace sluice;
using bytes = std::vector<std::uint8_t>;

namespace {

// The seed of every randomised test: SLUICE_TEST_SEED replays a run; printed either way.
std::uint64_t seed() {
  static std::uint64_t s = [] {
    const char* e = std::getenv("SLUICE_TEST_SEED");
    std::uint64_t v = e ? std::strtoull(e, nullptr, 0) : std::random_device{}();
    std::printf("core.bits: seed %llu (replay with SLUICE_TEST_SEED=%llu)\n",
                static_cast<unsigned long long>(v), static_cast<unsigned long long>(v));
    return v;
  }();
  return s;
}

bytes random_bytes(std::mt19937_64& g, std::size_t n) {
  bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(g());
  return b;
}

// The reference: one bit at a time, no cleverness. Bits past the end are 0.
std::uint64_t ref_bits(const bytes& d, std::uint64_t pos, unsigned n) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i, ++pos) {
    const std::uint64_t byte = pos / 8;
    const unsigned bit = byte < d.size() ? (d[byte] >> (7 - pos % 8)) & 1u : 0u;
    v = (v << 1) | bit;
  }
  return v;
}

// Memory with no-access pages on both sides: `n` bytes placed flush against the page after
// (tail = true) or the page before (tail = false).
struct guarded {
  std::uint8_t* base = nullptr;
  std::size_t map_len = 0;
  std::uint8_t* data = nullptr;
  guarded(std::size_t n, bool tail) {
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t body = (n + page - 1) / page * page + (n == 0 ? page : 0);
    map_len = body + 2 * page;
    void* m = ::mmap(nullptr, map_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    BOOST_REQUIRE(m != MAP_FAILED);
    base = static_cast<std::uint8_t*>(m);
    BOOST_REQUIRE(::mprotect(base + page, body, PROT_READ | PROT_WRITE) == 0);
    data = tail ? base + page + body - n : base + page;
  }
  ~guarded() { ::munmap(base, map_len); }
};

}  // namespace

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(reader)

// Every read form at every start offset 0..135 (bit offsets 0..7 within bytes and across the
// 64-bit word boundaries at 56..72 and 120..135) for every width 0..64.
BOOST_AUTO_TEST_CASE(every_width_at_every_offset) {
  std::mt19937_64 g(seed());
  const bytes d = random_bytes(g, 40);
  for (std::uint64_t start = 0; start < 136; ++start) {
    for (unsigned n = 0; n <= 64; ++n) {
      BitReader r(d);
      r.skip_bits(start);
      BOOST_TEST_REQUIRE(r.bit_position() == start);
      BOOST_TEST_REQUIRE(r.peek_bits(n) == ref_bits(d, start, n), "peek n=" << n << " at " << start);
      BOOST_TEST_REQUIRE(r.read_bits(n) == ref_bits(d, start, n), "read n=" << n << " at " << start);
      BOOST_TEST_REQUIRE(r.bit_position() == start + n);
      BOOST_TEST_REQUIRE(r.bits_left() == 320 - start - n);
      BOOST_TEST_REQUIRE(r.read_bit() == ref_bits(d, start + n, 1));
      if (n <= 32) {
        BitReader q(d);
        q.seek_bits(start);
        BOOST_TEST_REQUIRE(q.read_u32(n) == ref_bits(d, start, n));
      }
      BOOST_TEST_REQUIRE(r.ok());
    }
  }
}

// Random sequences of mixed operations against the bit-at-a-time reference (differential).
BOOST_AUTO_TEST_CASE(random_operation_sequences) {
  std::mt19937_64 g(seed() + 1);
  for (int round = 0; round < 300; ++round) {
    const bytes d = random_bytes(g, g() % 200);
    BitReader r(d);
    std::uint64_t pos = 0;
    const std::uint64_t total = d.size() * 8;
    while (pos + 64 <= total) {
      switch (g() % 5) {
        case 0: {
          const unsigned n = static_cast<unsigned>(g() % 65);
          BOOST_TEST_REQUIRE(r.read_bits(n) == ref_bits(d, pos, n));
          pos += n;
          break;
        }
        case 1:
          BOOST_TEST_REQUIRE(r.read_bit() == ref_bits(d, pos, 1));
          ++pos;
          break;
        case 2: {
          const std::uint64_t n = g() % 64;
          r.skip_bits(n);
          pos += n;
          break;
        }
        case 3:
          r.byte_align();
          pos = (pos + 7) / 8 * 8;
          break;
        case 4: {
          const unsigned n = static_cast<unsigned>(g() % 65);
          BOOST_TEST_REQUIRE(r.peek_bits(n) == ref_bits(d, pos, n));
          break;
        }
      }
      BOOST_TEST_REQUIRE(r.bit_position() == pos);
      BOOST_TEST_REQUIRE(r.byte_aligned() == (pos % 8 == 0));
    }
    BOOST_TEST_REQUIRE(r.ok());
  }
}

BOOST_AUTO_TEST_CASE(reading_past_the_end_is_truncated_at_the_end_offset) {
  const bytes d = {0xA5, 0x5A, 0xFF};
  for (unsigned n = 1; n <= 64; ++n) {
    BitReader r(d.data(), d.size(), 1000);
    r.skip_bits(3);
    const std::uint64_t v = r.read_bits(n);
    BOOST_TEST(v == ref_bits(d, 3, n));  // zeros fed past the end
    if (3 + n <= 24) {
      BOOST_TEST(r.ok());
    } else {
      BOOST_TEST(r.status().kind == status_kind::truncated);
      BOOST_TEST(r.status().offset == 1003u);
      BOOST_TEST(r.bits_left() == 0u);
      BOOST_TEST(r.read_bits(8) == 0u);  // still zeros, still truncated
      BOOST_TEST(r.status().kind == status_kind::truncated);
    }
  }
  // Peeking past the end is not an error; consuming exactly everything is fine.
  BitReader r(d);
  BOOST_TEST(r.peek_bits(64) == ref_bits(d, 0, 64));
  BOOST_TEST(r.ok());
  r.skip_bits(24);
  BOOST_TEST(r.ok());
  BOOST_TEST(r.bits_left() == 0u);
  r.skip_bits(1);
  BOOST_TEST(r.status().kind == status_kind::truncated);
  // Empty input.
  BitReader e;
  BOOST_TEST(e.ok());
  BOOST_TEST(e.read_bit() == 0u);
  BOOST_TEST(e.status().kind == status_kind::truncated);
}

BOOST_AUTO_TEST_CASE(invalid_width_is_an_error_and_sticky) {
  const bytes d(16, 0xFF);
  BitReader r(d);
  BOOST_TEST(r.read_bits(65) == 0u);
  BOOST_TEST(r.status().kind == status_kind::invalid_argument);
  BOOST_TEST(r.read_bits(8) == 0u);  // every read after an error returns 0
  BOOST_TEST(r.read_ue() == 0u);
  BOOST_TEST(r.status().kind == status_kind::invalid_argument);
  r.reset();
  BOOST_TEST(r.ok());
  BOOST_TEST(r.read_bits(8) == 0xFFu);
}

BOOST_AUTO_TEST_CASE(seek_and_bits_left) {
  const bytes d(10, 0x0F);
  BitReader r(d);
  r.seek_bits(77);
  BOOST_TEST(r.bit_position() == 77u);
  BOOST_TEST(r.bits_left() == 3u);
  BOOST_TEST(r.read_bits(3) == 7u);
  r.seek_bits(4);
  BOOST_TEST(r.read_bits(8) == 0xF0u);
  r.seek_bits(200);
  BOOST_TEST(r.overrun());
  r.seek_bits(0);
  BOOST_TEST(r.ok());
}

BOOST_AUTO_TEST_CASE(batch_reads) {
  BitWriter w;
  for (std::uint32_t v = 0; v < 1000; ++v) w.write_ue(v * 37);
  const bytes b = w.take();
  std::vector<std::uint32_t> out(1000);
  BitReader r(b);
  BOOST_TEST(r.read_ue_array(out.data(), out.size()) == 1000u);
  for (std::uint32_t v = 0; v < 1000; ++v) BOOST_TEST_REQUIRE(out[v] == v * 37);
  const bytes d = {0x12, 0x34, 0x56};
  BitReader q(d);
  std::uint32_t f[6];
  BOOST_TEST(q.read_bits_array(f, 6, 4) == 6u);
  BOOST_TEST(f[0] == 1u);
  BOOST_TEST(f[5] == 6u);
  BitReader t(d);
  BOOST_TEST(t.read_bits_array(f, 4, 7) == 3u);  // 21 of 24 bits, the 4th field is cut off
  BOOST_TEST(t.status().kind == status_kind::truncated);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(exp_golomb)

// Table 9-2 / 9-3 of H.264 (codeNum -> bit string, codeNum -> se value): independent of the
// writer.
BOOST_AUTO_TEST_CASE(spec_tables) {
  struct row { const char* bits; std::uint32_t ue; std::int32_t se; };
  const row rows[] = {{"1", 0, 0},         {"010", 1, 1},      {"011", 2, -1},
                      {"00100", 3, 2},     {"00101", 4, -2},   {"00110", 5, 3},
                      {"00111", 6, -3},    {"0001000", 7, 4},  {"0001110", 13, 7},
                      {"000010000", 15, 8}};
  for (const row& rw : rows) {
    // Pack the string at every bit offset 0..7 after a run of ones.
    for (unsigned pad = 0; pad < 8; ++pad) {
      std::string s(pad, '1');
      s += rw.bits;
      bytes d((s.size() + 7) / 8 + 1, 0);
      for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == '1') d[i / 8] |= static_cast<std::uint8_t>(0x80 >> (i % 8));
      BitReader r(d);
      r.skip_bits(pad);
      BOOST_TEST(r.read_ue() == rw.ue);
      BOOST_TEST(r.bit_position() == s.size());
      BitReader q(d);
      q.skip_bits(pad);
      BOOST_TEST(q.read_se() == rw.se);
      BOOST_TEST(q.ok());
      // And the writer produces exactly those bits.
      BitWriter w;
      w.write_bits((1ull << pad) - 1, pad);
      w.write_ue(rw.ue);
      BOOST_TEST(w.bit_position() == s.size());
      bytes wb = w.bytes();
      wb.resize(d.size(), 0);
      BOOST_TEST(wb == d);
    }
  }
}

std::vector<std::uint64_t> ue_edges() {
  std::vector<std::uint64_t> v = {0, 1, 2, 0xFFFFFFFEull};
  for (unsigned k = 1; k <= 32; ++k) {
    const std::uint64_t p = std::uint64_t{1} << k;
    for (std::uint64_t x : {p - 2, p - 1, p})
      if (x <= 0xFFFFFFFEull) v.push_back(x);
  }
  return v;
}

BOOST_AUTO_TEST_CASE(ue_round_trip_over_the_range_edges_at_every_offset) {
  const auto edges = ue_edges();
  for (unsigned pad = 0; pad < 72; ++pad) {
    BitWriter w;
    for (unsigned i = 0; i < pad; ++i) w.write_bit(i & 1);
    for (std::uint64_t v : edges) w.write_ue(v);
    w.write_trailing_bits();
    BOOST_TEST_REQUIRE(w.status().is_ok());
    const bytes b = w.take();
    BitReader r(b);
    r.skip_bits(pad);
    for (std::uint64_t v : edges) BOOST_TEST_REQUIRE(r.read_ue() == v, "pad " << pad);
    BOOST_TEST(r.read_bit() == 1u);
    BOOST_TEST(r.ok());
  }
}

BOOST_AUTO_TEST_CASE(se_round_trip_over_the_range_edges) {
  std::vector<std::int64_t> v = {0, 1, -1, INT32_MAX, INT32_MIN + 1, INT32_MAX - 1, INT32_MIN + 2};
  for (unsigned k = 1; k < 31; ++k) {
    const std::int64_t p = std::int64_t{1} << k;
    for (std::int64_t x : {p - 1, p, p + 1}) {
      v.push_back(x);
      v.push_back(-x);
    }
  }
  for (unsigned pad = 0; pad < 9; ++pad) {
    BitWriter w;
    w.write_bits(0, pad);
    for (std::int64_t x : v) w.write_se(x);
    BOOST_TEST_REQUIRE(w.status().is_ok());
    const bytes b = w.take();
    BitReader r(b);
    r.skip_bits(pad);
    for (std::int64_t x : v) BOOST_TEST_REQUIRE(r.read_se() == x);
    BOOST_TEST(r.ok());
  }
}

BOOST_AUTO_TEST_CASE(random_ue_se_streams) {
  std::mt19937_64 g(seed() + 2);
  for (int round = 0; round < 50; ++round) {
    std::vector<std::uint32_t> u;
    std::vector<std::int32_t> s;
    BitWriter w;
    for (int i = 0; i < 2000; ++i) {
      const unsigned bitsz = static_cast<unsigned>(g() % 33);
      std::uint32_t x = static_cast<std::uint32_t>(g() & ((std::uint64_t{1} << bitsz) - 1));
      if (x == 0xFFFFFFFFu) x = 0xFFFFFFFEu;
      u.push_back(x);
      w.write_ue(x);
      std::int32_t y = static_cast<std::int32_t>(g());
      if (y == INT32_MIN) y = INT32_MIN + 1;
      y >>= g() % 31;
      s.push_back(y);
      w.write_se(y);
    }
    const bytes b = w.take();
    BitReader r(b);
    for (std::size_t i = 0; i < u.size(); ++i) {
      BOOST_TEST_REQUIRE(r.read_ue() == u[i]);
      BOOST_TEST_REQUIRE(r.read_se() == s[i]);
    }
    BOOST_TEST(r.ok());
  }
}

BOOST_AUTO_TEST_CASE(over_long_prefix_is_corrupt) {
  // 32 zeros then a 1 (the code for 2^32-1, out of range) followed by plenty of data.
  for (unsigned pad = 0; pad < 8; ++pad) {
    BitWriter w;
    w.write_bits(0, pad);
    w.write_bits(0, 32);
    w.write_bits(1, 1);
    w.write_bits(0xFFFFFFFFull, 32);
    w.write_bits(0xFFFFull, 16);
    const bytes b = w.take();
    BitReader r(b.data(), b.size(), 500);
    r.skip_bits(pad);
    BOOST_TEST(r.read_ue() == 0u);
    BOOST_TEST(r.status().kind == status_kind::corrupt);
    BOOST_TEST(r.status().offset == 500u + pad / 8);
    BOOST_TEST(r.read_bits(8) == 0u);  // sticky
    BOOST_TEST(r.status().kind == status_kind::corrupt);
  }
  // 31 zeros is the longest legal prefix: 2^32-2 is the largest value.
  BitWriter w;
  w.write_bits(0, 31);
  w.write_bits(0xFFFFFFFFull, 32);
  const bytes b = w.take();
  BitReader r(b);
  BOOST_TEST(r.read_ue() == 0xFFFFFFFEu);
  BOOST_TEST(r.ok());
  BOOST_TEST(r.bits_left() == b.size() * 8 - 63);
}

BOOST_AUTO_TEST_CASE(codes_cut_by_the_end_are_truncated) {
  // Every prefix of the encoding of a long value ends early.
  BitWriter w;
  w.write_ue(123456789);
  const std::uint64_t len = w.bit_position();
  const bytes b = w.take();
  for (std::size_t cut = 0; cut < b.size(); ++cut) {
    BitReader r(b.data(), cut);
    (void)r.read_ue();
    BOOST_TEST(r.status().kind == status_kind::truncated);
    BOOST_TEST(r.status().offset == cut);
  }
  BitReader r(b);
  BOOST_TEST(r.read_ue() == 123456789u);
  BOOST_TEST(r.bit_position() == len);
  // All zeros to the end: up to 32 zero bits the prefix may still end (truncated); with
  // more than 32 real zero bits it is over-long whatever follows (corrupt).
  for (std::size_t n : {0, 1, 3, 4, 5, 8, 9, 16}) {
    const bytes z(n, 0);
    BitReader q(z);
    (void)q.read_ue();
    BOOST_TEST(q.status().kind == (n <= 4 ? status_kind::truncated : status_kind::corrupt),
               "zeros " << n);
  }
}

BOOST_AUTO_TEST_CASE(writer_rejects_what_does_not_fit) {
  BitWriter w;
  w.write_ue(0xFFFFFFFFull);
  BOOST_TEST(w.status().kind == status_kind::invalid_argument);
  BitWriter a;
  a.write_bits(4, 2);
  BOOST_TEST(a.status().kind == status_kind::invalid_argument);
  BitWriter s;
  s.write_se(INT32_MIN);
  BOOST_TEST(s.status().kind == status_kind::invalid_argument);
  BitWriter t;
  t.write_bits(5, 3);
  t.write_trailing_bits();
  BOOST_TEST((t.bytes() == bytes{0xB0}));  // 101 1 0000
  t.write_bit(1);
  t.byte_align(1);
  BOOST_TEST((t.bytes() == bytes{0xB0, 0xFF}));
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(guard_pages)

// The reader's fast path loads 8 bytes at a time: with the data flush against a no-access
// page it must still never touch it, for every size and every read form (a fault kills the
// test).
BOOST_AUTO_TEST_CASE(reader_never_reads_outside_the_data) {
  std::mt19937_64 g(seed() + 3);
  for (std::size_t n = 0; n <= 80; ++n) {
    for (bool tail : {true, false}) {
      guarded m(n, tail);
      for (std::size_t i = 0; i < n; ++i) m.data[i] = static_cast<std::uint8_t>(g() | 1);
      const bytes copy(m.data, m.data + n);
      for (unsigned width : {1u, 3u, 8u, 13u, 32u, 57u, 64u}) {
        BitReader r(m.data, n);
        std::uint64_t pos = 0;
        while (pos < n * 8 + 70) {
          BOOST_TEST_REQUIRE(r.peek_bits(width) == ref_bits(copy, pos, width));
          BOOST_TEST_REQUIRE(r.read_bits(width) == ref_bits(copy, pos, width));
          pos += width;
        }
        BOOST_TEST(r.ok() == (pos <= n * 8));
      }
      BitReader r(m.data, n);
      while (r.bits_left()) (void)r.read_ue();
      (void)r.read_ue();
      (void)r.read_se();
      BitReader s(m.data, n);
      s.seek_bits(n * 8);
      (void)s.read_bits(64);
    }
  }
}

BOOST_AUTO_TEST_CASE(start_code_kernels_never_read_outside_the_data) {
  const std::uint32_t saved = cpu::set_mask(~0u);
  for (std::uint32_t mask : {~0u, ~std::uint32_t{cpu::avx2}, 0u}) {
    (void)cpu::set_mask(mask);
    for (std::size_t n = 0; n <= 200; ++n) {
      for (bool tail : {true, false}) {
        guarded m(n, tail);
        std::memset(m.data, 0, n);
        if (n >= 3) {
          m.data[n - 1] = 1;  // the only start code ends at the last byte
          BOOST_TEST_REQUIRE(nal::find_start_code(m.data, n) == (n >= 4 ? n - 3 : 0));
          m.data[n - 1] = 0;
        }
        BOOST_TEST_REQUIRE(nal::find_start_code(m.data, n) == n);
        std::vector<std::uint8_t> esc(nal::escaped_size_bound(n));
        (void)nal::unescape(m.data, n, m.data);
      }
    }
  }
  (void)cpu::set_mask(saved);
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(streaming)

// Decoding ue codes from an io_buffer fed in pieces of every size on the grid gives the same
// values as decoding them from the whole input; need_input arrives at a clean resume point.
BOOST_DATA_TEST_CASE(ue_codes_over_any_chunking, bdata::make({1, 2, 3, 7, 101, 4096, 0}), limit) {
  std::mt19937_64 g(seed() + 4);
  BitWriter w;
  std::vector<std::uint32_t> values;
  for (int i = 0; i < 3000; ++i) {
    const std::uint32_t v = static_cast<std::uint32_t>(g() >> (33 + g() % 31));
    values.push_back(v);
    w.write_ue(v);
    w.write_bits(i & 7, 3);
  }
  w.write_trailing_bits();
  const bytes input = w.take();
  std::vector<std::uint8_t> mem(input.size() + 8192);
  io_buffer src = io_buffer::over(mem.data(), mem.size());
  std::size_t fed = 0;
  auto feed = [&] {
    src.compact();
    const std::size_t n = std::min<std::size_t>(limit ? static_cast<std::size_t>(limit) : input.size(),
                                                input.size() - fed);
    BOOST_TEST_REQUIRE(src.write_some(input.data() + fed, n) == n);
    fed += n;
    if (fed == input.size()) src.closed = true;
  };
  StreamBitReader sr;
  std::size_t got = 0;
  int need_inputs = 0;
  while (got < values.size()) {
    BitReader& r = sr.begin(src);
    const std::uint32_t v = r.read_ue();
    const std::uint32_t tag = static_cast<std::uint32_t>(r.read_bits(3));
    const status st = sr.commit(src);
    if (st.kind == status_kind::need_input) {
      ++need_inputs;
      feed();
      continue;
    }
    BOOST_TEST_REQUIRE(st.is_ok(), st);
    BOOST_TEST_REQUIRE(v == values[got]);
    BOOST_TEST_REQUIRE(tag == (got & 7));
    ++got;
  }
  BOOST_TEST(need_inputs >= 1);
  // Then the stop bit and the padding (the last byte may not have been fed yet).
  for (;;) {
    BitReader& r = sr.begin(src);
    const std::uint32_t stop = r.read_bit();
    r.byte_align();
    const status st = sr.commit(src);
    if (st.kind == status_kind::need_input) {
      feed();
      continue;
    }
    BOOST_TEST_REQUIRE(st.is_ok(), st);
    BOOST_TEST(stop == 1u);
    break;
  }
  BOOST_TEST(fed == input.size());
  // Reading past the end of a closed source is truncated, at the end's stream offset.
  BitReader& r2 = sr.begin(src);
  (void)r2.read_bit();
  const status st = sr.commit(src);
  BOOST_TEST(st.kind == status_kind::truncated);
  BOOST_TEST(st.offset == input.size());
}

BOOST_AUTO_TEST_SUITE_END()

// ---------------------------------------------------------------------------------------
BOOST_AUTO_TEST_SUITE(nal_helpers)

std::size_t naive_find(const std::uint8_t* d, std::size_t n) {
  for (std::size_t i = 0; i + 3 <= n; ++i)
    if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) return i;
  return n;
}

// Every kernel (forced through the CPU mask) against the naive scanner on data with few,
// many and no zero bytes; the kernel that ran is the one the mask asked for.
BOOST_AUTO_TEST_CASE(start_code_kernels_match_a_naive_scan) {
  std::mt19937_64 g(seed() + 5);
  const std::uint32_t saved = cpu::set_mask(~0u);
  struct forced { std::uint32_t mask; const char* name; };
  std::vector<forced> kernels = {{0u, "portable"}};
  if (cpu::detected() & cpu::sse2) kernels.push_back({cpu::sse2, "sse2"});
  if (cpu::detected() & cpu::avx2) kernels.push_back({cpu::sse2 | cpu::avx2, "avx2"});
  for (const forced& k : kernels) {
    (void)cpu::set_mask(k.mask);
#if defined(__x86_64__)
    BOOST_TEST(std::string(nal::start_code_kernel()) == k.name);
#endif
    for (int round = 0; round < 3000; ++round) {
      const std::size_t n = g() % 300;
      bytes d(n);
      const unsigned density = static_cast<unsigned>(g() % 4);
      for (auto& x : d) {
        const std::uint64_t r = g();
        x = density == 0 ? static_cast<std::uint8_t>(r | 4)
            : (r % (density * 3) == 0) ? static_cast<std::uint8_t>((r >> 8) % 3)
                                       : static_cast<std::uint8_t>(r >> 16);
      }
      if (n >= 3 && g() % 2) {
        const std::size_t at = g() % (n - 2);
        d[at] = 0, d[at + 1] = 0, d[at + 2] = 1;
      }
      for (std::size_t from = 0; from <= n; from += 1 + g() % 40) {
        BOOST_TEST_REQUIRE(nal::find_start_code(d.data() + from, n - from) ==
                               naive_find(d.data() + from, n - from),
                           k.name << " n=" << n << " from=" << from);
      }
      BOOST_TEST_REQUIRE(nal::find_start_code_portable(d.data(), n) == naive_find(d.data(), n));
    }
  }
  (void)cpu::set_mask(saved);
}

BOOST_AUTO_TEST_CASE(splitter_finds_units_and_skips_garbage) {
  const bytes s = {'g', 'a', 'r', 0x01, 0x00, 0x00, 0x00, 0x01, 0x67, 0xAA, 0x00, 0x00,
                   0x00, 0x01, 0x68, 0xBB, 0xCC, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01,
                   0x65, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00};
  nal::splitter sp(s);
  std::vector<std::pair<std::size_t, std::size_t>> units;
  for (nal::unit u; sp.next(u);) units.push_back({u.offset, u.size});
  const std::vector<std::pair<std::size_t, std::size_t>> expect = {{8, 2}, {14, 3}, {23, 5}};
  BOOST_TEST((units == expect));
  nal::splitter none(bytes{1, 2, 3, 0, 0});
  nal::unit u;
  BOOST_TEST(!none.next(u));
}

BOOST_AUTO_TEST_CASE(emulation_prevention_vectors) {
  // (RBSP, escaped NAL payload) pairs from the rules of 7.4.1 / 7.4.2.
  const std::vector<std::pair<bytes, bytes>> v = {
      {{0x00, 0x00, 0x00}, {0x00, 0x00, 0x03, 0x00}},
      {{0x00, 0x00, 0x01}, {0x00, 0x00, 0x03, 0x01}},
      {{0x00, 0x00, 0x02}, {0x00, 0x00, 0x03, 0x02}},
      {{0x00, 0x00, 0x03}, {0x00, 0x00, 0x03, 0x03}},
      {{0x00, 0x00, 0x04}, {0x00, 0x00, 0x04}},
      {{0x00, 0x00}, {0x00, 0x00, 0x03}},  // cabac_zero_word rule at the end
      {{0x00, 0x00, 0x00, 0x00}, {0x00, 0x00, 0x03, 0x00, 0x00, 0x03}},
      {{0x00, 0x00, 0x03, 0x00, 0x00, 0x03}, {0x00, 0x00, 0x03, 0x03, 0x00, 0x00, 0x03, 0x03}},
      {{0x01, 0x00, 0x05, 0x00, 0x00, 0x10}, {0x01, 0x00, 0x05, 0x00, 0x00, 0x10}},
  };
  for (const auto& [raw, esc] : v) {
    BOOST_TEST(nal::escape(raw) == esc);
    BOOST_TEST(nal::unescape(esc) == raw);
  }
  // In place.
  bytes x = {0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03};
  x.resize(nal::unescape(x.data(), x.size(), x.data()));
  BOOST_TEST((x == bytes{0x00, 0x00, 0x01, 0x00, 0x00}));
}

bytes zero_heavy(std::mt19937_64& g, std::size_t n) {
  bytes b(n);
  for (auto& x : b) {
    const std::uint64_t r = g();
    x = r % 3 == 0 ? 0 : (r % 5 == 0 ? static_cast<std::uint8_t>((r >> 8) % 4) : static_cast<std::uint8_t>(r >> 16));
  }
  return b;
}

BOOST_AUTO_TEST_CASE(escape_round_trip_and_forbidden_patterns) {
  std::mt19937_64 g(seed() + 6);
  for (int round = 0; round < 2000; ++round) {
    const bytes raw = zero_heavy(g, g() % 500);
    const bytes esc = nal::escape(raw);
    BOOST_TEST_REQUIRE(esc.size() <= nal::escaped_size_bound(raw.size()));
    BOOST_TEST_REQUIRE(nal::unescape(esc) == raw);
    // 7.4.1: no 0x000000, 0x000001, 0x000002 at any position, and no 0x00000300..03 other
    // than as emulation prevention (so 0x00000300..03 as four bytes is impossible... the
    // 0x03 after 0x0000 is always the inserted byte: the raw data never shows through).
    for (std::size_t i = 0; i + 2 < esc.size(); ++i) {
      if (esc[i] == 0 && esc[i + 1] == 0) {
        BOOST_TEST_REQUIRE(esc[i + 2] > 2, "forbidden 0x0000" << int(esc[i + 2]) << " at " << i);
      }
    }
    // The escaped form never ends in 0x00 0x00 (it would merge with a following start code).
    if (esc.size() >= 2) BOOST_TEST_REQUIRE(!(esc[esc.size() - 1] == 0 && esc[esc.size() - 2] == 0));
    // And nothing that looks like a start code: scanning finds none.
    BOOST_TEST_REQUIRE(naive_find(esc.data(), esc.size()) == esc.size());
  }
}

// Runs a transform with the input fed `in_limit` bytes at a time and the output drained
// `out_limit` bytes at a time (0 = unlimited).
bytes run_transform(Transform& t, const bytes& input, std::size_t in_limit, std::size_t out_limit) {
  t.reset();
  bytes out;
  std::vector<std::uint8_t> in_mem(input.size() + 1), out_mem(out_limit ? out_limit : input.size() * 2 + 16);
  io_buffer src = io_buffer::over(in_mem.data(), in_mem.size());
  io_buffer dst = io_buffer::over(out_mem.data(), out_mem.size());
  std::size_t fed = 0;
  for (int guard = 0; guard < 10'000'000; ++guard) {
    const status st = t.transform(dst, src);
    out.insert(out.end(), dst.data + dst.ri, dst.data + dst.wi);
    dst.ri = dst.wi = 0;
    if (st.is_end()) return out;
    BOOST_REQUIRE(!st.is_error());
    if (st.kind == status_kind::need_input) {
      BOOST_REQUIRE(src.reader_length() == 0);
      src.compact();
      const std::size_t n = std::min(in_limit ? in_limit : input.size(), input.size() - fed);
      (void)src.write_some(input.data() + fed, n);
      fed += n;
      if (fed == input.size()) src.closed = true;
    }
  }
  BOOST_FAIL("transform made no progress");
  return out;
}

BOOST_DATA_TEST_CASE(transforms_over_the_limit_grid,
                     bdata::make({1, 2, 3, 7, 101, 4096, 0}) * bdata::make({1, 2, 3, 7, 101, 4096, 0}),
                     in_limit, out_limit) {
  std::mt19937_64 g(seed() + 7);
  nal::Unescaper un;
  nal::Escaper es;
  for (int round = 0; round < 6; ++round) {
    const bytes raw = zero_heavy(g, round == 0 ? 0 : g() % 6000);
    const bytes esc = nal::escape(raw);
    BOOST_TEST_REQUIRE(run_transform(es, raw, static_cast<std::size_t>(in_limit),
                                     static_cast<std::size_t>(out_limit)) == esc);
    BOOST_TEST_REQUIRE(run_transform(un, esc, static_cast<std::size_t>(in_limit),
                                     static_cast<std::size_t>(out_limit)) == raw);
    // Also input that is not a valid escaped payload (unescape is lenient: same as one-shot).
    const bytes junk = zero_heavy(g, g() % 3000);
    BOOST_TEST_REQUIRE(run_transform(un, junk, static_cast<std::size_t>(in_limit),
                                     static_cast<std::size_t>(out_limit)) == nal::unescape(junk));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reader_edges)

BOOST_AUTO_TEST_CASE(huge_skips_do_not_wrap) {
  const bytes d(16, 0xFF);
  BitReader r(d);
  r.skip_bits(5);
  r.skip_bits(~std::uint64_t{0});
  BOOST_TEST(r.overrun());
  BOOST_TEST(r.bits_left() == 0u);
  BOOST_TEST(r.read_bits(64) == 0u);
  BOOST_TEST(r.status().kind == status_kind::truncated);
  BOOST_TEST(r.status().offset == 16u);
  r.seek_bits(~std::uint64_t{0});
  BOOST_TEST(r.overrun());
  BOOST_TEST(r.read_ue() == 0u);
  BOOST_TEST(r.status().kind == status_kind::truncated);
}

BOOST_AUTO_TEST_CASE(reader_is_a_small_flat_value) {
  static_assert(std::is_trivially_copyable_v<BitReader>);
  static_assert(sizeof(BitReader) <= 72);
  const bytes d = {0x12, 0x34};
  BitReader a(d);
  (void)a.read_bits(4);
  BitReader b = a;  // copies backtrack
  BOOST_TEST(a.read_bits(8) == 0x23u);
  BOOST_TEST(b.read_bits(8) == 0x23u);
}

BOOST_AUTO_TEST_SUITE_END()
