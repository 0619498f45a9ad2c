# Codecs: sluice's Transform vs the same library driven through its own streaming API.
add_sluice_bench(codec SOURCES codec_bench.cpp LIBS sluice::core)
