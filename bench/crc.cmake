# CRC and xxHash benchmarks (included from bench/CMakeLists.txt). Anchors: zlib, libdeflate,
# ISA-L and libxxhash, from Debian's -dev packages (scripts/setup --bench installs them).
find_package(PkgConfig REQUIRED)
pkg_check_modules(sluice_bench_isal IMPORTED_TARGET libisal)
pkg_check_modules(sluice_bench_deflate IMPORTED_TARGET libdeflate)
if(TARGET PkgConfig::sluice_bench_isal AND TARGET PkgConfig::sluice_bench_deflate)
  add_sluice_bench(crc SOURCES crc_bench.cpp
    LIBS sluice::core sluice_dep::zlib sluice_dep::xxhash
         PkgConfig::sluice_bench_isal PkgConfig::sluice_bench_deflate)
else()
  message(STATUS "bench: crc benchmarks need libisal-dev and libdeflate-dev (scripts/setup --bench)")
endif()
