# md5, sha256, blake3 — included from core/CMakeLists.txt (paths relative to core/).
#
# One source file per instruction set, each compiled with its own flags (BLAKE3's c/ layout);
# the dispatcher (sha256.cpp, blake3.cpp) is compiled for the baseline and picks a kernel at
# run time from cpu::features(), the portable kernel always last.
target_sources(sluice_core PRIVATE
  src/hash/md5.cpp
  src/hash/sha256.cpp
  src/hash/blake3.cpp
  src/hash/blake3_portable.cpp
)

set(_sluice_hash_x86 OFF)
if(NOT EMSCRIPTEN AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$"
   AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set(_sluice_hash_x86 ON)
endif()

if(_sluice_hash_x86)
  target_sources(sluice_core PRIVATE
    src/hash/sha256_shani.cpp
    src/hash/blake3_sse41.cpp
    src/hash/blake3_avx2.cpp
    src/hash/blake3_avx512.cpp
  )
  set_source_files_properties(src/hash/sha256_shani.cpp PROPERTIES COMPILE_OPTIONS "-msse4.1;-msha")
  set_source_files_properties(src/hash/blake3_sse41.cpp PROPERTIES COMPILE_OPTIONS "-msse4.1")
  set_source_files_properties(src/hash/blake3_avx2.cpp PROPERTIES COMPILE_OPTIONS "-mavx2")
  set_source_files_properties(src/hash/blake3_avx512.cpp PROPERTIES
                              COMPILE_OPTIONS "-mavx512f;-mavx512vl;-mavx2")
  target_compile_definitions(sluice_core PRIVATE SLUICE_HASH_X86=1)
endif()

# WebAssembly: wasm/CMakeLists.txt builds sluice_core with -msimd128 (sluice.wasm) and a scalar
# twin without it (sluice-nosimd.wasm), and js/lib/wasm.mjs loads one by feature detection. The
# -msimd128 BLAKE3 and SHA-256 kernels are added here and recorded in SLUICE_WASM_SIMD_SOURCES /
# SLUICE_WASM_SIMD_DEFINITIONS so that the twin leaves it out: a module with any SIMD
# instruction fails to load in an engine without SIMD, so within the SIMD module the kernel is
# a constant choice (blake3.cpp, sha256.cpp).
if(EMSCRIPTEN)
  target_sources(sluice_core PRIVATE src/hash/blake3_simd128.cpp src/hash/sha256_simd128.cpp)
  target_compile_definitions(sluice_core PRIVATE SLUICE_HASH_WASM_SIMD=1)
  set_property(TARGET sluice_core APPEND PROPERTY SLUICE_WASM_SIMD_SOURCES
               src/hash/blake3_simd128.cpp src/hash/sha256_simd128.cpp)
  set_property(TARGET sluice_core APPEND PROPERTY SLUICE_WASM_SIMD_DEFINITIONS SLUICE_HASH_WASM_SIMD=1)
endif()
