#include "mapping_guard.hpp"

#include <signal.h>
#include <sys/mman.h>

#include <atomic>
#include <mutex>

namespace sluice::native {

namespace {

constexpr std::uintptr_t kPage = 4096;
constexpr int kSlots = 256;

// A slot's state: 0 free, 1 claimed (being filled or emptied), 2 active. The handler reads
// begin/end only of active slots: the acquire load of state == 2 sees the stores to
// begin/end made before the release store of 2.
struct slot {
  std::atomic<int> state{0};
  std::atomic<std::uintptr_t> begin{0}, end{0};
  std::atomic<std::uintptr_t> fault{0};  // 0, or the faulting page's address
};
slot g_slots[kSlots];
struct sigaction g_previous {};

void on_sigbus(int sig, siginfo_t* info, void* ctx) {
  // Only faults raised by the kernel on an access carry a meaningful si_addr.
  if (info && info->si_code > 0) {
    const auto addr = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (auto& s : g_slots) {
      if (s.state.load(std::memory_order_acquire) != 2) continue;
      const std::uintptr_t b = s.begin.load(std::memory_order_relaxed);
      const std::uintptr_t e = s.end.load(std::memory_order_relaxed);
      if (addr < b || addr >= e) continue;
      const std::uintptr_t page = addr & ~(kPage - 1);
      // mmap is a plain system call here (async-signal-safe in practice on Linux).
      void* r = ::mmap(reinterpret_cast<void*>(page), e - page, PROT_READ,
                       MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (r == MAP_FAILED) break;
      std::uintptr_t none = 0;
      s.fault.compare_exchange_strong(none, page, std::memory_order_relaxed);
      return;  // the access is retried and now reads zeros
    }
  }
  if ((g_previous.sa_flags & SA_SIGINFO) && g_previous.sa_sigaction) {
    g_previous.sa_sigaction(sig, info, ctx);
  } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
    g_previous.sa_handler(sig);
  } else {
    // Not ours: restore the default action; returning re-executes the access, which
    // faults again and ends the process as it would have without us.
    ::signal(SIGBUS, SIG_DFL);
  }
}

// Installs on_sigbus unless it is the current handler: checked for every guard, because a
// program (or a test framework, around each test) may install and later restore handlers of
// its own, which would silently drop ours. The handler replaced is kept to pass foreign
// faults on. The mutex keeps two threads from saving each other's on_sigbus as "previous".
void install() {
  static std::mutex m;
  std::lock_guard<std::mutex> lk(m);
  struct sigaction cur {};
  if (::sigaction(SIGBUS, nullptr, &cur) == 0 && (cur.sa_flags & SA_SIGINFO) &&
      cur.sa_sigaction == on_sigbus)
    return;
  struct sigaction sa {};
  sa.sa_sigaction = on_sigbus;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  struct sigaction prev {};
  if (::sigaction(SIGBUS, &sa, &prev) == 0) g_previous = prev;
}

}  // namespace

mapping_guard::mapping_guard(const void* base, std::size_t bytes) noexcept {
  install();
  for (int i = 0; i < kSlots; ++i) {
    int free_state = 0;
    if (!g_slots[i].state.compare_exchange_strong(free_state, 1, std::memory_order_acquire)) continue;
    const auto b = reinterpret_cast<std::uintptr_t>(base);
    g_slots[i].begin.store(b, std::memory_order_relaxed);
    g_slots[i].end.store((b + bytes + kPage - 1) & ~(kPage - 1), std::memory_order_relaxed);
    g_slots[i].fault.store(0, std::memory_order_relaxed);
    g_slots[i].state.store(2, std::memory_order_release);
    slot_ = i;
    return;
  }
}

mapping_guard::~mapping_guard() {
  if (slot_ < 0) return;
  g_slots[slot_].state.store(1, std::memory_order_relaxed);
  g_slots[slot_].state.store(0, std::memory_order_release);
}

bool mapping_guard::faulted() const noexcept {
  return slot_ >= 0 && g_slots[slot_].fault.load(std::memory_order_relaxed) != 0;
}

std::uint64_t mapping_guard::fault_offset() const noexcept {
  if (!faulted()) return 0;
  return g_slots[slot_].fault.load(std::memory_order_relaxed) -
         g_slots[slot_].begin.load(std::memory_order_relaxed);
}

}  // namespace sluice::native
