// SIGBUS guard for reading file mappings (private to sluice::native).
//
// Reading a page of a MAP_SHARED/MAP_PRIVATE file mapping that lies beyond the file's end —
// the file was truncated after it was mapped — raises SIGBUS, which kills the process. While
// a mapping_guard is alive, a SIGBUS at an address inside its range is absorbed: the
// handler maps zero-filled anonymous pages over the rest of the range (from the faulting
// page on), records the faulting offset and returns, so the reader carries on over zeros
// and then learns from faulted() that its bytes are not the file's. Faults elsewhere go to
// the handler that was installed before (or the default action: the process dies as it
// would have without sluice).
//
// The handler is process-wide (sigaction(SIGBUS)), installed when a guard is created
// unless it is already the current one (so a handler installed since by the program is
// chained to, not lost); a foreign fault goes to the handler it replaced. A handler the
// program installs while a guard is alive takes the guard's faults. Up to 256 guards may be alive at once; when none is free, registered() is false and
// the caller must not map (it reads instead).
#pragma once

#include <cstddef>
#include <cstdint>

namespace sluice::native {

class mapping_guard {
 public:
  /// Guards [base, base + bytes); base must be page-aligned (an mmap result).
  mapping_guard(const void* base, std::size_t bytes) noexcept;
  ~mapping_guard();
  mapping_guard(const mapping_guard&) = delete;
  mapping_guard& operator=(const mapping_guard&) = delete;

  bool registered() const noexcept { return slot_ >= 0; }
  /// True once a SIGBUS inside the range was absorbed (the bytes from fault_offset() on
  /// read as zeros).
  bool faulted() const noexcept;
  /// Offset from base of the first absorbed fault's page.
  std::uint64_t fault_offset() const noexcept;

 private:
  int slot_ = -1;
};

}  // namespace sluice::native
