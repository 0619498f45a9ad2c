# Installs the build tree BIN into a temporary prefix, then builds tests/consumer against it
# twice — with find_package(sluice CONFIG) and with pkg-config — and runs both.
set(work "${BIN}/consumer-test")
file(REMOVE_RECURSE "${work}")
set(prefix "${work}/prefix")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "failed (${rc}): ${cmd}\n${out}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run("${CMAKE_COMMAND}" --install "${BIN}" --prefix "${prefix}")
# FLAGS: what the library was built with that its users must also link with (sanitizers).
run("${CMAKE_COMMAND}" -S "${SRC}" -B "${work}/build" -G "${GEN}" "-DCMAKE_PREFIX_PATH=${prefix}"
    "-DCMAKE_CXX_FLAGS=${FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${FLAGS}")
run("${CMAKE_COMMAND}" --build "${work}/build")

file(WRITE "${work}/in.txt" "installed package works\n")
run("${work}/build/consumer" "${work}/in.txt" "${work}/out.txt")
file(READ "${work}/out.txt" copied)
if(NOT copied STREQUAL "installed package works\n")
  message(FATAL_ERROR "consumer copied the wrong bytes: '${copied}'")
endif()
message(STATUS "find_package: ${last_output}")

# pkg-config: compile the same program with the flags sluice.pc gives.
find_program(PKGCONF pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} "${prefix}/lib/pkgconfig")
execute_process(COMMAND "${PKGCONF}" --cflags --libs sluice OUTPUT_VARIABLE flags
                RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config does not know sluice")
endif()
separate_arguments(flags UNIX_COMMAND "${flags} ${FLAGS}")
run(c++ "${SRC}/main.cpp" -o "${work}/consumer-pc" ${flags})
run("${work}/consumer-pc" "${work}/in.txt" "${work}/out2.txt")
file(READ "${work}/out2.txt" copied)
if(NOT copied STREQUAL "installed package works\n")
  message(FATAL_ERROR "pkg-config consumer copied the wrong bytes")
endif()
message(STATUS "pkg-config: ${last_output}")
file(REMOVE_RECURSE "${work}")
