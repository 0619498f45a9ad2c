// Test-only: weak stand-ins for the factories of algorithms built elsewhere (core/src/crc/),
// so that the md5/sha256/blake3 tests link hasher.cpp (Hasher::create, the saved-state
// framing) before those land. A real factory in sluice_core takes precedence; these are
// never called by the tests.
#include "core/src/hash/registry.hpp"

namespace sluice::detail {
#define SLUICE_WEAK_FACTORY(name) \
  __attribute__((weak)) std::unique_ptr<Hasher> name() { return nullptr; }
SLUICE_WEAK_FACTORY(make_crc32_hasher)
SLUICE_WEAK_FACTORY(make_crc32c_hasher)
SLUICE_WEAK_FACTORY(make_crc64_hasher)
SLUICE_WEAK_FACTORY(make_crc64nvme_hasher)
SLUICE_WEAK_FACTORY(make_xxh64_hasher)
SLUICE_WEAK_FACTORY(make_xxh3_hasher)
SLUICE_WEAK_FACTORY(make_xxh128_hasher)
#undef SLUICE_WEAK_FACTORY
}  // namespace sluice::detail
