# Bit reader/writer, NAL helpers, parameter sets (included from tests/CMakeLists.txt).
add_sluice_test(core.bits SOURCES core/bits_test.cpp LIBS sluice::core)
# Parameter sets of clips generated at test time by ffmpeg (libx264/libx265), checked
# against ffprobe and against hand-built SPSs.
add_sluice_test(core.bits_probe SOURCES core/bits_probe_test.cpp LIBS sluice::core)

# The fuzz entry point replayed over the seed corpus and mutations of it (no libFuzzer
# needed; the real fuzzing is scripts/fuzz).
add_executable(test_core_bits_fuzz_replay fuzz/bits_fuzz.cpp fuzz/replay_main.cpp)
target_link_libraries(test_core_bits_fuzz_replay PRIVATE sluice::core)
target_compile_definitions(test_core_bits_fuzz_replay PRIVATE
  "SLUICE_FUZZ_CORPUS=\"${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus\"")
add_test(NAME core.bits_fuzz_replay COMMAND test_core_bits_fuzz_replay)
set_tests_properties(core.bits_fuzz_replay PROPERTIES TIMEOUT 300)

# `sluice probe` on ffmpeg-generated clips, compared with ffprobe.
if(TARGET sluice_cli)
  add_sluice_test(native.probe SOURCES native/probe_cli_test.cpp LIBS sluice::core)
  add_dependencies(test_native_probe sluice_cli)
endif()
