// Runs the built `sluice` binary as a user would and checks output, exit codes and the
// error line format of INTERFACE.md.
#define BOOST_TEST_MODULE native.cli
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

namespace {

struct Result {
  int code;
  std::string out;
  std::string err;
};

// Runs `sluice <args>` through the shell; captures stdout and stderr.
Result run(const std::string& args, const std::string& stdin_file = "") {
  char errname[] = "/tmp/sluice-cli-err-XXXXXX";
  int efd = ::mkstemp(errname);
  ::close(efd);
  std::string cmd = std::string("'") + SLUICE_CLI_PATH + "' " + args + " 2>" + errname;
  if (!stdin_file.empty()) cmd += " <'" + stdin_file + "'";
  FILE* p = ::popen(cmd.c_str(), "r");
  Result r{};
  std::array<char, 65536> buf;
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.out.append(buf.data(), n);
  int st = ::pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
  std::ifstream e(errname);
  r.err.assign(std::istreambuf_iterator<char>(e), {});
  ::unlink(errname);
  return r;
}

std::string make_file(const std::string& content) {
  char name[] = "/tmp/sluice-cli-in-XXXXXX";
  int fd = ::mkstemp(name);
  BOOST_REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  ::close(fd);
  return name;
}

std::string pseudo_random(std::size_t n) {
  std::string s(n, '\0');
  std::uint32_t x = 5;
  for (auto& c : s) c = static_cast<char>((x = x * 1664525u + 1013904223u) >> 24);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(version_and_help) {
  auto v = run("--version");
  BOOST_TEST(v.code == 0);
  BOOST_TEST(v.out.rfind("sluice ", 0) == 0u);
  auto h = run("--help");
  BOOST_TEST(h.code == 0);
  BOOST_TEST(h.out.find("cat") != std::string::npos);
  auto hc = run("cat --help");
  BOOST_TEST(hc.code == 0);
  BOOST_TEST(hc.out.find("--engine") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_usage_is_exit_2) {
  BOOST_TEST(run("").code == 2);
  BOOST_TEST(run("no-such-command").code == 2);
  auto r = run("cat --engine warp /dev/null");
  BOOST_TEST(r.code == 2);
  BOOST_TEST(r.err.rfind("sluice: ", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(cat_concatenates_files_with_every_engine) {
  auto a = pseudo_random(3'000'001), b = std::string("tail\n");
  auto fa = make_file(a), fb = make_file(b);
  for (const char* engine : {"auto", "read", "mmap", "uring"}) {
    auto r = run(std::string("cat --engine ") + engine + " " + fa + " " + fb);
    BOOST_TEST(r.code == 0, engine << ": " << r.err);
    BOOST_TEST((r.out == a + b), engine);
  }
  auto small = run("cat --buffer-kib 4 " + fa);
  BOOST_TEST((small.out == a));
  ::unlink(fa.c_str());
  ::unlink(fb.c_str());
}

BOOST_AUTO_TEST_CASE(cat_reads_stdin) {
  auto data = pseudo_random(100'000);
  auto f = make_file(data);
  auto r = run("cat", f);
  BOOST_TEST(r.code == 0);
  BOOST_TEST((r.out == data));
  auto r2 = run("cat -", f);
  BOOST_TEST((r2.out == data));
  ::unlink(f.c_str());
}

BOOST_AUTO_TEST_CASE(missing_file_is_exit_1_with_the_error_line) {
  auto f = make_file("ok\n");
  auto r = run("cat /nonexistent/x " + f);
  BOOST_TEST(r.code == 1);
  BOOST_TEST(r.err == "sluice: /nonexistent/x: cannot open: No such file or directory\n");
  BOOST_TEST(r.out == "ok\n");  // the other file is still copied, as cat does
  auto d = run("cat /tmp");
  BOOST_TEST(d.code == 1);
  BOOST_TEST(d.err == "sluice: /tmp: cannot read: Is a directory\n");
  ::unlink(f.c_str());
}
