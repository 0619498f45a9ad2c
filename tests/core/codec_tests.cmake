# Codec tests (included from tests/CMakeLists.txt, native block).
#   core.codec          round trips over the read/write grid, errors, limits, options
#   core.codec_interop  our streams vs the real zstd, lz4, gzip, bzip2 tools and python3
#   native.codec_cli    `sluice compress` / `sluice decompress`
add_sluice_test(core.codec SOURCES core/codec_test.cpp LIBS sluice::core)
add_sluice_test(core.codec_interop SOURCES core/codec_interop_test.cpp LIBS sluice::core)
if(TARGET sluice_cli)
  add_sluice_test(native.codec_cli SOURCES native/codec_cli_test.cpp LIBS sluice::core)
  add_dependencies(test_native_codec_cli sluice_cli)
endif()
