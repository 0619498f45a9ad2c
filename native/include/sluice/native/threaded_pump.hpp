// sluice/native/threaded_pump.hpp — file descriptor -> one Transform -> Sink, with reading and
// writing on their own threads so that I/O overlaps the transform (as the zstd tool's
// asynchronous I/O does).
//
// Three threads: a reader fills fixed-size input blocks ahead from the descriptor (pread at
// the stream offset for files, read for pipes), the calling thread runs the transform from
// those blocks straight into output blocks (no staging copy: each block is the transform's
// src or dst io_buffer), and a writer hands full output blocks to the Sink. Blocks circulate
// through bounded queues, so memory is `in_blocks * in_block_bytes + out_blocks *
// out_block_bytes` whatever the stream length, and a slow side holds the others back.
//
// Semantics are the Pump's (sluice/pump.hpp) for a single transform:
//   * end_of_stream: the transform finished, every input byte was consumed, every output byte
//     was written, and Sink::finish() succeeded (FileSink publishes atomically there);
//   * an error (read error with errno, the transform's error, a write error, or input left
//     after the transform ended: corrupt "unexpected data after the end of the stream" at its
//     offset): both threads are stopped and joined, then Sink::abort() (FileSink unlinks its
//     temporary file). Nothing partial is published.
// A reader blocked on a pipe is woken through an eventfd when the job fails, so a failure never
// waits for a producer that sends nothing.
//
// The core stays thread-free: the transform runs on the calling thread only; the Sink is used
// by the writer thread only until it is joined, then by the calling thread (finish/abort).
#pragma once

#include <cstddef>

#include "sluice/pump.hpp"
#include "sluice/stage.hpp"

namespace sluice::native {

struct threaded_pump_options {
  std::size_t in_block_bytes = 1 << 20;   ///< each input block (a read fills it whole, files)
  std::size_t out_block_bytes = 1 << 20;  ///< each output block
  unsigned in_blocks = 3;                 ///< blocks in flight on the input side (>= 2)
  unsigned out_blocks = 3;                ///< blocks in flight on the output side (>= 2)
  PumpObserver* observer = nullptr;       ///< progress, on the calling thread; not owned
};

/// Runs `in_fd` (not owned; regular files are read with pread from offset 0, anything else
/// sequentially) through `t` into `sink`. Returns end_of_stream or the error.
status threaded_pump(int in_fd, Transform& t, Sink& sink, const threaded_pump_options& o = {});

}  // namespace sluice::native
