// sluice cat [--engine auto|uring|mmap|read] FILE... — concatenate files to stdout.
#include <CLI/CLI.hpp>

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

#include "commands.hpp"
#include "common.hpp"
#include "sluice/native/file.hpp"
#include "sluice/native/uring.hpp"
#include "sluice/pump.hpp"

namespace sluice::cli {

namespace {

struct cat_options {
  std::vector<std::string> files;
  std::string engine = "auto";
  bool progress = false;
  std::size_t buffer_kib = 256;
};

// read engine: pread (or read on pipes) into the pump's buffer, write(2) to stdout.
status cat_read(const std::string& path, Progress& progress, std::size_t buffer_bytes) {
  native::FileSource src = path == "-" ? native::FileSource(0) : native::FileSource(path);
  if (src.open_status().is_error()) return src.open_status();
  native::FdSink out(1);
  pump_options opt;
  opt.buffer_bytes = buffer_bytes;
  opt.observer = &progress;
  return pump_all(src, {}, out, opt);
}

// uring engine: read-ahead with io_uring, write(2) to stdout.
status cat_uring(const std::string& path, Progress& progress, std::size_t buffer_bytes) {
  native::UringSource src(path);
  if (src.open_status().is_error()) return src.open_status();
  native::FdSink out(1);
  pump_options opt;
  opt.buffer_bytes = buffer_bytes;
  opt.observer = &progress;
  return pump_all(src, {}, out, opt);
}

// mmap engine: the mapping is the buffer; write(2) straight from it. Regular files only.
status cat_mmap(const std::string& path, Progress& progress) {
  native::FileSource src(path);
  if (src.open_status().is_error()) return src.open_status();
  if (!src.size()) return error(status_kind::unsupported, "the mmap engine needs a regular file");
  const std::uint64_t size = *src.size();
  if (size == 0) return end_of_stream();
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, src.fd(), 0);
  if (p == MAP_FAILED) return io_error(errno, "cannot map");
  ::madvise(p, size, MADV_SEQUENTIAL);
  io_buffer view = io_buffer::reading(static_cast<const std::uint8_t*>(p), size);
  native::FdSink out(1);
  pump_stats stats;
  auto start = std::chrono::steady_clock::now();
  status s = ok();
  while (view.reader_length() > 0) {
    // Write in 8 MiB slices so progress can be shown.
    io_buffer slice = view;
    slice.wi = std::min(view.wi, view.ri + (std::size_t{8} << 20));
    s = out.write(slice);
    stats.bytes_in += slice.ri - view.ri;
    view.ri = slice.ri;
    if (s.is_error()) break;
    stats.elapsed = std::chrono::steady_clock::now() - start;
    (void)progress.on_progress(stats);
  }
  ::munmap(p, size);
  return s.is_error() ? s : end_of_stream();
}

}  // namespace

command add_cat(CLI::App& app) {
  auto opt = std::make_shared<cat_options>();
  auto* cmd = app.add_subcommand("cat", "Concatenate files to standard output");
  cmd->add_option("files", opt->files, "Files to read ('-' or none: standard input)");
  cmd->add_option("--engine", opt->engine, "I/O engine")
      ->check(CLI::IsMember({"auto", "uring", "mmap", "read"}))
      ->capture_default_str();
  cmd->add_option("--buffer-kib", opt->buffer_kib, "Buffer size for the read engine, KiB")
      ->check(CLI::Range(4, 1 << 20))
      ->capture_default_str();
  cmd->add_flag("--progress", opt->progress, "Show progress on stderr even when not a terminal");
  return [opt]() {
    if (opt->files.empty()) opt->files.push_back("-");
    if (opt->engine == "uring" && !native::UringSource::available()) {
      report("--engine uring", "io_uring is not available on this system; use auto, mmap or read");
      return int(exit_failure);
    }
    int rc = exit_ok;
    for (const auto& f : opt->files) {
      Progress progress(display_name(f), opt->progress);
      // auto: the plain read engine — measured fastest into a pipe here (docs/BENCHMARKS.md);
      // stdin and non-regular files always take it.
      const bool regular = f != "-";
      status s = opt->engine == "mmap" && regular    ? cat_mmap(f, progress)
                 : opt->engine == "uring" && regular ? cat_uring(f, progress, opt->buffer_kib * 1024)
                                                     : cat_read(f, progress, opt->buffer_kib * 1024);
      progress.done();
      if (s.is_error()) {
        report(display_name(f), s);
        rc = exit_failure;
        if (s.kind == status_kind::io_error && s.sys_errno == EPIPE) break;
      }
    }
    return rc;
  };
}

}  // namespace sluice::cli
