// BLAKE3 (unkeyed hash mode, 32-byte output as b3sum): kernel selection, the chunk state,
// the wide subtree hashing that feeds many chunks to a SIMD kernel at once, the lazy chunk
// stack, the Hasher, and the subtree API of sluice/blake3.hpp.
//
// Structure (BLAKE3 spec section 5.1 and the layout of the BLAKE3 team's C code, written
// afresh here): update() hashes the largest complete, aligned subtree it can at a time with
// compress_subtree_to_parent_node(), which hashes up to simd_degree chunks per kernel call
// and then their parents, again simd_degree at a time; the two child CVs are pushed on the
// chunk stack. Stack merges are lazy: a CV is merged into its parent only when more input
// arrives, because the last one may still turn out to be the root's child.
#include <atomic>
#include <algorithm>
#include <bit>
#include <cstring>

#include "blake3_impl.hpp"
#include "registry.hpp"
#include "sluice/blake3.hpp"
#include "sluice/cpu.hpp"

namespace sluice::detail::b3 {

namespace {

constexpr kernel kKernels[] = {
#if defined(SLUICE_HASH_X86)
    {"avx512", cpu::avx512f | cpu::avx512vl | cpu::avx2 | cpu::sse41 | cpu::ssse3, 16,
     &compress_in_place_portable, &hash_many_avx512},
    {"avx2", cpu::avx2 | cpu::sse41 | cpu::ssse3, 8, &compress_in_place_portable,
     &hash_many_avx2},
    {"sse41", cpu::sse41 | cpu::ssse3, 4, &compress_in_place_portable, &hash_many_sse41},
#endif
#if defined(SLUICE_HASH_WASM_SIMD)
    // Built only into a module that requires SIMD anyway: a constant choice (required = 0).
    {"simd128", 0, 4, &compress_in_place_portable, &hash_many_simd128},
#endif
    {"portable", 0, 1, &compress_in_place_portable, &hash_many_portable},
};
constexpr std::size_t kKernelCount = sizeof kKernels / sizeof kKernels[0];

// (features << 8) | (index + 1) of the last selection, 0 before the first.
std::atomic<std::uint64_t> g_choice{0};

inline std::uint32_t load_le32(const std::uint8_t* p) noexcept {
  return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 |
         std::uint32_t{p[3]} << 24;
}
inline void store_le32(std::uint8_t* p, std::uint32_t v) noexcept {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}
inline void store_cv(std::uint8_t out[32], const std::uint32_t cv[8]) noexcept {
  for (int i = 0; i < 8; ++i) store_le32(out + 4 * i, cv[i]);
}
inline void load_cv(std::uint32_t cv[8], const std::uint8_t in[32]) noexcept {
  for (int i = 0; i < 8; ++i) cv[i] = load_le32(in + 4 * i);
}

}  // namespace

const kernel& select() noexcept {
  const std::uint32_t f = cpu::features();
  std::uint64_t c = g_choice.load(std::memory_order_relaxed);
  if (c != 0 && static_cast<std::uint32_t>(c >> 8) == f) return kKernels[(c & 0xff) - 1];
  std::size_t i = 0;
  while (i + 1 < kKernelCount && (f & kKernels[i].required) != kKernels[i].required) ++i;
  g_choice.store((std::uint64_t{f} << 8) | (i + 1), std::memory_order_relaxed);
  return kKernels[i];
}

std::span<const kernel> kernels() noexcept { return {kKernels, kKernelCount}; }

namespace {

constexpr std::size_t kMaxDegreeOr2 = max_simd_degree > 2 ? max_simd_degree : 2;

/// What a node compresses last: finalised as a CV (non-root) or as root output bytes.
struct output {
  std::uint32_t cv[8];
  std::uint8_t block[64];
  std::uint8_t block_len;
  std::uint64_t counter;
  std::uint8_t flags;

  void chaining_value(const kernel& k, std::uint8_t out[32]) const noexcept {
    std::uint32_t w[8];
    std::memcpy(w, cv, sizeof w);
    k.compress_in_place(w, block, block_len, counter, flags);
    store_cv(out, w);
  }
  /// First 32 bytes of the root output (output block 0).
  void root_bytes(const kernel& k, std::uint8_t out[32]) const noexcept {
    std::uint32_t w[8];
    std::memcpy(w, cv, sizeof w);
    k.compress_in_place(w, block, block_len, 0, static_cast<std::uint8_t>(flags | root));
    store_cv(out, w);
  }
};

output parent_output(const std::uint8_t block[64], const std::uint32_t key[8],
                     std::uint8_t flags) noexcept {
  output o;
  std::memcpy(o.cv, key, sizeof o.cv);
  std::memcpy(o.block, block, 64);
  o.block_len = 64;
  o.counter = 0;
  o.flags = static_cast<std::uint8_t>(flags | parent);
  return o;
}

struct chunk_state {
  std::uint32_t cv[8];
  std::uint64_t counter;
  std::uint8_t buf[64];
  std::uint8_t buf_len;
  std::uint8_t blocks_compressed;
  std::uint8_t flags;

  void reset(const std::uint32_t key[8], std::uint64_t chunk_counter, std::uint8_t f) noexcept {
    std::memcpy(cv, key, sizeof cv);
    counter = chunk_counter;
    std::memset(buf, 0, sizeof buf);
    buf_len = 0;
    blocks_compressed = 0;
    flags = f;
  }
  std::size_t len() const noexcept { return block_len * std::size_t{blocks_compressed} + buf_len; }
  std::uint8_t start_flag() const noexcept { return blocks_compressed == 0 ? chunk_start : 0; }

  void update(const kernel& k, const std::uint8_t* in, std::size_t n) noexcept {
    if (buf_len > 0) {
      std::size_t take = block_len - buf_len;
      if (take > n) take = n;
      std::memcpy(buf + buf_len, in, take);
      buf_len = static_cast<std::uint8_t>(buf_len + take);
      in += take;
      n -= take;
      if (n == 0) return;  // keep a full block: it may be the chunk's last
      k.compress_in_place(cv, buf, block_len, counter, static_cast<std::uint8_t>(flags | start_flag()));
      ++blocks_compressed;
      buf_len = 0;
      std::memset(buf, 0, sizeof buf);
    }
    while (n > block_len) {
      k.compress_in_place(cv, in, block_len, counter, static_cast<std::uint8_t>(flags | start_flag()));
      ++blocks_compressed;
      in += block_len;
      n -= block_len;
    }
    std::memcpy(buf + buf_len, in, n);
    buf_len = static_cast<std::uint8_t>(buf_len + n);
  }

  output out() const noexcept {
    output o;
    std::memcpy(o.cv, cv, sizeof o.cv);
    std::memcpy(o.block, buf, 64);
    o.block_len = buf_len;
    o.counter = counter;
    o.flags = static_cast<std::uint8_t>(flags | start_flag() | chunk_end);
    return o;
  }
};

/// Hashes the whole chunks of input[0..len) with one hash_many call, and a partial last
/// chunk with a chunk_state. Returns the number of CVs written (at most simd_degree).
std::size_t compress_chunks_parallel(const kernel& k, const std::uint8_t* input, std::size_t len,
                                     const std::uint32_t key[8], std::uint64_t chunk_counter,
                                     std::uint8_t flags, std::uint8_t* out) noexcept {
  const std::uint8_t* ptrs[max_simd_degree];
  std::size_t n = 0;
  while (len - n * chunk_len >= chunk_len) {
    ptrs[n] = input + n * chunk_len;
    ++n;
  }
  k.hash_many(ptrs, n, chunk_len / block_len, key, chunk_counter, true, flags, chunk_start,
              chunk_end, out);
  if (len > n * chunk_len) {
    chunk_state cs;
    cs.reset(key, chunk_counter + n, flags);
    cs.update(k, input + n * chunk_len, len - n * chunk_len);
    cs.out().chaining_value(k, out + n * out_len);
    return n + 1;
  }
  return n;
}

/// Compresses adjacent pairs of CVs into parent CVs with one hash_many call; an odd last
/// CV is carried over. Returns the number of CVs written.
std::size_t compress_parents_parallel(const kernel& k, const std::uint8_t* cvs, std::size_t num_cvs,
                                      const std::uint32_t key[8], std::uint8_t flags,
                                      std::uint8_t* out) noexcept {
  const std::uint8_t* ptrs[kMaxDegreeOr2];
  std::size_t n = 0;
  while (num_cvs - 2 * n >= 2) {
    ptrs[n] = cvs + 2 * n * out_len;
    ++n;
  }
  k.hash_many(ptrs, n, 1, key, 0, false, static_cast<std::uint8_t>(flags | parent), 0, 0, out);
  if (num_cvs > 2 * n) {
    std::memcpy(out + n * out_len, cvs + 2 * n * out_len, out_len);
    return n + 1;
  }
  return n;
}

std::uint64_t round_down_pow2(std::uint64_t x) noexcept { return std::bit_floor(x); }

/// Chunks in the left subtree of a len-byte input (len > 1024): the largest power of two
/// that leaves at least one byte for the right.
std::size_t left_len(std::size_t len) noexcept {
  std::size_t full_chunks = (len - 1) / chunk_len;
  return static_cast<std::size_t>(round_down_pow2(full_chunks)) * chunk_len;
}

/// Hashes input[0..len) (a complete subtree or the whole input, not finalised) into
/// CVs written to out, as many as the SIMD degree allows (at least 2 when len > 1 chunk);
/// returns their count.
std::size_t compress_subtree_wide(const kernel& k, const std::uint8_t* input, std::size_t len,
                                  const std::uint32_t key[8], std::uint64_t chunk_counter,
                                  std::uint8_t flags, std::uint8_t* out) noexcept {
  if (len <= k.simd_degree * chunk_len)
    return compress_chunks_parallel(k, input, len, key, chunk_counter, flags, out);
  const std::size_t left = left_len(len);
  const std::size_t right = len - left;
  const std::uint64_t right_counter = chunk_counter + left / chunk_len;
  std::uint8_t cvs[2 * kMaxDegreeOr2 * out_len];
  // With one lane, still return two CVs for a > 1 chunk input (so no caller hashes a root).
  std::size_t degree = k.simd_degree;
  if (left > chunk_len && degree == 1) degree = 2;
  const std::size_t nl = compress_subtree_wide(k, input, left, key, chunk_counter, flags, cvs);
  const std::size_t nr = compress_subtree_wide(k, input + left, right, key, right_counter, flags,
                                               cvs + degree * out_len);
  if (nl == 1) {  // only when simd_degree == 1 and left is one chunk: these are the children
    std::memcpy(out, cvs, 2 * out_len);
    return 2;
  }
  return compress_parents_parallel(k, cvs, nl + nr, key, flags, out);
}

/// The two child CVs (64 bytes) of the subtree root of input[0..len), len > 1 chunk.
void compress_subtree_to_parent_node(const kernel& k, const std::uint8_t* input, std::size_t len,
                                     const std::uint32_t key[8], std::uint64_t chunk_counter,
                                     std::uint8_t flags, std::uint8_t out[64]) noexcept {
  std::uint8_t cvs[kMaxDegreeOr2 * out_len];
  std::size_t n = compress_subtree_wide(k, input, len, key, chunk_counter, flags, cvs);
  std::uint8_t tmp[kMaxDegreeOr2 * out_len / 2];
  while (n > 2) {
    n = compress_parents_parallel(k, cvs, n, key, flags, tmp);
    std::memcpy(cvs, tmp, n * out_len);
  }
  std::memcpy(out, cvs, 2 * out_len);
}

inline bool is_pow2(std::uint64_t x) noexcept { return x != 0 && (x & (x - 1)) == 0; }

}  // namespace

}  // namespace sluice::detail::b3

namespace sluice {

namespace {

using namespace detail::b3;

class Blake3HasherImpl final : public Blake3Hasher {
 public:
  Blake3HasherImpl() noexcept { reset(); }
  hash_algorithm algorithm() const noexcept override { return hash_algorithm::blake3; }

  void reset() noexcept override {
    std::memcpy(key_, iv, sizeof key_);
    chunk_.reset(key_, 0, 0);
    stack_len_ = 0;  // entries past stack_len_ are never read (save_state copies only live ones)
  }

  void update(const std::uint8_t* in, std::size_t n) noexcept override {
    if (n == 0) return;
    const kernel& k = select();
    if (chunk_.len() > 0) {
      std::size_t take = chunk_len - chunk_.len();
      if (take > n) take = n;
      chunk_.update(k, in, take);
      in += take;
      n -= take;
      if (n == 0) return;  // a full chunk waits: it may be the last
      std::uint8_t cv[32];
      chunk_.out().chaining_value(k, cv);
      push_cv(k, cv, chunk_.counter);
      chunk_.reset(key_, chunk_.counter + 1, 0);
    }
    // Whole aligned subtrees straight from the input while more than one chunk remains.
    while (n > chunk_len) {
      std::uint64_t subtree = round_down_pow2(n);
      // The subtree must start on a multiple of its own size in the tree.
      const std::uint64_t count_so_far = chunk_.counter * chunk_len;
      while ((subtree - 1) & count_so_far) subtree /= 2;
      const std::uint64_t subtree_chunks = subtree / chunk_len;
      if (subtree <= chunk_len) {
        chunk_state cs;
        cs.reset(key_, chunk_.counter, 0);
        cs.update(k, in, static_cast<std::size_t>(subtree));
        std::uint8_t cv[32];
        cs.out().chaining_value(k, cv);
        push_cv(k, cv, cs.counter);
      } else {
        std::uint8_t pair[64];
        compress_subtree_to_parent_node(k, in, static_cast<std::size_t>(subtree), key_,
                                        chunk_.counter, 0, pair);
        push_cv(k, pair, chunk_.counter);
        push_cv(k, pair + 32, chunk_.counter + subtree_chunks / 2);
      }
      chunk_.counter += subtree_chunks;
      in += subtree;
      n -= static_cast<std::size_t>(subtree);
    }
    if (n > 0) {
      chunk_.update(k, in, n);
      merge_stack(k, chunk_.counter);
    }
  }

  void digest(std::uint8_t* out) const noexcept override {
    const kernel& k = select();
    if (stack_len_ == 0) {
      chunk_.out().root_bytes(k, out);
      return;
    }
    output o;
    std::size_t remaining;
    if (chunk_.len() > 0) {
      o = chunk_.out();
      remaining = stack_len_;
    } else if (stack_len_ >= 2) {
      o = parent_output(stack_ + (stack_len_ - 2) * out_len, key_, 0);
      remaining = stack_len_ - 2;
    } else {
      // Precondition violated (append_subtree() with nothing after it): no root exists.
      std::memset(out, 0, 32);
      return;
    }
    while (remaining > 0) {
      --remaining;
      std::uint8_t block[64];
      std::memcpy(block, stack_ + remaining * out_len, out_len);
      o.chaining_value(k, block + 32);
      o = parent_output(block, key_, 0);
    }
    o.root_bytes(k, out);
  }

  status append_subtree(const blake3::chaining_value& cv, std::uint64_t chunks) noexcept override {
    const std::size_t have = chunk_.len();
    if (!is_pow2(chunks) || (have != 0 && have != chunk_len))
      return error(status_kind::invalid_argument, "blake3: subtree not at a chunk boundary");
    const std::uint64_t start = chunk_.counter + (have == chunk_len ? 1 : 0);
    if (start % chunks != 0 || chunks > (std::uint64_t{1} << max_depth))
      return error(status_kind::invalid_argument, "blake3: subtree not aligned to its size");
    const kernel& k = select();
    if (have == chunk_len) {
      std::uint8_t c[32];
      chunk_.out().chaining_value(k, c);
      push_cv(k, c, chunk_.counter);
    }
    push_cv(k, cv.data(), start);
    chunk_.reset(key_, start + chunks, 0);
    return ok();
  }

  std::uint64_t size() const noexcept override {
    return chunk_.counter * chunk_len + chunk_.len();
  }

  // Payload (all integers little-endian): chunk counter u64, chunk CV 8 x u32, block
  // buffer 64 bytes, buffered bytes u8, blocks compressed u8, stack depth u8, then the
  // stack: 55 CVs of 32 bytes, unused ones zero.
  static constexpr std::size_t kStackMax = max_depth + 1;
  static constexpr std::size_t kPayload = 8 + 32 + 64 + 3 + kStackMax * 32;

  std::vector<std::uint8_t> save_state() const override {
    std::vector<std::uint8_t> v = detail::begin_state(hash_algorithm::blake3, kPayload);
    std::uint8_t p[kPayload] = {};
    for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(chunk_.counter >> (8 * i));
    store_cv(p + 8, chunk_.cv);
    std::memcpy(p + 40, chunk_.buf, chunk_.buf_len);
    p[104] = chunk_.buf_len;
    p[105] = chunk_.blocks_compressed;
    p[106] = stack_len_;
    std::memcpy(p + 107, stack_, stack_len_ * out_len);
    v.insert(v.end(), p, p + kPayload);
    return v;
  }

  status restore_state(std::span<const std::uint8_t> state) override {
    auto pl = detail::check_state(hash_algorithm::blake3, state, kPayload);
    if (!pl) return error(status_kind::invalid_argument, "not a saved blake3 state");
    const std::uint8_t* p = pl->data();
    std::uint64_t counter = 0;
    for (int i = 0; i < 8; ++i) counter |= std::uint64_t{p[i]} << (8 * i);
    const std::uint8_t buf_len = p[104], blocks = p[105], depth = p[106];
    if (buf_len > block_len || blocks > chunk_len / block_len ||
        blocks * block_len + buf_len > chunk_len || depth > kStackMax ||
        (blocks > 0 && buf_len == 0) || counter >> (64 - 10) != 0)
      return error(status_kind::invalid_argument, "blake3: corrupt saved state");
    // The stack holds one CV per set bit of the chunk count, plus the CVs not merged yet:
    // update() and append_subtree() leave at most popcount(counter - 1) + 1. A depth outside
    // that would be a wrong digest (or none), not an error: refuse it here.
    const std::size_t least = static_cast<std::size_t>(std::popcount(counter));
    const std::size_t most = counter == 0 ? 0 : static_cast<std::size_t>(std::popcount(counter - 1)) + 1;
    // save_state() writes zeros after the buffered bytes and after the stack's CVs, and a CV
    // of 32 zero bytes does not occur (2^-256): a depth changed in either direction shows.
    auto zero = [](const std::uint8_t* q, std::size_t n) {
      return std::all_of(q, q + n, [](std::uint8_t b) { return b == 0; });
    };
    bool stack_ok = depth >= least && depth <= most && zero(p + 40 + buf_len, block_len - buf_len) &&
                    zero(p + 107 + depth * out_len, (kStackMax - depth) * out_len);
    for (std::size_t i = 0; i < depth && stack_ok; ++i) stack_ok = !zero(p + 107 + i * out_len, out_len);
    if (!stack_ok) return error(status_kind::invalid_argument, "blake3: corrupt saved state (stack)");
    chunk_.reset(key_, counter, 0);
    load_cv(chunk_.cv, p + 8);
    std::memcpy(chunk_.buf, p + 40, buf_len);
    chunk_.buf_len = buf_len;
    chunk_.blocks_compressed = blocks;
    std::memset(stack_, 0, sizeof stack_);
    std::memcpy(stack_, p + 107, depth * out_len);
    stack_len_ = depth;
    return ok();
  }

 private:
  // Merge completed subtrees until the stack holds one CV per set bit of total_chunks.
  void merge_stack(const kernel& k, std::uint64_t total_chunks) noexcept {
    const std::size_t keep = static_cast<std::size_t>(std::popcount(total_chunks));
    while (stack_len_ > keep) {
      std::uint8_t* pair = stack_ + (stack_len_ - 2) * out_len;
      parent_output(pair, key_, 0).chaining_value(k, pair);
      --stack_len_;
    }
  }
  void push_cv(const kernel& k, const std::uint8_t cv[32], std::uint64_t chunk_counter) noexcept {
    merge_stack(k, chunk_counter);
    std::memcpy(stack_ + stack_len_ * out_len, cv, out_len);
    ++stack_len_;
  }

  std::uint32_t key_[8];
  chunk_state chunk_;
  std::uint8_t stack_[(max_depth + 1) * out_len] = {};
  std::uint8_t stack_len_ = 0;
};

}  // namespace

std::unique_ptr<Blake3Hasher> Blake3Hasher::create() { return std::make_unique<Blake3HasherImpl>(); }

namespace detail {
std::unique_ptr<Hasher> make_blake3_hasher() { return std::make_unique<Blake3HasherImpl>(); }
const char* blake3_kernel_name() noexcept { return b3::select().name; }
}  // namespace detail

namespace blake3 {

namespace {

/// CV of the non-root node over data[0 .. len) (len >= 1) starting at chunk `chunk_counter`:
/// one chunk (len <= chunk_len, possibly partial) or the subtree compress_subtree_wide builds
/// (left: the largest power of two of chunks leaving at least one byte; a partial last chunk
/// hashed on its own).
chaining_value node_cv(const std::uint8_t* data, std::size_t len, std::uint64_t chunk_counter) noexcept {
  const kernel& k = select();
  chaining_value out{};
  if (len <= chunk_len) {
    chunk_state cs;
    cs.reset(iv, chunk_counter, 0);
    cs.update(k, data, len);
    cs.out().chaining_value(k, out.data());
    return out;
  }
  std::uint8_t pair[64];
  compress_subtree_to_parent_node(k, data, len, iv, chunk_counter, 0, pair);
  parent_output(pair, iv, 0).chaining_value(k, out.data());
  return out;
}

}  // namespace

chaining_value subtree_cv(const std::uint8_t* data, std::uint64_t chunks,
                          std::uint64_t chunk_counter) noexcept {
  return node_cv(data, static_cast<std::size_t>(std::max<std::uint64_t>(chunks, 1) * chunk_len), chunk_counter);
}

chaining_value parent_cv(const chaining_value& left, const chaining_value& right) noexcept {
  std::uint8_t block[64];
  std::memcpy(block, left.data(), 32);
  std::memcpy(block + 32, right.data(), 32);
  chaining_value out{};
  parent_output(block, iv, 0).chaining_value(select(), out.data());
  return out;
}

chaining_value last_subtree_cv(const std::uint8_t* data, std::size_t len,
                               std::uint64_t chunk_counter) noexcept {
  return node_cv(data, len, chunk_counter);
}

std::array<std::uint8_t, 32> root_hash(const chaining_value& left,
                                       const chaining_value& right) noexcept {
  std::uint8_t block[64];
  std::memcpy(block, left.data(), 32);
  std::memcpy(block + 32, right.data(), 32);
  std::array<std::uint8_t, 32> out{};
  parent_output(block, iv, 0).root_bytes(select(), out.data());
  return out;
}

}  // namespace blake3

}  // namespace sluice
