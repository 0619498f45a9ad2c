# CRC and xxHash tests — included from tests/CMakeLists.txt (native block).
#
# Each executable is registered once per CPU mask, so that every dispatched kernel runs here:
# SLUICE_CPU_MASK keeps only the listed features (core/include/sluice/cpu.hpp) and
# SLUICE_TEST_EXPECT names the kernel each algorithm must then choose (the test fails if the
# forced choice did not take effect). A mask naming a feature this CPU lacks makes the test
# exit 77, which ctest reports as skipped — never as a silent pass.
find_package(ZLIB REQUIRED)

set(_base "sse2,ssse3,sse41")
set(_crc_masks
  "portable|none|crc32=portable,crc32c=portable,crc64=portable,crc64nvme=portable"
  "pclmul|${_base},pclmul|crc32=pclmul,crc32c=pclmul,crc64=pclmul,crc64nvme=pclmul"
  "sse42|${_base},sse42,pclmul|crc32=pclmul,crc32c=sse42,crc64=pclmul,crc64nvme=pclmul"
  "vpclmul256|${_base},sse42,pclmul,avx,avx2,vpclmul|crc32=vpclmul256,crc32c=vpclmul256,crc64=vpclmul256,crc64nvme=vpclmul256"
  "vpclmul512|${_base},sse42,pclmul,avx,avx2,avx512f,avx512bw,avx512vl,vpclmul|crc32=vpclmul512,crc32c=vpclmul512,crc64=vpclmul512,crc64nvme=vpclmul512"
)
set(_xxh_masks
  "baseline|none|xxh64=scalar,xxh3=baseline,xxh128=baseline"
  "avx2|${_base},avx,avx2|xxh64=scalar,xxh3=avx2,xxh128=avx2"
)

add_sluice_test(core.crc SOURCES core/crc_test.cpp LIBS sluice::core ZLIB::ZLIB)
add_sluice_test(core.xxhash SOURCES core/xxh_test.cpp LIBS sluice::core)
foreach(_exe test_core_crc test_core_xxhash)
  target_include_directories(${_exe} PRIVATE "${PROJECT_SOURCE_DIR}/core/src")
  target_compile_definitions(${_exe} PRIVATE
    "SLUICE_TEST_VECTORS_DIR=\"${CMAKE_CURRENT_SOURCE_DIR}/vectors\"")
endforeach()
# add_sluice_test registered one unmasked run each (whatever this CPU does best); add the masks.
set_tests_properties(core.crc core.xxhash PROPERTIES ENVIRONMENT "SLUICE_CPU_MASK=all")

function(_sluice_masked_runs test exe)
  foreach(_m IN LISTS ARGN)
    string(REPLACE "|" ";" _parts "${_m}")
    list(GET _parts 0 _name)
    list(GET _parts 1 _mask)
    list(GET _parts 2 _expect)
    add_test(NAME ${test}.${_name} COMMAND ${exe} --log_level=test_suite --color_output=no)
    set_tests_properties(${test}.${_name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600
      ENVIRONMENT "SLUICE_CPU_MASK=${_mask};SLUICE_TEST_EXPECT=${_expect}")
  endforeach()
endfunction()
_sluice_masked_runs(core.crc test_core_crc ${_crc_masks})
_sluice_masked_runs(core.xxhash test_core_xxhash ${_xxh_masks})

# The registry over all ten algorithms.
add_sluice_test(core.hasher_registry SOURCES core/hasher_registry_test.cpp LIBS sluice::core)
target_compile_definitions(test_core_hasher_registry PRIVATE
  "SLUICE_TEST_VECTORS_DIR=\"${CMAKE_CURRENT_SOURCE_DIR}/vectors\"")
