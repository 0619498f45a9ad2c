# zstd, lz4 (frame), gzip/zlib/deflate-raw, bzip2 — included from core/CMakeLists.txt
# (paths relative to core/). The same sources build natively (Debian's -dev packages) and
# under Emscripten (the libraries built from Debian's sources); see cmake/SluiceDeps.cmake.
target_sources(sluice_core PRIVATE
  src/codec/codec.cpp
  src/codec/zstd.cpp
  src/codec/lz4.cpp
  src/codec/zlib.cpp
  src/codec/bzip2.cpp
)
target_link_libraries(sluice_core PUBLIC sluice_dep::zstd sluice_dep::lz4 sluice_dep::zlib sluice_dep::bzip2)
