# md5, sha256, blake3 against OpenSSL (libssl-dev, installed by scripts/setup --bench) and
# b3sum (run on a page-cached file given many times on one command line, so that its process
# start-up is amortised over many hashes; the start-up is also subtracted: hash_bench.cpp).
set(_hash_bench_src hash_bench.cpp)
get_target_property(_core_srcs sluice_core SOURCES)
if(NOT _core_srcs MATCHES "hash/hasher\\.cpp")
  # Until hasher.cpp joins sluice_core (with every algorithm's factory), link it here.
  list(APPEND _hash_bench_src "${PROJECT_SOURCE_DIR}/core/src/hash/hasher.cpp"
       "${PROJECT_SOURCE_DIR}/tests/core/hash_test_stubs.cpp")
endif()
add_sluice_bench(hash SOURCES ${_hash_bench_src} LIBS sluice::native)
target_include_directories(bench_hash PRIVATE "${PROJECT_SOURCE_DIR}" "${PROJECT_SOURCE_DIR}/core/src/hash")
find_package(OpenSSL COMPONENTS Crypto)
if(OpenSSL_FOUND)
  target_link_libraries(bench_hash PRIVATE OpenSSL::Crypto)
  target_compile_definitions(bench_hash PRIVATE SLUICE_BENCH_OPENSSL=1)
endif()
find_program(B3SUM_EXECUTABLE b3sum)
if(B3SUM_EXECUTABLE)
  target_compile_definitions(bench_hash PRIVATE "SLUICE_BENCH_B3SUM=\"${B3SUM_EXECUTABLE}\"")
endif()
if(TARGET sluice_cli)
  # The CLI against b3sum, process for process (hash/blake3_file/sluice-cli).
  add_dependencies(bench_hash sluice_cli)
  target_compile_definitions(bench_hash PRIVATE "SLUICE_BENCH_CLI=\"$<TARGET_FILE:sluice_cli>\"")
endif()
