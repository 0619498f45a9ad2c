// tests/wasm/inflate_test.cpp — the wasm build's zlib inflate (Debian's zlib with sluice's own
// inflate_fast(), cmake/wasm-deps/inffast_wide.c) against the data it must give back.
// One source, two builds: `wasm.inflate` (emcc, the wasm build's libz) and `native.inflate_wide`
// (the same zlib recipe compiled natively as a test library, under ASan + UBSan in the asan
// preset, so reads and writes past a buffer are reported, which the wasm run cannot see).
//
// Streams are made by zlib's deflate() (Debian's code, untouched) from inputs of many shapes
// (random, text-like, runs, short periods that make overlapping matches of distance 1..40,
// long repeats at distances near 32 KiB), with every strategy, levels 0..9, window sizes 2^9
// .. 2^15, raw/zlib/gzip wrappers, memLevel 1 and 9, flushes mid-stream (stored and empty
// blocks, block boundaries) and preset dictionaries (matches reaching into the window from
// the first byte). Each is inflated with input chunks and output buffers of many sizes, down
// to 1 byte, including sizes just around inflate_fast()'s 258-byte/6-byte entry limits, and
// the output must equal the original input exactly, with Z_STREAM_END. Truncated streams must
// never claim to end. Every output buffer and input chunk handed to inflate() ends exactly at the
// end of its heap block; a sweep inflates match-heavy streams with every fixed output size
// 250..300 and input chunk size 1..17, and inflateBack() (which decodes into its window) runs
// with a window of exactly its size. A hand-written fixed-Huffman stream (RFC 1951) has matches
// at distances up to 32768 right after matches that may be copied wide (zlib's deflate() never
// goes past 32K - 262), for inflateBack() and inflate(). A last check tells that
// inffast_wide.c's inflate_fast() is the one linked (its wide copies write past a match's end
// where the room allows; zlib's inffast.c never writes past what it produced).
// Exits 1 (printing "FAIL ...") on any mismatch.
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

int g_checks = 0;
int g_failures = 0;

void check(bool ok, const std::string& what) {
  ++g_checks;
  if (!ok) {
    ++g_failures;
    if (g_failures <= 20) std::printf("FAIL %s\n", what.c_str());
  }
}

struct rng {
  std::uint32_t s;
  std::uint32_t next() {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    return s;
  }
  std::uint32_t below(std::uint32_t n) { return next() % n; }
};

using bytes = std::vector<std::uint8_t>;

// A heap block of which the last n bytes are handed out, so that a buffer ends exactly where
// its allocation ends and AddressSanitizer (asan preset) reports any access past it. Reused
// from call to call (a vector's spare capacity would hide overruns).
class tail_block {
 public:
  explicit tail_block(std::size_t cap)
      : cap_(cap), p_(static_cast<std::uint8_t*>(std::malloc(cap ? cap : 1))) {}
  ~tail_block() { std::free(p_); }
  tail_block(const tail_block&) = delete;
  tail_block& operator=(const tail_block&) = delete;
  std::uint8_t* last(std::size_t n) { return p_ + (cap_ - n); }  // n <= capacity
  // The last n bytes, holding a copy of src[0, n).
  std::uint8_t* last_copy(const std::uint8_t* src, std::size_t n) {
    std::uint8_t* d = last(n);
    if (n) std::memcpy(d, src, n);
    return d;
  }

 private:
  std::size_t cap_;
  std::uint8_t* p_;
};

// Output size meaning "exactly the bytes still to come" (the whole rest in one exact buffer).
constexpr std::size_t k_rest = 0;

bytes make_input(int kind, std::size_t n, std::uint32_t seed) {
  rng r{seed | 1};
  bytes v(n);
  static const char words[] = "frame packet stream sample keyframe buffer decoder slice header ";
  switch (kind) {
    case 0:  // random: stored blocks or literal-only Huffman
      for (auto& b : v) b = static_cast<std::uint8_t>(r.next() >> 24);
      break;
    case 1:  // text-like: words with random bytes between
      for (std::size_t i = 0; i < n;) {
        if (r.below(8) == 0) {
          v[i++] = static_cast<std::uint8_t>(r.next());
          continue;
        }
        const std::size_t at = r.below(sizeof words - 12), k = 3 + r.below(8);
        for (std::size_t j = 0; j < k && i < n; ++j) v[i++] = static_cast<std::uint8_t>(words[at + j]);
      }
      break;
    case 2:  // runs of one byte (distance 1) of random lengths
      for (std::size_t i = 0; i < n;) {
        const std::uint8_t b = static_cast<std::uint8_t>(r.next());
        for (std::size_t k = 1 + r.below(600); k-- && i < n;) v[i++] = b;
      }
      break;
    case 3:  // short periods 2..40: overlapping matches of every small distance
      for (std::size_t i = 0; i < n;) {
        const std::size_t period = 2 + r.below(39), len = period + r.below(700);
        std::uint8_t pat[40];
        for (std::size_t j = 0; j < period; ++j) pat[j] = static_cast<std::uint8_t>(r.next());
        for (std::size_t j = 0; j < len && i < n; ++j) v[i++] = pat[j % period];
      }
      break;
    default:  // blocks repeated from far back (distances up to the window size)
      for (std::size_t i = 0; i < n;) {
        if (i < 1024 || r.below(4) == 0) {
          v[i] = static_cast<std::uint8_t>(r.next() >> 24);
          ++i;
          continue;
        }
        const std::size_t back = 1 + r.below(static_cast<std::uint32_t>(i < 40000 ? i : 40000));
        for (std::size_t k = 3 + r.below(300); k-- && i < n; ++i) v[i] = v[i - back];
      }
      break;
  }
  return v;
}

// deflate() with the given parameters; flushes with `flush` every `flush_every` input bytes.
bytes deflate_with(const bytes& in, int level, int wbits, int mem, int strategy,
                   const bytes& dict, int flush, std::size_t flush_every) {
  z_stream z{};
  if (deflateInit2(&z, level, Z_DEFLATED, wbits, mem, strategy) != Z_OK) return {};
  if (!dict.empty()) deflateSetDictionary(&z, dict.data(), static_cast<uInt>(dict.size()));
  bytes out(deflateBound(&z, in.size()) + 64 + in.size() / 8 + (in.size() / (flush_every ? flush_every : 1) + 1) * 16);
  std::size_t at = 0;
  z.next_out = out.data();
  z.avail_out = static_cast<uInt>(out.size());
  for (;;) {
    const std::size_t step = flush_every ? flush_every : in.size();
    const std::size_t k = std::min(step, in.size() - at);
    z.next_in = const_cast<Bytef*>(in.data() + at);
    z.avail_in = static_cast<uInt>(k);
    at += k;
    const bool last = at == in.size();
    const int r = deflate(&z, last ? Z_FINISH : flush);
    if (last) {
      if (r != Z_STREAM_END) return {};
      break;
    }
  }
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// inflate() with input chunk and output buffer sizes drawn from `in_sizes` / `out_sizes` (cycled;
// k_rest: the `expect` bytes not produced yet), each at the end of its heap block. Output
// buffers are at most 4 KiB larger than `expect` (more room changes nothing for inflate()).
// Returns the zlib result at the end and the output.
int inflate_with(const bytes& comp, int wbits, const bytes& dict, const std::vector<std::size_t>& in_sizes,
                 const std::vector<std::size_t>& out_sizes, std::size_t expect, bytes& out) {
  z_stream z{};
  if (inflateInit2(&z, wbits) != Z_OK) return Z_MEM_ERROR;
  bool dict_set = false;
  if (wbits < 0 && !dict.empty()) {  // raw deflate: the dictionary goes in before any data
    dict_set = true;
    if (inflateSetDictionary(&z, dict.data(), static_cast<uInt>(dict.size())) != Z_OK) return Z_DATA_ERROR;
  }
  out.clear();
  out.reserve(expect);
  const std::size_t out_max = expect + 4096;
  const std::size_t in_cap = std::min(*std::max_element(in_sizes.begin(), in_sizes.end()), comp.size());
  std::size_t out_cap = std::max<std::size_t>(expect, 1);
  for (std::size_t n : out_sizes) out_cap = std::max(out_cap, std::min(n, out_max));
  tail_block in_block(in_cap), out_block(out_cap);
  std::size_t at = 0, ii = 0, oi = 0;
  int r = Z_OK;
  int idle = 0;
  while (true) {
    const std::size_t in_n = std::min(in_sizes[ii++ % in_sizes.size()], comp.size() - at);
    std::size_t out_n = out_sizes[oi++ % out_sizes.size()];
    if (out_n == k_rest) out_n = expect > out.size() ? expect - out.size() : 1;
    out_n = std::min(out_n, out_max);
    std::uint8_t* const buf = out_block.last(out_n);
    z.next_in = in_block.last_copy(comp.data() + at, in_n);
    z.avail_in = static_cast<uInt>(in_n);
    z.next_out = buf;
    z.avail_out = static_cast<uInt>(out_n);
    r = inflate(&z, Z_NO_FLUSH);
    if (r == Z_NEED_DICT && !dict.empty() && !dict_set) {
      dict_set = true;
      r = inflateSetDictionary(&z, dict.data(), static_cast<uInt>(dict.size()));
      if (r != Z_OK) break;
      r = inflate(&z, Z_NO_FLUSH);
    }
    const std::size_t used = in_n - z.avail_in, made = out_n - z.avail_out;
    at += used;
    out.insert(out.end(), buf, buf + made);
    if (r == Z_STREAM_END || (r != Z_OK && r != Z_BUF_ERROR)) break;
    idle = (used == 0 && made == 0) ? idle + 1 : 0;
    if (idle > 64) break;  // no progress with all input given: truncated
  }
  inflateEnd(&z);
  return r;
}

std::string describe(int kind, std::size_t n, int level, int wbits, int mem, int strategy, bool dict,
                     int flush, const char* chunking) {
  char s[200];
  std::snprintf(s, sizeof s, "kind %d n %zu level %d wbits %d mem %d strategy %d dict %d flush %d %s",
                kind, n, level, wbits, mem, strategy, dict ? 1 : 0, flush, chunking);
  return s;
}

// inflateBack() (raw deflate, no dictionary), which decodes into its window: the window is
// exactly 2^wbits bytes at the end of its heap block, input chunks come from `in_sizes`.
struct back_io {
  const bytes& comp;
  const std::vector<std::size_t>& in_sizes;
  tail_block& in_block;
  bytes& out;
  std::size_t at = 0, ii = 0;
};

unsigned back_in(void* d, unsigned char** buf) {
  auto& io = *static_cast<back_io*>(d);
  const std::size_t n = std::min(io.in_sizes[io.ii++ % io.in_sizes.size()], io.comp.size() - io.at);
  *buf = io.in_block.last_copy(io.comp.data() + io.at, n);
  io.at += n;
  return static_cast<unsigned>(n);
}

int back_out(void* d, unsigned char* buf, unsigned len) {
  auto& io = *static_cast<back_io*>(d);
  io.out.insert(io.out.end(), buf, buf + len);
  return 0;
}

int inflate_back_with(const bytes& comp, int wbits, const std::vector<std::size_t>& in_sizes, bytes& out) {
  const std::size_t wsize = std::size_t{1} << wbits;
  tail_block window(wsize);
  tail_block in_block(std::min(*std::max_element(in_sizes.begin(), in_sizes.end()), comp.size()));
  z_stream z{};
  if (inflateBackInit(&z, wbits, window.last(wsize)) != Z_OK) return Z_MEM_ERROR;
  out.clear();
  back_io io{comp, in_sizes, in_block, out};
  const int r = inflateBack(&z, back_in, &io, back_out, &io);
  inflateBackEnd(&z);
  return r;
}

// Streams full of long matches (distance 1, 2..15 and 16 and more, reaching back into the
// window across calls) inflated with every fixed output size 250..300 — inflate_fast() runs
// while 258 bytes of room are left and copies wide only with len + 16 — times every input chunk
// size 1..17 (it needs 6 input bytes and refills 8 at a time), buffers at the ends of their
// blocks.
void boundary_sweep(std::uint32_t& seed) {
  struct stream_case {
    int kind;
    std::size_t n;
    int level, wbits, strategy;
  };
  const stream_case cases[] = {
      {3, 6000, 6, 15, Z_DEFAULT_STRATEGY},   // overlapping matches of distance 2..40
      {3, 6000, 9, -9, Z_FIXED},              // the same, fixed codes, 512-byte window
      {4, 8000, 6, 31, Z_DEFAULT_STRATEGY},   // long matches from far back
      {2, 6000, 6, -15, Z_RLE},               // runs: distance 1
      {1, 6000, 1, 10, Z_DEFAULT_STRATEGY},   // text: short matches and literals
  };
  for (const stream_case& sc : cases) {
    const bytes input = make_input(sc.kind, sc.n, seed++);
    const bytes comp = deflate_with(input, sc.level, sc.wbits, 8, sc.strategy, {}, Z_NO_FLUSH, 0);
    for (std::size_t out_n = 250; out_n <= 300; ++out_n) {
      for (std::size_t in_n = 1; in_n <= 17; ++in_n) {
        bytes out;
        const int r = inflate_with(comp, sc.wbits, {}, {in_n}, {out_n}, input.size(), out);
        if (r != Z_STREAM_END || out != input) {
          check(false, describe(sc.kind, sc.n, sc.level, sc.wbits, 8, sc.strategy, false, 0, "sweep") +
                           " in " + std::to_string(in_n) + " out " + std::to_string(out_n) + ": r " +
                           std::to_string(r) + (out == input ? "" : ", output differs"));
        } else {
          check(true, "");
        }
      }
    }
  }
}

// A raw deflate stream in one fixed-Huffman block (RFC 1951 3.2.6), written from a list of
// literals and (length, distance) matches; `expect` gets the bytes they stand for, by the
// format's definition (byte by byte from `distance` back). zlib's deflate() never uses the
// last 262 distances of its window; this writer can, up to 32768.
struct fixed_writer {
  bytes out;
  std::uint64_t acc = 0;
  unsigned n = 0;
  bytes expect;
  void bits(std::uint32_t v, unsigned k) {  // LSB first
    acc |= static_cast<std::uint64_t>(v) << n;
    n += k;
    while (n >= 8) {
      out.push_back(static_cast<std::uint8_t>(acc));
      acc >>= 8;
      n -= 8;
    }
  }
  void code(std::uint32_t c, unsigned k) {  // Huffman codes go MSB first
    std::uint32_t r = 0;
    for (unsigned i = 0; i < k; ++i) r |= ((c >> i) & 1u) << (k - 1 - i);
    bits(r, k);
  }
  void symbol(unsigned v) {  // literal/length alphabet, fixed codes
    if (v < 144) code(0x30 + v, 8);
    else if (v < 256) code(0x190 + (v - 144), 9);
    else if (v < 280) code(v - 256, 7);
    else code(0xC0 + (v - 280), 8);
  }
  void begin() { bits(1, 1), bits(1, 2); }  // BFINAL, BTYPE = 01
  void literal(std::uint8_t b) {
    symbol(b);
    expect.push_back(b);
  }
  void match(unsigned len, unsigned dist) {
    static const unsigned lbase[] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                     31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    static const unsigned lext[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                    2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    static const unsigned dbase[] = {1,    2,    3,    4,    5,    7,     9,     13,    17,    25,
                                     33,   49,   65,   97,   129,  193,   257,   385,   513,   769,
                                     1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    static const unsigned dext[] = {0, 0, 0, 0, 1, 1, 2, 2,  3,  3,  4,  4,  5,  5,  6,
                                    6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
    unsigned li = 28;
    while (lbase[li] > len) --li;
    symbol(257 + li);
    bits(len - lbase[li], lext[li]);
    unsigned di = 29;
    while (dbase[di] > dist) --di;
    code(di, 5);
    bits(dist - dbase[di], dext[di]);
    for (unsigned i = 0; i < len; ++i) expect.push_back(expect[expect.size() - dist]);
  }
  bytes finish() {
    symbol(256);
    if (n) bits(0, 8 - n);
    return out;
  }
};

// Matches at the largest distances, each right after a match that inflate_fast() may copy
// wide: inflateBack() decodes into its window, so the window's bytes past the output position
// are the history such a match reads (distance 32768 = the byte at the output position).
// Decoded by inflateBack() with a 32 KiB window and by inflate(), whole and in pieces.
void far_distance_stream(std::uint32_t& seed) {
  rng r{seed++ | 1};
  fixed_writer w;
  w.begin();
  for (int i = 0; i < 33000; ++i) w.literal(static_cast<std::uint8_t>(r.next() >> 24));
  for (int i = 0; i < 3000; ++i) {
    const unsigned d1 = r.below(4) == 0 ? 8 + r.below(8) : 16 + r.below(2000);
    w.match(3 + r.below(256), d1);
    w.match(3 + r.below(256), 32768 - r.below(16));
    if (r.below(3) == 0) w.literal(static_cast<std::uint8_t>(r.next()));
  }
  const bytes comp = w.finish();
  for (const auto& in_sizes : {std::vector<std::size_t>{1u << 30}, std::vector<std::size_t>{7, 13, 600}}) {
    bytes out;
    const int rb = inflate_back_with(comp, 15, in_sizes, out);
    check(rb == Z_STREAM_END && out == w.expect,
          "far distances, inflateBack: r " + std::to_string(rb) +
              (out == w.expect ? "" : ", output differs"));
    const int ri = inflate_with(comp, -15, {}, in_sizes, {1u << 20, 300, 258, 4000}, w.expect.size(), out);
    check(ri == Z_STREAM_END && out == w.expect,
          "far distances, inflate: r " + std::to_string(ri) +
              (out == w.expect ? "" : ", output differs"));
  }
}

// inffast_wide.c's inflate_fast() is the one linked, not zlib's inffast.c: its wide match copies
// write up to 15 bytes past a match's end when the room allows, which zlib's exact copies never
// do, so with plenty of room some byte past the output's end is no longer what was put there.
// (A stream that ends in a long match at distance 64; its length varies with t.)
void check_wide_copy_in_effect() {
  bool seen = false;
  for (std::size_t t = 0; t < 32 && !seen; ++t) {
    bytes input = make_input(0, 2000 + t, 77);
    for (std::size_t i = 64; i < input.size(); ++i) input[i] = input[i - 64];
    const bytes comp = deflate_with(input, 6, 31, 8, Z_DEFAULT_STRATEGY, {}, Z_NO_FLUSH, 0);
    bytes buf(input.size() + 512, 0xA5);
    z_stream z{};
    if (inflateInit2(&z, 31) != Z_OK) break;
    z.next_in = const_cast<Bytef*>(comp.data());
    z.avail_in = static_cast<uInt>(comp.size());
    z.next_out = buf.data();
    z.avail_out = static_cast<uInt>(buf.size());
    const int r = inflate(&z, Z_FINISH);
    inflateEnd(&z);
    check(r == Z_STREAM_END && std::equal(input.begin(), input.end(), buf.begin()),
          "wide-copy probe stream " + std::to_string(t) + " did not inflate");
    seen = std::any_of(buf.begin() + static_cast<std::ptrdiff_t>(input.size()), buf.end(),
                       [](std::uint8_t b) { return b != 0xA5; });
  }
  check(seen, "no match copy wrote past its end: this is not inffast_wide.c's inflate_fast()");
}

}  // namespace

int main() {
  const std::size_t sizes[] = {0, 1, 5, 257, 258, 259, 1000, 32767, 32769, 70000, 300000};
  const int strategies[] = {Z_DEFAULT_STRATEGY, Z_FILTERED, Z_HUFFMAN_ONLY, Z_RLE, Z_FIXED};
  struct chunking {
    const char* name;
    std::vector<std::size_t> in, out;
    std::size_t max_n;  // inputs up to this size only
  };
  // Output buffers under 258 bytes never enter inflate_fast() (zlib's own slow path decodes
  // all of it): those chunkings, the slowest, run on the smaller inputs only, as does the
  // second one of 6..11-byte input chunks (time: a few seconds under ASan).
  const std::vector<chunking> chunkings = {
      {"whole", {1u << 30}, {1u << 20}, SIZE_MAX},
      {"in 1 / out 1", {1}, {1}, 1000},
      {"in 6..9 / out 258..262", {6, 7, 8, 9, 13}, {258, 259, 260, 262, 257, 300}, SIZE_MAX},
      {"in 64K / out 512K", {65536}, {524288}, SIZE_MAX},
      {"in 1000 / out 16K", {1000, 4093}, {16384, 271, 274, 5000}, SIZE_MAX},
      {"in 7 / out 1..31", {7, 3, 64}, {1, 2, 3, 17, 31}, 40000},
      {"in all / out exact", {1u << 30}, {k_rest}, SIZE_MAX},
      {"in 6..8 / out rest", {8, 6, 7, 11}, {k_rest}, 70000},
  };
  std::uint32_t seed = 1;
  for (int kind = 0; kind < 5; ++kind) {
    for (std::size_t n : sizes) {
      const bytes input = make_input(kind, n, seed++);
      // A spread of parameter sets per input, not the full product (time).
      for (int v = 0; v < 10; ++v) {
        rng r{seed++ * 2654435761u};
        const int level = static_cast<int>(r.below(10));
        const int bitsz = 9 + static_cast<int>(r.below(7));
        const int wrap = static_cast<int>(r.below(3));  // raw, zlib, gzip
        const int wbits = wrap == 0 ? -bitsz : wrap == 1 ? bitsz : bitsz + 16;
        const int mem = r.below(2) ? 9 : 1 + static_cast<int>(r.below(8));
        const int strategy = strategies[r.below(5)];
        const bool use_dict = wrap != 2 && r.below(4) == 0 && n > 1000;
        const int flush = r.below(3) == 0 ? (r.below(2) ? Z_SYNC_FLUSH : Z_FULL_FLUSH) : Z_NO_FLUSH;
        const std::size_t flush_every = flush == Z_NO_FLUSH ? 0 : 1 + r.below(20000);
        bytes dict;
        if (use_dict) dict.assign(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(n / 2, 40000)));
        // Inflated twice: with the largest window (15) and with the exact window size.
        const bytes comp = deflate_with(input, level, wbits, mem, strategy, dict, flush, flush_every);
        check(!comp.empty() || n == 0, describe(kind, n, level, wbits, mem, strategy, use_dict, flush, "deflate failed"));
        if (comp.empty()) continue;
        const int iw = wrap == 0 ? -15 : wrap == 1 ? 15 : 31;
        for (const auto& c : chunkings) {
          if (n > c.max_n) continue;
          for (int exact = 0; exact < 2; ++exact) {
            bytes out;
            const int r1 = inflate_with(comp, exact ? wbits : iw, dict, c.in, c.out, input.size(), out);
            const std::string what = describe(kind, n, level, exact ? wbits : iw, mem, strategy, use_dict, flush, c.name);
            check(r1 == Z_STREAM_END, what + ": no stream end (" + std::to_string(r1) + ")");
            check(out == input, what + ": output differs");
          }
        }
        // inflateBack(): raw streams without a dictionary, window of the stream's size.
        if (wrap == 0 && !use_dict) {
          for (const auto& in_sizes :
               {std::vector<std::size_t>{1u << 30}, std::vector<std::size_t>{7, 1, 300, 9}}) {
            bytes out;
            const int r3 = inflate_back_with(comp, bitsz, in_sizes, out);
            const std::string what = describe(kind, n, level, wbits, mem, strategy, false, flush, "inflateBack");
            check(r3 == Z_STREAM_END, what + ": no stream end (" + std::to_string(r3) + ")");
            check(out == input, what + ": output differs");
          }
        }
        // Truncated: never a stream end, and what came out is a prefix of the input.
        if (comp.size() > 8) {
          bytes cut(comp.begin(), comp.end() - 1 - static_cast<std::ptrdiff_t>(r.below(static_cast<std::uint32_t>(comp.size() - 1))));
          bytes out;
          const int r2 = inflate_with(cut, iw, dict, {3, 4096}, {259, 100000}, input.size(), out);
          const std::string what = describe(kind, n, level, iw, mem, strategy, use_dict, flush, "truncated");
          check(r2 != Z_STREAM_END, what + ": a truncated stream ended");
          check(out.size() <= input.size() && std::equal(out.begin(), out.end(), input.begin()),
                what + ": output before the cut differs");
        }
      }
    }
  }
  boundary_sweep(seed);
  far_distance_stream(seed);
  check_wide_copy_in_effect();
  std::printf("%d checks, %d failures\n", g_checks, g_failures);
  return g_failures == 0 ? 0 : 1;
}
