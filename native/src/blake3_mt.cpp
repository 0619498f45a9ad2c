// Multi-threaded BLAKE3 over core's subtree API. Threads live here, never in core.
#include "sluice/native/blake3_mt.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <thread>
#include <vector>

#include "sluice/blake3.hpp"

namespace sluice::native {

namespace {

constexpr std::size_t kChunk = blake3::chunk_size;
constexpr std::size_t kMinParallel = 256 * 1024;

struct subtree {
  std::uint64_t first_chunk;  // aligned to `chunks`
  std::uint64_t chunks;       // power of two
  std::size_t first_unit;     // index of its first work unit
  std::size_t units;          // power of two: chunks / unit size, or 1
};

}  // namespace

std::size_t blake3_min_parallel_bytes() noexcept { return kMinParallel; }

std::array<std::uint8_t, 32> blake3_hash_parallel(const std::uint8_t* data, std::size_t size,
                                                  unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  auto h = Blake3Hasher::create();
  std::array<std::uint8_t, 32> out{};
  if (threads <= 1 || size < kMinParallel) {
    h->update(data, size);
    h->digest(out.data());
    return out;
  }

  // Whole chunks before the last byte go to subtrees; the rest (1..1024 bytes) is the tail
  // that the Hasher hashes itself, so that the root is always finalised by core.
  const std::uint64_t prefix_chunks = (size - 1) / kChunk;

  // Work units: aligned power-of-two runs of `unit` chunks (or whole small subtrees).
  // About 8 units per thread balances load; a unit is at least 16 chunks (one AVX-512
  // batch) and at most 1024 chunks (1 MiB).
  std::uint64_t unit = std::bit_floor(std::max<std::uint64_t>(1, prefix_chunks / (threads * 8ull)));
  unit = std::clamp<std::uint64_t>(unit, 16, 1024);

  // Greedy decomposition of [0, prefix_chunks) into aligned complete subtrees.
  std::vector<subtree> subtrees;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> units;  // (first chunk, chunks)
  for (std::uint64_t c = 0; c < prefix_chunks;) {
    std::uint64_t k = std::bit_floor(prefix_chunks - c);
    if (c != 0) k = std::min<std::uint64_t>(k, c & (~c + 1));  // lowest set bit of c
    subtree s{c, k, units.size(), 1};
    if (k > unit) {
      s.units = static_cast<std::size_t>(k / unit);
      for (std::uint64_t u = 0; u < k; u += unit) units.emplace_back(c + u, unit);
    } else {
      units.emplace_back(c, k);
    }
    subtrees.push_back(s);
    c += k;
  }

  std::vector<blake3::chaining_value> cvs(units.size());
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    // Each worker claims the next unit; units are written to distinct slots, and the
    // join() below orders those writes before the merge reads them.
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < units.size();)
      cvs[i] = blake3::subtree_cv(data + units[i].first * kChunk, units[i].second, units[i].first);
  };
  const unsigned extra = static_cast<unsigned>(
      std::min<std::size_t>(threads - 1, units.size() > 0 ? units.size() - 1 : 0));
  std::vector<std::thread> pool;
  pool.reserve(extra);
  for (unsigned t = 0; t < extra; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();

  // Fold each subtree's units pairwise (a perfect binary tree), then append in order.
  for (const subtree& s : subtrees) {
    std::size_t n = s.units;
    blake3::chaining_value* level = cvs.data() + s.first_unit;
    while (n > 1) {
      for (std::size_t i = 0; i < n / 2; ++i) level[i] = blake3::parent_cv(level[2 * i], level[2 * i + 1]);
      n /= 2;
    }
    status st = h->append_subtree(level[0], s.chunks);
    (void)st;  // cannot fail: subtrees are aligned and consecutive by construction
  }
  h->update(data + prefix_chunks * kChunk, size - static_cast<std::size_t>(prefix_chunks * kChunk));
  h->digest(out.data());
  return out;
}

}  // namespace sluice::native
