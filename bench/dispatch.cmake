# Per-call cost of run-time kernel dispatch on tiny inputs (included from bench/CMakeLists.txt).
add_sluice_bench(dispatch SOURCES dispatch_bench.cpp LIBS sluice::core)
