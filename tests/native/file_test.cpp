#define BOOST_TEST_MODULE native.file
#include <boost/test/unit_test.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "sluice/memory.hpp"
#include "support/printing.hpp"
#include "sluice/native/file.hpp"
#include "sluice/pump.hpp"

using namespace sluice;
using sluice::native::FileSink;
using sluice::native::FileSource;

namespace {

struct TempDir {
  TempDir() {
    char tmpl[] = "/tmp/sluice-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
  std::vector<std::string> entries() const {
    std::vector<std::string> out;
    if (DIR* d = ::opendir(path.c_str())) {
      while (auto* e = ::readdir(d))
        if (std::string n = e->d_name; n != "." && n != "..") out.push_back(n);
      ::closedir(d);
    }
    return out;
  }
  std::string path;
};

std::vector<std::uint8_t> sample(std::size_t n) {
  std::vector<std::uint8_t> v(n);
  std::uint32_t s = 99;
  for (auto& b : v) b = static_cast<std::uint8_t>((s = s * 1664525u + 1013904223u) >> 24);
  return v;
}

void write_file(const std::string& p, const std::vector<std::uint8_t>& v) {
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(v.data()),
                                           static_cast<std::streamsize>(v.size()));
}

std::vector<std::uint8_t> read_file(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), {}};
}

// Fails after `after` bytes: to prove that a failed pump leaves no output file.
class BrokenSource final : public Source {
 public:
  explicit BrokenSource(std::uint64_t after) : after_(after) {}
  status read(io_buffer& dst) override {
    if (dst.writer_position() >= after_) return io_error(EIO, "simulated failure", after_);
    std::size_t n = std::min<std::uint64_t>(dst.writer_length(), after_ - dst.writer_position());
    std::fill_n(dst.writer_pointer(), n, 'z');
    dst.commit(n);
    return ok();
  }
  std::uint64_t after_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(file_suite)

BOOST_AUTO_TEST_CASE(file_source_reads_everything_and_knows_its_size) {
  TempDir t;
  auto data = sample(1'000'003);
  write_file(t.path + "/in", data);
  FileSource src(t.path + "/in");
  BOOST_REQUIRE(!src.open_status().is_error());
  BOOST_TEST(src.seekable());
  BOOST_TEST(src.size().value() == data.size());
  MemorySink sink;
  BOOST_TEST(pump_all(src, {}, sink, {4093, nullptr}).is_end());
  BOOST_TEST(sink.bytes() == data);
}

BOOST_AUTO_TEST_CASE(file_source_seeks_where_the_buffer_says) {
  TempDir t;
  auto data = sample(10000);
  write_file(t.path + "/in", data);
  FileSource src(t.path + "/in");
  owned_buffer ob(100);
  ob.buf.reset_to(7777);  // the caller's seek
  BOOST_TEST(src.read(ob.buf).is_ok());
  BOOST_TEST(ob.buf.reader_length() == 100u);
  BOOST_TEST(std::equal(ob.buf.reader_pointer(), ob.buf.reader_pointer() + 100, data.begin() + 7777));
}

BOOST_AUTO_TEST_CASE(pipe_source_is_sequential_and_refuses_seeks) {
  int fds[2];
  BOOST_REQUIRE(::pipe(fds) == 0);
  const char msg[] = "hello, pipe";
  BOOST_REQUIRE(::write(fds[1], msg, sizeof msg - 1) == sizeof msg - 1);
  ::close(fds[1]);
  FileSource src(fds[0]);
  BOOST_TEST(!src.seekable());
  BOOST_TEST(!src.size().has_value());
  owned_buffer ob(64);
  ob.buf.reset_to(3);
  BOOST_TEST(src.read(ob.buf).kind == status_kind::unsupported);
  ob.buf.reset_to(0);
  BOOST_TEST(src.read(ob.buf).is_ok());
  BOOST_TEST(std::string(reinterpret_cast<char*>(ob.buf.data), ob.buf.wi) == "hello, pipe");
  BOOST_TEST(src.read(ob.buf).is_end());
  BOOST_TEST(ob.buf.closed);
  ::close(fds[0]);
}

BOOST_AUTO_TEST_CASE(missing_file_reports_errno) {
  FileSource src("/nonexistent/sluice/file");
  BOOST_TEST(src.open_status().kind == status_kind::io_error);
  BOOST_TEST(src.open_status().sys_errno == ENOENT);
  owned_buffer ob(8);
  BOOST_TEST(src.read(ob.buf).kind == status_kind::io_error);
}

BOOST_AUTO_TEST_CASE(file_sink_publishes_atomically) {
  TempDir t;
  auto data = sample(300'000);
  MemorySource src(data, 1000);
  const std::string out = t.path + "/out.bin";
  {
    FileSink sink(out);
    BOOST_REQUIRE(!sink.open_status().is_error());
    // Before finish, only the hidden temporary file exists.
    owned_buffer ob(4096);
    BOOST_TEST(src.read(ob.buf).is_ok());
    BOOST_TEST(sink.write(ob.buf).is_ok());
    BOOST_TEST(::access(out.c_str(), F_OK) != 0);
    BOOST_TEST(t.entries().size() == 1u);
    BOOST_TEST(t.entries()[0].rfind(".out.bin.sluice-", 0) == 0u);
    sink.abort();
  }
  BOOST_TEST(t.entries().empty());
  FileSink sink(out);
  BOOST_TEST(pump_all(src, {}, sink).is_end());
  BOOST_TEST(read_file(out) == data);
  BOOST_TEST(t.entries().size() == 1u);  // the temp file is gone
  struct stat st {};
  BOOST_REQUIRE(::stat(out.c_str(), &st) == 0);
  mode_t mask = ::umask(0);
  ::umask(mask);
  BOOST_TEST((st.st_mode & 0777) == (0666 & ~mask));
}

BOOST_AUTO_TEST_CASE(failed_pump_leaves_nothing_behind) {
  TempDir t;
  const std::string out = t.path + "/out.bin";
  {
    BrokenSource src(200'000);
    FileSink sink(out);
    status s = pump_all(src, {}, sink, {4096, nullptr});
    BOOST_TEST(s.kind == status_kind::io_error);
    BOOST_TEST(s.offset == 200'000u);
  }
  BOOST_TEST(t.entries().empty());
  // An existing file is left untouched by a failed replacement.
  write_file(out, {1, 2, 3});
  {
    BrokenSource src(10);
    FileSink sink(out);
    BOOST_TEST(pump_all(src, {}, sink).is_error());
  }
  BOOST_TEST(read_file(out) == (std::vector<std::uint8_t>{1, 2, 3}));
  BOOST_TEST(t.entries().size() == 1u);
}

BOOST_AUTO_TEST_CASE(destroying_an_unfinished_sink_removes_the_temp_file) {
  TempDir t;
  {
    FileSink sink(t.path + "/x");
    owned_buffer ob(4);
    ob.buf.write_some(reinterpret_cast<const std::uint8_t*>("abcd"), 4);
    BOOST_TEST(sink.write(ob.buf).is_ok());
    BOOST_TEST(t.entries().size() == 1u);
  }
  BOOST_TEST(t.entries().empty());
}

BOOST_AUTO_TEST_CASE(replacing_keeps_the_old_mode) {
  TempDir t;
  const std::string out = t.path + "/script";
  write_file(out, {1});
  ::chmod(out.c_str(), 0750);
  auto data = sample(10);
  MemorySource src(data);
  FileSink sink(out);
  BOOST_TEST(pump_all(src, {}, sink).is_end());
  struct stat st {};
  BOOST_REQUIRE(::stat(out.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 07777) == 0750u);
  BOOST_TEST(read_file(out) == data);
}

BOOST_AUTO_TEST_CASE(sink_into_a_missing_directory_or_a_directory_fails_cleanly) {
  FileSink a("/nonexistent-dir/x");
  BOOST_TEST(a.open_status().sys_errno == ENOENT);
  TempDir t;
  FileSink b(t.path);
  BOOST_TEST(b.open_status().sys_errno == EISDIR);
  owned_buffer ob(4);
  BOOST_TEST(b.write(ob.buf).is_error());
}

BOOST_AUTO_TEST_SUITE_END()
