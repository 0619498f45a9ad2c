# Bit reader/writer, NAL helpers, parameter sets — included from core/CMakeLists.txt
# (paths relative to core/).
#
# Start-code scanning has one file per instruction set, each compiled with only its own -m
# flags; nal.cpp dispatches on cpu::features() at each call, the portable kernel last. The
# x86 files are built only for x86-64 with GCC/Clang and never under Emscripten.
target_sources(sluice_core PRIVATE
  src/bits/bits.cpp
  src/bits/nal.cpp
  src/bits/nal_portable.cpp
  src/bits/probe.cpp
)
if(NOT EMSCRIPTEN AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$"
   AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  target_sources(sluice_core PRIVATE src/bits/nal_x86_sse2.cpp src/bits/nal_x86_avx2.cpp)
  set_source_files_properties(src/bits/nal_x86_sse2.cpp PROPERTIES COMPILE_OPTIONS "-msse2")
  set_source_files_properties(src/bits/nal_x86_avx2.cpp PROPERTIES COMPILE_OPTIONS "-mavx2")
  set_source_files_properties(
    src/bits/nal.cpp src/bits/nal_x86_sse2.cpp src/bits/nal_x86_avx2.cpp
    PROPERTIES COMPILE_DEFINITIONS "SLUICE_BITS_X86=1")
endif()
