# Bit reader / NAL benchmarks (included from bench/CMakeLists.txt). Anchor: GStreamer's
# GstBitReader (gstreamer-base-1.0, libgstreamer1.0-dev: scripts/setup --bench), plus plain
# implementations written in the benchmark (a memchr start-code scanner, a bit-at-a-time
# Exp-Golomb reader) for context.
find_package(PkgConfig REQUIRED)
pkg_check_modules(sluice_bench_gstbase IMPORTED_TARGET gstreamer-base-1.0)
if(TARGET PkgConfig::sluice_bench_gstbase)
  add_sluice_bench(bits SOURCES bits_bench.cpp LIBS sluice::core PkgConfig::sluice_bench_gstbase)
else()
  message(STATUS "bench: bits benchmarks need libgstreamer1.0-dev (scripts/setup --bench)")
endif()
