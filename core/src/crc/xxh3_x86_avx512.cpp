// XXH3 (streaming update and one-shots) with xxHash's AVX-512 code path (compiled with -mavx512f -mavx2).
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "xxh_kernels.hpp"

namespace sluice::detail::xxh {
static_assert(XXH_VECTOR == XXH_AVX512, "compile this file with -mavx512f");
void xxh3_update_avx512(void* state, const void* data, std::size_t size) noexcept {
  (void)XXH3_64bits_update(static_cast<XXH3_state_t*>(state), data, size);
}
std::uint64_t xxh3_64_avx512(const void* data, std::size_t size) noexcept {
  return XXH3_64bits(data, size);
}
void xxh3_128_avx512(const void* data, std::size_t size, std::uint64_t out[2]) noexcept {
  const XXH128_hash_t h = XXH3_128bits(data, size);
  out[0] = h.high64;
  out[1] = h.low64;
}
}  // namespace sluice::detail::xxh
