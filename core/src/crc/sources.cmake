# crc32, crc32c, crc64, crc64nvme, xxh64, xxh3, xxh128 — included from core/CMakeLists.txt
# (paths relative to core/).
#
# One source file per instruction set, each compiled with only its own -m flags; crc.cpp (the
# dispatcher) and the portable kernel are compiled for the baseline and choose a kernel at
# every call from cpu::features(), the portable kernel always last. The x86 files are built
# only for x86-64 with GCC/Clang and never under Emscripten.
target_sources(sluice_core PRIVATE
  src/hash/hasher.cpp          # the shared registry (Hasher::create, names, state framing)
  src/crc/crc.cpp
  src/crc/crc_portable.cpp
  src/crc/crc_hasher.cpp
  src/crc/xxh_hasher.cpp
)
# xxHash is header-only here (XXH_INLINE_ALL): take the include directory, not the library,
# so that nothing extra appears in sluice_core's link interface.
target_include_directories(sluice_core SYSTEM PRIVATE
  $<TARGET_PROPERTY:sluice_dep::xxhash,INTERFACE_INCLUDE_DIRECTORIES>)

set(_sluice_crc_x86 OFF)
if(NOT EMSCRIPTEN AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$"
   AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set(_sluice_crc_x86 ON)
endif()

if(_sluice_crc_x86)
  target_sources(sluice_core PRIVATE
    src/crc/crc_x86_pclmul.cpp
    src/crc/crc_x86_sse42.cpp
    src/crc/crc_x86_avx2.cpp
    src/crc/crc_x86_avx512.cpp
    src/crc/xxh3_x86_avx2.cpp
  )
  set_source_files_properties(src/crc/crc_x86_pclmul.cpp PROPERTIES
    COMPILE_OPTIONS "-mssse3;-msse4.1;-mpclmul")
  set_source_files_properties(src/crc/crc_x86_sse42.cpp PROPERTIES
    COMPILE_OPTIONS "-msse4.2;-mpclmul")
  set_source_files_properties(src/crc/crc_x86_avx2.cpp PROPERTIES
    COMPILE_OPTIONS "-mavx2;-mvpclmulqdq;-mpclmul;-msse4.2")
  # -Wno-maybe-uninitialized: GCC 12 warns about the _mm*_undefined_*()
  # pass-through operands inside its own AVX-512 intrinsics (GCC bug 105593).
  set_source_files_properties(src/crc/crc_x86_avx512.cpp PROPERTIES
    COMPILE_OPTIONS "-mavx512f;-mavx512bw;-mavx512vl;-mvpclmulqdq;-mpclmul;-msse4.2;-Wno-maybe-uninitialized")
  set_source_files_properties(src/crc/xxh3_x86_avx2.cpp PROPERTIES COMPILE_OPTIONS "-mavx2")
  # Only the CRC/xxHash files need the switch; a directory-wide define would be harmless too.
  set_source_files_properties(
    src/crc/crc.cpp src/crc/crc_portable.cpp src/crc/xxh_hasher.cpp
    src/crc/crc_x86_pclmul.cpp src/crc/crc_x86_sse42.cpp src/crc/crc_x86_avx2.cpp
    src/crc/crc_x86_avx512.cpp src/crc/xxh3_x86_avx2.cpp
    PROPERTIES COMPILE_DEFINITIONS "SLUICE_CRC_X86=1")
endif()

# WebAssembly (see also core/src/hash/sources.cmake): in the SIMD128 module, xxh_hasher.cpp is
# compiled with -msse2 as well, so that xxHash's own SSE2 path (XXH_VECTOR = XXH_SSE2, chosen
# from __SSE2__) is built from Emscripten's SSE2-on-SIMD128 headers. The scalar twin made by
# wasm/CMakeLists.txt does not see this per-directory source property.
# crc_math.hpp builds its folding constants in constexpr: clang 14 (emcc 3.1.6) stops at its
# default of 2^20 evaluation steps, so raise the limit for the whole library (the scalar twin
# copies target options).
# crc_wasm.cpp (slicing-by-16, no SIMD) is in both modules: SLUICE_CRC_WASM is a target
# definition, which the scalar twin copies.
if(EMSCRIPTEN)
  set_source_files_properties(src/crc/xxh_hasher.cpp PROPERTIES COMPILE_OPTIONS "-msimd128;-msse2")
  target_compile_options(sluice_core PRIVATE -fconstexpr-steps=50000000)
  target_sources(sluice_core PRIVATE src/crc/crc_wasm.cpp)
  target_compile_definitions(sluice_core PRIVATE SLUICE_CRC_WASM=1)
  # XXH3 with our SIMD128 accumulate/scramble: sluice.wasm only (the definition makes
  # xxh_hasher.cpp choose it; the scalar twin drops both, see core/src/hash/sources.cmake).
  target_sources(sluice_core PRIVATE src/crc/xxh3_simd128.cpp)
  target_compile_definitions(sluice_core PRIVATE SLUICE_XXH_WASM_SIMD=1)
  set_property(TARGET sluice_core APPEND PROPERTY SLUICE_WASM_SIMD_SOURCES src/crc/xxh3_simd128.cpp)
  set_property(TARGET sluice_core APPEND PROPERTY SLUICE_WASM_SIMD_DEFINITIONS SLUICE_XXH_WASM_SIMD=1)
endif()
