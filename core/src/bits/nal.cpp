// NAL helpers: start-code dispatch, the Annex-B splitter, emulation prevention (one-shot and
// as Transforms). See sluice/nal.hpp.
#include "sluice/nal.hpp"

#include <cstring>

#include "nal_kernels.hpp"
#include "sluice/cpu.hpp"

namespace sluice::nal {

namespace k = sluice::detail::nal;

std::size_t find_start_code(const std::uint8_t* data, std::size_t n) noexcept {
#if defined(SLUICE_BITS_X86)
  if (n >= 66) {
    const std::uint32_t f = cpu::features();
    if (f & cpu::avx2) return k::find_start_code_avx2(data, n);
    if (f & cpu::sse2) return k::find_start_code_sse2(data, n);
  }
#endif
  return k::find_start_code_portable(data, n);
}

std::size_t find_start_code_portable(const std::uint8_t* data, std::size_t n) noexcept {
  return k::find_start_code_portable(data, n);
}

const char* start_code_kernel() noexcept {
#if defined(SLUICE_BITS_X86)
  const std::uint32_t f = cpu::features();
  if (f & cpu::avx2) return "avx2";
  if (f & cpu::sse2) return "sse2";
#endif
  return "portable";
}

// --- splitter -----------------------------------------------------------------------------

splitter::splitter(std::span<const std::uint8_t> bytes) noexcept : b_(bytes) {
  const std::size_t sc = find_start_code(b_.data(), b_.size());
  next_start_ = sc == b_.size() ? b_.size() : sc + 3;
}

bool splitter::next(unit& u) noexcept {
  const std::size_t n = b_.size();
  while (next_start_ < n) {
    const std::size_t start = next_start_;
    const std::size_t sc = start + find_start_code(b_.data() + start, n - start);
    std::size_t end = sc;
    next_start_ = sc == n ? n : sc + 3;
    while (end > start && b_[end - 1] == 0) --end;  // trailing_zero_8bits / 4-byte start code
    if (end > start) {
      u = {start, end - start};
      return true;
    }
  }
  return false;
}

// --- one-shot emulation prevention --------------------------------------------------------

std::size_t unescape(const std::uint8_t* src, std::size_t n, std::uint8_t* dst) noexcept {
  std::size_t i = 0, o = 0, run = 0;  // run: bytes of src [run, i) still to copy
  // An emulation-prevention byte is a 0x03 at i >= 2 with src[i-2] == src[i-1] == 0, where
  // those zeros were not themselves preceded by a removed 0x03 pair ... (the zero count
  // restarts after each removal, which the `floor` below enforces).
  std::size_t floor = 0;  // zeros must lie at positions >= floor
  while (i < n) {
    const void* q = std::memchr(src + i, 3, n - i);
    if (!q) break;
    const std::size_t j = static_cast<std::size_t>(static_cast<const std::uint8_t*>(q) - src);
    if (j >= floor + 2 && src[j - 1] == 0 && src[j - 2] == 0) {
      if (j > run) std::memmove(dst + o, src + run, j - run);
      o += j - run;
      run = j + 1;
      floor = j + 1;
    }
    i = j + 1;
  }
  if (n > run) std::memmove(dst + o, src + run, n - run);
  return o + (n - run);
}

std::vector<std::uint8_t> unescape(std::span<const std::uint8_t> src) {
  std::vector<std::uint8_t> out(src.size());
  out.resize(unescape(src.data(), src.size(), out.data()));
  return out;
}

std::size_t escape(const std::uint8_t* src, std::size_t n, std::uint8_t* dst) noexcept {
  std::size_t o = 0;
  unsigned zeros = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint8_t b = src[i];
    if (zeros == 2 && b <= 3) {
      dst[o++] = 3;
      zeros = 0;
    }
    dst[o++] = b;
    zeros = b == 0 ? zeros + 1 : 0;
  }
  if (zeros == 2) dst[o++] = 3;
  return o;
}

std::vector<std::uint8_t> escape(std::span<const std::uint8_t> src) {
  std::vector<std::uint8_t> out(escaped_size_bound(src.size()));
  out.resize(escape(src.data(), src.size(), out.data()));
  return out;
}

// --- Transforms ---------------------------------------------------------------------------

status Unescaper::transform(io_buffer& dst, io_buffer& src) {
  if (done_) return end_of_stream();
  for (;;) {
    const std::size_t avail = src.reader_length();
    if (avail == 0) {
      if (src.closed) {
        done_ = true;
        return end_of_stream();
      }
      return need_input();
    }
    const std::size_t room = dst.writer_length();
    if (room == 0) return need_output();
    const std::uint8_t* s = src.reader_pointer();
    std::size_t n = avail < room ? avail : room;
    // Find the first emulation-prevention byte in s[0, n).
    std::size_t drop = n;
    for (std::size_t i = 0; i < n;) {
      const void* q = std::memchr(s + i, 3, n - i);
      if (!q) break;
      const std::size_t j = static_cast<std::size_t>(static_cast<const std::uint8_t*>(q) - s);
      // Zeros immediately before s[j]: inside this window, then carried over from before it.
      unsigned z = 0;
      if (j >= 1 && s[j - 1] == 0) {
        z = 1;
        if (j >= 2) z += s[j - 2] == 0 ? 1u : 0u;
        else z += zeros_ >= 1 ? 1u : 0u;
      } else if (j == 0) {
        z = zeros_;
      }
      if (z >= 2) {
        drop = j;
        break;
      }
      i = j + 1;
    }
    const std::size_t copy = drop < n ? drop : n;
    if (copy) std::memcpy(dst.writer_pointer(), s, copy);
    dst.commit(copy);
    // Update the zero run from the bytes just copied.
    if (copy) {
      std::size_t t = 0;
      while (t < copy && t < 2 && s[copy - 1 - t] == 0) ++t;
      zeros_ = t == copy ? (zeros_ + static_cast<unsigned>(t) > 2 ? 2 : zeros_ + static_cast<unsigned>(t))
                         : static_cast<unsigned>(t);
      if (zeros_ > 2) zeros_ = 2;
    }
    if (drop < n) {
      src.consume(copy + 1);  // the 0x03 goes nowhere
      zeros_ = 0;
    } else {
      src.consume(copy);
    }
  }
}

status Escaper::transform(io_buffer& dst, io_buffer& src) {
  if (done_) return end_of_stream();
  for (;;) {
    const std::size_t avail = src.reader_length();
    if (avail == 0) {
      if (!src.closed) return need_input();
      if (zeros_ == 2) {  // a payload ending in 0x0000 gets a final 0x03
        if (dst.writer_length() == 0) return need_output();
        const std::uint8_t three = 3;
        (void)dst.write_some(&three, 1);
        zeros_ = 0;
      }
      done_ = true;
      return end_of_stream();
    }
    if (dst.writer_length() == 0) return need_output();
    const std::uint8_t* s = src.reader_pointer();
    std::uint8_t* d = dst.writer_pointer();
    std::size_t room = dst.writer_length(), i = 0, o = 0;
    while (i < avail && o < room) {
      const std::uint8_t b = s[i];
      if (zeros_ == 2 && b <= 3) {
        d[o++] = 3;
        zeros_ = 0;
        continue;  // the byte itself goes out next, if there is room
      }
      d[o++] = b;
      ++i;
      zeros_ = b == 0 ? zeros_ + 1 : 0;
    }
    dst.commit(o);
    src.consume(i);
  }
}

}  // namespace sluice::nal
