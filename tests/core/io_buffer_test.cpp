#define BOOST_TEST_MODULE core.io_buffer
#include <boost/test/unit_test.hpp>

#include <array>
#include <numeric>
#include <type_traits>

#include "sluice/io_buffer.hpp"

using sluice::io_buffer;

BOOST_AUTO_TEST_SUITE(io_buffer_suite)

BOOST_AUTO_TEST_CASE(zero_value_is_a_valid_empty_open_buffer) {
  static_assert(std::is_aggregate_v<io_buffer>);
  static_assert(std::is_trivially_copyable_v<io_buffer>);
  io_buffer b{};
  BOOST_TEST(b.valid());
  BOOST_TEST(b.reader_length() == 0u);
  BOOST_TEST(b.writer_length() == 0u);
  BOOST_TEST(!b.closed);
  BOOST_TEST(!b.drained());
  BOOST_TEST(b.reader_position() == 0u);
}

BOOST_AUTO_TEST_CASE(valid_rejects_each_broken_invariant) {
  std::array<std::uint8_t, 8> mem{};
  io_buffer b = io_buffer::over(mem.data(), mem.size());
  b.ri = 3; b.wi = 2;
  BOOST_TEST(!b.valid());  // ri > wi
  b.ri = 0; b.wi = 9;
  BOOST_TEST(!b.valid());  // wi > len
  b.wi = 8;
  BOOST_TEST(b.valid());
}

BOOST_AUTO_TEST_CASE(write_then_read_moves_the_indices) {
  std::array<std::uint8_t, 8> mem{};
  io_buffer b = io_buffer::over(mem.data(), mem.size());
  const std::uint8_t in[] = {1, 2, 3, 4, 5};
  BOOST_TEST(b.write_some(in, 5) == 5u);
  BOOST_TEST(b.wi == 5u);
  BOOST_TEST(b.writer_length() == 3u);
  BOOST_TEST(b.reader_length() == 5u);
  BOOST_TEST(b.reader_pointer()[0] == 1);
  b.consume(2);
  BOOST_TEST(b.reader_position() == 2u);
  BOOST_TEST(b.reader_pointer()[0] == 3);
  // write_some stops at the room it has.
  BOOST_TEST(b.write_some(in, 5) == 3u);
  BOOST_TEST(b.writer_length() == 0u);
  BOOST_TEST(b.writer_position() == 8u);
}

// The table in io_buffer.hpp: pos + ri and pos + wi do not change, the bytes move to the front.
BOOST_AUTO_TEST_CASE(compaction_keeps_stream_offsets) {
  std::array<std::uint8_t, 64> mem{};
  std::iota(mem.begin(), mem.end(), std::uint8_t{0});
  io_buffer b{mem.data(), 64, 30, 50, 100, false};
  const auto rpos = b.reader_position(), wpos = b.writer_position();
  b.compact();
  BOOST_TEST(b.pos == 130u);
  BOOST_TEST(b.ri == 0u);
  BOOST_TEST(b.wi == 20u);
  BOOST_TEST(b.reader_position() == rpos);
  BOOST_TEST(b.writer_position() == wpos);
  for (std::size_t i = 0; i < 20; ++i) BOOST_TEST(mem[i] == 30 + i);
  BOOST_TEST(b.writer_length() == 44u);
}

BOOST_AUTO_TEST_CASE(compaction_of_empty_and_front_buffers) {
  std::array<std::uint8_t, 16> mem{};
  io_buffer b{mem.data(), 16, 16, 16, 7, false};  // fully read
  b.compact();
  BOOST_TEST(b.pos == 23u);
  BOOST_TEST((b.ri == 0u && b.wi == 0u));
  io_buffer c{mem.data(), 16, 0, 5, 7, false};    // nothing read: nothing to do
  c.compact();
  BOOST_TEST(c.pos == 7u);
  BOOST_TEST(c.wi == 5u);
}

BOOST_AUTO_TEST_CASE(compact_if_useful_only_when_free_or_needed) {
  std::array<std::uint8_t, 16> mem{};
  io_buffer b{mem.data(), 16, 4, 10, 0, false};  // room left and bytes to move: leave it
  b.compact_if_useful();
  BOOST_TEST(b.ri == 4u);
  b.ri = 10;                                     // empty: free to reset
  b.compact_if_useful();
  BOOST_TEST((b.ri == 0u && b.wi == 0u && b.pos == 10u));
  io_buffer full{mem.data(), 16, 3, 16, 0, false};  // no room: compact
  full.compact_if_useful();
  BOOST_TEST((full.ri == 0u && full.wi == 13u && full.pos == 3u));
}

BOOST_AUTO_TEST_CASE(seek_by_reset_restarts_at_an_offset) {
  std::array<std::uint8_t, 16> mem{};
  io_buffer b{mem.data(), 16, 2, 9, 40, true};
  b.reset_to(1000);
  BOOST_TEST(b.reader_position() == 1000u);
  BOOST_TEST(b.writer_position() == 1000u);
  BOOST_TEST(!b.closed);
  BOOST_TEST(b.reader_length() == 0u);
}

BOOST_AUTO_TEST_CASE(reading_constructor_is_closed_and_full) {
  const std::uint8_t bytes[] = {9, 8, 7};
  io_buffer b = io_buffer::reading(bytes, 3);
  BOOST_TEST(b.closed);
  BOOST_TEST(b.reader_length() == 3u);
  BOOST_TEST(b.writer_length() == 0u);
  b.consume(3);
  BOOST_TEST(b.drained());
}

BOOST_AUTO_TEST_CASE(views_expose_one_side_each) {
  sluice::owned_buffer ob(8);
  sluice::io_writer w(ob.buf);
  sluice::io_reader r(ob.buf);
  const std::uint8_t in[] = {1, 2, 3};
  BOOST_TEST(w.write_some(in, 3) == 3u);
  BOOST_TEST(w.room() == 5u);
  BOOST_TEST(r.length() == 3u);
  r.consume(1);
  BOOST_TEST(r.position() == 1u);
  BOOST_TEST(!r.drained());
  w.close();
  BOOST_TEST(r.closed());
  r.consume(2);
  BOOST_TEST(r.drained());
}

// Property: any sequence of writes, reads and compactions keeps the invariant and the
// arithmetic (reader_position = bytes read so far, writer_position = bytes written so far),
// and the bytes read come out in the order written.
BOOST_AUTO_TEST_CASE(random_operations_keep_invariants) {
  std::array<std::uint8_t, 37> mem{};
  io_buffer b = io_buffer::over(mem.data(), mem.size());
  std::uint32_t rng = 12345;
  auto next = [&] { rng = rng * 1103515245u + 12345u; return (rng >> 16) & 0x7fff; };
  std::uint64_t written = 0, read = 0;
  for (int step = 0; step < 20000; ++step) {
    switch (next() % 3) {
      case 0: {
        std::uint8_t tmp[16];
        std::size_t n = next() % 17;
        for (std::size_t i = 0; i < n; ++i) tmp[i] = static_cast<std::uint8_t>(written + i);
        written += b.write_some(tmp, n);
        break;
      }
      case 1: {
        std::size_t n = next() % (b.reader_length() + 1);
        for (std::size_t i = 0; i < n; ++i)
          BOOST_REQUIRE(b.reader_pointer()[i] == static_cast<std::uint8_t>(read + i));
        b.consume(n);
        read += n;
        break;
      }
      default:
        if (next() & 1) b.compact(); else b.compact_if_useful();
    }
    BOOST_REQUIRE(b.valid());
    BOOST_REQUIRE(b.reader_position() == read);
    BOOST_REQUIRE(b.writer_position() == written);
  }
  BOOST_TEST(written > 1000u);
}

BOOST_AUTO_TEST_SUITE_END()
