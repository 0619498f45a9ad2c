// XXH3 streaming update with xxHash's AVX2 code path (this file is compiled with -mavx2).
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "xxh_kernels.hpp"

namespace sluice::detail::xxh {
static_assert(XXH_VECTOR == XXH_AVX2, "compile this file with -mavx2");
void xxh3_update_avx2(void* state, const void* data, std::size_t size) noexcept {
  (void)XXH3_64bits_update(static_cast<XXH3_state_t*>(state), data, size);
}
}  // namespace sluice::detail::xxh
