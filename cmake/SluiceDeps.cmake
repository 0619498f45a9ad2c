# Third-party libraries: Debian's -dev packages natively; under Emscripten, the same libraries
# compiled from Debian's source packages with emcc, built once into a cache outside the
# source tree (SLUICE_WASM_DEPS_CACHE) and reused by every later build on the machine.
#
# Either way the result is the same set of imported targets:
#   sluice_dep::zstd  sluice_dep::lz4  sluice_dep::zlib  sluice_dep::bzip2  sluice_dep::xxhash
include_guard(GLOBAL)

# sluice_find_debian_src(<var> <glob>) — the directory scripts/setup unpacked Debian's source
# package into, e.g. "zlib-*" -> ${SLUICE_DEPS_SRC}/zlib-1.2.13.dfsg (the last match), or "" in
# <var> if there is none. Used for the wasm dependencies below and, natively, by tests/ (the
# wasm build's zlib as a test library under the sanitizers).
function(sluice_find_debian_src var glob)
  file(GLOB _dirs LIST_DIRECTORIES true "${SLUICE_DEPS_SRC}/${glob}")
  list(FILTER _dirs EXCLUDE REGEX "\\.(tar|dsc|asc)")
  set(_found "")
  foreach(_d IN LISTS _dirs)
    if(IS_DIRECTORY "${_d}")
      set(_found "${_d}")
    endif()
  endforeach()
  set(${var} "${_found}" PARENT_SCOPE)
endfunction()

if(NOT EMSCRIPTEN)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(sluice_zstd REQUIRED IMPORTED_TARGET GLOBAL libzstd)
  pkg_check_modules(sluice_lz4 REQUIRED IMPORTED_TARGET GLOBAL liblz4)
  pkg_check_modules(sluice_xxhash REQUIRED IMPORTED_TARGET GLOBAL libxxhash)
  pkg_check_modules(sluice_uring REQUIRED IMPORTED_TARGET GLOBAL liburing)   # native/ only
  find_package(ZLIB REQUIRED)
  find_package(BZip2 REQUIRED)
  add_library(sluice_dep::zstd ALIAS PkgConfig::sluice_zstd)
  add_library(sluice_dep::lz4 ALIAS PkgConfig::sluice_lz4)
  add_library(sluice_dep::xxhash ALIAS PkgConfig::sluice_xxhash)
  add_library(sluice_dep::uring ALIAS PkgConfig::sluice_uring)
  add_library(sluice_dep::zlib ALIAS ZLIB::ZLIB)
  add_library(sluice_dep::bzip2 ALIAS BZip2::BZip2)
  return()
endif()

# --- Emscripten ---------------------------------------------------------------------------
foreach(_pair "ZSTD;libzstd-*" "LZ4;lz4-*" "ZLIB;zlib-*" "BZIP2;bzip2-*" "XXHASH;xxhash-*")
  list(GET _pair 0 _var)
  list(GET _pair 1 _glob)
  sluice_find_debian_src(_found "${_glob}")
  if(NOT _found)
    message(FATAL_ERROR "No ${_glob} source directory in ${SLUICE_DEPS_SRC}. Run scripts/setup "
                        "first (it unpacks Debian's source packages there).")
  endif()
  set(SLUICE_SRC_${_var} "${_found}")
endforeach()

# The cache key covers everything that changes the built libraries: the source versions,
# the compiler, and the recipe itself.
# (Every file of wasm-deps/: the CMakeLists.txt and sluice's own sources it compiles in.)
file(GLOB _recipe_files "${CMAKE_CURRENT_LIST_DIR}/wasm-deps/*")
list(SORT _recipe_files)
set(_recipe "")
foreach(_f IN LISTS _recipe_files)
  file(READ "${_f}" _text)
  get_filename_component(_n "${_f}" NAME)
  string(APPEND _recipe "${_n};${_text};")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_f}")  # edits re-key
endforeach()
execute_process(COMMAND "${CMAKE_C_COMPILER}" --version OUTPUT_VARIABLE _ccv ERROR_QUIET)
string(SHA256 _key "${SLUICE_SRC_ZSTD};${SLUICE_SRC_LZ4};${SLUICE_SRC_ZLIB};${SLUICE_SRC_BZIP2};${SLUICE_SRC_XXHASH};${_ccv};${_recipe}")
string(SUBSTRING "${_key}" 0 16 _key)
set(_prefix "${SLUICE_WASM_DEPS_CACHE}/${_key}")

if(NOT EXISTS "${_prefix}/.complete")
  message(STATUS "sluice: building wasm dependencies into ${_prefix} (once per machine)")
  set(_bdir "${SLUICE_WASM_DEPS_CACHE}/build-${_key}")
  file(REMOVE_RECURSE "${_bdir}" "${_prefix}")
  execute_process(
    COMMAND "${CMAKE_COMMAND}" -S "${CMAKE_CURRENT_LIST_DIR}/wasm-deps" -B "${_bdir}" -G Ninja
            "-DCMAKE_TOOLCHAIN_FILE=${CMAKE_TOOLCHAIN_FILE}" -DCMAKE_BUILD_TYPE=Release
            "-DCMAKE_INSTALL_PREFIX=${_prefix}"
            "-DZSTD=${SLUICE_SRC_ZSTD}" "-DLZ4=${SLUICE_SRC_LZ4}" "-DZLIB=${SLUICE_SRC_ZLIB}"
            "-DBZIP2=${SLUICE_SRC_BZIP2}" "-DXXHASH=${SLUICE_SRC_XXHASH}"
    RESULT_VARIABLE _rc OUTPUT_QUIET)
  if(_rc EQUAL 0)
    execute_process(COMMAND "${CMAKE_COMMAND}" --build "${_bdir}" --target install
                    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  endif()
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "sluice: building the wasm dependencies failed:\n${_out}")
  endif()
  file(TOUCH "${_prefix}/.complete")
  file(REMOVE_RECURSE "${_bdir}")
endif()

foreach(_lib zstd lz4 zlib bzip2)
  add_library(sluice_dep::${_lib} STATIC IMPORTED GLOBAL)
  set_target_properties(sluice_dep::${_lib} PROPERTIES
    IMPORTED_LOCATION "${_prefix}/lib/lib${_lib}.a"
    INTERFACE_INCLUDE_DIRECTORIES "${_prefix}/include")
endforeach()
add_library(sluice_dep::xxhash INTERFACE IMPORTED GLOBAL)
set_target_properties(sluice_dep::xxhash PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${_prefix}/include")
