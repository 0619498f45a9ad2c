// Checksums of a file or descriptor: chooses read, map or per-thread units (hash_file.hpp).
#include "sluice/native/hash_file.hpp"

#include <linux/magic.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <functional>
#include <memory>

#include "file_read.hpp"
#include "mapping_guard.hpp"
#include "sluice/blake3.hpp"
#include "sluice/native/blake3_mt.hpp"
#include "sluice/native/file.hpp"

namespace sluice::native {

namespace {

constexpr std::size_t kSlice = 256 * 1024;          // read buffer; and slices of a mapping
constexpr std::uint64_t kMapFrom = 8u << 20;          // fast algorithms map from here,
constexpr std::uint64_t kMapSlowFrom = 32u << 20;     // slow ones (blake3 on threads too) here
constexpr std::size_t kWindow = 16u << 20;            // a mapping is hashed and dropped in these

bool is_slow(hash_algorithm a) {
  return a == hash_algorithm::blake3 || a == hash_algorithm::sha256 || a == hash_algorithm::md5;
}

// Feeds every hasher and reports progress.
class feeder {
 public:
  feeder(std::vector<std::unique_ptr<Hasher>>& hashers, PumpObserver* obs)
      : hashers_(hashers), obs_(obs), start_(std::chrono::steady_clock::now()) {}
  status feed(const std::uint8_t* p, std::size_t n) {
    for (auto& h : hashers_)
      if (h) h->update(p, n);
    stats_.bytes_in += n;
    ++stats_.reads;
    return report();
  }
  status report() {
    if (!obs_) return ok();
    stats_.elapsed = std::chrono::steady_clock::now() - start_;
    status s = obs_->on_progress(stats_);
    return s.is_error() ? s : ok();
  }
  void set_bytes(std::uint64_t n) { stats_.bytes_in = n; }
  std::uint64_t bytes() const { return stats_.bytes_in; }

 private:
  std::vector<std::unique_ptr<Hasher>>& hashers_;
  PumpObserver* obs_;
  std::chrono::steady_clock::time_point start_;
  pump_stats stats_;
};

status shrank(std::uint64_t at) {
  return error(status_kind::truncated, "file shrank while being hashed", at);
}

/// After hashing a mapping of `size` bytes: a fault absorbed by the guard, or a file now
/// shorter than `size` (shrunk into the last mapped page, which reads as zeros without a
/// fault), is a truncated file; the offset is where its bytes now end.
status check_mapped(int fd, std::uint64_t size, const mapping_guard& g) {
  struct stat st {};
  const bool have = ::fstat(fd, &st) == 0;
  const auto now = have ? static_cast<std::uint64_t>(st.st_size) : size;
  if (g.faulted()) return shrank(std::min<std::uint64_t>(now, g.fault_offset()));
  if (now < size) return shrank(now);
  return ok();
}

/// pread from 0 to `size` through the calling thread's read buffer, kSlice at a time.
status read_regular(int fd, std::uint64_t size, feeder& f) {
  std::uint8_t* b = thread_read_buffer(kSlice);
  for (std::uint64_t off = 0; off < size;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kSlice, size - off));
    std::uint64_t at = 0;
    if (const int e = pread_exact(fd, b, off, n, at)) return e == kFileEnded ? shrank(at) : io_error(e, "cannot read", at);
    if (status s = f.feed(b, n); s.is_error()) return s;
    off += n;
  }
  return ok();
}

/// True for a regular file whose st_size is not its length: 0 (procfs: /proc/version has
/// bytes), or any file of a kernel pseudo filesystem (sysfs says 4096 for a 4-byte file).
/// Such files are read until read() says end of file, as cat and sha256sum read them.
bool size_unknown(int fd, const struct stat& st) {
  if (st.st_size == 0) return true;
  struct statfs fs {};
  if (::fstatfs(fd, &fs) != 0) return false;
  switch (static_cast<unsigned long>(fs.f_type)) {
    case PROC_SUPER_MAGIC: case SYSFS_MAGIC: case DEBUGFS_MAGIC: case TRACEFS_MAGIC:
    case SECURITYFS_MAGIC: case CGROUP_SUPER_MAGIC: case CGROUP2_SUPER_MAGIC:
    case EFIVARFS_MAGIC: case BPF_FS_MAGIC:
      return true;
    default:
      return false;
  }
}

/// read() from where the descriptor stands (file offset `pos`) to end of file.
status read_from(int fd, std::uint64_t pos, feeder& f) {
  std::uint8_t* b = thread_read_buffer(kSlice);
  for (;;) {
    const ssize_t n = ::read(fd, b, kSlice);
    if (n == 0) return ok();
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(errno, "cannot read", pos);
    }
    pos += static_cast<std::uint64_t>(n);
    if (status s = f.feed(b, static_cast<std::size_t>(n)); s.is_error()) return s;
  }
}

/// A whole-file read-only mapping, unmapped on destruction.
struct mapping {
  void* p = MAP_FAILED;
  std::size_t n = 0;
  ~mapping() {
    if (p != MAP_FAILED) ::munmap(p, n);
  }
};

}  // namespace

status hash_fd(int fd, std::span<const hash_algorithm> algos, file_digests& out,
               const hash_file_options& o) {
  out = {};
  std::vector<std::unique_ptr<Hasher>> hashers;
  for (auto a : algos) hashers.push_back(Hasher::create(a));
  feeder f(hashers, o.observer);
  const unsigned threads = o.threads;
  std::vector<std::array<std::uint8_t, 32>> parallel(algos.size());

  auto finish = [&](status s) {
    if (s.is_error()) {
      out = {};
      return s;
    }
    out.bytes = f.bytes();
    for (std::size_t i = 0; i < algos.size(); ++i) {
      std::vector<std::uint8_t> d(digest_size(algos[i]));
      if (hashers[i]) hashers[i]->digest(d.data());
      else std::copy_n(parallel[i].begin(), d.size(), d.begin());
      out.digests.push_back(std::move(d));
    }
    return ok();
  };

  struct stat st {};
  if (::fstat(fd, &st) != 0) return io_error(errno, "cannot stat");
  if (S_ISDIR(st.st_mode)) return io_error(EISDIR, "cannot read");
  if (!S_ISREG(st.st_mode) || size_unknown(fd, st)) {
    // Pipes, terminals, sockets, devices, and files whose size stat does not know (procfs,
    // sysfs): read in order until end of file, through the pump.
    class hash_sink final : public Sink {
     public:
      explicit hash_sink(feeder& fe) : f_(fe) {}
      status write(io_buffer& src) override {
        status s = f_.feed(src.readable().data(), src.reader_length());
        src.consume(src.reader_length());
        return s;
      }
      status finish() override { return ok(); }
      void abort() noexcept override {}

     private:
      feeder& f_;
    };
    FileSource src(fd);
    if (src.open_status().is_error()) return src.open_status();
    hash_sink sink(f);
    pump_options po;
    po.buffer_bytes = kSlice;
    status s = pump_all(src, {}, sink, po);
    return finish(s.is_end() ? ok() : s);
  }

  if (o.from_current_offset) {
    const off_t pos = ::lseek(fd, 0, SEEK_CUR);
    if (pos > 0) return finish(read_from(fd, static_cast<std::uint64_t>(pos), f));
    if (pos == 0) {
      // From 0 the fast ways below apply; the offset is then left at the end, as read() would.
      status s = hash_fd(fd, algos, out, [&] { auto c = o; c.from_current_offset = false; return c; }());
      if (s.is_ok()) (void)::lseek(fd, static_cast<off_t>(out.bytes), SEEK_SET);
      return s;
    }
  }

  const auto size = static_cast<std::uint64_t>(st.st_size);
  const bool has_blake3 = std::find(algos.begin(), algos.end(), hash_algorithm::blake3) != algos.end();
  const bool parallel_blake3 = has_blake3 && threads != 1 && size >= blake3_min_parallel_bytes();

  if (parallel_blake3 && algos.size() == 1) {
    // blake3 alone on several threads: every thread gets its own units' bytes.
    const bool map = o.access == file_access::map ||
                     (o.access == file_access::automatic && size >= kMapSlowFrom);
    const auto how = map ? blake3_file_access::map : blake3_file_access::read;
    // Progress after each unit the calling thread hashed; an error the observer returns is
    // returned once the threads are done (they are not stopped midway).
    status told = ok();
    std::function<void(std::uint64_t)> progress;
    if (o.observer)
      progress = [&f, &told](std::uint64_t done) {
        f.set_bytes(done);
        if (status r = f.report(); r.is_error() && !told.is_error()) told = r;
      };
    status s = blake3_hash_fd_parallel(fd, size, threads, parallel[0], how, progress);
    if (s.is_error()) return s;
    if (told.is_error()) return told;
    hashers[0].reset();
    f.set_bytes(size);
    return finish(f.report());
  }

  bool use_map = false;
  if (parallel_blake3 && o.access != file_access::read) {
    use_map = true;  // blake3 on threads and the others over the same pages: read once
  } else if (o.access == file_access::map) {
    use_map = size > 0;
  } else if (o.access == file_access::automatic) {
    use_map = size >= kMapSlowFrom ||
              (size >= kMapFrom && std::none_of(algos.begin(), algos.end(), is_slow));
  }
  // (Forced read with blake3 and others: blake3 runs in the one pass on this thread.)
  if (!use_map) return finish(read_regular(fd, size, f));

  mapping m;
  m.n = static_cast<std::size_t>(size);
  m.p = ::mmap(nullptr, m.n, PROT_READ, MAP_SHARED, fd, 0);
  if (m.p == MAP_FAILED) return finish(read_regular(fd, size, f));  // blake3 then on one thread
  mapping_guard guard(m.p, m.n);
  if (!guard.registered()) return finish(read_regular(fd, size, f));
  const auto* bytes = static_cast<const std::uint8_t*>(m.p);
  // The mapping is hashed window by window: blake3 on threads over a window (as subtrees),
  // then every other algorithm over the same window while it is in the last-level cache,
  // then its pages leave the process (MADV_DONTNEED: the page cache keeps them). So a file
  // larger than memory is read from the disk once, and the process's resident size stays
  // one window whatever the file's size (it was the whole file: 5 GiB for a 5 GiB file).
  std::unique_ptr<Blake3Hasher> b3 = parallel_blake3 ? Blake3Hasher::create() : nullptr;
  if (b3)
    for (std::size_t i = 0; i < algos.size(); ++i)
      if (algos[i] == hash_algorithm::blake3) hashers[i].reset();  // the feeder skips it
  if (!parallel_blake3) ::madvise(m.p, m.n, MADV_SEQUENTIAL);
  status s = ok();
  for (std::size_t w = 0; w < m.n && s.is_ok();) {
    const std::size_t len = std::min(kWindow, m.n - w);
    if (b3) {
      // Whole chunks before the file's last byte go to the threads; the Hasher finishes.
      const std::size_t whole = w + len < m.n ? len : (m.n - 1) / blake3::chunk_size * blake3::chunk_size - w;
      s = blake3_append_parallel(*b3, bytes + w, whole, threads);
      if (s.is_error()) return s;
      if (whole < len) b3->update(bytes + w + whole, len - whole);
    }
    for (std::size_t off = w; off < w + len && s.is_ok();) {
      const std::size_t n = std::min(kSlice, w + len - off);
      s = f.feed(bytes + off, n);
      off += n;
    }
    ::madvise(const_cast<std::uint8_t*>(bytes) + w, len, MADV_DONTNEED);
    w += len;
  }
  if (s.is_error()) return s;
  if (status c = check_mapped(fd, size, guard); c.is_error()) return c;
  if (b3) {
    for (std::size_t i = 0; i < algos.size(); ++i)
      if (algos[i] == hash_algorithm::blake3) b3->digest(parallel[i].data());
  }
  return finish(s);
}

status hash_file(const std::string& path, std::span<const hash_algorithm> algos,
                 file_digests& out, const hash_file_options& options) {
  out = {};
  FileSource src(path);  // opens; reports "cannot open" / "cannot read: Is a directory"
  if (src.open_status().is_error()) return src.open_status();
  return hash_fd(src.fd(), algos, out, options);
}

}  // namespace sluice::native
