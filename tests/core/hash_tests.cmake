# md5, sha256, blake3 tests (included from tests/CMakeLists.txt, native builds).
#
# Each kernel's suite is registered once per CPU mask (STYLE.md practice 7): the same test
# executable runs with SLUICE_CPU_MASK forcing one kernel and SLUICE_EXPECT_KERNEL naming it;
# the forced_kernel case fails if another kernel was chosen, and the run is skipped (exit 77)
# on a CPU without that kernel's features. Inside every run, every_kernel_matches_portable
# also flips cpu::set_mask() through all kernels the CPU has.

function(_sluice_hash_test name src)
  add_sluice_test(${name} SOURCES ${src} LIBS ${ARGN})
  string(REPLACE "." "_" exe "test_${name}")
  target_include_directories(${exe} PRIVATE "${PROJECT_SOURCE_DIR}" "${PROJECT_SOURCE_DIR}/core/src/hash")
  target_compile_definitions(${exe} PRIVATE "SLUICE_VECTORS_DIR=\"${CMAKE_CURRENT_SOURCE_DIR}/vectors\"")
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$" AND NOT EMSCRIPTEN)
    target_compile_definitions(${exe} PRIVATE SLUICE_HASH_X86=1)
  endif()
endfunction()

_sluice_hash_test(core.md5 core/md5_test.cpp sluice::core)
_sluice_hash_test(core.sha256 core/sha256_test.cpp sluice::core)
_sluice_hash_test(core.blake3 core/blake3_test.cpp sluice::core)
_sluice_hash_test(native.blake3_mt core/blake3_mt_test.cpp sluice::native)

# One registration per kernel: name, SLUICE_CPU_MASK value, expected kernel.
function(_sluice_kernel_run exe algo kernel mask)
  add_test(NAME core.${algo}.${kernel}
           COMMAND ${exe} --log_level=test_suite --color_output=no)
  set_tests_properties(core.${algo}.${kernel} PROPERTIES
    SKIP_RETURN_CODE 77 TIMEOUT 600
    ENVIRONMENT "SLUICE_CPU_MASK=${mask};SLUICE_EXPECT_KERNEL=${kernel}")
endfunction()

_sluice_kernel_run(test_core_sha256 sha256 portable none)
_sluice_kernel_run(test_core_blake3 blake3 portable none)
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  _sluice_kernel_run(test_core_sha256 sha256 shani "sha,sse41,ssse3")
  _sluice_kernel_run(test_core_blake3 blake3 sse41 "sse41,ssse3")
  _sluice_kernel_run(test_core_blake3 blake3 avx2 "avx2,avx,sse41,ssse3")
  _sluice_kernel_run(test_core_blake3 blake3 avx512 "avx512f,avx512vl,avx2,avx,sse41,ssse3")
endif()

# The saved states of native Hashers, printed for the wasm build's JS test
# (js/test/hash-state-native.test.mjs), which runs this program when the native preset was
# built first (the wasm preset passes its path: SLUICE_NATIVE_HASH_STATE_DUMP).
add_executable(hash_state_dump core/hash_state_dump.cpp)
target_link_libraries(hash_state_dump PRIVATE sluice::core)
add_test(NAME core.hash_state_dump COMMAND hash_state_dump)
set_tests_properties(core.hash_state_dump PROPERTIES PASS_REGULAR_EXPRESSION "xxh128 1048583 [0-9a-f]+ [0-9a-f]+")
