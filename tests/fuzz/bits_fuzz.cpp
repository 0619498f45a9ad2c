// libFuzzer entry point for the bit reader, the NAL helpers and the parameter-set parsers.
//
// Built two ways:
//   - scripts/fuzz: clang++-14 -fsanitize=fuzzer,address,undefined (real fuzzing);
//   - ctest core.bits_fuzz_replay: with replay_main.cpp, which runs the seed corpus in
//     tests/fuzz/corpus/ and deterministic mutations of it.
// Besides "no crash, no UB", it checks properties: the reader agrees with a bit-at-a-time
// reference, unescape(escape(x)) == x, and the Unescaper transform matches the one-shot form.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "sluice/bits.hpp"
#include "sluice/nal.hpp"
#include "sluice/probe.hpp"

namespace {

[[noreturn]] void fail() { std::abort(); }

std::uint64_t ref_bits(const std::uint8_t* d, std::size_t size, std::uint64_t pos, unsigned n) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < n; ++i, ++pos) {
    const std::uint64_t byte = pos / 8;
    v = (v << 1) | (byte < size ? (d[byte] >> (7 - pos % 8)) & 1u : 0u);
  }
  return v;
}

// Uses the first bytes as a program of reads over the rest, checked against the reference.
void fuzz_reader(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return;
  const std::size_t prog_len = data[0] % 32;
  if (size < 1 + prog_len) return;
  const std::uint8_t* prog = data + 1;
  const std::uint8_t* d = data + 1 + prog_len;
  const std::size_t n = size - 1 - prog_len;
  sluice::BitReader r(d, n);
  std::uint64_t pos = 0;
  for (std::size_t i = 0; i < prog_len; ++i) {
    const unsigned op = prog[i] >> 6, arg = prog[i] & 63;
    if (!r.ok()) break;
    switch (op) {
      case 0: {
        const unsigned w = arg + 1;  // 1..64
        if (r.read_bits(w) != ref_bits(d, n, pos, w)) fail();
        pos += w;
        break;
      }
      case 1:
        if (r.peek_bits(arg) != ref_bits(d, n, pos, arg)) fail();
        break;
      case 2:
        r.skip_bits(arg);
        pos += arg;
        break;
      case 3: {
        const std::uint32_t v = r.read_ue();
        if (r.ok()) {
          // Re-encode and compare with the bits consumed.
          sluice::BitWriter w;
          w.write_ue(v);
          const std::uint64_t len = w.bit_position();
          if (r.bit_position() != pos + len) fail();
          const auto& b = w.bytes();
          if (ref_bits(b.data(), b.size(), 0, static_cast<unsigned>(len > 64 ? 64 : len)) !=
              ref_bits(d, n, pos, static_cast<unsigned>(len > 64 ? 64 : len)))
            fail();
          pos += len;
        }
        break;
      }
    }
    if (r.ok() && r.bit_position() != pos) fail();
  }
  // Drain with ue/se until the end: must terminate with ok or an error, never UB.
  sluice::BitReader q(d, n);
  for (int k = 0; k < 100000 && q.ok() && q.bits_left(); ++k) (void)q.read_se();
}

void fuzz_nal(const std::uint8_t* data, std::size_t size) {
  std::vector<std::uint8_t> raw(data, data + size);
  const std::vector<std::uint8_t> esc = sluice::nal::escape(raw);
  if (sluice::nal::unescape(esc) != raw) fail();
  for (std::size_t i = 0; i + 2 < esc.size(); ++i)
    if (esc[i] == 0 && esc[i + 1] == 0 && esc[i + 2] <= 2) fail();
  // The transform with small, data-dependent chunk sizes equals the one-shot.
  const std::vector<std::uint8_t> want = sluice::nal::unescape(raw);
  sluice::nal::Unescaper t;
  std::vector<std::uint8_t> out, in_mem(size + 1), out_mem(7);
  sluice::io_buffer src = sluice::io_buffer::over(in_mem.data(), in_mem.size());
  sluice::io_buffer dst = sluice::io_buffer::over(out_mem.data(), 1 + (size % 7));
  std::size_t fed = 0;
  for (;;) {
    const sluice::status st = t.transform(dst, src);
    out.insert(out.end(), dst.data + dst.ri, dst.data + dst.wi);
    dst.ri = dst.wi = 0;
    if (st.is_end()) break;
    if (st.is_error()) fail();
    if (st.kind == sluice::status_kind::need_input) {
      src.compact();
      const std::size_t k = std::min<std::size_t>(1 + (fed * 7 + size) % 13, size - fed);
      (void)src.write_some(data + fed, k);
      fed += k;
      if (fed == size) src.closed = true;
    }
  }
  if (out != want) fail();
  // Splitting never produces a unit outside the input.
  sluice::nal::splitter sp({data, size});
  for (sluice::nal::unit u; sp.next(u);)
    if (u.size == 0 || u.offset + u.size > size) fail();
  if (sluice::nal::find_start_code(data, size) != sluice::nal::find_start_code_portable(data, size))
    fail();
}

void fuzz_parsers(const std::uint8_t* data, std::size_t size) {
  sluice::probe_result pr;
  const sluice::status st = sluice::probe({data, size}, pr);
  if (st.is_ok() && (pr.width == 0 || pr.height == 0)) fail();
  // The raw bytes as each kind of NAL unit (headers forced), so the fuzzer needs no framing.
  std::vector<std::uint8_t> n = {0x67};
  n.insert(n.end(), data, data + size);
  sluice::h264_sps s;
  if (sluice::parse_h264_sps(n, s).is_ok() && (s.width == 0 || s.width > s.coded_width)) fail();
  std::vector<std::uint8_t> h = {0x42, 0x01};
  h.insert(h.end(), data, data + size);
  sluice::hevc_sps hs;
  if (sluice::parse_hevc_sps(h, hs).is_ok() && hs.width > hs.pic_width_in_luma_samples) fail();
  h[0] = 0x40;
  sluice::hevc_vps vs;
  (void)sluice::parse_hevc_vps(h, vs);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz_reader(data, size);
  fuzz_nal(data, size);
  fuzz_parsers(data, size);
  return 0;
}
