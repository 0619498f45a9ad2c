// MD5: the RFC 1321 test suite, md5sum differential tests, streaming, save/restore, guard pages.
#define BOOST_TEST_MODULE md5
#include "hash_test_util.hpp"
#include "core/src/hash/md5.hpp"
#include "core/src/hash/registry.hpp"

using namespace hash_test;
namespace d = sluice::detail;

namespace {
auto make = [] { return d::make_md5_hasher(); };
}

BOOST_AUTO_TEST_CASE(rfc1321_suite) {
  auto cases = load_vectors("md5");
  BOOST_TEST_REQUIRE(cases.size() == 7u);
  for (const auto& c : cases) BOOST_TEST(digest_split(make, c.input.data(), c.input.size()) == c.hash);
  BOOST_TEST(std::string(d::md5_kernel_name()) == "portable");
}

BOOST_AUTO_TEST_CASE(against_md5sum) { differential(make, "md5sum", false, 16); }
BOOST_AUTO_TEST_CASE(every_split_point) { every_split(make, 400); }
BOOST_AUTO_TEST_CASE(guard_page) { guard_pages(make, false); }
BOOST_AUTO_TEST_CASE(bad_saved_states) { rejects_bad_states(make, sluice::hash_algorithm::sha256); }

BOOST_AUTO_TEST_CASE(saved_state_layout) {
  auto h = make();
  BOOST_TEST(h->save_state().size() == 5u + 88u);
  BOOST_TEST(h->algorithm() == sluice::hash_algorithm::md5);
}
