# sluice_add_zlib_wide(<target> <zlib source dir>) — a static zlib built from Debian's unpacked
# source with zlib's inffast.c replaced by sluice's own inflate_fast() (inffast_wide.c, beside
# this file). The one list of zlib's sources for both of its uses:
#   - cmake/wasm-deps/CMakeLists.txt: the WebAssembly build's zlib;
#   - tests/CMakeLists.txt (native, asan): a test library only, so inffast_wide.c also runs under
#     AddressSanitizer + UBSan (native sluice itself links Debian's libz).
# Part of wasm-deps/, so it is in the wasm dependency cache key like the rest of the recipe.
function(sluice_add_zlib_wide target zlib)
  set(zn adler32 compress crc32 deflate gzclose gzlib gzread gzwrite infback inflate
         inftrees trees uncompr zutil)
  list(TRANSFORM zn PREPEND "${zlib}/")
  list(TRANSFORM zn APPEND ".c")
  add_library(${target} STATIC ${zn} "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/inffast_wide.c")
  # Exactly one inflate_fast(): zlib's inffast.c must not be built in.
  get_target_property(_srcs ${target} SOURCES)
  list(FILTER _srcs INCLUDE REGEX "/inffast\\.c$")
  if(_srcs)
    message(FATAL_ERROR "sluice_add_zlib_wide: zlib's inffast.c is in ${target}'s sources")
  endif()
  target_compile_definitions(${target} PRIVATE HAVE_UNISTD_H HAVE_STDARG_H)
  # zlib.h/zconf.h of the same source (its other headers are zlib-internal names only).
  target_include_directories(${target} PUBLIC "${zlib}")
endfunction()
