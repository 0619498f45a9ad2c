#define BOOST_TEST_MODULE native.uring
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <vector>

#include "sluice/memory.hpp"
#include "sluice/native/uring.hpp"
#include "sluice/pump.hpp"
#include "support/printing.hpp"

using namespace sluice;
using sluice::native::UringSource;

namespace {

std::vector<std::uint8_t> sample(std::size_t n, std::uint32_t s) {
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>((s = s * 1664525u + 1013904223u) >> 24);
  return v;
}

struct TempFile {
  explicit TempFile(const std::vector<std::uint8_t>& v) {
    char t[] = "/tmp/sluice-uring-XXXXXX";
    int fd = ::mkstemp(t);
    path = t;
    std::size_t off = 0;
    while (off < v.size()) off += static_cast<std::size_t>(::write(fd, v.data() + off, v.size() - off));
    ::close(fd);
  }
  ~TempFile() { ::unlink(path.c_str()); }
  std::string path;
};

// io_uring can be forbidden (seccomp, containers): make that a visible skip, not a pass.
struct RequireUring {
  RequireUring() {
    if (!UringSource::available()) {
      std::puts("io_uring unavailable here: skipping (exit 77)");
      std::exit(77);
    }
  }
};
BOOST_TEST_GLOBAL_FIXTURE(RequireUring);

}  // namespace

BOOST_AUTO_TEST_CASE(reads_whole_files_of_awkward_sizes) {
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{4095}, std::size_t{4096},
                        std::size_t{65537}, std::size_t{3'000'017}}) {
    auto data = sample(n, static_cast<std::uint32_t>(n + 1));
    TempFile f(data);
    for (std::size_t buf : {std::size_t{1000}, std::size_t{65536}, std::size_t{1 << 20}}) {
      UringSource src(f.path, 3, 8192);
      BOOST_REQUIRE_MESSAGE(!src.open_status().is_error(), src.open_status().to_string());
      BOOST_TEST(src.size().value() == n);
      MemorySink sink;
      status s = pump_all(src, {}, sink, {buf, nullptr});
      BOOST_TEST(s.is_end(), s.to_string());
      BOOST_TEST((sink.bytes() == data), "n=" << n << " buf=" << buf);
    }
  }
}

BOOST_AUTO_TEST_CASE(follows_seeks_outside_the_read_ahead) {
  auto data = sample(1'000'000, 7);
  TempFile f(data);
  UringSource src(f.path, 4, 4096);
  owned_buffer ob(777);
  for (std::uint64_t at : {900'000ull, 10ull, 500'000ull, 500'100ull, 999'999ull}) {
    ob.buf.reset_to(at);
    BOOST_TEST(src.read(ob.buf).is_ok());
    BOOST_REQUIRE(ob.buf.reader_length() > 0u);
    BOOST_TEST(std::equal(ob.buf.reader_pointer(), ob.buf.reader_pointer() + ob.buf.reader_length(),
                          data.begin() + static_cast<std::ptrdiff_t>(at)));
  }
  ob.buf.reset_to(1'000'000);
  BOOST_TEST(src.read(ob.buf).is_end());
  BOOST_TEST(ob.buf.closed);
}

BOOST_AUTO_TEST_CASE(refuses_what_it_cannot_read) {
  UringSource missing("/nonexistent/file");
  BOOST_TEST(missing.open_status().sys_errno == ENOENT);
  UringSource dir("/tmp");
  BOOST_TEST(dir.open_status().sys_errno == EISDIR);
  UringSource dev("/dev/null");
  BOOST_TEST(dev.open_status().kind == status_kind::unsupported);
}
