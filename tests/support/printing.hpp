// Lets Boost.Test print sluice values in failure messages.
#pragma once
#include <ostream>

#include "sluice/status.hpp"

namespace sluice {
inline std::ostream& operator<<(std::ostream& os, status_kind k) { return os << kind_name(k); }
inline std::ostream& operator<<(std::ostream& os, const status& s) {
  return os << kind_name(s.kind) << " (" << s.to_string() << ")";
}
}  // namespace sluice
