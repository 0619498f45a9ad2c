// Multi-threaded BLAKE3 over core's subtree API. Threads live here, never in core.
#include "sluice/native/blake3_mt.hpp"

#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <atomic>
#include <bit>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "sluice/blake3.hpp"
#include "file_read.hpp"
#include "mapping_guard.hpp"

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

/// A work unit: `len` bytes from chunk `first_chunk`; a complete subtree (len a power of two
/// of chunks), or the input's last subtree (to its end, its last chunk possibly partial).
struct work_unit {
  std::uint64_t first_chunk;
  std::size_t len;
  bool last;
};

/// Workers kept alive between calls (starting a thread costs tens of microseconds, a
/// noticeable share of hashing 1 MiB). One job at a time; the caller works on it too.
/// Waking a thread blocked on a condition variable also takes tens of microseconds here
/// (a VM), so a worker polls for the next job for a short while after each one, and the
/// caller polls for the workers to finish before it blocks (rayon's pool, b3sum's, also
/// keeps looking for work a while before it sleeps).
/// A poller stops polling at once, and blocks, when a thread it waits for was last seen on
/// its own CPU: that thread is then most likely queued behind it. On a loaded machine the
/// caller and a worker end up sharing one CPU, and polling there held the other off for the
/// whole 100 us (256 x 1 MiB files on 2 threads: 104 ms, 1 thread 60, now 63); blocking
/// also lets the wake-up put the two on different CPUs when one is free. (Yielding the CPU
/// between polls instead kept them both runnable on the shared CPU; yielding on every longer
/// wait whatever the CPU gave the CPU away to other processes: with one other process
/// running, 39-43 ms against 33-35 ms for polling.)
class pool {
 public:
  ~pool() {
    {
      std::lock_guard<std::mutex> lk(m_);
      stop_ = true;
    }
    work_cv_.notify_all();
    for (auto& t : workers_) t.join();
  }

  /// Runs fn on the calling thread and on `extra` workers; returns when all have returned.
  void run(unsigned extra, void (*fn)(void*), void* arg) {
    std::lock_guard<std::mutex> one_job(run_m_);
    std::unique_lock<std::mutex> lk(m_);
    while (workers_.size() < extra) {
      const std::size_t slot = 1 + workers_.size() % (kSlots - 1);
      workers_.emplace_back([this, slot] { loop(slot); });
    }
    fn_ = fn;
    arg_ = arg;
    wanted_ = extra;
    taken_ = 0;
    finished_ = 0;
    finished_pub_.store(0, std::memory_order_relaxed);
    ++generation_;
    published_.store(generation_, std::memory_order_release);
    lk.unlock();
    work_cv_.notify_all();
    cpu_[0].cpu.store(::sched_getcpu(), std::memory_order_relaxed);
    fn(arg);
    spin_until([&] { return finished_pub_.load(std::memory_order_acquire) == wanted_; }, 0, 1,
               std::min<std::size_t>(kSlots, 1 + std::size_t{extra}));
    lk.lock();
    // The workers' writes happen before their finished_ increments under m_, so they are
    // visible to the caller after this wait.
    done_cv_.wait(lk, [this] { return finished_ == wanted_; });
  }

 private:
  void loop(std::size_t slot) {
    std::uint64_t seen = 0;
    std::unique_lock<std::mutex> lk(m_);
    for (;;) {
      if (generation_ == seen && !stop_) {
        lk.unlock();
        spin_until([&] { return published_.load(std::memory_order_acquire) != seen; }, slot, 0, 1);
        lk.lock();
      }
      work_cv_.wait(lk, [&] { return stop_ || (generation_ != seen && taken_ < wanted_); });
      if (stop_) return;
      seen = generation_;
      ++taken_;
      void (*fn)(void*) = fn_;
      void* arg = arg_;
      lk.unlock();
      cpu_[slot].cpu.store(::sched_getcpu(), std::memory_order_relaxed);
      fn(arg);
      lk.lock();
      finished_pub_.store(++finished_, std::memory_order_release);
      if (finished_ == wanted_) done_cv_.notify_one();
    }
  }

  /// Polls done() for at most kSpin, or until a thread it waits for shares its CPU; the
  /// caller then blocks on the mutex and condition variable as before (which decide; the
  /// atomics only say when to look). `self` is the poller's slot in cpu_, [first, last) the
  /// slots of the threads it waits for.
  /// A slot keeps the last CPU seen even while its thread is idle: a worker that has not yet
  /// run since the job was published is the one most likely queued behind the caller.
  template <class F>
  void spin_until(F done, std::size_t self, std::size_t first, std::size_t last) {
    constexpr auto kSpin = std::chrono::microseconds(100);
    const auto end = std::chrono::steady_clock::now() + kSpin;
    bool shared = false;
    for (unsigned i = 0; !done(); ++i) {
      if (i % 64 == 0) {
        if (i != 0 && std::chrono::steady_clock::now() > end) return;
        const int cpu = ::sched_getcpu();
        if (cpu_[self].cpu.load(std::memory_order_relaxed) != cpu)
          cpu_[self].cpu.store(cpu, std::memory_order_relaxed);
        for (std::size_t k = first; k < last; ++k)
          shared = shared || cpu_[k].cpu.load(std::memory_order_relaxed) == cpu;
        if (shared) return;
      }
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#else
      std::this_thread::yield();
#endif
    }
  }

  static constexpr std::size_t kSlots = 64;
  /// The CPU each thread was last seen on (0: the caller; workers from 1, sharing slots past
  /// 63), or -1 before that.
  struct alignas(64) cpu_slot {  // a line each: pollers read them, their owners write them
    std::atomic<int> cpu{-1};
  };
  cpu_slot cpu_[kSlots];
  std::atomic<std::uint64_t> published_{0};  // generation_, readable without m_
  std::atomic<unsigned> finished_pub_{0};    // finished_, readable without m_
  std::mutex run_m_;  // serialises callers
  std::mutex m_;
  std::condition_variable work_cv_, done_cv_;
  std::vector<std::thread> workers_;
  void (*fn_)(void*) = nullptr;
  void* arg_ = nullptr;
  unsigned wanted_ = 0, taken_ = 0, finished_ = 0;
  std::uint64_t generation_ = 0;
  bool stop_ = false;
};

pool& shared_pool() {
  static pool p;
  return p;
}

}  // namespace

std::size_t blake3_min_parallel_bytes() noexcept { return kMinParallel; }

namespace {

/// Where the workers get a unit's bytes: in memory, or straight from a file descriptor
/// (each worker reading or mapping only its own units, so that the copies or page faults
/// of a file run on every thread and the bytes are hashed while still in cache).
struct unit_source {
  const std::uint8_t* data = nullptr;  // in memory (chunk data_first_chunk at data[0]); else fd
  std::uint64_t data_first_chunk = 0;
  int fd = -1;
  blake3_file_access access = blake3_file_access::read;
  std::atomic<int> err{0};              // first errno, or kFileEnded (file_read.hpp)

  std::atomic<std::uint64_t> err_offset{~std::uint64_t{0}};
  // Progress: bytes of finished units, told to `progress` on the calling thread only.
  std::atomic<std::uint64_t> bytes_done{0};
  const std::function<void(std::uint64_t)>* progress = nullptr;
  std::thread::id caller;
  void fail(int e, std::uint64_t off) noexcept {
    int z = 0;
    if (err.compare_exchange_strong(z, e, std::memory_order_relaxed))
      err_offset.store(off, std::memory_order_relaxed);
  }
};

constexpr std::size_t kPage = 4096;

/// Reads [off, off+len) of the file completely; false (and src.fail) on an error or early EOF.
bool pread_all(unit_source& src, std::uint8_t* dst, std::uint64_t off, std::size_t len) {
  std::uint64_t at = 0;
  const int e = pread_exact(src.fd, dst, off, len, at);
  if (e) src.fail(e, at);
  return e == 0;
}

blake3::chaining_value unit_cv(unit_source& src, const work_unit& u) {
  const std::uint64_t off = u.first_chunk * kChunk;
  const std::size_t len = u.len;
  auto hash = [&](const std::uint8_t* p) {
    return u.last ? blake3::last_subtree_cv(p, len, u.first_chunk)
                  : blake3::subtree_cv(p, len / kChunk, u.first_chunk);
  };
  if (src.data) return hash(src.data + (u.first_chunk - src.data_first_chunk) * kChunk);
  if (src.err.load(std::memory_order_relaxed)) return {};
  auto read_unit = [&]() -> blake3::chaining_value {
    std::uint8_t* b = thread_read_buffer(len);
    if (!pread_all(src, b, off, len)) return {};
    return hash(b);
  };
  if (src.access == blake3_file_access::read) return read_unit();
  // Map just this unit, populated in one go (one batched fault instead of one per 64 KiB),
  // hash it, unmap it: the mapping cost is paid on the thread that hashes the unit.
  const std::uint64_t map_off = off & ~std::uint64_t{kPage - 1};
  const std::size_t map_len = len + static_cast<std::size_t>(off - map_off);
  void* p = ::mmap(nullptr, map_len, PROT_READ, MAP_SHARED | MAP_POPULATE, src.fd,
                   static_cast<off_t>(map_off));
  if (p == MAP_FAILED) {
    src.fail(errno, off);
    return {};
  }
  blake3::chaining_value cv{};
  {
    mapping_guard g(p, map_len);
    if (!g.registered()) {
      ::munmap(p, map_len);
      return read_unit();
    }
    cv = hash(static_cast<const std::uint8_t*>(p) + (off - map_off));
    if (g.faulted()) src.fail(kFileEnded, map_off + g.fault_offset());
  }
  ::munmap(p, map_len);
  return cv;
}

/// Work units of at most this many chunks for `chunks` chunks on `threads` threads: about 8
/// units per thread balances load; a unit is at least 128 chunks (128 KiB) and at most 1024
/// chunks (1 MiB). The minimum was 16 chunks (one AVX-512 batch), but on a freshly mapped
/// file threads taking alternate 16-32 KiB units fault in the same 64 KiB fault-around
/// windows and wait on each other: 2 threads, 1 MiB page-cached mapped file 4.8 -> 5.7 GB/s
/// (in memory 9.3 -> 10.0).
std::uint64_t unit_chunks(std::uint64_t chunks, unsigned threads) {
  const std::uint64_t unit = std::bit_floor(std::max<std::uint64_t>(1, chunks / (threads * 8ull)));
  return std::clamp<std::uint64_t>(unit, 128, 1024);
}

/// Greedy decomposition of chunks [first, end) into aligned complete subtrees, each cut into
/// work units of `unit` chunks (a subtree of at most `unit` chunks is one unit).
void split(std::uint64_t first, std::uint64_t end, std::uint64_t unit, std::vector<subtree>& subtrees,
           std::vector<work_unit>& units) {
  for (std::uint64_t c = first; c < end;) {
    std::uint64_t k = std::bit_floor(end - c);
    if (c != 0) k = std::min<std::uint64_t>(k, c & (~c + 1));  // lowest set bit of c
    subtree s{c, k, units.size(), 1};
    if (k > unit) {
      s.units = static_cast<std::size_t>(k / unit);
      for (std::uint64_t u = 0; u < k; u += unit) units.push_back({c + u, static_cast<std::size_t>(unit * kChunk), false});
    } else {
      units.push_back({c, static_cast<std::size_t>(k * kChunk), false});
    }
    subtrees.push_back(s);
    c += k;
  }
}

/// Hashes the units on the calling thread and up to threads - 1 workers; each subtree's CV
/// ends up at cvs[its first_unit] (its units folded pairwise, a perfect binary tree).
std::vector<blake3::chaining_value> hash_units(unit_source& src, const std::vector<work_unit>& units,
                                               const std::vector<subtree>& subtrees, unsigned threads) {
  std::vector<blake3::chaining_value> cvs(units.size());
  struct job {
    unit_source* src;
    const std::vector<work_unit>* units;
    blake3::chaining_value* cvs;
    std::atomic<std::size_t> next{0};
  } j{&src, &units, cvs.data()};
  // Each participant claims the next unit (relaxed: the counter only hands out indices);
  // units write distinct slots, published to the caller by the pool's mutex.
  auto work = [](void* p) {
    auto& jb = *static_cast<job*>(p);
    const auto& us = *jb.units;
    unit_source& us_src = *jb.src;
    const bool tell = us_src.progress != nullptr && std::this_thread::get_id() == us_src.caller;
    for (std::size_t i; (i = jb.next.fetch_add(1, std::memory_order_relaxed)) < us.size();) {
      jb.cvs[i] = unit_cv(us_src, us[i]);
      // Relaxed: a count for display, nothing is read through it.
      const std::uint64_t done = us_src.bytes_done.fetch_add(us[i].len, std::memory_order_relaxed) + us[i].len;
      if (tell) (*us_src.progress)(done);
    }
  };
  const unsigned extra = static_cast<unsigned>(
      std::min<std::size_t>(threads - 1, units.size() > 0 ? units.size() - 1 : 0));
  shared_pool().run(extra, work, &j);

  for (const subtree& s : subtrees) {
    std::size_t n = s.units;
    blake3::chaining_value* level = cvs.data() + s.first_unit;
    while (n > 1) {
      for (std::size_t i = 0; i < n / 2; ++i) level[i] = blake3::parent_cv(level[2 * i], level[2 * i + 1]);
      n /= 2;
    }
  }
  return cvs;
}

/// Appends chunks [first_chunk, end_chunk) from `src` to `h` (which holds first_chunk whole
/// chunks) as complete subtrees hashed on up to `threads` threads.
void append_parallel(unit_source& src, Blake3Hasher& h, std::uint64_t first_chunk,
                     std::uint64_t end_chunk, unsigned threads) {
  std::vector<subtree> subtrees;
  std::vector<work_unit> units;
  split(first_chunk, end_chunk, unit_chunks(end_chunk - first_chunk, threads), subtrees, units);
  const auto cvs = hash_units(src, units, subtrees, threads);
  for (const subtree& s : subtrees) {
    status st = h.append_subtree(cvs[s.first_unit], s.chunks);
    (void)st;  // cannot fail: subtrees are aligned and consecutive by construction
  }
}

/// The parallel hash of `size` bytes (at least kMinParallel) from `src`.
std::array<std::uint8_t, 32> hash_parallel(unit_source& src, std::uint64_t size, unsigned threads) {
  // Whole chunks before the last byte; the chunk holding the last byte may be partial.
  const std::uint64_t prefix_chunks = (size - 1) / kChunk;
  const std::uint64_t unit = unit_chunks(prefix_chunks, threads);
  // [0, edge) splits into aligned complete subtrees of at least `unit` chunks (the set bits
  // of prefix_chunks from `unit` up), each cut into units of `unit` chunks. [edge, end) —
  // fewer than `unit` whole chunks and the last (partial) one — is one more unit, hashed by
  // one thread with last_subtree_cv: one pass of the widest kernel over all its chunks (these
  // were up to log2(unit) small subtrees, each its own unit and mostly hashed with the
  // portable compression below 16 chunks, and a tail hashed after the join on the calling
  // thread). The units are in decreasing size, so the last claims balance the threads.
  const std::uint64_t edge = prefix_chunks & ~(unit - 1);  // > 0: size >= kMinParallel
  std::vector<subtree> subtrees;
  std::vector<work_unit> units;
  split(0, edge, unit, subtrees, units);
  units.push_back({edge, static_cast<std::size_t>(size - edge * kChunk), true});
  const auto cvs = hash_units(src, units, subtrees, threads);
  // The right edge of the tree, from the last subtree back to the first, whose parent is
  // the root.
  blake3::chaining_value right = cvs.back();
  for (std::size_t i = subtrees.size(); i-- > 1;)
    right = blake3::parent_cv(cvs[subtrees[i].first_unit], right);
  return blake3::root_hash(cvs[subtrees[0].first_unit], right);
}

}  // namespace

std::array<std::uint8_t, 32> blake3_hash_parallel(const std::uint8_t* data, std::size_t size,
                                                  unsigned threads) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  if (threads <= 1 || size < kMinParallel) {
    auto h = Blake3Hasher::create();
    std::array<std::uint8_t, 32> out{};
    h->update(data, size);
    h->digest(out.data());
    return out;
  }
  unit_source src;
  src.data = data;
  return hash_parallel(src, size, threads);
}

status blake3_append_parallel(Blake3Hasher& h, const std::uint8_t* data, std::size_t size,
                              unsigned threads) {
  const std::uint64_t done = h.size();
  if (done % kChunk != 0 || size % kChunk != 0)
    return error(status_kind::invalid_argument, "blake3_append_parallel: not whole chunks");
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  if (threads <= 1 || size < kMinParallel) {
    h.update(data, size);
    return ok();
  }
  unit_source src;
  src.data = data;
  src.data_first_chunk = done / kChunk;
  append_parallel(src, h, done / kChunk, (done + size) / kChunk, threads);
  return ok();
}

status blake3_hash_fd_parallel(int fd, std::uint64_t size, unsigned threads,
                               std::array<std::uint8_t, 32>& out, blake3_file_access access,
                               const std::function<void(std::uint64_t)>& progress) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  unit_source src;
  src.fd = fd;
  src.access = access;
  if (progress) src.progress = &progress;
  src.caller = std::this_thread::get_id();
  if (threads <= 1 || size < kMinParallel) {
    // One thread: stream it through the per-thread buffer.
    auto h = Blake3Hasher::create();
    constexpr std::size_t kSlice = 256 * 1024;
    std::uint8_t* b = thread_read_buffer(kSlice);
    for (std::uint64_t off = 0; off < size;) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kSlice, size - off));
      if (!pread_all(src, b, off, n)) break;
      h->update(b, n);
      off += n;
      if (progress) progress(off);
    }
    h->digest(out.data());
  } else {
    out = hash_parallel(src, size, threads);
  }
  // A file that shrank into the last page of a mapped unit reads as zeros there without a
  // SIGBUS: the size after the hash is what tells (and where the bytes ran out).
  struct stat st {};
  if (!src.err.load() && ::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_size) < size)
    src.fail(kFileEnded, static_cast<std::uint64_t>(st.st_size));
  if (int e = src.err.load()) {
    out = {};
    std::uint64_t at = src.err_offset.load();
    if (e == kFileEnded) {
      if (::fstat(fd, &st) == 0) at = std::min(at, static_cast<std::uint64_t>(st.st_size));
      return error(status_kind::truncated, "file shrank while being hashed", at);
    }
    return io_error(e, "cannot read", at);
  }
  return ok();
}

}  // namespace sluice::native
